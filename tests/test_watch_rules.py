"""Rule conditions one by one on real seed sentences, the rule checks, and the trend maths."""

from __future__ import annotations

from datetime import date

import pytest

from eventwatch.errors import EventwatchError
from eventwatch.watch.rules import Rule
from eventwatch.watch.trends import bucket_series, spike, window_start
from test_watch_kit import KIM, PUTIN, VOSTOCHNY, event_in, seed_article

ART = seed_article()
RIFLE = event_in(
    ART,
    "Putin offered Kim a high-quality Russian-made rifle",
    "offered",
    "AID",
    goldstein=7.4,
    confidence=0.65,
).to_dict()
MEET = event_in(
    ART,
    "exchanged gifts during their rendezvous",
    "rendezvous",
    "CONSULT",
    place=VOSTOCHNY,
    goldstein=1.0,
).to_dict()
FIREARM = event_in(
    ART, "Kim bestowed upon Putin", "bestowed", "AID", source=KIM, target=PUTIN
).to_dict()


def rule(**conditions) -> Rule:
    return Rule.from_dict({"name": "r", "conditions": conditions})


def test_dyad_either_order_unless_directed():
    assert rule(dyad=["PRK", "RUS"]).matches(RIFLE)
    assert rule(dyad=["RUS", "PRK"], directed=True).matches(RIFLE)
    assert not rule(dyad=["RUS", "PRK"], directed=True).matches(FIREARM)
    assert not rule(dyad=["RUS", "KOR"]).matches(RIFLE)


def test_actor_conditions_country_sector_person():
    RIFLE["source"][0]["sector"] = "GOV"
    assert rule(source={"country": ["RUS"], "sector": ["gov"]}).matches(RIFLE)
    assert not rule(source={"country": ["RUS"], "sector": ["MIL"]}).matches(RIFLE)
    assert rule(actor={"person": ["kim jong"]}).matches(RIFLE)
    assert not rule(target={"person": ["Putin"]}).matches(RIFLE)
    assert rule(dyad=[{"person": ["Putin"]}, {"country": ["PRK"]}]).matches(FIREARM)


def test_type_factuality_goldstein_confidence_keywords_place():
    assert rule(event_types=["aid", "cooperate"]).matches(RIFLE)
    assert not rule(event_types=["CONSULT"]).matches(RIFLE)
    assert rule(factuality=["any"]).matches(RIFLE) and not rule(factuality=["planned"]).matches(
        RIFLE
    )
    assert rule(goldstein_min=7, goldstein_max=8).matches(RIFLE)
    assert rule(goldstein_min=5).mismatch(MEET) == "goldstein_min"
    assert rule(min_confidence=0.6).matches(RIFLE) and not rule(min_confidence=0.7).matches(RIFLE)
    assert rule(keywords=["rifle", "tank"]).matches(RIFLE)
    assert not rule(keywords=["rif"]).matches(RIFLE)  # whole words only
    near = {"lat": 51.9, "lon": 128.3, "radius_km": 20}
    assert rule(place=near).matches(MEET)
    assert not rule(place=near).matches(RIFLE)  # no location: cannot be near anything
    assert not rule(place={"lat": 39.03, "lon": 125.75, "radius_km": 300}).matches(MEET)
    assert rule(contexts=["military"]).mismatch(RIFLE) == "contexts"


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"factuality": ["maybe"]}, "factuality"),
        ({"dyad": ["RUS"]}, "two actor conditions"),
        ({"dyad": ["Russia", "PRK"]}, "alpha-3"),
        ({"goldstein_min": 11}, "goldstein_min"),
        ({"min_confidence": "high"}, "min_confidence"),
        ({"place": {"lat": 100, "lon": 0}}, "place.lat"),
        ({"spike": {"by": "hour"}}, "spike.by"),
        ({"colour": "red"}, "unknown conditions"),
        ({"source": {"nation": ["RUS"]}}, "unknown keys"),
    ],
)
def test_bad_conditions_are_one_line_errors(bad, message):
    with pytest.raises(EventwatchError, match=message) as err:
        rule(**bad)
    assert "\n" not in str(err.value)


def test_bad_notifiers():
    for spec in (
        {"kind": "pager"},
        {"kind": "webhook", "url": "ftp://x"},
        {"kind": "email", "to": ["nobody"]},
    ):
        with pytest.raises(EventwatchError, match="notifier"):
            Rule.from_dict({"name": "n", "notifiers": [spec]})


def test_rule_round_trips_through_its_dict():
    r = Rule.from_dict(
        {
            "name": "x",
            "conditions": {
                "dyad": ["RUS", "PRK"],
                "event_types": ["AID"],
                "place": {"lat": 1, "lon": 2, "radius_km": 3},
            },
            "notifiers": [{"kind": "jsonl"}],
        }
    )
    again = Rule.from_dict(r.to_dict())
    assert again.to_dict() == r.to_dict() and again.matches(RIFLE) == r.matches(RIFLE)


def test_windows_fill_gaps_and_average_goldstein():
    rows = [(date(2023, 9, 13), 2, 4.0), (date(2023, 9, 13), 4, -8.0), (date(2023, 9, 15), 1, None)]
    days = bucket_series(rows, "day")
    assert [(w.period, w.count) for w in days] == [
        ("2023-09-13", 2),
        ("2023-09-14", 0),
        ("2023-09-15", 1),
    ]
    assert days[0].quad == {"1": 0, "2": 1, "3": 0, "4": 1} and days[0].mean_goldstein == -2.0
    assert days[2].mean_goldstein is None
    weeks = bucket_series(rows + [(date(2023, 9, 25), 1, 1.0)], "week")
    assert [(w.period, w.count) for w in weeks] == [
        ("2023-09-11", 3),
        ("2023-09-18", 0),
        ("2023-09-25", 1),
    ]
    months = bucket_series([(date(2023, 12, 31), 1, 0.0), (date(2024, 2, 1), 1, 0.0)], "month")
    assert [w.period for w in months] == ["2023-12-01", "2024-01-01", "2024-02-01"]
    assert window_start(date(2023, 9, 17), "week") == date(2023, 9, 11)


def test_spike_against_baseline():
    assert spike([1, 2], baseline=7) is None  # not enough history
    calm = spike([2, 3, 2, 3, 2, 3, 2, 3], baseline=7, sd=3)
    assert calm is not None and not calm.fired
    burst = spike([2, 3, 2, 3, 2, 3, 2, 12], baseline=7, sd=3)
    assert burst.fired and burst.count == 12 and burst.threshold < 12
    flat = spike([0, 0, 0, 0, 0, 0, 0, 3], baseline=7, sd=3)
    assert not flat.fired  # 3 events against nothing is under the 1-event sd floor x 3


def test_window_count_is_capped_and_the_last_date_is_safe():
    rows = [(date(2023, 9, 13), 2, 1.0)]
    with pytest.raises(EventwatchError, match=r"E014 trend: 738776 day windows .*at most 5000"):
        bucket_series(rows, "day", since=date(1, 1, 1))
    assert len(bucket_series(rows, "month", since=date(1900, 1, 1))) > 1000
    last = bucket_series([], "day", since=date(9999, 12, 31), until=date(9999, 12, 31))
    assert [w.period for w in last] == ["9999-12-31"]
