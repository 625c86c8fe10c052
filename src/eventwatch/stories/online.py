"""Online story assignment: each arriving article joins the best-scoring candidate story,
founds a new one, or bridges two stories that are then merged (and the merge recorded).

Candidates come from an index of blocking keys (names, a few heavy words, event types with a
country) restricted to a time window, at most `Params.candidates` of them: the cost of one
assignment depends on how many stories share a key inside the window, not on the size of the
store. `StoryIndex` is that index; `MemoryIndex` keeps it in dicts (for fitting and tests),
`eventwatch.stories.dbindex.DbIndex` in the store's tables.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from eventwatch.stories.scorer import Params, StoryState, feature_vector, probability
from eventwatch.stories.split import Cache, PairCache, link_stats, outlier_of, split_of
from eventwatch.stories.text import ArticleFeatures, add_into, weigh

MAX_NAMES = 200  # names counted per story
YOUNG = 3  # a story of this many reports or fewer is joined at Params.young_threshold
LINKED = 3  # other candidate stories checked for one happening with the joined story


@dataclass
class Placed:
    """Where an article went: its story, the score that put it there (None: founded it),
    and the stories merged into it because the article bridged them."""

    story_id: str
    score: float | None
    merged: list[tuple[str, float]] = field(default_factory=list)
    split: list[tuple[str, int]] = field(default_factory=list)  # (new story, reports moved)


@dataclass
class Weighted:
    features: ArticleFeatures
    tvec: dict[str, float]
    nvec: dict[str, float]
    keys: set[str]


class StoryIndex(Protocol):
    def stats(self, tokens: Iterable[str]) -> tuple[int, dict[str, int]]:
        """The number of articles counted and the document frequency of each token."""

    def bump(self, tokens: Iterable[str]) -> None:
        """Count one more article holding `tokens`."""

    def candidates(
        self, keys: set[str], day: date | None, seen: date | None, window: int, limit: int
    ) -> list[str]:
        """Stories sharing a key inside the window, most keys shared first."""

    def state(self, story_id: str) -> StoryState: ...

    def found(self, story_id: str, w: Weighted) -> None: ...

    def attach(self, story_id: str, w: Weighted, score: float | None) -> None: ...

    def merge(self, into: str, other: str, article_id: str, score: float) -> None: ...

    def members_of(self, story_id: str) -> list[Weighted]:
        """The story's reports in the order they joined (empty where the index keeps none)."""

    def split(self, story_id: str, moved: list[str], article_id: str, score: float) -> str:
        """Move the articles `moved` out of the story into a new one (its id returned),
        recorded with the article that caused it and the mean pair probability across."""


def tokens_of(f: ArticleFeatures) -> set[str]:
    return set(f.terms) | {f"n:{n}" for n in f.names}


def weighted(index: StoryIndex, f: ArticleFeatures, params: Params) -> Weighted:
    """The article's vectors with the frequencies known now (the article itself counted)."""
    toks = tokens_of(f)
    docs, df = index.stats(toks)
    df1 = {t: df.get(t, 0) + 1 for t in toks}
    tvec = weigh(f.terms, df1, docs + 1)
    nvec = weigh({f"n:{n}": c for n, c in f.names.items()}, df1, docs + 1)
    nvec = {k[2:]: v for k, v in nvec.items()}
    top = [t for t, _ in sorted(tvec.items(), key=lambda kv: (-kv[1], kv[0]))[: params.top_terms]]
    return Weighted(f, tvec, nvec, f.keys(top))


def score_candidates(index: StoryIndex, w: Weighted, params: Params) -> list[tuple[float, str]]:
    """The candidate stories an article may join, best first, with their probabilities (a
    young story, of `YOUNG` reports or fewer, only at `Params.young_threshold` or above)."""
    f = w.features
    cands = index.candidates(w.keys, f.day, f.seen, params.window_days, params.candidates)
    scored = []
    for c in cands:
        st = index.state(c)
        p = probability(feature_vector(f, w.tvec, w.nvec, st, params.window_days), params)
        if st.n_articles <= YOUNG and p < params.young_threshold:
            continue
        scored.append((p, c))
    return sorted(scored, key=lambda sc: (-sc[0], sc[1]))


