"""What a mention resolves to (`Resolution`) and what the text around it says (`Context`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from eventwatch.actors.cameo import compose


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
    code: str | None = None  # the CAMEO code, when the entry carries one ("IGOUNO")

    @property
    def cameo(self) -> str | None:
        """The CAMEO actor code the field expects: the entry's own, else composed from
        country and sector ("TUR" + "COP")."""
        return self.code or compose(self.country, self.sector)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.cameo,
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
    short form ("jeon" -> Jeon Ha-kyou's resolution); `published`: the article's date;
    `places`: place names the document itself reads as being in a country (name key -> ISO
    code: "London" in a story that wrote "London, Ontario", "Victoria" in a story about
    British Columbia), overriding the knowledge base's reading of the name.
    """

    before: dict[str, tuple[int, int]] = field(default_factory=dict)
    anywhere: frozenset[str] = frozenset()
    countries: dict[str, int] = field(default_factory=dict)
    near_country: str | None = None
    unknown: dict[str, Resolution] = field(default_factory=dict)
    published: date | None = None
    places: dict[str, str] = field(default_factory=dict)

    @property
    def main_country(self) -> str | None:
        return most_referred(self.countries)


def most_referred(score: dict[str, int]) -> str | None:
    """The country with the highest score, or None when there is none or two tie."""
    ranked = sorted(score.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


EMPTY = Context()
