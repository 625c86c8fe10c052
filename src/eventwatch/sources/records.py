"""JSON Lines and CSV: one record per article, fields `id, title, text, published, url, source`.

The article id is always the content hash (so the same article from two files is stored
once); a record's own `id` is kept in the article's origin (`file.jsonl#<id>`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from eventwatch.dates import parse_date
from eventwatch.errors import E, EventwatchError
from eventwatch.records import Article

FIELDS = ("id", "title", "text", "published", "url", "source")

# an article's text can be longer than the csv module's default field limit (128 KiB)
csv.field_size_limit(max(csv.field_size_limit(), 64 * 1024 * 1024))


def record_article(rec: dict[str, Any], name: str, where: str) -> Article:
    """An Article from one record; E009 naming `where` (file:line) when it is not one."""
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        raise EventwatchError(E.RECORD_INVALID, name=where, reason="record has no 'text'")
    published = _published(rec.get("published"), where)
    rid = rec.get("id")
    origin = f"{name}#{rid}" if rid not in (None, "") else where
    return Article(
        text=text.strip(),
        title=_str(rec.get("title")),
        published=published,
        url=_str(rec.get("url")) or None,
        source=_str(rec.get("source")) or None,
        origin=origin,
    )


def read_jsonl(text: str, name: str) -> Iterator[Article | EventwatchError]:
    """Records, one JSON object a line (a single JSON array of objects is read too)."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise EventwatchError(
                E.RECORD_INVALID, name=name, reason=f"not valid JSON ({exc.msg}, line {exc.lineno})"
            ) from exc
        lines = [(i, item) for i, item in enumerate(items, 1)]
        yield from _records(lines, name, "record")
        return
    if stripped.startswith("{") and not _parses(stripped.split("\n", 1)[0]):
        try:  # one pretty-printed JSON object rather than JSON Lines
            whole = json.loads(stripped)
        except json.JSONDecodeError:
            whole = None
        if isinstance(whole, dict):
            yield from _records([(1, whole)], name, "record")
            return
    parsed: list[tuple[int, Any]] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            parsed.append((lineno, json.loads(line)))
        except json.JSONDecodeError as exc:
            parsed.append(
                (
                    lineno,
                    EventwatchError(
                        E.RECORD_INVALID,
                        name=f"{name}:{lineno}",
                        reason=f"not valid JSON ({exc.msg})",
                    ),
                )
            )
    yield from _records(parsed, name, "line")


def _parses(line: str) -> bool:
    try:
        json.loads(line)
    except json.JSONDecodeError:
        return False
    return True


def _records(
    items: list[tuple[int, Any]], name: str, unit: str
) -> Iterator[Article | EventwatchError]:
    for n, item in items:
        where = f"{name}:{n}" if unit == "line" else f"{name} record {n}"
        if isinstance(item, EventwatchError):
            yield item
        elif not isinstance(item, dict):
            yield EventwatchError(E.RECORD_INVALID, name=where, reason="not a JSON object")
        else:
            try:
                yield record_article(item, name, where)
            except EventwatchError as err:
                yield err


def read_csv(text: str, name: str) -> Iterator[Article | EventwatchError]:
    """Records from CSV with a header row naming (some of) the fields; `text` is required."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "text" not in header:
        raise EventwatchError(
            E.RECORD_INVALID,
            name=name,
            reason="CSV header has no 'text' column "
            "(expected: id, title, text, published, url, source)",
        )
    reader.fieldnames = header
    try:
        for row in reader:
            where = f"{name}:{reader.line_num}"
            if None in row:
                yield EventwatchError(
                    E.RECORD_INVALID, name=where, reason="more fields than the header names"
                )
                continue
            try:
                yield record_article(row, name, where)
            except EventwatchError as err:
                yield err
    except csv.Error as exc:
        yield EventwatchError(
            E.RECORD_INVALID, name=f"{name}:{reader.line_num}", reason=f"not valid CSV ({exc})"
        )


def looks_like_csv_header(first_line: str) -> bool:
    cols = {c.strip().strip('"').lower() for c in first_line.split(",")}
    return "text" in cols and cols <= set(FIELDS)


def _published(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            return parse_date(value)
        except ValueError:
            pass
    raise EventwatchError(
        E.RECORD_INVALID,
        name=where,
        reason=f"'published' {value!r} is not a date (expected a date such as 2023-09-13 or Wed, 13 Sep 2023)",
    )


def _str(value: Any) -> str:
    return "" if value is None else str(value).strip()
