"""Whole-pipeline throughput against spaCy parsing alone, side by side in one run.

    python benchmarks/bench_pipeline.py [--generated N] [--no-gwn] [--repeat R]

Corpus: N articles this script generates (fixed seed) plus the texts of
../shared/benchmarks/geowebnews/GWN.xml when present. For each repeat it times spaCy's
`nlp.pipe` alone and then `pipeline.extract_many` over the same texts, and prints articles/s
for both, their ratio, the share of time spent in actor resolution, and peak memory (RSS).

Both wall-clock and CPU time (this process's, all threads) are reported: on a shared,
loaded machine the CPU-time ratio is the steadier of the two. Parse-only and pipeline runs
alternate, so both see the same conditions.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GWN = ROOT.parent / "shared" / "benchmarks" / "geowebnews" / "GWN.xml"

ACTORS = [
    "Russian President Vladimir Putin",
    "North Korean leader Kim Jong Un",
    "China's foreign ministry",
    "Ukrainian forces",
    "the United Nations",
    "Israeli troops",
    "Iran's defence minister",
    "protesters in Nairobi",
    "the European Union",
    "Turkish officials",
    "Indian police",
    "Brazilian President Luiz Inacio Lula da Silva",
    "NATO",
    "the Pentagon",
    "rebels in Sudan",
]
PREDICATES = [
    "met {t} in {p} on Tuesday",
    "accused {t} of violating the ceasefire",
    "signed an agreement with {t}",
    "sent humanitarian aid to {t}",
    "threatened {t} with sanctions",
    "rejected the proposal from {t}",
    "called on {t} to release the detainees",
    "held talks with {t} in {p}",
    "attacked {t} near {p}",
    "praised {t} for its cooperation",
    "imposed sanctions on {t}",
    "agreed to resume talks with {t}",
    "plans to visit {p} next month",
    "condemned the strikes by {t}",
    "deployed troops to {p}",
]
PLACES = [
    "Moscow",
    "Beijing",
    "Kyiv",
    "Geneva",
    "Nairobi",
    "Tehran",
    "Ankara",
    "New Delhi",
    "Brasilia",
    "Khartoum",
]
FILLER = [
    "The statement came after weeks of tension in the region.",
    "Officials declined to give further details.",
    "Analysts said the move could reshape relations between the two countries.",
    "State media carried a brief report on the talks.",
]


def generated(n: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    texts = []
    for _ in range(n):
        sents = []
        while sum(len(s.split()) for s in sents) < 380:
            s, t = rnd.sample(ACTORS, 2)
            pred = rnd.choice(PREDICATES).format(t=t, p=rnd.choice(PLACES))
            sents.append(f"{s[0].upper()}{s[1:]} {pred}.")
            if rnd.random() < 0.4:
                sents.append(rnd.choice(FILLER))
        texts.append(" ".join(sents))
    return texts


def gwn_texts() -> list[str]:
    if not GWN.exists():
        return []
    return [(a.findtext("text") or "") for a in ET.parse(GWN).getroot().iter("article")]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--generated", type=int, default=100)
    ap.add_argument("--no-gwn", action="store_true")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args(argv)

    from eventwatch import actors, nlp, pipeline
    from eventwatch.records import Article

    corpora = {"generated": generated(args.generated)}
    if not args.no_gwn:
        texts = gwn_texts()
        if texts:
            corpora["GWN"] = texts
        else:
            print(f"(GWN texts not found at {GWN}; generated articles only)")
    model = nlp.load()
    # warm up every lazily loaded resource (model, lexicon, KB, gazetteer) outside the timings
    list(pipeline.extract_many([Article(text=t) for t in corpora["generated"][:3]]))
    print(f"peak RSS after warm-up: {peak_rss_mb():.0f} MB")

    # time spent in actor resolution: DocActors' lookups are wrapped with a timer
    actor_time = [0.0]

    def timed(method):
        def wrapper(self, span, on=None):
            t0 = time.perf_counter()
            try:
                return method(self, span, on=on)
            finally:
                actor_time[0] += time.perf_counter() - t0

        return wrapper

    for name in ("actor_for", "actors_for"):
        setattr(actors.DocActors, name, timed(getattr(actors.DocActors, name)))
    for name, texts in corpora.items():
        words = sum(len(t.split()) for t in texts)
        print(f"\n{name}: {len(texts)} articles, {words / len(texts):.0f} words each on average")
        totals = {"parse_wall": 0.0, "parse_cpu": 0.0, "full_wall": 0.0, "full_cpu": 0.0}
        n_events = 0
        actor_total = 0.0
        for r in range(args.repeat):
            w0, c0 = time.perf_counter(), time.process_time()
            for _ in model.pipe(texts, batch_size=8):
                pass
            pw, pc = time.perf_counter() - w0, time.process_time() - c0
            actor_time[0] = 0.0
            w0, c0 = time.perf_counter(), time.process_time()
            arts = (Article(text=t) for t in texts)
            n_events = sum(len(evs) for _, evs in pipeline.extract_many(arts))
            fw, fc = time.perf_counter() - w0, time.process_time() - c0
            actor_total += actor_time[0]
            for k, v in (
                ("parse_wall", pw),
                ("parse_cpu", pc),
                ("full_wall", fw),
                ("full_cpu", fc),
            ):
                totals[k] += v
            print(
                f"  run {r + 1}: parse-only {len(texts) / pw:6.1f} art/s | whole pipeline "
                f"{len(texts) / fw:6.1f} art/s | ratio wall {pw / fw:.2f}, cpu {pc / fc:.2f} | "
                f"{n_events} events"
            )
        n = len(texts) * args.repeat
        print(
            f"  all runs: parse-only {n / totals['parse_wall']:.1f} art/s, whole pipeline "
            f"{n / totals['full_wall']:.1f} art/s (wall); ratio wall "
            f"{totals['parse_wall'] / totals['full_wall']:.2f}, ratio cpu "
            f"{totals['parse_cpu'] / totals['full_cpu']:.2f}; actor resolution "
            f"{100 * actor_total / totals['full_wall']:.1f}% of pipeline wall time"
        )
    print(f"\npeak RSS: {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
