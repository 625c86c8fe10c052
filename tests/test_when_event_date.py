"""Event dates: the time expression the event's predicate governs, read from a real parse."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from eventwatch.when import event_date, times_in_doc

SEED_TEXT = Path(__file__).resolve().parents[1] / "src/eventwatch/data/seed/putin-kim-summit.txt"

PUBLISHED = date(2023, 9, 13)


def _token(doc, word: str, nth: int = 0):
    hits = [t for t in doc if t.text == word]
    assert len(hits) > nth, f"{word!r} not in {doc.text!r}"
    return hits[nth]


def _date_of(nlp, sentence: str, trigger: str, factuality: str = "realized",
             published: date | None = PUBLISHED):
    doc = nlp(sentence)
    times = times_in_doc(doc, published)
    return event_date(doc, _token(doc, trigger), times, factuality, published)


def test_time_attached_to_the_predicate(nlp):
    tv = _date_of(nlp, "Russia plans to send Foreign Minister Sergei Lavrov to Pyongyang in "
                  "October, paving the way for a presidential visit.", "send", "planned")
    assert (tv.text, tv.value, tv.precision) == ("October", "2023-10", "month")


def test_when_clause_takes_the_time_it_modifies(nlp):
    sentence = ("This forthcoming visit would mark Putin's second trip to North Korea, with his "
                "last visit occurring in July 2000 when he met Kim Jong-il.")
    tv = _date_of(nlp, sentence, "met")
    assert (tv.text, tv.value, tv.precision) == ("July 2000", "2000-07", "month")


def test_other_clauses_time_is_not_taken(nlp):
    sentence = ("This forthcoming visit would mark Putin's second trip to North Korea, with his "
                "last visit occurring in July 2000 when he met Kim Jong-il.")
    assert _date_of(nlp, sentence, "visit", "planned") is None


def test_sentence_time_scoping_over_the_clause(nlp):
    tv = _date_of(nlp, "On Monday, officials said the two ministers met in Ankara.", "met")
    assert tv.value == "2023-09-11"


def test_relative_clause_of_an_argument_gives_no_date(nlp):
    tv = _date_of(nlp, "Putin, who first visited Pyongyang in 2000, praised the talks.", "praised")
    assert tv.text == "" and tv.value == "2023-09-13"


def test_noun_trigger_takes_its_relative_clause_time(nlp):
    tv = _date_of(nlp, "The meeting, which took place on Tuesday, was cordial.", "meeting")
    assert tv.value == "2023-09-12"


def test_planned_event_resolves_forward(nlp):
    late = date(2023, 11, 20)
    sentence = "Lavrov's visit to Pyongyang in October, officials said."
    realized = _date_of(nlp, sentence, "visit", "realized", late)
    planned = _date_of(nlp, sentence, "visit", "planned", late)
    assert realized.value == "2023-10"
    assert planned.value == "2024-10"


def test_planned_event_in_the_current_quarter_stays(nlp):
    tv = _date_of(nlp, "The review of the fourth quarter, officials said.", "review", "planned",
                  date(2023, 11, 20))
    assert tv.value == "2023-Q4"


def test_planned_event_keeps_an_explicit_year(nlp):
    tv = _date_of(nlp, "The visit in October 2022 was planned.", "visit", "planned",
                  date(2023, 11, 20))
    assert tv.value == "2022-10"


def test_realized_past_without_time_takes_published_date(nlp):
    tv = _date_of(nlp, "Putin and Kim exchanged gifts during their meeting.", "exchanged")
    assert (tv.text, tv.value, tv.precision, tv.type) == ("", "2023-09-13", "day", "DATE")


def test_planned_without_time_has_no_date(nlp):
    assert _date_of(nlp, "Kim is scheduled to visit Vladivostok.", "visit", "planned") is None


def test_present_tense_without_time_has_no_date(nlp):
    assert _date_of(nlp, "South Korean authorities are monitoring the drills.",
                    "monitoring") is None


def test_durations_are_not_event_dates(nlp):
    tv = _date_of(nlp, "The two leaders talked for five hours.", "talked")
    assert tv.text == "" and tv.value == "2023-09-13"


def test_no_published_date_no_fallback(nlp):
    assert _date_of(nlp, "The two leaders met.", "met", published=None) is None


def test_seed_article_dates(nlp):
    text = SEED_TEXT.read_text(encoding="utf-8")
    doc = nlp(text)
    times = times_in_doc(doc, PUBLISHED)
    by_text = {t.text: t.value for t in times}
    assert by_text["October"] == "2023-10"
    assert by_text["July 2000"] == "2000-07"
    evidence = "Putin and North Korean leader Kim Jong Un exchanged gifts"
    assert evidence in text
    meeting = event_date(doc, _token(doc, "exchanged"), times, "realized", PUBLISHED)
    assert (meeting.value, meeting.precision) == ("2023-09-13", "day")
    send = event_date(doc, _token(doc, "send"), times, "planned", PUBLISHED)
    assert (send.value, send.precision) == ("2023-10", "month")
    met = event_date(doc, _token(doc, "met"), times, "realized", PUBLISHED)
    assert (met.value, met.precision) == ("2000-07", "month")


# -- a time that names another event, and an event told again (issue 10's date misses) ------

def _date_in(nlp, text: str, trigger: str, published: date = date(2016, 12, 10)):
    doc = nlp(text)
    times = times_in_doc(doc, published)
    tok = [t for t in doc if t.text == trigger][-1]
    return event_date(doc, tok, times, "realized", published)


def test_date_of_an_earlier_event_named_in_an_argument_is_not_the_events(nlp):
    tv = _date_in(nlp, "Belgian police arrested a French man suspected in the March 2015 attacks "
                  "on the Brussels metro.", "arrested")
    assert (tv.text, tv.value) == ("", "2016-12-10")
    tv = _date_in(nlp, "Police arrested two men over the bombings of last year.", "arrested")
    assert (tv.text, tv.value) == ("", "2016-12-10")


def test_court_date_not_the_crime_date(nlp):
    tv = _date_in(nlp, "A Belgian court sentenced two men on Monday for last year's bombings in "
                  "Brussels.", "sentenced")
    assert tv.value == "2016-12-05"


def test_dated_event_noun_as_subject_dates_the_event(nlp):
    tv = _date_in(nlp, "The November 2015 attacks on the Brussels metro killed 40 people.", "killed")
    assert tv.value == "2015-11"
    tv = _date_in(nlp, "The bombings of last year killed 40 people in the Belgian capital.",
                  "killed")
    assert tv.value == "2015"


def test_event_told_again_takes_its_earlier_date(nlp):
    text = ("A series of attacks left 40 people dead in Brussels on March 3, 2015. The attackers "
            "struck in coordinated attacks at a metro station and a cafe.")
    assert _date_in(nlp, text, "struck").value == "2015-03-03"


def test_light_verb_object_is_the_event_told_before(nlp):
    text = ("A bomb attack on a market in Kabul on Friday killed 12 people. The Taliban carried "
            "out the attack, officials said.")
    assert _date_in(nlp, text, "carried").value == "2016-12-09"


def test_another_event_or_other_event_keeps_the_published_date(nlp):
    text = ("A bomb attack on a market in Kabul on Friday killed 12 people. Gunmen carried out "
            "another attack on a mosque.")
    assert _date_in(nlp, text, "carried").value == "2016-12-10"
    text = ("A series of attacks left 40 people dead in Brussels on March 3, 2015. Police "
            "arrested a man in Antwerp.")
    assert _date_in(nlp, text, "arrested").value == "2016-12-10"
    text = ("Voters elected a new parliament in the election of March 2015. Protesters rallied "
            "against the election result.")
    assert _date_in(nlp, text, "rallied").value == "2016-12-10"


def test_since_marks_where_a_stretch_began_not_the_events_day(nlp):
    tv = _date_in(nlp, "Since March 2015, police have arrested 300 people.", "arrested")
    assert (tv.text, tv.value) == ("", "2016-12-10")
    tv = _date_in(nlp, "Police arrested 30 people in March 2015.", "arrested")
    assert tv.value == "2015-03"


def test_noun_that_tells_the_event_keeps_its_date(nlp):
    # the ruling is the event: the barring happened in it
    tv = _date_in(nlp, "The court had barred the state, in its March 3, 2015 ruling, from "
                  "diverting the river.", "barred")
    assert tv.value == "2015-03-03"
    tv = _date_in(nlp, "Two soldiers died in the March 2015 attacks on the garrison.", "died")
    assert tv.value == "2015-03"
    tv = _date_in(nlp, "Senators will convene rare May 2017 sessions on the budget.", "convene")
    assert tv.value == "2017-05"


def test_a_dateline_labels_no_event(nlp):
    tv = _date_in(nlp, "KAMPALA, Uganda, March 3, 2015 - The minister has denied the claims.",
                  "denied")
    assert tv.value == "2015-03-03"
