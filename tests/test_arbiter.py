"""The learned arbiter over a pair's readings (coding/arbiter.py) and its fitting script."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from eventwatch.coding.arbiter import Arbiter, ArbiterError, PairEvidence, arbiter, features, parse

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "train_arbiter.py"


def _evidence(lexicon: str = "CONSULT", top: str = "ASSAULT", p_top: float = 0.7, **kw) -> PairEvidence:
    probs = {top: p_top, lexicon: (1 - p_top) * 0.6, "AID": (1 - p_top) * 0.4}
    return PairEvidence(lexicon_type=lexicon, own_type=kw.pop("own_type", lexicon), strength=0.9,
                        weight=0.8, kind="verb", probs=probs, **kw)


def test_readings_are_the_lexicons_the_entrys_the_other_entries_and_the_models_top_three() -> None:
    ev = _evidence(own_type="REJECT", entry_types={"COERCE": 0.8})
    assert ev.readings() == ["CONSULT", "REJECT", "COERCE", "ASSAULT", "AID"]


def test_features_say_where_a_reading_comes_from() -> None:
    ev = _evidence(factuality="negated", reported=True)
    lex, top = features(ev, "CONSULT"), features(ev, "ASSAULT")
    assert lex["lex"] == 1.0 and lex["lex_fact=negated"] == 1.0 and lex["lex_reported"] == 1.0
    assert "lex_agree" not in lex and lex["lex_against"] > 0  # the model is against it
    assert top["m_top"] == 1.0 and "lex" not in top
    assert top["m_logit"] > lex["m_logit"]


def test_the_weights_decide_between_lexicon_and_model() -> None:
    ev = _evidence()
    trust_lexicon = Arbiter({"lex": 3.0, "m_top": 1.0}, 0.0, 1.0)
    trust_model = Arbiter({"lex": 0.5, "m_top": 2.0}, 0.0, 1.0)
    assert trust_lexicon.choose(ev)[0] == "CONSULT"
    assert trust_model.choose(ev)[0] == "ASSAULT"
    probs = trust_model.probabilities(ev)
    assert abs(sum(probs.values()) - 1.0) < 1e-9
    # the confidence rises with the chosen reading's probability
    assert trust_model.confidence(0.9) > trust_model.confidence(0.6) > trust_model.confidence(0.3)


def test_a_missing_file_means_no_arbiter_and_a_bad_one_is_named(tmp_path: Path) -> None:
    assert arbiter(tmp_path / "none.json") is None
    with pytest.raises(ArbiterError, match="bad.json"):
        parse({"weights": {"lex": 1.0}}, "bad.json")  # no Platt map
    bad = tmp_path / "broken.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(ArbiterError, match="broken.json"):
        arbiter(bad)


def _script():
    spec = importlib.util.spec_from_file_location("train_arbiter", SCRIPT)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_fit_learns_which_source_to_trust() -> None:
    """Cases where a sure model is right and the lexicon wrong, and unsure-model cases where the
    lexicon is right: the fitted arbiter follows the model only when it is sure."""
    ta = _script()
    evidence, gold = [], []
    for k in range(60):
        sure = k % 2 == 0
        ev = _evidence(p_top=0.95 if sure else 0.4)
        evidence.append(ev)
        gold.append("ASSAULT" if sure else "CONSULT")
    design = ta.Design(evidence, gold)
    w = design.fit(l2=1e-4, steps=400, seed=1)
    chosen, p, kept = design.chosen(w)
    assert not kept.any()
    assert chosen == gold
    test = ta.Design([_evidence(p_top=0.97), _evidence(p_top=0.35)], ["ASSAULT", "CONSULT"], design.names)
    assert test.chosen(w)[0] == ["ASSAULT", "CONSULT"]
    assert np.all((p > 0) & (p <= 1))
    # a wide margin keeps the lexicon's reading (the first) against the sure model too
    assert test.chosen(w, margin=1.0)[0] == ["CONSULT", "CONSULT"]


def test_the_margin_keeps_the_lexicons_reading_unless_another_is_clearly_likelier() -> None:
    ev = _evidence()
    leaning = Arbiter({"lex": 1.0, "m_top": 1.4}, 0.0, 1.0)  # the model's top a little likelier
    assert leaning.choose(ev)[0] == "ASSAULT"
    held = Arbiter({"lex": 1.0, "m_top": 1.4}, 0.0, 1.0, margin=0.5, platt_kept=-1.0)
    kept, conf = held.choose(ev)
    assert kept == "CONSULT"
    assert conf == held.confidence(held.probabilities(ev)["CONSULT"], kept=True)


def test_file_folds_keep_each_file_on_one_side() -> None:
    ta = _script()
    files = ["a.jsonl"] * 5 + ["b.jsonl"] * 3 + ["c.jsonl"] * 4 + ["d.jsonl"] * 2
    fold = ta.file_folds(files, 2, seed=3)
    for f in set(files):
        assert len({int(fold[i]) for i, g in enumerate(files) if g == f}) == 1
    assert set(fold.tolist()) == {0, 1}


def test_code_pair_reports_the_arbiters_reading_with_its_evidence() -> None:
    from eventwatch.coding.coder import code_pair_inputs

    answer, inputs = code_pair_inputs(
        "The navy of Freedonia shelled a coastal village held by rebels of the Sylvanian front.",
        "The navy of Freedonia", "rebels of the Sylvanian front")
    ev = inputs.evidence
    assert ev is not None and ev.lexicon_type == "ASSAULT" and ev.probs
    assert answer["event_type"] in ev.readings()
    assert 0.0 < answer["confidence"] < 1.0
    json.dumps(ev.to_json())  # the fitting script dumps it
