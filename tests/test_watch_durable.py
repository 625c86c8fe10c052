"""The watch step survives kill -9: a process killed right after an article's commit, before
its watch step, leaves a `watch_pending` record (written in the same transaction); the next
`eventwatch ingest` finishes the step (grouping, alert, notification) without a manual
`watch catch-up`, once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

from eventwatch.records import Article
from eventwatch.store import open_store
from eventwatch.watch.engine import finish_pending
from eventwatch.watch.pending import pending_articles, register
from eventwatch.watch.rules import Rule
from eventwatch.watch.rulestore import add_rule, list_alerts
from test_watch_kit import seed_article, seed_events

CLI = "import sys; from eventwatch.cli import main; sys.exit(main())"

# stores the seed article with the watch wired in as `eventwatch ingest` does, and is killed
# (SIGKILL: no cleanup of any kind) between the article's commit and its watch step
KILLED_AFTER_COMMIT = """
import os, signal, sys
sys.path.insert(0, {tests!r})
from eventwatch.records import Article
from eventwatch.store import open_store
from eventwatch.watch.hooks import watching
from test_watch_kit import seed_article, seed_events

with open_store({db!r}) as store, watching(store) as hooks:
    art = seed_article()
    ids = store.add_article(art, seed_events(art))
    os.kill(os.getpid(), signal.SIGKILL)
    for hook in hooks:
        hook(store, art, ids)
"""


def test_kill_9_between_commit_and_watch_step_is_finished_by_the_next_ingest(tmp_path):
    db = str(tmp_path / "k.db")
    alerts_file = tmp_path / "alerts.jsonl"
    with open_store(db) as store:
        add_rule(
            store,
            Rule.from_dict(
                {
                    "name": "aid",
                    "conditions": {"event_types": ["AID"]},
                    "notifiers": [{"kind": "jsonl", "path": str(alerts_file)}],
                }
            ),
        )
    tests = os.path.dirname(__file__)
    script = KILLED_AFTER_COMMIT.format(tests=tests, db=db)
    killed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    with open_store(db) as store:
        assert store.count_articles() == 1
        assert all(e.cluster_id is None for e in store.list_events())
        assert len(pending_articles(store)) == 1 and list_alerts(store) == []

    nothing = tmp_path / "nothing-new.txt"  # the next run has no article of its own to store
    run = subprocess.run(
        [sys.executable, "-c", CLI, "--db", db, "ingest", str(nothing), "--no-progress"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1 and "E001" in run.stderr  # the missing file, and nothing else
    with open_store(db) as store:
        assert pending_articles(store) == []
        assert all(e.cluster_id for e in store.list_events())
        alerts = list_alerts(store)  # the seed's two gifts: two real-world AID events
        assert len(alerts) == 2 and {a["rule"] for a in alerts} == {"aid"}
        assert finish_pending(store).clusters == {}  # done once: nothing left to do
    lines = alerts_file.read_text().splitlines()
    assert len(lines) == 2 and {json.loads(x)["rule"] for x in lines} == {"aid"}


def test_the_record_is_in_the_articles_transaction_and_cleared_by_the_watch_step(tmp_path):
    from eventwatch.watch.engine import Watcher

    with open_store(str(tmp_path / "t.db")) as store:
        register(store)
        art = seed_article()
        ids = store.add_article(art, seed_events(art))
        assert pending_articles(store) == [art.id]
        Watcher(store)(store, art, ids)
        assert pending_articles(store) == []
        quiet = Article(text="Nothing happened in the town today.", title="Quiet", origin="q")
        assert store.add_article(quiet, []) == []
        assert pending_articles(store) == []  # no events: no watch step to wait for
