"""Issue 6's acceptance case through the REAL pipeline: ingesting the seed article with the
rule "RUS-PRK, COOPERATE or AID, any factuality" fires exactly one alert per matching
real-world event to a real local webhook and a real local SMTP server (STARTTLS), with the
evidence sentences; a second article reporting the rifle gift adds a source, fires nothing.

(tests/test_watch_engine.py pins the same behaviour on hand-coded events, independent of
how the coding stages evolve.)
"""

from __future__ import annotations

from datetime import date

import test_watch_kit as kit
from eventwatch.ingest import ingest
from eventwatch.store import open_store
from eventwatch.watch.engine import would_fire
from eventwatch.watch.hooks import watching
from eventwatch.watch.notify.webhook import verify_signature
from eventwatch.watch.rules import Rule
from eventwatch.watch.rulestore import add_rule, list_alerts
from test_watch_kit import SECOND_REPORT, SEED

webhook, smtp_server = kit.webhook, kit.smtp_server  # fixtures


def test_seed_through_the_pipeline_alerts_once_per_real_world_event(
    tmp_path, webhook, smtp_server, monkeypatch
):
    monkeypatch.setenv("HOOK_SECRET", "s")
    rule = Rule.from_dict(
        {
            "name": "RUS-PRK cooperation",
            "conditions": {
                "dyad": ["RUS", "PRK"],
                "event_types": ["COOPERATE", "AID"],
                "factuality": ["any"],
            },
            "notifiers": [
                {"kind": "webhook", "url": webhook.url, "secret_env": "HOOK_SECRET"},
                {"kind": "email", "to": ["desk@eventwatch.test"]},
            ],
        }
    )
    second = tmp_path / "second.txt"
    second.write_text(SECOND_REPORT, encoding="utf-8")
    with open_store(str(tmp_path / "seed.db")) as store:
        add_rule(store, rule)
        with watching(store) as hooks:
            report = ingest(
                [str(SEED)],
                store,
                published=date(2023, 9, 13),
                source="Seed Wire",
                progress=False,
                on_stored=hooks,
            )
        assert report.ok
        hits = would_fire(store, rule)
        clusters = {h.cluster_id for h in hits}
        alerts = list_alerts(store)
        # the gifts at least: Putin -> Kim (rifle) and Kim -> Putin (firearm) are two events
        assert len(clusters) >= 2
        assert len(alerts) == len(clusters)
        posts = webhook.wait_for(len(alerts))
        mails = smtp_server.wait_for(len(alerts))
        assert len(posts) == len(alerts) and len(mails) == len(alerts)
        assert all(
            verify_signature("s", p.body, p.headers["X-Eventwatch-Signature"]) for p in posts
        )
        sentences = [e["sentence"] for p in posts for e in p.json()["evidence"]]
        text = store.get_article(hits[0].article_id).text
        assert all(s in text for s in sentences)
        mail_text = "\n".join(m.get_payload() for m in mails)
        assert any("rifle" in s for s in sentences) and "rifle" in mail_text
        assert any("firearm" in s for s in sentences)

        with watching(store) as hooks:
            again = ingest(
                [str(second)],
                store,
                published=date(2023, 9, 14),
                source="Other Daily",
                progress=False,
                on_stored=hooks,
            )
        assert again.ok
        after = list_alerts(store)
        assert len(after) == len(alerts)  # nothing new fired
        assert len(webhook.requests) == len(alerts) and len(smtp_server.messages) == len(alerts)
        joined = [a for a in after if any(s["source"] == "Other Daily" for s in a["sources"])]
        assert joined and all(a["num_sources"] == 2 for a in joined)
        rifle = [
            a
            for a in joined
            if any("rifle" in s["sentence"] for s in a["sources"] if s["source"] == "Seed Wire")
        ]
        assert len(rifle) == 1  # the second outlet's rifle report joined the seed's rifle alert
        assert any(
            "Russian-made rifle" in s["sentence"]
            for s in rifle[0]["sources"]
            if s["source"] == "Other Daily"
        )
