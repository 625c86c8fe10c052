"""GET /health: liveness and database reachability."""

from __future__ import annotations

from fastapi import APIRouter

import eventwatch
from eventwatch.api import models as m
from eventwatch.api.deps import StoreDep

router = APIRouter()


@router.get("/health", response_model=m.Health, tags=["meta"])
def health(store: StoreDep) -> m.Health:
    """Liveness and database reachability."""
    store.count_articles()
    return m.Health(status="ok", version=eventwatch.__version__, database="ok")
