"""What toponym recognition works with: the Mention it finds, the Lexicon it reads, the
thresholds it applies and the small token tests every pass shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from eventwatch.where.gazetteer import Candidate, Gazetteer
from eventwatch.where.names import name_key

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

PLACE_LABELS = {"GPE", "LOC", "FAC"}
MAX_NGRAM = 7
# feature codes strong enough to accept a gazetteer-only match of a capitalised span
_STRONG_CODES = (
    "PCLI ADM1 CONT RGN OCN SEA GULF STRT STM MTS PEN ISL ISLS LK LKS DSRT SPCE NUKE PSN INSM NVB "
    "AIRB PSTB GOVL CNL ZN"
)
STRONG_FEATURES = frozenset(_STRONG_CODES.split())
MIN_CITY_POPULATION = 15_000  # for a capitalised span no entity label called a place
MIN_EMBEDDED_POPULATION = 100_000  # for a city name inside an organisation's name


@dataclass
class Mention:
    """A span of the Doc that names a place, before ranking picks one candidate.

    role: literal (a place), demonym ("Russian"), metonym ("Moscow said"), modifier
    ("Russia's president"), embedded (inside an organisation's name).
    """

    start: int  # token index
    end: int
    label: str
    candidates: tuple[Candidate, ...]
    role: str = "literal"
    demonym_of: str | None = None
    best: Candidate | None = None
    score: float = 0.0
    notes: list[str] = field(default_factory=list)


def _strip(span: Span) -> tuple[int, int]:
    """Token bounds without a leading "the" and a trailing possessive or punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ == "the" or doc[start].is_punct):
        start += 1
    while end > start and (
        doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s")
    ):
        end -= 1
    return start, end


_JOINERS = {"-", "‐", "‑", "'", "’"}


def _widen(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token bounds grown over tokens written without a space between them and joined by
    hyphens or apostrophes: the whole of "Komsomolsk-on-Amur" or "Komsomol'sk-na-Amure"."""
    n = len(doc)
    while (
        end < n
        and not doc[end - 1].whitespace_
        and (doc[end].is_alpha or doc[end].text in _JOINERS)
    ):
        end += 1
    while end > start + 1 and doc[end - 1].text in _JOINERS:
        end -= 1
    while (
        start > 0
        and not doc[start - 1].whitespace_
        and (doc[start - 1].is_alpha or doc[start - 1].text in _JOINERS)
    ):
        start -= 1
    while start < end - 1 and doc[start].text in _JOINERS:
        start += 1
    return start, end


def _key(doc: Doc, start: int, end: int) -> str:
    return name_key(doc[start:end].text)


def _capitalised(tok: Token) -> bool:
    t = tok.text
    return bool(t) and t[0].isupper() and any(ch.isalpha() for ch in t)


def _strong(cands: tuple[Candidate, ...]) -> bool:
    return any(c.feature in STRONG_FEATURES or c.source.startswith("eventwatch:") for c in cands)


def _max_pop(cands: tuple[Candidate, ...], main_only: bool = False) -> int:
    return max((c.population for c in cands if c.main or not main_only), default=0)


@dataclass
class Lexicon:
    """What recognition reads besides the Doc: the gazetteer and the word lists."""

    gaz: Gazetteer
    demonyms: dict[str, str]
    facility: set[str]
    street: set[str]
    admin: set[str]
    generic: set[str]
    connectors: set[str]  # small words inside names: "of", "de", "on" (Komsomolsk-on-Amur)
    counties: dict[str, frozenset[str]] = field(default_factory=dict)  # US county -> states
    road: set[str] = field(default_factory=set)  # words around a road number
    org: set[str] = field(default_factory=set)  # "Herald", "Wanderers": an organisation's word

    def __post_init__(self) -> None:
        self.never_alone = self.generic | self.facility | self.admin