def place(index: StoryIndex, f: ArticleFeatures, params: Params) -> Placed:
    """Assign one article to a story (and record it in `index`)."""
    return place_weighted(index, weighted(index, f, params), params)


def place_weighted(index: StoryIndex, w: Weighted, params: Params) -> Placed:
    """`place` with the article's vectors already weighed (they depend on the order of the
    stream only, not on the assignment: a replay weighs them once)."""
    f = w.features
    scored = score_candidates(index, w, params)
    if not scored or scored[0][0] < params.threshold:
        index.bump(tokens_of(f))
        index.found(f.article_id, w)
        founded = Placed(f.article_id, None)
        if params.link_threshold > 0 or params.link_ratio > 0:
            others = [c for sc, c in scored if sc >= params.link_floor]
            adopt(index, [w], others[:LINKED], params, founded)
        return founded
    best_score, best = scored[0]
    out = Placed(best, best_score)
    for sc, other in scored[1:]:
        if sc >= params.merge_threshold:
            index.merge(best, other, f.article_id, sc)
            out.merged.append((other, sc))
    index.bump(tokens_of(f))
    index.attach(best, w, best_score)
    if params.split_threshold > 0:
        revise(index, best, f.article_id, params, out)
    if params.evict_ratio > 0:
        evict(index, out.story_id, f.article_id, params, out)
    if params.link_threshold > 0 or params.link_ratio > 0:
        gone = {s for s, _ in out.merged}
        others = [c for sc, c in scored[1:] if c not in gone and sc >= params.link_floor]
        relink(index, out.story_id, others[:LINKED], f.article_id, params, out)
    return out


def relink(
    index: StoryIndex,
    story_id: str,
    others: list[str],
    article_id: str,
    params: Params,
    out: Placed,
) -> None:
    """Merge into the story an article just joined the other candidate stories whose reports
    tell of its happening by the pair model (average link at `Params.link_threshold` or
    above): the fragments of one happening that the greedy assignment or a split left apart."""
    mine = index.members_of(story_id)
    cache = getattr(index, "pair_cache", None)
    for other in others:
        if other == story_id:  # an outlier's adoption (`evict`) may have moved the article
            continue
        theirs = index.members_of(other)
        p = linked(mine, theirs, params, cache)
        if p is not None:
            index.merge(story_id, other, article_id, p)
            out.merged.append((other, p))
            mine = mine + theirs


def linked(
    mine: list[Weighted],
    theirs: list[Weighted],
    params: Params,
    cache: Cache | None,
) -> float | None:
    """The pair model's mean probability across two stories' reports where it says they tell
    of one happening (at `Params.link_threshold`, or at `Params.link_ratio` of the mean inside
    them), else None."""
    cross, ratio = link_stats(
        mine, theirs, params.pair_weights, params.pair_bias, params.window_days, cache
    )
    if params.link_threshold > 0 and cross >= params.link_threshold:
        return cross
    if params.link_ratio > 0 and ratio >= params.link_ratio:
        return cross
    return None


def adopt(
    index: StoryIndex, mine: list[Weighted], others: list[str], params: Params, out: Placed
) -> None:
    """A report that founded a story (the story scorer found none close enough) goes into the
    candidate story whose reports the pair model says tell of its happening (the first such
    among `others`, best scored first; recorded as a merge), and the other candidates are
    then relinked with that story: the centroid scorer misses a report that is close to
    the reports of a story but not to their mix."""
    cache = getattr(index, "pair_cache", None)
    for i, other in enumerate(others):
        theirs = index.members_of(other)
        p = linked(theirs, mine, params, cache)
        if p is None:
            continue
        index.merge(other, out.story_id, out.story_id, p)
        out.merged.append((out.story_id, p))
        out.story_id, out.score = other, p
        relink(index, other, others[i + 1 :], mine[0].features.article_id, params, out)
        return


