"""What an article itself says about names the knowledge base does not know.

`DocActors` reads these once per document, after it knows the article's places:

- **organisations named with a place** ("BC Hydro", "Kerala Water Authority" as the parser's
  ORG entities): an organisation of the place's country, also under the rest of its name
  ("Hydro" later in the story). A sector noun in the name still decides the sector ("the
  Quebec Teachers Union" is read by the resolver itself, LAB).
- **families** ("the Okafors" after "Grace Okafor"): the family of a person the article
  named, a civilian group of that person's country (None when the text gives none).
- **unnamed people** ("a 12-year-old boy ... He left a rucksack"): "he"/"she" after a
  gendered description, nearer than any person named, point back at the description.
- **titles after a name** ("Amira Haddad, imam of the central mosque in Ottawa"): an unknown
  person introduced with an appositive that places them takes its title, sector and place
  ("X, a leader in cold chain logistics" names no place, and stays untyped).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from eventwatch.actors.context import Context, Resolution
from eventwatch.actors.loader import get_kb
from eventwatch.actors.pieces import parse, surname_ids
from eventwatch.actors.resolver import resolve_text
from eventwatch.actors.text import norm

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

PLACE_HOWS = frozenset({"name", "alias", "demonym", "region", "capital", "place"})
# nouns for an unnamed person of one gender: what "he" or "she" can point back at
GENDERED = {
    "m": frozenset(
        {
            "boy",
            "man",
            "schoolboy",
            "father",
            "son",
            "husband",
            "brother",
            "grandfather",
            "uncle",
            "nephew",
            "businessman",
            "policeman",
        }
    ),
    "f": frozenset(
        {
            "girl",
            "woman",
            "schoolgirl",
            "mother",
            "daughter",
            "wife",
            "sister",
            "grandmother",
            "aunt",
            "niece",
            "businesswoman",
            "policewoman",
        }
    ),
}


def place_named_orgs(doc: Doc, places: dict[str, str]) -> dict[str, Resolution]:
    """Name key -> organisation, for the ORG entities the knowledge base does not know whose
    name opens with a place ("BC Hydro" -> CAN), under the full name and the rest of it."""
    kb = get_kb()
    out: dict[str, Resolution] = {}
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        text = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
        text = text.removesuffix("'s").removesuffix("’s")  # "BC Hydro's president"
        if kb.lookup(text):
            continue
        pieces = [p for p in parse(text) if p.type != "word" or p.key not in ("the", "of")]
        if len(pieces) < 2 or pieces[0].type != "country" or pieces[0].possessive:
            continue
        entry = pieces[0].entries[0]
        rest = pieces[1:]
        if entry.how not in PLACE_HOWS or not all(p.type in ("cap", "surname") for p in rest):
            continue  # "Quebec Teachers Union": the resolver reads the union itself
        code = places.get(pieces[0].key, entry.id) if entry.how != "demonym" else entry.id
        res = Resolution(name=text, kind="organisation", country=code)
        out.setdefault(norm(text), res)
        short = " ".join(p.key for p in rest)
        if not kb.lookup(short) and not surname_ids(kb, short):
            out.setdefault(short, res)
    return out


def family(key: str, people: dict[str, Resolution]) -> Resolution | None:
    """ "the Okafors" (key "okafors") -> the family of a person named "... Okafor" in the
    article: a civilian group of that person's country."""
    if not key.endswith("s") or " " in key or len(key) < 4:
        return None
    person = people.get(key[:-1])
    if person is None or person.kind != "person":
        return None
    return Resolution(
        name=f"{(person.name or key[:-1]).split()[-1]} family",
        kind="group",
        country=person.country,
        sector="CVL",
        sectors=["CVL"],
    )


def appositive(
    ent: Span, res: Resolution, published: date | None, places: dict[str, str]
) -> Resolution:
    """An unknown person the text introduces without a title before the name, typed by the
    appositive after it ("Amira Haddad, imam of the central mosque in Ottawa" -> REL, CAN)."""
    if res.sector or res.role or res.country:
        return res
    appos = next((t for t in ent.root.children if t.dep_ == "appos" and t.i >= ent.end), None)
    if appos is None:
        return res
    desc = ent.doc[appos.left_edge.i : appos.right_edge.i + 1]
    if desc.start != ent.end + 1 or ent.doc[ent.end].text != ",":
        return res
    found = resolve_text(
        f"{res.name}, {desc.text}", published, Context(published=published, places=places)
    )
    if found is None or found.kind == "country" or found.kb_id is not None:
        return res
    if not found.country:  # "DeltaTrak, a leader in cold chain logistics": no office, no place
        return res
    # "imam of the central mosque": the person of the body the appositive names
    return replace(found, name=res.name, kind="person", role=found.role or appos.text)


def named_nominal(
    doc: Doc, before: int, gender: str, lookback: int, sent_of: Callable[[int], int]
) -> Span | None:
    """The last description of an unnamed person of `gender` ("a 12-year-old boy", "the
    woman") before token `before`, within `lookback` sentences; None when there is none.
    A noun that a possessive owns ("Putin's son") or that is part of a longer noun is skipped."""
    words = GENDERED[gender]
    si = sent_of(doc[before].idx) if before < len(doc) else sent_of(len(doc.text))
    for k in range(before - 1, -1, -1):
        tok = doc[k]
        if si - sent_of(tok.idx) > lookback:
            return None
        if tok.lower_ not in words or tok.tag_ != "NN" or tok.dep_ == "compound":
            continue
        if any(ch.dep_ == "poss" for ch in tok.children):
            continue
        return doc[tok.left_edge.i : tok.i + 1]
    return None


def role_nominal(doc: Doc, before: int, gender: str) -> Span | None:
    """The last person named by a role alone ("the Pope", "the judge", "a local official")
    in the sentence of token `before`, before it: who an object pronoun that cannot be its
    clause's subject most likely is ("She wrote to the Pope, asking him to intervene"). A
    role inside a longer name ("President Putin"), one a possessive owns ("his lawyer") and a
    noun of the other gender ("the woman" for "him") are skipped."""
    from eventwatch.actors.sectors import lexicon

    if before >= len(doc):
        return None
    terms = lexicon()
    other = GENDERED["f" if gender == "m" else "m"]
    sent = doc[before].sent
    for k in range(before - 1, sent.start - 1, -1):
        tok = doc[k]
        if tok.tag_ not in ("NN", "NNP") or tok.dep_ == "compound" or tok.lower_ in other:
            continue
        term = terms.term(tok.lower_)
        if term is None or term.kind != "person":
            continue
        if any(ch.dep_ == "poss" or ch.ent_type_ == "PERSON" for ch in tok.children):
            continue
        return doc[tok.left_edge.i : tok.i + 1]
    return None
