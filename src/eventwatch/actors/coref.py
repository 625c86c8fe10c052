"""Actors within one document: short forms, descriptions, pronouns and plurals.

`DocActors(doc, published)` reads the parsed article once (lazily, on the first question):
every person, organisation and country it names (by the knowledge-base indexes, sentence by
sentence), the people the knowledge base does not know (spaCy PERSON entities, typed by the
title and nationality before them), and cities used as places. `actor_for(span, on)` then
answers who a span is on a date, using that reading as context:

- "Kim" -> the most salient Kim named earlier who held office on `on` (so in a sentence about
  July 2000 it is Kim Jong-il, never Kim Jong Un);
- "he", "his", "she" -> the last person named before, of that gender;
- "the North Korean leader" -> the office-holder on the date, preferring people named earlier;
- "the two leaders", "Putin and Kim" -> `actors_for` gives each; `actor_for` the first;
- "regional officials" -> the country referred to nearest before it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from datetime import date as Date
from typing import TYPE_CHECKING

from eventwatch.actors.binding import clause_subjects
from eventwatch.actors.cities import city_country, namesake_countries
from eventwatch.actors.context import Context, Resolution, most_referred
from eventwatch.actors.kb import short_keys
from eventwatch.actors.loader import get_kb
from eventwatch.actors.named import (
    appositive,
    family,
    named_nominal,
    place_named_orgs,
    role_nominal,
)
from eventwatch.actors.quoted import quoted_tokens
from eventwatch.actors.resolver import parse, person_resolution, resolve_text
from eventwatch.actors.text import norm
from eventwatch.records import Actor

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

MASCULINE = frozenset({"he", "him", "his", "himself"})
FEMININE = frozenset({"she", "her", "hers", "herself"})
NON_PERSON = frozenset({"it", "its", "itself", "they", "them", "their", "theirs", "themselves"})
PLURAL_REF = re.compile(
    r"^(?:the |both |all )?(?:two |three |both )?(leaders|presidents|heads of state|sides|men)$"
)
_SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+)?|\band\b|&)\s*")
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
LOOKBACK_SENTENCES = 3
GROUP_LOOKBACK = 6  # sentences a sentence-opening "They" looks back for a body of public life
# sectors of private life (data/actors/sectors.yaml): a crowd of these is the last choice
PRIVATE_SECTORS = frozenset({"CVL", "BUS", "EDU", "HLH", "AGR"})
ATTRIBUTION_SECTORS = frozenset({"MED"})  # organisations whose country is not the story's
# titles of people who act abroad: no article's home country is guessed for them
FOREIGN_FACING = frozenset({"foreign", "visiting", "ambassador", "envoy", "emissary", "delegation"})


@dataclass(frozen=True)
class _Bound:
    """What an object pronoun cannot refer to: character ranges of its clause's subject,
    and the people (knowledge-base id or name key) a subject pronoun there stands for."""

    spans: tuple[tuple[int, int], ...]
    people: frozenset[str]

    def excludes(self, start: int, end: int, who: str) -> bool:
        return bool(who and who in self.people) or any(s < end and start < e for s, e in self.spans)


@dataclass(frozen=True)
class _PersonMention:
    start: int
    end: int
    sent: int
    pid: str  # knowledge-base id, or "u:<name key>" for someone it does not know
    gender: str | None


class DocActors:
    """Resolves actor mentions within one document (titles, short forms, coreference)."""

    def __init__(self, doc: Doc, published: Date | None = None, title: str = "") -> None:
        self.doc = doc
        self.text = doc.text  # spaCy joins every token's text on each `Doc.text`: read it once
        self.published = published
        self.title = title  # the headline, when the parsed text does not hold it
        self._built = False
        self._sents: list[Span] = []
        self._token_starts: list[int] = []
        self._cache: dict[tuple[int, int, Date | None], list[Resolution]] = {}
        self._quoted: frozenset[int] | None = None

    # --- public ---------------------------------------------------------------------
    def actor_for(self, span: Span, on: Date | None = None) -> Actor | None:
        """The actor `span` refers to, as of date `on` (default: the published date)."""
        found = self._resolve_span(span, on)
        return _actor(span, found[0]) if found else None

    def actors_for(self, span: Span, on: Date | None = None) -> list[Actor]:
        """Every actor a span names: one per conjunct of "Putin and Kim", both of "the two
        leaders"; a single-actor span gives a list of one."""
        return [_actor(span, r) for r in self._resolve_span(span, on)]

    def home_country(self) -> str | None:
        """The country the article is about: the one its country names, organisations and
        places point to most often (the first sentence, usually the headline or dateline,
        counting double); None when no country is named or two tie."""
        if not self._built:
            self._build()
        return self._home

    def abroad(self, span: Span) -> bool:
        """Whether `span` names a person the article introduces in a foreign-facing role
        ("Foreign Minister Talia Brennick", "the visiting envoy Oduya"): the home country of
        the article is then no guess for them (they are likely the visitor)."""
        if not self._built:
            self._build()
        words = {w.lower() for w in span.text.split() if w[:1].isupper()}
        return bool(words & self._abroad)

    def other_country(self, span: Span, on: Date | None, country: str) -> list[Actor]:
        """`span` read as a body of another country than `country`, when it is an unnamed
        body that took `country` only from the text before it ("Turkey accused the regime":
        not Turkey's own): the nearest other country before it, else the one the article
        refers to most; an empty list when nothing else fits."""
        on = on or self.published
        found = self._resolve_span(span, on)
        if not found or any(r.name or r.kb_id or r.country != country for r in found):
            return []
        stated = resolve_text(span.text, on)
        if stated is None or stated.country is not None:
            return []
        si, c = self._sent_of(span.start_char), bisect.bisect_left(self._country_starts, span.start_char)
        alt = next((code for _, s, code in reversed(self._countries[:c]) if si - s <= 1 and code != country), None)
        alt = alt or most_referred({k: v for k, v in self._counts.items() if k != country})
        res = resolve_text(span.text, on, replace(self._context(span.start_char), near_country=alt))
        return [_actor(span, res)] if alt and res is not None and res.country == alt else []

    # --- reading the document ---------------------------------------------------------
    def _build(self) -> None:
        kb = get_kb()
        doc = self.doc
        self._sent_starts = [s.start_char for s in doc.sents]
        persons: list[_PersonMention] = []
        countries: list[tuple[int, int, str]] = []  # (start, sentence, code)
        counts: dict[str, int] = {}
        self._unknown: dict[str, Resolution] = {}
        covered: list[tuple[int, int]] = []
        ent_person = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
        self._person_ents = ent_person
        pending_short: list[tuple[int, int, int, str, str]] = []
        bodies: list[
            tuple[int, int, str]
        ] = []  # organisations and countries named: (start, sentence, text)
        self._bodies = bodies
        qualified = _qualified_places(self.text, self.published)
        ambiguous: list[tuple[int, int, str, str, str]] = []  # (start, sentence, key, text, code)
        appos: list[tuple[Span, Resolution]] = []  # unknown people with no title before them
        stretches = _name_stretches(self.text)
        for base, run in stretches:
            si = self._sent_of(base)
            prev = None
            for p in parse(run):
                start, end = base + p.start, base + p.end
                if p.type == "person":
                    ids = [e.id for e in p.entries]
                    pid = ids[0]
                    persons.append(_PersonMention(start, end, si, pid, kb.people[pid].gender))
                    covered.append((start, end))
                elif p.type == "country":
                    bodies.append((start, si, p.text))
                    entry = p.entries[0]
                    # "London" in a story that wrote "London, Ontario" is the Canadian city
                    ref = qualified.get(p.key, entry.id)
                    if p.key not in qualified and _ambiguous(p.text, entry.how, entry.id):
                        ambiguous.append((start, si, p.key, p.text, entry.id))
                        continue  # "Victoria": which one, the rest of the article tells
                    countries.append((start, si, ref))
                    counts[ref] = counts.get(ref, 0) + 1
                elif p.type == "org":
                    org = kb.orgs[p.entries[0].id]
                    # "the Iranian Red Crescent ... they": the national body, with its country
                    lead = prev if prev is not None and prev.type == "country" and not org.country else None
                    bodies.append((start, si, run[lead.start : p.end] if lead else p.text))
                    # a news agency cited ("AFP reports") says who wrote, not where it happened
                    if org.country and org.sector not in ATTRIBUTION_SECTORS:
                        countries.append((start, si, org.country))
                        counts[org.country] = counts.get(org.country, 0) + 1
                elif p.type == "surname":
                    pending_short.append((start, end, si, p.key, p.text))
                prev = p
        # people introduced in a foreign-facing role: their name words
        self._abroad: set[str] = set()
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                lead = {t.lower_ for t in doc[max(0, ent.start - 3) : ent.end]}
                if lead & FOREIGN_FACING:
                    self._abroad.update(t.lower_ for t in ent if t.is_alpha)
        words = self.title.split()
        for k, w in enumerate(words):  # "Foreign Minister Talia Brennick visits ..." in a headline
            if w.lower() in FOREIGN_FACING:
                self._abroad.update(x.lower() for x in words[k + 1 : k + 5] if x[:1].isupper())
        # people the knowledge base does not know, typed by what precedes their name
        for ent in doc.ents:
            if ent.label_ == "PERSON" and not any(
                s < ent.end_char and ent.start_char < e for s, e in covered
            ):
                lead = (
                    doc[ent.root.left_edge.i : ent.end] if ent.root.left_edge.i < ent.start else ent
                )
                res = resolve_text(
                    lead.text,
                    self.published,
                    Context(published=self.published),
                    person_hint=True,
                    allow_city=False,
                )
                if res is None or res.kb_id is not None or not res.name:
                    continue
                if res.role is None and res.country is None and city_country(ent.text) is not None:
                    hit = city_country(ent.text)
                    countries.append((ent.start_char, self._sent_of(ent.start_char), hit[1]))
                    continue  # a city the parser took for a person
                key = norm(res.name)
                if key not in self._unknown:
                    appos.append((ent, res))  # typed by what follows, once places are known
                self._unknown.setdefault(key, res)
                fam = bool(res.country and kb.countries[res.country].family_first)
                for short in short_keys(
                    res.name, fam or res.country in ("KOR", "PRK", "CHN", "TWN")
                ):
                    self._unknown.setdefault(short, res)
                persons.append(
                    _PersonMention(
                        ent.start_char,
                        ent.end_char,
                        self._sent_of(ent.start_char),
                        "u:" + key,
                        None,
                    )
                )
            elif ent.label_ in _PLACE_LABELS and not kb.lookup(ent.text):
                hit = city_country(ent.text)
                code = qualified.get(norm(ent.text), hit[1] if hit is not None else None)
                if code is not None:
                    countries.append((ent.start_char, self._sent_of(ent.start_char), code))
        # "the Department of Motor Vehicles (DMV)": the short form names the same body
        self._acronyms: dict[str, str] = {}
        for m in _ACRONYM.finditer(self.text):
            full, short = m.group(1).strip(), m.group(2)
            if len(full) > len(short) + 3 and norm(short) not in self._acronyms:
                self._acronyms[norm(short)] = full
        persons.sort(key=lambda m: m.start)
        self._persons = persons
        title_refs = [
            (-1, 0, p.entries[0].id)  # the headline counts like a first sentence (double)
            for _, run in _name_stretches(self.title)
            for p in parse(run)
            if p.type == "country"
        ]
        # an ambiguous place name is the one in the country the rest of the article is about
        # ("VICTORIA - ... British Columbia's ...": Victoria, B.C., not the Australian state)
        self._places = dict(qualified)
        plain = dict(counts)  # what the unambiguous references say ...
        for _, _, key, _, default in ambiguous:  # ... with the names that agree with them
            if counts.get(default) and key not in self._places:
                self._places[key] = default
                plain[default] = plain.get(default, 0) + 1
        for start, si, key, text, default in ambiguous:
            ref = self._places.setdefault(key, _namesake(text, default, plain))
            countries.append((start, si, ref))
            counts[ref] = counts.get(ref, 0) + 1
        self._countries = sorted(countries)
        self._counts = counts
        self._home = _home(self._countries + title_refs)
        for ent, res in appos:  # "Amira Haddad, imam of the central mosque in Ottawa"
            typed = appositive(ent, res, self.published, self._places)
            if typed is not res:
                for k, v in list(self._unknown.items()):
                    if v is res:
                        self._unknown[k] = typed
        self._named = place_named_orgs(doc, self._places)  # "BC Hydro", "Hydro"
        self._anywhere = frozenset(m.pid for m in persons if not m.pid.startswith("u:"))
        self._person_starts = [m.start for m in persons]
        self._country_starts = [c[0] for c in self._countries]
        self._contexts: dict[tuple[int, str | None], Context] = {}
        self._memo: dict[tuple[str, Date | None, int, bool], list[Resolution]] = {}
        # short forms ("Putin", "Kim") resolved as of publication, in reading order
        for start, end, si, key, word in pending_short:
            res = resolve_text(word, self.published, self._context(start))
            if res is not None and res.kb_id and res.kind == "person":
                self._add_person(_PersonMention(start, end, si, res.kb_id, res.gender))
            elif key in self._unknown:
                pid = "u:" + norm(self._unknown[key].name or key)
                self._add_person(_PersonMention(start, end, si, pid, None))
        self._repeated_unknown(stretches)
        self._built = True

    def _repeated_unknown(self, stretches: list[tuple[int, str]]) -> None:
        """A person the knowledge base does not know, named again by a short form the parser
        did not mark ("Munir Abdulkader ... Abdulkader, who became ..."): each later stretch
        of capitals that is exactly one of their keys is a mention, so "he" and "him" several
        sentences on can still reach them."""
        spans = [(m.start, m.end) for m in self._persons]
        for base, run in stretches:
            res = self._unknown.get(norm(run))
            end = base + len(run)
            if res is None or not res.name or any(s < end and base < e for s, e in spans):
                continue
            self._add_person(_PersonMention(base, end, self._sent_of(base), "u:" + norm(res.name), None))

    def _add_person(self, mention: _PersonMention) -> None:
        at = bisect.bisect_left(self._person_starts, mention.start)
        self._persons.insert(at, mention)
        self._person_starts.insert(at, mention.start)
        self._contexts.clear()
        self._memo.clear()

    def _sent_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self._sent_starts, char) - 1)

    def _context(self, start: int) -> Context:
        k = bisect.bisect_left(self._person_starts, start)
        si = self._sent_of(start)
        c = bisect.bisect_left(self._country_starts, start)
        near = self._countries[c - 1][2] if c and si - self._countries[c - 1][1] <= 1 else None
        ctx = self._contexts.get((k, near))
        if ctx is not None:
            return ctx
        before: dict[str, tuple[int, int]] = {}
        for m in self._persons[:k]:
            n, _ = before.get(m.pid, (0, -1))
            before[m.pid] = (n + 1, m.start)
        ctx = self._contexts[(k, near)] = Context(
            before=before,
            anywhere=self._anywhere,
            countries=self._counts,
            near_country=near,
            unknown=self._unknown,
            published=self.published,
            places=self._places,
        )
        return ctx

    # --- answering ------------------------------------------------------------------
    def _resolve_span(self, span: Span, on: Date | None) -> list[Resolution]:
        on = on or self.published
        key = (span.start_char, span.end_char, on)
        found = self._cache.get(key)
        if found is None:
            if not self._built:
                self._build()
            if _dateline(self.text, span.start_char, span.end_char):
                found = self._cache[key] = []  # "VICTORIA - ...": where the story was filed
            else:
                found = self._cache[key] = self._resolve(span.text, span.start_char, on)
        return found

    def _resolve(self, text: str, start: int, on: Date | None) -> list[Resolution]:
        stripped = text.strip()
        low = norm(stripped)
        if low in MASCULINE or low in FEMININE:
            found = self._antecedent(start, "m" if low in MASCULINE else "f", on, self._bound(start, on))
            return [found] if found else []
        if low in NON_PERSON:  # "its", "their": the organisation or country named last
            subject = self._previous_subject(start, on)
            if subject:
                return subject
            si = self._sent_of(start)
            for bstart, bsi, btext in reversed(self._bodies):
                if bstart < start and si - bsi <= 1:
                    found = resolve_text(btext, on, self._context(bstart))
                    return [found] if found else []
            return []
        if PLURAL_REF.match(low):
            return self._salient_people(start, on, 2)
        parts = [p for p in _SPLIT.split(stripped) if p]
        if len(parts) > 1:
            out: list[Resolution] = []
            offset = start
            for part in parts:
                at = text.find(part, offset - start)
                part_start = start + max(at, 0)
                out.extend(self._resolve(part, part_start, on))
                offset = part_start + len(part)
            if len(out) > 1:
                return out
        bare = _THE.sub("", stripped)
        if norm(bare) in self._acronyms and not kb_knows(bare):
            stripped = self._acronyms[norm(bare)]
        elif self._acronyms:  # "California's DMV": the short form inside a longer mention
            stripped = _SHORT_FORM.sub(self._spelled_out, stripped)
        key = norm(_THE.sub("", stripped))
        if key in self._named:  # an organisation the article named with its place
            return [self._named[key]]
        person_hint = any(s < start + len(text) and start < e for s, e in self._person_ents)
        ctx = self._context(start)
        memo_key = (stripped, on, id(ctx), person_hint)  # the same words in the same context
        if memo_key not in self._memo:
            res = resolve_text(stripped, on, ctx, person_hint=person_hint)
            if res is None:  # "the Okafors": the family of someone the article named
                res = family(key, self._unknown)
            self._memo[memo_key] = [res] if res is not None else []
        return self._memo[memo_key]

    def _spelled_out(self, m: re.Match[str]) -> str:
        full = self._acronyms.get(norm(m.group(0)))
        return full if full is not None and not kb_knows(m.group(0)) else m.group(0)

    def _previous_subject(self, start: int, on: Date | None) -> list[Resolution]:
        """ "They"/"it" opening a sentence after one whose subject is a body or a group
        ("Rights groups criticised the ruling. They called on ..."): that subject, when it
        resolves to an organisation, a group or a country; else nothing."""
        si = self._sent_of(start)
        sents = self._sents or list(self.doc.sents)
        self._sents = sents
        if si == 0 or start - sents[si].start_char > 1:
            return []  # only a pronoun opening its sentence
        prev = sents[si - 1]
        subj = next(
            (t for t in prev if t.dep_ in ("nsubj", "nsubjpass") and t.head == prev.root), None
        )
        if subj is not None and subj.pos_ != "PRON":
            found = self._subject_body(subj, on)
            if found:
                return found
        plural = plural_word(self.text[start : start + 6])
        if not plural:
            # "..., and so Uber argued ... It requested": an organisation the knowledge base
            # does not know, the last subject before, is still who "it" is (by name only)
            named = [t for t in prev if t.dep_ in ("nsubj", "nsubjpass")
                     and (t.ent_type_ == "ORG" or (t.pos_ == "PROPN" and not t.ent_type_))]
            if named:
                last = named[-1]
                ent = next((e for e in self.doc.ents if e.start <= last.i < e.end), None)
                return [Resolution(name=ent.text if ent is not None else last.text, kind="organisation")]
        # the subject is no body ("The ruling caused an uproar among rights groups. They
        # called on ..."): the last body or group the sentences before name, of the
        # pronoun's number ("they" a plural noun, "it" a singular one), outside quotations;
        # a body of public life (a rights group, the police) within GROUP_LOOKBACK sentences
        # before a private crowd or the media nearer by ("children", "told reporters")
        if self._quoted is None:
            self._quoted = quoted_tokens(self.doc)
        earlier = self._narrative_before(sents, si, GROUP_LOOKBACK)
        nearest: list[Resolution] = []
        for tok in reversed(earlier):
            if tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ in ("compound", "amod", "poss"):
                continue
            if (tok.tag_ in ("NNS", "NNPS")) != plural:
                continue
            span = self.doc[tok.left_edge.i : tok.i + 1]
            found = self._resolve(span.text, span.start_char, on)
            found = [r for r in found if r.kind in ("organisation", "group") and (r.country or r.sector)]
            if found and found[0].sector not in PRIVATE_SECTORS | ATTRIBUTION_SECTORS:
                return found[:1]
            if found and not nearest and si - self._sent_of(tok.idx) <= LOOKBACK_SENTENCES:
                nearest = found[:1]
        return nearest

    def _subject_body(self, subj: Token, on: Date | None) -> list[Resolution]:
        """The organisation, group or country a subject names: its whole phrase ("the
        Ministry of Foreign Affairs"), unless its head alone names a body of another sector
        ("Organizers of a rally against police violence" are the organizers, not the
        police)."""
        span = self.doc[subj.left_edge.i : subj.right_edge.i + 1]
        found = [r for r in self._resolve(span.text, span.start_char, on)
                 if r.kind in ("organisation", "group", "country")][:1]
        if subj.right_edge.i > subj.i and subj.pos_ == "NOUN":
            head = self.doc[subj.left_edge.i : subj.i + 1]
            own = [r for r in self._resolve(head.text, head.start_char, on)
                   if r.kind in ("organisation", "group")][:1]
            if own and (not found or own[0].sector != found[0].sector):
                return own
        return found

    def _narrative_before(self, sents: list[Span], si: int, n: int) -> list[Token]:
        """The unquoted tokens of the `n` sentences of narrative before sentence `si`, in
        text order: a sentence all inside a quotation does not count towards `n`."""
        quoted = self._quoted or frozenset()
        out: list[Token] = []
        k = si - 1
        while k >= 0 and n > 0:
            words = [t for t in sents[k] if t.i not in quoted]
            if any(t.is_alpha for t in words):
                n -= 1
                out[:0] = words
            k -= 1
        return out

    def _as_resolution(self, pid: str, on: Date | None) -> Resolution | None:
        if pid.startswith("u:"):
            return self._unknown.get(pid[2:])
        return person_resolution(get_kb().people[pid], on)

    def _token_at(self, start: int) -> int:
        """The index of the token that starts at (or after) character `start`."""
        starts = self._token_starts or [t.idx for t in self.doc]
        self._token_starts = starts
        return bisect.bisect_left(starts, start)

    def _bound(self, start: int, on: Date | None) -> _Bound:
        """What the object pronoun at `start` cannot refer to (binding.clause_subjects): the
        character ranges of its clause's subject, and the people a subject pronoun there
        refers to ("She wrote ... asking him": not whoever "she" is)."""
        at = self._token_at(start)
        if at >= len(self.doc) or self.doc[at].idx != start:
            return _Bound((), frozenset())
        spans = clause_subjects(self.doc[at])
        people: set[str] = set()
        for span in spans:
            low = norm(span.text)
            if low in MASCULINE or low in FEMININE:
                who = self._antecedent(span.start_char, "m" if low in MASCULINE else "f", on)
                if who is not None:
                    people.add(who.kb_id or norm(who.name or ""))
        return _Bound(tuple((s.start_char, s.end_char) for s in spans), frozenset(people - {""}))

    def _antecedent(
        self, start: int, gender: str, on: Date | None, bound: _Bound | None = None
    ) -> Resolution | None:
        si = self._sent_of(start)
        last: _PersonMention | None = None
        for m in reversed(self._persons):
            if m.end > start:
                continue
            if si - m.sent > LOOKBACK_SENTENCES:
                break
            if bound is not None and bound.excludes(m.start, m.end, self._pid_key(m.pid, on)):
                continue  # "a member who urged him": never the member himself
            if m.gender in (None, gender):
                last = m
                break
        if last is not None and (bound is None or not bound.spans):  # not an object pronoun
            last = self._subject_first(start, gender, last)
        # "A 12-year-old boy tried to ... He left ...": an unnamed person of that gender,
        # described after the last person named, is who "he" is
        at = self._token_at(start)
        nominal = named_nominal(self.doc, at, gender, LOOKBACK_SENTENCES, self._sent_of)
        if nominal is not None and bound is not None and bound.excludes(
            nominal.start_char, nominal.end_char, ""
        ):
            nominal = None
        if bound is not None and bound.spans:  # an object pronoun: a role nearer by first
            role = role_nominal(self.doc, at, gender)
            if role is not None and not bound.excludes(role.start_char, role.end_char, "") and (
                nominal is None or role.start_char > nominal.start_char
            ):
                nominal = role
        if nominal is not None and (last is None or nominal.start_char > last.start):
            found = self._resolve(nominal.text, nominal.start_char, on)
            if found:
                return found[0]
        return self._as_resolution(last.pid, on) if last is not None else None

    def _subject_first(self, start: int, gender: str, last: _PersonMention) -> _PersonMention:
        """ "He"/"she" opening a sentence continues the person the sentence before was about:
        the subject of its main clause, not a person named later in it ("Prime Minister X
        met Y on Monday. He said ...": X). `last` (the nearest person) otherwise."""
        at = self._token_at(start)
        if at >= len(self.doc):
            return last
        tok = self.doc[at]
        si = self._sent_of(start)
        sents = self._sents or list(self.doc.sents)
        self._sents = sents
        if tok.dep_ != "nsubj" or tok.i != sents[si].start or si == 0 or last.sent != si - 1:
            return last
        prev = sents[si - 1]
        subj = next((t for t in prev.root.children if t.dep_ == "nsubj"), None)
        if subj is None:
            return last
        lo, hi = self.doc[subj.left_edge.i].idx, subj.idx + len(subj.text)
        first = next((m for m in self._persons if m.sent == si - 1 and lo <= m.start and m.end <= hi
                      and m.gender in (None, gender)), None)
        return first if first is not None else last

    def _pid_key(self, pid: str, on: Date | None) -> str:
        """The key `_Bound.people` holds for a person mention's id."""
        if not pid.startswith("u:"):
            return pid
        res = self._unknown.get(pid[2:])
        return norm(res.name or "") if res is not None else pid

    def _salient_people(self, start: int, on: Date | None, n: int) -> list[Resolution]:
        ctx = self._context(start)
        ranked = sorted(ctx.before.items(), key=lambda kv: (-kv[1][0], kv[1][1]))
        out = []
        for pid, _ in ranked[:n]:
            res = self._as_resolution(pid, on)
            if res is not None:
                out.append(res)
        return out


