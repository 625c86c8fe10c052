"""Choosing among namesakes and office-holders, and reading a known person on a date."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from eventwatch import resources
from eventwatch.actors.cameo import igo_code
from eventwatch.actors.context import Context, Resolution
from eventwatch.actors.kb import KnowledgeBase, Person
from eventwatch.actors.loader import get_kb
from eventwatch.actors.sectors import Term, lexicon
from eventwatch.actors.text import norm


def choose_person(
    ids: Iterable[str],
    on: date | None,
    ctx: Context,
    country: str | None = None,
    title: str | None = None,
) -> Person | None:
    """The person a short form or namesake means on `on`, in context; None if unclear."""
    kb = get_kb()
    cands = [kb.people[i] for i in dict.fromkeys(ids) if i in kb.people]
    if country:
        cands = [p for p in cands if p.country == country] or cands
    if title:
        pats = lexicon().title_patterns(title)
        titled = [p for p in cands if any(pt.search(r.key) for r in p.roles_on(on) for pt in pats)]
        cands = titled or cands
    if len(cands) <= 1:
        return cands[0] if cands else None
    office = [p for p in cands if p.roles_on(on)]
    before = [p for p in cands if p.id in ctx.before]

    def salient(ps: list[Person]) -> Person:
        return max(ps, key=lambda p: ctx.before.get(p.id, (0, -1)))

    ob = [p for p in office if p.id in ctx.before]
    if ob:
        return salient(ob)
    historical = bool(on and ctx.published and abs((on - ctx.published).days) > 366)
    if before and not historical:
        return salient(before)
    oa = [p for p in office if p.id in ctx.anywhere]
    if len(oa) == 1:
        return oa[0]
    pool = oa or office
    if pool:

        def score(p: Person) -> tuple[int, int]:
            role = p.role_on(on)
            return (ctx.countries.get(p.country or "", 0), role.rank if role else 0)

        ranked = sorted(pool, key=score, reverse=True)
        if len(ranked) == 1 or score(ranked[0]) > score(ranked[1]):
            return ranked[0]
        return None
    if before:
        return salient(before)
    return None


def office_holder(
    country: str | None,
    title: str,
    on: date | None,
    ctx: Context,
    org_keys: frozenset[str] = frozenset(),
) -> Person | None:
    """Who held the office `title` ("president", "leader", "foreign minister") of `country`
    (or of the organisation named by `org_keys`) on `on`."""
    kb, lx = get_kb(), lexicon()
    key = norm(title)
    pats = lx.title_patterns(key)
    if key == "leader" and country in lx.pm_led:
        pats = [
            p for p in pats if "prime minister" in p.pattern or "chancellor" in p.pattern
        ] + pats
    best: tuple[tuple[int, int, int], Person] | None = None
    tie = False
    for p in _people_of(kb, country, org_keys):
        for r in p.roles_on(on):
            if org_keys and (r.org is None or norm(r.org) not in org_keys):
                continue
            hit = next((k for k, pt in enumerate(pats) if pt.search(r.key)), None)
            if hit is None:
                continue
            score = (1 if p.id in ctx.before else 0, -hit, r.rank)
            if best is None or score > best[0]:
                best, tie = (score, p), False
            elif score == best[0] and best[1].id != p.id:
                tie = True
    if best is None or tie:
        return None
    return best[1]


def _by_country() -> dict[str | None, tuple[Person, ...]]:
    return resources.current().get("kb.by_country", _group_by_country)


def _group_by_country() -> dict[str | None, tuple[Person, ...]]:
    groups: dict[str | None, list[Person]] = {}
    for p in get_kb().people.values():
        groups.setdefault(p.country, []).append(p)
    return {k: tuple(v) for k, v in groups.items()}


def _people_of(
    kb: KnowledgeBase, country: str | None, org_keys: frozenset[str]
) -> Iterable[Person]:
    if org_keys:
        return kb.people.values()
    return _by_country().get(country, ()) if country else ()


# --- reading the pieces --------------------------------------------------------------
def person_resolution(
    p: Person, on: date | None, terms: list[Term] | None = None, title: str | None = None
) -> Resolution:
    """A known person as of `on`: the office held then (preferring one matching `title`)."""
    lx = lexicon()
    held = p.roles_on(on)
    role = None
    if title and held:
        pats = lx.title_patterns(title)
        role = next(
            (
                r
                for r in sorted(held, key=lambda r: -r.rank)
                if any(pt.search(r.key) for pt in pats)
            ),
            None,
        )
    role = role or p.role_on(on)
    country = p.country
    if role is not None:
        sector, role_title = role.sector, role.title
        if role.sector == "IGO":
            country = None
            if role.org:
                role_title = (
                    f"{role.title} ({role.org})" if role.org not in role.title else role.title
                )
    elif p.held_office_before(on):
        sector, role_title = "ELI", None
    else:
        strong = [t for t in terms or [] if not t.generic]
        sector, role_title = ((strong or terms or [None])[-1].sector if terms else None), None
    sectors = [sector] if sector else []
    for t in terms or []:
        if t.sector not in sectors and not t.generic:
            sectors.append(t.sector)
    code = role.code if role is not None and role.code else None
    if role is not None and role.sector == "IGO" and not code:
        code = igo_code(role.org)
    if role is not None and role.code:  # imported: the code says it (no office title)
        role_title = role.org if role.sector == "IGO" else None
    return Resolution(p.name, "person", country, sector, sectors, role_title, p.id, p.gender, code)


