"""Coding on worker processes: the same events as coding in this process, whatever order the
batches finish in; a worker that dies costs only the articles it held."""

from __future__ import annotations

import json
import os

import pytest

from eventwatch import workers
from eventwatch.cli import main
from eventwatch.ingest import ingest
from eventwatch.records import Article
from eventwatch.store import open_store

# written for this test
TEXTS = [
    "The prime minister of Fiji met the Australian foreign minister in Suva on Monday.",
    "Soldiers in Mali attacked a rebel camp near Kidal, the army said.",
    "Argentina and Uruguay agreed to dredge the river they share.",
    "Workers at the port of Antwerp went on strike over pension cuts.",
    "Iceland expelled two Russian diplomats after a cyber attack on its parliament.",
    "The Philippine coast guard accused Chinese vessels of blocking a supply mission.",
    "Students marched through Dhaka to demand safer roads.",
]


def _feed(tmp_path, texts=TEXTS):
    f = tmp_path / "articles.jsonl"
    rows = [{"id": f"w{i}", "title": f"t{i}", "text": t} for i, t in enumerate(texts)]
    f.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return str(f)


def _events(url: str) -> dict[str, list[str]]:
    with open_store(url) as store:
        return {a.id: sorted(store.event_ids(a.id)) for a, _ in store.list_articles()}


def test_two_workers_store_what_one_process_stores(tmp_path):
    feed = _feed(tmp_path)
    one, two = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    assert main(["--db", one, "ingest", feed, "--workers", "1", "--no-progress"]) == 0
    args = ["--db", two, "ingest", feed, "--workers", "2", "--batch-size", "2", "--no-progress"]
    assert main(args) == 0
    expected = _events(one)
    assert len(expected) == len(TEXTS) and any(expected.values())
    assert _events(two) == expected


def _die_on_strike(batch: list[Article]) -> list:
    if any("strike" in a.text for a in batch):
        os._exit(3)  # a worker killed mid-batch (out of memory, say)
    return [[] for _ in batch]


def test_a_dead_worker_fails_its_batches_and_the_rest_are_coded(tmp_path, monkeypatch):
    if "fork" not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip("the patched batch function reaches the workers only when they are forked")
    monkeypatch.setattr(workers, "code_batch", _die_on_strike)
    errors = []
    with open_store(str(tmp_path / "d.db")) as store:
        report = ingest(
            [_feed(tmp_path)],
            store,
            progress=False,
            workers=2,
            batch_size=1,
            on_error=errors.append,
        )
        stored = store.count_articles()
    assert errors and all(e.code == "E016" and "worker process died" in str(e) for e in errors)
    assert any("w3" in str(e) for e in errors)  # the article that killed its worker
    assert stored == len(report.stored) == len(TEXTS) - len(errors)
    assert stored >= 1


def test_workers_must_be_a_positive_number(capsys):
    with pytest.raises(SystemExit):
        main(["ingest", "x.txt", "--workers", "0"])
    assert "1 or more" in capsys.readouterr().err


def test_what_is_loaded_is_frozen_once_per_process(monkeypatch):
    import gc

    monkeypatch.setattr(workers, "_settled", False)
    before = gc.get_freeze_count()
    thresholds = gc.get_threshold()
    try:
        workers.settle()
        assert gc.get_freeze_count() > before
        assert gc.get_threshold() == workers.GC_THRESHOLDS
        # a second call freezes nothing more: asked of gc.freeze itself, because the count of
        # frozen objects also falls whenever one of them is freed by reference counting
        calls: list[int] = []
        monkeypatch.setattr(gc, "freeze", lambda: calls.append(1))
        workers.settle()
        assert calls == []
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
