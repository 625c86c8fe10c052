"""Scores extracted event dicts against a hand-coded gold file (tests/fixtures/*.json).

Semantics of the gold file are described in its "about" field: a gold event is found when one
extracted event satisfies every field it states, each extracted event serving at most one gold
event; a forbidden pattern is hit when any extracted event matches all its fields.
"""

from __future__ import annotations

import math
from typing import Any


def _countries(actors: list[dict[str, Any]] | None) -> set[str]:
    return {a["country"] for a in actors or [] if a.get("country")}


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    rad = math.pi / 180
    h = (math.sin((b[0] - a[0]) * rad / 2) ** 2
         + math.cos(a[0] * rad) * math.cos(b[0] * rad) * math.sin((b[1] - a[1]) * rad / 2) ** 2)
    return 2 * 6371 * math.asin(math.sqrt(h))


def misses(gold: dict[str, Any], ev: dict[str, Any]) -> list[str]:
    """The gold fields `ev` fails (empty list: it matches)."""
    out = []
    src, tgt = _countries(ev.get("source")), _countries(ev.get("target"))
    ws, wt = set(gold.get("source_country") or ()), set(gold.get("target_country") or ())

    def dyad(s: set[str], t: set[str]) -> bool:
        return (not ws or bool(s & ws)) and (not wt or bool(t & wt))

    if not (dyad(src, tgt) or (gold.get("symmetric") and dyad(tgt, src))):
        out.append("actors")
    if "types" in gold and ev.get("event_type") not in gold["types"]:
        out.append("type")
    if "factuality" in gold and ev.get("factuality") not in gold["factuality"]:
        out.append("factuality")
    if "contexts_any" in gold and not set(ev.get("contexts") or ()) & set(gold["contexts_any"]):
        out.append("contexts")
    sentence = ((ev.get("evidence") or {}).get("sentence") or "").lower()
    if "sentence_contains" in gold and gold["sentence_contains"].lower() not in sentence:
        out.append("evidence")
    obj = ((ev.get("object") or {}).get("text") or "").lower()
    if "object_contains" in gold and not all(w.lower() in obj for w in gold["object_contains"]):
        out.append("object")
    if "date" in gold and ((ev.get("date") or {}).get("value") or "") != gold["date"]:
        out.append("date")
    if "location" in gold:
        loc, want = ev.get("location") or {}, gold["location"]
        ok = not want.get("country") or loc.get("country") == want["country"]
        if want.get("near"):
            lat, lon, radius = want["near"]
            ok = ok and loc.get("lat") is not None and _km((lat, lon), (loc["lat"], loc["lon"])) <= radius
        if not ok:
            out.append("location")
    return out


def forbidden(rule: dict[str, Any], ev: dict[str, Any]) -> bool:
    if "types" in rule and ev.get("event_type") not in rule["types"]:
        return False
    if "factuality" in rule and ev.get("factuality") not in rule["factuality"]:
        return False
    if "contexts_any" in rule and not set(ev.get("contexts") or ()) & set(rule["contexts_any"]):
        return False
    if "actor_name_contains" in rule:
        names = [a.get("name") or "" for a in (ev.get("source") or []) + (ev.get("target") or [])]
        if not any(rule["actor_name_contains"] in n for n in names):
            return False
    date_value = (ev.get("date") or {}).get("value") or ""
    return "date_prefix" not in rule or date_value.startswith(rule["date_prefix"])


def score(gold_file: dict[str, Any], events: list[dict[str, Any]]) -> tuple[list[str], list[str], list[str]]:
    """(found gold ids, missing lines with the closest failure, forbidden hits)."""
    golds = gold_file["events"]
    fits = [[j for j, ev in enumerate(events) if not misses(g, ev)] for g in golds]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in fits[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(golds)):
        augment(i, set())
    matched = set(owner.values())
    found = [golds[i]["id"] for i in sorted(matched)]
    missing = []
    for i, g in enumerate(golds):
        if i in matched:
            continue
        near = [misses(g, ev) for ev in events]
        near = [m for m in near if "actors" not in m]
        why = min(near, key=len) if near else ["actors"]
        missing.append(f"{g['id']} {g['what']}: closest event fails {', '.join(why) or 'matching'}")
    hits = [f"{r['id']} {r['what']}: {ev.get('event_type')} in {ev['evidence']['sentence'][:80]!r}"
            for r in gold_file.get("forbidden", []) for ev in events if forbidden(r, ev)]
    return found, missing, hits
