"""The words of time expressions (months, numbers, units, references...), loaded once.

Knowledge lives in `eventwatch/data/when/lexicon.yaml`; `load()` reads and checks it and
returns a frozen `Lexicon`. A malformed file raises `EventwatchError(E.BAD_VALUE)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from eventwatch import yamlfile
from eventwatch.errors import E, EventwatchError

_SECTIONS: dict[str, type] = {
    "months": dict,
    "weekdays": dict,
    "numbers": dict,
    "vague_numbers": list,
    "ordinals": dict,
    "units": dict,
    "unit_multiplier": dict,
    "seasons": dict,
    "day_parts": dict,
    "references": dict,
    "sets": dict,
    "holidays": dict,
    "event_nouns": list,
}


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    vague_numbers: tuple[str, ...]
    ordinals: dict[str, int]
    units: dict[str, tuple[str, bool]]
    unit_multiplier: dict[str, int]
    seasons: dict[str, str]
    day_parts: dict[str, str]
    references: dict[str, str]
    sets: dict[str, str]
    holidays: dict[str, tuple[int, int]]
    event_nouns: tuple[str, ...]


def _bad(reason: str) -> EventwatchError:
    return EventwatchError(E.BAD_VALUE, what="data/when/lexicon.yaml", reason=reason)


def check(raw: Any) -> Lexicon:
    """Validate the parsed YAML and build a Lexicon; raise EventwatchError if malformed."""
    if not isinstance(raw, dict):
        raise _bad("top level must be a mapping")
    for key, kind in _SECTIONS.items():
        if not isinstance(raw.get(key), kind):
            raise _bad(f"section {key!r} missing or not a {kind.__name__}")
    for key in ("months", "weekdays", "numbers", "ordinals", "unit_multiplier"):
        for word, val in raw[key].items():
            if not isinstance(val, int) or isinstance(val, bool):
                raise _bad(f"{key}.{word} must be an integer")
    if sorted(set(raw["months"].values())) != list(range(1, 13)):
        raise _bad("months must cover 1..12")
    if sorted(raw["weekdays"].values()) != list(range(1, 8)):
        raise _bad("weekdays must be 1..7")
    units: dict[str, tuple[str, bool]] = {}
    for word, val in raw["units"].items():
        if not (isinstance(val, list) and len(val) == 2 and val[0] in "SMHDWQY"):
            raise _bad(f"units.{word} must be [letter, is_time]")
        units[word] = (val[0], bool(val[1]))
    refs = raw["references"]
    for word, val in refs.items():
        if val not in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"):
            raise _bad(f"references.{word} must be PRESENT_REF, PAST_REF or FUTURE_REF")
    holidays: dict[str, tuple[int, int]] = {}
    for word, val in raw["holidays"].items():
        try:
            mm, dd = (int(x) for x in str(val).split("-"))
        except ValueError as exc:
            raise _bad(f"holidays.{word} must be MM-DD") from exc
        holidays[word] = (mm, dd)
    return Lexicon(
        months=dict(raw["months"]),
        weekdays=dict(raw["weekdays"]),
        numbers=dict(raw["numbers"]),
        vague_numbers=tuple(raw["vague_numbers"]),
        ordinals=dict(raw["ordinals"]),
        units=units,
        unit_multiplier=dict(raw["unit_multiplier"]),
        seasons={k: str(v) for k, v in raw["seasons"].items()},
        day_parts={k: str(v) for k, v in raw["day_parts"].items()},
        references=dict(refs),
        sets={k: str(v) for k, v in raw["sets"].items()},
        holidays=holidays,
        event_nouns=tuple(str(w).lower() for w in raw["event_nouns"]),
    )


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """The bundled lexicon, read and checked once per process."""
    text = resources.files("eventwatch").joinpath("data/when/lexicon.yaml").read_text("utf-8")
    return check(yamlfile.safe_load(text))
