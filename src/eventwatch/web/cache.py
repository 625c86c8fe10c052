"""A small in-process cache of aggregate answers, keyed by the store's data version.

The version is the events table's row count and newest row (rowid on SQLite): storing or deleting events
changes it, so a cached map, timeline or network is never older than the data it shows.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import text

from eventwatch.store import Store

T = TypeVar("T")
MAX_ENTRIES = 256

_lock = threading.Lock()
_entries: OrderedDict[Hashable, Any] = OrderedDict()


def data_version(store: Store) -> tuple[int, str]:
    sqlite = store.engine.dialect.name == "sqlite"
    newest = "max(rowid)" if sqlite else "max(created_at)"
    with store.session() as s:
        n, top = s.execute(text(f"SELECT count(*), {newest} FROM events")).one()
    return int(n or 0), str(top)


def cached(store: Store, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or its answer from an earlier call with the same key and data version."""
    full = (store.url, data_version(store), key)
    with _lock:
        if full in _entries:
            _entries.move_to_end(full)
            return _entries[full]
    value = compute()
    with _lock:
        _entries[full] = value
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _entries.clear()
