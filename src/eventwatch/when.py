"""When: time expressions normalised against the article's date, and event dates.

Public entry points:
- `find_times(text, published)` -> list of `{start, end, text, type, value}`
- `times_in_doc(doc, published)` -> list[TimeValue]
- `event_date(doc, trigger, times, factuality, published)` -> TimeValue | None

STUB: the when-and-where issue replaces this.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from eventwatch.records import TimeValue

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def find_times(text: str, published: date | str | None = None) -> list[dict[str, Any]]:
    return []


def times_in_doc(doc: Doc, published: date | None) -> list[TimeValue]:
    return []


def event_date(
    doc: Doc, trigger: Token, times: list[TimeValue], factuality: str, published: date | None
) -> TimeValue | None:
    return None
