"""What the map, the timeline and the network draw, aggregated in the database.

The page never downloads events in bulk: the map gets grid clusters of places for its zoom,
the timeline gets one row per window, the network one edge per country pair.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from eventwatch.store import Store
from eventwatch.store.schema import EventActorRow, EventRow, PlaceRow
from eventwatch.watch.trends import bucket_series, spike, window_start, windows_between
from eventwatch.web.filters import PageFilter

CELLS_PER_TILE = 3  # grid cells across one 256-px map tile at the requested zoom
MAX_EDGES = 80
SPIKE_BASELINE = 7
SPIKE_SD = 3.0
GAP_WINDOWS = 12  # more empty windows than this between two events: drawn as a gap

Row = tuple[date, int | None, float | None]


# ---- map -----------------------------------------------------------------------------------
def map_clusters(
    store: Store, flt: PageFilter, zoom: int, view: tuple[float, float, float, float] | None
) -> dict[str, Any]:
    """Places of the filtered events grouped on a grid whose cell shrinks as `zoom` grows;
    each cluster has its count per quad class, its dominant class and its places' bounds.
    `view` (south, west, north, east) keeps only clusters the map shows."""
    from eventwatch.web import eventindex

    cell = 360.0 / (2**zoom) / CELLS_PER_TILE
    counts = eventindex.place_counts(store, flt, lambda: sql_place_counts(store, flt))
    coords = _coordinates(store, view)
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    for place_id, quad, n in counts:
        if place_id not in coords:
            continue
        lat, lon = coords[place_id]
        key = (math.floor((lat + 90) / cell), math.floor((lon + 180) / cell))
        c = cells.get(key)
        if c is None:
            c = cells[key] = {
                "count": 0,
                "lat_sum": 0.0,
                "lon_sum": 0.0,
                "quad": {"1": 0, "2": 0, "3": 0, "4": 0, "0": 0},
                "bounds": [lat, lon, lat, lon],
            }
        c["count"] += n
        c["lat_sum"] += lat * n
        c["lon_sum"] += lon * n
        c["quad"][str(quad)] += n
        b = c["bounds"]
        b[0], b[1], b[2], b[3] = min(b[0], lat), min(b[1], lon), max(b[2], lat), max(b[3], lon)
    clusters = []
    for c in cells.values():
        known = {k: v for k, v in c["quad"].items() if k != "0"}
        top = max(known, key=lambda k: (known[k], -int(k)))
        clusters.append(
            {
                "lat": round(c["lat_sum"] / c["count"], 4),
                "lon": round(c["lon_sum"] / c["count"], 4),
                "count": c["count"],
                "quad": c["quad"],
                "dominant": int(top) if known[top] else None,
                "bounds": [round(x, 4) for x in c["bounds"]],
            }
        )
    clusters.sort(key=lambda c: -c["count"])
    return {"zoom": zoom, "cell_degrees": cell, "clusters": clusters}


def _coordinates(
    store: Store, view: tuple[float, float, float, float] | None
) -> dict[int, tuple[float, float]]:
    """Place id -> (lat, lon) of the places with coordinates, within `view` if given."""
    stmt = select(PlaceRow.id, PlaceRow.lat, PlaceRow.lon).where(
        PlaceRow.lat.is_not(None), PlaceRow.lon.is_not(None)
    )
    if view:
        s, w, n, e = view
        stmt = stmt.where(PlaceRow.lat.between(s, n), PlaceRow.lon.between(w, e))
    with store.session() as sess:
        return {pid: (lat, lon) for pid, lat, lon in sess.execute(stmt)}


def sql_place_counts(store: Store, flt: PageFilter) -> list[tuple[int, int, int]]:
    """`(place_id, quad_class or 0, events)` of the filtered events that have a place."""
    stmt = (
        select(EventRow.place_id, EventRow.quad_class, func.count())
        .where(*flt.conditions(), EventRow.place_id.is_not(None))
        .group_by(EventRow.place_id, EventRow.quad_class)
    )
    with store.session() as s:
        return [(p, q if q in (1, 2, 3, 4) else 0, n) for p, q, n in s.execute(stmt)]


# ---- network -------------------------------------------------------------------------------
def dyad_edges(store: Store, flt: PageFilter) -> list[dict[str, Any]]:
    """Country pairs (either direction) of source and target actors: event count and mean
    Goldstein score, busiest first; from the in-memory dyad index on SQLite."""
    from eventwatch.web import eventindex

    return eventindex.edges(store, flt, lambda: sql_edges(store, flt))


def sql_edges(store: Store, flt: PageFilter) -> list[dict[str, Any]]:
    """Country pairs (either direction) of source and target actors: event count and mean
    Goldstein score, busiest first. Events within one country are left out."""
    src, tgt = aliased(EventActorRow), aliased(EventActorRow)
    stmt = (
        select(
            src.country,
            tgt.country,
            func.count(),
            func.sum(EventRow.goldstein),
            func.count(EventRow.goldstein),
        )
        .select_from(EventRow)
        .join(src, and_(src.event_id == EventRow.id, src.role == "source"))
        .join(tgt, and_(tgt.event_id == EventRow.id, tgt.role == "target"))
        .where(
            *flt.conditions(),
            src.country.is_not(None),
            tgt.country.is_not(None),
            src.country != tgt.country,
        )
        .group_by(src.country, tgt.country)
    )
    pairs: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0.0, 0])
    with store.session() as s:
        for a, b, n, gsum, gn in s.execute(stmt):
            p = pairs[(a, b) if a < b else (b, a)]
            p[0] += n
            p[1] += gsum or 0.0
            p[2] += gn
    edges = [
        {
            "a": a,
            "b": b,
            "count": int(n),
            "mean_goldstein": round(g / gn, 2) if gn else None,
        }
        for (a, b), (n, g, gn) in pairs.items()
    ]
    edges.sort(key=lambda e: (-e["count"], e["a"], e["b"]))
    return edges


def network(store: Store, flt: PageFilter) -> dict[str, Any]:
    """Nodes (countries, with their event counts over the edges kept) and the MAX_EDGES
    busiest edges."""
    edges = dyad_edges(store, flt)
    kept = edges[:MAX_EDGES]
    weight: dict[str, int] = defaultdict(int)
    for e in kept:
        weight[e["a"]] += e["count"]
        weight[e["b"]] += e["count"]
    nodes = [{"id": c, "count": n} for c, n in sorted(weight.items(), key=lambda x: -x[1])]
    return {"nodes": nodes, "edges": kept, "edges_total": len(edges)}


# ---- timeline ------------------------------------------------------------------------------
def auto_unit(days: list[date]) -> str:
    """The unit for the busiest run of days (runs split where a year passes without an
    event, so an old event recalled in a recent story does not stretch it): day for up to
    four months, week up to three years, else month."""
    ordered = sorted(days)
    runs: list[list[date]] = [[ordered[0]]]
    for d in ordered[1:]:
        if (d - runs[-1][-1]).days > 366:
            runs.append([])
        runs[-1].append(d)
    busiest = max(runs, key=len)
    span = (busiest[-1] - busiest[0]).days
    if span <= 120:
        return "day"
    return "week" if span <= 3 * 366 else "month"


def segments(rows: list[Row], unit: str, gap: int = GAP_WINDOWS) -> list[list[Row]]:
    """Rows split where more than `gap` empty windows separate two events."""
    by_window: dict[date, list[Row]] = defaultdict(list)
    for r in rows:
        by_window[window_start(r[0], unit)].append(r)
    out: list[list[Row]] = []
    last: date | None = None
    for start in sorted(by_window):
        if last is None or windows_between(last, start, unit) - 2 > gap:
            out.append([])
        out[-1].extend(by_window[start])
        last = start
    return out


def sql_dyad_rows(store: Store, flt: PageFilter) -> list[Row]:
    """`(day, quad_class, goldstein)` of the filtered events that have a day."""
    stmt = select(EventRow.day, EventRow.quad_class, EventRow.goldstein).where(
        *flt.conditions(), EventRow.day.is_not(None)
    )
    with store.session() as s:
        return [(r[0], r[1], r[2]) for r in s.execute(stmt)]


def timeline(store: Store, flt: PageFilter, by: str) -> dict[str, Any]:
    """Windows (counts by quad class, mean Goldstein) for the filter's dyad, else the busiest
    one among events with a day, over the span of its events only: a stretch of more than GAP_WINDOWS empty windows
    is one `{"gap": true}` entry, not years of empty bars. `spikes` are the windows where
    `eventwatch trend`'s spike test (window against its trailing baseline, within its run of
    windows) fires."""
    dyad = flt.dyad
    if dyad is None:
        edges = dyad_edges(store, PageFilter(**{**flt.__dict__, "dated": True}))
        if not edges:
            return {"dyad": None, "by": by, "windows": [], "spikes": []}
        dyad = (edges[0]["a"], edges[0]["b"])
    from eventwatch.web import eventindex

    with_dyad = PageFilter(**{**flt.__dict__, "dyad": dyad})
    rows = eventindex.dyad_rows(store, with_dyad, lambda: sql_dyad_rows(store, with_dyad))
    if not rows:
        return {"dyad": list(dyad), "by": by, "windows": [], "spikes": []}
    unit = auto_unit([r[0] for r in rows]) if by == "auto" else by
    windows: list[dict[str, Any]] = []
    spikes: list[dict[str, Any]] = []
    for part in segments(rows, unit):
        series = bucket_series(part, unit)
        if windows:
            windows.append({"gap": True, "from": windows[-1]["period"], "to": series[0].period})
        windows.extend(w.to_dict() for w in series)
        counts = [w.count for w in series]
        for i in range(SPIKE_BASELINE, len(series)):
            sp = spike(counts[: i + 1], SPIKE_BASELINE, SPIKE_SD, series[i].period)
            if sp and sp.fired:
                spikes.append(sp.to_dict())
    return {"dyad": list(dyad), "by": unit, "windows": windows, "spikes": spikes}
