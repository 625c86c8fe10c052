"""`eventwatch export --format geojson|plover|gdelt-mentions` on a real SQLite file."""

from __future__ import annotations

import json
from datetime import date

import geojson
import pytest

from eventwatch.cli import main
from eventwatch.records import Actor, Article, Event, Evidence, Place, TimeValue
from eventwatch.store import open_store
from eventwatch.store.formats import MENTION_COLUMNS, sentence_number

TEXT = (
    "Peru's foreign minister met his Chilean counterpart in Lima on Tuesday. "
    "Chile promised flood relief to Peru. "
    "Both sides also discussed fishing quotas."
)
S2 = TEXT.index("Chile promised")
S3 = TEXT.index("Both sides")


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "formats.db")
    art = Article(
        text=TEXT,
        title="Andean talks",
        published=date(2024, 5, 8),
        source="wire",
        url="https://news.example/andean-talks",
    )
    meet = Event(
        "CONSULT",
        Evidence(art.id, TEXT[: S2 - 1], 0, S2 - 1, "met", 24, 27),
        source=[
            Actor("Peru's foreign minister", name="Peru", country="PER", sector="GOV", start=0)
        ],
        target=[
            Actor("his Chilean counterpart", name="Chile", country="CHL", sector="GOV", start=28)
        ],
        date=TimeValue("Tuesday", "2024-05-07", "day"),
        location=Place(
            "Lima",
            name="Lima",
            country="PER",
            lat=-12.0432,
            lon=-77.0282,
            geonames_id=3936456,
            feature="PPLC",
        ),
        confidence=0.9,
    )
    aid = Event(
        "AID",
        Evidence(art.id, TEXT[S2 : S3 - 1], S2, S3 - 1, "promised", S2 + 6, S2 + 14),
        source=[Actor("Chile", name="Chile", country="CHL", start=S2)],
        target=[Actor("Peru", name="Peru", country="PER", start=S2 + 34)],
        factuality="planned",
        confidence=0.7,
    )
    with open_store(path) as store:
        store.add_article(art, [meet, aid])
    return path


def _export(db: str, fmt: str, tmp_path) -> str:
    out = tmp_path / f"out.{fmt}"
    assert main(["--db", db, "export", "--format", fmt, "--output", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def test_geojson_is_a_valid_feature_collection_of_placed_events(db, tmp_path, capsys):
    text = _export(db, "geojson", tmp_path)
    assert "1 event written" in capsys.readouterr().err  # the aid event has no place
    fc = geojson.loads(text)
    assert isinstance(fc, geojson.FeatureCollection) and fc.is_valid, fc.errors()
    [feature] = fc["features"]
    assert feature["geometry"]["coordinates"] == [-77.0282, -12.0432]  # lon, lat
    props = feature["properties"]
    assert props["event_type"] == "CONSULT" and props["place"] == "Lima"
    assert props["source_country"] == "PER" and props["target_country"] == "CHL"
    assert props["url"] == "https://news.example/andean-talks"


def test_geojson_of_no_events_is_an_empty_collection(db, tmp_path):
    out = tmp_path / "none.geojson"
    args = ["--db", db, "export", "--format", "geojson", "--type", "ASSAULT", "-o", str(out)]
    assert main(args) == 0
    fc = geojson.loads(out.read_text(encoding="utf-8"))
    assert fc.is_valid and fc["features"] == []


def test_plover_records(db, tmp_path):
    recs = [json.loads(line) for line in _export(db, "plover", tmp_path).splitlines()]
    assert [r["Event Type"] for r in recs] == ["consult", "aid"]
    meet, aid = recs
    assert meet["Actor Name"] == "Peru" and meet["Actor Country"] == "PER"
    assert meet["Primary Actor Sector"] == "GOV" and meet["Recipient Country"] == "CHL"
    assert meet["Placename"] == "Lima" and meet["City"] == "Lima" and meet["GeoNames ID"] == 3936456
    assert meet["Event Date"] == "2024-05-07" and meet["Publication Date"] == "2024-05-08"
    assert aid["Factuality"] == "planned" and aid["Placename"] is None
    assert aid["Event Text"] == "Chile promised flood relief to Peru."


def test_gdelt_mentions_rows(db, tmp_path):
    lines = _export(db, "gdelt-mentions", tmp_path).splitlines()
    assert lines[0].split("\t") == MENTION_COLUMNS and len(MENTION_COLUMNS) == 16
    rows = [dict(zip(MENTION_COLUMNS, line.split("\t"), strict=True)) for line in lines[1:]]
    assert len(rows) == 2
    meet, aid = rows
    assert meet["MentionTimeDate"] == "20240508000000" and meet["MentionType"] == "1"
    assert meet["MentionIdentifier"] == "https://news.example/andean-talks"
    assert (meet["SentenceID"], aid["SentenceID"]) == ("1", "2")
    assert (meet["Actor1CharOffset"], meet["Actor2CharOffset"], meet["ActionCharOffset"]) == (
        "0",
        "28",
        "24",
    )
    assert aid["ActionCharOffset"] == str(S2 + 6) and aid["Confidence"] == "70"
    assert meet["MentionDocLen"] == str(len(TEXT)) and meet["InRawText"] == "1"
    assert len(meet["EventTimeDate"]) == 14


def test_gdelt_mentions_ids_match_the_events_export(db, tmp_path):
    events = _export(db, "gdelt", tmp_path).splitlines()[1:]
    mentions = _export(db, "gdelt-mentions", tmp_path).splitlines()[1:]
    assert [e.split("\t")[0] for e in events] == [m.split("\t")[0] for m in mentions]


def test_sentence_number():
    assert sentence_number("One. Two! Three?", 0) == 1
    assert sentence_number("One. Two! Three?", 5) == 2
    assert sentence_number("One. Two! Three?", 10) == 3
