"""The rules for calendar dates and relative dates: ISO and numeric dates, days, months, years,
decades, centuries, quarters, halves, seasons, weekdays and "last week", "the same day"."""

from __future__ import annotations

import calendar
import re
from datetime import date

from eventwatch.when import calendar as cal
from eventwatch.when.rule_helpers import (
    _REL_STEP,
    _UNIT_PREC,
    RuleBase,
    _after_name,
    _cap,
    _date,
    _month,
    _month_context,
)
from eventwatch.when.spans import Context, Norm

# "today's" before a proper name that ends its noun phrase ("today's Russia is ...", "today's
# GM.") or before a word for an era's world or people: the present, not the day
_NOWADAYS = re.compile(
    r"\s?['’]s\s+(?:(?:[A-Z][\w&.-]*\s+){0,2}[A-Z][\w&-]*(?=\s*(?:[,.;:!?)'\"’”]|$|"
    r"(?:is|was|are|were|has|had|and|or|that|which|who|with|in|of)\b))|"
    r"(?:world|society|youth|young people|generation|children|kids|era|age)\b)"
)


# entity labels under which a weekday is part of a name
_NAME_LABELS = frozenset({"EVENT", "ORG", "WORK_OF_ART", "FAC", "PRODUCT", "LAW"})

_DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                 "seventies": 7, "eighties": 8, "nineties": 9}


