"""The pipeline's own logic: dates of events, and one event per reading of a sentence."""

from __future__ import annotations

from datetime import date

import pytest

from eventwatch.pipeline import _as_date, dedupe
from eventwatch.records import Actor, Event, Evidence


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-09-13", date(2023, 9, 13)),
        ("2000-07", date(2000, 7, 1)),
        ("2000", date(2000, 1, 1)),
        ("2023-W36", date(2023, 9, 4)),
        ("2023-Q3", date(2023, 7, 1)),
        ("2023-SU", date(2023, 6, 1)),
        ("2023-09-13T10:00", date(2023, 9, 13)),
        ("XXXX-10", None),
        ("PRESENT_REF", None),
    ],
)
def test_event_dates_become_the_first_day_they_can_mean(value, expected):
    assert _as_date(value) == expected


def _event(target_text: str, target_name: str, confidence: float, sentence_start: int = 0) -> Event:
    sentence = "Kim is scheduled to visit Vladivostok to inspect Russia's Pacific fleet."
    return Event(
        event_type="CONSULT",
        factuality="planned",
        evidence=Evidence("a1", sentence, sentence_start, sentence_start + len(sentence)),
        source=[Actor(text="Kim", name="Kim Jong Un", country="PRK")],
        target=[Actor(text=target_text, name=target_name, country="RUS")],
        confidence=confidence,
    )


def test_two_readings_of_one_sentence_with_the_same_actors_are_one_event():
    a = _event("Vladivostok", "Russia", 0.6)
    b = _event("Russia", "Russia", 0.8)
    assert dedupe([a, b]) == [b]


def test_same_actors_in_other_sentences_stay_apart():
    a = _event("Vladivostok", "Russia", 0.6)
    b = _event("Russia", "Russia", 0.8, sentence_start=200)
    assert dedupe([a, b]) == [a, b]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("199", date(1990, 1, 1)),  # the 1990s, not the year 199
        ("18", date(1800, 1, 1)),  # the 19th century
        ("2023-H2", date(2023, 7, 1)),
        ("FY2023", None),
        ("P3D", None),
        ("2023-W36-WE", date(2023, 9, 9)),
    ],
)
def test_coarse_and_fiscal_values_are_not_read_as_a_year_under_1000(value, expected):
    assert _as_date(value) == expected
