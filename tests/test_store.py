"""The store: migrations on open, one transaction per article, round trips, filters."""

from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from eventwatch.errors import EventwatchError
from eventwatch.records import Actor, Article, Event, Evidence, Place, TimeValue
from eventwatch.store import EventFilter, open_store
from eventwatch.tables import load_metadata
from eventwatch.where.admin import adm1_code

TEXT = (
    "Kim Jong Un met Vladimir Putin at the Vostochny cosmodrome on Wednesday. "
    "Putin accepted an invitation to visit Pyongyang."
)
S1 = TEXT.index("Kim")
S1_END = TEXT.index(" Putin accepted")
S2 = TEXT.index("Putin accepted")


def _article(text: str = TEXT, **kw) -> Article:
    return Article(
        text=text,
        title="Summit",
        published=date(2023, 9, 13),
        url="https://news.example/summit",
        source="example",
        **kw,
    )


def _meet(article: Article) -> Event:
    return Event(
        event_type="CONSULT",
        evidence=Evidence(
            article.id, TEXT[S1:S1_END], S1, S1_END, "met", TEXT.index("met"), TEXT.index("met") + 3
        ),
        factuality="realized",
        mode="visit",
        contexts=["diplomatic"],
        source=[
            Actor(
                "Kim Jong Un",
                name="Kim Jong Un",
                country="PRK",
                sector="GOV",
                kind="person",
                sectors=["GOV"],
                role="Supreme Leader",
                start=0,
                end=11,
            )
        ],
        target=[
            Actor(
                "Vladimir Putin",
                name="Vladimir Putin",
                country="RUS",
                sector="GOV",
                kind="person",
                start=16,
                end=30,
            )
        ],
        date=TimeValue("Wednesday", "2023-09-13", "day", start=62, end=71),
        location=Place(
            "the Vostochny cosmodrome",
            name="Vostochny Cosmodrome",
            country="RUS",
            admin1="30",
            lat=51.88,
            lon=128.33,
            geonames_id=2013348,
            feature="AIRP",
            start=34,
            end=58,
        ),
        cameo="040",
        quad_class=1,
        goldstein=1.0,
        confidence=0.9,
    )


def _accept(article: Article) -> Event:
    return Event(
        event_type="AGREE",
        evidence=Evidence(
            article.id,
            TEXT[S2:],
            S2,
            len(TEXT),
            "accepted",
            TEXT.index("accepted"),
            TEXT.index("accepted") + 8,
        ),
        factuality="realized",
        source=[Actor("Putin", name="Vladimir Putin", country="RUS")],
        target=[Actor("Kim Jong Un")],
        object={"text": "an invitation to visit Pyongyang", "start": 88, "end": 121},
        cameo="057",
        quad_class=1,
        goldstein=4.0,
        confidence=0.7,
        reporter=Actor("KCNA", name="Korean Central News Agency", country="PRK", sector="MED"),
    )


@pytest.fixture
def store(db_url):
    """A fresh store on SQLite, then on PostgreSQL (conftest's `db_url`)."""
    s = open_store(db_url)
    yield s
    s.close()


def test_open_migrates_to_a_schema_equal_to_the_declared_tables(db_url):
    store = open_store(db_url)
    tables = set(inspect(store.engine).get_table_names())
    assert {"articles", "events", "event_actors", "places", "alembic_version"} <= tables
    with store.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), load_metadata())
    assert diffs == []
    store.close()
    # opening again is a no-op, not an error
    open_store(db_url).close()


def test_event_round_trips_through_the_store(store):
    art = _article()
    events = [_meet(art), _accept(art)]
    assert store.add_article(art, events) == [e.id for e in events]
    got = store.list_events()
    for e in events:  # a stored place carries its ADM1 code, derived on reading
        if e.location is not None:
            e.location.adm1 = adm1_code(e.location)
    assert [g.event.to_dict() for g in got] == [e.to_dict() for e in events]
    first = store.get_event(events[0].id)
    assert first.article_url == "https://news.example/summit"
    assert first.day == date(2023, 9, 13)
    assert first.event.evidence.sentence == TEXT[S1:S1_END]
    assert store.get_article(art.id) == art


def test_get_events_reads_many_in_the_order_asked(store):
    art = _article()
    events = [_meet(art), _accept(art)]
    store.add_article(art, events)
    ids = [events[1].id, "no-such-event", events[0].id, events[1].id]
    got = store.get_events(ids)
    assert [g.id for g in got] == [events[1].id, events[0].id]
    assert [g.to_dict() for g in got] == [store.get_event(i).to_dict() for i in (ids[0], ids[2])]
    assert store.get_events([]) == []


def test_same_article_twice_is_stored_once(store):
    art = _article()
    assert store.add_article(art, [_meet(art)]) is not None
    assert store.add_article(_article(), [_meet(art)]) is None
    assert store.count_articles() == 1
    assert store.count_events() == 1


