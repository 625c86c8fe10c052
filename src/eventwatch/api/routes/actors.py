"""GET /actors (actors seen in stored events) and /actors/resolve (who a name is on a date)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

import eventwatch
from eventwatch.api import models as m
from eventwatch.api.cache import AggregateCache
from eventwatch.api.deps import CountryQ, Limit, Offset, StoreDep, Text

router = APIRouter()


@router.get("/actors", response_model=m.Page, tags=["actors"])
def actors(
    request: Request,
    store: StoreDep,
    q: Text = None,
    country: CountryQ = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    """Actors seen in stored events (as sources or targets), most frequent first."""
    from eventwatch.api.actors import stored_actors

    cache: AggregateCache = request.app.state.cache

    def build() -> m.Page:
        items, total = stored_actors(store, q, country, limit, offset)
        return m.Page(items=items, total=total, limit=limit, offset=offset)

    return cache.response(("actors", q, country, limit, offset), build)


@router.get("/actors/resolve", response_model=m.ActorResolution, tags=["actors"])
def resolve(
    name: Annotated[str, Query(min_length=1, max_length=200)],
    on: Annotated[date | None, Query(alias="date")] = None,
) -> m.ActorResolution:
    """Who a name is on a date, from the actors knowledge base (`actor` null if unknown)."""
    found = eventwatch.resolve_actor(name, date=on)
    return m.ActorResolution(query=name, date=on.isoformat() if on else None, actor=found)
