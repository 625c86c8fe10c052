"""Story assignment time per article as the store grows (10k and 100k stored articles).

    python benchmarks/bench_stories.py [--sizes 10000 100000] [--probe 200] [--db-dir DIR]

For each size, a fresh SQLite store is filled in bulk with synthetic articles (made-up
names and words, 100 a day, 1 to 6 articles a story) and the story rows, blocking keys and
word counts (and each report's vectors) that assignment would have written for them; then `--probe` new articles
(dated on the last day, half of them new reports of stored stories) are stored one by one
through `Store.add_article`, which assigns each to its story. Prints the time per stored
article (median and 90th percentile, article row + assignment), and the time of the
assignment alone.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from eventwatch.records import Article
from eventwatch.store import open_store
from eventwatch.store.schema import ArticleRow
from eventwatch.stories import assign as assign_mod
from eventwatch.stories.dbindex import DOCS, _state_json, vector_json
from eventwatch.stories.online import Weighted, tokens_of, update_state
from eventwatch.stories.schema import StoryArticleRow, StoryKeyRow, StoryRow, StoryTermRow
from eventwatch.stories.scorer import StoryState, shipped
from eventwatch.stories.text import features, weigh

PER_DAY = 100
START = date(2020, 1, 1)
SYL = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zi", "be", "da", "fe", "go", "pu", "si", "xa"]


def word(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(SYL) for _ in range(n))


class World:
    """Made-up names, places and words; a story is a few names, a place and some words."""

    def __init__(self, seed: int = 7) -> None:
        rng = random.Random(seed)
        self.rng = rng
        self.names = sorted({word(rng, 3).capitalize() for _ in range(30000)})
        self.places = sorted({word(rng, 2).capitalize() + "ton" for _ in range(3000)})
        self.words = sorted({word(rng, 3) for _ in range(8000)})

    def story(self) -> dict[str, list[str]]:
        r = self.rng
        return {
            "names": r.sample(self.names, 3),
            "place": [r.choice(self.places)],
            "words": r.sample(self.words, 12),
        }

    def article(self, story: dict[str, list[str]], i: int) -> tuple[str, str]:
        r = self.rng
        a, b, c = story["names"]
        place = story["place"][0]
        ws = r.sample(story["words"], 8) + r.sample(self.words, 10)
        title = f"{a} {b} {ws[0]} {ws[1]} in {place}"
        body = (
            f"{a} {b} {ws[2]} {ws[3]} {ws[4]} in {place} on report {i}. "
            f"The {ws[5]} of {c} {ws[6]} {ws[7]} near {place}, {a} said. " + " ".join(ws[8:]) + "."
        )
        return title, body


def fill(store, world: World, n: int) -> list[dict[str, list[str]]]:
    """Bulk-write `n` articles with their stories, keys and counts; returns the stories."""
    params = shipped()
    now = datetime(2026, 1, 1)
    stories: list[dict[str, list[str]]] = []
    df: Counter[str] = Counter()
    arts, links, srows = [], [], []
    keys: dict[tuple[str, str], dict[str, object]] = {}
    made = 0
    while made < n:
        st = world.story()
        stories.append(st)
        sid = f"s{len(stories)}"
        state = StoryState(id=sid)
        for _ in range(min(world.rng.randint(1, 6), n - made)):
            day = START + timedelta(days=made // PER_DAY)
            title, text = world.article(st, made)
            aid = f"a{made}"
            f = features(aid, title, text, day=day, seen=day, lead_words=params.lead_words)
            toks = tokens_of(f)
            df.update(toks)
            docs = made + 1
            tvec = weigh(f.terms, df, docs)
            nvec = {
                k[2:]: v
                for k, v in weigh({f"n:{x}": c for x, c in f.names.items()}, df, docs).items()
            }
            top = [t for t, _ in sorted(tvec.items(), key=lambda kv: -kv[1])[: params.top_terms]]
            w = Weighted(f, tvec, nvec, f.keys(top))
            update_state(state, w)
            arts.append(
                {
                    "id": aid,
                    "title": title,
                    "text": text,
                    "published": day,
                    "url": None,
                    "source": f"outlet{made % 40}",
                    "origin": "",
                    "ingested_at": now,
                }
            )
            links.append(
                {
                    "article_id": aid,
                    "story_id": sid,
                    "outlet": f"outlet{made % 40}",
                    "day": day,
                    "score": None,
                    "assigned_at": now,
                    "vector": vector_json(w),  # what re-examining its story reads
                }
            )
            for k in w.keys:
                keys[(k, sid)] = {"key": k, "story_id": sid, "day": day, "seen": day}
            made += 1
        srows.append(
            {
                "id": sid,
                "title": "",
                "first_article_id": links[-1]["article_id"],
                "merged_into": None,
                "first_day": state.first_day,
                "last_day": state.last_day,
                "num_articles": state.n_articles,
                "num_sources": state.n_articles,
                "state": _state_json(state),
                "created_at": now,
                "updated_at": now,
            }
        )
    df[DOCS] = n
    with store.session() as s:
        for table, rows in (
            (ArticleRow, arts),
            (StoryRow, srows),
            (StoryArticleRow, links),
            (StoryKeyRow, list(keys.values())),
            (StoryTermRow, [{"term": t, "n": c} for t, c in df.items()]),
        ):
            for i in range(0, len(rows), 5000):
                s.execute(insert(table), rows[i : i + 5000])
    return stories


def probe(store, world: World, stories, n_stored: int, count: int) -> dict[str, float]:
    day = START + timedelta(days=(n_stored - 1) // PER_DAY)
    recent = stories[-200:]
    timings, assign_t = [], []
    real = assign_mod.assign_article

    def timed(*a, **k):
        t0 = time.perf_counter()
        try:
            return real(*a, **k)
        finally:
            assign_t.append(time.perf_counter() - t0)

    assign_mod.assign_article = timed
    import eventwatch.store.store as store_mod

    store_mod.assign_story = timed
    try:
        for i in range(count):
            st = recent[i % len(recent)] if i % 2 == 0 else world.story()
            title, text = world.article(st, n_stored + i)
            art = Article(
                text=text, title=title, published=day, source=f"probe{i % 7}", id=f"p{n_stored}-{i}"
            )
            t0 = time.perf_counter()
            store.add_article(art, [])
            timings.append(time.perf_counter() - t0)
    finally:
        store_mod.assign_story = real
        assign_mod.assign_article = real
    q = statistics.quantiles(timings, n=10)
    return {
        "stored_articles": n_stored,
        "probe_articles": count,
        "add_article_median_ms": round(statistics.median(timings) * 1000, 2),
        "add_article_p90_ms": round(q[-1] * 1000, 2),
        "assign_median_ms": round(statistics.median(assign_t) * 1000, 2),
        "assign_mean_ms": round(statistics.fmean(assign_t) * 1000, 2),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    p.add_argument("--probe", type=int, default=200)
    p.add_argument("--db-dir", type=Path, default=None)
    args = p.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(dir=args.db_dir) as tmp:
        for n in args.sizes:
            world = World()
            with open_store(str(Path(tmp) / f"bench-{n}.db")) as store:
                t0 = time.perf_counter()
                stories = fill(store, world, n)
                fill_s = time.perf_counter() - t0
                res = probe(store, world, stories, n, args.probe)
                res["fill_s"] = round(fill_s, 1)
                results.append(res)
                print(json.dumps(res), flush=True)
    if len(results) >= 2:
        a, b = results[0], results[-1]
        ratio = b["assign_median_ms"] / a["assign_median_ms"]
        print(
            f"assignment median {a['assign_median_ms']} ms at {a['stored_articles']} -> "
            f"{b['assign_median_ms']} ms at {b['stored_articles']} ({ratio:.2f}x)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
