"""Throughput of the watch engine: events grouped and tested against rules per second.

    .venv/bin/python benchmarks/bench_watch.py [--articles 500] [--rules 20]

Synthetic reports (two events an article, five articles a day, seven outlets) between Putin
and Kim go through Store.add_article and the on_stored hook, as ingest runs them; half the
rules match each event. Coding is not measured here (see bench_pipeline.py).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from eventwatch.records import Actor, Article, Event, Evidence, TimeValue
from eventwatch.store import open_store
from eventwatch.watch.engine import Watcher
from eventwatch.watch.rules import Rule
from eventwatch.watch.rulestore import add_rule, list_alerts


def _event(article: Article, trigger: str, event_type: str, day: date) -> Event:
    at = article.text.index(trigger)
    end = article.text.index(".", at) + 1
    start = article.text.rfind(". ", 0, at) + 2 if ". " in article.text[:at] else 0
    return Event(
        event_type=event_type,
        source=[Actor(text="Putin", name="Vladimir Putin", country="RUS")],
        target=[Actor(text="Kim", name="Kim Jong Un", country="PRK")],
        evidence=Evidence(
            article.id, article.text[start:end], start, end, trigger, at, at + len(trigger)
        ),
        date=TimeValue(text="", value=day.isoformat(), precision="day"),
        quad_class=1,
        goldstein=1.0,
        confidence=0.8,
    )


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--articles", type=int, default=500)
    p.add_argument("--rules", type=int, default=20)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "b.db")) as store:
        for i in range(args.rules):
            add_rule(
                store,
                Rule.from_dict(
                    {
                        "name": f"r{i}",
                        "conditions": {
                            "dyad": ["RUS", "PRK"],
                            "event_types": [("CONSULT", "AID")[i % 2]],
                        },
                        "notifiers": [{"kind": "jsonl", "path": str(Path(tmp) / "alerts.jsonl")}],
                    }
                ),
            )
        watcher = Watcher(store)
        stored_s = watched_s = 0.0
        events = 0
        for n in range(args.articles):
            day = date(2023, 1, 1) + timedelta(days=n // 5)
            art = Article(
                text=f"Putin met Kim, report {n}. Putin gave Kim a rifle, report {n}.",
                title=f"report {n}",
                published=day,
                source=f"outlet {n % 7}",
            )
            evs = [_event(art, "met", "CONSULT", day), _event(art, "gave", "AID", day)]
            t0 = time.perf_counter()
            ids = store.add_article(art, evs) or []
            t1 = time.perf_counter()
            watcher(store, art, ids)
            t2 = time.perf_counter()
            stored_s, watched_s, events = stored_s + t1 - t0, watched_s + t2 - t1, events + len(ids)
        print(
            f"{args.articles} articles, {events} events, {args.rules} rules: "
            f"store {stored_s:.2f} s, watch {watched_s:.2f} s = {events / watched_s:.0f} events/s "
            f"watched; {len(list_alerts(store))} alerts"
        )


if __name__ == "__main__":
    main()