_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĪİŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŸŹŻŽ"
_WORD = rf"(?:[{_UPPER}0-9][\w'’\-]*(?:\.[A-Za-z][\w'’\-]*)*|(?:al|el)-\w[\w'’\-]*)"
_JOIN = r"(?:of|the|al|el|bin|ibn|de|da|do|dos|del|la|le|von|van|der|zu|and|for|on|&|-)"
_STRETCH = re.compile(rf"{_WORD}(?:[ \t]+(?:{_JOIN}[ \t]+)*{_WORD})*")


def _name_stretches(text: str) -> list[tuple[int, str]]:
    """(start offset, text) of each stretch of capitalised words (with the small words names
    contain: "Ministry of Foreign Affairs", "Bashar al-Assad"): only these can name a person,
    an organisation or a country, so only these are matched against the indexes."""
    return [(m.start(), m.group(0)) for m in _STRETCH.finditer(text)]


_CAP = r"(?:[A-Z][\w.'’&-]*)"
_ACRONYM = re.compile(rf"({_CAP}(?:[ \t]+(?:of|the|and|for|on|{_CAP}))*)[ \t]*\(([A-Z][A-Za-z.&]{{1,9}})\)")
_THE = re.compile(r"^(?:the|The)\s+")
_SHORT_FORM = re.compile(r"\b[A-Z][A-Z.&]{1,9}\b")


