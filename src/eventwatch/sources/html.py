"""HTML pages: title, date and body text through trafilatura."""

from __future__ import annotations

import logging
import re
from datetime import date

from eventwatch.dates import parse_date_or_none
from eventwatch.errors import E, EventwatchError
from eventwatch.records import Article
from eventwatch.sources.text import decode_utf8

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_BLOCK = re.compile(r"</?(p|div|br|li|h[1-6]|blockquote|tr|section|article)\b[^>]*>", re.I)

for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)  # our errors are our own one line


def decode_html(data: bytes, name: str, charset: str | None = None) -> str:
    """UTF-8, else the charset the server or the page declares; never a guess."""
    try:
        return decode_utf8(data, name)
    except EventwatchError:
        declared = charset or _declared_charset(data)
        if not declared:
            raise
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError) as exc:
            raise EventwatchError(
                E.INPUT_ENCODING, name=name, reason=f"not valid {declared}: {exc}"
            ) from exc


def _declared_charset(data: bytes) -> str | None:
    m = _CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def is_cut_off(html: str) -> bool:
    """A page that opens <html> or <body> but never closes either was cut short."""
    low = html.lower()
    opened = "<html" in low or "<body" in low
    return opened and "</body>" not in low and "</html>" not in low


def article_from_html(
    data: bytes, name: str, url: str | None = None, charset: str | None = None
) -> Article:
    """An Article from a page: trafilatura's title, date (page metadata only) and text."""
    import trafilatura

    html = decode_html(data, name, charset)
    if is_cut_off(html):
        raise EventwatchError(E.HTML_TRUNCATED, name=name)
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # metadata only: a free-text search takes any year in the story for the date
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = (getattr(doc, "text", None) or "").strip()
    if not text:
        raise EventwatchError(E.HTML_NO_TEXT, name=name)
    title = (doc.title or "").strip()
    lines = text.splitlines()
    if title and len(lines) > 1 and lines[0].strip() == title:
        text = "\n".join(lines[1:]).strip()
    return Article(
        text=text,
        title=title,
        published=_date(doc.date),
        url=url or doc.url,
        source=doc.sitename or doc.hostname,
        origin=name,
    )


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed item's summary), paragraphs on their own lines."""
    import lxml.html

    if "<" not in fragment:
        return fragment.strip()
    marked = _BLOCK.sub("\n", fragment)
    try:
        text = lxml.html.fromstring(f"<div>{marked}</div>").text_content()
    except Exception:  # noqa: BLE001 - lxml raises several kinds on junk; fall back to tags out
        text = re.sub(r"<[^>]+>", " ", marked)
    lines = (" ".join(ln.split()) for ln in text.splitlines())
    return "\n".join(ln for ln in lines if ln)


def _date(value: str | None) -> date | None:
    return parse_date_or_none(value)
