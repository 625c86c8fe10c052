"""`eventwatch actors ...` end to end, and the Wikidata importer on a small dump written here.

Every test points the user file at a temporary directory (EVENTWATCH_HOME)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eventwatch.actors import loader as kb_mod
from eventwatch.actors import resolve_actor
from eventwatch.actors.wikidata import read_dump
from eventwatch.cli import main


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTWATCH_HOME", str(tmp_path))
    monkeypatch.delenv("EVENTWATCH_ACTORS", raising=False)
    kb_mod.reload()
    yield tmp_path
    monkeypatch.delenv("EVENTWATCH_HOME")
    kb_mod.reload()


def _time(value: str, precision: int = 11) -> dict:
    return {
        "snaktype": "value",
        "property": "P580",
        "datavalue": {"value": {"time": value, "precision": precision}, "type": "time"},
    }


def _item(qid: str, prop: str, target: str, qualifiers: dict | None = None) -> dict:
    claim = {
        "mainsnak": {
            "snaktype": "value",
            "property": prop,
            "datavalue": {
                "value": {"entity-type": "item", "id": target},
                "type": "wikibase-entityid",
            },
        },
        "type": "statement",
        "rank": "normal",
    }
    if qualifiers:
        claim["qualifiers"] = qualifiers
    return claim


def write_dump(path):
    """A dump in Wikidata's format: a JSON array, one entity per line."""
    entities = [
        {
            "id": "Q900001",
            "type": "item",
            "labels": {"en": {"language": "en", "value": "South Korea"}},
            "claims": {
                "P298": [
                    {
                        "mainsnak": {
                            "snaktype": "value",
                            "property": "P298",
                            "datavalue": {"value": "KOR", "type": "string"},
                        },
                        "rank": "normal",
                    }
                ]
            },
        },
        {
            "id": "Q900002",
            "type": "item",
            "labels": {"en": {"language": "en", "value": "Minister of National Defense"}},
            "claims": {},
        },
        {
            "id": "Q900003",
            "type": "item",
            "labels": {"en": {"language": "en", "value": "Hong Gil-dong"}},
            "aliases": {"en": [{"language": "en", "value": "Gil-dong Hong"}]},
            "claims": {
                "P31": [_item("Q900003", "P31", "Q5")],
                "P21": [_item("Q900003", "P21", "Q6581097")],
                "P27": [_item("Q900003", "P27", "Q900001")],
                "P39": [
                    _item(
                        "Q900003",
                        "P39",
                        "Q900002",
                        {
                            "P580": [_time("+2031-05-00T00:00:00Z", 10)],
                            "P582": [_time("+2033-00-00T00:00:00Z", 9)],
                        },
                    )
                ],
            },
        },
        {
            "id": "Q900004",
            "type": "item",
            "labels": {"en": {"language": "en", "value": "Blue Sky Party"}},
            "claims": {
                "P31": [_item("Q900004", "P31", "Q7278")],
                "P17": [_item("Q900004", "P17", "Q900001")],
            },
        },
        {
            "id": "Q900005",
            "type": "item",
            "labels": {"en": {"language": "en", "value": "Seoul Tower"}},
            "claims": {
                "P31": [_item("Q900005", "P31", "Q12518")],
                "P17": [_item("Q900005", "P17", "Q900001")],
            },
        },
    ]
    with path.open("w", encoding="utf-8") as fh:
        fh.write("[\n")
        fh.write(",\n".join(json.dumps(e) for e in entities))
        fh.write("\n]\n")
    return path


def test_read_dump(tmp_path):
    additions, counts = read_dump(write_dump(tmp_path / "dump.json"))
    assert counts == {"people": 1, "organisations": 1, "skipped": 0}
    person = additions["people"][0]
    assert (
        person["name"] == "Hong Gil-dong" and person["country"] == "KOR" and person["gender"] == "m"
    )
    assert person["roles"] == [
        {"role": "Minister of National Defense", "start": "2031-05", "end": "2033", "sector": "GOV"}
    ]
    org = additions["organisations"][0]
    assert (org["name"], org["country"], org["sector"]) == ("Blue Sky Party", "KOR", "PTY")


