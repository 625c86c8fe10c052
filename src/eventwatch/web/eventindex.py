"""An in-memory index of every event's country dyad and place, so the network, the busiest
dyad and the map cost a filter and a `bincount`, not a join over the actors or places table
per request.

Dyads: one entry per (event, source country, target country) with the two countries
different: the event's rowid, its undirected pair, its Goldstein score. Places: one entry per
event with a place: rowid, place id, quad class. Built once per process and store; events
stored later are appended (rowids only grow), and a store whose count no longer adds up
(events deleted) is indexed again. SQLite only: on other databases the plain SQL answers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import select, text

from eventwatch.store import Store
from eventwatch.store.schema import EventRow
from eventwatch.web.filters import PageFilter

_PAIRS_SQL = """
SELECT e.rowid, s.country, t.country, e.goldstein, e.day, e.quad_class
FROM event_actors s
JOIN event_actors t ON t.event_id = s.event_id AND t.role = 'target'
JOIN events e ON e.id = s.event_id
WHERE s.role = 'source' AND s.country IS NOT NULL AND t.country IS NOT NULL
  AND s.country <> t.country AND e.rowid > :after
"""


@dataclass
class EventIndex:
    rowid: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    pair: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    gold: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float64))
    day: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))  # ordinal, 0: none
    quad: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    pairs: list[tuple[str, str]] = field(default_factory=list)
    pair_ids: dict[tuple[str, str], int] = field(default_factory=dict)
    # one entry per event with a place: its rowid, place id and quad class (0: none)
    place_rowid: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    place_id: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    place_quad: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    events: int = 0  # events (all, with a dyad or not) up to `top`
    top: int = 0  # the largest rowid indexed

    def extend(self, rows: list[tuple[Any, ...]]) -> None:
        ids = []
        for _, a, b, *_rest in rows:
            key = (a, b) if a < b else (b, a)
            if key not in self.pair_ids:
                self.pair_ids[key] = len(self.pairs)
                self.pairs.append(key)
            ids.append(self.pair_ids[key])
        self.rowid = np.concatenate([self.rowid, np.fromiter((r[0] for r in rows), np.int64)])
        self.pair = np.concatenate([self.pair, np.asarray(ids, np.int32)])
        gold = [np.nan if r[3] is None else r[3] for r in rows]
        self.gold = np.concatenate([self.gold, np.asarray(gold, np.float64)])
        days = (date.fromisoformat(str(r[4])[:10]).toordinal() if r[4] else 0 for r in rows)
        self.day = np.concatenate([self.day, np.fromiter(days, np.int32)])
        quads = (r[5] if r[5] in (1, 2, 3, 4) else 0 for r in rows)
        self.quad = np.concatenate([self.quad, np.fromiter(quads, np.int8)])

    def extend_places(self, rows: list[tuple[int, int, int | None]]) -> None:
        self.place_rowid = np.concatenate(
            [self.place_rowid, np.fromiter((r[0] for r in rows), np.int64)]
        )
        self.place_id = np.concatenate([self.place_id, np.fromiter((r[1] for r in rows), np.int64)])
        quads = (r[2] if r[2] in (1, 2, 3, 4) else 0 for r in rows)
        self.place_quad = np.concatenate([self.place_quad, np.fromiter(quads, np.int8)])


_PLACES_SQL = """
SELECT rowid, place_id, quad_class FROM events WHERE place_id IS NOT NULL AND rowid > :after
"""

_lock = threading.Lock()
_indexes: dict[str, EventIndex] = {}


def _index(store: Store) -> EventIndex:
    """The store's index, brought up to date with its events table."""
    with _lock, store.session() as s:
        count, top = s.execute(text("SELECT count(*), max(rowid) FROM events")).one()
        count, top = int(count or 0), int(top or 0)
        idx = _indexes.get(store.url)
        if idx is not None and (idx.events, idx.top) == (count, top):
            return idx
        if idx is not None and top > idx.top:
            added = s.scalar(text("SELECT count(*) FROM events WHERE rowid > :t"), {"t": idx.top})
            if idx.events + int(added or 0) != count:
                idx = None  # some events were deleted: index again
        else:
            idx = None
        if idx is None:
            idx = EventIndex()
        rows = [tuple(r) for r in s.execute(text(_PAIRS_SQL), {"after": idx.top})]
        idx.extend(rows)
        places = [tuple(r) for r in s.execute(text(_PLACES_SQL), {"after": idx.top})]
        idx.extend_places(places)  # type: ignore[arg-type]
        idx.events, idx.top = count, top
        _indexes[store.url] = idx
        return idx


