"""Event coding: candidates from the parse, event type, mode, context, factuality, CAMEO.

Public entry points:
- `code_doc(doc, actor_of=None)` -> list[CodedEvent]: every event in a parsed document.
- `code_pair(sentence, source, target)` -> dict: the event type of one marked dyad.

Coding knows nothing of the knowledge base or the store: arguments come back as spaCy spans,
and the pipeline resolves them to actors, dates and places.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from eventwatch.records import Actor


@dataclass
class CodedEvent:
    """One event found in a parsed doc, before actors/dates/places are resolved."""

    trigger: Token
    event_type: str
    sentence: Span
    source: list[Span] = field(default_factory=list)
    target: list[Span] = field(default_factory=list)
    object: Span | None = None
    reporter: Span | None = None
    factuality: str = "realized"
    mode: str | None = None
    contexts: list[str] = field(default_factory=list)
    cameo: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    confidence: float = 0.5  # calibrated probability that event_type is right (coding/calibration.py)
    extra: dict[str, Any] = field(default_factory=dict)


ActorOf = Callable[["Span"], "Actor | None"]


def code_doc(doc: Doc, actor_of: ActorOf | None = None) -> list[CodedEvent]:
    """All events in `doc`. `actor_of` tells whether a span names an actor (or None)."""
    from eventwatch.coding.coder import code_doc as _code_doc

    return _code_doc(doc, actor_of)


def code_pair(sentence: str, source: str, target: str) -> dict[str, Any]:
    """Type, quad class, mode, factuality and confidence (the calibrated probability that the
    type is right) for the dyad source -> target."""
    from eventwatch.coding.coder import code_pair as _code_pair

    return _code_pair(sentence, source, target)
