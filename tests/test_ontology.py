"""The ontology files load, pass their schema check, and say what the codebook says."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from eventwatch.coding import ontology as onto_mod
from eventwatch.coding.ontology import OntologyError, ontology, plover_types

PLOVER = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
          "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")


def test_sixteen_plover_types_with_modes():
    o = ontology()
    assert plover_types() == PLOVER  # the codebook's 16, in the type model's label order
    assert tuple(o.types) == PLOVER
    assert "DEMAND" not in o.types and "DISAPPROVE" not in o.types  # folded into REQUEST/ACCUSE
    for t in o.types.values():
        assert t.modes, t.name
        assert t.default_cameo in o.cameo
    assert sum(t.side == "cooperation" for t in o.types.values()) == 8


def test_quad_classes_follow_the_sides():
    o = ontology()
    assert o.quad_class("CONSULT") == 1 and o.quad_class("AID") == 2
    assert o.quad_class("ACCUSE") == 3 and o.quad_class("ASSAULT") == 4
    assert o.quad_class("REQUEST") == 3  # as PLV and POLECAT count it


def test_cameo_codes_and_goldstein():
    o = ontology()
    assert len([c for c in o.cameo if len(c) == 2]) == 20
    assert o.cameo["042"].quad_class == 1 and o.goldstein("042") == pytest.approx(1.9)
    assert o.goldstein("195") == -10.0 and o.cameo["195"].quad_class == 4
    assert all(-10 <= c.goldstein <= 10 for c in o.cameo.values())


def test_every_cameo_code_maps_to_plover():
    o = ontology()
    assert o.plover_for_cameo("042") == ("CONSULT", "visit")
    assert o.plover_for_cameo("0421") == ("CONSULT", "visit")  # finer codes fall back
    assert o.plover_for_cameo("163") == ("COERCE", "sanction")  # as PLV codes imposed sanctions
    assert o.plover_for_cameo("161") == ("SANCTION", "diplomatic")
    assert o.plover_for_cameo("111") == ("ACCUSE", "disapprove")
    assert o.plover_for_cameo("010") is None  # a neutral statement is no event
    for code in o.cameo:
        assert code in o.cameo_to_plover


def test_contexts_include_military():
    assert "military" in ontology().contexts


def _copy(tmp_path):
    d = tmp_path / "coding"
    for name in ("plover.yaml", "cameo.tsv", "plover_cameo.tsv"):
        d.mkdir(exist_ok=True)
        shutil.copy(onto_mod.DATA / name, d / name)
    return d


def test_schema_check_names_the_file_and_problem(tmp_path):
    d = _copy(tmp_path)
    p = d / "plover_cameo.tsv"
    p.write_text(p.read_text() + "195\tASSAULT\tnapalm\t\n")
    with pytest.raises(OntologyError, match=r"plover_cameo.tsv.*no mode 'napalm'"):
        onto_mod.load(d)


def test_schema_check_rejects_unknown_types(tmp_path):
    d = _copy(tmp_path)
    p = d / "plover.yaml"
    p.write_text(p.read_text().replace("  AGREE:", "  AGREEMENT:"))
    # the named readings still say AGREE: the file contradicts itself
    with pytest.raises(OntologyError, match=r"plover.yaml: readings: reading 'promise': unknown type 'AGREE'"):
        onto_mod.load(d)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    target: optional\n    collective: true", "    target: sometimes\n    collective: true",
         r"plover.yaml: type PROTEST.target: must be one of"),
        ("    collective: true", "    collective: yes please", r"type PROTEST: `collective` must be true or false"),
        ("      of_phrase: source", "      of_phrase: object", r"type CONSULT.arguments.of_phrase"),
        ("      noun_target_preps: [with,", "      noun_target_prep: [with,", r"type CONSULT.arguments: unknown field"),
        ('  verb_target_preps: [upon, "on",', "  verb_target_preps: [upon, on,",
         r"argument_frame.verb_target_preps: must be a non-empty list of words \(quote on"),
        ("{when: territory, modes: [seize, arrest]", "{when: territory, modes: [seize, napalm]",
         r"type COERCE.readings: COERCE has no mode 'napalm'"),
        ("{when: territory,", "{when: moon_phase,", r"type COERCE.readings: `when` must be one of"),
        ("unrealized: {planned: threaten_force,", "unrealized: {planned: threaten_softly,",
         r"type ASSAULT.unrealized: 'planned': 'threaten_softly'"),
        ("      military: {mode: force, cameo: \"138\"}", "      military: {mode: force, cameo: \"999\"}",
         r"type THREATEN.context_modes.military: needs a mode"),
        ("fallback_type: ACCUSE", "fallback_type: BLAME", r"plover.yaml: fallback_type: 'BLAME'"),
        ("  take_ground: {type: ASSAULT, mode: firearms,", "  take_ground: {type: ASSAULT, mode: sword,",
         r"reading 'take_ground': ASSAULT has no mode 'sword'"),
        ("    sending: true\n    arguments:\n      noun_target_preps",
         "    sending: true\n    polarity: warm\n    arguments:\n      noun_target_preps",
         r"type CONSULT: unknown field\(s\) \['polarity'\]"),
    ],
)
def test_schema_check_names_file_type_and_field(tmp_path, old, new, message):
    d = _copy(tmp_path)
    p = d / "plover.yaml"
    text = p.read_text()
    assert old in text, old
    p.write_text(text.replace(old, new, 1))
    with pytest.raises(OntologyError, match=message):
        onto_mod.load(d)


def test_coder_behaviour_is_the_ontology_s():
    t = ontology().types
    assert {n for n, e in t.items() if e.one_sided} == {"PROTEST", "MOBILIZE", "RETREAT", "CONCEDE"}
    assert {n for n, e in t.items() if not e.untargeted_ok} == {"AGREE", "CONSULT", "COOPERATE"}
    assert [n for n, e in t.items() if e.collective] == ["PROTEST"]
    assert [n for n, e in t.items() if e.unnamed_doer] == ["COERCE", "ASSAULT"]
    assert [n for n, e in t.items() if e.state_act] == ["COERCE"]  # "X was arrested"
    assert t["COERCE"].person_object_modes == ("arrest", "expel")  # "arrested two teenagers"
    assert t["ASSAULT"].unrealized["planned"].cameo == "138"  # "vowed to strike": a threat of force
    assert t["CONSULT"].unrealized["negated"].type == "REJECT"  # "refused to meet"
    assert t["CONSULT"].args.of_phrase == "source" and t["ASSAULT"].args.of_phrase == "target"
    assert "from" in t["RETREAT"].args.verb_target_preps  # "withdrew from Syria"
    assert t["COOPERATE"].context_modes["military"] == ("military", "062")
    assert t["RETREAT"].plv_root == t["CONCEDE"].plv_root == "YIELD"
    assert ontology().fallback_type == "ACCUSE"


def test_the_coder_checks_every_condition_the_ontology_names():
    from eventwatch.coding import coder

    assert set(coder._CONDITIONS) == set(onto_mod.CONDITIONS)
    assert set(coder._PAIR_CONDITIONS) == set(onto_mod.PAIR_CONDITIONS)


def test_the_type_model_labels_are_the_ontology_s():
    from eventwatch.coding import model

    m = model.load_model()
    assert m is not None and tuple(m.labels) == (*plover_types(), model.NONE)


def test_no_stage_code_names_a_plover_type():
    """The coding stages ask the ontology; no string literal in src/ is a PLOVER type name
    (plover.yaml is the one list of them). Allowed: none."""
    src = Path(onto_mod.__file__).resolve().parents[1]
    names = set(plover_types())
    found = []
    for path in sorted(src.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in names:
                found.append(f"{path.relative_to(src)}:{node.lineno}: {node.value!r}")
    assert not found, "\n".join(found)


def test_schema_check_rejects_bad_goldstein(tmp_path):
    d = _copy(tmp_path)
    p = d / "cameo.tsv"
    p.write_text(p.read_text().replace("195\temploy aerial weapons\t4\t-10.0", "195\temploy aerial weapons\t4\t-12"))
    with pytest.raises(OntologyError, match="Goldstein"):
        onto_mod.load(d)
