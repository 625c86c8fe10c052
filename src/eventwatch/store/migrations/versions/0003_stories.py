"""Story tables: stories, story_articles, story_keys, story_terms, story_merges,
story_clusters (declared in eventwatch.stories.schema).

Revision ID: 0003_stories
Revises: 0002_watch
Create Date: 2026-12-06 20:52:31.087493
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_stories"
down_revision = "0002_watch"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("first_article_id", sa.String(length=64), nullable=False),
        sa.Column("merged_into", sa.String(length=64), nullable=True),
        sa.Column("first_day", sa.Date(), nullable=True),
        sa.Column("last_day", sa.Date(), nullable=True),
        sa.Column("num_articles", sa.Integer(), nullable=False),
        sa.Column("num_sources", sa.Integer(), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stories")),
    )
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stories_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_stories_last_day"), ["last_day"], unique=False)
        batch_op.create_index(batch_op.f("ix_stories_merged_into"), ["merged_into"], unique=False)
        batch_op.create_index(batch_op.f("ix_stories_updated_at"), ["updated_at"], unique=False)

    op.create_table(
        "story_clusters",
        sa.Column("cluster_id", sa.String(length=64), nullable=False),
        sa.Column("story_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("cluster_id", name=op.f("pk_story_clusters")),
    )
    with op.batch_alter_table("story_clusters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_clusters_story_id"), ["story_id"], unique=False)

    op.create_table(
        "story_keys",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("story_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("seen", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("key", "story_id", name=op.f("pk_story_keys")),
    )
    with op.batch_alter_table("story_keys", schema=None) as batch_op:
        batch_op.create_index("ix_story_keys_key_day", ["key", "day"], unique=False)
        batch_op.create_index("ix_story_keys_key_seen", ["key", "seen"], unique=False)
        batch_op.create_index(batch_op.f("ix_story_keys_story_id"), ["story_id"], unique=False)

    op.create_table(
        "story_merges",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("story_id", sa.String(length=64), nullable=False),
        sa.Column("merged_id", sa.String(length=64), nullable=False),
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("merged_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story_merges")),
    )
    with op.batch_alter_table("story_merges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_merges_merged_id"), ["merged_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_story_merges_story_id"), ["story_id"], unique=False)

    op.create_table(
        "story_terms",
        sa.Column("term", sa.String(length=120), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term", name=op.f("pk_story_terms")),
    )
    op.create_table(
        "story_articles",
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("story_id", sa.String(length=64), nullable=False),
        sa.Column("outlet", sa.String(length=200), nullable=False),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_story_articles_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_story_articles")),
    )
    with op.batch_alter_table("story_articles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_articles_story_id"), ["story_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("story_articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_articles_story_id"))

    op.drop_table("story_articles")
    op.drop_table("story_terms")
    with op.batch_alter_table("story_merges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_merges_story_id"))
        batch_op.drop_index(batch_op.f("ix_story_merges_merged_id"))

    op.drop_table("story_merges")
    with op.batch_alter_table("story_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_keys_story_id"))
        batch_op.drop_index("ix_story_keys_key_seen")
        batch_op.drop_index("ix_story_keys_key_day")

    op.drop_table("story_keys")
    with op.batch_alter_table("story_clusters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_clusters_story_id"))

    op.drop_table("story_clusters")
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stories_updated_at"))
        batch_op.drop_index(batch_op.f("ix_stories_merged_into"))
        batch_op.drop_index(batch_op.f("ix_stories_last_day"))
        batch_op.drop_index(batch_op.f("ix_stories_created_at"))

    op.drop_table("stories")
