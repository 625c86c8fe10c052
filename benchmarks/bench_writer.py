"""The one writer of `eventwatch ingest`, alone: store + stories + watch hooks, no parsing.

    python benchmarks/bench_writer.py [--articles 600] [--coded /tmp/coded.pickle] [--dump out.json]
                                      [--url postgresql+psycopg://.../fresh_db]

Codes bench_pipeline's corpus once (kept in `--coded`, so later runs skip the parse), then
writes every article into a fresh SQLite file exactly as ingest's writer does (the store's
`add_article`, then the watch engine's `on_stored` hook), timing each part in CPU seconds.
`--dump` writes the stored tables (timestamps left out) as sorted JSON, so two versions of
the writer can be compared row for row.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import corpus  # noqa: E402

# columns that hold the time of writing (or ids derived from the order of writing)
VOLATILE = {"created_at", "updated_at", "ingested_at", "assigned_at", "merged_at", "fired_at",
            "added_at", "seen", "split_at"}


def coded(n: int, path: Path) -> list[tuple[Any, Any]]:
    if path.exists():
        got = pickle.loads(path.read_bytes())
        if len(got) >= n:
            return got[:n]
    from eventwatch.pipeline import extract_many
    from eventwatch.records import Article

    arts = [Article(id=i, title=i, text=t) for i, t in corpus(n)]
    got = list(extract_many(arts, batch_size=8))
    path.write_bytes(pickle.dumps(got))
    return got


def dump(url: str) -> dict[str, list[Any]]:
    from sqlalchemy import create_engine, inspect, text

    eng = create_engine(url)
    out: dict[str, list[Any]] = {}
    with eng.connect() as c:
        for table in sorted(inspect(eng).get_table_names()):
            cols = [col["name"] for col in inspect(eng).get_columns(table)]
            keep = [x for x in cols if x not in VOLATILE]
            rows = c.execute(text(f"SELECT {', '.join(keep)} FROM {table}")).all()
            out[table] = sorted(
                json.dumps(dict(zip(keep, r, strict=True)), default=str, sort_keys=True)
                 for r in rows
            )
    eng.dispose()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=600)
    ap.add_argument("--coded", default=str(Path(tempfile.gettempdir()) / "eventwatch-coded.pickle"))
    ap.add_argument("--dump", help="write the stored rows here (JSON)")
    ap.add_argument("--no-watch", action="store_true")
    ap.add_argument("--url", help="write into this empty database (an SQLAlchemy URL, e.g. a "
                    "fresh PostgreSQL database) instead of a temporary SQLite file")
    args = ap.parse_args()
    items = coded(args.articles, Path(args.coded))
    from eventwatch.store import open_store
    from eventwatch.watch.hooks import watching

    with tempfile.TemporaryDirectory() as tmp:
        url = args.url or f"sqlite:///{tmp}/w.db"
        t_open = time.process_time()
        store = open_store(url)
        t_store = t_watch = 0.0
        n_ev = 0
        with store, watching(store) as hooks:
            t_open = time.process_time() - t_open
            for article, events in items:
                t = time.process_time()
                ids = store.add_article(article, events)
                t_store += time.process_time() - t
                assert ids is not None
                n_ev += len(ids)
                if args.no_watch:
                    continue
                t = time.process_time()
                for hook in hooks:
                    hook(store, article, ids)
                t_watch += time.process_time() - t
        print(f"{len(items)} articles, {n_ev} events: open {t_open:.2f} CPU s, "
              f"add_article {t_store:.2f}, watch hooks {t_watch:.2f}, "
              f"total {t_store + t_watch:.2f}")
        if args.dump:
            Path(args.dump).write_text(json.dumps(dump(url), indent=0), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