def edges(
    store: Store, flt: PageFilter, fallback: Callable[[], list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """Undirected country pairs of the filtered events: count and mean Goldstein, busiest
    first (the same answer as `fallback`, which runs on databases other than SQLite)."""
    if store.engine.dialect.name != "sqlite":
        return fallback()
    idx = _index(store)
    keep = _kept(store, PageFilter(**{**flt.__dict__, "dated": False}))
    mask = np.isin(idx.rowid, keep) if keep is not None else None
    if flt.dated:  # the index knows the days: no need to ask SQLite for every dated event
        mask = idx.day > 0 if mask is None else mask & (idx.day > 0)
    pair, gold = (idx.pair, idx.gold) if mask is None else (idx.pair[mask], idx.gold[mask])
    n = len(idx.pairs)
    counts = np.bincount(pair, minlength=n)
    known = ~np.isnan(gold)
    gsum = np.bincount(pair[known], weights=gold[known], minlength=n)
    gcount = np.bincount(pair[known], minlength=n)
    out = []
    for i in np.nonzero(counts)[0]:
        a, b = idx.pairs[i]
        out.append(
            {
                "a": a,
                "b": b,
                "count": int(counts[i]),
                "mean_goldstein": round(float(gsum[i] / gcount[i]), 2) if gcount[i] else None,
            }
        )
    out.sort(key=lambda e: (-e["count"], e["a"], e["b"]))
    return out


def _kept(store: Store, flt: PageFilter) -> np.ndarray | None:
    """The rowids of the events the filter keeps; None when it keeps every event."""
    conds = flt.conditions()
    if not conds:
        return None
    stmt = select(text("events.rowid")).select_from(EventRow).where(*conds)
    with store.session() as s:
        return np.fromiter((r[0] for r in s.execute(stmt)), np.int64)


def place_counts(
    store: Store, flt: PageFilter, fallback: Callable[[], list[tuple[int, int, int]]]
) -> list[tuple[int, int, int]]:
    """`(place_id, quad_class or 0, events)` of the filtered events that have a place (the
    same answer as `fallback`, which runs on databases other than SQLite)."""
    if store.engine.dialect.name != "sqlite":
        return fallback()
    idx = _index(store)
    keep = _kept(store, flt)
    pid, quad = idx.place_id, idx.place_quad
    if keep is not None:
        mask = np.isin(idx.place_rowid, keep)
        pid, quad = pid[mask], quad[mask]
    if not len(pid):
        return []
    key = pid * 5 + quad
    uniq, counts = np.unique(key, return_counts=True)
    return [(int(k // 5), int(k % 5), int(n)) for k, n in zip(uniq, counts, strict=True)]


def dyad_rows(
    store: Store,
    flt: PageFilter,
    fallback: Callable[[], list[tuple[date, int | None, float | None]]],
) -> list[tuple[date, int | None, float | None]]:
    """`(day, quad_class, goldstein)` of the filtered events between the filter's dyad (in
    either direction) that have a day (`fallback` answers on databases other than SQLite)."""
    if store.engine.dialect.name != "sqlite" or flt.dyad is None:
        return fallback()
    idx = _index(store)
    a, b = flt.dyad
    pid = idx.pair_ids.get((a, b) if a < b else (b, a))
    if pid is None:
        return []
    sel = (idx.pair == pid) & (idx.day > 0)
    keep = _kept(store, flt.without_dyad())
    if keep is not None:
        sel &= np.isin(idx.rowid, keep)
    rowid, first = np.unique(idx.rowid[sel], return_index=True)  # an event once
    day, quad, gold = idx.day[sel][first], idx.quad[sel][first], idx.gold[sel][first]
    return [
        (
            date.fromordinal(int(d)),
            int(q) if q else None,
            None if np.isnan(g) else float(g),
        )
        for d, q, g in zip(day, quad, gold, strict=True)
    ]
