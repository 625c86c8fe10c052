"""The feed poller against a real local HTTP server: one good feed (with ETag), one broken,
one that changes between polls. New items are ingested once, the broken feed is reported
and the others go on, and a restarted poller neither re-ingests nor re-alerts.

Events are coded deterministically (a stand-in coder that codes "X met Y" sentences) and go
through the same Store.add_article + on_stored path as the real pipeline.
"""

from __future__ import annotations

import http.server
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from email.utils import format_datetime

import pytest

import test_watch_kit as kit
from eventwatch.errors import EventwatchError
from eventwatch.store import open_store
from eventwatch.watch import outbox
from eventwatch.watch.engine import Watcher
from eventwatch.watch.feeds import load_feeds, parse_every
from eventwatch.watch.poller import Poller, feed_states
from eventwatch.watch.rules import Rule
from eventwatch.watch.rulestore import add_rule, list_alerts
from test_watch_kit import KIM, PUTIN, event_in

CLI = "import sys; from eventwatch.cli import main; sys.exit(main())"
DATE = format_datetime(datetime(2023, 9, 13, 8, 0, tzinfo=UTC))


def item(n: int, text: str) -> str:
    return (
        f"<item><title>Story {n}</title><link>https://news.example/{n}</link>"
        f"<guid>https://news.example/{n}</guid><pubDate>{DATE}</pubDate>"
        f"<description>{text}</description></item>"
    )


def rss(*items: str) -> bytes:
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>'
        f"<link>https://news.example/</link>{''.join(items)}</channel></rss>"
    ).encode()


GOOD = rss(
    item(1, "Vladimir Putin met Kim Jong Un at the Vostochny Cosmodrome on Wednesday."),
    item(2, "The weather in Vladivostok was mild and dry all week."),
)
CHANGING_V1 = rss(item(10, "Putin met Kim Jong Un, the Kremlin said."))
CHANGING_V2 = rss(
    item(10, "Putin met Kim Jong Un, the Kremlin said."),
    item(11, "Kim Jong Un met Vladimir Putin for talks, state media said."),
)


class FeedServer:
    def __init__(self) -> None:
        self.changing = CHANGING_V1
        self.hits: list[tuple[str, dict[str, str], int]] = []
        self.times: list[float] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                status, body, headers = outer.answer(self.path, self.headers)
                outer.hits.append((self.path, dict(self.headers.items()), status))
                outer.times.append(time.monotonic())
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, path: str, headers) -> tuple[int, bytes, dict[str, str]]:
        if path == "/good.rss":
            if headers.get("If-None-Match") == '"v1"':
                return 304, b"", {"ETag": '"v1"'}
            return 200, GOOD, {"ETag": '"v1"', "Content-Type": "application/rss+xml"}
        if path == "/broken.rss":
            return 200, b"<html><body>Service temporarily unavailable</body></html>", {}
        if path == "/changing.rss":  # no validators: every poll is a full fetch
            return 200, self.changing, {"Content-Type": "application/rss+xml"}
        if path == "/dated.rss":  # Last-Modified only
            if headers.get("If-Modified-Since") == DATE:
                return 304, b"", {}
            return 200, CHANGING_V1, {"Last-Modified": DATE}
        if path == "/slow.rss":
            time.sleep(1.0)
            return 200, GOOD, {}
        if path == "/huge.rss":
            return 200, b"<rss>" + b" " * 5000 + b"</rss>", {}
        return 404, b"not here", {}

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def feeds():
    srv = FeedServer()
    yield srv
    srv.close()


def met_coder(articles):
    """Codes 'A met B' as a CONSULT between Putin and Kim (order as written)."""
    for art in articles:
        events = []
        if " met " in art.text and "Putin" in art.text:
            first_putin = art.text.index("Putin") < art.text.index("Kim")
            src, tgt = (PUTIN, KIM) if first_putin else (KIM, PUTIN)
            events.append(
                event_in(art, "met", "met", "CONSULT", source=src, target=tgt, day="2023-09-13")
            )
        yield art, events


