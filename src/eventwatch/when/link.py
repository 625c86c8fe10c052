"""The date of an event: the time expression its predicate governs in the parse.

Order of preference (`event_date`):
1. a time expression attached to the trigger ("send ... to Pyongyang in October"; a noun
   trigger's own modifiers), or the time a when-clause holding the trigger modifies
   ("in July 2000 when he met ...");
2. one further down the trigger's subtree, below another clause;
3. one in the same sentence governing a clause the trigger sits in ("On Monday, officials
   said the two leaders met");
   A planned event's date written without a year that the tense left in the past moves to
   the next such date ("in October" in a November article: next October).
4. for a realized event reported in the past tense whose sentence names no time, the date
   the article gave the same event noun in an earlier sentence ("... attacks ... on November
   13, 2015. The terrorists struck in coordinated attacks ...": `earlier_mention_date`);
5. for a realized event reported in the past tense, the published date (text "");
6. otherwise None.
Durations, sets and reference words (PRESENT_REF...) are not event dates, nor is a time that
labels another event named in the trigger's arguments ("arrested a man over the November 2015
attacks") or where a stretch began ("since March 2015").
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from eventwatch.nlp import char_tokens, sentence_of
from eventwatch.records import TimeValue
from eventwatch.when import calendar as cal
from eventwatch.when.find import as_date
from eventwatch.when.lexicon import load as load_lexicon
from eventwatch.when.tense import governing_verb, verb_tense

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_PREDICATE_POS = ("VERB", "AUX")


def _span(doc: Doc, tv: TimeValue) -> Span | None:
    if tv.start is None or tv.end is None:
        return None
    return char_tokens(doc, tv.start, tv.end)


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
    sent = sentence_of(trigger)
    points = _points(doc, times)
    spans = _within(points, sent)
    found = _linked_time(trigger, spans)
    if found is not None:
        return _forward(found, published) if factuality == "planned" else found
    day = as_date(published)
    trig_verb = trigger if trigger.pos_ in _PREDICATE_POS else governing_verb(trigger)
    if factuality == "realized" and trig_verb is not None and verb_tense(trig_verb) < 0:
        if not spans:  # the sentence names no time: an event the article dated before?
            earlier = earlier_mention_date(trigger, trig_verb, points)
            if earlier is not None:
                return earlier
        if day is not None:
            return TimeValue(text="", value=day.isoformat(), precision="day", type="DATE")
    return None


def _points(doc: Doc, times: list[TimeValue]) -> list[tuple[TimeValue, Span]]:
    """The dates and clock times of the document (not durations, sets or references) with
    their token spans, in text order."""
    out: list[tuple[TimeValue, Span]] = []
    for tv in times:
        if tv.type not in ("DATE", "TIME") or tv.precision == "ref":
            continue
        span = _span(doc, tv)
        if span is not None:
            out.append((tv, span))
    return out


def _within(points: list[tuple[TimeValue, Span]], sent: Span) -> list[tuple[TimeValue, Span]]:
    return [(tv, span) for tv, span in points if span.start >= sent.start and span.end <= sent.end]


# verbs whose object is the event itself ("carried out the attacks", "held talks")
_LIGHT_VERBS = frozenset({
    "carry", "launch", "stage", "hold", "conduct", "mount", "commit", "perpetrate", "unleash",
    "convene", "attend", "host",
})
# words that make an event noun a new event, not the one told before
_NEW_EVENT = frozenset({
    "another", "new", "fresh", "further", "second", "third", "latest", "renewed", "more",
    "other", "next", "future", "possible", "planned",
})


def _same_event_nouns(trigger: Token, verb: Token, nouns: frozenset[str]) -> set[str]:
    """Lemmas of the event nouns that name the trigger's own event: the trigger itself or a
    noun that tells the verb's event (`_tells_the_event`)."""
    near = list(verb.children) + [g for c in verb.children if c.dep_ == "prep"
                                  for g in c.children]
    cands = [trigger] + [t for t in near if _tells_the_event(t, verb)]
    return {
        t.lemma_.lower() for t in cands
        if t.pos_ == "NOUN" and t.lemma_.lower() in nouns
        and not any(c.lower_ in _NEW_EVENT for c in t.children)
    }


def earlier_mention_date(
    trigger: Token, verb: Token, points: list[tuple[TimeValue, Span]]
) -> TimeValue | None:
    """A realized past event whose sentence names no time but whose event noun the article
    dated in an earlier sentence ("... attacks left 130 dead on November 13, 2015. The
    gunmen struck in coordinated attacks at ...": the second sentence tells the same
    attacks): the date of the latest such mention, rather than the published date."""
    keys = _same_event_nouns(trigger, verb, frozenset(load_lexicon().event_nouns))
    if not keys:
        return None
    doc = trigger.doc
    sent = sentence_of(trigger)
    for tok in reversed(doc[: sent.start]):
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in keys:
            continue
        tv = _linked_time(tok, _within(points, sentence_of(tok)))
        if tv is not None and re.match(r"\d{4}", tv.value):
            return tv
    return None


