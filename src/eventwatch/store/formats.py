"""Export formats other tools read: GeoJSON, PLOVER/POLECAT-style records, GDELT Mentions.

- `geojson`: one FeatureCollection; a Point Feature per event whose place has coordinates
  (events without are left out), its properties the event's type, factuality, date, first
  source and target, place, confidence, evidence sentence and article. Opens in QGIS,
  geojson.io, Leaflet, or `geopandas.read_file`.
- `plover`: JSON Lines, one record per event with the field names of the POLECAT releases
  (PLOVER-coded event data): Event ID, Event Date, Event Type, Event Mode, Contexts, Actor *
  (the first source actor), Recipient * (the first target actor), place fields, Source,
  Publication Date, Headline; plus `Event Text` (the evidence sentence) and `Factuality`,
  which POLECAT does not have. Fields eventwatch does not code (COW codes, Wikipedia ids,
  titles, story lists, intensity) are null.
- `gdelt-mentions`: GDELT 2.0's Mentions table (16 tab-separated columns), one row per
  stored event, its GLOBALEVENTID the same as in the `gdelt` events export.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from eventwatch.records import Actor
from eventwatch.store import gdelt
from eventwatch.store.query import StoredEvent

MENTION_COLUMNS: list[str] = [
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "SentenceID",
    "Actor1CharOffset",
    "Actor2CharOffset",
    "ActionCharOffset",
    "InRawText",
    "Confidence",
    "MentionDocLen",
    "MentionDocTone",
    "MentionDocTranslationInfo",
    "Extras",
]
MENTION_WEB = "1"  # GDELT's MentionType for a web document
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s+|\n+")

ArticleText = Callable[[str], str]  # article id -> its text


def _first(actors: list[Actor]) -> Actor | None:
    return actors[0] if actors else None


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def geojson_feature(stored: StoredEvent) -> dict[str, Any] | None:
    """A GeoJSON Point Feature for an event with coordinates, else None."""
    ev, loc = stored.event, stored.event.location
    if loc is None or loc.lat is None or loc.lon is None:
        return None
    src, tgt = _first(ev.source), _first(ev.target)
    return {
        "type": "Feature",
        "id": ev.id,
        "geometry": {"type": "Point", "coordinates": [round(loc.lon, 6), round(loc.lat, 6)]},
        "properties": {
            "event_type": ev.event_type,
            "mode": ev.mode,
            "factuality": ev.factuality,
            "day": _iso(stored.day),
            "date": ev.date.value if ev.date else None,
            "source": (src.name or src.text) if src else None,
            "source_country": src.country if src else None,
            "target": (tgt.name or tgt.text) if tgt else None,
            "target_country": tgt.country if tgt else None,
            "place": loc.name or loc.text,
            "place_country": loc.country,
            "geonames_id": loc.geonames_id,
            "quad_class": ev.quad_class,
            "goldstein": ev.goldstein,
            "confidence": round(ev.confidence, 3),
            "sentence": ev.evidence.sentence,
            "article_id": stored.article_id,
            "title": stored.article_title,
            "url": stored.article_url,
            "published": _iso(stored.published),
        },
    }


def write_geojson(events: Iterable[StoredEvent], out: TextIO) -> int:
    """A FeatureCollection of the events with coordinates, streamed; the number written."""
    out.write('{"type": "FeatureCollection", "features": [')
    n = 0
    for s in events:
        feature = geojson_feature(s)
        if feature is None:
            continue
        out.write(("\n" if n == 0 else ",\n") + json.dumps(feature, ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n


def _party(prefix: str, actor: Actor | None) -> dict[str, Any]:
    sectors = [c for c in [actor.sector, *actor.sectors] if c] if actor else []
    return {
        f"{prefix} Name": (actor.name or actor.text) if actor else None,
        f"{prefix} Country": actor.country if actor else None,
        f"{prefix} COW": None,
        f"Primary {prefix} Sector": actor.sector if actor else None,
        f"{prefix} Sectors": "; ".join(dict.fromkeys(sectors)) or None,
        f"{prefix} Title": None,
        f"{prefix} Name Raw": actor.text if actor else None,
        f"Wikipedia {prefix} ID": None,
    }


def plover_record(stored: StoredEvent) -> dict[str, Any]:
    """One event as a POLECAT-style record (see the module docstring)."""
    ev, loc = stored.event, stored.event.location
    rec: dict[str, Any] = {
        "Event ID": ev.id,
        "Event Date": _iso(stored.day),
        "Event Type": ev.event_type.lower(),
        "Event Mode": ev.mode,
        "Event Intensity": None,
        "Quad Code": ev.quad_class,
        "Contexts": "; ".join(ev.contexts) or None,
    }
    rec.update(_party("Actor", _first(ev.source)))
    rec.update(_party("Recipient", _first(ev.target)))
    rec.update(
        {
            "Placename": (loc.name or loc.text) if loc else None,
            "City": (loc.name if loc and loc.feature and loc.feature.startswith("P") else None),
            "State": loc.admin1 if loc else None,
            "Country": loc.country if loc else None,
            "Latitude": loc.lat if loc else None,
            "Longitude": loc.lon if loc else None,
            "GeoNames ID": loc.geonames_id if loc else None,
            "Raw Placename": loc.text if loc else None,
            "Feature Type": loc.feature if loc else None,
            "Source": stored.article_source,
            "Publication Date": _iso(stored.published),
            "Headline": stored.article_title,
            "Language": "en",
            "Event Text": ev.evidence.sentence,
            "Factuality": ev.factuality,
            "Confidence": round(ev.confidence, 3),
            "URL": stored.article_url,
        }
    )
    return rec


def write_plover(events: Iterable[StoredEvent], out: TextIO) -> int:
    n = 0
    for s in events:
        out.write(json.dumps(plover_record(s), ensure_ascii=False) + "\n")
        n += 1
    return n


def sentence_number(text: str, offset: int) -> int:
    """The 1-based number of the sentence starting at or holding `offset` in `text`."""
    return 1 + sum(1 for m in _SENTENCE_END.finditer(text, 0, max(offset, 0)) if m.end() <= offset)


def mention_row(stored: StoredEvent, text: str) -> dict[str, str]:
    """One event as a row of GDELT's Mentions table, blank where it cannot be filled."""
    ev = stored.event
    row = dict.fromkeys(MENTION_COLUMNS, "")
    row["GLOBALEVENTID"] = gdelt.global_event_id(ev.id)
    if stored.added is not None:
        row["EventTimeDate"] = stored.added.strftime("%Y%m%d%H%M%S")
    seen = stored.published or (stored.added.date() if stored.added is not None else None)
    if seen is not None:
        row["MentionTimeDate"] = seen.strftime("%Y%m%d") + "000000"
    row["MentionType"] = MENTION_WEB
    row["MentionSourceName"] = stored.article_source or ""
    row["MentionIdentifier"] = stored.article_url or stored.article_origin or stored.article_id
    row["SentenceID"] = str(sentence_number(text, ev.evidence.start)) if text else ""
    for col, actor in (
        ("Actor1CharOffset", _first(ev.source)),
        ("Actor2CharOffset", _first(ev.target)),
    ):
        row[col] = str(actor.start) if actor is not None and actor.start is not None else "-1"
    trigger = ev.evidence.trigger_start
    row["ActionCharOffset"] = str(trigger if trigger is not None else ev.evidence.start)
    row["InRawText"] = "1"
    row["Confidence"] = str(max(10, min(100, round(ev.confidence * 100))))
    row["MentionDocLen"] = str(len(text)) if text else ""
    return {k: gdelt._clean(v) for k, v in row.items()}


def write_mentions(
    events: Iterable[StoredEvent], out: TextIO, article_text: ArticleText, header: bool = True
) -> int:
    if header:
        out.write("\t".join(MENTION_COLUMNS) + "\n")
    cache: dict[str, str] = {}
    n = 0
    for s in events:
        if s.article_id not in cache:
            cache.clear()  # events come article by article
            cache[s.article_id] = article_text(s.article_id)
        row = mention_row(s, cache[s.article_id])
        out.write("\t".join(row[c] for c in MENTION_COLUMNS) + "\n")
        n += 1
    return n
