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


def _events_flat_sql() -> str:
    """The `events_flat` view's SQL, from the migration that made it (a view over
    event_actors must be dropped while SQLite rebuilds that table, then made again)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).with_name("0005_events_flat.py")
    spec = importlib.util.spec_from_file_location("eventwatch_migration_0005", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.EVENTS_FLAT)


def upgrade() -> None:
    # a plain ADD COLUMN: no table rebuild, so the view over event_actors stays valid
    op.add_column("event_actors", sa.Column("country_from", sa.String(length=10), nullable=True))


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS events_flat")
    with op.batch_alter_table("event_actors", schema=None) as batch_op:
        batch_op.drop_column("country_from")
    op.execute(_events_flat_sql())
