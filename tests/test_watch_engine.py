"""The watch engine end to end: seed article -> store -> on_stored hook -> one alert per
real-world event -> a real webhook and a real SMTP server; a second report joins, fires nothing.

The seed events are coded by hand (tests/test_watch_kit.py) and go through the same
Store.add_article + on_stored path that `eventwatch.ingest` uses.
"""

from __future__ import annotations

import json

import pytest

import test_watch_kit as kit
from eventwatch.store import open_store
from eventwatch.watch import outbox
from eventwatch.watch.engine import Watcher, would_fire
from eventwatch.watch.notify.webhook import verify_signature
from eventwatch.watch.rules import Rule
from eventwatch.watch.rulestore import add_rule, list_alerts
from test_watch_kit import (
    KIM,
    PUTIN,
    VOSTOCHNY,
    event_in,
    second_article,
    second_events,
    seed_article,
    seed_events,
)

webhook, smtp_server = kit.webhook, kit.smtp_server  # fixtures

SECRET = "hook-secret-for-tests"


def store_and_watch(store, watcher, article, events):
    ids = store.add_article(article, events)
    assert ids is not None
    return watcher(store, article, ids)


@pytest.fixture
def store(db_url):
    """A fresh store on SQLite, then on PostgreSQL (conftest's `db_url`)."""
    with open_store(db_url) as st:
        yield st


def rus_prk_rule(notifiers):
    return Rule.from_dict(
        {
            "name": "rus-prk cooperation",
            "conditions": {
                "dyad": ["RUS", "PRK"],
                "event_types": ["COOPERATE", "AID"],
                "factuality": ["any"],
            },
            "notifiers": notifiers,
        }
    )


def test_seed_fires_one_alert_per_real_world_event_to_webhook_and_smtp(
    store, webhook, smtp_server, monkeypatch
):
    monkeypatch.setenv("HOOK_SECRET", SECRET)
    add_rule(
        store,
        rus_prk_rule(
            [
                {"kind": "webhook", "url": webhook.url, "secret_env": "HOOK_SECRET"},
                {"kind": "email", "to": ["desk@eventwatch.test"]},
            ]
        ),
    )
    watcher = Watcher(store)
    art = seed_article()
    out = store_and_watch(store, watcher, art, seed_events(art))
    # two AID events: Putin -> Kim (rifle) and Kim -> Putin (firearm); CONSULTs don't match
    assert len(out.fired) == 2 and not out.joined
    result = outbox.drain(store)
    assert (result.sent, result.retried, result.dead) == (4, 0, 0)

    hooks = webhook.wait_for(2)
    assert len(hooks) == 2
    sentences = set()
    for req in hooks:
        assert verify_signature(SECRET, req.body, req.headers["X-Eventwatch-Signature"])
        body = req.json()
        assert body["rule"] == "rus-prk cooperation"
        (ev,) = body["evidence"]
        assert art.text[ev["start"] : ev["end"]] == ev["sentence"]
        sentences.add(ev["sentence"])
    assert any("Russian-made rifle" in s for s in sentences)
    assert any(
        "Kim bestowed upon Putin a North Korean-manufactured firearm" in s for s in sentences
    )

    mails = smtp_server.wait_for(2)
    assert len(mails) == 2 and all(smtp_server.tls_sessions)
    bodies = "\n".join(m.get_payload() for m in mails)
    assert "Putin offered Kim a high-quality Russian-made rifle" in bodies
    assert all(m["Subject"].startswith("[eventwatch] rus-prk cooperation") for m in mails)

    # a second outlet reports the rifle gift: it joins the alert, nothing new is sent
    art2 = second_article()
    out2 = store_and_watch(store, watcher, art2, second_events(art2))
    assert out2.fired == [] and len(out2.joined) == 1
    assert outbox.drain(store).sent == 0
    assert len(webhook.requests) == 2 and len(smtp_server.messages) == 2

    alerts = {a["id"]: a for a in list_alerts(store)}
    joined = alerts[out2.joined[0]]
    assert joined["num_sources"] == 2
    assert [s["article_id"] for s in joined["sources"]] == [art.id, art2.id]
    stored = store.get_event(second_events(art2)[0].id)
    assert (stored.num_mentions, stored.num_articles, stored.num_sources) == (2, 2, 2)
    first = store.get_event(seed_events(art)[1].id)
    assert first.cluster_id == stored.cluster_id and first.num_sources == 2


def test_symmetric_consult_groups_either_direction_but_aid_does_not(store):
    add_rule(store, Rule.from_dict({"name": "any", "conditions": {"dyad": ["RUS", "PRK"]}}))
    w = Watcher(store)
    art = seed_article()
    meet = event_in(art, "exchanged gifts during their rendezvous", "rendezvous", "CONSULT")
    store_and_watch(store, w, art, [meet])
    art2 = second_article()
    back = event_in(
        art2, "Kim gave Putin", "gave", "CONSULT", source=KIM, target=PUTIN, day="2023-09-14"
    )
    aid_back = event_in(art2, "Kim gave Putin", "gave", "AID", source=KIM, target=PUTIN)
    out = store_and_watch(store, w, art2, [back, aid_back])
    assert len(out.joined) == 1  # the CONSULT, reversed and a day later, is the same meeting
    assert len(out.fired) == 1  # Kim -> Putin AID is its own event