def revise(index: StoryIndex, story_id: str, article_id: str, params: Params, out: Placed) -> None:
    """Re-examine the story an article just joined; split it where its reports fall into two
    groups that do not tell of one happening (stories/split.py)."""
    members = index.members_of(story_id)
    cache = getattr(index, "pair_cache", None)
    moved = split_of(
        members,
        params.pair_weights,
        params.pair_bias,
        params.split_threshold,
        params.window_days,
        cache,
        params.split_big,
    )
    if moved is None:
        return
    ids = [members[i].features.article_id for i in moved]
    new_id = index.split(story_id, ids, article_id, params.split_threshold)
    out.split.append((new_id, len(ids)))
    if article_id in ids:
        out.story_id = new_id


def evict(index: StoryIndex, story_id: str, article_id: str, params: Params, out: Placed) -> None:
    """Move out of the story an article just joined the one report least like its other
    reports, where the pair model puts it far enough below them (`Params.evict_ratio`;
    split.outlier_of) and links it with another of its candidate stories better than with
    its own (as `adopt` links a founding report): recorded as a split, then a merge."""
    members = index.members_of(story_id)
    cache = getattr(index, "pair_cache", None)
    got = outlier_of(
        members,
        params.pair_weights,
        params.pair_bias,
        params.evict_ratio,
        params.window_days,
        cache,
    )
    if got is None:
        return
    w = members[got[0]]
    rest = [m for m in members if m is not w]
    here = link_stats([w], rest, params.pair_weights, params.pair_bias, params.window_days, cache)
    scored = score_candidates(index, w, params)
    for _, other in scored[: LINKED + 1]:
        if other == story_id:
            continue
        theirs = index.members_of(other)
        p = linked(theirs, [w], params, cache)
        if p is None or p <= here[0]:
            continue
        gone = w.features.article_id
        new_id = index.split(story_id, [gone], article_id, got[1])
        out.split.append((new_id, 1))
        index.merge(other, new_id, gone, p)
        out.merged.append((new_id, p))
        if gone == article_id:
            out.story_id, out.score = other, p
        return


def update_state(st: StoryState, w: Weighted) -> None:
    """Fold an article into a story's state."""
    f = w.features
    add_into(st.terms, w.tvec)
    add_into(st.names, w.nvec)
    for y in f.years:
        st.years[str(y)] = st.years.get(str(y), 0) + 1
    for n in f.names:
        st.name_docs[n] = st.name_docs.get(n, 0) + 1
    for n in f.head_names:
        st.head_docs[n] = st.head_docs.get(n, 0) + 1
    for n in f.head_numbers:
        st.numbers[n] = st.numbers.get(n, 0) + 1
    st.head_docs, st.numbers = _top(st.head_docs), _top(st.numbers)
    if len(st.name_docs) > MAX_NAMES:
        keep = sorted(st.name_docs.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_NAMES]
        st.name_docs = dict(keep)
    st.types = sorted(set(st.types) | f.types)
    if f.day is not None:
        st.first_day = min(st.first_day or f.day, f.day)
        st.last_day = max(st.last_day or f.day, f.day)
    st.n_articles += 1


def _top(counts: dict[str, int]) -> dict[str, int]:
    if len(counts) <= MAX_NAMES:
        return counts
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_NAMES])


def merge_state(into: StoryState, other: StoryState) -> None:
    add_into(into.terms, other.terms)
    add_into(into.names, other.names)
    for y, n in other.years.items():
        into.years[y] = into.years.get(y, 0) + n
    for mine, theirs in (
        (into.name_docs, other.name_docs),
        (into.head_docs, other.head_docs),
        (into.numbers, other.numbers),
    ):
        for k, n in theirs.items():
            mine[k] = mine.get(k, 0) + n
    into.types = sorted(set(into.types) | set(other.types))
    days = [d for d in (into.first_day, into.last_day, other.first_day, other.last_day) if d]
    if days:
        into.first_day, into.last_day = min(days), max(days)
    into.n_articles += other.n_articles


