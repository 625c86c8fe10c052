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
    LABELS,
    NONE,
    PLOVER_TYPES,
    TrainingDataError,
    char_spans,
    load_training_rows,
    pair_features,
    row_features,
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
    assert set(by_type) - {NONE} == set(PLOVER_TYPES), set(PLOVER_TYPES) - set(by_type)
    assert min(v for k, v in by_type.items() if k != NONE) >= 100, by_type
    assert {r["factuality"] for r in rows} >= {"realized", "planned", "hypothetical"}
    # schema v2 repeats a sentence once per actor pair, but never the same pair twice
    pairs = {(r["sentence"], r["source"], r.get("target")) for r in rows}
    assert len(pairs) > 0.98 * len(rows)  # written, not duplicated
    for r in rows:
        assert r["source"] is None or r["source"] in r["sentence"]
        assert r["target"] is None or r["target"] in r["sentence"]


def test_training_files_are_batches_of_a_few_hundred() -> None:
    files = sorted(model.TRAINING_DIR.glob("*.jsonl"))
    assert len(files) >= 30
    assert all(sum(1 for _ in f.open(encoding="utf-8")) <= 600 for f in files)


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


def _write_rows(folder: Path, name: str, rows: list[dict]) -> None:
    (folder / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_schema_v2_accepts_none_rows_null_targets_style_and_mode(tmp_path: Path) -> None:
    sent = "Kenyan police arrested a suspect after Somali militants attacked a bus."
    rows = [
        {"sentence": sent, "source": "Somali militants", "target": "a bus",
         "event_type": "ASSAULT", "factuality": "realized", "style": "wire", "mode": "firearms"},
        {"sentence": sent, "source": "Kenyan police", "target": "Somali militants",
         "event_type": "NONE", "factuality": "realized", "style": "wire"},
        {"sentence": "Thousands of farmers marched through the capital on Monday.",
         "source": "Thousands of farmers", "target": None, "event_type": "PROTEST",
         "factuality": "realized", "style": "broadcast", "mode": None},
    ]
    _write_rows(tmp_path, "w2x_01.jsonl", rows)
    loaded = load_training_rows(tmp_path)
    assert [r["event_type"] for r in loaded] == ["ASSAULT", NONE, "PROTEST"]
    assert loaded[2]["target"] is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"style": "tabloid"}, "unknown style 'tabloid'"),
        ({"mode": 3}, "mode must be a string"),
        ({"target": ""}, "target must be a non-empty string or null"),
        ({"event_type": "NOTHING"}, "unknown event_type 'NOTHING'"),
    ],
)
def test_schema_v2_names_what_is_wrong(tmp_path: Path, change: dict, message: str) -> None:
    row = {"sentence": "Chad closed its border with Sudan.", "source": "Chad",
           "target": "Sudan", "event_type": "SANCTION", "factuality": "realized"}
    _write_rows(tmp_path, "w2y_01.jsonl", [dict(row, **change)])
    with pytest.raises(TrainingDataError, match=rf"w2y_01\.jsonl:1: {message}"):
        load_training_rows(tmp_path)


def test_a_missing_target_key_is_an_error_not_a_one_sided_event(tmp_path: Path) -> None:
    row = {"sentence": "Chad closed its border.", "source": "Chad",
           "event_type": "SANCTION", "factuality": "realized"}
    _write_rows(tmp_path, "w2z_01.jsonl", [row])
    with pytest.raises(TrainingDataError, match="missing 'target'"):
        load_training_rows(tmp_path)


def test_a_one_sided_row_reads_the_predicate_object_as_implicit_target(nlp) -> None:
    sent = "Masked gunmen torched a police station in the north overnight."
    row = {"sentence": sent, "source": "Masked gunmen", "target": None}
    feats = row_features(nlp(sent), row)
    assert feats is not None
    assert "implicit_target" in feats
    assert "lca=torch" in feats


