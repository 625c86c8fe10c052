"""The learned choice of a pair's type among its candidate readings, with its probability.

`code_pair` has several opinions on the type of a marked pair: the lexicon entry that fired
(after the type's pair readings and the dyad reading of an unrealized event), the entry's own
type before those readings, the other lexicon entries of the trigger's lemma, and the type
model's top types. Each becomes a *reading*; a conditional logit over the readings of a pair

    P(reading) = exp(w . f(reading)) / sum over the pair's readings of exp(w . f(r))

picks the one to report, unless the lexicon's reading is within a margin of it (fitted: the
widest margin that costs at most one point of held-out accuracy, a prior for the hand-written
lexicon on news it was written for). Its features (`features`) say where a reading comes from and how
strong that source is: the model's probability of it, the entry's weight and kind, how
ambiguous the trigger's lemma is in the lexicon, whether the model agrees, the construction
(factuality: negated, planned, hypothetical; reported speech; a purpose clause; a nominal
trigger) and whether a pair rule re-read the event. The reported confidence is a Platt map of
the chosen reading's probability (`confidence`), fitted on held-out folds of our own data.

The weights live in `data/coding/model/arbiter.json`, fitted by `scripts/train_arbiter.py` on
the held-out predictions of a type model that never saw those sentences (never on a benchmark).
Without that file `arbiter()` is None and the coder keeps its hand-set override. Pure Python:
a few dozen multiplications per pair.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ARBITER_PATH = Path(__file__).resolve().parents[1] / "data" / "coding" / "model" / "arbiter.json"
TOP_K = 3  # the model's top types that become readings
LOGIT_CLIP = 6.0


class ArbiterError(ValueError):
    """The arbiter file is malformed."""


@dataclass
class PairEvidence:
    """Every opinion `code_pair` has on one pair's type, in the dyad's reading (an unrealized
    event read as its CAMEO stance: "will release" is AGREE)."""

    lexicon_type: str  # the lexicon's reading of the pair (what the coder reported before)
    own_type: str  # the lexicon entry's own type, before pair and dyad readings
    strength: float  # coder.lexicon_strength of the entry
    weight: float  # the entry's weight
    kind: str  # verb | noun | phrase
    probs: dict[str, float]  # the model's probabilities, read as the dyad reads them
    factuality: str = "realized"
    reported: bool = False  # a reporter ("X said ...") was found
    purpose: bool = False  # a dispatch verb's purpose clause gave the entry
    rule: bool = False  # a pair rule (obligation, pair_readings) changed the type
    entry_types: dict[str, float] = field(default_factory=dict)  # other entries: type -> weight
    ambiguity: int = 1  # distinct types among the lexicon entries of the trigger's lemma
    # the fine-tuned pair encoder's probabilities (coding/pair_encoder.py), empty without it
    enc_probs: dict[str, float] = field(default_factory=dict)

    def top(self) -> str:
        return max(self.probs, key=self.probs.__getitem__)

    def enc_top(self) -> str | None:
        """The pair encoder's most probable type (NONE aside), or None without it."""
        types = [t for t in self.enc_probs if t != "NONE"]
        return max(types, key=lambda t: (self.enc_probs[t], t)) if types else None

    def readings(self) -> list[str]:
        """The candidate types: the lexicon's, the entry's own, the other entries', the
        model's top TOP_K, the pair encoder's top (each once, in that order)."""
        ranked = sorted(self.probs, key=lambda t: (-self.probs[t], t))[:TOP_K]
        enc = [t for t in [self.enc_top()] if t is not None]
        out: list[str] = []
        for t in [self.lexicon_type, self.own_type, *sorted(self.entry_types), *ranked, *enc]:
            if t not in out:
                out.append(t)
        return out

    def to_json(self) -> dict:
        return dict(self.__dict__)


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return max(-LOGIT_CLIP, min(LOGIT_CLIP, math.log(p / (1 - p))))


