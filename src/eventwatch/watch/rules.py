"""Watch rules: what an analyst wants to be told about, and the test of one event against it.

A rule is plain data (`Rule.to_dict()` is what the database and the REST API keep). Matching
works on an event dict in the shape of `Event.to_dict()` (docs/event-record.md), so the same
rule tests a freshly coded event, a stored one, or one built by hand.

Conditions (all optional; every condition given must hold):
- `dyad`: two actor conditions; one side must match the source and the other the target.
  Order-insensitive unless `directed` is true (then the first is the source).
- `source`, `target`, `actor`: an actor condition on the source, the target, or either side.
- `event_types`, `contexts`, `factuality`: the event's type, any of its contexts, its factuality.
- `place`: `{name, lat, lon, radius_km}`: the event's location lies within the radius.
- `goldstein_min`, `goldstein_max`, `min_confidence`.
- `keywords`: any of these words in the evidence sentence (case-insensitive, whole words).
- `spike`: `{by, baseline, sd}`: fire when the dyad's latest window exceeds its trailing
  baseline by `sd` standard deviations (see `eventwatch.watch.trends`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from eventwatch.errors import E, EventwatchError
from eventwatch.geodesy import haversine_km
from eventwatch.records import FACTUALITIES

NOTIFIER_KINDS = ("jsonl", "webhook", "email")
TREND_UNITS = ("day", "week", "month")


@dataclass
class ActorCondition:
    """Who an actor must be: any listed country, any listed sector, any listed person.

    Each list given must be satisfied (country AND sector AND person); within a list any
    value will do. Persons match the resolved name, the mention text or the KB id.
    """

    country: list[str] = field(default_factory=list)
    sector: list[str] = field(default_factory=list)
    person: list[str] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.country or self.sector or self.person)

    def matches(self, actor: dict[str, Any]) -> bool:
        if self.country and (actor.get("country") or "").upper() not in self.country:
            return False
        if self.sector:
            have = {s.lower() for s in [actor.get("sector"), *(actor.get("sectors") or [])] if s}
            if not have & {s.lower() for s in self.sector}:
                return False
        if self.person:
            names = " | ".join(str(actor.get(k) or "") for k in ("name", "text", "kb_id")).lower()
            if not any(p.lower() in names for p in self.person):
                return False
        return True

    def matches_any(self, actors: list[dict[str, Any]]) -> bool:
        return any(self.matches(a) for a in actors)

    def to_dict(self) -> dict[str, Any]:
        return {"country": self.country, "sector": self.sector, "person": self.person}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None, what: str) -> ActorCondition:
        d = d or {}
        if not isinstance(d, dict):
            raise EventwatchError(E.BAD_VALUE, what=what, reason="expected an object")
        unknown = set(d) - {"country", "sector", "person"}
        if unknown:
            raise EventwatchError(E.BAD_VALUE, what=what, reason=f"unknown keys {sorted(unknown)}")
        countries = [_country(c, what) for c in _str_list(d.get("country"), f"{what}.country")]
        return cls(
            country=countries,
            sector=_str_list(d.get("sector"), f"{what}.sector"),
            person=_str_list(d.get("person"), f"{what}.person"),
        )


@dataclass
class PlaceCondition:
    lat: float
    lon: float
    radius_km: float = 50.0
    name: str | None = None

    def matches(self, location: dict[str, Any] | None) -> bool:
        if not location or location.get("lat") is None or location.get("lon") is None:
            return False
        return haversine_km(self.lat, self.lon, location["lat"], location["lon"]) <= self.radius_km

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "lat": self.lat, "lon": self.lon, "radius_km": self.radius_km}


@dataclass
class SpikeCondition:
    by: str = "day"
    baseline: int = 7
    sd: float = 3.0

    def to_dict(self) -> dict[str, Any]:
        return {"by": self.by, "baseline": self.baseline, "sd": self.sd}


@dataclass
class Rule:
    """One named watch rule with its conditions and where its alerts go."""

    name: str
    dyad: tuple[ActorCondition, ActorCondition] | None = None
    directed: bool = False
    source: ActorCondition = field(default_factory=ActorCondition)
    target: ActorCondition = field(default_factory=ActorCondition)
    actor: ActorCondition = field(default_factory=ActorCondition)
    event_types: list[str] = field(default_factory=list)
    contexts: list[str] = field(default_factory=list)
    factuality: list[str] = field(default_factory=list)
    place: PlaceCondition | None = None
    goldstein_min: float | None = None
    goldstein_max: float | None = None
    min_confidence: float | None = None
    keywords: list[str] = field(default_factory=list)
    spike: SpikeCondition | None = None
    notifiers: list[dict[str, Any]] = field(default_factory=list)
    enabled: bool = True
    id: int | None = None

    # ---- matching -------------------------------------------------------------------

    def matches(self, event: dict[str, Any]) -> bool:
        """Whether `event` (an `Event.to_dict()`-shaped dict) satisfies every condition."""
        return not self.mismatch(event)

    def mismatch(self, event: dict[str, Any]) -> str:
        """The first condition `event` fails, or "" when it matches."""
        src = event.get("source") or []
        tgt = event.get("target") or []
        if self.event_types and (event.get("event_type") or "").upper() not in self.event_types:
            return "event_type"
        if self.factuality and event.get("factuality") not in self.factuality:
            return "factuality"
        if self.contexts:
            have = {c.lower() for c in event.get("contexts") or []}
            if not have & {c.lower() for c in self.contexts}:
                return "contexts"
        if self.dyad is not None:
            a, b = self.dyad
            forward = a.matches_any(src) and b.matches_any(tgt)
            backward = not self.directed and b.matches_any(src) and a.matches_any(tgt)
            if not (forward or backward):
                return "dyad"
        if not self.source.is_empty() and not self.source.matches_any(src):
            return "source"
        if not self.target.is_empty() and not self.target.matches_any(tgt):
            return "target"
        if not self.actor.is_empty() and not self.actor.matches_any(src + tgt):
            return "actor"
        if self.place is not None and not self.place.matches(event.get("location")):
            return "place"
        g = event.get("goldstein")
        if self.goldstein_min is not None and (g is None or g < self.goldstein_min):
            return "goldstein_min"
        if self.goldstein_max is not None and (g is None or g > self.goldstein_max):
            return "goldstein_max"
        if (
            self.min_confidence is not None
            and (event.get("confidence") or 0.0) < self.min_confidence
        ):
            return "min_confidence"
        if self.keywords:
            sentence = ((event.get("evidence") or {}).get("sentence") or "").lower()
            if not any(_word_in(k.lower(), sentence) for k in self.keywords):
                return "keywords"
        return ""

    # ---- (de)serialisation ----------------------------------------------------------

    def conditions(self) -> dict[str, Any]:
        d: dict[str, Any] = {}
        if self.dyad is not None:
            d["dyad"] = [self.dyad[0].to_dict(), self.dyad[1].to_dict()]
            d["directed"] = self.directed
        for key in ("source", "target", "actor"):
            cond: ActorCondition = getattr(self, key)
            if not cond.is_empty():
                d[key] = cond.to_dict()
        for key in ("event_types", "contexts", "factuality", "keywords"):
            if getattr(self, key):
                d[key] = list(getattr(self, key))
        for key in ("goldstein_min", "goldstein_max", "min_confidence"):
            if getattr(self, key) is not None:
                d[key] = getattr(self, key)
        if self.place is not None:
            d["place"] = self.place.to_dict()
        if self.spike is not None:
            d["spike"] = self.spike.to_dict()
        return d

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "enabled": self.enabled,
            "conditions": self.conditions(),
            "notifiers": list(self.notifiers),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Rule:
        """A rule from `{name, conditions, notifiers, enabled}`; raises EventwatchError."""
        name = d.get("name")
        if not isinstance(name, str) or not name.strip() or len(name) > 200:
            raise EventwatchError(E.BAD_VALUE, what="rule name", reason="must be 1-200 characters")
        return rule_from_conditions(
            name.strip(),
            d.get("conditions") or {},
            notifiers=d.get("notifiers") or [],
            enabled=bool(d.get("enabled", True)),
            rule_id=d.get("id"),
        )


CONDITION_KEYS = {
    "dyad",
    "directed",
    "source",
    "target",
    "actor",
    "event_types",
    "contexts",
    "factuality",
    "place",
    "goldstein_min",
    "goldstein_max",
    "min_confidence",
    "keywords",
    "spike",
}


def rule_from_conditions(
    name: str,
    c: dict[str, Any],
    notifiers: list[dict[str, Any]] | None = None,
    enabled: bool = True,
    rule_id: int | None = None,
) -> Rule:
    """Build and check a rule; every bad value raises EventwatchError naming the field."""
    if not isinstance(c, dict):
        raise EventwatchError(
            E.BAD_VALUE, what=f"rule {name!r}", reason="conditions must be an object"
        )
    unknown = set(c) - CONDITION_KEYS
    if unknown:
        raise EventwatchError(
            E.BAD_VALUE, what=f"rule {name!r}", reason=f"unknown conditions {sorted(unknown)}"
        )
    rule = Rule(name=name, enabled=enabled, id=rule_id)
    if c.get("dyad") is not None:
        dy = c["dyad"]
        if not isinstance(dy, list) or len(dy) != 2:
            raise EventwatchError(E.BAD_VALUE, what="dyad", reason="expected two actor conditions")
        rule.dyad = (
            ActorCondition.from_dict(_actor_spec(dy[0]), "dyad[0]"),
            ActorCondition.from_dict(_actor_spec(dy[1]), "dyad[1]"),
        )
    rule.directed = bool(c.get("directed", False))
    for key in ("source", "target", "actor"):
        setattr(rule, key, ActorCondition.from_dict(_actor_spec(c.get(key)), key))
    rule.event_types = [t.upper() for t in _str_list(c.get("event_types"), "event_types")]
    rule.contexts = _str_list(c.get("contexts"), "contexts")
    facts = [f.lower() for f in _str_list(c.get("factuality"), "factuality")]
    if "any" in facts:
        facts = []
    bad = [f for f in facts if f not in FACTUALITIES]
    if bad:
        raise EventwatchError(
            E.BAD_VALUE,
            what="factuality",
            reason=f"{bad[0]!r} is not one of {', '.join(FACTUALITIES)}, any",
        )
    rule.factuality = facts
    rule.keywords = _str_list(c.get("keywords"), "keywords")
    for key, lo, hi in (
        ("goldstein_min", -10, 10),
        ("goldstein_max", -10, 10),
        ("min_confidence", 0, 1),
    ):
        if c.get(key) is not None:
            setattr(rule, key, _number(c[key], key, lo, hi))
    if c.get("place") is not None:
        rule.place = _place(c["place"])
    if c.get("spike") is not None:
        rule.spike = _spike(c["spike"])
    rule.notifiers = [check_notifier(n) for n in (notifiers or [])]
    return rule


def check_notifier(n: Any) -> dict[str, Any]:
    """A notifier spec, checked: `{"kind": "jsonl", "path": "-"}`,
    `{"kind": "webhook", "url": ..., "secret_env": ...}`, `{"kind": "email", "to": [...]}`."""
    if not isinstance(n, dict) or n.get("kind") not in NOTIFIER_KINDS:
        raise EventwatchError(
            E.BAD_VALUE, what="notifier", reason=f"kind must be one of {', '.join(NOTIFIER_KINDS)}"
        )
    kind = n["kind"]
    if kind == "jsonl":
        path = n.get("path") or "-"
        if not isinstance(path, str):
            raise EventwatchError(
                E.BAD_VALUE, what="jsonl notifier", reason="path must be a string"
            )
        return {"kind": "jsonl", "path": path}
    if kind == "webhook":
        url = n.get("url")
        if not isinstance(url, str) or not re.match(r"^https?://[^\s/]+", url):
            raise EventwatchError(
                E.BAD_VALUE, what="webhook notifier", reason="url must be http(s)://..."
            )
        out = {"kind": "webhook", "url": url}
        if n.get("secret_env"):
            out["secret_env"] = str(n["secret_env"])
        return out
    to = n.get("to")
    if isinstance(to, str):
        to = [to]
    if not isinstance(to, list) or not to or not all(isinstance(t, str) and "@" in t for t in to):
        raise EventwatchError(
            E.BAD_VALUE, what="email notifier", reason="to must be e-mail addresses"
        )
    return {"kind": "email", "to": to}


def _word_in(word: str, text: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text) is not None


def _actor_spec(v: Any) -> dict[str, Any] | None:
    """A bare string is a country code: `"RUS"` == `{"country": ["RUS"]}`."""
    if isinstance(v, str):
        return {"country": [v]}
    return v


def _str_list(v: Any, what: str) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        v = [v]
    if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
        raise EventwatchError(E.BAD_VALUE, what=what, reason="expected a list of non-empty strings")
    return [x.strip() for x in v]


def _country(code: str, what: str) -> str:
    code = code.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise EventwatchError(
            E.BAD_VALUE, what=what, reason=f"{code!r} is not an ISO 3166 alpha-3 code"
        )
    return code


def _number(v: Any, what: str, lo: float, hi: float) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float) or math.isnan(v) or not lo <= v <= hi:
        raise EventwatchError(E.BAD_VALUE, what=what, reason=f"expected a number from {lo} to {hi}")
    return float(v)


def _place(p: Any) -> PlaceCondition:
    if not isinstance(p, dict):
        raise EventwatchError(
            E.BAD_VALUE, what="place", reason="expected {name, lat, lon, radius_km}"
        )
    lat, lon = p.get("lat"), p.get("lon")
    if (lat is None or lon is None) and p.get("name"):
        lat, lon = resolve_place(str(p["name"]))
    return PlaceCondition(
        lat=_number(lat, "place.lat", -90, 90),
        lon=_number(lon, "place.lon", -180, 180),
        radius_km=_number(p.get("radius_km", 50.0), "place.radius_km", 0, 20040),
        name=p.get("name"),
    )


def resolve_place(name: str) -> tuple[float, float]:
    """Coordinates of a named place via `eventwatch.where`, or an error asking for lat/lon."""
    from eventwatch.where import find_places

    for pl in find_places(name):
        if pl.get("lat") is not None and pl.get("lon") is not None:
            return float(pl["lat"]), float(pl["lon"])
    raise EventwatchError(E.NOT_FOUND, what="place", name=f"{name} (give --near LAT,LON instead)")


def _spike(s: Any) -> SpikeCondition:
    if not isinstance(s, dict):
        raise EventwatchError(E.BAD_VALUE, what="spike", reason="expected {by, baseline, sd}")
    by = s.get("by", "day")
    if by not in TREND_UNITS:
        raise EventwatchError(
            E.BAD_VALUE, what="spike.by", reason=f"must be one of {', '.join(TREND_UNITS)}"
        )
    baseline = s.get("baseline", 7)
    if isinstance(baseline, bool) or not isinstance(baseline, int) or not 2 <= baseline <= 366:
        raise EventwatchError(
            E.BAD_VALUE,
            what="spike.baseline",
            reason="expected a whole number of windows from 2 to 366",
        )
    return SpikeCondition(
        by=by, baseline=baseline, sd=_number(s.get("sd", 3.0), "spike.sd", 0, 100)
    )
