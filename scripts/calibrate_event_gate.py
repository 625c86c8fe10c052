"""Fit the event/no-event gate's thresholds on held-out splits of our own sentences.

    .venv/bin/python scripts/calibrate_event_gate.py [--out PATH] [--seed 13] [--folds 1]
        [--beta-lexicon 2] [--beta-learned 0.3] [--cases FILE] [--from-cases FILE]

The coder keeps a candidate pair (a lexicon candidate, a learned pair, a one-sided event)
when the type model's P(event) = 1 - P(NONE) reaches a threshold (coding/gate.py). Here the
thresholds are chosen on data: for each held-out split (stratified by label, whole sentences
held out; fold k uses seed + k, the first is train_type_model.py's own split), a type model is
trained on the rest (same settings as the shipped one), every held-out row (events and NONE
hard negatives alike) is scored with it, and each row is sorted into the kind of candidate the
coder would meet it as:

- `sure`: a lexicon candidate links the pair with both sides and a strong entry;
- `unsure`: a lexicon candidate links it, but weakly (an entry below 0.8);
- `learned`: two actors that no lexicon candidate links (coding/learned.py);
- `one_sided`: a doer with no target actor (target null);
- `target_only`: a target with the doer unnamed (source null: "X was arrested") that no
  lexicon reading holds (a doerless lexicon reading counts as `sure` or `unsure`);
- `complete` (a second case of the same row, scored with the trigger): a lexicon candidate
  holds the row's source as its doer, has no target actor and governs the row's target, so
  coding/learned.complete_target would weigh that mention as the event's target; its beta is
  1 (a wrong target costs as much as a missing one);

and by its actor's political level (gate.political_level with the document resolver):
`placed` (2) or `weak` (1); level 0 rows are no candidates and are left out. The threshold of
a cell maximises F-beta of event vs NONE on its rows; a cell with fewer than 20 rows of
either class takes its kind's pooled threshold (a `weak` cell: that of all unplaced-actor
cases), a kind without enough rows the threshold of all cases at its beta. The beta states what an error costs, not a number tuned on a
benchmark: 2 for the lexicon's readings (a trigger word is evidence of its own; a missed
event costs more than a false one; it gives back the old hand-set 0.2 for sure readings),
the learned beta for pairs no trigger word backs (learned pairs, doerless targets) and for
every cell of actors the resolver does not place (`weak`: an unplaced name is no sign of
politics, and news outside politics is full of them). Never reads a benchmark. Writes coding/event_gate.json (read by coding/gate.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from eventwatch.coding import gate
from eventwatch.coding import model as type_model
from eventwatch.coding.model import NONE, TypeModel

sys.path.insert(0, str(Path(__file__).resolve().parent))
from siblings import script  # noqa: E402

MIN_CLASS = 20  # rows of each class a cell needs for a threshold of its own
GRID = [round(x, 2) for x in np.arange(0.05, 0.96, 0.01)]


def _overlap(a: Any, b: Any) -> bool:
    return a is not None and b is not None and a.start < b.end and b.start < a.end


def row_kind(doc: Any, row: dict, src: Any, tgt: Any) -> str:
    """The kind of candidate a labelled pair would reach the gate as (see the module doc)."""
    from eventwatch.coding.candidates import candidates, segments
    from eventwatch.coding.coder import _uncertain

    if tgt is None:
        return "one_sided"
    for sent in segments(doc):
        for cand in candidates(sent):
            s = cand.source[0] if cand.source else None
            t = cand.target[0] if cand.target else None
            if src is None and s is None and _overlap(t, tgt):
                return "unsure" if cand.entry.weight < 0.8 else "sure"  # a doerless reading
            if (_overlap(s, src) and _overlap(t, tgt)) or (_overlap(s, tgt) and _overlap(t, src)):
                return "unsure" if _uncertain(cand) else "sure"
    return "target_only" if src is None else "learned"


def completion_trigger(doc: Any, src: Any, tgt: Any, actor_of: Any) -> Any:
    """The trigger of a lexicon candidate that holds `src` as its doer, has no target actor
    and governs `tgt` (the case coding/learned.complete_target meets), or None."""
    from eventwatch.coding.candidates import candidates, segments

    def test(span: Any) -> bool:
        return actor_of(span) is not None

    for sent in segments(doc):
        for cand in candidates(sent, actor_test=test):
            if not cand.source or not _overlap(cand.source[0], src):
                continue
            if any(gate.political_level(t, actor_of) for t in cand.target):
                continue
            pred = cand.verb if cand.verb is not None else cand.trigger
            if any(a.i == pred.i for a in tgt.root.ancestors):
                return cand.trigger
    return None


def score_rows(rows: list[dict], model_path: Path) -> list[dict]:
    """P(event), kind and level of each held-out row under the held-out model."""
    from eventwatch.actors.coref import DocActors

    tt = script("train_type_model")
    heldout = TypeModel(model_path)
    saved = type_model.load_model
    type_model.load_model = lambda path=None: heldout  # score_types reads this global
    docs = tt.parse_sentences(sorted({r["sentence"] for r in rows}), True)
    out = []
    try:
        for r in rows:
            doc = docs[r["sentence"]]
            sentence = r["sentence"]
            if r.get("source") and r.get("target"):
                spans = type_model.char_spans(doc, sentence, r["source"], r["target"])
                if spans is None:
                    continue
                src, tgt = spans
            else:
                src = type_model.span_of(doc, sentence, r["source"]) if r.get("source") else None
                tgt = type_model.span_of(doc, sentence, r["target"]) if r.get("target") else None
                if src is None and tgt is None:
                    continue
            probs = type_model.score_types(doc[:], None, src, tgt, with_none=True)
            if not probs or NONE not in probs:
                continue
            resolver = DocActors(doc, None)
            level = gate.political_level(src if src is not None else tgt, resolver.actor_for)
            if level == 1 and src is not None and tgt is not None:
                # two names the resolver does not place: no candidate at run time
                level = level if gate.political_level(tgt, resolver.actor_for) == 2 else 0
            if level == 0:
                continue  # no candidate at run time: the gate never sees it
            out.append({
                "kind": row_kind(doc, r, src, tgt),
                "level": "placed" if level >= 2 else "weak",
                "p_event": 1.0 - probs[NONE],
                "event": r["event_type"] != NONE,
            })
            trigger = None
            if src is not None and tgt is not None and gate.political_level(src, resolver.actor_for):
                trigger = completion_trigger(doc, src, tgt, resolver.actor_for)
            if trigger is not None:
                # the same pair met as the target a kept one-sided lexicon event may take
                cprobs = type_model.score_types(trigger.sent, trigger, src, tgt, with_none=True)
                if cprobs and NONE in cprobs:
                    out.append({
                        "kind": "complete",
                        "level": out[-1]["level"],
                        "p_event": 1.0 - cprobs[NONE],
                        "event": r["event_type"] != NONE,
                    })
    finally:
        type_model.load_model = saved
    return out


def best_threshold(cases: list[dict], beta: float) -> tuple[float, float] | None:
    """(threshold, F-beta) that maximises F-beta of event vs NONE, or None with too few cases."""
    pos = sum(c["event"] for c in cases)
    if pos < MIN_CLASS or len(cases) - pos < MIN_CLASS:
        return None
    p = np.array([c["p_event"] for c in cases])
    y = np.array([c["event"] for c in cases])
    best = (0.5, -1.0)
    for t in GRID:
        said = p >= t
        tp = float((said & y).sum())
        prec = tp / max(1.0, float(said.sum()))
        rec = tp / max(1.0, float(y.sum()))
        b2 = beta * beta
        f = (1 + b2) * prec * rec / max(1e-9, b2 * prec + rec)
        if f > best[1] + 1e-9:
            best = (t, f)
    return best


def fit(cases: list[dict], betas: dict[str, float]) -> dict[str, Any]:
    """The thresholds per kind and level, with the counts and scores behind them; each kind
    maximises F-beta with its own beta (`betas`, "all" for the overall fallback)."""
    overall = best_threshold(cases, betas["all"])
    thresholds: dict[str, float] = {"all": overall[0] if overall else 0.5}
    report: dict[str, Any] = {}
    for kind in gate.KINDS:
        beta = betas[kind]
        rows = [c for c in cases if c["kind"] == kind]
        pooled = best_threshold(rows, beta) or best_threshold(cases, beta)
        if pooled is not None:
            thresholds[kind] = pooled[0]
        for level in ("placed", "weak"):
            cell = [c for c in rows if c["level"] == level]
            got = best_threshold(cell, beta if level == "placed" else betas["weak"])
            key = f"{kind}/{level}"
            if got is None and level == "weak":
                # too few rows of this kind with an unplaced actor: all unplaced-actor cases
                got = best_threshold([c for c in cases if c["level"] == "weak"], betas["weak"])
            if got is not None:
                thresholds[key] = got[0]
            report[key] = {
                "events": sum(c["event"] for c in cell),
                "none": sum(not c["event"] for c in cell),
                "f_beta": None if got is None else round(got[1], 4),
            }
    return {"thresholds": thresholds, "cells": report}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=gate.GATE_PATH)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--folds", type=int, default=1, help="held-out splits (seed, seed+1, ...)")
    ap.add_argument("--beta-lexicon", type=float, default=2.0,
                    help="F-beta of the lexicon's readings (sure, unsure, one_sided): a trigger "
                    "word is evidence of its own, so a miss costs more than a false alarm")
    ap.add_argument("--beta-learned", type=float, default=0.3,
                    help="F-beta of pairs with no trigger word behind them (learned, "
                    "target_only): a false alarm costs more than a miss")
    ap.add_argument("--beta-weak", type=float, default=None,
                    help="F-beta of the cells of actors the resolver does not place (default: "
                    "the learned beta)")
    ap.add_argument("--l2", type=float, default=1e-4)
    ap.add_argument("--epochs", type=int, default=300)
    ap.add_argument("--cases", type=Path, help="also write the scored cases (JSON lines) here")
    ap.add_argument("--from-cases", type=Path,
                    help="fit on the cases a former run wrote with --cases (no training)")
    args = ap.parse_args(argv)
    cases: list[dict] = []
    if args.from_cases:
        lines = args.from_cases.read_text(encoding="utf-8").splitlines()
        cases = [json.loads(line) for line in lines if line.strip()]
    else:
        cc = script("calibrate_confidence")
        with tempfile.TemporaryDirectory() as tmp:
            for k in range(args.folds):
                rows, path = cc.held_out_model(args.seed + k, args.l2, args.epochs, Path(tmp))
                got = score_rows(rows, path)
                print(f"fold {k}: {len(rows)} held-out rows, {len(got)} scored", flush=True)
                cases.extend(got)
    if args.cases:
        args.cases.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    lex, learn = args.beta_lexicon, args.beta_learned
    betas = {"sure": lex, "unsure": lex, "one_sided": lex, "learned": learn,
             "target_only": learn, "complete": 1.0,
             "weak": learn if args.beta_weak is None else args.beta_weak, "all": 1.0}
    fitted = fit(cases, betas)
    out = {
        "fitted": date.today().isoformat(),
        "script": "scripts/calibrate_event_gate.py",
        "seed": args.seed,
        "folds": args.folds,
        "betas": betas,
        "cases": len(cases),
        **fitted,
    }
    args.out.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    for key, val in sorted(fitted["thresholds"].items()):
        cell = fitted["cells"].get(key, {})
        print(f"  {key:22s} {val:.2f}  {cell}")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
