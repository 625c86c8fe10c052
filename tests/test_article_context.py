"""The article as context for its events: hard-wrapped lines, the home country of domestic
actors, and plural pronouns that point back at a group. Sentences are our own."""

from __future__ import annotations

from datetime import date

from eventwatch import extract, nlp
from eventwatch.actors import DocActors


def test_unwrap_joins_wrapped_lines_and_keeps_offsets() -> None:
    text = (
        "Regulators fine dairy firm\n"
        "The agriculture ministry said on Monday it had ordered the dairy cooperative to take\n"
        "its products off supermarket shelves, citing a report by inspectors from the\n"
        "Health Directorate.\n"
        "\n"
        "Farmers protested.\n"
    )
    out = nlp.unwrap(text)
    assert len(out) == len(text)
    lines = out.split("\n")
    assert lines[0] == "Regulators fine dairy firm"  # a headline keeps its line
    assert lines[1].startswith("The agriculture ministry") and lines[1].endswith("Health Directorate.")
    assert "Farmers protested." in lines  # after a blank line: a new paragraph


def test_unwrapped_sentence_is_coded_once() -> None:
    text = (
        "Police in the northern province arrested the opposition mayor on\n"
        "Tuesday, a spokesman for the interior ministry of Kenya said."
    )
    events = extract(text, published="2021-03-04")
    assert [e.evidence.sentence.count("\n") for e in events] == [0] * len(events)
    assert any(e.event_type == "COERCE" for e in events)


def test_home_country_goes_to_unplaced_domestic_actors() -> None:
    text = (
        "Kenyan teachers strike over pay. "
        "Teachers across Kenya stayed away from classrooms on Monday. "
        "Education Secretary Wanjiru Odhiambo accused the union of holding pupils hostage. "
        "The Kenya National Union of Teachers said it would meet the ministry in Nairobi."
    )
    events = extract(text, published="2019-01-07")
    accuse = [e for e in events if e.event_type == "ACCUSE"]
    assert accuse, [(e.event_type, e.evidence.sentence) for e in events]
    src = accuse[0].source[0]
    assert src.country == "KEN"
    # the country came from the article, and the record says so (an analyst can tell)
    assert src.country_from == "article"


def test_no_home_country_when_two_countries_tie() -> None:
    doc = nlp.load()("Chile and Peru held talks. Officials met in a border town.")
    assert DocActors(doc, date(2020, 1, 1)).home_country() is None


def test_headline_country_counts_double() -> None:
    doc = nlp.load()("Ghana recalls envoy. Talks with Togo stalled. Togo said nothing.")
    # Ghana: 2 (the headline), Togo: 2 -> a tie; one more Ghana tips it
    assert DocActors(doc, date(2020, 1, 1)).home_country() is None
    doc = nlp.load()("Ghana recalls envoy. Talks with Togo stalled. Ghana said nothing.")
    assert DocActors(doc, date(2020, 1, 1)).home_country() == "GHA"


def test_they_points_back_to_a_group_named_before() -> None:
    text = (
        "The verdict drew anger from Zambian human rights groups on Friday. "
        "The judge declined to comment. "
        "They called on the government to release the detained journalists."
    )
    doc = nlp.load()(text)
    resolver = DocActors(doc, date(2022, 5, 6))
    they = next(t for t in doc if t.text == "They")
    actor = resolver.actor_for(doc[they.i : they.i + 1])
    assert actor is not None and actor.kind == "group"
    assert actor.country == "ZMB"


def test_a_foreign_minister_is_not_given_the_host_country() -> None:
    text = (
        "Foreign Minister Talia Brennick met Chinese President Xi Jinping in Beijing on Monday. "
        "Brennick later criticised the Chinese government over its treatment of journalists."
    )
    events = extract(text, published="2023-05-08")
    sources = [a for e in events for a in e.source if "Brennick" in a.text]
    assert sources and all(a.country != "CHN" for a in sources)


def test_a_news_agency_cited_is_not_a_country_reference() -> None:
    doc = nlp.load()(
        "Floods cut roads across Malawi on Sunday. Reuters and the BBC reported that thousands "
        "had fled. A district official said shelters were full, the BBC reported."
    )
    resolver = DocActors(doc, date(2019, 3, 10))
    # Malawi once, the BBC (GBR) twice and Reuters: the agencies say who wrote, not where
    assert resolver.home_country() == "MWI"


def test_a_short_form_in_brackets_names_the_same_body() -> None:
    doc = nlp.load()(
        "The Agency for Coastal Fisheries (ACF) closed the bay to trawlers on Monday. "
        "Fishermen said the ACF had not warned them."
    )
    resolver = DocActors(doc, date(2021, 6, 1))
    acf = next(t for t in doc if t.text == "ACF" and t.i > 10)
    actor = resolver.actor_for(doc[acf.i : acf.i + 1])
    assert actor is not None and actor.sector == "GOV"


def test_it_is_the_company_named_as_subject_before() -> None:
    text = (
        "The new safety rules did not apply to its planes, and so Kestrel Airlines argued its "
        "pilots should be exempt. It asked the transport ministry of Chile for a ruling."
    )
    doc = nlp.load()(text)
    resolver = DocActors(doc, date(2021, 6, 1))
    it = next(t for t in doc if t.text == "It")
    actor = resolver.actor_for(doc[it.i : it.i + 1])
    assert actor is not None and actor.kind == "organisation"


def test_a_thing_criticised_points_at_its_maker() -> None:
    events = extract(
        "Opposition leaders in Kenya criticised an austerity plan drawn up by the finance ministry.",
        published="2020-01-01",
    )
    accuse = [e for e in events if e.event_type == "ACCUSE"]
    assert accuse and [a.text for a in accuse[0].target] == ["the finance ministry"]
    assert accuse[0].object is not None and accuse[0].object["text"] == "an austerity plan"


def test_a_place_qualified_by_its_state_counts_for_that_country() -> None:
    text = (
        "Paris, Texas, held a vigil on Sunday. Paris residents lit candles. "
        "Officials in Paris said the mayor would speak. France was not mentioned again."
    )
    doc = nlp.load()(text)
    # three Paris mentions go to the US (the text wrote "Paris, Texas"), France once
    assert DocActors(doc, date(2020, 2, 2)).home_country() == "USA"
