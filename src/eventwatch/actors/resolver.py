"""One mention -> who it is on a date: `{name, kind, country, sector, sectors, role, kb_id}`.

A mention ("a Japanese Defence Ministry spokeswoman, Aiko Tanabe") is cut into pieces by
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

from dataclasses import replace
from datetime import date

from eventwatch.actors.choose import choose_person, office_holder, person_resolution
from eventwatch.actors.cities import city_country
from eventwatch.actors.context import EMPTY, Context, Resolution
from eventwatch.actors.kb import IMPORTED, PRONOUNS
from eventwatch.actors.loader import get_kb
from eventwatch.actors.pieces import Piece, name_runs, parse, surname_ids
from eventwatch.actors.sectors import Term, lexicon
from eventwatch.actors.text import norm

__all__ = [
    "Context",
    "Resolution",
    "choose_person",
    "context_from_text",
    "parse",
    "person_resolution",
    "resolve_text",
]

CONTEXT_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "SPY"})
NATIONAL_BODIES = CONTEXT_SECTORS | {"PTY"}  # every country has its own of these
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


# a pronoun's spelling that, in capitals, is a country's everyday acronym ("US suspended aid")
_PRONOUN_ACRONYMS = {"US"}


def resolve_text(
    text: str,
    on: date | None = None,
    ctx: Context = EMPTY,
    person_hint: bool = False,
    allow_city: bool = True,
) -> Resolution | None:
    """Resolve one mention. `person_hint`: the parser tagged it a person name."""
    kb = get_kb()
    bare = text.strip(" .,;:'\"")
    # "I", "he", "we": never a name; "US" and "U.S." (its last stop stripped above) are the
    # United States
    if norm(bare) in PRONOUNS and bare.replace(".", "") not in _PRONOUN_ACRONYMS:
        return None
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
    mention_country = _place_country(countries[0], ctx) if countries else None
    led_by_state = compound = False
    if mention_country is None:  # "the Saudi-led coalition", "US-led forces"
        for p in pieces:
            if p.key.endswith(" led") and p.type in ("cap", "word"):
                hits = [e for e in kb.lookup(p.text[: -len("-led")]) if e.type == "country"]
                if hits:
                    mention_country, led_by_state = hits[0].id, True
                    break
            if p.key.endswith(" based") and p.type in ("cap", "word"):  # "a Lagos-based charity"
                mention_country = _based_in(p.text[: -len("-based")], ctx)
                if mention_country:
                    break
            if p.type == "cap" and " " in p.key:  # "a German-Iraqi boy": the first nationality
                hits = [e for e in kb.lookup(p.text.split("-")[0]) if e.type == "country"
                        and e.how in ("name", "demonym")]
                if hits:
                    mention_country, compound = hits[0].id, True
                    break
    # "Ontario's premier" is the province's, never the country's office-holder
    # ... and "the Turkish-Cypriot leader" is not Turkey's
    regional = compound or (bool(countries) and countries[0].entries[0].how in ("region", "place"))
    title_piece = next(
        (p for p in reversed(pieces) if p.type == "term" and p.term and p.term.kind == "person"),
        None,
    )
    title = title_piece.key if title_piece else None

    # 0. people around a person: "Trump supporters", "Obama's aides", "Putin's spokesman"
    around = _around_person(text, pieces, on, ctx)
    if around is not None:
        return around

    # 1. a known person named in full (the head, not a possessor: "Kim's father")
    persons = [p for p in pieces if p.type == "person"]
    heads = [p for p in persons if not (p.possessive and p is not pieces[-1])]
    if heads:
        head = heads[-1]
        person = choose_person([e.id for e in head.entries], on, ctx, mention_country, title)
        if person is not None and mention_country and person.country != mention_country:
            # "Saudi King Abdullah" is not Jordan's "King Abdullah": a namesake of that country
            ids = [i for w in head.key.split() for i in surname_ids(kb, w)]
            local = [i for i in ids if kb.people[i].country == mention_country]
            alt = choose_person(local, on, ctx, mention_country, title) if local else None
            person = alt or person  # "Russia's ally Lukashenko" stays Lukashenko
        if person is not None:
            return person_resolution(person, on, terms, title)

    # 2. a run of capitalised words: an unknown named person, or a surname
    runs = name_runs(pieces)
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
        at = pieces.index(run[0])
        place_before = at > 0 and _names_place(pieces[at - 1])
        if len(run) == 1 and not place_before:  # "Victoria Park" is no Park
            key = run[0].key
            ids = surname_ids(kb, key)
            person = choose_person(ids, on, ctx, mention_country, title) if ids else None
            if person is not None and title and mention_country not in (None, person.country):
                person = None  # "Cape Verde's prime minister ... e Silva" is no Brazilian Silva
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
        generic = lexicon().term(orgs[-1].key)
        own = (  # "Armenia's Security Council" is Armenia's, not the UN's
            sector == "IGO" and generic is not None and generic.kind == "organisation"
            and bool(countries) and countries[0].start < orgs[-1].start
            and countries[0].entries[0].how in ("name", "alias", "demonym")
        )
        if own and generic is not None:
            sector = generic.sector
        if own or _namesake_abroad(org.country, sector, countries, orgs[-1]):
            # "Peru's Congress", "Morocco's Justice and Development Party": that country's
            # body of the kind, not the namesake of another country
            after = title_piece is not None and title_piece.start > orgs[-1].start
            return Resolution(
                None if after else orgs[-1].text,
                "person" if after else org.kind,
                countries[0].entries[0].id,
                sector,
                _sectors(sector, terms),
                _title_text(text, pieces) if after else None,
                None,
            )
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
                code=org.code if sector == "IGO" else None,
            )
        entry = orgs[-1].entries[0]
        # an imported record lumps agencies under one name (DEA under the FBI): say what was named
        shown = orgs[-1].text if org.source == IMPORTED and entry.how == "alias" else org.name
        return Resolution(
            shown,
            org.kind,
            country,
            sector,
            _sectors(sector, terms),
            None,
            org.id,
            code=org.code if sector == org.sector and org.code else None,
        )

    # 4. a description by title: "the North Korean leader", "Russian President"
    if (
        title_piece is not None
        and title in lexicon().titles
        and not not_current
        and not regional
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
        if led_by_state and head.phrase == "coalition":  # a state-led coalition is military
            sector = "MIL"
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
        code = _place_country(c, ctx)
        moved = code != entry.id  # the document's own place of that name: a town, no seat
        sector = "GOV" if entry.how in ("capital", "seat") and not moved else None
        kind = "group" if entry.how == "people" else "country"
        return Resolution(
            kb.country_name(code),
            kind,
            code,
            sector,
            [sector] if sector else [],
            None,
            f"c:{code}",
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


def _namesake_abroad(
    org_country: str | None, sector: str, countries: list[Piece], org: Piece
) -> bool:
    """Whether a country named before a national body ("Peru's Congress") or inside a body's
    name ("the Tanzania People's Defence Force") is another country than the body's: the
    mention then names that country's own body of the same kind."""
    if org_country is None or sector == "IGO" or not countries:
        return False
    c = countries[0]
    if c.start > org.start or c.entries[0].id == org_country:
        return False
    if sector in NATIONAL_BODIES:
        return c.entries[0].how in ("name", "alias", "demonym")
    # any body: a country's name inside the body's name ("the Tanzania People's Defence Force")
    return c.entries[0].how == "name" and not c.possessive and org.start - c.end <= 1


