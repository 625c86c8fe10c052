"""The evidence view lists the story's other reports, in a real browser over `eventwatch
serve` on 127.0.0.1: two outlets' reports of one arrest (the project's own words) stored in
a real SQLite file join one story; opening the first report's event shows the second
article (title, outlet, published date, link), with no console error and no request
leaving 127.0.0.1. Also the endpoint's JSON, without a browser."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

import web_kit as kit
from eventwatch.pipeline import extract
from eventwatch.records import Article
from eventwatch.store import open_store

FIRST = Article(
    title="Journalist Aram Vardanyan arrested in Yerevan",
    text="Armenian police arrested the journalist Aram Vardanyan in Yerevan on Tuesday, a day "
    "after he published a report on customs fraud.",
    published=date(2025, 3, 4),
    url="http://127.0.0.1:9/first-report",
    source="Lake Gazette",
)
SECOND = Article(
    title="Police hold reporter Vardanyan after customs story",
    text="Police detained the reporter Aram Vardanyan in Yerevan on Tuesday after his report "
    "on customs fraud, his editor said.",
    published=date(2025, 3, 4),
    url="http://127.0.0.1:9/second-report",
    source="Ridge Daily",
)
LONE = Article(
    title="Farmers block highway near Gyumri",
    text="Farmers blocked the highway near Gyumri on Friday to protest the price of fuel.",
    published=date(2025, 8, 22),
    source="Lake Gazette",
)


def fill(db) -> dict[str, list[str]]:
    with open_store(str(db)) as store:
        ids = {a.id: store.add_article(a, extract(a)) for a in (FIRST, SECOND, LONE)}
    assert all(ids.values()), "no event coded in one of the articles"
    return ids


@pytest.fixture(scope="module")
def db(tmp_path_factory, nlp):
    path = tmp_path_factory.mktemp("story") / "story.db"
    return path, fill(path)


def test_evidence_json_carries_the_story(db):
    from eventwatch.api.app import create_app

    path, ids = db
    with open_store(str(path)) as store:
        app = create_app(store=store)
        with TestClient(app) as client:
            got = client.get(f"/web/evidence/{ids[FIRST.id][0]}").json()
            story = got["story"]
            assert story["id"] == got["story_id"] == FIRST.id
            assert (story["num_articles"], story["num_sources"]) == (2, 2)
            assert [
                (o["id"], o["title"], o["source"], o["published"], o["url"])
                for o in story["others"]
            ] == [(SECOND.id, SECOND.title, "Ridge Daily", "2025-03-04", SECOND.url)]
            # a story of one article: no other reports
            alone = client.get(f"/web/evidence/{ids[LONE.id][0]}").json()["story"]
            assert alone["id"] == LONE.id
            assert alone["num_articles"] == 1 and alone["others"] == []


@pytest.mark.slow
def test_opening_an_event_lists_the_other_article_of_its_story(db, tmp_path):
    kit.skip_without_browser()
    from playwright.sync_api import sync_playwright

    path, ids = db
    server = kit.serve(path, tmp_path / "serve.log")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(kit.CHROMIUM), args=kit.CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1400, "height": 1200})
            web = kit.watch(context)
            page = web.page
            event_id = ids[FIRST.id][0]
            page.goto(f"{server.url}/?ev={event_id}#events")
            page.wait_for_selector(f'#evidence[data-event="{event_id}"] .story li[data-article]')
            items = page.locator("#evidence .story li[data-article]")
            assert items.count() == 1
            assert items.first.get_attribute("data-article") == SECOND.id
            text = items.first.inner_text()
            assert SECOND.title in text and "Ridge Daily" in text and "2025-03-04" in text
            assert items.first.locator("a").get_attribute("href") == SECOND.url
            total = page.locator("#evidence .story-total").inner_text()
            assert "2 article(s), 2 outlet(s)" in total
            assert page.locator("#evidence .story").get_attribute("data-story") == FIRST.id
            web.assert_clean()
            context.close()
            browser.close()
    finally:
        server.stop()
