"""The writer's rows on SQLite and PostgreSQL: an article's places, events and actors are
inserted through Core statements, numbered in the order the ORM's flush numbered them (places in
the order the events first name them, actors event by event: sources, targets, the reporter);
and the watch step's in-story search, which reads a story's clusters once per step, lets an
event join a cluster founded by an earlier event of the same step. The events are built by
hand (no parse): the texts are the project's own."""

from __future__ import annotations

from datetime import date

from sqlalchemy import create_engine, text

from eventwatch.records import Actor, Article, Event, Evidence, Place
from eventwatch.store import open_store
from eventwatch.store.store import resolve_url
from eventwatch.watch.engine import Watcher

TEXT = (
    "Border guards of Arvonia fired on a Belmark patrol near the river crossing on Tuesday. "
    "Arvonian troops later shelled Belmark positions along the same stretch of the river. "
    "In the north, Arvonian police detained three Corvish fishermen."
)
LYON = Place(text="the river crossing", name="Lyon", country="FR", lat=45.764, lon=4.8357,
             geonames_id=2996944)
PORTO = Place(text="the north", name="Porto", country="PT", lat=41.1496, lon=-8.611,
              geonames_id=2735943)


def _event(eid: str, start: int, etype: str, src: str, tgt: str, where: Place | None,
           reporter: bool = False) -> Event:
    end = TEXT.index(".", start) + 1
    return Event(
        id=eid,
        event_type=etype,
        evidence=Evidence(article_id="a1", sentence=TEXT[start:end], start=start, end=end),
        source=[Actor(text=f"{src} forces", country=src)],
        target=[Actor(text=f"{tgt} side", country=tgt), Actor(text="civilians")],
        location=where,
        reporter=Actor(text="a witness") if reporter else None,
        confidence=0.8,
    )


ARTICLE = Article(id="a1", title="Shots across the river", text=TEXT,
                  published=date(2026, 3, 3), source="River Post")
EVENTS = [
    _event("e1", 0, "ASSAULT", "ARV", "BEL", LYON),
    _event("e2", TEXT.index("Arvonian troops"), "ASSAULT", "ARV", "BEL", LYON, reporter=True),
    _event("e3", TEXT.index("In the north"), "ASSAULT", "ARV", "COR", PORTO),
    _event("e2", TEXT.index("Arvonian troops"), "ASSAULT", "ARV", "BEL", LYON),  # repeated id
]


def _rows(url: str, sql: str) -> list[tuple]:
    eng = create_engine(resolve_url(url))
    try:
        with eng.connect() as c:
            return [tuple(r) for r in c.execute(text(sql))]
    finally:
        eng.dispose()


def test_rows_and_their_numbering(db_url):
    with open_store(db_url) as store:
        assert store.add_article(ARTICLE, EVENTS) == ["e1", "e2", "e3"]
        assert store.add_article(ARTICLE, EVENTS) is None  # already there: nothing written
        later = Article(id="a2", title="Calm returns", text="Calm returned to the crossing.")
        ev = _event("e9", 0, "ASSAULT", "ARV", "BEL", LYON)
        ev.evidence.article_id = "a2"
        assert store.add_article(later, [ev]) == ["e9"]
        got = store.get_event("e2")
        assert got is not None and got.event.location is not None
        assert got.event.location.name == "Lyon" and got.event.reporter is not None
        assert got.day == date(2026, 3, 3)
    assert _rows(db_url, "SELECT id, name FROM places ORDER BY id") == [(1, "Lyon"), (2, "Porto")]
    assert _rows(db_url, "SELECT id, place_id FROM events ORDER BY id") == [
        ("e1", 1), ("e2", 1), ("e3", 2), ("e9", 1)
    ]
    actors = _rows(db_url, "SELECT id, event_id, role, position, text FROM event_actors ORDER BY id")
    assert actors == [
        (1, "e1", "source", 0, "ARV forces"),
        (2, "e1", "target", 0, "BEL side"),
        (3, "e1", "target", 1, "civilians"),
        (4, "e2", "source", 0, "ARV forces"),
        (5, "e2", "target", 0, "BEL side"),
        (6, "e2", "target", 1, "civilians"),
        (7, "e2", "reporter", 0, "a witness"),
        (8, "e3", "source", 0, "ARV forces"),
        (9, "e3", "target", 0, "COR side"),
        (10, "e3", "target", 1, "civilians"),
        (11, "e9", "source", 0, "ARV forces"),
        (12, "e9", "target", 0, "BEL side"),
        (13, "e9", "target", 1, "civilians"),
    ]


def test_an_event_joins_a_cluster_founded_earlier_in_the_same_step(db_url):
    with open_store(db_url) as store:
        ids = store.add_article(ARTICLE, EVENTS)
        out = Watcher(store).evaluate(ids)
        # e2 (same dyad, type, day and place) joins the cluster e1 founded in this step;
        # e3 (another target country) founds its own
        assert out.clusters == {"e1": "e1", "e2": "e1", "e3": "e3"}
        first, second = store.get_event("e1"), store.get_event("e2")
        assert first is not None and second is not None
        assert (first.num_mentions, second.num_mentions, first.num_articles) == (2, 2, 1)
    assert _rows(db_url, "SELECT cluster_id, story_id FROM story_clusters ORDER BY cluster_id") == [
        ("e1", "a1"), ("e3", "a1")
    ]
