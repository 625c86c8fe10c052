"""The coded event record: what the coder finds in a parsed doc, before the pipeline resolves
its spans to actors, dates and places."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

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
