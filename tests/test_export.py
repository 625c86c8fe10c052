"""Exports: JSON Lines, CSV, Parquet and GDELT 2.0 rows from hand-built, stored events."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pyarrow.parquet as pq
import pytest

from eventwatch.cli import main
from eventwatch.errors import EventwatchError
from eventwatch.records import Actor, Article, Event, Evidence, Place, TimeValue
from eventwatch.store import EventFilter, open_store
from eventwatch.store import export as export_mod
from eventwatch.store.gdelt import COLUMNS

TEXT = (
    "Kim Jong Un met Vladimir Putin at the Vostochny Cosmodrome on Wednesday.\n"
    "Putin may visit Pyongyang next year, the Kremlin said."
)
S2 = TEXT.index("Putin may")


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "events.db")
    art = Article(
        text=TEXT,
        title="Summit",
        published=date(2023, 9, 13),
        url="https://news.example/summit",
        source="wire",
    )
    meet = Event(
        "CONSULT",
        Evidence(art.id, TEXT[: S2 - 1], 0, S2 - 1, "met", 12, 15),
        source=[
            Actor(
                "Kim Jong Un",
                name="Kim Jong Un",
                country="PRK",
                sector="GOV",
                sectors=["GOV", "MIL"],
            )
        ],
        target=[Actor("Vladimir Putin", name="Vladimir Putin", country="RUS", sector="GOV")],
        date=TimeValue("Wednesday", "2023-09-13", "day"),
        location=Place(
            "the Vostochny Cosmodrome",
            name="Vostochny Cosmodrome",
            country="RUS",
            admin1="05",
            lat=51.88,
            lon=128.33,
            geonames_id=2013348,
            feature="AIRP",
        ),
        cameo="0211",
        quad_class=1,
        goldstein=3.0,
        confidence=0.9,
    )
    visit = Event(
        "CONSULT",
        Evidence(art.id, TEXT[S2:], S2, len(TEXT), "visit"),
        factuality="planned",
        source=[Actor("Putin", name="Vladimir Putin", country="RUS", sector="GOV")],
        target=[Actor("Pyongyang", name="North Korea", country="PRK")],
        date=TimeValue("next year", "2024", "year"),
        location=Place(
            "Pyongyang",
            name="Pyongyang",
            country="PRK",
            lat=39.03,
            lon=125.75,
            geonames_id=1871859,
            feature="PPLC",
        ),
        cameo="042",
        quad_class=1,
        goldstein=1.9,
        confidence=0.6,
    )
    with open_store(path) as store:
        store.add_article(art, [meet, visit])
    return path, art, meet, visit


def _gdelt(path: str, **flt) -> list[dict[str, str]]:
    buf = io.StringIO()
    with open_store(path) as store:
        export_mod.write_gdelt(store.iter_events(EventFilter(**flt)), buf, store)
    lines = buf.getvalue().splitlines()
    assert lines[0].split("\t") == COLUMNS
    rows = [line.split("\t") for line in lines[1:]]
    assert all(len(r) == 61 for r in rows)
    return [dict(zip(COLUMNS, r, strict=True)) for r in rows]


def test_gdelt_columns_a_record_can_fill(db):
    path, art, meet, visit = db
    first, second = _gdelt(path)
    assert len(COLUMNS) == 61
    assert first["GLOBALEVENTID"] == str(int(meet.id[:15], 16))
    assert (first["SQLDATE"], first["MonthYear"], first["Year"], first["FractionDate"]) == (
        "20230913",
        "202309",
        "2023",
        "2023.7753",
    )
    assert (
        first["Actor1Code"],
        first["Actor1Name"],
        first["Actor1CountryCode"],
        first["Actor1Type1Code"],
        first["Actor1Type2Code"],
    ) == ("PRKGOVMIL", "KIM JONG UN", "PRK", "GOV", "MIL")
    assert (first["Actor2Code"], first["Actor2Name"]) == ("RUSGOV", "VLADIMIR PUTIN")
    assert (first["EventCode"], first["EventBaseCode"], first["EventRootCode"]) == (
        "0211",
        "021",
        "02",
    )
    assert (first["QuadClass"], first["GoldsteinScale"]) == ("1", "3.0")
    assert (first["NumMentions"], first["NumSources"], first["NumArticles"]) == ("1", "1", "1")
    assert first["AvgTone"] == ""
    # an actor's geo is its country (type 1), in FIPS like every geo field
    assert (first["Actor1Geo_Type"], first["Actor1Geo_CountryCode"]) == ("1", "KN")
    assert (first["Actor2Geo_CountryCode"], first["Actor2Geo_ADM1Code"]) == ("RS", "RS")
    # geo fields use FIPS 10-4: Russia is RS, North Korea KN
    assert (
        first["ActionGeo_Type"],
        first["ActionGeo_FullName"],
        first["ActionGeo_CountryCode"],
        first["ActionGeo_ADM1Code"],
        first["ActionGeo_Lat"],
        first["ActionGeo_Long"],
        first["ActionGeo_FeatureID"],
    ) == ("4", "Vostochny Cosmodrome, Russia", "RS", "RS05", "51.88", "128.33", "2013348")
    assert first["IsRootEvent"] == "1" and second["IsRootEvent"] == "0"
    assert len(first["DATEADDED"]) == 14 and first["SOURCEURL"] == art.url
    assert (second["SQLDATE"], second["ActionGeo_CountryCode"]) == ("20240101", "KN")
    assert second["Actor2Code"] == "PRK" and second["Actor2Type1Code"] == ""


def test_jsonl_export_is_the_event_record_plus_storage_fields(db, capsys):
    path, art, meet, visit = db
    assert main(["--db", path, "export", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in rows] == [meet.id, visit.id]
    for row, ev in zip(rows, [meet, visit], strict=True):
        extra = {
            k: row.pop(k)
            for k in (
                "article",
                "day",
                "day_source",
                "num_mentions",
                "num_sources",
                "num_articles",
                "cluster_id",
                "story_id",
                "added",
            )
        }
        # the stored place carries its ADM1 code, derived on reading (where/admin.py)
        adm1 = row["location"].pop("adm1")
        assert adm1 == ("RS05" if ev is meet else None) or ev is visit
        expected = ev.to_dict()
        expected["location"].pop("adm1")
        assert row == expected
        assert extra["article"]["url"] == art.url
        assert extra["day_source"] == "text"
        assert extra["story_id"] == art.id  # the article founded its story


def test_csv_and_parquet_agree(db, tmp_path, capsys):
    path, _, meet, visit = db
    out_csv, out_pq = tmp_path / "e.csv", tmp_path / "e.parquet"
    assert main(["--db", path, "export", "--format", "csv", "-o", str(out_csv)]) == 0
    assert main(["--db", path, "export", "--format", "parquet", "-o", str(out_pq)]) == 0
    assert "2 events written to" in capsys.readouterr().err
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    table = pq.read_table(out_pq).to_pylist()
    assert [r["id"] for r in rows] == [t["id"] for t in table] == [meet.id, visit.id]
    assert rows[0]["source"] == table[0]["source"] == "Kim Jong Un"
    assert rows[1]["factuality"] == table[1]["factuality"] == "planned"
    assert table[0]["lat"] == 51.88 and table[0]["day"] == date(2023, 9, 13)
    assert rows[0]["sentence"] == table[0]["sentence"] == meet.evidence.sentence


def test_export_filters(db):
    path, _, meet, visit = db
    assert [r["GLOBALEVENTID"] for r in _gdelt(path, factuality="planned")] == [
        str(int(visit.id[:15], 16))
    ]
    assert _gdelt(path, country="USA") == []


def test_a_failed_export_leaves_the_old_file_untouched(db, tmp_path, monkeypatch):
    path, *_ = db
    out = tmp_path / "events.tsv"
    out.write_text("previous export\n", encoding="utf-8")
    calls = []

    def failing(stored, is_root):
        calls.append(1)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return dict.fromkeys(COLUMNS, "")

    monkeypatch.setattr(export_mod.gdelt, "gdelt_row", failing)
    with open_store(path) as store, pytest.raises(EventwatchError, match="No space left"):
        export_mod.export(store, "gdelt", str(out))
    assert out.read_text(encoding="utf-8") == "previous export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".events")] == []


def test_parquet_needs_a_file(db):
    path, *_ = db
    with open_store(path) as store, pytest.raises(EventwatchError, match="E014"):
        export_mod.export(store, "parquet")


def test_gdelt_region_names_go_to_the_full_name_not_the_adm1_code(tmp_path):
    path = str(tmp_path / "r.db")
    art = Article(text="Kim arrived at the cosmodrome.", title="t", published=date(2023, 9, 13))
    ev = Event(
        "CONSULT",
        Evidence(art.id, art.text, 0, len(art.text), "arrived"),
        location=Place(
            "the cosmodrome",
            name="Vostochny Cosmodrome",
            country="RUS",
            admin1="Amur Oblast",
            lat=51.884,
            lon=128.334,
            feature="SPCE",
        ),
    )
    with open_store(path) as store:
        store.add_article(art, [ev])
    [row] = _gdelt(path)
    assert row["ActionGeo_FullName"] == "Vostochny Cosmodrome, Amur Oblast, Russia"
    # the division's name is no code: the code is that of the nearest town (Amur is RS05)
    assert row["ActionGeo_ADM1Code"] == "RS05"
    assert row["SOURCEURL"] == ""  # no URL and no origin: blank, not a guess
