"""The type model on training files it never saw: the shipped model against one refitted
without the held-out files, both scored on the held-out files' rows.

    .venv/bin/python benchmarks/heldout_files.py w9_types_13 w9_types_14 [--also-out w9_types_15]

The refit is scripts/train_type_model.py's fit (same features, clusters, seed, L2, epochs and
parse cache) on every row whose sentence is not in a held-out file or an `--also-out` file; the
shipped model is the one in data/coding/model/. When the shipped model was trained on exactly
the rows before the files under test, the two lines differ only by the rows the refit adds:
whether those rows teach anything that holds on unseen sentences of our own. Prints accuracy,
the 15-root macro-F1 of the event rows (the trainer's own figure), per-root F1 with its gold
count, and the commonest confusions. Slow: one full-batch fit (5-15 min on two loaded cores).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import train_type_model as T  # noqa: E402

from eventwatch.coding.model import (  # noqa: E402
    LABELS,
    MODEL_PATH,
    NONE,
    TRAINING_DIR,
    load_training_rows,
)
from eventwatch.evaluate.metrics import macro_f1  # noqa: E402


def sentences_of(stems: list[str]) -> set[str]:
    """The sentences of training files data/coding/training/STEM.jsonl."""
    out: set[str] = set()
    for stem in stems:
        with (TRAINING_DIR / f"{stem}.jsonl").open(encoding="utf-8") as fh:
            out |= {json.loads(line)["sentence"] for line in fh}
    return out


def report(name: str, Z: np.ndarray, gold: np.ndarray) -> None:
    """Print the scores of logits `Z` against gold label indices."""
    labels = list(LABELS)
    g = [labels[k] for k in gold]
    p = [labels[k] for k in Z.argmax(axis=1)]
    ev = [i for i, x in enumerate(g) if x != NONE]
    types = [x for x in labels if x != NONE]
    Ze = np.delete(Z[ev], labels.index(NONE), axis=1)
    ge = [T.YIELD.get(g[i], g[i]) for i in ev]
    pe = [T.YIELD.get(types[k], types[k]) for k in Ze.argmax(axis=1)]
    acc = sum(a == b for a, b in zip(g, p, strict=True)) / len(g)
    print(
        f"{name}: {len(g)} rows, accuracy {acc:.3f}, event-rows root macro-F1 "
        f"{macro_f1(ge, pe, sorted(set(ge))):.3f}"
    )
    gg = [T.YIELD.get(x, x) for x in g]
    pp = [T.YIELD.get(x, x) for x in p]
    per = []
    for t in sorted(set(gg)):
        tp = sum(a == b == t for a, b in zip(gg, pp, strict=True))
        per.append(f"{t} {2 * tp / (gg.count(t) + pp.count(t)):.2f} ({gg.count(t)})")
    print("  F1 (gold n): " + ", ".join(per))
    conf = Counter((a, b) for a, b in zip(g, p, strict=True) if a != b).most_common(8)
    print("  commonest confusions: " + ", ".join(f"{a}->{b} {n}" for (a, b), n in conf))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("held", nargs="+", help="training file stems to hold out and score on")
    ap.add_argument("--also-out", nargs="*", default=[], help="stems left out, not scored")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)

    held = sentences_of(args.held)
    out = held | sentences_of(args.also_out)
    clusters = T.load_clusters(str(T.CLUSTERS_PATH))
    rows = load_training_rows()
    feats = T.featurise(rows, clusters, cache=True)
    keep = [i for i, f in enumerate(feats) if f is not None]
    labels = list(LABELS)
    y = np.array([labels.index(rows[i]["event_type"]) for i in keep])
    fs = [feats[i] or [] for i in keep]
    sents = [rows[i]["sentence"] for i in keep]
    te = [k for k, s in enumerate(sents) if s in held]
    tr = [k for k, s in enumerate(sents) if s not in out]
    print(f"refit on {len(tr)} rows; scored on {len(te)} held-out rows", flush=True)

    shipped = np.load(MODEL_PATH, allow_pickle=True)
    if shipped["labels"].tolist() != labels:
        raise SystemExit("the shipped model's labels differ from the ontology's")
    index = {n: k for k, n in enumerate(shipped["features"].tolist())}
    W0 = shipped["weights"].astype(np.float32)
    Z0 = np.stack(
        [W0[[index[f] for f in fs[k] if f in index]].sum(axis=0) + shipped["bias"] for k in te]
    )
    report("shipped model", Z0, y[te])

    vocab = {n: j for j, n in enumerate(sorted({f for k in tr for f in fs[k]}))}

    def encode(idx: list[int]) -> list[list[int]]:
        return [[vocab[f] for f in fs[k] if f in vocab] for k in idx]

    trainer = T.Trainer(len(labels), l2=1e-4, epochs=300, none_index=labels.index(NONE))
    W1, b1 = trainer.fit(encode(tr), y[tr], len(vocab), args.seed)
    report("refit without the held-out files", T.logits_of(encode(te), W1, b1), y[te])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