def test_training_learns_none_and_writes_metrics_beside_the_model(tmp_path: Path) -> None:
    """The training script on a small v2 folder: 17 labels, a metrics file, same seed same
    weights."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "train_type_model", Path(__file__).resolve().parents[1] / "scripts" / "train_type_model.py"
    )
    assert spec is not None and spec.loader is not None
    tt = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tt)
    data = tmp_path / "data"
    data.mkdir()
    rows = []
    for k, (a, b) in enumerate([("Chile", "Peru"), ("Ghana", "Togo"), ("Laos", "Burma"),
                                ("Fiji", "Tonga"), ("Oman", "Yemen"), ("Mali", "Niger")]):
        rows.append({"sentence": f"{a} shelled {b} on day {k}.", "source": a, "target": b,
                     "event_type": "ASSAULT", "factuality": "realized"})
        rows.append({"sentence": f"{a} hosted talks with {b} on day {k}.", "source": a,
                     "target": b, "event_type": "CONSULT", "factuality": "realized"})
        rows.append({"sentence": f"{a} won a football match on day {k} while {b} watched.",
                     "source": a, "target": b, "event_type": NONE, "factuality": "realized"})
    _write_rows(data, "w2t_01.jsonl", rows)
    out = tmp_path / "m" / "type_model.npz"
    args = ["--data", str(data), "--out", str(out), "--epochs", "40"]
    assert tt.main(args) == 0
    first = out.read_bytes()
    metrics = json.loads(out.with_name("type_model.metrics.json").read_text(encoding="utf-8"))
    assert metrics["by_label"] == {"ASSAULT": 6, "CONSULT": 6, NONE: 6}
    assert "event_vs_none" in metrics
    m = model.TypeModel(out)
    assert tuple(m.labels) == LABELS
    assert tt.main(args) == 0
    assert out.read_bytes() == first  # fixed seed: the same weights


def test_a_second_training_run_reads_the_kept_held_out_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """On the shipped training folder the held-out model (trained on the 85 %) is kept in the
    cache folder under a hash of the rows and settings; the next run (and
    calibrate_confidence.py) reads it instead of refitting it, and writes the same model."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "train_type_model", Path(__file__).resolve().parents[1] / "scripts" / "train_type_model.py"
    )
    assert spec is not None and spec.loader is not None
    tt = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tt)
    data = tmp_path / "data"
    data.mkdir()
    rows = []
    for k, (a, b) in enumerate([("Chile", "Peru"), ("Ghana", "Togo"), ("Laos", "Burma"),
                                ("Fiji", "Tonga"), ("Oman", "Yemen"), ("Mali", "Niger")]):
        rows.append({"sentence": f"{a} bombed {b} on day {k}.", "source": a, "target": b,
                     "event_type": "ASSAULT", "factuality": "realized"})
        rows.append({"sentence": f"{a} met {b} on day {k}.", "source": a, "target": b,
                     "event_type": "CONSULT", "factuality": "realized"})
    _write_rows(data, "w2t_01.jsonl", rows)
    monkeypatch.setattr(tt, "TRAINING_DIR", data)  # the cache is kept for the shipped folder only
    monkeypatch.setenv("EVENTWATCH_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "m" / "type_model.npz"
    args = ["--data", str(data), "--out", str(out), "--epochs", "30", "--clusters", "none"]
    assert tt.main(args) == 0
    kept = sorted((tmp_path / "cache").glob("heldout_type_model-*.npz"))
    assert len(kept) == 1
    first, metrics = out.read_bytes(), out.with_name("type_model.metrics.json").read_text()
    assert "kept by an earlier run" not in capsys.readouterr().out
    assert tt.main(args) == 0
    assert "kept by an earlier run" in capsys.readouterr().out
    assert out.read_bytes() == first
    assert out.with_name("type_model.metrics.json").read_text() == metrics
    # other settings, another held-out model
    assert tt.main([*args[:-4], "--epochs", "31", "--clusters", "none"]) == 0
    assert "kept by an earlier run" not in capsys.readouterr().out
    assert len(list((tmp_path / "cache").glob("heldout_type_model-*.npz"))) == 2


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
            # schema v2 labels the event itself (a planned AID); code_pair's dyad reading
            # makes it AGREE (tests/test_coding_pair.py)
            "Norway will give the World Food Programme an extra $40 million next year.",
            "Norway",
            "the World Food Programme",
            "AID",
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
    # the model reads the act itself (the v2 corpus labels "will not lift" a negated CONCEDE,
    # or the refusal it amounts to); the pair coder turns the negated act into the refusal
    assert refuse in ("REJECT", "CONCEDE", "RETREAT")
    assert concede in ("CONCEDE", "RETREAT")
    from eventwatch.coding import code_pair

    coded = code_pair(
        "The European Union will not lift its sanctions on Belarus this year.",
        "The European Union",
        "Belarus",
    )
    assert coded["event_type"] == "REJECT" and coded["factuality"] == "negated"


@pytest.mark.parametrize(
    ("sentence", "source", "expected"),
    [
        # read RETREAT by the lexical model; AID since the word clusters (2026-12-07)
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


def test_code_pair_reads_a_planned_gift_as_the_donor_agreeing() -> None:
    from eventwatch.coding.coder import code_pair

    out = code_pair("Norway will give the World Food Programme an extra $40 million next year.",
                    "Norway", "the World Food Programme")
    assert (out["event_type"], out["event"], out["factuality"]) == ("AGREE", "AID", "planned")
