"""Classification metrics shared by the evaluators: per-label P/R/F1, macro-F1, confusion tables.

Labels are plain strings. A prediction outside the label set (e.g. "NONE" for "no event found")
counts as a miss for the gold label and as nobody's false positive.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PRF:
    """Precision, recall, F1 and gold support of one label."""

    precision: float
    recall: float
    f1: float
    support: int


def per_label(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict[str, PRF]:
    """Precision, recall and F1 of each label in `labels` (0.0 where undefined)."""
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} items but pred has {len(pred)}")
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter(pred)
    n_gold: Counter[str] = Counter(gold)
    for g, p in zip(gold, pred, strict=True):
        if g == p:
            tp[g] += 1
    out: dict[str, PRF] = {}
    for lab in labels:
        p = tp[lab] / n_pred[lab] if n_pred[lab] else 0.0
        r = tp[lab] / n_gold[lab] if n_gold[lab] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[lab] = PRF(p, r, f, n_gold[lab])
    return out


def macro_f1(
    gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] | None = None
) -> float:
    """Unweighted mean F1 over `labels` (default: the labels that occur in `gold`)."""
    labs = list(labels) if labels is not None else sorted(set(gold))
    if not labs:
        return 0.0
    scores = per_label(gold, pred, labs)
    return sum(s.f1 for s in scores.values()) / len(labs)


def accuracy(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Share of items where the prediction equals the gold label."""
    if not gold:
        return 0.0
    return sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)


def confusion(gold: Sequence[str], pred: Sequence[str]) -> Counter[tuple[str, str]]:
    """Counts of (gold, predicted) pairs."""
    return Counter(zip(gold, pred, strict=True))


def format_prf(scores: dict[str, PRF]) -> str:
    """A per-label table: label, P, R, F1, support."""
    width = max([len(k) for k in scores] + [5])
    lines = [f"{'label':<{width}}  {'P':>5}  {'R':>5}  {'F1':>5}  {'n':>4}"]
    for lab, s in scores.items():
        lines.append(
            f"{lab:<{width}}  {s.precision:5.2f}  {s.recall:5.2f}  {s.f1:5.2f}  {s.support:4d}"
        )
    return "\n".join(lines)


def format_confusion(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> str:
    """A confusion table: one row per gold label, one column per predicted label.

    Predicted labels outside `labels` (such as NONE) get their own columns at the right.
    """
    counts = confusion(gold, pred)
    cols = list(labels) + sorted({p for p in pred if p not in labels})
    short = [c[:4] for c in cols]
    width = max([len(x) for x in labels] + [8])
    head = f"{'gold/pred':<{width}} " + " ".join(f"{s:>4}" for s in short)
    lines = [head]
    for g in labels:
        cells = " ".join(f"{counts[(g, c)]:>4}" if counts[(g, c)] else f"{'.':>4}" for c in cols)
        lines.append(f"{g:<{width}} {cells}")
    return "\n".join(lines)
