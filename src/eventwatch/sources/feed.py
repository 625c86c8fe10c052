"""RSS and Atom feeds through feedparser: one Article per item.

An item with no body (no content, no summary) has its link fetched and read as a page.
A feed that is cut off or malformed yields its complete items (those whose closing tag is
in the data), then one E007 naming the feed: the damage is never silent.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from eventwatch.dates import parse_date_or_none
from eventwatch.errors import E, EventwatchError
from eventwatch.records import Article
from eventwatch.sources.html import fragment_text

FEED_ROOTS = ("<rss", "<feed", "<rdf:rdf")
CLOSED_ITEM = re.compile(rb"</(?:[\w.-]+:)?(?:item|entry)\s*>", re.IGNORECASE)


def looks_like_feed(head: str) -> bool:
    low = head.lower()
    return any(root in low for root in FEED_ROOTS)


def articles_from_feed(
    data: bytes, name: str, fetch_page: Callable[[str, str], Article]
) -> Iterator[Article | EventwatchError]:
    """Articles of a feed's items. `fetch_page(url, label)` reads an item's linked page."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data))  # bytes, never a URL: nothing is fetched here
    if not parsed.get("version"):
        exc = parsed.get("bozo_exception")
        reason = _reason(exc) if exc else "no <rss>, <feed> or <rdf:RDF> root element"
        raise EventwatchError(E.FEED_INVALID, name=name, reason=reason)
    feed_title = (parsed.feed.get("title") or "").strip() or None
    entries = list(parsed.entries)
    damaged = parsed.get("bozo") and not isinstance(
        parsed.get("bozo_exception"),
        # harmless: a wrong encoding declaration that feedparser decoded around
        (type(None), feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType),
    )
    if damaged:
        entries = entries[: _closed_items(data)]
    for i, entry in enumerate(entries, 1):
        label = f"{name} item {i}"
        try:
            yield _entry_article(entry, label, feed_title, fetch_page)
        except EventwatchError as err:
            yield err
    if damaged:
        n = len(entries)
        yield EventwatchError(
            E.FEED_INVALID,
            name=name,
            reason=f"cut off or malformed after {n} complete item{'s' if n != 1 else ''}: "
            f"{_reason(parsed['bozo_exception'])}",
        )


def _closed_items(data: bytes) -> int:
    """How many items or entries end with their closing tag in the raw bytes."""
    return len(CLOSED_ITEM.findall(data))


def _entry_article(
    entry: Any, label: str, feed_title: str | None, fetch_page: Callable[[str, str], Article]
) -> Article:
    title = " ".join((entry.get("title") or "").split())
    link = entry.get("link") or None
    body = ""
    for content in entry.get("content") or []:
        body = fragment_text(content.get("value") or "")
        if body:
            break
    if not body:
        body = fragment_text(entry.get("summary") or entry.get("description") or "")
    published = _entry_date(entry)
    if not body:
        if not link:
            raise EventwatchError(
                E.RECORD_INVALID, name=label, reason="feed item has neither text nor a link"
            )
        page = fetch_page(link, f"{label} ({link})")
        # the feed's headline and date win over what the page says
        return Article(
            text=page.text,
            title=title or page.title,
            published=published or page.published,
            url=link,
            source=feed_title or page.source,
            origin=link,
        )
    return Article(
        text=body,
        title=title,
        published=published,
        url=link,
        source=feed_title,
        origin=link or label,
    )


def _entry_date(entry: Any) -> date | None:
    """The entry's day as its feed writes it, read by `parse_date` like every other date
    (feedparser's `*_parsed` fields are converted to UTC: `Wed, 13 Sep 2023 08:00:00 +0900`
    would be the 12th there); those fields only when the written date is unreadable."""
    for key in ("published", "updated", "created"):
        day = parse_date_or_none(entry.get(key))
        if day is not None:
            return day
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            try:
                return date(t.tm_year, t.tm_mon, t.tm_mday)
            except ValueError:
                continue
    return None


def _reason(exc: BaseException) -> str:
    text = str(getattr(exc, "getMessage", lambda: "")() or exc)
    return " ".join(text.split()) or type(exc).__name__