def _based_in(place: str, ctx: Context) -> str | None:
    """The country of the place in "X-based": a country, state or capital the knowledge base
    knows, else a city of 100,000+ people."""
    for e in get_kb().lookup(place):
        if e.type == "country":
            return ctx.places.get(norm(place), e.id) if e.how != "name" else e.id
    hit = city_country(place)
    return hit[1] if hit is not None else None


def _names_place(piece: Piece) -> bool:
    """Whether a piece is a place's own name (a state, city or capital, not a demonym nor a
    possessive): a capitalised word right after it is part of a place's name."""
    return (
        piece.type == "country"
        and not piece.possessive
        and piece.entries[0].how in ("capital", "region", "place")
    )


def _place_country(piece: Piece, ctx: Context) -> str:
    """The country a country piece places a mention in: the document's own reading of a
    place name ("London" in a story that wrote "London, Ontario") before the knowledge
    base's; a country's own name or demonym is never read otherwise."""
    entry = piece.entries[0]
    if entry.how in ("capital", "region", "place") and ctx.places:
        return ctx.places.get(piece.key, entry.id)
    return entry.id


def _around_person(
    text: str, pieces: list[Piece], on: date | None, ctx: Context
) -> Resolution | None:
    """A group or aide named after a person ("Trump supporters", "Obama's aides", "Jeb Bush's
    spokeswoman") is not that person: the person's country, and the noun's sector (the
    person's own for a generic noun: aides, spokeswoman, officials)."""
    last = pieces[-1]
    if last.type != "term" or last.term is None or len(pieces) < 2:
        return None
    k = len(pieces) - 1
    while k > 0 and pieces[k - 1].type in ("person", "surname", "cap"):
        k -= 1
    owner = pieces[k : len(pieces) - 1]
    if not owner or not any(p.type in ("person", "surname") for p in owner):
        return None
    if any(p.possessive for p in owner[:-1]):
        return None
    first = owner[0]
    if k > 0 and pieces[k - 1].type == "term" and not pieces[k - 1].possessive:
        first = pieces[k - 1]  # "President Biden's administration": the title goes with him
    who = resolve_text(text[first.start : owner[-1].end], on, ctx, person_hint=True)
    if who is None or who.kind != "person" or who.kb_id is None:
        return None
    term = last.term
    sector = who.sector if term.generic and who.sector else term.sector
    sectors = [sector, *[s for s in (term.sector,) if s != sector]]
    role = text[last.start : last.end] if term.kind == "person" else None
    return Resolution(None, term.kind, who.country, sector, sectors, role, None)


def _unknown_person(
    name: str,
    pieces: list[Piece],
    terms: list[Term],
    country: str | None,
    ctx: Context,
    former: bool = False,
) -> Resolution:
    if country is None:  # "former Lyon mayor Jean Dupont": the city places him
        for run in name_runs(pieces):
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
