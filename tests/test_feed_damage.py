"""A feed cut off in transfer or malformed is never taken for a good one: its complete items
are read, then one E007 names the feed; the poller records it failed (and keeps no
validators, so the next pass reads it whole). `extract` prints one line per error, not a
second, vaguer one."""

from __future__ import annotations

import http.server
import threading

import pytest

from eventwatch.cli import main
from eventwatch.errors import EventwatchError
from eventwatch.records import Article
from eventwatch.sources import read_inputs
from eventwatch.store import open_store
from eventwatch.watch.feeds import load_feeds
from eventwatch.watch.poller import Poller, feed_states


def _item(i: int) -> str:
    return (
        f"<item><title>Harbour story {i}</title><link>https://port.example/{i}</link>"
        f"<description>The harbour board met on day {i} to talk about the ferries."
        "</description></item>"
    )


FULL = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Port News</title>'
    + "".join(_item(i) for i in range(1, 4))
    + "</channel></rss>"
).encode()
CUT = FULL[: FULL.index(b"to talk", FULL.index(b"story 3"))]  # inside item 3's text
BAD = FULL.replace(b"story 2</title>", b"story 2 & more</title>")  # a bare ampersand


def _no_page(url: str, label: str) -> Article:
    raise AssertionError(f"no item here needs its page: {url}")


@pytest.mark.parametrize(("data", "complete"), [(CUT, 2), (BAD, 3)], ids=["cut", "malformed"])
def test_damaged_feed_gives_its_complete_items_then_e007(tmp_path, data, complete):
    path = tmp_path / "port.xml"
    path.write_bytes(data)
    got = list(read_inputs([str(path)]))
    articles = [a for a in got if isinstance(a, Article)]
    errors = [e for e in got if isinstance(e, EventwatchError)]
    assert len(articles) == complete
    assert all("ferries" in a.text for a in articles)  # no half item among them
    (err,) = errors
    assert err.code == "E007" and str(err).startswith(f"E007 {path}: ")
    assert f"after {complete} complete items" in str(err)


def test_a_good_feed_has_no_error():
    from eventwatch.sources.feed import articles_from_feed

    got = list(articles_from_feed(FULL, "port.xml", _no_page))
    assert len(got) == 3 and all(isinstance(a, Article) for a in got)


@pytest.fixture
def cut_server():
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            self.send_response(200)
            self.send_header("ETag", '"cut"')
            self.send_header("Content-Length", str(len(CUT)))
            self.end_headers()
            self.wfile.write(CUT)

        def log_message(self, *args: object) -> None:
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/port.rss"
    srv.shutdown()
    srv.server_close()


def test_poller_records_a_cut_feed_as_failed_and_keeps_its_complete_items(tmp_path, cut_server):
    path = tmp_path / "feeds.yaml"
    path.write_text(
        f"settings:\n  allow_private: true\n  host_delay: 0\nfeeds:\n  - {cut_server}\n"
    )
    errors: list[str] = []

    def no_events(articles):
        for art in articles:
            yield art, []

    with open_store(str(tmp_path / "c.db")) as store:
        poller = Poller(store, load_feeds(path), coder=no_events, report_error=errors.append)
        (res,) = poller.poll_once().feeds
        assert res.status == "failed" and res.new_items == 2
        assert res.error.startswith(f"E007 {cut_server}: ") and errors == [res.error]
        assert store.count_articles() == 2
        (state,) = feed_states(store)
        assert state["last_status"] == "failed" and state["etag"] is None


def test_extract_prints_one_line_per_error(tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    assert main(["extract", str(bad)]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"eventwatch: E002 {bad}")
