"""Several processes on one database at once, on SQLite and on PostgreSQL: a fresh database
opened by many processes gets its schema once, and two `eventwatch ingest` runs of the same
articles, with `eventwatch serve` answering on the same database meanwhile, store every
article once, with the events one run alone stores."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from eventwatch.pipeline import extract
from eventwatch.sources import read_inputs
from eventwatch.store import open_store
from eventwatch.store.migrate import current_revisions, head_revisions

ROOT = Path(__file__).resolve().parents[1]
CLI = "import sys; from eventwatch.cli import main; sys.exit(main())"

# written for this test
TEXTS = [
    "The foreign minister of Norway met her Swedish counterpart in Oslo on Tuesday to "
    "discuss fishing rights in the Barents Sea.",
    "Police in Lima arrested twelve protesters outside the Congress building on Friday.",
    "Chile signed a trade agreement with New Zealand in Santiago, officials said on Monday.",
    "The Canadian government accused the Danish navy of entering its waters near Hans Island.",
    "Farmers blocked roads across Belgium on Wednesday to protest against new fuel taxes.",
    "Kenya sent two hundred police officers to Haiti under a United Nations mandate.",
]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    src = str(ROOT / "src")
    env["PYTHONPATH"] = os.pathsep.join([src, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def test_a_fresh_database_opened_by_four_processes_at_once_is_migrated_once(db_url):
    code = "import sys; from eventwatch.store import open_store; open_store(sys.argv[1]).close()"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, db_url],
            env=_env(),
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    with open_store(db_url) as store:
        assert current_revisions(store.engine) == head_revisions()


def _serve(db_url: str) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-c", CLI, "--db", db_url, "serve", "--port", str(port)],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    return proc, f"http://127.0.0.1:{port}"


def _get(url: str, deadline: float) -> httpx.Response | None:
    while time.monotonic() < deadline:
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            time.sleep(0.2)
    return None


def test_two_ingests_and_a_server_at_once_store_each_article_once(db_url, tmp_path):
    feed = tmp_path / "articles.jsonl"
    rows = [
        {"id": f"n{i}", "title": f"report {i}", "text": t, "published": f"2024-03-0{i + 1}"}
        for i, t in enumerate(TEXTS)
    ]
    feed.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    server, base = _serve(db_url)  # it opens (and may migrate) the fresh database too
    cmd = [sys.executable, "-c", CLI, "--db", db_url, "ingest", str(feed)]
    cmd += ["--no-progress", "--workers", "1", "--batch-size", "2"]
    try:
        procs = [
            subprocess.Popen(cmd, env=_env(), stderr=subprocess.PIPE, text=True) for _ in range(2)
        ]
        answers = []
        deadline = time.monotonic() + 300
        while any(p.poll() is None for p in procs) and time.monotonic() < deadline:
            answers.append(_get(f"{base}/events", deadline))  # reads while both write
            time.sleep(0.5)
        outs = [p.communicate(timeout=300)[1] for p in procs]
        # the API's aggregate cache rechecks the store's version at most once a second
        # (`AggregateCache.recheck_s`), so an answer may lag the last write by that long
        time.sleep(1.5)
        final = _get(f"{base}/events?limit=500", time.monotonic() + 60)
    finally:
        server.terminate()
        server.communicate(timeout=30)
    assert [p.returncode for p in procs] == [0, 0], outs
    assert answers and all(a is not None and a.status_code == 200 for a in answers)
    summaries = [re.search(r"^(\d+) articles? stored", out, re.M) for out in outs]
    assert all(summaries), outs
    stored = sum(int(m.group(1)) for m in summaries if m)
    assert stored == len(TEXTS), outs  # each article stored by one run, skipped by the other
    articles = [a for a in read_inputs([str(feed)]) if not isinstance(a, Exception)]
    with open_store(db_url) as store:
        assert store.count_articles() == len(TEXTS)
        expected: list[str] = []
        for article in articles:
            ids = sorted({e.id for e in extract(article)})
            assert sorted(store.event_ids(article.id)) == ids
            expected += ids
    assert final is not None and final.json()["total"] == len(expected) > 0
