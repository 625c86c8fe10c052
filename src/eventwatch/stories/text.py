"""What an article says about its happening, as story features: words, names, years, types.

No parser: words of the title and lead (lower case, stop words out, a light plural strip),
names (capitalised words that do not open a sentence, or open it inside a run of capitalised
words), the years the text mentions, and, where the pipeline coded events, their types and
the countries and places of their actors. Vectors are TF-IDF with the document frequencies
known when the article arrives, normalised to unit length.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP = _wordset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own same she should so some such than that the their theirs them themselves then
    there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours said says say told tell according
    one two three new year years day days week weeks month months time times people man woman
    last first next since may might must also like get got made make take took go went come came
    mr mrs ms dr us it's he's she's i'm we're they're that's there's don't didn't can't won't
    however yet still even back well many much per via another around across among within without
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    january february march april june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec am pm http https www com html htm
    """
)
MONTHS_DAYS = _wordset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december"""
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]|\d+(?:\.\d+)?")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.]\d)")
_FIRST = re.compile(r"[.!?]['\"”’)]*(?:\s+|$)")
_SENT_END = re.compile(r"[.!?]['\"”’)]*$")
_QUOTES = frozenset({"``", '"', "“", "‘", "'", "("})
MAX_TERMS = 300  # kept per story centroid
LEAD_NUMBER_WORDS = 100  # the body's words whose numbers are an article's `lead_numbers`
WEEKDAYS = _wordset("monday tuesday wednesday thursday friday saturday sunday")


def _norm(word: str) -> str:
    w = word.lower().strip("'-")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def words(text: str) -> list[str]:
    """Content words of `text`, normalised."""
    out = []
    for m in _WORD.finditer(text):
        w = _norm(m.group(0))
        if len(w) >= 2 and w not in STOP:
            out.append(w)
    return out


def names(text: str) -> list[str]:
    """Capitalised words that look like parts of names (lower-cased, normalised)."""
    out: list[str] = []
    toks = text.split()
    opens = True  # the next token opens a sentence
    prev_cap = False
    for i, raw in enumerate(toks):
        core = raw.strip("\"'“”‘’()[],;:")
        is_cap = bool(core) and core[0].isupper() and any(c.isalpha() for c in core)
        if is_cap:
            w = _norm(core.rstrip(".!?"))
            nxt = toks[i + 1].strip("\"'“”‘’()") if i + 1 < len(toks) else ""
            in_run = prev_cap or (nxt[:1].isupper() and not opens)
            named = not opens or in_run or (nxt[:1].isupper() and nxt.lower() not in STOP)
            if named and len(w) >= 2 and w not in STOP and w not in MONTHS_DAYS:
                out.append(w)
        ends = bool(_SENT_END.search(raw))
        prev_cap = is_cap and not ends
        opens = ends or (raw in _QUOTES and opens)
    return out


def years(text: str) -> set[int]:
    return {int(y) for y in _YEAR.findall(text)}


def first_sentence(text: str) -> str:
    m = _FIRST.search(text)
    return text[: m.end()] if m else text[:300]


def weekdays(text: str) -> set[str]:
    """The days of the week `text` names ("Tuesday", "Tuesday's"), lower case."""
    out = set()
    for raw in text.split():
        w = _norm(raw.strip("\"'“”‘’()[],;:.!?"))
        if w in WEEKDAYS:
            out.add(w)
    return out


def lead_numbers(text: str, n_words: int = LEAD_NUMBER_WORDS) -> set[str]:
    """Counts, sizes and other numbers of the body's first `n_words` words (not years)."""
    part = " ".join(text.split()[:n_words])
    return {n for n in _NUMBER.findall(part) if not _YEAR.fullmatch(n)}


def lead(title: str, text: str, n_words: int) -> str:
    """The title and the first `n_words` words of the body."""
    body = text.split()
    return f"{title}\n{' '.join(body[:n_words])}"


