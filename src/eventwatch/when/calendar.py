"""Calendar arithmetic for TIMEX3 values: shifting by units, ISO weeks, choosing the year.

`direction` is the tense of the clause a time expression sits in: -1 past, +1 future, 0 not
known. It decides which October "in October" means and which Monday "on Monday" means.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta


def shift_months(d: date, months: int) -> date:
    """`d` moved by whole months, the day clipped to the target month's length."""
    idx = d.year * 12 + (d.month - 1) + months
    year, month = divmod(idx, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def week_value(d: date) -> str:
    """The ISO week of a day as a TIMEX3 value, e.g. `2013-W12`."""
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def infer_year(month: int, day: int | None, anchor: date, direction: int) -> int:
    """The year of a month (and day) written without one: the anchor's year, moved forward
    for a future-tense mention that lies before the anchor, back for a past-tense one after."""
    year = anchor.year
    here = (month, day or 0)
    now = (anchor.month, anchor.day if day else 0)
    if direction > 0 and here < now:
        return year + 1
    if direction < 0 and here > now:
        return year - 1
    if direction == 0:  # no tense to go by: the nearest such month (or day)
        return _nearest_year(anchor, lambda y: _months_between(anchor, y, month))
    return year


def infer_quarter_year(q: int, anchor: date, direction: int) -> int:
    """The year of "the fourth quarter" written without one (same rule as months)."""
    now = quarter_of(anchor)
    if direction > 0 and q < now:
        return anchor.year + 1
    if direction < 0 and q > now:
        return anchor.year - 1
    if direction == 0:
        return _nearest_year(anchor, lambda y: _months_between(anchor, y, 3 * q - 1))
    return anchor.year


def _months_between(anchor: date, year: int, month: int) -> int:
    """Signed months from the anchor's month to (year, month): positive lies ahead."""
    return (year * 12 + month) - (anchor.year * 12 + anchor.month)


FUTURE_WEIGHT = 1.5  # news reports the past more than it announces the future


def _nearest_year(anchor: date, offset: Callable[[int], int]) -> int:
    """Of the anchor's year and its neighbours, the one whose month lies nearest the anchor,
    a month ahead counting as 1.5 months behind (ties go to the anchor's year)."""

    def weighted(y: int) -> float:
        d = offset(y)
        return d * FUTURE_WEIGHT if d > 0 else -d

    return min((anchor.year, anchor.year - 1, anchor.year + 1), key=weighted)
def weekday_date(weekday: int, anchor: date, direction: int, strict: bool = False) -> date:
    """The day called `weekday` (ISO, Monday=1) nearest the anchor in the tense's direction:
    on or before the anchor for past or unknown tense, on or after it for future tense.
    `strict` excludes the anchor itself ("last Monday", "next Monday")."""
    delta = weekday - anchor.isoweekday()
    if direction > 0:
        ahead = delta % 7
        if ahead == 0 and strict:
            ahead = 7
        return anchor + timedelta(days=ahead)
    back = (-delta) % 7
    if back == 0 and strict:
        back = 7
    return anchor - timedelta(days=back)


def shift(anchor: date, n: int, unit: str) -> date:
    """The anchor moved by n units (D, W, M, Q, Y)."""
    if unit == "D":
        return anchor + timedelta(days=n)
    if unit == "W":
        return anchor + timedelta(weeks=n)
    if unit == "M":
        return shift_months(anchor, n)
    if unit == "Q":
        return shift_months(anchor, 3 * n)
    if unit == "Y":
        return shift_months(anchor, 12 * n)
    raise ValueError(unit)
