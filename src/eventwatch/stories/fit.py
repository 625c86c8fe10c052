"""Fitting and cross-validating the story scorer on documents with gold stories (ECB+).

The scorer's weights come from a logistic regression over (article, candidate story) pairs
met while replaying the stream with the gold assignment (the candidates the index would
offer, labelled by whether they are the article's gold story); the thresholds are then
chosen by replaying the stream with the scorer's own decisions. Cross-validation holds out
whole topics: parameters fitted on the other folds cluster the held-out fold's articles,
all of them in one stream.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from statistics import fmean
from typing import Any

from eventwatch.stories import metrics
from eventwatch.stories.ecb import EcbDoc
from eventwatch.stories.online import (
    MemoryIndex,
    Weighted,
    place_weighted,
    score_candidates,
    tokens_of,
    weighted,
)
from eventwatch.stories.scorer import Params, feature_vector, fit_logistic
from eventwatch.stories.split import PAIR_FEATURES, pair_vector
from eventwatch.stories.text import ArticleFeatures, features

SEEN = date(2026, 1, 1)  # the day the replayed articles are "stored"
START = Params(
    weights={
        "text_cos": 8.0,
        "name_cos": 6.0,
        "year_match": 0.5,
        "year_conflict": -1.0,
        "day_close": 1.0,
        "day_far": -3.0,
        "type_match": 1.0,
        "type_conflict": -0.5,
        "name_new": -1.0,
        "name_lost": -1.0,
        "head_match": 1.0,
        "head_lost": -1.0,
        "num_match": 0.5,
        "num_conflict": -0.5,
    },
    bias=-6.0,
    threshold=0.5,
    merge_threshold=0.9,
)


def doc_features(doc: EcbDoc, params: Params, with_dates: bool) -> ArticleFeatures:
    return features(
        doc.id,
        doc.title,
        doc.text,
        lead_words=params.lead_words,
        day=doc.dct if with_dates else None,
        seen=SEEN,
    )


SPLITS = (0.5, 0.55, 0.6, 0.65, 0.7)  # split thresholds (cross over inside) tried next
LINKS = (0.5, 0.6, 0.7)  # link thresholds (fragments merged) tried after the split threshold
BIGS = (0.7, 0.75, 0.8)  # split thresholds for stories of split.BIG_SPLIT reports or more
RATIOS = (0.7, 0.8, 0.9)  # link ratios (cross over inside) tried after the link threshold
EVICTS = ()  # outlier ratios (one report over the others) tried last; none: never moved
YOUNGS = ()  # join thresholds tried for young stories (stricter than the one chosen)
SEED = 13  # the shuffling of the replayed stream; the figures in docs/benchmarks.md use it


@dataclass(frozen=True)
class Grids:
    """The thresholds the fit tries after the join thresholds, stage by stage, each stage at
    what the earlier ones chose: a stricter join for young stories, then the split threshold
    (none: stories are never split, and no later stage is tried), then, only where a split
    threshold was chosen, a laxer split for big stories (above it), fragments merged by the
    link threshold, by the link ratio, and outlier reports moved."""

    youngs: Sequence[float] = YOUNGS
    splits: Sequence[float] = SPLITS
    bigs: Sequence[float] = BIGS
    links: Sequence[float] = LINKS
    ratios: Sequence[float] = RATIOS
    evicts: Sequence[float] = EVICTS


def stream(docs: Sequence[EcbDoc], seed: int = SEED) -> list[EcbDoc]:
    """The documents in a fixed shuffled order (topics interleaved, as a feed would be)."""
    out = list(docs)
    random.Random(seed).shuffle(out)
    return out


def weigh_stream(feats: Sequence[ArticleFeatures], params: Params) -> list[Weighted]:
    """The vectors of `feats` as the index weighs them when they arrive in this order (the
    document frequencies count every article before, whatever story it went to)."""
    index = MemoryIndex()
    out = []
    for f in feats:
        out.append(weighted(index, f, params))
        index.bump(tokens_of(f))
    return out


def cluster(
    feats: Sequence[ArticleFeatures], params: Params, ws: Sequence[Weighted] | None = None
) -> dict[str, str]:
    """Article id -> story id after assigning `feats` one by one (`ws`: their vectors from
    `weigh_stream`, when a replay of the same stream has them already)."""
    index = MemoryIndex()
    for w in ws if ws is not None else weigh_stream(feats, params):
        place_weighted(index, w, params)
    return dict(index.members)


def training_pairs(
    feats: Sequence[ArticleFeatures], gold: dict[str, str], params: Params, hard: int = 5
) -> tuple[list[list[float]], list[int]]:
    """Features and labels of the candidates met when the gold assignment is replayed."""
    index = MemoryIndex()
    story_of_gold: dict[str, str] = {}
    xs: list[list[float]] = []
    ys: list[int] = []
    for f in feats:
        w = weighted(index, f, params)
        target = story_of_gold.get(gold[f.article_id])
        cands = index.candidates(w.keys, f.day, f.seen, params.window_days, params.candidates)
        if target is not None and target not in cands:
            cands.append(target)  # blocking missed it: still a positive to learn from
        rows = [
            (feature_vector(f, w.tvec, w.nvec, index.state(c), params.window_days), c)
            for c in cands
        ]
        # the closest candidates teach the scorer what it must tell apart; the far ones it
        # tells apart anyway
        rows.sort(key=lambda r: -(r[0][0] + r[0][1]))
        for x, c in rows[:hard] + [r for r in rows[hard:] if r[1] == target]:
            xs.append(x)
            ys.append(1 if c == target else 0)
        index.bump(set(f.terms) | {f"n:{n}" for n in f.names})
        if target is None:
            index.found(f.article_id, w)
            story_of_gold[gold[f.article_id]] = f.article_id
        else:
            index.attach(target, w, None)
    return xs, ys


def _objective(s: metrics.ClusterScores) -> float:
    return min(s.pair_f1, s.bcubed_f1) + 0.1 * (s.pair_f1 + s.bcubed_f1)


def fit(
    docs: Sequence[EcbDoc],
    with_dates: bool,
    base: Params = START,
    log: Callable[[str], None] | None = None,
    seed: int = SEED,
    known: Mapping[str, ArticleFeatures] | None = None,
    grids: Grids = Grids(),
) -> Params:
    """Parameters fitted on `docs` (weights, the pair model, then thresholds), replayed in
    the order `seed` shuffles them into (`known`: the documents' features, when the caller
    has them; `grids`: the thresholds tried)."""
    ordered = stream(docs, seed)
    gold = {d.id: d.gold for d in ordered}
    feats = _features(ordered, base, with_dates, known)
    xs, ys = training_pairs(feats, gold, base)
    weights, bias = fit_logistic(xs, ys)
    params = replace(base, weights=weights, bias=bias)
    if grids.splits:
        topic = {d.id: d.topic for d in ordered}
        pw, pb = fit_pair_model(weigh_stream(feats, params), gold, topic, params.window_days)
        params = replace(params, pair_weights=pw, pair_bias=pb)
    return _thresholds(feats, gold, params, log, grids)


def fit_pair_model(
    ws: Sequence[Weighted], gold: Mapping[str, str], topic: Mapping[str, str], window_days: int
) -> tuple[dict[str, float], float]:
    """The pair model of stories/split.py, fitted on every pair of articles of one topic
    (the pairs a story can hold: one happening, or its similar twin)."""
    by_topic: dict[str, list[Weighted]] = {}
    for w in ws:
        by_topic.setdefault(topic[w.features.article_id], []).append(w)
    xs: list[list[float]] = []
    ys: list[int] = []
    for group in by_topic.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                xs.append(pair_vector(a, b, window_days))
                ys.append(int(gold[a.features.article_id] == gold[b.features.article_id]))
    if len(set(ys)) < 2:
        return {}, 0.0
    return fit_logistic(xs, ys, names=PAIR_FEATURES)


def _thresholds(
    feats: Sequence[ArticleFeatures],
    gold: dict[str, str],
    params: Params,
    log: Callable[[str], None] | None,
    grids: Grids,
) -> Params:
    best: tuple[float, Params] | None = None
    ws = weigh_stream(feats, params)

    def consider(p: Params) -> None:
        nonlocal best
        s = metrics.score(gold, cluster(feats, p, ws))
        if log:
            log(
                f"  thr={p.threshold} merge={p.merge_threshold} split={p.split_threshold} "
                f"pairF1={s.pair_f1:.3f} b3F1={s.bcubed_f1:.3f}"
            )
        if best is None or _objective(s) > best[0]:
            best = (_objective(s), p)

    for thr in (0.05, 0.1, 0.15, 0.2, 0.3):
        for mthr in (0.9, 1.01):
            consider(replace(params, threshold=thr, merge_threshold=max(mthr, thr)))
    assert best is not None
    chosen = best[1]
    for young in grids.youngs:  # then a stricter join for young stories
        if young > chosen.threshold:
            consider(replace(chosen, young_threshold=young))
    if not grids.splits:
        return best[1]
    chosen = best[1]
    for split in grids.splits:  # then the split threshold, at the join thresholds chosen
        consider(replace(chosen, split_threshold=split))
    # then, one after the other at the split threshold chosen: a laxer split for big stories,
    # where twins meet (only above it); merging fragments by the link threshold, then by the
    # ratio to their own reports; moving a story's outlier report to the story it links with
    stages = (
        ("split_big", grids.bigs, True),
        ("link_threshold", grids.links, False),
        ("link_ratio", grids.ratios, False),
        ("evict_ratio", grids.evicts, False),
    )
    for name, values, above_split in stages:
        chosen = best[1]
        if chosen.split_threshold <= 0:
            continue
        for value in values:
            if not above_split or value > chosen.split_threshold:
                change: dict[str, Any] = {name: value}
                consider(replace(chosen, **change))
    return best[1]


def _features(
    docs: Sequence[EcbDoc],
    params: Params,
    with_dates: bool,
    known: Mapping[str, ArticleFeatures] | None,
) -> list[ArticleFeatures]:
    if known is None:
        return [doc_features(d, params, with_dates) for d in docs]
    return [known[d.id] for d in docs]


def folds_by_topic(docs: Sequence[EcbDoc], k: int) -> list[list[EcbDoc]]:
    topics = sorted({d.topic for d in docs}, key=int)
    return [[d for d in docs if d.topic in topics[i::k]] for i in range(k)]


def cross_validate(
    docs: Sequence[EcbDoc], with_dates: bool, k: int = 5, base: Params = START
) -> tuple[metrics.ClusterScores, list[Params]]:
    """Pooled held-out scores over `k` folds of whole topics, and each fold's parameters."""
    pooled, _, fitted = cross_validate_folds(docs, with_dates, k, base)
    return pooled, fitted


