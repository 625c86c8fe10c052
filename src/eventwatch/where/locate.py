"""The place of an event: the place attached to its predicate in the parse.

1. A place reached from the trigger through a locative preposition ("met at X", "a visit to
   a facility in X", "send ... to X") or as the object of a verb of movement ("visit X"),
   nearest first, not crossing into another clause.
2. Else the same from the trigger's head ("his arrival in X was met" from "met").
3. Else the place of the sentence nearest the trigger.
4. Else None.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from eventwatch.records import Place

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

LOCATIVE_PREPS = {
    "at",
    "in",
    "to",
    "into",
    "near",
    "inside",
    "outside",
    "on",
    "onto",
    "from",
    "across",
    "through",
    "toward",
    "towards",
    "over",
    "off",
    "around",
    "within",
    "throughout",
    "via",
    "between",
    "along",
    "beyond",
    "past",
    "upon",
}
MOTION_LEMMAS = {
    "visit",
    "tour",
    "enter",
    "reach",
    "leave",
    "invade",
    "attack",
    "bomb",
    "shell",
    "strike",
    "hit",
    "raid",
    "storm",
    "occupy",
    "capture",
    "seize",
    "liberate",
    "besiege",
    "blockade",
    "evacuate",
    "host",
    "cross",
    "land",
    "flee",
    "depart",
    "arrive",
    "return",
    "travel",
}
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "conj", "parataxis", "acl", "csubj", "xcomp", "cc"}
MAX_DEPTH = 4


def _place_at(places_by_token: dict[int, Place], tok: Token) -> Place | None:
    return places_by_token.get(tok.i)


def _search(start: Token, places_by_token: dict[int, Place]) -> Place | None:
    """Breadth-first from `start` through its dependents, staying in its clause."""
    queue: deque[tuple[Token, int]] = deque([(start, 0)])
    while queue:
        tok, depth = queue.popleft()
        if depth >= MAX_DEPTH:
            continue
        for child in tok.children:
            if child.dep_ in CLAUSE_DEPS:
                continue
            if child.dep_ == "prep" and child.lower_ in LOCATIVE_PREPS:
                for obj in child.children:
                    if obj.dep_ in ("pobj", "pcomp"):
                        place = _place_at(places_by_token, obj)
                        if place is not None:
                            return place
            if child.dep_ in ("dobj", "npadvmod") and tok.lemma_ in MOTION_LEMMAS:
                place = _place_at(places_by_token, child)
                if place is not None:
                    return place
            queue.append((child, depth + 1))
    return None


_CACHE_KEY = "eventwatch.where.places_by_token"


def _by_token(doc: Doc, places: list[Place]) -> dict[int, Place]:
    """Token index -> the place covering it; kept on the Doc for the events of one article."""
    cached = doc.user_data.get(_CACHE_KEY)
    if cached is not None and cached[0] is places and cached[1] == len(places):
        return cached[2]
    out: dict[int, Place] = {}
    for place in places:
        if place.start is None or place.end is None or place.lat is None:
            continue
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        if span is None:
            continue
        for tok in span:
            out[tok.i] = place
    doc.user_data[_CACHE_KEY] = (places, len(places), out)
    return out


def event_location(doc: Doc, trigger: Token, places: list[Place]) -> Place | None:
    """The place of the event whose predicate is `trigger`, from `places` (as returned by
    `places_in_doc`), or None when its sentence names none."""
    if not places:
        return None
    places_by_token = _by_token(doc, places)
    found = _search(trigger, places_by_token)
    if found is not None:
        return found
    head = trigger.head
    if head is not trigger and trigger.dep_ not in ("ccomp", "parataxis"):
        found = _search(head, places_by_token)
        if found is not None:
            return found
    sent = trigger.sent
    in_sentence = [
        (abs(i - trigger.i), place)
        for i, place in places_by_token.items()
        if sent.start <= i < sent.end
    ]
    if in_sentence:
        return min(in_sentence, key=lambda x: x[0])[1]
    return None
