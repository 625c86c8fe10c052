"""`eventwatch evaluate actors FILE`: actor resolution scored on JSONL cases.

Each line: `{"text": "...", "date": "YYYY-MM-DD", "context": "..." (optional),
"country": "ISO3" | null, "sector": "GOV" | null}`. A case with a `country` key is scored on
country (null: the mention should have no country, or not resolve), one with a `sector` key on
sector (null: no sector). A mention that does not resolve counts as country None, sector None.
Prints the accuracy of each, per-sector counts of the misses, and with --errors the misses.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwatch.errors import E, EventwatchError


@dataclass
class Case:
    text: str
    date: str | None
    context: str | None
    gold: dict[str, Any]
    where: str


def read_cases(path: Path) -> list[Case]:
    """The cases of a JSONL file, or one error naming the line and the reason."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EventwatchError(E.INPUT_UNREADABLE, name=str(path), reason=exc.strerror) from None
    out = []
    for i, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{i}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EventwatchError(E.RECORD_INVALID, name=where, reason=str(exc)) from None
        if not isinstance(rec, dict) or not rec.get("text"):
            raise EventwatchError(E.RECORD_INVALID, name=where, reason="a case needs 'text'")
        gold = {k: rec[k] for k in ("country", "sector") if k in rec}
        if not gold:
            raise EventwatchError(
                E.RECORD_INVALID, name=where, reason="a case needs 'country' or 'sector'"
            )
        out.append(Case(rec["text"], rec.get("date"), rec.get("context"), gold, where))
    return out


def score(cases: list[Case]) -> dict[str, Any]:
    """Accuracy per field, and the misses: `(case, predicted dict)`."""
    from eventwatch.actors import resolve_actor

    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses: list[tuple[Case, dict[str, Any]]] = []
    for case in cases:
        got = resolve_actor(case.text, date=case.date, context=case.context) or {}
        wrong = False
        for key, want in case.gold.items():
            total[key] += 1
            if got.get(key) == want:
                right[key] += 1
            else:
                wrong = True
        if wrong:
            misses.append((case, got))
    return {
        "right": dict(right),
        "total": dict(total),
        "accuracy": {k: right[k] / total[k] for k in total if total[k]},
        "misses": misses,
    }


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print the figures as JSON")


def main(args: argparse.Namespace) -> int:
    cases = read_cases(Path(args.path))
    t0 = time.perf_counter()
    result = score(cases)
    secs = time.perf_counter() - t0
    if getattr(args, "json", False):
        print(json.dumps({k: v for k, v in result.items() if k != "misses"}))
        return 0
    print(f"{len(cases)} cases in {secs:.1f} s")
    for key in ("country", "sector"):
        if key in result["total"]:
            r, t = result["right"].get(key, 0), result["total"][key]
            print(f"{key:8s} {r / t:.3f}  ({r} of {t})")
    for case, got in result["misses"][: args.errors]:
        want = " ".join(f"{k}={v}" for k, v in case.gold.items())
        have = " ".join(f"{k}={got.get(k)}" for k in case.gold)
        print(f"MISS {case.text!r} ({case.date}): want {want}, got {have} [{got.get('name')}]")
    return 0
