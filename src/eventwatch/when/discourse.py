"""Time expressions read against their neighbours, after every rule has run.

- anaphora: "the same day", "the next day", "three days later", "the same month a year ago",
  "the following month", "the previous year", "two months later", "a year earlier", "that
  year" count from the day (month, year) mentioned last, when there is one;
- clock times written without a day take the day named nearest in their sentence;
- a day and a clock time written side by side ("Monday at 10 a.m.") become one TIME.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from eventwatch.dates import first_day
from eventwatch.when import calendar as cal
from eventwatch.when.spans import Context, Found, Norm


def read_in_context(found: list[Found], ctx: Context) -> list[Found]:
    """The found expressions (in text order) after the passes above."""
    resolve_anaphora(found, ctx)
    date_clock_times(found, ctx.text)
    return merge_date_time(found, ctx.text)


_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[A-Z\"“'‘(])|\n")


def _same_sentence(text: str, a: int, b: int) -> bool:
    lo, hi = min(a, b), max(a, b)
    return _SENTENCE_BREAK.search(text, lo, hi) is None


def resolve_anaphora(found: list[Found], ctx: Context) -> None:
    """"the same day", "the day", "the same month a year ago", "the entire year", "the year
    before": the day (month, year) mentioned last before them, when there is one, instead of
    the published date."""
    last: dict[str, Found] = {}
    for f in found:
        if f.rule in ("theday", "session") and "day" in last and not f.norm.value.startswith("X"):
            f.norm = Norm(f.norm.type, last["day"].norm.value + f.norm.value[10:],
                          f.norm.precision)
        elif _counts_from_last_day(f) and "day" in last and ctx.anchor is not None:
            step = (date.fromisoformat(f.norm.value) - ctx.anchor).days
            prev = date.fromisoformat(last["day"].norm.value[:10])
            f.norm = Norm("DATE", cal.shift(prev, step, "D").isoformat(), "day")
        elif f.rule == "same":
            prevs = [p for p in (last.get("month"), last.get("quarter")) if p is not None]
            prev = max(prevs, key=lambda p: p.start) if prevs else None
            if prev is not None and re.match(r"\d{4}", prev.norm.value):
                year = int(prev.norm.value[:4]) - 1
                f.norm = Norm("DATE", f"{year:04d}{prev.norm.value[4:]}", prev.norm.precision)
        elif f.rule == "theyear" and "year" in last:
            step = int(f.norm.value[:4]) - ctx.anchor.year if ctx.anchor else 0
            year = int(last["year"].norm.value[:4]) + step
            f.norm = Norm("DATE", f"{year:04d}", "year")
        else:
            counted = _counted_from_last(f, last, ctx.anchor)
            if counted is not None:
                f.norm = counted
        if f.norm.type == "DATE" and re.match(r"\d{4}", f.norm.value) \
                and f.rule not in ("theday", "same", "session", "theyear"):
            last["year"] = f
        if f.norm.type == "DATE" and f.norm.precision in ("day", "week", "month", "quarter") \
                and re.match(r"\d{4}", f.norm.value) \
                and f.rule not in ("theday", "same", "session"):
            if f.norm.precision == "day" and not re.fullmatch(r"\d{4}-\d\d-\d\d", f.norm.value):
                continue
            last[f.norm.precision] = f


def _counts_from_last_day(f: Found) -> bool:
    """"the next day", "three days later": counted from the day mentioned last."""
    if f.rule == "nextday":
        return True
    return f.rule == "ago" and f.norm.precision == "day" and \
        (f.parts.get("dir") or "").lower() in ("later", "earlier", "before")


# what an anaphoric week, month, quarter or year counts from: the last mention this fine
_REFERENCE = {"week": ("day", "week"), "month": ("day", "month"),
              "quarter": ("day", "month", "quarter"), "year": ("year",)}
_UNIT_LETTER = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}


def _anaphoric_unit(f: Found, anchor: date) -> tuple[str, int] | None:
    """(unit, step) when `f` counts from a time the text mentioned rather than from now: "the
    following month", "the previous year" (relunit); "two months later", "a year earlier"
    (ago); "that year", "that same month" (thatunit). Deictic "next month", "last year" and
    "two years ago" count from the published date and are not anaphoric."""
    parts = f.parts
    if f.rule == "relunit" and not parts.get("pos") and not parts.get("ea"):
        rel = (parts.get("rel") or "").lower().split()[-1]
        unit = (parts.get("u") or "").lower()
        if rel == "next" and f.norm.type == "DATE" and parts.get("rel", "").lower().startswith("the"):
            rel = "following"  # "The next year, they fell" (date_rules._told_date)
        if rel in ("following", "previous") and unit in _UNIT_LETTER:
            return unit, 1 if rel == "following" else -1
    if f.rule == "thatunit":
        return (parts.get("u") or parts.get("u2") or "").lower(), 0
    if f.rule == "ago" and (parts.get("dir") or "").lower() in ("later", "earlier", "before"):
        value = f.norm.value
        if f.norm.precision == "year" and re.fullmatch(r"\d{4}", value):
            return "year", int(value) - anchor.year
        if f.norm.precision == "month" and re.fullmatch(r"\d{4}-\d\d", value):
            return "month", (int(value[:4]) - anchor.year) * 12 + int(value[5:]) - anchor.month
    return None


def _counted_from_last(f: Found, last: dict[str, Found], anchor: date | None) -> Norm | None:
    """The value of an anaphoric week/month/quarter/year counted from the last time the text
    mentioned at least that finely ("in March 2019 ... the following month" -> 2019-04; "in
    2008 ... a year later" -> 2009), or None to keep the published date's reading."""
    if anchor is None or f.norm.type != "DATE":
        return None
    got = _anaphoric_unit(f, anchor)
    if got is None:
        return None
    unit, step = got
    refs = [last[p] for p in _REFERENCE.get(unit, ()) if p in last]
    if not refs:
        return None
    ref = max(refs, key=lambda r: r.start)
    start = first_day(ref.norm.value)
    if start is None:
        return None
    if ref.norm.precision == "week" and unit != "week":
        start += timedelta(days=3)  # a week's month is its Thursday's, as ISO 8601 counts
    d = cal.shift(start, step, _UNIT_LETTER[unit])
    if unit == "week":
        return Norm("DATE", cal.week_value(d), "week")
    if unit == "month":
        return Norm("DATE", f"{d.year:04d}-{d.month:02d}", "month")
    if unit == "quarter":
        return Norm("DATE", f"{d.year:04d}-Q{cal.quarter_of(d)}", "quarter")
    return Norm("DATE", f"{d.year:04d}", "year")


def date_clock_times(found: list[Found], text: str) -> None:
    """A clock time written without its day ("made its first flight Tuesday ... at 18:00 UTC")
    takes the day named nearest to it in its sentence, else keeps the published date."""
    days = [f for f in found if f.norm.type == "DATE" and f.norm.precision == "day"]
    for f in found:
        if f.rule not in ("time", "hour_ampm", "military", "noon") or f.parts.get("dw"):
            continue
        near = [d for d in days if _same_sentence(text, d.start, f.start)]
        if not near:
            continue
        day = min(near, key=lambda d: abs(d.start - f.start))
        clock = f.norm.value.split("T", 1)[1]
        f.norm = Norm("TIME", f"{day.norm.value}T{clock}", "time")


def merge_date_time(found: list[Found], text: str) -> list[Found]:
    """Join a day and a clock time written next to each other ("Monday at 10 a.m.",
    "June 3, 14:00 UTC") into one TIME expression on that day."""
    out: list[Found] = []
    for f in found:
        if out:
            prev = out[-1]
            gap = text[prev.end: f.start]
            if re.fullmatch(r"\s*(?:at|,\s*at|on)?\s*", gap):
                merged = _join(prev, f)
                if merged is not None:
                    out[-1] = merged
                    continue
        out.append(f)
    return out


def _join(a: Found, b: Found) -> Found | None:
    day, clock = (a, b) if a.norm.precision == "day" else (b, a)
    if day.norm.precision != "day" or clock.norm.type != "TIME" or "T" not in clock.norm.value:
        return None
    t = clock.norm.value.split("T", 1)[1]
    return Found(min(a.start, b.start), max(a.end, b.end),
                 Norm("TIME", f"{day.norm.value}T{t}", "time"), "merge")
