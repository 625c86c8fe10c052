"""Story features, the online assigner (with merges recorded), clustering scores, the ECB+
reader and the /stories API, on the project's own short texts."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from eventwatch.api.app import create_app
from eventwatch.errors import EventwatchError
from eventwatch.records import Article
from eventwatch.store import open_store
from eventwatch.stories import ecb, metrics
from eventwatch.stories.online import MemoryIndex, place
from eventwatch.stories.scorer import FEATURES, Params, shipped
from eventwatch.stories.text import features, names, words


def test_names_skip_sentence_openers_but_keep_runs():
    got = names("The mayor of Kelburn met Ana Ruiz. Later she left. Harbour Point Council agreed.")
    assert "kelburn" in got and "ana" in got and "ruiz" in got
    assert "later" not in got and "the" not in got
    assert {"harbour", "point", "council"} <= set(got)


def test_words_drop_stop_words_and_fold_plurals():
    assert words("The ferries carried 26 passengers to the islands") == [
        "ferry",
        "carried",
        "26",
        "passenger",
        "island",
    ]


def test_scores_of_a_clustering():
    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    assert metrics.score(gold, gold).pair_f1 == 1.0
    lumped = metrics.score(gold, {k: "one" for k in gold})
    assert lumped.pair_precision == pytest.approx(2 / 6) and lumped.pair_recall == 1.0
    assert lumped.bcubed_precision == pytest.approx(0.5) and lumped.bcubed_recall == 1.0
    split = metrics.score(gold, {k: k for k in gold})
    assert split.pair_f1 == 0.0 and split.bcubed_precision == 1.0
    assert split.bcubed_recall == pytest.approx(0.5)


def _f(aid, title, text, day=None):
    return features(aid, title, text, day=day, seen=date(2026, 1, 1))


def test_online_assignment_and_a_recorded_merge():
    params = replace(shipped(), threshold=0.5, merge_threshold=0.5)
    idx = MemoryIndex()
    a = place(
        idx,
        _f(
            "a",
            "Dam breach floods Kelburn",
            "The Kelburn dam burst and flooded the "
            "valley town of Kelburn; the Ostmark river rose fast.",
        ),
        params,
    )
    b = place(
        idx,
        _f(
            "b",
            "Ostmark river bursts banks",
            "The Ostmark river burst its banks near "
            "Morrow Bridge and the Ostmark floods reached Morrow Bridge farms.",
        ),
        params,
    )
    c = place(
        idx,
        _f(
            "c",
            "Tram strike in Valdoria",
            "Tram drivers in Valdoria walked out over pay, the Valdoria transport union said.",
        ),
        params,
    )
    assert (a.story_id, a.score) == ("a", None)
    assert c.story_id == "c"
    bridge = place(
        idx,
        _f(
            "d",
            "Kelburn dam burst floods Ostmark valley",
            "The Kelburn dam burst and the Ostmark river flooded Kelburn and Morrow Bridge farms.",
        ),
        params,
    )
    assert b.story_id == "b"  # no shared name with the first report
    assert bridge.story_id == "a" and [m for m, _ in bridge.merged] == ["b"]
    assert idx.merges[0][:3] == ("a", "b", "d")
    assert {idx.members[x] for x in "abd"} == {bridge.story_id}
    assert idx.members["c"] == "c"


PG_URL = os.environ.get("EVENTWATCH_TEST_PG_URL")  # an empty database the test may wipe


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "m.db")
    if not PG_URL:
        pytest.skip("set EVENTWATCH_TEST_PG_URL to run the story store tests on PostgreSQL")
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    return PG_URL


def test_merge_in_the_store_is_recorded(store_url, monkeypatch):
    from eventwatch.stories import assign
    from eventwatch.stories.query import get_story, list_stories

    monkeypatch.setattr(
        assign, "shipped", lambda: replace(shipped(), threshold=0.5, merge_threshold=0.5)
    )
    texts = [
        (
            "Dam breach floods Kelburn",
            "The Kelburn dam burst and flooded the valley town of "
            "Kelburn; the Ostmark river rose fast.",
        ),
        (
            "Ostmark river bursts banks",
            "The Ostmark river burst its banks near Morrow Bridge and "
            "the Ostmark floods reached Morrow Bridge farms.",
        ),
        (
            "Kelburn dam burst floods Ostmark valley",
            "The Kelburn dam burst and the Ostmark river flooded Kelburn and Morrow Bridge farms.",
        ),
    ]
    arts = [Article(text=x, title=t, source=f"outlet {i}") for i, (t, x) in enumerate(texts)]
    with open_store(store_url) as st:
        for a in arts:
            st.add_article(a, [])
        items, total = list_stories(st)
        assert total == 1 and items[0]["num_articles"] == 3 and items[0]["num_sources"] == 3
        story = get_story(st, arts[1].id)  # the merged-away id leads to the kept story
        assert story["id"] == arts[0].id and story["requested_id"] == arts[1].id
        assert [(m["merged_id"], m["article_id"]) for m in story["merges"]] == [
            (arts[1].id, arts[2].id)
        ]


def test_shipped_parameters_are_complete():
    p = shipped()
    assert set(p.weights) == set(FEATURES) and 0 < p.threshold <= p.merge_threshold
    assert isinstance(p, Params)


CAT = """<Document doc_name="{name}" doc_id="1">
{tokens}
</Document>"""


def _cat(path, sentences):
    toks, n = [], 0
    for s, sent in enumerate(sentences):
        for w in sent.split():
            n += 1
            toks.append(f'<token t_id="{n}" sentence="{s}" number="{n}">{w}</token>')
    path.write_text(CAT.format(name=path.name, tokens="\n".join(toks)), encoding="utf-8")


def test_ecb_reader_gold_title_url_and_date(tmp_path):
    (tmp_path / "4").mkdir()
    _cat(
        tmp_path / "4" / "4_1ecbplus.xml",
        [
            "http : / / news . example / 2019 / 03 / 05 / ferry - fire",
            "Ferry fire off Kelburn",
            "A ferry caught fire off Kelburn on Tuesday .",
        ],
    )
    _cat(
        tmp_path / "4" / "4_2ecb.xml",
        [
            "March 4 , 2008",
            "A ferry sank near Ostmark .",
        ],
    )
    docs = {d.id: d for d in ecb.read_folder(tmp_path)}
    plus, old = docs["4_1ecbplus"], docs["4_2ecb"]
    assert (plus.gold, old.gold) == ("4ecbplus", "4ecb")
    assert plus.url == "http://news.example/2019/03/05/ferry-fire"
    assert plus.title == "Ferry fire off Kelburn" and plus.dct == date(2019, 3, 5)
    assert old.dct == date(2008, 3, 4)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(EventwatchError, match="no ECB"):
        ecb.read_folder(empty)


def test_stories_api(tmp_path):
    with open_store(str(tmp_path / "api.db")) as st:
        one = Article(
            text="Tram drivers in Valdoria walked out over pay on Friday.",
            title="Valdoria tram strike",
            source="Courier",
            published=date(2025, 4, 4),
        )
        two = Article(
            text="Valdoria tram drivers began a strike over pay on Friday, the union said.",
            title="Tram strike hits Valdoria",
            source="Gazette",
            published=date(2025, 4, 4),
        )
        st.add_article(one, [])
        st.add_article(two, [])
        client = TestClient(create_app(store=st))
        page = client.get("/stories").json()
        assert page["total"] == 1 and page["items"][0]["num_sources"] == 2
        story = client.get(f"/stories/{one.id}").json()
        assert [a["id"] for a in story["articles"]] == [one.id, two.id]
        assert story["outlets"] == ["courier", "gazette"]
        assert story["span"] == {"first": "2025-04-04", "last": "2025-04-04"}
        assert client.get("/stories/unknown").status_code == 404
        assert client.get("/stories?limit=0").status_code == 422


def test_ecb_detokenize_rejoins_numbers_times_and_initialisms():
    got = ecb.detokenize(
        "A 6 . 2 tremor at 4 : 15 cost $ 3 . 5 million , 12 , 500 homes , U . S . aid on May 9 , 2011"
    )
    assert got == "A 6.2 tremor at 4:15 cost $3.5 million , 12,500 homes , U.S. aid on May 9 , 2011"
