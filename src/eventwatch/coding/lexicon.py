"""The trigger lexicon: data/coding/lexicon/*.yaml flattened into dict indexes.

Three indexes, each keyed by one lemma so a token costs one dict lookup:
- `verbs[lemma]`: verb triggers, with optional extra words ("crack down", "call for");
- `nouns[head]`: nominal triggers, with optional modifiers ("air strike", "joint exercise");
- `phrases[verb]`: verb + object ("lift sanction", "open fire"), which beat the verb alone.

Every entry is checked against the ontology on load; a bad entry raises `LexiconError` naming
the file, the group and the word. See data/coding/lexicon/README.md for the format.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from eventwatch import resources, yamlfile
from eventwatch.coding.ontology import DATA, Ontology, ontology

LEXICON_DIR = DATA / "lexicon"
_PREPS = {"of", "against", "on", "to", "for", "with", "from", "in", "into", "upon", "between"}
_GROUP_KEYS = {"mode", "cameo", "contexts", "dobj", "symmetric", "obj_ent", "weight",
               "verbs", "nouns", "phrases"}


class LexiconError(ValueError):
    """A lexicon file is malformed."""


@dataclass(frozen=True)
class Entry:
    """One trigger: `key` is the indexed lemma; `extra` the other words that must be present."""

    kind: str  # verb | noun | phrase
    text: str
    key: str
    extra: tuple[str, ...]
    event_type: str
    mode: str | None
    cameo: str
    contexts: tuple[str, ...]
    dobj: str  # target | object
    symmetric: bool
    obj_ent: tuple[str, ...]
    weight: float

    @property
    def specificity(self) -> int:
        return len(self.extra) + (1 if self.kind == "phrase" else 0) + (1 if self.obj_ent else 0)


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, list[Entry]]
    nouns: dict[str, list[Entry]]
    phrases: dict[str, list[Entry]]

    def __len__(self) -> int:
        return sum(len(v) for idx in (self.verbs, self.nouns, self.phrases) for v in idx.values())

    def entries(self) -> list[Entry]:
        return [e for idx in (self.verbs, self.nouns, self.phrases) for v in idx.values() for e in v]


def _noun_key(words: list[str]) -> tuple[str, tuple[str, ...]]:
    for i, w in enumerate(words):
        if i > 0 and w in _PREPS:
            return words[i - 1], tuple(words[:i - 1] + words[i:])
    return words[-1], tuple(words[:-1])


def _split(text: str) -> list[str]:
    return text.lower().replace("-", " - ").replace(" - ", "-").split()


class _UniqueKeyLoader(yamlfile.SafeLoader):  # type: ignore[misc,valid-type]
    """A YAML loader that refuses a key written twice in one mapping (YAML keeps the last)."""


def _mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: set = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise LexiconError(f"{node.start_mark.name}: line {key_node.start_mark.line + 1}: "
                               f"key {key!r} written twice in one group")
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def load(lexicon_dir: Path = LEXICON_DIR, onto: Ontology | None = None) -> Lexicon:
    """Read every lexicon file in `lexicon_dir` and check it against the ontology."""
    onto = onto or ontology()
    idx: dict[str, defaultdict[str, list[Entry]]] = {
        k: defaultdict(list) for k in ("verb", "noun", "phrase")
    }
    files = sorted(lexicon_dir.glob("*.yaml"))
    if not files:
        raise LexiconError(f"{lexicon_dir}: no lexicon files")
    for path in files:
        with path.open(encoding="utf-8") as fh:
            doc = yaml.load(fh, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
        etype = doc.get("type") if isinstance(doc, dict) else None
        if etype not in onto.types:
            raise LexiconError(f"{path}: `type` must be a PLOVER type, got {etype!r}")
        for gi, group in enumerate(doc.get("groups") or []):
            where = f"{path.name} group {gi + 1}"
            unknown = set(group) - _GROUP_KEYS
            if unknown:
                raise LexiconError(f"{where}: unknown keys {sorted(unknown)}")
            mode = group.get("mode")
            if mode is not None and mode not in onto.types[etype].modes:
                raise LexiconError(f"{where}: {etype} has no mode {mode!r}")
            cameo = str(group.get("cameo") or onto.types[etype].default_cameo)
            if cameo not in onto.cameo:
                raise LexiconError(f"{where}: unknown CAMEO code {cameo!r}")
            contexts = tuple(group.get("contexts") or ())
            for c in contexts:
                if c not in onto.contexts:
                    raise LexiconError(f"{where}: unknown context {c!r}")
            dobj = group.get("dobj", "target")
            if dobj not in ("target", "object"):
                raise LexiconError(f"{where}: dobj must be target or object")
            weight = float(group.get("weight", 0.8))
            if not 0.0 < weight <= 1.0:
                raise LexiconError(f"{where}: weight must be in (0, 1]")
            for kind, key in (("verb", "verbs"), ("noun", "nouns"), ("phrase", "phrases")):
                for text in group.get(key) or []:
                    if not isinstance(text, str) or not text.strip():
                        raise LexiconError(f"{where}: bad {kind} entry {text!r}")
                    words = _split(text)
                    if kind == "phrase" and len(words) < 2:
                        raise LexiconError(f"{where}: phrase {text!r} needs a verb and an object")
                    if kind == "noun":
                        head, extra = _noun_key(words)
                    else:
                        head, extra = words[0], tuple(words[1:])
                    idx[kind][head].append(Entry(
                        kind=kind, text=text, key=head, extra=extra, event_type=etype,
                        mode=mode, cameo=cameo, contexts=contexts, dobj=dobj,
                        symmetric=bool(group.get("symmetric", False)),
                        obj_ent=tuple(group.get("obj_ent") or ()), weight=weight,
                    ))
    for table in idx.values():
        for entries in table.values():
            entries.sort(key=lambda e: (-e.specificity, -e.weight))
    return Lexicon(verbs=dict(idx["verb"]), nouns=dict(idx["noun"]), phrases=dict(idx["phrase"]))


def lexicon() -> Lexicon:
    """The shared lexicon, loaded on first use (kept in `eventwatch.resources`)."""
    return resources.current().get(resources.LEXICON, load)
