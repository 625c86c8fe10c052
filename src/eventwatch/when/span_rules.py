"""The rules for amounts and repeats of time ("three years ago", "for two weeks", "every
Monday"), clock times, references ("now", "recently") and holidays."""

from __future__ import annotations

import re

from eventwatch.when import calendar as cal
from eventwatch.when.rule_helpers import (
    _CLOCK_BEFORE,
    _NUMERIC_BEFORE,
    RuleBase,
    _cap,
    _date,
    _fmt_num,
    _month,
    _num,
    _singular,
)
from eventwatch.when.spans import Context, Norm


class SpanRules(RuleBase):
    """Rules for durations, sets, clock times, references and holidays."""

    def r_ago(self, m: re.Match[str], ctx: Context) -> Norm | None:
        word = " ".join(m["num"].lower().split())
        unit = _singular(m["u"])
        n = _num(word, self.lex)
        if word.startswith(("half ", "a quarter ")):  # "half a century ago": 50 years
            n = (0.5 if word.startswith("half") else 0.25) * self.lex.unit_multiplier.get(unit, 1)
            unit = "year" if unit in ("decade", "century") else unit
        letter, is_time = self.lex.units[unit]
        sign = -1 if m["dir"].lower() in ("ago", "earlier", "before") else 1
        if n is None or n != int(n):
            return Norm("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", "ref")
        if is_time:  # "two hours later": a stretch of time after another event
            return Norm("DURATION", self._period(n, unit), "duration")
        if ctx.anchor is None:
            return None
        k = int(n) * self.lex.unit_multiplier.get(unit, 1)
        d = cal.shift(ctx.anchor, sign * k, letter)
        if letter in ("D", "W"):
            return Norm("DATE", _date(d), "day")
        if letter in ("M", "Q"):
            return Norm("DATE", _month(d.year, d.month), "month")
        return Norm("DATE", f"{d.year:04d}", "year")

    def ago_measure(self, parts: dict[str, str | None]) -> str | None:
        """The length an "ago" match counts ("two years ago": `P2Y`), as ISO-TimeML values
        the measure of an anchored duration; None when the unit is not known."""
        word = " ".join((parts.get("num") or "").lower().split())
        unit = _singular(parts.get("u") or "")
        if unit not in self.lex.units:
            return None
        n = _num(word, self.lex)
        if word.startswith(("half ", "a quarter ")):
            n = (0.5 if word.startswith("half") else 0.25) * self.lex.unit_multiplier.get(unit, 1)
            unit = "year" if unit in ("decade", "century") else unit
        return self._period(n, unit)

    def r_duration(self, m: re.Match[str], ctx: Context) -> Norm | None:
        gd = m.groupdict()
        word = m["num"].lower()
        unit = _singular(m["u"])
        before = ctx.text[max(0, m.start() - 16): m.start()]
        if word in ("a", "an") and not gd.get("rel") and _NUMERIC_BEFORE.search(before):
            letter, is_time = self.lex.units[unit]
            return Norm("SET", f"P{'T' if is_time else ''}1{letter}", "set")
        if word in ("a", "an") and m.group("u") and \
                ctx.text[m.end("u"): m.end("u") + 1].lower() == "s":
            return None  # "a months-long siege": the article of the noun, not one month
        if word in ("a", "an", "one") and unit in ("second", "quarter") and not gd.get("rel"):
            return None  # "a second time", "about a quarter of": an ordinal, a fraction
        if word in ("a", "an", "one") and unit == "day" and re.match(
                r"\s+(?:when|(?:will|would|may|might|must)\s+come)\b", ctx.text[m.end(): m.end() + 16]):
            return None  # "a day when ...": a point, not a length (r_indef)
        if unit == "quarter" and re.search(r"\w-quarters?$", m.group()):
            return None  # "a three-quarter majority"
        if unit == "hour" and re.fullmatch(r"[01]\d[0-5]\d|2[0-3][0-5]\d", word) and (
                word[0] == "0" or _CLOCK_BEFORE.search(before)):
            return None  # "at 1500 hours", "0400 hours": a clock time
        if re.fullmatch(r"\d+(?:\.\d+)?", word) and ctx.entity(m.start(), m.end()) == "MONEY":
            return None
        n = _num(word, self.lex)
        if n is not None and gd.get("half"):
            n += 0.5
        return Norm("DURATION", self._period(n, unit), "duration")

    def _period(self, n: float | None, unit: str) -> str:
        letter, is_time = self.lex.units[unit]
        mult = self.lex.unit_multiplier.get(unit, 1)
        if unit in ("decade", "century") and n is None:
            amount, letter = "X", "DE" if unit == "decade" else "CE"
        else:
            amount = "X" if n is None else _fmt_num(n * mult)
        return f"P{'T' if is_time else ''}{amount}{letter}"

    def r_halfdur(self, m: re.Match[str], ctx: Context) -> Norm | None:
        return Norm("DURATION", self._period(0.5, _singular(m["u"])), "duration")

    def r_plural(self, m: re.Match[str], ctx: Context) -> Norm | None:
        word = (m["u"] or m["u2"] or m["u3"] or m["u4"]).lower()
        unit = word[:-3] + "y" if word.endswith("ies") else word[:-1]
        return Norm("DURATION", self._period(None, unit), "duration")

    def r_setword(self, m: re.Match[str], ctx: Context) -> Norm | None:
        return Norm("SET", self.lex.sets[m["w"].lower()], "set")

    def r_every(self, m: re.Match[str], ctx: Context) -> Norm | None:
        u = m["u"].lower()
        if u in self.lex.weekdays:
            return Norm("SET", f"XXXX-WXX-{self.lex.weekdays[u]}", "set")
        if u in self.lex.day_parts:
            return Norm("SET", f"T{self.lex.day_parts[u]}", "set")
        n = _num(m["num"], self.lex) if m["num"] else 1.0
        return Norm("SET", self._period(n, u), "set")

    def _day_for_time(self, m: re.Match[str], ctx: Context) -> str:
        day_word = (m.groupdict().get("dw") or "").lower()
        a = ctx.anchor
        if a is None:
            return "XXXX-XX-XX"
        if day_word in ("yesterday", "tomorrow"):
            return _date(cal.shift(a, -1 if day_word == "yesterday" else 1, "D"))
        if day_word in self.lex.weekdays:
            return _date(cal.weekday_date(self.lex.weekdays[day_word], a, self._dir(m, ctx)))
        return _date(a)

    def r_time(self, m: re.Match[str], ctx: Context) -> Norm | None:
        if (m.groupdict().get("tz") or "").lower() in ("hours", "hrs") and m["h"][0] != "0" \
                and not _CLOCK_BEFORE.search(ctx.text[max(0, m.start() - 8): m.start()]):
            return None  # "2000 hours of video" is an amount; "at 1500 hours" a time
        h = int(m["h"])
        minute = int(m.groupdict().get("m") or 0)
        ap = (m.groupdict().get("ap") or "").lower()
        if ap == "p" and h < 12:
            h += 12
        elif ap == "a" and h == 12:
            h = 0
        tz = (m.groupdict().get("tz") or "").upper()
        zulu = "Z" if tz in ("UTC", "GMT", "Z") else ""
        return Norm("TIME", f"{self._day_for_time(m, ctx)}T{h:02d}:{minute:02d}{zulu}", "time")

    def r_noon(self, m: re.Match[str], ctx: Context) -> Norm | None:
        hh = "24:00" if m["w"].lower() == "midnight" else "12:00"
        return Norm("TIME", f"{self._day_for_time(m, ctx)}T{hh}", "time")

    def r_ref(self, m: re.Match[str], ctx: Context) -> Norm | None:
        w = " ".join(m["w"].lower().split())
        if w == "later" and re.match(r"\s+than\b", ctx.text[m.end(): m.end() + 6]):
            return None
        if w == "later" and re.search(r"\b(?:seconds|minutes|hours|days|weeks|months|years|"
                                      r"decades)\s+$", ctx.text[max(0, m.start() - 10): m.start()]):
            return None  # "hours later": relative to an event, not to now
        if w == "now" and re.match(r"-", ctx.text[m.end(): m.end() + 1]):
            return None
        return Norm("DATE", self.lex.references[w], "ref")

    def r_indef(self, m: re.Match[str], ctx: Context) -> Norm | None:
        """"a day when ...", "a time when ...", "the day will come": not a length of time but
        an unnamed point, before or after now as its clause tells (TimeML's PAST_REF and
        FUTURE_REF); in a condition ("if there ever came a day when") it lies ahead. With
        no tense to go by it is not marked."""
        clause = re.split(r"[,;:.!?\"“”]", ctx.text[max(0, m.start() - 60): m.start()])[-1]
        direction = self._dir(m, ctx)
        if re.search(r"\b(?:if|unless|until|should)\b", clause, re.I) or \
                re.match(r"\s+\w+\s+come\b", ctx.text[m.end(): m.end() + 20]):
            direction = 1
        if direction == 0:
            return None
        return Norm("DATE", "FUTURE_REF" if direction > 0 else "PAST_REF", "ref")

    def r_arrived(self, m: re.Match[str], ctx: Context) -> Norm | None:
        """"the day has come", "the time is here": the awaited point is now (PRESENT_REF),
        the present-tense side of "the day will come" (r_indef)."""
        return Norm("DATE", "PRESENT_REF", "ref")

    def r_holiday(self, m: re.Match[str], ctx: Context) -> Norm | None:
        if not _cap(m, "h"):
            return None
        mm, dd = self.lex.holidays[" ".join(m["h"].lower().split())]
        year = self._year_of(m)
        if year is None and ctx.anchor is not None:
            rel = (m["rel"] or "").lower()
            year = ctx.anchor.year + {"last": -1, "next": 1}.get(rel, 0)
            if not rel:
                year = cal.infer_year(mm, dd, ctx.anchor, self._dir(m, ctx))
        if year is None:
            return Norm("DATE", f"XXXX-{mm:02d}-{dd:02d}", "day")
        return Norm("DATE", f"{year:04d}-{mm:02d}-{dd:02d}", "day")
