"""Time expressions: found in real sentences, normalised TIMEX3-style against a published date."""

from __future__ import annotations

from datetime import date

import pytest

from eventwatch.errors import EventwatchError
from eventwatch.when import calendar as cal
from eventwatch.when import find_times, lexicon

# (sentence, published date, the expression, its TIMEX3 value, its type)
CASES = [
    # days
    ("The plane landed on March 1, 2008 in Toulouse.", "2008-03-05", "March 1, 2008",
     "2008-03-01", "DATE"),
    ("The ceasefire began on 11 December.", "2010-01-25", "11 December", "2009-12-11", "DATE"),
    ("The minister resigned yesterday.", "2023-09-13", "yesterday", "2023-09-12", "DATE"),
    ("Talks resume tomorrow in Geneva.", "2023-09-13", "tomorrow", "2023-09-14", "DATE"),
    ("The two leaders met on Monday.", "2023-09-13", "Monday", "2023-09-11", "DATE"),
    ("The two leaders will meet on Friday.", "2023-09-13", "Friday", "2023-09-15", "DATE"),
    ("Parliament voted last Wednesday.", "2023-09-13", "last Wednesday", "2023-09-06", "DATE"),
    ("The tower opened on 7/8/07 to the public.", "2007-07-09", "7/8/07", "2007-07-08", "DATE"),
    ("A hearing has been scheduled for June 3.", "2009-05-14", "June 3", "2009-06-03", "DATE"),
    ("The rebels attacked the town a week ago.", "2011-03-18", "a week ago", "2011-03-11",
     "DATE"),
    ("Rebels entered the city on March 3. The next day, the army withdrew.", "2023-09-13",
     "The next day", "2023-03-04", "DATE"),
    ("The currency recovered late in the day after a sharp drop.", "2007-08-10",
     "late in the day", "2007-08-10", "DATE"),
    ("Envoys arrived on Tuesday and the talks opened the same day.", "2009-12-16",
     "the same day", "2009-12-15", "DATE"),
    ("Rebels entered the city on March 3. Three days later, the army withdrew.", "2023-09-13",
     "Three days later", "2023-03-06", "DATE"),
    ("The ceasefire collapsed two hours later.", "2023-09-13", "two hours later", "PT2H",
     "DURATION"),
    ("The ministry said on Thursday it would respond within 48 hours.", "2023-09-13",
     "Thursday", "2023-09-07", "DATE"),
    ("Shares fell on Tuesday. The stock rose in morning trading.", "2023-09-13", "morning",
     "2023-09-12TMO", "TIME"),
    ("The airline lost $2 billion in the last quarter of 2005 and more for the entire year.",
     "2006-01-27", "the entire year", "2005", "DATE"),
    ("Costs fell to $118 billion in 2008, less than the year before.", "2010-01-28",
     "the year before", "2007", "DATE"),
    # weeks, months, quarters, seasons, years, decades, centuries
    ("Protesters gathered in the capital last week.", "2023-09-13", "last week", "2023-W36",
     "DATE"),
    ("Envoys will meet again this weekend.", "2010-01-25", "this weekend", "2010-W04-WE", "DATE"),
    ("Russia plans to send Foreign Minister Sergei Lavrov to Pyongyang in October.",
     "2023-09-13", "October", "2023-10", "DATE"),
    ("Russia plans to send Foreign Minister Sergei Lavrov to Pyongyang in October.",
     "2023-11-20", "October", "2024-10", "DATE"),
    ("The army withdrew from the town in October.", "2023-09-13", "October", "2022-10", "DATE"),
    ("The army withdrew from the town in October.", "2023-11-20", "October", "2023-10", "DATE"),
    ("Elections were postponed to March.", "2023-11-20", "March", "2024-03", "DATE"),
    ("The summit, set for October, will focus on trade.", "2023-11-20", "October", "2024-10",
     "DATE"),
    ("His last visit occurred in July 2000.", "2023-09-13", "July 2000", "2000-07", "DATE"),
    ("The embassy will reopen next month.", "2011-08-08", "next month", "2011-09", "DATE"),
    ("Exports slowed in the third quarter of this year.", "2009-11-03",
     "the third quarter of this year", "2009-Q3", "DATE"),
    ("Sales rose in the first quarter of 2009.", "2009-05-07", "the first quarter of 2009",
     "2009-Q1", "DATE"),
    ("The offensive stalled in the summer of 2023.", "2023-11-01", "the summer of 2023", "2023-SU",
     "DATE"),
    ("Fighting resumed this spring.", "2009-04-01", "this spring", "2009-SP", "DATE"),
    ("The treaty was signed in 1991.", "2006-03-28", "1991", "1991", "DATE"),
    ("Inflation will ease this year.", "2023-09-13", "this year", "2023", "DATE"),
    ("The border was closed two years ago.", "2023-09-13", "two years ago", "2021", "DATE"),
    ("The economy boomed in the 1990s.", "2023-09-13", "the 1990s", "199", "DATE"),
    ("Such sieges were common in the 19th century.", "2023-09-13", "the 19th century", "18",
     "DATE"),
    ("Oil output collapsed in early 2009.", "2011-01-17", "early 2009", "2009", "DATE"),
    # a season without a year, read by the tense like a month
    ("Exports rose in the summer.", "2024-04-10", "the summer", "2023-SU", "DATE"),
    ("Exports will rise in the summer.", "2024-04-10", "the summer", "2024-SU", "DATE"),
    ("Exports rose in the spring.", "2024-04-10", "the spring", "2024-SP", "DATE"),
    ("The harvest will start in the autumn.", "2024-12-02", "the autumn", "2025-FA", "DATE"),
    # decades in words, and "the 1800s" as the century news means by it
    ("The band was famous in the nineties.", "2024-04-10", "the nineties", "199", "DATE"),
    ("The city grew fast in the 1800s.", "2024-04-10", "the 1800s", "18", "DATE"),
    ("The mill closed in the 1980s.", "2024-04-10", "the 1980s", "198", "DATE"),
    # "this past week" is the week before, not a stretch of seven days
    ("Prices rose this past week.", "2024-04-10", "this past week", "2024-W14", "DATE"),
    ("Rebels attacked this past weekend.", "2024-04-10", "this past weekend", "2024-W14-WE",
     "DATE"),
    ("Prices rose over the past week.", "2024-04-10", "the past week", "P1W", "DURATION"),
    # anaphora: "the following month", "a year later", "that year" count from the time the
    # text mentioned last, not from the published date (the deictic "next month" does)
    ("Oil peaked in 2008 and fell the following year.", "2024-04-10", "the following year",
     "2009", "DATE"),
    ("Oil peaked in 2008. A year later, prices halved.", "2024-04-10", "A year later", "2009",
     "DATE"),
    ("Rebels took the port in March 2019. Two months later, the navy left.", "2024-04-10",
     "Two months later", "2019-05", "DATE"),
    ("Rebels took the port in March 2019. The previous month, the navy had left.",
     "2024-04-10", "The previous month", "2019-02", "DATE"),
    ("Rebels took the port on March 3, 2019. The following week, the navy left.", "2024-04-10",
     "The following week", "2019-W10", "DATE"),
    ("Rebels took the port in 2019. That year, the navy left.", "2024-04-10", "That year",
     "2019", "DATE"),
    ("Prices rose 4% from the previous year.", "2024-04-10", "the previous year", "2023",
     "DATE"),
    # "the next year" opening a past-tense clause is the year after the one told, not P1Y
    ("Oil peaked in 2008. The next year, prices fell.", "2024-04-10", "The next year", "2009",
     "DATE"),
    ("Prices will fall over the next year.", "2024-04-10", "the next year", "P1Y", "DURATION"),
    # "ago" with a modifier or a fraction is still a date
    ("The dam was built half a century ago.", "2024-04-10", "half a century ago", "1974",
     "DATE"),
    ("The mine opened more than a century ago.", "2024-04-10", "more than a century ago",
     "1924", "DATE"),
    ("The law was passed nearly two decades ago.", "2024-04-10", "nearly two decades ago",
     "2004", "DATE"),
    # a week or day of a month
    ("Workers struck in the second week of January 2023.", "2024-04-10",
     "the second week of January 2023", "2023-W02", "DATE"),
    ("Car sales recovered in the last week of March.", "2009-04-01", "the last week of March",
     "2009-W13", "DATE"),
    ("The contract ran out on the last day of February.", "2024-04-10",
     "the last day of February", "2024-02-29", "DATE"),
    # an unnamed point: "a day when ...", "the day will come" (PAST_REF / FUTURE_REF)
    ("She recalled a time when the market was empty.", "2024-04-10", "a time", "PAST_REF",
     "DATE"),
    ("The day will come when the border reopens.", "2024-04-10", "The day", "FUTURE_REF",
     "DATE"),
    ("He said that if there ever came a day when he could not serve, he would resign.",
     "2024-04-10", "a day", "FUTURE_REF", "DATE"),
    ("Elections are expected in the near future.", "2024-04-10", "the near future",
     "FUTURE_REF", "DATE"),
    # times
    ("The rocket lifted off at 18:00 UTC on Tuesday.", "2009-12-16", "18:00 UTC on Tuesday",
     "2009-12-15T18:00Z", "TIME"),
    ("The vote ended at 6 p.m. today.", "2023-09-13", "6 p.m. today", "2023-09-13T18:00",
     "TIME"),
    ("Shelling began this morning.", "2008-01-09", "this morning", "2008-01-09TMO", "TIME"),
    # durations
    ("The siege lasted three days.", "2023-09-13", "three days", "P3D", "DURATION"),
    ("He served two years in prison.", "2023-09-13", "two years", "P2Y", "DURATION"),
    ("The talks went on for five hours.", "2023-09-13", "five hours", "PT5H", "DURATION"),
    ("Airbus signed a 27-year contract.", "2008-03-27", "27-year", "P27Y", "DURATION"),
    ("The delay could last almost two and a half years.", "2009-12-16",
     "almost two and a half years", "P2.5Y", "DURATION"),
    ("The project has been delayed several years.", "2008-05-24", "several years", "PXY",
     "DURATION"),
    ("Prices doubled over the past decade.", "2005-06-06", "the past decade", "P10Y",
     "DURATION"),
    ("The review could last between 60 and 90 days.", "2009-06-04", "60", "P60D",
     "DURATION"),
    ("The empire lasted two centuries.", "2023-09-13", "two centuries", "P200Y", "DURATION"),
    # sets
    ("The council meets weekly.", "2023-09-13", "weekly", "P1W", "SET"),
    ("The fund pays out $5 billion a year.", "2023-09-13", "a year", "P1Y", "SET"),
    ("Inspectors visit every month.", "2023-09-13", "every month", "P1M", "SET"),
    # references
    ("The region is now under curfew.", "2023-09-13", "now", "PRESENT_REF", "DATE"),
    ("Clashes have recently intensified.", "2023-09-13", "recently", "PAST_REF", "DATE"),
    ("Elections may be held in the future.", "2023-09-13", "the future", "FUTURE_REF", "DATE"),
    # "today" meaning "nowadays" (TimeML: PRESENT_REF), not the day
    ("Today's Portugal is a different country.", "2023-09-13", "Today", "PRESENT_REF", "DATE"),
    ("Few jobs at today's Kodak are in film.", "2023-09-13", "today", "PRESENT_REF", "DATE"),
    ("Privacy means little in today's world.", "2023-09-13", "today", "PRESENT_REF", "DATE"),
    ("Few jobs at today 's Kodak are in film .", "2023-09-13", "today", "PRESENT_REF", "DATE"),
    ("Today's Senate vote was close.", "2023-09-13", "Today", "2023-09-13", "DATE"),
    ("She spoke at today's meeting.", "2023-09-13", "today", "2023-09-13", "DATE"),
]


