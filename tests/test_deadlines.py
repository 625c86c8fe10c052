"""Every outbound request has a total deadline, a size cap and a redirect cap, and server-side
fetches keep off private addresses unless allowed. Real servers on 127.0.0.1 that trickle
one byte at a time: the client must hang up before the server has sent everything."""

from __future__ import annotations

import http.server
import socket
import threading
import time

import pytest

import test_watch_kit as kit
from eventwatch.errors import EventwatchError
from eventwatch.sources import read_inputs
from eventwatch.sources.http import HttpFailure, Limits, request
from eventwatch.store import open_store
from eventwatch.watch.feeds import load_feeds
from eventwatch.watch.notify import smtp, webhook
from eventwatch.watch.poller import Poller

TRICKLE_BYTES = 150  # one every 0.1 s: the whole answer takes 15 s


class Trickler:
    """Answers every connection with `head` then `TRICKLE_BYTES` bytes, one per 0.1 s; counts
    what it managed to send before the client hung up."""

    def __init__(self, head: bytes, slow_head: bool = False) -> None:
        self.head, self.slow_head = head, slow_head
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/slow"
        self.finished = 0  # connections that got everything
        self.cut = 0  # connections the client closed early
        self.done = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.done.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            try:
                if self.head.startswith(b"HTTP"):
                    conn.recv(65536)  # the request
                slow = self.head if self.slow_head else b""
                if not self.slow_head:
                    conn.sendall(self.head)
                for b in slow + b"x" * TRICKLE_BYTES:
                    if self.done.is_set():
                        return
                    conn.sendall(bytes([b]) if isinstance(b, int) else b)
                    time.sleep(0.1)
                self.finished += 1
            except OSError:
                self.cut += 1

    def close(self) -> None:
        self.done.set()
        self.sock.close()


BODY_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n"


@pytest.fixture
def trickle():
    servers: list[Trickler] = []

    def make(head: bytes = BODY_HEAD, slow_head: bool = False) -> Trickler:
        servers.append(Trickler(head, slow_head))
        return servers[-1]

    yield make
    for s in servers:
        s.close()


def wait_cut(server: Trickler) -> None:
    for _ in range(100):
        if server.cut:
            return
        time.sleep(0.05)


@pytest.mark.parametrize("slow_head", [False, True], ids=["slow-body", "slow-headers"])
def test_ingest_url_gives_up_at_the_deadline(trickle, monkeypatch, slow_head):
    server = trickle(slow_head=slow_head)
    monkeypatch.setenv("EVENTWATCH_HTTP_DEADLINE_S", "1")
    (err,) = list(read_inputs([server.url]))
    assert isinstance(err, EventwatchError) and err.code == "E008"
    assert str(err).endswith("no complete answer within the deadline of 1 s")
    wait_cut(server)
    assert server.finished == 0 and server.cut == 1


def test_poller_pass_gives_up_at_the_deadline_and_reads_the_next_feed(tmp_path, trickle):
    server = trickle()
    good = kit.free_port()
    good_srv = http.server.ThreadingHTTPServer(("127.0.0.1", good), _FeedHandler)
    threading.Thread(target=good_srv.serve_forever, daemon=True).start()
    path = tmp_path / "feeds.yaml"
    path.write_text(
        "settings:\n  allow_private: true\n  timeout: 5\n  deadline: 1\n  host_delay: 0\n"
        f"feeds:\n  - {server.url}\n  - http://127.0.0.1:{good}/ok.rss\n"
    )
    try:
        with open_store(str(tmp_path / "d.db")) as store:
            poller = Poller(store, load_feeds(path), coder=_no_events, report_error=lambda m: None)
            slow, ok = poller.poll_once().feeds
    finally:
        good_srv.shutdown()
        good_srv.server_close()
    assert slow.status == "failed" and slow.error.startswith("E103")
    assert "deadline of 1 s" in slow.error
    assert ok.status == "new" and ok.new_items == 1
    wait_cut(server)
    assert server.finished == 0


