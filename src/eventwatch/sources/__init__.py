"""Readers that turn inputs (files, folders, URLs, stdin) into Articles.

`read_inputs(inputs, ...)` yields, for each article found, either an `Article` or an
`EventwatchError` naming the input and the reason, so one bad input never stops a batch.

FIRST VERSION: plain text only; the end-to-end issue's ingest work adds HTML, feeds, JSONL,
CSV, folders, URLs and the bad-input checks.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from eventwatch.errors import E, EventwatchError
from eventwatch.records import Article

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


def article_from_text(raw: str, origin: str) -> Article:
    """Plain text: the first non-empty line is the headline, the rest the body."""
    lines = raw.strip().splitlines()
    title = lines[0].strip() if lines else ""
    body = "\n".join(lines[1:]).strip() if len(lines) > 1 else title
    return Article(text=body, title=title, origin=origin)


def read_inputs(
    inputs: Iterable[str],
    published: date | None = None,
    source: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | EventwatchError]:
    for name in inputs:
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as exc:
            yield EventwatchError(E.INPUT_UNREADABLE, name=name, reason=exc.strerror or str(exc))
            continue
        art = article_from_text(data.decode("utf-8"), name)
        if published:
            art.published = published
        if source:
            art.source = source
        yield art