@pytest.mark.parametrize(("sentence", "published", "text", "value", "type_"), CASES)
def test_expression_values(sentence, published, text, value, type_):
    found = {t["text"]: t for t in find_times(sentence, published)}
    assert text in found, f"{text!r} not found in {sentence!r}: {list(found)}"
    t = found[text]
    assert (t["value"], t["type"]) == (value, type_)
    assert sentence[t["start"]:t["end"]] == text


def test_precision_of_each_kind():
    text = ("On 13 September 2023 the envoy said that in 2013-W12 terms nothing changed; "
            "talks in July 2000, in the 1990s, last week, in the spring of 2001, in the third "
            "quarter of 2009, for three days, weekly, and now.")
    prec = {t["text"]: t["precision"] for t in find_times(text, "2023-09-13")}
    assert prec["13 September 2023"] == "day"
    assert prec["July 2000"] == "month"
    assert prec["the 1990s"] == "decade"
    assert prec["last week"] == "week"
    assert prec["the spring of 2001"] == "season"
    assert prec["the third quarter of 2009"] == "quarter"
    assert prec["three days"] == "duration"
    assert prec["weekly"] == "set"
    assert prec["now"] == "ref"


def test_no_anchor_leaves_values_underspecified():
    found = {t["text"]: t["value"] for t in find_times(
        "The summit is planned for October; the deal was signed on Monday.", None)}
    assert found["October"] == "XXXX-10"
    assert found["Monday"] == "XXXX-WXX-1"