@dataclass
class ArticleFeatures:
    """Counts of one article before weighting; `day` is a date known from the article (its
    published date, or one its text gives), `seen` the day it was stored."""

    article_id: str
    terms: Counter[str]
    names: Counter[str]
    years: set[int]
    types: set[str] = field(default_factory=set)
    day: date | None = None
    seen: date | None = None
    outlet: str = ""
    title: str = ""
    core_names: set[str] = field(default_factory=set)  # named twice, or in the title
    head_names: set[str] = field(default_factory=set)  # named in the title or first sentence
    head_numbers: set[str] = field(default_factory=set)  # counts and sizes there (not years)
    # the details that tell two similar happenings apart: days of the week named in the
    # title or first sentence, numbers of the lead (stories/split.py's pair model)
    head_weekdays: set[str] = field(default_factory=set)
    lead_numbers: set[str] = field(default_factory=set)

    def keys(self, top_terms: Sequence[str] = ()) -> set[str]:
        """Blocking keys: names, a few heavy words, event types with a country."""
        out = {f"n:{n}" for n in self.names}
        out |= {f"t:{t}" for t in top_terms}
        out |= {f"y:{t}" for t in self.types if ":" in t}
        return {k[:120] for k in out}


def features(
    article_id: str,
    title: str,
    text: str,
    *,
    lead_words: int = 250,
    events: Iterable[Mapping[str, Any]] = (),
    day: date | None = None,
    seen: date | None = None,
    outlet: str = "",
    names_full: bool = False,
) -> ArticleFeatures:
    """Counts from an article's title and lead, and from its coded events (dicts as
    `Event.to_dict()` gives them)."""
    part = lead(title, text, lead_words)
    terms = Counter(words(part))
    for w in words(title):  # the title says what the story is about: count its words twice
        terms[w] += 1
    nm = Counter(names(f"{title}\n{text}" if names_full else part))
    core = {n for n, c in nm.items() if c >= 2} | (set(names(title)) & set(nm))
    head = f"{title}\n{first_sentence(text)}"
    head_names = set(names(head))
    head_numbers = {n for n in _NUMBER.findall(head) if not _YEAR.fullmatch(n)}
    types: set[str] = set()
    for ev in events:
        etype = str(ev.get("event_type") or "").upper()
        countries = {
            a.get("country")
            for role in ("source", "target")
            for a in ev.get(role) or []
            if a.get("country")
        }
        loc = ev.get("location") or {}
        if loc.get("country"):
            countries.add(loc["country"])
        if loc.get("name"):
            nm[_norm(str(loc["name"]).split(",")[0])] += 1
        for c in countries:
            nm[f"c:{c.lower()}"] += 1
            if etype:
                types.add(f"{etype}:{c}")
        if etype:
            types.add(etype)
    return ArticleFeatures(
        article_id=article_id,
        terms=terms,
        names=nm,
        years=years(part),
        types=types,
        day=day,
        seen=seen,
        outlet=outlet,
        title=title,
        core_names=core,
        head_names=head_names,
        head_numbers=head_numbers,
        head_weekdays=weekdays(head),
        lead_numbers=lead_numbers(text),
    )


def idf(df: int, docs: int) -> float:
    return math.log((docs + 1) / (df + 1)) + 1.0


def weigh(counts: Mapping[str, int], df: Mapping[str, int], docs: int) -> dict[str, float]:
    """A unit-length TF-IDF vector (sub-linear term frequency)."""
    vec = {t: (1.0 + math.log(c)) * idf(df.get(t, 0), docs) for t, c in counts.items() if c > 0}
    norm = math.sqrt(math.fsum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    # the hot loop of assignment and fitting (a story's centroid holds 300 terms): the dot
    # product over the shared keys only, the norms in C (hypot)
    shared = a.keys() & b.keys()
    if not shared:
        return 0.0
    dot = math.fsum([a[t] * b[t] for t in shared])
    na = math.hypot(*a.values()) or 1.0
    nb = math.hypot(*b.values()) or 1.0
    return dot / (na * nb)


def add_into(centroid: dict[str, float], vec: Mapping[str, float], keep: int = MAX_TERMS) -> None:
    """Add `vec` into `centroid`, keeping its `keep` heaviest terms."""
    for t, v in vec.items():
        centroid[t] = centroid.get(t, 0.0) + v
    if len(centroid) > keep:
        for t, _ in sorted(centroid.items(), key=lambda kv: kv[1])[: len(centroid) - keep]:
            del centroid[t]
