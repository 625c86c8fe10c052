"""When: time expressions normalised against the article's date, and event dates.

Public entry points:
- `find_times(text, published)` -> list of `{start, end, text, type, value}`
- `times_in_doc(doc, published)` -> list[TimeValue]
- `event_date(doc, trigger, times, factuality, published)` -> TimeValue | None

The finding is rule-based (`grammar`, words in data/when/lexicon.yaml); the parse supplies the
tense that resolves "in October" and the links between an event and its time (`link`).
"""

from __future__ import annotations

from eventwatch.when.find import find_times, times_in_doc
from eventwatch.when.link import event_date

__all__ = ["event_date", "find_times", "times_in_doc"]
