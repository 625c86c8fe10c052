"""Stories in a real SQLite store, through the real pipeline and the watch engine: two
outlets' reports of one arrest are one story and one event cluster (NumArticles 2,
NumSources 2, GDELT export too); similar arrests on other days stay apart. Texts are the
project's own."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from eventwatch.cli import main
from eventwatch.pipeline import extract
from eventwatch.records import Article
from eventwatch.store import open_store
from eventwatch.store.export import write_gdelt
from eventwatch.store.gdelt import COLUMNS
from eventwatch.stories.query import get_story, list_stories
from eventwatch.stories.schema import StoryMergeRow
from eventwatch.watch.engine import Watcher

ONE = Article(
    title="Police arrest opposition leader in Tbilisi",
    text="Georgian police arrested opposition leader Nika Beradze in Tbilisi on Monday, hours "
    "after he addressed a rally outside parliament.",
    published=date(2025, 5, 12),
    source="Harbour Times",
)
TWO = Article(
    title="Opposition figure Beradze detained",
    text="Police detained Nika Beradze, the leader of the opposition, in Tbilisi on Monday "
    "after a rally near parliament, his party said.",
    published=date(2025, 5, 12),
    source="Valley Courier",
)
LATER = Article(
    title="Police arrest union leader in Tbilisi",
    text="Georgian police arrested union leader Levan Kapanadze in Tbilisi on Thursday, after "
    "a strike at the port of Poti.",
    published=date(2025, 6, 19),
    source="Harbour Times",
)
DAYS_AFTER = Article(
    title="Police arrest student organiser in Tbilisi",
    text="Georgian police arrested student organiser Tamar Lomidze in Tbilisi on Thursday, "
    "after a sit-in at the university.",
    published=date(2025, 5, 15),
    source="Valley Courier",
)


@pytest.fixture(scope="module")
def coded(nlp):
    return {a.id: extract(a) for a in (ONE, TWO, LATER, DAYS_AFTER)}


@pytest.fixture
def store(tmp_path):
    with open_store(str(tmp_path / "stories.db")) as st:
        yield st


def put(store, article, coded):
    ids = store.add_article(article, coded[article.id])
    assert ids, f"no event coded in {article.title!r}"
    Watcher(store).evaluate(ids)
    return ids


def test_two_outlets_one_event_one_story_one_cluster(store, coded):
    a = put(store, ONE, coded)
    b = put(store, TWO, coded)
    ev_a, ev_b = store.get_event(a[0]), store.get_event(b[0])
    assert ev_a.story_id == ev_b.story_id == ONE.id
    assert ev_a.event.event_type == ev_b.event.event_type == "COERCE"
    assert ev_a.cluster_id == ev_b.cluster_id
    again = store.get_event(a[0])
    assert (again.num_articles, again.num_sources, again.num_mentions) == (2, 2, 2)
    out = io.StringIO()
    write_gdelt(store.iter_events(), out, store, header=True)
    rows = list(csv.DictReader(io.StringIO(out.getvalue()), delimiter="\t"))
    assert list(rows[0]) == list(COLUMNS)
    assert {(r["NumArticles"], r["NumSources"]) for r in rows} == {("2", "2")}
    story = get_story(store, ONE.id)
    assert story["num_articles"] == 2 and story["num_sources"] == 2
    assert story["outlets"] == ["harbour times", "valley courier"]
    assert {e["id"] for e in story["events"]} == {a[0], b[0]}


def test_similar_events_on_other_days_stay_apart(store, coded):
    a = put(store, ONE, coded)
    far = put(store, LATER, coded)
    near = put(store, DAYS_AFTER, coded)
    first, later, soon = (store.get_event(x[0]) for x in (a, far, near))
    # five weeks later: another story; three days later: maybe the same story (a wave of
    # arrests), never the same event
    assert later.story_id != first.story_id
    assert len({first.cluster_id, later.cluster_id, soon.cluster_id}) == 3
    for ev in (first, later, soon):
        assert (ev.num_articles, ev.num_sources) == (1, 1)
    items, total = list_stories(store)
    assert total == len(items) >= 2


def test_articles_json_and_stories_cli(tmp_path, coded, capsys):
    path = str(tmp_path / "cli.db")
    with open_store(path) as st:
        for art in (ONE, TWO, LATER):
            Watcher(st).evaluate(st.add_article(art, coded[art.id]))
    assert main(["--db", path, "articles", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["id"]: r["story_id"] for r in rows} == {
        ONE.id: ONE.id,
        TWO.id: ONE.id,
        LATER.id: LATER.id,
    }
    assert main(["--db", path, "stories", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["total"] == 2
    assert {s["id"]: s["num_articles"] for s in listed["items"]} == {ONE.id: 2, LATER.id: 1}
    assert main(["--db", path, "stories", "show", ONE.id]) == 0
    text = capsys.readouterr().out
    assert "2 articles from 2 outlets" in text and "valley courier" in text
    assert main(["--db", path, "stories", "show", "nope"]) == 1
    assert "story not found: nope" in capsys.readouterr().err


def test_backfill_assigns_articles_stored_without_a_story(store):
    from eventwatch.stories.query import backfill
    from eventwatch.stories.schema import StoryArticleRow

    store.add_article(ONE, [])
    with store.session() as s:
        s.query(StoryArticleRow).delete()
    assert backfill(store) == 1
    assert backfill(store) == 0
    with store.session() as s:
        assert s.get(StoryArticleRow, ONE.id) is not None
        assert s.query(StoryMergeRow).count() == 0
