"""The toponym ranker's features on real parsed sentences (where/rank_features.py), and the
resolution rules that sit beside the ranker: a demonym over a small town of its name, a
namesake town abroad read as a local place, a site placed at its town carrying its id.

Each case keeps its sentence next to the expectation."""

from __future__ import annotations

from eventwatch.where import mentions_in_doc
from eventwatch.where import resolve as rs


def _features(nlp, text: str, mention: str) -> dict[tuple[str, str | None], dict[str, float]]:
    """The ranker's features of each candidate of `mention`, by (country, admin1)."""
    doc = nlp(text)
    seen: dict[tuple[str, str | None], dict[str, float]] = {}

    def observe(m, c, feats) -> None:  # type: ignore[no-untyped-def]
        if doc[m.start : m.end].text == mention:
            seen.setdefault((c.country, c.admin1), feats)

    rs._observer = observe
    try:
        mentions_in_doc(doc)
    finally:
        rs._observer = None
    assert seen, f"{mention!r} was not ranked"
    return seen


def _place(nlp, text: str, mention: str):  # type: ignore[no-untyped-def]
    for pm in mentions_in_doc(nlp(text)):
        if pm.place.text == mention:
            return pm
    raise AssertionError(f"{mention!r} not found")


def test_colocation_favours_the_namesake_beside_the_other_places(nlp) -> None:
    f = _features(
        nlp,
        "The county fair moved from Ringgold to LaFayette this year, and vendors came from "
        "Fort Oglethorpe.",
        "LaFayette",
    )
    georgia = f[("USA", "Georgia")]
    assert georgia.get("colocated", 0.0) > 0
    assert f.get(("USA", "Louisiana"), {}).get("colocated", 0.0) == 0.0


def test_the_namesake_beside_the_other_places_is_chosen(nlp) -> None:
    # Lafayette, Louisiana is likelier on its own; Chattanooga is 35 km from Georgia's
    pm = _place(
        nlp,
        "Deputies searched for the two men near LaFayette after they walked away from a road "
        "crew, and Chattanooga police joined the search.",
        "LaFayette",
    )
    assert (pm.place.country, pm.place.admin1) == ("USA", "Georgia")


def test_a_country_named_in_the_same_sentence(nlp) -> None:
    f = _features(
        nlp,
        "The storm reached Australia on Monday, and flights from Perth were grounded.",
        "Perth",
    )
    assert f[("AUS", None)]["sentence_country"] == 1.0
    assert f[("GBR", None)].get("sentence_country", 0.0) == 0.0


def test_a_name_inside_an_organisation_is_marked_embedded(nlp) -> None:
    f = _features(
        nlp,
        "Students of the Oxford Union debated the tariffs with farmers from Ohio and Texas.",
        "Oxford",
    )
    uk = f[("GBR", None)]
    assert uk["emb_prior"] == uk["prior"]


def test_a_town_named_only_inside_a_bodys_name_is_the_famous_namesake(nlp) -> None:
    # a US story (Ohio, Texas, Denver) whose only "Venice" is the Council of Europe's body
    pm = _place(
        nlp,
        "Lawmakers in Ohio and Texas cited the Venice Commission when they rewrote the "
        "election rules, and a judge in Denver agreed.",
        "Venice",
    )
    assert pm.place.country == "ITA"


def test_a_town_opening_a_firms_name_the_tagger_splits_is_the_famous_namesake(nlp) -> None:
    # the tagger reads "Cambridge" as a place and "Analytica" as a firm of its own
    pm = _place(
        nlp,
        "The consulting firm Cambridge Analytica quietly harvested profiles, lawmakers in "
        "Ohio and Texas said, and a court in Denver agreed.",
        "Cambridge",
    )
    assert pm.place.country == "GBR"


def test_a_town_also_named_alone_keeps_the_storys_country(nlp) -> None:
    # "Nelson" is read alone too: the story's own Nelson, not the famous one abroad
    f = _features(
        nlp,
        "The Nelson Daily reported that Nelson will open a clinic, and patients from "
        "Castlegar and Trail in British Columbia will use it.",
        "Nelson",
    )
    assert all(v.get("emb_doc_country", 0.0) == 0.0 for v in f.values())


