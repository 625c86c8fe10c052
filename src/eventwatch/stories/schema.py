"""Story tables, declared on the store's shared `Base` (migration 0003_stories).

- `stories`: one real-world happening and what its reports say about it (`state`: the
  centroids and counts the scorer compares an arriving article with); a story merged into
  another keeps its row with `merged_into` set.
- `story_articles`: the story of every stored article, with the score that put it there.
- `story_keys`: the blocking index: (key, story) with the latest known day and stored day.
- `story_terms`: document frequencies of words and names (row `#docs`: articles counted).
- `story_merges`: every merge, with the article that bridged the two stories.
- `story_splits`: every split (a story whose reports fell into two groups), with the article
  whose arrival led to it (0007_story_splits, with `story_articles.vector`).
- `story_clusters`: the story of each event cluster (clusters of the watch engine).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eventwatch.store.schema import Base


class StoryRow(Base):
    __tablename__ = "stories"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    first_article_id: Mapped[str] = mapped_column(String(64))
    merged_into: Mapped[str | None] = mapped_column(String(64), index=True)
    first_day: Mapped[date | None] = mapped_column(Date)
    last_day: Mapped[date | None] = mapped_column(Date, index=True)
    num_articles: Mapped[int] = mapped_column(Integer, default=0)
    num_sources: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class StoryArticleRow(Base):
    __tablename__ = "story_articles"

    article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    story_id: Mapped[str] = mapped_column(String(64), index=True)
    outlet: Mapped[str] = mapped_column(String(200), default="")
    day: Mapped[date | None] = mapped_column(Date)
    score: Mapped[float | None] = mapped_column(Float)
    assigned_at: Mapped[datetime] = mapped_column(DateTime)
    # the article's weighted vectors, kept while its story is small enough to be re-examined
    # (stories/split.py; migration 0007_story_splits)
    vector: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class StoryKeyRow(Base):
    __tablename__ = "story_keys"
    __table_args__ = (
        Index("ix_story_keys_key_day", "key", "day"),
        Index("ix_story_keys_key_seen", "key", "seen"),
    )

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    story_id: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    day: Mapped[date | None] = mapped_column(Date)
    seen: Mapped[date] = mapped_column(Date)


class StoryTermRow(Base):
    __tablename__ = "story_terms"

    term: Mapped[str] = mapped_column(String(120), primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0)


class StoryMergeRow(Base):
    __tablename__ = "story_merges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    story_id: Mapped[str] = mapped_column(String(64), index=True)  # the story kept
    merged_id: Mapped[str] = mapped_column(String(64), index=True)  # the story merged into it
    article_id: Mapped[str] = mapped_column(String(64))  # the article that bridged them
    score: Mapped[float] = mapped_column(Float)
    merged_at: Mapped[datetime] = mapped_column(DateTime)


class StorySplitRow(Base):
    __tablename__ = "story_splits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    story_id: Mapped[str] = mapped_column(String(64), index=True)  # the story split
    split_id: Mapped[str] = mapped_column(String(64), index=True)  # the story split off it
    article_id: Mapped[str] = mapped_column(String(64))  # the article whose arrival split it
    moved: Mapped[int] = mapped_column(Integer)  # reports moved to the new story
    score: Mapped[float] = mapped_column(Float)  # the split threshold the groups fell under
    split_at: Mapped[datetime] = mapped_column(DateTime)


class StoryClusterRow(Base):
    __tablename__ = "story_clusters"

    cluster_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    story_id: Mapped[str] = mapped_column(String(64), index=True)
