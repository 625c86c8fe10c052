"""Filters over stored events, shared by the CLI, the REST API and the watch engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select

from eventwatch.records import Event
from eventwatch.store.convert import first_day as _first_day
from eventwatch.store.schema import ArticleRow, EventActorRow, EventRow, PlaceRow


@dataclass
class EventFilter:
    """Which events to list. Every field left None matches everything.

    actor: substring (any case) of a source or target actor's name or text.
    country: ISO 3166 alpha-3 of a source or target actor.
    event_type: PLOVER type (any case). factuality: realized | planned | hypothetical | negated.
    since / until: inclusive bounds on the event's day (the first day of its date, else the
    article's published date). place: substring of the place's name or its words in the text,
    or the place's country code. article_id / cluster_id: exact.
    """

    actor: str | None = None
    country: str | None = None
    event_type: str | None = None
    factuality: str | None = None
    since: date | None = None
    until: date | None = None
    place: str | None = None
    article_id: str | None = None
    cluster_id: str | None = None
    min_confidence: float | None = None

    def apply(self, stmt: Select) -> Select:
        conds = []
        parties = EventActorRow.role.in_(("source", "target"))
        if self.actor:
            needle = f"%{self.actor.lower()}%"
            conds.append(
                exists().where(
                    EventActorRow.event_id == EventRow.id,
                    parties,
                    or_(
                        func.lower(EventActorRow.name).like(needle),
                        func.lower(EventActorRow.text).like(needle),
                    ),
                )
            )
        if self.country:
            conds.append(
                exists().where(
                    EventActorRow.event_id == EventRow.id,
                    parties,
                    EventActorRow.country == self.country.upper(),
                )
            )
        if self.event_type:
            conds.append(EventRow.event_type == self.event_type.upper())
        if self.factuality:
            conds.append(EventRow.factuality == self.factuality.lower())
        if self.since:
            conds.append(EventRow.day >= self.since)
        if self.until:
            conds.append(EventRow.day <= self.until)
        if self.place:
            needle = f"%{self.place.lower()}%"
            conds.append(
                or_(
                    func.lower(EventRow.place_text).like(needle),
                    exists().where(
                        PlaceRow.id == EventRow.place_id,
                        or_(
                            func.lower(PlaceRow.name).like(needle),
                            PlaceRow.country == self.place.upper(),
                        ),
                    ),
                )
            )
        if self.article_id:
            conds.append(EventRow.article_id == self.article_id)
        if self.cluster_id:
            conds.append(EventRow.cluster_id == self.cluster_id)
        if self.min_confidence is not None:
            conds.append(EventRow.confidence >= self.min_confidence)
        return stmt.where(and_(*conds)) if conds else stmt


@dataclass
class StoredEvent:
    """An event as stored: the record, its article's metadata, its counts and cluster."""

    event: Event
    article_id: str
    article_title: str = ""
    article_url: str | None = None
    article_source: str | None = None
    article_origin: str = ""
    published: date | None = None
    day: date | None = None
    num_mentions: int = 1
    num_sources: int = 1
    num_articles: int = 1
    cluster_id: str | None = None
    added: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.event.id

    @property
    def day_source(self) -> str | None:
        """Where `day` came from: "text" (the event's own date), "published" (the article's
        date) or "ingested" (the day it was stored); see store.convert.event_day."""
        if self.day is None:
            return None
        tv = self.event.date
        if tv is not None and _first_day(tv.value) == self.day:
            return "text"
        if self.published == self.day:
            return "published"
        return "ingested"

    def to_dict(self) -> dict[str, Any]:
        """The event record's dict plus `article`, `day`, counts, `cluster_id` and `added`."""
        d = self.event.to_dict()
        d["article"] = {
            "id": self.article_id,
            "title": self.article_title,
            "url": self.article_url,
            "source": self.article_source,
            "published": _iso(self.published),
        }
        d["day"] = _iso(self.day)
        d["day_source"] = self.day_source
        d["num_mentions"] = self.num_mentions
        d["num_sources"] = self.num_sources
        d["num_articles"] = self.num_articles
        d["cluster_id"] = self.cluster_id
        d["added"] = self.added.isoformat(timespec="seconds") if self.added else None
        return d


@dataclass
class ArticleFilter:
    """Which articles to list: source (exact), published since/until (inclusive)."""

    source: str | None = None
    since: date | None = None
    until: date | None = None

    def apply(self, stmt: Select) -> Select:
        if self.source:
            stmt = stmt.where(ArticleRow.source == self.source)
        if self.since:
            stmt = stmt.where(ArticleRow.published >= self.since)
        if self.until:
            stmt = stmt.where(ArticleRow.published <= self.until)
        return stmt


def event_order() -> list[Any]:
    """Stable listing order: articles as ingested, then events as they appear in the text."""
    return [
        ArticleRow.ingested_at,
        EventRow.article_id,
        EventRow.sentence_start,
        EventRow.trigger_start,
        EventRow.id,
    ]


ARTICLE_META = (
    ArticleRow.id,
    ArticleRow.title,
    ArticleRow.url,
    ArticleRow.source,
    ArticleRow.origin,
    ArticleRow.published,
)


def events_select() -> Select:
    """Events with their article's metadata (not its text: one article has many events)."""
    return select(EventRow, *ARTICLE_META).join(ArticleRow, ArticleRow.id == EventRow.article_id)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
