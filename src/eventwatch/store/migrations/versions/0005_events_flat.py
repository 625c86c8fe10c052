"""The `events_flat` view: one row per event with its first source and target actor (name
and country), its place, and its article, for SQL tools that show tables (datasette, DuckDB,
a spreadsheet's SQL import). Plain SQL that SQLite and PostgreSQL both run.

Revision ID: 0005_events_flat
Revises: 0004_watch_reliability
Create Date: 2026-12-06 21:40:00
"""

from __future__ import annotations

from alembic import op

revision = "0005_events_flat"
down_revision = "0004_watch_reliability"
branch_labels = None
depends_on = None


def _first(role: str) -> str:
    """The id of the event's first actor in `role` (lowest position, then id)."""
    return (
        "(SELECT a.id FROM event_actors a WHERE a.event_id = e.id AND a.role = "
        f"'{role}' ORDER BY a.position, a.id LIMIT 1)"
    )


EVENTS_FLAT = f"""
CREATE VIEW events_flat AS
SELECT
    e.id AS event_id,
    e.article_id AS article_id,
    e.day AS day,
    e.event_type AS event_type,
    e.mode AS mode,
    e.factuality AS factuality,
    e.date_value AS date,
    e.date_precision AS date_precision,
    COALESCE(src.name, src.text) AS source_name,
    src.country AS source_country,
    src.sector AS source_sector,
    COALESCE(tgt.name, tgt.text) AS target_name,
    tgt.country AS target_country,
    tgt.sector AS target_sector,
    COALESCE(p.name, e.place_text) AS place,
    p.country AS place_country,
    p.lat AS lat,
    p.lon AS lon,
    p.geonames_id AS geonames_id,
    e.cameo AS cameo,
    e.quad_class AS quad_class,
    e.goldstein AS goldstein,
    e.confidence AS confidence,
    e.trigger AS trigger_word,
    e.sentence AS sentence,
    e.num_mentions AS num_mentions,
    e.num_sources AS num_sources,
    e.num_articles AS num_articles,
    e.cluster_id AS cluster_id,
    ar.title AS article_title,
    ar.url AS article_url,
    ar.source AS article_source,
    ar.published AS published
FROM events e
JOIN articles ar ON ar.id = e.article_id
LEFT JOIN event_actors src ON src.id = {_first("source")}
LEFT JOIN event_actors tgt ON tgt.id = {_first("target")}
LEFT JOIN places p ON p.id = e.place_id
"""


def upgrade() -> None:
    op.execute(EVENTS_FLAT)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS events_flat")
