"""Revisable stories: a story whose reports fall into two coherent groups is split in two.

The online assignment is greedy: once the first report of a second, similar happening joins a
story (two arrests of one team's players, two patches of one browser), the story's centroid
holds both and every later report of either joins it. Each time an article joins a story of
`MIN_SPLIT` to `MAX_SPLIT` reports, the story is re-examined from its members: a pair model
(a logistic score over two articles' text and name similarity and their years, numbers and
days; fitted with the story scorer) gives the probability that two reports tell of one
happening, the members are bisected by the spectral cut of those probabilities (the sign of
the Fiedler vector of the normalised graph Laplacian), and the two groups are split apart when
the mean probability across them, over the mean probability inside them, is below
`Params.split_threshold` (0: never). The ratio, not the bare cross probability, because the
pair model's level differs from one story to the next: the two events of a topic that share
nearly every word score 0.6-0.7 across, but 0.9 inside. The work per article is bounded by
`MAX_SPLIT`.

The same pair model links stories: `link` is the mean probability across two stories'
reports, `link_stats` adds its ratio to the mean inside them; with these online.relink merges
the fragments of one happening and online.adopt puts a founding report into its story.
A split needs two reports on each side; `outlier_of` finds the one report far below the
story's other reports, which online.evict moves to the story the pair model links it with.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from eventwatch.stories.text import cosine

if TYPE_CHECKING:
    from eventwatch.stories.online import Weighted

PAIR_FEATURES = (
    "text_cos",
    "name_cos",
    "head_jaccard",
    "year_match",
    "year_conflict",
    "num_match",
    "num_conflict",
    "day_close",
    "day_far",
    "weekday_match",
    "weekday_conflict",
    "lead_num_match",
    "lead_num_conflict",
)
MIN_SPLIT = 4  # reports a story needs before it is re-examined
MAX_SPLIT = 40  # ... and beyond which it is not (bounded work per article)
BIG_SPLIT = 20  # from this many reports a story is split at `big_threshold` when one is given
LINK_SAMPLE = 12  # reports of each story compared when two stories may be one (bounded work)


def pair_vector(a: Weighted, b: Weighted, window_days: int = 7) -> list[float]:
    """Agreement features of two articles (their weighted vectors); agreeing and
    conflicting details (years, numbers, days of the week) count only where both
    articles give one."""
    fa, fb = a.features, b.features
    heads = fa.head_names | fb.head_names
    gap = abs((fa.day - fb.day).days) if fa.day is not None and fb.day is not None else None
    return [
        cosine(a.tvec, b.tvec),
        cosine(a.nvec, b.nvec) if a.nvec and b.nvec else 0.0,
        len(fa.head_names & fb.head_names) / len(heads) if heads else 0.0,
        *_agree(fa.years, fb.years),
        *_agree(fa.head_numbers, fb.head_numbers),
        1.0 if gap is not None and gap <= window_days else 0.0,
        1.0 if gap is not None and gap > window_days else 0.0,
        *_agree(fa.head_weekdays, fb.head_weekdays),
        *_agree(fa.lead_numbers, fb.lead_numbers),
    ]


def _agree(x: AbstractSet[Hashable], y: AbstractSet[Hashable]) -> tuple[float, float]:
    """(1, 0) where both sets hold something and share some of it, (0, 1) where both hold
    something and share none, else (0, 0)."""
    if not x or not y:
        return 0.0, 0.0
    return (1.0, 0.0) if x & y else (0.0, 1.0)


def pair_probability(x: Sequence[float], weights: Mapping[str, float], bias: float) -> float:
    z = bias + math.fsum(weights.get(k, 0.0) * v for k, v in zip(PAIR_FEATURES, x, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def bisect(p: Sequence[Sequence[float]]) -> tuple[list[int], list[int], float]:
    """Two groups of the items of the symmetric probability matrix `p`, by average link
    (merge the closest groups until two are left), and the mean probability across them."""
    groups: list[list[int]] = [[i] for i in range(len(p))]
    # summed probabilities between groups, updated as groups merge (Lance-Williams)
    sums = [list(row) for row in p]
    while len(groups) > 2:
        best = (-1.0, 0, 1)
        for i in range(len(groups)):
            row, gi = sums[i], len(groups[i])
            for j in range(i + 1, len(groups)):
                link = row[j] / (gi * len(groups[j]))
                if link > best[0]:
                    best = (link, i, j)
        _, i, j = best
        groups[i] = groups[i] + groups.pop(j)
        for k in range(len(sums)):
            sums[k][i] += sums[k][j]
        sums[i] = [a + b for a, b in zip(sums[i], sums[j], strict=True)]
        sums.pop(j)
        for row in sums:
            row.pop(j)
    a, b = groups
    return a, b, sums[0][1] / (len(a) * len(b))


# (first report, second report, weights, bias, window_days, probability)
_Entry = tuple["Weighted", "Weighted", Mapping[str, float], float, int, float]


class PairCache:
    """Pair probabilities kept across calls (and articles) by the identity of the two reports'
    `Weighted` objects and of the model's weights: a hit is the value computed from these very
    objects, so it is the value a fresh computation gives (the store's index hands out one
    object per stored vector: `dbindex.weighted_cached`). Bounded: emptied when full. The one
    cache of pair probabilities: the store's index keeps one for the process
    (`dbindex.PAIRS`), `MemoryIndex` one per index, a call given none a fresh one."""

    def __init__(self, limit: int = 200_000) -> None:
        self.limit = limit
        self._got: dict[tuple[str, str], _Entry] = {}

    def clear(self) -> None:
        self._got.clear()

    def probability(
        self, a: Weighted, b: Weighted, weights: Mapping[str, float], bias: float, window_days: int
    ) -> float:
        ia, ib = a.features.article_id, b.features.article_id
        key, first, second = ((ia, ib), a, b) if ia < ib else ((ib, ia), b, a)
        got = self._got.get(key)
        if (
            got is not None
            and got[0] is first
            and got[1] is second
            and got[2] is weights
            and got[3] == bias
            and got[4] == window_days
        ):
            return got[5]
        p = pair_probability(pair_vector(a, b, window_days), weights, bias)
        if len(self._got) >= self.limit:
            self._got.clear()
        self._got[key] = (first, second, weights, bias, window_days, p)
        return p


Cache = PairCache


def _pair(
    a: Weighted,
    b: Weighted,
    weights: Mapping[str, float],
    bias: float,
    window_days: int,
    cache: Cache,
) -> float:
    return cache.probability(a, b, weights, bias, window_days)


def link(
    one: Sequence[Weighted],
    other: Sequence[Weighted],
    weights: Mapping[str, float],
    bias: float,
    window_days: int = 7,
    cache: Cache | None = None,
) -> float:
    """The mean pair probability across two stories' reports (average link; the founding
    report and the latest `LINK_SAMPLE - 1` of each), 0 when either has none."""
    if not one or not other or not weights:
        return 0.0
    cache = PairCache() if cache is None else cache
    a = _sample(one)
    b = _sample(other)
    total = math.fsum(_pair(x, y, weights, bias, window_days, cache) for x in a for y in b)
    return total / (len(a) * len(b))


def link_stats(
    one: Sequence[Weighted],
    other: Sequence[Weighted],
    weights: Mapping[str, float],
    bias: float,
    window_days: int = 7,
    cache: Cache | None = None,
) -> tuple[float, float]:
    """`link` and that mean over the mean probability inside each story's sample (a story
    of one report counts as 1): how much less alike the two stories are than their own
    reports, the split's criterion read the other way. (0, 0) when either has none."""
    if not one or not other or not weights:
        return 0.0, 0.0
    cache = PairCache() if cache is None else cache
    cross = link(one, other, weights, bias, window_days, cache)
    a, b = _sample(one), _sample(other)

    def inside(g: Sequence[Weighted]) -> float:
        ps = [
            _pair(x, y, weights, bias, window_days, cache)
            for k, x in enumerate(g)
            for y in g[k + 1 :]
        ]
        return math.fsum(ps) / len(ps) if ps else 1.0

    mean_in = (inside(a) * len(a) + inside(b) * len(b)) / (len(a) + len(b))
    return cross, cross / mean_in if mean_in > 0 else 1.0


