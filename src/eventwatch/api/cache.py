"""A small cache for the API's expensive aggregates (totals of filtered pages, actor counts,
trends), kept per worker process and dropped whenever the store changes.

The store's version is its article count and latest ingest time (two indexed look-ups),
read at most once per `recheck_s`: an answer may lag a new article by that long, never
more. Entries also expire after `ttl_s` and the cache holds at most `size` of them.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import func, select

from eventwatch.store import Store
from eventwatch.store.schema import ArticleRow

T = TypeVar("T")


class AggregateCache:
    def __init__(
        self, store: Store, size: int = 1024, ttl_s: float = 60.0, recheck_s: float = 1.0
    ) -> None:
        self.store = store
        self.size, self.ttl_s, self.recheck_s = size, ttl_s, recheck_s
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._version: tuple[Any, ...] | None = None
        self._checked = 0.0
        self.hits = self.misses = 0

    def _store_version(self) -> tuple[Any, ...]:
        with self.store.session() as s:
            row = s.execute(select(func.count(ArticleRow.id), func.max(ArticleRow.ingested_at)))
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

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value of `key`, or `compute()` (outside the lock) stored under it."""
        now = time.monotonic()
        self._refresh(now)
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and now - hit[0] < self.ttl_s:
                self._entries.move_to_end(key)
                self.hits += 1
                return hit[1]
        value = compute()
        with self._lock:
            self.misses += 1
            self._entries[key] = (now, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value