def cross_validate_folds(
    docs: Sequence[EcbDoc],
    with_dates: bool,
    k: int = 5,
    base: Params = START,
    seed: int = SEED,
    grids: Grids = Grids(),
) -> tuple[metrics.ClusterScores, list[metrics.ClusterScores], list[Params]]:
    """Pooled held-out scores, each fold's held-out scores and each fold's parameters, with
    the streams shuffled by `seed` (one greedy decision can move a whole topic: compare
    variants over several seeds)."""
    runs = []
    fitted = []
    folds = folds_by_topic(docs, k)
    known = {d.id: doc_features(d, base, with_dates) for d in docs}
    for i, held in enumerate(folds):
        train = [d for j, f in enumerate(folds) if j != i for d in f]
        params = fit(train, with_dates, base, seed=seed, known=known, grids=grids)
        fitted.append(params)
        test = stream(held, seed)
        gold = {d.id: d.gold for d in test}
        pred = cluster(_features(test, params, with_dates, known), params)
        runs.append((gold, pred))
    return metrics.pooled(runs), [metrics.score(g, p) for g, p in runs], fitted


SEEDS = (13, 7, 29)  # the stream orders a CV figure is averaged over


@dataclass(frozen=True)
class OrderSummary:
    """Held-out scores over several stream orders: each order's pooled scores, their mean and
    their minimum (one greedy decision can move a whole topic, so one order is not enough)."""

    seeds: tuple[int, ...]
    runs: tuple[metrics.ClusterScores, ...]

    def mean(self, attr: str) -> float:
        return fmean(float(getattr(r, attr)) for r in self.runs)

    def least(self, attr: str) -> float:
        return min(float(getattr(r, attr)) for r in self.runs)

    def line(self) -> str:
        return (
            f"pairwise F1 mean {self.mean('pair_f1'):.3f} min {self.least('pair_f1'):.3f}, "
            f"B-cubed F1 mean {self.mean('bcubed_f1'):.3f} min {self.least('bcubed_f1'):.3f} "
            f"(P {self.mean('pair_precision'):.3f} R {self.mean('pair_recall'):.3f}; "
            f"{len(self.seeds)} orders: {','.join(map(str, self.seeds))})"
        )


def cross_validate_orders(
    docs: Sequence[EcbDoc],
    with_dates: bool,
    k: int = 5,
    base: Params = START,
    seeds: Sequence[int] = SEEDS,
    grids: Grids = Grids(),
) -> OrderSummary:
    """`cross_validate_folds` once per stream order in `seeds`."""
    runs = [cross_validate_folds(docs, with_dates, k, base, seed=s, grids=grids)[0] for s in seeds]
    return OrderSummary(tuple(seeds), tuple(runs))


__all__ = [
    "Grids",
    "cross_validate",
    "cross_validate_folds",
    "cross_validate_orders",
    "fit",
    "cluster",
    "score_candidates",
]
