"""CPU seconds of each stage after the parse, on real articles parsed once beforehand.

    python benchmarks/profile_stages.py [--articles 100]

Parses `--articles` texts of bench_pipeline's corpus (spread over GeoWebNews, MEANTIME and
ECB+), then runs `events_from_doc` on each with the stages wrapped in process-time timers
(no profiler, so Python-heavy code is not inflated against spaCy's compiled code). The
stages overlap: the type model is called from the coder and from learned candidates.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import corpus  # noqa: E402

T: dict[str, float] = {}


def _wrap(modname: str, attr: str, label: str) -> Any:
    mod = importlib.import_module(modname)
    f = getattr(mod, attr)

    @functools.wraps(f)
    def timed(*a: Any, **k: Any) -> Any:
        t = time.process_time()
        try:
            return f(*a, **k)
        finally:
            T[label] = T.get(label, 0.0) + time.process_time() - t

    setattr(mod, attr, timed)
    return timed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100)
    args = ap.parse_args()
    from eventwatch import nlp, pipeline
    from eventwatch.coding import coder
    from eventwatch.records import Article
    from eventwatch.workers import warm_up

    warm_up()
    _wrap("eventwatch.coding", "code_doc", "coding (code_doc, all of it)")
    coder.learned_events = _wrap("eventwatch.coding.learned", "learned_events", "  learned candidates")
    _wrap("eventwatch.coding.model", "score_types", "  type model (every caller)")
    _wrap("eventwatch.when", "times_in_doc", "time expressions")
    _wrap("eventwatch.where", "places_in_doc", "places")
    docs = corpus(600)
    docs = docs[:: max(1, len(docs) // args.articles)][: args.articles]
    t = time.process_time()
    parsed = list(nlp.load().pipe([text for _, text in docs], batch_size=8))
    parse = time.process_time() - t
    t = time.process_time()
    n = sum(len(pipeline.events_from_doc(Article(id=i, text=x), d))
            for (i, x), d in zip(docs, parsed, strict=True))
    post = time.process_time() - t
    print(f"{len(docs)} articles, {n} events: parse {parse:.2f} CPU s, after the parse {post:.2f}")
    for k, v in T.items():
        print(f"  {k:32s} {v:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
