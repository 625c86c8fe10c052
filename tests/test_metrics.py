"""Classification metrics on hand-made cases whose answers can be worked out on paper."""

from __future__ import annotations

import pytest

from eventwatch.evaluate.metrics import (
    accuracy,
    confusion,
    format_confusion,
    format_prf,
    macro_f1,
    per_label,
)


def test_per_label_precision_recall_f1_by_hand() -> None:
    gold = ["A", "A", "A", "B", "B", "C"]
    pred = ["A", "A", "B", "B", "C", "C"]
    s = per_label(gold, pred, ["A", "B", "C"])
    # A: tp 2, predicted 2, gold 3 -> P 1.0, R 2/3, F1 0.8
    assert s["A"].precision == pytest.approx(1.0)
    assert s["A"].recall == pytest.approx(2 / 3)
    assert s["A"].f1 == pytest.approx(0.8)
    assert s["A"].support == 3
    # B: tp 1, predicted 2, gold 2 -> 0.5 / 0.5 / 0.5
    assert (s["B"].precision, s["B"].recall, s["B"].f1) == pytest.approx((0.5, 0.5, 0.5))
    # C: tp 1, predicted 2, gold 1 -> P 0.5, R 1, F1 2/3
    assert s["C"].f1 == pytest.approx(2 / 3)


def test_macro_f1_is_the_unweighted_mean_over_the_given_labels() -> None:
    gold = ["A", "A", "A", "B", "B", "C"]
    pred = ["A", "A", "B", "B", "C", "C"]
    assert macro_f1(gold, pred, ["A", "B", "C"]) == pytest.approx((0.8 + 0.5 + 2 / 3) / 3)
    # a label nobody predicted nor needed still counts when asked for: it scores 0
    assert macro_f1(gold, pred, ["A", "B", "C", "D"]) == pytest.approx((0.8 + 0.5 + 2 / 3) / 4)
    # default labels: those in gold
    assert macro_f1(gold, pred) == pytest.approx((0.8 + 0.5 + 2 / 3) / 3)


def test_unfound_predictions_are_misses_not_false_positives() -> None:
    gold = ["A", "B"]
    pred = ["A", "NONE"]
    s = per_label(gold, pred, ["A", "B"])
    assert s["A"].f1 == pytest.approx(1.0)
    assert s["B"].recall == 0.0 and s["B"].f1 == 0.0
    assert macro_f1(gold, pred, ["A", "B"]) == pytest.approx(0.5)


def test_perfect_and_empty() -> None:
    assert macro_f1(["X", "Y"], ["X", "Y"]) == 1.0
    assert macro_f1([], []) == 0.0
    assert accuracy(["X", "Y", "Y"], ["X", "Y", "X"]) == pytest.approx(2 / 3)


def test_lengths_must_match() -> None:
    with pytest.raises(ValueError):
        per_label(["A"], ["A", "B"], ["A"])


def test_confusion_counts_and_table() -> None:
    gold = ["A", "A", "B"]
    pred = ["A", "B", "NONE"]
    c = confusion(gold, pred)
    assert c[("A", "A")] == 1 and c[("A", "B")] == 1 and c[("B", "NONE")] == 1
    table = format_confusion(gold, pred, ["A", "B"]).splitlines()
    assert table[0].split() == ["gold/pred", "A", "B", "NONE"]
    assert table[1].split() == ["A", "1", "1", "."]
    assert table[2].split() == ["B", ".", ".", "1"]


def test_prf_table_has_one_row_per_label() -> None:
    text = format_prf(per_label(["A", "B"], ["A", "A"], ["A", "B"]))
    lines = text.splitlines()
    assert lines[0].split() == ["label", "P", "R", "F1", "n"]
    assert lines[1].split() == ["A", "0.50", "1.00", "0.67", "1"]
    assert lines[2].split() == ["B", "0.00", "0.00", "0.00", "1"]
