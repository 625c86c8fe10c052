"""One mention -> who it is on a date: `{name, kind, country, sector, sectors, role, kb_id}`.

A mention ("South Korea's Defense Ministry spokesman Jeon Ha-kyou") is cut into pieces by
longest match against the knowledge-base indexes and the sector lexicon: known people,
organisations and countries (names, demonyms, capitals, seats of power), sector words
("Defense Ministry", "spokesman", "state media"), and runs of capitalised words that name
someone the knowledge base does not know. The pieces are then read in order of precedence:
a known person, an unknown named person typed by title and nationality, a surname
("Kim": the right Kim for the date and the document), an organisation, a description by
title ("the North Korean leader": the office-holder on the date), a sector noun
("regional officials": country from the document when the noun is local), a country or a
place. A `Context` carries what the surrounding text says (who was named before, which
countries it is about); `coref.DocActors` builds one per document.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any

from eventwatch.actors.cities import city_country
from eventwatch.actors.kb import Entry, KnowledgeBase, Person, get_kb
from eventwatch.actors.sectors import Lexicon, Term, lexicon
from eventwatch.actors.text import Tok, acronym_key, norm, tokens

CONTEXT_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "SPY"})
NOT_CURRENT = frozenset({"former", "ex", "late", "deceased", "slain", "ousted", "exiled", "then"})
NOT_HOLDER = frozenset(
    {
        "deputy",
        "vice",
        "assistant",
        "acting",
        "first",
        "senior",
        "a",
        "an",
        "another",
        "two",
        "three",
        "several",
        "some",
        "many",
    }
)
INNER_TITLES = frozenset({"cardinal", "sheikh", "prince", "mullah"})  # "X Cardinal Y"
CLAUSE_WORDS = frozenset(
    {
        "who",
        "which",
        "that",
        "whose",
        "aligned",
        "including",
        "and",
        "or",
        "owned",
        "run",
        "controlled",
        "backed",
        "supported",
        "affiliated",
        "linked",
    }
)


@dataclass
class Resolution:
    """Who a mention is. `kind`: person | organisation | country | group."""

    name: str | None = None
    kind: str | None = None
    country: str | None = None
    sector: str | None = None
    sectors: list[str] = field(default_factory=list)
    role: str | None = None
    kb_id: str | None = None
    gender: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "country": self.country,
            "sector": self.sector,
            "sectors": list(self.sectors),
            "role": self.role,
            "kb_id": self.kb_id,
        }


@dataclass
class Context:
    """What the text around a mention says.

    `before`: people named before the mention -> (times named, offset of the last naming);
    `anywhere`: people named anywhere in the document; `countries`: how often each country is
    referred to; `near_country`: the nearest country reference before the mention (same or
    previous sentence); `unknown`: people the knowledge base does not know, by name key and
    short form ("jeon" -> Jeon Ha-kyou's resolution); `published`: the article's date.
    """

    before: dict[str, tuple[int, int]] = field(default_factory=dict)
    anywhere: frozenset[str] = frozenset()
    countries: dict[str, int] = field(default_factory=dict)
    near_country: str | None = None
    unknown: dict[str, Resolution] = field(default_factory=dict)
    published: date | None = None

    @property
    def main_country(self) -> str | None:
        if not self.countries:
            return None
        ranked = sorted(self.countries.items(), key=lambda kv: -kv[1])
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return None
        return ranked[0][0]


EMPTY = Context()


@dataclass(frozen=True)
class Piece:
    """A matched stretch of a mention. `type`: person | org | country | term | surname | cap
    | word; `entries` for index hits, `term` for sector words."""

    type: str
    text: str
    key: str
    start: int
    end: int
    possessive: bool = False
    entries: tuple[Entry, ...] = ()
    term: Term | None = None


# --- parsing ---------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _prefixes() -> frozenset[str]:
    """Every word-boundary prefix of every indexed name and sector phrase: a scan stops
    extending a phrase as soon as it is no prefix of anything."""
    out: set[str] = set()
    for key in list(get_kb().names) + list(lexicon().terms):
        words = key.split()
        for k in range(1, len(words) + 1):
            out.add(" ".join(words[:k]))
    return frozenset(out)


@lru_cache(maxsize=50_000)
def parse(text: str) -> tuple[Piece, ...]:
    """The pieces of a mention, by longest match (names before sector words at equal length)."""
    kb, lx = get_kb(), lexicon()
    prefixes = _prefixes()
    toks = tokens(text)
    out: list[Piece] = []
    i, n = 0, len(toks)
    longest = max(kb.max_len, lx.max_len)
    while i < n:
        piece, end = None, i + 1
        plain: list[str] = []
        full: list[str] = []
        plain_ok = True
        for j in range(i + 1, min(n, i + longest) + 1):
            t = toks[j - 1]
            plain_key = " ".join([*plain, t.key])
            full_key = " ".join([*full, t.key])
            if j == i + 1 or (plain_ok and (plain_key in kb.names or plain_key in lx.terms)):
                found = _match(text, toks, i, j, kb, lx)
                if found is not None:
                    piece, end = found, j
            elif not plain_ok and full_key in kb.names:
                found = _match(text, toks, i, j, kb, lx, inner_possessive=True)
                if found is not None:
                    piece, end = found, j
            if t.possessive:
                plain_ok = False
            plain.append(t.key)
            full.append(t.full_key or t.key)
            if (not plain_ok or " ".join(plain) not in prefixes) and " ".join(full) not in prefixes:
                break
        if piece is not None:
            i = end
        else:
            t = toks[i]
            kind = "word"
            if t.capitalised or t.key.startswith(("al ", "el ")):
                kind = "surname" if _surname_ids(kb, t.key) else "cap"
            piece = Piece(kind, t.text, t.key, t.start, t.end, t.possessive)
            i += 1
        out.append(piece)
    return tuple(out)


def _named_piece(entries: list[Entry], orig: str, key: str, first: Tok, last: Tok) -> Piece:
    """A piece naming knowledge-base entries: people win over organisations over countries."""
    types = {e.type for e in entries}
    kind = "person" if "person" in types else "org" if "org" in types else "country"
    return Piece(
        kind, orig, key, first.start, last.end, last.possessive,
        tuple(e for e in entries if e.type == kind),
    )


def _match(
    text: str,
    toks: list[Tok],
    i: int,
    j: int,
    kb: KnowledgeBase,
    lx: Lexicon,
    inner_possessive: bool = False,
) -> Piece | None:
    """A piece for toks[i:j], or None. A possessive inside ("Korean People's Army") only
    joins a name that is indexed with it."""
    first, last = toks[i], toks[j - 1]
    orig = text[first.start : last.end]
    if inner_possessive:
        key = " ".join([t.full_key for t in toks[i : j - 1]] + [last.key])
        entries = list(kb.names.get(key, [])) if first.capitalised else []
        return _named_piece(entries, orig, key, first, last) if entries else None
    key = " ".join(t.key for t in toks[i:j])
    acr = acronym_key(orig) if j == i + 1 and len(orig) <= 8 and not orig.islower() else None
    entries: list[Entry] = list(kb.acronyms.get(acr, [])) if acr else []
    if not entries and (first.capitalised or first.key.split()[0] in ("al", "el")):
        entries = list(kb.names.get(key, []))
    if entries:
        return _named_piece(entries, orig, key, first, last)
    term = lx.term(key)
    if (
        term is None and key.endswith("s") and len(key) > 3
    ):  # "army commanders": a plural of a person word
        single = lx.term(key[:-1])
        if single is not None and single.kind == "person":
            term = Term(key, single.sector, "group", single.generic, single.local)
    if term is not None:
        return Piece("term", orig, key, first.start, last.end, last.possessive, term=term)
    return None


def _surname_ids(kb: KnowledgeBase, key: str) -> list[str]:
    ids = kb.surnames.get(key)
    if ids is None and key.startswith(("al ", "el ")):
        ids = kb.surnames.get(key[3:])
    return ids or []


# --- choosing among namesakes --------------------------------------------------------
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


@lru_cache(maxsize=1)
def _by_country() -> dict[str | None, tuple[Person, ...]]:
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
    return Resolution(p.name, "person", country, sector, sectors, role_title, p.id, p.gender)


def resolve_text(
    text: str,
    on: date | None = None,
    ctx: Context = EMPTY,
    person_hint: bool = False,
    allow_city: bool = True,
) -> Resolution | None:
    """Resolve one mention. `person_hint`: the parser tagged it a person name."""
    kb = get_kb()
    if "," in text:  # "Acme Holdings, a firm owned by ...": the head comes first
        head, rest = text.split(",", 1)
        found = resolve_text(head, on, ctx, person_hint, allow_city) if head.strip() else None
        if found is not None:
            return found
        head_pieces = parse(head)
        if len(head_pieces) >= 2 and all(p.type in ("cap", "surname") for p in head_pieces):
            desc = resolve_text(
                rest, on, ctx, False, allow_city
            )  # "Jane Doe, the former U.S. ambassador"
            if desc is not None and desc.kind in ("person", "organisation") and desc.name is None:
                return replace(desc, name=head.strip())
    pieces = [p for p in parse(text) if not (p.type == "word" and p.key in ("the", "a", "an"))]
    cut = next(
        (k for k, p in enumerate(pieces) if p.type == "word" and p.key in CLAUSE_WORDS), None
    )
    if cut:
        pieces = pieces[:cut]
    if not pieces:
        return None
    words = {p.key for p in pieces if p.type == "word"}
    not_current = bool(words & NOT_CURRENT)
    terms = [p.term for p in pieces if p.type == "term" and p.term is not None]
    countries = [p for p in pieces if p.type == "country"]
    mention_country = countries[0].entries[0].id if countries else None
    if mention_country is None:  # "the Saudi-led coalition", "US-led forces"
        for p in pieces:
            if p.key.endswith(" led") and p.type in ("cap", "word"):
                hits = [e for e in kb.lookup(p.text[: -len("-led")]) if e.type == "country"]
                if hits:
                    mention_country = hits[0].id
                    break
    title_piece = next(
        (p for p in reversed(pieces) if p.type == "term" and p.term and p.term.kind == "person"),
        None,
    )
    title = title_piece.key if title_piece else None

    # 1. a known person named in full (the head, not a possessor: "Kim's father")
    persons = [p for p in pieces if p.type == "person"]
    heads = [p for p in persons if not (p.possessive and p is not pieces[-1])]
    if heads:
        head = heads[-1]
        person = choose_person([e.id for e in head.entries], on, ctx, mention_country, title)
        if person is not None and mention_country and person.country != mention_country:
            # "Saudi King Abdullah" is not Jordan's "King Abdullah": a namesake of that country
            ids = [i for w in head.key.split() for i in _surname_ids(kb, w)]
            local = [i for i in ids if kb.people[i].country == mention_country]
            alt = choose_person(local, on, ctx, mention_country, title) if local else None
            person = alt or person  # "Russia's ally Lukashenko" stays Lukashenko
        if person is not None:
            return person_resolution(person, on, terms, title)

    # 2. a run of capitalised words: an unknown named person, or a surname
    runs = _name_runs(pieces)
    if runs:
        run = runs[-1]
        if len(runs) >= 2:  # "John Paul Cardinal Okafor": a title inside a name
            between = [p for p in pieces if runs[-2][-1].end <= p.start and p.end <= run[0].start]
            if between and all(p.key in INNER_TITLES for p in between):
                run = runs[-2] + between + run
        run_key = " ".join(p.key for p in run)
        run_text = text[run[0].start : run[-1].end]
        bare = len(pieces) == len(run)  # nothing but the name
        if bare and run_key in ctx.unknown:
            return ctx.unknown[run_key]
        if len(run) == 1:
            key = run[0].key
            ids = _surname_ids(kb, key)
            person = choose_person(ids, on, ctx, mention_country, title) if ids else None
            if person is not None:
                return person_resolution(person, on, terms, title)
            if key in ctx.unknown:
                return ctx.unknown[key]
        titled = any(
            p.type == "term" and p.term and p.term.kind == "person" and p.start < run[0].start
            for p in pieces
        )
        if len(run) >= 2 and (titled or person_hint):
            return _unknown_person(run_text, pieces, terms, mention_country, ctx, not_current)
        if run_key in ctx.unknown:
            return ctx.unknown[run_key]
        if len(run) == 1 and title_piece is not None and not countries and run[0].type == "surname":
            return _unknown_person(run_text, pieces, terms, mention_country, ctx, not_current)

    # 3. an organisation (possibly with a title after it: "Hamas spokesman")
    orgs = [p for p in pieces if p.type == "org"]
    if orgs:
        org = kb.orgs[orgs[-1].entries[0].id]
        sector = org.sector_on(on)
        country = org.country or (mention_country if sector != "IGO" else None)
        if title_piece is not None and title_piece.start > orgs[-1].start:
            if not not_current and not (words & NOT_HOLDER) and title in lexicon().titles:
                keys = (
                    frozenset({norm(org.name), *(norm(a) for a in org.aliases)})
                    if sector == "IGO"
                    else frozenset()
                )
                holder = office_holder(country, title, on, ctx, keys) if (keys or country) else None
                if holder is not None and (keys or holder.country == country):
                    return person_resolution(holder, on, terms, title)
            return Resolution(
                None,
                "person",
                country,
                sector,
                _sectors(sector, terms),
                _title_text(text, pieces),
                None,
            )
        return Resolution(
            org.name, org.kind, country, sector, _sectors(sector, terms), None, org.id
        )

    # 4. a description by title: "the North Korean leader", "Russian President"
    if (
        title_piece is not None
        and title in lexicon().titles
        and not not_current
        and not (words & NOT_HOLDER)
        and title_piece is pieces[-1]
    ):
        holder = None
        if mention_country:
            holder = office_holder(mention_country, title, on, ctx)
        elif ctx.before:
            named = [p for p in ctx.before if p in kb.people]
            holder = choose_person(named, on, ctx, None, title) if named else None
            if holder is not None and not any(
                pt.search(r.key)
                for r in holder.roles_on(on)
                for pt in lexicon().title_patterns(title)
            ):
                holder = None
        if holder is not None:
            return person_resolution(holder, on, terms, title)

    # 5. sector words: "North Korean state media", "regional officials", "warplanes"
    if terms:
        head = terms[-1]
        strong = [t for t in terms if not t.generic]
        sector = (strong or terms)[-1].sector
        country = mention_country
        if country is None and allow_city:  # "police in Lagos", "a court in Ankara"
            for run in runs:
                hit = city_country(text[run[0].start : run[-1].end])
                if hit is not None:
                    country = hit[1]
                    break
        if country is None and (any(t.local for t in terms) or sector in CONTEXT_SECTORS):
            country = ctx.near_country or ctx.main_country
        if not_current and head.kind == "person":  # "a former minister"
            return Resolution(
                None,
                "person",
                country,
                "ELI",
                ["ELI", *_sectors(sector, terms)],
                _title_text(text, pieces),
                None,
            )
        return Resolution(
            None,
            head.kind,
            country,
            sector,
            _sectors(sector, terms),
            _title_text(text, pieces) if head.kind == "person" else None,
            None,
        )

    # 6. a country, capital or seat of power
    if countries:
        c = countries[0]
        entry = c.entries[0]
        sector = "GOV" if entry.how in ("capital", "seat") else None
        kind = "group" if entry.how == "people" else "country"
        return Resolution(
            kb.country_name(entry.id),
            kind,
            entry.id,
            sector,
            [sector] if sector else [],
            None,
            f"c:{entry.id}",
        )

    # 7. a city used as an actor ("Vladivostok"); a one-word "person" may be a mis-tagged city
    if allow_city and runs and (not person_hint or (len(runs[-1]) == 1 and len(pieces) == 1)):
        hit = city_country(text[runs[-1][0].start : runs[-1][-1].end])
        if hit is not None:
            return Resolution(
                kb.country_name(hit[1]), "country", hit[1], None, [], None, f"c:{hit[1]}"
            )
    if person_hint and runs:
        run = runs[-1]
        return Resolution(text[run[0].start : run[-1].end], "person", None, None, [], None, None)
    return None


def _name_runs(pieces: list[Piece]) -> list[list[Piece]]:
    runs: list[list[Piece]] = []
    cur: list[Piece] = []
    for p in pieces:
        if p.type in ("cap", "surname"):
            cur.append(p)
            if p.possessive:
                runs.append(cur)
                cur = []
        else:
            if cur:
                runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    heads = [r for r in runs if not (r[-1].possessive and r[-1] is not pieces[-1])]
    return heads or runs


def _unknown_person(
    name: str,
    pieces: list[Piece],
    terms: list[Term],
    country: str | None,
    ctx: Context,
    former: bool = False,
) -> Resolution:
    if country is None:  # "former Lyon mayor Jean Dupont": the city places him
        for run in _name_runs(pieces):
            words = " ".join(p.text for p in run)
            hit = city_country(words) if words != name else None
            if hit is not None:
                country = hit[1]
                break
    strong = [t for t in terms if not t.generic]
    sector = (strong or terms)[-1].sector if terms else None
    orgs = [p for p in pieces if p.type == "org"]
    if orgs and not strong:  # "EU Trade Commissioner X", "Hamas official X"
        org = get_kb().orgs[orgs[-1].entries[0].id]
        sector = org.sector
        country = country if sector != "IGO" else None
        country = country or org.country
    title = (
        _title_text(name and " ".join(p.text for p in pieces if p.type == "term"), pieces)
        if terms
        else None
    )
    if former and sector:  # "former mayor X": no office now, an elite
        return Resolution(
            name, "person", country, "ELI", ["ELI", *_sectors(sector, terms)], title, None
        )
    return Resolution(name, "person", country, sector, _sectors(sector, terms), title, None)


def _title_text(text: str, pieces: list[Piece]) -> str | None:
    words = [
        p.text
        for p in pieces
        if p.type in ("term", "org") or (p.type == "country" and p.entries[0].how == "seat")
    ]
    return " ".join(words) or None


def _sectors(first: str | None, terms: list[Term]) -> list[str]:
    out = [first] if first else []
    for t in terms:
        if t.sector not in out and not t.generic:
            out.append(t.sector)
    return out


def context_from_text(text: str | None, published: date | None = None) -> Context:
    """A `Context` read from a sentence or paragraph given with a mention."""
    if not text:
        return Context(published=published)
    kb = get_kb()
    before: dict[str, tuple[int, int]] = {}
    countries: dict[str, int] = {}
    first_country = None
    for p in parse(text):
        if p.type == "person":
            for e in p.entries:
                n, _ = before.get(e.id, (0, -1))
                before[e.id] = (n + 1, p.start)
        elif p.type == "country":
            code = p.entries[0].id
            countries[code] = countries.get(code, 0) + 1
            first_country = first_country or code
        elif p.type == "org":
            org = kb.orgs[p.entries[0].id]
            if org.country:
                countries[org.country] = countries.get(org.country, 0) + 1
    return Context(
        before=before,
        anywhere=frozenset(before),
        countries=countries,
        near_country=first_country if len(countries) == 1 else None,
        published=published,
    )


def clear_caches() -> None:
    """Forget parses and indexes made from a previous knowledge base."""
    parse.cache_clear()
    _by_country.cache_clear()
    _prefixes.cache_clear()
