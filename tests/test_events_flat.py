"""The `events_flat` SQL view (migration 0005): one row per event with its first actors,
place and article, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from sqlalchemy import create_engine, inspect, text

from eventwatch.records import Actor, Article, Event, Evidence, Place
from eventwatch.store import open_store
from eventwatch.store.store import resolve_url

TEXT = (
    "Kenya and Ethiopia signed a power deal in Nairobi. "
    "Kenyan, Ugandan and Tanzanian officials urged Somalia and Sudan to join."
)
S2 = TEXT.index("Kenyan")


def _events(art: Article) -> list[Event]:
    deal = Event(
        "AGREE",
        Evidence(art.id, TEXT[: S2 - 1], 0, S2 - 1, "signed"),
        source=[Actor("Kenya", name="Kenya", country="KEN", sector="GOV")],
        target=[Actor("Ethiopia", name="Ethiopia", country="ETH")],
        location=Place("Nairobi", name="Nairobi", country="KEN", lat=-1.2833, lon=36.8167),
        confidence=0.8,
    )
    urge = Event(
        "REQUEST",
        Evidence(art.id, TEXT[S2:], S2, len(TEXT), "urged"),
        source=[
            Actor("Kenyan", name="Kenya", country="KEN"),
            Actor("Ugandan", name="Uganda", country="UGA"),
            Actor("Tanzanian", name="Tanzania", country="TZA"),
        ],
        target=[Actor("Somalia", name="Somalia", country="SOM"), Actor("Sudan", country="SDN")],
        confidence=0.6,
    )
    no_target = Event(
        "AGREE",
        Evidence(art.id, TEXT[: S2 - 1], 0, S2 - 1, "deal"),
        source=[Actor("Kenya", name="Kenya", country="KEN")],
        confidence=0.5,
    )
    return [deal, urge, no_target]


def test_events_flat_one_row_per_event(db_url):
    art = Article(text=TEXT, title="Power deal", published=date(2024, 6, 3), source="wire")
    with open_store(db_url) as store:
        store.add_article(art, _events(art))
    engine = create_engine(resolve_url(db_url))
    try:
        assert "events_flat" in inspect(engine).get_view_names()
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT event_type, trigger_word, source_name, source_country, target_name,"
                    " target_country, place, lat, article_title, published FROM events_flat"
                    " ORDER BY confidence DESC"
                )
            ).all()
    finally:
        engine.dispose()
    assert len(rows) == 3
    deal, urge, no_target = rows
    assert deal[:8] == ("AGREE", "signed", "Kenya", "KEN", "Ethiopia", "ETH", "Nairobi", -1.2833)
    assert deal[8] == "Power deal" and str(deal[9]) == "2024-06-03"
    assert urge[2:7] == ("Kenya", "KEN", "Somalia", "SOM", None)  # the first of each side
    assert no_target[4:6] == (None, None)
