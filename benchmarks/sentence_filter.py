"""How much of the parse could a cheap sentence filter skip? (issue 13: "parse only what
coding needs")

    python benchmarks/sentence_filter.py [--articles 100]

Parses `--articles` texts of bench_pipeline's corpus with the full pipeline, codes them, and
counts the coder's sentences (`coding.candidates.segments`): those that hold a stored event,
and those that pass the loosest test a pre-parse filter could apply without losing an event
the coder finds today: a lexicon trigger lemma (verb, noun or phrase key), or two actor-like
heads (what learned candidates need). Lemmas and heads are read from the full parse, so a
filter run before the tagger and parser could only be looser than this count.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import corpus  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100)
    args = ap.parse_args()
    from eventwatch import nlp, pipeline
    from eventwatch.coding.candidates import segments
    from eventwatch.coding.learned import _heads
    from eventwatch.coding.lexicon import lexicon
    from eventwatch.records import Article
    from eventwatch.workers import warm_up

    warm_up()
    lex = lexicon()
    keys = set(lex.verbs) | set(lex.nouns) | set(lex.phrases)
    docs = corpus(600)
    docs = docs[:: max(1, len(docs) // args.articles)][: args.articles]
    parsed = nlp.load().pipe([text for _, text in docs], batch_size=8)
    n = held = trig = pair = either = missed = 0
    for (doc_id, text), doc in zip(docs, parsed, strict=True):
        starts = {e.evidence.start for e in pipeline.events_from_doc(Article(id=doc_id, text=text), doc)}
        for sent in segments(doc):
            has_event = sent.start_char in starts
            t = any(tok.lemma_.lower() in keys for tok in sent)
            p = len(_heads(sent)) >= 2
            n, held, trig, pair = n + 1, held + has_event, trig + t, pair + p
            either += t or p
            missed += has_event and not (t or p)
    print(f"{len(docs)} articles, {n} sentences: {held} hold an event ({held / n:.1%}); "
          f"a trigger lemma {trig} ({trig / n:.1%}), two actor-like heads {pair} ({pair / n:.1%}), "
          f"either {either} ({either / n:.1%}); events outside the filter: {missed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
