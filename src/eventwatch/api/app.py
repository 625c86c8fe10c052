"""The REST API: a thin FastAPI face over the store and the watch engine.

    app = create_app("events.db")      # eventwatch serve runs it under uvicorn

Events, articles, actors and trends are open. Rules and alerts need a key from `eventwatch
apikey create` in the `X-API-Key` header (a read or write key; open to all when the app is
made with `public_rules=True`); writes (`POST/PUT/DELETE /rules`) need a write key (401
without a valid key, 403 with a read key). Notifier secrets are never returned: a webhook
URL shows its host only (see `eventwatch.api.redact`). Bad input is a 4xx with `{"detail": ...}`:
422 for malformed parameters and bodies, 400 for values the domain refuses, 404 for unknown
ids, 409 for a rule name already taken. OpenAPI at /openapi.json, docs at /docs.

`create_app` only assembles: the routes live in eventwatch.api.routes (one module per
resource group) and eventwatch.api.stories; what they share (store, key checks, parameter
types, documented errors) in eventwatch.api.deps.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

import eventwatch
from eventwatch.api.cache import AggregateCache
from eventwatch.api.deps import API_KEY_HEADER, NO_KEY, READ_ONLY_KEY
from eventwatch.api.fastpath import FastPaths
from eventwatch.api.routes import actors, alerts, articles, events, health, rules, trends
from eventwatch.api.stories import router as stories_router
from eventwatch.config import Settings, current
from eventwatch.errors import EventwatchError
from eventwatch.store import Store, open_store


def _status_of(err: EventwatchError) -> int:
    return {"E013": 404, "E101": 409}.get(err.code, 400)


def app_from_env() -> FastAPI:
    """The app a worker process of `eventwatch serve` builds: the store at $EVENTWATCH_DB,
    rules public when $EVENTWATCH_PUBLIC_RULES=1."""
    settings = Settings.from_env()
    return create_app(settings.db, public_rules=settings.public_rules, settings=settings)


def create_app(
    db: str | None = None,
    store: Store | None = None,
    public_rules: bool = False,
    settings: Settings | None = None,
) -> FastAPI:
    """The API over the store at `db` (a path or SQLAlchemy URL), or over an open `store`.
    `public_rules`: rules and alerts may be read without a key. `settings`: what the app
    hands to the services it calls (default: `eventwatch.config.current()`)."""
    app = FastAPI(
        title="eventwatch",
        version=eventwatch.__version__,
        description="Coded political events from news, with evidence; watch rules and alerts.",
    )
    app.state.store = store or open_store(db)
    app.state.public_rules = public_rules
    app.state.settings = settings or current()
    app.state.cache = AggregateCache(app.state.store)

    # refuses writes without a write key before their body is read; answers cached reads
    app.add_middleware(FastPaths, key_header=API_KEY_HEADER, no_key=NO_KEY, read_only=READ_ONLY_KEY)

    @app.exception_handler(EventwatchError)
    async def _domain_error(request: Request, err: EventwatchError) -> JSONResponse:
        return JSONResponse({"detail": str(err), "code": err.code}, status_code=_status_of(err))

    for group in (health, articles, events, actors, rules, alerts, trends):
        app.include_router(group.router)
    app.include_router(stories_router)  # GET /stories, /stories/{id} (eventwatch.api.stories)
    from eventwatch.web import mount_web  # the analyst's page at /, /docs from local assets

    return mount_web(app)
