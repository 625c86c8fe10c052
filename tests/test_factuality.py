"""Factuality from modality, tense, negation and reporting verbs (issue 3, item 4)."""

from __future__ import annotations

import pytest

from eventwatch.coding import code_doc

# (sentence, type, trigger text, factuality)
CASES = [
    ("Officials said Syrian troops attacked the rebels near Aleppo.", "ASSAULT", "attacked", "realized"),
    ("Russia plans to send troops to the border with Ukraine.", "MOBILIZE", "send", "planned"),
    ("Additionally, Kim is scheduled to visit Vladivostok next week.", "CONSULT", "visit", "planned"),
    ("The Japanese premier will meet Biden in Washington on Friday.", "CONSULT", "meet", "planned"),
    ("Seoul is watching the potential announcement of joint military drills between North Korea and Russia.",
     "COOPERATE", "drills", "hypothetical"),
    ("A spokesman acknowledged the possibility of closer military ties between Putin and Kim.",
     "COOPERATE", "ties", "hypothetical"),
    ("If the talks fail, Washington could impose new sanctions on Moscow.", "COERCE", "impose", "hypothetical"),
    ("The government is considering sanctions against Iran.", "COERCE", "sanctions", "hypothetical"),
    ("North Korea threatened to strike the United States.", "ASSAULT", "strike", "hypothetical"),
    ("Pakistan did not attack India.", "ASSAULT", "attack", "negated"),
    ("Iran will never negotiate with the United States, the ayatollah said.", "CONSULT", "negotiate", "negated"),
    ("The president refused to meet the opposition leader.", "CONSULT", "meet", "negated"),
    ("The ministry denied that Iranian troops had attacked Iraqi soldiers.", "ASSAULT", "attacked", "negated"),
    ("Putin last visited North Korea in July 2000, when he met Kim Jong-il.", "CONSULT", "met", "realized"),
    # a past attempt happened; a future or ongoing one did not (yet)
    ("Gunmen tried to storm the Indian consulate in Jalalabad on Sunday.", "ASSAULT", "storm", "realized"),
    ("Police said militants had attempted to bomb a bridge near Quetta.", "ASSAULT", "bomb", "realized"),
    ("The rebels will try to storm the airport in Goma.", "ASSAULT", "storm", "planned"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0][:40] for c in CASES])
def test_factuality(nlp, case):
    sentence, etype, trigger, expected = case
    evs = [e for e in code_doc(nlp(sentence)) if e.event_type == etype and e.trigger.text == trigger]
    assert evs, [(e.event_type, e.trigger.text) for e in code_doc(nlp(sentence))]
    assert evs[0].factuality == expected


def test_reported_future_is_planned(nlp):
    evs = code_doc(nlp("The Colombian government said it would free 300 guerrilla prisoners."))
    assert [e.factuality for e in evs if e.event_type == "CONCEDE"] == ["planned"]


def test_stance_events(nlp):
    # the source's stance on what it did not do is an event of its own
    evs = {(e.event_type, e.factuality) for e in code_doc(nlp("Nicolas Maduro refused to meet Javier Milei."))}
    assert evs == {("CONSULT", "negated"), ("REJECT", "realized")}
    evs = {(e.event_type, e.factuality) for e in code_doc(nlp("North Korea threatened to strike the United States."))}
    assert evs == {("ASSAULT", "hypothetical"), ("THREATEN", "realized")}
    evs = {(e.event_type, e.factuality) for e in code_doc(nlp("Israel will release 50 Palestinian prisoners."))}
    assert evs == {("CONCEDE", "planned"), ("AGREE", "realized")}
    # a demand reported as an obligation is the speaker's REQUEST of the doer
    evs = [e for e in code_doc(nlp("Russia says Israel must end its attacks on Syria.")) if e.event_type == "REQUEST"]
    assert [e.source[0].text for e in evs] == ["Russia"]
    assert evs[0].target[0].text == "Israel"
    # a schedule is no promise: no AGREE
    evs = {e.event_type for e in code_doc(nlp("Kim is scheduled to visit Vladivostok."))}
    assert evs == {"CONSULT"}


def test_reporter_is_recorded_and_not_an_argument(nlp):
    (ev,) = [e for e in code_doc(nlp("Officials said Syrian troops attacked the rebels.")) if e.event_type == "ASSAULT"]
    assert ev.reporter is not None and ev.reporter.text == "Officials"
    assert [s.text for s in ev.source] == ["Syrian troops"]
    assert [s.text for s in ev.target] == ["the rebels"]


def test_factuality_values_are_the_records_values(nlp):
    from eventwatch.records import FACTUALITIES

    for sentence, *_ in CASES:
        for ev in code_doc(nlp(sentence)):
            assert ev.factuality in FACTUALITIES


@pytest.mark.parametrize("sentence, refused", [
    ("The jailed Iranian lawyer was not allowed to travel to Oslo to collect the prize.", "The jailed Iranian lawyer"),
    ("The detained Turkish journalist was denied permission to see his lawyer.", "The detained Turkish journalist"),
    ("The court did not allow the opposition leader to travel to Brussels.", "the opposition leader"),
])
def test_withheld_permission_is_a_refusal_aimed_at_the_doer(nlp, sentence, refused):
    # "X was not allowed to travel": X refused nothing; whoever withholds the permission
    # refused it to X (the negation is the permission's, coding/factuality.py)
    evs = code_doc(nlp(sentence))
    stances = [e for e in evs if e.event_type == "REJECT"]
    assert stances, [(e.event_type, e.trigger.text) for e in evs]
    assert all(e.factuality == "realized" for e in stances)
    assert all([s.text for s in e.target] == [refused] for e in stances)
    assert not any(s.text == refused for e in stances for s in e.source)


def test_withheld_permission_names_the_withholder(nlp):
    (ev,) = [e for e in code_doc(nlp("The court did not allow the opposition leader to travel to Brussels."))
             if e.event_type == "REJECT"]
    assert [s.text for s in ev.source] == ["The court"]


def test_own_refusal_is_not_a_withheld_permission(nlp):
    # "refused to meet" is the doer's own refusal: the stance stays the doer's
    (ev,) = [e for e in code_doc(nlp("The Iranian president refused to meet the French envoy."))
             if e.event_type == "REJECT"]
    assert [s.text for s in ev.source] == ["The Iranian president"]
    assert [s.text for s in ev.target] == ["the French envoy"]
