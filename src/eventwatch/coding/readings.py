"""The dyad readings of unrealized events (plover.yaml `unrealized`): "will release" is the
source AGREEing to it, "refused to meet" a REJECT, "will strike" a THREAT. Shared by the
lexicon coder, the learned candidates and the calibration script."""

from __future__ import annotations

from eventwatch.coding.model import NONE
from eventwatch.coding.ontology import Reading, ontology


def unrealized_reading(event_type: str, factuality: str) -> Reading | None:
    """The type's reading of an event with this factuality (plover.yaml `unrealized`)."""
    et = ontology().types.get(event_type)
    return None if et is None else et.unrealized.get(factuality)


def read_as_dyad(types: dict[str, float], factuality: str) -> dict[str, float]:
    """The model's type probabilities as probabilities of the dyad reading (`dyad_reading`)
    under `factuality`: "will release" and "will withdraw" both read as AGREE, so the model's
    probability of AGREE is the sum of theirs; a type without a reading keeps its own."""
    out: dict[str, float] = {}
    for t, p in types.items():
        reading = dyad_reading(t, factuality) if t != NONE else None
        key = reading[0] if reading is not None else t
        out[key] = out.get(key, 0.0) + p
    return out


def dyad_reading(event_type: str, factuality: str) -> tuple[str, str | None, str] | None:
    """The CAMEO-style reading of an unrealized event between a dyad, which is how PLV and
    CAMEO code a sentence: a promised cooperative act ("will release", "is willing to
    withdraw") is the source AGREEing to it; a refused one ("refused to meet", "will not
    lift") is the source REJECTing it; a forceful act announced but not done ("will strike")
    is a THREAT. Returns (type, mode, CAMEO code) or None to keep the event's own type."""
    r = unrealized_reading(event_type, factuality)
    return None if r is None else (r.type, r.mode, r.cameo)
