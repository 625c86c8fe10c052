"""Stored events out: JSON Lines, CSV, Parquet, GDELT 2.0 event table (TSV), and the formats
of store/formats.py (GeoJSON, PLOVER/POLECAT-style JSON Lines, GDELT Mentions table).

`export(store, fmt, out_path=None, filter=None)` writes to a temporary file beside the target
and renames it when done, so a failed export never leaves half a file.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from eventwatch.errors import E, EventwatchError
from eventwatch.store import formats, gdelt
from eventwatch.store.query import EventFilter, StoredEvent
from eventwatch.store.store import Store

FORMATS = ("jsonl", "csv", "parquet", "gdelt", "gdelt-mentions", "geojson", "plover")

FLAT_COLUMNS: dict[str, str] = {  # column -> arrow type name, for CSV and Parquet
    "id": "string",
    "article_id": "string",
    "day": "date32",
    "event_type": "string",
    "mode": "string",
    "factuality": "string",
    "contexts": "string",
    "source": "string",
    "source_country": "string",
    "source_sector": "string",
    "target": "string",
    "target_country": "string",
    "target_sector": "string",
    "object": "string",
    "date": "string",
    "date_precision": "string",
    "place": "string",
    "place_country": "string",
    "lat": "float64",
    "lon": "float64",
    "geonames_id": "int64",
    "cameo": "string",
    "quad_class": "int64",
    "goldstein": "float64",
    "confidence": "float64",
    "sentence": "string",
    "sentence_start": "int64",
    "sentence_end": "int64",
    "trigger": "string",
    "num_mentions": "int64",
    "num_sources": "int64",
    "num_articles": "int64",
    "cluster_id": "string",
    "story_id": "string",
    "title": "string",
    "url": "string",
    "published": "date32",
    "outlet": "string",
}


def flat_row(stored: StoredEvent) -> dict[str, Any]:
    """One event as a flat row (several actors joined by `; `)."""
    ev = stored.event

    def join(values: Iterable[str | None]) -> str:
        return "; ".join(v or "" for v in values) if any(values) else ""

    loc, tv = ev.location, ev.date
    return {
        "id": ev.id,
        "article_id": stored.article_id,
        "day": stored.day,
        "event_type": ev.event_type,
        "mode": ev.mode,
        "factuality": ev.factuality,
        "contexts": ";".join(ev.contexts),
        "source": join([a.name or a.text for a in ev.source]),
        "source_country": join([a.country for a in ev.source]),
        "source_sector": join([a.sector for a in ev.source]),
        "target": join([a.name or a.text for a in ev.target]),
        "target_country": join([a.country for a in ev.target]),
        "target_sector": join([a.sector for a in ev.target]),
        "object": (ev.object or {}).get("text"),
        "date": tv.value if tv else None,
        "date_precision": tv.precision if tv else None,
        "place": (loc.name or loc.text) if loc else None,
        "place_country": loc.country if loc else None,
        "lat": loc.lat if loc else None,
        "lon": loc.lon if loc else None,
        "geonames_id": loc.geonames_id if loc else None,
        "cameo": ev.cameo,
        "quad_class": ev.quad_class,
        "goldstein": ev.goldstein,
        "confidence": round(ev.confidence, 3),
        "sentence": ev.evidence.sentence,
        "sentence_start": ev.evidence.start,
        "sentence_end": ev.evidence.end,
        "trigger": ev.evidence.trigger,
        "num_mentions": stored.num_mentions,
        "num_sources": stored.num_sources,
        "num_articles": stored.num_articles,
        "cluster_id": stored.cluster_id,
        "story_id": stored.story_id,
        "title": stored.article_title,
        "url": stored.article_url,
        "published": stored.published,
        "outlet": stored.article_source,
    }


def write_jsonl(events: Iterable[StoredEvent], out: TextIO) -> int:
    n = 0
    for s in events:
        out.write(json.dumps(s.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(events: Iterable[StoredEvent], out: TextIO, header: bool = True) -> int:
    writer = csv.DictWriter(out, fieldnames=list(FLAT_COLUMNS), lineterminator="\n")
    if header:
        writer.writeheader()
    n = 0
    for s in events:
        row = flat_row(s)
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
        n += 1
    return n


def write_gdelt(
    events: Iterable[StoredEvent], out: TextIO, store: Store, header: bool = True
) -> int:
    if header:
        out.write("\t".join(gdelt.COLUMNS) + "\n")
    leads: dict[str, int] = {}
    n = 0
    for s in events:
        if s.article_id not in leads:
            leads.clear()  # events come article by article
            art = store.get_article(s.article_id)
            text = art.text if art else ""
            cut = text.find("\n")
            leads[s.article_id] = cut if cut >= 0 else len(text)
        row = gdelt.gdelt_row(s, is_root=s.event.evidence.start < leads[s.article_id])
        out.write("\t".join(row[c] for c in gdelt.COLUMNS) + "\n")
        n += 1
    return n


def write_parquet(events: Iterable[StoredEvent], path: str | os.PathLike[str]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(k, getattr(pa, t)()) for k, t in FLAT_COLUMNS.items()])
    rows = [flat_row(s) for s in events]
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, path)
    return len(rows)


def export(
    store: Store,
    fmt: str,
    out_path: str | None = None,
    filter: EventFilter | None = None,
    header: bool = True,
) -> int:
    """Write the matching events in `fmt` to `out_path` (stdout when None); the count."""
    if fmt not in FORMATS:
        raise EventwatchError(
            E.BAD_VALUE, what=f"format {fmt!r}", reason=f"expected one of {', '.join(FORMATS)}"
        )
    events = store.iter_events(filter)
    if out_path is None or out_path == "-":
        if fmt == "parquet":
            raise EventwatchError(
                E.BAD_VALUE,
                what="parquet export",
                reason="needs --output FILE (it is not a text format)",
            )
        return _write_text(fmt, events, sys.stdout, store, header)
    target = Path(out_path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as exc:
        raise EventwatchError(
            E.BAD_VALUE, what=f"output {out_path}", reason=exc.strerror or str(exc)
        ) from exc
    os.close(fd)
    try:
        if fmt == "parquet":
            n = write_parquet(events, tmp)
        else:
            with open(tmp, "w", encoding="utf-8", newline="") as out:
                n = _write_text(fmt, events, out, store, header)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise EventwatchError(
            E.BAD_VALUE, what=f"output {out_path}", reason=exc.strerror or str(exc)
        ) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n


def _write_text(
    fmt: str, events: Iterator[StoredEvent], out: TextIO, store: Store, header: bool
) -> int:
    if fmt == "jsonl":
        return write_jsonl(events, out)
    if fmt == "csv":
        return write_csv(events, out, header)
    if fmt == "geojson":
        return formats.write_geojson(events, out)
    if fmt == "plover":
        return formats.write_plover(events, out)
    if fmt == "gdelt-mentions":
        return formats.write_mentions(events, out, lambda aid: _article_text(store, aid), header)
    return write_gdelt(events, out, store, header)


def _article_text(store: Store, article_id: str) -> str:
    art = store.get_article(article_id)
    return art.text if art else ""
