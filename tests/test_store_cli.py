"""`eventwatch events` and `eventwatch articles`: filters and output formats."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from eventwatch.cli import main
from eventwatch.records import Actor, Article, Event, Evidence, Place, TimeValue
from eventwatch.store import open_store

TEXT = (
    "Kim Jong Un met Vladimir Putin at the Vostochny Cosmodrome on Wednesday. "
    "China's Wang Yi visited Moscow in July."
)
S2 = TEXT.index("China")


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "events.db")
    art = Article(text=TEXT, title="Summit and visits", published=date(2023, 9, 13), source="wire")
    other = Article(
        text="Nothing happened.", title="Quiet day", published=date(2023, 9, 14), source="post"
    )
    meet = Event(
        "CONSULT",
        Evidence(art.id, TEXT[: S2 - 1], 0, S2 - 1, "met"),
        source=[Actor("Kim Jong Un", name="Kim Jong Un", country="PRK", sector="GOV")],
        target=[Actor("Vladimir Putin", name="Vladimir Putin", country="RUS", sector="GOV")],
        date=TimeValue("Wednesday", "2023-09-13", "day"),
        location=Place("the Vostochny Cosmodrome", name="Vostochny Cosmodrome", country="RUS"),
        confidence=0.9,
    )
    visit = Event(
        "CONSULT",
        Evidence(art.id, TEXT[S2:], S2, len(TEXT), "visited"),
        source=[Actor("Wang Yi", name="Wang Yi", country="CHN", sector="GOV")],
        target=[Actor("Moscow", name="Russia", country="RUS")],
        date=TimeValue("July", "2023-07", "month"),
        location=Place("Moscow", name="Moscow", country="RUS", lat=55.75, lon=37.62),
        mode="visit",
        confidence=0.8,
    )
    with open_store(path) as store:
        store.add_article(art, [meet, visit])
        store.add_article(other, [])
    return path


@pytest.mark.parametrize(
    ("args", "sources"),
    [
        ([], ["Kim Jong Un", "Wang Yi"]),
        (["--actor", "wang"], ["Wang Yi"]),
        (["--country", "rus"], ["Kim Jong Un", "Wang Yi"]),
        (["--country", "CHN"], ["Wang Yi"]),
        (["--type", "consult", "--since", "2023-08-01"], ["Kim Jong Un"]),
        (["--until", "2023-07-31"], ["Wang Yi"]),
        (["--place", "moscow"], ["Wang Yi"]),
        (["--factuality", "planned"], []),
        (["--limit", "1", "--offset", "1"], ["Wang Yi"]),
    ],
)
def test_events_filters_as_json(db, capsys, args, sources):
    assert main(["--db", db, "events", "--format", "json", *args]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["source"][0]["name"] for r in rows] == sources


def test_events_table_shows_evidence(db, capsys):
    assert main(["--db", db, "events", "--country", "CHN"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:4] == ["TYPE", "FACTUALITY", "SOURCE", "TARGET"]
    assert "China's Wang Yi visited Moscow in July." in out[1]
    assert "Wang Yi (CHN/GOV)" in out[1]


def test_events_csv_and_jsonl(db, capsys):
    assert main(["--db", db, "events", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["source"], r["date"], r["day"]) for r in rows] == [
        ("Kim Jong Un", "2023-09-13", "2023-09-13"),
        ("Wang Yi", "2023-07", "2023-07-01"),
    ]
    assert main(["--db", db, "events", "--format", "jsonl", "--actor", "kim"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert json.loads(line)["evidence"]["sentence"].startswith("Kim Jong Un met")


def test_no_events_says_so(db, capsys):
    assert main(["--db", db, "events", "--country", "USA"]) == 0
    assert capsys.readouterr().out == "(no events)\n"


def test_articles(db, capsys):
    assert main(["--db", db, "articles", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["title"], r["events"]) for r in rows] == [("Summit and visits", 2), ("Quiet day", 0)]
    assert main(["--db", db, "articles", "--source", "post"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and "Quiet day" in out[1]


def test_bad_date_is_one_line(db, capsys):
    with pytest.raises(SystemExit):
        main(["--db", db, "events", "--since", "last week"])
    assert "E010 'last week' is not a date (expected a date such as 2023-09-13 or Wed, 13 Sep 2023)" in capsys.readouterr().err


def test_events_of_one_cluster(db, capsys):
    with open_store(db) as store:
        first = store.list_events()[0]
        store.set_event_counts(first.id, num_mentions=2, cluster_id="c-7")
    assert main(["--db", db, "events", "--cluster", "c-7", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["num_mentions"], r["cluster_id"]) for r in rows] == [(first.id, 2, "c-7")]
