"""The page's filters: one dataclass read from the query string, turned into SQL conditions.

Every section of the page (table, map, timeline, network) reads the same filters, so a URL
shared by an analyst shows the same view everywhere. Conditions use `IN (subquery)` on the
indexed actor and place columns, which SQLite evaluates once, not once per event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

from fastapi import Query
from sqlalchemy import and_, or_, select

from eventwatch.store.schema import EventActorRow, EventRow, PlaceRow

FACTUALITIES = ("realized", "planned", "hypothetical", "negated")
PARTIES = ("source", "target")


@dataclass
class PageFilter:
    """types: PLOVER types (any of). country: alpha-3 of a source or target. dyad: (a, b),
    either direction. since/until: inclusive days. q: substring of the evidence sentence.
    bbox: (south, west, north, east) of the event's place."""

    types: list[str] = field(default_factory=list)
    country: str | None = None
    dyad: tuple[str, str] | None = None
    since: date | None = None
    until: date | None = None
    factuality: str | None = None
    min_conf: float | None = None
    q: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    dated: bool = False  # only events with a day (the timeline's busiest dyad)

    def without_dyad(self) -> PageFilter:
        return PageFilter(**{**self.__dict__, "dyad": None})

    def conditions(self) -> list[Any]:
        """SQLAlchemy conditions on `EventRow` (empty list: everything)."""
        conds: list[Any] = []
        if self.types:
            conds.append(EventRow.event_type.in_(self.types))
        if self.country:
            conds.append(EventRow.id.in_(_with_actor(self.country, *PARTIES)))
        if self.dyad:
            a, b = self.dyad
            conds.append(
                or_(
                    and_(
                        EventRow.id.in_(_with_actor(a, "source")),
                        EventRow.id.in_(_with_actor(b, "target")),
                    ),
                    and_(
                        EventRow.id.in_(_with_actor(b, "source")),
                        EventRow.id.in_(_with_actor(a, "target")),
                    ),
                )
            )
        if self.since:
            conds.append(EventRow.day >= self.since)
        if self.until:
            conds.append(EventRow.day <= self.until)
        if self.factuality:
            conds.append(EventRow.factuality == self.factuality)
        if self.min_conf is not None:
            conds.append(EventRow.confidence >= self.min_conf)
        if self.q:
            needle = self.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conds.append(EventRow.sentence.ilike(f"%{needle}%", escape="\\"))
        if self.dated:
            conds.append(EventRow.day.is_not(None))
        if self.bbox:
            s, w, n, e = self.bbox
            conds.append(
                EventRow.place_id.in_(
                    select(PlaceRow.id).where(
                        PlaceRow.lat.between(s, n), PlaceRow.lon.between(w, e)
                    )
                )
            )
        return conds

    def cache_key(self) -> tuple[Any, ...]:
        return (
            tuple(self.types),
            self.country,
            self.dyad,
            self.since,
            self.until,
            self.factuality,
            self.min_conf,
            self.q,
            self.bbox,
            self.dated,
        )


def _with_actor(country: str, *roles: str) -> Any:
    return select(EventActorRow.event_id).where(
        EventActorRow.country == country, EventActorRow.role.in_(roles)
    )


def _bbox(text: str | None) -> tuple[float, float, float, float] | None:
    if not text:
        return None
    from fastapi import HTTPException

    try:
        s, w, n, e = (float(x) for x in text.split(","))
    except ValueError:
        raise HTTPException(422, detail=f"bbox {text!r}: expected south,west,north,east") from None
    if not (-90 <= s <= n <= 90 and -180 <= w <= e <= 180):
        raise HTTPException(422, detail=f"bbox {text!r}: not a box within -90..90, -180..180")
    return s, w, n, e


def page_filter(
    type: Annotated[
        list[str] | None,
        Query(max_length=20, description="PLOVER types (repeat the parameter)"),
    ] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$")] = None,
    dyad: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}-[A-Za-z]{3}$")] = None,
    since: date | None = None,
    until: date | None = None,
    factuality: Annotated[
        str | None, Query(pattern="^(realized|planned|hypothetical|negated)$")
    ] = None,
    min_conf: Annotated[float | None, Query(ge=0, le=1)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    bbox: Annotated[str | None, Query(max_length=100)] = None,
) -> PageFilter:
    """The filters from the query string (a FastAPI dependency); empty values mean 'any'."""
    from fastapi import HTTPException

    types = sorted({t.strip().upper() for t in type or [] if t.strip()})
    bad = [t for t in types if not t.replace("_", "").isalpha() or len(t) > 40]
    if bad:
        raise HTTPException(422, detail=f"type {bad[0]!r}: not an event type")
    pair = tuple(dyad.upper().split("-")) if dyad else None
    return PageFilter(
        types=types,
        country=country.upper() if country else None,
        dyad=(pair[0], pair[1]) if pair else None,
        since=since,
        until=until,
        factuality=factuality,
        min_conf=min_conf,
        q=q.strip() or None if q else None,
        bbox=_bbox(bbox),
    )
