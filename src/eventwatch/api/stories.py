"""`GET /stories`, `GET /stories/{id}`: the stories that group the reports of one happening.

Included in the app by `create_app` (one `include_router` line); reads the app's store."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request

from eventwatch.api import models as m
from eventwatch.errors import EventwatchError
from eventwatch.stories.query import get_story, list_stories

router = APIRouter(tags=["stories"])

StoryId = Annotated[str, Path(min_length=1, max_length=64)]


@router.get("/stories", response_model=m.Page)
def stories(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=1000, description="page size")] = 50,
    offset: Annotated[int, Query(ge=0, le=10**9, description="items to skip")] = 0,
    min_articles: Annotated[int, Query(ge=1, le=10**6, description="at least this many")] = 1,
) -> m.Page:
    """Stories, most recently updated first: title, articles, outlets, events, days."""
    items, total = list_stories(request.app.state.store, limit, offset, min_articles)
    return m.Page(items=items, total=total, limit=limit, offset=offset)


@router.get(
    "/stories/{story_id}",
    responses={404: {"model": m.ErrorOut, "description": "not found"}},
)
def story(request: Request, story_id: StoryId) -> dict[str, Any]:
    """One story with its articles, outlets, events (with their clusters and GDELT-style
    counts), time span and the merges that formed it. A merged-away id gives the story it
    was merged into."""
    try:
        return get_story(request.app.state.store, story_id)
    except EventwatchError as err:
        if err.code == "E013":
            raise HTTPException(404, detail=f"story not found: {story_id}") from err
        raise
