"""One sentence per construction the candidate finder handles (issue 3, item 2)."""

from __future__ import annotations

import pytest

from eventwatch.coding import CodedEvent, code_doc

# (construction, sentence, type, source, target, extra checks)
CASES = [
    ("nominal trigger with between", "The talks between Iran and the United States resumed in Vienna on Monday.",
     "CONSULT", "Iran", "the United States", {}),
    ("nominal trigger with on/by", "An attack on the Ukrainian army by Russian forces left twelve soldiers dead.",
     "ASSAULT", "Russian forces", "the Ukrainian army", {}),
    ("nominal trigger with possessive", "North Korean state media praised Kim’s summit with Putin.",
     "CONSULT", "Kim", "Putin", {"trigger": "summit"}),
    ("light verb: held talks", "Chinese President Xi Jinping held talks with French President Emmanuel Macron in Beijing.",
     "CONSULT", "Chinese President Xi Jinping", "French President Emmanuel Macron", {}),
    ("light verb: paid a visit", "The Indian prime minister paid a visit to Japan last week.",
     "CONSULT", "The Indian prime minister", "Japan", {}),
    ("light verb: carried out strikes", "Turkish jets carried out air strikes against Kurdish militants in northern Iraq.",
     "ASSAULT", "Turkish jets", "Kurdish militants", {}),
    ("light verb: launched an attack", "Russian forces launched an attack on Ukrainian troops near Kharkiv.",
     "ASSAULT", "Russian forces", "Ukrainian troops", {}),
    ("control: agreed to lift", "The European Union agreed to lift sanctions on Belarus.",
     "CONCEDE", "The European Union", "Belarus", {"factuality": "planned"}),
    ("control: plans to send", "Russia plans to send Foreign Minister Sergei Lavrov to Pyongyang in October.",
     "CONSULT", "Russia", "Pyongyang", {"factuality": "planned"}),
    ("raising: is expected to visit", "The German chancellor is expected to visit Washington next month.",
     "CONSULT", "The German chancellor", "Washington", {"factuality": "planned"}),
    ("object control: urged Y to withdraw", "The United Nations urged Israel to withdraw its troops from Lebanon.",
     "RETREAT", "Israel", None, {}),
    ("coordinated subjects, symmetric", "Germany and France signed a defence agreement.",
     "SUPPORT", "Germany", "France", {}),
    ("coordinated verbs share the object", "Police arrested and charged three activists in Hong Kong.",
     "COERCE", "Police", "three activists", {}),
    ("coordinated objects", "Chinese officials criticized Japan and South Korea.",
     "ACCUSE", "Chinese officials", "Japan", {"targets": ["Japan", "South Korea"]}),
    ("passive with by-agent", "The embassy staff were attacked by protesters on Sunday.",
     "ASSAULT", "protesters", "The embassy staff", {}),
    ("ditransitive", "Putin offered Kim a high-quality rifle.",
     "AID", "Putin", "Kim", {"object": "rifle"}),
    ("upon-recipient", "Kim bestowed upon Putin a North Korean-manufactured firearm.",
     "AID", "Kim", "Putin", {"object": "firearm"}),
    ("to-recipient", "Japan sent humanitarian aid to Turkey after the earthquake.",
     "AID", "Japan", "Turkey", {"object": "aid"}),
    ("relative clause subject", "The rebels, who attacked government troops last week, have withdrawn from the town.",
     "ASSAULT", "The rebels", "government troops", {}),
    ("relative clause in reported speech", "The villagers said soldiers who entered the village killed five men.",
     "ASSAULT", "soldiers", "five men", {"reporter": "The villagers"}),
    ("apposition", "The foreign minister, Sergei Lavrov, met Chinese officials in Beijing.",
     "CONSULT", "Sergei Lavrov", "Chinese officials", {}),
    ("reported speech: X said Y attacked Z", "Officials said Syrian troops attacked the rebels near Aleppo.",
     "ASSAULT", "Syrian troops", "the rebels", {"reporter": "Officials", "factuality": "realized"}),
    ("reported speech: according to", "According to the ministry, Iranian forces seized a British tanker.",
     "COERCE", "Iranian forces", "British", {"reporter": "the ministry"}),
    ("particle verb", "The government cracked down on protesters in the capital.",
     "COERCE", "The government", "protesters", {}),
    ("verb + object phrase changes the type", "Washington lifted sanctions on Venezuela.",
     "CONCEDE", "Washington", "Venezuela", {}),
    ("control through an adjective", "Armenia is willing to withdraw its troops from Azerbaijan.",
     "RETREAT", "Armenia", "Azerbaijan", {"object": "troops", "factuality": "planned"}),
    ("with-object: provide X with Y", "Seoul agreed to provide Sri Lanka with new technology.",
     "AID", "Seoul", "Sri Lanka", {"object": "technology"}),
    ("other side down a prepositional phrase", "The rebels declared a unilateral ceasefire on Sunday in Somalia.",
     "RETREAT", "The rebels", "Somalia", {}),
    ("symmetric pair with a topic", "Modi and Macron have agreed to share intelligence on piracy.",
     "COOPERATE", "Modi", "Macron", {}),
    ("small clause: found X guilty", "A Copenhagen court found Britta Nielsen guilty of fraud.",
     "ACCUSE", "A Copenhagen court", "Britta Nielsen", {}),
    ("that-clause subject of a demand", "The speaker demanded that Dbeibeh appear before parliament.",
     "REQUEST", "The speaker", "Dbeibeh", {}),
    ("reported pronoun is the speaker", "The FARC dissidents have said they will release Maria Lopez.",
     "CONCEDE", "The FARC dissidents", "Maria Lopez", {"factuality": "planned"}),
]


