"""Ingest: read inputs, code each article, store it with its events in one transaction.

    report = ingest(["articles/", "feed.xml"], open_store("events.db"))
    report = ingest_articles(articles, store, coder=make_coder(workers=4))   # already read

`ingest_articles` is the one road of an article into the store: `ingest` feeds it what it
reads from files and URLs, the feed poller (`eventwatch.watch.poller`) what it takes from feeds.

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

from eventwatch.errors import EventwatchError
from eventwatch.records import Article, Event
from eventwatch.sources import DEFAULT_MAX_BYTES, read_inputs
from eventwatch.store import Store
from eventwatch.workers import BATCH_SIZE

OnStored = Callable[[Store, Article, list[str]], None]
OnError = Callable[[EventwatchError], None]
OnDone = Callable[[Article], None]
Coder = Callable[[Iterable[Article]], Iterator[tuple[Article, list[Event] | EventwatchError]]]

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
    workers: int | None = 1,
    engine: str = "local",
    ray_address: str | None = None,
) -> IngestReport:
    """Read, code and store every article in `inputs` (paths, folders, URLs, `-`).

    `published`/`source` override what the inputs say; inputs over `max_bytes` are refused.
    `progress` shows a bar on stderr when it is a terminal and the run takes a while.
    `workers`: coding processes (None: every core; 1: this process). `engine="ray"` codes
    on Ray actors instead (`ray_address`: an existing cluster; None starts a local one).
    This process writes, one transaction per article, in the order articles are coded.
    """
    inputs = list(inputs)
    return ingest_articles(
        read_inputs(inputs, published=published, source=source, max_bytes=max_bytes),
        store,
        progress=progress,
        on_stored=on_stored,
        on_error=on_error,
        coder=make_coder(engine, workers, batch_size, ray_address),
    )


def ingest_articles(
    items: Iterable[Article | EventwatchError],
    store: Store,
    coder: Coder | None = None,
    progress: bool = False,
    on_stored: Sequence[OnStored] = (),
    on_error: OnError | None = None,
    on_done: OnDone | None = None,
    stop: Callable[[], bool] | None = None,
) -> IngestReport:
    """Code and store articles already read (the road every article takes: files, URLs and
    the feed poller's items). An error among `items` is reported as a failure.

    `coder`: the engine (`make_coder`; default: this process). `on_done(article)` is called
    once for each article ingest is finished with: stored, already stored, or failed.
    `stop()` true: no further article is taken from `items` (those taken are finished)."""
    report = IngestReport()
    code = coder or make_coder("local", 1, BATCH_SIZE, None)

    def fail(err: EventwatchError) -> None:
        report.failed.append(err)
        if on_error is not None:
            on_error(err)

    def done(article: Article) -> None:
        if on_done is not None:
            on_done(article)

    def fresh() -> Iterator[Article]:
        seen: set[str] = set()
        for item in items:
            if stop is not None and stop():
                return
            if isinstance(item, EventwatchError):
                fail(item)
            elif item.id in seen or store.has_article(item.id):
                report.duplicates.append(item.id)
                done(item)
            else:
                seen.add(item.id)
                yield item

    bar = _progress(progress)
    try:
        for article, coded in code(fresh()):
            try:
                _store_one(store, article, coded, report, on_stored, fail)
            finally:
                done(article)
            if bar is not None:
                bar.update(1)
                bar.set_postfix(events=report.events, failed=len(report.failed))
    finally:
        if bar is not None:
            bar.close()
    return report


def _store_one(
    store: Store,
    article: Article,
    coded: list[Event] | EventwatchError,
    report: IngestReport,
    on_stored: Sequence[OnStored],
    fail: OnError,
) -> None:
    """One article's transaction, then the `on_stored` hooks (the watch engine)."""
    if isinstance(coded, EventwatchError):
        fail(coded)
        return
    try:
        ids = store.add_article(article, coded)
    except EventwatchError as err:
        fail(err)
        return
    if ids is None:  # stored meanwhile by another process
        report.duplicates.append(article.id)
        return
    report.stored.append(article.id)
    report.events += len(ids)
    for callback in on_stored:
        try:
            callback(store, article, ids)
        except EventwatchError as err:  # the article stays stored; say what failed
            fail(err)


def make_coder(
    engine: str = "local",
    workers: int | None = 1,
    batch_size: int = BATCH_SIZE,
    ray_address: str | None = None,
) -> Coder:
    """The engine that codes a stream of articles (see `_coder`)."""
    return _coder(engine, workers, batch_size, ray_address)


def _coder(engine: str, workers: int | None, batch_size: int, ray_address: str | None) -> Coder:
    """The engine that codes a stream of articles: `local` (worker processes on this
    machine, `eventwatch.workers`) or `ray` (actors on a Ray cluster, `eventwatch.raycoder`)."""
    if engine == "local":
        from eventwatch.workers import code_articles

        return lambda articles: code_articles(articles, workers=workers, batch_size=batch_size)
    if engine == "ray":
        from eventwatch.raycoder import code_articles_ray

        return lambda articles: code_articles_ray(
            articles, address=ray_address, workers=workers, batch_size=batch_size
        )
    raise ValueError(f"unknown engine {engine!r} (local or ray)")


def _progress(enabled: bool):  # -> tqdm | None
    if not enabled or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(
        unit="article", file=sys.stderr, delay=PROGRESS_DELAY_S, leave=False, dynamic_ncols=True
    )
