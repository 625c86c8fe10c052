"""The writer's process-wide memories for stories (issue 13): a stored report vector decoded
once, a story's stored state decoded once, pair probabilities kept by the reports' identity.
Each must answer exactly what a fresh computation answers, and never for another input."""

from __future__ import annotations

import json
from datetime import date

import eventwatch.store  # noqa: F401 - first: the stories modules are imported through it
from eventwatch.stories import dbindex, split
from eventwatch.stories.dbindex import decoded_state, vector_json, weighted_cached, weighted_of
from eventwatch.stories.online import MemoryIndex, weighted
from eventwatch.stories.scorer import shipped
from eventwatch.stories.text import features


def _report(aid: str, town: str, year: int) -> object:
    f = features(
        aid,
        f"Harbour council of {town} votes on the {year} ferry budget",
        f"The {town} harbour council voted on Tuesday on the ferry budget for {year}. "
        f"Councillor Mara Oduya of {town} said the vote would decide the {year} timetable.",
        seen=date(2026, 3, 2),
    )
    return weighted(MemoryIndex(), f, shipped())


def test_a_stored_vector_is_decoded_once_and_only_for_its_own_text():
    w = _report("h1", "Varnby", 2024)
    raw = json.dumps(vector_json(w))
    first = weighted_cached("h1", raw)
    assert first is not None and weighted_cached("h1", raw) is first  # one object per text
    assert first == weighted_of("h1", json.loads(raw))  # what a fresh decoding gives
    other = json.dumps(vector_json(_report("h1", "Tollund", 2019)))
    assert weighted_cached("h1", other) is not first  # another text: another object
    assert weighted_cached("h1", None) is None and weighted_cached("h1", "null") is None


def test_a_stored_state_is_decoded_once_while_its_text_is_unchanged():
    raw = json.dumps({"terms": {"ferry": 0.5}, "types": ["CONSULT"]})
    got = decoded_state(raw)
    assert got == json.loads(raw) and decoded_state(raw) is got
    assert decoded_state(json.dumps({"terms": {"ferry": 0.25}})) == {"terms": {"ferry": 0.25}}
    assert decoded_state(None) == {} and decoded_state("null") == {}


def test_pair_cache_answers_a_fresh_computation_and_only_for_the_same_objects():
    p = shipped()
    a, b = _report("h1", "Varnby", 2024), _report("h2", "Varnby", 2024)
    c = _report("h3", "Tollund", 2019)
    fresh = split.pair_probability(split.pair_vector(a, b, p.window_days), p.pair_weights,
                                   p.pair_bias)
    cache = split.PairCache()
    assert cache.probability(a, b, p.pair_weights, p.pair_bias, p.window_days) == fresh
    assert cache.probability(b, a, p.pair_weights, p.pair_bias, p.window_days) == fresh
    # the same article ids with other vectors (a report read back rounded, say): recomputed
    c_as_h2 = weighted_of("h2", vector_json(c))
    other = split.pair_probability(split.pair_vector(a, c_as_h2, p.window_days),
                                   p.pair_weights, p.pair_bias)
    assert other != fresh
    assert cache.probability(a, c_as_h2, p.pair_weights, p.pair_bias, p.window_days) == other
    # other weights: recomputed too
    heavier = {k: 2 * v for k, v in p.pair_weights.items()}
    assert cache.probability(a, b, heavier, p.pair_bias, p.window_days) != fresh
    # and the link over a story's reports is the one computed without the cache
    mine, theirs = [a, b], [c]
    assert split.link(mine, theirs, p.pair_weights, p.pair_bias, p.window_days, cache) == (
        split.link(mine, theirs, p.pair_weights, p.pair_bias, p.window_days)
    )


def test_the_store_index_keeps_pairs_across_articles():
    assert isinstance(dbindex.PAIRS, split.PairCache)
