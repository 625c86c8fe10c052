"""Fine-tune all-MiniLM-L6-v2 as a pair model (coding/pair_encoder.py) on our training rows.

    pip install -r requirements-train.txt        # torch, for training only (make train-encoder)
    python scripts/train_pair_encoder.py [--per-label 800] [--stop-after N] [--top 3] [--seed 7]

Every two-sided row of data/coding/training/ becomes an example: the sentence with the pair's
entity markers, labelled with the PLOVER type in the dyad's reading (code_pair's convention:
calibrate_confidence.pair_convention) or NONE. Whole files are held out (train_arbiter's
`held_out_file`: a fixed hash of the file name, stable when files are added), so that the arbiter
can be fitted on the encoder's predictions for pairs it never saw. From the other files a subset
balanced by label (at most `--per-label` rows each, fixed seed) is trained for one epoch or until
`--stop-after` steps: the embeddings and the lower layers stay frozen, the top `--top` layers and a
linear head over [CLS] + the two start markers are trained (AdamW, linear decay, 2 threads).

Writes data/coding/model/pair_encoder.npz (the top layers and head, fp16) and
pair_encoder.metrics.json beside it (seed, files, held-out figures, a few reference logits that
tests/test_pair_encoder.py checks the numpy forward against). Never reads a benchmark.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from torch import nn

from eventwatch.coding import model as type_model
from eventwatch.coding.encoder import Encoder, model_dir, read_safetensors
from eventwatch.coding.pair_encoder import MAX_TOKENS, PAIR_ENCODER_PATH, PairEncoder, mark

sys.path.insert(0, str(Path(__file__).resolve().parent))
from siblings import script  # noqa: E402

_HEADS = 12


class Layer(nn.Module):
    """One BERT layer, the weights laid out as coding/encoder.py's numpy tuple."""

    def __init__(self, t: tuple[np.ndarray, ...]) -> None:
        super().__init__()
        self.p = nn.ParameterList([nn.Parameter(torch.tensor(np.array(a, dtype=np.float32))) for a in t])

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        qkv_w, qkv_b, ow, ob, l1w, l1b, iw, ib, o2w, o2b, l2w, l2b = self.p
        n, L, d = x.shape
        hd = d // _HEADS
        qkv = (x @ qkv_w + qkv_b).reshape(n, L, 3, _HEADS, hd).permute(2, 0, 3, 1, 4)
        s = (qkv[0] @ qkv[1].transpose(-1, -2)) / math.sqrt(hd) + bias
        ctx = (s.softmax(-1) @ qkv[2]).transpose(1, 2).reshape(n, L, d)
        x = nn.functional.layer_norm(x + ctx @ ow + ob, (d,), l1w, l1b, eps=1e-12)
        h = nn.functional.gelu(x @ iw + ib)
        return nn.functional.layer_norm(x + h @ o2w + o2b, (d,), l2w, l2b, eps=1e-12)


class PairModel(nn.Module):
    def __init__(self, enc: Encoder, n_top: int, n_labels: int) -> None:
        super().__init__()
        self.word = torch.tensor(enc.word)
        self.pos = torch.tensor(enc.pos)
        self.type0 = torch.tensor(enc.type0)
        self.emb_ln = tuple(torch.tensor(a) for a in enc.emb_ln)
        self.frozen = len(enc.layers) - n_top
        self.layers = nn.ModuleList([Layer(t) for t in enc.layers])
        for k in range(self.frozen):
            self.layers[k].requires_grad_(False)
        self.head = nn.Linear(3 * enc.dim, n_labels)
        nn.init.normal_(self.head.weight, std=0.02)
        nn.init.zeros_(self.head.bias)
        self.drop = nn.Dropout(0.1)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor, ps: torch.Tensor, pt: torch.Tensor) -> torch.Tensor:
        L = ids.shape[1]
        bias = ((1.0 - mask) * -1e9)[:, None, None, :]
        with torch.no_grad():
            x = self.word[ids] + self.pos[:L][None] + self.type0
            x = nn.functional.layer_norm(x, (x.shape[-1],), *self.emb_ln, eps=1e-12)
            for k in range(self.frozen):
                x = self.layers[k](x, bias)
        for k in range(self.frozen, len(self.layers)):
            x = self.layers[k](x, bias)
        rows = torch.arange(len(ids))
        feats = torch.cat([x[:, 0], x[rows, ps], x[rows, pt]], dim=1)
        return self.head(self.drop(feats))


def examples(rows: list[dict], tok, convention) -> list[tuple[list[int], int, int, str, dict]]:
    out = []
    for r in rows:
        if not r.get("source") or not r.get("target"):
            continue
        m = mark(tok, r["sentence"], r["source"], r["target"])
        if m is None:
            continue
        label = r["event_type"] if r["event_type"] == type_model.NONE else convention(
            r["event_type"], r.get("factuality", "realized"))
        out.append((m[0], m[1], m[2], label, r))
    return out


