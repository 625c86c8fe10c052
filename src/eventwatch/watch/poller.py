"""The feed poller: fetch RSS/Atom feeds politely, ingest new items, evaluate the rules.

Each pass fetches every feed with a conditional GET (ETag / Last-Modified from the last
200), under a total deadline, timeouts, a size cap and a redirect cap (`eventwatch.sources.
http`; private addresses only when the feeds file allows them), waiting `host_delay` seconds between two requests to the same
host. New items (by feed URL and item link or content id, kept in `feed_items`) take the road
every article takes, `eventwatch.ingest.ingest_articles`: coded (on `workers` processes, as
`ingest` does), stored, and handed to the `on_stored` hooks (the watch engine, which runs on
the stored events). A feed that fails is recorded
in `feed_state` and reported; the others go on. State lives in the database, so a restarted
poller neither re-ingests items nor re-fires alerts.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from sqlalchemy import select

from eventwatch.errors import E, EventwatchError
from eventwatch.ingest import BATCH_SIZE, ingest_articles, make_coder
from eventwatch.ingest import Coder as IngestCoder
from eventwatch.records import Article, Event
from eventwatch.store import Store
from eventwatch.watch.feeds import Feed, FeedsConfig
from eventwatch.watch.schema import FeedItemRow, FeedStateRow

log = logging.getLogger(__name__)

USER_AGENT = "eventwatch-poller/0.1"
Coder = Callable[[list[Article]], Iterable[tuple[Article, list[Event]]]]
OnStored = Callable[[Store, Article, list[str]], object]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


@dataclass
class FeedResult:
    url: str
    status: str  # new | not-modified | failed
    new_items: int = 0
    seen_items: int = 0
    events: int = 0
    error: str = ""


@dataclass
class PollReport:
    feeds: list[FeedResult] = field(default_factory=list)

    @property
    def failed(self) -> list[FeedResult]:
        return [f for f in self.feeds if f.status == "failed"]

    @property
    def new_items(self) -> int:
        return sum(f.new_items for f in self.feeds)

    def summary(self) -> str:
        return (
            f"{len(self.feeds)} feeds polled: {self.new_items} new items, "
            f"{sum(f.events for f in self.feeds)} events, {len(self.failed)} failed"
        )


def default_coder(articles: list[Article]) -> Iterator[tuple[Article, list[Event]]]:
    """The pipeline (`eventwatch.pipeline.extract_many`)."""
    from eventwatch.pipeline import extract_many

    yield from extract_many(articles)


def one_at_a_time(coder: Coder) -> IngestCoder:
    """A stand-in coder (tests, tools) as an ingest engine: called on one article at a time,
    and an exception becomes that article's E016 (one article must not stop its feed)."""

    def code(articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event] | EventwatchError]]:
        for article in articles:
            try:
                coded = list(coder([article]))
            except Exception as exc:  # noqa: BLE001 - reported, and the feed goes on
                reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
                name = article.url or article.origin or article.id
                yield article, EventwatchError(E.CODING_FAILED, name=name, reason=reason)
                continue
            yield from coded

    return code


