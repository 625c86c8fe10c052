"""spaCy's parse at several batch sizes: CPU seconds, and whether the parse is the same.

    PYTHONPATH=src python benchmarks/parse_batch.py 200 8 16 32 8

Parses the first N articles of bench_pipeline's corpus with eventwatch's pipeline (as ingest
reads them: `pipeline.parse_text`) once per batch size given, in that order, in one process,
and prints the CPU seconds and a digest of every token's attributes (tag, POS, dependency,
head, entity, lemma, morphology, sentence start), then how many documents differ from the
first batch size's parse.
"""

from __future__ import annotations

import hashlib
import resource
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import corpus  # noqa: E402


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def parse_rows(model: Any, texts: list[str], batch_size: int) -> list[list[tuple]]:
    """Every token's tag, POS, dependency, head, entity, lemma, morphology and sentence
    start, document by document, as `model.pipe` parses `texts`."""
    return [
        [
            (
                x.tag_,
                x.pos_,
                x.dep_,
                x.head.i,
                x.ent_iob_,
                x.ent_type_,
                x.lemma_,
                str(x.morph),
                x.is_sent_start,
            )
            for x in doc
        ]
        for doc in model.pipe(texts, batch_size=batch_size)
    ]


def main() -> int:
    from eventwatch import nlp
    from eventwatch.pipeline import parse_text
    from eventwatch.records import Article

    n, sizes = int(sys.argv[1]), [int(x) for x in sys.argv[2:]]
    texts = [parse_text(Article(id=i, text=t)) for i, t in corpus(n)]
    model = nlp.load()
    out: dict[int, list] = {}
    for bs in sizes:
        t = _cpu()
        parsed = parse_rows(model, texts, bs)
        took = _cpu() - t
        out[bs] = parsed
        digest = hashlib.sha1(repr(parsed).encode()).hexdigest()[:12]
        print(f"batch {bs}: {took:.2f} CPU s, parse {digest}", flush=True)
    first = out[sizes[0]]
    for bs in sizes[1:]:
        print(
            f"documents parsed differently at {bs} than at {sizes[0]}: "
            f"{sum(a != b for a, b in zip(first, out[bs], strict=True))}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