def _event(events: list[CodedEvent], etype: str) -> CodedEvent:
    hits = [e for e in events if e.event_type == etype]
    assert hits, [(e.event_type, e.trigger.text) for e in events]
    return hits[0]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_construction(nlp, case):
    _, sentence, etype, source, target, extra = case
    ev = _event(code_doc(nlp(sentence)), etype)
    assert [s.text for s in ev.source][:1] == [source]
    if target is None:
        assert not ev.target or etype == "RETREAT"
    else:
        assert [s.text for s in ev.target][:1] == [target]
    if "targets" in extra:
        assert [s.text for s in ev.target] == extra["targets"]
    if "object" in extra:
        assert ev.object is not None and extra["object"] in ev.object.text
    if "reporter" in extra:
        assert ev.reporter is not None and ev.reporter.text == extra["reporter"]
    if "factuality" in extra:
        assert ev.factuality == extra["factuality"]
    if "trigger" in extra:
        assert ev.trigger.text == extra["trigger"]


def test_no_arguments_no_event(nlp):
    # a trigger word with nobody doing it to anybody is not an event
    assert code_doc(nlp("The meeting took place at a space center.")) == []


def test_gift_firearm_is_not_violence(nlp):
    events = code_doc(nlp("Putin offered Kim a rifle, and Kim gave Putin a pistol."))
    assert {e.event_type for e in events} == {"AID"}
    assert len(events) == 2


def test_symmetric_event_splits_coordinated_subjects(nlp):
    (ev,) = [e for e in code_doc(nlp("Macron and Scholz met in Paris on Friday.")) if e.event_type == "CONSULT"]
    assert [s.text for s in ev.source] == ["Macron"]
    assert [s.text for s in ev.target] == ["Scholz"]


def test_line_breaks_split_sentences(nlp):
    doc = nlp("Putin and Kim exchange gifts at summit\nThe rebels attacked government troops.")
    evs = code_doc(doc)
    assert all("\n" not in e.sentence.text for e in evs)
    assert any(e.event_type == "ASSAULT" for e in evs)


def test_actor_of_lets_unusual_arguments_in(nlp):
    sentence = "The rebels attacked the Dolphin."
    assert code_doc(nlp(sentence)) == [] or all(e.target for e in code_doc(nlp(sentence)))
    evs = code_doc(nlp(sentence), actor_of=lambda span: object() if "Dolphin" in span.text else None)
    assert [s.text for s in evs[0].target] == ["the Dolphin"]


# CAMEO conventions the coder follows (each pinned by one sentence)
CONVENTIONS = [
    ("Iraqi government troops captured the city of Mosul.", "ASSAULT"),  # taking ground: 192
    ("Police seized the assets of the opposition party.", "COERCE"),  # taking property: 171
    ("Kenya sent soldiers to the African Union peacekeeping mission in Somalia.", "AID"),  # 074
    ("The United States imposed sanctions on Russian banks.", "COERCE"),  # as PLV codes it
    ("Moscow expelled two British diplomats.", "SANCTION"),  # reduced relations: 16x
    ("The court convicted the former minister of corruption.", "ACCUSE"),  # verdicts: 116
    ("China established diplomatic ties with El Salvador.", "SUPPORT"),  # diplomatic cooperation: 05x
    ("Israel and Hamas signed a ceasefire agreement.", "SUPPORT"),  # signing: 057
    ("Israeli troops imposed a blockade on Gaza.", "ASSAULT"),  # blockade: 191
]


@pytest.mark.parametrize("sentence,etype", CONVENTIONS, ids=[t for _, t in CONVENTIONS])
def test_cameo_conventions(nlp, sentence, etype):
    types = [e.event_type for e in code_doc(nlp(sentence))]
    assert etype in types, types
