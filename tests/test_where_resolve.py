"""Toponyms found in parsed text, resolved, given a role; and the place of an event.

Each case keeps its sentence next to the expectation."""

from __future__ import annotations

import pytest

from conftest import SEED_TEXT
from eventwatch.where import event_location, find_places, mentions_in_doc, places_in_doc
from eventwatch.where.resolve import haversine_km

SEED_ACTORS = {"RUS", "PRK"}


def _mention(doc, text: str, countries=()):  # the first mention whose text is `text`
    for pm in mentions_in_doc(doc, countries):
        if pm.place.text == text:
            return pm
    raise AssertionError(
        f"{text!r} not found in {[pm.place.text for pm in mentions_in_doc(doc, countries)]}"
    )


def _token(doc, word: str, after: str = ""):
    start = doc.text.index(word, doc.text.index(after) if after else 0)
    return next(t for t in doc if t.idx == start)


@pytest.fixture(scope="module")
def seed_doc(nlp):
    return nlp(SEED_TEXT.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("text", "name", "country", "lat", "lon"),
    [
        ("Vostochny Cosmodrome", "Vostochny Cosmodrome", "RUS", 51.88, 128.33),
        ("Amur region", "Amur Oblast", "RUS", 52.5, 128.0),
        ("Pyongyang", "Pyongyang", "PRK", 39.03, 125.75),
        ("Komsomolsk-on-Amur", "Komsomolsk-on-Amur", "RUS", 50.55, 137.0),
        ("Vladivostok", "Vladivostok", "RUS", 43.12, 131.9),
    ],
)
def test_seed_places_resolve(seed_doc, text, name, country, lat, lon) -> None:
    pm = _mention(seed_doc, text, SEED_ACTORS)
    assert pm.role == "literal"
    p = pm.place
    assert (p.name, p.country) == (name, country)
    assert haversine_km(p.lat, p.lon, lat, lon) < 25
    assert seed_doc.text[p.start : p.end] == text


@pytest.mark.parametrize(
    ("trigger", "after", "expected"),
    [
        # "...exchanged gifts during their rendezvous at Russia’s Vostochny Cosmodrome in the Amur region..."
        ("exchanged", "Russian President", "Vostochny Cosmodrome"),
        ("rendezvous", "Russian President", "Vostochny Cosmodrome"),
        # "Russia plans to send Foreign Minister Sergei Lavrov to Pyongyang in October"
        ("send", "To facilitate", "Pyongyang"),
        # "Kim’s itinerary in Russia includes a visit to a facility in Komsomolsk-on-Amur"
        ("visit", "itinerary in Russia includes", "Komsomolsk-on-Amur"),
        # "His arrival in Komsomolsk-on-Amur was met with a ceremonial welcome"
        ("arrival", "His arrival", "Komsomolsk-on-Amur"),
        # "Kim is scheduled to visit Vladivostok to inspect Russia’s Pacific fleet"
        ("visit", "scheduled to", "Vladivostok"),
    ],
)
def test_seed_event_locations(seed_doc, trigger, after, expected) -> None:
    places = places_in_doc(seed_doc, SEED_ACTORS)
    loc = event_location(seed_doc, _token(seed_doc, trigger, after), places)
    assert loc is not None and loc.name == expected


def test_event_location_none_without_a_place(nlp) -> None:
    doc = nlp("The two leaders shook hands for forty seconds.")
    assert event_location(doc, _token(doc, "shook"), places_in_doc(doc)) is None


def test_event_location_prefers_the_predicates_place(nlp) -> None:
    doc = nlp("After talks in Beijing, the envoy flew to Seoul on Monday.")
    places = places_in_doc(doc)
    assert event_location(doc, _token(doc, "flew"), places).name == "Seoul"


def test_metonymic_subject_is_not_a_place_of_events(nlp) -> None:
    doc = nlp("Moscow said on Tuesday that it would respond to the sanctions.")
    assert _mention(doc, "Moscow").role == "metonym"
    assert places_in_doc(doc) == []


def test_demonym_is_resolved_but_not_an_event_place(nlp) -> None:
    doc = nlp("Russian troops crossed the border near Kharkiv on Friday.")
    dem = _mention(doc, "Russian")
    assert dem.role == "demonym" and dem.place.country == "RUS"
    assert [p.name for p in places_in_doc(doc)] == ["Kharkiv"]


