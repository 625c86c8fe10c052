"""One way to read a calendar date from text, wherever a date is read: CLI flags, records,
HTML metadata, feeds and the Python API.

`parse_date` takes ISO 8601 (`2023-09-13`, `2023-09-13T08:00:00+09:00`), RFC 2822 as every
RSS feed writes it (`Wed, 13 Sep 2023 08:00:00 +0900`), and the other common forms
(`13 September 2023`, `Sep 13, 2023`, `2023/09/13`), through python-dateutil. A date-time
gives its own calendar day (the zone as written, not converted). Anything it cannot read
confidently is a ValueError that quotes the value: no guess at `13/09` without a year, nor
at `04/09/2023`, which is April in one country and September in another (`13/09/2023` is
read: only one reading exists).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from dateutil import parser as _parser

_HAS_YEAR = re.compile(r"\b\d{4}\b|^\d{8}$")
# 04/09/2023 is April 9 in New York and 4 September in London: refused, not guessed
_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}$")


def parse_date(value: str | date | datetime) -> date:
    """The calendar day `value` names; ValueError naming the value when it names none."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text or not _HAS_YEAR.search(text):
        raise ValueError(f"not a date with a year: {value!r}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    numeric = _NUMERIC.match(text)
    if numeric and int(numeric[1]) <= 12 and int(numeric[2]) <= 12 and numeric[1] != numeric[2]:
        raise ValueError(f"ambiguous date, day or month first: {value!r}")
    try:
        return _parser.parse(text, fuzzy=False, default=datetime(2000, 1, 1)).date()
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"not a date: {value!r}") from exc


def parse_date_or_none(value: str | date | datetime | None) -> date | None:
    """`parse_date`, or None for a missing or unreadable value (metadata that may be junk)."""
    if value is None or value == "":
        return None
    try:
        return parse_date(value)
    except ValueError:
        return None


_SEASON_MONTH = {"SP": 3, "SU": 6, "FA": 9, "AU": 9, "WI": 12}


def first_day(value: str | None) -> date | None:
    """The first day a TIMEX3 value can mean: `2000-07` -> 2000-07-01, `2023-W36` -> its
    Monday (`2023-W36-WE` its Saturday), `2023-Q3` and `2023-H2` -> 2023-07-01, `2023-SU`
    -> 2023-06-01, a decade `199` -> 1990-01-01, a century `18` -> 1800-01-01; None for a
    value with no year (`XXXX-10`, `PRESENT_REF`), a fiscal year (`FY2023`: where it starts
    varies) or a duration."""
    if not value:
        return None
    parts = value.split("-")
    head = parts[0]
    try:
        if re.fullmatch(r"\d{2,3}", head) and len(parts) == 1:  # a century or a decade
            return date(int(head) * (100 if len(head) == 2 else 10), 1, 1)
        if not re.fullmatch(r"\d{4}", head):
            return None
        y = int(head)
        rest = parts[1] if len(parts) > 1 else ""
        if rest[:1] == "W" and rest[1:].isdigit():  # a week, or its weekend (`-WE`)
            return date.fromisocalendar(y, int(rest[1:]), 6 if parts[2:] == ["WE"] else 1)
        if rest[:1] in ("Q", "H") and rest[1:].isdigit():
            return date(y, (3 if rest[0] == "Q" else 6) * int(rest[1:]) - (2 if rest[0] == "Q" else 5), 1)
        if rest in _SEASON_MONTH:
            return date(y, _SEASON_MONTH[rest], 1)
        m = int(rest) if rest.isdigit() else 1
        d = int(parts[2][:2]) if len(parts) > 2 and parts[2][:2].isdigit() else 1
        return date(y, m, d)
    except ValueError:
        return None
