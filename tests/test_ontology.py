"""The ontology files load, pass their schema check, and say what the codebook says."""

from __future__ import annotations

import shutil

import pytest

from eventwatch.coding import ontology as onto_mod
from eventwatch.coding.ontology import PLOVER_TYPES, OntologyError, ontology


def test_sixteen_plover_types_with_modes():
    o = ontology()
    assert set(o.types) == set(PLOVER_TYPES) and len(o.types) == 16
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
    with pytest.raises(OntologyError, match="AGREEMENT"):
        onto_mod.load(d)


def test_schema_check_rejects_bad_goldstein(tmp_path):
    d = _copy(tmp_path)
    p = d / "cameo.tsv"
    p.write_text(p.read_text().replace("195\temploy aerial weapons\t4\t-10.0", "195\temploy aerial weapons\t4\t-12"))
    with pytest.raises(OntologyError, match="Goldstein"):
        onto_mod.load(d)
