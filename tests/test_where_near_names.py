"""Names the tagger calls persons that are towns beside the story's other towns
(where/near_names.py), on real parsed sentences of our own."""

from __future__ import annotations

from eventwatch.where import mentions_in_doc


def _places(nlp, text: str) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    return {pm.place.text: pm.place.country for pm in mentions_in_doc(nlp(text))}


def test_a_possessive_town_beside_the_story_town_is_a_place(nlp) -> None:
    found = _places(
        nlp,
        "Rebels left Harasta last week, and Douma's defenders are now surrounded, "
        "the monitor said.",
    )
    assert "Douma" in found and found["Douma"] == "SYR"


def test_a_two_word_village_near_the_story_town_is_a_place(nlp) -> None:
    found = _places(nlp, "A lorry overturned near Colchester, and Marks Tey is cut off until noon.")
    assert found.get("Marks Tey") == "GBR"


def test_a_surname_the_story_introduced_stays_a_person(nlp) -> None:
    found = _places(nlp, "Jane Nelson lives in Salem, Oregon. Nelson said the vote was close.")
    assert "Nelson" not in found


def test_a_town_far_from_the_story_places_stays_a_person(nlp) -> None:
    # Douma is a Syrian town, but nowhere near a story set in Ohio
    found = _places(nlp, "Fans crowded Columbus on Sunday. Douma's goal won the cup for the club.")
    assert "Douma" not in found


def test_a_city_opening_a_team_the_tagger_calls_a_person(nlp) -> None:
    doc = nlp("Fans packed bars in Seattle before the Seattle Seahawks played on Sunday.")
    seattle = [pm for pm in mentions_in_doc(doc) if pm.place.text == "Seattle"]
    assert len(seattle) == 2 and seattle[1].role == "embedded"
    assert all(pm.place.country == "USA" for pm in seattle)


def test_a_first_name_that_is_a_city_stays_a_person(nlp) -> None:
    assert "Jackson" not in _places(nlp, "Jackson Browne sang for the crowd in Ohio on Friday.")


def test_two_nearby_towns_joined_by_a_hyphen_are_two_places(nlp) -> None:
    found = _places(nlp, "Riders said the Kamloops-Merritt bus runs twice a day.")
    assert found.get("Kamloops") == "CAN" and found.get("Merritt") == "CAN"


def test_a_hyphenated_town_name_stays_one_place(nlp) -> None:
    found = _places(nlp, "She moved from Winston-Salem to Ohio in the spring.")
    assert "Winston-Salem" in found and "Salem" not in found


def test_a_first_name_the_story_also_reads_as_a_person_place_stays_a_person(nlp) -> None:
    # "Paul" alone is read as a place elsewhere (a division of Cape Verde is called Paul), but
    # that reading is itself a rescued "person", so "Paul Hart" stays a person's name
    doc = nlp("Paul Hart sings in Las Vegas. Paul swings through the old songs on Friday.")
    assert [pm.place.text for pm in mentions_in_doc(doc)].count("Paul") <= 1