def write_feeds(tmp_path, srv, extra: str = "") -> str:
    path = tmp_path / "feeds.yaml"
    path.write_text(
        "settings:\n  allow_private: true\n  timeout: 5\n  host_delay: 0.05\n  max_bytes: 4k\n"
        + extra
        + "feeds:\n"
        f"  - url: {srv.base}/good.rss\n    source: Good Wire\n"
        f"  - {srv.base}/broken.rss\n"
        f"  - url: {srv.base}/changing.rss\n    source: Changing Daily\n"
    )
    return str(path)


def test_poller_ingests_once_reports_broken_feed_and_resumes_after_restart(tmp_path, feeds):
    db = str(tmp_path / "poll.db")
    alerts_file = tmp_path / "alerts.jsonl"
    config = load_feeds(write_feeds(tmp_path, feeds))
    errors: list[str] = []

    with open_store(db) as store:
        add_rule(
            store,
            Rule.from_dict(
                {
                    "name": "summit",
                    "conditions": {"dyad": ["RUS", "PRK"], "event_types": ["CONSULT"]},
                    "notifiers": [{"kind": "jsonl", "path": str(alerts_file)}],
                }
            ),
        )
        poller = Poller(
            store, config, on_stored=[Watcher(store)], coder=met_coder, report_error=errors.append
        )
        first = poller.poll_once()
        by_url = {f.url.rsplit("/", 1)[1]: f for f in first.feeds}
        assert (by_url["good.rss"].status, by_url["good.rss"].new_items) == ("new", 2)
        assert by_url["broken.rss"].status == "failed"
        assert "E007" in by_url["broken.rss"].error and "broken.rss" in by_url["broken.rss"].error
        assert (by_url["changing.rss"].status, by_url["changing.rss"].new_items) == ("new", 1)
        assert any("broken.rss" in e for e in errors)
        assert store.count_articles() == 3
        # the two reports of the same meeting (two outlets) are one real-world event
        assert len(list_alerts(store)) == 1

        feeds.changing = CHANGING_V2
        second = poller.poll_once()
        by_url = {f.url.rsplit("/", 1)[1]: f for f in second.feeds}
        assert by_url["good.rss"].status == "not-modified"
        good_hits = [h for h in feeds.hits if h[0] == "/good.rss"]
        assert good_hits[-1][1].get("If-None-Match") == '"v1"' and good_hits[-1][2] == 304
        assert (by_url["changing.rss"].new_items, by_url["changing.rss"].seen_items) == (1, 1)
        assert by_url["broken.rss"].status == "failed"
        poller.close()
        assert store.count_articles() == 4
        (alert,) = list_alerts(store)
        assert len(alert["sources"]) == 3  # three reports, one alert
        assert outbox.drain(store).sent == 1
        states = {s["url"].rsplit("/", 1)[1]: s for s in feed_states(store)}
        assert states["broken.rss"]["failures"] == 2 and states["good.rss"]["etag"] == '"v1"'

    # restart: a new process state, same database and feeds
    with open_store(db) as store:
        poller = Poller(
            store,
            load_feeds(write_feeds(tmp_path, feeds)),
            on_stored=[Watcher(store)],
            coder=met_coder,
            report_error=errors.append,
        )
        third = poller.poll_once()
        poller.close()
        assert third.new_items == 0
        assert store.count_articles() == 4
        assert len(list_alerts(store)) == 1
        assert outbox.drain(store).sent == 0
    assert len(alerts_file.read_text().splitlines()) == 1


