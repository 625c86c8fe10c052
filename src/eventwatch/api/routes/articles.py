"""GET /articles and /articles/{id}: stored articles, each with its number of events."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response

from eventwatch.api import models as m
from eventwatch.api.cache import AggregateCache
from eventwatch.api.deps import ERRORS, EventId, Limit, Offset, StoreDep, Text, filter_key
from eventwatch.store import ArticleFilter

router = APIRouter()


@router.get("/articles", response_model=m.Page, tags=["articles"])
def articles(
    request: Request,
    store: StoreDep,
    source: Text = None,
    since: date | None = None,
    until: date | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Response:
    """Stored articles in ingest order, each with its number of events."""
    cache: AggregateCache = request.app.state.cache
    flt = ArticleFilter(source=source, since=since, until=until)

    def build() -> m.Page:
        found = store.list_articles(flt, limit=limit, offset=offset)
        total = cache.get(("articles", filter_key(flt)), lambda: store.count_articles(flt))
        items = [_article_dict(a, n) for a, n in found]
        return m.Page(items=items, total=total, limit=limit, offset=offset)

    return cache.response(("articles", filter_key(flt), limit, offset), build)


@router.get("/articles/{article_id}", tags=["articles"], responses=ERRORS)
def article(store: StoreDep, article_id: EventId) -> dict[str, Any]:
    """One article with its text."""
    art = store.get_article(article_id)
    if art is None:
        raise HTTPException(404, detail=f"article not found: {article_id}")
    return art.to_dict()


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