def _sample(members: Sequence[Weighted]) -> list[Weighted]:
    if len(members) <= LINK_SAMPLE:
        return list(members)
    return [members[0], *members[len(members) - LINK_SAMPLE + 1 :]]


def bisect_spectral(p: Sequence[Sequence[float]]) -> tuple[list[int], list[int], float]:
    """Two groups of the items of the symmetric probability matrix `p` by the sign of the
    Fiedler vector of its normalised graph Laplacian (a cut that weighs every pair, where
    average link tends to peel off the one least similar report), and the mean probability
    across them."""
    import numpy as np

    w = np.array(p, dtype=float)
    np.fill_diagonal(w, 0.0)
    deg = np.maximum(w.sum(axis=1), 1e-12)
    inv = 1.0 / np.sqrt(deg)
    lap = np.eye(len(w)) - w * np.outer(inv, inv)
    _, vecs = np.linalg.eigh(lap)
    v = vecs[:, 1] * inv
    a = [i for i in range(len(w)) if v[i] >= 0]
    b = [i for i in range(len(w)) if v[i] < 0]
    if not a or not b:
        return bisect(p)
    cross = float(w[np.ix_(a, b)].mean())
    return a, b, cross


def within_ratio(
    p: Sequence[Sequence[float]], a: Sequence[int], b: Sequence[int], cross: float
) -> float:
    """The mean probability across two groups over the mean probability inside them (each
    group weighed by its size): how much less alike the groups are than their own reports,
    whatever the level of the pair model's probabilities in this story."""

    def inside(g: Sequence[int]) -> float:
        pairs = [p[i][j] for k, i in enumerate(g) for j in g[k + 1 :]]
        return math.fsum(pairs) / len(pairs) if pairs else 1.0

    n = len(a) + len(b)
    mean_in = (inside(a) * len(a) + inside(b) * len(b)) / n
    return cross / mean_in if mean_in > 0 else 1.0


