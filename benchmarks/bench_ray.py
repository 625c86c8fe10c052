"""The Ray engine against the local one, as whole `eventwatch ingest` processes.

    python benchmarks/bench_ray.py [--articles 200] [--cores 1,2]

Same real-article corpus as bench_pipeline.py. For each core count N it runs
`ingest --workers N` (local engine) and `ingest --engine ray --workers N` (a local Ray
instance with N CPUs, started and stopped by the command, so its start-up is in the figure),
each into a fresh SQLite file, then checks that every database holds the same event ids as
the first local run.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import ROOT, corpus, run_timed  # noqa: E402


def event_ids(db: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return set(conn.execute("SELECT article_id, id FROM events"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--cores", default="1,2")
    args = ap.parse_args(argv)
    docs = corpus(args.articles)
    if not docs:
        print("no articles found under ../shared/benchmarks")
        return 1
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    cli = "import sys; from eventwatch.cli import main; sys.exit(main())"
    print(f"{len(docs)} real articles; load average {os.getloadavg()[0]:.1f} at start")
    reference: set[tuple[str, str]] | None = None
    with tempfile.TemporaryDirectory(prefix="eventwatch-bench-ray.") as tmp:
        feed = Path(tmp) / "corpus.jsonl"
        with feed.open("w", encoding="utf-8") as f:
            for doc_id, text in docs:
                f.write(json.dumps({"id": doc_id, "title": doc_id, "text": text}) + "\n")
        for n in [int(c) for c in args.cores.split(",")]:
            for engine in ("local", "ray"):
                db = Path(tmp) / f"{engine}-{n}.db"
                cmd = [sys.executable, "-c", cli, "--db", str(db), "ingest", str(feed)]
                cmd += ["--no-progress", "--no-watch", "--engine", engine, "--workers", str(n)]
                run = run_timed(cmd, env)
                ids = event_ids(db)
                reference = ids if reference is None else reference
                same = "same event ids" if ids == reference else "DIFFERENT event ids"
                print(
                    f"{engine:5s} {n} worker{'s' if n > 1 else ' '}: {len(docs) / run.wall:5.1f} "
                    f"art/s ({run.wall:5.1f} s wall, {run.cpu:5.1f} CPU s) | {len(ids)} events, "
                    f"{same} | {run.err.strip().splitlines()[-1]}",
                    flush=True,
                )
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
