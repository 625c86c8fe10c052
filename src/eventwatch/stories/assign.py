"""The store's hook: every article stored is given its story in the same transaction.

    story_id = assign_article(session, article, events)

An article already assigned keeps its story. `backfill(store)` assigns the articles stored
before stories existed, in ingest order.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import urlsplit

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from eventwatch.records import Article, Event
from eventwatch.stories.dbindex import STORY_OF, DbIndex
from eventwatch.stories.online import Placed, place
from eventwatch.stories.schema import StoryArticleRow, StoryRow
from eventwatch.stories.scorer import Params, shipped
from eventwatch.stories.text import features


def outlet_of(source: str | None, url: str | None, article_id: str) -> str:
    """The outlet: the source name, else the URL's host, else the article itself."""
    if source:
        return source.strip().lower()
    if url:
        host = urlsplit(url).hostname
        if host:
            return host.lower().removeprefix("www.")
    return f"article:{article_id}"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def assign_article(
    s: Session,
    article: Article,
    events: Sequence[Event] = (),
    params: Params | None = None,
    now: datetime | None = None,
) -> Placed:
    """Put `article` (being stored in session `s`) into its story."""
    got = s.get(StoryArticleRow, article.id)
    if got is not None:
        return Placed(got.story_id, got.score)
    params = params or shipped()
    now = now or _now()
    f = features(
        article.id,
        article.title or "",
        article.text,
        lead_words=params.lead_words,
        events=[e.to_dict() for e in events],
        day=article.published,
        seen=now.date(),
        outlet=outlet_of(article.source, article.url, article.id),
    )
    if not f.title:
        f.title = " ".join(article.text.split()[:12])
    return place(DbIndex(s, now), f, params)


_STORY_OF = STORY_OF  # in Session.info: article id -> story id read in it


def tx_memo(s: Session, key: str) -> dict[str, str]:
    """A dict kept under `key` in the session's `info` for its current transaction: answers
    read in it are remembered until the transaction ends (a new one starts empty)."""
    tx, seen = s.info.get(key, (None, {}))
    if tx is None or tx is not s.get_transaction():
        tx, seen = s.get_transaction(), {}
        s.info[key] = (tx, seen)
    return seen  # type: ignore[no-any-return]


# built once, with bound parameters (asked for every event the watch step groups)
_STORY_OF_ARTICLE = select(StoryArticleRow.story_id).where(
    StoryArticleRow.article_id == bindparam("article_id")
)
_MERGED_INTO = select(StoryRow.merged_into).where(StoryRow.id == bindparam("story_id"))


def story_of(s: Session, article_id: str) -> str | None:
    """The story an article was put in (possibly merged since: see `current`). Found ids are
    remembered for the session's transaction (in its `info`): an article's row is written
    once, and a merge that moves it leaves the old story pointing at the new one, which
    `current` follows."""
    seen = tx_memo(s, _STORY_OF)
    got: str | None = seen.get(article_id)
    if got is None:
        got = s.scalar(_STORY_OF_ARTICLE, {"article_id": article_id})
        if got is not None:
            seen[article_id] = got
    return got


def current(s: Session, story_id: str) -> str:
    """The story a (possibly merged) story id now lives in."""
    seen = set()
    while story_id not in seen:
        seen.add(story_id)
        # a row this session holds answers at once; else read the one column, not the row
        # (whose JSON state is the bulk of it)
        row = s.identity_map.get(identity_key(StoryRow, story_id))
        nxt = row.merged_into if row is not None else s.scalar(_MERGED_INTO, {"story_id": story_id})
        if not nxt:
            return story_id
        story_id = nxt
    return story_id


def story_ids(s: Session, article_ids: Sequence[str]) -> dict[str, str]:
    """The story of each of `article_ids` that has one."""
    out: dict[str, str] = {}
    ids = sorted(set(article_ids))
    for i in range(0, len(ids), 500):
        out.update({a: sid for a, sid in s.execute(_STORIES_OF, {"ids": ids[i : i + 500]})})
    return out


# built once (the writer's watch step asks for every article)
_STORIES_OF = select(StoryArticleRow.article_id, StoryArticleRow.story_id).where(
    StoryArticleRow.article_id.in_(bindparam("ids", expanding=True))
)
