"""Actors that news names indirectly: a role with a place before it, people named only by age
or role, object pronouns that cannot be their own clause's subject, a short form of a name the
knowledge base lacks, "They" several sentences after the body it stands for, and the
organisers of a crowd's act. Sentences and names are our own."""

from __future__ import annotations

from datetime import date

import pytest

from eventwatch import nlp, resolve_actor
from eventwatch.actors import DocActors
from eventwatch.actors.binding import clause_subjects
from eventwatch.actors.quoted import quoted_tokens
from eventwatch.coding import code_doc, gate
from eventwatch.coding.candidates import candidates
from eventwatch.pipeline import _span_actors

ON = date(2019, 6, 4)


def _doc(text: str):
    doc = nlp.load()(text)
    return doc, DocActors(doc, ON)


def _span(doc, words: str, nth: int = 0):
    at = -1
    for _ in range(nth + 1):
        at = doc.text.index(words, at + 1)
    span = doc.char_span(at, at + len(words), alignment_mode="expand")
    assert span is not None
    return span


@pytest.mark.parametrize(
    ("mention", "country", "sector"),
    [
        ("the Lyon mayor", "FRA", "GOV"),
        ("Ohio police", "USA", "COP"),
        ("a Nairobi court", "KEN", "JUD"),
        ("Bavarian officials", "DEU", "GOV"),
        ("a Texas judge", "USA", "JUD"),
        ("the Ohio suspect", "USA", "CRM"),
        ("U.S.", "USA", None),
    ],
)
def test_a_role_with_a_place_before_it_is_that_places_body(
    mention: str, country: str, sector: str | None
) -> None:
    got = resolve_actor(mention, ON)
    assert got is not None and (got["country"], got["sector"]) == (country, sector)


def test_us_in_lower_case_stays_a_pronoun() -> None:
    assert resolve_actor("us", ON) is None


@pytest.mark.parametrize(
    ("words", "sector"),
    [("The suspect", "CRM"), ("a 34-year-old nurse", "HLH"), ("the knifeman", "UAF")],
)
def test_a_person_named_by_role_or_age_takes_the_articles_country(words: str, sector: str) -> None:
    text = (
        "Police in Leeds arrested a 34-year-old nurse on Sunday after a shop worker was stabbed "
        "in the city centre. The suspect was held overnight, West Yorkshire Police said. "
        "Officers said the knifeman had fled on foot before he was caught."
    )
    doc, actors = _doc(text)
    assert actors.home_country() == "GBR"
    found = _span_actors(actors, [_span(doc, words)], ON)
    assert [(a.country, a.sector) for a in found] == [("GBR", sector)]


def test_him_is_not_the_member_whose_relative_clause_holds_it() -> None:
    text = (
        "Darnell Prewitt, 24, pleaded guilty on Monday. Prewitt had travelled to Istanbul in "
        "2016. The defendant also exchanged messages with Tariq Yusuf, a militant recruiter "
        "who urged him to attack a police station."
    )
    doc, actors = _doc(text)
    him = _span(doc, "him")
    assert [s.text for s in clause_subjects(him.root)] == ["a militant recruiter", "Tariq Yusuf"]
    got = actors.actor_for(him)
    assert got is not None and got.name == "Darnell Prewitt"


def test_a_possessive_her_is_not_bound() -> None:
    doc = nlp.load()("Governor Ines Moreau sent her letter to the council on Friday.")
    assert clause_subjects(_span(doc, "her").root) == []


def test_him_after_a_subject_pronoun_is_someone_else() -> None:
    text = (
        "Senator Carl Brandt spoke with Pieter Olsen on Monday. "
        "He wrote to the bank on Tuesday, asking him to drop the lawsuit."
    )
    doc, actors = _doc(text)
    he = actors.actor_for(_span(doc, "He"))
    him = actors.actor_for(_span(doc, "him"))
    assert he is not None and him is not None
    assert he.name != him.name


