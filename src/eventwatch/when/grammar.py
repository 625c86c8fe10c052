"""The patterns of English time expressions, each with the rule that normalises it.

`scan(text, ctx)` runs every rule over the text and keeps the longest non-overlapping
matches; each rule turns its regex match into a `Norm` (TIMEX3 type, value, precision)
against the context's anchor date and the tense of the clause (`Context.direction`), or
rejects it (returns None). Words come from the lexicon (data/when/lexicon.yaml).

The rules live in date_rules.py and span_rules.py, what they share in rule_helpers.py;
Grammar compiles their patterns and runs them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from eventwatch.when.date_rules import DateRules
from eventwatch.when.discourse import read_in_context
from eventwatch.when.lexicon import Lexicon, load
from eventwatch.when.rule_helpers import (
    _DAYTAIL,
    _TZ,
    Handler,
    _alt,
)
from eventwatch.when.span_rules import SpanRules
from eventwatch.when.spans import Context, Found, Norm

__all__ = ["Context", "Found", "Grammar", "Norm", "grammar"]


class Grammar(DateRules, SpanRules):
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
        self.needs: list[Needs] = []
        self._need = _needs(lex)
        add = self._add
        add("iso", r"\b(?P<year>\d{4})-(?P<mon>0[1-9]|1[0-2])-(?P<day>[0-2]\d|3[01])\b",
            self.r_iso)
        add("slash", r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])",
            self.r_slash)
        add("mdy", rf"\b(?:(?P<wd>{wd}),?\s+)?(?P<mon>{mon})\s+{dn}\b(?!\s*[:%])"
            rf"(?:\s*,?\s*{y4}\b)?", self.r_day)
        add("dmy", rf"\b(?:(?P<wd>{wd}),?\s+)?(?:the\s+)?{dn}\s+(?:of\s+)?(?P<mon>{mon})(?!\w)"
            rf"(?:\s*,?\s*{y4}\b)?", self.r_day)
        add("weekof", r"\b(?:the\s+)?(?P<ord>first|second|third|fourth|last|final|1st|2nd|3rd|4th)"
            rf"\s+(?P<u>week|day)\s+of\s+(?P<mon>{mon_full})\b(?:\s*,?\s*(?:of\s+)?{y4}\b)?",
            self.r_weekof)
        add("monyear", rf"\b{mod}(?P<mon>{mon})\s*,?\s*(?:of\s+)?{y4}\b", self.r_monyear)
        add("monrel", rf"\b{mod}(?P<mon>{mon_full})\s+(?:of\s+)?(?P<rel>this|last|next|the\s+"
            r"following|the\s+previous)\s+year\b", self.r_monrel)
        add("month", rf"\b{mod}(?:(?P<rel>last|next|this|past|coming)\s+)?(?P<mon>{mon_full})\b",
            self.r_month)
        add("year", rf"(?<![\$£€\d.,/'-])\b{mod}(?:(?P<fy>fiscal(?:\s+year)?|FY)\s*)?{y4}\b"
            r"(?![-/.,]?\d)(?!\s*%)", self.r_year)
        add("fiscal", r"\b(?:(?:the\s+)?(?P<y0>1[5-9]\d\d|20\d\d)\s+(?:fiscal|financial)\s+year|"
            r"(?:fiscal|financial|FY)(?:\s+year)?\s*(?P<y1>1[5-9]\d\d|20\d\d)(?:\s*[-/–]\s*"
            r"(?P<y2>\d\d(?:\d\d)?))?|FY\s*['’]?(?P<yy>\d\d)(?:\s*[-/–]\s*(?P<yy2>\d\d))?)"
            r"(?![\d%])\b", self.r_fiscal)
        add("yy", r"\b(?:in|since|of|from|to|until|by|before|after|and|early|late|mid|"
            r"summer|spring|autumn|fall|winter)\s+(?P<x>['’](?P<yy>\d\d))\b(?!s)", self.r_yy)
        add("decade", r"\b(?:the\s+)?(?:(?P<mod>early|mid|late)[\s-]+)?"
            r"(?:(?P<c>1[5-9]|20)(?P<d>\d)0s|['’]?(?P<d2>\d)0s)\b|\bthe\s+(?:(?P<mod2>early|mid|"
            r"late)[\s-]+)?(?P<dw>twenties|thirties|forties|fifties|sixties|seventies|eighties|"
            r"nineties)\b", self.r_decade)
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
            r"(?P<ea>earlier|later|early|late)\s+)?(?P<rel>this\s+past|this|last|next|past|previous|coming|"
            r"following|current|the\s+(?:past|last|previous|coming|next|following|current))\s+"
            r"(?P<u>week|weekend|month|year|decade|century|quarter)\b", self.r_relunit)
        add("ofthe", r"\b(?:the\s+(?:beginning|start|end|middle|rest|remainder)\s+of|(?:earlier|"
            r"later|early|late)\s+in)\s+the\s+(?P<u>week|month|year)\b", self.r_ofthe)
        add("weekend", r"\b(?:over|during|at|on|for)\s+(?P<x>the\s+weekend)\b", self.r_weekend)
        add("same", r"\bthe\s+same\s+(?P<u>period|month|quarter|week|day|time)\s+(?:of\s+)?"
            r"(?:last\s+year|a\s+year\s+(?:ago|earlier|before)|the\s+(?:previous|last)\s+year)\b",
            self.r_same)
        add("arrived", r"\b(?:that|the|this)\s+(?:day|time|moment|hour)\b(?=\s+(?:has|is)\s+(?:now\s+|"
            r"finally\s+|at\s+last\s+)?(?:come|arrived|here)\b)", self.r_arrived)
        add("theday", r"\b(?:(?P<pos>(?:late|early|later|earlier)\s+in|the\s+(?:start|beginning|"
            r"end|rest)\s+of)\s+)?(?:the\s+same|that\s+same|that|the)\s+(?P<u>day|night)\b"
            r"(?!\s+(?:when|that|of|he|she|they|it|we)\b)", self.r_theday)
        add("theyear", r"\bthe\s+(?:(?P<same>entire|whole|full|same)\s+year|year\s+(?P<ba>before|"
            r"previous|earlier|after|later))\b", self.r_theyear)
        add("thatunit", r"\b(?:that|the\s+same)\s+(?:same\s+)?(?P<u>week|month)\b|\bthat\s+(?:same\s+)?"
            r"(?P<u2>year)\b(?!\s+(?:when|that|which)\b)", self.r_thatunit)
        add("indef", r"\b(?:a|one)\s+(?:day|time)\b(?=\s+when\b)|\b(?:a|the)\s+day\b(?=\s+"
            r"(?:will|would|may|might|must|is\s+going\s+to)\s+come\b)", self.r_indef)
        add("session", rf"\b(?:in|during)\s+(?P<x>(?:early\s+|late\s+)?(?P<part>{parts}))\s+"
            r"(?:trading|trade|deals|session|hours)\b", self.r_session)
        add("nextday", r"\b(?:the\s+(?P<rel>next|following|previous|preceding)\s+(?:day|morning)|"
            r"the\s+day\s+(?P<ba>before|after)(?=\s*[,.;:)]|\s*$))\b", self.r_nextday)
        add("ago", r"\b(?:(?P<approx>almost|nearly|about|around|roughly|approximately|some|"
            r"more\s+than|less\s+than|over|under|just|only)\s+)?"
            rf"(?P<num>half\s+an?|a\s+quarter\s+of\s+an?|{num})[\s-]+{unit_pl}\s+(?P<dir>ago|earlier|before|later|"
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
            r"decades|hours|minutes))\b(?!\s+of\b)|\b(?P<u4>days|hours|minutes)(?=-long\b)",
            self.r_plural)
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
        self.needs.append(self._need[name])  # every rule says what its matches contain

    # -- scanning -------------------------------------------------------------------------

    def scan(self, ctx: Context) -> list[Found]:
        """Every time expression in ctx.text: the longest non-overlapping rule matches."""
        cands: list[tuple[int, int, int, str, re.Match[str], Handler]] = []
        text = ctx.text
        lines = [
            (ln.start(), ln.end(), _fold(ln.group()), _DIGIT.search(ln.group()) is not None)
            for ln in re.finditer(r"[^\n]+", text)
        ]
        for order, (name, rx, handler) in enumerate(self.rules):
            need = self.needs[order]
            spans = [(lo, hi) for lo, hi, folded, digit in lines if holds(need, folded, digit)]
            for m in (m for lo, hi in spans for m in rx.finditer(text, lo, hi)):
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


# What a rule's match must contain, so that a line without it is not searched (the regex
# engine tries each of the 44 patterns at every position of every line; most lines hold no
# time expression). A rule's needs are groups of words: its match holds one word of each
# group, compared case-folded. DIGIT in a group stands for any digit (`\d`).
Needs = tuple[tuple[str, ...], ...]
DIGIT = "<digit>"
_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[a-z]+")


def _fold(line: str) -> str:
    """`line` as the needs are compared: case-folded, and dotless i as i (which `re.I`
    matches to an i, and folding keeps)."""
    return line.casefold().replace("ı", "i")


def holds(need: Needs, folded: str, digit: bool) -> bool:
    """Whether a line (`_fold`ed; `digit`: it holds a digit) holds a word of every group."""
    return all((digit and DIGIT in group) or any(w in folded for w in group) for group in need)


def _words(entries: Iterable[object]) -> tuple[str, ...]:
    """One word that each lexicon entry's pattern must contain: its longest run of letters
    ("new year's day": "year"; the pattern's spaces match any whitespace)."""
    return tuple(max(_LETTERS.findall(str(e).lower()), key=len) for e in entries)


def _needs(lex: Lexicon) -> dict[str, Needs]:
    months, units = _words(lex.months), (*(u for u in lex.units if u != "century"), "centur")
    plural = ("year", "month", "week", "day", "decade", "hour", "minute", "centur")
    digit: Needs = ((DIGIT,),)
    return {
        "iso": digit, "slash": (("/",),), "mdy": digit, "dmy": digit, "monyear": digit,
        "year": digit, "fiscal": digit, "military": digit, "hour_ampm": digit,
        "yy": (("'", "’"),), "time": ((":",),),
        "decade": ((DIGIT, "twenties", "thirties", "forties", "fifties", "sixties", "seventies",
                    "eighties", "nineties"),),
        "weekof": (("week", "day"), months), "monrel": (("year",), months), "month": (months,),
        "century": (("century",),), "quarter": (("quarter",),), "q": (("q1", "q2", "q3", "q4"),),
        "half": (("half",),), "halfdur": (("half",),), "season": (_words(lex.seasons),),
        "relday": (("today", "tonight", "yesterday", "tomorrow"),),
        "partday": (_words(lex.day_parts),), "session": (_words(lex.day_parts),),
        "weekday": (_words(lex.weekdays),),
        "relunit": (("week", "month", "year", "decade", "centur", "quarter"),),
        "ofthe": (("week", "month", "year"),), "thatunit": (("week", "month", "year"),),
        "weekend": (("weekend",),), "same": (("same",),), "theyear": (("year",),),
        "arrived": (("day", "time", "moment", "hour"),), "theday": (("day", "night"),),
        "indef": (("day", "time"),), "nextday": (("day", "morning"),),
        "ago": (("ago", "earlier", "before", "later", "from", "hence"),),
        "duration": (units,), "numrange": (units,), "plural": (plural,),
        "setword": (_words(lex.sets),), "every": (("every", "each", "per"),),
        "noon": (("noon", "midday", "midnight"),), "ref": (_words(lex.references),),
        "holiday": (_words(lex.holidays),),
    }


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """The compiled grammar, built once per process."""
    return Grammar(load())
