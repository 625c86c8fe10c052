"""The PLOVER ontology and CAMEO codes, read from data/coding/ and checked once per process.

- `plover.yaml`: the 16 event types with side, quad class, default CAMEO code, modes, and the
  list of contexts.
- `cameo.tsv`: CAMEO root and three-digit codes with quad class and Goldstein value.
- `plover_cameo.tsv`: the CAMEO -> PLOVER mapping (type and mode per code).

`ontology()` returns the loaded `Ontology`; a malformed file raises `OntologyError` naming the
file and the problem.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from eventwatch import resources

DATA = Path(__file__).resolve().parents[1] / "data" / "coding"

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)


class OntologyError(ValueError):
    """A coding data file is malformed."""


@dataclass(frozen=True)
class EventType:
    name: str
    side: str
    quad_class: int
    default_cameo: str
    description: str
    modes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CameoCode:
    code: str
    name: str
    quad_class: int
    goldstein: float


@dataclass(frozen=True)
class Ontology:
    types: dict[str, EventType]
    contexts: dict[str, str]
    cameo: dict[str, CameoCode]
    cameo_to_plover: dict[str, tuple[str, str | None] | None]

    def quad_class(self, event_type: str) -> int:
        return self.types[event_type].quad_class

    def goldstein(self, code: str | None) -> float | None:
        c = self.cameo.get(code or "")
        return c.goldstein if c else None

    def plover_for_cameo(self, code: str) -> tuple[str, str | None] | None:
        """PLOVER (type, mode) for a CAMEO code; a 4-digit code falls back to its 3-digit parent."""
        for k in (code, code[:3], code[:2]):
            if k in self.cameo_to_plover:
                return self.cameo_to_plover[k]  # None: a code with no PLOVER event
        return None


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def load(data_dir: Path = DATA) -> Ontology:
    """Read and check the ontology files in `data_dir`."""
    path = data_dir / "plover.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(doc, dict) or "event_types" not in doc or "contexts" not in doc:
        raise OntologyError(f"{path}: needs `event_types` and `contexts`")
    cameo: dict[str, CameoCode] = {}
    cpath = data_dir / "cameo.tsv"
    for i, row in enumerate(_rows(cpath), start=2):
        code = (row.get("code") or "").strip()
        try:
            qc, gs = int(row["quad_class"]), float(row["goldstein"])
        except (KeyError, TypeError, ValueError) as exc:
            raise OntologyError(f"{cpath}: row {i} ({code!r}): bad quad_class/goldstein") from exc
        if not code.isdigit() or len(code) not in (2, 3) or qc not in (1, 2, 3, 4):
            raise OntologyError(f"{cpath}: row {i}: bad code {code!r} or quad class {qc}")
        if not -10.0 <= gs <= 10.0:
            raise OntologyError(f"{cpath}: row {i}: Goldstein {gs} outside -10..10")
        cameo[code] = CameoCode(code, row["name"].strip(), qc, gs)
    types: dict[str, EventType] = {}
    for name, spec in doc["event_types"].items():
        if name not in PLOVER_TYPES:
            raise OntologyError(f"{path}: {name!r} is not one of the 16 PLOVER types")
        try:
            et = EventType(
                name=name,
                side=spec["side"],
                quad_class=int(spec["quad_class"]),
                default_cameo=str(spec["default_cameo"]),
                description=" ".join(str(spec["description"]).split()),
                modes={str(k): str(v) for k, v in (spec.get("modes") or {}).items()},
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise OntologyError(f"{path}: type {name}: missing or bad field ({exc})") from exc
        if et.side not in ("cooperation", "conflict") or et.quad_class not in (1, 2, 3, 4):
            raise OntologyError(f"{path}: type {name}: bad side or quad class")
        if et.default_cameo not in cameo:
            raise OntologyError(f"{path}: type {name}: unknown CAMEO code {et.default_cameo}")
        types[name] = et
    missing = set(PLOVER_TYPES) - set(types)
    if missing:
        raise OntologyError(f"{path}: missing PLOVER types {sorted(missing)}")
    contexts = {str(k): str(v) for k, v in doc["contexts"].items()}
    mapping: dict[str, tuple[str, str | None] | None] = {}
    mpath = data_dir / "plover_cameo.tsv"
    for i, row in enumerate(_rows(mpath), start=2):
        code, ptype, mode = row["cameo"].strip(), row["plover"].strip(), (row.get("mode") or "").strip()
        if code not in cameo:
            raise OntologyError(f"{mpath}: row {i}: unknown CAMEO code {code!r}")
        if ptype == "-":
            mapping[code] = None
            continue
        if ptype not in types:
            raise OntologyError(f"{mpath}: row {i}: unknown PLOVER type {ptype!r}")
        if mode and mode not in types[ptype].modes:
            raise OntologyError(f"{mpath}: row {i}: {ptype} has no mode {mode!r}")
        mapping[code] = (ptype, mode or None)
    unmapped = set(cameo) - set(mapping)
    if unmapped:
        raise OntologyError(f"{mpath}: CAMEO codes without a PLOVER type: {sorted(unmapped)}")
    return Ontology(types=types, contexts=contexts, cameo=cameo, cameo_to_plover=mapping)


def ontology() -> Ontology:
    """The shared ontology, loaded on first use (kept in `eventwatch.resources`)."""
    return resources.current().get(resources.ONTOLOGY, load)