def test_the_state_of_the_dateline_is_marked(nlp) -> None:
    # a story filed from a Washington base: its bare "Washington" may be the state
    f = _features(
        nlp,
        "FORT LEWIS, Wash. - Engineers from the base rebuilt a bridge, and crews across "
        "Washington cleared roads after the floods.",
        "Washington",
    )
    assert f[("USA", "Washington")]["dateline_admin1"] == 1.0
    assert f[("USA", "District of Columbia")].get("dateline_admin1", 0.0) == 0.0


def test_prior_gap_is_zero_for_the_likeliest_candidate(nlp) -> None:
    f = _features(
        nlp, "Flights to Birmingham resumed after the storm, the airline said.", "Birmingham"
    )
    gaps = sorted(v["prior_gap"] for v in f.values())
    assert gaps[-1] == 0.0 and gaps[0] < 0.0


def test_a_demonym_that_is_a_small_towns_name_is_the_demonym(nlp) -> None:
    pm = _place(
        nlp,
        "The Canadian Broadcasting Corporation said the hospital in Toronto reopened on Monday.",
        "Canadian",
    )
    assert pm.role == "demonym" and pm.place.country == "CAN"


def test_a_small_namesake_abroad_in_a_local_story_is_the_local_place(nlp) -> None:
    text = (
        "Police in Cape Town said two men were arrested in Hanover Park after a shooting on "
        "Sunday. Officers from Stellenbosch and Paarl joined the search, and detectives in "
        "Johannesburg were told."
    )
    pm = _place(nlp, text, "Hanover Park")
    # the gazetteer's only Hanover Park is an Illinois town: here it is a Cape Town suburb
    assert pm.place.country == "ZAF" and pm.place.feature == "NEAR"


def test_a_namesake_abroad_stays_when_the_story_names_its_country(nlp) -> None:
    text = (
        "Police in Cape Town said two men were arrested after a shooting on Sunday. Officers "
        "from Stellenbosch and Paarl joined the search; one suspect had lived in Hanover "
        "Park, Illinois, for a decade."
    )
    pm = _place(nlp, text, "Hanover Park")
    assert pm.place.country == "USA"


def test_a_site_placed_at_its_town_carries_the_towns_id(nlp) -> None:
    doc = nlp("The awards were handed out on Friday at the Lantern Theatre in Los Angeles.")
    pm = next(pm for pm in mentions_in_doc(doc) if pm.place.text == "Lantern Theatre")
    assert pm.place.feature == "NEAR" and pm.place.name == "Los Angeles"
    assert pm.place.geonames_id == 5368361


def test_a_small_namesake_far_across_the_country_is_the_local_place(nlp) -> None:
    text = (
        "Police in Denver said a man was shot in Stapleton late on Friday. Officers from "
        "Aurora and Lakewood joined the search, and a suspect was held in Littleton."
    )
    pm = _place(nlp, text, "Stapleton")
    # the gazetteer's Stapletons are villages in New York, Nebraska and Tennessee
    assert pm.place.feature == "NEAR" and pm.place.admin1 == "Colorado"


def test_a_small_town_the_story_travels_to_stays(nlp) -> None:
    text = (
        "Police in Denver said the suspect drove to Stapleton, Nebraska, where he was held. "
        "Officers from Aurora and Lakewood had joined the search."
    )
    pm = _place(nlp, text, "Stapleton")
    assert pm.place.admin1 == "Nebraska"


def test_of_namesake_counties_the_one_beside_the_story_towns(nlp) -> None:
    # Ohio's Franklin County (Columbus) is the most populous; the towns are Pennsylvania's
    text = "Franklin County volunteers handed out water in Chambersburg and Waynesboro."
    f = _features(nlp, text, "Franklin County")
    assert f[("USA", "Pennsylvania")].get("local_area") == 1.0
    assert f[("USA", "Ohio")].get("local_area", 0.0) == 0.0
    p = _place(nlp, text, "Franklin County").place
    assert (p.admin1, p.feature) == ("Pennsylvania", "ADM2")


def test_a_town_named_like_a_county_gets_no_county_feature(nlp) -> None:
    f = _features(
        nlp, "The plant in Shelby hired forty workers from Gastonia and Charlotte.", "Shelby"
    )
    assert not any(feats.get("local_area") for feats in f.values())


def test_the_european_union_carries_the_id_of_europe(nlp) -> None:
    p = _place(nlp, "Farm ministers of the EU met in Brussels on Monday.", "EU").place
    assert p.geonames_id == 6255148  # GeoNames' continent, as GeoNames-coded news codes it