def test_a_short_form_of_an_unknown_name_is_a_mention_of_that_person() -> None:
    # the parser reads the later "Vasquez" as an organisation: the name's own short form
    # still makes it a mention of the man, so "he" four sentences on reaches him
    text = (
        "Samir Vasquez, 29, was charged in Houston on Tuesday. Vasquez, who had worked at the "
        "port, denied the charges. Investigators said the scheme ran from 2015 to 2018. The "
        "company lost millions of dollars. Court papers say Vasquez hid the money in three "
        "accounts. A judge ordered that he stay in custody."
    )
    doc, actors = _doc(text)
    he = next(t for t in doc if t.text == "he")
    got = actors.actor_for(doc[he.i : he.i + 1])
    assert got is not None and got.name == "Samir Vasquez"


def test_they_reaches_past_a_quotation_to_the_rights_groups() -> None:
    text = (
        "A court in Tunis on Monday jailed two students for a Facebook post, a ruling that "
        "angered rights groups across the country. The students had criticised their teachers. "
        "\"These children deserve a second chance. Their parents are desperate. We cannot "
        "ignore families,\" a teacher at their school said. The ruling can be appealed. "
        "They urged the justice ministry to free the students."
    )
    doc, actors = _doc(text)
    got = actors.actor_for(_span(doc, "They"))
    assert got is not None and got.sector == "NGO"


def test_quoted_tokens_span_sentences_and_stop_at_the_closing_mark() -> None:
    doc = nlp.load()('"We will stay. We will not leave," the mayor said. Residents agreed.')
    quoted = {doc[i].text for i in quoted_tokens(doc)}
    assert {"stay", "leave"} <= quoted
    assert not {"mayor", "Residents"} & quoted


def test_a_pronoun_for_a_described_person_has_the_level_of_the_noun() -> None:
    text = (
        "A 15-year-old boy was seen near the station in Marseille on Friday night. "
        "He threw a petrol bomb at police officers, prosecutors said."
    )
    doc, actors = _doc(text)
    he = _span(doc, "He")
    assert gate.political_level(he, actors.actor_for) == 1
    assert gate.political_level(_span(doc, "A 15-year-old boy"), actors.actor_for) == 1


def test_an_unresolved_it_stays_no_actor() -> None:
    doc, actors = _doc("It rained all day in Marseille. It broke our hearts.")
    assert gate.political_level(_span(doc, "It", 1), actors.actor_for) == 0


def test_the_organisers_hold_a_rally_not_the_city_before_it() -> None:
    text = "Organizers of a Glasgow rally against the cuts thanked the council for its support."
    doc, actors = _doc(text)
    sent = next(iter(doc.sents))
    rally = [c for c in candidates(sent) if c.trigger.lower_ == "rally"]
    assert rally and [s.text for s in rally[0].source] == ["Organizers"]
    events = code_doc(doc, actor_of=actors.actor_for)
    assert all("Glasgow" not in s.text for ev in events for s in ev.source)


def test_an_object_pronoun_takes_the_role_named_just_before_it() -> None:
    text = (
        "Mayor Lena Fischer met the cardinal in Cologne on Monday. "
        "She sent a letter to the judge asking him to review the eviction order."
    )
    doc, actors = _doc(text)
    got = actors.actor_for(_span(doc, "him"))
    assert got is not None and (got.role, got.sector) == ("judge", "JUD")


def test_they_after_organisers_of_a_rally_is_the_organisers() -> None:
    text = (
        "Organizers of a Lyon rally against police violence said they would march on Saturday. "
        "They urged the interior ministry to open an inquiry."
    )
    doc, actors = _doc(text)
    got = actors.actor_for(_span(doc, "They"))
    assert got is not None and got.sector == "CVL"


def test_a_girl_named_by_age_is_an_actor_mention() -> None:
    from eventwatch.coding.learned import mentions

    doc, actors = _doc(
        "A 16-year-old girl set fire to a police car in Nantes on Tuesday, prosecutors said."
    )
    found = [m.text for m in mentions(next(iter(doc.sents)), actors.actor_for)]
    assert "A 16-year-old girl" in found


def test_he_opening_a_sentence_continues_the_subject_before() -> None:
    text = (
        "Governor Tom Whitfield met Senator Gary Lindholm in Denver on Monday. "
        "He said the talks had been useful."
    )
    doc, actors = _doc(text)
    got = actors.actor_for(_span(doc, "He"))
    assert got is not None and got.name == "Tom Whitfield"