def test_month_alone_is_never_given_a_day():
    found = find_times("The envoy will travel to Pyongyang in October.", "2023-09-13")
    assert [t["value"] for t in found] == ["2023-10"]


def test_fractions_are_not_quarters():
    assert find_times("The bill needs a three-quarter majority.", "2023-09-13") == []


def test_later_after_a_unit_is_not_a_reference():
    found = find_times("The rebels returned hours later.", "2023-09-13")
    assert [t["value"] for t in found] == []


def test_lowercase_may_and_march_are_not_months():
    text = "Troops may march on the capital, officials said."
    assert find_times(text, "2023-09-13") == []


def test_months_and_seasons_inside_names_are_not_times():
    text = "Veterans of the Long March met Theresa May as the Arab Spring faded."
    assert find_times(text, "2023-09-13") == []


def test_military_hours_are_clock_times_only_as_times():
    found = find_times("The drone flew 1500 hours of missions; the raid began at 0400 hours.",
                       "2023-09-13")
    assert [(t["text"], t["value"]) for t in found] == [
        ("1500 hours", "PT1500H"), ("0400 hours", "2023-09-13T04:00")]


def test_ages_are_not_decades():
    found = find_times("Most victims were in their 40s; the tune was a hit in the '80s.",
                       "2023-09-13")
    assert [(t["text"], t["value"]) for t in found] == [("the '80s", "198")]


