"""The seed article's actors resolve as a reader would (real spaCy parse, real spans).

Each case names the sentence it comes from, so a failure explains itself."""

from __future__ import annotations

import re
from datetime import date

import pytest

from conftest import SEED_TEXT
from eventwatch.actors import DocActors

PUBLISHED = date(2023, 9, 13)
JULY_2000 = date(2000, 7, 1)


@pytest.fixture(scope="module")
def seed(nlp):
    text = SEED_TEXT.read_text(encoding="utf-8")
    doc = nlp(text)
    return text, doc, DocActors(doc, PUBLISHED)


def span_of(text, doc, phrase, sentence, nth=0):
    """The `nth` whole-word occurrence of `phrase` inside the sentence that starts with `sentence`."""
    s0 = text.index(sentence)
    hits = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text[s0:])]
    start = s0 + hits[nth]
    span = doc.char_span(start, start + len(phrase), alignment_mode="expand")
    assert span is not None and span.text == phrase
    return span


CASES = [
    # phrase, sentence it is in, nth, on, (name, country, sector)
    (
        "Russian President Vladimir Putin",
        "Russian President Vladimir Putin and",
        0,
        None,
        ("Vladimir Putin", "RUS", "GOV"),
    ),
    (
        "North Korean leader Kim Jong Un",
        "Russian President Vladimir Putin and",
        0,
        None,
        ("Kim Jong Un", "PRK", "GOV"),
    ),
    (
        "Kremlin spokesman Dmitry Peskov",
        "Kremlin spokesman",
        0,
        None,
        ("Dmitry Peskov", "RUS", "GOV"),
    ),
    ("Putin", "Putin offered Kim", 0, None, ("Vladimir Putin", "RUS", "GOV")),
    ("Kim", "Putin offered Kim", 0, None, ("Kim Jong Un", "PRK", "GOV")),
    ("Moscow", "Moreover, Moscow revealed", 0, None, ("Russia", "RUS", "GOV")),
    ("Pyongyang", "Moreover, Moscow revealed", 0, None, ("North Korea", "PRK", "GOV")),
    ("North Korea’s state television", "Moreover, Moscow revealed", 0, None, (None, "PRK", "MED")),
    ("Russia", "To facilitate this visit", 0, None, ("Russia", "RUS", None)),
    (
        "Foreign Minister Sergei Lavrov",
        "To facilitate this visit",
        0,
        None,
        ("Sergei Lavrov", "RUS", "GOV"),
    ),
    ("his", "This forthcoming visit", 0, JULY_2000, ("Vladimir Putin", "RUS", "GOV")),
    ("he", "This forthcoming visit", 0, JULY_2000, ("Vladimir Putin", "RUS", "GOV")),
    ("Kim Jong-il", "This forthcoming visit", 0, JULY_2000, ("Kim Jong-il", "PRK", "GOV")),
    ("the Kremlin", "This forthcoming visit", 0, None, ("Russia", "RUS", "GOV")),
    ("Kim", "Kim’s itinerary", 0, None, ("Kim Jong Un", "PRK", "GOV")),
    ("His", "His arrival", 0, None, ("Kim Jong Un", "PRK", "GOV")),
    ("regional officials", "His arrival", 0, None, (None, "RUS", "GOV")),
    ("Vladivostok", "Additionally, Kim", 0, None, ("Russia", "RUS", None)),
    ("Russian state TV", "Additionally, Kim", 0, None, (None, "RUS", "MED")),
    ("North Korean state media", "North Korean state media", 0, None, (None, "PRK", "MED")),
    ("South Korean authorities", "North Korean state media", 0, None, (None, "KOR", "GOV")),
    (
        "South Korea’s Defense Ministry spokesman Jeon Ha-kyou",
        "South Korea’s Defense",
        0,
        None,
        ("Jeon Ha-kyou", "KOR", "MIL"),
    ),
]


@pytest.mark.parametrize(
    ("phrase", "sentence", "nth", "on", "want"), CASES, ids=[c[0] + "@" + c[1][:20] for c in CASES]
)
def test_seed_actor(seed, phrase, sentence, nth, on, want):
    text, doc, actors = seed
    span = span_of(text, doc, phrase, sentence, nth)
    actor = actors.actor_for(span, on=on)
    assert actor is not None
    assert (actor.name, actor.country, actor.sector) == want
    assert actor.text == phrase and (actor.start, actor.end) == (span.start_char, span.end_char)


def test_bare_kim_in_a_2000_event_is_kim_jong_il_never_kim_jong_un(seed):
    text, doc, actors = seed
    checked = 0
    for m in re.finditer(r"(?<!\w)Kim(?! Jong)", text):
        span = doc.char_span(m.start(), m.end())
        if span is None:
            continue
        checked += 1
        assert actors.actor_for(span, on=JULY_2000).name == "Kim Jong-il"
        assert actors.actor_for(span).name == "Kim Jong Un"
    assert checked >= 6


def test_putin_in_2000_is_president_and_kim_jong_il_is_leader(seed):
    text, doc, actors = seed
    putin = actors.actor_for(span_of(text, doc, "he", "This forthcoming visit"), on=JULY_2000)
    kji = actors.actor_for(
        span_of(text, doc, "Kim Jong-il", "This forthcoming visit"), on=JULY_2000
    )
    assert putin.role == "President" and kji.role == "Supreme Leader"
    # in 2023 Kim Jong-il holds no office: a former leader, not a current one
    assert (
        actors.actor_for(span_of(text, doc, "Kim Jong-il", "This forthcoming visit")).role is None
    )


def test_the_two_leaders_are_putin_and_kim(seed):
    text, doc, actors = seed
    both = actors.actors_for(span_of(text, doc, "the two leaders", "The meeting"))
    assert [a.name for a in both] == ["Vladimir Putin", "Kim Jong Un"]


def test_coordination_gives_each_conjunct(seed):
    text, doc, actors = seed
    span = span_of(text, doc, "North Korea and Russia", "North Korean state media")
    assert [a.country for a in actors.actors_for(span)] == ["PRK", "RUS"]
    assert actors.actor_for(span).country == "PRK"


def test_short_form_of_an_unknown_person(nlp):
    text = (
        "South Korea's Defense Ministry spokesman Jeon Ha-kyou spoke on Monday. "
        "Jeon said Seoul would watch closely."
    )
    doc = nlp(text)
    actors = DocActors(doc, PUBLISHED)
    start = text.index("Jeon said")
    jeon = actors.actor_for(doc.char_span(start, start + 4))
    assert (jeon.name, jeon.country, jeon.sector) == ("Jeon Ha-kyou", "KOR", "MIL")


def test_their_is_the_body_named_last(seed):
    text, doc, actors = seed
    their = actors.actor_for(span_of(text, doc, "their", "South Korea’s Defense"))
    assert their.country == "KOR"


def test_non_actor_spans_are_none(seed):
    text, doc, actors = seed
    assert actors.actor_for(span_of(text, doc, "a glove", "Putin offered Kim")) is None
