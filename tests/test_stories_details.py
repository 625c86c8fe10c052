"""The details that tell two similar happenings apart (issue 17): the days of the week an
article's title and first sentence name and the numbers of its lead, read from the project's
own short texts, compared by the split's pair model and kept with a stored report's vector."""

from __future__ import annotations

import json
from datetime import date

import eventwatch.store  # noqa: F401 - first: the stories modules are imported through it
from eventwatch.stories import split
from eventwatch.stories.dbindex import vector_json, weighted_of
from eventwatch.stories.online import MemoryIndex, tokens_of, weighted
from eventwatch.stories.scorer import shipped
from eventwatch.stories.text import features, lead_numbers, weekdays


def test_weekdays_are_read_as_named():
    assert weekdays("Police said on Tuesday's briefing that the Sunday match goes ahead") == {
        "tuesday",
        "sunday",
    }
    assert weekdays("The weekday market opens daily") == set()


def test_lead_numbers_are_the_counts_of_the_first_words_without_years():
    text = "In 2021 , 14 miners were trapped and 3.5 tonnes of rock fell. " + "word " * 120 + "99"
    assert lead_numbers(text) == {"14", "3.5"}  # 99 lies beyond the lead's 100 words


def _crash(aid: str, day: str, month: str, hurt: int) -> object:
    dom = 3 if month == "March" else 9
    return features(
        aid,
        f"Tram derails in Ostrava, {hurt} hurt",
        f"A tram derailed in central Ostrava on {day}, {month} {dom}, injuring {hurt} passengers, "
        f"the city transport company said. The Ostrava tram left the rails near the station.",
        seen=date(2026, 1, 1),
    )


def _weighed(fs: list) -> list:
    idx = MemoryIndex()
    out = []
    for f in fs:
        out.append(weighted(idx, f, shipped()))
        idx.bump(tokens_of(f))
    return out


def _row(x: list[float]) -> dict[str, float]:
    return dict(zip(split.PAIR_FEATURES, x, strict=True))


def test_the_pair_model_sees_agreeing_and_conflicting_details():
    a, b, c = _weighed(
        [
            _crash("a", "Tuesday", "March", 12),
            _crash("b", "Tuesday", "March", 12),
            _crash("c", "Friday", "June", 30),
        ]
    )
    same, twin = _row(split.pair_vector(a, b)), _row(split.pair_vector(a, c))
    assert (same["weekday_match"], same["weekday_conflict"]) == (1.0, 0.0)
    assert (same["lead_num_match"], same["lead_num_conflict"]) == (1.0, 0.0)
    assert (twin["weekday_match"], twin["weekday_conflict"]) == (0.0, 1.0)
    assert twin["lead_num_conflict"] == 1.0
    # a detail only one article gives is neither agreement nor conflict
    bare = features("d", "Tram derails in Ostrava", "A tram derailed in Ostrava.", seen=None)
    (d,) = _weighed([bare])
    row = _row(split.pair_vector(a, d))
    assert row["weekday_match"] == row["weekday_conflict"] == row["lead_num_conflict"] == 0.0


def test_a_stored_vector_keeps_the_details():
    (w,) = _weighed([_crash("a", "Tuesday", "March", 12)])
    back = weighted_of("a", json.loads(json.dumps(vector_json(w))))
    assert back.features.head_weekdays == {"tuesday"}
    assert back.features.lead_numbers == {"12", "3"}
    old = weighted_of("a", {"t": {}, "n": {}})  # a vector stored before the details
    assert old.features.head_weekdays == old.features.lead_numbers == set()


def test_two_crashes_told_alike_but_for_the_day_are_split_by_the_details():
    ws = _weighed(
        [
            _crash("a1", "Tuesday", "March", 12),
            _crash("a2", "Tuesday", "March", 12),
            _crash("b1", "Friday", "June", 30),
            _crash("a3", "Tuesday", "March", 12),
            _crash("b2", "Friday", "June", 30),
            _crash("b3", "Friday", "June", 30),
        ]
    )
    words_only = {"text_cos": 6.0, "name_cos": 2.0}
    details = {**words_only, "weekday_conflict": -3.0, "lead_num_conflict": -3.0}
    assert split.split_of(ws, words_only, -3.0, threshold=0.6) is None
    moved = split.split_of(ws, details, -3.0, threshold=0.6)
    assert moved is not None
    assert sorted(ws[i].features.article_id for i in moved) == ["b1", "b2", "b3"]
