"""The events table and the evidence view: a page of rows, and one event with its cluster.

The table is ordered newest day first (the `day` index), so a page costs one indexed walk
plus one query for its rows' actors and places, whatever the store's size.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, literal_column, select

from eventwatch.store import EventFilter, Store
from eventwatch.store.schema import ArticleRow, EventActorRow, EventRow, PlaceRow
from eventwatch.web.filters import PageFilter
from eventwatch.web.story import story_reports

CLUSTER_LIMIT = 20


COLUMNS = (
    EventRow.id,
    EventRow.event_type,
    EventRow.factuality,
    EventRow.day,
    EventRow.confidence,
    EventRow.quad_class,
    EventRow.place_text,
    EventRow.place_id,
)


def event_page(store: Store, flt: PageFilter, page: int, size: int) -> dict[str, Any]:
    """One page of the table: `items` (rows), `total`, `page`, `size`. On SQLite the event
    index counts and orders (newest day first, then storage order); elsewhere SQL does."""
    from eventwatch.web.eventindex import table_page

    found = table_page(store, flt, page, size)
    with store.session() as s:
        if found is not None:
            total, rowids = found
            rowid = literal_column("events.rowid")
            got = {r[-1]: r for r in s.execute(select(*COLUMNS, rowid).where(rowid.in_(rowids)))}
            rows = [got[i] for i in rowids if i in got]
        else:
            conds = flt.conditions()
            stmt = (
                select(*COLUMNS)
                .where(*conds)
                .order_by(EventRow.day.desc(), EventRow.id)
                .offset((page - 1) * size)
                .limit(size)
            )
            total = int(s.scalar(select(func.count()).select_from(EventRow).where(*conds)) or 0)
            rows = list(s.execute(stmt))
        ids = [r.id for r in rows]
        actors: dict[str, dict[str, list[dict[str, Any]]]] = {
            i: {"source": [], "target": []} for i in ids
        }
        if ids:
            stmt = (
                select(EventActorRow)
                .where(
                    EventActorRow.event_id.in_(ids), EventActorRow.role.in_(("source", "target"))
                )
                .order_by(EventActorRow.position)
            )
            for a in s.scalars(stmt):
                actors[a.event_id][a.role].append({"name": a.name or a.text, "country": a.country})
        place_ids = {r.place_id for r in rows if r.place_id is not None}
        places = (
            {p.id: p for p in s.scalars(select(PlaceRow).where(PlaceRow.id.in_(place_ids)))}
            if place_ids
            else {}
        )
    items = []
    for r in rows:
        p = places.get(r.place_id)
        items.append(
            {
                "id": r.id,
                "type": r.event_type,
                "factuality": r.factuality,
                "day": r.day.isoformat() if r.day else None,
                "confidence": round(r.confidence, 3),
                "quad_class": r.quad_class,
                "source": actors[r.id]["source"],
                "target": actors[r.id]["target"],
                "place": (p.name if p and p.name else r.place_text),
                "place_country": p.country if p else None,
            }
        )
    return {"items": items, "total": total, "page": page, "size": size}


def evidence(store: Store, event_id: str) -> dict[str, Any] | None:
    """The event's record (offsets into its article), its article, its cluster's other
    reports (`cluster`, at most CLUSTER_LIMIT, with `cluster_total`) and its story's other
    articles (`story`, see `web.story.story_reports`; None without a story)."""
    found = store.get_event(event_id)
    if found is None:
        return None
    d = found.to_dict()
    d["highlights"] = highlights(d)
    others: list[dict[str, Any]] = []
    total = 0
    if found.cluster_id:
        flt = EventFilter(cluster_id=found.cluster_id)
        total = max(store.count_events(flt) - 1, 0)
        with store.session() as s:
            stmt = (
                select(
                    EventRow.id,
                    EventRow.event_type,
                    EventRow.day,
                    EventRow.sentence,
                    ArticleRow.title,
                    ArticleRow.source,
                    ArticleRow.url,
                    ArticleRow.published,
                )
                .join(ArticleRow, ArticleRow.id == EventRow.article_id)
                .where(EventRow.cluster_id == found.cluster_id, EventRow.id != event_id)
                .order_by(EventRow.day, EventRow.id)
                .limit(CLUSTER_LIMIT)
            )
            for r in s.execute(stmt):
                others.append(
                    {
                        "id": r.id,
                        "type": r.event_type,
                        "day": r.day.isoformat() if r.day else None,
                        "sentence": r.sentence,
                        "title": r.title,
                        "source": r.source,
                        "url": r.url,
                        "published": r.published.isoformat() if r.published else None,
                    }
                )
    d["cluster"] = others
    d["cluster_total"] = total
    d["story"] = story_reports(store, found.story_id, found.article_id)
    return d


def highlights(d: dict[str, Any]) -> list[dict[str, Any]]:
    """The spans to mark in the evidence sentence, as article offsets, in a fixed role order:
    trigger, source, target, place, time. Spans outside the sentence are left out."""
    ev = d["evidence"]
    lo, hi = ev["start"], ev["end"]
    spans: list[dict[str, Any]] = []

    def add(role: str, start: Any, end: Any, text: str | None) -> None:
        if isinstance(start, int) and isinstance(end, int) and lo <= start < end <= hi:
            spans.append({"role": role, "start": start, "end": end, "text": text or ""})

    add("trigger", ev.get("trigger_start"), ev.get("trigger_end"), ev.get("trigger"))
    for role in ("source", "target"):
        for a in d.get(role) or []:
            add(role, a.get("start"), a.get("end"), a.get("text"))
    loc = d.get("location") or {}
    add("place", loc.get("start"), loc.get("end"), loc.get("text"))
    when = d.get("date") or {}
    add("time", when.get("start"), when.get("end"), when.get("text"))
    return spans
