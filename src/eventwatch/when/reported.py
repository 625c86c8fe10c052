"""Relative times in reported speech, read against the day of the saying.

"On March 3, 2019, the ministry said the army had withdrawn on Friday": the Friday is the one
before the saying, not the one before the published day. A relative expression ("yesterday",
"on Friday", "last week", "next month", "two days ago") in a clause that is what a speech verb
reports takes the speech verb's own day as its anchor, when the sentence dates the saying to a
day other than the published one. Everything else keeps the published date.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

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
        day = _saying_day(f, span, found, spans) if f.rule in DEICTIC_RULES else None
        if day is None or day == ctx.anchor:
            out.append(f)
            continue
        if day not in again:
            again[day] = {(g.start, g.end): g for g in rescan(replace(ctx, anchor=day))}
        other = again[day].get((f.start, f.end))
        out.append(other if other is not None else f)
    return out


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
) -> date | None:
    """The day the sentence gives the saying that reports `f`, if any."""
    if span is None:
        return None
    verb = clause_verb(span.root)
    said = _speech_verb(verb) if verb is not None else None
    if said is None:
        return None
    speech, complement = said
    inside = set(complement.subtree)
    for g, gspan in zip(found, spans, strict=True):
        if g is f or gspan is None or gspan.root in inside or g.norm.type != "DATE" \
                or not _DAY.fullmatch(g.norm.value):
            continue
        gov = clause_verb(gspan.root)
        if gov == speech or (gov is not None and gov.head == speech and gov.dep_ == "advcl"
                             and gov.lemma_ in _SPEAKING):
            return date.fromisoformat(g.norm.value)
    return None