def kb_knows(name: str) -> bool:
    """Whether the knowledge base has an entry for `name` itself (then it wins over the
    article's own "(DMV)"-style short forms)."""
    return bool(get_kb().lookup(name))


_QUALIFIED = re.compile(r"\b([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)(?=, ([A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+)?)\b)")


_LEADING = re.compile(r"^(?:In|At|On|From|To|Near|The|Outside|Inside) ")


def _qualified_places(text: str, on: Date | None) -> dict[str, str]:
    """Place names the text itself qualifies with a state, province or country ("London,
    Ontario", "Paris, Texas") -> that country, for every mention of the name in the text.
    Lists of countries ("France, Germany") are not qualifications: the first name must not
    be a country's own name."""
    out: dict[str, str] = {}
    pairs = dict.fromkeys((_LEADING.sub("", m.group(1)), m.group(2)) for m in _QUALIFIED.finditer(text))
    for place, region in pairs:  # each pair resolved once, in text order (the first one wins)
        where = resolve_text(region, on)
        if where is None or where.kind != "country" or not where.country or where.sector:
            continue  # not a state, province or country (a capital is a seat of power: GOV)
        first = resolve_text(place, on)
        if first is not None and first.kind == "country" and norm(first.name or "") == norm(place):
            continue  # "France, Germany ...": a list, not a qualified place
        if first is not None and first.kind != "country":
            continue  # a person or a body, not a place
        out.setdefault(norm(place), where.country)
    return out


