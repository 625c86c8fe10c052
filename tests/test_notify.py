"""Notification delivery: retries with backoff, dead letters, the background worker, the
signature, and the one-line errors of each channel. Real servers on 127.0.0.1."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

import test_watch_kit as kit
from eventwatch.errors import EventwatchError
from eventwatch.store import open_store
from eventwatch.watch import outbox
from eventwatch.watch.engine import Watcher
from eventwatch.watch.notify import deliver
from eventwatch.watch.notify.webhook import sign, verify_signature
from eventwatch.watch.rules import Rule
from eventwatch.watch.rulestore import add_rule
from eventwatch.watch.schema import DeadLetterRow, OutboxRow

webhook, smtp_server = kit.webhook, kit.smtp_server  # fixtures


@pytest.fixture(autouse=True)
def local_receivers_allowed(monkeypatch):
    """Every server here is on 127.0.0.1, which webhooks reach only when allowed."""
    monkeypatch.setenv("EVENTWATCH_ALLOW_PRIVATE_URLS", "1")


@pytest.fixture
def store(tmp_path):
    with open_store(str(tmp_path / "n.db")) as st:
        yield st


def fire_one(store, notifiers):
    add_rule(
        store,
        Rule.from_dict(
            {"name": "aid", "conditions": {"event_types": ["AID"]}, "notifiers": notifiers}
        ),
    )
    art = kit.seed_article()
    ev = kit.seed_events(art)[1]
    ids = store.add_article(art, [ev])
    return Watcher(store)(store, art, ids)


def test_webhook_retries_with_backoff_then_delivers(store, webhook):
    """Clock passed in, so the test does not depend on how fast the machine is."""
    from datetime import timedelta

    def next_attempt():
        with store.session() as s:
            (row,) = s.scalars(select(OutboxRow)).all()
            return row.next_attempt_at

    webhook.fail_next = 2
    fire_one(store, [{"kind": "webhook", "url": webhook.url}])
    t0 = datetime.now(UTC).replace(tzinfo=None)
    assert outbox.drain(store, base_delay=60).retried == 1
    first_retry = next_attempt()
    assert timedelta(seconds=59) < first_retry - t0 < timedelta(seconds=70)
    assert outbox.drain(store, base_delay=60) == outbox.DrainResult()  # not due yet
    assert outbox.drain(store, base_delay=60, now=first_retry).retried == 1
    second_retry = next_attempt()
    assert second_retry - first_retry > timedelta(seconds=119)  # twice as long
    assert outbox.drain(store, base_delay=60, now=second_retry).sent == 1
    assert len(webhook.requests) == 1


def test_last_failure_leaves_a_dead_letter(store):
    port = kit.free_port()  # nothing listens there
    fire_one(store, [{"kind": "webhook", "url": f"http://127.0.0.1:{port}/hook"}])
    results = []
    for _ in range(3):
        results.append(outbox.drain(store, max_attempts=3, base_delay=0.0))
    assert [r.dead for r in results] == [0, 0, 1]
    with store.session() as s:
        (dead,) = s.scalars(select(DeadLetterRow)).all()
        assert dead.attempts == 3 and "E102 webhook" in dead.error
        assert dead.payload["rule"] == "aid"
        assert s.scalars(select(OutboxRow.status)).all() == ["dead"]
    assert outbox.drain(store).sent == 0


def test_worker_delivers_in_the_background(store, webhook):
    worker = outbox.OutboxWorker(store, base_delay=0.05).start()
    try:
        add_rule(
            store,
            Rule.from_dict(
                {
                    "name": "aid",
                    "conditions": {"event_types": ["AID"]},
                    "notifiers": [{"kind": "webhook", "url": webhook.url}],
                }
            ),
        )
        art = kit.seed_article()
        ids = store.add_article(art, kit.seed_events(art))
        webhook.fail_next = 1
        out = Watcher(store, worker)(store, art, ids)
        assert len(out.fired) == 2
        assert worker.wait_idle(timeout=10)
        assert len(webhook.wait_for(2)) == 2
    finally:
        worker.stop()


def test_signature_round_trip_and_tamper():
    body = b'{"a": 1}'
    assert verify_signature("k", body, sign("k", body))
    assert not verify_signature("k", body + b" ", sign("k", body))
    assert not verify_signature("other", body, sign("k", body))
    assert not verify_signature("k", body, None)


def test_named_secret_missing_is_an_error_not_an_unsigned_post(webhook, monkeypatch):
    monkeypatch.delenv("NO_SUCH_SECRET", raising=False)
    with pytest.raises(EventwatchError, match=r"E102 webhook .*\$NO_SUCH_SECRET is not set"):
        deliver({"kind": "webhook", "url": webhook.url, "secret_env": "NO_SUCH_SECRET"}, {"x": 1})
    assert webhook.requests == []


def test_smtp_refuses_a_server_it_cannot_verify(smtp_server, monkeypatch):
    monkeypatch.delenv("EVENTWATCH_SMTP_CAFILE")  # the self-signed cert is no longer trusted
    with pytest.raises(
        EventwatchError, match=r"E102 email 127\.0\.0\.1:\d+: delivery failed: .*CERTIFICATE"
    ):
        deliver({"kind": "email", "to": ["a@b.test"]}, {"summary": "x", "evidence": []})
    assert smtp_server.messages == []


def test_smtp_wrong_password_is_one_line(smtp_server, monkeypatch):
    monkeypatch.setenv("EVENTWATCH_SMTP_PASSWORD", "wrong")
    with pytest.raises(EventwatchError, match=r"^E102 email .*535"):
        deliver({"kind": "email", "to": ["a@b.test"]}, {"summary": "x", "evidence": []})


def test_jsonl_to_file(tmp_path):
    path = tmp_path / "out" / "alerts.jsonl"
    with pytest.raises(EventwatchError, match="E102 jsonl"):
        deliver({"kind": "jsonl", "path": str(path)}, {"a": 1})  # folder missing
    path.parent.mkdir()
    deliver({"kind": "jsonl", "path": str(path)}, {"a": 1})
    deliver({"kind": "jsonl", "path": str(path)}, {"a": 2})
    assert path.read_text().splitlines() == ['{"a": 1}', '{"a": 2}']


def test_a_stuck_webhook_never_blocks_the_hook(store):
    """The on_stored hook returns while the receiver is still holding the request."""
    import http.server
    import threading

    release = threading.Event()
    got: list[bytes] = []

    class Stuck(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            got.append(self.rfile.read(int(self.headers["Content-Length"])))
            release.wait(30)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Stuck)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    worker = outbox.OutboxWorker(store).start()
    try:
        add_rule(
            store,
            Rule.from_dict(
                {
                    "name": "aid",
                    "conditions": {"event_types": ["AID"]},
                    "notifiers": [
                        {"kind": "webhook", "url": f"http://127.0.0.1:{server.server_address[1]}/"}
                    ],
                }
            ),
        )
        art = kit.seed_article()
        ids = store.add_article(art, kit.seed_events(art))
        out = Watcher(store, worker)(store, art, ids)
        assert len(out.fired) == 2  # returned, with the alerts committed ...
        deadline = time.monotonic() + 10
        while not got and time.monotonic() < deadline:
            time.sleep(0.02)
        assert got and not release.is_set()  # ... while the receiver still holds a request
        with store.session() as s:
            assert "sent" not in s.scalars(select(OutboxRow.status)).all()
        release.set()
        assert worker.wait_idle(timeout=10)
        with store.session() as s:
            assert s.scalars(select(OutboxRow.status)).all() == ["sent", "sent"]
    finally:
        release.set()
        worker.stop()
        server.shutdown()
        server.server_close()


def test_a_4xx_is_dead_at_once_but_429_is_retried(store, webhook):
    webhook.fail_next, webhook.fail_status = 1, 429
    fire_one(store, [{"kind": "webhook", "url": webhook.url}])
    assert outbox.drain(store, base_delay=0.0).retried == 1
    assert outbox.drain(store, base_delay=0.0).sent == 1
    webhook.fail_next, webhook.fail_status = 1, 410
    art = kit.second_article()
    ids = store.add_article(
        art, [kit.event_in(art, "Kim gave Putin", "gave", "AID", day="2023-09-20")]
    )
    assert len(Watcher(store)(store, art, ids).fired) == 1
    assert outbox.drain(store).dead == 1
    with store.session() as s:
        (dead,) = s.scalars(select(DeadLetterRow)).all()
        assert dead.attempts == 1 and "HTTP 410" in dead.error
