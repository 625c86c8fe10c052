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
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from eventwatch.stories import metrics
from eventwatch.stories.ecb import EcbDoc
from eventwatch.stories.online import MemoryIndex, place, score_candidates, weighted
from eventwatch.stories.scorer import Params, feature_vector, fit_logistic
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


SEED = 13  # the shuffling of the replayed stream; the figures in docs/benchmarks.md use it


def stream(docs: Sequence[EcbDoc], seed: int = SEED) -> list[EcbDoc]:
    """The documents in a fixed shuffled order (topics interleaved, as a feed would be)."""
    out = list(docs)
    random.Random(seed).shuffle(out)
    return out


def cluster(feats: Sequence[ArticleFeatures], params: Params) -> dict[str, str]:
    """Article id -> story id after assigning `feats` one by one."""
    index = MemoryIndex()
    for f in feats:
        place(index, f, params)
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
) -> Params:
    """Parameters fitted on `docs` (weights, then thresholds), replayed in the order `seed`
    shuffles them into."""
    ordered = stream(docs, seed)
    gold = {d.id: d.gold for d in ordered}
    feats = [doc_features(d, base, with_dates) for d in ordered]
    xs, ys = training_pairs(feats, gold, base)
    weights, bias = fit_logistic(xs, ys)
    return _thresholds(feats, gold, replace(base, weights=weights, bias=bias), log)


def _thresholds(
    feats: Sequence[ArticleFeatures],
    gold: dict[str, str],
    params: Params,
    log: Callable[[str], None] | None,
) -> Params:
    best: tuple[float, Params] | None = None
    for thr in (0.05, 0.1, 0.15, 0.2, 0.3):
        for mthr in (0.9, 1.01):
            p = replace(params, threshold=thr, merge_threshold=max(mthr, thr))
            s = metrics.score(gold, cluster(feats, p))
            if log:
                log(f"  thr={thr} merge={mthr} pairF1={s.pair_f1:.3f} b3F1={s.bcubed_f1:.3f}")
            if best is None or _objective(s) > best[0]:
                best = (_objective(s), p)
    assert best is not None
    return best[1]


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
) -> tuple[metrics.ClusterScores, list[metrics.ClusterScores], list[Params]]:
    """Pooled held-out scores, each fold's held-out scores and each fold's parameters, with
    the streams shuffled by `seed` (one greedy decision can move a whole topic: compare
    variants over several seeds)."""
    runs = []
    fitted = []
    folds = folds_by_topic(docs, k)
    for i, held in enumerate(folds):
        train = [d for j, f in enumerate(folds) if j != i for d in f]
        params = fit(train, with_dates, base, seed=seed)
        fitted.append(params)
        test = stream(held, seed)
        gold = {d.id: d.gold for d in test}
        pred = cluster([doc_features(d, params, with_dates) for d in test], params)
        runs.append((gold, pred))
    return metrics.pooled(runs), [metrics.score(g, p) for g, p in runs], fitted


__all__ = ["cross_validate", "cross_validate_folds", "fit", "cluster", "score_candidates"]
