"""The feed poller skips an item that is not in English with one line, once."""

from __future__ import annotations

import http.server
import threading

from eventwatch.store import open_store
from eventwatch.watch.feeds import load_feeds
from eventwatch.watch.poller import Poller

FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Mixed Wire</title>'
    "<link>https://wire.example/</link>"
    "<item><title>Talks in Lima</title><link>https://wire.example/1</link>"
    "<description>The Chilean foreign minister met his Peruvian counterpart in Lima on "
    "Tuesday to discuss fishing rights.</description></item>"
    "<item><title>Rencontre à Lima</title><link>https://wire.example/2</link>"
    "<description>Le ministre chilien des affaires étrangères a rencontré son homologue "
    "péruvien mardi à Lima pour parler des droits de pêche.</description></item>"
    "</channel></rss>"
).encode()


def test_a_french_item_is_skipped_once(tmp_path):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(FEED)))
            self.end_headers()
            self.wfile.write(FEED)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(
        "settings:\n  allow_private: true\n  host_delay: 0\nfeeds:\n"
        f"  - http://127.0.0.1:{server.server_address[1]}/mixed.rss\n"
    )
    coded: list[str] = []

    def coder(articles):
        for art in articles:
            coded.append(art.title)
            yield art, []

    errors: list[str] = []
    try:
        with open_store(str(tmp_path / "p.db")) as store:
            poller = Poller(store, load_feeds(str(feeds)), coder=coder, report_error=errors.append)
            poller.poll_once()
            poller.poll_once()
            poller.close()
            assert store.count_articles() == 1
    finally:
        server.shutdown()
        server.server_close()
    assert coded == ["Talks in Lima"]
    assert len(errors) == 1 and errors[0].startswith(
        "E017 https://wire.example/2: skipped: the article is in language 'fr'"
    ), errors
