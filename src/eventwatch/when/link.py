"""The date of an event: the time expression its predicate governs in the parse.

Order of preference (`event_date`):
1. a time expression attached to the trigger ("send ... to Pyongyang in October"; a noun
   trigger's own modifiers), or the time a when-clause holding the trigger modifies
   ("in July 2000 when he met ...");
2. one further down the trigger's subtree, below another clause;
3. one in the same sentence governing a clause the trigger sits in ("On Monday, officials
   said the two leaders met");
4. for a realized event reported in the past tense, the published date (text "");
5. otherwise None.
Durations, sets and reference words (PRESENT_REF...) are not event dates.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from eventwatch.records import TimeValue
from eventwatch.when.find import as_date
from eventwatch.when.tense import governing_verb, verb_tense

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_PREDICATE_POS = ("VERB", "AUX")


def _span(doc: Doc, tv: TimeValue) -> Span | None:
    if tv.start is None or tv.end is None:
        return None
    span = doc.char_span(tv.start, tv.end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def _clauses_between(root: Token, trigger: Token) -> int | None:
    """How many other predicates stand between a time's root and the trigger above it, or
    None when the trigger is not above it."""
    count = 0
    below = root
    for anc in root.ancestors:
        if below.dep_ == "relcl" and anc != trigger:
            return None  # a relative clause describes an argument, not this event
        if anc == trigger:
            return count
        if anc.pos_ in _PREDICATE_POS:
            count += 1
        below = anc
    return None


def _when_clause_time(trigger: Token, spans: list[tuple[TimeValue, Span]]) -> TimeValue | None:
    """The time a `when`-clause holding the trigger modifies: "in July 2000 when he met"."""
    cur = trigger if trigger.pos_ in _PREDICATE_POS else governing_verb(trigger)
    for _ in range(4):
        if cur is None:
            return None
        when = [c for c in cur.children
                if c.lower_ in ("when", "while") and c.dep_ in ("advmod", "mark")]
        if when:
            # the clause modifies the time itself, or follows it directly (parsers often
            # hang "in July 2000 when he met" on the main verb instead)
            head = cur.head
            before = when[0].nbor(-1) if when[0].i > 0 else None
            for tv, span in spans:
                if head in span or (before is not None and before in span):
                    return tv
            return None
        if cur.dep_ in ("conj", "xcomp") and cur.head is not cur:
            cur = cur.head
            continue
        return None
    return None


def event_date(
    doc: Doc,
    trigger: Token,
    times: list[TimeValue],
    factuality: str,
    published: date | str | None,
) -> TimeValue | None:
    """The date of the event whose predicate is `trigger` (see the module docstring)."""
    sent = trigger.sent
    spans: list[tuple[TimeValue, Span]] = []
    for tv in times:
        if tv.type not in ("DATE", "TIME") or tv.precision == "ref":
            continue
        span = _span(doc, tv)
        if span is not None and span.start >= sent.start and span.end <= sent.end:
            spans.append((tv, span))
    when_time = _when_clause_time(trigger, spans)
    if when_time is not None:
        return when_time
    best: tuple[int, int, TimeValue] | None = None
    trig_verb = trigger if trigger.pos_ in _PREDICATE_POS else governing_verb(trigger)
    above = set(trigger.ancestors) | {trigger}
    for tv, span in spans:
        if trigger in span:
            continue
        root = span.root
        between = _clauses_between(root, trigger)
        if between is not None:
            rank = 0 if between == 0 else 1
        else:
            gov = governing_verb(root.head) if root.head is not root else None
            if gov is None or gov not in above:
                continue
            rank = 2
        dist = abs(root.i - trigger.i)
        if best is None or (rank, dist) < best[:2]:
            best = (rank, dist, tv)
    if best is not None:
        return best[2]
    day = as_date(published)
    if day is not None and factuality == "realized" and trig_verb is not None \
            and verb_tense(trig_verb) < 0:
        return TimeValue(text="", value=day.isoformat(), precision="day", type="DATE")
    return None
