"""From names on the command line (files, folders, URLs, `-`) to Articles or errors.

The kind of an input comes from its file extension, else the server's content type, else a
look at its first bytes. Every failure is an `EventwatchError` naming the input, yielded in
place of the article, so a batch goes on past it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

from eventwatch.errors import E, EventwatchError
from eventwatch.records import Article
from eventwatch.sources import feed, html, language, records, text
from eventwatch.sources.decode import decode_bytes
from eventwatch.sources.fetch import fetch, is_url

DEFAULT_MAX_BYTES = 5 * 1024 * 1024

KINDS = ("text", "html", "feed", "jsonl", "csv")
EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
}
CONTENT_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/x-rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/xml": "feed",
    "text/xml": "feed",
    "application/json": "jsonl",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/jsonlines": "jsonl",
    "text/csv": "csv",
}


@dataclass
class Payload:
    """The bytes of one input, with what is known of its kind."""

    name: str
    data: bytes
    kind: str | None = None
    url: str | None = None
    charset: str | None = None


def read_inputs(
    inputs: Iterable[str],
    published: date | None = None,
    source: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | EventwatchError]:
    """Each article found in `inputs`, or an error naming the input that failed.

    `published` and `source`, when given, override what the inputs say. An article surely
    not in English is an E017 error (skipped).
    """
    for name in inputs:
        for item in _read_one(name, max_bytes):
            if isinstance(item, Article):
                if published:
                    item.published = published
                if source:
                    item.source = source
                skipped = language.not_english(item)
                if skipped is not None:
                    yield skipped
                    continue
            yield item


def _read_one(name: str, max_bytes: int) -> Iterator[Article | EventwatchError]:
    try:
        if name == "-":
            yield from parse(Payload("-", _read_stdin(max_bytes)), max_bytes)
        elif is_url(name):
            got = fetch(name, max_bytes)
            kind = CONTENT_TYPES.get(got.content_type) or _ext_kind(urlparse(got.url).path)
            if kind in (None, "html", "text") and sniff(got.data) == "feed":
                kind = "feed"  # feeds are often served as text/html or text/plain
            yield from parse(Payload(name, got.data, kind, got.url, got.charset), max_bytes)
        elif os.path.isdir(name):
            yield from _read_folder(Path(name), max_bytes)
        else:
            yield from _read_file(Path(name), name, max_bytes)
    except EventwatchError as err:
        yield err


def _read_folder(folder: Path, max_bytes: int) -> Iterator[Article | EventwatchError]:
    """Every file under `folder`, recursively, in name order; hidden files are skipped."""
    paths: list[Path] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        paths.extend(Path(root) / f for f in files if not f.startswith("."))
    if not paths:
        raise EventwatchError(E.INPUT_EMPTY, name=str(folder))
    for path in sorted(paths, key=lambda p: p.relative_to(folder).parts):
        try:
            yield from _read_file(path, str(path), max_bytes)
        except EventwatchError as err:
            yield err


def _read_file(path: Path, name: str, max_bytes: int) -> Iterator[Article | EventwatchError]:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise EventwatchError(E.INPUT_TOO_LARGE, name=name, size=size, limit=max_bytes)
        data = path.read_bytes()
    except OSError as exc:
        raise EventwatchError(
            E.INPUT_UNREADABLE, name=name, reason=exc.strerror or str(exc)
        ) from exc
    yield from parse(Payload(name, data, _ext_kind(path.name)), max_bytes)


def _read_stdin(max_bytes: int) -> bytes:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise EventwatchError(
            E.INPUT_TOO_LARGE, name="-", size=f"at least {len(data)}", limit=max_bytes
        )
    return data


def _ext_kind(path: str) -> str | None:
    return EXTENSIONS.get(PurePosixPath(path).suffix.lower())


def sniff(data: bytes) -> str:
    """The kind of an input from its first bytes."""
    head = data[:4096].decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    low = head.lower()
    if low.startswith("<?xml"):
        return "html" if "<html" in low and not feed.looks_like_feed(low) else "feed"
    if low.startswith(feed.FEED_ROOTS):
        return "feed"
    if low.startswith(("<!doctype html", "<html", "<head", "<body", "<article", "<div", "<p>")):
        return "html"
    if low.startswith(("{", "[")):
        return "jsonl"
    if records.looks_like_csv_header(head.split("\n", 1)[0]):
        return "csv"
    return "text"


def parse(payload: Payload, max_bytes: int) -> Iterator[Article | EventwatchError]:
    """The articles in one input's bytes (raises for a whole-input failure)."""
    name, data = payload.name, payload.data
    text.check_bytes(data, name)
    kind = payload.kind or sniff(data)
    if kind == "html":
        yield html.article_from_html(data, name, url=payload.url, charset=payload.charset)
    elif kind == "feed":
        yield from feed.articles_from_feed(data, name, _page_fetcher(max_bytes, payload.url))
    else:
        yield from _parse_text(payload, kind)


def _parse_text(payload: Payload, kind: str) -> Iterator[Article | EventwatchError]:
    """Text, JSON Lines or CSV: UTF-8 or the guessed encoding, recorded on each article."""
    decoded = decode_bytes(payload.data, payload.name)
    if kind == "jsonl":
        found = records.read_jsonl(decoded.text, payload.name)
    elif kind == "csv":
        found = records.read_csv(decoded.text, payload.name)
    else:
        art = text.article_from_text(decoded.text, payload.name)
        art.url = payload.url
        found = iter([art])
    for item in found:
        if decoded.guessed and isinstance(item, Article):
            item.encoding = decoded.encoding
        yield item


def _page_fetcher(max_bytes: int, feed_url: str | None) -> Callable[[str, str], Article]:
    """Reads an item's page. A feed fetched from a public host may not send us to private
    addresses (its links are someone else's choice); a local file or a local feed may."""
    from eventwatch.sources.http import (
        HttpFailure,
        limits_from_env,
        private_allowed_by_env,
        refused_address,
    )

    allow = private_allowed_by_env(default=True) if feed_url is None else None

    def fetch_page(url: str, label: str) -> Article:
        nonlocal allow
        if allow is None:
            host = urlparse(feed_url).hostname or ""
            try:
                allow = private_allowed_by_env() or refused_address(host) is not None
            except HttpFailure:
                allow = False
        try:
            got = fetch(url, max_bytes, limits_from_env(allow_private=allow))
        except EventwatchError as err:
            raise EventwatchError(err.template, **{**err.fields, "name": label}) from err
        payload = Payload(label, got.data, "html", got.url, got.charset)
        text.check_bytes(payload.data, label)
        return html.article_from_html(payload.data, label, url=got.url, charset=got.charset)

    return fetch_page
