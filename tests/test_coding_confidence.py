"""The coder's calibrated confidence: the shipped map loads, is monotone and stays in [0, 1];
on real sentences an agreement of a confident lexicon hit and the model scores above a
disagreement; the PLV reliability report computes ECE as defined."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwatch.coding.calibration import (
    CALIBRATION_PATH,
    MAPS,
    OPTIONAL_MAPS,
    Calibration,
    CalibrationError,
    calibration,
    load,
    parse,
)
from eventwatch.coding.coder import code_doc, code_pair, code_pair_inputs
from eventwatch.evaluate.plv import Outcome, Row, reliability

GRID = [k / 20 for k in range(21)]


def test_shipped_map_loads_with_every_map_and_was_fitted_on_our_own_split() -> None:
    cal = calibration()
    assert isinstance(cal, Calibration)
    assert set(cal.maps) == set(MAPS) | set(OPTIONAL_MAPS)  # the event map is fitted too
    for name, feats in MAPS.items():
        assert set(cal.maps[name].weights) <= set(feats)
    data = json.loads(CALIBRATION_PATH.read_text(encoding="utf-8"))
    assert "held-out split of data/coding/training" in data["about"]
    assert data["held_out_pairs"] > 400


def test_confidence_is_monotone_in_each_input() -> None:
    cal = calibration()
    for lex in (None, 0.05, 0.65, 0.9, 0.95):
        for kind in ("noun", "verb", "phrase"):
            ps = [cal.confidence(lex, p, agree=False, kind=kind) for p in GRID]
            assert all(a < b for a, b in zip(ps, ps[1:], strict=False)), (lex, kind, ps)
            for p in GRID:
                assert cal.confidence(lex, p, True, kind) >= cal.confidence(lex, p, False, kind)
    for p in (None, 0.2, 0.9):
        lexes = [cal.confidence(x, p, kind="verb") for x in GRID]
        assert all(a <= b for a, b in zip(lexes, lexes[1:], strict=False))
        kinds = [cal.confidence(0.9, p, kind=k) for k in ("noun", "verb", "phrase")]
        assert kinds == sorted(kinds)
    # strictly rising in lexicon strength when the model was not asked (code_doc's sure path)
    assert cal.confidence(0.95, None) > cal.confidence(0.9, None) > cal.confidence(0.65, None)


def test_confidence_stays_in_unit_interval_at_the_extremes() -> None:
    cal = calibration()
    for lex in (None, -1.0, 0.0, 1.0, 2.0):
        for p in (None, -0.5, 0.0, 1e-12, 0.5, 1.0 - 1e-12, 1.0, 1.5):
            for agree in (False, True):
                for kind in (None, "noun", "verb", "phrase", "other"):
                    c = cal.confidence(lex, p, agree, kind)
                    assert 0.0 <= c <= 1.0, (lex, p, agree, kind, c)


def test_loader_rejects_a_decreasing_or_incomplete_map(tmp_path: Path) -> None:
    good = json.loads(CALIBRATION_PATH.read_text(encoding="utf-8"))
    bad = json.loads(json.dumps(good))
    bad["maps"]["lexicon_model"]["weights"]["model_logit"] = -0.5
    with pytest.raises(CalibrationError, match="model_logit.*>= 0"):
        parse(bad, "bad.json")
    bad = json.loads(json.dumps(good))
    del bad["maps"]["model_only"]
    with pytest.raises(CalibrationError, match="model_only"):
        parse(bad, "bad.json")
    bad = json.loads(json.dumps(good))
    bad["maps"]["lexicon_only"]["weights"]["sentence_length"] = 0.1
    with pytest.raises(CalibrationError, match="unknown features"):
        parse(bad, "bad.json")
    path = tmp_path / "confidence.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CalibrationError, match="confidence.json: not JSON"):
        load(path)
    path.write_text(json.dumps(good), encoding="utf-8")
    assert load(path).maps == calibration().maps


AGREEMENT = ("Ukraine accused Russia of shelling the nuclear plant.", "Ukraine", "Russia")
DISAGREEMENTS = [
    # ("signed a decree granting amnesty to X" left this list: the participle on the decree
    # now takes the signer as its doer, so the lexicon reads the amnesty (CONCEDE) as the
    # model does)
    # the lexicon reads "handed" as AID; the model does not
    (("Washington handed Kyiv a list of reforms.", "Washington", "Kyiv"), "AID"),
]


def test_agreement_of_lexicon_and_model_scores_above_a_disagreement(nlp) -> None:
    out, inp = code_pair_inputs(*AGREEMENT)
    assert out["event_type"] == "ACCUSE" and inp.lexicon is not None and inp.probs
    assert max(inp.probs, key=inp.probs.get) == "ACCUSE"
    assert out["confidence"] >= 0.9
    for case, lexicon_type in DISAGREEMENTS:
        dis, dinp = code_pair_inputs(*case)
        assert dinp.probs and max(dinp.probs, key=dinp.probs.get) != lexicon_type, case
        # whichever reading the arbiter takes (the lexicon's, or since the session-8 model the
        # model's weak top type), a disagreement is never in the sure band
        assert dis["confidence"] < 0.9 and dis["confidence"] < out["confidence"], (
            case,
            dis["confidence"],
        )


def test_pair_and_doc_confidences_are_probabilities(nlp) -> None:
    sentences = [
        AGREEMENT[0],
        *(case[0] for case, _ in DISAGREEMENTS),
        "Paris and Berlin, as usual.",
        "Rebels said they would attack the capital unless the army withdrew.",
    ]
    for s in sentences:
        for ev in code_doc(nlp(s)):
            assert 0.0 <= ev.confidence <= 1.0, (s, ev.event_type, ev.confidence)
    out = code_pair("Paris and Berlin, as usual.", "Paris", "Berlin")
    assert 0.0 <= out["confidence"] <= 0.5


def _outcome(gold: str, pred: str, conf: float) -> Outcome:
    return Outcome(Row("s", "s", "a", "b", gold, "1"), pred, conf)


def test_reliability_report_computes_ece_and_the_confident_accuracy() -> None:
    outs = [_outcome("AGREE", "AGREE", 0.95)] * 3 + [_outcome("AGREE", "REJECT", 0.95)]
    outs += [_outcome("AGREE", "AGREE", 0.15), _outcome("AGREE", "REJECT", 0.0)]
    rel = reliability(outs)
    # bin (0.9, 1.0]: 4 pairs, conf 0.95, accuracy 0.75; bin [0, 0.1]: conf 0, acc 0;
    # bin (0.1, 0.2]: conf 0.15, acc 1
    assert rel.ece == pytest.approx(4 / 6 * 0.2 + 0 + 1 / 6 * 0.85)
    assert (rel.confident_n, rel.confident_acc) == (4, 0.75)
    assert [b[2] for b in rel.bins] == [1, 1, 4]
    perfect = reliability([_outcome("AGREE", "AGREE", 1.0), _outcome("AGREE", "SUPPORT", 0.0)])
    assert perfect.ece == 0.0


def test_report_prints_the_reliability_lines() -> None:
    import io

    from eventwatch.evaluate.plv import report

    buf = io.StringIO()
    report([_outcome("AGREE", "AGREE", 0.95), _outcome("AGREE", "REJECT", 0.35)], "pair", 0, buf)
    text = buf.getvalue()
    assert "confidence: ECE (10 bins) 0.200; confidence >= 0.9: 1 pairs, 100.0% right" in text


def _script():
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "scripts" / "calibrate_confidence.py"
    spec = importlib.util.spec_from_file_location("calibrate_confidence", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_fit_keeps_every_weight_positive_even_against_the_data() -> None:
    import numpy as np

    cc = _script()
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, size=(400, 2))
    # the first input helps, the second hurts: the fit must follow the first, floor the second
    p = 1 / (1 + np.exp(-(4 * x[:, 0] - 3 * x[:, 1])))
    y = (rng.uniform(size=400) < p).astype(float)
    b, w = cc.fit_platt(x, y)
    assert w[0] > 1.0
    assert w[1] == pytest.approx(cc.MIN_WEIGHT)
    assert cc.ece(cc.predict(b, w, x), y) < 0.1


def _event_map_file(weights: dict) -> dict:
    base = {n: {"bias": 0.0, "weights": {}} for n in ("lexicon_model", "lexicon_only", "model_only")}
    return {"maps": {**base, "event": {"bias": -1.0, "weights": weights}}}


def test_the_event_map_is_optional_monotone_and_reads_every_opinion() -> None:
    from eventwatch.coding.calibration import EVENT_MAP, parse

    base = {n: {"bias": 0.0, "weights": {}} for n in ("lexicon_model", "lexicon_only", "model_only")}
    assert "event" not in parse({"maps": base}, "no event map").maps
    cal = parse(_event_map_file({f: 0.5 for f in EVENT_MAP}), "event map")
    low = cal.event_confidence(0.5, "verb", 0.3, False, 0.6)
    assert 0.0 < low < cal.event_confidence(0.5, "verb", 0.3, False, 0.95)
    assert low < cal.event_confidence(0.5, "verb", 0.8, True, 0.6)
    assert low < cal.event_confidence(0.9, "phrase", 0.3, False, 0.6)
    with pytest.raises(CalibrationError, match="map 'event' weight of 'agree' must be"):
        parse(_event_map_file({"agree": -0.2}), "bad")


def test_without_a_none_opinion_the_type_confidence_stands() -> None:
    from eventwatch.coding.calibration import parse

    base = {n: {"bias": 0.3, "weights": {}} for n in ("lexicon_model", "lexicon_only", "model_only")}
    cal = parse({"maps": base}, "old file")
    assert cal.event_confidence(0.8, "verb", 0.7, True, 0.9) == cal.confidence(0.8, 0.7, True, "verb")


def test_the_model_opinion_of_a_dyad_reading_sums_the_types_read_that_way() -> None:
    from eventwatch.coding.coder import read_as_dyad

    probs = {"CONCEDE": 0.3, "RETREAT": 0.2, "ASSAULT": 0.4, "ACCUSE": 0.1}
    read = read_as_dyad(probs, "planned")
    assert read == pytest.approx({"AGREE": 0.5, "THREATEN": 0.4, "ACCUSE": 0.1})
    assert read_as_dyad(probs, "realized") == probs


def test_a_stance_event_is_at_least_as_confident_as_the_event_it_reads(nlp) -> None:
    doc = nlp("The Ethiopian government will release 40 Eritrean prisoners of war next month.")
    events = code_doc(doc)
    stances = [ev for ev in events if "stance_on" in ev.extra]
    assert stances, [(ev.event_type, ev.factuality) for ev in events]
    for st in stances:
        base = next(ev for ev in events
                    if "stance_on" not in ev.extra and ev.event_type == st.extra["stance_on"])
        assert 0.0 <= st.confidence <= 1.0
        assert st.confidence >= min(1.0, base.confidence + 0.02) - 1e-9