def _linked_time(trigger: Token, spans: list[tuple[TimeValue, Span]]) -> TimeValue | None:
    """Steps 1-3 of the module docstring."""
    when_time = _when_clause_time(trigger, spans)
    if when_time is not None:
        return when_time
    best: tuple[int, int, TimeValue] | None = None
    above = set(trigger.ancestors) | {trigger}
    for tv, span in spans:
        if trigger in span:
            continue
        root = span.root
        if _names_another_event(root, trigger) or _since(root):
            continue
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
    return best[2] if best is not None else None


def _since(root: Token) -> bool:
    """ "since March 2015": where a stretch of time began, not the day of what was done in it
    ("since March 2015, police have arrested 300 people")."""
    head = root.head
    return head is not root and head.dep_ == "prep" and head.lower_ == "since"


_NOUN_MODIFIER = frozenset({"compound", "nmod", "amod", "poss", "npadvmod", "nummod"})
_SUBJECT = frozenset({"nsubj", "nsubjpass"})


def _names_another_event(root: Token, trigger: Token) -> bool:
    """Does the time modify a noun other than the trigger ("the November 2015 attacks",
    "last year's bombings", "the attacks of last year")? It then dates that noun's event,
    not the trigger's ("police arrested a man over the November 2015 attacks"), unless the
    noun tells the trigger's own event ("the November 2015 attacks killed 130", "died in
    Monday's attack": `_tells_the_event`). Prepositions other than "of" are left to the
    parse ("talks on Monday"); a place's dateline ("NAIROBI, Kenya, Apr 5") labels nothing."""
    below = root
    for anc in root.ancestors:
        if anc == trigger or anc.pos_ in _PREDICATE_POS:
            return False
        label = below.dep_ in _NOUN_MODIFIER or (below.dep_ == "prep" and below.lower_ == "of")
        if label and (anc.pos_ == "NOUN" or (anc.pos_ == "PROPN" and anc.ent_type_ not in _PLACE)):
            return not _tells_the_event(anc, trigger)
        below = anc
    return False


_PLACE = frozenset({"GPE", "LOC", "FAC", "NORP"})  # "NAIROBI, Kenya, Apr 5": a dateline


def _tells_the_event(noun: Token, verb: Token) -> bool:
    """Does `noun` name the event of `verb` itself: its subject ("the attacks killed 130"),
    the object of a light verb ("carried out the attack", "held talks"), or the noun after
    in/during/at/with ("barred it in its February 16 verdict", "struck in coordinated
    attacks")?"""
    if noun.head == verb and (noun.dep_ in _SUBJECT
                              or (noun.dep_ == "dobj" and verb.lemma_ in _LIGHT_VERBS)):
        return True
    prep = noun.head
    return noun.dep_ == "pobj" and prep.dep_ == "prep" and prep.head == verb \
        and prep.lower_ in ("in", "during", "at", "with")


_FIXED = re.compile(r"\b(?:\d{4}|last|ago|yesterday|previous|earlier|past|before|this)\b", re.I)


def _forward(tv: TimeValue, published: date | str | None) -> TimeValue:
    """A planned event's date written without a year ("in October", "on Monday") that the
    tense left before the published date is the next such date."""
    day = as_date(published)
    if day is None or _FIXED.search(tv.text) or not re.match(r"\d{4}", tv.value):
        return tv
    year = int(tv.value[:4])
    rest = tv.value[4:]
    if tv.precision == "day" and re.fullmatch(r"-\d\d-\d\d", rest):
        when = date.fromisoformat(tv.value)
        if when >= day:
            return tv
        words = set(re.findall(r"[a-z]+", tv.text.lower()))
        lex = load_lexicon()
        if words & set(lex.weekdays):
            ahead = when + timedelta(days=7)
        elif words & set(lex.months) or any(h in tv.text.lower() for h in lex.holidays):
            ahead = cal.shift_months(when, 12)
        else:
            return tv  # "the day", "the next day": counted from another date, left alone
        return replace(tv, value=ahead.isoformat())
    if tv.precision in ("month", "quarter", "season") and rest:
        start = _first_month(tv.value)
        if start is None:
            return tv
        last = start if tv.precision == "month" else cal.shift_months(start, 2)
        if last < date(day.year, day.month, 1):  # wholly over by the published month
            return replace(tv, value=f"{year + 1:04d}{rest}")
    return tv


def _first_month(value: str) -> date | None:
    """The first month a month, quarter or season value can mean (`2023-Q3` -> 2023-07-01)."""
    m = re.fullmatch(r"(\d{4})-(?:(\d\d)|Q([1-4])|(SP|SU|FA|WI))", value)
    if not m:
        return None
    month = int(m[2]) if m[2] else (3 * int(m[3]) - 2 if m[3] else
                                    {"WI": 1, "SP": 3, "SU": 6, "FA": 9}[m[4]])
    return date(int(m[1]), month, 1)
