"""The patterns of English time expressions, each with the rule that normalises it.

`scan(text, ctx)` runs every rule over the text and keeps the longest non-overlapping
matches; each rule turns its regex match into a `Norm` (TIMEX3 type, value, precision)
against the context's anchor date and the tense of the clause (`Context.direction`), or
rejects it (returns None). Words come from the lexicon (data/when/lexicon.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache

from eventwatch.when import calendar as cal
from eventwatch.when.discourse import read_in_context
from eventwatch.when.lexicon import Lexicon, load
from eventwatch.when.spans import Context, Found, Norm

__all__ = ["Context", "Found", "Grammar", "Norm", "grammar"]


Handler = Callable[[re.Match[str], Context], Norm | None]

_CAPITALISED = re.compile(r"[A-Z]")
_CLOCK_BEFORE = re.compile(r"\b(?:at|by|until|till|from|before|after|around|about|since)\s+$",
                           re.I)
_NUMERIC_BEFORE = re.compile(r"(?:\d|illion|thousand|hundred|times|once|twice|cents?|dollars?|"
                             r"euros?|pounds?|yen|%)\s*$", re.I)


def _alt(words: list[str] | tuple[str, ...] | dict) -> str:
    """A regex alternation of words, longest first, spaces matching any whitespace."""
    items = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


def _cap(m: re.Match[str], group: str) -> bool:
    """Is the named group's word written with a capital (month and day names are)?"""
    word = m.group(group)
    return bool(word) and bool(_CAPITALISED.match(word))


def _num(word: str, lex: Lexicon) -> float | None:
    """The value of a number written in digits or words ("18", "2.5", "twenty-five",
    "two hundred"); None for vague quantities ("several")."""
    w = word.lower().replace(",", "").strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return float(w)
    total = 0.0
    current = 0.0
    for part in re.split(r"[\s-]+", w):
        if part == "and":
            continue
        if part not in lex.numbers:
            return None
        val = lex.numbers[part]
        if val == 100:
            current = (current or 1) * 100
        else:
            current += val
    total += current
    return total or None


def _singular(unit: str) -> str:
    """A unit word as the lexicon keys it: "Centuries" -> "century", "days" -> "day"."""
    u = unit.lower()
    if u.endswith("ies"):
        return u[:-3] + "y"
    return u[:-1] if u.endswith("s") else u


def _fmt_num(n: float) -> str:
    return str(int(n)) if n == int(n) else f"{n:g}"


def _date(d: date) -> str:
    return d.isoformat()


def _month(y: int | None, m: int) -> str:
    return f"{y:04d}-{m:02d}" if y is not None else f"XXXX-{m:02d}"


_REL_STEP = {"this": 0, "current": 0, "same": 0, "last": -1, "previous": -1, "past": -1,
             "next": 1, "coming": 1, "following": 1}


