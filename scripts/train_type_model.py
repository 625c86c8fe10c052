"""Train the event-type model from the project's own sentences; write its .npz; print held-out scores.

    .venv/bin/python scripts/train_type_model.py [--out PATH] [--seed 13]

Reproducible: a fixed seed, a stratified 85/15 split of src/eventwatch/data/coding/training/,
full-batch Adam on a class-balanced softmax loss with L2. The held-out 15% is scored, then
used to fit the softmax temperature (calibration); the shipped model is retrained on all rows
with the same settings and keeps that temperature. numpy only (no scikit-learn).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from eventwatch import nlp
from eventwatch.coding.model import (
    MODEL_PATH,
    PLOVER_TYPES,
    char_spans,
    load_training_rows,
    pair_features,
)
from eventwatch.evaluate.metrics import macro_f1

YIELD = {"RETREAT": "YIELD", "CONCEDE": "YIELD"}


def featurise(rows: list[dict]) -> list[list[str] | None]:
    """The feature list of every row (None where the spans cannot be found)."""
    model = nlp.load()
    out: list[list[str] | None] = []
    docs = model.pipe((r["sentence"] for r in rows), batch_size=64)
    for row, doc in zip(rows, docs, strict=True):
        spans = char_spans(doc, row["sentence"], row["source"], row["target"])
        if spans is None:
            out.append(None)
            continue
        out.append(sorted(set(pair_features(doc[:], None, spans[0], spans[1]))))
    return out


class Trainer:
    """Multinomial logistic regression over binary features, trained full-batch with Adam."""

    def __init__(
        self, n_classes: int, l2: float = 1e-4, epochs: int = 300, lr: float = 0.05
    ) -> None:
        self.n_classes = n_classes
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
        counts = np.bincount(y, minlength=C).astype(np.float64)
        cw = np.where(counts > 0, N / (C * np.maximum(counts, 1)), 0.0)
        sw = cw[y]
        sw /= sw.sum()
        W = rng.normal(0, 0.001, size=(n_feats, C))
        b = np.zeros(C)
        mW, vW = np.zeros_like(W), np.zeros_like(W)
        mb, vb = np.zeros_like(b), np.zeros_like(b)
        Y = np.zeros((N, C))
        Y[np.arange(N), y] = 1.0
        b1, b2, eps = 0.9, 0.999, 1e-8
        for t in range(1, self.epochs + 1):
            Z = self._logits(W, b, rows, cols, N)
            Z -= Z.max(axis=1, keepdims=True)
            P = np.exp(Z)
            P /= P.sum(axis=1, keepdims=True)
            G = (P - Y) * sw[:, None]
            gW = np.stack(
                [np.bincount(cols, weights=G[rows, c], minlength=n_feats) for c in range(C)], axis=1
            )
            gW += self.l2 * W
            gb = G.sum(axis=0)
            mW = b1 * mW + (1 - b1) * gW
            vW = b2 * vW + (1 - b2) * gW * gW
            mb = b1 * mb + (1 - b1) * gb
            vb = b2 * vb + (1 - b2) * gb * gb
            corr1, corr2 = 1 - b1**t, 1 - b2**t
            W -= self.lr * (mW / corr1) / (np.sqrt(vW / corr2) + eps)
            b -= self.lr * (mb / corr1) / (np.sqrt(vb / corr2) + eps)
        return W, b

    @staticmethod
    def _logits(
        W: np.ndarray, b: np.ndarray, rows: np.ndarray, cols: np.ndarray, N: int
    ) -> np.ndarray:
        C = W.shape[1]
        Z = np.stack([np.bincount(rows, weights=W[cols, c], minlength=N) for c in range(C)], axis=1)
        return Z + b


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
    args = ap.parse_args(argv)

    rows = load_training_rows()
    print(
        f"{len(rows)} training rows; by type: {dict(sorted(Counter(r['event_type'] for r in rows).items()))}"
    )
    feats = featurise(rows)
    keep = [i for i, f in enumerate(feats) if f is not None]
    if len(keep) < len(rows):
        print(
            f"{len(rows) - len(keep)} rows dropped (spans not found in the parse)", file=sys.stderr
        )
    rows = [rows[i] for i in keep]
    feats = [feats[i] for i in keep]
    if args.drop:
        feats = [[f for f in fs if not f.startswith(tuple(args.drop))] for fs in feats]
    labels = list(PLOVER_TYPES)
    y = np.array([labels.index(r["event_type"]) for r in rows])

    def vocab_of(idx: np.ndarray) -> dict[str, int]:
        cnt = Counter(f for i in idx for f in feats[i])
        names = sorted(f for f, c in cnt.items() if c >= args.min_count)
        return {n: k for k, n in enumerate(names)}

    def encode(idx: np.ndarray, vocab: dict[str, int]) -> list[list[int]]:
        return [[vocab[f] for f in feats[i] if f in vocab] for i in idx]

    trainer = Trainer(len(labels), l2=args.l2, epochs=args.epochs)
    tr, te = stratified_split(y, 0.15, args.seed)
    vocab = vocab_of(tr)
    W, b = trainer.fit(encode(tr, vocab), y[tr], len(vocab), args.seed)
    Z = logits_of(encode(te, vocab), W, b)
    pred = Z.argmax(axis=1)
    gold_l = [labels[k] for k in y[te]]
    pred_l = [labels[k] for k in pred]
    temp = fit_temperature(Z, y[te])
    acc = float((pred == y[te]).mean())
    print(f"held-out ({len(te)} rows): accuracy {acc:.3f}, macro-F1 {macro_f1(gold_l, pred_l):.3f}")
    roots = sorted({YIELD.get(x, x) for x in labels})
    print(
        "held-out macro-F1 15 root types (RETREAT+CONCEDE=YIELD): "
        f"{macro_f1([YIELD.get(x, x) for x in gold_l], [YIELD.get(x, x) for x in pred_l], roots):.3f}"
    )
    print(
        f"temperature {temp:.3f}; ECE before {expected_calibration_error(softmax(Z), y[te]):.3f}, "
        f"after {expected_calibration_error(softmax(Z / temp), y[te]):.3f}"
    )

    allidx = np.arange(len(rows))
    vocab = vocab_of(allidx)
    W, b = trainer.fit(encode(allidx, vocab), y, len(vocab), args.seed)
    names = sorted(vocab, key=vocab.get)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out,
        labels=np.array(labels),
        features=np.array(names),
        weights=W.astype(np.float16),
        bias=b.astype(np.float32),
        temperature=np.array(temp),
    )
    print(f"wrote {args.out} ({len(names)} features, {args.out.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
