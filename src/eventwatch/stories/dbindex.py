"""`StoryIndex` over the store's tables, inside the caller's session (one transaction with the
article being stored). Works on SQLite and PostgreSQL: counters are bumped with each
dialect's INSERT ... ON CONFLICT, so concurrent writers do not lose counts."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Text, and_, bindparam, cast, delete, func, or_, select, update
from sqlalchemy.engine import Dialect
from sqlalchemy.engine.interfaces import Compiled
from sqlalchemy.orm import Session, defer
from sqlalchemy.orm.util import identity_key

from eventwatch.store.schema import ArticleRow
from eventwatch.stories.online import Weighted, merge_state, update_state
from eventwatch.stories.schema import (
    StoryArticleRow,
    StoryClusterRow,
    StoryKeyRow,
    StoryMergeRow,
    StoryRow,
    StorySplitRow,
    StoryTermRow,
)
from eventwatch.stories.scorer import StoryState
from eventwatch.stories.split import MAX_SPLIT, PairCache
from eventwatch.stories.text import ArticleFeatures

DOCS = "#docs"
STORY_OF = "eventwatch.story_of"  # assign.story_of's memory in Session.info
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


_UPSERTS: WeakKeyDictionary[Dialect, tuple[Compiled, Compiled]] = WeakKeyDictionary()


def _upserts(s: Session) -> tuple[Compiled, Compiled]:
    """The counters' INSERT ... ON CONFLICT statements (term counts, blocking keys), compiled
    once per dialect (an engine's): SQLAlchemy gives these statements no cache key, so run as
    statements they were compiled again for every article. Run with `_run`."""
    dialect = s.connection().dialect  # connected: the dialect knows its server
    got = _UPSERTS.get(dialect)
    if got is None:
        terms = _insert(s, StoryTermRow.__table__)
        terms = terms.on_conflict_do_update(
            index_elements=["term"], set_={"n": StoryTermRow.__table__.c.n + 1}
        )
        table = StoryKeyRow.__table__
        keys = _insert(s, table)
        day_now = func.coalesce(keys.excluded.day, table.c.day)
        keys = keys.on_conflict_do_update(
            index_elements=["key", "story_id"], set_={"day": day_now, "seen": keys.excluded.seen}
        )
        got = _UPSERTS[dialect] = (
            terms.compile(dialect=dialect, column_keys=["n", "term"], for_executemany=True),
            keys.compile(
                dialect=dialect, column_keys=["day", "key", "seen", "story_id"], for_executemany=True
            ),
        )
    return got


def _run(s: Session, compiled: Compiled, rows: list[dict[str, Any]]) -> None:
    """Execute a compiled statement for each of `rows` (dicts with its `column_keys`) in the
    session's transaction, with the types' bind processing as for a statement."""
    s.connection().execute(compiled, rows)  # type: ignore[call-overload]


def state_of(row: StoryRow) -> StoryState:
    return state_from(row.id, row.state, row.first_day, row.last_day, row.num_articles)


def state_from(
    story_id: str,
    stored: dict[str, Any] | None,
    first_day: date | None,
    last_day: date | None,
    n_articles: int,
) -> StoryState:
    """A story's state from its columns (`stored`: the `state` column, decoded). Copies what
    it reads: the dicts given are never altered."""
    st = stored or {}
    return StoryState(
        id=story_id,
        terms=dict(st.get("terms") or {}),
        names=dict(st.get("names") or {}),
        years=dict(st.get("years") or {}),
        name_docs=dict(st.get("name_docs") or {}),
        head_docs=dict(st.get("head_docs") or {}),
        numbers=dict(st.get("numbers") or {}),
        types=list(st.get("types") or []),
        first_day=first_day,
        last_day=last_day,
        n_articles=n_articles,
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


# statements run for every article, built once with bound parameters (building and keying a
# statement cost more than running it)
_TERM_COUNTS = select(StoryTermRow.term, StoryTermRow.n).where(
    StoryTermRow.term.in_(bindparam("terms", expanding=True))
)


def _candidates(with_day: bool) -> Any:
    """Stories sharing a key inside the window (`DbIndex.candidates`), bound parameters."""
    recent = and_(StoryKeyRow.seen >= bindparam("seen_lo"), StoryKeyRow.seen <= bindparam("seen_hi"))
    cond = (
        or_(
            and_(StoryKeyRow.day >= bindparam("day_lo"), StoryKeyRow.day <= bindparam("day_hi")),
            and_(StoryKeyRow.day.is_(None), recent),
        )
        if with_day
        else recent
    )
    hits = func.count().label("hits")
    return (
        select(StoryKeyRow.story_id, hits)
        .where(StoryKeyRow.key.in_(bindparam("keys", expanding=True)), cond)
        .group_by(StoryKeyRow.story_id)
        .order_by(hits.desc(), StoryKeyRow.story_id)
        .limit(bindparam("limit"))
    )


_CANDIDATES = _candidates(False)
_CANDIDATES_DAY = _candidates(True)
_SNAPSHOT = select(
    StoryRow.id,
    StoryRow.first_day,
    StoryRow.last_day,
    StoryRow.num_articles,
    cast(StoryRow.state, Text),
).where(StoryRow.id.in_(bindparam("ids", expanding=True)))
_OUTLETS = select(func.count(func.distinct(StoryArticleRow.outlet))).where(
    StoryArticleRow.story_id == bindparam("story_id")
)
_VECTORS_OF = (
    select(StoryArticleRow.article_id, cast(StoryArticleRow.vector, Text))
    .where(StoryArticleRow.story_id == bindparam("story_id"))
    .order_by(StoryArticleRow.assigned_at, StoryArticleRow.article_id)
)

_ROW = select(StoryRow).where(StoryRow.id == bindparam("id"))
_ROW_NO_STATE = _ROW.options(defer(StoryRow.state))


class DbIndex:
    def __init__(self, s: Session, now: datetime) -> None:
        self.s = s
        self.now = now
        self._rows: dict[str, StoryRow] = {}
        # what scoring reads of each candidate story (`_prefetch`): first and last day,
        # number of articles, the decoded `state`
        self._snaps: dict[str, tuple[date | None, date | None, int, dict[str, Any]]] = {}
        # online.py's pair probabilities, kept across articles for the vectors read here
        self.pair_cache = PAIRS
        # `members_of` answers, kept until the story's reports change (attach, merge, split):
        # placing one article asks for the same story's reports up to three times
        self._members: dict[str, list[Weighted]] = {}

    def stats(self, tokens: Iterable[str]) -> tuple[int, dict[str, int]]:
        toks = sorted(set(tokens) | {DOCS})
        df: dict[str, int] = {}
        for part in _chunks(toks):
            df.update({t: n for t, n in self.s.execute(_TERM_COUNTS, {"terms": part})})
        return df.pop(DOCS, 0), df

    def bump(self, tokens: Iterable[str]) -> None:
        toks = sorted({t[:120] for t in tokens} | {DOCS})
        stmt = _upserts(self.s)[0]
        for part in _chunks(toks):
            _run(self.s, stmt, [{"term": t, "n": 1} for t in part])

    def candidates(
        self, keys: set[str], day: date | None, seen: date | None, window: int, limit: int
    ) -> list[str]:
        if not keys:
            return []
        w = timedelta(days=window)
        seen = seen or self.now.date()
        args: dict[str, Any] = {
            "keys": sorted(keys)[:CHUNK],
            "seen_lo": seen - w,
            "seen_hi": seen + w,
            "limit": limit,
        }
        if day is not None:
            args.update(day_lo=day - w, day_hi=day + w)
        stmt = _CANDIDATES_DAY if day is not None else _CANDIDATES
        found = [sid for sid, _ in self.s.execute(stmt, args)]
        self._prefetch(found)
        return found

    def _prefetch(self, story_ids: list[str]) -> None:
        """Read what scoring needs of `story_ids` in one query (each candidate's state is read
        next: one `get` per candidate was most of an article's assignment time): columns, not
        ORM rows (most candidates are only read), and the state as its stored text, decoded
        once per process (`decoded_state`: a candidate not joined keeps its text from one
        article to the next). A story then written gets its row (`_row`)."""
        missing = [sid for sid in story_ids if sid not in self._rows and sid not in self._snaps]
        for part in _chunks(missing):
            for sid, first, last, n, raw in self.s.execute(_SNAPSHOT, {"ids": part}):
                self._snaps[sid] = (first, last, n, decoded_state(raw))

    def _row(self, story_id: str) -> StoryRow:
        row = self._rows.get(story_id)
        if row is None:
            row = self.s.identity_map.get(identity_key(StoryRow, story_id))
        if row is None:
            # a prefetched story's state is known: its row is loaded without it (the statements
            # are built once: `Session.get` with an option built and keyed one each time)
            stmt = _ROW_NO_STATE if story_id in self._snaps else _ROW
            row = self.s.scalars(stmt, {"id": story_id}).first()
        if row is None:
            raise KeyError(story_id)
        self._rows[story_id] = row
        return row

    def state(self, story_id: str) -> StoryState:
        if story_id not in self._rows and story_id in self._snaps:
            first, last, n, stored = self._snaps[story_id]
            return state_from(story_id, stored, first, last, n)
        return self._state(self._row(story_id))

    def _state(self, row: StoryRow) -> StoryState:
        if "state" not in row.__dict__ and row.id in self._snaps:  # loaded without it
            return state_from(row.id, self._snaps[row.id][3], row.first_day, row.last_day,
                              row.num_articles)
        return state_of(row)

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
        self._members.pop(story_id, None)
        row = self._row(story_id)
        st = self._state(row)
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
                vector=vector_json(w) if st.n_articles <= MAX_SPLIT else None,
            )
        )
        seen = f.seen or self.now.date()
        if w.keys:
            stmt = _upserts(self.s)[1]
            rows = [{"key": k, "story_id": story_id, "day": f.day, "seen": seen} for k in w.keys]
            _run(self.s, stmt, rows)
        if recount:
            self.s.flush()
            self._recount(row)

    def _recount(self, row: StoryRow) -> None:
        row.num_sources = int(self.s.scalar(_OUTLETS, {"story_id": row.id}) or 0)

    def merge(self, into: str, other: str, article_id: str, score: float) -> None:
        self._members.pop(into, None)
        self._members.pop(other, None)
        keep, gone = self._row(into), self._row(other)
        st = self._state(keep)
        merge_state(st, self._state(gone))
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

    def members_of(self, story_id: str) -> list[Weighted]:
        """The story's reports (its founding one first) from their kept vectors; none when
        the story is too large to re-examine, or a report has no vector."""
        got = self._members.get(story_id)
        if got is None:
            got = self._members[story_id] = self._read_members(story_id)
        return list(got)

    def _read_members(self, story_id: str) -> list[Weighted]:
        row = self._row(story_id)
        if row.num_articles > MAX_SPLIT:
            return []
        self.s.flush()
        # the vectors as stored text: each is decoded once per process (`weighted_cached`)
        rows = self.s.execute(_VECTORS_OF, {"story_id": story_id})
        got = [weighted_cached(a, raw) for a, raw in rows]
        found = [w for w in got if w is not None]
        if len(found) < len(got):
            return []
        found.sort(key=lambda w: w.features.article_id != row.first_article_id)  # the founder first
        return found

    def split(self, story_id: str, moved: list[str], article_id: str, score: float) -> str:
        """`StoryIndex.split` in the store. The event clusters already linked to the story
        (`story_clusters`) stay with it; events stored later join clusters of their own
        story."""
        keep = self._row(story_id)
        members = {w.features.article_id: w for w in self.members_of(story_id)}
        self._members.pop(story_id, None)
        new_id = moved[0]
        n = 0
        while self.s.get(StoryRow, new_id) is not None:  # a story once merged away, say
            n += 1
            new_id = f"{moved[0][:56]}~{n}"
        self._members.pop(new_id, None)
        title = self.s.scalar(select(ArticleRow.title).where(ArticleRow.id == moved[0]))
        fresh = StoryRow(
            id=new_id,
            title=(title or "")[:500],
            first_article_id=moved[0],
            num_articles=0,
            num_sources=0,
            state={},
            created_at=self.now,
            updated_at=self.now,
        )
        self.s.add(fresh)
        self._rows[new_id] = fresh
        gone = set(moved)
        self.s.execute(
            update(StoryArticleRow)
            .where(StoryArticleRow.article_id.in_(sorted(gone)))
            .values(story_id=new_id)
        )
        self.s.execute(delete(StoryKeyRow).where(StoryKeyRow.story_id == story_id))
        for row, part in (
            (keep, [w for a, w in members.items() if a not in gone]),
            (fresh, [w for a, w in members.items() if a in gone]),
        ):
            self._rebuild(row, part)
        self.s.add(
            StorySplitRow(
                story_id=story_id,
                split_id=new_id,
                article_id=article_id,
                moved=len(moved),
                score=score,
                split_at=self.now,
            )
        )
        self.s.info.pop(STORY_OF, None)  # the remembered stories of the moved articles
        self.s.flush()
        self._recount(keep)
        self._recount(fresh)
        return new_id

    def _rebuild(self, row: StoryRow, members: list[Weighted]) -> None:
        """A story's state and blocking keys from its reports."""
        st = StoryState(id=row.id)
        keys: dict[str, tuple[date | None, date]] = {}
        for w in members:
            update_state(st, w)
            seen = w.features.seen or self.now.date()
            for k in w.keys:
                old = keys.get(k)
                keys[k] = (w.features.day or (old[0] if old else None), seen)
        row.state = _state_json(st)
        row.first_day, row.last_day = st.first_day, st.last_day
        row.num_articles, row.updated_at = st.n_articles, self.now
        if keys:
            self.s.execute(
                _insert(self.s, StoryKeyRow.__table__),
                [
                    {"key": k, "story_id": row.id, "day": d, "seen": sn}
                    for k, (d, sn) in keys.items()
                ],
            )


def vector_json(w: Weighted) -> dict[str, Any]:
    """What re-examining a story needs of one report (stories/split.py), as JSON."""
    f = w.features
    return {
        "t": {k: round(v, 5) for k, v in w.tvec.items()},
        "n": {k: round(v, 5) for k, v in w.nvec.items()},
        "y": sorted(f.years),
        "h": sorted(f.head_names),
        "u": sorted(f.head_numbers),
        "wd": sorted(f.head_weekdays),
        "ln": sorted(f.lead_numbers),
        "k": sorted(w.keys),
        "ty": sorted(f.types),
        "d": f.day.isoformat() if f.day else None,
        "s": f.seen.isoformat() if f.seen else None,
    }


STATES_KEPT = 256  # a decoded state is up to about 40 kB
_STATES: dict[str, dict[str, Any]] = {}


def decoded_state(raw: str | None) -> dict[str, Any]:
    """A story's `state` column from its stored text, decoded once per process while the
    text is unchanged (`state_of` copies what it reads, so the dict is never altered).
    Bounded: emptied when full."""
    if raw is None:
        return {}
    got = _STATES.get(raw)
    if got is None:
        got = json.loads(raw) or {}
        if len(_STATES) >= STATES_KEPT:
            _STATES.clear()
        _STATES[raw] = got
    return got


PAIRS = PairCache(limit=50_000)
VECTORS_KEPT = 2048  # a decoded vector (and its text) is about 20 kB
_VECTORS: dict[tuple[str, str], Weighted] = {}


def weighted_cached(article_id: str, raw: str | None) -> Weighted | None:
    """`weighted_of` the stored vector text `raw` (None for no vector), one object per
    article and text for the process: a stored vector is never rewritten, and the pair
    cache (`split.PairCache`) recognises its reports by these objects. Bounded: emptied
    when full."""
    if raw is None:
        return None
    key = (article_id, raw)
    w = _VECTORS.get(key)
    if w is None:
        v = json.loads(raw)
        if v is None:  # a JSON null
            return None
        if len(_VECTORS) >= VECTORS_KEPT:
            _VECTORS.clear()
            PAIRS.clear()  # its entries hold the vectors let go (and can no longer be hit)
        w = _VECTORS[key] = weighted_of(article_id, v)
    return w


def weighted_of(article_id: str, v: dict[str, Any]) -> Weighted:
    """A report's vectors back from `vector_json` (counts of its words are not kept: the
    vectors and sets are what a story's state and the pair model read)."""
    nvec = {str(k): float(x) for k, x in (v.get("n") or {}).items()}
    f = ArticleFeatures(
        article_id=article_id,
        terms=Counter(),
        names=Counter({n: 1 for n in nvec}),
        years={int(y) for y in v.get("y") or []},
        types=set(v.get("ty") or []),
        day=date.fromisoformat(v["d"]) if v.get("d") else None,
        seen=date.fromisoformat(v["s"]) if v.get("s") else None,
        head_names=set(v.get("h") or []),
        head_numbers=set(v.get("u") or []),
        head_weekdays=set(v.get("wd") or []),
        lead_numbers=set(v.get("ln") or []),
    )
    tvec = {str(k): float(x) for k, x in (v.get("t") or {}).items()}
    return Weighted(f, tvec, nvec, set(v.get("k") or []))