def test_window_and_place_split_real_world_events(store):
    from eventwatch.records import Place

    add_rule(store, Rule.from_dict({"name": "meet", "conditions": {"event_types": ["CONSULT"]}}))
    w = Watcher(store)
    art = seed_article()
    store_and_watch(
        store, w, art, [event_in(art, "exchanged gifts", "rendezvous", "CONSULT", place=VOSTOCHNY)]
    )
    art2 = second_article()
    far_later = event_in(
        art2, "gave North Korean", "gave", "CONSULT", day="2023-09-20", place=VOSTOCHNY
    )
    pyongyang = Place(text="Pyongyang", name="Pyongyang", country="PRK", lat=39.03, lon=125.75)
    elsewhere = event_in(
        art2, "Kim gave Putin", "gave", "CONSULT", day="2023-09-13", place=pyongyang
    )
    out = store_and_watch(store, w, art2, [far_later, elsewhere])
    assert len(out.fired) == 2 and out.joined == []


def test_restart_does_not_refire(store, tmp_path):
    add_rule(store, rus_prk_rule([{"kind": "jsonl", "path": str(tmp_path / "alerts.jsonl")}]))
    art = seed_article()
    ids = store.add_article(art, seed_events(art))
    first = Watcher(store)(store, art, ids)
    again = Watcher(store)(store, art, ids)  # e.g. a crash after the commit, then a replay
    assert len(first.fired) == 2 and again.fired == []
    outbox.drain(store)
    lines = (tmp_path / "alerts.jsonl").read_text().splitlines()
    assert len(lines) == 2 and all("evidence" in json.loads(x) for x in lines)


def test_would_fire_lists_matching_stored_events(store):
    art = seed_article()
    store.add_article(art, seed_events(art))
    rule = rus_prk_rule([])
    hits = would_fire(store, rule)
    assert sorted(h.event.evidence.trigger for h in hits) == ["bestowed", "offered"]
    planned = Rule.from_dict({"name": "p", "conditions": {"factuality": ["planned"]}})
    assert [h.event.evidence.trigger for h in would_fire(store, planned)] == ["send"]


def test_spike_rule_fires_once_per_window(store):
    from datetime import date, timedelta

    from eventwatch.records import Article

    add_rule(
        store,
        Rule.from_dict(
            {
                "name": "surge",
                "conditions": {
                    "dyad": ["RUS", "PRK"],
                    "spike": {"by": "day", "baseline": 5, "sd": 2},
                },
            }
        ),
    )
    w = Watcher(store)
    fired = []
    start = date(2023, 9, 1)
    # one report a day for five days, then five on the sixth day
    plan = [(start + timedelta(days=i), 1) for i in range(5)] + [(start + timedelta(days=5), 5)]
    n = 0
    for day, k in plan:
        for _ in range(k):
            n += 1
            art = Article(
                text=f"Putin met Kim Jong Un again, report {n}.",
                title=f"r{n}",
                published=day,
                source=f"outlet{n}",
            )
            ev = event_in(art, "Putin met", "met", "CONSULT", day=day.isoformat())
            fired += store_and_watch(store, w, art, [ev]).fired
    assert len(fired) == 1
    (alert,) = list_alerts(store)
    assert alert["kind"] == "spike" and "2023-09-06" in alert["summary"]


def test_catch_up_watches_what_was_stored_unwatched_and_only_once(store):
    from eventwatch.watch.engine import catch_up

    add_rule(store, rus_prk_rule([]))
    art = seed_article()
    store.add_article(art, seed_events(art))  # stored, hook never ran (e.g. killed)
    art2 = second_article()
    store.add_article(art2, second_events(art2))
    first = catch_up(store)
    assert len(first.clusters) == 5 and len(first.fired) == 2 and len(first.joined) == 1
    again = catch_up(store)
    assert again.clusters == {} and again.fired == []
    assert len(list_alerts(store)) == 2


def test_watch_migration_downgrades_and_reapplies(tmp_path):
    from alembic import command
    from sqlalchemy import inspect

    from eventwatch.store.migrate import alembic_config

    watch_tables = {
        "rules",
        "clusters",
        "alerts",
        "alert_sources",
        "outbox",
        "dead_letters",
        "api_keys",
        "feed_state",
        "feed_items",
    }
    with open_store(str(tmp_path / "m.db")) as st:
        assert watch_tables <= set(inspect(st.engine).get_table_names())
        cfg = alembic_config()
        with st.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0001_core")
        left = set(inspect(st.engine).get_table_names())
        assert not watch_tables & left and "events" in left
        with st.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "heads")
        assert watch_tables <= set(inspect(st.engine).get_table_names())


def test_long_unresolved_actors_and_outlet_fit_their_columns(store):
    """PostgreSQL enforces the 200-character dyad and outlet columns that SQLite ignores: an
    event between two long phrases without a country, from an outlet with a long name, is
    stored and grouped on both."""
    art = seed_article()
    art.source = "The Evening Chronicle of the Lower Valley and Its Neighbouring Districts " * 4
    long_a = ("a coalition of local farmers' cooperatives and their " * 4).strip()
    long_b = ("the regional association of independent grain traders and millers " * 3).strip()
    ev = event_in(
        art,
        "Putin offered Kim a high-quality Russian-made rifle",
        "offered",
        "AID",
        source=(long_a, None),
        target=(long_b, None),
    )
    out = store_and_watch(store, Watcher(store), art, [ev])
    (cluster,) = set(out.clusters.values())
    assert cluster
    stored = store.get_event(ev.id)
    assert stored is not None and stored.article_source == art.source[:200]
