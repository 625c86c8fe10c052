"""eventwatch: news in, coded political events out, offline.

The public Python API. The CLI, REST API and web UI are thin faces over these functions.
"""

from __future__ import annotations

from typing import Any

from eventwatch.records import Actor, Article, Event, Evidence, Place, TimeValue

__version__ = "0.1.0"

__all__ = [
    "Actor", "Article", "Event", "Evidence", "Place", "TimeValue",
    "extract", "code_pair", "resolve_actor", "find_times", "find_places", "open_store",
]


def extract(article: Article | str, published: Any = None, resources: Any = None) -> list[Event]:
    """Code one article (or text) into events without storing it. `resources`: an
    `eventwatch.resources.Resources` holding another knowledge base, gazetteer or model
    (default: the process's own)."""
    from eventwatch.pipeline import extract as _extract

    return _extract(article, published, resources)


def code_pair(sentence: str, source: str, target: str) -> dict[str, Any]:
    """Event type, quad class, mode, factuality and confidence of one marked dyad."""
    from eventwatch.coding import code_pair as _code_pair

    return _code_pair(sentence, source, target)


def resolve_actor(text: str, date: Any = None, context: str | None = None) -> dict[str, Any] | None:
    """Who a mention is on a date: `{name, kind, country, sector, role, kb_id}`, or None."""
    from eventwatch.actors import resolve_actor as _resolve

    return _resolve(text, date=date, context=context)


def find_times(text: str, published: Any = None) -> list[dict[str, Any]]:
    """Time expressions in text, normalised against the published date."""
    from eventwatch.when import find_times as _find_times

    return _find_times(text, published)


def find_places(text: str) -> list[dict[str, Any]]:
    """Toponyms in text, resolved to places with coordinates."""
    from eventwatch.where import find_places as _find_places

    return _find_places(text)


def open_store(url: str | None = None) -> Any:
    """The event store at `url` (an SQLAlchemy URL or a SQLite path; default ./eventwatch.db)."""
    from eventwatch.store import open_store as _open_store

    return _open_store(url)
