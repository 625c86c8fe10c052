"""Readers: each input kind becomes Articles with the right title, body, date and origin."""

from __future__ import annotations

import io
import sys
import threading
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from eventwatch.errors import EventwatchError
from eventwatch.records import Article
from eventwatch.sources import read_inputs, sniff

BODY = (
    "Russian President Vladimir Putin met North Korean leader Kim Jong Un at the "
    "Vostochny Cosmodrome on Wednesday. Kim invited Putin to visit Pyongyang, and the "
    "Kremlin said Putin accepted the invitation."
)

PAGE = f"""<!DOCTYPE html>
<html><head><title>Putin and Kim meet at cosmodrome | The Wire</title>
<meta property="article:published_time" content="2023-09-13T08:00:00Z">
<meta property="og:site_name" content="The Wire"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Putin and Kim meet at cosmodrome</h1><p>{BODY}</p>
<p>The two leaders last met in 2019 in Vladivostok, where they held talks for several hours.</p>
</article><footer>Copyright 2023 The Wire</footer></body></html>
"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>World Wire</title><link>http://wire.example/</link>
<description>World news</description>
<item><title>Putin meets Kim</title><link>http://wire.example/a1</link>
<description>&lt;p&gt;Putin met Kim at the Vostochny Cosmodrome.&lt;/p&gt;&lt;p&gt;They talked for hours.&lt;/p&gt;</description>
<pubDate>Wed, 13 Sep 2023 10:00:00 GMT</pubDate></item>
<item><title>Shoigu in Pyongyang</title><link>{link}</link>
<pubDate>Thu, 27 Jul 2023 09:00:00 GMT</pubDate></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:x</id>
<updated>2023-09-14T00:00:00Z</updated>
<entry><title>Lavrov visits Pyongyang</title><id>urn:1</id><link href="http://atom.example/1"/>
<updated>2023-10-18T12:00:00Z</updated>
<content type="html">&lt;p&gt;Sergei Lavrov arrived in Pyongyang for talks.&lt;/p&gt;</content></entry>
</feed>
"""


def _only(items):
    assert all(isinstance(i, Article) for i in items), items
    return items


