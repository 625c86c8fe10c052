"""Exactly-once delivery as a receiver sees it: two `eventwatch watch deliver` processes drain
one store at the same time and a local receiver counts the POSTs; `deliver` drains until
nothing is due (not 100 at most), and stops at `--limit`."""

from __future__ import annotations

import collections
import http.server
import os
import subprocess
import sys
import threading

import pytest

from eventwatch.store import open_store
from eventwatch.watch import outbox
from eventwatch.watch.schema import OutboxRow

CLI = "import sys; from eventwatch.cli import main; sys.exit(main())"


class Receiver:
    def __init__(self) -> None:
        self.keys: collections.Counter[str] = collections.Counter()
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with outer.lock:
                    outer.keys[self.headers.get("Idempotency-Key") or "?"] += 1
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def fill(db: str, url: str, n: int) -> None:
    with open_store(db) as store, store.session() as s:
        for i in range(n):
            outbox.enqueue(
                s, i + 1, [{"kind": "webhook", "url": url}], {"alert_id": i + 1, "summary": "x"}
            )


def deliver(db: str, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, EVENTWATCH_ALLOW_PRIVATE_URLS="1")  # the receiver is on 127.0.0.1
    return subprocess.Popen(
        [sys.executable, "-c", CLI, "--db", db, "watch", "deliver", *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_concurrent_drainers_send_each_alert_exactly_once(tmp_path, receiver):
    db = str(tmp_path / "o.db")
    fill(db, receiver.url, 100)
    procs = [deliver(db), deliver(db)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert len(receiver.keys) == 100
    assert set(receiver.keys.values()) == {1}  # no alert went out twice
    sent = [int(err.split(" sent")[0]) for _, err in outs]
    assert sum(sent) == 100
    with open_store(db) as store, store.session() as s:
        assert {r.status for r in s.query(OutboxRow)} == {"sent"}


def test_deliver_drains_everything_due_and_stops_at_limit(tmp_path, receiver):
    db = str(tmp_path / "d.db")
    fill(db, receiver.url, 130)
    first = deliver(db, "--limit", "20")
    _, err = first.communicate(timeout=120)
    assert first.returncode == 0 and err.strip() == (
        "20 sent, 0 to retry, 0 dead, 110 still due (run again)"
    )
    rest = deliver(db)
    _, err = rest.communicate(timeout=120)
    assert err.strip() == "110 sent, 0 to retry, 0 dead"  # more than 100 in one run
    assert len(receiver.keys) == 130 and set(receiver.keys.values()) == {1}


def test_a_claim_taken_by_another_drainer_is_not_taken_again(tmp_path):
    """The claiming UPDATE repeats the due rule: a row just marked `sending` is not due."""
    with open_store(str(tmp_path / "c.db")) as store:
        with store.session() as s:
            outbox.enqueue(s, 1, [{"kind": "jsonl", "path": str(tmp_path / "a")}], {})
        first = outbox._claim_one(store, outbox._now())
        assert first is not None
        assert outbox._claim_one(store, outbox._now()) is None


def test_the_idempotency_key_is_stable_across_retries(tmp_path, monkeypatch, receiver):
    seen: list[str] = []

    def fail_then_ok(spec, payload):
        seen.append(payload["idempotency_key"])
        if len(seen) == 1:
            from eventwatch.errors import E, EventwatchError

            raise EventwatchError(E.NOTIFY_FAILED, channel="test", reason="down")

    monkeypatch.setattr(outbox.notify, "deliver", fail_then_ok)
    with open_store(str(tmp_path / "k.db")) as store:
        with store.session() as s:
            outbox.enqueue(s, 7, [{"kind": "webhook", "url": receiver.url}] * 2, {})
        first = outbox.drain(store, base_delay=0)
        assert (first.sent, first.retried) == (1, 1)
        assert outbox.drain(store, base_delay=0).sent == 1
    assert seen[0] == seen[2] != seen[1]  # a retry repeats its key; another row has its own
