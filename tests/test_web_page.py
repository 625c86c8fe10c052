"""The analyst's page in a real browser (Playwright driving Debian's Chromium) over
`eventwatch serve` on 127.0.0.1, with the seed article in a real SQLite file and a watch
rule that fired on it. Every test also checks that the page logged no console error and
asked nothing of any host but 127.0.0.1. Skips, with the reason, without Chromium."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

import web_kit as kit

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    kit.skip_without_browser()
    folder = tmp_path_factory.mktemp("web")
    db = folder / "page.db"
    key = kit.seed_store(db, folder / "alerts.jsonl")
    server = kit.serve(db, folder / "serve.log")
    yield {"url": server.url, "db": db, "key": key}
    server.stop()


@pytest.fixture(scope="module")
def browser(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(kit.CHROMIUM), args=kit.CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def web(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1200})
    seen = kit.watch(context)
    yield seen
    context.close()


def _open(web, url):
    page = web.page
    page.goto(url)
    page.wait_for_selector("#events tbody tr[data-id]")
    return page


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_every_section_renders_offline(site, web):
    page = _open(web, site["url"] + "/")
    rows = page.locator("#events tbody tr[data-id]")
    assert rows.count() == 16  # the seed article's events, one page
    page.wait_for_selector("#map .leaflet-overlay-pane svg path.cluster")
    assert page.locator("#map svg path").count() > 100  # countries of the base map + clusters
    page.wait_for_selector("#timeline .chart svg rect")
    assert "PRK\u2013RUS" in page.locator("#timeline h2").inner_text()
    page.wait_for_selector("#network .chart svg .edge")
    alerts = page.locator("#alerts")
    assert "needs an API key with the read scope" in alerts.inner_text()
    assert alerts.locator("input[name=apikey]").count() == 1
    web.assert_clean()


def test_a_filter_narrows_the_table_and_the_url(site, web):
    page = _open(web, site["url"] + "/")
    before = page.locator("#events tbody tr[data-id]").count()
    page.locator("#filters input[name=type][value=AID]").check()
    page.locator("#filters button[type=submit]").click()
    page.wait_for_function("location.search.includes('type=AID')")
    page.wait_for_function(
        "[...document.querySelectorAll('#events tbody tr[data-id] td.type')]"
        ".every(td => td.textContent === 'AID')"
    )
    types = page.locator("#events tbody tr[data-id] td.type").all_inner_texts()
    assert 0 < len(types) < before
    assert _query(page)["type"] == ["AID"]
    # the URL is the view: opened afresh it shows the same rows, the box already ticked
    shared = _open(web, page.url)
    assert shared.locator("#events tbody tr[data-id] td.type").all_inner_texts() == types
    assert shared.locator("#filters input[name=type][value=AID]").is_checked()
    web.assert_clean()


def test_clicking_an_event_highlights_its_evidence_at_the_offsets(site, web):
    from eventwatch.store import open_store

    page = _open(web, site["url"] + "/?type=AID")
    row = page.locator("#events tbody tr[data-id]").first
    event_id = row.get_attribute("data-id")
    row.click()
    page.wait_for_selector(f'#evidence[data-event="{event_id}"] mark.hl-trigger')
    assert _query(page)["ev"] == [event_id]
    with open_store(str(site["db"])) as store:
        stored = store.get_event(event_id)
        text = store.get_article(stored.article_id).text
    ev = stored.event
    marks = page.locator("#evidence .sentence mark").evaluate_all(
        "ms => ms.map(m => [m.dataset.role, +m.dataset.start, +m.dataset.end, m.textContent])"
    )
    roles = {role: (start, end) for role, start, end, _ in marks}
    assert roles["trigger"] == (ev.evidence.trigger_start, ev.evidence.trigger_end)
    assert roles["source"] == (ev.source[0].start, ev.source[0].end)
    assert roles["target"] == (ev.target[0].start, ev.target[0].end)
    for _role, start, end, shown in marks:
        assert shown == text[start:end]
    # the marks sit inside the sentence, which reads as the article's own text
    sentence = page.locator("#evidence .sentence").inner_text()
    assert sentence == text[ev.evidence.start : ev.evidence.end]
    meta = page.locator("#evidence .article").inner_text()
    assert "Putin, Kim exchange firearms" in meta and "Seed Wire" in meta
    assert "2023-09-13" in meta
    web.assert_clean()


def test_an_edge_of_the_network_sets_the_dyad_filter(site, web):
    page = _open(web, site["url"] + "/")
    page.wait_for_selector("#network .edge")
    page.locator('#network .edge[data-dyad="PRK-RUS"] line.hit').click(force=True)
    page.wait_for_function("location.search.includes('dyad=PRK-RUS')")
    assert page.locator("#filters input[name=dyad]").input_value() == "PRK-RUS"
    page.wait_for_selector("#network .edge.chosen")
    web.assert_clean()


def test_a_map_cluster_selects_its_events(site, web):
    page = _open(web, site["url"] + "/")
    before = page.locator("#events tbody tr[data-id]").count()
    page.wait_for_function("document.querySelector('#map').dataset.clusters > 1")
    page.locator("#map path.cluster").first.click(force=True)
    page.wait_for_function("location.search.includes('bbox=')")
    page.wait_for_function(
        f"document.querySelectorAll('#events tbody tr[data-id]').length < {before}"
    )
    assert page.locator("#bbox-chip").is_visible()
    web.assert_clean()


def test_an_alert_fired_by_a_rule_appears_in_the_inbox(site, web):
    page = _open(web, site["url"] + "/")
    page.locator("#alerts input[name=apikey]").fill(site["key"])
    page.locator("#alerts form.key button").click()
    first = page.locator("#alerts li.alert").first
    first.wait_for()
    assert kit.RULE_NAME in first.inner_text()
    assert first.locator(".sources a[data-id]").count() >= 1
    assert "delivery:" in first.inner_text()
    # kept for the session: a reload shows the inbox without asking again
    page.reload()
    page.wait_for_selector("#alerts li.alert")
    assert page.evaluate("sessionStorage.getItem('eventwatch.apikey')") == site["key"]
    web.assert_clean()


def test_a_rule_is_muted_and_unmuted_from_the_inbox(site, web):
    from eventwatch.store import open_store
    from eventwatch.watch.rulestore import get_rule

    page = _open(web, site["url"] + "/")
    page.locator("#alerts input[name=apikey]").fill(site["key"])
    page.locator("#alerts form.key button").click()
    quiet = page.locator("#alerts .rules li", has_text=kit.QUIET_RULE)
    quiet.locator("button.mute", has_text="Mute").click()
    page.wait_for_selector("#alerts .rules li.muted")
    with open_store(str(site["db"])) as store:
        assert get_rule(store, kit.QUIET_RULE).enabled is False
    page.locator("#alerts .rules li.muted button.mute", has_text="Unmute").click()
    page.wait_for_function("!document.querySelector('#alerts .rules li.muted')")
    with open_store(str(site["db"])) as store:
        assert get_rule(store, kit.QUIET_RULE).enabled is True
    web.assert_clean()


def test_swagger_ui_renders_from_local_assets(site, web):
    page = web.page
    page.goto(site["url"] + "/docs")
    page.wait_for_selector(".swagger-ui .opblock")
    assert page.locator(".swagger-ui .opblock").count() > 10
    web.assert_clean()
