"""Ingest: read inputs, code each article, store it with its events in one transaction.

    report = ingest(["articles/", "feed.xml"], open_store("events.db"))

Bad inputs do not stop a batch: each becomes one `EventwatchError` in `report.failed` (and
is passed to `on_error` as it happens). An article already in the store (same content id)
is neither coded nor written again. After each article's transaction commits, every
`on_stored(store, article, stored_event_ids)` callback is called (the watch engine evaluates
its rules there).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice

from eventwatch.errors import E, EventwatchError
from eventwatch.records import Article, Event
from eventwatch.sources import DEFAULT_MAX_BYTES, read_inputs
from eventwatch.store import Store

OnStored = Callable[[Store, Article, list[str]], None]
OnError = Callable[[EventwatchError], None]

BATCH_SIZE = 8
PROGRESS_DELAY_S = 1.5  # a run shorter than this (one article, a few files) shows no bar


@dataclass
class IngestReport:
    """What an ingest run did: article ids stored, already there, and the failures."""

    stored: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    failed: list[EventwatchError] = field(default_factory=list)
    events: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        parts = [
            f"{len(self.stored)} article{'s' if len(self.stored) != 1 else ''} stored "
            f"({self.events} event{'s' if self.events != 1 else ''})"
        ]
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} already stored")
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        return ", ".join(parts)


def ingest(
    inputs: Iterable[str],
    store: Store,
    published: date | None = None,
    source: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = True,
    on_stored: Sequence[OnStored] = (),
    on_error: OnError | None = None,
    batch_size: int = BATCH_SIZE,
) -> IngestReport:
    """Read, code and store every article in `inputs` (paths, folders, URLs, `-`).

    `published`/`source` override what the inputs say; inputs over `max_bytes` are refused.
    `progress` shows a bar on stderr when it is a terminal and the run takes a while.
    """
    report = IngestReport()
    inputs = list(inputs)

    def fail(err: EventwatchError) -> None:
        report.failed.append(err)
        if on_error is not None:
            on_error(err)

    def fresh() -> Iterator[Article]:
        seen: set[str] = set()
        for item in read_inputs(inputs, published=published, source=source, max_bytes=max_bytes):
            if isinstance(item, EventwatchError):
                fail(item)
            elif item.id in seen or store.has_article(item.id):
                report.duplicates.append(item.id)
            else:
                seen.add(item.id)
                yield item

    bar = _progress(progress)
    try:
        articles = fresh()
        while chunk := list(islice(articles, batch_size)):
            for article, coded in _code(chunk, batch_size):
                if isinstance(coded, EventwatchError):
                    fail(coded)
                    continue
                try:
                    ids = store.add_article(article, coded)
                except EventwatchError as err:
                    fail(err)
                    continue
                if ids is None:  # stored meanwhile by another process
                    report.duplicates.append(article.id)
                    continue
                report.stored.append(article.id)
                report.events += len(ids)
                for callback in on_stored:
                    try:
                        callback(store, article, ids)
                    except EventwatchError as err:  # the article stays stored; say what failed
                        fail(err)
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix(events=report.events, failed=len(report.failed))
    finally:
        if bar is not None:
            bar.close()
    return report


def _code(
    chunk: list[Article], batch_size: int
) -> Iterator[tuple[Article, list[Event] | EventwatchError]]:
    """Events of each article; an article the pipeline fails on gets an E016 of its own."""
    from eventwatch.nlp import ModelMissing
    from eventwatch.pipeline import extract_many

    try:
        yield from list(extract_many(chunk, batch_size=batch_size))
        return
    except ModelMissing as exc:
        raise EventwatchError(E.MODEL_MISSING) from exc
    except Exception:  # noqa: BLE001 - find the article that broke the batch, code the rest
        pass
    for article in chunk:
        try:
            yield from list(extract_many([article], batch_size=1))
        except Exception as exc:  # noqa: BLE001 - one article's failure must not stop the batch
            reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
            yield (
                article,
                EventwatchError(E.CODING_FAILED, name=article.origin or article.id, reason=reason),
            )


def _progress(enabled: bool):  # -> tqdm | None
    if not enabled or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(
        unit="article", file=sys.stderr, delay=PROGRESS_DELAY_S, leave=False, dynamic_ncols=True
    )