def test_possessive_country_is_a_modifier(nlp) -> None:
    doc = nlp("South Korea's Defense Ministry spokesman spoke to reporters.")
    assert _mention(doc, "South Korea").role == "modifier"


def test_qualifier_after_comma_picks_the_town(nlp) -> None:
    doc = nlp("The plant in Springfield, Illinois, will close next year.")
    p = _mention(doc, "Springfield").place
    assert p.admin1 == "Illinois" and haversine_km(p.lat, p.lon, 39.8, -89.64) < 30


def test_document_context_picks_among_namesakes(nlp) -> None:
    doc = nlp("Police in Texas said the fire in Paris destroyed two barns near Dallas and Sherman.")
    assert _mention(doc, "Paris").place.country == "USA"
    doc = nlp(
        "Protesters marched in Paris on Saturday, and the unions called strikes in Lyon and Marseille."
    )
    assert _mention(doc, "Paris").place.country == "FRA"


def test_actor_countries_favour_their_places(nlp) -> None:
    doc = nlp("Officials met in Georgia on Monday.")
    assert _mention(doc, "Georgia", countries={"GEO"}).place.country == "GEO"


def test_find_places_gives_offsets_and_fields() -> None:
    text = "Kim arrived in Komsomol'sk-na-Amure by train."
    found = find_places(text)
    (d,) = [d for d in found if d["name"] == "Komsomolsk-on-Amur"]
    assert text[d["start"] : d["end"]] == d["text"] == "Komsomol'sk-na-Amure"
    assert set(d) >= {
        "start",
        "end",
        "text",
        "name",
        "country",
        "admin1",
        "lat",
        "lon",
        "geonames_id",
        "feature",
    }
    assert d["country"] == "RUS" and d["geonames_id"] == 2021851


def test_named_site_takes_the_place_it_is_in(nlp) -> None:
    doc = nlp("The awards were handed out on Friday at the Lantern Theatre in Los Angeles.")
    site = _mention(doc, "Lantern Theatre").place
    assert site.feature == "NEAR" and site.name == "Los Angeles"
    assert haversine_km(site.lat, site.lon, 34.05, -118.24) < 20


def test_unknown_street_is_placed_at_the_story_town(nlp) -> None:
    doc = nlp(
        "New Orleans police said the parade left Frenchmen Street at noon. "
        "Crowds filled New Orleans until late."
    )
    street = _mention(doc, "Frenchmen Street").place
    assert street.feature == "NEAR" and street.name == "New Orleans"


def test_dateline_names_the_filing_place(nlp) -> None:
    doc = nlp("PLEASANTON, Calif. -- A maker of cold-chain sensors said on Monday it would expand.")
    p = _mention(doc, "PLEASANTON").place
    assert p.country == "USA" and p.admin1 == "California"
    assert [pm.place.text for pm in mentions_in_doc(doc)].count("PLEASANTON") == 1


def test_world_regions_sit_at_geonames_points(nlp) -> None:
    doc = nlp(
        "Storms formed over the Atlantic this summer, while ministers from the Middle East "
        "met in Rome to discuss trade with North Africa."
    )
    for text, lat, lon in (
        ("Atlantic", 10.0, -25.0),
        ("Middle East", 33.1, 35.9),
        ("North Africa", 33.0, 10.0),
    ):
        p = _mention(doc, text).place
        assert haversine_km(p.lat, p.lon, lat, lon) < 50, (text, p.lat, p.lon)


def test_the_west_is_a_region(nlp) -> None:
    doc = nlp("Western governments condemned the attack, and Moscow blamed the West for it.")
    p = _mention(doc, "Western").place
    assert p.name == "Western Europe" and p.country is None


def test_a_state_among_states_is_the_state(nlp) -> None:
    doc = nlp("The storm brought snow to Idaho and Washington before it reached Montana.")
    p = _mention(doc, "Washington").place
    assert p.feature == "ADM1" and p.admin1 == "Washington"


def test_a_part_of_an_area_is_the_area(nlp) -> None:
    doc = nlp("Wildfires burned across central Washington for a second week.")
    p = _mention(doc, "Washington").place
    assert p.feature == "ADM1" and p.admin1 == "Washington"
    doc = nlp("The senator flew to Washington on Monday to meet the president.")
    assert _mention(doc, "Washington").place.feature == "PPLC"


def test_a_state_whose_towns_the_story_names(nlp) -> None:
    doc = nlp(
        "Volunteers from Tacoma, Spokane and Olympia joined the effort. "
        "Officials in Washington said more help would come."
    )
    assert _mention(doc, "Washington").place.feature == "ADM1"


