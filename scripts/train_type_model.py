"""Train the event-type model from the project's own sentences; write its .npz; print held-out scores.

    .venv/bin/python scripts/train_type_model.py [--out PATH] [--seed 13]

Reproducible: a fixed seed, a stratified 85/15 split of src/eventwatch/data/coding/training/,
full-batch Adam on a class-balanced softmax loss with L2. The labels are the 16 PLOVER types and
NONE (schema v2: a pair of actors that forms no event); a one-sided row (target null) is read
with the governing predicate's object standing in for the target, as the coder reads one. The
held-out 15% is scored, then used to fit the softmax temperature (calibration); the shipped
model is retrained on all rows with the same settings and keeps that temperature. The held-out
scores go to `type_model.metrics.json` beside the weights. numpy only (no scikit-learn).

Word clusters (coding/clusters.py): with `--clusters PATH` (default: the shipped
data/coding/model/word_clusters.npz, built by scripts/build_word_clusters.py; `none` for the
lexical features alone) every row also gets its lemmas' cluster features, and the table is
stored in the model file, so the model reads the same clusters at run time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from eventwatch import config, nlp
from eventwatch.coding.clusters import WordClusters
from eventwatch.coding.model import (
    DATA_DIR,
    LABELS,
    MODEL_PATH,
    NONE,
    TRAINING_DIR,
    load_training_rows,
    row_features,
)
from eventwatch.evaluate.metrics import macro_f1

YIELD = {"RETREAT": "YIELD", "CONCEDE": "YIELD"}
CLUSTERS_PATH = DATA_DIR / "model" / "word_clusters.npz"


def featurise(
    rows: list[dict], clusters: WordClusters | None = None, cache: bool = False
) -> list[list[str] | None]:
    """The feature list of every row (None where the spans cannot be found).

    Each distinct sentence is parsed once (schema v2 repeats a sentence for every pair); with
    `cache` (the shipped training folder), parses are kept between runs."""
    docs = parse_sentences(sorted({r["sentence"] for r in rows}), cache)
    return [row_features(docs[r["sentence"]], r, clusters) for r in rows]


def parse_sentences(sentences: list[str], cache: bool = True) -> dict[str, Any]:
    """sentence -> its spaCy parse. With `cache`, parses are kept in the settings' cache
    folder (EVENTWATCH_CACHE) as a DocBin per spaCy model version, so a rerun (and
    calibrate_confidence.py after this script) parses only the sentences it has not seen."""
    from spacy.tokens import DocBin

    model = nlp.load()
    if not cache:
        return dict(zip(sentences, model.pipe(sentences, batch_size=64), strict=True))
    meta = model.meta
    key = f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}-{'+'.join(model.pipe_names)}"
    path = config.current().cache_dir / f"training_parses-{key}.spacy"
    known: dict[str, Any] = {}
    if path.is_file():
        try:
            for doc in DocBin().from_disk(path).get_docs(model.vocab):
                known[doc.text] = doc
        except (OSError, ValueError):
            known = {}  # a damaged cache is parsed again
    missing = [s for s in sentences if s not in known]
    if missing:
        print(f"parsing {len(missing)} sentences ({len(sentences) - len(missing)} cached)", flush=True)
        known.update(zip(missing, model.pipe(missing, batch_size=64), strict=True))
        path.parent.mkdir(parents=True, exist_ok=True)
        bin_ = DocBin(docs=[known[s] for s in sorted(known)])
        tmp = path.with_suffix(".tmp")
        bin_.to_disk(tmp)
        tmp.replace(path)
    return {s: known[s] for s in sentences}


def load_clusters(arg: str) -> WordClusters | None:
    """The cluster table named by --clusters (`none`: no clusters; a missing default file too)."""
    if arg == "none":
        return None
    path = Path(arg)
    if not path.is_file():
        if path == CLUSTERS_PATH:
            return None
        raise SystemExit(f"{path}: no such cluster table (scripts/build_word_clusters.py)")
    return WordClusters.load(path)


def save_model(
    path: Path,
    labels: list[str],
    names: list[str],
    W: np.ndarray,
    b: np.ndarray,
    temp: float,
    clusters: WordClusters | None,
    dtype: type = np.float16,
) -> None:
    """Write a model file (with its cluster table when it was trained with one); the shipped
    weights are float16, the held-out model kept in the cache full float32."""
    path.parent.mkdir(parents=True, exist_ok=True)
    extra = clusters.to_arrays() if clusters is not None else {}
    np.savez_compressed(
        path,
        labels=np.array(labels),
        features=np.array(names),
        weights=W.astype(dtype),
        bias=b.astype(np.float32),
        temperature=np.array(temp),
        **extra,
    )


def held_out_cache(
    rows: list[dict], seed: int, l2: float, epochs: int, min_count: int, clusters: WordClusters | None
) -> Path:
    """Where the held-out model (trained on the 85 %) of these rows and settings is kept in the
    cache folder: `calibrate_confidence.py` trains the very same model, so after this script it
    reads it instead of training it again. The name is a hash of everything that decides it."""
    h = hashlib.sha256()
    for r in rows:
        h.update(json.dumps(r, sort_keys=True, ensure_ascii=False).encode())
    h.update(json.dumps([seed, l2, epochs, min_count]).encode())
    if clusters is not None:
        for v in clusters.to_arrays().values():
            h.update(np.ascontiguousarray(v).tobytes())
    return config.current().cache_dir / f"heldout_type_model-{h.hexdigest()[:16]}.npz"


def load_held_out(
    path: Path, vocab: dict[str, int]
) -> tuple[np.ndarray, np.ndarray] | tuple[None, None]:
    """The weights of a held-out model kept by an earlier run with the same rows and settings
    (its fit is deterministic, so reading it equals refitting it); (None, None) when the file
    does not match `vocab` or is not full precision."""
    try:
        data = np.load(path, allow_pickle=False)
        names = [str(x) for x in data["features"]]
        W, b = data["weights"], data["bias"]
    except (OSError, KeyError, ValueError):
        return None, None
    if W.dtype != np.float32 or names != sorted(vocab, key=vocab.get):
        return None, None
    print(f"held-out model: {path} (kept by an earlier run with the same rows and settings)")
    return W, b


def corpus_counts(rows: list[dict], feats: list[list[str]]) -> dict[str, int]:
    """Distinct predicate lemmas (the pair's predicate, `lca=`, over event rows) and distinct
    actors (source and target strings) of the training corpus."""
    preds = {
        f[4:] for r, fs in zip(rows, feats, strict=True) if r["event_type"] != NONE
        for f in fs if f.startswith("lca=")
    }
    actors = {r["source"] for r in rows if r.get("source")} | {
        r["target"] for r in rows if r.get("target")
    }
    return {"distinct_predicate_lemmas": len(preds), "distinct_actors": len(actors)}


class Trainer:
    """Multinomial logistic regression over binary features, trained full-batch with Adam."""

    def __init__(
        self,
        n_classes: int,
        l2: float = 1e-4,
        epochs: int = 300,
        lr: float = 0.05,
        none_index: int | None = None,
    ) -> None:
        self.n_classes = n_classes
        self.none_index = none_index
        self.l2 = l2
        self.epochs = epochs
        self.lr = lr

    def fit(
        self, X: list[list[int]], y: np.ndarray, n_feats: int, seed: int
    ) -> tuple[np.ndarray, np.ndarray]:
        rng = np.random.default_rng(seed)
        C = self.n_classes
        rows = np.concatenate([np.full(len(x), i) for i, x in enumerate(X)]).astype(np.int64)
        cols = np.concatenate([np.asarray(x, dtype=np.int64) for x in X])
        N = len(X)
        sparse = _Sparse(rows, cols, N, n_feats)
        counts = np.bincount(y, minlength=C).astype(np.float64)
        cw = class_weights(counts, self.none_index)
        sw = cw[y]
        sw /= sw.sum()
        # float32 throughout: half the memory traffic of the gathers that dominate the time
        W = rng.normal(0, 0.001, size=(n_feats, C)).astype(np.float32)
        b = np.zeros(C, dtype=np.float32)
        mW, vW = np.zeros_like(W), np.zeros_like(W)
        mb, vb = np.zeros_like(b), np.zeros_like(b)
        sw = sw.astype(np.float32)
        Y = np.zeros((N, C), dtype=np.float32)
        Y[np.arange(N), y] = 1.0
        b1, b2, eps = 0.9, 0.999, 1e-8
        for t in range(1, self.epochs + 1):
            Z = sparse.logits(W) + b
            Z -= Z.max(axis=1, keepdims=True)
            P = np.exp(Z)
            P /= P.sum(axis=1, keepdims=True)
            G = (P - Y) * sw[:, None]
            gW = sparse.grad(G)
            gW += self.l2 * W
            gb = G.sum(axis=0)
            mW *= b1
            mW += (1 - b1) * gW
            gW *= gW
            vW *= b2
            vW += (1 - b2) * gW
            mb = b1 * mb + (1 - b1) * gb
            vb = b2 * vb + (1 - b2) * gb * gb
            corr1, corr2 = 1 - b1**t, 1 - b2**t
            step = np.sqrt(vW / corr2)
            step += eps
            np.divide(mW, step, out=step)
            step *= self.lr / corr1
            W -= step
            b -= self.lr * (mb / corr1) / (np.sqrt(vb / corr2) + eps)
        return W, b


def class_weights(counts: np.ndarray, none_index: int | None) -> np.ndarray:
    """Per-row weight of each class: the event types balanced among themselves; NONE keeps its
    share of the rows, so P(NONE) follows how often a pair in the data is no event."""
    N, C = counts.sum(), len(counts)
    present = counts > 0
    if none_index is None or not present[none_index]:
        return np.where(present, N / (C * np.maximum(counts, 1)), 0.0)
    none_share = counts[none_index] / N
    types = present.copy()
    types[none_index] = False
    cw = np.where(types, (1 - none_share) * N / (types.sum() * np.maximum(counts, 1)), 0.0)
    cw[none_index] = 1.0
    return cw


class _Sparse:
    """A binary row x feature matrix given as (row, col) pairs, with the two products the
    trainer needs done by segment sums (numpy only)."""

    def __init__(self, rows: np.ndarray, cols: np.ndarray, n_rows: int, n_feats: int) -> None:
        order = np.argsort(rows, kind="stable")
        self.r_cols = cols[order]
        self.r_starts = np.flatnonzero(np.r_[True, np.diff(rows[order]) != 0])
        self.r_ids = rows[order][self.r_starts]
        order = np.argsort(cols, kind="stable")
        self.c_rows = rows[order]
        self.c_starts = np.flatnonzero(np.r_[True, np.diff(cols[order]) != 0])
        self.c_ids = cols[order][self.c_starts]
        self.n_rows, self.n_feats = n_rows, n_feats

    def logits(self, W: np.ndarray) -> np.ndarray:
        out = np.zeros((self.n_rows, W.shape[1]), dtype=W.dtype)
        out[self.r_ids] = np.add.reduceat(W[self.r_cols], self.r_starts, axis=0)
        return out

    def grad(self, G: np.ndarray) -> np.ndarray:
        out = np.zeros((self.n_feats, G.shape[1]), dtype=G.dtype)
        out[self.c_ids] = np.add.reduceat(G[self.c_rows], self.c_starts, axis=0)
        return out


def logits_of(X: list[list[int]], W: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.stack([W[x].sum(axis=0) + b if x else b.copy() for x in X])


def fit_temperature(Z: np.ndarray, y: np.ndarray) -> float:
    """The softmax temperature that minimises held-out negative log-likelihood (grid search)."""
    best_t, best_nll = 1.0, float("inf")
    for t in np.exp(np.linspace(np.log(0.2), np.log(8.0), 121)):
        S = Z / t
        S = S - S.max(axis=1, keepdims=True)
        logp = S - np.log(np.exp(S).sum(axis=1, keepdims=True))
        nll = -logp[np.arange(len(y)), y].mean()
        if nll < best_nll:
            best_t, best_nll = float(t), float(nll)
    return best_t


def expected_calibration_error(P: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    conf = P.max(axis=1)
    correct = (P.argmax(axis=1) == y).astype(float)
    ece = 0.0
    for k in range(bins):
        m = (conf > k / bins) & (conf <= (k + 1) / bins)
        if m.any():
            ece += m.mean() * abs(conf[m].mean() - correct[m].mean())
    return float(ece)


def softmax(Z: np.ndarray) -> np.ndarray:
    S = Z - Z.max(axis=1, keepdims=True)
    P = np.exp(S)
    return P / P.sum(axis=1, keepdims=True)


def sentence_split(
    sentences: list[str], y: np.ndarray, frac: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Hold out about `frac` of the distinct sentences, stratified by each sentence's first
    label: schema v2 repeats a sentence once per actor pair, and a held-out pair whose
    sentence was trained on (through another pair) would not be unseen."""
    first: dict[str, int] = {}
    for s, label in zip(sentences, y, strict=True):
        first.setdefault(s, int(label))
    distinct = sorted(first)
    tr_s, te_s = stratified_split(np.array([first[s] for s in distinct]), frac, seed)
    held = {distinct[k] for k in te_s}
    mask = np.array([s in held for s in sentences])
    return np.flatnonzero(~mask), np.flatnonzero(mask)


def stratified_split(y: np.ndarray, frac: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    test = []
    for c in np.unique(y):
        idx = np.flatnonzero(y == c)
        rng.shuffle(idx)
        test.extend(idx[: max(1, int(round(len(idx) * frac)))])
    test_mask = np.zeros(len(y), dtype=bool)
    test_mask[test] = True
    return np.flatnonzero(~test_mask), np.flatnonzero(test_mask)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=MODEL_PATH)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--data", type=Path, default=TRAINING_DIR, help="folder of *.jsonl rows")
    ap.add_argument("--min-count", type=int, default=1, help="drop features seen in fewer rows")
    ap.add_argument(
        "--drop",
        action="append",
        default=[],
        metavar="PREFIX",
        help="ablation: leave out features starting with PREFIX (held-out scores only)",
    )
    ap.add_argument(
        "--l2",
        type=float,
        default=1e-4,
        help="L2 penalty on the weights (chosen on the held-out split of our own data)",
    )
    ap.add_argument("--epochs", type=int, default=300, help="full-batch Adam steps")
    ap.add_argument(
        "--clusters",
        default=str(CLUSTERS_PATH),
        help="word-cluster table (.npz of scripts/build_word_clusters.py) or `none`",
    )
    args = ap.parse_args(argv)
    clusters = load_clusters(args.clusters)

    rows = load_training_rows(args.data)
    print(
        f"{len(rows)} training rows; by type: {dict(sorted(Counter(r['event_type'] for r in rows).items()))}"
    )
    feats = featurise(rows, clusters, cache=args.data.resolve() == TRAINING_DIR.resolve())
    keep = [i for i, f in enumerate(feats) if f is not None]
    dropped = len(rows) - len(keep)
    if dropped:
        print(
            f"{len(rows) - len(keep)} rows dropped (spans not found in the parse)", file=sys.stderr
        )
    rows = [rows[i] for i in keep]
    feats = [feats[i] for i in keep]
    if args.drop:
        feats = [[f for f in fs if not f.startswith(tuple(args.drop))] for fs in feats]
    labels = list(LABELS)
    y = np.array([labels.index(r["event_type"]) for r in rows])

    def vocab_of(idx: np.ndarray) -> dict[str, int]:
        cnt = Counter(f for i in idx for f in feats[i])
        names = sorted(f for f, c in cnt.items() if c >= args.min_count)
        return {n: k for k, n in enumerate(names)}

    def encode(idx: np.ndarray, vocab: dict[str, int]) -> list[list[int]]:
        return [[vocab[f] for f in feats[i] if f in vocab] for i in idx]

    trainer = Trainer(len(labels), l2=args.l2, epochs=args.epochs, none_index=labels.index(NONE))
    tr, te = sentence_split([r["sentence"] for r in rows], y, 0.15, args.seed)
    vocab = vocab_of(tr)
    held = None
    if not args.drop and args.data.resolve() == TRAINING_DIR.resolve():
        held = held_out_cache(rows, args.seed, args.l2, args.epochs, args.min_count, clusters)
    W, b = load_held_out(held, vocab) if held is not None and held.is_file() else (None, None)
    if W is None or b is None:
        W, b = trainer.fit(encode(tr, vocab), y[tr], len(vocab), args.seed)
    Z = logits_of(encode(te, vocab), W, b)
    temp = fit_temperature(Z, y[te])
    if held is not None:
        save_model(held, labels, sorted(vocab, key=vocab.get), W, b, temp, clusters, np.float32)
    metrics = held_out_metrics(Z, y[te], labels, temp)
    metrics |= {
        "rows": len(rows),
        "dropped_rows": dropped,
        "by_label": dict(sorted(Counter(r["event_type"] for r in rows).items())),
        "one_sided_rows": sum(r.get("target") is None for r in rows),
        "distinct_sentences": len({r["sentence"] for r in rows}),
        "held_out_rows": int(len(te)),
        "seed": args.seed,
        "l2": args.l2,
        "epochs": args.epochs,
        "temperature": round(temp, 4),
        "clusters": None if clusters is None else clusters.ks,
        **corpus_counts(rows, feats),
    }
    for k, v in metrics.items():
        if not isinstance(v, dict):
            print(f"  {k}: {v}")

    allidx = np.arange(len(rows))
    vocab = vocab_of(allidx)
    W, b = trainer.fit(encode(allidx, vocab), y, len(vocab), args.seed)
    names = sorted(vocab, key=vocab.get)
    save_model(args.out, labels, names, W, b, temp, clusters)
    metrics["features"] = len(names)
    metrics_path = args.out.with_name(args.out.stem + ".metrics.json")
    metrics_path.write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(names)} features, {args.out.stat().st_size // 1024} KiB)")
    print(f"wrote {metrics_path}")
    return 0


def held_out_metrics(Z: np.ndarray, y: np.ndarray, labels: list[str], temp: float) -> dict:
    """Scores of the held-out split: all labels, the 15 roots on event rows, event vs NONE."""
    pred = Z.argmax(axis=1)
    gold_l = [labels[k] for k in y]
    pred_l = [labels[k] for k in pred]
    present = sorted(set(gold_l))
    out: dict = {
        "accuracy": round(float((pred == y).mean()), 4),
        "macro_f1": round(macro_f1(gold_l, pred_l, present), 4),
        "ece_before": round(expected_calibration_error(softmax(Z), y), 4),
        "ece_after": round(expected_calibration_error(softmax(Z / temp), y), 4),
    }
    ev = [i for i, g in enumerate(gold_l) if g != NONE]
    if ev:
        # the type among the 16 given that there is an event (NONE column left out)
        k_none = labels.index(NONE)
        Ze = np.delete(Z[ev], k_none, axis=1)
        types = [x for x in labels if x != NONE]
        g = [YIELD.get(gold_l[i], gold_l[i]) for i in ev]
        p = [YIELD.get(types[k], types[k]) for k in Ze.argmax(axis=1)]
        out["event_rows_root_macro_f1"] = round(macro_f1(g, p, sorted(set(g))), 4)
    if NONE in gold_l:
        P = softmax(Z / temp)
        p_event = 1 - P[:, labels.index(NONE)]
        is_event = np.array([g != NONE for g in gold_l])
        said = p_event >= 0.5
        tp = float((said & is_event).sum())
        prec = tp / max(1.0, float(said.sum()))
        rec = tp / max(1.0, float(is_event.sum()))
        out["event_vs_none"] = {
            "precision": round(prec, 4),
            "recall": round(rec, 4),
            "f1": round(2 * prec * rec / max(1e-9, prec + rec), 4),
        }
    return out


if __name__ == "__main__":
    sys.exit(main())
