"""Start-up cost of the actor knowledge base with the imported Phoenix dictionaries.

    python benchmarks/bench_actors_kb.py [--runs N]

Each run is a fresh Python process (so nothing is cached) that imports eventwatch, then
loads the whole knowledge base (curated files, imported TSVs, user file), the sector
lexicon with the imported agent nouns, and the prefix index the first resolution builds,
and resolves one mention. It prints the wall time of that and the resident memory it added
(VmRSS after minus before, Linux /proc) and its CPU time (what it costs on an idle
machine; wall time includes waiting for a shared CPU), then the median over the runs, the number of
names the indexes resolve, and the time to resolve the own evaluation cases.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "src" / "eventwatch" / "data" / "actors" / "eval" / "cases.jsonl"

CHILD = r"""
import json, time
def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
import eventwatch.actors
from eventwatch.actors import resolve_actor
before = rss_mb()
t0 = time.perf_counter()
c0 = time.process_time()
from eventwatch.actors.loader import get_kb
kb = get_kb()
resolve_actor("Turkish riot police", "2016-12-19")
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "cpu": time.process_time() - c0, "added_mb": rss_mb() - before,
                  "names": len(kb.names) + len(kb.acronyms), "people": len(kb.people),
                  "orgs": len(kb.orgs)}))
"""


def one_run() -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    runs = [one_run() for _ in range(args.runs)]
    for i, r in enumerate(runs, 1):
        print(f"run {i}: {r['seconds']:.2f} s ({r['cpu']:.2f} s CPU), +{r['added_mb']:.0f} MB RSS")
    secs = statistics.median(r["seconds"] for r in runs)
    mb = statistics.median(r["added_mb"] for r in runs)
    cpu = statistics.median(r["cpu"] for r in runs)
    last = runs[-1]
    print(
        f"knowledge base start-up: median {secs:.2f} s wall ({cpu:.2f} s CPU), +{mb:.0f} MB RSS "
        f"over {args.runs} runs "
        f"({last['names']} names, {last['people']} people, {last['orgs']} organisations)"
    )
    from eventwatch.evaluate.actors import read_cases, score

    cases = read_cases(CASES)
    t0 = time.perf_counter()
    result = score(cases)
    took = time.perf_counter() - t0
    acc = result["accuracy"]
    print(
        f"own cases: {len(cases)} resolved in {took:.2f} s (load included); "
        f"country {acc['country']:.3f}, sector {acc['sector']:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
