"""The REST API: a thin FastAPI face over the store and the watch engine.

    app = create_app("events.db")      # eventwatch serve runs it under uvicorn

Events, articles, actors and trends are open. Rules and alerts need a key from `eventwatch
apikey create` in the `X-API-Key` header (a read or write key; open to all when the app is
made with `public_rules=True`); writes (`POST/PUT/DELETE /rules`) need a write key (401
without a valid key, 403 with a read key). Notifier secrets are never returned: a webhook
URL shows its host only (see `eventwatch.api.redact`). Bad input is a 4xx with `{"detail": ...}`:
422 for malformed parameters and bodies, 400 for values the domain refuses, 404 for unknown
ids, 409 for a rule name already taken. OpenAPI at /openapi.json, docs at /docs.
"""

from __future__ import annotations

import io
import os
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request, Security
from fastapi.responses import JSONResponse, Response
from fastapi.security import APIKeyHeader

import eventwatch
from eventwatch.api import models as m
from eventwatch.api.cache import AggregateCache
from eventwatch.api.fastpath import FastPaths
from eventwatch.api.stories import router as stories_router
from eventwatch.errors import EventwatchError
from eventwatch.store import ArticleFilter, EventFilter, Store, open_store

API_KEY_HEADER = "X-API-Key"
NO_KEY = f"a valid {API_KEY_HEADER} header is required (eventwatch apikey create NAME)"
READ_ONLY_KEY = "this API key may only read (eventwatch apikey create NAME --scope write)"
MAX_LIMIT = 1000
MAX_OFFSET = 10**9

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")]
Text = Annotated[str | None, Query(min_length=1, max_length=200)]
CountryQ = Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="ISO 3166 alpha-3")]
EventId = Annotated[str, Path(min_length=1, max_length=64)]
RuleId = Annotated[int, Path(ge=1, le=2**31 - 1)]

_key_header = APIKeyHeader(
    name=API_KEY_HEADER, auto_error=False, description="a key from `eventwatch apikey create`"
)

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": m.ErrorOut, "description": "a value the domain refuses"},
    404: {"model": m.ErrorOut, "description": "not found"},
}
READ_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    401: {"model": m.ErrorOut, "description": "missing or unknown API key"},
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **READ_ERRORS,
    403: {"model": m.ErrorOut, "description": "a read-only API key"},
    409: {"model": m.ErrorOut, "description": "a rule of that name exists"},
}


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


def _status_of(err: EventwatchError) -> int:
    return {"E013": 404, "E101": 409}.get(err.code, 400)


def app_from_env() -> FastAPI:
    """The app a worker process of `eventwatch serve` builds: the store at $EVENTWATCH_DB,
    rules public when $EVENTWATCH_PUBLIC_RULES=1."""
    return create_app(public_rules=os.environ.get("EVENTWATCH_PUBLIC_RULES") == "1")


