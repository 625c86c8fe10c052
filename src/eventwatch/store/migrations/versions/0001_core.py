"""Core tables: articles, places, events (with evidence and counts), event actors.

Revision ID: 0001_core
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_core"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("source", sa.String(200), nullable=True),
        sa.Column("origin", sa.Text(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
    )
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_source", "articles", ["source"])
    op.create_index("ix_articles_ingested_at", "articles", ["ingested_at"])

    op.create_table(
        "places",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("country", sa.String(8), nullable=True),
        sa.Column("admin1", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("geonames_id", sa.Integer(), nullable=True),
        sa.Column("feature", sa.String(20), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_places"),
        sa.UniqueConstraint("key", name="uq_places_key"),
    )
    op.create_index("ix_places_country", "places", ["country"])

    op.create_table(
        "events",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("article_id", sa.String(64), nullable=False),
        sa.Column("event_type", sa.String(40), nullable=False),
        sa.Column("mode", sa.String(40), nullable=True),
        sa.Column("factuality", sa.String(20), nullable=False),
        sa.Column("contexts", sa.JSON(), nullable=False),
        sa.Column("object", sa.JSON(), nullable=True),
        sa.Column("date_value", sa.String(40), nullable=True),
        sa.Column("date_precision", sa.String(20), nullable=True),
        sa.Column("date_type", sa.String(10), nullable=True),
        sa.Column("date_text", sa.Text(), nullable=True),
        sa.Column("date_start", sa.Integer(), nullable=True),
        sa.Column("date_end", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("place_text", sa.Text(), nullable=True),
        sa.Column("place_start", sa.Integer(), nullable=True),
        sa.Column("place_end", sa.Integer(), nullable=True),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("sentence_start", sa.Integer(), nullable=False),
        sa.Column("sentence_end", sa.Integer(), nullable=False),
        sa.Column("trigger", sa.Text(), nullable=False),
        sa.Column("trigger_start", sa.Integer(), nullable=True),
        sa.Column("trigger_end", sa.Integer(), nullable=True),
        sa.Column("cameo", sa.String(10), nullable=True),
        sa.Column("quad_class", sa.Integer(), nullable=True),
        sa.Column("goldstein", sa.Float(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("num_mentions", sa.Integer(), nullable=False),
        sa.Column("num_sources", sa.Integer(), nullable=False),
        sa.Column("num_articles", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name="fk_events_article_id_articles",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["place_id"], ["places.id"], name="fk_events_place_id_places"),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
    )
    op.create_index("ix_events_article_id", "events", ["article_id"])
    op.create_index("ix_events_event_type", "events", ["event_type"])
    op.create_index("ix_events_factuality", "events", ["factuality"])
    op.create_index("ix_events_day", "events", ["day"])
    op.create_index("ix_events_place_id", "events", ["place_id"])
    op.create_index("ix_events_cluster_id", "events", ["cluster_id"])

    op.create_table(
        "event_actors",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("country", sa.String(8), nullable=True),
        sa.Column("sector", sa.String(40), nullable=True),
        sa.Column("kind", sa.String(20), nullable=True),
        sa.Column("sectors", sa.JSON(), nullable=False),
        sa.Column("actor_role", sa.Text(), nullable=True),
        sa.Column("kb_id", sa.String(64), nullable=True),
        sa.Column("start_char", sa.Integer(), nullable=True),
        sa.Column("end_char", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name="fk_event_actors_event_id_events",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_event_actors"),
    )
    op.create_index("ix_event_actors_event_id", "event_actors", ["event_id"])
    op.create_index("ix_event_actors_country", "event_actors", ["country"])


def downgrade() -> None:
    op.drop_table("event_actors")
    op.drop_table("events")
    op.drop_table("places")
    op.drop_table("articles")
