"""Fit the pair-type arbiter (coding/arbiter.py) on held-out predictions over our own rows.

    .venv/bin/python scripts/train_arbiter.py [--out PATH] [--seed 13] [--cases FILE]

Run after scripts/train_type_model.py (`make train` does): it reads the held-out type model
that script keeps in the cache folder (trained on 85 % of the sentences, the split of
train_type_model.py; calibrate_confidence.py's `held_out_model` trains it when missing), and
`code_pair` codes every held-out two-sided event row with that model and without an arbiter.
Each pair gives its readings (coding/arbiter.py: the lexicon's, the entry's own, the other
entries of the trigger's lemma, the model's top 3) and the gold type, read as `code_pair`
reads a dyad (calibrate_confidence.pair_convention).

A conditional logit over the readings is fitted (full-batch Adam, L2, fixed seed); its
out-of-fold probabilities come from k folds *by training file* (a file's style never on both
sides), and a Platt map of the chosen reading's out-of-fold probability is the confidence.
Prints, on those folds: how often the lexicon's reading, the old hand-set override and the
arbiter are right, and the arbiter's ECE (10 bins) and share right at >= 0.9. Writes the
weights and the map to data/coding/model/arbiter.json. Never reads a benchmark.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from eventwatch import config
from eventwatch.coding import model as type_model
from eventwatch.coding.arbiter import ARBITER_PATH, PairEvidence, features, parse
from eventwatch.coding.model import NONE, TypeModel

sys.path.insert(0, str(Path(__file__).resolve().parent))
from siblings import script  # noqa: E402

ROOT = {"RETREAT": "YIELD", "CONCEDE": "YIELD"}


def file_of_sentence(folder: Path) -> dict[str, str]:
    """sentence -> the training file it first appears in."""
    out: dict[str, str] = {}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.setdefault(json.loads(line)["sentence"], path.name)
    return out


def held_out_file(name: str, frac: float = 0.2, seed: int = 13) -> bool:
    """Whether training file `name` is held out: a fixed hash of the name and the seed, so a
    file's side does not change when files are added, and the pair encoder
    (scripts/train_pair_encoder.py) holds out the same files as the arbiter is fitted on."""
    h = int(hashlib.sha256(f"{seed}:{name}".encode()).hexdigest()[:8], 16) / 16**8
    return h < frac


def file_held_out_model(
    data: Path, frac: float, seed: int, l2: float, epochs: int
) -> tuple[list[dict], Path]:
    """Hold out whole training files (about `frac` of them, `held_out_file`) and train a
    type model on the others, as train_type_model.py trains one (kept in the cache folder, named
    by a hash of everything that decides it). Returns the held-out rows and the model's path."""
    tt = script("train_type_model")
    rows = type_model.load_training_rows(data)
    files = file_of_sentence(data)
    clusters = TypeModel(type_model.MODEL_PATH).clusters if type_model.MODEL_PATH.is_file() else None
    feats = tt.featurise(rows, clusters, cache=data.resolve() == type_model.TRAINING_DIR.resolve())
    keep = [i for i, f in enumerate(feats) if f is not None]
    rows, feats = [rows[i] for i in keep], [feats[i] for i in keep]
    count = Counter(files[r["sentence"]] for r in rows)
    held_files = {f for f in count if held_out_file(f, frac, seed)}
    held = np.array([files[r["sentence"]] in held_files for r in rows])
    tr, te = np.flatnonzero(~held), np.flatnonzero(held)
    labels = list(type_model.LABELS)
    y = np.array([labels.index(r["event_type"]) for r in rows])
    key = tt.held_out_cache(rows, seed, l2, epochs, 1, clusters).stem
    digest = hashlib.sha256((key + json.dumps(sorted(held_files))).encode()).hexdigest()[:16]
    path = config.current().cache_dir / f"fileheldout_type_model-{digest}.npz"
    names = sorted({f for i in tr for f in feats[i]})
    vocab = {n: k for k, n in enumerate(names)}
    print(f"{len(held_files)} of {len(count)} files held out ({len(te)} of {len(rows)} rows)", flush=True)
    if not path.is_file():
        def encode(idx: np.ndarray) -> list[list[int]]:
            return [[vocab[f] for f in feats[i] if f in vocab] for i in idx]

        trainer = tt.Trainer(len(labels), l2=l2, epochs=epochs, none_index=labels.index(NONE))
        W, b = trainer.fit(encode(tr), y[tr], len(vocab), seed)
        temp = tt.fit_temperature(tt.logits_of(encode(te), W, b), y[te])
        tt.save_model(path, labels, names, W, b, temp, clusters, np.float32)
        print(f"file-held-out type model: {path}, temperature {temp:.3f}", flush=True)
    else:
        print(f"file-held-out type model: {path} (kept by an earlier run)")
    return [rows[i] for i in te], path


