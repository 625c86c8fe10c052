"""Actor countries on the articles-dev gold events (measurement only).

    python benchmarks/score_articles_actors.py [--events DIR]

Runs `eventwatch extract` on each article of ../shared/benchmarks/articles-dev (or reads
`trnews-X.jsonl` files already in DIR) and prints, over all gold events:
- found: the scorer's own count (`../shared/tools/score_events.py`: type, factuality,
  countries, evidence... all right);
- countries right: gold events for which some extracted event from the gold sentence
  (`sentence_contains`, when the gold gives one) has both countries right, whatever its type
  or factuality - what actor resolution alone decides, given an event was extracted.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "benchmarks" / "articles-dev"
SCORER = ROOT.parent / "shared" / "tools" / "score_events.py"


def _scorer():
    spec = importlib.util.spec_from_file_location("score_events", SCORER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _events(gold_path: Path, folder: Path) -> list[dict]:
    out = folder / (gold_path.stem + ".jsonl")
    if not out.exists():
        published = json.loads(gold_path.read_text(encoding="utf-8"))["published"]
        with out.open("w", encoding="utf-8") as fh:
            subprocess.run(
                [
                    "eventwatch",
                    "extract",
                    str(gold_path.with_suffix(".txt")),
                    "--published",
                    published,
                    "--format",
                    "jsonl",
                ],
                stdout=fh,
                check=True,
            )
    return [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines() if x.strip()]


def _off_sentence(sc: object, gold: dict, ev: dict) -> bool:
    return "evidence" in sc.failures(gold, ev)  # type: ignore[attr-defined]


def _side(actors: list[dict] | dict | None) -> str:
    if not actors:
        return "-"
    if isinstance(actors, dict):
        actors = [actors]
    return " + ".join(f"{a.get('text')!r}={a.get('country')}/{a.get('sector')}" for a in actors)


def _print_miss(article: str, gold: dict, events: list[dict]) -> None:
    want = f"{gold.get('source_country')} -> {gold.get('target_country')}"
    print(f"MISS {article} {gold.get('id', '')}: {gold.get('sentence_contains', '')!r} want {want}")
    for ev in events:
        print(f"    {ev.get('event_type')}: {_side(ev.get('source'))} -> {_side(ev.get('target'))}")
    if not events:
        print("    (no event from the sentence)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=Path, help="folder with (or for) the extracted JSONL files")
    ap.add_argument(
        "--misses",
        action="store_true",
        help="list each gold event without a right dyad, with the events of its sentence",
    )
    args = ap.parse_args(argv)
    sc = _scorer()
    folder = args.events or Path(tempfile.mkdtemp(prefix="adev-"))
    folder.mkdir(parents=True, exist_ok=True)
    found = dyad = total = 0
    for gold_path in sorted(DEV.glob("trnews-*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        events = _events(gold_path, folder)
        for g in gold["events"]:
            total += 1
            if any(not sc.failures(g, ev) for ev in events):
                found += 1
            if any(sc.dyad_ok(g, ev) and "evidence" not in sc.failures(g, ev) for ev in events):
                dyad += 1
            elif args.misses:
                _print_miss(gold_path.stem, g, [e for e in events if not _off_sentence(sc, g, e)])
    print(
        f"articles-dev: {total} gold events; found (scorer) {found} ({found / total:.2f}); "
        f"an event from the gold sentence with both countries right {dyad} ({dyad / total:.2f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
