"""Sector codes and the words that name them: loads and checks data/actors/sectors.yaml.

`lexicon()` is built once per process. It answers: which sector and kind a word or phrase
names ("Defense Ministry" -> MIL organisation), whether it is generic ("spokesman") or local
("regional officials"), the sector and seniority of an office title, and which office titles
a written title stands for ("the Russian president" -> roles matching ^president$).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventwatch import resources, yamlfile
from eventwatch.actors.text import norm
from eventwatch.errors import E, EventwatchError

KINDS = ("person", "organisation", "group")
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "actors"
SECTORS_FILE = "sectors.yaml"
AGENTS_FILE = "phoenix_agents.tsv"  # written by scripts/convert_phoenix.py
# imported agent nouns too vague or too often something else to name a sector on their own
AGENT_SKIP = frozenset(
    [
        "man",
        "men",
        "woman",
        "women",
        "person",
        "persons",
        "people",
        "child",
        "children",
        "girl",
        "boy",
        "mother",
        "father",
        "actor",
        "carrier",
        "chamber",
        "community",
        "native",
        "deputy",
        "doc",
        "boss",
        "business",
        "industry",
        "monger",
        "producer",
        "engineer",
        "hunter",
        "mob",
        "assemblage",
        "naval",
        "islamic",
        "jewish",
        "hebrew",
        "bomber",
        "looter",
        "customer",
        "passenger",
        "infant",
        "mourner",
        "onlooker",
        "detainee",
        "convict",
        "killer",
        "culprit",
        "perpetrator",
        "assailant",
        "fighter",
        "combatant",
    ]
)


@dataclass(frozen=True)
class Term:
    """A word or phrase naming a sector: `kind` person | organisation | group."""

    phrase: str
    sector: str
    kind: str
    generic: bool = False
    local: bool = False


class Lexicon:
    """The sector vocabulary, indexed by normalised phrase."""

    def __init__(self, data: dict[str, Any], origin: str = SECTORS_FILE) -> None:
        check_sectors(data, origin)
        self.codes: dict[str, str] = dict(data["sectors"])
        generic = {norm(t) for t in data.get("generic", [])}
        local = {norm(t) for t in data.get("local", [])}
        self.terms: dict[str, Term] = {}
        for sector, by_kind in data["terms"].items():
            for kind in KINDS:
                for phrase in by_kind.get(kind, []) or []:
                    key = norm(phrase)
                    if key in self.terms:
                        continue  # first sector/kind listed wins (checked for clashes below)
                    self.terms[key] = Term(key, sector, kind, key in generic, key in local)
        self.imported = 0
        self.max_len = max(len(k.split()) for k in self.terms)
        self._role_sectors = [(re.compile(rx), code) for rx, code in data["role_sectors"]]
        self._role_ranks = [(int(rank), re.compile(rx)) for rank, rx in data["role_ranks"]]
        self.pm_led: frozenset[str] = frozenset(data.get("leader_is_head_of_government") or [])
        self.titles: dict[str, list[re.Pattern[str]]] = {
            norm(t): [re.compile(rx) for rx in rxs] for t, rxs in data["titles"].items()
        }

    def add_imported(self, rows: list[list[str]]) -> None:
        """Agent nouns from the imported dictionaries (`phrase, kind, CAMEO code` rows) under
        phrases the curated terms do not have; the code's first chunk is the sector."""
        from eventwatch.actors.cameo import sector_of

        for phrase, kind, code in rows:
            sector = sector_of(code[:3])
            key = norm(phrase)
            if sector is None or kind not in KINDS or key in self.terms or key in AGENT_SKIP:
                continue
            self.terms[key] = Term(key, sector, kind)
            self.imported += 1
        self.max_len = max(len(k.split()) for k in self.terms)

    def term(self, key: str) -> Term | None:
        return self.terms.get(key)

    @lru_cache(maxsize=4096)  # noqa: B019 - one Lexicon per process
    def role_sector(self, role: str) -> str:
        low = norm(role)
        for rx, code in self._role_sectors:
            if rx.search(low):
                return code
        return "GOV"

    @lru_cache(maxsize=4096)  # noqa: B019
    def role_rank(self, role: str) -> int:
        low = norm(role)
        for rank, rx in self._role_ranks:
            if rx.search(low):
                return rank
        return 5

    def title_patterns(self, title: str) -> list[re.Pattern[str]]:
        """Role regexes for a written title; an unknown title matches roles containing it."""
        key = norm(title)
        if key in self.titles:
            return self.titles[key]
        return [re.compile(r"\b" + re.escape(key) + r"\b")]


def check_sectors(data: Any, origin: str) -> None:
    """Raise EventwatchError naming the file and the first problem found."""

    def bad(reason: str) -> EventwatchError:
        return EventwatchError(E.RECORD_INVALID, name=origin, reason=reason)

    if not isinstance(data, dict):
        raise bad("expected a mapping at the top level")
    for key in ("sectors", "terms", "role_sectors", "role_ranks", "titles"):
        if key not in data:
            raise bad(f"missing key {key!r}")
    codes = data["sectors"]
    if not isinstance(codes, dict) or not all(isinstance(c, str) and c.isupper() for c in codes):
        raise bad("'sectors' must map upper-case codes to descriptions")
    seen: dict[str, str] = {}
    for sector, by_kind in data["terms"].items():
        if sector not in codes:
            raise bad(f"terms for unknown sector {sector!r}")
        if not isinstance(by_kind, dict) or set(by_kind) - set(KINDS):
            raise bad(f"terms of {sector} must be keyed by {', '.join(KINDS)}")
        for kind, phrases in by_kind.items():
            for phrase in phrases or []:
                if not isinstance(phrase, str) or not norm(phrase):
                    raise bad(f"{sector}/{kind}: empty or non-text term {phrase!r}")
                key = norm(phrase)
                if key in seen and seen[key] != sector:
                    raise bad(f"term {phrase!r} is listed under both {seen[key]} and {sector}")
                seen[key] = sector
    for rx, code in data["role_sectors"]:
        if code not in codes:
            raise bad(f"role_sectors: unknown sector {code!r}")
        re.compile(rx)
    for rank, rx in data["role_ranks"]:
        if not isinstance(rank, int):
            raise bad(f"role_ranks: rank {rank!r} is not an integer")
        re.compile(rx)


def _load() -> Lexicon:
    return resources.current().get(resources.ACTOR_TERMS, _build)


def _build() -> Lexicon:
    path = DATA_DIR / SECTORS_FILE
    with path.open(encoding="utf-8") as fh:
        data = yamlfile.safe_load(fh)
    lx = Lexicon(data, origin=str(path))
    agents = DATA_DIR / "imported" / AGENTS_FILE
    if agents.exists():
        lines = agents.read_text(encoding="utf-8").split("\n")[1:]
        lx.add_imported([line.split("\t") for line in lines if line.count("\t") == 2])
    return lx


def lexicon() -> Lexicon:
    """The sector lexicon, loaded on first use (once per `eventwatch.resources.Resources`)."""
    return _load()
