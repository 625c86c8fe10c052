"""Rows <-> records: how an `Event` and an `Article` are laid out in the core tables."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from eventwatch.dates import first_day as first_day  # re-exported: store.query reads it here
from eventwatch.records import Actor, Article, Event, Evidence, Place, TimeValue
from eventwatch.store.schema import ArticleRow, EventActorRow, EventRow, PlaceRow
from eventwatch.where.admin import adm1_code

ROLES = ("source", "target", "reporter")

DAY_SOURCES = ("text", "published", "ingested")


def event_day(
    tv: TimeValue | None, published: date | None, ingested: date
) -> tuple[date, str]:
    """The day an event is counted on, and where it came from: the date the text gives (stated,
    or relative and resolved against the article), else the article's published date, else the
    day it was ingested. Never None, so every exported row has a date."""
    stated = first_day(tv.value) if tv is not None else None
    if stated is not None:
        return stated, "text"
    if published is not None:
        return published, "published"
    return ingested, "ingested"


def article_values(article: Article, now: datetime) -> dict[str, Any]:
    """The `articles` row of an article, by column (`article_row`, or a Core insert)."""
    return {
        "id": article.id,
        "title": article.title or "",
        "text": article.text,
        "published": article.published,
        "url": article.url,
        "source": article.source[:200] if article.source else article.source,  # the column's size
        "origin": article.origin or "",
        "ingested_at": now,
    }


def article_row(article: Article, now: datetime) -> ArticleRow:
    return ArticleRow(**article_values(article, now))


def article_record(row: ArticleRow) -> Article:
    return Article(
        text=row.text,
        title=row.title,
        published=row.published,
        url=row.url,
        source=row.source,
        origin=row.origin,
        id=row.id,
    )


def event_place_key(ev: Event) -> str | None:
    """The `place_key` of the event's place, or None when it has no place worth a row (no
    name, coordinates or GeoNames id)."""
    loc = ev.location
    if loc is None or (loc.name is None and loc.lat is None and loc.geonames_id is None):
        return None
    return place_key(loc)


def place_key(place: Place) -> str:
    """What makes two resolved places the same place."""
    if place.geonames_id is not None:
        return f"geonames:{place.geonames_id}"
    lat = f"{place.lat:.4f}" if place.lat is not None else ""
    lon = f"{place.lon:.4f}" if place.lon is not None else ""
    name = place.name or place.text
    return "|".join(str(x or "") for x in (name, place.country, place.admin1, lat, lon))[:255]


def place_values(place: Place) -> dict[str, Any]:
    """The `places` row of a resolved place, by column, less its id."""
    return {
        "key": place_key(place),
        "name": place.name or place.text,
        "country": place.country,
        "admin1": place.admin1,
        "lat": place.lat,
        "lon": place.lon,
        "geonames_id": place.geonames_id,
        "feature": place.feature,
    }


def place_row(place: Place) -> PlaceRow:
    return PlaceRow(**place_values(place))


def _actor_values(actor: Actor, role: str, position: int, event_id: str) -> dict[str, Any]:
    return {
        "event_id": event_id,
        "role": role,
        "position": position,
        "text": actor.text,
        "name": actor.name,
        "country": actor.country,
        "country_from": actor.country_from,
        "sector": actor.sector,
        "kind": actor.kind,
        "sectors": list(actor.sectors),
        "actor_role": actor.role,
        "kb_id": actor.kb_id,
        "start_char": actor.start,
        "end_char": actor.end,
    }


def actor_values(event: Event) -> list[dict[str, Any]]:
    """The `event_actors` rows of an event, by column, less their ids, in the order they are
    written (sources, targets, the reporter): the order that numbers them."""
    out = [_actor_values(a, "source", i, event.id) for i, a in enumerate(event.source)]
    out += [_actor_values(a, "target", i, event.id) for i, a in enumerate(event.target)]
    if event.reporter is not None:
        out.append(_actor_values(event.reporter, "reporter", 0, event.id))
    return out


def event_values(event: Event, article: Article, now: datetime) -> dict[str, Any]:
    """The `events` row of an event, by column, less its place's id (`place_id`)."""
    ev, tv, loc = event.evidence, event.date, event.location
    return {
        "id": event.id,
        "article_id": article.id,
        "event_type": event.event_type,
        "mode": event.mode,
        "factuality": event.factuality,
        "contexts": list(event.contexts),
        "object": event.object,
        "date_value": tv.value if tv else None,
        "date_precision": tv.precision if tv else None,
        "date_type": tv.type if tv else None,
        "date_text": tv.text if tv else None,
        "date_start": tv.start if tv else None,
        "date_end": tv.end if tv else None,
        "day": event_day(tv, article.published, now.date())[0],
        "place_text": loc.text if loc else None,
        "place_start": loc.start if loc else None,
        "place_end": loc.end if loc else None,
        "sentence": ev.sentence,
        "sentence_start": ev.start,
        "sentence_end": ev.end,
        "trigger": ev.trigger or "",
        "trigger_start": ev.trigger_start,
        "trigger_end": ev.trigger_end,
        "cameo": event.cameo,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        "confidence": float(event.confidence or 0.0),
        "num_mentions": 1,
        "num_sources": 1,
        "num_articles": 1,
        "created_at": now,
    }


