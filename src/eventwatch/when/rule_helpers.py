"""What the time-expression rules share: small word and number conversions, the regex pieces
and word sets they are built from, and RuleBase (the lexicon and the month, tense and year
readings every rule uses)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from eventwatch.when.lexicon import Lexicon
from eventwatch.when.spans import Context, Norm

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


class RuleBase:
    """The lexicon and the readings every rule uses."""

    lex: Lexicon

    # -- helpers ---------------------------------------------------------------------------

    def _mon(self, word: str) -> int:
        return self.lex.months[word.lower().rstrip(".")]

    def _dir(self, m: re.Match[str], ctx: Context) -> int:
        return ctx.direction(m.start(), m.end())

    @staticmethod
    def _year_of(m: re.Match[str]) -> int | None:
        y = m.groupdict().get("year")
        return int(y) if y else None
