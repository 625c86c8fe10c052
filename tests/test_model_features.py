"""The fast features (coding/features.py, per-document token arrays) are the reference's
(tests/type_features_reference.py, walking spaCy Tokens) exactly: same strings, same order,
so the shipped model's weights read them the same and give the same probabilities."""

from __future__ import annotations

from itertools import permutations

import pytest

from conftest import SEED_TEXT
from eventwatch.coding import features, model
from type_features_reference import pair_features as reference


def _mentions(sent):
    """Actor-like spans of a sentence: its noun chunks and named entities, not nested."""
    out = []
    for span in sorted([*sent.noun_chunks, *sent.ents], key=lambda s: (s.start, -len(s))):
        if not any(o.start < span.end and span.start < o.end for o in out):
            out.append(span)
    return out


def _pairs(docs):
    for doc in docs:
        for sent in doc.sents:
            found = _mentions(sent)
            for a, b in permutations(found[:6], 2):
                yield sent, None, a, b
                yield sent, sent.root, a, b  # a trigger given instead of the common head


@pytest.fixture(scope="module")
def docs(nlp):
    rows = model.load_training_rows()
    sentences = sorted({r["sentence"] for r in rows})[::97]  # a few hundred, every style
    texts = [*sentences, SEED_TEXT.read_text(encoding="utf-8")]
    return list(nlp.pipe(texts, batch_size=64))


def test_fast_features_are_the_reference_features_on_real_sentences(docs) -> None:
    n = 0
    for sent, trigger, a, b in _pairs(docs):
        assert features.pair_features(sent, trigger, a, b) == reference(sent, trigger, a, b), (
            sent.text, a.text, b.text, trigger,
        )
        n += 1
    assert n > 2000  # the comparison saw many pairs, not a handful


def test_fast_features_give_the_same_probabilities(docs) -> None:
    m = model.load_model()
    assert m is not None
    for k, (sent, _, a, b) in enumerate(_pairs(docs)):
        if k % 7:
            continue
        assert m.proba(features.pair_features(sent, None, a, b)) == m.proba(reference(sent, None, a, b))


def test_the_training_rows_read_the_same_features(nlp) -> None:
    rows = model.load_training_rows()[::151]
    parsed = dict(zip(
        [r["sentence"] for r in rows], nlp.pipe([r["sentence"] for r in rows]), strict=True,
    ))
    checked = 0
    for row in rows:
        doc = parsed[row["sentence"]]
        if row.get("target") is None or row.get("source") is None:
            continue
        spans = model.char_spans(doc, row["sentence"], row["source"], row["target"])
        if spans is None:
            continue
        want = sorted(set(reference(doc[:], None, spans[0], spans[1])))
        assert model.row_features(doc, row) == want
        checked += 1
    assert checked > 100


def test_the_table_is_built_once_per_document(nlp) -> None:
    doc = nlp("The minister met his counterpart in Paris and signed a trade deal.")
    first = features.table(doc)
    assert features.table(doc) is first
    assert first.lem[len(doc) - 1] == "." and first.head[0] == doc[0].head.i
