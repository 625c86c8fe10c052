"""How one mention is read: heads, appositives, clauses, places inside mentions, namesakes."""

from __future__ import annotations

import pytest

from eventwatch.actors import resolve_actor


@pytest.mark.parametrize(
    ("mention", "when", "want"),
    [
        # appositives and clauses: the head comes first
        (
            "Jane Doe, the former U.S. ambassador",
            "2020-01-01",
            ("Jane Doe", "USA", "ELI", "person"),
        ),
        (
            "Acme Holdings, a firm owned by Vladimir Putin",
            "2020-01-01",
            ("Acme Holdings", None, "BUS", "organisation"),
        ),
        (
            "the ANC and its allies",
            "2020-01-01",
            ("African National Congress", "ZAF", "PTY", "organisation"),
        ),
        ("a militia backed by Iran", "2020-01-01", (None, None, "REB", "organisation")),
        # unknown people typed by the body in the mention, titles inside names
        (
            "the EU Trade Commissioner Anna Kowalska",
            "2020-01-01",
            ("Anna Kowalska", None, "IGO", "person"),
        ),
        ("Hamas official Omar Haddad", "2020-01-01", ("Omar Haddad", "PSE", "REB", "person")),
        (
            "Lagos Archbishop John Paul Cardinal Okafor",
            "2020-01-01",
            ("John Paul Cardinal Okafor", "NGA", "REL", "person"),
        ),
        # places inside a mention give the country
        ("police in Lagos", "2020-01-01", (None, "NGA", "COP", "organisation")),
        ("former Lyon mayor Jean Dupont", "2020-01-01", ("Jean Dupont", "FRA", "ELI", "person")),
        ("the Chicago police department", "2020-01-01", (None, "USA", "COP", "organisation")),
        ("US-led forces", "2003-04-01", (None, "USA", "MIL", "group")),
        # states, provinces and the people of a country
        ("Texas", "2020-01-01", ("United States", "USA", None, "country")),
        ("the Palestinians", "2020-01-01", ("Palestine", "PSE", None, "group")),
        # plural of a person word
        ("Chinese army commanders", "2020-01-01", (None, "CHN", "MIL", "group")),
        # namesakes: the country in the mention decides, but a stated nationality of an ally does not
        ("Saudi King Abdullah", "2010-01-01", ("Abdullah bin Abdulaziz", "SAU", "GOV", "person")),
        ("King Abdullah", "2010-01-01", ("Abdullah II", "JOR", "GOV", "person")),
        (
            "Russia's ally Alexander Lukashenko",
            "2020-01-01",
            ("Alexander Lukashenko", "BLR", "GOV", "person"),
        ),
        # sectors that change with the date
        ("Mullah Omar", "1999-01-01", ("Mullah Omar", "AFG", "GOV", "person")),
        ("Mullah Omar", "2005-01-01", ("Mullah Omar", "AFG", "REB", "person")),
        ("the Rapid Support Forces", "2019-06-03", ("Rapid Support Forces", "SDN", "MIL", "group")),
        ("the Rapid Support Forces", "2023-06-03", ("Rapid Support Forces", "SDN", "REB", "group")),
        # offices by title on the date
        ("the Russian president", "2010-06-01", ("Dmitry Medvedev", "RUS", "GOV", "person")),
        ("German leader", "2010-06-01", ("Angela Merkel", "DEU", "GOV", "person")),
        ("NATO chief", "2016-01-01", ("Jens Stoltenberg", None, "IGO", "person")),
        ("the former Russian president", "2010-06-01", (None, "RUS", "ELI", "person")),
    ],
)
def test_reading(mention, when, want):
    got = resolve_actor(mention, date=when)
    assert got is not None
    assert (got["name"], got["country"], got["sector"], got["kind"]) == want


@pytest.mark.parametrize(
    "mention", ["a glove", "the legislation", "conflict zones", "Kim Jong Un's late father"]
)
def test_non_actors_are_none(mention):
    assert resolve_actor(mention, date="2023-09-13") is None


def test_unknown_surname_without_context_is_none_not_a_guess():
    assert resolve_actor("Kim", date="2000-07-01") is None  # Kim Jong-il or Kim Dae-jung?
    got = resolve_actor("Kim", date="2000-07-01", context="Putin met Kim Jong-il in Pyongyang.")
    assert got["name"] == "Kim Jong-il"
