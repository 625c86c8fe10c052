"""The Phoenix import (scripts/convert_phoenix.py, actors.imported) and the CAMEO conventions.

The conversion runs here on a small TABARI-format file written for the test (invented names);
the shipped knowledge base is checked through `eventwatch actors lookup` and `resolve_actor`.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from eventwatch.actors import resolve_actor
from eventwatch.actors.loader import get_kb
from eventwatch.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _convert_module():
    spec = importlib.util.spec_from_file_location(
        "convert_phoenix", ROOT / "scripts/convert_phoenix.py"
    )
    mod = importlib.util.module_from_spec(spec)
    sys.modules["convert_phoenix"] = mod
    spec.loader.exec_module(mod)
    return mod


COUNTRIES = """# test file
RIVERLAND_  [FRA]
+RIVERTOWN_

ODILE_MARCHAND_  # CountryInfo.txt
+MARCHAND_
\t[FRAELI 700101-990101]
\t[FRAGOV >120515]
\t[FRAELI]
PAUL_VERNIER_  # CountryInfo.txt
\t[FRAGOVEDU 050101-080630]
NATIONAL_RIVER_GUARD
+RIVER_GUARD_FORCES
\t[FRAMIL]
"""
INTERNATIONAL = "BLUE_HARBOUR_FUND_ [NGOENV]\nUNIFIED_OCEAN_PANEL_ [IGOUNOENV]\n"
MILNONSTATE = "VALLEY_LIBERATION_FRONT_ [FRAREB]\n+VLF\n"
AGENTS = "!MINIST! = MINISTER, MINISTRY\n!MINIST! OF_RIVERS [~GOVENV]\nDOCK_WORKER {DOCK_WORKERS} [~LAB]\n"


@pytest.fixture
def converted(tmp_path):
    src = tmp_path / "phoenix"
    src.mkdir()
    for name, text in (
        ("Phoenix.Countries.actors.txt", COUNTRIES),
        ("Phoenix.International.actors.txt", INTERNATIONAL),
        ("Phoenix.MilNonState.actors.txt", MILNONSTATE),
        ("Phoenix.agents.txt", AGENTS),
    ):
        (src / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert _convert_module().main(["--source", str(src), "--out", str(out)]) == 0
    return out


def _tsv(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:]]


def test_conversion_keeps_roles_dated(converted):
    people = {r[1]: r for r in _tsv(converted / "phoenix_people.tsv")}
    assert set(people) == {"Odile Marchand", "Paul Vernier"}
    pid, _, country, aliases, keys, roles = people["Odile Marchand"]
    assert (pid, country, aliases, keys) == (
        "x:odile-marchand",
        "FRA",
        "Marchand",
        "odile marchand",
    )
    # an open tenure ends "until at least" the dictionary's date; the undated line stays undated
    assert roles == "FRAELI 1970-01-01 1999-01-01;FRAGOV 2012-05-15 2014-01-30+;FRAELI - -"
    assert people["Paul Vernier"][5] == "FRAGOVEDU 2005-01-01 2008-06-30"


def test_conversion_sorts_organisations_places_and_agents(converted):
    orgs = {r[1]: r for r in _tsv(converted / "phoenix_orgs.tsv")}
    assert orgs["National River Guard"][2:4] == ["River Guard Forces", "FRAMIL"]
    assert orgs["Valley Liberation Front"][2:] == ["VLF", "FRAREB", "valley liberation front|^VLF"]
    assert orgs["Unified Ocean Panel"][3] == "IGOUNOENV"
    assert ["Rivertown", "FRA", "rivertown"] in _tsv(converted / "phoenix_places.tsv")
    agents = {r[0]: r for r in _tsv(converted / "phoenix_agents.tsv")}
    assert agents["minister of rivers"] == ["minister of rivers", "person", "GOVENV"]
    assert agents["ministry of rivers"][1:] == ["organisation", "GOVENV"]
    assert agents["dock workers"][1:] == ["group", "LAB"]


def test_conversion_is_rerunnable(converted, tmp_path):
    first = {p.name: p.read_text(encoding="utf-8") for p in converted.iterdir()}
    assert (
        _convert_module().main(["--source", str(tmp_path / "phoenix"), "--out", str(converted)])
        == 0
    )
    assert {p.name: p.read_text(encoding="utf-8") for p in converted.iterdir()} == first


def test_shipped_knowledge_base_has_30k_names():
    kb = get_kb()
    assert len(kb.names) + len(kb.acronyms) >= 30_000
    assert len(kb.imported_people) > 15_000


@pytest.mark.parametrize(
    ("argv", "want"),
    [
        (["Turkish riot police", "--date", "2016-12-19"], ("TURCOP", "TUR", "COP")),
        (["the UN Security Council"], ("IGOUNO", "-", "IGO")),
        (["Hamas"], ("PSEREBHMS", "PSE", "REB")),
        (["Angela Merkel", "--date", "2016-12-01"], ("DEUGOV", "DEU", "GOV")),
        (["Angela Merkel", "--date", "2022-06-01"], ("DEUELI", "DEU", "ELI")),
    ],
)
def test_lookup_pins(argv, want, capsys):
    assert main(["actors", "lookup", *argv]) == 0
    assert tuple(capsys.readouterr().out.split("\t")[:3]) == want


def test_curated_entries_win():
    merkel = get_kb().people[resolve_actor("Angela Merkel", "2016-12-01")["kb_id"]]
    assert merkel.source == "builtin"  # the Phoenix copy (open end 2014) is skipped whole


def test_imported_open_tenure_is_until_at_least():
    on_2010 = resolve_actor("Denzil Douglas", "2010-01-01")
    on_2016 = resolve_actor("Denzil Douglas", "2016-01-01")
    assert (on_2010["country"], on_2010["sector"]) == ("KNA", "GOV")
    assert (on_2016["country"], on_2016["sector"]) == ("KNA", "ELI")  # the entry's default


@pytest.mark.parametrize("text", ["I", "he", "He", "we", "They", "it"])
def test_pronouns_never_resolve(text):
    assert resolve_actor(text, "2020-01-01") is None


@pytest.mark.parametrize(
    ("text", "date", "want"),
    [
        ("Trump supporters", "2020-10-01", ("USA", "PTY", "group", None)),
        ("Obama's aides", "2012-03-01", ("USA", "GOV", "group", None)),
        ("Jeb Bush's spokeswoman", "2015-06-01", ("USA", "ELI", "person", None)),
        ("Putin spokesman", "2019-01-01", ("RUS", "GOV", "person", None)),
    ],
)
def test_people_around_a_person_are_not_the_person(text, date, want):
    got = resolve_actor(text, date)
    assert (got["country"], got["sector"], got["kind"], got["kb_id"]) == want


@pytest.mark.parametrize(
    ("text", "date", "want"),
    [
        ("the Russian foreign ministry", "2018-01-01", ("RUS", "GOV")),
        ("Syrian rebels", "2014-05-01", ("SYR", "REB")),
        ("Egypt's interior minister", "2015-01-01", ("EGY", "GOV")),
        ("a spokesman for the Kremlin", "2019-01-01", ("RUS", "GOV")),
        ("Christopher Steele, a former MI6 officer", "2017-01-11", ("GBR", "SPY")),
        ("Mexican drug traffickers", "2011-01-01", ("MEX", "CRM")),
        ("Juan Carlos I", "2010-01-01", ("ESP", "GOV")),
    ],
)
def test_composition(text, date, want):
    got = resolve_actor(text, date)
    assert (got["country"], got["sector"]) == want


def test_parties_are_pty_and_minister_roles_gov():
    assert resolve_actor("Likud")["sector"] == "PTY"
    got = resolve_actor("Israeli defense minister", "2017-01-01")
    assert (got["country"], got["sector"]) == ("ISR", "GOV")


def test_evaluate_actors_on_own_cases(capsys):
    cases = ROOT / "src/eventwatch/data/actors/eval/cases.jsonl"
    assert main(["evaluate", "actors", str(cases), "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["total"]["country"] >= 300
    assert got["accuracy"]["country"] >= 0.90 and got["accuracy"]["sector"] >= 0.80


def test_evaluate_actors_names_a_bad_line(tmp_path, capsys):
    bad = tmp_path / "cases.jsonl"
    bad.write_text(
        '{"text": "Hamas", "country": "PSE"}\n{"date": "2020-01-01"}\n', encoding="utf-8"
    )
    assert main(["evaluate", "actors", str(bad)]) == 1
    assert f"{bad}:2" in capsys.readouterr().err


def test_an_event_never_has_the_same_actor_on_both_sides():
    from eventwatch.actors import not_in, same_actor
    from eventwatch.records import Actor

    putin = Actor("Putin", "Vladimir Putin", "RUS", kb_id="p:vladimir-putin", start=0, end=5)
    he = Actor("he", "Vladimir Putin", "RUS", kb_id="p:vladimir-putin", start=30, end=32)
    kim = Actor("Kim", "Kim Jong Un", "PRK", kb_id="p:kim-jong-un", start=40, end=43)
    police = Actor("police", None, "TUR", "COP", start=50, end=56)
    other_police = Actor("police", None, "TUR", "COP", start=70, end=76)
    assert same_actor(putin, he) and not same_actor(putin, kim)
    assert not_in([putin], [he, kim]) == [kim]
    assert not_in([police], [other_police]) == [other_police]  # two unnamed groups may differ
