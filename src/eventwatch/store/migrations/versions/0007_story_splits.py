"""Revisable stories: `story_articles.vector` (an article's weighted vectors, kept while its
story is small enough to be re-examined) and `story_splits` (every split, recorded as merges
are).

Revision ID: 0007_story_splits
Revises: 0006_actor_country_from
Create Date: 2026-12-07 05:25:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_story_splits"
down_revision = "0006_actor_country_from"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("story_articles", sa.Column("vector", sa.JSON(), nullable=True))
    op.create_table(
        "story_splits",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("story_id", sa.String(length=64), nullable=False),
        sa.Column("split_id", sa.String(length=64), nullable=False),
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("moved", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("split_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story_splits")),
    )
    with op.batch_alter_table("story_splits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_splits_split_id"), ["split_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_story_splits_story_id"), ["story_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("story_splits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_splits_story_id"))
        batch_op.drop_index(batch_op.f("ix_story_splits_split_id"))
    op.drop_table("story_splits")
    with op.batch_alter_table("story_articles", schema=None) as batch_op:
        batch_op.drop_column("vector")