_DATELINE = re.compile(r"[ \t]*(?:,[ \t]*[A-Z][\w. ]*)?(?:[ \t]*\([^)\n]{1,40}\))?[ \t]*(?:-|–|—|:)[ \t]")


def _dateline(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a dateline: a place in capitals opening a line, before a
    dash ("VICTORIA - ...", "LONDON (Reuters) - ..."): where the story was filed, no actor."""
    words = text[start:end]
    if not words.isupper() or sum(ch.isalpha() for ch in words) < 3:
        return False
    if start > 0 and text[:start].rstrip(" \t")[-1:] not in ("", "\n"):
        return False
    return _DATELINE.match(text, end) is not None


def _ambiguous(text: str, how: str, code: str) -> bool:
    """Whether a place name the knowledge base reads as a capital, state, province or town
    of `code` also names a city of another country ("Victoria": Australia's state, Canada's
    city; "London": Britain's capital, a city in Ontario), one of 100,000+ people."""
    return how in ("capital", "region", "place") and bool(
        namesake_countries(text) - {code}
    )


def _namesake(text: str, code: str, counts: dict[str, int]) -> str:
    """Which country's place of this name an article means: the knowledge base's reading
    (`code`), unless nothing else in the article refers to that country while another
    country with a city of 100,000+ people of that name is referred to ("Londoners rally
    ... thanked Canada", no word of Britain: London, Ontario); then the most referred-to of
    those, if referred to twice or more ("London and Ottawa agreed" stays Britain's capital). A town of 25,000 ("Paris, Texas") needs the text to say so ("Paris, Texas")."""
    if counts.get(code):
        return code
    cities = namesake_countries(text)  # a city known without its province
    others = {c: n for c, n in counts.items() if c in cities and c != code and n >= 2}
    return most_referred(others) or code


def plural_word(text: str) -> bool:
    """Whether a pronoun's text is plural ("they", "them", "their", "themselves")."""
    return text.strip().lower().startswith(("they", "them", "their"))


def _home(countries: list[tuple[int, int, str]]) -> str | None:
    """The most referred-to country of (start, sentence, code) references, the first
    sentence counting double; None on a tie or when there is none."""
    score: dict[str, int] = {}
    for _, si, code in countries:
        score[code] = score.get(code, 0) + (2 if si == 0 else 1)
    return most_referred(score)


def _actor(span: Span, res: Resolution) -> Actor:
    return Actor(
        text=span.text,
        name=res.name,
        country=res.country,
        sector=res.sector,
        kind=res.kind,
        sectors=list(res.sectors),
        role=res.role,
        kb_id=res.kb_id,
        start=span.start_char,
        end=span.end_char,
    )
