"""CAMEO actor codes: reading a Phoenix code into eventwatch's fields, and writing one back.

A CAMEO code is three-letter chunks: a country (ISO alpha-3) or an international prefix (IGO,
NGO, MNC, IMG, a region such as MEA), then sector chunks, the first being primary:
`TURCOP` (Turkish police), `DEUGOVEDU` (a German education minister), `IGOUNO` (a UN
body), `IGOEUREEC` (the European Union), `PSEREBHMS` (Hamas). eventwatch keeps `country`
(ISO, None for international bodies), `sector` (its own code list, docs/actors.md) and the
code itself, so the field's code and the project's richer fields sit side by side.
"""

from __future__ import annotations

from functools import lru_cache

# Phoenix sector chunks that eventwatch names differently
SECTOR_MAP = {
    "SEP": "REB",  # separatists
    "RAD": "OPP",  # radicals
    "MOD": "OPP",
    "ENV": "NGO",
    "HRI": "NGO",
    "DEV": "NGO",
    "CHR": "REL",
    "MUS": "REL",
    "JEW": "REL",
    "BUD": "REL",
    "HIN": "REL",
    "PPL": "CVL",
    "POL": "PTY",
}
_OWN = "GOV MIL COP JUD LEG OPP REB INS SPY BUS MED EDU CVL NGO IGO PTY ELI HLH LAB REF AGR CRM UAF REL"
OWN_SECTORS = frozenset(_OWN.split())
# what an international prefix means when no sector chunk follows
PREFIX_SECTOR = {"IGO": "IGO", "NGO": "NGO", "MNC": "BUS", "IMG": "REB", "ELI": "ELI"}
# well-known IGO chunks -> the name eventwatch gives the organisation a role belongs to
IGO_NAMES = {
    "UNO": "United Nations",
    "EUR": "European Union",
    "NAT": "NATO",
    "AFR": "African Union",
    "ARL": "Arab League",
    "WBK": "World Bank",
    "IMF": "International Monetary Fund",
}


_IGO_ALIASES = {
    "un": "UNO",
    "u n": "UNO",
    "united nations": "UNO",
    "eu": "EUR",
    "european union": "EUR",
    "european commission": "EUR",
    "nato": "NAT",
    "au": "AFR",
    "african union": "AFR",
    "arab league": "ARL",
    "world bank": "WBK",
    "imf": "IMF",
}


def igo_code(org: str | None) -> str:
    """`IGO` + the chunk of a role's organisation ("UN" -> IGOUNO); plain `IGO` if unknown."""
    key = " ".join((org or "").lower().replace(".", " ").split())
    return "IGO" + _IGO_ALIASES.get(key, "")


def sector_of(chunk: str) -> str | None:
    chunk = SECTOR_MAP.get(chunk, chunk)
    return chunk if chunk in OWN_SECTORS else None


@lru_cache(maxsize=4096)
def split_code(code: str, countries: frozenset[str]) -> tuple[str | None, str | None, str | None]:
    """`(country, sector, org)` for a CAMEO code; `org` is the IGO chunk ("UNO") of an
    intergovernmental code. `countries`: the ISO codes the knowledge base knows."""
    chunks = [code[i : i + 3] for i in range(0, len(code), 3)]
    head, rest = chunks[0], chunks[1:]
    if head in PREFIX_SECTOR:
        if head == "IGO":
            org = next((c for c in rest if c in IGO_NAMES), rest[-1] if rest else None)
            return None, "IGO", org
        country = rest[0] if rest and rest[0] in countries else None
        sector = PREFIX_SECTOR[head] if head != "NGO" else "NGO"
        return country, sector, None
    country = head if head in countries else None
    sector = next((s for s in (sector_of(c) for c in rest) if s), None)
    if sector is None and rest and head not in countries:
        sector = sector_of(rest[0])
    return country, sector, None


def compose(country: str | None, sector: str | None, org_code: str | None = None) -> str | None:
    """The CAMEO code the field expects for eventwatch's fields: `TUR`+`COP` -> `TURCOP`;
    an intergovernmental body -> `IGO` + its chunk (`IGOUNO`); a party -> `...PTY`."""
    if sector == "IGO":
        return org_code if org_code and org_code.startswith("IGO") else f"IGO{org_code or ''}"
    if org_code and len(org_code) > 3:  # an imported code already says it all
        return org_code
    if country is None and sector is None:
        return None
    return f"{country or ''}{sector or ''}"
