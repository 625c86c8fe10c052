"""The page's routes: `/` (the page), `/docs` (Swagger UI from local assets), the page's
static files, and the JSON the page draws from (`/web/...`, aggregated on the server).

The events, map, timeline and network need no key; the alert inbox needs a valid key in the
X-API-Key header (the page keeps the key in the browser's session storage).
"""

from __future__ import annotations

import inspect
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from sqlalchemy import func, select

from eventwatch.store import Store
from eventwatch.store.schema import EventActorRow, EventRow
from eventwatch.web import aggregate, assets, cache, page, tables
from eventwatch.web.filters import PageFilter, page_filter

NEEDS_KEY = "the alert inbox needs an API key with the read scope in X-API-Key (eventwatch apikey create NAME)"

router = APIRouter(include_in_schema=False)


def _store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(_store)]
FilterDep = Annotated[PageFilter, Depends(page_filter)]


def _countries(store: Store) -> list[str]:
    stmt = (
        select(EventActorRow.country)
        .where(EventActorRow.country.is_not(None))
        .distinct()
        .order_by(EventActorRow.country)
    )
    with store.session() as s:
        return [c for c in s.scalars(stmt) if c]


# ---- HTML ------------------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def index(request: Request, store: StoreDep) -> HTMLResponse:
    query: dict[str, list[str]] = {}
    for k, v in request.query_params.multi_items():
        query.setdefault(k, []).append(v)
    countries = cache.cached(store, "countries", lambda: _countries(store))
    return HTMLResponse(page.render_index(query, countries))


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    app = request.app
    return HTMLResponse(page.render_docs(app.openapi_url or "/openapi.json", app.title))


@router.get("/static/lib/{name}")
def library(name: Annotated[str, Path(max_length=100)]) -> FileResponse:
    path = assets.lib_path(name)
    if path is None:
        detail = f"front-end library not found: {name}"
        if assets.node_modules() is None:
            detail += " (run `make setup`, which runs `npm ci` in web/)"
        raise HTTPException(404, detail=detail)
    return FileResponse(path, media_type=assets.MEDIA_TYPES.get(path.suffix))


@router.get("/static/app/{name}")
def own_file(name: Annotated[str, Path(max_length=100)]) -> FileResponse:
    path = assets.own_path(name)
    if path is None:
        raise HTTPException(404, detail=f"page file not found: {name}")
    return FileResponse(path, media_type=assets.MEDIA_TYPES.get(path.suffix))


# ---- data ------------------------------------------------------------------------------------
@router.get("/web/events")
def events(
    store: StoreDep,
    flt: FilterDep,
    page_no: Annotated[int, Query(alias="page", ge=1, le=10**6)] = 1,
    size: Annotated[int, Query(ge=1, le=200)] = 25,
) -> dict[str, Any]:
    return tables.event_page(store, flt, page_no, size)


@router.get("/web/evidence/{event_id}")
def evidence(store: StoreDep, event_id: Annotated[str, Path(max_length=64)]) -> dict[str, Any]:
    found = tables.evidence(store, event_id)
    if found is None:
        raise HTTPException(404, detail=f"event not found: {event_id}")
    return found


@router.get("/web/map")
def map_clusters(
    store: StoreDep,
    flt: FilterDep,
    zoom: Annotated[int, Query(ge=0, le=18)] = 2,
    view: Annotated[str | None, Query(max_length=100)] = None,
) -> dict[str, Any]:
    from eventwatch.web.filters import _bbox

    box = _bbox(view)
    shown = PageFilter(**{**flt.__dict__, "bbox": None})  # the map keeps every cluster visible
    key = ("map", shown.cache_key(), zoom, box)
    return cache.cached(store, key, lambda: aggregate.map_clusters(store, shown, zoom, box))


@router.get("/web/timeline")
def timeline(
    store: StoreDep,
    flt: FilterDep,
    by: Literal["auto", "day", "week", "month"] = "auto",
) -> dict[str, Any]:
    key = ("timeline", flt.cache_key(), by)
    return cache.cached(store, key, lambda: aggregate.timeline(store, flt, by))


@router.get("/web/network")
def network(store: StoreDep, flt: FilterDep) -> dict[str, Any]:
    shown = flt.without_dyad()  # the network shows every dyad; the chosen one is marked
    key = ("network", shown.cache_key())
    return cache.cached(store, key, lambda: aggregate.network(store, shown))


@router.get("/web/facets")
def facets(store: StoreDep) -> dict[str, Any]:
    def compute() -> dict[str, Any]:
        with store.session() as s:
            first, last = s.execute(select(func.min(EventRow.day), func.max(EventRow.day))).one()
            types = list(s.scalars(select(EventRow.event_type).distinct()))
        return {
            "types": sorted(types),
            "countries": _countries(store),
            "first_day": first.isoformat() if first else None,
            "last_day": last.isoformat() if last else None,
        }

    return cache.cached(store, "facets", compute)


@router.get("/web/alerts")
def alerts(
    store: StoreDep,
    x_api_key: Annotated[str | None, Header(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    if not _reader(store, x_api_key):
        raise HTTPException(401, detail=NEEDS_KEY, headers={"WWW-Authenticate": "ApiKey"})
    from eventwatch.web.inbox import inbox

    return inbox(store, limit)


def _reader(store: Store, key: str | None) -> bool:
    """Whether `key` may read alerts: a live key, with the read scope where keys have scopes."""
    from eventwatch.api.keys import verify_key

    if "scope" in inspect.signature(verify_key).parameters:
        return bool(verify_key(store, key, scope="read"))  # type: ignore[call-arg]
    return verify_key(store, key)