def batch(items: list, labels: list[str]) -> tuple[torch.Tensor, ...]:
    L = max(len(e[0]) for e in items)
    ids = torch.zeros((len(items), L), dtype=torch.long)
    mask = torch.zeros((len(items), L))
    for r, e in enumerate(items):
        ids[r, : len(e[0])] = torch.tensor(e[0])
        mask[r, : len(e[0])] = 1.0
    ps = torch.tensor([e[1] for e in items])
    pt = torch.tensor([e[2] for e in items])
    y = torch.tensor([labels.index(e[3]) for e in items])
    return ids, mask, ps, pt, y


def predict(model: PairModel, items: list, labels: list[str], bs: int = 64) -> np.ndarray:
    model.eval()
    out = []
    order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
    with torch.no_grad():
        for b in range(0, len(order), bs):
            chunk = [items[i] for i in order[b : b + bs]]
            ids, mask, ps, pt, _ = batch(chunk, labels)
            out.append(model(ids, mask, ps, pt).numpy())
    z = np.concatenate(out) if out else np.zeros((0, len(labels)))
    res = np.zeros_like(z)
    res[order] = z
    return res


def macro_f1(gold: list[str], pred: list[str], labels: list[str]) -> float:
    f1s = []
    for lab in labels:
        tp = sum(g == p == lab for g, p in zip(gold, pred, strict=True))
        fp = sum(p == lab != g for g, p in zip(gold, pred, strict=True))
        fn = sum(g == lab != p for g, p in zip(gold, pred, strict=True))
        if tp + fp + fn:
            f1s.append(2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f1s)) if f1s else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=PAIR_ENCODER_PATH)
    ap.add_argument("--data", type=Path, default=type_model.TRAINING_DIR)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--top", type=int, default=3, help="top layers fine-tuned (the rest frozen)")
    ap.add_argument("--per-label", type=int, default=800, help="training rows per label at most")
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--minutes", type=float, default=0.0,
                    help="wall-clock budget of the training loop (0: none; a budget makes the "
                    "result depend on the machine: the metrics file records the steps done)")
    ap.add_argument("--stop-after", type=int, default=0,
                    help="stop after this many steps (the schedule still spans the epoch): "
                    "reproduces a run that a --minutes budget cut short")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--head-lr", type=float, default=2e-3)
    ap.add_argument("--held-eval", type=int, default=2500, help="held-out examples scored at most")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(args.seed)
    ta = script("train_arbiter")
    cc = script("calibrate_confidence")
    labels = list(type_model.LABELS)
    enc = Encoder.load()
    files = ta.file_of_sentence(args.data)
    rows = type_model.load_training_rows(args.data)
    items = examples(rows, enc.tok, cc.pair_convention)
    held = np.array([ta.held_out_file(files[e[4]["sentence"]]) for e in items])
    train = [items[i] for i in np.flatnonzero(~held)]
    test = [items[i] for i in np.flatnonzero(held)]
    by_label: dict[str, list[int]] = {}
    for i, e in enumerate(train):
        by_label.setdefault(e[3], []).append(i)
    pick: list[int] = []
    for lab in sorted(by_label):
        idx = by_label[lab]
        pick += [idx[j] for j in rng.permutation(len(idx))[: args.per_label]]
    pick = [pick[j] for j in rng.permutation(len(pick))]
    train_set = [train[i] for i in pick]
    steps = max(1, int(args.epochs * len(train_set) / args.batch))
    print(f"{len(items)} marked pairs; {len(train)} in training files, {len(test)} held out "
          f"({int(held.sum() and len({files[e[4]['sentence']] for e in test}))} files); training on "
          f"{len(train_set)} ({dict(sorted(Counter(e[3] for e in train_set).items()))}), {steps} steps", flush=True)

    model = PairModel(enc, args.top, len(labels))
    body = [p for k in range(model.frozen, len(model.layers)) for p in model.layers[k].parameters()]
    opt = torch.optim.AdamW([{"params": body, "lr": args.lr},
                             {"params": model.head.parameters(), "lr": args.head_lr}], weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) * max(0.0, 1 - s / steps))
    t0 = time.time()
    done = 0
    model.train()
    for step in range(steps):
        chunk = train_set[(step * args.batch) % len(train_set) :][: args.batch]
        ids, mask, ps, pt, y = batch(chunk, labels)
        loss = nn.functional.cross_entropy(model(ids, mask, ps, pt), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        done = step + 1
        if step % 20 == 0:
            print(f"  step {step}/{steps} loss {loss.item():.3f} {time.time() - t0:.0f}s", flush=True)
        if args.stop_after and done >= args.stop_after:
            break
        if args.minutes and time.time() - t0 > 60 * args.minutes:
            print(f"  time budget spent after {done} steps", flush=True)
            break
    train_s = time.time() - t0

    # held-out files: a fixed sample, scored with the torch model
    sample = [test[i] for i in sorted(rng.permutation(len(test))[: args.held_eval])]
    z = predict(model, sample, labels)
    pred = [labels[int(k)] for k in z.argmax(1)]
    gold = [e[3] for e in sample]
    ev = [i for i, g in enumerate(gold) if g != type_model.NONE]
    noneless = z[:, : labels.index(type_model.NONE)].argmax(1)
    root = script("train_arbiter")._root
    held_scores = {
        "examples": len(sample),
        "accuracy": round(float(np.mean([p == g for p, g in zip(pred, gold, strict=True)])), 4),
        "macro_f1_with_none": round(macro_f1(gold, pred, labels), 4),
        "event_pairs": len(ev),
        "event_root_macro_f1_type_only": round(macro_f1(
            [root(gold[i]) for i in ev], [root(labels[int(noneless[i])]) for i in ev],
            sorted({root(x) for x in labels[:-1]})), 4),
        "event_root_accuracy_type_only": round(float(np.mean(
            [root(gold[i]) == root(labels[int(noneless[i])]) for i in ev])), 4),
    }
    print("held-out files:", held_scores, flush=True)

    shipped: dict[str, np.ndarray] = {"n_top": np.array(args.top), "labels": np.array(json.dumps(labels))}
    for k in range(model.frozen, len(model.layers)):
        for j, p in enumerate(model.layers[k].p):
            shipped[f"layer{k}.{j}"] = p.detach().numpy().astype(np.float16)
    shipped["head.weight"] = model.head.weight.detach().numpy().T.astype(np.float16)
    shipped["head.bias"] = model.head.bias.detach().numpy().astype(np.float16)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, **shipped)

    # reference logits: the shipped (fp16) weights through the numpy forward, for the test
    ref_pairs = [(e[4]["sentence"], e[4]["source"], e[4]["target"]) for e in sample[:3]]
    pe = PairEncoder.load(args.out, enc)
    with torch.no_grad():  # the torch model on the fp16-rounded weights it ships
        for k in range(model.frozen, len(model.layers)):
            for j, p in enumerate(model.layers[k].p):
                p.copy_(torch.tensor(shipped[f"layer{k}.{j}"].astype(np.float32)))
        model.head.weight.copy_(torch.tensor(shipped["head.weight"].astype(np.float32).T))
        model.head.bias.copy_(torch.tensor(shipped["head.bias"].astype(np.float32)))
    torch_ref = predict(model, [e for e in sample[:3]], labels)
    ref = []
    for s, src, tgt in ref_pairs:
        m = mark(enc.tok, s, src, tgt)
        assert m is not None
        ids = np.array([m[0]])
        zz = pe.logits_of(ids, np.ones_like(ids, dtype=np.float32), np.array([m[1]]), np.array([m[2]]))
        tz = torch_ref[len(ref)]
        assert np.allclose(zz[0], tz, atol=1e-3), (zz[0], tz)  # numpy forward == torch forward
        ref.append({"sentence": s, "source": src, "target": tgt,
                    "logits": [round(float(v), 4) for v in tz]})
    metrics = {
        "about": "fine-tuned all-MiniLM-L6-v2 pair model (coding/pair_encoder.py), trained by "
        "scripts/train_pair_encoder.py on data/coding/training/ only (held-out files never trained on)",
        "base_model": str(model_dir().parent.name),
        "torch": torch.__version__,
        "seed": args.seed,
        "top_layers_trained": args.top,
        "max_tokens": MAX_TOKENS,
        "per_label": args.per_label,
        "train_examples": len(train_set),
        "steps_done": done,
        "steps_planned": steps,
        "batch": args.batch,
        "lr": args.lr,
        "head_lr": args.head_lr,
        "train_seconds": round(train_s),
        "threads": args.threads,
        "training_files": sorted({files[e[4]["sentence"]] for e in train}),
        "held_out_files": sorted({files[e[4]["sentence"]] for e in test}),
        "held_out": held_scores,
        "reference_logits": ref,
        "size_bytes": args.out.stat().st_size,
    }
    args.out.with_name("pair_encoder.metrics.json").write_text(json.dumps(metrics, indent=1) + "\n")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) in {time.time() - t0:.0f}s")
    _ = read_safetensors  # the base weights are read through Encoder.load
    return 0


if __name__ == "__main__":
    sys.exit(main())
