"""ISO-TimeML's reading of anchored durations and decades (MEANTIME's convention), TimeML
1.2's kept as the default, and "the day has come": invented sentences, parsed for real."""

from __future__ import annotations

import pytest

from eventwatch.evaluate import timex
from eventwatch.when import find_times

PUBLISHED = "2020-05-14"  # a Thursday

# (sentence, the expression found, its value) under ISO-TimeML, then under TimeML 1.2
ANCHORED = [
    ("The bakery opened its first shop three years ago.",
     ("three years", "P3Y"), ("three years ago", "2017")),
    ("The mayor resigned about five years ago after a long scandal.",
     ("about five years", "P5Y"), ("about five years ago", "2015")),
    ("The ferry sank two weeks ago off the coast.",
     ("two weeks", "P2W"), ("two weeks ago", "2020-04-30")),
    ("Its founder left the firm two decades ago.",
     ("two decades", "P20Y"), ("two decades ago", "2000")),
    ("The castle was sold half a century ago.",
     ("half a century", "P50Y"), ("half a century ago", "1970")),
    ("The treaty was signed in March 2011; the border opened six months later.",
     ("six months", "P6M"), ("six months later", "2011-09")),
]


@pytest.mark.parametrize(("sentence", "iso", "timeml"), ANCHORED)
def test_anchored_durations_by_convention(sentence, iso, timeml):
    iso_found = {t["text"]: t for t in find_times(sentence, PUBLISHED, "iso-timeml")}
    assert iso[0] in iso_found, f"{iso[0]!r} not in {list(iso_found)}"
    assert (iso_found[iso[0]]["type"], iso_found[iso[0]]["value"]) == ("DURATION", iso[1])
    own = {t["text"]: t["value"] for t in find_times(sentence, PUBLISHED)}
    assert own.get(timeml[0]) == timeml[1], own


def test_decades_are_years_in_iso_timeml_only():
    sentence = "The two villages ended a decades-long feud over grazing land."
    iso = {t["text"]: t["value"] for t in find_times(sentence, PUBLISHED, "iso-timeml")}
    own = {t["text"]: t["value"] for t in find_times(sentence, PUBLISHED)}
    assert iso == {"decades": "PXY"}
    assert own == {"decades": "PXDE"}


@pytest.mark.parametrize(("sentence", "text", "value"), [
    ("Rebels ended a months-long siege of the port.", "months", "PXM"),
    ("The union won a years-long fight for higher pay.", "years", "PXY"),
    ("The talks followed an hours-long meeting.", "hours", "PTXH"),
    # "a" counts one when the unit is singular
    ("The union won a year-long fight for higher pay.", "a year-long", "P1Y"),
])
def test_a_before_a_plural_unit_is_an_article(sentence, text, value):
    found = {t["text"]: t["value"] for t in find_times(sentence, PUBLISHED)}
    assert found.get(text) == value, found


def test_plain_durations_and_dates_are_the_same_in_both():
    sentence = "The strike lasted three weeks and ended on Monday."
    iso = [(t["text"], t["value"]) for t in find_times(sentence, PUBLISHED, "iso-timeml")]
    own = [(t["text"], t["value"]) for t in find_times(sentence, PUBLISHED)]
    assert iso == own == [("three weeks", "P3W"), ("Monday", "2020-05-11")]


def test_an_unknown_convention_is_refused():
    with pytest.raises(ValueError, match="iso-timeml"):
        find_times("It rained yesterday.", PUBLISHED, "timeml-3")


@pytest.mark.parametrize(("sentence", "text", "value"), [
    ("After forty years of exile, the day has come for him to return.", "the day",
     "PRESENT_REF"),
    ("\"The time has come to vote,\" the chairwoman told the assembly.", "The time",
     "PRESENT_REF"),
    ("The moment has finally arrived for the new bridge.", "The moment", "PRESENT_REF"),
    # its future side is unchanged
    ("The day will come when the mines are closed.", "The day", "FUTURE_REF"),
])
def test_the_awaited_point_that_has_come_is_now(sentence, text, value):
    found = {t["text"]: t["value"] for t in find_times(sentence, PUBLISHED)}
    assert found.get(text) == value, found


def _cat(folder, iso: bool):
    words = ["Port", "reopens", "March", "5", ",", "2008", "The", "port", "closed", "two",
             "years", "ago", "."]
    sents = [0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2]
    extra = ' beginPoint="" endPoint=""' if iso else ""
    toks = "".join(f'<token sentence="{s}" t_id="{i}">{w}</token>'
                   for i, (w, s) in enumerate(zip(words, sents, strict=True), start=1))
    gold = ("P2Y", [10, 11]) if iso else ("2006", [10, 11, 12])
    path = folder / ("iso.xml" if iso else "tml.xml")
    path.write_text(
        f'<Document doc_name="port">{toks}<Markables>'
        f'<TIMEX3 functionInDocument="CREATION_TIME" m_id="1" type="DATE" value="2008-03-05"'
        f'{extra}><token_anchor t_id="3"/><token_anchor t_id="4"/><token_anchor t_id="5"/>'
        f'<token_anchor t_id="6"/></TIMEX3>'
        f'<TIMEX3 functionInDocument="NONE" m_id="2" type="{"DURATION" if iso else "DATE"}" '
        f'value="{gold[0]}"{extra}>'
        + "".join(f'<token_anchor t_id="{i}"/>' for i in gold[1])
        + "</TIMEX3></Markables></Document>", encoding="utf-8")
    return path


def test_the_evaluator_scores_each_file_in_its_annotation_convention(tmp_path):
    iso, tml = _cat(tmp_path, iso=True), _cat(tmp_path, iso=False)
    assert timex.read_cat(iso).convention == "iso-timeml"
    assert timex.read_cat(tml).convention == "timeml"
    report = timex.evaluate(tmp_path)
    assert (report.matched, report.value_ok) == (2, 2)
    # one convention forced on both: one of the two values is then wrong
    assert timex.evaluate(tmp_path, "timeml").value_ok == 1
