"""The page's data endpoints and aggregates over a real SQLite file of synthetic events
(benchmarks/bench_web.py's generator): the in-memory event index gives the same answers as
the plain SQL queries, also after events are added and deleted; the timeline keeps to the
data's span; bad parameters are a 422 naming them; the alert inbox needs a key."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from eventwatch.store import open_store
from eventwatch.web import aggregate, eventindex
from eventwatch.web.filters import PageFilter

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_web import synthesize  # noqa: E402

FILTERS = [
    PageFilter(),
    PageFilter(types=["ASSAULT", "AID"]),
    PageFilter(country="RUS", since=date(2022, 6, 1)),
    PageFilter(factuality="realized", min_conf=0.6, q="officials"),
    PageFilter(bbox=(0.0, 0.0, 60.0, 90.0)),
    PageFilter(dated=True),
    PageFilter(dated=True, types=["CONSULT"]),
    PageFilter(until=date(2022, 3, 1), factuality="planned"),
    PageFilter(types=["NO_SUCH_TYPE"]),
]


@pytest.fixture
def store(tmp_path):
    db = tmp_path / "synthetic.db"
    synthesize(str(db), 3000)
    with open_store(str(db)) as st:
        with st.engine.begin() as conn:  # every tenth event without a day
            conn.execute(text("UPDATE events SET day = NULL WHERE rowid % 10 = 0"))
        yield st


def _same_answers(store) -> None:
    for flt in FILTERS:
        assert aggregate.dyad_edges(store, flt) == aggregate.sql_edges(store, flt)
        got = eventindex.place_counts(store, flt, lambda: [])
        assert sorted(got) == sorted(aggregate.sql_place_counts(store, flt))
        dyad = PageFilter(**{**flt.__dict__, "dyad": ("RUS", "USA")})
        got_rows = eventindex.dyad_rows(store, dyad, lambda: [])
        want = aggregate.sql_dyad_rows(store, dyad)
        assert len(want) > 0 or flt.bbox or flt.types == ["NO_SUCH_TYPE"]  # not vacuous
        assert sorted(got_rows, key=repr) == sorted(want, key=repr)


def test_the_index_answers_as_sql_does_also_after_adding_and_deleting(store):
    _same_answers(store)
    synthesize(store.url, 400, first=3000, seed=11)  # appended to the index
    _same_answers(store)
    assert store.delete_article("a00000010")  # counts no longer add up: indexed again
    _same_answers(store)


def test_the_table_pages_as_sql_would(store, monkeypatch):
    from eventwatch.web import tables

    flts = FILTERS + [
        PageFilter(dyad=("RUS", "USA")),
        PageFilter(dyad=("CHN", "USA"), since=date(2022, 1, 1), q="government"),
        PageFilter(dyad=("RUS", "RUS")),
    ]
    by_index = [tables.event_page(store, f, p, 10) for f in flts for p in (1, 3)]
    monkeypatch.setattr(eventindex, "table_page", lambda *a: None)
    by_sql = [tables.event_page(store, f, p, 10) for f in flts for p in (1, 3)]
    assert by_index == by_sql  # synthetic ids rise with rowids, so ties break alike
    assert sum(len(page["items"]) for page in by_sql) > 50


def test_map_clusters_merge_places_as_the_map_zooms_out(store):
    wide = aggregate.map_clusters(store, PageFilter(), 1, None)
    close = aggregate.map_clusters(store, PageFilter(), 8, None)
    total = sum(c["count"] for c in close["clusters"])
    assert sum(c["count"] for c in wide["clusters"]) == total
    assert len(wide["clusters"]) < len(close["clusters"])
    for c in wide["clusters"]:
        assert sum(c["quad"].values()) == c["count"]
        s, w, n, e = c["bounds"]
        assert s <= c["lat"] <= n and w <= c["lon"] <= e


def test_the_timeline_spans_the_data_with_gaps_not_empty_years():
    rows = [(date(2000, 7, 1), 1, 1.0)] + [(date(2023, 9, d), 2, 7.0) for d in (11, 12, 13, 13)]
    assert aggregate.auto_unit([r[0] for r in rows]) == "day"
    parts = aggregate.segments(rows, "day")
    assert [len(p) for p in parts] == [1, 4]


def test_the_timeline_marks_spikes_and_defaults_to_the_busiest_dyad(store):
    out = aggregate.timeline(store, PageFilter(), "week")
    busiest = aggregate.dyad_edges(store, PageFilter(dated=True))[0]
    assert out["dyad"] == [busiest["a"], busiest["b"]]
    real = [w for w in out["windows"] if not w.get("gap")]
    assert sum(w["count"] for w in real) == busiest["count"]
    periods = {w["period"] for w in real}
    assert all(s["period"] in periods and s["fired"] for s in out["spikes"])


def test_endpoints_answer_and_refuse_bad_parameters(store):
    from eventwatch.api.app import create_app
    from eventwatch.api.keys import create_key

    client = TestClient(create_app(store=store))
    page = client.get("/web/events", params={"country": "RUS", "page": 2, "size": 10}).json()
    assert page["page"] == 2 and len(page["items"]) == 10 and page["total"] > 10
    assert all("RUS" in [a["country"] for a in ev["source"] + ev["target"]] for ev in page["items"])
    ev = client.get(f"/web/evidence/{page['items'][0]['id']}").json()
    assert ev["cluster_total"] == len(ev["cluster"]) and ev["cluster_total"] >= 1
    assert client.get("/web/evidence/nope").status_code == 404
    bad = client.get("/web/events", params={"country": "RUSSIA"})
    assert bad.status_code == 422 and "country" in bad.text
    assert client.get("/web/map", params={"view": "1,2,3"}).status_code == 422
    assert client.get("/web/alerts").status_code == 401
    key = create_key(store, "reader")
    inbox = client.get("/web/alerts", headers={"X-API-Key": key})
    assert inbox.status_code == 200 and inbox.json()["items"] == []
    assert "swagger-ui-bundle.js" in client.get("/docs").text
    assert client.get("/static/lib/../../pyproject.toml").status_code == 404
    assert client.get("/static/app/page.css").status_code == 200