def test_a_failed_write_leaves_nothing_of_the_article(store):
    art = _article()
    broken = _accept(art)
    broken.evidence.sentence = None  # NOT NULL: the insert fails after the article row
    with pytest.raises(EventwatchError, match="E012"):
        store.add_article(art, [_meet(art), broken])
    assert store.count_articles() == 0
    assert store.count_events() == 0
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("select count(*) from event_actors").scalar() == 0


def test_places_are_shared_between_events(store):
    a1, a2 = _article(), _article(TEXT + " Again.")
    store.add_article(a1, [_meet(a1)])
    store.add_article(a2, [_meet(a2)])
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("select count(*) from places").scalar() == 1
    assert store.count_events() == 2


@pytest.mark.parametrize(
    ("flt", "types"),
    [
        (EventFilter(), ["CONSULT", "AGREE"]),
        (EventFilter(actor="putin"), ["CONSULT", "AGREE"]),
        (EventFilter(actor="jong"), ["CONSULT", "AGREE"]),
        (EventFilter(actor="KCNA"), []),  # the reporter is not a party
        (EventFilter(country="prk"), ["CONSULT"]),
        (EventFilter(event_type="agree"), ["AGREE"]),
        (EventFilter(factuality="planned"), []),
        (EventFilter(since=date(2023, 9, 14)), []),
        (EventFilter(until=date(2023, 9, 13)), ["CONSULT", "AGREE"]),
        (EventFilter(place="vostochny"), ["CONSULT"]),
        (EventFilter(place="RUS"), ["CONSULT"]),
        (EventFilter(min_confidence=0.8), ["CONSULT"]),
    ],
)
def test_filters(store, flt, types):
    art = _article()
    store.add_article(art, [_meet(art), _accept(art)])
    assert [s.event.event_type for s in store.list_events(flt)] == types
    assert store.count_events(flt) == len(types)


def test_pagination_and_counts(store):
    art = _article()
    events = [_meet(art), _accept(art)]
    store.add_article(art, events)
    assert [s.id for s in store.list_events(limit=1)] == [events[0].id]
    assert [s.id for s in store.list_events(limit=1, offset=1)] == [events[1].id]
    store.set_event_counts(
        events[0].id, num_mentions=3, num_sources=2, num_articles=2, cluster_id="c1"
    )
    got = store.list_events(EventFilter(cluster_id="c1"))
    assert [(g.num_mentions, g.num_sources, g.num_articles) for g in got] == [(3, 2, 2)]
    with pytest.raises(EventwatchError, match="E013"):
        store.set_event_counts("nope", num_mentions=1)


def test_list_articles_with_event_counts(store):
    a1, a2 = _article(), _article("Another text about nothing.")
    store.add_article(a1, [_meet(a1), _accept(a1)])
    store.add_article(a2, [])
    assert [(a.id, n) for a, n in store.list_articles()] == [(a1.id, 2), (a2.id, 0)]
    assert store.delete_article(a1.id)
    assert store.count_events() == 0


def test_default_location_comes_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTWATCH_DB", str(tmp_path / "env.db"))
    open_store().close()
    assert (tmp_path / "env.db").is_file()


def test_unopenable_database_is_one_line_error(tmp_path):
    (tmp_path / "dir.db").mkdir()
    with pytest.raises(EventwatchError, match=r"^E012 database sqlite:///.*dir\.db: "):
        open_store(str(tmp_path / "dir.db"))


def test_an_article_stored_meanwhile_by_another_process_is_a_duplicate(store, monkeypatch):
    from sqlalchemy.orm import Session

    art = _article()
    with open_store(store.url) as other:
        other.add_article(art, [_meet(art)])
    # our check before the insert misses it, as it would in a race; the insert then fails
    monkeypatch.setattr(Session, "get", lambda self, *a, **k: None)
    assert store.add_article(art, [_meet(art)]) is None
    assert store.count_articles() == 1


def test_the_store_knows_nothing_of_spacy():
    import subprocess
    import sys

    code = (
        "import sys, eventwatch.store, eventwatch.store.export, eventwatch.store.gdelt; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_migrations_render_for_postgresql_without_a_server():
    import io

    from eventwatch.store import migrate

    out = io.StringIO()
    migrate.sql("postgresql://nowhere.invalid/eventwatch", out)
    ddl = out.getvalue()
    for table in ("articles", "events", "event_actors", "places"):
        assert f"CREATE TABLE {table} (" in ddl
    assert "TIMESTAMP WITHOUT TIME ZONE" in ddl  # rendered by the PostgreSQL dialect
    assert "INSERT INTO alembic_version (version_num) VALUES ('0001_core')" in ddl
