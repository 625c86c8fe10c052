"""The statistical event-type model: its training data, its features and its predictions.

Every sentence below is parsed by the real spaCy model (fixture `nlp`) and scored with the
shipped weights in src/eventwatch/data/coding/model/type_model.npz.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from eventwatch.coding import model
from eventwatch.coding.model import (
    PLOVER_TYPES,
    TrainingDataError,
    char_spans,
    load_training_rows,
    pair_features,
    score_types,
)


def _spans(nlp, sentence: str, source: str, target: str):
    doc = nlp(sentence)
    spans = char_spans(doc, sentence, source, target)
    assert spans is not None, (source, target)
    return doc, spans[0], spans[1]


def _top(nlp, sentence: str, source: str, target: str) -> tuple[str, float]:
    doc, s, t = _spans(nlp, sentence, source, target)
    probs = score_types(doc[:], None, s, t)
    assert probs is not None
    best = max(probs, key=probs.get)
    return best, probs[best]


# ----------------------------------------------------------------- training data


def test_training_data_is_large_varied_and_schema_clean() -> None:
    rows = load_training_rows()
    assert len(rows) >= 3000
    by_type = Counter(r["event_type"] for r in rows)
    assert set(by_type) == set(PLOVER_TYPES), set(PLOVER_TYPES) - set(by_type)
    assert min(by_type.values()) >= 100, by_type
    assert {r["factuality"] for r in rows} >= {"realized", "planned", "hypothetical"}
    assert len({r["sentence"] for r in rows}) > 0.98 * len(rows)  # written, not duplicated
    for r in rows:
        assert r["source"] in r["sentence"] and r["target"] in r["sentence"]


def test_training_files_are_batches_of_about_a_hundred() -> None:
    files = sorted(model.TRAINING_DIR.glob("*.jsonl"))
    assert len(files) >= 30
    assert all(sum(1 for _ in f.open(encoding="utf-8")) <= 130 for f in files)


def test_schema_check_names_the_file_and_line(tmp_path: Path) -> None:
    good = {
        "sentence": "Iran attacked Israel.",
        "source": "Iran",
        "target": "Israel",
        "event_type": "ASSAULT",
        "factuality": "realized",
    }
    (tmp_path / "a.jsonl").write_text(json.dumps(good) + "\n", encoding="utf-8")
    assert len(load_training_rows(tmp_path)) == 1
    bad = dict(good, target="Syria")
    (tmp_path / "b.jsonl").write_text(
        json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8"
    )
    with pytest.raises(
        TrainingDataError, match=r"b\.jsonl:2: target 'Syria' is not in the sentence"
    ):
        load_training_rows(tmp_path)
    (tmp_path / "b.jsonl").write_text(
        json.dumps(dict(good, event_type="ATTACK")) + "\n", encoding="utf-8"
    )
    with pytest.raises(TrainingDataError, match="unknown event_type 'ATTACK'"):
        load_training_rows(tmp_path)


# ----------------------------------------------------------------- features


def test_features_follow_the_predicate_path(nlp) -> None:
    sent = "Japan agreed to lift export restrictions on South Korea on Monday."
    doc, s, t = _spans(nlp, sent, "Japan", "South Korea")
    feats = pair_features(doc[:], None, s, t)
    assert "lca=agree" in feats
    assert "srole=nsubj" in feats
    assert "trole=pobj_on" in feats
    assert "vchain=agree>lift" in feats
    assert "att=restriction_on" in feats
    assert "neg_any" not in feats


def test_features_mark_negation_and_modality_on_the_chain(nlp) -> None:
    sent = "Chile will not lift the ban on Argentine wine."
    doc, s, t = _spans(nlp, sent, "Chile", "Argentine wine")
    feats = pair_features(doc[:], None, s, t)
    assert "neg_any" in feats
    assert "negmodal=will" in feats


def test_features_see_the_agent_of_a_passive(nlp) -> None:
    sent = "The journalist was arrested by the security services at the airport."
    doc, s, t = _spans(nlp, sent, "the security services", "The journalist")
    feats = pair_features(doc[:], None, s, t)
    assert "srole=agent" in feats
    assert "order=ts" in feats


# ----------------------------------------------------------------- predictions


def test_model_file_is_small_and_loads() -> None:
    assert model.MODEL_PATH.stat().st_size < 20 * 1024 * 1024
    assert model.is_available()


def test_probabilities_cover_the_sixteen_types_and_sum_to_one(nlp) -> None:
    doc, s, t = _spans(
        nlp, "Russian troops shelled Kharkiv overnight.", "Russian troops", "Kharkiv"
    )
    probs = score_types(doc[:], None, s, t)
    assert probs is not None
    assert set(probs) == set(PLOVER_TYPES)
    assert sum(probs.values()) == pytest.approx(1.0, abs=1e-5)
    assert all(0.0 <= p <= 1.0 for p in probs.values())


@pytest.mark.parametrize(
    ("sentence", "source", "target", "expected"),
    [
        (
            "Rebel gunmen ambushed an army convoy near the town, killing twelve soldiers.",
            "Rebel gunmen",
            "an army convoy",
            "ASSAULT",
        ),
        (
            "The foreign minister held talks with his Indian counterpart in Delhi on Tuesday.",
            "The foreign minister",
            "his Indian counterpart",
            "CONSULT",
        ),
        (
            "Police in the capital detained dozens of opposition activists before the rally.",
            "Police in the capital",
            "dozens of opposition activists",
            "COERCE",
        ),
        (
            "The prime minister accused the opposition of spreading lies about the budget.",
            "The prime minister",
            "the opposition",
            "ACCUSE",
        ),
        (
            "The government flatly rejected the union's demand for a pay rise.",
            "The government",
            "the union",
            "REJECT",
        ),
        (
            "Norway will give the World Food Programme an extra $40 million next year.",
            "Norway",
            "the World Food Programme",
            "AGREE",
        ),
        (
            "The army warned the rebels that it would storm the town if they did not surrender.",
            "The army",
            "the rebels",
            "THREATEN",
        ),
        (
            "Thousands of nurses marched on the health ministry to demand better pay.",
            "Thousands of nurses",
            "the health ministry",
            "PROTEST",
        ),
    ],
)
def test_clear_sentences_get_their_type(nlp, sentence, source, target, expected) -> None:
    best, p = _top(nlp, sentence, source, target)
    assert best == expected, (best, p)


def test_not_lifting_is_a_refusal_and_lifting_a_concession(nlp) -> None:
    refuse, _ = _top(
        nlp,
        "The European Union will not lift its sanctions on Belarus this year.",
        "The European Union",
        "Belarus",
    )
    concede, _ = _top(
        nlp,
        "The European Union lifted its sanctions on Belarus on Friday.",
        "The European Union",
        "Belarus",
    )
    assert refuse == "REJECT"
    assert concede in ("CONCEDE", "RETREAT")


@pytest.mark.parametrize(
    ("sentence", "source", "expected"),
    [
        ("Germany gave 350 million euros to promote private investment.", "Germany", "AID"),
        ("Police arrested dozens of students on Friday.", "Police", "COERCE"),
        ("The government lifted the curfew on Sunday.", "The government", "CONCEDE"),
    ],
)
def test_an_implicit_target_still_gets_scored(nlp, sentence, source, expected) -> None:
    doc = nlp(sentence)
    src = doc.char_span(0, len(source))
    probs = score_types(doc[:], None, src, None)
    assert probs is not None
    assert max(probs, key=probs.get) == expected


def test_overlapping_spans_give_no_scores(nlp) -> None:
    doc = nlp("Iraqi fighters retook the town.")
    assert score_types(doc[:], None, doc[0:2], doc[0:1]) is None
