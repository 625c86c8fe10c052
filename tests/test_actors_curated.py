"""The curated lists (data/actors/orgs/*.csv, people/heads_smaller_states.csv) and the readings
that go with them: national bodies named with another country, a country's name inside a
body's name, a titled surname that is not the foreign namesake, regional demonyms, an unnamed
body that is not the source country's own, a national branch of an international body.
Mentions and sentences are our own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventwatch import nlp, resolve_actor
from eventwatch.actors import DocActors, loader
from eventwatch.actors.sectors import DATA_DIR


def _got(text: str, on: str = "2020-06-01") -> tuple[str | None, str | None]:
    res = resolve_actor(text, date=on) or {}
    return res.get("country"), res.get("sector")


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("the Riksbank", ("SWE", "GOV")),  # central banks are government
        ("Bank of Uganda", ("UGA", "GOV")),
        ("the Bank of China", ("CHN", "BUS")),  # a commercial bank ...
        ("the People's Bank of China", ("CHN", "GOV")),  # ... and the central bank
        ("Sonangol", ("AGO", "BUS")),
        ("Chadema", ("TZA", "PTY")),
        ("Makerere University", ("UGA", "EDU")),
        ("the Kathmandu Post", ("NPL", "MED")),
        ("the Arakan Rohingya Salvation Army", ("MMR", "REB")),
        ("the Southern African Development Community", (None, "IGO")),
        ("the Zambian electoral commission", ("ZMB", "GOV")),  # a state body, not a party
        ("Nepal's health ministry", ("NPL", "GOV")),  # every ministry is GOV
        ("Romania's prosecutor general", ("ROU", "JUD")),
    ],
)
def test_curated_bodies(text: str, want: tuple[str | None, str | None]) -> None:
    assert _got(text) == want


def test_a_national_body_named_with_another_country_is_that_countrys() -> None:
    # "Congress" alone is the US Congress; "Chile's Congress" is Chile's legislature
    assert _got("the Congress") == ("USA", "LEG")
    assert _got("Chile's Congress") == ("CHL", "LEG")
    # a party of the same name in another country
    assert _got("Algeria's Justice and Development Party") == ("DZA", "PTY")
    # a body named by a generic phrase an IGO also goes by
    assert _got("Russia's Security Council") == ("RUS", "GOV")
    assert _got("the UN Security Council") == (None, "IGO")


def test_a_countrys_name_inside_a_bodys_name() -> None:
    country, _ = _got("the Malawi People's Defence Force")
    assert country == "MWI"
    # a possessive is a relation, not the body's name: "Iran's Hezbollah" stays Lebanese
    country, sector = _got("Iran's Hezbollah allies")
    assert sector == "REB" and country == "LBN"


def test_a_titled_surname_of_another_countrys_namesake_is_not_that_person() -> None:
    # "Silva" alone is Brazil's Lula da Silva; here it ends a Cape Verdean minister's name
    res = resolve_actor("Cape Verde's foreign minister Rui Alves e Silva", date="2019-01-01")
    assert res is not None and (res["country"], res["sector"]) == ("CPV", "GOV")


def test_regional_demonyms_and_nations() -> None:
    assert _got("Basque police") == ("ESP", "COP")
    assert _got("the Scottish government") == ("GBR", "GOV")
    assert _got("Flemish nationalists")[0] == "BEL"


def test_heads_of_smaller_states_hold_office_past_2014() -> None:
    # the imported tenure of a leader who stayed on ends "until at least" 2014 (ELI after);
    # the curated file carries it on
    assert _got("Andrew Holness", "2019-05-01") == ("JAM", "GOV")
    assert _got("Hakainde Hichilema", "2022-01-10") == ("ZMB", "GOV")
    assert _got("Edgar Lungu", "2022-01-10") == ("ZMB", "ELI")


def test_a_curated_list_keeps_an_earlier_record_and_adds_its_aliases(tmp_path: Path) -> None:
    data = tmp_path / "actors"
    data.mkdir()
    for p in DATA_DIR.iterdir():
        if p.name != "orgs":
            (data / p.name).symlink_to(p)
    (data / "orgs").mkdir()
    (data / "orgs" / "extra.csv").write_text(
        "name,country,sector,kind,aliases\n"
        "Hamas,EGY,BUS,,Harakat al-Muqawama\n"  # known: keeps PSE REB, gains the alias
        "Lakeside Grain Board,KEN,BUS,,LGB\n",
        encoding="utf-8",
    )
    kb = loader.load(data, imported=False)
    hamas = kb.orgs[kb.lookup("Harakat al-Muqawama")[0].id]
    assert (hamas.name, hamas.country, hamas.sector) == ("Hamas", "PSE", "REB")
    board = kb.orgs[kb.lookup("LGB")[0].id]
    assert (board.country, board.sector) == ("KEN", "BUS")


def _doc(text: str):
    doc = nlp.load()(text)
    return doc, DocActors(doc, date(2019, 3, 1))


def _span(doc, words: str):
    at = doc.text.index(words)
    span = doc.char_span(at, at + len(words), alignment_mode="expand")
    assert span is not None
    return span


def test_the_regime_a_country_accuses_is_another_countrys() -> None:
    text = (
        "The truce agreed by Iran with Qatar for southern Idlib broke down within hours, "
        "as Iran and monitors on the ground accused the regime of heavy shelling."
    )
    doc, actors = _doc(text)
    regime = _span(doc, "the regime")
    assert actors.actor_for(regime).country == "IRN"  # the nearest country before it
    other = actors.other_country(regime, None, "IRN")
    assert [(a.country, a.sector) for a in other] == [("SYR", "GOV")]
    # a body whose own words name its country is never moved
    doc, actors = _doc("Iran accused Iranian officials of corruption.")
    assert actors.other_country(_span(doc, "Iranian officials"), None, "IRN") == []


def test_they_after_a_national_branch_keeps_its_country() -> None:
    text = (
        "A Kenyan Red Cross official said that 3,000 people had been moved to schools "
        "after they were forced to leave their homes by the floods."
    )
    doc, actors = _doc(text)
    got = actors.actor_for(_span(doc, "they"))
    assert got is not None and got.country == "KEN"
