"""API key scopes (read | write), the watch step's pending work (`watch_pending`), and an index
for the per-dyad aggregates (declared by the watch engine's schema module).

Revision ID: 0004_watch_reliability
Revises: 0003_stories
Create Date: 2026-12-06 20:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_watch_reliability"
down_revision = "0003_stories"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        # keys made before scopes existed could write: they keep that
        batch_op.add_column(
            sa.Column("scope", sa.String(length=10), nullable=False, server_default="write")
        )
    op.create_table(
        "watch_pending",
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_watch_pending")),
    )
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.create_index("ix_event_actors_event_id_country", ["event_id", "country"])


def downgrade() -> None:
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.drop_index("ix_event_actors_event_id_country")
    op.drop_table("watch_pending")
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_column("scope")
