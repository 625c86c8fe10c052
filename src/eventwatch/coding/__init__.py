"""Event coding: candidates from the parse, event type, mode, context, factuality, CAMEO.

Public entry points:
- `code_doc(doc, actor_of=None)` -> list[CodedEvent]: every event in a parsed document.
- `code_pair(sentence, source, target)` -> dict: the event type of one marked dyad.

Coding knows nothing of the knowledge base or the store: arguments come back as spaCy spans,
and the pipeline resolves them to actors, dates and places.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eventwatch.coding.event import ActorOf, CodedEvent

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["ActorOf", "CodedEvent", "code_doc", "code_pair"]


def code_doc(doc: Doc, actor_of: ActorOf | None = None) -> list[CodedEvent]:
    """All events in `doc`. `actor_of` tells whether a span names an actor (or None)."""
    from eventwatch.coding.coder import code_doc as _code_doc

    return _code_doc(doc, actor_of)


def code_pair(sentence: str, source: str, target: str) -> dict[str, Any]:
    """Type, quad class, mode, factuality and confidence (the calibrated probability that the
    type is right) for the dyad source -> target."""
    from eventwatch.coding.coder import code_pair as _code_pair

    return _code_pair(sentence, source, target)
