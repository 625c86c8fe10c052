"""The actor knowledge base: countries, organisations and people with dated roles.

Loaded once per process on first use (`get_kb()`), from the data files in
src/eventwatch/data/actors/ plus the user's additions file (`userfile.user_path()`), and
checked against the schema documented in docs/actors.md. Every lookup afterwards is a dict
access on precomputed indexes keyed by `text.norm`:

- `names`: full names and aliases of people, organisations and countries (with demonyms,
  capitals and seats of power) -> entries;
- `acronyms`: all-capitals aliases ("UN", "US", "IS"), matched case-sensitively;
- `surnames`: the short form a person is called by ("Putin", "Kim", "al-Assad") -> ids.
"""

from __future__ import annotations

import calendar
import csv
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from eventwatch.actors.sectors import DATA_DIR, lexicon
from eventwatch.actors.text import acronym_key, norm
from eventwatch.errors import E, EventwatchError

PEOPLE_COLUMNS = ("name", "country", "gender", "role", "start", "end", "sector", "aliases", "org")
ORG_KINDS = ("organisation", "group")
_PARTICLES = {
    "al",
    "el",
    "bin",
    "ibn",
    "bint",
    "de",
    "da",
    "do",
    "dos",
    "das",
    "del",
    "della",
    "la",
    "le",
    "van",
    "von",
    "der",
    "den",
    "zu",
    "di",
    "du",
    "abu",
    "abd",
    "ter",
}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "v", "vi", "x", "xiv", "xvi"}
_WESTERN_GIVEN = {
    "john",
    "joseph",
    "william",
    "wellington",
    "lawrence",
    "vivian",
    "carrie",
    "george",
    "peter",
    "david",
    "michael",
    "thomas",
    "james",
    "paul",
    "mary",
}
_lock = threading.Lock()


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

    def covers(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


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

    def role_on(self, on: date | None) -> Role | None:
        """The most senior office held on `on` (without a date: the current one)."""
        held = self.roles_on(on)
        return min(held, key=lambda r: (-r.rank, r.start or date.min)) if held else None

    def held_office_before(self, on: date | None) -> bool:
        if on is None:
            return bool(self.roles)
        return any(r.start is not None and r.start <= on for r in self.roles)

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


class KnowledgeBase:
    """Countries, organisations and people, with the indexes the resolver reads."""

    def __init__(self) -> None:
        self.countries: dict[str, Country] = {}
        self.orgs: dict[str, Organisation] = {}
        self.people: dict[str, Person] = {}
        self.names: dict[str, list[Entry]] = {}
        self.acronyms: dict[str, list[Entry]] = {}
        self.surnames: dict[str, list[str]] = {}
        self.max_len = 1
        self._person_key: dict[tuple[str, str | None], str] = {}

    # --- building -------------------------------------------------------------------
    def add_country(self, rec: dict[str, Any], origin: str) -> None:
        code = str(rec.get("code") or "").upper()
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise EventwatchError(
                E.RECORD_INVALID, name=origin, reason=f"country code {code!r} is not ISO alpha-3"
            )
        for key in ("aliases", "demonyms", "capitals", "seats", "regions"):
            if not isinstance(rec.get(key, []) or [], list):
                raise EventwatchError(
                    E.RECORD_INVALID, name=origin, reason=f"{code}: {key} must be a list"
                )
        if code in self.countries:  # user additions extend a country
            c = self.countries[code]
            for key in ("aliases", "demonyms", "capitals", "seats", "regions"):
                getattr(c, key).extend(rec.get(key) or [])
            return
        if not rec.get("name"):
            raise EventwatchError(E.RECORD_INVALID, name=origin, reason=f"{code}: missing name")
        self.countries[code] = Country(
            code=code,
            name=str(rec["name"]),
            aliases=list(rec.get("aliases") or []),
            demonyms=list(rec.get("demonyms") or []),
            capitals=list(rec.get("capitals") or []),
            seats=list(rec.get("seats") or []),
            regions=list(rec.get("regions") or []),
            family_first=rec.get("name_order") == "family-first",
        )

    def _check_country(self, code: Any, origin: str, who: str) -> str | None:
        if code in (None, ""):
            return None
        code = str(code).upper()
        if code not in self.countries:
            raise EventwatchError(
                E.RECORD_INVALID, name=origin, reason=f"{who}: unknown country code {code!r}"
            )
        return code

    def _check_sector(self, code: Any, origin: str, who: str) -> str | None:
        if code in (None, ""):
            return None
        code = str(code).upper()
        if code not in lexicon().codes:
            raise EventwatchError(
                E.RECORD_INVALID, name=origin, reason=f"{who}: unknown sector {code!r}"
            )
        return code

    def add_org(self, rec: dict[str, Any], origin: str, source: str = "builtin") -> Organisation:
        name = str(rec.get("name") or "").strip()
        if not name:
            raise EventwatchError(
                E.RECORD_INVALID, name=origin, reason="organisation without a name"
            )
        sector = self._check_sector(rec.get("sector"), origin, name)
        if sector is None:
            raise EventwatchError(E.RECORD_INVALID, name=origin, reason=f"{name}: missing sector")
        kind = rec.get("kind") or "organisation"
        if kind not in ORG_KINDS:
            raise EventwatchError(
                E.RECORD_INVALID, name=origin, reason=f"{name}: kind must be one of {ORG_KINDS}"
            )
        aliases = rec.get("aliases") or []
        if not isinstance(aliases, list):
            raise EventwatchError(
                E.RECORD_INVALID, name=origin, reason=f"{name}: aliases must be a list"
            )
        periods = []
        for p in rec.get("periods") or []:
            periods.append(
                (
                    parse_when(p.get("start"), origin=origin),
                    parse_when(p.get("end"), end=True, origin=origin),
                    self._check_sector(p.get("sector"), origin, name) or sector,
                )
            )
        org = Organisation(
            id=str(rec.get("id") or f"o:{slug(name)}"),
            name=name,
            country=self._check_country(rec.get("country"), origin, name),
            sector=sector,
            kind=kind,
            aliases=[str(a) for a in aliases],
            periods=periods,
            source=source,
        )
        self.orgs[org.id] = org
        return org

    def add_person(
        self,
        name: str,
        country: str | None,
        gender: str | None,
        aliases: Iterable[str],
        roles: Iterable[dict[str, Any]],
        origin: str,
        source: str = "builtin",
        pid: str | None = None,
    ) -> Person:
        """Add a person, or extend the one with the same name and country."""
        name = name.strip()
        if not name:
            raise EventwatchError(E.RECORD_INVALID, name=origin, reason="person without a name")
        country = self._check_country(country, origin, name)
        if gender not in (None, "", "m", "f"):
            raise EventwatchError(
                E.RECORD_INVALID, name=origin, reason=f"{name}: gender must be m, f or empty"
            )
        key = (norm(name), country)
        person = self.people.get(self._person_key.get(key, ""))
        if person is None:
            pid = pid or f"p:{slug(name)}"
            if pid in self.people:
                pid = f"{pid}-{(country or 'x').lower()}"
            person = Person(
                id=pid, name=name, country=country, gender=gender or None, source=source
            )
            self.people[pid] = person
            self._person_key[key] = pid
        elif gender and not person.gender:
            person.gender = gender
        for a in aliases:
            a = a.strip()
            if a and a not in person.aliases and a != person.name:
                person.aliases.append(a)
        lx = lexicon()
        for r in roles:
            title = str(r.get("role") or "").strip()
            if not title:
                continue
            start = parse_when(r.get("start"), origin=origin, what=f"{name}: start")
            end = parse_when(r.get("end"), end=True, origin=origin, what=f"{name}: end")
            if start and end and end < start:
                raise EventwatchError(
                    E.RECORD_INVALID, name=origin, reason=f"{name}: {title} ends before it starts"
                )
            sector = self._check_sector(r.get("sector"), origin, name) or lx.role_sector(title)
            role = Role(
                title, start, end, sector, lx.role_rank(title), (r.get("org") or None), norm(title)
            )
            if role not in person.roles:  # the same import twice adds nothing
                person.roles.append(role)
        return person

    def load_people_csv(self, path: Path, source: str = "builtin") -> int:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [
                c
                for c in ("name", "country", "role", "start", "end")
                if c not in (reader.fieldnames or [])
            ]
            if missing:
                raise EventwatchError(
                    E.RECORD_INVALID,
                    name=str(path),
                    reason=f"missing column(s) {', '.join(missing)}",
                )
            n = 0
            for i, row in enumerate(reader, start=2):
                where = f"{path}:{i}"
                self.add_person(
                    row.get("name") or "",
                    row.get("country"),
                    (row.get("gender") or "").strip() or None,
                    (row.get("aliases") or "").split("|"),
                    [
                        {
                            "role": row.get("role"),
                            "start": row.get("start"),
                            "end": row.get("end"),
                            "sector": row.get("sector"),
                            "org": row.get("org"),
                        }
                    ],
                    where,
                    source,
                )
                n += 1
        return n

    def load_additions(self, data: Any, origin: str) -> None:
        """The user file's (or an import's) `countries`, `organisations`, `people`."""
        if data is None:
            return
        if not isinstance(data, dict):
            raise EventwatchError(
                E.RECORD_INVALID, name=origin, reason="expected a mapping with people/organisations"
            )
        unknown = set(data) - {"version", "countries", "organisations", "people"}
        if unknown:
            raise EventwatchError(
                E.RECORD_INVALID,
                name=origin,
                reason=f"unknown section(s) {', '.join(sorted(unknown))}",
            )
        for rec in data.get("countries") or []:
            self.add_country(rec, origin)
        for rec in data.get("organisations") or []:
            self.add_org(rec, origin, source=origin)
        for rec in data.get("people") or []:
            if not isinstance(rec, dict):
                raise EventwatchError(
                    E.RECORD_INVALID, name=origin, reason=f"person entry {rec!r} is not a mapping"
                )
            roles = rec.get("roles") or []
            if not isinstance(roles, list):
                raise EventwatchError(
                    E.RECORD_INVALID, name=origin, reason=f"{rec.get('name')}: roles must be a list"
                )
            self.add_person(
                str(rec.get("name") or ""),
                rec.get("country"),
                rec.get("gender"),
                rec.get("aliases") or [],
                roles,
                origin,
                source=origin,
                pid=rec.get("id"),
            )

    # --- indexes --------------------------------------------------------------------
    def _index(self, text: str, entry: Entry) -> None:
        text = re.sub(r"^(the|The)\s+", "", text.strip())
        acr = acronym_key(text)
        if acr is not None and len(acr) <= 5:
            bucket = self.acronyms.setdefault(acr, [])
        else:
            key = norm(text)
            if not key:
                return
            bucket = self.names.setdefault(key, [])
            self.max_len = max(self.max_len, len(key.split()))
        if entry not in bucket:
            bucket.append(entry)

    def build_indexes(self) -> None:
        self.names.clear()
        self.acronyms.clear()
        self.surnames.clear()
        for p in self.people.values():
            self._index(p.name, Entry("person", p.id, "name"))
            for a in p.aliases:
                self._index(a, Entry("person", p.id, "alias"))
            fam = bool(p.country and self.countries[p.country].family_first)
            for key in short_keys(p.name, fam):
                ids = self.surnames.setdefault(key, [])
                if p.id not in ids:
                    ids.append(p.id)
        for o in self.orgs.values():
            self._index(o.name, Entry("org", o.id, "name"))
            for a in o.aliases:
                self._index(a, Entry("org", o.id, "alias"))
        for c in self.countries.values():
            self._index(c.name, Entry("country", c.code, "name"))
            for how, values in (
                ("alias", c.aliases),
                ("demonym", c.demonyms),
                ("capital", c.capitals),
                ("seat", c.seats),
                ("region", c.regions),
            ):
                for v in values:
                    self._index(v, Entry("country", c.code, how))
            for d in c.demonyms:  # "Russians", "the Palestinians": the people of a country
                if (
                    d[-1:].isalpha()
                    and not d.endswith(("s", "ese", "sh", "ch", "i"))
                    and " " not in d
                ):
                    self._index(d + "s", Entry("country", c.code, "people"))

    # --- queries --------------------------------------------------------------------
    def lookup(self, text: str) -> list[Entry]:
        """Entries a name or alias (any case; all-capital aliases case-sensitively) points at."""
        text = re.sub(r"^(the|The)\s+", "", text.strip())
        acr = acronym_key(text)
        hits = list(self.acronyms.get(acr, [])) if acr else []
        return hits + [e for e in self.names.get(norm(text), []) if e not in hits]

    def country_name(self, code: str | None) -> str | None:
        c = self.countries.get(code or "")
        return c.name if c else None


def short_keys(name: str, family_first: bool = False) -> list[str]:
    """The short forms a person is called by: "Vladimir Putin" -> ["putin"], "Kim Jong Un"
    -> ["kim"], "Bashar al-Assad" -> ["assad", "al assad"], "Salman bin Abdulaziz" ->
    ["salman"]; none for one-word names ("Francis", "Charles III")."""
    toks = [t for t in norm(name).split() if t not in _SUFFIXES]
    if len(toks) < 2:
        return []
    if "bin" in toks or "ibn" in toks or "bint" in toks:
        i = next(i for i, t in enumerate(toks) if t in ("bin", "ibn", "bint"))
        return [toks[0], " ".join(toks[i:])]
    if family_first and toks[0] not in _WESTERN_GIVEN:
        return [toks[0]]
    keys = [toks[-1]]
    if len(toks) >= 3 and toks[-2] in _PARTICLES:
        keys.append(" ".join(toks[-2:]))
    return keys


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise EventwatchError(
            E.RECORD_INVALID, name=str(path), reason=f"not valid YAML ({exc})"
        ) from exc
    except OSError as exc:
        raise EventwatchError(
            E.INPUT_UNREADABLE, name=str(path), reason=exc.strerror or str(exc)
        ) from exc


def load(data_dir: Path = DATA_DIR, user_file: Path | None = None) -> KnowledgeBase:
    """Read and check every knowledge-base file; build the indexes."""
    kb = KnowledgeBase()
    cpath = data_dir / "countries.yaml"
    cdata = _read_yaml(cpath)
    if not isinstance(cdata, dict) or not isinstance(cdata.get("countries"), list):
        raise EventwatchError(
            E.RECORD_INVALID, name=str(cpath), reason="expected a 'countries' list"
        )
    for rec in cdata["countries"]:
        kb.add_country(rec, str(cpath))
    opath = data_dir / "organisations.yaml"
    odata = _read_yaml(opath)
    if not isinstance(odata, dict) or not isinstance(odata.get("organisations"), list):
        raise EventwatchError(
            E.RECORD_INVALID, name=str(opath), reason="expected an 'organisations' list"
        )
    for rec in odata["organisations"]:
        kb.add_org(rec, str(opath))
    for path in sorted((data_dir / "people").glob("*.csv")):
        kb.load_people_csv(path)
    if user_file is not None and user_file.exists():
        kb.load_additions(_read_yaml(user_file), str(user_file))
    kb.build_indexes()
    return kb


@lru_cache(maxsize=1)
def _cached() -> KnowledgeBase:
    from eventwatch.actors.userfile import user_path

    return load(user_file=user_path())


def get_kb() -> KnowledgeBase:
    """The process's knowledge base (built-in files plus the user's additions), loaded once."""
    with _lock:
        return _cached()


def reload() -> KnowledgeBase:
    """Forget the loaded knowledge base (after the user file changed) and load it again."""
    with _lock:
        _cached.cache_clear()
        from eventwatch.actors import resolver

        resolver.clear_caches()
        return _cached()
