"""The store's tables: one declarative `Base` that every module's tables share.

Core tables (this module): `articles`, `events`, `event_actors`, `places`. Other areas declare
their own tables on the same `Base` in their own module; the store knows none of them by name
(their migrations are data it runs, not code it reads). `eventwatch.tables.load_metadata()`
lists those modules, so the migrations' env and the schema check see every table.

Nothing here knows spaCy: rows are filled from `eventwatch.records` dataclasses.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names, so migrations can refer to them on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


metadata = Base.metadata


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    url: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(200), index=True)
    origin: Mapped[str] = mapped_column(Text, default="")
    ingested_at: Mapped[datetime] = mapped_column(DateTime, index=True)

    events: Mapped[list[EventRow]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )


class PlaceRow(Base):
    """A resolved place, shared by every event that happened there."""

    __tablename__ = "places"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(8), index=True)
    admin1: Mapped[str | None] = mapped_column(Text)  # a code or a name
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geonames_id: Mapped[int | None] = mapped_column(Integer)
    feature: Mapped[str | None] = mapped_column(String(20))


class EventRow(Base):
    """One coded event with its evidence (sentence and offsets into the article text)."""

    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    event_type: Mapped[str] = mapped_column(String(40), index=True)
    mode: Mapped[str | None] = mapped_column(String(40))
    factuality: Mapped[str] = mapped_column(String(20), index=True)
    contexts: Mapped[list[str]] = mapped_column(JSON, default=list)
    object: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # when: the TIMEX value as coded, and `day`, the first day it can mean (else the
    # article's published date) for --since/--until
    date_value: Mapped[str | None] = mapped_column(String(40))
    date_precision: Mapped[str | None] = mapped_column(String(20))
    date_type: Mapped[str | None] = mapped_column(String(10))
    date_text: Mapped[str | None] = mapped_column(Text)
    date_start: Mapped[int | None] = mapped_column(Integer)
    date_end: Mapped[int | None] = mapped_column(Integer)
    day: Mapped[date | None] = mapped_column(Date, index=True)
    # where: the resolved place and the words that named it
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"), index=True)
    place_text: Mapped[str | None] = mapped_column(Text)
    place_start: Mapped[int | None] = mapped_column(Integer)
    place_end: Mapped[int | None] = mapped_column(Integer)
    # evidence
    sentence: Mapped[str] = mapped_column(Text)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    trigger: Mapped[str] = mapped_column(Text, default="")
    trigger_start: Mapped[int | None] = mapped_column(Integer)
    trigger_end: Mapped[int | None] = mapped_column(Integer)
    # coding
    cameo: Mapped[str | None] = mapped_column(String(10))
    quad_class: Mapped[int | None] = mapped_column(Integer)
    goldstein: Mapped[float | None] = mapped_column(Float)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    # GDELT-style counts and the cluster an event was grouped into (filled by the watch
    # engine; an event alone is 1 mention in 1 article from 1 source)
    num_mentions: Mapped[int] = mapped_column(Integer, default=1)
    num_sources: Mapped[int] = mapped_column(Integer, default=1)
    num_articles: Mapped[int] = mapped_column(Integer, default=1)
    cluster_id: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    article: Mapped[ArticleRow] = relationship(back_populates="events")
    place: Mapped[PlaceRow | None] = relationship()
    actors: Mapped[list[EventActorRow]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="EventActorRow.position",
    )


class EventActorRow(Base):
    """An actor of an event in one role: source, target or reporter."""

    __tablename__ = "event_actors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))  # source | target | reporter
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    name: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(8), index=True)
    country_from: Mapped[str | None] = mapped_column(String(10))  # "article": the home country
    sector: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str | None] = mapped_column(String(20))
    sectors: Mapped[list[str]] = mapped_column(JSON, default=list)
    actor_role: Mapped[str | None] = mapped_column(Text)  # e.g. "President of Russia"
    kb_id: Mapped[str | None] = mapped_column(String(64))
    start_char: Mapped[int | None] = mapped_column(Integer)
    end_char: Mapped[int | None] = mapped_column(Integer)

    event: Mapped[EventRow] = relationship(back_populates="actors")