def test_size_cap_and_unreachable_host_are_one_line_failures(tmp_path, feeds):
    port = kit.free_port()
    path = tmp_path / "f.yaml"
    path.write_text(
        f"settings:\n  allow_private: true\n  max_bytes: 1k\n  timeout: 2\nfeeds:\n  - {feeds.base}/huge.rss\n"
        f"  - http://127.0.0.1:{port}/down.rss\n  - {feeds.base}/good.rss\n"
    )
    with open_store(str(tmp_path / "p.db")) as store:
        poller = Poller(store, load_feeds(path), coder=met_coder, report_error=lambda m: None)
        report = poller.poll_once()
        poller.close()
    huge, down, good = report.feeds
    assert huge.status == "failed" and "size limit of 1024 bytes" in huge.error
    assert (
        down.status == "failed" and huge.error.startswith("E103") and down.error.startswith("E103")
    )
    assert good.status == "new" and good.new_items == 2


def test_feeds_file_errors_name_the_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("feeds:\n  - ftp://nope\n")
    with pytest.raises(EventwatchError, match=r"E104 .*bad.yaml: .*feed 1: url must be http"):
        load_feeds(bad)
    bad.write_text("feeds: [\n")
    with pytest.raises(EventwatchError, match="E104"):
        load_feeds(bad)
    assert parse_every("10m") == 600 and parse_every("45s") == 45 and parse_every("2") == 2
    with pytest.raises(EventwatchError, match="--every"):
        parse_every("soon")


