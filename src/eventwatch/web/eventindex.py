"""An in-memory index of every event's country dyad and place, so the network, the busiest
dyad and the map cost a filter and a `bincount`, not a join over the actors or places table
per request.

Dyads: one entry per (event, source country, target country) with the two countries
different: the event's rowid, its undirected pair, its Goldstein score, day and quad class.
Events: one entry per event with the columns the filters read (type, factuality, day,
confidence), its place and quad class, so most filters are a numpy mask, not a query. Built once per process and store; events
stored later are appended (rowids only grow), and a store whose count no longer adds up
(events deleted) is indexed again. SQLite only: on other databases the plain SQL answers.
"""

from __future__ import annotations

import json
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
    # one entry per event, in rowid order: the columns the page filters on in numpy
    ev_rowid: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    ev_place: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # 0: none
    ev_quad: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    ev_type: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int16))
    ev_fact: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    ev_day: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))  # 0: none
    ev_conf: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float64))
    codes: dict[str, int] = field(default_factory=dict)  # event types and factualities
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
        days = (_ordinal(r[4]) for r in rows)
        self.day = np.concatenate([self.day, np.fromiter(days, np.int32)])
        quads = (r[5] if r[5] in (1, 2, 3, 4) else 0 for r in rows)
        self.quad = np.concatenate([self.quad, np.fromiter(quads, np.int8)])

    def code(self, value: str | None) -> int:
        key = value or ""
        if key not in self.codes:
            self.codes[key] = len(self.codes)
        return self.codes[key]

    def extend_events(self, rows: list[tuple[Any, ...]]) -> None:
        """Rows of `_EVENTS_SQL`: rowid, place id, quad class, type, factuality, day, confidence."""

        def col(i: int, dtype: Any, f: Callable[[Any], Any]) -> np.ndarray:
            return np.fromiter((f(r[i]) for r in rows), dtype, count=len(rows))

        new = {
            "ev_rowid": col(0, np.int64, int),
            "ev_place": col(1, np.int64, lambda v: v or 0),
            "ev_quad": col(2, np.int8, lambda v: v if v in (1, 2, 3, 4) else 0),
            "ev_type": col(3, np.int16, self.code),
            "ev_fact": col(4, np.int8, self.code),
            "ev_day": col(5, np.int32, _ordinal),
            "ev_conf": col(6, np.float64, lambda v: v if v is not None else np.nan),
        }
        for name, values in new.items():
            setattr(self, name, np.concatenate([getattr(self, name), values]))


def _ordinal(day: Any) -> int:
    return date.fromisoformat(str(day)[:10]).toordinal() if day else 0


_EVENTS_SQL = """
SELECT rowid, place_id, quad_class, event_type, factuality, day, confidence
FROM events WHERE rowid > :after ORDER BY rowid
"""

CANDIDATES_IN_SQL = 30_000  # up to this many, SQLite filters the index's candidates

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
        idx.extend_events([tuple(r) for r in s.execute(text(_EVENTS_SQL), {"after": idx.top})])
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
    keep = _kept(store, flt, idx)
    if keep is not None:
        mask = np.isin(idx.rowid, keep)
        pair, gold = idx.pair[mask], idx.gold[mask]
    else:
        pair, gold = idx.pair, idx.gold
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


def _kept(store: Store, flt: PageFilter, idx: EventIndex | None = None) -> np.ndarray | None:
    """The sorted rowids of the events the filter keeps; None when it keeps every event.

    Types, factuality, days and confidence are read from the index; country, dyad, text and
    place box are asked of SQLite (only when set)."""
    idx = idx or _index(store)
    mask = None

    def both(m: np.ndarray) -> np.ndarray:
        return m if mask is None else mask & m

    if flt.types:
        codes = [idx.codes[t] for t in flt.types if t in idx.codes]
        mask = both(np.isin(idx.ev_type, codes))
    if flt.factuality:
        mask = both(idx.ev_fact == idx.codes.get(flt.factuality, -1))
    if flt.since or flt.until or flt.dated:
        mask = both(idx.ev_day > 0)
    if flt.since:
        mask = both(idx.ev_day >= flt.since.toordinal())
    if flt.until:
        mask = both(idx.ev_day <= flt.until.toordinal())
    if flt.min_conf is not None:
        mask = both(idx.ev_conf >= flt.min_conf)
    dyad = flt.dyad if flt.dyad and flt.dyad[0] == flt.dyad[1] else None  # a-a: SQL
    rest = PageFilter(country=flt.country, dyad=dyad, q=flt.q, bbox=flt.bbox)
    conds = rest.conditions()
    if mask is None and not conds and not flt.dyad:
        return None
    kept = idx.ev_rowid if mask is None else idx.ev_rowid[mask]
    if flt.dyad and dyad is None:  # events with a source in one and a target in the other
        a, b = flt.dyad
        pid = idx.pair_ids.get((a, b) if a < b else (b, a), -1)
        kept = np.intersect1d(kept, idx.rowid[idx.pair == pid])
    if conds:
        stmt = select(text("events.rowid")).select_from(EventRow).where(*conds)
        narrow = len(kept) <= CANDIDATES_IN_SQL and (mask is not None or flt.dyad)
        if narrow:  # SQLite checks only the candidates (one JSON parameter, not thousands)
            among = text("events.rowid IN (SELECT value FROM json_each(:candidates))")
            stmt = stmt.where(among.bindparams(candidates=json.dumps(kept.tolist())))
        with store.session() as s:
            found = np.fromiter((r[0] for r in s.execute(stmt)), np.int64)
        kept = np.sort(found) if narrow else np.intersect1d(kept, found)
    return kept


def place_counts(
    store: Store, flt: PageFilter, fallback: Callable[[], list[tuple[int, int, int]]]
) -> list[tuple[int, int, int]]:
    """`(place_id, quad_class or 0, events)` of the filtered events that have a place (the
    same answer as `fallback`, which runs on databases other than SQLite)."""
    if store.engine.dialect.name != "sqlite":
        return fallback()
    idx = _index(store)
    keep = _kept(store, flt, idx)
    sel = idx.ev_place > 0
    if keep is not None:
        sel &= np.isin(idx.ev_rowid, keep, assume_unique=True)
    pid, quad = idx.ev_place[sel], idx.ev_quad[sel]
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
    keep = _kept(store, flt.without_dyad(), idx)
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


def table_page(store: Store, flt: PageFilter, page: int, size: int) -> tuple[int, list[int]] | None:
    """The number of filtered events and the rowids on `page` (newest day first, events
    without a day last, then by rowid); None on databases other than SQLite."""
    if store.engine.dialect.name != "sqlite":
        return None
    idx = _index(store)
    keep = _kept(store, flt, idx)
    if keep is None:
        rowid, day = idx.ev_rowid, idx.ev_day
    else:
        at = np.searchsorted(idx.ev_rowid, keep)  # ev_rowid is sorted
        rowid, day = idx.ev_rowid[at], idx.ev_day[at]
    start = (page - 1) * size
    if start >= len(rowid):
        return len(rowid), []
    order = np.lexsort((rowid, -day.astype(np.int64)))
    return len(rowid), [int(r) for r in rowid[order[start : start + size]]]