class Poller:
    """Polls the feeds of `config` into `store`; `on_stored` hooks run after each article."""

    def __init__(
        self,
        store: Store,
        config: FeedsConfig,
        on_stored: Sequence[OnStored] = (),
        coder: Coder | None = None,
        stop: threading.Event | None = None,
        report_error: Callable[[str], None] | None = None,
        workers: int | None = 1,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        """`coder`: a stand-in for the pipeline, called on one article at a time; default:
        ingest's engine on `workers` processes (None: every core), `batch_size` at a time."""
        self.store = store
        self.config = config
        self.on_stored = list(on_stored)
        self.coder: IngestCoder = (
            one_at_a_time(coder) if coder is not None else make_coder("local", workers, batch_size)
        )
        self.stop = stop or threading.Event()
        self.report_error = report_error or (lambda msg: log.warning("%s", msg))
        self._last_hit: dict[str, float] = {}
        self._limits = config.limits()

    def close(self) -> None:
        """Nothing is held between requests (each has its own connection and deadline)."""

    # ---- one pass -------------------------------------------------------------------------

    def poll_once(self) -> PollReport:
        report = PollReport()
        for feed in self.config.feeds:
            if self.stop.is_set():
                break
            try:
                result = self._poll_feed(feed)
            except EventwatchError as err:
                result = FeedResult(feed.url, "failed", error=str(err))
            except Exception as exc:  # noqa: BLE001 - one broken feed never stops the others
                result = FeedResult(
                    feed.url,
                    "failed",
                    error=str(
                        EventwatchError(
                            E.FEED_FAILED, url=feed.url, reason=f"{type(exc).__name__}: {exc}"
                        )
                    ),
                )
            if result.status == "failed":
                self._record_failure(feed.url, result.error)
                self.report_error(result.error)
            report.feeds.append(result)
        return report

    def run(
        self,
        every: float,
        max_passes: int | None = None,
        on_pass: Callable[[PollReport], None] | None = None,
    ) -> int:
        """Poll every `every` seconds until `stop` is set (or `max_passes`); returns passes."""
        passes = 0
        while not self.stop.is_set():
            report = self.poll_once()
            passes += 1
            if on_pass is not None:
                on_pass(report)
            if max_passes is not None and passes >= max_passes:
                break
            self.stop.wait(every)
        return passes

    # ---- one feed -------------------------------------------------------------------------

    def _poll_feed(self, feed: Feed) -> FeedResult:
        state = self._state(feed.url)
        resp_status, data, etag, modified = self._fetch(feed.url, state)
        if resp_status == 304:
            self._record_ok(feed.url, "not-modified", None, None)
            return FeedResult(feed.url, "not-modified")
        from eventwatch.sources.feed import articles_from_feed

        result = FeedResult(feed.url, "new")
        fresh: list[tuple[str, Article]] = []
        damage: EventwatchError | None = None
        for item in articles_from_feed(data, feed.url, self._fetch_page):
            if isinstance(item, EventwatchError) and item.code == "E007":
                damage = item  # a cut or malformed feed: its complete items still go in
                continue
            if isinstance(item, EventwatchError):
                self.report_error(str(item))
                continue
            if feed.source:
                item.source = feed.source
            guid = item.url or item.id
            if self._seen(feed.url, guid):
                result.seen_items += 1
                continue
            fresh.append((guid, item))
        result.events, result.new_items = self._ingest(feed.url, fresh)
        if self.stop.is_set() and result.new_items < len(fresh):
            # stopped mid-feed: keep the old validators, so the next run fetches the feed
            return result  # in full and reads the rest
        if damage is not None:  # failed, validators kept: the next pass fetches it in full
            result.status, result.error = "failed", str(damage)
            return result
        # validators are saved only after the items are in: a crash mid-feed refetches it
        self._record_ok(feed.url, "ok", etag, modified)
        return result

    def _ingest(self, feed_url: str, fresh: list[tuple[str, Article]]) -> tuple[int, int]:
        """Hand the new items to `ingest_articles`; each is recorded as seen once ingest is
        done with it (stored, stored before, or failed: a failing item is reported once).
        Returns (events stored, items done)."""
        guids = {id(article): guid for guid, article in fresh}
        done = 0

        def mark_seen(article: Article) -> None:
            nonlocal done
            done += 1
            guid = guids.get(id(article), article.url or article.id)
            with self.store.session() as s:
                if s.get(FeedItemRow, (feed_url, guid)) is None:
                    s.add(
                        FeedItemRow(
                            feed_url=feed_url, guid=guid, article_id=article.id, seen_at=_now()
                        )
                    )

        def english(items: list[tuple[str, Article]]) -> Iterator[Article]:
            for _, article in items:
                if self._english(article):
                    yield article
                else:  # not coded, recorded as seen like any other
                    mark_seen(article)

        report = ingest_articles(
            english(fresh),
            self.store,
            coder=self.coder,
            on_stored=self.on_stored,
            on_error=lambda err: self.report_error(str(err)),
            on_done=mark_seen,
            stop=self.stop.is_set,
        )
        return report.events, done

    def _english(self, article: Article) -> bool:
        """False (and one E017 line) for an item surely not in English: it is not coded, and
        is recorded as seen like any other, so it is reported once."""
        from eventwatch.sources.language import not_english

        skipped = not_english(article)
        if skipped is not None:
            self.report_error(str(skipped))
        return skipped is None

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        last = self._last_hit.get(host)
        if last is not None:
            wait = self.config.host_delay - (time.monotonic() - last)
            if wait > 0:
                self.stop.wait(wait)
        self._last_hit[host] = time.monotonic()

    def _done_with_host(self, url: str) -> None:
        """The delay runs from the end of the last request to a host, not its start."""
        self._last_hit[urlsplit(url).netloc.lower()] = time.monotonic()

    def _fetch(
        self, url: str, state: FeedStateRow | None
    ) -> tuple[int, bytes, str | None, str | None]:
        headers = {}
        if state is not None and state.etag:
            headers["If-None-Match"] = state.etag
        if state is not None and state.last_modified:
            headers["If-Modified-Since"] = state.last_modified
        self._wait_for_host(url)
        try:
            return self._get(url, headers)
        finally:
            self._done_with_host(url)

    def _get(self, url: str, headers: dict[str, str]) -> tuple[int, bytes, str | None, str | None]:
        from eventwatch.sources.http import HttpFailure, request

        try:
            got = request(
                "GET", url, self._limits, {"User-Agent": USER_AGENT, **headers}, accept_304=True
            )
        except HttpFailure as exc:
            raise EventwatchError(E.FEED_FAILED, url=url, reason=exc.reason) from exc
        if got.status == 304:
            return 304, b"", None, None
        return got.status, got.data, got.headers.get("etag"), got.headers.get("last-modified")

    def _fetch_page(self, url: str, label: str) -> Article:
        """An item with no text in the feed: fetch its page (same politeness and caps)."""
        from eventwatch.sources.html import article_from_html

        self._wait_for_host(url)
        try:
            _, data, _, _ = self._get(url, {})
        finally:
            self._done_with_host(url)
        return article_from_html(data, label, url=url)

    # ---- state ----------------------------------------------------------------------------

    def _state(self, url: str) -> FeedStateRow | None:
        with self.store.session() as s:
            return s.get(FeedStateRow, url)

    def _seen(self, feed_url: str, guid: str) -> bool:
        with self.store.session() as s:
            return (
                s.scalar(
                    select(FeedItemRow.guid).where(
                        FeedItemRow.feed_url == feed_url, FeedItemRow.guid == guid
                    )
                )
                is not None
            )

    def _record_ok(self, url: str, status: str, etag: str | None, modified: str | None) -> None:
        with self.store.session() as s:
            row = s.get(FeedStateRow, url) or FeedStateRow(url=url, failures=0)
            s.add(row)
            row.last_polled_at, row.last_status, row.last_error, row.failures = (
                _now(),
                status,
                None,
                0,
            )
            if status == "ok":
                row.etag, row.last_modified = etag, modified

    def _record_failure(self, url: str, error: str) -> None:
        with self.store.session() as s:
            row = s.get(FeedStateRow, url) or FeedStateRow(url=url, failures=0)
            s.add(row)
            row.last_polled_at, row.last_status, row.last_error = _now(), "failed", error
            row.failures = (row.failures or 0) + 1


def feed_states(store: Store) -> list[dict[str, object]]:
    """What the poller knows of each feed (for `eventwatch poll --status` and the API)."""
    with store.session() as s:
        return [
            {
                "url": r.url,
                "last_status": r.last_status,
                "last_error": r.last_error,
                "failures": r.failures,
                "etag": r.etag,
                "last_modified": r.last_modified,
                "last_polled_at": r.last_polled_at.isoformat() if r.last_polled_at else None,
            }
            for r in s.scalars(select(FeedStateRow).order_by(FeedStateRow.url))
        ]