def code_cases(rows: list[dict], model_path: Path, convention) -> list[dict]:
    """code_pair on every held-out pair with the held-out model and no arbiter."""
    from eventwatch.coding import calibration as cal
    from eventwatch.coding import coder
    from eventwatch.coding.calibration import MAPS

    heldout = TypeModel(model_path)
    type_model.load_model = lambda path=model_path: heldout  # score_types reads this global
    coder.arbiter = lambda: None  # the arbiter being fitted must not choose while it is fitted
    neutral = cal.parse({"maps": {n: {"bias": 0.0, "weights": {}} for n in MAPS}}, "neutral")
    coder.calibration = lambda: neutral
    out = []
    for k, r in enumerate(rows):
        if k and k % 500 == 0:
            print(f"  coded {k} / {len(rows)}", flush=True)
        ans, inp = coder.code_pair_inputs(r["sentence"], r["source"], r["target"])
        out.append({
            "gold": convention(r["event_type"], r["factuality"]),
            "old": ans["event_type"],
            "evidence": inp.evidence.to_json() if inp.evidence is not None else None,
            "sentence": r["sentence"],
            "source": r["source"],
            "target": r["target"],
        })
    return out


def _root(t: str | None) -> str | None:
    return ROOT.get(t, t) if t else t


class Design:
    """The readings of every case as a dense matrix, with each case's slice and gold row."""

    def __init__(self, evidence: list[PairEvidence], gold: list[str], names: list[str] | None = None,
                 drop: tuple[str, ...] = ()):
        feats = [[(t, {k: v for k, v in features(ev, t).items() if not k.startswith(drop)})
                  for t in ev.readings()] for ev in evidence]
        self.names = names or sorted({k for case in feats for _, f in case for k in f})
        index = {n: i for i, n in enumerate(self.names)}
        n_rows = sum(len(c) for c in feats)
        self.X = np.zeros((n_rows, len(self.names)))
        self.starts = np.zeros(len(feats), dtype=np.int64)
        self.types: list[str] = []
        self.gold_row = np.full(len(feats), -1)
        row = 0
        for i, case in enumerate(feats):
            self.starts[i] = row
            for t, f in case:
                for k, v in f.items():
                    if k in index:
                        self.X[row, index[k]] = v
                if _root(t) == _root(gold[i]) and self.gold_row[i] < 0:
                    self.gold_row[i] = row
                self.types.append(t)
                row += 1
        self.case_of = np.repeat(np.arange(len(feats)), np.diff(np.r_[self.starts, n_rows]))

    def probs(self, w: np.ndarray) -> np.ndarray:
        s = self.X @ w
        m = np.maximum.reduceat(s, self.starts)
        e = np.exp(s - m[self.case_of])
        return e / np.add.reduceat(e, self.starts)[self.case_of]

    def fit(self, l2: float, steps: int, seed: int) -> np.ndarray:
        """Conditional logit on the cases whose gold is among their readings."""
        rng = np.random.default_rng(seed)
        w = rng.normal(0, 1e-3, self.X.shape[1])
        has = self.gold_row >= 0
        n = max(1, int(has.sum()))
        y = np.zeros(len(self.X))
        y[self.gold_row[has]] = 1.0
        keep = has[self.case_of]
        m, v = np.zeros_like(w), np.zeros_like(w)
        for t in range(1, steps + 1):
            p = self.probs(w)
            g = self.X[keep].T @ (p[keep] - y[keep]) / n + l2 * w
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g * g
            w -= 0.05 * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
        return w

    def chosen(self, w: np.ndarray, margin: float = 0.0) -> tuple[list[str], np.ndarray, np.ndarray]:
        """Each case's chosen reading, its probability and whether the margin kept the
        lexicon's (the first reading) against a more probable one."""
        p = self.probs(w)
        out, conf, kept = [], np.zeros(len(self.starts)), np.zeros(len(self.starts))
        ends = np.r_[self.starts[1:], len(self.X)]
        for i, (a, b) in enumerate(zip(self.starts, ends, strict=True)):
            k = a + int(np.argmax(p[a:b]))  # ties: the first reading, the lexicon's
            if k != a and p[k] < p[a] + margin:
                k, kept[i] = a, 1.0
            out.append(self.types[k])
            conf[i] = p[k]
        return out, conf, kept


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.clip(np.log(p / (1 - p)), -6, 6)