class DateRules(RuleBase):
    """Rules that normalise a match to a DATE (or a TIME of day)."""

    # -- rules -----------------------------------------------------------------------------

    def r_iso(self, m: re.Match[str], ctx: Context) -> Norm | None:
        try:
            d = date(int(m["year"]), int(m["mon"]), int(m["day"]))
        except ValueError:
            return None
        return Norm("DATE", _date(d), "day")

    def r_slash(self, m: re.Match[str], ctx: Context) -> Norm | None:
        a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
        if y < 100:
            y += 2000 if y <= 50 else 1900
        month, day = (a, b) if a <= 12 else (b, a)  # month first, as US-style news writes it
        try:
            return Norm("DATE", _date(date(y, month, day)), "day")
        except ValueError:
            return None

    def r_day(self, m: re.Match[str], ctx: Context) -> Norm | None:
        if not _cap(m, "mon"):
            return None
        month, day = self._mon(m["mon"]), int(m["day"])
        year = self._year_of(m)
        if year is None and ctx.anchor is not None:
            year = cal.infer_year(month, day, ctx.anchor, self._dir(m, ctx))
        if year is None:
            return Norm("DATE", f"XXXX-{month:02d}-{day:02d}", "day")
        try:
            return Norm("DATE", _date(date(year, month, day)), "day")
        except ValueError:
            return None

    def r_monyear(self, m: re.Match[str], ctx: Context) -> Norm | None:
        if not _cap(m, "mon"):
            return None
        return Norm("DATE", _month(int(m["year"]), self._mon(m["mon"])), "month")

    def r_weekof(self, m: re.Match[str], ctx: Context) -> Norm | None:
        """"the first week of March": the ISO week holding the middle of the month's first
        seven days (the 4th; the second week's the 11th ...; the last week's, the middle of
        its last seven days); "the first/last day of March": that day. The month's year as
        for a month alone."""
        if not _cap(m, "mon"):
            return None
        month = self._mon(m["mon"])
        year = self._year_of(m)
        if year is None and ctx.anchor is not None:
            year = cal.infer_year(month, None, ctx.anchor, self._dir(m, ctx))
        word = m["ord"].lower()
        last = word in ("last", "final")
        day_unit = m["u"].lower() == "day"
        if year is None:
            return None
        length = calendar.monthrange(year, month)[1]
        if day_unit:
            if word not in ("first", "1st", "last", "final"):
                return None
            return Norm("DATE", _date(date(year, month, length if last else 1)), "day")
        k = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
             "fourth": 4, "4th": 4}.get(word, 0)
        mid = length - 3 if last else 7 * k - 3
        return Norm("DATE", cal.week_value(date(year, month, mid)), "week")

    def r_monrel(self, m: re.Match[str], ctx: Context) -> Norm | None:
        if not _cap(m, "mon"):
            return None
        month = self._mon(m["mon"])
        if ctx.anchor is None:
            return Norm("DATE", _month(None, month), "month")
        year = ctx.anchor.year + _REL_STEP[m["rel"].lower().split()[-1]]
        return Norm("DATE", _month(year, month), "month")

    def r_month(self, m: re.Match[str], ctx: Context) -> Norm | None:
        if not _cap(m, "mon"):
            return None
        month = self._mon(m["mon"])
        if month == 5 and not (m["mod"] or m["rel"]) and not _month_context(ctx.text, m.start()):
            return None  # "May" opening a sentence is more often the modal verb
        if not (m["mod"] or m["rel"]) and _after_name(ctx.text, m.start()):
            return None  # "the Long March", "Black September", "Theresa May"
        if ctx.anchor is None:
            return Norm("DATE", _month(None, month), "month")
        rel = (m["rel"] or "").lower()
        if rel in ("last", "past"):
            direction = -1
        elif rel in ("next", "coming"):
            direction = 1
        elif rel == "this":
            direction = 0
        else:
            direction = self._dir(m, ctx)
        year = cal.infer_year(month, None, ctx.anchor, direction)
        if rel in ("last", "past") and (month, 0) >= (ctx.anchor.month, 0):
            year = ctx.anchor.year - 1
        if rel in ("next", "coming") and month <= ctx.anchor.month:
            year = ctx.anchor.year + 1
        return Norm("DATE", _month(year, month), "month")

    def r_year(self, m: re.Match[str], ctx: Context) -> Norm | None:
        label = ctx.entity(m.start("year"), m.end("year"))
        if label in ("CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORDINAL", "PRODUCT", "ORG",
                     "FAC", "WORK_OF_ART", "LAW"):
            return None
        if not m["mod"] and not m["fy"] and _after_name(ctx.text, m.start()) and \
                re.match(r"[ \t]+[A-Z]", ctx.text[m.end(): m.end() + 2]):
            return None  # "the Russell 2000 Index": a name
        after = ctx.text[m.end(): m.end() + 12].lower()
        if re.match(r"\s+(?:people|persons|employees|workers|jobs|units|pieces|votes|troops|"
                    r"soldiers|cars|vehicles|points|shares|tonnes|tons|barrels|aircraft|"
                    r"planes|jets|homes|houses|times)\b", after):
            return None
        if m["fy"]:
            return Norm("DATE", f"FY{m['year']}", "year")
        return Norm("DATE", m["year"], "year")

    def r_fiscal(self, m: re.Match[str], ctx: Context) -> Norm | None:
        """A fiscal year, named (as TIMEX3 does) by the calendar year it ends in: "the 2023
        fiscal year", "fiscal 2022-23", "financial year 2022/23", "FY23" -> FY2023."""
        if m["y0"]:
            return Norm("DATE", f"FY{m['y0']}", "year")
        if m["y1"]:
            start, end = int(m["y1"]), m["y2"]
            if end is None:
                return Norm("DATE", f"FY{start}", "year")
            year = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
            return Norm("DATE", f"FY{year}", "year") if year == start + 1 else None
        last = int(m["yy2"] or m["yy"])
        return Norm("DATE", f"FY{2000 + last if last <= 60 else 1900 + last}", "year")

    def r_yy(self, m: re.Match[str], ctx: Context) -> Norm | None:
        yy = int(m["yy"])
        now = ctx.anchor.year % 100 if ctx.anchor else 30
        century = 2000 if yy <= now + 1 else 1900
        return Norm("DATE", str(century + yy), "year")

    def r_decade(self, m: re.Match[str], ctx: Context) -> Norm | None:
        before = ctx.text[max(0, m.start() - 12): m.start()].lower()
        if not m["c"] and re.search(r"\b(?:his|her|their|its|my|our|your)\s+$", before):
            return None  # "in their 40s": an age
        if m["c"]:
            if m["d"] == "0":  # "the 1800s": the century, as news uses it
                return Norm("DATE", m["c"], "century")
            return Norm("DATE", f"{m['c']}{m['d']}", "decade")
        d = int(m["d2"]) if m["d2"] else _DECADE_WORDS[m["dw"].lower()]
        now = ctx.anchor.year % 100 if ctx.anchor else 30
        century = "20" if d * 10 <= now else "19"
        return Norm("DATE", f"{century}{d}", "decade")

    def r_century(self, m: re.Match[str], ctx: Context) -> Norm | None:
        word = m["ord"].lower()
        n = self.lex.ordinals.get(word)
        if n is None:
            digits = re.match(r"\d+", word)
            n = int(digits.group()) if digits else None
        if not n:
            return None
        return Norm("DATE", f"{n - 1:02d}", "century")

    def r_quarter(self, m: re.Match[str], ctx: Context) -> Norm | None:
        word = m["ord"].lower()
        num = {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4}.get(word) or self.lex.ordinals.get(word)
        if num is not None and num > 4:
            return None
        year = self._year_of(m)
        rel = (m["rel"] or "").lower()
        a = ctx.anchor
        if year is None and rel and a is not None:
            year = a.year + _REL_STEP.get(rel, 0)
        if num is None:  # final, last, next, current ...
            if word in ("final", "last") and (year is not None or rel):
                num = 4
            elif a is None:
                return Norm("DATE", "XXXX-QX", "quarter")
            else:
                step = {"last": -1, "past": -1, "previous": -1, "latest": -1, "final": -1,
                        "next": 1, "coming": 1}.get(word, 0)
                d = cal.shift(a, step, "Q")
                return Norm("DATE", f"{d.year:04d}-Q{cal.quarter_of(d)}", "quarter")
        if year is None:
            if a is None:
                return Norm("DATE", f"XXXX-Q{num}", "quarter")
            year = cal.infer_quarter_year(num, a, self._dir(m, ctx))
        return Norm("DATE", f"{year:04d}-Q{num}", "quarter")

    def r_q(self, m: re.Match[str], ctx: Context) -> Norm | None:
        year = self._year_of(m)
        q = int(m["q"])
        if year is None:
            if ctx.anchor is None:
                return Norm("DATE", f"XXXX-Q{q}", "quarter")
            year = cal.infer_quarter_year(q, ctx.anchor, self._dir(m, ctx))
        return Norm("DATE", f"{year:04d}-Q{q}", "quarter")

    def r_half(self, m: re.Match[str], ctx: Context) -> Norm | None:
        year = self._year_of(m)
        if year is None:
            if ctx.anchor is None:
                return Norm("DATE", f"XXXX-H{1 if m['ord'].lower() == 'first' else 2}", "quarter")
            year = ctx.anchor.year + _REL_STEP.get(m["rel"].lower(), 0)
        return Norm("DATE", f"{year:04d}-H{1 if m['ord'].lower() == 'first' else 2}", "quarter")

    def r_season(self, m: re.Match[str], ctx: Context) -> Norm | None:
        code = self.lex.seasons[m["s"].lower()]
        rel = (m["rel"] or "").lower()
        year = self._year_of(m)
        if m["s"].lower() == "fall" and not (year or rel in ("this", "last", "next", "the")):
            return None
        if not rel and year is None and _after_name(ctx.text, m.start()):
            return None  # "the Arab Spring", "Prague Spring"
        if year is None:
            a = ctx.anchor
            if a is None:
                return Norm("DATE", f"XXXX-{code}", "season")
            year = a.year + {"last": -1, "next": 1}.get(rel, 0)
            if rel in ("", "the", "early", "late", "mid"):
                year = a.year + self._season_step(code, a, self._dir(m, ctx))
        return Norm("DATE", f"{year:04d}-{code}", "season")

    @staticmethod
    def _season_step(code: str, anchor: date, direction: int) -> int:
        """A spring, summer or autumn written without a year, as the tense reads it: one not
        yet begun in a past-tense clause is last year's ("exports rose in the summer", said
        in April), one already over in a future-tense clause is next year's. Winter spans
        the turn of the year and stays the anchor's."""
        first = {"SP": 3, "SU": 6, "FA": 9}.get(code)
        if first is None:
            return 0
        if direction < 0 and first > anchor.month:
            return -1
        if direction > 0 and first + 2 < anchor.month:
            return 1
        return 0

    def r_relday(self, m: re.Match[str], ctx: Context) -> Norm | None:
        w = " ".join(m["w"].lower().split())
        offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
                  "the day before yesterday": -2, "the day after tomorrow": 2}[w]
        part = m["part"] or ("night" if w == "tonight" else None)
        if w == "today" and not part and _NOWADAYS.match(ctx.text, m.end()):
            return Norm("DATE", "PRESENT_REF", "ref")  # TimeML: "today" meaning "nowadays"
        day = "XXXX-XX-XX" if ctx.anchor is None else _date(cal.shift(ctx.anchor, offset, "D"))
        if part:
            return Norm("TIME", f"{day}T{self.lex.day_parts[part.lower()]}", "time")
        return Norm("DATE", day, "day")

    def r_partday(self, m: re.Match[str], ctx: Context) -> Norm | None:
        rel = m["rel"].lower()
        part = m["part"].lower()
        offset = {"this": 0, "yesterday": -1, "tomorrow": 1, "last": -1}[rel]
        if rel == "last" and part != "night":
            return None
        day = _date(cal.shift(ctx.anchor, offset, "D")) if ctx.anchor else "XXXX-XX-XX"
        return Norm("TIME", f"{day}T{self.lex.day_parts[part]}", "time")

    def r_weekday(self, m: re.Match[str], ctx: Context) -> Norm | None:
        if not _cap(m, "wd"):
            return None
        wd = self.lex.weekdays[m["wd"].lower()]
        rel = (m["rel"] or "").lower()
        if not rel and ctx.entity(m.start("wd"), m.end("wd")) in _NAME_LABELS:
            return None  # "Black Monday", "Bloody Sunday": a named day, not the last Monday
        if ctx.anchor is None:
            day = f"XXXX-WXX-{wd}"
        else:
            if rel in ("last", "past"):
                d = cal.weekday_date(wd, ctx.anchor, -1, strict=True)
            elif rel in ("next", "coming"):
                d = cal.weekday_date(wd, ctx.anchor, 1, strict=True)
            else:
                d = cal.weekday_date(wd, ctx.anchor, self._dir(m, ctx))
            day = _date(d)
        if m["part"]:
            return Norm("TIME", f"{day}T{self.lex.day_parts[m['part'].lower()]}", "time")
        return Norm("DATE", day, "day")

    def r_relunit(self, m: re.Match[str], ctx: Context) -> Norm | None:
        words = m["rel"].lower().split()
        rel = "last" if words[:2] == ["this", "past"] else words[-1]  # "this past week"
        the = words[0] == "the"
        unit = m["u"].lower()
        step = _REL_STEP[rel]
        letter = {"week": "W", "weekend": "W", "month": "M", "year": "Y", "quarter": "Q",
                  "decade": "DE", "century": "CE"}[unit]
        if the and rel == "next" and unit != "weekend" and self._told_date(m, ctx):
            rel = "following"  # "In 2008 prices peaked. The next year, they fell.": 2009
        if (rel == "past" or (the and rel == "next")) and unit != "weekend":
            n = {"DE": 10, "CE": 100}.get(letter, 1)
            code = "Y" if letter in ("DE", "CE") else letter
            return Norm("DURATION", f"P{n}{code}", "duration")
        a = ctx.anchor
        if a is None:
            xs = {"W": "XXXX-WXX", "M": "XXXX-XX", "Y": "XXXX", "Q": "XXXX-QX", "DE": "XXX",
                  "CE": "XX"}[letter]
            return Norm("DATE", xs + ("-WE" if unit == "weekend" else ""), _UNIT_PREC[unit])
        if letter == "W":
            d = cal.shift(a, step, "W")
            return Norm("DATE", cal.week_value(d) + ("-WE" if unit == "weekend" else ""), "week")
        if letter == "M":
            d = cal.shift(a, step, "M")
            return Norm("DATE", _month(d.year, d.month), "month")
        if letter == "Q":
            d = cal.shift(a, step, "Q")
            return Norm("DATE", f"{d.year:04d}-Q{cal.quarter_of(d)}", "quarter")
        if letter == "Y":
            return Norm("DATE", f"{a.year + step:04d}", "year")
        if letter == "DE":
            return Norm("DATE", f"{a.year // 10 + step:03d}", "decade")
        return Norm("DATE", f"{a.year // 100 + step:02d}", "century")

    @staticmethod
    def _told_date(m: re.Match[str], ctx: Context) -> bool:
        """Is "the next year" a date after the one told before, not the coming twelve months?
        It opens its clause (no "over", "in", "for" ... before it) in a past-tense clause."""
        before = ctx.text[max(0, m.start() - 12): m.start()]
        opens = not before.strip() or re.search(r"(?:[.;:!?,]|\band|\bbut|\bthen)\s*$", before)
        return bool(opens) and ctx.direction(m.start(), m.end()) < 0

    def r_ofthe(self, m: re.Match[str], ctx: Context) -> Norm | None:
        a = ctx.anchor
        unit = (m.groupdict().get("u") or m.groupdict().get("u2") or "").lower()
        if a is None:
            return Norm("DATE", {"week": "XXXX-WXX", "month": "XXXX-XX", "year": "XXXX"}[unit],
                        unit)
        if unit == "week":
            return Norm("DATE", cal.week_value(a), "week")
        if unit == "month":
            return Norm("DATE", _month(a.year, a.month), "month")
        return Norm("DATE", f"{a.year:04d}", "year")

    def r_weekend(self, m: re.Match[str], ctx: Context) -> Norm | None:
        a = ctx.anchor
        if a is None:
            return Norm("DATE", "XXXX-WXX-WE", "week")
        direction = self._dir(m, ctx)
        d = a if direction > 0 or a.isoweekday() >= 6 else cal.shift(a, -7, "D")
        return Norm("DATE", cal.week_value(d) + "-WE", "week")

    def r_same(self, m: re.Match[str], ctx: Context) -> Norm | None:
        if ctx.anchor is None:
            return None
        d = cal.shift(ctx.anchor, -1, "Y")
        unit = m["u"].lower()
        if unit in ("month", "period"):
            return Norm("DATE", _month(d.year, d.month), "month")
        if unit == "quarter":
            return Norm("DATE", f"{d.year:04d}-Q{cal.quarter_of(d)}", "quarter")
        if unit == "week":
            return Norm("DATE", cal.week_value(d), "week")
        return Norm("DATE", _date(d), "day")

    def r_theday(self, m: re.Match[str], ctx: Context) -> Norm | None:
        before = ctx.text[max(0, m.start() - 14): m.start()].lower()
        words = m.group().lower().split()
        if not m["pos"] and "same" not in words and "that" not in words and not re.search(
                r"\b(?:end|ended|ending|ends|finish|finished|finishing|close|closed|closing|for|"
                r"on|during|throughout|of)\s+$", before):
            return None
        day = "XXXX-XX-XX" if ctx.anchor is None else _date(ctx.anchor)
        if m["u"].lower() == "night":
            return Norm("TIME", f"{day}TNI", "time")
        return Norm("DATE", day, "day")  # an earlier day, if any: discourse

    def r_theyear(self, m: re.Match[str], ctx: Context) -> Norm | None:
        if ctx.anchor is None:
            return Norm("DATE", "XXXX", "year")
        ba = (m["ba"] or "").lower()
        step = -1 if ba in ("before", "previous", "earlier") else (1 if ba else 0)
        # counted from the year mentioned last, if any: discourse
        return Norm("DATE", f"{ctx.anchor.year + step:04d}", "year")

    def r_thatunit(self, m: re.Match[str], ctx: Context) -> Norm | None:
        """"that year", "that same month", "the same week": the unit of the time mentioned
        last (discourse); the published date's when the text has mentioned none."""
        return self.r_ofthe(m, ctx)

    def r_session(self, m: re.Match[str], ctx: Context) -> Norm | None:
        day = "XXXX-XX-XX" if ctx.anchor is None else _date(ctx.anchor)
        # of the day mentioned last, if any: discourse
        return Norm("TIME", f"{day}T{self.lex.day_parts[m['part'].lower()]}", "time")

    def r_nextday(self, m: re.Match[str], ctx: Context) -> Norm | None:
        if ctx.anchor is None:
            return Norm("DATE", "XXXX-XX-XX", "day")
        step = -1 if (m["rel"] or "").lower() in ("previous", "preceding") or \
            (m["ba"] or "").lower() == "before" else 1
        # against the published date here; against the day mentioned last: _resolve_anaphora
        return Norm("DATE", _date(cal.shift(ctx.anchor, step, "D")), "day")
