"""Score extracted events against a hand-coded gold file (the seed / articles-dev format).

A gold file is JSON with `events` (each: id, what, and any of source_country, target_country
(ISO alpha-3 lists), symmetric, types, factuality, contexts_any, sentence_contains,
object_contains, date, location {country, near: [lat, lon, km]}) and `forbidden` readings
(any of types, factuality, contexts_any, actor_name_contains, date_prefix).

The semantics are those of `../shared/tools/score_events.py`: a gold event is found when one
extracted event satisfies every field it states, each extracted event serving at most one gold
event (a maximum bipartite matching); a missing gold event is reported with the fields that
its closest event with the right actors fails; a forbidden reading is hit once for every
extracted event that matches all its fields.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

Event = dict[str, Any]


@dataclass
class GoldResult:
    """One gold event's outcome: found, or missing with the reason."""

    id: str
    what: str
    found: bool
    reason: str = ""  # for a miss: "no event with these actors", "fails: type, date", ...


@dataclass
class ForbiddenHit:
    """An extracted event that matches a forbidden reading."""

    id: str
    what: str
    event_type: str
    sentence: str


@dataclass
class ArticleScore:
    """The score of one article."""

    name: str
    gold: list[GoldResult] = field(default_factory=list)
    forbidden: list[ForbiddenHit] = field(default_factory=list)
    events: int = 0

    @property
    def found(self) -> int:
        return sum(g.found for g in self.gold)


def _countries(actors: list[dict[str, Any]] | None) -> set[str]:
    return {a["country"] for a in actors or [] if a.get("country")}


def _names(ev: Event) -> list[str]:
    return [a.get("name") or "" for a in (ev.get("source") or []) + (ev.get("target") or [])]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    rad = math.pi / 180
    h = (
        math.sin((lat2 - lat1) * rad / 2) ** 2
        + math.cos(lat1 * rad) * math.cos(lat2 * rad) * math.sin((lon2 - lon1) * rad / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(h))


def _dyad_ok(gold: dict[str, Any], ev: Event) -> bool:
    src, tgt = _countries(ev.get("source")), _countries(ev.get("target"))
    want_s = set(gold.get("source_country") or ())
    want_t = set(gold.get("target_country") or ())

    def fits(s: set[str], t: set[str]) -> bool:
        return (not want_s or bool(s & want_s)) and (not want_t or bool(t & want_t))

    return fits(src, tgt) or (bool(gold.get("symmetric")) and fits(tgt, src))


def _location_ok(want: dict[str, Any], loc: dict[str, Any]) -> bool:
    if want.get("country") and loc.get("country") != want["country"]:
        return False
    if want.get("near"):
        lat, lon, radius = want["near"]
        if loc.get("lat") is None or loc.get("lon") is None:
            return False
        return _km(lat, lon, float(loc["lat"]), float(loc["lon"])) <= radius
    return True


def failures(gold: dict[str, Any], ev: Event) -> list[str]:
    """The gold fields `ev` does not satisfy, in a fixed order (empty: a match)."""
    bad = []
    if not _dyad_ok(gold, ev):
        bad.append("actors")
    if "types" in gold and ev.get("event_type") not in gold["types"]:
        bad.append("type")
    if "factuality" in gold and ev.get("factuality") not in gold["factuality"]:
        bad.append("factuality")
    if "contexts_any" in gold and not set(ev.get("contexts") or ()) & set(gold["contexts_any"]):
        bad.append("contexts")
    if "sentence_contains" in gold:
        sentence = ((ev.get("evidence") or {}).get("sentence") or "").lower()
        if gold["sentence_contains"].lower() not in sentence:
            bad.append("evidence")
    if "object_contains" in gold:
        text = ((ev.get("object") or {}).get("text") or "").lower()
        if not all(w.lower() in text for w in gold["object_contains"]):
            bad.append("object")
    if "date" in gold and ((ev.get("date") or {}).get("value") or "") != gold["date"]:
        bad.append("date")
    if "location" in gold and not _location_ok(gold["location"], ev.get("location") or {}):
        bad.append("location")
    return bad


def forbidden_hit(rule: dict[str, Any], ev: Event) -> bool:
    """Whether `ev` matches every field of the forbidden reading `rule`."""
    if "types" in rule and ev.get("event_type") not in rule["types"]:
        return False
    if "factuality" in rule and ev.get("factuality") not in rule["factuality"]:
        return False
    if "contexts_any" in rule and not set(ev.get("contexts") or ()) & set(rule["contexts_any"]):
        return False
    if "actor_name_contains" in rule and not any(
        rule["actor_name_contains"] in n for n in _names(ev)
    ):
        return False
    date_value = (ev.get("date") or {}).get("value") or ""
    return not ("date_prefix" in rule and not date_value.startswith(rule["date_prefix"]))


def _matching(fits: list[list[int]]) -> set[int]:
    """The gold indices served by a maximum bipartite matching (augmenting paths)."""
    owner: dict[int, int] = {}

    def claim(i: int, seen: set[int]) -> bool:
        for j in fits[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or claim(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(fits)):
        claim(i, set())
    return set(owner.values())


def score(name: str, gold: dict[str, Any], events: list[Event]) -> ArticleScore:
    """Score the extracted `events` of one article against its `gold` file."""
    out = ArticleScore(name=name, events=len(events))
    golds = gold.get("events") or []
    matched = _matching([[j for j, ev in enumerate(events) if not failures(g, ev)] for g in golds])
    for i, g in enumerate(golds):
        gid, what = str(g.get("id", i + 1)), str(g.get("what", ""))
        if i in matched:
            out.gold.append(GoldResult(gid, what, True))
            continue
        best: list[str] | None = None
        for ev in events:
            bad = failures(g, ev)
            if "actors" not in bad and (best is None or len(bad) < len(best)):
                best = bad
        if best is None:
            reason = "no event with these actors"
        elif not best:
            reason = "its only fitting events serve other gold events"
        else:
            reason = "closest event fails: " + ", ".join(best)
        out.gold.append(GoldResult(gid, what, False, reason))
    for rule in gold.get("forbidden") or []:
        for ev in events:
            if forbidden_hit(rule, ev):
                sentence = ((ev.get("evidence") or {}).get("sentence") or "")[:90]
                out.forbidden.append(
                    ForbiddenHit(
                        str(rule.get("id", "")),
                        str(rule.get("what", "")),
                        str(ev.get("event_type")),
                        sentence,
                    )
                )
    return out
