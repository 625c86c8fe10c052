"""Bad inputs: one line naming the input and the reason, the batch goes on, exit status 1,
and the database holds exactly the good articles (each test ingests two good ones around
the bad one, through the real CLI and the real pipeline)."""

from __future__ import annotations

import socket
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from eventwatch.cli import main
from eventwatch.records import Article
from eventwatch.sources import read_inputs
from eventwatch.store import open_store

GOOD_1 = (
    "Summit at the cosmodrome\n"
    "Russian President Vladimir Putin met North Korean leader Kim Jong Un on Wednesday."
)
GOOD_2 = (
    "Invitation accepted\n"
    "Putin accepted an invitation from Kim Jong Un to visit Pyongyang, the Kremlin said."
)
PAGE = (
    "<!DOCTYPE html><html><head><title>Talks in Moscow</title></head><body><article>"
    "<h1>Talks in Moscow</h1><p>Chinese Foreign Minister Wang Yi held talks with Russian "
    "Foreign Minister Sergei Lavrov in Moscow on Monday, the Russian foreign ministry "
    "said in a statement after the meeting.</p></article></body></html>"
)


@pytest.fixture
def batch(tmp_path):
    """Two good text files; `run(bad, *extra)` ingests good1, bad, good2 and reports back."""
    g1, g2 = tmp_path / "good1.txt", tmp_path / "good2.txt"
    g1.write_text(GOOD_1, encoding="utf-8")
    g2.write_text(GOOD_2, encoding="utf-8")
    db = tmp_path / "events.db"
    good_ids = {a.id for a in read_inputs([str(g1), str(g2)])}

    def run(bad: str, *extra: str, capsys) -> tuple[int, list[str], set[str]]:
        rc = main(["--db", str(db), "ingest", str(g1), bad, str(g2), "--no-progress", *extra])
        lines = capsys.readouterr().err.splitlines()
        with open_store(str(db)) as store:
            stored = {a.id for a, _ in store.list_articles()}
        return rc, lines, stored

    run.good_ids = good_ids
    return run


@pytest.fixture
def http_dir(tmp_path):
    root = tmp_path / "www"
    root.mkdir()

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now: connecting is refused
    return port


def _check(rc, lines, stored, good_ids, message):
    assert rc == 1
    assert len(lines) == 2, lines
    assert lines[0] == f"eventwatch: {message}"
    # the event count depends on the coding stages; the article count does not
    assert lines[1].startswith("2 articles stored (") and lines[1].endswith("), 1 failed")
    assert stored == good_ids


def test_empty_file(batch, tmp_path, capsys):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    rc, lines, stored = batch(str(bad), capsys=capsys)
    _check(rc, lines, stored, batch.good_ids, f"E002 {bad}: empty input (no text to code)")


def test_whitespace_only_file_is_empty(batch, tmp_path, capsys):
    bad = tmp_path / "blank.txt"
    bad.write_bytes(b" \n\n\t \r\n")
    rc, lines, stored = batch(str(bad), capsys=capsys)
    _check(rc, lines, stored, batch.good_ids, f"E002 {bad}: empty input (no text to code)")


def test_binary_file(batch, tmp_path, capsys):
    bad = tmp_path / "photo.txt"  # the name says text; the bytes say otherwise
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)))
    rc, lines, stored = batch(str(bad), capsys=capsys)
    _check(rc, lines, stored, batch.good_ids, f"E003 {bad}: looks like a binary file, not text")


def test_windows_1252_text_is_decoded_and_the_guess_recorded(batch, tmp_path, capsys):
    cp = tmp_path / "cp1252.txt"
    text = (
        "Café talks\n"
        "Chile\u2019s foreign minister met the Peruvian envoy in Santiago on Friday, "
        "calling the talks \u201cuseful\u201d \u2014 a \u20ac3 million fund was agreed."
    )
    cp.write_bytes(text.encode("cp1252"))
    [art] = read_inputs([str(cp)])
    assert art.encoding == "cp1252" and art.title == "Café talks" and "\u20ac3" in art.text
    rc, lines, stored = batch(str(cp), capsys=capsys)
    assert rc == 0 and lines[-1].startswith("3 articles stored")
    assert art.id in stored


def test_non_english_article_is_skipped_with_one_line(batch, tmp_path, capsys):
    fr = tmp_path / "sommet.txt"
    fr.write_text(
        "Rencontre au sommet\n"
        "Le ministre des affaires étrangères a reçu son homologue chilien mardi à Lima, "
        "et les deux pays ont signé un accord sur la pêche.",
        encoding="utf-8",
    )
    rc, lines, stored = batch(str(fr), capsys=capsys)
    msg = f"E017 {fr}: skipped: the article is in language 'fr'"
    assert (
        rc == 1
        and lines[0].startswith(f"eventwatch: {msg}")
        and lines[0].endswith("and eventwatch codes English news")
    )
    assert len(lines) == 2 and stored == batch.good_ids


def test_truncated_html(batch, tmp_path, capsys):
    bad = tmp_path / "cut.html"
    bad.write_text(PAGE[: PAGE.index("in a statement")], encoding="utf-8")
    rc, lines, stored = batch(str(bad), capsys=capsys)
    _check(
        rc,
        lines,
        stored,
        batch.good_ids,
        f"E015 {bad}: HTML page is cut off (no closing </body> or </html>)",
    )


def test_html_without_article_text(batch, tmp_path, capsys):
    bad = tmp_path / "blank.html"
    bad.write_text(
        "<!DOCTYPE html><html><head><title>Loading</title></head><body>"
        "<script>load()</script></body></html>",
        encoding="utf-8",
    )
    rc, lines, stored = batch(str(bad), capsys=capsys)
    _check(
        rc,
        lines,
        stored,
        batch.good_ids,
        f"E006 {bad}: HTML page with no article text (truncated or empty page?)",
    )


