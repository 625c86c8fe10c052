"""What the time-expression rules pass around: a normalised value, a found span, a context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Norm:
    type: str  # DATE | TIME | DURATION | SET
    value: str
    precision: str


@dataclass
class Context:
    """What a rule may look at besides its match.

    `anchor`: the date relative expressions are resolved against (the published date), or None.
    `direction(start, end)`: tense of the clause holding the span: -1 past, +1 future, 0 unknown.
    `entity(start, end)`: the spaCy entity label covering the span, if any (a hint only).
    """

    text: str
    anchor: date | None
    direction: Callable[[int, int], int] = lambda s, e: 0
    entity: Callable[[int, int], str | None] = lambda s, e: None


@dataclass
class Found:
    start: int
    end: int
    norm: Norm
    rule: str = ""
    parts: dict[str, str | None] = field(default_factory=dict)
