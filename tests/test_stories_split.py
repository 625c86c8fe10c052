"""Revisable stories: the bisection of a story's reports and the split it leads to, on the
project's own short texts (two lottery draws of one town, years apart)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from eventwatch.stories import split
from eventwatch.stories.online import MemoryIndex, place, tokens_of, weighted
from eventwatch.stories.scorer import shipped
from eventwatch.stories.text import features

PAIR = {
    "text_cos": 6.0,
    "name_cos": 2.0,
    "year_match": 1.0,
    "year_conflict": -3.0,
}


def test_shipped_parameters_split_with_a_complete_pair_model():
    p = shipped()
    assert set(p.pair_weights) == set(split.PAIR_FEATURES) and 0 < p.split_threshold < 1


def test_bisect_finds_two_blocks_and_their_cross_link():
    hi, lo = 0.9, 0.1
    p = [
        [1.0, hi, lo, lo],
        [hi, 1.0, lo, lo],
        [lo, lo, 1.0, hi],
        [lo, lo, hi, 1.0],
    ]
    a, b, cross = split.bisect(p)
    assert sorted([sorted(a), sorted(b)]) == [[0, 1], [2, 3]]
    assert cross == pytest.approx(lo)


def _draw(aid: str, year: int, town: str, winner: str) -> object:
    return features(
        aid,
        f"Ferry lottery in {town} won by {winner} in {year}",
        f"The {town} ferry lottery of {year} was won by {winner}, a retired pilot. "
        f"{winner} said the {year} prize of the {town} draw would pay for a boat.",
        seen=date(2026, 1, 1),
    )


def _stream() -> list:
    return [
        _draw("a1", 2011, "Kelburn", "Ana Ruiz"),
        _draw("a2", 2011, "Kelburn", "Ana Ruiz"),
        _draw("b1", 2019, "Kelburn", "Tomas Vey"),
        _draw("a3", 2011, "Kelburn", "Ana Ruiz"),
        _draw("b2", 2019, "Kelburn", "Tomas Vey"),
        _draw("b3", 2019, "Kelburn", "Tomas Vey"),
    ]


def test_split_of_separates_two_draws_years_apart():
    idx = MemoryIndex()
    ws = []
    for f in _stream():
        ws.append(weighted(idx, f, shipped()))
        idx.bump(tokens_of(f))
    moved = split.split_of(ws, PAIR, -3.0, threshold=0.5)
    assert moved is not None
    assert sorted(ws[i].features.article_id for i in moved) == ["b1", "b2", "b3"]
    assert split.split_of(ws, PAIR, -3.0, threshold=0.0) is None  # 0: never
    assert split.split_of(ws[:3], PAIR, -3.0, threshold=0.5) is None  # too few to re-examine


def test_big_stories_are_split_at_their_own_threshold():
    idx = MemoryIndex()
    ws = []
    half = split.BIG_SPLIT // 2
    draws = [_draw(f"a{i}", 2011, "Kelburn", "Ana Ruiz") for i in range(half)]
    draws += [_draw(f"b{i}", 2019, "Kelburn", "Tomas Vey") for i in range(half)]
    for f in draws:
        ws.append(weighted(idx, f, shipped()))
        idx.bump(tokens_of(f))
    assert len(ws) >= split.BIG_SPLIT
    # a threshold no ratio is under: never split, unless the big story's threshold applies
    assert split.split_of(ws, PAIR, -3.0, threshold=1e-9) is None
    moved = split.split_of(ws, PAIR, -3.0, threshold=1e-9, big_threshold=0.999)
    assert moved is not None
    assert sorted(ws[i].features.article_id for i in moved) == sorted(f"b{i}" for i in range(half))
    small = ws[:3] + ws[half : half + 3]  # below BIG_SPLIT the ordinary threshold holds
    assert split.split_of(small, PAIR, -3.0, threshold=1e-9, big_threshold=0.999) is None


def test_a_story_holding_two_draws_is_split_and_the_split_recorded():
    # every report joins (threshold 0); the re-examination after each join splits the years
    params = replace(
        shipped(), threshold=0.0, pair_weights=PAIR, pair_bias=-3.0, split_threshold=0.5
    )
    idx = MemoryIndex()
    placed = [place(idx, f, params) for f in _stream()]
    assert idx.members["a1"] == idx.members["a2"] == idx.members["a3"]
    assert idx.members["b1"] == idx.members["b2"] == idx.members["b3"]
    assert idx.members["a1"] != idx.members["b1"]
    assert len(idx.splits) == 1
    story, new, article, _ = idx.splits[0]
    assert story == idx.members["a1"] and new == idx.members["b1"]
    assert any(p.split for p in placed)
    assert idx.state(new).n_articles + idx.state(story).n_articles == 6
    # the story split off is found again by the blocking index
    again = place(idx, _draw("b4", 2019, "Kelburn", "Tomas Vey"), params)
    assert again.story_id == new


def test_the_store_splits_a_story_and_records_it(tmp_path, monkeypatch):
    from eventwatch.records import Article
    from eventwatch.store import open_store
    from eventwatch.stories import assign
    from eventwatch.stories.assign import story_ids
    from eventwatch.stories.query import get_story

    params = replace(
        shipped(), threshold=0.0, pair_weights=PAIR, pair_bias=-3.0, split_threshold=0.5
    )
    monkeypatch.setattr(assign, "shipped", lambda: params)
    rows = [
        ("a1", 2011, "Ana Ruiz"),
        ("a2", 2011, "Ana Ruiz"),
        ("b1", 2019, "Tomas Vey"),
        ("a3", 2011, "Ana Ruiz"),
        ("b2", 2019, "Tomas Vey"),
        ("b3", 2019, "Tomas Vey"),
    ]
    arts = {}
    for name, year, winner in rows:
        f = _draw(name, year, "Kelburn", winner)
        body = (
            f"The Kelburn ferry lottery of {year} was won by {winner}, a retired pilot. "
            f"{winner} said the {year} prize of the Kelburn draw would pay for a boat. "
            f"({name} of six reports)"
        )
        arts[name] = Article(text=body, title=f.title, source=f"outlet {name}")
    with open_store(str(tmp_path / "s.db")) as st:
        for a in arts.values():
            st.add_article(a, [])
        with st.session() as s:
            of = story_ids(s, [a.id for a in arts.values()])
        kept = get_story(st, of[arts["a1"].id])
        new = get_story(st, of[arts["b1"].id])
    assert {a["id"] for a in kept["articles"]} == {arts[x].id for x in ("a1", "a2", "a3")}
    assert {a["id"] for a in new["articles"]} == {arts[x].id for x in ("b1", "b2", "b3")}
    assert kept["num_articles"] == 3 and new["num_articles"] == 3 and new["num_sources"] == 3
    assert [(x["story_id"], x["split_id"]) for x in kept["splits"]] == [(kept["id"], new["id"])]
    assert new["splits"] == kept["splits"]


def test_spectral_bisection_cuts_between_blocks_not_off_the_weakest_report():
    # report 3 is the least similar of the first block: average link would peel it off,
    # the spectral cut weighs every pair and keeps it with its block
    hi, mid, lo = 0.9, 0.5, 0.1
    p = [
        [1.0, hi, hi, mid, lo, lo, lo],
        [hi, 1.0, hi, mid, lo, lo, lo],
        [hi, hi, 1.0, mid, lo, lo, lo],
        [mid, mid, mid, 1.0, lo, lo, lo],
        [lo, lo, lo, lo, 1.0, hi, hi],
        [lo, lo, lo, lo, hi, 1.0, hi],
        [lo, lo, lo, lo, hi, hi, 1.0],
    ]
    a, b, cross = split.bisect_spectral(p)
    assert sorted([sorted(a), sorted(b)]) == [[0, 1, 2, 3], [4, 5, 6]]
    assert cross == pytest.approx(lo)


def test_link_is_the_mean_pair_probability_across_two_stories():
    idx = MemoryIndex()
    ws = []
    for f in _stream():
        ws.append(weighted(idx, f, shipped()))
        idx.bump(tokens_of(f))
    by = {w.features.article_id: w for w in ws}
    same = split.link([by["a1"], by["a2"]], [by["a3"]], PAIR, -3.0)
    other = split.link([by["a1"], by["a2"]], [by["b1"], by["b2"]], PAIR, -3.0)
    assert same > 0.9 > 0.5 > other
    assert split.link([], [by["a3"]], PAIR, -3.0) == 0.0


def test_fragments_of_one_draw_merge_when_a_report_joins_one_of_them():
    apart = replace(
        shipped(),
        threshold=1.01,
        merge_threshold=1.01,
        pair_weights=PAIR,
        pair_bias=-3.0,
        link_threshold=0.0,
        link_ratio=0.0,
    )
    idx = MemoryIndex()
    for f in (_draw("a1", 2011, "Kelburn", "Ana Ruiz"), _draw("b1", 2019, "Kelburn", "Tomas Vey")):
        place(idx, f, apart)
    place(idx, _draw("a2", 2011, "Kelburn", "Ana Ruiz"), apart)
    assert len({idx.members[x] for x in ("a1", "a2", "b1")}) == 3  # three stories
    joined = replace(apart, threshold=0.0, link_threshold=0.5)
    placed = place(idx, _draw("a3", 2011, "Kelburn", "Ana Ruiz"), joined)
    assert idx.members["a1"] == idx.members["a2"] == idx.members["a3"] == placed.story_id
    assert idx.members["b1"] != placed.story_id
    assert [m[0] for m in placed.merged] and len(idx.merges) == 1


def test_the_store_merges_fragments_of_one_draw_and_records_it(tmp_path, monkeypatch):
    from eventwatch.records import Article
    from eventwatch.store import open_store
    from eventwatch.stories import assign
    from eventwatch.stories.assign import story_ids
    from eventwatch.stories.query import get_story

    apart = replace(
        shipped(),
        threshold=1.01,
        merge_threshold=1.01,
        pair_weights=PAIR,
        pair_bias=-3.0,
        link_threshold=0.0,
        link_ratio=0.0,
    )
    joined = replace(apart, threshold=0.0, link_threshold=0.5)
    arts = {}
    for name, year, winner in (
        ("a1", 2011, "Ana Ruiz"),
        ("b1", 2019, "Tomas Vey"),
        ("a2", 2011, "Ana Ruiz"),
        ("a3", 2011, "Ana Ruiz"),
    ):
        f = _draw(name, year, "Kelburn", winner)
        body = (
            f"The Kelburn ferry lottery of {year} was won by {winner}, a retired pilot. "
            f"{winner} said the {year} prize of the Kelburn draw would pay for a boat. "
            f"({name} of four reports)"
        )
        arts[name] = Article(text=body, title=f.title, source=f"outlet {name}")
    with open_store(str(tmp_path / "s.db")) as st:
        for name, a in arts.items():
            params = joined if name == "a3" else apart
            monkeypatch.setattr(assign, "shipped", lambda params=params: params)
            st.add_article(a, [])
        with st.session() as s:
            of = story_ids(s, [a.id for a in arts.values()])
        story = get_story(st, of[arts["a3"].id])
    assert of[arts["a1"].id] == of[arts["a2"].id] == of[arts["a3"].id] != of[arts["b1"].id]
    assert {a["id"] for a in story["articles"]} == {arts[x].id for x in ("a1", "a2", "a3")}
    assert [m["article_id"] for m in story["merges"]] == [arts["a3"].id]


def test_a_report_the_scorer_leaves_alone_is_adopted_by_the_story_of_its_draw():
    # the story scorer joins nothing (threshold above 1), so each report founds a story; with
    # a link threshold the pair model puts a founding report into the story whose reports
    # tell of its draw (recorded as a merge), never into the other year's
    params = replace(
        shipped(),
        threshold=1.01,
        merge_threshold=1.01,
        pair_weights=PAIR,
        pair_bias=-3.0,
        split_threshold=0.0,
        link_threshold=0.8,
        link_ratio=0.0,
    )
    idx = MemoryIndex()
    placed = [place(idx, f, params) for f in _stream()]
    assert idx.members["a1"] == idx.members["a2"] == idx.members["a3"] == "a1"
    assert idx.members["b1"] == idx.members["b2"] == idx.members["b3"] == "b1"
    assert placed[1].story_id == "a1" and placed[1].merged == [("a2", placed[1].score)]
    assert placed[0].score is None and placed[2].score is None  # founded, nothing to adopt them
    assert len(idx.merges) == 4


def test_link_ratio_weighs_the_cross_link_against_each_story_inside():
    idx = MemoryIndex()
    ws = []
    for f in _stream():
        ws.append(weighted(idx, f, shipped()))
        idx.bump(tokens_of(f))
    by = {w.features.article_id: w for w in ws}
    cross, ratio = split.link_stats([by["a1"], by["a2"]], [by["a3"]], PAIR, -3.0)
    assert cross == pytest.approx(split.link([by["a1"], by["a2"]], [by["a3"]], PAIR, -3.0))
    assert ratio == pytest.approx(
        cross / ((split.link([by["a1"]], [by["a2"]], PAIR, -3.0) * 2 + 1) / 3)
    )
    far, far_ratio = split.link_stats([by["a1"], by["a2"]], [by["b1"], by["b2"]], PAIR, -3.0)
    assert far_ratio < 0.5 < ratio
    assert split.link_stats([], [by["a3"]], PAIR, -3.0) == (0.0, 0.0)


def _weighed(draws: list) -> dict:
    idx = MemoryIndex()
    out = {}
    for f in draws:
        out[f.article_id] = weighted(idx, f, shipped())
        idx.bump(tokens_of(f))
    return out


def test_outlier_of_finds_the_one_report_of_another_draw_never_the_founder():
    by = _weighed(
        [_draw(f"a{i}", 2011, "Kelburn", "Ana Ruiz") for i in range(1, 5)]
        + [_draw("b1", 2019, "Kelburn", "Tomas Vey")]
    )
    members = [by["a1"], by["a2"], by["b1"], by["a3"], by["a4"]]
    got = split.outlier_of(members, PAIR, -3.0, ratio=0.5)
    assert got is not None and members[got[0]].features.article_id == "b1" and got[1] < 0.5
    assert split.outlier_of(members, PAIR, -3.0, ratio=0.0) is None  # 0: never
    assert split.outlier_of(members, PAIR, -3.0, ratio=got[1]) is None  # strictly below
    assert split.outlier_of(members[:3], PAIR, -3.0, ratio=0.5) is None  # too few
    # the founding report stays: the story is its story, whatever its ratio
    first = [by["b1"], by["a1"], by["a2"], by["a3"], by["a4"]]
    got = split.outlier_of(first, PAIR, -3.0, ratio=0.5)
    assert got is None or first[got[0]].features.article_id != "b1"


def test_an_outlier_moves_to_the_story_of_its_draw_and_the_move_is_recorded():
    from eventwatch.stories.online import Placed, evict

    by = _weighed(
        [_draw(f"a{i}", 2011, "Kelburn", "Ana Ruiz") for i in range(1, 4)]
        + [_draw(f"b{i}", 2019, "Kelburn", "Tomas Vey") for i in range(1, 4)]
    )
    params = replace(
        shipped(), pair_weights=PAIR, pair_bias=-3.0, link_threshold=0.5, evict_ratio=0.5
    )
    idx = MemoryIndex()
    idx.found("a1", by["a1"])
    idx.attach("a1", by["a2"], 0.9)
    idx.found("b1", by["b1"])
    idx.attach("b1", by["b2"], 0.9)
    idx.attach("a1", by["a3"], 0.9)
    idx.attach("a1", by["b3"], 0.4)  # the wrong story
    out = Placed("a1", 0.4)
    evict(idx, "a1", "b3", params, out)
    assert idx.members["b3"] == "b1" == out.story_id
    assert {a for a, s in idx.members.items() if s == "a1"} == {"a1", "a2", "a3"}
    assert [(s, n) for s, n in out.split] == [("b3", 1)] and len(idx.splits) == 1
    assert idx.merges[-1][:2] == ("b1", "b3") and out.merged[0][0] == "b3"
    # with no story of its draw to go to, the outlier stays where it is
    alone = MemoryIndex()
    alone.found("a1", by["a1"])
    for aid in ("a2", "a3"):
        alone.attach("a1", by[aid], 0.9)
    alone.attach("a1", by["b3"], 0.4)
    assert split.outlier_of(alone.members_of("a1"), PAIR, -3.0, ratio=0.5) is not None
    out = Placed("a1", 0.4)
    evict(alone, "a1", "b3", params, out)
    assert alone.members["b3"] == "a1" and not alone.splits and not out.split


def test_the_store_moves_an_outlier_to_the_story_of_its_draw_and_records_it(
    tmp_path, monkeypatch
):
    from eventwatch.records import Article
    from eventwatch.store import open_store
    from eventwatch.stories import assign
    from eventwatch.stories.assign import story_ids
    from eventwatch.stories.query import get_story

    base = replace(
        shipped(), pair_weights=PAIR, pair_bias=-3.0, link_threshold=0.0, link_ratio=0.0
    )
    joins = replace(base, threshold=0.0, merge_threshold=1.01)  # the best candidate, always
    apart = replace(base, threshold=1.01, merge_threshold=1.01)  # a story of its own
    moves = replace(joins, link_threshold=0.5, evict_ratio=0.5)
    rows = [
        ("a1", 2011, "Ana Ruiz", joins),
        ("a2", 2011, "Ana Ruiz", joins),
        ("a3", 2011, "Ana Ruiz", joins),
        ("b1", 2019, "Tomas Vey", joins),  # joins the 2011 draw's story, the only one
        ("b2", 2019, "Tomas Vey", apart),
        ("b3", 2019, "Tomas Vey", joins),
        ("a4", 2011, "Ana Ruiz", moves),  # re-examines the 2011 story: b1 leaves it
    ]
    arts = {}
    with open_store(str(tmp_path / "s.db")) as st:
        for name, year, winner, params in rows:
            f = _draw(name, year, "Kelburn", winner)
            body = (
                f"The Kelburn ferry lottery of {year} was won by {winner}, a retired pilot. "
                f"{winner} said the {year} prize of the Kelburn draw would pay for a boat. "
                f"({name} of seven reports)"
            )
            arts[name] = Article(text=body, title=f.title, source=f"outlet {name}")
            monkeypatch.setattr(assign, "shipped", lambda params=params: params)
            st.add_article(arts[name], [])
            if name == "b3":
                with st.session() as s:
                    before = story_ids(s, [a.id for a in arts.values()])
        with st.session() as s:
            of = story_ids(s, [a.id for a in arts.values()])
        kept = get_story(st, of[arts["a1"].id])
        other = get_story(st, of[arts["b2"].id])
    ids = {k: a.id for k, a in arts.items()}
    assert before[ids["b1"]] == before[ids["a1"]] != before[ids["b2"]] == before[ids["b3"]]
    assert {a["id"] for a in kept["articles"]} == {ids[x] for x in ("a1", "a2", "a3", "a4")}
    assert {a["id"] for a in other["articles"]} == {ids[x] for x in ("b1", "b2", "b3")}
    assert [x["split_id"] for x in kept["splits"]] == [ids["b1"]]
    assert [m["merged_id"] for m in other["merges"]] == [ids["b1"]]
