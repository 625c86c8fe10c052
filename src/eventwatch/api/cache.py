"""A small cache for the API's expensive aggregates (totals of filtered pages, actor counts,
trends), kept per worker process and dropped whenever the store changes.

The store's version is its article count, its latest ingest time and the number of
articles awaiting the watch step (which groups events, changing their counts and
clusters), read at most once per `recheck_s`: an answer may lag a change by that long. Entries also expire after `ttl_s` and the cache holds at most `size` of them.
A value being computed is computed once: concurrent requests for it wait for that result
instead of each running the same expensive query (100 clients arriving at a cold cache
would otherwise run 100 copies of it).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Any, TypeVar

from sqlalchemy import func, select
from starlette.responses import Response

from eventwatch.store import Store
from eventwatch.store.schema import ArticleRow

T = TypeVar("T")


class AggregateCache:
    def __init__(
        self, store: Store, size: int = 512, ttl_s: float = 300.0, recheck_s: float = 1.0
    ) -> None:
        self.store = store
        self.size, self.ttl_s, self.recheck_s = size, ttl_s, recheck_s
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._version: tuple[Any, ...] | None = None
        self._checked = 0.0
        self._inflight: dict[Hashable, Future[Any]] = {}
        self.hits = self.misses = 0

    def _store_version(self) -> tuple[Any, ...]:
        from eventwatch.watch.schema import WatchPendingRow

        with self.store.session() as s:
            row = s.execute(
                select(
                    func.count(ArticleRow.id),
                    func.max(ArticleRow.ingested_at),
                    select(func.count()).select_from(WatchPendingRow).scalar_subquery(),
                )
            )
            return tuple(row.one())

    def _refresh(self, now: float) -> None:
        if now - self._checked < self.recheck_s:
            return
        version = self._store_version()
        with self._lock:
            self._checked = now
            if version != self._version:
                self._version = version
                self._entries.clear()

    def peek(self, key: Hashable) -> Any | None:
        """The fresh cached value of `key`, or None (never computes)."""
        now = time.monotonic()
        self._refresh(now)
        with self._lock:
            hit = self._entries.get(key)
            if hit is None or now - hit[0] >= self.ttl_s:
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return hit[1]

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic(), value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value of `key`, or `compute()` (run once however many ask at once)."""
        now = time.monotonic()
        self._refresh(now)
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and now - hit[0] < self.ttl_s:
                self._entries.move_to_end(key)
                self.hits += 1
                return hit[1]
            running = self._inflight.get(key)
            if running is None:
                self._inflight[key] = mine = Future()
        if running is not None:
            return running.result()
        try:
            value = compute()
        except BaseException as exc:
            with self._lock:
                self._inflight.pop(key, None)
            mine.set_exception(exc)
            raise
        with self._lock:
            self.misses += 1
            self._entries[key] = (now, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
            self._inflight.pop(key, None)
        mine.set_result(value)
        return value

    def response(self, key: Hashable, build: Callable[[], Any]) -> Response:
        """A whole answer, cached as its bytes: `build()` returns a pydantic model (sent as
        JSON) or a Response. Errors raised by `build` are not cached."""

        def render() -> tuple[bytes, str]:
            value = build()
            if isinstance(value, Response):
                return bytes(value.body), value.media_type or "application/octet-stream"
            return value.model_dump_json().encode("utf-8"), "application/json"

        body, media = self.get(("response", key), render)
        return Response(body, media_type=media)
