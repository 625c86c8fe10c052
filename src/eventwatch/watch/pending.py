"""The watch step survives a crash: an article's commit records that its events await the
watch step (`watch_pending`, in the article's own transaction), the watch step removes the
record in its own transaction, and the next `ingest`, `poll` or `serve` finishes what a
process killed in between left undone.

    register(store)        # the store's article commits now write the record
    engine.finish_pending(store)  # group and test what a crash left (eventwatch.watch.engine)
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from eventwatch.records import Article
from eventwatch.store import Store
from eventwatch.watch.schema import WatchPendingRow

log = logging.getLogger(__name__)


def record_pending(s: Session, article: Article, event_ids: list[str]) -> None:
    """In the article's transaction: its events await the watch step."""
    if event_ids:
        now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        s.add(WatchPendingRow(article_id=article.id, created_at=now))


def register(store: Store) -> None:
    """Make `store.add_article` record pending watch work in each article's transaction."""
    writers = store.on_add_article
    if record_pending not in writers:
        writers.append(record_pending)


def pending_articles(store: Store) -> list[str]:
    with store.session() as s:
        return list(
            s.scalars(
                select(WatchPendingRow.article_id).order_by(
                    WatchPendingRow.created_at, WatchPendingRow.article_id
                )
            )
        )


def clear(store_or_session: Store | Session, article_ids: list[str]) -> None:
    """Drop the records of `article_ids` (in the given session, or a transaction of its own)."""
    args = {"ids": article_ids}
    if isinstance(store_or_session, Session):
        store_or_session.execute(_CLEAR, args)
        return
    with store_or_session.session() as s:
        s.execute(_CLEAR, args)


# built once (the watch step runs it for every article). Nothing to synchronise: the records
# are added by the articles' own transactions, never in a session that clears them (and the
# ORM's in-session evaluation reads a bound parameter's value as None)
_CLEAR = (
    delete(WatchPendingRow)
    .where(WatchPendingRow.article_id.in_(bindparam("ids", expanding=True)))
    .execution_options(synchronize_session=False)
)
