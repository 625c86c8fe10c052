"""Reading stories back: a page of stories, one story with its articles, outlets, events,
time span and merges. Shared by `eventwatch stories` and `GET /stories`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select

from eventwatch.errors import E, EventwatchError
from eventwatch.store import EventFilter, Store
from eventwatch.store.schema import ArticleRow, EventRow
from eventwatch.stories.assign import current
from eventwatch.stories.schema import StoryArticleRow, StoryMergeRow, StoryRow, StorySplitRow


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _summary(row: StoryRow, n_events: int) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "num_articles": row.num_articles,
        "num_sources": row.num_sources,
        "num_events": n_events,
        "first_day": _iso(row.first_day),
        "last_day": _iso(row.last_day),
        "created_at": _iso(row.created_at),
        "updated_at": _iso(row.updated_at),
    }


def _event_counts(s: Any, story_ids: list[str]) -> dict[str, int]:
    if not story_ids:
        return {}
    stmt = (
        select(StoryArticleRow.story_id, func.count(EventRow.id))
        .join(EventRow, EventRow.article_id == StoryArticleRow.article_id)
        .where(StoryArticleRow.story_id.in_(story_ids))
        .group_by(StoryArticleRow.story_id)
    )
    return {sid: int(n) for sid, n in s.execute(stmt)}


def list_stories(
    store: Store, limit: int = 50, offset: int = 0, min_articles: int = 1
) -> tuple[list[dict[str, Any]], int]:
    """Live stories (not merged away), most recently updated first, and their total."""
    cond = [StoryRow.merged_into.is_(None), StoryRow.num_articles >= min_articles]
    with store.session() as s:
        total = int(s.scalar(select(func.count()).select_from(StoryRow).where(*cond)) or 0)
        rows = list(
            s.scalars(
                select(StoryRow)
                .where(*cond)
                .order_by(StoryRow.updated_at.desc(), StoryRow.id)
                .offset(offset)
                .limit(limit)
            )
        )
        counts = _event_counts(s, [r.id for r in rows])
        return [_summary(r, counts.get(r.id, 0)) for r in rows], total


def get_story(store: Store, story_id: str, max_events: int = 500) -> dict[str, Any]:
    """One story (a merged-away id leads to the story it was merged into)."""
    with store.session() as s:
        sid = current(s, story_id)
        row = s.get(StoryRow, sid)
        if row is None:
            raise EventwatchError(E.NOT_FOUND, what="story", name=story_id)
        arts = s.execute(
            select(ArticleRow, StoryArticleRow.outlet, StoryArticleRow.score)
            .join(StoryArticleRow, StoryArticleRow.article_id == ArticleRow.id)
            .where(StoryArticleRow.story_id == sid)
            .order_by(ArticleRow.ingested_at, ArticleRow.id)
        ).all()
        merges = list(
            s.scalars(
                select(StoryMergeRow)
                .where(StoryMergeRow.story_id == sid)
                .order_by(StoryMergeRow.merged_at, StoryMergeRow.id)
            )
        )
        splits = list(
            s.scalars(
                select(StorySplitRow)
                .where(or_(StorySplitRow.story_id == sid, StorySplitRow.split_id == sid))
                .order_by(StorySplitRow.split_at, StorySplitRow.id)
            )
        )
        n_events = _event_counts(s, [sid]).get(sid, 0)
        out = _summary(row, n_events)
    articles = [
        {
            "id": a.id,
            "title": a.title,
            "url": a.url,
            "source": a.source,
            "outlet": outlet,
            "published": _iso(a.published),
            "ingested_at": _iso(a.ingested_at),
            "score": round(score, 4) if score is not None else None,
        }
        for a, outlet, score in arts
    ]
    events = []
    for a in articles:
        for ev in store.list_events(EventFilter(article_id=a["id"]), limit=max_events):
            events.append(ev.to_dict())
    days = [
        a["published"] or a["ingested_at"][:10]
        for a in articles
        if a["published"] or a["ingested_at"]
    ]
    days += [e["day"] for e in events if e.get("day")]
    out.update(
        {
            "articles": articles,
            "outlets": sorted({a["outlet"] for a in articles}),
            "events": events[:max_events],
            "span": {"first": min(days) if days else None, "last": max(days) if days else None},
            "merges": [
                {
                    "merged_id": m.merged_id,
                    "article_id": m.article_id,
                    "score": round(m.score, 4),
                    "merged_at": _iso(m.merged_at),
                }
                for m in merges
            ],
            # splits of this story, and the split it came from (stories/split.py)
            "splits": [
                {
                    "story_id": x.story_id,
                    "split_id": x.split_id,
                    "article_id": x.article_id,
                    "moved": x.moved,
                    "score": round(x.score, 4),
                    "split_at": _iso(x.split_at),
                }
                for x in splits
            ],
        }
    )
    if sid != story_id:
        out["requested_id"] = story_id
    return out


def backfill(store: Store, limit: int | None = None) -> int:
    """Assign the stored articles that have no story (stored before stories existed), in
    ingest order; returns how many were assigned."""
    from eventwatch.store import convert
    from eventwatch.stories.assign import assign_article

    done = 0
    while limit is None or done < limit:
        with store.session() as s:
            stmt = (
                select(ArticleRow)
                .outerjoin(StoryArticleRow, StoryArticleRow.article_id == ArticleRow.id)
                .where(StoryArticleRow.article_id.is_(None))
                .order_by(ArticleRow.ingested_at, ArticleRow.id)
                .limit(1)
            )
            row = s.scalars(stmt).first()
            if row is None:
                return done
            events = [convert.event_record(e, list(e.actors), e.place) for e in row.events]
            assign_article(s, convert.article_record(row), events)
            done += 1
    return done
