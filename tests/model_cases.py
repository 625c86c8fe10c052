"""What the construction tests of the training-row rounds (test_coding_news_w7/w8_*) share:
the type model's probabilities for a marked pair, and whether the model in use was trained on
the rows there are now (the margins a round's rows buy are checked only then)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwatch import config
from eventwatch.coding.model import (
    MODEL_PATH,
    TRAINING_DIR,
    char_spans,
    load_training_rows,
    score_types,
)

STALE = "the type model predates the training rows: run `make train`"


def model_is_current() -> bool:
    """Whether the type model in use was trained on the training rows there are now."""
    path = Path(config.current().type_model or MODEL_PATH)
    metrics = path.with_name(path.name.replace(".npz", ".metrics.json"))
    if not metrics.exists():
        return False
    m = json.loads(metrics.read_text(encoding="utf-8"))
    return int(m.get("rows", 0)) + int(m.get("dropped_rows", 0)) == len(load_training_rows())


def skip_unless_current() -> None:
    if not model_is_current():
        pytest.skip(STALE)


def trained_on(prefix: str) -> bool:
    """Whether the model in use is current and the training rows include files named
    `prefix`* (rows waiting in training-pending/ are not trained on)."""
    return model_is_current() and any(TRAINING_DIR.glob(f"{prefix}*.jsonl"))


def skip_unless_trained_on(prefix: str) -> None:
    if not trained_on(prefix):
        pytest.skip(f"the type model was not trained on the {prefix}* rows (training-pending/)")


def pair_probs(nlp, sentence: str, source: str, target: str) -> dict[str, float]:
    """The type model's probabilities (NONE included) for `source` -> `target` in `sentence`."""
    doc = nlp(sentence)
    spans = char_spans(doc, sentence, source, target)
    assert spans is not None, (source, target)
    probs = score_types(doc[:], None, spans[0], spans[1], with_none=True)
    assert probs is not None
    return probs


def top3(probs: dict[str, float]) -> list[tuple[str, float]]:
    return sorted(probs.items(), key=lambda kv: -kv[1])[:3]


def check_reading(nlp, case: tuple) -> None:
    """The case's type is the model's top reading. A case is (what, sentence, source,
    target, type, least probability, ...), as the round tests write them."""
    _, sentence, source, target, etype = case[:5]
    probs = pair_probs(nlp, sentence, source, target)
    assert max(probs, key=probs.__getitem__) == etype, top3(probs)


def check_margin(nlp, case: tuple, top: bool = False) -> None:
    """The case's type has at least its least probability (and is the top reading, `top`)."""
    _, sentence, source, target, etype, least = case[:6]
    probs = pair_probs(nlp, sentence, source, target)
    if top:
        assert max(probs, key=probs.__getitem__) == etype, top3(probs)
    assert probs[etype] >= least, top3(probs)



def reading_and_margin_tests(readings: list[tuple], margins: list[tuple], prefix: str,
                             top: bool = True) -> tuple:
    """The two tests a round of rows pins its cases with: `readings` the shipped model already
    reads right (checked always), `margins` the probabilities the round's rows buy (checked
    once a model is trained on the files named `prefix`*). Assign both to module-level
    `test_*` names so pytest collects them."""

    @pytest.mark.parametrize("case", readings, ids=[c[0] for c in readings])
    def reading(nlp, case: tuple) -> None:
        check_reading(nlp, case)

    @pytest.mark.parametrize("case", margins, ids=[c[0] for c in margins])
    def margin(nlp, case: tuple) -> None:
        skip_unless_trained_on(prefix)
        check_margin(nlp, case, top=top)

    return reading, margin
