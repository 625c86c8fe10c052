"""Dates read one way everywhere, an event day on every row, and ADM1 codes as GDELT writes
them. Each case keeps its input next to the expectation."""

from __future__ import annotations

from datetime import date

import pytest

from eventwatch.cli import main
from eventwatch.dates import parse_date, parse_date_or_none
from eventwatch.records import Article, Place, TimeValue
from eventwatch.store.convert import event_day
from eventwatch.where import find_places
from eventwatch.where.admin import adm1_code, adm1_name


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2021-03-04", date(2021, 3, 4)),
        ("2021-03-04T23:30:00-05:00", date(2021, 3, 4)),  # its own calendar day, not UTC's
        ("Thu, 04 Mar 2021 23:30:00 -0500", date(2021, 3, 4)),  # RFC 2822, as feeds write it
        ("Thu, 04 Mar 2021 23:30:00 GMT", date(2021, 3, 4)),
        ("4 March 2021", date(2021, 3, 4)),
        ("March 4, 2021", date(2021, 3, 4)),
        ("2021/03/04", date(2021, 3, 4)),
        ("20210304", date(2021, 3, 4)),
        ("13/09/2023", date(2023, 9, 13)),  # one reading only
    ],
)
def test_common_date_forms_read_as_one_day(text, day) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize(
    "text", ["", "yesterday", "04/03", "March 4", "not a date 2021x", "04/03/2021"]
)
def test_what_names_no_day_is_refused_with_the_value(text) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_date(text)
    assert parse_date_or_none(text) is None


def test_cli_published_takes_an_rfc_2822_date(tmp_path, capsys) -> None:
    art = tmp_path / "a.txt"
    art.write_text("The Ghanaian president thanked Nigeria for its help.", encoding="utf-8")
    rc = main(["extract", str(art), "--published", "Mon, 06 Dec 2021 10:00:00 +0000"])
    assert rc == 0, capsys.readouterr().err


def test_event_day_falls_back_from_text_to_published_to_ingest() -> None:
    ingested = date(2026, 1, 2)
    tv = TimeValue("last Friday", "2021-03-05", "day")
    assert event_day(tv, date(2021, 3, 8), ingested) == (date(2021, 3, 5), "text")
    assert event_day(None, date(2021, 3, 8), ingested) == (date(2021, 3, 8), "published")
    assert event_day(TimeValue("later", "FUTURE_REF", "none"), None, ingested) == (
        ingested,
        "ingested",
    )


def test_every_stored_event_has_a_day_and_says_where_it_came_from(tmp_path, capsys) -> None:
    """An article without a published date and without a date in the text still exports a
    GDELT row with SQLDATE (the day it was stored)."""
    art = tmp_path / "undated.txt"
    art.write_text(
        "The Kenyan foreign minister met his Ugandan counterpart in Kampala to discuss trade.",
        encoding="utf-8",
    )
    db = str(tmp_path / "e.db")
    assert main(["--db", db, "ingest", str(art)]) == 0
    capsys.readouterr()
    assert main(["--db", db, "export", "--format", "jsonl"]) == 0
    import json

    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert rows, "the sentence should code at least one event"
    assert all(r["day"] and r["day_source"] == "ingested" for r in rows)
    assert main(["--db", db, "export", "--format", "gdelt"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header = lines[0].split("\t")
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t"), strict=True))
        assert len(row["SQLDATE"]) == 8
        if row["ActionGeo_Type"] in ("3", "4"):  # a town: its division is known
            assert row["ActionGeo_ADM1Code"].startswith("UG") and len(row["ActionGeo_ADM1Code"]) > 2


def test_adm1_of_a_us_town_is_its_state_postal_code() -> None:
    places = find_places("The tornado flattened barns outside Paris, Texas, on Sunday night.")
    paris = next(p for p in places if p["text"] == "Paris")
    assert paris["country"] == "USA" and paris["adm1"] == "USTX"


def test_adm1_of_a_city_comes_from_its_geonames_record() -> None:
    places = find_places("Riot police cleared the square in central Lyon on Saturday.")
    lyon = next(p for p in places if p["text"] == "Lyon")
    assert lyon["country"] == "FRA" and lyon["adm1"].startswith("FR") and len(lyon["adm1"]) > 2


def test_adm1_by_division_name_and_none_for_a_country() -> None:
    # a division by its ISO 3166-2 name: FIPS country + the ISO code's own part
    bavaria = Place("Bavaria", name="Bavaria", country="DEU", admin1="Bayern", feature="ADM1")
    assert adm1_code(bavaria) == "GMBY" and adm1_name(bavaria) == "Bayern"
    texas = Place("Texas", name="Texas", country="USA", admin1="Texas", feature="ADM1")
    assert adm1_code(texas) == "USTX" and adm1_name(texas) == "Texas"
    assert adm1_code(Place("Peru", name="Peru", country="PER", feature="PCLI")) is None
    assert adm1_code(Place("somewhere", country="XXX")) is None


def test_adm1_of_a_river_mouth_is_that_of_the_nearest_town() -> None:
    # the Godavari reaches the sea in Andhra Pradesh, beside Kakinada; no record gives it a
    # division, its point does
    river = Place("Godavari", name="Godavari", country="IND", lat=16.6, lon=82.3, feature="STM")
    town = Place("Kakinada", name="Kakinada", country="IND", lat=16.93, lon=82.22, feature="PPL")
    code = adm1_code(river)
    assert code is not None and code.startswith("IN") and len(code) > 2
    assert adm1_code(Place("Arabian Sea", name="Arabian Sea", lat=15.0, lon=65.0)) is None
    assert code == adm1_code(town)


def test_article_records_read_feed_dates() -> None:
    from eventwatch.sources.records import read_jsonl

    line = '{"text": "Chad closed its border with Sudan.", "published": "Tue, 07 Dec 2021 08:00:00 GMT"}'
    (article,) = [a for a in read_jsonl(line + "\n", "in.jsonl") if isinstance(a, Article)]
    assert article.published == date(2021, 12, 7)
