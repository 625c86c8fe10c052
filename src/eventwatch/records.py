"""The data model every stage reads and writes: plain dataclasses with character offsets.

Offsets (`start`, `end`) are always character offsets into `Article.text`, so any record can
point back at the words it came from. Records turn into JSON with `to_dict()`; the shape of an
event's dict is documented in docs/event-record.md.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any

FACTUALITIES = ("realized", "planned", "hypothetical", "negated")


def content_id(*parts: str, length: int = 16) -> str:
    """A stable id from text: sha256 over NFC-normalised, whitespace-folded parts."""
    h = hashlib.sha256()
    for part in parts:
        norm = " ".join(unicodedata.normalize("NFC", part or "").split())
        h.update(norm.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


_FIELDS: dict[type, tuple[str, ...]] = {}
_SCALARS = frozenset({str, int, float, bool, type(None), date})


def _plain_dict(obj: Any) -> dict[str, Any]:
    """`dataclasses.asdict` for the flat records here (scalars, lists of strings), without its
    recursive deep copy: the writer turns every event's actors, place and evidence into dicts
    several times, and asdict was a twentieth of its time. Lists are copied, as asdict copies
    them; anything else falls back to asdict."""
    cls = type(obj)
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in fields(obj))
    out: dict[str, Any] = {}
    for name in names:
        value = getattr(obj, name)
        kind = type(value)
        if kind is list and all(type(v) is str for v in value):
            value = list(value)
        elif kind not in _SCALARS:
            return asdict(obj)
        out[name] = value
    return out


@dataclass
class Article:
    """One news article. `text` is the body that is coded; `title` is kept beside it."""

    text: str
    title: str = ""
    published: date | None = None
    url: str | None = None
    source: str | None = None
    origin: str = ""  # where it was read from: a path, a URL, "-" for stdin
    id: str = ""
    encoding: str | None = None  # the guessed encoding of an input that was not UTF-8

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.title, self.text)

    def to_dict(self) -> dict[str, Any]:
        d = _plain_dict(self)
        d["published"] = self.published.isoformat() if self.published else None
        return d


@dataclass
class Actor:
    """Who an actor mention is. `country` is ISO 3166 alpha-3 or None when unknown."""

    text: str
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    kind: str | None = None  # person | organisation | country | group
    sectors: list[str] = field(default_factory=list)
    role: str | None = None
    kb_id: str | None = None
    start: int | None = None
    end: int | None = None
    country_from: str | None = None  # "article": the article's home country, not named for this actor

    def to_dict(self) -> dict[str, Any]:
        return _plain_dict(self)


@dataclass
class TimeValue:
    """A time expression normalised TIMEX3-style. `precision`: day, week, month, quarter,
    season, year, decade, century, duration, set, ref."""

    text: str
    value: str
    precision: str
    type: str = "DATE"  # DATE | TIME | DURATION | SET
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return _plain_dict(self)


@dataclass
class Place:
    """A resolved toponym with coordinates."""

    text: str
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    feature: str | None = None
    start: int | None = None
    end: int | None = None
    adm1: str | None = None  # GDELT-style ADM1 code (FIPS country + division), see where/admin.py

    def to_dict(self) -> dict[str, Any]:
        return _plain_dict(self)


@dataclass
class Evidence:
    """Where an event was read: the sentence and its offsets in the article text."""

    article_id: str
    sentence: str
    start: int
    end: int
    trigger: str = ""
    trigger_start: int | None = None
    trigger_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return _plain_dict(self)


@dataclass
class Event:
    """One coded event. See docs/event-record.md."""

    event_type: str
    evidence: Evidence
    factuality: str = "realized"
    mode: str | None = None
    contexts: list[str] = field(default_factory=list)
    source: list[Actor] = field(default_factory=list)
    target: list[Actor] = field(default_factory=list)
    object: dict[str, Any] | None = None
    date: TimeValue | None = None
    location: Place | None = None
    cameo: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    confidence: float = 0.0
    reporter: Actor | None = None
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            ev = self.evidence
            self.id = content_id(
                ev.article_id, str(ev.trigger_start), str(ev.start), self.event_type,
                ",".join(a.text for a in self.source), ",".join(a.text for a in self.target),
            )

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "event_type": self.event_type,
            "mode": self.mode,
            "factuality": self.factuality,
            "contexts": list(self.contexts),
            "source": [a.to_dict() for a in self.source],
            "target": [a.to_dict() for a in self.target],
            "object": self.object,
            "date": self.date.to_dict() if self.date else None,
            "location": self.location.to_dict() if self.location else None,
            "evidence": self.evidence.to_dict(),
            "cameo": self.cameo,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "confidence": round(self.confidence, 3),
            "reporter": self.reporter.to_dict() if self.reporter else None,
        }
