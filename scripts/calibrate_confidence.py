"""Fit the coder's confidence map on the held-out split of our own sentences; write its JSON.

    .venv/bin/python scripts/calibrate_confidence.py [--out PATH] [--seed 13]

Reproducible and honest: the same stratified 85/15 split as scripts/train_type_model.py (same
seed); a type model is trained on the 85 % only (same settings, temperature fitted as the
shipped one's is; train_type_model.py keeps that very model in the cache folder, so after it this
script reads it instead of fitting it again), and `code_pair` codes every held-out sentence with that model in place of
the shipped one, so the model's probabilities are those of unseen sentences. Each held-out
pair gives the inputs of its confidence (lexicon strength, model probability of the chosen
type, agreement, the lexicon entry's kind) and whether the chosen PLOVER type is the gold one. Three monotone logistic
maps (coding/calibration.py) are fitted by projected gradient descent (weights kept >= 0):

- lexicon_model: pairs whose type the lexicon chose, with the model's opinion;
- lexicon_only: code_doc's sure path (the model not asked), so it is fitted on code_doc's own
  outcomes: each held-out sentence is coded as the pipeline codes it (actors resolved), and
  the most confident event whose source and target overlap the gold pair, when its confidence
  came from the lexicon alone, is a case (the other maps, fitted first, rank the events);
- model_only: every held-out pair, the model's own top type and its probability.

Prints 5-fold cross-validated expected calibration error (10 bins) on the held-out pairs
before (the old fixed blend) and after. Never reads a benchmark. Takes about two minutes on
two cores (parsing the sentences and training the held-out model).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from datetime import date
from pathlib import Path

import numpy as np

from eventwatch.coding import calibration as cal
from eventwatch.coding import model as type_model
from eventwatch.coding.calibration import (
    CALIBRATION_PATH,
    EVENT_MAP,
    MAPS,
    SPECIFICITY,
    model_logit,
)
from eventwatch.coding.model import LABELS, NONE, TypeModel, load_training_rows


def _trainer_module():
    path = Path(__file__).resolve().with_name("train_type_model.py")
    spec = importlib.util.spec_from_file_location("train_type_model", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def held_out_model(
    seed: int, l2: float, epochs: int, folder: Path, data: Path = type_model.TRAINING_DIR
) -> tuple[list[dict], Path]:
    """The held-out rows (NONE pairs included) and the path of a type model trained on the
    other rows."""
    tt = _trainer_module()
    rows = load_training_rows(data)
    # the clusters of the shipped model (trained just before): the held-out model reads them too
    clusters = TypeModel(type_model.MODEL_PATH).clusters if type_model.MODEL_PATH.is_file() else None
    feats = tt.featurise(rows, clusters, cache=data.resolve() == type_model.TRAINING_DIR.resolve())
    keep = [i for i, f in enumerate(feats) if f is not None]
    rows = [rows[i] for i in keep]
    feats = [feats[i] for i in keep]
    labels = list(LABELS)
    y = np.array([labels.index(r["event_type"]) for r in rows])
    tr, te = tt.sentence_split([r["sentence"] for r in rows], y, 0.15, seed)
    cached = tt.held_out_cache(rows, seed, l2, epochs, 1, clusters)
    if data.resolve() == type_model.TRAINING_DIR.resolve() and cached.is_file():
        # train_type_model.py trained this very model (same rows, split and settings) just before
        print(f"held-out type model: {cached} (kept by train_type_model.py), {len(te)} held out")
        return [rows[i] for i in te], cached
    names = sorted({f for i in tr for f in feats[i]})
    vocab = {n: k for k, n in enumerate(names)}

    def encode(idx: np.ndarray) -> list[list[int]]:
        return [[vocab[f] for f in feats[i] if f in vocab] for i in idx]

    trainer = tt.Trainer(len(labels), l2=l2, epochs=epochs, none_index=labels.index(NONE))
    W, b = trainer.fit(encode(tr), y[tr], len(vocab), seed)
    temp = tt.fit_temperature(tt.logits_of(encode(te), W, b), y[te])
    out = folder / "heldout_type_model.npz"
    tt.save_model(out, labels, names, W, b, temp, clusters)
    print(f"held-out type model: trained on {len(tr)} rows, {len(te)} held out, temperature {temp:.3f}")
    return [rows[i] for i in te], out


def _trained_settings() -> dict:
    """The shipped model's training settings (its metrics file), so the held-out model here is
    trained as it was."""
    path = type_model.MODEL_PATH.with_name(type_model.MODEL_PATH.stem + ".metrics.json")
    try:
        got = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    return {k: got[k] for k in ("l2", "epochs") if k in got}


def pair_convention(event_type: str, factuality: str) -> str:
    """The type `code_pair` gives a training row's event: the corpus labels the event itself
    ("vowed to strike" is ASSAULT, hypothetical), code_pair the dyad's CAMEO reading of it
    (THREATEN), so the held-out gold is read the same way before the two are compared."""
    from eventwatch.coding.readings import dyad_reading

    reading = dyad_reading(event_type, factuality)
    return reading[0] if reading is not None else event_type


def code_held_out(rows: list[dict], model_path: Path) -> list[dict]:
    """Code every held-out pair with the held-out model in place of the shipped one."""
    from eventwatch.coding import coder
    from eventwatch.coding.coder import code_pair_inputs

    heldout = TypeModel(model_path)
    type_model.load_model = lambda path=model_path: heldout  # score_types reads this global
    # the map being fitted must not be needed to fit it: a neutral one while coding
    neutral = cal.parse({"maps": {n: {"bias": 0.0, "weights": {}} for n in MAPS}}, "neutral")
    coder.calibration = lambda: neutral
    # these maps are the lexicon coder's own (code_doc reads them); the pair arbiter
    # (scripts/train_arbiter.py) has its own calibration, so it does not choose here
    coder.arbiter = lambda: None
    out = []
    for r in rows:
        ans, inp = code_pair_inputs(r["sentence"], r["source"], r["target"])
        probs = inp.probs
        top = max(probs, key=probs.__getitem__) if probs else None
        out.append(
            {
                "gold": pair_convention(r["event_type"], r["factuality"]),
                "chosen": inp.event_type,
                "lexicon": inp.lexicon,
                "p": float(probs.get(inp.event_type, 0.0)) if probs else None,
                "agree": top == inp.event_type,
                "top": top,
                "p_top": float(probs[top]) if probs else None,
                "kind": inp.kind,
                "weight": inp.weight,
                "reread": inp.reread,
                "sentence": r["sentence"],
                "old": _old_blend(inp.lexicon, probs, top, inp.event_type),
            }
        )
    return out


def _overlaps(spans: list, sentence: str, part: str) -> bool:
    k = sentence.find(part)
    return k >= 0 and any(s.start_char < k + len(part) and k < s.end_char for s in spans)


ROOT = {"RETREAT": "YIELD", "CONCEDE": "YIELD"}


def _root(event_type: str | None) -> str | None:
    """The root type a confidence is about: RETREAT and CONCEDE are both YIELD (the PLOVER
    root types the coder's users and PLV count)."""
    return ROOT.get(event_type, event_type) if event_type else event_type


def doc_event_cases(rows: list[dict], model_path: Path, maps: dict[str, dict]) -> list[dict]:
    """code_doc's events on the held-out sentences, each with the inputs of the `event` map and
    whether it is right: its source (and target) overlap a labelled pair of the sentence and
    that pair is an event of the same root type. Events on pairs nobody labelled are left out
    (older files label one pair per sentence). A stance event ("will release" -> AGREE) is
    a case of its own, with the model's probability of its reading (coder.read_as_dyad)."""
    from eventwatch import nlp
    from eventwatch.actors.coref import DocActors
    from eventwatch.coding import coder
    from eventwatch.coding.arbiter import arbiter

    heldout = TypeModel(model_path)
    type_model.load_model = lambda path=model_path: heldout
    fitted = cal.parse({"maps": maps}, "first pass")
    coder.calibration = lambda: fitted
    # code_doc types two-sided events through the pair arbiter (coder.choose_type), as it does
    # at run time; code_held_out switched it off for code_pair's own maps
    coder.arbiter = arbiter
    cal.calibration = lambda: fitted  # learned.py reads it from the module
    by_sentence: dict[str, list[dict]] = {}
    for r in rows:
        by_sentence.setdefault(r["sentence"], []).append(r)
    sentences = sorted(by_sentence)
    out = []
    for sentence, doc in zip(sentences, nlp.load().pipe(sentences, batch_size=64), strict=True):
        resolver = DocActors(doc, None)
        for ev in coder.code_doc(doc, actor_of=resolver.actor_for):
            stance = "stance_on" in ev.extra
            if ev.extra.get("p_event") is None or (stance and ev.event_type == "REQUEST"):
                continue  # the speaker's demand is a pair of its own
            gold = [
                r for r in by_sentence[sentence]
                if (_overlaps(ev.source, sentence, r["source"]) if r.get("source") else not ev.source)
                and (_overlaps(ev.target, sentence, r["target"]) if r.get("target") else not ev.target)
            ]
            if not gold:
                continue
            # a stance event ("will release" -> AGREE) is right when the labelled event reads so
            right = any(
                r["event_type"] != NONE
                and _root(pair_convention(r["event_type"], r["factuality"]) if stance else r["event_type"])
                == _root(ev.event_type)
                for r in gold
            )
            learned = bool(ev.extra.get("learned"))
            out.append({
                "lexicon": 0.0 if learned else float(ev.extra.get("strength") or 0.0),
                "specific": 0.0 if learned else SPECIFICITY.get(ev.extra.get("kind") or "", 0.5),
                "type_logit": model_logit(ev.extra.get("p_type") or 0.0),
                "agree": float(bool(ev.extra.get("agree"))),
                "event_logit": model_logit(ev.extra["p_event"]),
                "correct": right,
                "learned": learned,
                "stance": stance,
                "kind": ev.extra.get("kind"),
            })
    return out


def code_doc_held_out(rows: list[dict], model_path: Path, maps: dict[str, dict]) -> list[dict]:
    """code_doc's sure-path outcomes on the held-out sentences, ranked with `maps`."""
    from eventwatch import nlp
    from eventwatch.actors.coref import DocActors
    from eventwatch.coding import coder

    heldout = TypeModel(model_path)
    type_model.load_model = lambda path=model_path: heldout
    fitted = cal.parse({"maps": maps}, "first pass")
    coder.calibration = lambda: fitted
    coder.arbiter = lambda: None  # the lexicon's own sure readings: the arbiter does not retype them
    out = []
    docs = nlp.load().pipe((r["sentence"] for r in rows), batch_size=64)
    for r, doc in zip(rows, docs, strict=True):
        if not r.get("source") or not r.get("target"):
            continue  # a one-sided row: the lexicon_only map is fitted on dyads
        resolver = DocActors(doc, None)
        found = [
            ev
            for ev in coder.code_doc(doc, actor_of=resolver.actor_for)
            if _overlaps(ev.source, r["sentence"], r["source"])
            and _overlaps(ev.target, r["sentence"], r["target"])
        ]
        if not found:
            continue
        best = max(found, key=lambda ev: ev.confidence)
        if best.extra.get("model"):
            continue  # its confidence came from the lexicon_model map
        out.append({"lexicon": best.extra["strength"], "correct": _root(best.event_type) == _root(r["event_type"]),
                    "kind": best.extra.get("kind")})
    return out


def _old_blend(lexicon: float | None, probs: dict | None, top: str | None, chosen: str) -> float:
    """The fixed blend the coder reported before this map (0.6 lexicon + 0.4 model)."""
    if lexicon is None:
        return 0.4 * probs[top] + 0.18 if probs and top == chosen else 0.05
    return 0.6 * lexicon + 0.4 * probs.get(chosen, 0.0) if probs else lexicon


def design(cases: list[dict], name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Feature matrix, correctness and the old confidence of the cases one map applies to."""
    X, y, old = [], [], []
    for c in cases:
        if name == "model_only":
            if c["p_top"] is None:
                continue
            X.append([model_logit(c["p_top"])])
            y.append(_root(c["top"]) == _root(c["gold"]))
        else:
            if c["lexicon"] is None:
                continue
            row = {"lexicon": c["lexicon"], "specific": SPECIFICITY.get(c["kind"] or "", 0.5)}
            if name == "lexicon_model":
                if c["p"] is None:
                    continue
                row |= {"model_logit": model_logit(c["p"]), "agree": float(c["agree"])}
            X.append([row[f] for f in MAPS[name]])
            y.append(_root(c["chosen"]) == _root(c["gold"]))
        # the old coder reported the bare lexicon strength when it did not ask the model
        old.append(c["lexicon"] if name == "lexicon_only" else c["old"])
    return np.array(X, dtype=float), np.array(y, dtype=float), np.array(old)


MIN_WEIGHT = 1e-3  # every weight stays positive: the map rises strictly with each input


def fit_platt(X: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 4000) -> tuple[float, np.ndarray]:
    """Logistic regression with weights >= MIN_WEIGHT (projected gradient descent with momentum)."""
    n, d = X.shape
    b = float(np.log((y.mean() + 1e-3) / (1 - y.mean() + 1e-3)))
    vw, vb, lr = np.zeros(d), 0.0, 0.5
    scale = np.maximum(np.abs(X).max(axis=0), 1e-9)
    Xs = X / scale
    w = MIN_WEIGHT * scale
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(Xs @ w + b)))
        gw = Xs.T @ (p - y) / n + l2 * w
        gb = float((p - y).mean())
        vw = 0.9 * vw + gw
        vb = 0.9 * vb + gb
        w = np.maximum(MIN_WEIGHT * scale, w - lr * vw)
        b -= lr * vb
    return b, w / scale


def predict(b: float, w: np.ndarray, X: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(X @ w + b)))


def ece(conf: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    total = 0.0
    for k in range(bins):
        m = (conf > k / bins) & (conf <= (k + 1) / bins) | ((k == 0) & (conf <= 0))
        if m.any():
            total += m.mean() * abs(conf[m].mean() - correct[m].mean())
    return float(total)


def cross_validated(X: np.ndarray, y: np.ndarray, seed: int, folds: int = 5) -> np.ndarray:
    order = np.random.default_rng(seed).permutation(len(y))
    out = np.zeros(len(y))
    for k in range(folds):
        test = order[k::folds]
        train = np.setdiff1d(order, test)
        b, w = fit_platt(X[train], y[train])
        out[test] = predict(b, w, X[test])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=CALIBRATION_PATH)
    ap.add_argument("--seed", type=int, default=13, help="the split seed of train_type_model.py")
    trained = _trained_settings()
    ap.add_argument("--l2", type=float, default=trained.get("l2", 1e-4),
                    help="the type model's L2 (default: as the shipped model was trained)")
    ap.add_argument("--epochs", type=int, default=trained.get("epochs", 300),
                    help="the type model's Adam steps (default: as the shipped model was trained)")
    ap.add_argument("--data", type=Path, default=type_model.TRAINING_DIR, help="folder of *.jsonl rows")
    ap.add_argument("--dump", type=Path, default=None, help="also write the held-out cases (JSON lines)")
    args = ap.parse_args(argv)

    maps: dict[str, dict] = {}
    scores: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        all_rows, model_path = held_out_model(args.seed, args.l2, args.epochs, Path(tmp), args.data)
        # the type confidence of code_pair: held-out pairs that form a two-sided event
        rows = [r for r in all_rows if r["event_type"] != NONE and r.get("target")]
        cases = code_held_out(rows, model_path)
        for name in MAPS:  # a first pass on code_pair's outcomes ranks code_doc's events
            b, w = fit_platt(*design(cases, name)[:2])
            maps[name] = {"bias": float(b), "weights": dict(zip(MAPS[name], map(float, w), strict=True))}
        doc_cases = code_doc_held_out(rows, model_path, maps)
        event_cases = doc_event_cases(all_rows, model_path, maps)
    if args.dump is not None:
        args.dump.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
        args.dump.with_suffix(".events.jsonl").write_text(
            "".join(json.dumps(c) + "\n" for c in event_cases), encoding="utf-8")

    for name in MAPS:
        if name == "lexicon_only":
            X = np.array([[c["lexicon"]] for c in doc_cases], dtype=float)
            y = np.array([c["correct"] for c in doc_cases], dtype=float)
            old = X[:, 0]  # the old coder reported the bare lexicon strength here
        else:
            X, y, old = design(cases, name)
        b, w = fit_platt(X, y)
        cv = cross_validated(X, y, args.seed)
        maps[name] = {"bias": round(float(b), 5), "weights": {f: round(float(v), 5) for f, v in zip(MAPS[name], w, strict=True)}}
        scores[name] = {
            "pairs": int(len(y)),
            "accuracy": round(float(y.mean()), 4),
            "ece_cv": round(ece(cv, y), 4),
            "ece_old_blend": round(ece(old, y), 4),
        }
        print(
            f"{name:<14} {len(y)} pairs, {y.mean():.1%} right; ECE (10 bins, 5-fold CV) {ece(cv, y):.3f}"
            f" (old fixed blend {ece(old, y):.3f}); map {maps[name]}"
        )
    if event_cases:
        X = np.array([[c[f] for f in EVENT_MAP] for c in event_cases], dtype=float)
        y = np.array([c["correct"] for c in event_cases], dtype=float)
        b, w = fit_platt(X, y)
        cv = cross_validated(X, y, args.seed)
        maps["event"] = {"bias": round(float(b), 5), "weights": {f: round(float(v), 5) for f, v in zip(EVENT_MAP, w, strict=True)}}
        sure = cv >= 0.9
        scores["event"] = {
            "events": int(len(y)),
            "learned_events": int(sum(c["learned"] for c in event_cases)),
            "accuracy": round(float(y.mean()), 4),
            "ece_cv": round(ece(cv, y), 4),
            "share_at_0.9": round(float(sure.mean()), 4),
            "right_at_0.9": round(float(y[sure].mean()), 4) if sure.any() else None,
        }
        print(f"event          {scores['event']}; map {maps['event']}")
    data = {
        "about": "Platt maps of the coder's confidence (coding/calibration.py); fitted by "
        "scripts/calibrate_confidence.py on the held-out split of data/coding/training/ only "
        "(lexicon_only and event on code_doc's outcomes there, the others on code_pair's)",
        "fitted": date.today().isoformat(),
        "split_seed": args.seed,
        "held_out_pairs": len(cases),
        "held_out_scores": scores,
        "maps": maps,
    }
    cal.parse(data, str(args.out))  # the file we write must load
    args.out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