def features(ev: PairEvidence, t: str) -> dict[str, float]:
    """The named features of reading `t` of the pair."""
    p = ev.probs.get(t, 0.0)
    top = ev.top()
    ranked = sorted(ev.probs, key=lambda x: (-ev.probs[x], x))
    rank = ranked.index(t) + 1 if t in ev.probs else len(ranked) + 1
    f: dict[str, float] = {"m_logit": _logit(p), f"m_logit:{ev.kind}": _logit(p)}
    if ev.enc_probs:
        f["e_logit"] = _logit(ev.enc_probs.get(t, 0.0))
        if t == ev.enc_top():
            f["e_top"] = 1.0
    if ev.factuality != "realized":
        f[f"m_logit:{ev.factuality}"] = _logit(p)
    if t == top:
        f["m_top"] = 1.0
        f[f"m_top={t}"] = 1.0
    elif rank == 2:
        f["m_rank2"] = 1.0
    if t == ev.lexicon_type:
        f |= {
            "lex": 1.0,
            "lex_strength": ev.strength,
            "lex_weight": ev.weight,
            f"lex_kind={ev.kind}": 1.0,
            "lex_ambiguity": math.log(ev.ambiguity),
            f"lex_fact={ev.factuality}": 1.0,
            f"lex_type={t}": 1.0,
            "lex_against": 0.0 if t == top else _logit(ev.probs[top]),
        }
        for name, on in (("lex_agree", t == top), ("lex_reread", t != ev.own_type),
                         ("lex_reported", ev.reported), ("lex_purpose", ev.purpose),
                         ("lex_rule", ev.rule)):
            if on:
                f[name] = 1.0
    else:
        if t == ev.own_type:
            f["own"] = 1.0
        if t in ev.entry_types:
            f["entry"] = 1.0
            f["entry_weight"] = ev.entry_types[t]
    return f


def _dot(w: dict[str, float], f: dict[str, float]) -> float:
    return sum(w.get(k, 0.0) * v for k, v in f.items())


@dataclass(frozen=True)
class Arbiter:
    """The fitted weights, the margin a reading needs over the lexicon's to replace it, and
    the Platt map of the reported reading's probability."""

    weights: dict[str, float]
    platt_bias: float
    platt_weight: float
    margin: float = 0.0  # P(other) must exceed P(lexicon's) by this much to replace it
    platt_kept: float = 0.0  # the map's term for a lexicon reading kept by the margin
    # the arbiter fitted without the pair encoder: it chooses when a pair has no encoder
    # probabilities (no encoder shipped, or the pair could not be marked)
    plain: Arbiter | None = None
    uses_encoder: bool = False  # whether `weights` read the pair encoder

    def probabilities(self, ev: PairEvidence) -> dict[str, float]:
        """P(reading) over the pair's readings."""
        scores = {t: _dot(self.weights, features(ev, t)) for t in ev.readings()}
        m = max(scores.values())
        exp = {t: math.exp(s - m) for t, s in scores.items()}
        z = sum(exp.values())
        return {t: e / z for t, e in exp.items()}

    def confidence(self, p: float, kept: bool = False) -> float:
        """The calibrated probability that a reading given `p` is the right type (`kept`: the
        lexicon's reading, kept although another had more probability)."""
        z = self.platt_bias + self.platt_weight * _logit(p) + (self.platt_kept if kept else 0.0)
        return 1.0 / (1.0 + math.exp(-z))

    def choose(self, ev: PairEvidence) -> tuple[str, float]:
        """The reading to report and its calibrated confidence: the most probable one, unless
        the lexicon's is within `margin` of it."""
        if self.plain is not None and not ev.enc_probs:
            return self.plain.choose(ev)
        probs = self.probabilities(ev)
        best = max(probs, key=lambda t: (probs[t], t == ev.lexicon_type))
        kept = best != ev.lexicon_type and probs[best] < probs[ev.lexicon_type] + self.margin
        if kept:
            best = ev.lexicon_type
        return best, self.confidence(probs[best], kept)


def parse(data: dict, where: str) -> Arbiter:
    try:
        weights = {str(k): float(v) for k, v in data["weights"].items()}
        platt = data["platt"]
        plain = parse(data["no_encoder"], f"{where} (no_encoder)") if "no_encoder" in data else None
        return Arbiter(weights, float(platt["bias"]), float(platt["weight"]),
                       float(data.get("margin", 0.0)), float(platt.get("kept", 0.0)), plain,
                       any(k.startswith("e_") for k in weights))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ArbiterError(f"{where}: not an arbiter file ({exc})") from exc


@lru_cache(maxsize=1)
def arbiter(path: Path = ARBITER_PATH) -> Arbiter | None:
    """The shipped arbiter, or None when it has not been fitted (scripts/train_arbiter.py)."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ArbiterError(f"{path}: unreadable ({exc})") from exc
    return parse(data, str(path))