def in_window(
    day: date | None, seen: date | None, key_day: date | None, key_seen: date | None, window: int
) -> bool:
    """The rule both indexes follow: dated articles meet stories with a known day within the
    window, or undated stories seen within it; undated articles meet stories seen within it."""
    w = timedelta(days=window)
    if day is not None and key_day is not None:
        return abs(day - key_day) <= w
    if seen is None or key_seen is None:
        return True
    return abs(seen - key_seen) <= w


class MemoryIndex:
    """`StoryIndex` in dicts."""

    def __init__(self) -> None:
        self.docs = 0
        self.df: Counter[str] = Counter()
        self.states: dict[str, StoryState] = {}
        self.postings: dict[str, dict[str, tuple[date | None, date | None]]] = defaultdict(dict)
        self.members: dict[str, str] = {}  # article -> story
        self.merges: list[tuple[str, str, str, float]] = []
        self.splits: list[tuple[str, str, str, float]] = []  # (story, new story, article, p)
        self.member_ws: dict[str, list[Weighted]] = {}
        self.pair_cache = PairCache()

    def stats(self, tokens: Iterable[str]) -> tuple[int, dict[str, int]]:
        return self.docs, {t: self.df[t] for t in tokens if t in self.df}

    def bump(self, tokens: Iterable[str]) -> None:
        self.docs += 1
        self.df.update(set(tokens))

    def candidates(
        self, keys: set[str], day: date | None, seen: date | None, window: int, limit: int
    ) -> list[str]:
        hits: Counter[str] = Counter()
        for k in keys:
            for sid, (kday, kseen) in self.postings.get(k, {}).items():
                if in_window(day, seen, kday, kseen, window):
                    hits[sid] += 1
        return [s for s, _ in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]

    def state(self, story_id: str) -> StoryState:
        return self.states[story_id]

    def found(self, story_id: str, w: Weighted) -> None:
        self.states[story_id] = StoryState(id=story_id)
        self.member_ws[story_id] = []
        self.attach(story_id, w, None)

    def attach(self, story_id: str, w: Weighted, score: float | None) -> None:
        update_state(self.states[story_id], w)
        self.members[w.features.article_id] = story_id
        self.member_ws[story_id].append(w)
        self._post(story_id, w)

    def _post(self, story_id: str, w: Weighted) -> None:
        for k in w.keys:
            old = self.postings[k].get(story_id)
            day = w.features.day or (old[0] if old else None)
            self.postings[k][story_id] = (day, w.features.seen)

    def merge(self, into: str, other: str, article_id: str, score: float) -> None:
        merge_state(self.states[into], self.states.pop(other))
        self.member_ws[into].extend(self.member_ws.pop(other))
        for a, s in self.members.items():
            if s == other:
                self.members[a] = into
        for post in self.postings.values():
            if other in post:
                got = post.pop(other)
                post.setdefault(into, got)
        self.merges.append((into, other, article_id, score))

    def members_of(self, story_id: str) -> list[Weighted]:
        return list(self.member_ws.get(story_id, []))

    def split(self, story_id: str, moved: list[str], article_id: str, score: float) -> str:
        gone = set(moved)
        ws = self.member_ws.pop(story_id)
        new_id = moved[0]
        while new_id in self.states:
            new_id += "+"
        for post in self.postings.values():
            post.pop(story_id, None)
        for sid, part in (
            (story_id, [w for w in ws if w.features.article_id not in gone]),
            (new_id, [w for w in ws if w.features.article_id in gone]),
        ):
            self.states[sid] = StoryState(id=sid)
            self.member_ws[sid] = []
            for w in part:
                self.attach(sid, w, None)
        self.splits.append((story_id, new_id, article_id, score))
        return new_id
