"""`eventwatch ingest` against spaCy parsing alone, both as whole processes, side by side.

    python benchmarks/bench_pipeline.py [--articles 600] [--cores 1,2] [--repeat 1]

Corpus: real news articles read from ../shared/benchmarks (GeoWebNews, then MEANTIME, then
ECB+ to reach `--articles`), written to a temporary JSON Lines file; nothing of them is kept.
For each core count N it times, as whole processes (start to exit, model loading included):

- parse-only: spaCy's `nlp.pipe(texts, batch_size=16, n_process=N)` (`--parse-batch`, the batch ingest parses) with the model package
  as it ships (every component; not eventwatch's loader, which swaps the attribute ruler);
- ingest: `eventwatch ingest corpus.jsonl --workers N` into a fresh SQLite file (its
  defaults otherwise: watch hooks on), so everything a user waits for is in the figure;
- with `--numpy-reference` (as `make bench` runs it), also spaCy's parse with eventwatch's
  matrix product (`eventwatch.matmul`: numpy's BLAS for thinc's BLIS, the parse eventwatch
  runs, token for token the same as stock spaCy's). The ratio to stock spaCy is the issue's
  figure; the ratio to this one is what eventwatch's own stages after the parse cost.

Runs alternate (parse, ingest, parse, ingest, ...) so both see the same load on a shared
machine: read the ratios, which are measured side by side, rather than the absolute rates.
Peak memory is read from /proc while each run goes: VmHWM (peak RSS) of the main process and
of each worker, and each worker's peak PSS (its share of pages it shares with others, e.g.
the model a forked worker inherits). CPU seconds are the process tree's user + system time:
on a loaded machine the CPU ratio is the steadier of the two.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "benchmarks"

# spaCy's pipeline as the model package ships it (eventwatch's loader swaps in a faster,
# equivalent attribute ruler: `eventwatch.ruler`; the reference is spaCy's own parse)
PARSE_ONLY = """
import json, sys
from eventwatch.nlp import MODEL_PACKAGE
model = __import__(MODEL_PACKAGE).load()
if sys.argv[4:] == ["numpy"]:  # --numpy-reference: spaCy with eventwatch's matrix product
    from eventwatch.matmul import use_numpy_matmul
    use_numpy_matmul(model)
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
n = 0
for _ in model.pipe(texts, batch_size=int(sys.argv[3]), n_process=int(sys.argv[2])):
    n += 1
