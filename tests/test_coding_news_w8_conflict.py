"""Issue 10, round 8: the type model on the conflict-side constructions of the w8 training rows
(data/coding/training/w8_*.jsonl), each pinned with a sentence of our own that is not in the
rows, with hard negatives beside them (reverse direction, a bystander, sport and business
wording with political-looking verbs).

The shipped model predates the w8 rows, so these readings are checked only once the model was
trained on the rows that are there now (`make train`): an older model is skipped, not failed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwatch import config
from eventwatch.coding.model import MODEL_PATH, char_spans, load_training_rows, score_types

# (construction, sentence, source, target, the type the w8 rows teach)
CASES = [
    ("a verdict is an accusation", "A court in Baku sentenced the opposition economist to "
     "eight years on fraud charges.", "A court in Baku", "the opposition economist", "ACCUSE"),
    ("the convicted is not the accuser", "A court in Baku sentenced the opposition economist "
     "to eight years on fraud charges.", "the opposition economist", "A court in Baku", "NONE"),
    ("a denial of a claim is a rejection", "The Moroccan army dismissed claims by the Polisario "
     "Front that its drones had struck a civilian convoy.", "The Moroccan army",
     "the Polisario Front", "REJECT"),
    ("an abduction is coercion", "Gunmen seized eleven teachers from a school in Katsina "
     "state overnight.", "Gunmen", "eleven teachers", "COERCE"),
    ("expelled diplomats are a sanction", "Estonia expelled a Russian diplomat over attempts "
     "to recruit border guards.", "Estonia", "a Russian diplomat", "SANCTION"),
    ("shelling is an assault", "Russian artillery shelled the centre of Nikopol on Sunday, "
     "wounding three civilians.", "Russian artillery", "the centre of Nikopol", "ASSAULT"),
    ("the reporting source is no party", "Rebels attacked a checkpoint near Bunia overnight, "
     "the army spokesman said.", "the army spokesman", "Rebels", "NONE"),
    ("a derby win is no attack", "Fenerbahce stormed past Galatasaray 3-0 in the Istanbul "
     "derby on Sunday.", "Fenerbahce", "Galatasaray", "NONE"),
    ("a rejected takeover bid is no refusal", "The brewer rejected a takeover bid from its "
     "Belgian rival, saying the offer was far too low.", "The brewer", "its Belgian rival", "NONE"),
]


def _model_is_current() -> bool:
    """Whether the type model in use was trained on the training rows there are now."""
    path = Path(config.current().type_model or MODEL_PATH)
    metrics = path.with_name(path.name.replace(".npz", ".metrics.json"))
    if not metrics.exists():
        return False
    m = json.loads(metrics.read_text(encoding="utf-8"))
    return int(m.get("rows", 0)) + int(m.get("dropped_rows", 0)) == len(load_training_rows())


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_w8_conflict_construction_reading(nlp, case) -> None:
    if not _model_is_current():
        pytest.skip("the type model predates the training rows: run `make train`")
    _, sentence, source, target, etype = case
    doc = nlp(sentence)
    spans = char_spans(doc, sentence, source, target)
    assert spans is not None, (source, target)
    probs = score_types(doc[:], None, spans[0], spans[1], with_none=True)
    assert probs is not None
    best = max(probs, key=probs.__getitem__)
    assert best == etype, sorted(probs.items(), key=lambda kv: -kv[1])[:3]
