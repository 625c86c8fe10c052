"""Statistical event-type model: PLOVER type probabilities for one (source, target) pair.

A multinomial logistic model over sparse, named features of the dependency path that links the
source to the target: the lemmas on the path, the governing verb with its particle, preposition
and direct object, light-verb nouns, negation and modal cues, the grammatical roles of the two
actors, and the words between them; and, when the model was trained with them, each lemma's
word clusters (coding/clusters.py: MiniLM embeddings clustered offline, stored in the model
file), so a verb the training sentences never used reads like its neighbours. Inference is
numpy only: the weights live in
`data/coding/model/type_model.npz` (written by `scripts/train_type_model.py` from the project's
own sentences in `data/coding/training/`), loaded lazily once per process.

Public entry points:
- `score_types(sentence_span, trigger, source_span, target_span)` -> {type: probability} | None
- `is_available()` -> bool: whether the model file is present and loads.
- `pair_features(...)` -> list[str]: the features (coding/features.py; used by the training
  script and tests).
- `load_training_rows(folder)` -> list[dict]: the training sentences, schema-checked.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from eventwatch import config, resources
from eventwatch.coding.clusters import WordClusters
from eventwatch.coding.features import pair_features  # noqa: F401 - the features, re-exported
from eventwatch.coding.features import table as feature_table
from eventwatch.coding.ontology import plover_types
from eventwatch.nlp import char_tokens

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# the label order of the weights: plover.yaml's order, the one list of the types (the model
# file stores its own labels; `load_model` checks they are these)
PLOVER_TYPES: tuple[str, ...] = plover_types()
NONE = "NONE"  # a pair of actors that forms no event (schema v2 hard negatives)
LABELS: tuple[str, ...] = (*PLOVER_TYPES, NONE)
FACTUALITIES = ("realized", "planned", "hypothetical", "negated")
STYLES = ("wire", "broadcast", "newspaper", "headline")

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "coding"
TRAINING_DIR = DATA_DIR / "training"
MODEL_PATH = DATA_DIR / "model" / "type_model.npz"

_lock = threading.Lock()


# --------------------------------------------------------------------------- model


class TypeModel:
    """Weights of the linear model: a feature vocabulary, a weight matrix and a temperature."""

    def __init__(self, path: Path) -> None:
        data = np.load(path, allow_pickle=False)
        self.labels: list[str] = [str(x) for x in data["labels"]]
        names = [str(x) for x in data["features"]]
        self.index: dict[str, int] = {n: i for i, n in enumerate(names)}
        self.weights: np.ndarray = data["weights"].astype(np.float32)
        self.bias: np.ndarray = data["bias"].astype(np.float32)
        self.temperature: float = float(data["temperature"])
        # the word clusters the model was trained with (coding/clusters.py), if any
        self.clusters: WordClusters | None = None
        if "cluster_words" in data.files:
            self.clusters = WordClusters.from_arrays(
                data["cluster_words"], data["cluster_ids"], data["cluster_ks"]
            )

    def features(self, lexical: list[str], source_head: str, target_head: str) -> list[str]:
        """`lexical` plus the word-cluster features when the model has clusters."""
        if self.clusters is None:
            return lexical
        return lexical + self.clusters.features(lexical, source_head, target_head)

    def logits(self, feats: list[str]) -> np.ndarray:
        rows = [r for r in map(self.index.get, feats) if r is not None]
        z = self.bias.copy()
        if rows:
            z += self.weights[rows].sum(axis=0)
        return z

    def proba(self, feats: list[str]) -> dict[str, float]:
        z = self.logits(feats) / self.temperature
        z = z - z.max()
        p = np.exp(z)
        p /= p.sum()
        return {lab: float(v) for lab, v in zip(self.labels, p, strict=True)}


class ModelLabelsError(RuntimeError):
    """The model file's labels are not plover.yaml's types (retrain it: `make train`)."""


def _load_model(path: str) -> TypeModel | None:
    p = Path(path)
    if not p.is_file():
        return None
    try:
        model = TypeModel(p)
    except (OSError, KeyError, ValueError):
        return None
    if tuple(model.labels) != LABELS:
        raise ModelLabelsError(
            f"{p}: labels {model.labels} are not plover.yaml's types {list(LABELS)}; retrain the model"
        )
    return model


def load_model(path: Path | None = None) -> TypeModel | None:
    """The trained model (loaded once per process), or None when the file is missing.

    `path` defaults to the settings' `type_model` (EVENTWATCH_TYPE_MODEL), else the shipped
    file."""
    if path is None:
        path = config.current().type_model or MODEL_PATH
    return resources.current().get(f"{resources.TYPE_MODEL}.{path}", lambda: _load_model(str(path)))


def is_available() -> bool:
    """Whether the model file is present and loads."""
    return load_model() is not None


def score_types(
    sentence_span: Span,
    trigger: Token | None,
    source_span: Span | None,
    target_span: Span | None,
    with_none: bool = False,
) -> dict[str, float] | None:
    """Calibrated probabilities over the 16 PLOVER types for source -> target, or None.

    The model also learns NONE (the pair forms no event). By default the probabilities are
    those of the type given that there is an event (renormalised over the 16 types); with
    `with_none` they are the raw 17 (NONE included, summing to one).

    `trigger` may be None: the predicate is then the common head of the two actors on the
    dependency path. One of the two actors may be None (left implicit by the sentence: "X
    donated $5m"); its place is taken by the governing predicate's object. Returns None when
    the model file is missing or the spans overlap.
    """
    model = load_model()
    if model is None:
        return None
    feats_extra: list[str] = []
    if source_span is None or target_span is None:
        known = source_span if source_span is not None else target_span
        if known is None:
            return None
        implicit = _implicit_partner(known, trigger)
        if implicit is None:
            return None
        feats_extra.append("implicit_target" if target_span is None else "implicit_source")
        if target_span is None:
            target_span = implicit
        else:
            source_span = implicit
    assert source_span is not None and target_span is not None
    if source_span.start < target_span.end and target_span.start < source_span.end:
        return None
    # The model was trained on the path between the two actors (no trigger given), so it
    # reads the same path here: a caller's trigger only anchors an implicit partner above.
    lexical = pair_features(sentence_span, None, source_span, target_span) + feats_extra
    feats = model.features(lexical, head_lemma(source_span), head_lemma(target_span))
    probs = model.proba(feats)
    return probs if with_none else event_probs(probs)


def event_probs(probs: dict[str, float]) -> dict[str, float]:
    """The 16 type probabilities given that there is an event (NONE taken out, renormalised)."""
    total = sum(v for k, v in probs.items() if k != NONE) or 1.0
    return {k: v / total for k, v in probs.items() if k != NONE}


def row_features(
    doc: Any, row: dict[str, Any], clusters: WordClusters | None = None
) -> list[str] | None:
    """The features of one training row (schema v2) on its parsed sentence, or None.

    A one-sided row (target or source null) is read as `score_types` reads a one-sided
    candidate: the object of the governing predicate (or the predicate) stands in for the
    missing actor, with the feature `implicit_target` or `implicit_source`. With `clusters`,
    the word-cluster features are added (as the model trained with them adds them). None
    when a span cannot be found in the parse.
    """
    parts = row_parts(doc, row)
    if parts is None:
        return None
    feats, shead, thead = parts
    if clusters is not None:
        feats = feats + clusters.features(feats, shead, thead)
    return sorted(set(feats))


def row_parts(doc: Any, row: dict[str, Any]) -> tuple[list[str], str, str] | None:
    """(lexical features, source head lemma, target head lemma) of a training row, or None."""
    sentence, source, target = row["sentence"], row.get("source"), row.get("target")
    if target is None or source is None:
        span = span_of(doc, sentence, source if target is None else target)
        if span is None:
            return None
        implicit = _implicit_partner(span, None)
        if implicit is None or (implicit.start < span.end and span.start < implicit.end):
            return None
        if target is None:
            feats = pair_features(doc[:], None, span, implicit) + ["implicit_target"]
            return feats, head_lemma(span), head_lemma(implicit)
        feats = pair_features(doc[:], None, implicit, span) + ["implicit_source"]
        return feats, head_lemma(implicit), head_lemma(span)
    spans = char_spans(doc, sentence, source, target)
    if spans is None:
        return None
    return pair_features(doc[:], None, spans[0], spans[1]), head_lemma(spans[0]), head_lemma(spans[1])


def head_lemma(span: Span) -> str:
    """The lemma of a span's root as the features read it (lower-cased; "<num>" for numbers)."""
    return feature_table(span.doc).lem[span.root.i]


def _implicit_partner(known: Span, trigger: Token | None) -> Span | None:
    """A stand-in span for an actor the sentence leaves implicit: the object of the predicate
    that governs `known`, or the predicate itself."""
    doc = known.doc
    verb = trigger
    if verb is None:
        cur = known.root
        while cur.head.i != cur.i and cur.pos_ not in ("VERB", "AUX"):
            cur = cur.head
        verb = cur
    if known.start <= verb.i < known.end:
        # a headline's bare participle hangs from the actor ("Minister detained in raid")
        verb = next((c for c in known.root.children if c.dep_ == "acl" and c.pos_ == "VERB"), None)
        if verb is None:
            return None
    for c in verb.children:
        if c.dep_ in ("dobj", "dative", "nsubjpass", "attr") and not (
            known.start <= c.i < known.end
        ):
            return doc[c.i : c.i + 1]
    return doc[verb.i : verb.i + 1]


def find_spans(
    doc: Any, sentence: str, source: str, target: str
) -> tuple[Span | None, Span | None]:
    """Like `char_spans`, but an actor not found in the sentence comes back as None."""
    spans = char_spans(doc, sentence, source, target)
    if spans is not None:
        return spans
    found = [span_of(doc, sentence, source), span_of(doc, sentence, target)]
    if found[0] is not None and found[1] is not None:
        return None, None  # both present but overlapping: no dyad
    return found[0], found[1]


def span_of(doc: Any, sentence: str, text: str) -> Span | None:
    """The token span of the first occurrence of `text` in `sentence` (None: absent or empty)."""
    k = sentence.find(text) if text else -1
    return char_tokens(doc, k, k + len(text)) if k >= 0 else None


def char_spans(doc: Any, sentence: str, source: str, target: str) -> tuple[Span, Span] | None:
    """The token spans of `source` and `target` (substrings of `sentence`, not overlapping)."""
    s0 = sentence.find(source)
    if s0 < 0 or not source or not target:
        return None
    t0 = -1
    pos = 0
    while True:
        k = sentence.find(target, pos)
        if k < 0:
            break
        if k >= s0 + len(source) or k + len(target) <= s0:
            t0 = k
            break
        pos = k + 1
    if t0 < 0:
        return None
    s_span = doc.char_span(s0, s0 + len(source), alignment_mode="expand")
    t_span = doc.char_span(t0, t0 + len(target), alignment_mode="expand")
    if s_span is None or t_span is None or len(s_span) == 0 or len(t_span) == 0:
        return None
    if s_span.start < t_span.end and t_span.start < s_span.end:
        return None
    return s_span, t_span


def score_text_pair(sentence: str, source: str, target: str) -> dict[str, float] | None:
    """`score_types` on a bare sentence with its source and target substrings (parses it)."""
    from eventwatch import nlp

    doc = nlp.load()(sentence)
    src, tgt = find_spans(doc, sentence, source, target)
    if src is None and tgt is None:
        return None
    return score_types(doc[:], None, src, tgt)


# --------------------------------------------------------------------------- training data

_REQUIRED = ("sentence", "event_type", "factuality")
_OPTIONAL_STR = ("style", "mode")


class TrainingDataError(ValueError):
    """A training row that breaks the schema."""


def check_row(row: dict[str, Any], where: str) -> None:
    """Raise TrainingDataError when `row` breaks the training-data schema (v1 or v2).

    v2: event_type may be NONE (the pair forms no event); target may be null (a one-sided
    event: a protest with no named target), or source may be null (a target-only event: "a
    patrol came under fire", "X was arrested" with the doer unnamed), not both; optional
    string keys style (one of STYLES) and mode (a PLOVER mode, free text here).
    """
    if not isinstance(row, dict):
        raise TrainingDataError(f"{where}: not a JSON object")
    for key in _REQUIRED:
        if not isinstance(row.get(key), str) or not row[key]:
            raise TrainingDataError(f"{where}: missing or empty {key!r}")
    for key in ("source", "target"):
        if key not in row:
            raise TrainingDataError(f"{where}: missing {key!r} (null for a one-sided event)")
        if row[key] is not None and (not isinstance(row[key], str) or not row[key]):
            raise TrainingDataError(f"{where}: {key} must be a non-empty string or null")
    if row["source"] is None and row["target"] is None:
        raise TrainingDataError(f"{where}: source and target are both null")
    if row["event_type"] not in LABELS:
        raise TrainingDataError(f"{where}: unknown event_type {row['event_type']!r}")
    if row["factuality"] not in FACTUALITIES:
        raise TrainingDataError(f"{where}: unknown factuality {row['factuality']!r}")
    for key in ("source", "target"):
        if row[key] is not None and row[key] not in row["sentence"]:
            raise TrainingDataError(f"{where}: {key} {row[key]!r} is not in the sentence")
    for key in _OPTIONAL_STR:
        if row.get(key) is not None and not isinstance(row[key], str):
            raise TrainingDataError(f"{where}: {key} must be a string")
    if row.get("style") is not None and row["style"] not in STYLES:
        raise TrainingDataError(f"{where}: unknown style {row['style']!r}")
    if "contexts" in row and not isinstance(row["contexts"], list):
        raise TrainingDataError(f"{where}: contexts must be a list")


def load_training_rows(folder: Path = TRAINING_DIR) -> list[dict[str, Any]]:
    """Every training row under `folder` (*.jsonl, sorted by file name), schema-checked."""
    rows: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                where = f"{path.name}:{n}"
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise TrainingDataError(f"{where}: not JSON ({exc.msg})") from exc
                check_row(row, where)
                rows.append(row)
    return rows
