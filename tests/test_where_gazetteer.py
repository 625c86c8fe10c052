"""The offline gazetteer: names in any spelling, the cache, the schema checks, a user's
GeoNames dump, and lookups that are index probes."""

from __future__ import annotations

import math
import shutil
import sqlite3
from pathlib import Path

import pytest

from eventwatch.errors import EventwatchError
from eventwatch.where import gazetteer, sources
from eventwatch.where.names import name_key
from eventwatch.where.resolve import _priors, haversine_km


def best(name: str) -> gazetteer.Candidate:
    cands = gazetteer.get().lookup(name)
    assert cands, f"{name!r} is not in the gazetteer"
    priors = _priors(cands)
    return max(cands, key=lambda c: priors[c])


def near(c: gazetteer.Candidate, lat: float, lon: float, km: float = 25.0) -> bool:
    return haversine_km(c.lat, c.lon, lat, lon) <= km


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Komsomol'sk-na-Amure", "komsomolsk na amure"),
        ("Komsomol’sk-na-Amure", "komsomolsk na amure"),
        ("the U.S.", "us"),
        ("St. Petersburg", "saint petersburg"),
        ("Zaporizhzhia  NPP", "zaporizhzhia npp"),
        ("Québec", "quebec"),
    ],
)
def test_name_key_folds_spelling(text: str, key: str) -> None:
    assert name_key(text) == key


@pytest.mark.parametrize(
    ("name", "country", "lat", "lon"),
    [
        ("Vostochny Cosmodrome", "RUS", 51.88, 128.33),
        ("Amur region", "RUS", 52.5, 128.0),
        ("Amur Oblast", "RUS", 52.5, 128.0),
        ("Pyongyang", "PRK", 39.03, 125.75),
        ("Komsomolsk-on-Amur", "RUS", 50.55, 137.0),
        ("Komsomol'sk-na-Amure", "RUS", 50.55, 137.0),
        ("Vladivostok", "RUS", 43.12, 131.9),
        ("the Kremlin", "RUS", 55.75, 37.62),
        ("Yongbyon", "PRK", 39.8, 125.76),
        ("Zaporizhzhia nuclear plant", "UKR", 47.51, 34.59),
        ("Baikonur", "KAZ", 45.96, 63.3),
    ],
)
def test_packaged_and_project_places_resolve(
    name: str, country: str, lat: float, lon: float
) -> None:
    c = best(name)
    assert c.country == country
    assert near(c, lat, lon), (c.name, c.lat, c.lon)


def test_countries_have_points_and_short_names() -> None:
    us = best("U.S.")
    assert (us.feature, us.country) == ("PCLI", "USA")
    assert best("Britain").country == "GBR"
    assert best("DPRK").country == "PRK"
    # a country the project file does not list is placed at its capital
    lux = best("Luxembourg")
    assert lux.feature in ("PCLI", "PPLC") and lux.country == "LUX"


def test_cities_come_from_the_500_plus_list() -> None:
    # Tsiolkovsky (the Vostochny town) has about 7,000 inhabitants: only in cities500
    c = best("Tsiolkovskiy")
    assert c.country == "RUS" and near(c, 51.77, 128.12)


def test_lookup_is_an_index_probe() -> None:
    gz = gazetteer.get()
    conn = sqlite3.connect(gz.path)
    plan = " ".join(
        str(r) for r in conn.execute("EXPLAIN QUERY PLAN " + gazetteer._SELECT, ("paris",))
    )
    conn.close()
    assert "USING INDEX names_key" in plan
    assert "SCAN n" not in plan


def test_cache_version_follows_the_data_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "where"
    shutil.copytree(sources.data_dir(), copy)
    monkeypatch.setattr(sources, "data_dir", lambda: copy)
    before = gazetteer.sources_version()
    with (copy / "sites.tsv").open("a", encoding="utf-8") as fh:
        fh.write("Test Launch Site\t\tRUS\t\t50.0\t120.0\tSPCE\t\n")
    assert gazetteer.sources_version() != before


def test_bad_project_file_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "sites.tsv"
    bad.write_text("\t".join(sources.PLACE_COLUMNS) + "\nOnly two\tcolumns\n", encoding="utf-8")
    with pytest.raises(EventwatchError) as err:
        list(sources.read_tsv(bad, sources.PLACE_COLUMNS))
    assert "sites.tsv:2" in str(err.value)
    assert "columns" in str(err.value)


def _dump_row(
    gid: int, name: str, alternates: str, lat: float, lon: float, cc: str, pop: int
) -> str:
    cols = [
        str(gid),
        name,
        name,
        alternates,
        str(lat),
        str(lon),
        "P",
        "PPL",
        cc,
        "",
        "01",
        "",
        "",
        "",
        str(pop),
        "",
        "100",
        "Europe/Test",
        "2024-01-01",
    ]
    assert len(cols) == sources.GEONAMES_COLUMNS
    return "\t".join(cols) + "\n"