def test_import_wikidata_then_resolve_by_date(home, tmp_path, capsys):
    assert main(["actors", "import", str(write_dump(tmp_path / "dump.json"))]) == 0
    assert "imported 1 people, 1 organisations" in capsys.readouterr().out
    kb_mod.reload()
    got = resolve_actor("South Korean Defense Minister Hong Gil-dong", date="2032-01-01")
    assert (got["country"], got["sector"], got["role"], got["kb_id"]) == (
        "KOR",
        "GOV",  # CAMEO: a minister in office is GOV, whatever the ministry
        "Minister of National Defense",
        "wd:Q900003",
    )
    assert resolve_actor("Hong Gil-dong", date="2040-01-01")["sector"] == "ELI"
    assert resolve_actor("Blue Sky Party")["sector"] == "PTY"


def test_add_person_and_organisation(home, capsys):
    assert (
        main(
            [
                "actors",
                "add",
                "Jeon Ha-kyou",
                "--country",
                "KOR",
                "--role",
                "Defense Ministry spokesman",
                "--sector",
                "MIL",
                "--start",
                "2022",
                "--gender",
                "m",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "actors",
                "add",
                "Freedom Watchers",
                "--kind",
                "organisation",
                "--country",
                "GEO",
                "--sector",
                "NGO",
                "--alias",
                "FW Georgia",
            ]
        )
        == 0
    )
    assert (home / "actors.yaml").exists()
    kb_mod.reload()
    assert resolve_actor("Jeon", date="2023-09-13")["name"] == "Jeon Ha-kyou"
    assert resolve_actor("FW Georgia")["sector"] == "NGO"
    capsys.readouterr()
    assert main(["actors", "list", "--query", "jeon ha", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["name"] for r in rows] == ["Jeon Ha-kyou"] and rows[0]["source"].endswith(
        "actors.yaml"
    )


def test_additions_take_effect_in_a_new_process_without_code_changes(home):
    env = {**os.environ, "EVENTWATCH_HOME": str(home)}
    cli = [str(Path(sys.executable).parent / "eventwatch")]
    subprocess.run(
        [
            *cli,
            "actors",
            "add",
            "Jeon Ha-kyou",
            "--country",
            "KOR",
            "--role",
            "Defense Ministry spokesman",
            "--sector",
            "MIL",
            "--start",
            "2022",
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    out = subprocess.run(
        [*cli, "actors", "resolve", "Jeon", "--date", "2023-09-13"],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    assert json.loads(out)["country"] == "KOR"


def test_import_csv_of_people_and_of_organisations(home, tmp_path, capsys):
    people = tmp_path / "people.csv"
    people.write_text(
        "name,country,gender,role,start,end,sector,aliases,org\n"
        "Ann Example,NOR,f,Defence Minister,2030-01-01,2031-06,,A. Example,\n"
        "Ann Example,NOR,f,Prime Minister,2031-06,,,,\n",
        encoding="utf-8",
    )
    orgs = tmp_path / "orgs.csv"
    orgs.write_text(
        "name,country,sector,kind,aliases\nNorth Sea Watch,NOR,NGO,organisation,NSW\n",
        encoding="utf-8",
    )
    assert main(["actors", "import", str(people)]) == 0
    assert main(["actors", "import", str(orgs)]) == 0
    kb_mod.reload()
    assert resolve_actor("Ann Example", date="2030-06-01")["sector"] == "GOV"  # CAMEO: ministers
    assert resolve_actor("Example", date="2032-01-01")["role"] == "Prime Minister"
    assert resolve_actor("NSW")["country"] == "NOR"


def test_bad_inputs_give_one_line(home, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "name,country,gender,role,start,end,sector,aliases,org\nX,ZZZ,m,Minister,2020,,,,\n",
        encoding="utf-8",
    )
    assert main(["actors", "import", str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "unknown country code 'ZZZ'" in err
    assert not (home / "actors.yaml").exists()  # nothing written when the input is bad
    assert main(["actors", "import", str(tmp_path / "missing.csv")]) == 1
    assert "missing.csv" in capsys.readouterr().err
    assert main(["actors", "show", "Nobody Anybody"]) == 1
    assert "not found" in capsys.readouterr().err


def test_show_and_list_by_date(home, capsys):
    assert main(["actors", "show", "Putin", "--on", "2010-06-01"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["resolved"]["role"] == "Prime Minister" and len(shown["entry"]["roles"]) >= 4
    assert (
        main(["actors", "list", "--country", "PRK", "--on", "2000-07-01", "--format", "csv"]) == 0
    )
    out = capsys.readouterr().out
    assert "Kim Jong-il" in out and "Kim Jong Un" not in out
