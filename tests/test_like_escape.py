"""User text in the substring filters (`actor`, `place`, `/actors?q=`) is matched literally:
`%`, `_` and the escape character are no wildcards. A property test (hypothesis) compares
the SQL filter with the same match done in Python."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwatch.api.actors import stored_actors
from eventwatch.records import Article, Place
from eventwatch.store import EventFilter, open_store
from test_watch_kit import event_in

NAMES = ["100% Party", "a_b Group", "aXb Group", "Back\\Slash Union", "Plain Council", "Éire Team"]
PLACES = ["Fifty%Ville", "Port_Town", "PortXTown", "Slash\\Bay", "Plain City", "Île Rouge"]


def _sql_lower(text: str) -> str:
    """SQLite's lower(): ASCII letters only."""
    return "".join(c.lower() if c.isascii() else c for c in text)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with open_store(str(tmp_path_factory.mktemp("like") / "l.db")) as st_:
        for i, (name, place) in enumerate(zip(NAMES, PLACES, strict=True)):
            art = Article(
                text=f"Delegates of {name} met the mayor in {place} on Monday.",
                title=f"Meeting {i}",
                published=date(2024, 5, 6),
                source="Own Test Wire",
                origin=f"like-{i}",
            )
            ev = event_in(
                art,
                "met",
                "met",
                "CONSULT",
                source=(name, "FRA"),
                target=("the mayor", "FRA"),
                place=Place(text=place, name=place, country="FRA"),
            )
            st_.add_article(art, [ev])
        yield st_


def _actors_of(found) -> set[str]:
    return {a.name for s in found for a in s.event.source}


def test_wildcards_match_themselves(store):
    assert _actors_of(store.list_events(EventFilter(actor="%"))) == {"100% Party"}
    assert _actors_of(store.list_events(EventFilter(actor="_"))) == {"a_b Group"}
    assert _actors_of(store.list_events(EventFilter(actor="a_b"))) == {"a_b Group"}
    assert _actors_of(store.list_events(EventFilter(actor="\\"))) == {"Back\\Slash Union"}
    assert _actors_of(store.list_events(EventFilter(place="t_t"))) == {"a_b Group"}
    assert _actors_of(store.list_events(EventFilter(place="%v"))) == {"100% Party"}
    items, total = stored_actors(store, q="%")
    assert total == 1 and items[0]["name"] == "100% Party"
    assert stored_actors(store, q="_")[1] == 1


NEEDLES = st.text(alphabet="%_\\aAbBxXtTpP lL0É", min_size=1, max_size=6)


@settings(max_examples=150, deadline=None)
@given(needle=NEEDLES)
def test_actor_filter_is_a_literal_substring_match(store, needle):
    want = {n for n in NAMES if needle.lower() in _sql_lower(n)}
    if needle.lower() in "the mayor":
        want = set(NAMES)  # the target matches every event
    assert _actors_of(store.list_events(EventFilter(actor=needle))) == want


@settings(max_examples=150, deadline=None)
@given(needle=NEEDLES)
def test_place_filter_is_a_literal_substring_match(store, needle):
    want = {
        n
        for n, p in zip(NAMES, PLACES, strict=True)
        if needle.lower() in _sql_lower(p) or needle.upper() == "FRA"
    }
    assert _actors_of(store.list_events(EventFilter(place=needle))) == want


@settings(max_examples=100, deadline=None)
@given(needle=NEEDLES)
def test_actor_search_is_a_literal_substring_match(store, needle):
    everyone = [*NAMES, "the mayor"]
    want = {n for n in everyone if needle.lower() in _sql_lower(n)}
    items, total = stored_actors(store, q=needle, limit=100)
    assert {i["name"] for i in items} == want and total == len(want)
