"""The time grammar's needs: a line is searched by a rule only when it holds what every match
of the rule holds; skipping the other lines must never lose a match."""

import re

from eventwatch.when.grammar import _DIGIT, _fold, grammar, holds
from test_when import CASES

# invented lines that reach every rule, and its near misses
LINES = [
    "On 2021-03-04 and 4/5/2021, on Monday, March 3, 2021 and the 3rd of March, talks resumed.",
    "The first week of June 2019, in May 2018, in June of last year, last March and in 1998.",
    "In fiscal 2020, FY21 and the 2019 financial year, since '98, in the 1990s and the eighties.",
    "The 21st century, the third quarter of this year, Q3 2020, the first half of 2019.",
    "Last summer, early today, this morning, next Tuesday, this past week, the end of the month.",
    "Over the weekend, the same period last year, the day has come, that same day, the year before.",
    "That year, one day when, in early morning trading, the next day, three years ago, from now.",
    "For about two and a half years, 10 to 12 days, half an hour, in recent months, years-long.",
    "Annually, every two weeks, at 10:30 a.m. GMT on Friday, 9 pm, 0600 UTC, at noon tomorrow.",
    "Right now, at present, recently, on New Year’s Day, at Christmas, this Halloween.",
    "İn 1999 the vote was held at ıncirlik at 2 PM; ſunday was quiet.",
]


def test_every_rule_says_what_it_needs():
    g = grammar()
    assert len(g.needs) == len(g.rules)
    assert all(need and all(group for group in need) for need in g.needs)


def test_no_line_a_rule_matches_is_skipped():
    g = grammar()
    texts = LINES + [case[0] for case in CASES]
    matched = 0
    for text in texts:
        for line in re.finditer(r"[^\n]+", text):
            lo, hi = line.span()
            folded, digit = _fold(line.group()), _DIGIT.search(line.group()) is not None
            for (name, rx, _), need in zip(g.rules, g.needs, strict=True):
                if rx.search(text, lo, hi) is not None:
                    matched += 1
                    assert holds(need, folded, digit), (name, line.group())
    assert matched > 150
    names = {
        name
        for text in texts
        for name, rx, _ in g.rules
        if rx.search(text) is not None
    }
    assert len(names) >= 40  # the lines reach (nearly) every rule


def test_a_line_without_any_need_is_not_searched():
    g = grammar()
    century = dict(zip((name for name, _, _ in g.rules), g.needs, strict=True))["century"]
    assert not holds(century, _fold("The talks went on without a break."), False)
    assert holds(century, _fold("The 21ST CENTURY began."), True)
