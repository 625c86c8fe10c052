"""Actors seen in stored events, grouped by who they resolved to, most frequent first."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from eventwatch.store import Store
from eventwatch.store.query import LIKE_ESCAPE, contains_pattern
from eventwatch.store.schema import EventActorRow


def stored_actors(
    store: Store, q: str | None = None, country: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """`[{name, country, sector, kb_id, events}]` and the total number of groups."""
    label = func.coalesce(EventActorRow.name, EventActorRow.text)
    stmt = select(
        label.label("name"),
        EventActorRow.country,
        EventActorRow.sector,
        EventActorRow.kb_id,
        func.count(func.distinct(EventActorRow.event_id)).label("events"),
    )
    stmt = stmt.where(EventActorRow.role.in_(("source", "target")))
    if q:
        stmt = stmt.where(func.lower(label).like(contains_pattern(q), escape=LIKE_ESCAPE))
    if country:
        stmt = stmt.where(EventActorRow.country == country.upper())
    stmt = stmt.group_by(label, EventActorRow.country, EventActorRow.sector, EventActorRow.kb_id)
    with store.session() as s:
        total = int(s.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
        rows = s.execute(
            stmt.order_by(func.count(func.distinct(EventActorRow.event_id)).desc(), label)
            .offset(offset)
            .limit(limit)
        ).all()
    return [
        {
            "name": r.name,
            "country": r.country,
            "sector": r.sector,
            "kb_id": r.kb_id,
            "events": r.events,
        }
        for r in rows
    ], total
