"""GET /events (JSON or CSV, with the CLI's filters) and /events/{id}."""

from __future__ import annotations

import io
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from eventwatch.api import models as m
from eventwatch.api.cache import AggregateCache
from eventwatch.api.deps import (
    ERRORS,
    CountryQ,
    EventId,
    Limit,
    Offset,
    StoreDep,
    Text,
    filter_key,
)
from eventwatch.store import EventFilter

router = APIRouter()


@router.get(
    "/events",
    response_model=m.Page,
    tags=["events"],
    responses={200: {"content": {"text/csv": {}}, "description": "a page of events (JSON or CSV)"}},
)
def events(
    request: Request,
    store: StoreDep,
    actor: Text = None,
    country: CountryQ = None,
    type: Annotated[
        str | None, Query(pattern=r"^[A-Za-z_]{1,40}$", description="PLOVER type")
    ] = None,
    factuality: Literal["realized", "planned", "hypothetical", "negated"] | None = None,
    since: date | None = None,
    until: date | None = None,
    place: Text = None,
    article_id: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
    cluster_id: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    format: Literal["json", "csv"] = "json",
) -> Any:
    """Stored events with the CLI's filters (`eventwatch events`), a page at a time."""
    cache: AggregateCache = request.app.state.cache
    flt = EventFilter(
        actor=actor,
        country=country,
        event_type=type,
        factuality=factuality,
        since=since,
        until=until,
        place=place,
        article_id=article_id,
        cluster_id=cluster_id,
        min_confidence=min_confidence,
    )

    def build() -> Any:
        found = store.list_events(flt, limit=limit, offset=offset)
        if format == "csv":
            from eventwatch.store.export import write_csv

            buf = io.StringIO()
            write_csv(found, buf)
            return Response(buf.getvalue(), media_type="text/csv; charset=utf-8")
        return m.Page(
            items=[s.to_dict() for s in found],
            total=cache.get(("events", filter_key(flt)), lambda: store.count_events(flt)),
            limit=limit,
            offset=offset,
        )

    return cache.response(("events", filter_key(flt), limit, offset, format), build)


@router.get("/events/{event_id}", tags=["events"], responses=ERRORS)
def event(store: StoreDep, event_id: EventId) -> dict[str, Any]:
    """One stored event with its article, counts and cluster."""
    found = store.get_event(event_id)
    if found is None:
        raise HTTPException(404, detail=f"event not found: {event_id}")
    return found.to_dict()
