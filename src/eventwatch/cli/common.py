"""Options and output helpers shared by the sub-commands."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, TextIO

from eventwatch import dates
from eventwatch.errors import E, EventwatchError


def parse_date(value: str) -> date:
    """argparse type for a date: ISO 8601, RFC 2822 or another common form (see
    eventwatch.dates)."""
    try:
        return dates.parse_date(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(EventwatchError(E.BAD_DATE, value=value))) from exc


def _actors(actors: Sequence[dict[str, Any]] | None) -> str:
    out = []
    for a in actors or []:
        label = a.get("name") or a.get("text") or "?"
        if a.get("country"):
            label += f" ({a['country']}{'/' + a['sector'] if a.get('sector') else ''})"
        out.append(label)
    return "; ".join(out)


def event_row(ev: dict[str, Any]) -> dict[str, str]:
    """A flat, human-readable row for one event dict."""
    date_v = (ev.get("date") or {}).get("value") or ""
    loc = ev.get("location") or {}
    return {
        "type": ev.get("event_type") or "",
        "factuality": ev.get("factuality") or "",
        "source": _actors(ev.get("source")),
        "target": _actors(ev.get("target")),
        "date": date_v,
        "place": loc.get("name") or loc.get("text") or "",
        "conf": f"{ev.get('confidence', 0):.2f}",
        "evidence": (ev.get("evidence") or {}).get("sentence", "")[:80],
    }


def print_event_table(events: Iterable[dict[str, Any]], out: TextIO | None = None) -> None:
    """Print events as an aligned text table."""
    out = out or sys.stdout
    rows = [event_row(ev) for ev in events]
    if not rows:
        print("(no events)", file=out)
        return
    cols = list(rows[0])
    widths = {
        c: min(max(len(c), *(len(r[c]) for r in rows)), 40 if c != "evidence" else 80) for c in cols
    }
    print("  ".join(c.upper().ljust(widths[c]) for c in cols), file=out)
    for r in rows:
        print("  ".join(r[c][: widths[c]].ljust(widths[c]) for c in cols).rstrip(), file=out)


def write_json_lines(records: Iterable[dict[str, Any]], out: TextIO | None = None) -> None:
    out = out or sys.stdout
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO | None = None) -> None:
    out = out or sys.stdout
    writer = None
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(row))
            writer.writeheader()
        writer.writerow(row)


_SIZE_UNITS = {
    "": 1,
    "b": 1,
    "k": 1024,
    "kb": 1024,
    "m": 1024**2,
    "mb": 1024**2,
    "g": 1024**3,
    "gb": 1024**3,
}


def parse_size(value: str) -> int:
    """argparse type for a byte count: `5000000`, `500k`, `5M`."""
    v = value.strip().lower()
    num = v.rstrip("kmgb")
    unit = v[len(num) :]
    try:
        n = float(num) * _SIZE_UNITS[unit]
    except (ValueError, KeyError) as exc:
        raise argparse.ArgumentTypeError(
            str(EventwatchError(E.BAD_VALUE, what=repr(value), reason="not a size (e.g. 5M, 500k)"))
        ) from exc
    if n <= 0:
        raise argparse.ArgumentTypeError(
            str(EventwatchError(E.BAD_VALUE, what=repr(value), reason="must be above 0"))
        )
    return int(n)
