"""GET /trends: a dyad's event counts and mean Goldstein per window, and the spike test."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response

from eventwatch.api import models as m
from eventwatch.api.cache import AggregateCache
from eventwatch.api.deps import ERRORS, StoreDep

router = APIRouter()


@router.get("/trends", response_model=m.TrendOut, tags=["trends"], responses=ERRORS)
def trends(
    request: Request,
    store: StoreDep,
    a: Annotated[str, Query(pattern=r"^[A-Za-z]{3}$", description="ISO 3166 alpha-3")],
    b: Annotated[str, Query(pattern=r"^[A-Za-z]{3}$", description="ISO 3166 alpha-3")],
    by: Literal["day", "week", "month"] = "day",
    since: date | None = None,
    until: date | None = None,
    directed: bool = False,
    baseline: Annotated[int, Query(ge=2, le=366)] = 7,
    sd: Annotated[float, Query(ge=0, le=100)] = 3.0,
    factuality: Annotated[
        list[Literal["realized", "planned", "hypothetical", "negated"]] | None,
        Query(description="count events of these factualities (repeat; default realized)"),
    ] = None,
) -> Response:
    """Counts by quad class and mean Goldstein for a dyad per window, and the spike test.

    Counts realized events unless `factuality` names others; the windows span the dyad's news
    (from the first event dated at most 30 days before its first article, to the last event)
    unless `since`/`until` say otherwise: the same core as the CLI's `eventwatch trend`."""
    from eventwatch.watch.trends import DEFAULT_FACTUALITY, dyad_trend

    cache: AggregateCache = request.app.state.cache
    facts = tuple(sorted(set(factuality))) if factuality else DEFAULT_FACTUALITY
    if since and until and since > until:
        raise HTTPException(400, detail="since is after until")

    def build() -> m.TrendOut:
        # more windows than trends.MAX_WINDOWS is an E014, answered 400
        trend = dyad_trend(store, a.upper(), b.upper(), by, since, until, directed, facts)
        windows = trend.windows
        sp = trend.spike(baseline, sd)
        return m.TrendOut(
            a=a.upper(),
            b=b.upper(),
            by=by,
            directed=directed,
            windows=[m.TrendWindow(**w.to_dict()) for w in windows],
            spike=m.SpikeOut(**sp.to_dict()) if sp else None,
        )

    key = ("trend", a.upper(), b.upper(), by, since, until, directed, baseline, sd, facts)
    return cache.response(key, build)
