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

from collections import Counter
from datetime import date
from pathlib import Path

from eventwatch.actors.cameo import IGO_NAMES, split_code
from eventwatch.actors.kb import IMPORTED, KnowledgeBase
from eventwatch.actors.model import Organisation, Person, Role, slug
from eventwatch.actors.text import norm
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
    return None if text == "-" else date.fromisoformat(text)


def _roles(spec: str, countries: frozenset[str]) -> tuple[list[Role], str | None]:
    roles: list[Role] = []
    seen: Counter[str] = Counter()
    for item in spec.split(";"):
        code, start, end = item.split(" ")
        country, sector, org = split_code(code, countries)
        if country:
            seen[country] += 1
        known = not end.endswith("+")
        role = Role(
            title=code,
            start=_day(start),
            end=_day(end.rstrip("+")),
            sector=sector or "ELI",
            rank=RANKS.get(sector or "", 4),
            org=IGO_NAMES.get(org or "", org) if sector == "IGO" else None,
            key=code.lower(),
            code=code,
            end_known=known,
        )
        roles.append(role)
    return roles, (seen.most_common(1)[0][0] if seen else None)


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
    for name, aliases, spec in _rows(folder / PEOPLE, 3):
        alias_list = [a for a in aliases.split("|") if a]
        if norm(name) in curated or any(norm(a) in curated for a in alias_list if " " in a):
            continue
        roles, country = _roles(spec, countries)
        pid = f"x:{slug(name)}"
        if pid in kb.people:
            pid = f"{pid}-{(country or 'x').lower()}"
        person = Person(pid, name, country, None, alias_list, roles, IMPORTED)
        kb.people[pid] = person
        kb.imported_people.append(person)
        n += 1
    for name, aliases, code in _rows(folder / ORGS, 3):
        country, sector, org_chunk = split_code(code, countries)
        oid = f"x:{slug(name)}"
        if oid in kb.orgs:
            continue
        org = Organisation(
            oid,
            name,
            country,
            sector or "GOV",
            "group" if sector in ("REB", "INS") else "organisation",
            [a for a in aliases.split("|") if a],
            [],
            IMPORTED,
            code,
        )
        kb.orgs[oid] = org
        kb.imported_orgs.append(org)
        n += 1
    for name, code in _rows(folder / PLACES, 2):
        iso = code[3:6] if len(code) == 6 and code[3:6] in countries else code[:3]
        if iso in countries:
            kb.places.append((name, iso))
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
