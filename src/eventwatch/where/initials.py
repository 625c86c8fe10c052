"""Initials of a country or first-level division the story names in full: "SA" in a story
that says "South Africa" (or "South Africans"), "NZ" beside "New Zealand", "NSW" beside
"New South Wales".

Initials alone are ambiguous ("SA" is South Africa, South Australia, Saudi Arabia and a
company suffix), so they count only for a place of two or more words that the same document
names, and only where one such place has them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from eventwatch.where.mention import Mention

if TYPE_CHECKING:
    from eventwatch.where.finder import _Finder
    from eventwatch.where.gazetteer import Candidate

AREA_FEATURES = ("PCLI", "ADM1")
SKIP_WORDS = {"of", "and", "the", "da", "de", "del", "du", "la", "le", "el", "al"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.]*")


def initials(name: str) -> str:
    """The capital initials of a name of two or more words ("" for one word):
    "Republic of South Africa" -> "RSA", "Bosnia and Herzegovina" -> "BH"."""
    words = [w for w in _WORD.findall(name.replace("-", " ")) if w.lower() not in SKIP_WORDS]
    if len(words) < 2:
        return ""
    return "".join(w[0].upper() for w in words)


def _named_areas(f: _Finder) -> list[Candidate]:
    """Countries and first-level divisions the story's mentions may be: the areas among each
    mention's candidates named like the mention, and the countries of its demonyms."""
    out: list[Candidate] = []
    for m in f.found:
        if m.role == "demonym" and m.demonym_of and len(m.demonym_of) == 3:
            country = f.lex.gaz.country(m.demonym_of)
            if country is not None:
                out.append(country)
            continue
        text = f.doc[m.start : m.end].text
        out.extend(
            c
            for c in m.candidates
            if c.feature in AREA_FEATURES and initials(c.name) and c.name.lower() == text.lower()
        )
    return out


def find_initials(f: _Finder) -> None:
    """Take every free all-capitals word that is the initials of exactly one country or
    first-level division the story names in full."""
    by_initials: dict[str, set[Candidate]] = {}
    for c in _named_areas(f):
        by_initials.setdefault(initials(c.name), set()).add(c)
    if not by_initials:
        return
    doc = f.doc
    wanted = {k.lower() for k in by_initials}
    for i, low in enumerate(f.lowers):  # the lower-cased words: no Token made for most words
        if f.taken[i] or low.replace(".", "") not in wanted:
            continue
        tok = doc[i]
        text = tok.text.replace(".", "")
        if not (text.isalpha() and text.isupper()):
            continue
        prev = doc[i - 1] if i > 0 else None
        if prev is not None and prev.pos_ == "PROPN" and prev.text[:1].isupper():
            continue  # "Gazprom SA", "Telkom SA": a company's suffix or a longer name's end
        if tok.ent_type_ == "ORG" and tok.ent_iob_ == "I":
            continue
        places = by_initials[text]
        if len(places) == 1:
            f.take(Mention(i, i + 1, "INITIALS", (next(iter(places)),)))
