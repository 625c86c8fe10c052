"""The imported dictionaries (data/actors/imported/, written by scripts/convert_phoenix.py).

Phoenix people, organisations and country names are added to a knowledge base after the
curated files, and lose every conflict: a Phoenix person whose name or a multi-word alias
is a curated person's is skipped whole (the curated tenures are newer), and the indexes only
take an imported name that nothing curated uses (`kb.build_indexes`). A role the dictionary
saw still held (an end written `2014-01-30+`) is kept dated, ending "until at least" then;
after that day the entry's undated default applies (Phoenix writes `[DEUELI]` for "any
other time"), else the person has no office on that date.

The files are plain TSV read with `str.split`: about 22k entries load in a fraction of a
second (docs/benchmarks.md).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from eventwatch.actors.cameo import IGO_NAMES, split_code
from eventwatch.actors.kb import IMPORTED, KnowledgeBase
from eventwatch.actors.model import Organisation, Person, Role
from eventwatch.actors.text import norm
from eventwatch.dates import parse_date
from eventwatch.errors import E, EventwatchError

PEOPLE = "phoenix_people.tsv"
ORGS = "phoenix_orgs.tsv"
PLACES = "phoenix_places.tsv"
AGENTS = "phoenix_agents.tsv"
RANKS = {"GOV": 6, "MIL": 5, "COP": 5, "JUD": 5, "LEG": 5, "SPY": 5, "IGO": 6, "ELI": 0}


def _rows(path: Path, columns: int) -> list[list[str]]:
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except OSError as exc:
        raise EventwatchError(
            E.INPUT_UNREADABLE, name=str(path), reason=exc.strerror or str(exc)
        ) from exc
    out = []
    for i, line in enumerate(lines[1:], start=2):
        if not line:
            continue
        cells = line.split("\t")
        if len(cells) != columns:
            raise EventwatchError(
                E.RECORD_INVALID, name=f"{path}:{i}", reason=f"expected {columns} columns"
            )
        out.append(cells)
    return out


def _day(text: str) -> date | None:
    return None if text == "-" else parse_date(text)


def parse_roles(spec: str, countries: frozenset[str]) -> list[Role]:
    """`DEUGOV 2005-11-22 2014-01-30+;DEUELI - -` -> dated roles (the `+`: until at least)."""
    roles: list[Role] = []
    for item in spec.split(";"):
        code, start, end = item.split(" ")
        _, sector, org = split_code(code, countries)
        roles.append(
            Role(
                code,
                _day(start),
                _day(end.rstrip("+")),
                sector or "ELI",
                RANKS.get(sector or "", 4),
                IGO_NAMES.get(org or "", org) if sector == "IGO" else None,
                code.lower(),
                code,
                not end.endswith("+"),
            )
        )
    return roles


class ImportedPerson(Person):
    """A Phoenix person whose roles are parsed from the TSV on first use: most of the 18k
    are never asked about in a run, and parsing them all would double the load time."""

    def __getattr__(self, name: str) -> object:
        if name == "roles":
            roles = parse_roles(self.__dict__["_spec"], self.__dict__["_countries"])
            self.__dict__["roles"] = roles
            return roles
        raise AttributeError(name)


def load_imported(kb: KnowledgeBase, folder: Path) -> int:
    """Add the imported records in `folder` to `kb` (before `build_indexes`); how many."""
    if not (folder / PEOPLE).exists():
        return 0
    countries = frozenset(kb.countries)
    curated: set[str] = set()
    for p in kb.people.values():
        curated.add(norm(p.name))
        curated.update(norm(a) for a in p.aliases if " " in a)
    n = 0
    for pid, name, country, aliases, keys, spec in _rows(folder / PEOPLE, 6):
        key_list = keys.split("|") if keys else []
        if any(k in curated for k in key_list) or pid in kb.people:
            continue  # the curated files know this person (with newer tenures)
        person = ImportedPerson.__new__(ImportedPerson)  # roles are read on first use
        person.__dict__.update(
            id=pid,
            name=name,
            country=country or None,
            gender=None,
            aliases=aliases.split("|") if aliases else [],
            source=IMPORTED,
            _spec=spec,
            _countries=countries,
        )
        kb.people[pid] = person
        kb.imported_people.append(person)
        kb.imported_keys.append(("person", pid, key_list))
        n += 1
    for oid, name, aliases, code, keys in _rows(folder / ORGS, 5):
        if oid in kb.orgs:
            continue
        country, sector, _ = split_code(code, countries)
        org = Organisation(
            oid,
            name,
            country,
            sector or "GOV",
            "group" if sector in ("REB", "INS") else "organisation",
            aliases.split("|") if aliases else [],
            [],
            IMPORTED,
            code,
        )
        kb.orgs[oid] = org
        kb.imported_orgs.append(org)
        kb.imported_keys.append(("org", oid, keys.split("|") if keys else []))
        n += 1
    for _name, iso, keys in _rows(folder / PLACES, 3):
        if iso in countries and keys:
            kb.imported_keys.append(("country", iso, keys.split("|")))
            n += 1
    _codes_for_curated(kb)
    return n


def _codes_for_curated(kb: KnowledgeBase) -> None:
    """A curated organisation named like an imported one takes its CAMEO code ("United
    Nations" -> IGOUNO), so the field's code is there beside the project's fields."""
    by_name: dict[str, str] = {}
    for o in kb.imported_orgs:
        for n in (o.name, *o.aliases):
            by_name.setdefault(norm(n), o.code)
    for o in kb.orgs.values():
        if o.source == IMPORTED or o.code:
            continue
        for n in (o.name, *o.aliases):
            code = by_name.get(norm(n))
            if code:
                o.code = code
                break