def test_user_geonames_dump_is_loaded_and_looked_up(tmp_path: Path) -> None:
    dump = tmp_path / "cities-test.txt"
    dump.write_text(
        _dump_row(990001, "Eventwatchby", "Eventwatchby Upper,Evntwtchby", 61.5, 23.75, "FI", 812)
        + _dump_row(990002, "Hamlet Testmoor", "", 52.1, -1.2, "GB", 40),
        encoding="utf-8",
    )
    user_db = tmp_path / "user.sqlite"
    assert gazetteer.load_geonames(dump, db=user_db) == 2
    assert gazetteer.load_geonames(dump, db=user_db) == 2  # a reload replaces, not doubles
    gz = gazetteer.Gazetteer(gazetteer.get().path, user_db)
    try:
        (c,) = gz.lookup("Evntwtchby")
        assert (c.name, c.country, c.geonames_id, c.population) == (
            "Eventwatchby",
            "FIN",
            990001,
            812,
        )
        assert math.isclose(c.lat, 61.5)
        assert gz.lookup("Hamlet Testmoor")[0].country == "GBR"
        assert gz.lookup("Vladivostok")  # the built-in places are still there
    finally:
        gz.close()
    conn = sqlite3.connect(user_db)
    assert conn.execute("SELECT COUNT(*) FROM places").fetchone()[0] == 2
    conn.close()


def test_malformed_dump_line_is_one_clear_error(tmp_path: Path) -> None:
    dump = tmp_path / "broken.txt"
    dump.write_text(
        _dump_row(1, "Okay", "", 1.0, 2.0, "FR", 5) + "not\ta\tdump\n", encoding="utf-8"
    )
    with pytest.raises(EventwatchError) as err:
        gazetteer.load_geonames(dump, db=tmp_path / "user.sqlite")
    assert "broken.txt:2" in str(err.value)
    assert "19" in str(err.value)


def test_word_and_demonym_files_load() -> None:
    words = sources.words()
    assert (
        "street" in words["street"] and "county" in words["admin"] and "north" in words["generic"]
    )
    dem = sources.demonyms()
    assert dem[name_key("North Korean")] == "PRK"
    assert dem[name_key("Russians")] == "RUS"


def test_build_replaces_stale_caches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWATCH_CACHE", str(tmp_path))
    stale = tmp_path / "gazetteer-000000000000.sqlite"
    stale.write_bytes(b"old")
    monkeypatch.setattr(
        gazetteer,
        "_builtin_entries",
        lambda: iter(
            [
                sources.Entry(
                    name="Testplace", lat=1.0, lon=2.0, feature="PPL", country="FRA", population=10
                )
            ]
        ),
    )
    path = gazetteer.build()
    assert path.parent == tmp_path and path.exists() and not stale.exists()
    gz = gazetteer.Gazetteer(path)
    try:
        assert gz.lookup("Testplace")[0].country == "FRA"
        assert gz.meta()["places"] == "1"
    finally:
        gz.close()


def test_country_by_code() -> None:
    gz = gazetteer.get()
    assert gz.country("PRK").name == "North Korea"
    assert gz.country("XXZ") is None


def test_lookup_adds_the_arabic_article_only_when_the_bare_name_is_unknown() -> None:
    from eventwatch.where import gazetteer

    gaz = gazetteer.get()
    assert {c.country for c in gaz.lookup("Qamishli")} == {"SYR"}
    assert gazetteer._arabic_article("raqqah") == "ar raqqah"
    assert gazetteer._arabic_article("shaykh") == "ash shaykh"
    assert gazetteer._arabic_article("qamishli") == "al qamishli"
    assert "PCLI" in {c.feature for c in gaz.lookup("France")}


def test_provinces_and_counties_carry_their_geonames_ids() -> None:
    """GeoNames' ADM1/ADM2 records (data/where/admin_areas.tsv): a province written for
    eventwatch gets its id, and a county or district the project never wrote is there."""
    kinds = {(c.feature, c.country, c.geonames_id) for c in gazetteer.get().lookup("Ontario")}
    assert ("ADM1", "CAN", 6093943) in kinds
    tn = [c for c in gazetteer.get().lookup("Tamil Nadu") if c.feature == "ADM1"]
    assert tn and tn[0].geonames_id == 1255053 and near(tn[0], 11.0, 78.3)
    counties = {
        (c.admin1, c.geonames_id)
        for c in gazetteer.get().lookup("Marion County")
        if c.feature == "ADM2" and c.country == "USA"
    }
    assert ("Indiana", 4260977) in counties and len(counties) > 5
    assert gazetteer.get().admin1_code(4260977) == "IN"


def test_admin_area_rows_are_schema_checked(tmp_path: Path) -> None:
    from eventwatch.where import admin_areas

    bad = tmp_path / admin_areas.FILE_NAME
    bad.write_text("\t".join(admin_areas.COLUMNS) + "\n1\t1\tUSA\n", encoding="utf-8")
    with pytest.raises(EventwatchError) as err:
        list(admin_areas.read(bad))
    assert f"{bad}:2" in str(err.value)


def test_a_small_county_named_after_a_saint_is_kept() -> None:
    from eventwatch.where.sources import generic_area_name

    assert generic_area_name("Saint Peter", 5_000)  # a parish: churches and schools share it
    assert not generic_area_name("Saint Croix County", 40_000)