def test_quantities_are_not_years():
    assert find_times("The firm cut 2000 jobs and sold 1500 cars.", "2023-09-13") == []
    assert find_times("The Russell 2000 Index fell.", "2023-09-13") == []


def test_expression_does_not_span_lines():
    found = find_times("Markets to stay closed until Friday\nSeptember 18, 2008", "2008-09-18")
    assert [(t["text"], t["value"]) for t in found] == [
        ("Friday", "2008-09-19"), ("September 18, 2008", "2008-09-18")]


def test_bad_published_date_is_one_clear_error():
    for bad in ("04/09/2023", "the day after"):  # April or September; no date at all
        with pytest.raises(EventwatchError) as err:
            find_times("It happened yesterday.", bad)
        assert "E010" in str(err.value) and bad in str(err.value)


def test_infer_year_follows_tense():
    anchor = date(2023, 11, 20)
    assert cal.infer_year(10, None, anchor, +1) == 2024
    assert cal.infer_year(10, None, anchor, -1) == 2023
    assert cal.infer_year(12, None, date(2023, 1, 10), 0) == 2022  # nearest December
    assert cal.infer_year(2, None, date(2023, 1, 10), 0) == 2023


def test_weekday_date_directions():
    wed = date(2023, 9, 13)
    assert cal.weekday_date(1, wed, -1) == date(2023, 9, 11)
    assert cal.weekday_date(1, wed, +1) == date(2023, 9, 18)
    assert cal.weekday_date(3, wed, -1) == wed
    assert cal.weekday_date(3, wed, -1, strict=True) == date(2023, 9, 6)


def test_lexicon_schema_check_rejects_bad_data():
    good = lexicon.load()
    assert good.months["october"] == 10
    with pytest.raises(EventwatchError):
        lexicon.check({"months": {"jan": 1}})
    with pytest.raises(EventwatchError):
        lexicon.check([1, 2])


def test_public_api_and_record_shape(nlp):
    import eventwatch
    from eventwatch.when import times_in_doc

    found = eventwatch.find_times("Kim arrived on Tuesday for talks lasting three days.",
                                  date(2023, 9, 13))
    assert [(t["text"], t["type"], t["value"]) for t in found] == [
        ("Tuesday", "DATE", "2023-09-12"), ("three days", "DURATION", "P3D")]
    assert set(found[0]) >= {"start", "end", "text", "type", "value"}
    doc = nlp("Officials met weekly from July 2000 until now, most recently at 10 a.m. on Monday.")
    allowed = {"day", "week", "month", "quarter", "season", "year", "decade", "century",
               "time", "duration", "set", "ref"}
    values = times_in_doc(doc, "2023-09-13")
    assert {t.precision for t in values} <= allowed
    assert [(t.text, t.value, t.precision) for t in values] == [
        ("weekly", "P1W", "set"), ("July 2000", "2000-07", "month"), ("now", "PRESENT_REF", "ref"),
        ("recently", "PAST_REF", "ref"), ("10 a.m. on Monday", "2023-09-11T10:00", "time")]


def test_published_may_be_a_datetime_or_iso_timestamp():
    from datetime import datetime

    # read by eventwatch.dates.parse_date, as every date: ISO 8601, RFC 2822, day-first
    for published in (datetime(2023, 9, 13, 22, 5), "2023-09-13T22:05:00Z",
                      "Wed, 13 Sep 2023 22:05:00 +0900", "13/09/2023"):
        found = find_times("The minister resigned yesterday.", published)
        assert [t["value"] for t in found] == ["2023-09-12"]


def test_a_weekday_in_a_name_is_not_the_last_such_day():
    # "Black Monday" (1987) is not the Monday before the published day; a weekday after a
    # name in news style ("The Fed Tuesday raised rates") still is
    found = find_times("Stocks crashed on Black Monday in 1987.", "2007-10-19")
    assert [(t["text"], t["value"]) for t in found] == [("1987", "1987")]
    assert not find_times("Shoppers flocked to the stores on Black Friday.", "2024-04-10")
    found = find_times("The Fed Tuesday raised rates.", "2024-04-10")
    assert [(t["text"], t["value"]) for t in found] == [("Tuesday", "2024-04-09")]
