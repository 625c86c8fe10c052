"""`event_actors.country_from`: "article" when an actor's country is the article's home
country (a domestic minister the text never calls Canadian), not one the text or the
knowledge base gives; null otherwise.

Revision ID: 0006_actor_country_from
Revises: 0005_events_flat
Create Date: 2026-12-06 23:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_actor_country_from"
down_revision = "0005_events_flat"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.add_column(sa.Column("country_from", sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.drop_column("country_from")