@pytest.fixture
def http_dir(tmp_path):
    """A real HTTP server on 127.0.0.1 serving files from a folder: (folder, base URL)."""
    root = tmp_path / "www"
    root.mkdir()

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_plain_text_first_line_is_the_headline(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(f"Putin and Kim meet\n\n{BODY}\n", encoding="utf-8")
    [art] = _only(list(read_inputs([str(f)])))
    assert art.title == "Putin and Kim meet"
    assert art.text == BODY
    assert art.origin == str(f)


def test_same_text_gives_same_id_whatever_the_whitespace(tmp_path):
    (tmp_path / "a.txt").write_text(f"T\n{BODY}\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"\ufeffT\r\n{BODY}  \r\n", encoding="utf-8")
    a, b = _only(list(read_inputs([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])))
    assert a.id == b.id


def test_html_page_title_date_and_body(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(PAGE, encoding="utf-8")
    [art] = _only(list(read_inputs([str(f)])))
    assert art.title.startswith("Putin and Kim meet at cosmodrome")
    assert art.published == date(2023, 9, 13)
    assert art.text.startswith("Russian President Vladimir Putin met")
    assert "2019 in Vladivostok" in art.text
    assert "Home" not in art.text and "Copyright" not in art.text


def test_html_declared_charset_is_honoured(tmp_path):
    page = PAGE.replace("<head>", '<head><meta charset="iso-8859-1">').replace(
        "Wednesday", "Wednesday (caf\u00e9 talks)"
    )
    f = tmp_path / "latin.html"
    f.write_bytes(page.encode("iso-8859-1"))
    [art] = _only(list(read_inputs([str(f)])))
    assert "caf\u00e9 talks" in art.text


def test_rss_items_are_articles_and_an_item_without_body_has_its_link_fetched(http_dir):
    root, base = http_dir
    (root / "shoigu.html").write_text(
        PAGE.replace(
            BODY, "Sergei Shoigu arrived in Pyongyang on Wednesday for the armistice anniversary."
        ),
        "utf-8",
    )
    (root / "feed.rss").write_text(RSS.replace("{link}", f"{base}/shoigu.html"), "utf-8")
    first, second = _only(list(read_inputs([f"{base}/feed.rss"])))
    assert first.title == "Putin meets Kim"
    assert first.text == "Putin met Kim at the Vostochny Cosmodrome.\nThey talked for hours."
    assert first.published == date(2023, 9, 13)
    assert (first.url, first.source) == ("http://wire.example/a1", "World Wire")
    assert second.title == "Shoigu in Pyongyang"
    assert second.text.startswith("Sergei Shoigu arrived in Pyongyang")
    assert second.published == date(2023, 7, 27)  # the feed's date, not the page's
    assert second.url == f"{base}/shoigu.html"


def test_atom_feed_from_a_file(tmp_path):
    f = tmp_path / "wire.atom"
    f.write_text(ATOM, encoding="utf-8")
    [art] = _only(list(read_inputs([str(f)])))
    assert (art.title, art.text) == (
        "Lavrov visits Pyongyang",
        "Sergei Lavrov arrived in Pyongyang for talks.",
    )
    assert art.published == date(2023, 10, 18)
    assert art.source == "Atom Wire"


def test_jsonl_records_and_bad_lines(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text(
        '{"id": "x1", "title": "T1", "text": "Putin met Kim.", "published": "2023-09-13",'
        ' "url": "http://u/1", "source": "wire"}\n'
        "\n"
        '{"title": "no text"}\n'
        "{broken\n"
        '{"text": "Kim left.", "published": "04/09/2023"}\n'
        '{"text": "Kim went home.", "published": "2023-09-14T06:00:00+09:00"}\n',
        encoding="utf-8",
    )
    items = list(read_inputs([str(f)]))
    assert [str(i) if isinstance(i, EventwatchError) else i.text for i in items] == [
        "Putin met Kim.",
        f"E009 {f}:3: record has no 'text'",
        f"E009 {f}:4: not valid JSON (Expecting property name enclosed in double quotes)",
        f"E009 {f}:5: 'published' '04/09/2023' is not a date (expected a date such as 2023-09-13 or Wed, 13 Sep 2023)",
        "Kim went home.",
    ]
    first = items[0]
    assert (first.title, first.published, first.url, first.source, first.origin) == (
        "T1",
        date(2023, 9, 13),
        "http://u/1",
        "wire",
        f"{f}#x1",
    )
    assert first.id == Article(text="Putin met Kim.", title="T1").id  # content, not "x1"
    assert items[-1].published == date(2023, 9, 14)


def test_csv_records(tmp_path):
    f = tmp_path / "a.csv"
    f.write_text(
        "id,title,text,published,url,source\n"
        '1,Summit,"Putin met Kim, then left.",2023-09-13,http://u/1,wire\n'
        "2,Empty,,2023-09-13,,\n",
        encoding="utf-8",
    )
    good, bad = list(read_inputs([str(f)]))
    assert (good.title, good.text, good.published, good.source) == (
        "Summit",
        "Putin met Kim, then left.",
        date(2023, 9, 13),
        "wire",
    )
    assert str(bad) == f"E009 {f}:3: record has no 'text'"


def test_csv_without_text_column_is_one_error(tmp_path):
    f = tmp_path / "a.csv"
    f.write_text("id,body\n1,hello\n", encoding="utf-8")
    [err] = list(read_inputs([str(f)]))
    assert str(err) == (
        f"E009 {f}: CSV header has no 'text' column "
        "(expected: id, title, text, published, url, source)"
    )


def test_folders_are_read_recursively_in_name_order_skipping_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "c").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.txt").write_text("A\nfirst body", encoding="utf-8")
    (tmp_path / "b" / "c" / "d.txt").write_text("D\ndeep body", encoding="utf-8")
    (tmp_path / "b" / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("H\nhidden", encoding="utf-8")
    (tmp_path / ".git" / "x.txt").write_text("G\ngit", encoding="utf-8")
    titles = [a.title for a in _only(list(read_inputs([str(tmp_path)])))]
    assert titles == ["A", "D", "Putin and Kim meet at cosmodrome"]  # a, b/c/d, b/page


def test_stdin_is_sniffed(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PAGE.encode())))
    [art] = _only(list(read_inputs(["-"])))
    assert art.text.startswith("Russian President") and art.origin == "-"


def test_overrides_replace_what_the_input_says(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(PAGE, encoding="utf-8")
    [art] = _only(list(read_inputs([str(f)], published=date(2020, 1, 2), source="mine")))
    assert (art.published, art.source) == (date(2020, 1, 2), "mine")


def test_url_text_and_jsonl(http_dir):
    root, base = http_dir
    (root / "story.txt").write_text(f"Headline\n{BODY}", encoding="utf-8")
    (root / "batch.jsonl").write_text('{"text": "Kim left."}\n', encoding="utf-8")
    story, rec = _only(list(read_inputs([f"{base}/story.txt", f"{base}/batch.jsonl"])))
    assert (story.title, story.text, story.url) == ("Headline", BODY, f"{base}/story.txt")
    assert rec.text == "Kim left."


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"<?xml version='1.0'?><rss version='2.0'>", "feed"),
        (b"  <feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
        (b"<!DOCTYPE html><html>", "html"),
        (b'{"text": "x"}\n', "jsonl"),
        (b"id,title,text\n1,a,b\n", "csv"),
        (b"Putin, Kim meet\nbody", "text"),
    ],
)
def test_sniff(head, kind):
    assert sniff(head) == kind


def test_a_feed_served_as_html_is_read_as_a_feed(http_dir):
    root, base = http_dir
    (root / "feed.html").write_text(ATOM, encoding="utf-8")  # http.server says text/html
    [art] = _only(list(read_inputs([f"{base}/feed.html"])))
    assert art.title == "Lavrov visits Pyongyang"


def test_stdin_jsonl(monkeypatch):
    monkeypatch.setattr(
        sys,
        "stdin",
        io.TextIOWrapper(
            io.BytesIO(
                b'{"text": "Kim left.", "title": "A"}\n{"text": "Putin stayed.", "title": "B"}\n'
            )
        ),
    )
    assert [a.title for a in _only(list(read_inputs(["-"])))] == ["A", "B"]


def test_one_pretty_printed_json_object_and_long_csv_fields(tmp_path):
    one = tmp_path / "one.json"
    one.write_text('{\n  "title": "T",\n  "text": "Kim left Russia."\n}\n', encoding="utf-8")
    long_text = "Putin met Kim. " * 20_000  # 300 kB: over the csv module's default field limit
    big = tmp_path / "big.csv"
    big.write_text(f'title,text\nLong,"{long_text}"\n', encoding="utf-8")
    a, b = _only(list(read_inputs([str(one), str(big)], max_bytes=10**6)))
    assert (a.title, a.text, a.origin) == ("T", "Kim left Russia.", f"{one} record 1")
    assert b.text == long_text.strip()


def test_a_feed_date_is_the_day_the_feed_writes_not_the_utc_day(tmp_path):
    # 08:00 in Seoul is 23:00 UTC the day before: the article's day is the one written, as
    # `eventwatch.dates.parse_date` reads every other date (feedparser's parsed field is UTC)
    f = tmp_path / "seoul.rss"
    f.write_text(RSS.replace("Wed, 13 Sep 2023 10:00:00 GMT", "Wed, 13 Sep 2023 08:00:00 +0900")
                 .replace("{link}", "http://wire.example/a2"), "utf-8")
    first = next(iter(read_inputs([str(f)])))  # the item with a body; the other would fetch
    assert isinstance(first, Article) and first.published == date(2023, 9, 13)
