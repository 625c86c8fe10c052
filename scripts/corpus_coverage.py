"""Which predicates the training sentences already use, per PLOVER type, and which CAMEO verbs they miss.

    .venv/bin/python scripts/corpus_coverage.py [--glob 'w4_*.jsonl'] [--missing TYPE] [--json OUT]

The predicate of an event row is the lemma of the word that governs both marked actors (the
lowest common ancestor of their heads in the parse; for a one-sided row, the verb or noun that
governs the source). The CAMEO verb dictionary (../shared/data/phoenix/CAMEO.verbpatterns.*,
MIT) lists verbs by CAMEO code; `plover_cameo.tsv` maps each code to a PLOVER type. A CAMEO verb
is "missing" for a type when no event row of that type has it as predicate. This drives what
the next batch of training sentences should use, instead of writing from memory.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from eventwatch import nlp
from eventwatch.coding.model import DATA_DIR, NONE, TRAINING_DIR, char_spans, span_of

ROOT = Path(__file__).resolve().parents[1]
VERB_FILE = ROOT.parent / "shared" / "data" / "phoenix" / "CAMEO.verbpatterns.150430.txt"
_BLOCK = re.compile(r"^---\s*([A-Z_]+)\s*\[([0-9]{2,4}|---)[^\]]*\]")


def cameo_to_plover() -> dict[str, str]:
    """CAMEO code -> PLOVER type (or '-' for no event), from plover_cameo.tsv."""
    table: dict[str, str] = {}
    for line in (DATA_DIR / "plover_cameo.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("cameo\t") or not line.strip():
            continue
        cols = line.split("\t")
        table[cols[0]] = cols[1]
    return table


def plover_of(code: str, table: dict[str, str]) -> str | None:
    """The PLOVER type of a CAMEO code (its 3-digit, then root prefix), or None."""
    for key in (code[:3], code[:2]):
        if key in table:
            return None if table[key] == "-" else table[key]
    return None


def cameo_verbs(path: Path = VERB_FILE) -> dict[str, set[str]]:
    """PLOVER type -> base forms of the CAMEO dictionary's verbs whose block codes to it."""
    table = cameo_to_plover()
    out: dict[str, set[str]] = defaultdict(set)
    ptype: str | None = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        m = _BLOCK.match(raw.strip())
        if m:
            ptype = None if m.group(2) == "---" else plover_of(m.group(2), table)
            continue
        if not line or line.startswith(("-", "&", "+", "=")) or ptype is None:
            continue
        word = line.split("{", 1)[0].strip()
        if re.fullmatch(r"[A-Z_]+", word):
            out[ptype].add(word.lower().replace("_", " "))
    return out


def predicate(doc: Any, row: dict[str, Any]) -> str | None:
    """The lemma of the word that governs both marked actors (or the source alone)."""
    sentence, source, target = row["sentence"], row.get("source"), row.get("target")
    if target is None or source is None:
        span = span_of(doc, sentence, source or target or "")
        if span is None:
            return None
        head = span.root.head
        return head.lemma_.lower() if head.i != span.root.i else None
    spans = char_spans(doc, sentence, source, target)
    if spans is None:
        return None
    a = [spans[0].root, *spans[0].root.ancestors]
    b = {t.i for t in [spans[1].root, *spans[1].root.ancestors]}
    for tok in a:
        if tok.i in b and tok.pos_ in ("VERB", "NOUN", "AUX", "ADJ", "PROPN"):
            return tok.lemma_.lower()
    return None


def coverage(files: list[Path]) -> tuple[dict[str, Counter[str]], int]:
    """PLOVER type -> Counter of predicate lemmas over the event rows of `files`; and row count."""
    rows = [json.loads(line) for f in files for line in f.open(encoding="utf-8") if line.strip()]
    events = [r for r in rows if r["event_type"] != NONE]
    pipe = nlp.load()
    distinct = sorted({r["sentence"] for r in events})
    docs = dict(zip(distinct, pipe.pipe(distinct, batch_size=64), strict=True))
    cov: dict[str, Counter[str]] = defaultdict(Counter)
    for r in events:
        lemma = predicate(docs[r["sentence"]], r)
        if lemma:
            cov[r["event_type"]][lemma] += 1
    return cov, len(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--glob", default="*.jsonl", help="training files to read (in training/)")
    ap.add_argument("--missing", default="", help="list the CAMEO verbs this PLOVER type misses")
    ap.add_argument("--json", default="", help="write {type: {lemma: count}} to this file")
    args = ap.parse_args()
    files = sorted(TRAINING_DIR.glob(args.glob))
    if not files:
        print(f"{TRAINING_DIR}/{args.glob}: no training files match", file=sys.stderr)
        return 2
    cov, n_rows = coverage(files)
    all_lemmas = set().union(*(set(c) for c in cov.values())) if cov else set()
    print(f"{len(files)} files, {n_rows} rows, {len(all_lemmas)} distinct predicate lemmas")
    verbs = cameo_verbs() if VERB_FILE.is_file() else {}
    for ptype in sorted(cov):
        missing = sorted(verbs.get(ptype, set()) - set(cov[ptype]))
        print(f"{ptype:10s} {len(cov[ptype]):5d} lemmas; CAMEO verbs missing: {len(missing)}")
    if args.missing:
        print(" ".join(sorted(verbs.get(args.missing, set()) - set(cov.get(args.missing, {})))))
    if args.json:
        Path(args.json).write_text(json.dumps({k: dict(v) for k, v in cov.items()}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
