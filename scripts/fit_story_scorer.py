"""Fit the story scorer on ECB+ topic folders and write src/eventwatch/data/stories/scorer.json.

    python scripts/fit_story_scorer.py ../shared/benchmarks/ecbplus-dev [--cv 5] [--no-write]
        [--seed 13] [--only-dates | --only-no-dates]

Prints the held-out scores of a cross-validation by topic (with and without dates derived
from the text), then fits on every topic and writes the parameters (weights, bias and
thresholds only: no text of the corpus is kept). ECB+ is CC BY 3.0. `--seed` shuffles the
replayed streams otherwise (the CV figure moves by a few points with the order alone: compare
variants over several seeds, with --no-write).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from eventwatch.stories import ecb, fit

OUT = Path(__file__).resolve().parents[1] / "src/eventwatch/data/stories/scorer.json"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("folder", type=Path)
    p.add_argument("--cv", type=int, default=5, help="folds of whole topics (0: no CV)")
    p.add_argument("--no-write", action="store_true")
    p.add_argument("--seed", type=int, default=fit.SEED, help="order of the replayed streams")
    only = p.add_mutually_exclusive_group()
    only.add_argument("--only-dates", action="store_true", help="CV with dates from text only")
    only.add_argument("--only-no-dates", action="store_true", help="CV without dates only")
    args = p.parse_args(argv)
    docs = ecb.read_folder(args.folder)
    print(f"{len(docs)} documents, {len({d.topic for d in docs})} topics", file=sys.stderr)
    if args.cv:
        modes = [m for m in (False, True) if not (args.only_dates and not m)]
        modes = [m for m in modes if not (args.only_no_dates and m)]
        for with_dates in modes:
            t0 = time.perf_counter()
            scores, per_fold, fitted = fit.cross_validate_folds(
                docs, with_dates, k=args.cv, seed=args.seed
            )
            label = "dates from text" if with_dates else "no dates"
            for i, (s, p) in enumerate(zip(per_fold, fitted, strict=True)):
                topics = ",".join(
                    sorted({d.topic for d in fit.folds_by_topic(docs, args.cv)[i]}, key=int)
                )
                print(
                    f"  fold {i} (topics {topics}; threshold {p.threshold}): "
                    f"pairwise F1 {s.pair_f1:.3f}, B-cubed F1 {s.bcubed_f1:.3f}"
                )
            row = json.dumps(scores.to_dict())
            seed = f" seed {args.seed}" if args.seed != fit.SEED else ""
            print(f"cv{args.cv}{seed} {label}: {row} ({time.perf_counter() - t0:.0f} s)")
    params = fit.fit(docs, with_dates=True)
    if not args.no_write:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(params.to_json(), encoding="utf-8")
        print(f"wrote {OUT}", file=sys.stderr)
    print(params.to_json())
    return 0


if __name__ == "__main__":
    sys.exit(main())
