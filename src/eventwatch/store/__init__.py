"""The event store: SQLAlchemy schema, shipped Alembic migrations, queries and exports.

    store = open_store("events.db")          # or a URL; runs migrations on open
    store.add_article(article, events)       # one transaction per article
    store.list_events(EventFilter(country="PRK"), limit=50)

Nothing here knows spaCy: the store reads and writes `eventwatch.records` dataclasses.
"""

from eventwatch.store.query import ArticleFilter, EventFilter, StoredEvent
from eventwatch.store.store import Store, open_store, resolve_url

__all__ = ["ArticleFilter", "EventFilter", "Store", "StoredEvent", "open_store", "resolve_url"]
