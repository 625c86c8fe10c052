"""Domestic actors of a one-country article: ambiguous place names read as the article's own,
datelines, everyday people and unknown organisations, families, titles after a name, and
pronouns that take the country of what they point back at. Sentences and names are our own."""

from __future__ import annotations

from datetime import date

import pytest

from eventwatch import nlp, resolve_actor
from eventwatch.actors import DocActors
from eventwatch.pipeline import _placed, _span_actors
from eventwatch.records import Actor, Place

ON = date(2018, 3, 5)


def _doc(text: str):
    doc = nlp.load()(text)
    return doc, DocActors(doc, ON)


def _span(doc, words: str):
    at = doc.text.index(words)
    span = doc.char_span(at, at + len(words), alignment_mode="expand")
    assert span is not None
    return span


def _who(text: str, words: str):
    doc, actors = _doc(text)
    return actors.actor_for(_span(doc, words))


def test_an_ambiguous_region_is_the_one_in_the_articles_country() -> None:
    text = (
        "Ferry fares to rise in British Columbia\n"
        "The British Columbia government will raise ferry fares in April, the province's "
        "transport minister said on Friday. Victoria has long asked Ottawa to pay more of the "
        "cost of the crossings."
    )
    doc, actors = _doc(text)
    assert actors.home_country() == "CAN"
    got = actors.actor_for(_span(doc, "Victoria"))
    assert got is not None and got.country == "CAN"


def test_the_same_region_stays_australian_in_an_australian_story() -> None:
    got = _who(
        "Victoria's premier announced new bushfire rules in Melbourne on Monday.",
        "Victoria's premier",
    )
    assert got is not None and (got.country, got.sector) == ("AUS", "GOV")


def test_a_capital_namesake_is_the_big_city_of_the_only_country_named() -> None:
    text = (
        "Hundreds of people marched through downtown London on Saturday to demand cleaner "
        "rivers. The organisers said Canada's federal government should pay for the clean-up, "
        "and Ontario's environment minister promised to reply."
    )
    doc, actors = _doc(text)
    assert actors.home_country() == "CAN"
    got = actors.actor_for(_span(doc, "London"))
    assert got is not None and got.country == "CAN" and got.sector is None  # a city, no seat


def test_a_small_namesake_needs_the_text_to_say_so() -> None:
    text = (
        "The mayor of Paris met the US ambassador on Monday. Paris pledged to plant ten thousand "
        "trees before the summer."
    )
    doc, actors = _doc(text)
    got = actors.actor_for(_span(doc, "Paris pledged")[:1])
    assert got is not None and got.country == "FRA"  # Paris, Texas has 25,000 people


def test_a_place_before_a_surname_is_no_person() -> None:
    got = resolve_actor("Victoria Park", date="2016-12-01")
    assert got is None or got["country"] != "KOR"  # no Park Geun-hye


def test_a_dateline_is_no_actor() -> None:
    text = "HALIFAX - Nova Scotia's health minister rejected the federal offer on Tuesday."
    doc, actors = _doc(text)
    assert actors.actor_for(doc[0:1]) is None
    got = actors.actor_for(_span(doc, "Nova Scotia's health minister"))
    assert got is not None and (got.country, got.sector) == ("CAN", "GOV")


@pytest.mark.parametrize(
    ("mention", "sector", "kind"),
    [
        ("the boy", "CVL", "person"),
        ("a teenager", "CVL", "person"),
        ("two teenagers", "CVL", "group"),
        ("a family", "CVL", "group"),
        ("the march's organisers", "CVL", "group"),
        ("four other landowners", "CVL", "group"),
        ("the homeowners", "CVL", "group"),
        ("a ride-sharing company", "BUS", "organisation"),
        ("the electricity utility", "BUS", "organisation"),
        ("the carmaker", "BUS", "organisation"),
        ("the provinces", "GOV", "group"),
    ],
)
def test_everyday_people_and_bodies_have_a_sector(mention: str, sector: str, kind: str) -> None:
    got = resolve_actor(mention, date="2018-03-05")
    assert got is not None and (got["sector"], got["kind"]) == (sector, kind)


def test_they_and_a_nationless_group_take_the_articles_country() -> None:
    text = (
        "Rents soar in Nairobi. "
        "Two tenant unions joined the protest on Monday. They called on the county "
        "government to freeze rents."
    )
    doc, actors = _doc(text)
    assert actors.home_country() == "KEN"
    they = _span_actors(actors, [_span(doc, "They")], ON)[0]
    assert (they.country, they.sector, they.country_from) == ("KEN", "LAB", "article")


def test_a_bare_pronoun_takes_no_country() -> None:
    text = "Rents soar in Nairobi. Landlords met on Sunday. Rain fell. It rained all day."
    doc, actors = _doc(text)
    it = _span_actors(actors, [_span(doc, "It")], ON)[0]
    assert it.country is None