def fit_platt(x: np.ndarray, kept: np.ndarray, y: np.ndarray, steps: int = 3000) -> tuple[float, float, float]:
    """sigmoid(b + a x + c kept) by gradient descent, a kept >= 0.01 (the confidence rises with p)."""
    a, b, c = 1.0, 0.0, 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(b + a * x + c * kept)))
        a = max(0.01, a - 0.1 * float(((p - y) * x).mean()))
        b -= 0.1 * float((p - y).mean())
        c -= 0.1 * float(((p - y) * kept).mean())
    return b, a, c


def platt(b: float, a: float, c: float, p: np.ndarray, kept: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(b + a * logit(p) + c * kept)))


def file_folds(files: list[str], k: int, seed: int) -> np.ndarray:
    """A fold per case: whole training files to a fold, greedily balancing the case counts."""
    count = Counter(files)
    order = sorted(count, key=lambda f: (-count[f], hashlib.sha256(f"{seed}{f}".encode()).hexdigest()))
    load = [0] * k
    fold_of: dict[str, int] = {}
    for f in order:
        j = int(np.argmin(load))
        fold_of[f] = j
        load[j] += count[f]
    return np.array([fold_of[f] for f in files])


def fit_arbiter(evidence: list[PairEvidence], gold: list[str], old: list[str], groups: list[str],
                args: argparse.Namespace, drop: tuple[str, ...]) -> dict:
    """Fit the conditional logit with k folds by file; the arbiter file's fields (weights,
    margin, Platt map) and the out-of-fold scores (printed)."""
    ece = script("calibrate_confidence").ece  # the same 10-bin ECE the confidence maps report
    fold = file_folds(groups, args.folds, args.seed)
    design = Design(evidence, gold, drop=drop)
    weights = []
    for k in range(args.folds):
        train = np.flatnonzero(fold != k)
        d_tr = Design([evidence[i] for i in train], [gold[i] for i in train], design.names)
        weights.append(d_tr.fit(args.l2, args.steps, args.seed))
    tests = [np.flatnonzero(fold == k) for k in range(args.folds)]
    d_tests = [Design([evidence[i] for i in t], [gold[i] for i in t], design.names) for t in tests]
    n = len(evidence)

    def out_of_fold(margin: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Right or not, probability and kept flag of every case's out-of-fold choice."""
        right, p, kept = np.zeros(n), np.zeros(n), np.zeros(n)
        for t, d, w in zip(tests, d_tests, weights, strict=True):
            ch, pp, kk = d.chosen(w, margin)
            right[t] = [_root(c) == _root(gold[i]) for c, i in zip(ch, t, strict=True)]
            p[t], kept[t] = pp, kk
        return right, p, kept

    # the margin: the widest that costs at most `--margin-cost` of held-out accuracy
    base = out_of_fold(0.0)[0].mean()
    margin = 0.0
    for m in np.arange(0.05, 0.55, 0.05):
        if out_of_fold(float(m))[0].mean() >= base - args.margin_cost:
            margin = round(float(m), 2)
    right, oof_p, oof_kept = out_of_fold(margin)
    lex_right = np.array([_root(e.lexicon_type) == _root(g) for e, g in zip(evidence, gold, strict=True)])
    old_right = np.array([_root(c) == _root(g) for c, g in zip(old, gold, strict=True)])
    covered = design.gold_row >= 0
    # the map's own out-of-fold calibration: Platt fitted on the other folds' probabilities
    cal_oof = np.zeros(n)
    for k in range(args.folds):
        test, train_ = fold == k, fold != k
        fitted = fit_platt(logit(oof_p[train_]), oof_kept[train_], right[train_])
        cal_oof[test] = platt(*fitted, oof_p[test], oof_kept[test])
    sure = cal_oof >= 0.9
    b, a, c = fit_platt(logit(oof_p), oof_kept, right)
    w = design.fit(args.l2, args.steps, args.seed)
    scores = {
        "pairs": n,
        "files": len(set(groups)),
        "folds": args.folds,
        "gold_among_readings": round(float(covered.mean()), 4),
        "lexicon_right": round(float(lex_right.mean()), 4),
        "old_override_right": round(float(old_right.mean()), 4),
        "arbiter_right_no_margin": round(float(base), 4),
        "margin": margin,
        "arbiter_right": round(float(right.mean()), 4),
        "ece_raw_probability": round(ece(oof_p, right), 4),
        "ece_calibrated": round(ece(cal_oof, right), 4),
        "share_at_0.9": round(float(sure.mean()), 4),
        "right_at_0.9": round(float(right[sure].mean()), 4) if sure.any() else None,
    }
    enc = [(e.enc_top(), g) for e, g in zip(evidence, gold, strict=True) if e.enc_probs]
    if enc:
        scores["encoder_alone_right"] = round(float(np.mean([_root(t) == _root(g) for t, g in enc])), 4)
    for k_, v in scores.items():
        print(f"  {k_}: {v}")
    return {
        "held_out_scores": scores,
        "margin": margin,
        "platt": {"bias": round(b, 5), "weight": round(a, 5), "kept": round(c, 5)},
        "weights": {n_: round(float(v), 5) for n_, v in zip(design.names, w, strict=True) if abs(v) > 1e-6},
    }


def encoder_probs(cases: list[dict], files: dict[str, str]) -> list[dict[str, float]]:
    """The shipped pair encoder's probabilities for every case whose training file it never
    saw (pair_encoder.metrics.json lists the files it was trained on); {} for the others."""
    from eventwatch.coding.pair_encoder import PAIR_ENCODER_PATH, pair_encoder

    model = pair_encoder()
    metrics = PAIR_ENCODER_PATH.with_name("pair_encoder.metrics.json")
    if model is None or not metrics.is_file():
        print("no pair encoder shipped: the arbiter is fitted without it")
        return [{} for _ in cases]
    seen = set(json.loads(metrics.read_text(encoding="utf-8"))["training_files"])
    todo = [i for i, c in enumerate(cases)
            if "source" in c and files.get(c["sentence"], "?") not in seen]
    print(f"pair encoder on {len(todo)} of {len(cases)} pairs (the others are from files it "
          "was trained on, or were coded without their actors)", flush=True)
    probs = model.probs([(cases[i]["sentence"], cases[i]["source"], cases[i]["target"]) for i in todo])
    out: list[dict[str, float]] = [{} for _ in cases]
    for i, p in zip(todo, probs, strict=True):
        out[i] = p or {}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=ARBITER_PATH)
    ap.add_argument("--seed", type=int, default=13, help="the split seed of train_type_model.py")
    ap.add_argument("--data", type=Path, default=type_model.TRAINING_DIR, help="folder of *.jsonl rows")
    ap.add_argument("--cases", type=Path, default=None,
                    help="the coded held-out cases (JSON lines): read when present, else written")
    ap.add_argument("--held-files", type=float, default=0.2,
                    help="share of the files the type model is trained without")
    ap.add_argument("--max-pairs", type=int, default=4000, help="held-out pairs coded at most")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--margin-cost", type=float, default=0.01,
                    help="held-out accuracy the lexicon's margin may cost")
    ap.add_argument("--l2", type=float, default=1e-2)
    ap.add_argument("--drop", action="append", default=None, metavar="PREFIX",
                    help="leave out the features starting with PREFIX (default: the per-type "
                    "ones, `lex_type=` and `m_top=`, which lost on held-out files; `none`: keep all)")
    ap.add_argument("--steps", type=int, default=600)
    ap.add_argument("--with-encoder", action="store_true",
                    help="add the shipped pair encoder's probabilities as features (coding/"
                    "pair_encoder.py), fitted on the held-out files it never saw; `make train` "
                    "passes it")
    args = ap.parse_args(argv)

    cc = script("calibrate_confidence")
    if args.cases is not None and args.cases.is_file():
        cases = [json.loads(x) for x in args.cases.read_text(encoding="utf-8").splitlines() if x]
        print(f"{len(cases)} coded held-out pairs read from {args.cases}")
    else:
        settings = cc._trained_settings()
        all_rows, model_path = file_held_out_model(
            args.data, args.held_files, args.seed, settings.get("l2", 1e-4), settings.get("epochs", 300))
        rows = [r for r in all_rows if r["event_type"] != NONE and r.get("target")]
        if len(rows) > args.max_pairs:
            pick = np.random.default_rng(args.seed).choice(len(rows), args.max_pairs, replace=False)
            rows = [rows[i] for i in sorted(pick)]
        print(f"coding {len(rows)} held-out two-sided event pairs with the held-out model")
        cases = code_cases(rows, model_path, cc.pair_convention)
        if args.cases is not None:
            args.cases.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")

    files = file_of_sentence(args.data)
    cases = [c for c in cases if c["evidence"] is not None]
    gold = [c["gold"] for c in cases]
    old = [c["old"] for c in cases]
    groups = [files.get(c["sentence"], "?") for c in cases]
    drop = tuple(d for d in (args.drop or ["lex_type=", "m_top="]) if d != "none")
    plain_ev = [PairEvidence(**{**c["evidence"], "enc_probs": {}}) for c in cases]
    print("without the pair encoder, all pairs:")
    plain = fit_arbiter(plain_ev, gold, old, groups, args, drop)
    enc = encoder_probs(cases, files) if args.with_encoder else [{} for _ in cases]
    sub = [i for i, p in enumerate(enc) if p]
    data: dict = {
        "about": "the pair-type arbiter (coding/arbiter.py): conditional-logit weights over the "
        "readings of a pair and a Platt map of the chosen reading's probability; fitted by "
        "scripts/train_arbiter.py on held-out predictions over data/coding/training/ only",
        "seed": args.seed,
        "l2": args.l2,
        "steps": args.steps,
    }
    if len(sub) >= 200:
        print(f"without the pair encoder, the {len(sub)} pairs it can read:")
        fit_arbiter([plain_ev[i] for i in sub], [gold[i] for i in sub], [old[i] for i in sub],
                    [groups[i] for i in sub], args, drop)
        print("with the pair encoder's probabilities, the same pairs:")
        ev = [PairEvidence(**{**cases[i]["evidence"], "enc_probs": enc[i]}) for i in sub]
        with_enc = fit_arbiter(ev, [gold[i] for i in sub], [old[i] for i in sub],
                               [groups[i] for i in sub], args, drop)
        data |= with_enc
        data["no_encoder"] = plain
    else:
        data |= plain
    parse(data, str(args.out))  # the file we write must load
    args.out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(data['weights'])} weights)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