print(n)
"""

WARM = "from eventwatch.workers import warm_up; warm_up()"


# ---- corpus -------------------------------------------------------------------------------


def gwn() -> list[tuple[str, str]]:
    path = BENCH / "geowebnews" / "GWN.xml"
    if not path.exists():
        return []
    root = ET.parse(path).getroot()
    return [(f"gwn-{i}", a.findtext("text") or "") for i, a in enumerate(root.iter("article"))]


def _cat_text(path: Path) -> str:
    """The text of a CAT XML document (MEANTIME, ECB+): its tokens, sentences on lines."""
    root = ET.parse(path).getroot()
    lines: dict[str, list[str]] = {}
    for tok in root.iter("token"):
        lines.setdefault(tok.get("sentence", "0"), []).append(tok.text or "")
    return "\n".join(" ".join(words) for words in lines.values())


def cat_docs(folder: Path, pattern: str, prefix: str) -> list[tuple[str, str]]:
    return [(f"{prefix}-{p.stem}", _cat_text(p)) for p in sorted(folder.glob(pattern))]


def corpus(n: int) -> list[tuple[str, str]]:
    docs = gwn()
    docs += cat_docs(BENCH / "meantime" / "intra-doc_annotation", "*/*.xml", "meantime")
    if len(docs) < n:
        docs += cat_docs(BENCH / "ecbplus-dev", "*/*.xml", "ecb")
    docs = [(i, t) for i, t in docs if t.strip()]
    return docs[:n]


# ---- measuring a whole process ---------------------------------------------------------------


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


def _hwm_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _pss_mb(pid: int) -> float | None:
    """Proportional set size: shared pages (a forked worker's model) split between sharers."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


@dataclass
class Run:
    """One whole process: wall and CPU seconds (its own and its children's), peak memory."""

    wall: float
    cpu: float
    main_rss: float
    workers: dict[int, tuple[float, float]]  # pid -> (peak RSS, peak PSS), MB
    err: str

    def worker_rss(self) -> str:
        # spawn's resource tracker and similar helpers are small processes: leave them out
        big = sorted((v for v in self.workers.values() if v[0] > 100), reverse=True)
        if not big:
            return "none"
        return f"{len(big)} x peak RSS {big[0][0]:.0f} MB / PSS {big[0][1]:.0f} MB"


def run_timed(cmd: list[str], env: dict[str, str]) -> Run:
    """Run `cmd` to its end, sampling the memory of it and its descendants from /proc."""
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peaks: dict[int, tuple[float, float]] = {}
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            todo = [proc.pid]
            while todo:
                pid = todo.pop()
                hwm, pss = _hwm_mb(pid), _pss_mb(pid)
                if hwm is not None:
                    old = peaks.get(pid, (0.0, 0.0))
                    peaks[pid] = (max(old[0], hwm), max(old[1], pss or 0.0))
                todo += _children(pid)
            done.wait(0.25)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    done.set()
    watcher.join()
    if proc.returncode != 0:
        raise SystemExit(f"bench: {cmd[:4]} failed ({proc.returncode}): {err.strip()[-500:]}")
    main_rss = peaks.pop(proc.pid, (0.0, 0.0))[0]
    return Run(wall, _children_cpu() - cpu0, main_rss, peaks, err)


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=600)
    ap.add_argument(
        "--cores", default=None, help="core counts to measure, e.g. 1,2 (default 1..all)"
    )
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument(
        "--parse-batch",
        type=int,
        default=16,
        help="parse-only's nlp.pipe batch_size (default 16, the batch ingest parses: "
        "eventwatch.workers.BATCH_SIZE, so the two are like for like; runs before 2026-12-07 "
        "13:45 used 8 for both)",
    )
    ap.add_argument(
        "--numpy-reference",
        action="store_true",
        help="also time spaCy's parse with eventwatch's matrix product (numpy's BLAS: "
        "eventwatch.matmul), the parse eventwatch runs, and print the ratio to it",
    )
    args = ap.parse_args(argv)

    cores_all = len(os.sched_getaffinity(0))
    counts = (
        [int(c) for c in args.cores.split(",")] if args.cores else list(range(1, cores_all + 1))
    )
    docs = corpus(args.articles)
    if len(docs) < args.articles:
        print(f"(only {len(docs)} articles found under {BENCH})")
    if not docs:
        return 1
    words = sum(len(t.split()) for _, t in docs) / len(docs)
    print(f"corpus: {len(docs)} real articles (GeoWebNews, MEANTIME, ECB+), {words:.0f} words each")
    print(f"machine: {cores_all} cores; load average {os.getloadavg()[0]:.1f} at start")
    print(f"parse-only: nlp.pipe(batch_size={args.parse_batch}, n_process=N)")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    env.setdefault("OMP_NUM_THREADS", "1")
    cli = "import sys; from eventwatch.cli import main; sys.exit(main())"
    results: dict[int, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="eventwatch-bench.") as tmp:
        feed = Path(tmp) / "corpus.jsonl"
        with feed.open("w", encoding="utf-8") as f:
            for doc_id, text in docs:
                f.write(json.dumps({"id": doc_id, "title": doc_id, "text": text}) + "\n")
        # untimed: every lazily loaded resource once, so the place gazetteer is built (a user
        # builds it once, and a build is no part of ingesting) and the files are in the OS
        # cache. `warm_up` codes a sentence that holds an event: an article without one
        # never reaches the place stage, so ingesting "the first article" did not build it
        run_timed([sys.executable, "-c", WARM], env)
        for r in range(args.repeat):
            for n in counts:
                res = results.setdefault(n, {"parse": [], "ingest": []})
                parse = run_timed(
                    [sys.executable, "-c", PARSE_ONLY, str(feed), str(n), str(args.parse_batch)],
                    env,
                )
                same = None
                if args.numpy_reference:
                    same = run_timed(
                        [sys.executable, "-c", PARSE_ONLY, str(feed), str(n),
                         str(args.parse_batch), "numpy"],
                        env,
                    )
                    res.setdefault("same", []).append(same)
                db = Path(tmp) / f"bench-{r}-{n}.db"
                cmd = [
                    sys.executable,
                    "-c",
                    cli,
                    "--db",
                    str(db),
                    "ingest",
                    str(feed),
                    "--no-progress",
                ]
                ing = run_timed([*cmd, "--workers", str(n)], env)
                res["parse"].append(parse)
                res["ingest"].append(ing)
                print(
                    f"run {r + 1}, {n} core{'s' if n > 1 else ''}:\n"
                    f"  parse-only {len(docs) / parse.wall:5.1f} art/s, {parse.cpu:5.1f} CPU s; "
                    f"main {parse.main_rss:.0f} MB, workers: {parse.worker_rss()}\n"
                    f"  ingest     {len(docs) / ing.wall:5.1f} art/s, {ing.cpu:5.1f} CPU s; "
                    f"main {ing.main_rss:.0f} MB, workers: {ing.worker_rss()}\n"
                    f"  ratio (ingest/parse-only) wall {parse.wall / ing.wall:.2f}, CPU "
                    f"{parse.cpu / ing.cpu:.2f}; {ing.err.strip().splitlines()[-1]}",
                    flush=True,
                )
                if same is not None:
                    print(
                        f"  parse-only with numpy's product {len(docs) / same.wall:5.1f} art/s, "
                        f"{same.cpu:5.1f} CPU s; ratio ingest/it wall {same.wall / ing.wall:.2f}, "
                        f"CPU {same.cpu / ing.cpu:.2f}",
                        flush=True,
                    )
    print("\ncores  parse-only art/s  ingest art/s  ratio wall  ratio CPU  ingest speed-up")
    base = None
    for n in counts:
        p_runs, i_runs = results[n]["parse"], results[n]["ingest"]
        pw, iw = sum(x.wall for x in p_runs), sum(x.wall for x in i_runs)
        pc, ic = sum(x.cpu for x in p_runs), sum(x.cpu for x in i_runs)
        rate_p, rate_i = len(p_runs) * len(docs) / pw, len(i_runs) * len(docs) / iw
        base = base or rate_i
        print(
            f"{n:5d}  {rate_p:16.1f}  {rate_i:12.1f}  {pw / iw:10.2f}  {pc / ic:9.2f}  {rate_i / base:14.2f}x"
        )
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
