"""The API's aggregate cache: a stored article (or pending watch work) drops every cached
answer, and a value asked for by many threads at once is computed once."""

from __future__ import annotations

import threading
import time

from fastapi.testclient import TestClient

from eventwatch.api.app import create_app
from eventwatch.api.cache import AggregateCache
from eventwatch.records import Article
from eventwatch.store import open_store
from test_watch_kit import seed_article, seed_events


def test_a_new_article_drops_cached_answers(tmp_path):
    with open_store(str(tmp_path / "c.db")) as store:
        app = create_app(store=store)
        app.state.cache.recheck_s = 0  # look at the store's version on every request
        with TestClient(app) as c:
            assert c.get("/events").json()["total"] == 0
            assert c.get("/events").json()["total"] == 0  # answered from the cache
            assert app.state.cache.hits >= 1
            art = seed_article()
            store.add_article(art, seed_events(art))
            assert c.get("/events").json()["total"] == 4
            assert c.get("/articles").json()["total"] == 1


def test_concurrent_misses_compute_once(tmp_path):
    with open_store(str(tmp_path / "s.db")) as store:
        cache = AggregateCache(store)
        calls: list[int] = []
        gate = threading.Event()

        def slow() -> int:
            calls.append(1)
            gate.wait(5)
            return 42

        results: list[int] = []
        threads = [
            threading.Thread(target=lambda: results.append(cache.get("k", slow))) for _ in range(8)
        ]
        for t in threads:
            t.start()
        while not calls:
            time.sleep(0.01)
        gate.set()
        for t in threads:
            t.join(5)
        assert results == [42] * 8 and len(calls) == 1


def test_the_version_follows_pending_watch_work(tmp_path):
    from eventwatch.watch.pending import register

    with open_store(str(tmp_path / "v.db")) as store:
        cache = AggregateCache(store, recheck_s=0)
        before = cache._store_version()
        register(store)
        store.add_article(Article(text="A quiet day in the port.", title="Q", origin="q"), [])
        assert cache._store_version() != before
