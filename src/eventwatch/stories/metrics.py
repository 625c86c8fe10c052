"""Scores of a clustering against gold clusters: pairwise P/R/F1 over item pairs, B-cubed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class ClusterScores:
    pair_precision: float
    pair_recall: float
    pair_f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    items: int
    gold_clusters: int
    predicted_clusters: int

    def to_dict(self) -> dict[str, Any]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(self).items()}


def _f(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def pair_counts(gold: Mapping[str, str], pred: Mapping[str, str]) -> tuple[int, int, int]:
    """(pairs together in both, pairs together in pred, pairs together in gold)."""
    both: Counter[tuple[str, str]] = Counter((gold[i], pred[i]) for i in gold)
    n_pred: Counter[str] = Counter(pred[i] for i in gold)
    n_gold: Counter[str] = Counter(gold.values())

    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    return (
        sum(pairs(n) for n in both.values()),
        sum(pairs(n) for n in n_pred.values()),
        sum(pairs(n) for n in n_gold.values()),
    )


def bcubed_sums(gold: Mapping[str, str], pred: Mapping[str, str]) -> tuple[float, float]:
    """Summed per-item B-cubed precision and recall."""
    both: Counter[tuple[str, str]] = Counter((gold[i], pred[i]) for i in gold)
    n_pred: Counter[str] = Counter(pred[i] for i in gold)
    n_gold: Counter[str] = Counter(gold.values())
    p = sum(both[(gold[i], pred[i])] / n_pred[pred[i]] for i in gold)
    r = sum(both[(gold[i], pred[i])] / n_gold[gold[i]] for i in gold)
    return p, r


def score(gold: Mapping[str, str], pred: Mapping[str, str]) -> ClusterScores:
    """Scores of `pred` (item -> cluster) against `gold` (item -> cluster), over gold's items."""
    return pooled([(gold, pred)])


def pooled(runs: Sequence[tuple[Mapping[str, str], Mapping[str, str]]]) -> ClusterScores:
    """Scores summed over separate runs (cross-validation folds): pair counts and B-cubed sums
    are added up, so each item and each pair counts once."""
    tp = np_ = ng = 0
    bp = br = 0.0
    items = golds = preds = 0
    for gold, pred in runs:
        a, b, c = pair_counts(gold, pred)
        tp, np_, ng = tp + a, np_ + b, ng + c
        p, r = bcubed_sums(gold, pred)
        bp, br = bp + p, br + r
        items += len(gold)
        golds += len(set(gold.values()))
        preds += len({pred[i] for i in gold})
    pp = tp / np_ if np_ else 0.0
    pr = tp / ng if ng else 0.0
    bcp = bp / items if items else 0.0
    bcr = br / items if items else 0.0
    return ClusterScores(pp, pr, _f(pp, pr), bcp, bcr, _f(bcp, bcr), items, golds, preds)
