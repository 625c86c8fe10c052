"""spaCy's parse with thinc's BLIS product against numpy's: CPU seconds, and whether the parse
is the same.

    PYTHONPATH=src python benchmarks/parse_matmul.py 600 blis numpy blis numpy

Parses the first N articles of bench_pipeline's corpus with eventwatch's pipeline (as ingest
reads them: `pipeline.parse_text`, batches of `workers.BATCH_SIZE`) once per mode given, in that
order, in one process: `blis` with the ops spaCy ships (thinc's `NumpyOps`), `numpy` with
`eventwatch.matmul.MatmulOps` (what `nlp.load` gives). Prints the CPU seconds and a digest of
every token's attributes (tag, POS, dependency, head, entity, lemma, morphology, sentence
start), then how many documents and tokens differ between the two modes.
"""

from __future__ import annotations

import hashlib
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import corpus  # noqa: E402
from parse_batch import parse_rows  # noqa: E402


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def main() -> int:
    from thinc.api import NumpyOps

    from eventwatch import nlp
    from eventwatch.matmul import MatmulOps
    from eventwatch.pipeline import parse_text
    from eventwatch.records import Article
    from eventwatch.workers import BATCH_SIZE

    n, modes = int(sys.argv[1]), sys.argv[2:]
    texts = [parse_text(Article(id=i, text=t)) for i, t in corpus(n)]
    model = nlp.load()
    nodes = [
        node
        for _, component in model.pipeline
        if hasattr(getattr(component, "model", None), "walk")
        for node in component.model.walk()
        if isinstance(node.ops, NumpyOps)
    ]
    ops = {"blis": NumpyOps(), "numpy": MatmulOps()}
    out: dict[str, list] = {}
    for mode in modes:
        for node in nodes:
            node.ops = ops[mode]
        t = _cpu()
        parsed = parse_rows(model, texts, BATCH_SIZE)
        took = _cpu() - t
        out.setdefault(mode, parsed)
        digest = hashlib.sha1(repr(parsed).encode()).hexdigest()[:12]
        print(f"{mode}: {took:.2f} CPU s, parse {digest}", flush=True)
    if len(out) == 2:
        a, b = out["blis"], out["numpy"]
        docs = sum(x != y for x, y in zip(a, b, strict=True))
        tokens = sum(p != q for x, y in zip(a, b, strict=True) for p, q in zip(x, y, strict=True))
        print(
            f"parsed differently: {docs} of {len(a)} documents, "
            f"{tokens} of {sum(map(len, a))} tokens"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