def test_a_us_county_lies_where_the_story_is(nlp) -> None:
    doc = nlp(
        "Flooding closed roads in Owensboro, and Muhlenberg County officials opened a "
        "shelter for families on Monday."
    )
    p = _mention(doc, "Muhlenberg County").place
    assert p.country == "USA" and p.admin1 == "Kentucky"
    assert haversine_km(p.lat, p.lon, 37.77, -87.11) < 80  # at Owensboro, not in Germany


def test_a_county_only_one_state_has_is_in_that_state(nlp) -> None:
    doc = nlp("Cuyahoga County officials opened two cooling centres during the heat wave.")
    p = _mention(doc, "Cuyahoga County").place
    assert (p.country, p.admin1) == ("USA", "Ohio")


def test_a_county_named_after_a_town_of_its_state_keeps_the_town(nlp) -> None:
    doc = nlp("Voters in Orange County, California, backed the measure on Tuesday.")
    p = _mention(doc, "Orange County").place
    assert p.admin1 == "California" and haversine_km(p.lat, p.lon, 33.79, -117.85) < 60


def test_a_road_number_lies_in_the_story_town(nlp) -> None:
    doc = nlp(
        "The M5 northbound carriageway near Taunton will shut overnight, and drivers will "
        "be sent via the A38 and A358. Shops in Taunton expect fewer visitors."
    )
    for road in ("M5", "A38", "A358"):
        p = _mention(doc, road).place
        assert p.feature == "NEAR" and p.name == "Taunton", road


def test_a_town_between_a_road_number_and_a_road_word(nlp) -> None:
    doc = nlp("The A429 Cirencester junction will close from 8pm tonight, police said.")
    p = _mention(doc, "Cirencester").place
    assert p.country == "GBR" and p.feature.startswith("PPL")
    doc = nlp("The A30 Closed sign stayed up all week.")  # "closed" names no junction
    assert "Closed" not in [pm.place.text for pm in mentions_in_doc(doc)]


def test_a_dateline_after_a_headline_run_into_the_text(nlp) -> None:
    doc = nlp(
        "Notice: Council Meets at Town Hall. LABELLE – The county board voted on a road grant "
        "in Hendry County on Monday."
    )
    p = _mention(doc, "LABELLE").place
    assert p.name == "LaBelle" and p.admin1 == "Florida"
    doc = nlp("BREAKING – The storm reached Texas. UPDATE – Roads in Houston are shut.")
    assert [pm.place.text for pm in mentions_in_doc(doc)] == ["Texas", "Houston"]


def test_a_paper_size_is_not_a_road(nlp) -> None:
    doc = nlp("She printed the report on A4 paper in Leeds.")
    assert "A4" not in [pm.place.text for pm in mentions_in_doc(doc)]


def test_an_organisation_named_after_a_place_that_the_tagger_calls_a_person(nlp) -> None:
    doc = nlp("Fans of Bolton Wanderers travelled to Leeds for the cup tie on Saturday.")
    pm = _mention(doc, "Bolton")
    assert pm.role == "embedded" and pm.place.country == "GBR"
    doc = nlp("Jackson Browne sang for the crowd in Ohio on Friday.")
    assert "Jackson" not in [pm.place.text for pm in mentions_in_doc(doc)]


def test_a_country_opening_a_compound_adjective_is_a_modifier(nlp) -> None:
    doc = nlp("Jets from the U.S.-led coalition struck targets near Raqqa overnight.")
    pm = _mention(doc, "U.S.-led")
    assert pm.role == "modifier" and pm.place.country == "USA"
    assert "U.S.-led" not in [p.text for p in places_in_doc(doc)]


def test_an_organisation_after_at_is_its_premises(nlp) -> None:
    doc = nlp(
        "Shoppers queued at Whole Foods before dawn on Saturday. Stores across Fresno "
        "ran out of bread by noon."
    )
    p = _mention(doc, "Whole Foods").place
    assert p.feature == "NEAR" and p.name == "Fresno"
    doc = nlp("Whole Foods said on Monday that sales rose in Fresno.")
    assert "Whole Foods" not in [pm.place.text for pm in mentions_in_doc(doc)]


def test_the_west_ending_a_phrase_is_a_region(nlp) -> None:
    doc = nlp("Tourism chiefs hope the festival will draw visitors from the West.")
    p = _mention(doc, "West").place
    assert p.name == "Western Europe"