def test_webhook_gives_up_at_the_deadline(trickle, monkeypatch):
    server = trickle(head=b"HTTP/1.1 200 OK\r\n", slow_head=True)
    monkeypatch.setenv("EVENTWATCH_ALLOW_PRIVATE_URLS", "1")
    monkeypatch.setenv("EVENTWATCH_HTTP_DEADLINE_S", "1")
    with pytest.raises(EventwatchError, match=r"^E102 webhook .*deadline of 1 s$"):
        webhook.send({"kind": "webhook", "url": server.url}, {"alert_id": 1})
    wait_cut(server)
    assert server.finished == 0


def test_smtp_gives_up_at_the_deadline(trickle, monkeypatch):
    server = trickle(head=b"220 slow.example ESMTP\r\n", slow_head=True)
    monkeypatch.setenv("EVENTWATCH_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("EVENTWATCH_SMTP_PORT", str(server.port))
    monkeypatch.setenv("EVENTWATCH_SMTP_DEADLINE_S", "1")
    with pytest.raises(EventwatchError, match=r"^E102 email 127\.0\.0\.1:\d+: .*deadline of 1 s$"):
        smtp.send({"kind": "email", "to": ["ops@example.org"]}, {"summary": "x"})
    wait_cut(server)
    assert server.finished == 0


class _FeedHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path.startswith("/hop"):
            self.send_response(302)
            self.send_header("Location", self.path[4:] or "/ok.rss")
            self.end_headers()
            return
        body = (
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
            b"<item><title>One</title><link>https://news.example/1</link>"
            b"<description>A short item.</description></item></channel></rss>"
        )
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _no_events(articles):
    for art in articles:
        yield art, []


@pytest.fixture
def feed_server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FeedHandler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_redirects_are_capped(feed_server):
    limits = Limits(allow_private=True, max_redirects=2)
    assert request("GET", f"{feed_server}/hop/hop/ok.rss", limits).status == 200
    with pytest.raises(HttpFailure, match="more than 2 redirects"):
        request("GET", f"{feed_server}/hop/hop/hop/ok.rss", limits)


def test_size_cap_holds_without_a_content_length(trickle):
    server = trickle(head=b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
    with pytest.raises(HttpFailure, match="over the size limit of 20 bytes"):
        request("GET", server.url, Limits(allow_private=True, max_bytes=20, deadline_s=10))


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "http://localhost:9/x",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/x",
        "http://192.168.0.1/x",
        "http://[::1]:9/x",
        "http://[::ffff:127.0.0.1]:9/x",
        "http://0.0.0.0:9/x",
    ],
)
def test_server_side_fetches_refuse_private_addresses(url):
    with pytest.raises(HttpFailure, match="private or local address"):
        request("GET", url, Limits(deadline_s=5))


def test_webhook_to_a_private_address_is_refused_unless_allowed(monkeypatch, feed_server):
    monkeypatch.delenv("EVENTWATCH_ALLOW_PRIVATE_URLS", raising=False)
    from eventwatch.watch.notify import PermanentFailure

    spec = {"kind": "webhook", "url": f"{feed_server}/ok.rss"}
    with pytest.raises(PermanentFailure, match="private or local address"):
        webhook.send(spec, {"alert_id": 1})  # dead at once: retrying cannot help
    monkeypatch.setenv("EVENTWATCH_ALLOW_PRIVATE_URLS", "1")
    with pytest.raises(EventwatchError, match="HTTP 501"):  # reached: the server has no POST
        webhook.send(spec, {"alert_id": 1})


def test_a_public_feed_cannot_send_the_reader_to_a_private_page():
    from eventwatch.sources.dispatch import _page_fetcher

    fetch_page = _page_fetcher(10_000, "https://news.example.org/feed.xml")
    with pytest.raises(EventwatchError, match=r"E008 .*private or local address"):
        fetch_page("http://127.0.0.1:9/internal", "item 1")


def test_a_poller_feed_on_a_private_address_needs_allow_private(tmp_path, feed_server):
    path = tmp_path / "feeds.yaml"
    path.write_text(f"settings:\n  host_delay: 0\nfeeds:\n  - {feed_server}/ok.rss\n")
    with open_store(str(tmp_path / "p.db")) as store:
        poller = Poller(store, load_feeds(path), coder=_no_events, report_error=lambda m: None)
        (res,) = poller.poll_once().feeds
    assert res.status == "failed" and "private or local address" in res.error
