"""Relative times in reported speech, read against the day of the saying.

"On March 3, 2019, the ministry said the army had withdrawn on Friday": the Friday is the one
before the saying, not the one before the published day. A relative expression ("yesterday",
"on Friday", "last week", "next month", "two days ago") in a clause that is what a speech verb
reports takes the speech verb's own day as its anchor, when the sentence dates the saying to a
day other than the published one. A saying dated to a month or a year only ("speaking in May
2019, he said elections would be held next year") anchors what that still fixes: a month or
a year, not a weekday. Everything else keeps the published date.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from eventwatch.dates import first_day
from eventwatch.nlp import char_tokens
from eventwatch.when.spans import Context, Found
from eventwatch.when.tense import clause_verb

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Doc, Span, Token

SPEECH_LEMMAS = frozenset({
    "say", "tell", "announce", "state", "add", "report", "claim", "insist", "write", "warn",
    "note", "confirm", "deny", "declare", "explain", "argue", "acknowledge", "admit", "reveal",
    "disclose", "predict", "promise", "pledge", "vow", "assert", "testify", "recall", "indicate",
})
# "Speaking on Monday, the minister said ...": the day of the speaking is the saying's
_SPEAKING = frozenset({"speak", "talk", "address", "write", "comment", "respond", "reply"})
# the rules whose value is counted from the anchor (see grammar.py)
DEICTIC_RULES = frozenset({
    "relday", "partday", "weekday", "relunit", "ofthe", "weekend", "ago", "month", "mdy", "dmy",
    "monrel", "quarter", "q", "half", "season", "holiday", "same",
})
_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def reanchor_reported(
    found: list[Found], doc: Doc, ctx: Context, rescan: Callable[[Context], list[Found]]
) -> list[Found]:
    """`found` with each relative expression of a dated saying's complement re-read against
    the saying's day (`rescan` runs the grammar over the same text with another anchor)."""
    if ctx.anchor is None:
        return found
    spans = [char_tokens(doc, f.start, f.end) for f in found]
    again: dict[date, dict[tuple[int, int], Found]] = {}
    out: list[Found] = []
    for f, span in zip(found, spans, strict=True):
        said = _saying_day(f, span, found, spans) if f.rule in DEICTIC_RULES else None
        if said is None or said[0] == ctx.anchor:
            out.append(f)
            continue
        day, precision = said
        if day not in again:
            again[day] = {(g.start, g.end): g for g in rescan(replace(ctx, anchor=day))}
        other = again[day].get((f.start, f.end))
        if other is not None and other.norm.precision not in _KNOWN_FROM[precision]:
            other = None  # "said in May that ... on Friday": which Friday is not known
        out.append(other if other is not None else f)
    return out


# what a saying dated only to a month or a year still fixes: "speaking in May 2019, he said
# elections would be held next year" (2020) and "... next month" (2019-06), not "on Friday"
_KNOWN_FROM = {
    "day": frozenset({"day", "time", "week", "month", "quarter", "season", "year", "decade",
                      "century"}),
    "month": frozenset({"month", "quarter", "season", "year", "decade", "century"}),
    "year": frozenset({"year", "decade", "century"}),
}
_MONTH = re.compile(r"\d{4}-\d\d")
_YEAR = re.compile(r"\d{4}")


def _speech_verb(verb: Token) -> tuple[Token, Token] | None:
    """The speech verb whose complement holds `verb`, with that complement's head."""
    cur = verb
    for _ in range(4):
        head = cur.head
        if head is cur:
            return None
        if cur.dep_ in ("ccomp", "parataxis") and head.lemma_ in SPEECH_LEMMAS:
            return head, cur
        if cur.dep_ not in ("conj", "xcomp", "advcl", "ccomp"):
            return None
        cur = head
    return None


def _saying_day(
    f: Found, span: Span | None, found: list[Found], spans: list[Span | None]
) -> tuple[date, str] | None:
    """The time the sentence gives the saying that reports `f`, if any: its first day and
    whether it is a day, a month or a year."""
    if span is None:
        return None
    verb = clause_verb(span.root)
    said = _speech_verb(verb) if verb is not None else None
    if said is None:
        return None
    speech, complement = said
    inside = set(complement.subtree)
    subjects = {c for c in speech.children if c.dep_ in ("nsubj", "nsubjpass")}
    for g, gspan in zip(found, spans, strict=True):
        if g is f or gspan is None or gspan.root in inside or g.norm.type != "DATE":
            continue
        value = g.norm.value
        precision = "day" if _DAY.fullmatch(value) else "month" if _MONTH.fullmatch(value) \
            else "year" if _YEAR.fullmatch(value) else None
        if precision is None:
            continue
        gov = clause_verb(gspan.root)
        speaking = gov is not None and gov.lemma_ in _SPEAKING and (
            (gov.head == speech and gov.dep_ == "advcl")  # "Speaking on Monday, he said"
            or (gov.dep_ == "acl" and gov.head in subjects))  # "the minister, speaking on ..."
        if gov == speech or speaking:
            first = first_day(value)
            return (first, precision) if first is not None else None
    return None