def test_a_county_inside_a_title_is_found(nlp) -> None:
    doc = nlp(
        "The budget is balanced, Cuyahoga County Executive Jane Doe told reporters on Tuesday."
    )
    p = _mention(doc, "Cuyahoga County").place
    assert (p.country, p.admin1) == ("USA", "Ohio")


def test_a_named_roundabout_lies_in_the_story_town(nlp) -> None:
    doc = nlp(
        "Roadworks in Swindon continue. Traffic from the Magic Hill roundabout to the town "
        "centre of Swindon will be diverted tonight."
    )
    p = _mention(doc, "Magic Hill").place
    assert p.feature == "NEAR" and p.name == "Swindon"


def test_mp_is_a_member_of_parliament_not_a_state(nlp) -> None:
    doc = nlp("The local MP Jane Roberts opened the new school in Nassau on Monday.")
    assert "MP" not in [pm.place.text for pm in mentions_in_doc(doc)]


def test_a_county_of_the_story_state_is_not_the_namesake_town_elsewhere(nlp) -> None:
    doc = nlp(
        "Farmers in Red Oak, Iowa, met on Monday, and Montgomery County supervisors "
        "approved a new bridge over the river."
    )
    p = _mention(doc, "Montgomery County").place
    assert (p.admin1, p.feature, p.geonames_id) == ("Iowa", "ADM2", 4867788)  # GeoNames' county


def test_a_town_named_so_beats_a_bigger_town_with_the_name_as_an_alternate(nlp) -> None:
    doc = nlp("Detectives searched a home in Southold on Friday.")
    p = _mention(doc, "Southold").place
    assert (p.name, p.admin1) == ("Southold", "New York")


def test_a_site_in_a_story_about_a_country_with_no_town_named_is_at_its_capital(nlp) -> None:
    doc = nlp(
        "Ukraine's lawmakers met in the Verkhovna Rada on Tuesday. Ukraine wants the "
        "United States and the European Union to back the new anti-corruption court."
    )
    p = _mention(doc, "Verkhovna Rada").place
    assert p.feature == "NEAR" and p.country == "UKR"
    assert haversine_km(p.lat, p.lon, 50.45, 30.52) < 30  # Kyiv


def test_the_state_capitol_is_in_the_story_town(nlp) -> None:
    doc = nlp(
        "Nurses rallied at the state Capitol in Oklahoma City on Monday. Police closed the "
        "Capitol to visitors, and traffic in Oklahoma City slowed."
    )
    for pm in mentions_in_doc(doc):
        if pm.place.text == "Capitol":
            assert pm.place.feature == "NEAR" and pm.place.admin1 == "Oklahoma"
    assert [pm.place.text for pm in mentions_in_doc(doc)].count("Capitol") == 2


def test_a_name_two_words_longer_than_the_entity(nlp) -> None:
    doc = nlp("Hurricane relief reached Puerto Rico and the U.S. Virgin Islands by Friday.")
    texts = {pm.place.text: pm.place for pm in mentions_in_doc(doc)}
    assert "U.S. Virgin Islands" in texts and texts["U.S. Virgin Islands"].country == "VIR"


def test_ap_state_abbreviations(nlp) -> None:
    doc = nlp(
        "Police in Marietta, Ga., said the road reopened, and crews moved on to Hartford, Conn."
    )
    assert _mention(doc, "Ga.").place.admin1 == "Georgia"
    assert _mention(doc, "Marietta").place.admin1 == "Georgia"


def test_arabic_town_without_its_article(nlp) -> None:
    # GeoNames writes "Al Qamishli" and "Ar Raqqah"; English news drops the article
    doc = nlp(
        "Shelling was reported overnight near Qamishli, and aid convoys waited outside Raqqa."
    )
    qamishli = _mention(doc, "Qamishli").place
    assert qamishli.country == "SYR"
    assert haversine_km(qamishli.lat, qamishli.lon, 37.05, 41.23) < 30


def test_a_sports_ground_is_placed_at_the_ground(nlp) -> None:
    # sport reports name the ground, not the town it stands in
    doc = nlp("The visitors were jeered all afternoon at Anfield, then lost again at Brands Hatch.")
    anfield = _mention(doc, "Anfield").place
    assert anfield.country == "GBR" and anfield.feature == "STDM"
    assert haversine_km(anfield.lat, anfield.lon, 53.43, -2.96) < 5
    assert _mention(doc, "Brands Hatch").place.feature == "RCTR"


