"""`StoryIndex` over the store's tables, inside the caller's session (one transaction with the
article being stored). Works on SQLite and PostgreSQL: counters are bumped with each
dialect's INSERT ... ON CONFLICT, so concurrent writers do not lose counts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from eventwatch.stories.online import Weighted, merge_state, update_state
from eventwatch.stories.schema import (
    StoryArticleRow,
    StoryClusterRow,
    StoryKeyRow,
    StoryMergeRow,
    StoryRow,
    StoryTermRow,
)
from eventwatch.stories.scorer import StoryState

DOCS = "#docs"
CHUNK = 400


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def _insert(s: Session, table: Any) -> Any:
    name = s.get_bind().dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - the store supports these two
        raise NotImplementedError(f"stories need SQLite or PostgreSQL, not {name}")
    return insert(table)


def state_of(row: StoryRow) -> StoryState:
    st = row.state or {}
    return StoryState(
        id=row.id,
        terms=dict(st.get("terms") or {}),
        names=dict(st.get("names") or {}),
        years=dict(st.get("years") or {}),
        name_docs=dict(st.get("name_docs") or {}),
        head_docs=dict(st.get("head_docs") or {}),
        numbers=dict(st.get("numbers") or {}),
        types=list(st.get("types") or []),
        first_day=row.first_day,
        last_day=row.last_day,
        n_articles=row.num_articles,
    )


def _state_json(st: StoryState) -> dict[str, Any]:
    return {
        "terms": {k: round(v, 5) for k, v in st.terms.items()},
        "names": {k: round(v, 5) for k, v in st.names.items()},
        "years": st.years,
        "name_docs": st.name_docs,
        "head_docs": st.head_docs,
        "numbers": st.numbers,
        "types": st.types,
    }


class DbIndex:
    def __init__(self, s: Session, now: datetime) -> None:
        self.s = s
        self.now = now
        self._rows: dict[str, StoryRow] = {}

    def stats(self, tokens: Iterable[str]) -> tuple[int, dict[str, int]]:
        toks = sorted(set(tokens) | {DOCS})
        df: dict[str, int] = {}
        for part in _chunks(toks):
            stmt = select(StoryTermRow.term, StoryTermRow.n).where(StoryTermRow.term.in_(part))
            df.update({t: n for t, n in self.s.execute(stmt)})
        return df.pop(DOCS, 0), df

    def bump(self, tokens: Iterable[str]) -> None:
        toks = sorted({t[:120] for t in tokens} | {DOCS})
        for part in _chunks(toks):
            ins = _insert(self.s, StoryTermRow.__table__)
            stmt = ins.on_conflict_do_update(
                index_elements=["term"], set_={"n": StoryTermRow.__table__.c.n + 1}
            )
            self.s.execute(stmt, [{"term": t, "n": 1} for t in part])

    def candidates(
        self, keys: set[str], day: date | None, seen: date | None, window: int, limit: int
    ) -> list[str]:
        if not keys:
            return []
        w = timedelta(days=window)
        seen = seen or self.now.date()
        recent = and_(StoryKeyRow.seen >= seen - w, StoryKeyRow.seen <= seen + w)
        if day is not None:
            cond = or_(
                and_(StoryKeyRow.day >= day - w, StoryKeyRow.day <= day + w),
                and_(StoryKeyRow.day.is_(None), recent),
            )
        else:
            cond = recent
        hits = func.count().label("hits")
        stmt = (
            select(StoryKeyRow.story_id, hits)
            .where(StoryKeyRow.key.in_(sorted(keys)[:CHUNK]), cond)
            .group_by(StoryKeyRow.story_id)
            .order_by(hits.desc(), StoryKeyRow.story_id)
            .limit(limit)
        )
        found = [sid for sid, _ in self.s.execute(stmt)]
        self._prefetch(found)
        return found

    def _prefetch(self, story_ids: list[str]) -> None:
        """Load the rows of `story_ids` in one query (each candidate's state is read next:
        one `get` per candidate was most of an article's assignment time)."""
        missing = [sid for sid in story_ids if sid not in self._rows]
        for part in _chunks(missing):
            for row in self.s.scalars(select(StoryRow).where(StoryRow.id.in_(part))):
                self._rows[row.id] = row

    def _row(self, story_id: str) -> StoryRow:
        row = self._rows.get(story_id) or self.s.get(StoryRow, story_id)
        if row is None:
            raise KeyError(story_id)
        self._rows[story_id] = row
        return row

    def state(self, story_id: str) -> StoryState:
        return state_of(self._row(story_id))

    def found(self, story_id: str, w: Weighted) -> None:
        f = w.features
        row = StoryRow(
            id=story_id,
            title=f.title[:500],
            first_article_id=f.article_id,
            num_articles=0,
            num_sources=1,  # its one article's outlet
            state={},
            created_at=self.now,
            updated_at=self.now,
        )
        self.s.add(row)
        self._rows[story_id] = row
        self._attach(story_id, w, None, recount=False)

    def attach(self, story_id: str, w: Weighted, score: float | None) -> None:
        self._attach(story_id, w, score, recount=True)

    def _attach(self, story_id: str, w: Weighted, score: float | None, recount: bool) -> None:
        """`attach`; `recount=False` for a story founded by this article (one outlet)."""
        f = w.features
        row = self._row(story_id)
        st = state_of(row)
        update_state(st, w)
        row.state = _state_json(st)
        row.first_day, row.last_day = st.first_day, st.last_day
        row.num_articles = st.n_articles
        row.updated_at = self.now
        self.s.add(
            StoryArticleRow(
                article_id=f.article_id,
                story_id=story_id,
                outlet=f.outlet[:200],
                day=f.day,
                score=score,
                assigned_at=self.now,
            )
        )
        seen = f.seen or self.now.date()
        if w.keys:
            table = StoryKeyRow.__table__
            ins = _insert(self.s, table)
            day_now = func.coalesce(ins.excluded.day, table.c.day)
            stmt = ins.on_conflict_do_update(
                index_elements=["key", "story_id"], set_={"day": day_now, "seen": ins.excluded.seen}
            )
            rows = [{"key": k, "story_id": story_id, "day": f.day, "seen": seen} for k in w.keys]
            self.s.execute(stmt, rows)
        if recount:
            self.s.flush()
            self._recount(row)

    def _recount(self, row: StoryRow) -> None:
        outlets = select(func.count(func.distinct(StoryArticleRow.outlet))).where(
            StoryArticleRow.story_id == row.id
        )
        row.num_sources = int(self.s.scalar(outlets) or 0)

    def merge(self, into: str, other: str, article_id: str, score: float) -> None:
        keep, gone = self._row(into), self._row(other)
        st = state_of(keep)
        merge_state(st, state_of(gone))
        keep.state = _state_json(st)
        keep.first_day, keep.last_day = st.first_day, st.last_day
        keep.num_articles, keep.updated_at = st.n_articles, self.now
        gone.merged_into, gone.num_articles, gone.updated_at = into, 0, self.now
        self.s.execute(
            update(StoryArticleRow).where(StoryArticleRow.story_id == other).values(story_id=into)
        )
        self.s.execute(
            update(StoryClusterRow).where(StoryClusterRow.story_id == other).values(story_id=into)
        )
        self.s.execute(
            update(StoryRow).where(StoryRow.merged_into == other).values(merged_into=into)
        )
        have = set(self.s.scalars(select(StoryKeyRow.key).where(StoryKeyRow.story_id == into)))
        for k in self.s.scalars(select(StoryKeyRow).where(StoryKeyRow.story_id == other)).all():
            if k.key in have:
                self.s.delete(k)
            else:
                k.story_id = into
        self.s.add(
            StoryMergeRow(
                story_id=into,
                merged_id=other,
                article_id=article_id,
                score=score,
                merged_at=self.now,
            )
        )
        self.s.flush()
        self._recount(keep)