def test_an_organisation_named_with_its_place_and_its_short_name() -> None:
    text = (
        "Officials at Manitoba Hydro said on Monday that rates would rise in the spring. Hydro "
        "also agreed to compensate two farming families near the dam."
    )
    doc, actors = _doc(text)
    whole = actors.actor_for(_span(doc, "Manitoba Hydro"))
    short = actors.actor_for(_span(doc, "Hydro also")[:1])
    assert whole is not None and (whole.country, whole.kind) == ("CAN", "organisation")
    assert short is not None and (short.country, short.name) == ("CAN", "Manitoba Hydro")


def test_a_family_named_after_a_person_of_the_article() -> None:
    text = (
        "Grace Okafor said the council had ignored her letters. The Okafors have fought the "
        "demolition order in court since 2016."
    )
    doc, actors = _doc(text)
    got = actors.actor_for(_span(doc, "The Okafors"))
    assert got is not None and (got.kind, got.sector) == ("group", "CVL")


def test_a_title_after_an_unknown_name_types_the_person() -> None:
    text = (
        "Amira Haddad, imam of the central mosque in Winnipeg, said Canada should do more. "
        "Haddad spoke to reporters after prayers."
    )
    doc, actors = _doc(text)
    got = actors.actor_for(_span(doc, "Haddad spoke")[:1])
    assert got is not None and (got.country, got.sector) == ("CAN", "REL")


def test_a_short_form_inside_a_longer_mention() -> None:
    text = (
        "The Department of Road Safety (DRS) fined the contractor on Monday. Later, Ontario's DRS "
        "said the fine would stand."
    )
    doc, actors = _doc(text)
    got = actors.actor_for(_span(doc, "Ontario's DRS"))
    assert got is not None and (got.country, got.sector) == ("CAN", "GOV")


def test_a_place_named_as_an_actor_takes_the_gazetteers_country() -> None:
    actor = Actor(text="Zarqa", start=40, end=45)
    placed = Actor(text="Amman", country="JOR", start=60, end=65)
    _placed([actor, placed], [Place(text="Zarqa", country="JOR", start=40, end=45)])
    assert actor.country == "JOR" and actor.country_from is None
    other = Actor(text="the bus", start=10, end=17)
    _placed([other], [Place(text="Zarqa", country="JOR", start=40, end=45)])
    assert other.country is None


@pytest.mark.parametrize(
    ("mention", "country", "sector"),
    [
        ("Manitoba's premier", "CAN", "GOV"),
        ("the Tasmania premier", "AUS", "GOV"),
        ("a Winnipeg-based charity", "CAN", "NGO"),
        ("an Accra-based rights group", "GHA", "NGO"),
        ("a Texas-based carmaker", "USA", "BUS"),
    ],
)
def test_a_province_and_a_base_place_the_mention(mention: str, country: str, sector: str) -> None:
    got = resolve_actor(mention, date="2018-03-05")
    assert got is not None and (got["country"], got["sector"]) == (country, sector)


def test_a_provincial_title_is_not_the_countrys_office_holder() -> None:
    got = resolve_actor("Manitoba's premier", date="2018-03-05")
    assert got is not None and got["kb_id"] is None and got["name"] is None  # not Trudeau


@pytest.mark.parametrize(
    ("mention", "country"),
    [("a 15-year-old Dutch-Moroccan boy", "NLD"), ("a British-Iranian woman", "GBR")],
)
def test_a_double_nationality_gives_the_first(mention: str, country: str) -> None:
    got = resolve_actor(mention, date="2018-03-05")
    assert got is not None and (got["country"], got["sector"]) == (country, "CVL")


def test_a_compound_nationality_is_no_countrys_office_holder() -> None:
    got = resolve_actor("the Greek-Cypriot leader", date="2018-03-05")
    assert got is None or got["kb_id"] is None


def test_he_points_back_at_an_unnamed_boy_described_after_the_last_name() -> None:
    text = (
        "Inspector Lena Vogt said a 15-year-old Dutch-Moroccan boy had hidden a bomb near the "
        "station. He left the device in a locker on Friday, she said."
    )
    doc, actors = _doc(text)
    he = actors.actor_for(_span(doc, "He left")[:1])
    assert he is not None and (he.country, he.sector, he.kind) == ("NLD", "CVL", "person")


def test_he_stays_with_the_person_named_after_a_description() -> None:
    text = (
        "A man was arrested near the embassy on Monday. Police chief Ruben Ortega said "
        "he would explain the arrest on Tuesday."
    )
    doc, actors = _doc(text)
    he = actors.actor_for(_span(doc, "he would")[:1])
    assert he is not None and he.name == "Ruben Ortega"
