"""The actor knowledge base's indexes: countries, organisations and people by name.

Built by `loader.load()` from the data files in src/eventwatch/data/actors/ plus the user's
additions file, and checked against the schema documented in docs/actors.md. Every lookup
afterwards is a dict access on precomputed indexes keyed by `text.norm`:

- `names`: full names and aliases of people, organisations and countries (with demonyms,
  capitals and seats of power) -> entries;
- `acronyms`: all-capitals aliases ("UN", "US", "IS"), matched case-sensitively;
- `surnames`: the short form a person is called by ("Putin", "Kim", "al-Assad") -> ids.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from eventwatch.actors.model import Country, Entry, Organisation, Person, Role, parse_when, slug
from eventwatch.actors.sectors import lexicon
from eventwatch.actors.text import acronym_key, norm
from eventwatch.errors import E, EventwatchError

__all__ = ["Country", "Entry", "KnowledgeBase", "Organisation", "Person", "Role", "short_keys"]

PEOPLE_COLUMNS = ("name", "country", "gender", "role", "start", "end", "sector", "aliases", "org")
ORG_KINDS = ("organisation", "group")
IMPORTED = "phoenix"  # the `source` of records from the imported dictionaries
# never a name by surface form: "I" is not Juan Carlos I, "we" is not an organisation
PRONOUNS = frozenset(
    [
        "i",
        "me",
        "my",
        "he",
        "him",
        "his",
        "she",
        "her",
        "we",
        "us",
        "our",
        "they",
        "them",
        "their",
        "it",
        "its",
        "you",
        "your",
    ]
)
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
_SUFFIXES = {"jr", "sr", "i", "ii", "iii", "iv", "v", "vi", "x", "xiv", "xvi"}
# given names that stand first in a family-first name ("Carrie Lam"): a data file
_WESTERN_GIVEN = frozenset(
    ln.strip()
    for ln in (Path(__file__).resolve().parents[1] / "data" / "actors" / "western_given_names.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if ln.strip() and not ln.startswith("#")
)


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
        # imported (Phoenix) records: indexed after the curated ones, only under names the
        # curated files do not use ("curated wins")
        self.imported_people: list[Person] = []
        self.imported_orgs: list[Organisation] = []
        # (entry type, id, index keys; "^KEY" an acronym key) of imported records
        self.imported_keys: list[tuple[str, str, list[str]]] = []

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
        code = "PTY" if code == "POL" else code  # the old name of the parties' code
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

    def load_orgs_csv(self, path: Path) -> int:
        """A curated organisations CSV (`name,country,sector,kind,aliases`, aliases separated
        by `|`); a name the knowledge base already holds keeps its earlier record and gains
        the new aliases."""
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if "name" not in (reader.fieldnames or []) or "sector" not in (reader.fieldnames or []):
                raise EventwatchError(
                    E.RECORD_INVALID, name=str(path), reason="needs 'name' and 'sector' columns"
                )
            n = 0
            for i, row in enumerate(reader, start=2):
                rec = {k: (v or "").strip() for k, v in row.items() if k}
                aliases = [a for a in rec.get("aliases", "").split("|") if a.strip()]
                known = self.orgs.get(f"o:{slug(rec.get('name', ''))}")
                if known is not None:
                    known.aliases.extend(a for a in aliases if a not in known.aliases)
                    continue
                rec["aliases"] = aliases
                rec["country"] = rec.get("country") or None
                self.add_org(rec, f"{path}:{i}")
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
    def _index(self, text: str, entry: Entry, weak: bool = False) -> None:
        """Index `text` -> `entry`; a `weak` (imported) entry only under an unused name."""
        found = index_key(text)
        if found is not None:
            self._put(found[0], found[1], entry, weak)

    def _put(self, key: str, acronym: bool, entry: Entry, weak: bool = False) -> None:
        index = self.acronyms if acronym else self.names
        bucket = index.get(key)
        if bucket is None:
            bucket = index[key] = []
            if not acronym:
                self.max_len = max(self.max_len, key.count(" ") + 1)
        elif weak:
            return
        if entry not in bucket:
            bucket.append(entry)

    def build_indexes(self) -> None:
        self.names.clear()
        self.acronyms.clear()
        self.surnames.clear()
        for p in self.people.values():
            if p.source == IMPORTED:
                continue
            self._index(p.name, Entry("person", p.id, "name"))
            for a in p.aliases:
                self._index(a, Entry("person", p.id, "alias"))
            fam = bool(p.country and self.countries[p.country].family_first)
            for key in short_keys(p.name, fam):
                if key in PRONOUNS:  # "He Lifeng" is not "he"
                    continue
                ids = self.surnames.setdefault(key, [])
                if p.id not in ids:
                    ids.append(p.id)
        for o in self.orgs.values():
            if o.source == IMPORTED:
                continue
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
        # imported records come with their keys computed by the converter (`index_key`)
        for kind, rid, keys in self.imported_keys:
            for i, k in enumerate(keys):  # the first key is the record's name
                how = "place" if kind == "country" else "name" if i == 0 else "alias"
                entry = Entry(kind, rid, how)
                if k[0] == "^":
                    self._put(k[1:], True, entry, weak=True)
                else:
                    self._put(k, False, entry, weak=True)

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


def index_key(text: str) -> tuple[str, bool] | None:
    """The index key of a name and whether it is a case-sensitive acronym ("UN", "U.S."),
    or None for nothing indexable (an empty name, a pronoun)."""
    text = re.sub(r"^(the|The)\s+", "", text.strip())
    acr = acronym_key(text)
    if acr is not None and len(acr) <= 5:
        return None if acr == "I" else (acr, True)  # "I": a regnal number or the pronoun
    key = norm(text)
    return None if not key or key in PRONOUNS else (key, False)


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
