"""Two source trees side by side: whole `eventwatch ingest --workers N` processes on the same
articles, alternating A, B (then spaCy parse-only with `n_process` N), `--pairs` times.

    python benchmarks/ab_ingest.py corpus.jsonl /path/to/main/src /path/to/branch/src --pairs 2 [--workers 2]

Prints each process's CPU seconds, wall time and peak RSS (`bench_pipeline.run_timed`).
Both trees share $EVENTWATCH_CACHE (the same gazetteer version is assumed: set it per
checkout otherwise).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import PARSE_ONLY, run_timed  # noqa: E402

CLI = "import sys; from eventwatch.cli import main; sys.exit(main())"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("feed")
    ap.add_argument("trees", nargs=2)
    ap.add_argument("--pairs", type=int, default=2)
    ap.add_argument("--workers", type=int, default=1, help="ingest --workers and parse n_process")
    ap.add_argument("--parse-batch", type=int, default=8)
    args = ap.parse_args()
    for r in range(args.pairs):
        for src in args.trees:
            env = dict(os.environ, PYTHONPATH=src, OMP_NUM_THREADS="1")
            with tempfile.TemporaryDirectory() as tmp:
                cmd = [
                    sys.executable,
                    "-c",
                    CLI,
                    "--db",
                    f"{tmp}/x.db",
                    "ingest",
                    args.feed,
                    "--no-progress",
                    "--workers",
                    str(args.workers),
                ]
                run = run_timed(cmd, env)
            print(
                f"pair {r + 1} {src}: ingest {run.cpu:.1f} CPU s, {run.wall:.1f} s wall, "
                f"{run.main_rss:.0f} MB; {run.err.strip().splitlines()[-1]}; "
                f"load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
        env = dict(os.environ, PYTHONPATH=args.trees[0], OMP_NUM_THREADS="1")
        cmd = [sys.executable, "-c", PARSE_ONLY, args.feed, str(args.workers), str(args.parse_batch)]
        run = run_timed(cmd, env)
        print(
            f"pair {r + 1} parse-only (batch {args.parse_batch}): {run.cpu:.1f} CPU s, "
            f"{run.wall:.1f} s wall",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
