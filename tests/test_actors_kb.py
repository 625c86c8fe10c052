"""The knowledge base: its size and coverage, its schema checks, and the user's additions."""

from __future__ import annotations

import shutil
from datetime import date

import pycountry
import pytest

from eventwatch.actors import loader as kb_mod
from eventwatch.actors import resolve_actor
from eventwatch.actors.sectors import DATA_DIR
from eventwatch.errors import EventwatchError


@pytest.fixture(scope="module")
def kb():
    return kb_mod.load(user_file=None)


def test_every_iso_country_is_there(kb):
    assert {c.alpha_3 for c in pycountry.countries} <= set(kb.countries)


def test_at_least_800_people_from_60_countries_with_dated_roles(kb):
    assert len(kb.people) >= 800
    with_leaders = {
        p.country for p in kb.people.values() if any(r.rank >= 9 for r in p.roles) and p.country
    }
    assert len(with_leaders) >= 60
    past = [p for p in kb.people.values() if p.roles and all(r.end is not None for r in p.roles)]
    assert len(past) >= 200  # past office-holders, not only incumbents


def test_kim_jong_il_tenure(kb):
    kji = kb.people["p:kim-jong-il"]
    assert kji.role_on(date(2000, 7, 1)).title == "Supreme Leader"
    assert kji.role_on(date(2012, 1, 1)) is None
    assert kji.role_on(date(1994, 7, 9)) is not None


@pytest.mark.parametrize(
    ("text", "code", "how"),
    [
        ("Russian", "RUS", "demonym"),
        ("North Korean", "PRK", "demonym"),
        ("Emirati", "ARE", "demonym"),
        ("the Kremlin", "RUS", "seat"),
        ("White House", "USA", "seat"),
        ("Downing Street", "GBR", "seat"),
        ("Elysee", "FRA", "seat"),
        ("Élysée", "FRA", "seat"),
        ("Kyiv", "UKR", "capital"),
        ("Tehran", "IRN", "capital"),
        ("Pyongyang", "PRK", "capital"),
        ("Seoul", "KOR", "capital"),
        ("Washington", "USA", "capital"),
    ],
)
def test_demonyms_capitals_and_seats(kb, text, code, how):
    hits = [e for e in kb.lookup(text) if e.type == "country"]
    assert (hits[0].id, hits[0].how) == (code, how)


def test_acronyms_are_case_sensitive(kb):
    assert kb.lookup("IS")[0].id == "o:islamic-state"
    assert kb.lookup("is") == []
    assert kb.lookup("US")[0].id == "USA"
    assert kb.lookup("us") == []


def _copy_data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    return data


def test_schema_check_names_the_file_and_row(tmp_path):
    data = _copy_data(tmp_path)
    bad = data / "people" / "zz_bad.csv"
    bad.write_text(
        "name,country,gender,role,start,end,sector,aliases,org\n"
        "Someone,RUS,m,President,2020-13-01,,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(EventwatchError) as err:
        kb_mod.load(data_dir=data)
    assert "zz_bad.csv:2" in str(err.value) and "2020-13-01" in str(err.value)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("Someone,XYZ,m,President,2020,,,,", "unknown country code"),
        ("Someone,RUS,x,President,2020,,,,", "gender"),
        ("Someone,RUS,m,President,2020,2019,,,", "ends before it starts"),
        ("Someone,RUS,m,President,2020,,ABC,,", "unknown sector"),
    ],
)
def test_schema_rejects_bad_rows(tmp_path, row, reason):
    data = _copy_data(tmp_path)
    (data / "people" / "zz_bad.csv").write_text(
        "name,country,gender,role,start,end,sector,aliases,org\n" + row + "\n", encoding="utf-8"
    )
    with pytest.raises(EventwatchError, match=reason):
        kb_mod.load(data_dir=data)


