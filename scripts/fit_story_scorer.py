"""Fit the story scorer on ECB+ topic folders and write src/eventwatch/data/stories/scorer.json.

    python scripts/fit_story_scorer.py ../shared/benchmarks/ecbplus-dev [--cv 5] [--no-write]
        [--seeds 13 7 29] [--only-dates | --only-no-dates]

Prints the held-out scores of a cross-validation by topic (with and without dates derived
from the text) for each stream order in `--seeds`, and their mean and minimum (the CV figure
moves by a few points with the order alone: compare variants on the mean), then fits on every
topic (in the order of the first seed) and writes the parameters (weights, bias and
thresholds only: no text of the corpus is kept). ECB+ is CC BY 3.0.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import fields
from pathlib import Path

from eventwatch.stories import ecb, fit, metrics

OUT = Path(__file__).resolve().parents[1] / "src/eventwatch/data/stories/scorer.json"
GRID_HELP = {  # what each grid of fit.Grids tries, for --help
    "splits": "split thresholds tried (none: stories are never split)",
    "youngs": "stricter join thresholds tried for stories of 1-3 reports (none: as the others)",
    "links": "link thresholds tried for merging fragments of one happening (none: never)",
    "ratios": "link ratios tried (cross over inside; none: only the bare link threshold)",
    "bigs": "split thresholds tried for stories of 20 reports or more (none: as the others)",
    "evicts": "outlier ratios tried, e.g. 0.5 0.6 0.7 0.8 (a report moved to the story it links with; none, the default: never)",
}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("folder", type=Path)
    p.add_argument("--cv", type=int, default=5, help="folds of whole topics (0: no CV)")
    p.add_argument("--no-write", action="store_true")
    p.add_argument(
        "--seeds",
        type=int,
        nargs="+",
        default=list(fit.SEEDS),
        help="orders of the replayed streams (the first also orders the final fit)",
    )
    p.add_argument("--seed", type=int, help="one order only (as --seeds N)")
    defaults = fit.Grids()
    for grid in fields(fit.Grids):  # one option per grid: --splits, --youngs, ...
        p.add_argument(
            f"--{grid.name}",
            type=float,
            nargs="*",
            default=list(getattr(defaults, grid.name)),
            help=GRID_HELP[grid.name],
        )
    p.add_argument(
        "--fit-dates",
        action="store_true",
        help="make the shipped fit on the streams with dates from text (default: without dates, "
        "which holds up in both settings: see docs/benchmarks.md, stories, ninth round)",
    )
    only = p.add_mutually_exclusive_group()
    only.add_argument("--only-dates", action="store_true", help="CV with dates from text only")
    only.add_argument("--only-no-dates", action="store_true", help="CV without dates only")
    args = p.parse_args(argv)
    seeds = [args.seed] if args.seed is not None else args.seeds
    grids = fit.Grids(**{g.name: tuple(getattr(args, g.name)) for g in fields(fit.Grids)})
    docs = ecb.read_folder(args.folder)
    print(f"{len(docs)} documents, {len({d.topic for d in docs})} topics", file=sys.stderr)
    if args.cv:
        modes = [m for m in (False, True) if not (args.only_dates and not m)]
        modes = [m for m in modes if not (args.only_no_dates and m)]
        for with_dates in modes:
            label = "dates from text" if with_dates else "no dates"
            runs = [
                _one_order(docs, with_dates, args.cv, seed, label, grids)
                for seed in seeds
            ]
            summary = fit.OrderSummary(tuple(seeds), tuple(runs))
            print(f"cv{args.cv} {label}, over orders: {summary.line()}", flush=True)
        if args.no_write:
            return 0  # the CV figures only: no final fit
    params = fit.fit(docs, with_dates=args.fit_dates, seed=seeds[0], grids=grids)
    if not args.no_write:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(params.to_json(), encoding="utf-8")
        print(f"wrote {OUT}", file=sys.stderr)
    print(params.to_json())
    return 0


def _one_order(
    docs: list[ecb.EcbDoc],
    with_dates: bool,
    k: int,
    seed: int,
    label: str,
    grids: fit.Grids,
) -> metrics.ClusterScores:
    t0 = time.perf_counter()
    scores, per_fold, fitted = fit.cross_validate_folds(docs, with_dates, k=k, seed=seed, grids=grids)
    folds = fit.folds_by_topic(docs, k)
    for i, (s, p) in enumerate(zip(per_fold, fitted, strict=True)):
        topics = ",".join(sorted({d.topic for d in folds[i]}, key=int))
        print(
            f"  seed {seed} fold {i} (topics {topics}; threshold {p.threshold}, "
            f"young {p.young_threshold}, split {p.split_threshold}, link {p.link_threshold}, "
            f"ratio {p.link_ratio}, big {p.split_big}, evict {p.evict_ratio}): "
            f"pairwise F1 {s.pair_f1:.3f}, B-cubed F1 {s.bcubed_f1:.3f}"
        )
    row = json.dumps(scores.to_dict())
    print(f"cv{k} seed {seed} {label}: {row} ({time.perf_counter() - t0:.0f} s)", flush=True)
    return scores


if __name__ == "__main__":
    sys.exit(main())
