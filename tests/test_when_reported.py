"""Relative times in reported speech read against the day of the saying, the future of a
saying ("would"), and fiscal years: invented sentences, parsed for real."""

from __future__ import annotations

import pytest

from eventwatch.when import find_times

PUBLISHED = "2024-04-10"  # a Wednesday

# (sentence, the expression, its TIMEX3 value)
CASES = [
    # what a dated saying reports counts from the saying's day
    ("On March 3, 2019, the ministry said the army had withdrawn on Friday.", "Friday",
     "2019-03-01"),
    ("In a statement on March 3, 2019, the ministry said the talks would resume next month.",
     "next month", "2019-04"),
    ("The minister said on Monday that the army withdrew yesterday.", "yesterday", "2024-04-07"),
    ("\"We will meet again tomorrow,\" the envoy said on March 3, 2019.", "tomorrow",
     "2019-03-04"),
    ("Speaking on Monday, the minister said talks would resume tomorrow.", "tomorrow",
     "2024-04-09"),
    # the speaker in apposition: "the envoy, speaking on March 3, said ..."
    ("The envoy, speaking on March 3, said rebels had entered the town yesterday.", "yesterday",
     "2024-03-02"),
    # a saying dated to a month or a year fixes a month or a year, not a weekday
    ("Speaking in May 2019, the minister said elections would be held next year.", "next year",
     "2020"),
    ("In June 2019 the governor said the bridge would reopen next month.", "next month",
     "2019-07"),
    ("In 2019 the ministry said exports had fallen the previous year.", "the previous year",
     "2018"),
    ("In May 2019 the minister said the army had withdrawn on Friday.", "Friday", "2024-04-05"),
    # a saying with no day of its own, or the saying's own time: the published day
    ("The minister said the army withdrew yesterday.", "yesterday", "2024-04-09"),
    ("The minister said on Monday that the army withdrew yesterday.", "Monday", "2024-04-08"),
    ("The ministry said on Thursday it would respond within 48 hours.", "Thursday",
     "2024-04-04"),
    # not speech: "the next day" counts from the day told before (discourse), as before
    ("On March 3, 2019, the army withdrew and the minister resigned the next day.",
     "the next day", "2019-03-04"),
    # "would" is the future of a saying: the weekday lies ahead
    ("The minister said he would resign on Friday.", "Friday", "2024-04-12"),
    ("Officials said the talks would resume on Monday.", "Monday", "2024-04-15"),
    ("The minister would have resigned on Monday.", "Monday", "2024-04-08"),
    ("The minister resigned on Monday.", "Monday", "2024-04-08"),
    # fiscal years, named by the calendar year they end in
    ("Profits rose in the 2023 fiscal year.", "the 2023 fiscal year", "FY2023"),
    ("Profits rose in fiscal year 2022-23.", "fiscal year 2022-23", "FY2023"),
    ("Revenue fell in the financial year 2021-22.", "financial year 2021-22", "FY2022"),
    ("Revenue fell in FY23.", "FY23", "FY2023"),
    ("Revenue fell in FY 2022-23.", "FY 2022-23", "FY2023"),
    ("Revenue fell in fiscal 2024.", "fiscal 2024", "FY2024"),
]


@pytest.mark.parametrize(("sentence", "text", "value"), CASES)
def test_reported_and_fiscal_values(sentence, text, value):
    found = {t["text"]: t for t in find_times(sentence, PUBLISHED)}
    assert text in found, f"{text!r} not found in {sentence!r}: {list(found)}"
    assert found[text]["value"] == value


def test_a_range_of_two_unrelated_years_is_no_fiscal_year():
    found = {t["text"]: t["value"] for t in find_times("Revenue fell in fiscal 2019-23.",
                                                        PUBLISHED)}
    assert "FY2023" not in found.values()


def test_without_a_published_date_nothing_is_reanchored():
    found = {t["text"]: t["value"] for t in find_times(
        "On March 3, 2019, the ministry said the army had withdrawn on Friday.")}
    assert found["March 3, 2019"] == "2019-03-03"
    assert found["Friday"] == "XXXX-WXX-5"
