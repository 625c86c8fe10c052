"""`eventwatch places lookup|find|load-geonames`: thin faces over the gazetteer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwatch.cli import main as cli_main
from eventwatch.where import gazetteer, sources


def test_lookup_prints_best_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["places", "lookup", "Komsomol'sk-na-Amure", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0]["name"] == "Komsomolsk-on-Amur" and rows[0]["country"] == "RUS"


def test_lookup_of_unknown_name_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["places", "lookup", "Qxzzyq Nowhere"]) == 1
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "Qxzzyq Nowhere" in err


def test_find_reads_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    art = tmp_path / "a.txt"
    art.write_text("Kim is scheduled to visit Vladivostok.", encoding="utf-8")
    assert cli_main(["places", "find", str(art), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["text"], r["country"], r["role"]) for r in rows] == [
        ("Vladivostok", "RUS", "literal")
    ]


def test_load_geonames_goes_to_the_user_gazetteer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    built = gazetteer.get().path  # keep using the built cache; only the user file moves
    monkeypatch.setenv("EVENTWATCH_CACHE", str(tmp_path))
    cols = [
        "990101",
        "Eventwatchtown",
        "Eventwatchtown",
        "",
        "45.5",
        "10.25",
        "P",
        "PPL",
        "IT",
        "",
        "",
        "",
        "",
        "",
        "1200",
        "",
        "",
        "Europe/Rome",
        "2024-01-01",
    ]
    assert len(cols) == sources.GEONAMES_COLUMNS
    dump = tmp_path / "IT.txt"
    dump.write_text("\t".join(cols) + "\n", encoding="utf-8")
    assert cli_main(["places", "load-geonames", str(dump)]) == 0
    assert "loaded 1 places" in capsys.readouterr().out
    gz = gazetteer.Gazetteer(built, tmp_path / gazetteer.USER_DB)
    try:
        assert gz.lookup("Eventwatchtown")[0].country == "ITA"
    finally:
        gz.close()
    gazetteer.reset()


def test_load_geonames_missing_file_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["places", "load-geonames", "/nonexistent/allCountries.txt"]) == 1
    assert "allCountries.txt" in capsys.readouterr().err


def test_build_command_writes_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("EVENTWATCH_CACHE", str(tmp_path))
    monkeypatch.setattr(
        gazetteer,
        "_builtin_entries",
        lambda: iter(
            [sources.Entry(name="Tinyplace", lat=1.0, lon=2.0, feature="PPL", country="FRA")]
        ),
    )
    try:
        assert cli_main(["places", "build"]) == 0
        assert "gazetteer: 1 places in" in capsys.readouterr().out
        assert list(tmp_path.glob("gazetteer-*.sqlite"))
    finally:
        gazetteer.reset()


def test_places_without_a_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["places"]) == 2
    assert "load-geonames" in capsys.readouterr().out
