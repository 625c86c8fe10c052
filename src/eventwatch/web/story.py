"""The evidence view's story: the other articles of the story the event's article belongs
to (title, outlet, link, published date), read with one indexed query on `story_articles`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from eventwatch.store import Store
from eventwatch.store.schema import ArticleRow
from eventwatch.stories.assign import current
from eventwatch.stories.schema import StoryArticleRow, StoryRow

STORY_LIMIT = 20


def story_reports(store: Store, story_id: str | None, article_id: str) -> dict[str, Any] | None:
    """The story `story_id` (followed through merges) with `num_articles`, `num_sources`,
    `title` and `others`: at most STORY_LIMIT of its articles other than `article_id`, oldest
    first. None when the event has no story or the story is gone."""
    if not story_id:
        return None
    with store.session() as s:
        sid = current(s, story_id)
        row = s.get(StoryRow, sid)
        if row is None:
            return None
        stmt = (
            select(ArticleRow, StoryArticleRow.outlet)
            .join(StoryArticleRow, StoryArticleRow.article_id == ArticleRow.id)
            .where(StoryArticleRow.story_id == sid, ArticleRow.id != article_id)
            .order_by(ArticleRow.published, ArticleRow.ingested_at, ArticleRow.id)
            .limit(STORY_LIMIT)
        )
        others = [
            {
                "id": a.id,
                "title": a.title,
                "source": a.source,
                "outlet": outlet,
                "url": a.url,
                "published": a.published.isoformat() if a.published else None,
            }
            for a, outlet in s.execute(stmt)
        ]
        return {
            "id": sid,
            "title": row.title,
            "num_articles": row.num_articles,
            "num_sources": row.num_sources,
            "others": others,
        }
