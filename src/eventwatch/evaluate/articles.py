"""`eventwatch evaluate articles DIR`: hand-coded articles, scored end to end.

DIR holds pairs `X.txt` (the article) + `X.json` (its gold: the format of the seed's
`expected_events.json` and of `../shared/benchmarks/articles-dev/`). A gold file whose
`article` names a file in DIR is paired with that file instead (the seed's layout). Each
article is read and coded as `eventwatch extract X.txt --published DATE` does, with DATE the
gold's `published`, and scored like `../shared/tools/score_events.py` (evaluate/gold_events.py).

Prints, per article, every gold event found or missing (with the field its closest event
fails) and every forbidden hit, then a total: gold events found, forbidden hits, events
extracted, events per article and the misses counted by failing field.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from eventwatch.dates import parse_date
from eventwatch.errors import E, EventwatchError
from eventwatch.evaluate.gold_events import ArticleScore, score


@dataclass
class Case:
    """One hand-coded article: its text file, its gold and its publication date."""

    name: str
    text: Path
    gold: dict[str, Any]
    published: date | None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--save",
        type=Path,
        default=None,
        metavar="DIR",
        help="also write each article's extracted events to DIR/X.jsonl",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="only the per-article summary lines and the total"
    )


def find_cases(folder: Path) -> list[Case]:
    """Every gold file in `folder` with its article, in name order."""
    if not folder.is_dir():
        raise EventwatchError(E.BAD_VALUE, what=str(folder), reason="is not a folder")
    cases = []
    for gold_path in sorted(folder.glob("*.json")):
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise EventwatchError(E.BAD_VALUE, what=str(gold_path), reason=f"not JSON ({exc})") from exc
        if not isinstance(gold, dict) or not isinstance(gold.get("events"), list):
            continue  # not a gold file (no events list)
        text = _article_file(folder, gold.get("article")) or gold_path.with_suffix(".txt")
        if not text.is_file():
            raise EventwatchError(E.BAD_VALUE, what=str(gold_path), reason=f"has no article {text.name}")
        cases.append(Case(gold_path.stem, text, gold, _date(gold.get("published"), gold_path)))
    if not cases:
        raise EventwatchError(E.BAD_VALUE, what=str(folder), reason="holds no X.json gold file with events")
    return cases


def _article_file(folder: Path, article: Any) -> Path | None:
    """The file the gold's `article` names, when it is a plain file name in `folder`."""
    name = str(article or "")
    if not name or "/" in name or len(name) > 200:
        return None
    path = folder / name
    return path if path.is_file() else None


def _date(value: Any, where: Path) -> date | None:
    if not value:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise EventwatchError(E.BAD_VALUE, what=str(where), reason=f"published {value!r} is not a date") from exc


def extract_events(case: Case) -> list[dict[str, Any]]:
    """The article's events as `eventwatch extract --format jsonl` prints them."""
    from eventwatch.pipeline import extract
    from eventwatch.sources import read_inputs

    out: list[dict[str, Any]] = []
    for item in read_inputs([str(case.text)]):
        if isinstance(item, EventwatchError):
            raise item
        if case.published:
            item.published = case.published
        out.extend(ev.to_dict() for ev in extract(item))
    return out


def evaluate(folder: Path, save: Path | None = None) -> list[ArticleScore]:
    """Extract and score every hand-coded article in `folder`."""
    scores = []
    for case in find_cases(folder):
        events = extract_events(case)
        if save is not None:
            save.mkdir(parents=True, exist_ok=True)
            lines = "".join(json.dumps(ev, ensure_ascii=False) + "\n" for ev in events)
            (save / f"{case.name}.jsonl").write_text(lines, encoding="utf-8")
        scores.append(score(case.name, case.gold, events))
    return scores


def report(scores: list[ArticleScore], quiet: bool = False) -> str:
    """The per-article and total report."""
    lines: list[str] = []
    by_field: Counter[str] = Counter()
    for s in scores:
        lines.append(
            f"{s.name}: found {s.found} of {len(s.gold)}, forbidden hits {len(s.forbidden)}, "
            f"events extracted {s.events}"
        )
        for g in s.gold:
            if not g.found:
                fields = g.reason.split(": ", 1)[1].split(", ") if ": " in g.reason else [g.reason]
                by_field.update(fields)
            if quiet:
                continue
            if g.found:
                lines.append(f"  {g.id} found    {g.what}")
            else:
                lines.append(f"  {g.id} MISSING  {g.what} ({g.reason})")
        if not quiet:
            for h in s.forbidden:
                lines.append(f'  {h.id} FORBIDDEN {h.what}: {h.event_type} in "{h.sentence}"')
    gold_n = sum(len(s.gold) for s in scores)
    found = sum(s.found for s in scores)
    events = sum(s.events for s in scores)
    share = found / gold_n if gold_n else 0.0
    lines.append(
        f"total: {len(scores)} articles, found {found} of {gold_n} ({share:.0%}), "
        f"forbidden hits {sum(len(s.forbidden) for s in scores)}, events extracted {events} "
        f"({events / max(1, len(scores)):.1f} per article)"
    )
    if by_field:
        lines.append("misses by failing field: " + ", ".join(f"{k} {v}" for k, v in by_field.most_common()))
    return "\n".join(lines)


def main(args: argparse.Namespace) -> int:
    scores = evaluate(Path(args.path), getattr(args, "save", None))
    print(report(scores, getattr(args, "quiet", False)))
    return 0