class Grammar:
    """The rules, compiled once from the lexicon."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        full_months = [m for m in lex.months if len(m) > 4 or m in ("may", "june", "july")]
        abbr = [m for m in lex.months if m not in full_months]
        mon = f"(?:{_alt(full_months)}|(?:{_alt(abbr)})\\.?)"
        mon_full = f"(?:{_alt(full_months)})"
        wd = f"(?:{_alt(lex.weekdays)})"
        dn = r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
        y4 = r"(?P<year>1[5-9]\d\d|20\d\d)"
        numw = _alt([w for w in lex.numbers if w not in ("a", "an")])
        num = (rf"(?:\d+(?:\.\d+)?|(?:{numw})(?:[\s-]+(?:and\s+)?(?:{numw}))*|an?|"
               rf"{_alt(lex.vague_numbers)})")
        unit_words = sorted(lex.units, key=len, reverse=True)
        unit = "|".join(unit_words).replace("century", "century|centuries")
        unit_pl = rf"(?P<u>{unit})s?"
        ords = _alt(lex.ordinals)
        parts = _alt(lex.day_parts)
        mod = r"(?:(?P<mod>early|mid|late|the\s+(?:beginning|start|end|middle|rest)\s+of)[\s-]+)?"
        self.rules: list[tuple[str, re.Pattern[str], Handler]] = []
        add = self._add
        add("iso", r"\b(?P<year>\d{4})-(?P<mon>0[1-9]|1[0-2])-(?P<day>[0-2]\d|3[01])\b",
            self.r_iso)
        add("slash", r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])",
            self.r_slash)
        add("mdy", rf"\b(?:(?P<wd>{wd}),?\s+)?(?P<mon>{mon})\s+{dn}\b(?!\s*[:%])"
            rf"(?:\s*,?\s*{y4}\b)?", self.r_day)
        add("dmy", rf"\b(?:(?P<wd>{wd}),?\s+)?(?:the\s+)?{dn}\s+(?:of\s+)?(?P<mon>{mon})(?!\w)"
            rf"(?:\s*,?\s*{y4}\b)?", self.r_day)
        add("monyear", rf"\b{mod}(?P<mon>{mon})\s*,?\s*(?:of\s+)?{y4}\b", self.r_monyear)
        add("monrel", rf"\b{mod}(?P<mon>{mon_full})\s+(?:of\s+)?(?P<rel>this|last|next|the\s+"
            r"following|the\s+previous)\s+year\b", self.r_monrel)
        add("month", rf"\b{mod}(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<mon>{mon_full})\b",
            self.r_month)
        add("year", rf"(?<![\$£€\d.,/'-])\b{mod}(?:(?P<fy>fiscal(?:\s+year)?|FY)\s*)?{y4}\b"
            r"(?![-/.,]?\d)(?!\s*%)", self.r_year)
        add("yy", r"\b(?:in|since|of|from|to|until|by|before|after|and|early|late|mid|"
            r"summer|spring|autumn|fall|winter)\s+(?P<x>['’](?P<yy>\d\d))\b(?!s)", self.r_yy)
        add("decade", r"\b(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?"
            r"(?:(?P<c>1[5-9]|20)(?P<d>\d)0s|['’]?(?P<d2>\d)0s)\b", self.r_decade)
        add("century", rf"\b(?:the\s+)?(?P<ord>{ords}|\d{{1,2}}(?:st|nd|rd|th))[\s-]+century\b",
            self.r_century)
        add("quarter", rf"\b(?:the\s+)?(?:(?:fiscal|financial)\s+)?(?P<ord>{ords}|final|last|past|"
            r"previous|current|next|coming|latest|1st|2nd|3rd|4th)(?:[\s-]+(?:fiscal|financial))?"
            r"[\s-]+quarter\b(?:\s+(?:of\s+)?(?:(?:the\s+)?(?P<rel>this|last|next|previous|"
            rf"current)\s+year|(?:fiscal\s+)?{y4}\b))?", self.r_quarter)
        add("q", rf"\b(?P<fy>(?:fiscal\s+)?)Q(?P<q>[1-4])\b(?:\s*{y4}\b)?", self.r_q)
        add("half", rf"\b(?:the\s+)?(?P<ord>first|second)\s+half\s+(?:of\s+)?(?:(?:the\s+)?"
            rf"(?P<rel>this|last|next)\s+year|{y4}\b)", self.r_half)
        add("season", rf"\b(?:(?P<rel>this|last|next|early|late|mid|the)[\s-]+)?"
            rf"(?P<s>{_alt(lex.seasons)})\b(?:\s+(?:of\s+)?{y4}\b)?", self.r_season)
        add("relday", r"\b(?:(?P<pre>earlier|later|late|early)\s+)?(?P<w>today|tonight|yesterday|"
            r"tomorrow|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)"
            rf"(?:\s+(?P<part>{parts}))?\b", self.r_relday)
        add("partday", rf"\b(?P<rel>this|last|yesterday|tomorrow)\s+(?P<part>{parts})\b",
            self.r_partday)
        add("weekday", rf"\b(?:(?P<rel>last|next|this|coming|past)\s+)?(?P<wd>{wd})(?!\w)"
            rf"(?:\s+(?P<part>{parts}))?", self.r_weekday)
        add("relunit", r"\b(?:(?P<pos>the\s+(?:beginning|start|end|middle|rest|remainder)\s+of)\s+|"
            r"(?P<ea>earlier|later|early|late)\s+)?(?P<rel>this|last|next|past|previous|coming|"
            r"following|current|the\s+(?:past|last|previous|coming|next|following|current))\s+"
            r"(?P<u>week|weekend|month|year|decade|century|quarter)\b", self.r_relunit)
        add("ofthe", r"\b(?:the\s+(?:beginning|start|end|middle|rest|remainder)\s+of|(?:earlier|"
            r"later|early|late)\s+in)\s+the\s+(?P<u>week|month|year)\b", self.r_ofthe)
        add("weekend", r"\b(?:over|during|at|on|for)\s+(?P<x>the\s+weekend)\b", self.r_weekend)
        add("same", r"\bthe\s+same\s+(?P<u>period|month|quarter|week|day|time)\s+(?:of\s+)?"
            r"(?:last\s+year|a\s+year\s+(?:ago|earlier|before)|the\s+(?:previous|last)\s+year)\b",
            self.r_same)
        add("theday", r"\b(?:(?P<pos>(?:late|early|later|earlier)\s+in|the\s+(?:start|beginning|"
            r"end|rest)\s+of)\s+)?(?:the\s+same|that\s+same|that|the)\s+(?P<u>day|night)\b"
            r"(?!\s+(?:when|that|of|he|she|they|it|we)\b)", self.r_theday)
        add("theyear", r"\bthe\s+(?:(?P<same>entire|whole|full|same)\s+year|year\s+(?P<ba>before|"
            r"previous|earlier|after|later))\b", self.r_theyear)
        add("session", rf"\b(?:in|during)\s+(?P<x>(?:early\s+|late\s+)?(?P<part>{parts}))\s+"
            r"(?:trading|trade|deals|session|hours)\b", self.r_session)
        add("nextday", r"\b(?:the\s+(?P<rel>next|following|previous|preceding)\s+(?:day|morning)|"
            r"the\s+day\s+(?P<ba>before|after)(?=\s*[,.;:)]|\s*$))\b", self.r_nextday)
        add("ago", rf"\b(?P<num>{num})[\s-]+{unit_pl}\s+(?P<dir>ago|earlier|before|later|"
            r"from\s+now|hence)\b(?!\s+(?:than|that|when))", self.r_ago)
        add("duration", r"\b(?:(?P<rel>the\s+(?:past|last|next|first|coming|previous|following|"
            r"final|latest))\s+)?(?:(?P<approx>almost|nearly|about|around|roughly|approximately|"
            r"more\s+than|less\s+than|over|under|at\s+least|up\s+to|some|just|only)\s+)?"
            rf"(?P<num>{num})(?P<half>\s+and\s+a\s+half)?(?:\s+(?:more|straight|consecutive|full|"
            r"trading|business|working|long|whole|successive|additional|calendar))*[\s-]+"
            rf"{unit_pl}\b(?:[\s-]+long\b)?(?![\s-]+old\b)", self.r_duration)
        add("numrange", rf"\b(?P<num>{num})(?=\s*(?:and|or|to|-|–)\s*(?:{num})[\s-]+{unit_pl}\b)",
            self.r_duration)
        add("halfdur", rf"\bhalf\s+(?:an?\s+)?(?P<u>{unit})\b", self.r_halfdur)
        add("plural", r"\b(?P<pre>(?:in\s+)?recent|the\s+past|the\s+last|over\s+the)\s+"
            r"(?P<u>years|months|weeks|days|decades|hours|minutes)\b|"
            r"\b(?P<u2>years|months|weeks|decades|centuries)(?=[\s-]+(?:long|old)\b|\s+of\b|"
            r"\s+ago\b)|\b(?:in|for|within|after|just|only)\s+(?P<x>(?P<u3>years|months|weeks|"
            r"decades|hours|minutes))\b(?!\s+of\b)", self.r_plural)
        add("setword", rf"\b(?P<w>{_alt(lex.sets)})\b", self.r_setword)
        add("every", rf"\b(?:every|each|per)\s+(?:(?P<num>{num})\s+)?(?P<u>{unit}|{wd}|{parts})"
            r"s?\b", self.r_every)
        add("time", r"(?<![\d:.])(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?::[0-5]\d)?"
            r"(?:\s*(?P<ap>[ap])\.?\s?m\b\.?)?" + _TZ + _DAYTAIL.format(wd=wd), self.r_time)
        add("hour_ampm", r"(?<![\d:.])\b(?P<h>1[0-2]|0?[1-9])\s*(?P<ap>[ap])\.?\s?m\b\.?"
            + _TZ + _DAYTAIL.format(wd=wd), self.r_time)
        add("military", r"(?<![\d:.])\b(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\s*(?P<tz>UTC|GMT|hours|"
            r"hrs)\b" + _DAYTAIL.format(wd=wd), self.r_time)
        add("noon", r"\b(?P<w>noon|midday|midnight)\b" + _DAYTAIL.format(wd=wd), self.r_noon)
        add("ref", rf"\b(?P<w>{_alt(lex.references)})(?![\w-])", self.r_ref)
        add("holiday", rf"\b(?:(?P<rel>this|last|next)\s+)?(?P<h>{_alt(lex.holidays)})\b"
            rf"(?:\s+{y4}\b)?", self.r_holiday)

    def _add(self, name: str, pattern: str, handler: Handler) -> None:
        self.rules.append((name, re.compile(pattern, re.I), handler))

    # -- scanning -------------------------------------------------------------------------

    def scan(self, ctx: Context) -> list[Found]:
        """Every time expression in ctx.text: the longest non-overlapping rule matches."""
        cands: list[tuple[int, int, int, str, re.Match[str], Handler]] = []
        lines = [(ln.start(), ln.end()) for ln in re.finditer(r"[^\n]+", ctx.text)]
        for order, (name, rx, handler) in enumerate(self.rules):
            for m in (m for lo, hi in lines for m in rx.finditer(ctx.text, lo, hi)):
                # a rule may name the expression itself `x` inside the words that license it
                start, end = m.span("x") if m.groupdict().get("x") else m.span()
                if end > start:
                    cands.append((start, end, order, name, m, handler))
        cands.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
        taken: list[Found] = []
        for start, end, _, name, m, handler in cands:
            if any(start < f.end and f.start < end for f in taken):
                continue
            norm = handler(m, ctx)
            if norm is None:
                continue
            taken.append(Found(start, end, norm, name, m.groupdict()))
        taken.sort(key=lambda f: f.start)
        return read_in_context(taken, ctx)

    # -- helpers ---------------------------------------------------------------------------

    def _mon(self, word: str) -> int:
        return self.lex.months[word.lower().rstrip(".")]

    def _dir(self, m: re.Match[str], ctx: Context) -> int:
        return ctx.direction(m.start(), m.end())

    @staticmethod
    def _year_of(m: re.Match[str]) -> int | None:
        y = m.groupdict().get("year")
        return int(y) if y else None

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
            return Norm("DATE", f"{m['c']}{m['d']}", "decade")
        d = int(m["d2"])
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
                year = a.year
        return Norm("DATE", f"{year:04d}-{code}", "season")

    def r_relday(self, m: re.Match[str], ctx: Context) -> Norm | None:
        w = " ".join(m["w"].lower().split())
        offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1,
                  "the day before yesterday": -2, "the day after tomorrow": 2}[w]
        part = m["part"] or ("night" if w == "tonight" else None)
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
        rel = m["rel"].lower().split()[-1]
        the = m["rel"].lower().startswith("the")
        unit = m["u"].lower()
        step = _REL_STEP[rel]
        letter = {"week": "W", "weekend": "W", "month": "M", "year": "Y", "quarter": "Q",
                  "decade": "DE", "century": "CE"}[unit]
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

    def r_ofthe(self, m: re.Match[str], ctx: Context) -> Norm | None:
        a = ctx.anchor
        unit = m["u"].lower()
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

    def r_ago(self, m: re.Match[str], ctx: Context) -> Norm | None:
        n = _num(m["num"], self.lex)
        unit = _singular(m["u"])
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

    def r_duration(self, m: re.Match[str], ctx: Context) -> Norm | None:
        gd = m.groupdict()
        word = m["num"].lower()
        unit = _singular(m["u"])
        before = ctx.text[max(0, m.start() - 16): m.start()]
        if word in ("a", "an") and not gd.get("rel") and _NUMERIC_BEFORE.search(before):
            letter, is_time = self.lex.units[unit]
            return Norm("SET", f"P{'T' if is_time else ''}1{letter}", "set")
        if word in ("a", "an", "one") and unit in ("second", "quarter") and not gd.get("rel"):
            return None  # "a second time", "about a quarter of": an ordinal, a fraction
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
        word = (m["u"] or m["u2"] or m["u3"]).lower()
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


_UNIT_PREC = {"week": "week", "weekend": "week", "month": "month", "year": "year",
              "quarter": "quarter", "decade": "decade", "century": "century"}

_TZ = (r"(?:\s*(?P<tz>UTC|GMT|Z\b|CET|CEST|EST|EDT|CST|CDT|PST|PDT|BST|JST|KST|MSK|"
       r"local\s+time)(?:\s*[+-]\s*\d{1,2})?)?"
       r"(?:\s*\(\s*(?:GMT|UTC)\s*[+-]?\s*\d{0,2}(?::?\d\d)?\s*\))?")
_DAYTAIL = r"(?:\s+(?:on\s+)?(?P<dw>today|yesterday|tomorrow|{wd})\b)?"


_FUNCTION_WORDS = frozenset({
    "in", "on", "at", "by", "since", "until", "till", "from", "to", "of", "for", "during",
    "through", "before", "after", "and", "or", "but", "between", "that", "last", "next", "this",
    "early", "late", "mid", "the", "as", "when", "about", "around", "every",
})


def _after_name(text: str, start: int) -> bool:
    """Does a capitalised word that is not a function word stand right before `start`
    (the month or season is then part of a name)?"""
    m = re.search(r"([A-Za-z][\w'’-]*)[ \t]+$", text[max(0, start - 30): start])
    return bool(m) and m.group(1)[0].isupper() and m.group(1).lower() not in _FUNCTION_WORDS


def _month_context(text: str, start: int) -> bool:
    """Is "May" at `start` preceded by a word that introduces a date (in, since, by ...)?"""
    before = text[max(0, start - 10): start].lower()
    return bool(re.search(r"\b(?:in|since|by|until|till|from|to|of|during|early|late|mid|"
                          r"through|before|after|between|and|last|next|this)\s+$", before))


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """The compiled grammar, built once per process."""
    return Grammar(load())