def create_app(
    db: str | None = None, store: Store | None = None, public_rules: bool = False
) -> FastAPI:
    """The API over the store at `db` (a path or SQLAlchemy URL), or over an open `store`.
    `public_rules`: rules and alerts may be read without a key."""
    app = FastAPI(
        title="eventwatch",
        version=eventwatch.__version__,
        description="Coded political events from news, with evidence; watch rules and alerts.",
    )
    app.state.store = store or open_store(db)
    app.state.public_rules = public_rules
    app.state.cache = cache = AggregateCache(app.state.store)

    def require_key(
        request: Request, key: Annotated[str | None, Security(_key_header)] = None
    ) -> None:
        """Documents the key in the OpenAPI schema; `FastPaths` enforces it first."""
        _check_key(request.app.state.store, key, "write")

    def require_read_key(
        request: Request, key: Annotated[str | None, Security(_key_header)] = None
    ) -> None:
        """Rules and alerts: a read or write key, unless the server made them public."""
        if not request.app.state.public_rules:
            _check_key(request.app.state.store, key, "read")

    read_key = [Depends(require_read_key)]

    # refuses writes without a write key before their body is read; answers cached reads
    app.add_middleware(FastPaths, key_header=API_KEY_HEADER, no_key=NO_KEY, read_only=READ_ONLY_KEY)

    @app.exception_handler(EventwatchError)
    async def _domain_error(request: Request, err: EventwatchError) -> JSONResponse:
        return JSONResponse({"detail": str(err), "code": err.code}, status_code=_status_of(err))

    # ---- health ------------------------------------------------------------------------------
    @app.get("/health", response_model=m.Health, tags=["meta"])
    def health(store: StoreDep) -> m.Health:
        """Liveness and database reachability."""
        store.count_articles()
        return m.Health(status="ok", version=eventwatch.__version__, database="ok")

    # ---- articles ----------------------------------------------------------------------------
    @app.get("/articles", response_model=m.Page, tags=["articles"])
    def articles(
        store: StoreDep,
        source: Text = None,
        since: date | None = None,
        until: date | None = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Response:
        """Stored articles in ingest order, each with its number of events."""
        flt = ArticleFilter(source=source, since=since, until=until)

        def build() -> m.Page:
            found = store.list_articles(flt, limit=limit, offset=offset)
            total = cache.get(("articles", _key(flt)), lambda: store.count_articles(flt))
            items = [_article_dict(a, n) for a, n in found]
            return m.Page(items=items, total=total, limit=limit, offset=offset)

        return cache.response(("articles", _key(flt), limit, offset), build)

    @app.get("/articles/{article_id}", tags=["articles"], responses=ERRORS)
    def article(store: StoreDep, article_id: EventId) -> dict[str, Any]:
        """One article with its text."""
        art = store.get_article(article_id)
        if art is None:
            raise HTTPException(404, detail=f"article not found: {article_id}")
        return art.to_dict()

    # ---- events ------------------------------------------------------------------------------
    @app.get(
        "/events",
        response_model=m.Page,
        tags=["events"],
        responses={
            200: {"content": {"text/csv": {}}, "description": "a page of events (JSON or CSV)"}
        },
    )
    def events(
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
                total=cache.get(("events", _key(flt)), lambda: store.count_events(flt)),
                limit=limit,
                offset=offset,
            )

        return cache.response(("events", _key(flt), limit, offset, format), build)

    @app.get("/events/{event_id}", tags=["events"], responses=ERRORS)
    def event(store: StoreDep, event_id: EventId) -> dict[str, Any]:
        """One stored event with its article, counts and cluster."""
        found = store.get_event(event_id)
        if found is None:
            raise HTTPException(404, detail=f"event not found: {event_id}")
        return found.to_dict()

    # ---- actors ------------------------------------------------------------------------------
    @app.get("/actors", response_model=m.Page, tags=["actors"])
    def actors(
        store: StoreDep,
        q: Text = None,
        country: CountryQ = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Response:
        """Actors seen in stored events (as sources or targets), most frequent first."""
        from eventwatch.api.actors import stored_actors

        def build() -> m.Page:
            items, total = stored_actors(store, q, country, limit, offset)
            return m.Page(items=items, total=total, limit=limit, offset=offset)

        return cache.response(("actors", q, country, limit, offset), build)

    @app.get("/actors/resolve", response_model=m.ActorResolution, tags=["actors"])
    def resolve(
        name: Annotated[str, Query(min_length=1, max_length=200)],
        on: Annotated[date | None, Query(alias="date")] = None,
    ) -> m.ActorResolution:
        """Who a name is on a date, from the actors knowledge base (`actor` null if unknown)."""
        found = eventwatch.resolve_actor(name, date=on)
        return m.ActorResolution(query=name, date=on.isoformat() if on else None, actor=found)

    # ---- rules -------------------------------------------------------------------------------
    @app.get(
        "/rules",
        response_model=m.RulePage,
        tags=["rules"],
        responses=READ_ERRORS,
        dependencies=read_key,
    )
    def rules(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> m.RulePage:
        """Watch rules (needs a key unless served with --public-rules; secrets redacted)."""
        from eventwatch.watch.rulestore import count_rules, list_rules

        items = [_rule_out(r) for r in list_rules(store, limit=limit, offset=offset)]
        return m.RulePage(items=items, total=count_rules(store), limit=limit, offset=offset)

    @app.post(
        "/rules",
        response_model=m.RuleOut,
        status_code=201,
        tags=["rules"],
        responses=WRITE_ERRORS,
        dependencies=[Depends(require_key)],
    )
    def create_rule(store: StoreDep, body: m.RuleIn) -> m.RuleOut:
        """Add a rule (needs an API key)."""
        from eventwatch.watch.rulestore import add_rule

        return _rule_out(add_rule(store, _rule(body)))

    @app.get(
        "/rules/{rule_id}",
        response_model=m.RuleOut,
        tags=["rules"],
        responses=READ_ERRORS,
        dependencies=read_key,
    )
    def read_rule(store: StoreDep, rule_id: RuleId) -> m.RuleOut:
        from eventwatch.watch.rulestore import get_rule

        return _rule_out(get_rule(store, rule_id))

    @app.put(
        "/rules/{rule_id}",
        response_model=m.RuleOut,
        tags=["rules"],
        responses=WRITE_ERRORS,
        dependencies=[Depends(require_key)],
    )
    def replace_rule(store: StoreDep, rule_id: RuleId, body: m.RuleIn) -> m.RuleOut:
        """Replace a rule's name, conditions, notifiers and switch (needs an API key)."""
        from eventwatch.api.redact import keep_redacted
        from eventwatch.watch.rulestore import get_rule, update_rule

        new = _rule(body)
        new.notifiers = keep_redacted(get_rule(store, rule_id).notifiers, new.notifiers)
        return _rule_out(update_rule(store, rule_id, new))

    @app.delete(
        "/rules/{rule_id}",
        status_code=204,
        tags=["rules"],
        responses=WRITE_ERRORS,
        dependencies=[Depends(require_key)],
    )
    def delete_rule(store: StoreDep, rule_id: RuleId) -> Response:
        """Delete a rule and its alerts (needs an API key)."""
        from eventwatch.watch.rulestore import remove_rule

        remove_rule(store, rule_id)
        return Response(status_code=204)

    @app.get(
        "/rules/{rule_id}/test",
        response_model=m.Page,
        tags=["rules"],
        responses=READ_ERRORS,
        dependencies=read_key,
    )
    def test_rule(store: StoreDep, rule_id: RuleId, limit: Limit = 50) -> m.Page:
        """Stored events the rule would have fired on (same cluster = same real-world event)."""
        from eventwatch.watch.engine import would_fire
        from eventwatch.watch.rulestore import get_rule

        hits = [h.to_dict() for h in would_fire(store, get_rule(store, rule_id), limit=limit)]
        return m.Page(items=hits, total=len(hits), limit=limit, offset=0)

    # ---- alerts ------------------------------------------------------------------------------
    @app.get(
        "/alerts",
        response_model=m.Page,
        tags=["alerts"],
        responses=READ_ERRORS,
        dependencies=read_key,
    )
    def alerts(
        store: StoreDep,
        rule_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> m.Page:
        """Alerts, newest first, each with every report that joined it."""
        from eventwatch.watch.rulestore import count_alerts, list_alerts

        items = list_alerts(store, rule=rule_id, limit=limit, offset=offset)
        return m.Page(items=items, total=count_alerts(store, rule_id), limit=limit, offset=offset)

    @app.get("/alerts/{alert_id}", tags=["alerts"], responses=READ_ERRORS, dependencies=read_key)
    def alert(store: StoreDep, alert_id: RuleId) -> dict[str, Any]:
        from eventwatch.watch.rulestore import get_alert

        return get_alert(store, alert_id)

    # ---- trends ------------------------------------------------------------------------------
    @app.get("/trends", response_model=m.TrendOut, tags=["trends"], responses=ERRORS)
    def trends(
        store: StoreDep,
        a: Annotated[str, Query(pattern=r"^[A-Za-z]{3}$", description="ISO 3166 alpha-3")],
        b: Annotated[str, Query(pattern=r"^[A-Za-z]{3}$", description="ISO 3166 alpha-3")],
        by: Literal["day", "week", "month"] = "day",
        since: date | None = None,
        until: date | None = None,
        directed: bool = False,
        baseline: Annotated[int, Query(ge=2, le=366)] = 7,
        sd: Annotated[float, Query(ge=0, le=100)] = 3.0,
    ) -> Response:
        """Counts by quad class and mean Goldstein for a dyad per window, and the spike test."""
        from eventwatch.watch.trends import dyad_trend, spike

        if since and until and since > until:
            raise HTTPException(400, detail="since is after until")

        def build() -> m.TrendOut:
            # more windows than trends.MAX_WINDOWS is an E014, answered 400
            windows = dyad_trend(store, a.upper(), b.upper(), by, since, until, directed)
            last = windows[-1].period if windows else ""
            sp = spike([w.count for w in windows], baseline, sd, last)
            return m.TrendOut(
                a=a.upper(),
                b=b.upper(),
                by=by,
                directed=directed,
                windows=[m.TrendWindow(**w.to_dict()) for w in windows],
                spike=m.SpikeOut(**sp.to_dict()) if sp else None,
            )

        key = ("trend", a.upper(), b.upper(), by, since, until, directed, baseline, sd)
        return cache.response(key, build)

    app.include_router(stories_router)  # GET /stories, /stories/{id} (eventwatch.api.stories)
    from eventwatch.web import mount_web  # the analyst's page at /, /docs from local assets

    return mount_web(app)


def _key(flt: Any) -> tuple[Any, ...]:
    """A filter dataclass as a hashable cache key."""
    return tuple(sorted(vars(flt).items()))


def _check_key(store: Store, key: str | None, need: str) -> None:
    from eventwatch.api.keys import key_scope

    scope = key_scope(store, key)
    if scope is None:
        raise HTTPException(401, detail=NO_KEY, headers={"WWW-Authenticate": "ApiKey"})
    if need == "write" and scope != "write":
        raise HTTPException(403, detail=READ_ONLY_KEY)


def _rule_out(rule) -> m.RuleOut:
    from eventwatch.api.redact import redact_rule

    return m.RuleOut(**redact_rule(rule.to_dict()))


def _rule(body: m.RuleIn):
    from eventwatch.watch.rules import Rule

    data = body.model_dump(exclude_none=True)
    return Rule.from_dict(data)


def _article_dict(a, n: int) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.title,
        "published": a.published.isoformat() if a.published else None,
        "url": a.url,
        "source": a.source,
        "origin": a.origin,
        "events": n,
    }
