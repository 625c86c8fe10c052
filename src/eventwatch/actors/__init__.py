"""Actors: every mention resolved to who it is, on the article's date.

Public entry points:
- `resolve_actor(text, date=None, context=None)` -> dict | None
- `DocActors(doc, published)`: per-document resolver with coreference;
  `.actor_for(span, on=None)` -> Actor | None
"""

from __future__ import annotations

from datetime import date as Date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from eventwatch.records import Actor


def resolve_actor(text: str, date: Date | str | None = None, context: str | None = None) -> dict[str, Any] | None:
    """`{name, kind, country, sector, sectors, role, kb_id}` for a mention, or None.

    STUB: the actors issue replaces this with the knowledge-base resolver.
    """
    return None


class DocActors:
    """Resolves actor mentions within one document (titles, short forms, coreference).

    STUB: the actors issue replaces this.
    """

    def __init__(self, doc: Doc, published: Date | None = None) -> None:
        self.doc = doc
        self.published = published

    def actor_for(self, span: Span, on: Date | None = None) -> Actor | None:
        """The actor `span` refers to, as of date `on` (default: the published date)."""
        return None
