"""The knowledge base's records: countries, organisations, people and their dated roles.

Plain data with no loading and no indexes (those are `kb.KnowledgeBase` and `loader`).
A role's `end` may be a lower bound (`end_known=False`): an imported dictionary saw the office
still held when it was made, so the role is known to last *until at least* that day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from eventwatch.actors.text import norm
from eventwatch.errors import E, EventwatchError


def parse_when(
    value: Any, *, end: bool = False, origin: str = "", what: str = "date"
) -> date | None:
    """`2024`, `2024-12` or `2024-12-31` -> a date (the last day of the period when `end`)."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text)
    if not m:
        raise EventwatchError(
            E.RECORD_INVALID, name=origin, reason=f"{what} {text!r} is not YYYY[-MM[-DD]]"
        )
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d:
            return date(y, int(mo), int(d))
        if mo:
            mo_i = int(mo)
            return date(y, mo_i, calendar.monthrange(y, mo_i)[1] if end else 1)
        return date(y, 12, 31) if end else date(y, 1, 1)
    except ValueError as exc:
        raise EventwatchError(
            E.RECORD_INVALID, name=origin, reason=f"{what} {text!r}: {exc}"
        ) from exc


@dataclass(frozen=True)
class Role:
    """An office held from `start` to `end` (None: open). `org` names an IGO or group."""

    title: str
    start: date | None
    end: date | None
    sector: str
    rank: int
    org: str | None = None
    key: str = ""  # the title as a lookup key (text.norm)
    code: str = ""  # the CAMEO code of an imported role ("DEUGOV", "IGOUNO")
    end_known: bool = True  # False: held "until at least" `end` (an imported open tenure)

    def covers(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass
class Person:
    id: str
    name: str
    country: str | None
    gender: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    source: str = "builtin"

    def roles_on(self, on: date | None) -> list[Role]:
        if on is None:
            return [r for r in self.roles if r.end is None]
        return [r for r in self.roles if r.covers(on)]

    def held_office_before(self, on: date | None) -> bool:
        if on is None:
            return bool(self.roles)
        return any(r.start is not None and r.start <= on for r in self.roles)

    def role_on(self, on: date | None) -> Role | None:
        """The most senior office held on `on` (without a date: the current one); a dated
        role wins over an imported undated default (`[DEUELI]`: "any other time")."""
        held = self.roles_on(on)
        if not held:
            return None
        return min(held, key=lambda r: (not r.dated, -r.rank, r.start or date.min))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "country": self.country,
            "gender": self.gender,
            "aliases": list(self.aliases),
            "source": self.source,
            "roles": [
                {
                    "role": r.title,
                    "start": r.start.isoformat() if r.start else None,
                    "end": r.end.isoformat() if r.end else None,
                    "sector": r.sector,
                    **({"org": r.org} if r.org else {}),
                    **({"code": r.code} if r.code else {}),
                    **({"end_known": False} if not r.end_known else {}),
                }
                for r in self.roles
            ],
        }


@dataclass
class Organisation:
    id: str
    name: str
    country: str | None
    sector: str
    kind: str = "organisation"
    aliases: list[str] = field(default_factory=list)
    periods: list[tuple[date | None, date | None, str]] = field(default_factory=list)
    source: str = "builtin"
    code: str = ""  # CAMEO code ("IGOUNO", "PSEREB"), from the imported dictionaries

    def sector_on(self, on: date | None) -> str:
        when = on or date.today()
        for start, end, sector in self.periods:
            if (start is None or start <= when) and (end is None or when <= end):
                return sector
        return self.sector

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "source": self.source,
            **({"code": self.code} if self.code else {}),
        }


@dataclass
class Country:
    code: str
    name: str
    aliases: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    capitals: list[str] = field(default_factory=list)
    seats: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    family_first: bool = False

    @property
    def id(self) -> str:
        return f"c:{self.code}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "code": self.code,
            "name": self.name,
            "aliases": self.aliases,
            "demonyms": self.demonyms,
            "capitals": self.capitals,
            "seats": self.seats,
            "regions": self.regions,
        }


@dataclass(frozen=True)
class Entry:
    """One index hit: what (`type` person | org | country), which (`id`), and how it was
    named (`how`: name | alias | demonym | capital | seat)."""

    type: str
    id: str
    how: str = "name"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", norm(text)).strip("-")
