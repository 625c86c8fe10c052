"""The analyst's web page served by `eventwatch serve` at `/`: events with their evidence,
a map, a timeline, the dyad network and the alert inbox, plus Swagger UI at `/docs`, all
from assets served by this server (npm packages installed by `make setup`).

    from eventwatch.web import mount_web
    mount_web(app)          # the REST API's FastAPI app, after its own routes
"""

from __future__ import annotations

from fastapi import FastAPI


def mount_web(app: FastAPI) -> FastAPI:
    """Add the page's routes to `app`, replacing FastAPI's /docs (which loads a CDN)."""
    from eventwatch.web.routes import router

    docs = app.docs_url or "/docs"
    app.router.routes[:] = [r for r in app.router.routes if getattr(r, "path", None) != docs]
    app.include_router(router)
    return app
