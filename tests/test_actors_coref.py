"""Coreference of "they"/"it" opening a sentence: the previous sentence's subject when it is
a body or a group (sentences written for this test)."""

from __future__ import annotations

from datetime import date

import pytest

from eventwatch import nlp
from eventwatch.actors import DocActors


def _pronoun(text: str, word: str):
    doc = nlp.load()(text)
    tok = next(t for t in doc if t.text == word)
    return DocActors(doc, date(2017, 5, 1)).actor_for(doc[tok.i : tok.i + 1])


@pytest.mark.parametrize(
    ("text", "word", "want"),
    [
        (
            "Human rights groups criticised the court ruling on Tuesday. They called on "
            "parliament to repeal the law.",
            "They",
            (None, "NGO", "group"),
        ),
        (
            "The Kenyan interior ministry issued a statement on Monday. It asked opposition "
            "leaders to call off the march.",
            "It",
            ("KEN", "GOV", "organisation"),
        ),
        (
            "Chinese warships sailed near the islands on Friday. They left after two hours, "
            "Japan's coast guard said.",
            "They",
            ("CHN", "MIL", "group"),
        ),
    ],
)
def test_they_and_it_take_the_previous_subject(text, word, want):
    got = _pronoun(text, word)
    assert (got.country, got.sector, got.kind) == want


def test_it_is_no_actor_after_a_non_actor_subject():
    assert (
        _pronoun("The new law takes effect next month. It was criticised by rights groups.", "It")
        is None
    )