def test_feed_that_is_not_one_from_a_file(batch, tmp_path, capsys):
    bad = tmp_path / "news.rss"
    bad.write_text("Service temporarily unavailable, try again later.\n", encoding="utf-8")
    rc, lines, stored = batch(str(bad), capsys=capsys)
    assert lines[0].startswith(f"eventwatch: E007 {bad}: not an RSS or Atom feed (")
    _check(rc, lines, stored, batch.good_ids, lines[0].removeprefix("eventwatch: "))


def test_feed_that_is_not_one_from_a_server(batch, http_dir, capsys):
    root, base = http_dir
    (root / "feed.xml").write_text(
        "<?xml version='1.0'?><catalog><book>A</book></catalog>", encoding="utf-8"
    )
    rc, lines, stored = batch(f"{base}/feed.xml", capsys=capsys)
    _check(
        rc,
        lines,
        stored,
        batch.good_ids,
        f"E007 {base}/feed.xml: not an RSS or Atom feed "
        "(no <rss>, <feed> or <rdf:RDF> root element)",
    )


def test_unreachable_url(batch, capsys):
    url = f"http://127.0.0.1:{_closed_port()}/story.html"
    rc, lines, stored = batch(url, capsys=capsys)
    assert lines[0].startswith(f"eventwatch: E008 {url}: cannot fetch URL: ")
    assert "refused" in lines[0].lower()
    _check(rc, lines, stored, batch.good_ids, lines[0].removeprefix("eventwatch: "))


def test_missing_page_on_a_server(batch, http_dir, capsys):
    _, base = http_dir
    rc, lines, stored = batch(f"{base}/gone.html", capsys=capsys)
    _check(
        rc,
        lines,
        stored,
        batch.good_ids,
        f"E008 {base}/gone.html: cannot fetch URL: HTTP 404 File not found",
    )


def test_file_over_the_size_limit(batch, tmp_path, capsys):
    bad = tmp_path / "big.txt"
    bad.write_text("Headline\n" + "Putin met Kim. " * 200, encoding="utf-8")
    size = bad.stat().st_size
    rc, lines, stored = batch(str(bad), "--max-bytes", "2k", capsys=capsys)
    _check(
        rc,
        lines,
        stored,
        batch.good_ids,
        f"E005 {bad}: {size} bytes is over the size limit of 2048 bytes",
    )


def test_url_over_the_size_limit(batch, http_dir, capsys):
    root, base = http_dir
    (root / "big.txt").write_text("Headline\n" + "Putin met Kim. " * 200, encoding="utf-8")
    rc, lines, stored = batch(f"{base}/big.txt", "--max-bytes", "1000", capsys=capsys)
    _check(
        rc,
        lines,
        stored,
        batch.good_ids,
        f"E005 {base}/big.txt: 3009 bytes is over the size limit of 1000 bytes",
    )


def test_default_size_limit_is_5_mb(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"Headline\n" + b"x" * (5 * 1024 * 1024))
    [err] = list(read_inputs([str(big)]))
    assert str(err) == (
        f"E005 {big}: {5 * 1024 * 1024 + 9} bytes is over the size limit of {5 * 1024 * 1024} bytes"
    )


def test_missing_file(batch, tmp_path, capsys):
    bad = tmp_path / "nope.txt"
    rc, lines, stored = batch(str(bad), capsys=capsys)
    _check(
        rc,
        lines,
        stored,
        batch.good_ids,
        f"E001 {bad}: cannot read input: No such file or directory",
    )


def test_all_good_exits_zero(batch, tmp_path, capsys):
    third = tmp_path / "good3.txt"
    third.write_text("Third\nKim Jong Un left Russia by train on Sunday.", encoding="utf-8")
    rc, lines, stored = batch(str(third), capsys=capsys)
    assert rc == 0
    assert len(lines) == 1 and lines[0].startswith("3 articles stored")
    assert stored == batch.good_ids | {
        Article(text="Kim Jong Un left Russia by train on Sunday.", title="Third").id
    }


def test_feed_item_whose_link_cannot_be_fetched(tmp_path, http_dir, capsys):
    root, base = http_dir
    dead = f"http://127.0.0.1:{_closed_port()}/story.html"
    (root / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        "<item><title>Summit</title><description>Putin met Kim Jong Un on Wednesday."
        "</description></item>"
        f"<item><title>Gone</title><link>{dead}</link></item>"
        "<item><title>Visit</title><description>Kim Jong Un visited a fighter jet factory."
        "</description></item></channel></rss>",
        encoding="utf-8",
    )
    db = str(tmp_path / "f.db")
    rc = main(["--db", db, "ingest", f"{base}/feed.xml", "--no-progress"])
    lines = capsys.readouterr().err.splitlines()
    assert rc == 1
    assert lines[0].startswith(
        f"eventwatch: E008 {base}/feed.xml item 2 ({dead}): cannot fetch URL: "
    )
    assert len(lines) == 2 and lines[1].startswith("2 articles stored (")
    with open_store(db) as store:
        assert [a.title for a, _ in store.list_articles()] == ["Summit", "Visit"]


def test_stdin_over_the_size_limit(tmp_path, monkeypatch, capsys):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Headline\n" + b"x" * 600)))
    db = str(tmp_path / "s.db")
    assert main(["--db", db, "ingest", "-", "--max-bytes", "500", "--no-progress"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "eventwatch: E005 -: at least 501 bytes is over the size limit of 500 bytes",
        "0 articles stored (0 events), 1 failed",
    ]
    with open_store(db) as store:
        assert store.count_articles() == 0
