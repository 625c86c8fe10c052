"""The Finder: the Doc being read, which tokens are already taken, and the gazetteer look-ups
for place entities, named sites and capitalised runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from eventwatch.where.gazetteer import Candidate
from eventwatch.where.judge import (
    _accept,
    _admin_follows,
    _before_common_noun,
    _plausible_name,
    _site_run,
    _the_alone,
    _whole_entity,
)
from eventwatch.where.mention import (
    MAX_NGRAM,
    MIN_CITY_POPULATION,
    MIN_EMBEDDED_POPULATION,
    Lexicon,
    Mention,
    _capitalised,
    _key,
    _max_pop,
    _strong,
    _widen,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc


class _Finder:
    def __init__(self, doc: Doc, lex: Lexicon) -> None:
        self.doc, self.lex = doc, lex
        self.taken = [False] * len(doc)
        self.lowers = [t.lower_ for t in doc]  # one pass over the Doc for the word-list checks
        self.found: list[Mention] = []
        self.weak: list[Mention] = []  # small towns turned down for size alone
        self.near_only: list[Mention] = []  # "persons" that are towns if near the story's towns
        self.opening: list[Mention] = []  # big places opening a "person" ("Seattle Seahawks")

    def take(self, m: Mention) -> None:
        for i in range(m.start, m.end):
            self.taken[i] = True
        self.found.append(m)

    def demonym(self, start: int, end: int) -> bool:
        dem = self.lex.demonyms.get(_key(self.doc, start, end))
        if dem is None:
            return False
        self.take(Mention(start, end, "NORP", (), role="demonym", demonym_of=dem))
        return True

    def demonym_over_town(self, start: int, end: int, cands: tuple[Candidate, ...]) -> bool:
        """A demonym that is also the name of a small town ("Canadian", Texas) is the
        demonym: "the Canadian Broadcasting Corporation"."""
        if not cands or _strong(cands) or _max_pop(cands) >= MIN_EMBEDDED_POPULATION:
            return False
        doc = self.doc
        if end + 1 < len(doc) and doc[end].text == "," and _capitalised(doc[end + 1]):
            return False  # "Canadian, Texas": the town, qualified
        if end - start > 1 and doc[start].lower_ == "the":
            start += 1
        return self.demonym(start, end)

    def variant(self, start: int, end: int) -> tuple[int, int, tuple[Candidate, ...]] | None:
        """The span widened to the whole hyphenated word ("Komsomolsk" -> "Komsomolsk-on-Amur")
        and/or to a following area word ("Amur" -> "Amur region"), when the gazetteer knows it."""
        doc, lex = self.doc, self.lex
        ws, we = _widen(doc, start, end)
        spans = [(ws, we)] if (ws, we) != (start, end) else []
        for s0, e0 in [*spans, (start, end)]:
            if e0 < len(doc) and doc[e0].lower_ in lex.admin:
                spans.insert(0 if s0 == ws and e0 == we else len(spans), (s0, e0 + 1))
        # one more capitalised word before or after: "Baja" + "California", "Cape" + "Peron"
        if (
            start > 0
            and _capitalised(doc[start - 1])
            and not doc[start - 1].is_stop
            and doc[start - 1].i != doc[start - 1].sent.start
        ):
            spans.append((start - 1, end))
        if end < len(doc) and _capitalised(doc[end]) and doc[end].pos_ == "PROPN":
            # two words more first: "U.S." + "Virgin Islands"
            if end + 1 < len(doc) and _capitalised(doc[end + 1]) and doc[end + 1].pos_ == "PROPN":
                spans.append((start, end + 2))
            spans.append((start, end + 1))
        for s0, e0 in spans:
            if any(self.taken[k] for k in range(s0, e0)):
                continue
            cands = lex.gaz.lookup_key(_key(doc, s0, e0))
            if cands:
                return s0, e0, cands
        return None

    def place_entity(self, start: int, end: int, label: str) -> None:
        doc, lex = self.doc, self.lex
        wider = self.variant(start, end)
        if wider is not None:
            self.take(Mention(wider[0], wider[1], label, wider[2]))
            return
        cands = lex.gaz.lookup_key(_key(doc, start, end))
        if not cands and end - start == 1:  # "Qamishli", GeoNames' "Al Qamishli"
            cands = lex.gaz.lookup(doc[start].text)
        if self.demonym_over_town(start, end, cands):
            return
        if cands and not (end - start == 1 and doc[start].lower_ in lex.never_alone):
            self.take(Mention(start, end, label, cands))
            return
        if self.demonym(start, end):
            return
        last = doc[end - 1].lower_
        if end - start >= 2 and last in lex.admin:
            base = lex.gaz.lookup_key(_key(doc, start, end - 1))
            if base:
                self.take(Mention(start, end, label, base, notes=["area named after"]))
                return
        if end - start >= 2 and last in lex.facility:
            self.take(self.site(start, end))
            return
        before = len(self.found)
        self.scan(start, end, label=None, demonyms=False)
        if len(self.found) == before:
            self.take(Mention(start, end, label, ()))  # a place the gazetteer lacks

    def site(self, start: int, end: int) -> Mention:
        """A named site ("Manila Cathedral", "Barclays Center"): placed at the town it is named
        after when that is a big place and the site is not a street, else left for the
        document's focus."""
        doc, lex = self.doc, self.lex
        if doc[end - 1].lower_ not in lex.street:
            for j in range(min(end - 1, start + MAX_NGRAM), start, -1):
                cands = lex.gaz.lookup_key(_key(doc, start, j))
                if cands and (
                    _strong(cands) or _max_pop(cands, main_only=True) >= MIN_EMBEDDED_POPULATION
                ):
                    return Mention(start, end, "SITE", cands, role="embedded")
        for j in (start + 2, start + 1):  # "British Embassy": the country it belongs to
            street = doc[end - 1].lower_ in lex.street
            dem = lex.demonyms.get(_key(doc, start, j)) if j < end and not street else None
            if dem is not None:
                return Mention(start, j, "NORP", (), role="demonym", demonym_of=dem)
        return Mention(start, end, "SITE", ())

    def scan(self, start: int, end: int, label: str | None, demonyms: bool = True) -> None:
        """Longest-first gazetteer matches of capitalised n-grams in tokens [start, end)."""
        doc, lex = self.doc, self.lex
        if (
            label != "PERSON"
            and _site_run(doc, start, end, lex)
            and not any(self.taken[start:end])
            and not lex.gaz.lookup_key(_key(doc, start, end))
        ):
            self.take(self.site(start, end))  # "Lantern Theatre", "Harbour Academy"
            return
        i = start
        while i < end:
            if self.taken[i] or not _capitalised(doc[i]):
                i += 1
                continue
            matched = False
            wider = self.variant(i, i + 1)
            if (
                wider is not None
                and wider[1] > i + 1
                and (_strong(wider[2]) or _max_pop(wider[2]) >= MIN_CITY_POPULATION)
            ):
                if not self.demonym_over_town(wider[0], wider[1], wider[2]):
                    self.take(Mention(wider[0], wider[1], "GAZ", wider[2]))
                i = wider[1]
                continue
            for j in range(min(end, i + MAX_NGRAM), i, -1):
                if not _capitalised(doc[j - 1]) or any(self.taken[k] for k in range(i, j)):
                    continue
                if j - i == 1 and doc[i].lower_ in lex.never_alone:
                    # "Western governments": a word never a place alone can be a demonym
                    if (
                        demonyms
                        and (_before_common_noun(doc, j) or _the_alone(doc, i, j))
                        and self.demonym(i, j)
                    ):
                        i, matched = j, True
                        break
                    continue
                cands = lex.gaz.lookup_key(_key(doc, i, j))
                if not cands and j - i == 1:  # "Qamishli", GeoNames' "Al Qamishli"
                    cands = lex.gaz.lookup(doc[i].text)
                if j - i <= 2 and self.demonym_over_town(i, j, cands):
                    i, matched = j, True
                    break
                nxt = doc[j].lower_ if j < len(doc) and _capitalised(doc[j]) else ""
                if (
                    cands
                    and nxt in lex.admin
                    and (label is None or _strong(cands) or _max_pop(cands) >= MIN_CITY_POPULATION)
                ):
                    self.take(Mention(i, j + 1, "GAZ", cands, notes=["area named after"]))
                    i, matched = j + 1, True
                    break
                if cands and nxt in lex.facility and label != "ORG":
                    self.take(Mention(i, j + 1, "GAZ", ()))  # "Atlantic Avenue": a site, not X
                    i, matched = j + 1, True
                    break
                # "Hatch" in "Brands Hatch": a small town's name inside a longer name is not it
                if (
                    cands
                    and i > start
                    and not _strong(cands)
                    and _max_pop(cands) < MIN_EMBEDDED_POPULATION
                ):
                    cands = ()
                if cands and (
                    _accept(doc, i, j, cands, label)
                    or (label is None and _admin_follows(doc, j, lex))
                ):
                    role = "embedded" if label == "ORG" else "literal"
                    self.take(
                        Mention(i, j, "GAZ" if label is None else f"GAZ-{label}", cands, role=role)
                    )
                    i, matched = j, True
                    break
                if demonyms and j - i <= 2 and self.demonym(i, j):
                    i, matched = j, True
                    break
                if (
                    cands
                    and (label is None or _whole_entity(doc, i, j))
                    and _plausible_name(doc, i, j)
                    and not any(w.start < j and i < w.end for w in self.weak)
                ):
                    self.weak.append(Mention(i, j, "GAZ-WEAK", cands))
            if not matched:
                i += 1