def test_sigterm_stops_the_poll_loop_cleanly(tmp_path, feeds):
    """`eventwatch poll --every` in a real process: SIGTERM ends it with status 0."""
    path = tmp_path / "f.yaml"
    path.write_text(
        f"settings:\n  allow_private: true\n  host_delay: 0\nfeeds:\n  - {feeds.base}/broken.rss\n"
    )
    env = dict(os.environ, EVENTWATCH_DB=str(tmp_path / "sig.db"))
    proc = subprocess.Popen(
        [sys.executable, "-c", CLI, "poll", str(path), "--every", "1h"],
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not any(h[0] == "/broken.rss" for h in feeds.hits) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert feeds.hits, "the poller never fetched"
        time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "E007" in err and "stopped" in err


def test_poll_once_command_with_the_real_pipeline(tmp_path, feeds, capsys):
    """`eventwatch poll --once` end to end: real fetch, real coding, rules, exit status."""
    from eventwatch.cli import main

    path = tmp_path / "f.yaml"
    path.write_text(
        f"settings:\n  allow_private: true\n  host_delay: 0\nfeeds:\n  - {feeds.base}/good.rss\n"
    )
    db = str(tmp_path / "once.db")
    assert (
        main(
            [
                "--db",
                db,
                "watch",
                "add",
                "meetings",
                "--dyad",
                "RUS",
                "PRK",
                "--jsonl",
                str(tmp_path / "a.jsonl"),
            ]
        )
        == 0
    )
    assert main(["--db", db, "poll", str(path), "--once"]) == 0
    assert "1 feeds polled: 2 new items" in capsys.readouterr().err
    assert main(["--db", db, "poll", str(path), "--once"]) == 0
    assert "0 new items" in capsys.readouterr().err
    with open_store(db) as store:
        assert store.count_articles() == 2
        assert all(e.cluster_id for e in store.list_events())  # every stored event was watched
    path.write_text(f"settings:\n  allow_private: true\nfeeds:\n  - {feeds.base}/broken.rss\n")
    assert (
        main(["--db", db, "poll", str(path), "--once"]) == 1
    )  # --once: a failed feed fails the run
    assert "E007" in capsys.readouterr().err


def test_requests_to_one_host_are_spaced_by_host_delay(tmp_path, feeds):
    path = tmp_path / "f.yaml"
    path.write_text(
        f"settings:\n  allow_private: true\n  host_delay: 0.4\nfeeds:\n  - {feeds.base}/broken.rss\n"
        f"  - {feeds.base}/changing.rss\n  - {feeds.base}/nothing.rss\n"
    )
    with open_store(str(tmp_path / "d.db")) as store:
        poller = Poller(store, load_feeds(path), coder=met_coder, report_error=lambda m: None)
        report = poller.poll_once()
        poller.close()
    assert [f.status for f in report.feeds] == ["failed", "new", "failed"]
    assert "HTTP 404" in report.feeds[2].error
    gaps = [b - a for a, b in zip(feeds.times, feeds.times[1:], strict=False)]
    assert len(gaps) == 2 and min(gaps) >= 0.39


def test_an_item_the_pipeline_fails_on_is_reported_once_and_the_rest_go_on(tmp_path, feeds):
    def fragile(articles):
        for art in articles:
            if "weather" in art.text:
                raise RuntimeError("parser fell over")
        yield from met_coder(articles)

    path = tmp_path / "f.yaml"
    path.write_text(
        f"settings:\n  allow_private: true\n  host_delay: 0\nfeeds:\n  - {feeds.base}/changing.rss\n  - {feeds.base}/good.rss\n"
    )
    errors: list[str] = []
    with open_store(str(tmp_path / "c.db")) as store:
        poller = Poller(store, load_feeds(path), coder=fragile, report_error=errors.append)
        first = poller.poll_once()
        feeds.changing = CHANGING_V2
        poller.poll_once()
        poller.close()
        assert store.count_articles() == 3  # the three met-items, across both feeds
    assert [f.status for f in first.feeds] == ["new", "new"]
    assert errors == [
        "E016 https://news.example/2: could not code the article: RuntimeError: parser fell over"
    ]


def test_last_modified_makes_the_next_get_conditional(tmp_path, feeds):
    path = tmp_path / "f.yaml"
    path.write_text(
        f"settings:\n  allow_private: true\n  host_delay: 0\nfeeds:\n  - {feeds.base}/dated.rss\n"
    )
    with open_store(str(tmp_path / "lm.db")) as store:
        poller = Poller(store, load_feeds(path), coder=met_coder, report_error=lambda m: None)
        assert poller.poll_once().feeds[0].new_items == 1
        assert poller.poll_once().feeds[0].status == "not-modified"
        poller.close()
    assert feeds.hits[-1][1].get("If-Modified-Since") == DATE and feeds.hits[-1][2] == 304


def test_a_slow_feed_times_out_and_the_next_one_is_still_read(tmp_path, feeds):
    path = tmp_path / "f.yaml"
    path.write_text(
        f"settings:\n  allow_private: true\n  timeout: 0.2\n  host_delay: 0\nfeeds:\n"
        f"  - {feeds.base}/slow.rss\n  - {feeds.base}/changing.rss\n"
    )
    with open_store(str(tmp_path / "t.db")) as store:
        poller = Poller(store, load_feeds(path), coder=met_coder, report_error=lambda m: None)
        slow, other = poller.poll_once().feeds
        poller.close()
    assert slow.status == "failed" and slow.error.endswith("slow.rss: no answer within 0.2 s")
    assert other.status == "new" and other.new_items == 1


def test_stopped_mid_feed_the_rest_is_read_next_time(tmp_path, feeds):
    import threading

    path = tmp_path / "f.yaml"
    path.write_text(
        f"settings:\n  allow_private: true\n  host_delay: 0\nfeeds:\n  - {feeds.base}/good.rss\n"
    )
    stop = threading.Event()

    def stop_after_first(articles):
        yield from met_coder(articles)
        stop.set()  # as SIGTERM would, while the feed's first item is being stored

    with open_store(str(tmp_path / "s.db")) as store:
        poller = Poller(store, load_feeds(path), coder=stop_after_first, stop=stop)
        assert poller.poll_once().feeds[0].new_items == 1
        poller.close()
        again = Poller(store, load_feeds(path), coder=met_coder)
        result = again.poll_once().feeds[0]
        again.close()
        assert (result.status, result.new_items, result.seen_items) == ("new", 1, 1)
        assert store.count_articles() == 2
    assert "If-None-Match" not in feeds.hits[-1][1]  # the interrupted pass kept no ETag