def event_row(event: Event, article: Article, place: PlaceRow | None, now: datetime) -> EventRow:
    row = EventRow(**event_values(event, article, now), place=place)
    row.actors = [EventActorRow(**a) for a in actor_values(event)]
    return row


def _actor_record(row: EventActorRow) -> Actor:
    return Actor(
        text=row.text,
        name=row.name,
        country=row.country,
        country_from=row.country_from,
        sector=row.sector,
        kind=row.kind,
        sectors=list(row.sectors or []),
        role=row.actor_role,
        kb_id=row.kb_id,
        start=row.start_char,
        end=row.end_char,
    )


def event_record(row: EventRow, actors: list[EventActorRow], place: PlaceRow | None) -> Event:
    """The `Event` a row was made from (its `to_dict()` equals the original's)."""
    by_role: dict[str, list[Actor]] = {r: [] for r in ROLES}
    for a in sorted(actors, key=lambda a: (a.role, a.position)):
        by_role.setdefault(a.role, []).append(_actor_record(a))
    tv = None
    if row.date_value is not None:
        tv = TimeValue(
            text=row.date_text or "",
            value=row.date_value,
            precision=row.date_precision or "",
            type=row.date_type or "DATE",
            start=row.date_start,
            end=row.date_end,
        )
    loc = None
    if place is not None or row.place_text is not None:
        loc = Place(
            text=row.place_text or (place.name if place else "") or "",
            name=place.name if place else None,
            country=place.country if place else None,
            admin1=place.admin1 if place else None,
            lat=place.lat if place else None,
            lon=place.lon if place else None,
            geonames_id=place.geonames_id if place else None,
            feature=place.feature if place else None,
            start=row.place_start,
            end=row.place_end,
        )
        loc.adm1 = adm1_code(loc)
    return Event(
        id=row.id,
        event_type=row.event_type,
        evidence=Evidence(
            article_id=row.article_id,
            sentence=row.sentence,
            start=row.sentence_start,
            end=row.sentence_end,
            trigger=row.trigger,
            trigger_start=row.trigger_start,
            trigger_end=row.trigger_end,
        ),
        factuality=row.factuality,
        mode=row.mode,
        contexts=list(row.contexts or []),
        source=by_role["source"],
        target=by_role["target"],
        object=row.object,
        date=tv,
        location=loc,
        cameo=row.cameo,
        quad_class=row.quad_class,
        goldstein=row.goldstein,
        confidence=row.confidence,
        reporter=by_role["reporter"][0] if by_role["reporter"] else None,
    )


def counts(row: EventRow) -> dict[str, Any]:
    return {
        "num_mentions": row.num_mentions,
        "num_sources": row.num_sources,
        "num_articles": row.num_articles,
        "cluster_id": row.cluster_id,
    }
