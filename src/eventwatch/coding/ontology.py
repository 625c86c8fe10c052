"""The PLOVER ontology and CAMEO codes, read from data/coding/ and checked once per process.

- `plover.yaml`: the event types (the one list of them, in the type model's label order) with
  side, quad class, default CAMEO code, modes, and how the coder treats each (target, argument
  frame, re-readings, the reading of an unrealized event); the named readings; the contexts.
- `cameo.tsv`: CAMEO root and three-digit codes with quad class and Goldstein value.
- `plover_cameo.tsv`: the CAMEO -> PLOVER mapping (type and mode per code).

`ontology()` returns the loaded `Ontology`; a malformed file raises `OntologyError` naming the
file, the type and the field. The coding stages ask it (`onto.types[t].target`) instead of
comparing type names.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from eventwatch import resources, yamlfile

DATA = Path(__file__).resolve().parents[1] / "data" / "coding"

# the conditions a type's `readings` may name: the coder implements one check for each
CONDITIONS = ("territory", "peacekeeper_source", "peacekeeping")
PAIR_CONDITIONS = ("punitive_content",)
STANCE_CUES = ("commissive_words", "threat_words")  # cues.yaml lists a reading may require
UNREALIZED = ("planned", "hypothetical", "negated")
TARGETS = ("required", "any", "optional")


class OntologyError(ValueError):
    """A coding data file is malformed."""


@dataclass(frozen=True)
class Reading:
    """An event read as another type, mode and CAMEO code."""

    name: str
    type: str
    mode: str | None
    cameo: str
    stance_cue: str | None = None  # the cues.yaml list a stance event's cue word must be in


@dataclass(frozen=True)
class Rereading:
    """Read the event as `reading` when the coder's check `when` holds (and its mode is one
    of `modes`, any mode when empty)."""

    when: str
    reading: Reading
    modes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArgumentFrame:
    """Where a type's target is read (see plover.yaml's header)."""

    verb_target_preps: tuple[str, ...]
    noun_target_preps: tuple[str, ...]
    object_target_preps: tuple[str, ...]
    of_phrase: str | None = None  # "source" | "target"
    owner_target: bool = True
    place_target: bool = False
    light_place_target: bool = False
    thing_target: bool = False


@dataclass(frozen=True)
class EventType:
    name: str
    side: str
    quad_class: int
    default_cameo: str
    description: str
    modes: dict[str, str] = field(default_factory=dict)
    target: str = "any"  # required | any | optional
    collective: bool = False
    unnamed_doer: bool = False
    state_act: bool = False
    person_object_modes: tuple[str, ...] = ()
    punitive: bool = False
    sending: bool = False
    plv_root: str = ""
    frame: ArgumentFrame | None = None
    context_modes: dict[str, tuple[str, str]] = field(default_factory=dict)
    readings: tuple[Rereading, ...] = ()
    pair_readings: tuple[Rereading, ...] = ()
    unrealized: dict[str, Reading] = field(default_factory=dict)

    @property
    def one_sided(self) -> bool:
        """The source alone makes the event ("protesters marched")."""
        return self.target == "optional"

    @property
    def untargeted_ok(self) -> bool:
        """The event stands without a target actor (its target may be a thing)."""
        return self.target != "required"

    @property
    def args(self) -> ArgumentFrame:
        assert self.frame is not None
        return self.frame


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
    fallback_type: str = ""
    obligation: Reading | None = None
    denial: Reading | None = None
    frame: ArgumentFrame | None = None  # the default argument frame

    @property
    def args(self) -> ArgumentFrame:
        """The default argument frame (a type's own frame may differ)."""
        assert self.frame is not None
        return self.frame

    @property
    def type_names(self) -> tuple[str, ...]:
        """The PLOVER types in plover.yaml's order (the type model's label order)."""
        return tuple(self.types)

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


def _words(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(w, str) and w for w in value):
        raise OntologyError(f"{where}: must be a non-empty list of words (quote on, no, yes)")
    return tuple(w.lower() for w in value)


def _person_modes(spec: dict[str, Any], et: EventType, where: str) -> tuple[str, ...]:
    """The `person_object_modes` of a type: modes whose verb's object is a person."""
    value = spec.get("person_object_modes") or []
    if not isinstance(value, list) or any(str(m) not in et.modes for m in value):
        raise OntologyError(f"{where}.person_object_modes: must list modes of the type, got {value!r}")
    return tuple(str(m) for m in value)


def _flag(spec: dict[str, Any], key: str, where: str, default: bool = False) -> bool:
    value = spec.get(key, default)
    if not isinstance(value, bool):
        raise OntologyError(f"{where}: `{key}` must be true or false, got {value!r}")
    return value


_FRAME_KEYS = {"verb_target_preps", "noun_target_preps", "object_target_preps", "of_phrase",
               "owner_target", "place_target", "light_place_target", "thing_target"}


def _frame(spec: Any, default: ArgumentFrame | None, where: str) -> ArgumentFrame:
    """An argument frame; fields it leaves out come from `default`."""
    if spec is None:
        spec = {}
    if not isinstance(spec, dict):
        raise OntologyError(f"{where}: must be a mapping")
    unknown = set(spec) - _FRAME_KEYS
    if unknown:
        raise OntologyError(f"{where}: unknown field(s) {sorted(unknown)}")

    def preps(key: str, fallback: tuple[str, ...] | None) -> tuple[str, ...]:
        if key in spec:
            return _words(spec[key], f"{where}.{key}")
        if fallback is None:
            raise OntologyError(f"{where}: missing `{key}`")
        return fallback

    verb = preps("verb_target_preps", default.verb_target_preps if default else None)
    noun = preps("noun_target_preps", default.noun_target_preps if default else None)
    of_phrase = spec.get("of_phrase")
    if of_phrase not in (None, "source", "target"):
        raise OntologyError(f"{where}.of_phrase: must be source or target, got {of_phrase!r}")
    return ArgumentFrame(
        verb_target_preps=verb,
        noun_target_preps=noun,
        object_target_preps=preps("object_target_preps", noun),
        of_phrase=of_phrase,
        owner_target=_flag(spec, "owner_target", where, True),
        place_target=_flag(spec, "place_target", where),
        light_place_target=_flag(spec, "light_place_target", where),
        thing_target=_flag(spec, "thing_target", where),
    )


def _reading(name: str, spec: Any, types: dict[str, EventType], cameo: dict[str, CameoCode],
             where: str) -> Reading:
    if not isinstance(spec, dict) or "type" not in spec or "cameo" not in spec:
        raise OntologyError(f"{where}: reading {name!r} needs `type` and `cameo`")
    etype, mode, code = str(spec["type"]), spec.get("mode"), str(spec["cameo"])
    if etype not in types:
        raise OntologyError(f"{where}: reading {name!r}: unknown type {etype!r}")
    if mode is not None and mode not in types[etype].modes:
        raise OntologyError(f"{where}: reading {name!r}: {etype} has no mode {mode!r}")
    if code not in cameo:
        raise OntologyError(f"{where}: reading {name!r}: unknown CAMEO code {code!r}")
    cue = spec.get("stance_cue")
    if cue is not None and cue not in STANCE_CUES:
        raise OntologyError(f"{where}: reading {name!r}: stance_cue must be one of {STANCE_CUES}")
    return Reading(name, etype, mode, code, cue)


def _rereadings(spec: Any, et: EventType, readings: dict[str, Reading], conditions: tuple[str, ...],
                where: str) -> tuple[Rereading, ...]:
    if spec is None:
        return ()
    if not isinstance(spec, list):
        raise OntologyError(f"{where}: must be a list of {{when, modes, as}}")
    out = []
    for item in spec:
        if not isinstance(item, dict) or item.get("when") not in conditions:
            raise OntologyError(f"{where}: `when` must be one of {conditions}, got {item!r}")
        if item.get("as") not in readings:
            raise OntologyError(f"{where}: `as` must name a reading, got {item.get('as')!r}")
        modes = tuple(str(m) for m in item.get("modes") or ())
        bad = [m for m in modes if m not in et.modes]
        if bad:
            raise OntologyError(f"{where}: {et.name} has no mode {bad[0]!r}")
        out.append(Rereading(str(item["when"]), readings[str(item["as"])], modes))
    return tuple(out)


def _behaviour(et: EventType, spec: dict[str, Any], onto: Ontology, readings: dict[str, Reading],
               where: str) -> EventType:
    """`et` with the coder's fields of its plover.yaml entry, checked."""
    target = spec.get("target", "any")
    if target not in TARGETS:
        raise OntologyError(f"{where}.target: must be one of {TARGETS}, got {target!r}")
    ctx_modes: dict[str, tuple[str, str]] = {}
    for ctx, hit in (spec.get("context_modes") or {}).items():
        w = f"{where}.context_modes.{ctx}"
        if ctx not in onto.contexts:
            raise OntologyError(f"{w}: unknown context")
        if not isinstance(hit, dict) or hit.get("mode") not in et.modes or str(hit.get("cameo")) not in onto.cameo:
            raise OntologyError(f"{w}: needs a mode of {et.name} and a known CAMEO code")
        ctx_modes[str(ctx)] = (str(hit["mode"]), str(hit["cameo"]))
    unrealized: dict[str, Reading] = {}
    for fact, name in (spec.get("unrealized") or {}).items():
        if fact not in UNREALIZED or name not in readings:
            raise OntologyError(f"{where}.unrealized: {fact!r}: {name!r} (factuality one of "
                                f"{UNREALIZED}, reading one of {sorted(readings)})")
        unrealized[str(fact)] = readings[name]
    plv_root = spec.get("plv_root", et.name)
    if not isinstance(plv_root, str) or not plv_root.isupper():
        raise OntologyError(f"{where}.plv_root: must be an upper-case label, got {plv_root!r}")
    return replace(
        et,
        target=target,
        collective=_flag(spec, "collective", where),
        unnamed_doer=_flag(spec, "unnamed_doer", where),
        state_act=_flag(spec, "state_act", where),
        person_object_modes=_person_modes(spec, et, where),
        punitive=_flag(spec, "punitive", where),
        sending=_flag(spec, "sending", where),
        plv_root=plv_root,
        frame=_frame(spec.get("arguments"), onto.frame, f"{where}.arguments"),
        context_modes=ctx_modes,
        readings=_rereadings(spec.get("readings"), et, readings, CONDITIONS, f"{where}.readings"),
        pair_readings=_rereadings(spec.get("pair_readings"), et, readings, PAIR_CONDITIONS,
                                  f"{where}.pair_readings"),
        unrealized=unrealized,
    )


_TYPE_KEYS = {"side", "quad_class", "default_cameo", "description", "modes", "target", "collective",
              "unnamed_doer", "state_act", "person_object_modes", "punitive", "sending", "plv_root", "arguments", "context_modes",
              "readings", "pair_readings", "unrealized"}


def _cameo(cpath: Path) -> dict[str, CameoCode]:
    cameo: dict[str, CameoCode] = {}
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
    return cameo


def _base_type(name: Any, spec: Any, cameo: dict[str, CameoCode], path: Path) -> EventType:
    if not isinstance(name, str) or not name.isalpha() or not name.isupper():
        raise OntologyError(f"{path}: type name {name!r} must be an upper-case word")
    if not isinstance(spec, dict):
        raise OntologyError(f"{path}: type {name}: must be a mapping")
    unknown = set(spec) - _TYPE_KEYS
    if unknown:
        raise OntologyError(f"{path}: type {name}: unknown field(s) {sorted(unknown)}")
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
    return et


def load(data_dir: Path = DATA) -> Ontology:
    """Read and check the ontology files in `data_dir`."""
    path = data_dir / "plover.yaml"
    doc = yamlfile.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(doc, dict) or "event_types" not in doc or "contexts" not in doc:
        raise OntologyError(f"{path}: needs `event_types` and `contexts`")
    if not isinstance(doc["event_types"], dict) or not doc["event_types"]:
        raise OntologyError(f"{path}: `event_types` must map type names to their fields")
    cameo = _cameo(data_dir / "cameo.tsv")
    types = {name: _base_type(name, spec, cameo, path) for name, spec in doc["event_types"].items()}
    contexts = {str(k): str(v) for k, v in doc["contexts"].items()}
    readings = {str(name): _reading(str(name), spec, types, cameo, f"{path}: readings")
                for name, spec in (doc.get("readings") or {}).items()}
    fallback = doc.get("fallback_type")
    if not isinstance(fallback, str) or fallback not in types:
        raise OntologyError(f"{path}: fallback_type: {fallback!r} is not a type of the file")
    obligation = readings.get(str(doc.get("obligation_reading")))
    if obligation is None:
        raise OntologyError(f"{path}: obligation_reading: must name a reading")
    denial = readings.get(str(doc.get("denial_reading")))
    if denial is None:
        raise OntologyError(f"{path}: denial_reading: must name a reading")
    frame = _frame(doc.get("argument_frame"), None, f"{path}: argument_frame")
    base = Ontology(types=types, contexts=contexts, cameo=cameo, cameo_to_plover={},
                    fallback_type=fallback, obligation=obligation, denial=denial, frame=frame)
    for name, spec in doc["event_types"].items():
        types[name] = _behaviour(types[name], spec, base, readings, f"{path}: type {name}")
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
    return replace(base, types=types, cameo_to_plover=mapping)


def ontology() -> Ontology:
    """The shared ontology, loaded on first use (kept in `eventwatch.resources`)."""
    return resources.current().get(resources.ONTOLOGY, load)


def plover_types() -> tuple[str, ...]:
    """The PLOVER event types, in plover.yaml's order: the one list of them."""
    return ontology().type_names
