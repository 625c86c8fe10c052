"""An article's core rows (article, places, events, actors) written through Core statements.

    stored = write_article(session, article, events, now)   # None: the article is there

The rows and their numbering are those the ORM's unit of work wrote from `convert.article_row`
and `convert.event_row` (the same column values, from the same functions): the article, then
each new place in the order the events first name it, then the events in order, then their
actors in event order (sources, targets, the reporter), so the autoincrement ids of places and
actors come out the same. What the ORM spent on them (building instrumented rows, sorting
the unit of work, fetching every actor's id back) is gone: nothing in the transaction reads
these rows as ORM objects, and an actor's id is never needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select
from sqlalchemy.orm import Session

from eventwatch.records import Article, Event
from eventwatch.store import convert
from eventwatch.store.schema import ArticleRow, EventActorRow, EventRow, PlaceRow

# built once (bound parameters)
_HAS_ARTICLE = select(ArticleRow.id).where(ArticleRow.id == bindparam("id"))
_PLACE_ID = select(PlaceRow.id).where(PlaceRow.key == bindparam("key"))
_ARTICLE = insert(cast(Table, ArticleRow.__table__))
_PLACE = insert(cast(Table, PlaceRow.__table__))
_EVENTS = insert(cast(Table, EventRow.__table__))
_ACTORS = insert(cast(Table, EventActorRow.__table__))


def write_article(
    s: Session, article: Article, events: Sequence[Event], now: datetime
) -> list[str] | None:
    """Insert the article and its events (an id repeated is stored once) in the session's
    transaction; the ids stored, or None when the article is already there (nothing written)."""
    conn = s.connection()
    if conn.execute(_HAS_ARTICLE, {"id": article.id}).first() is not None:
        return None
    conn.execute(_ARTICLE, convert.article_values(article, now))
    places: dict[str, int] = {}
    rows: list[dict[str, Any]] = []
    actors: list[dict[str, Any]] = []
    stored: list[str] = []
    for ev in events:
        if ev.id in stored:
            continue
        row = convert.event_values(ev, article, now)
        row["place_id"] = _place_id(conn, ev, places)
        rows.append(row)
        actors += convert.actor_values(ev)
        stored.append(ev.id)
    if rows:
        conn.execute(_EVENTS, rows)
    if actors:
        conn.execute(_ACTORS, actors)
    return stored


def _place_id(conn: Any, ev: Event, cache: dict[str, int]) -> int | None:
    """The id of the event's place, found by its key or inserted (one row per place, shared
    by every event there); `cache` holds this transaction's."""
    key = convert.event_place_key(ev)
    if key is None or ev.location is None:
        return None
    got = cache.get(key)
    if got is None:
        got = conn.execute(_PLACE_ID, {"key": key}).scalar()
        if got is None:
            values = convert.place_values(ev.location)
            got = conn.execute(_PLACE, values).inserted_primary_key[0]
        cache[key] = got
    return got
