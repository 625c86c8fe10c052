"""Initials of a country or first-level division the story names in full
(where/initials.py), on real parsed sentences of our own."""

from __future__ import annotations

from eventwatch.where import mentions_in_doc
from eventwatch.where.initials import initials


def _places(nlp, text: str) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    return {pm.place.text: pm.place.name for pm in mentions_in_doc(nlp(text))}


def test_initials_of_a_name() -> None:
    assert initials("South Africa") == "SA"
    assert initials("Bosnia and Herzegovina") == "BH"
    assert initials("New South Wales") == "NSW"
    assert initials("Kenya") == ""


def test_initials_of_a_country_the_story_names_through_its_people(nlp) -> None:
    found = _places(
        nlp,
        "Mining unions spoke for thousands of South Africans on Monday. Wages in SA have not "
        "kept up with prices.",
    )
    assert found.get("SA") == "South Africa"


def test_initials_of_a_country_named_in_full(nlp) -> None:
    found = _places(nlp, "New Zealand has a new leader, and NZ markets rose on Tuesday.")
    assert found.get("NZ") == "New Zealand"


def test_initials_without_the_full_name_are_no_place(nlp) -> None:
    assert "SA" not in _places(nlp, "Farmers in Kenya say SA grows the most maize.")


def test_initials_two_named_places_share_are_no_place(nlp) -> None:
    found = _places(nlp, "Officials of Saudi Arabia and South Africa met; SA will host the talks.")
    assert "SA" not in found


def test_a_company_suffix_is_no_place(nlp) -> None:
    assert "SA" not in _places(nlp, "Gazprom SA signed a deal in South Africa.")