def pair_matrix(
    members: Sequence[Weighted],
    weights: Mapping[str, float],
    bias: float,
    window_days: int = 7,
    cache: Cache | None = None,
) -> list[list[float]]:
    """The pair probabilities of every two members (1 on the diagonal)."""
    cache = PairCache() if cache is None else cache
    n = len(members)
    p = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            p[i][j] = p[j][i] = _pair(members[i], members[j], weights, bias, window_days, cache)
    return p


def outlier_of(
    members: Sequence[Weighted],
    weights: Mapping[str, float],
    bias: float,
    ratio: float,
    window_days: int = 7,
    cache: Cache | None = None,
) -> tuple[int, float] | None:
    """The position of the member least like the others (never the founding report) and its
    ratio, where that ratio is below `ratio`: the member's mean pair probability with the
    other members over the mean probability among those others. A split needs two reports
    on each side; this takes out the one report that joined the wrong story. None when no
    member is that far off, or the story is too small or too large to re-examine."""
    n = len(members)
    if ratio <= 0 or not weights or n < MIN_SPLIT or n > MAX_SPLIT:
        return None
    p = pair_matrix(members, weights, bias, window_days, cache)
    rows = [math.fsum(row) - 1.0 for row in p]  # each member's sum over the others
    total = math.fsum(rows) / 2  # the sum over all pairs
    pairs_rest = (n - 1) * (n - 2) / 2
    best: tuple[int, float] | None = None
    for i in range(1, n):
        rest = (total - rows[i]) / pairs_rest
        r = (rows[i] / (n - 1)) / rest if rest > 0 else 1.0
        if best is None or r < best[1]:
            best = (i, r)
    return best if best is not None and best[1] < ratio else None


def split_of(
    members: Sequence[Weighted],
    weights: Mapping[str, float],
    bias: float,
    threshold: float,
    window_days: int = 7,
    cache: Cache | None = None,
    big_threshold: float = 0.0,
) -> list[int] | None:
    """The positions of the members to split off (the group without the first member), or
    None when the story holds together (or is too small or too large to re-examine).
    `cache` keeps pair probabilities by article ids between calls; `big_threshold` (when
    above 0) replaces `threshold` for stories of `BIG_SPLIT` reports or more."""
    n = len(members)
    if threshold <= 0 or not weights or n < MIN_SPLIT or n > MAX_SPLIT:
        return None
    if big_threshold > 0 and n >= BIG_SPLIT:
        threshold = big_threshold
    p = pair_matrix(members, weights, bias, window_days, cache)
    a, b, cross = bisect_spectral(p)
    if min(len(a), len(b)) < 2 or within_ratio(p, a, b, cross) >= threshold:
        return None
    return sorted(b if 0 in a else a)
