"""The learned event/no-event decision: target-only training rows, the fitted thresholds of
the gate, learned candidates in every sentence, and what makes a sentence yield no candidate
(hard-wrapped lines, named owners, doerless targets). Sentences written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwatch.actors.coref import DocActors
from eventwatch.coding import code_doc, gate, learned
from eventwatch.coding.candidates import segments
from eventwatch.coding.model import TrainingDataError, load_training_rows, row_features


def _write(tmp_path: Path, rows: list[dict]) -> None:
    (tmp_path / "w5_t_01.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8"
    )


def test_a_target_only_row_loads_and_reads_an_implicit_source(tmp_path: Path, nlp) -> None:
    sent = "The provincial governor was detained at his office on Tuesday."
    row = {"sentence": sent, "source": None, "target": "The provincial governor",
           "event_type": "COERCE", "factuality": "realized"}
    _write(tmp_path, [row])
    assert load_training_rows(tmp_path)[0]["source"] is None
    feats = row_features(nlp(sent), row)
    assert feats is not None and "implicit_source" in feats
    assert "implicit_target" not in feats


def test_a_row_needs_one_actor_at_least(tmp_path: Path) -> None:
    _write(tmp_path, [{"sentence": "It rained.", "source": None, "target": None,
                       "event_type": "NONE", "factuality": "realized"}])
    with pytest.raises(TrainingDataError, match="source and target are both null"):
        load_training_rows(tmp_path)


def test_the_shipped_target_only_rows_are_many_and_varied() -> None:
    rows = [r for r in load_training_rows() if r["source"] is None]
    assert len(rows) >= 250
    assert {r["event_type"] for r in rows} >= {"ASSAULT", "COERCE", "CONCEDE", "AID", "NONE"}
    assert sum(r["event_type"] == "NONE" for r in rows) >= 60  # sport, weather, pets ...


def test_the_gate_thresholds_are_fitted_and_fall_back_cell_kind_all() -> None:
    table = gate.thresholds()
    assert all(0.0 <= v <= 1.0 for v in table.values())
    data = json.loads(gate.GATE_PATH.read_text(encoding="utf-8"))
    assert data.get("script") == "scripts/calibrate_event_gate.py"  # not set by hand
    for kind in gate.KINDS:
        for level in (1, 2):
            cell = f"{kind}/{'placed' if level == 2 else 'weak'}"
            want = table.get(cell, table.get(kind, table["all"]))
            assert gate.event_threshold(kind, level) == want


def test_a_wrapped_line_does_not_cut_the_sentence(nlp) -> None:
    doc = nlp("The regional council said on Monday that it\nwould review the licence.\n"
              "Farmers in the valley\nwelcomed the move.\n\nNew rules\nTake effect in May.")
    texts = [s.text for s in segments(doc)]
    assert "The regional council said on Monday that it\nwould review the licence." in texts
    assert "Farmers in the valley\nwelcomed the move." in texts
    assert "New rules" in texts  # a line that starts with a capital is a line of its own


def test_a_named_owner_of_a_thing_is_a_mention(nlp) -> None:
    doc = nlp("The senator said Norway's mediation between the parties was welcome.")
    heads = [t.text for t in learned._heads(doc[:])]
    assert "Norway" in heads
    doc = nlp("Brazil's foreign minister met the envoy.")
    assert [t.text for t in learned._heads(doc[:])] == ["minister", "envoy"]


@pytest.mark.parametrize(
    ("text", "word", "patient"),
    [
        ("The deputy mayor was detained at the airport on Friday.", "mayor", True),
        ("An army checkpoint came under fire after midnight.", "checkpoint", True),
        ("The deputy mayor was detained by border guards.", "mayor", False),  # doer named
        ("Border guards detained the deputy mayor.", "guards", False),
    ],
)
def test_a_doerless_target_is_found_from_the_parse(nlp, text: str, word: str, patient: bool) -> None:
    doc = nlp(text)
    tok = next(t for t in doc if t.text == word)
    assert learned._patient(tok) is patient


@pytest.mark.skipif(not gate.knows_target_only(), reason="the model has no target-only rows yet")
@pytest.mark.parametrize(
    ("text", "target", "etype"),
    [
        ("A senior Somali police commander was shot dead outside a mosque in Baidoa.",
         "A senior Somali police commander", "ASSAULT"),
        ("The Nicaraguan opposition leader was arrested at her home before dawn.",
         "The Nicaraguan opposition leader", "COERCE"),
    ],
)
def test_the_model_codes_a_doerless_event(nlp, text: str, target: str, etype: str) -> None:
    doc = nlp(text)
    events = code_doc(doc, actor_of=DocActors(doc, None).actor_for)
    hits = [ev for ev in events if not ev.source and ev.target and ev.target[0].text == target]
    assert hits and hits[0].event_type == etype


@pytest.mark.skipif(not gate.knows_target_only(), reason="the model has no target-only rows yet")
@pytest.mark.parametrize(
    "text",
    [
        "The veteran striker was sent off for a second yellow card.",
        "The rescued kitten was adopted by a retired teacher.",
        "The harbour town was battered by gales all weekend.",
    ],
)
def test_private_life_stays_eventless(nlp, text: str) -> None:
    doc = nlp(text)
    assert code_doc(doc, actor_of=DocActors(doc, None).actor_for) == []


def test_a_doerless_target_of_a_withheld_permission_is_refused_it(nlp) -> None:
    # "X was not granted permission to leave": the model's negated concession to X, with no
    # named doer, is read as the refusal aimed at X (realized), as a pair's would be
    doc = nlp("After a contract row, the Colombian striker was not granted permission to leave Qatar.")
    sent = next(iter(segments(doc)))
    trigger = next(t for t in doc if t.text == "granted")
    tgt = doc[5:8]
    probs = {label: 0.0 for label in ("NONE", "CONCEDE", "REJECT")}
    probs.update({"CONCEDE": 0.8, "NONE": 0.2})
    ev = learned._event(sent, trigger, None, tgt, probs, 0.8)
    assert (ev.event_type, ev.factuality) == ("REJECT", "realized")
    assert ev.source == [] and [s.text for s in ev.target] == ["the Colombian striker"]
    # a plain negated concession with its doer unnamed keeps its own reading
    doc = nlp("The Colombian striker was not released after the match.")
    sent = next(iter(segments(doc)))
    trigger = next(t for t in doc if t.text == "released")
    ev = learned._event(sent, trigger, None, doc[0:3], probs, 0.8)
    assert (ev.event_type, ev.factuality) == ("CONCEDE", "negated")
