"""Where: toponyms found in text and resolved to places with coordinates, offline.

Public entry points:
- `find_places(text)` -> list of `{start, end, text, name, country, admin1, lat, lon,
  geonames_id, feature}`
- `places_in_doc(doc, countries=())` -> list[Place]
- `event_location(doc, trigger, places)` -> Place | None

STUB: the when-and-where issue replaces this.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from eventwatch.records import Place

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def find_places(text: str) -> list[dict[str, Any]]:
    return []


def places_in_doc(doc: Doc, countries: Iterable[str] = ()) -> list[Place]:
    return []


def event_location(doc: Doc, trigger: Token, places: list[Place]) -> Place | None:
    return None
