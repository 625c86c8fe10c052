"""The watch engine's tables, declared on the store's shared `Base` (migration 0002_watch).

- `rules`: watch rules (conditions and notifiers as JSON, see `eventwatch.watch.rules`).
- `clusters`: real-world events: reports grouped by dyad, type, factuality, date and place.
- `alerts`: one per (rule, cluster); `alert_sources`: every report that joined an alert.
- `outbox`: notifications waiting to be delivered; `dead_letters`: those that never were.
- `api_keys`: hashed keys for the REST API, each with a scope (`read` or `write`).
- `watch_pending`: articles committed whose events still await the watch step (written in
  the article's own transaction; removed by the watch step's; migration 0003).
- `feed_state`, `feed_items`: the poller's conditional-GET state and the items it has seen.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from eventwatch.store.schema import Base, EventActorRow


class RuleRow(Base):
    __tablename__ = "rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    conditions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    notifiers: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class ClusterRow(Base):
    """A real-world event: the first report's key; counts over every report grouped in."""

    __tablename__ = "clusters"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    dyad: Mapped[str] = mapped_column(String(200), index=True)
    event_type: Mapped[str] = mapped_column(String(40))
    factuality: Mapped[str] = mapped_column(String(20))
    day: Mapped[date | None] = mapped_column(Date, index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    country: Mapped[str | None] = mapped_column(String(3))
    first_event_id: Mapped[str] = mapped_column(String(64))
    num_mentions: Mapped[int] = mapped_column(Integer, default=1)
    num_sources: Mapped[int] = mapped_column(Integer, default=1)
    num_articles: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class AlertRow(Base):
    __tablename__ = "alerts"
    __table_args__ = (UniqueConstraint("rule_id", "key", name="uq_alerts_rule_id_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("rules.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(200))  # the cluster id, or "spike:<dyad>:<period>"
    kind: Mapped[str] = mapped_column(String(20), default="event")  # event | spike
    cluster_id: Mapped[str | None] = mapped_column(String(64), index=True)
    event_id: Mapped[str | None] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    num_sources: Mapped[int] = mapped_column(Integer, default=1)
    fired_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class AlertSourceRow(Base):
    __tablename__ = "alert_sources"
    __table_args__ = (
        UniqueConstraint("alert_id", "event_id", name="uq_alert_sources_alert_id_event_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[str] = mapped_column(String(64))
    article_id: Mapped[str] = mapped_column(String(64))
    source: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(Text)
    sentence: Mapped[str] = mapped_column(Text, default="")
    added_at: Mapped[datetime] = mapped_column(DateTime)


class OutboxRow(Base):
    """One notification to deliver: status pending -> sending -> sent | dead."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    alert_id: Mapped[int | None] = mapped_column(Integer, index=True)
    notifier: Mapped[dict[str, Any]] = mapped_column(JSON)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)


class DeadLetterRow(Base):
    __tablename__ = "dead_letters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    outbox_id: Mapped[int] = mapped_column(Integer, index=True)
    alert_id: Mapped[int | None] = mapped_column(Integer)
    notifier: Mapped[dict[str, Any]] = mapped_column(JSON)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer)
    error: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ApiKeyRow(Base):
    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    prefix: Mapped[str] = mapped_column(String(16), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    scope: Mapped[str] = mapped_column(String(10), default="write", server_default="write")


# the REST API filters events by an actor's country with a correlated look-up per event:
# without (event_id, country) SQLite walks every actor of that country for each event
Index(
    "ix_event_actors_event_id_country",
    EventActorRow.__table__.c.event_id,
    EventActorRow.__table__.c.country,
)


class WatchPendingRow(Base):
    """An article whose events were stored but not yet grouped and tested against the rules."""

    __tablename__ = "watch_pending"

    article_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class FeedStateRow(Base):
    __tablename__ = "feed_state"

    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    last_polled_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_status: Mapped[str | None] = mapped_column(String(40))
    last_error: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(Integer, default=0)


class FeedItemRow(Base):
    __tablename__ = "feed_items"

    feed_url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    guid: Mapped[str] = mapped_column(String(2000), primary_key=True)
    article_id: Mapped[str | None] = mapped_column(String(64))
    seen_at: Mapped[datetime] = mapped_column(DateTime)
