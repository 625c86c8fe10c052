"""CPU seconds of everything after the parse, on articles parsed once, and a digest of the
events (to compare two checkouts: same digest, same events).

    PYTHONPATH=src python benchmarks/post_parse.py [--articles 100] [--dump events.json]

Parses `--articles` texts of bench_pipeline's corpus once (kept as a DocBin under the temp
directory, so each checkout reads the same parses), then times `pipeline.events_from_doc` on
each, with the settings active as `eventwatch ingest` has them. Run it alternately with two
checkouts' PYTHONPATH to compare them on a shared machine.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import corpus  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--dump", type=Path, default=None, help="write the events (JSON) here")
    args = ap.parse_args()
    from spacy.tokens import DocBin

    from eventwatch import config, nlp, pipeline
    from eventwatch.records import Article
    from eventwatch.workers import warm_up

    warm_up()
    docs = corpus(600)
    docs = docs[:: max(1, len(docs) // args.articles)][: args.articles]
    model = nlp.load()
    cached = Path(tempfile.gettempdir()) / f"eventwatch-post-parse-{len(docs)}.spacy"
    if not cached.exists():
        parsed = model.pipe([text for _, text in docs], batch_size=8)
        DocBin(store_user_data=False, docs=list(parsed)).to_disk(cached)
    parsed = list(DocBin().from_disk(cached).get_docs(model.vocab))
    with config.current().active():
        t = time.process_time()
        out = [pipeline.events_from_doc(Article(id=i, text=x), d)
               for (i, x), d in zip(docs, parsed, strict=True)]
        cpu = time.process_time() - t
    blob = json.dumps([[ev.to_dict() for ev in evs] for evs in out], sort_keys=True, default=str)
    digest = hashlib.sha256(blob.encode()).hexdigest()[:16]
    print(f"{len(docs)} articles, {sum(map(len, out))} events: after the parse {cpu:.2f} CPU s; "
          f"events sha256 {digest}")
    if args.dump is not None:
        args.dump.write_text(blob, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