def test_missing_columns_are_reported(tmp_path):
    data = _copy_data(tmp_path)
    (data / "people" / "zz_bad.csv").write_text("name,country\nSomeone,RUS\n", encoding="utf-8")
    with pytest.raises(EventwatchError, match="missing column"):
        kb_mod.load(data_dir=data)


def test_sector_clash_is_rejected(tmp_path):
    data = _copy_data(tmp_path)
    path = data / "sectors.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "    group: [rebels,", "    group: [troops, rebels,"
        ),
        encoding="utf-8",
    )
    import yaml

    from eventwatch.actors.sectors import Lexicon

    with pytest.raises(EventwatchError, match="troops"):
        Lexicon(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))


def test_user_file_additions_take_effect(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTWATCH_HOME", str(tmp_path))
    (tmp_path / "actors.yaml").write_text(
        "people:\n"
        "- name: Jeon Ha-kyou\n  country: KOR\n  gender: m\n"
        "  roles: [{role: Defense Ministry spokesman, start: 2021, sector: MIL}]\n"
        "organisations:\n- {name: Freedom Watchers, country: GEO, sector: NGO}\n"
        "countries:\n- {code: PRK, aliases: [Hermit Kingdom]}\n",
        encoding="utf-8",
    )
    try:
        kb_mod.reload()
        got = resolve_actor("Jeon", date="2023-09-13")
        assert (got["name"], got["country"], got["sector"], got["kb_id"]) == (
            "Jeon Ha-kyou",
            "KOR",
            "MIL",
            "p:jeon-ha-kyou",
        )
        assert resolve_actor("Freedom Watchers")["country"] == "GEO"
        assert resolve_actor("the Hermit Kingdom")["country"] == "PRK"
    finally:
        monkeypatch.delenv("EVENTWATCH_HOME")
        kb_mod.reload()
    assert resolve_actor("Jeon", date="2023-09-13") is None


def test_bad_user_file_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTWATCH_ACTORS", str(tmp_path / "mine.yaml"))
    (tmp_path / "mine.yaml").write_text("people: [{name: X, country: ZZZ}]\n", encoding="utf-8")
    try:
        with pytest.raises(EventwatchError, match=r"mine\.yaml.*unknown country code 'ZZZ'"):
            kb_mod.reload()
    finally:
        monkeypatch.delenv("EVENTWATCH_ACTORS")
        kb_mod.reload()


def test_public_api_accepts_iso_dates_and_rejects_bad_ones():
    import eventwatch

    assert eventwatch.resolve_actor("Putin", date="2010-06-01")["role"] == "Prime Minister"
    assert eventwatch.resolve_actor("Putin", date=date(2010, 6, 1))["role"] == "Prime Minister"
    assert eventwatch.resolve_actor("   ") is None
    # any form eventwatch.dates.parse_date reads, as everywhere a date is read
    assert eventwatch.resolve_actor("Putin", date="1 June 2010")["role"] == "Prime Minister"
    with pytest.raises(EventwatchError, match="E010"):
        eventwatch.resolve_actor("Putin", date="04/06/2010")  # April or June


def test_led_by_a_country():
    got = resolve_actor("US-led forces", date="2003-04-01")
    assert (got["country"], got["sector"]) == ("USA", "MIL")


def test_city_index_is_cached_between_processes(tmp_path, monkeypatch):
    from eventwatch.actors import cities

    monkeypatch.setenv("EVENTWATCH_CACHE", str(tmp_path))
    cities._index.cache_clear()
    try:
        assert cities.city_country("Vladivostok") == ("Vladivostok", "RUS")
        cached = cities._cache_path()
        assert cached.parent == tmp_path and cached.exists()
        cities._index.cache_clear()
        assert cities.city_country("Komsomolsk-on-Amur") == ("Komsomolsk-on-Amur", "RUS")
    finally:
        monkeypatch.delenv("EVENTWATCH_CACHE")
        cities._index.cache_clear()
