"""One calibrated confidence for a coded event: the probability that its type is right.

The coder has up to two opinions on an event's type: the lexicon entry that fired (its
strength: the entry's weight, raised when both sides were found, lowered when one is
missing; and how specific its kind is: a phrase more than a verb, a verb more than a noun)
and, when it was consulted, the type model's probability of the chosen type. A small
logistic (Platt) map turns them into one probability:

    confidence = sigmoid(bias + w_lex * lexicon + w_spec * specific
                         + w_model * logit(p_model) + w_agree * agree)

where `agree` is 1 when the model's own top type is the chosen one. Three maps, by which
opinions there are: `lexicon_model` (both), `lexicon_only` (the model was not asked, as in
`code_doc` when the lexicon is sure) and `model_only` (no lexicon trigger, or the model
overruled a weak one). Every weight is >= 0, so the confidence never falls when an opinion
gets stronger (the fitting script keeps each weight at least 0.001, so it rises).

The parameters live in `data/coding/model/confidence.json`, fitted by
`scripts/calibrate_confidence.py` on the held-out 15 % of the project's own training
sentences (scored by a type model trained without them); never on a benchmark. Applying a
map is a handful of float operations: no numpy, no extra model call.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

CALIBRATION_PATH = Path(__file__).resolve().parents[1] / "data" / "coding" / "model" / "confidence.json"
MAPS: dict[str, tuple[str, ...]] = {
    "lexicon_model": ("lexicon", "specific", "model_logit", "agree"),
    # lexicon strength only: code_doc ranks a sentence's sure readings by confidence (the pipeline
    # keeps the most confident of a dyad's duplicates), and that ranking must stay the lexicon's
    "lexicon_only": ("lexicon",),
    "model_only": ("model_logit",),
}
# code_doc's events: the probability that the event is right (there is an event between these
# actors, in this direction, of this type), from every opinion at once; optional in the file
EVENT_MAP: tuple[str, ...] = ("lexicon", "specific", "type_logit", "agree", "event_logit")
OPTIONAL_MAPS: dict[str, tuple[str, ...]] = {"event": EVENT_MAP}
LOGIT_CLIP = 6.0  # |logit(p)| is capped: p of 0.0025 and 0.9975 are as far as the map reads
SPECIFICITY = {"phrase": 1.0, "verb": 0.5, "noun": 0.0}  # how specific a lexicon entry's kind is
NO_EVIDENCE = 0.05  # neither lexicon nor model had an opinion (the fallback type): not fitted


class CalibrationError(ValueError):
    """The calibration file is missing a map, has an unknown feature or a negative weight."""


@dataclass(frozen=True)
class PlattMap:
    """sigmoid(bias + sum(weight * feature)) over named features, all weights >= 0."""

    bias: float
    weights: dict[str, float]

    def __call__(self, features: dict[str, float]) -> float:
        z = self.bias
        for name, w in self.weights.items():
            z += w * features.get(name, 0.0)
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)


@dataclass(frozen=True)
class Calibration:
    maps: dict[str, PlattMap]
    meta: dict[str, Any]

    def confidence(
        self, lexicon: float | None, p_model: float | None, agree: bool = False, kind: str | None = None
    ) -> float:
        """The probability that the chosen type is right, from the lexicon strength (None when
        no lexicon entry chose the type) and its entry's kind (verb, noun, phrase), the
        model's probability of the chosen type (None when the model was not asked) and
        whether the chosen type is the model's own top type."""
        if lexicon is None and p_model is None:
            return NO_EVIDENCE
        feats: dict[str, float] = {"agree": 1.0 if agree else 0.0}
        if lexicon is not None:
            feats["lexicon"] = min(1.0, max(0.0, float(lexicon)))
            feats["specific"] = SPECIFICITY.get(kind or "", 0.5)
        if p_model is not None:
            feats["model_logit"] = model_logit(p_model)
        if lexicon is None:
            name = "model_only"
        else:
            name = "lexicon_only" if p_model is None else "lexicon_model"
        return min(1.0, max(0.0, self.maps[name](feats)))


    def event_confidence(
        self,
        lexicon: float | None,
        kind: str | None,
        p_type: float | None,
        agree: bool,
        p_event: float | None,
    ) -> float:
        """The probability that a coded event is right (an event between its actors, of its
        type): the `event` map over the lexicon's strength and kind (0 when no lexicon entry
        chose the type), the model's probability of the type given an event, whether it is
        the model's top type, and the model's probability that the pair is an event. Without
        an `event` map or a model opinion: the type confidence alone."""
        event_map = self.maps.get("event")
        if event_map is None or p_type is None or p_event is None:
            return self.confidence(lexicon, p_type, agree, kind)
        feats = {
            "lexicon": min(1.0, max(0.0, float(lexicon))) if lexicon is not None else 0.0,
            "specific": SPECIFICITY.get(kind or "", 0.5) if lexicon is not None else 0.0,
            "type_logit": model_logit(p_type),
            "agree": 1.0 if agree else 0.0,
            "event_logit": model_logit(p_event),
        }
        return min(1.0, max(0.0, event_map(feats)))


def model_logit(p: float) -> float:
    """logit(p), capped at +-LOGIT_CLIP."""
    p = min(1.0, max(0.0, float(p)))
    if p <= 0.0:
        return -LOGIT_CLIP
    if p >= 1.0:
        return LOGIT_CLIP
    return max(-LOGIT_CLIP, min(LOGIT_CLIP, math.log(p / (1.0 - p))))


def parse(data: Any, where: str) -> Calibration:
    """Check the decoded calibration file and build its maps; raise CalibrationError naming
    `where` and the problem."""
    if not isinstance(data, dict) or not isinstance(data.get("maps"), dict):
        raise CalibrationError(f"{where}: expected an object with a `maps` object")
    maps: dict[str, PlattMap] = {}
    for name, allowed in {**MAPS, **OPTIONAL_MAPS}.items():
        raw = data["maps"].get(name)
        if raw is None and name in OPTIONAL_MAPS:
            continue
        if not isinstance(raw, dict):
            raise CalibrationError(f"{where}: map {name!r} is missing")
        bias = raw.get("bias")
        weights = raw.get("weights")
        if not isinstance(bias, (int, float)) or not isinstance(weights, dict):
            raise CalibrationError(f"{where}: map {name!r} needs a number `bias` and a `weights` object")
        unknown = set(weights) - set(allowed)
        if unknown:
            raise CalibrationError(f"{where}: map {name!r} has unknown features {sorted(unknown)}")
        for feat, w in weights.items():
            if not isinstance(w, (int, float)) or not math.isfinite(w) or w < 0:
                raise CalibrationError(
                    f"{where}: map {name!r} weight of {feat!r} must be a finite number >= 0 (monotone), got {w!r}"
                )
        if not math.isfinite(bias):
            raise CalibrationError(f"{where}: map {name!r} bias must be finite")
        maps[name] = PlattMap(float(bias), {k: float(v) for k, v in weights.items()})
    meta = {k: v for k, v in data.items() if k != "maps"}
    return Calibration(maps, meta)


def load(path: Path = CALIBRATION_PATH) -> Calibration:
    """Read and check a calibration file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CalibrationError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    except json.JSONDecodeError as exc:
        raise CalibrationError(f"{path}: not JSON ({exc})") from exc
    return parse(data, str(path))


@lru_cache(maxsize=1)
def calibration() -> Calibration:
    """The shipped calibration map, loaded and checked once per process."""
    return load()