def test_a_town_qualified_by_its_state_stays_in_that_state(nlp) -> None:
    doc = nlp(
        "A grain elevator burned on Friday in Paris, Texas, and firefighters came from Dallas."
    )
    p = _mention(doc, "Paris").place
    assert (p.country, p.admin1) == ("USA", "Texas")


def test_washington_in_a_story_about_congress_is_the_capital(nlp) -> None:
    doc = nlp("Lawmakers returned to Washington on Monday as Congress took up the spending bill.")
    p = _mention(doc, "Washington").place
    assert (p.country, p.feature) == ("USA", "PPLC")


def test_a_county_in_an_indiana_story_is_the_indiana_county(nlp) -> None:
    doc = nlp(
        "Schools in Indianapolis closed early, and Marion County deputies cleared snow from "
        "the roads on Tuesday."
    )
    p = _mention(doc, "Marion County").place
    assert (p.admin1, p.geonames_id) == ("Indiana", 4260977)


def test_a_province_resolves_to_its_geonames_record(nlp) -> None:
    doc = nlp("Heavy rain flooded villages across Tamil Nadu, officials in Chennai said.")
    p = _mention(doc, "Tamil Nadu").place
    assert (p.feature, p.geonames_id) == ("ADM1", 1255053)
    assert p.adm1 == "IN25"


def test_a_city_state_name_means_the_town(nlp) -> None:
    doc = nlp("Container traffic through the port of Hamburg fell by a tenth last year.")
    p = _mention(doc, "Hamburg").place
    assert p.feature.startswith("PPL") and p.country == "DEU"


@pytest.mark.parametrize(
    ("sentence", "demonym", "country"),
    [
        ("Bahamian fishermen returned to port before the storm.", "Bahamian", "BHS"),
        ("Burkinabe soldiers said they had retaken the outpost.", "Burkinabe", "BFA"),
        ("A Saint Lucian delegation arrived for the trade talks.", "Saint Lucian", "LCA"),
    ],
)
def test_demonyms_of_smaller_countries(nlp, sentence: str, demonym: str, country: str) -> None:
    dem = _mention(nlp(sentence), demonym)
    assert dem.role == "demonym" and dem.place.country == country


def test_a_territory_whose_capital_is_spelt_otherwise_is_still_a_place(nlp) -> None:
    p = _mention(nlp("The typhoon knocked out power across Guam on Sunday."), "Guam").place
    assert p.feature == "PCLI" and p.country == "GUM" and p.geonames_id == 4043988
    assert 13.0 < p.lat < 14.0 and 144.0 < p.lon < 145.5


def test_a_country_name_with_a_possessive_inside_is_one_name(nlp) -> None:
    doc = nlp("Talks with the Democratic People's Republic of Korea resumed in Geneva on Monday.")
    p = _mention(doc, "Democratic People's Republic of Korea").place
    assert p.country == "PRK"


def test_a_town_before_a_possessive_stays_a_town(nlp) -> None:
    doc = nlp("Patients were moved to Galway's Merlin Park Hospital on Tuesday.")
    p = _mention(doc, "Galway").place
    assert p.country == "IRL" and p.feature.startswith("PPL")


def test_a_town_outside_the_county_named_after_it_is_placed_at_the_county(nlp) -> None:
    # the gazetteer's Crofts are in Cheshire and Leicestershire, none in North Yorkshire
    doc = nlp(
        "The touring cars head north to Croft, North Yorkshire, for the fourth round after "
        "two weekends in Kent."
    )
    croft = next(pm.place for pm in mentions_in_doc(doc) if pm.place.text == "Croft")
    assert (croft.feature, croft.name) == ("NEAR", "North Yorkshire")


def test_a_town_inside_the_state_named_after_it_stays(nlp) -> None:
    doc = nlp("Police in Springfield, Illinois, closed two roads on Monday.")
    town = next(pm.place for pm in mentions_in_doc(doc) if pm.place.text == "Springfield")
    assert (town.feature, town.admin1) == ("PPL", "Illinois")


def test_part_of_a_named_countrys_official_name_is_that_country(nlp) -> None:
    doc = nlp(
        "Iran raised its oil output in March, and the Islamic Republic now sells more to China."
    )
    place = next(pm.place for pm in mentions_in_doc(doc) if pm.place.text == "Islamic Republic")
    assert (place.country, place.feature) == ("IRN", "PCLI")
