"""Rows waiting in data/coding/training-pending/ are held to the schema of the training rows,
so that moving them into training/ is all it takes to train on them."""

from __future__ import annotations

from eventwatch.coding.model import DATA_DIR, load_training_rows

PENDING = DATA_DIR / "training-pending"


def test_pending_rows_pass_the_training_schema() -> None:
    rows = load_training_rows(PENDING)
    assert len(rows) > 4000
    assert {r["event_type"] for r in rows} >= {"NONE", "ACCUSE", "CONSULT", "THREATEN"}


def test_pending_files_are_not_trained_on() -> None:
    names = {p.name for p in (DATA_DIR / "training").glob("*.jsonl")}
    assert not names & {p.name for p in PENDING.glob("*.jsonl")}
