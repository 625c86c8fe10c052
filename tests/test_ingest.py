"""ingest(): code and store, one transaction per article, duplicates once, callbacks after
commit, and a pipeline failure on one article does not stop the others."""

from __future__ import annotations

import io
import json
import sys
from datetime import date

import pytest

from conftest import SEED_TEXT
from eventwatch.cli import main
from eventwatch.ingest import ingest
from eventwatch.pipeline import extract
from eventwatch.records import Article, Event, Evidence
from eventwatch.sources import read_inputs
from eventwatch.store import EventFilter, open_store


@pytest.fixture
def store(tmp_path):
    s = open_store(str(tmp_path / "events.db"))
    yield s
    s.close()


def test_seed_article_is_stored_with_the_events_the_pipeline_finds(store):
    report = ingest([str(SEED_TEXT)], store, published=date(2023, 9, 13), progress=False)
    assert report.ok and len(report.stored) == 1
    [article] = [a for a in read_inputs([str(SEED_TEXT)], published=date(2023, 9, 13))]
    assert store.get_article(article.id) == article
    expected = [e.to_dict() for e in extract(article)]
    stored = store.list_events(EventFilter(article_id=article.id))
    assert report.events == len(expected)
    assert sorted(s.event.to_dict()["id"] for s in stored) == sorted(e["id"] for e in expected)
    by_id = {s.id: s.event.to_dict() for s in stored}
    for e in expected:
        assert by_id[e["id"]] == e
        ev = e["evidence"]
        assert article.text[ev["start"] : ev["end"]] == ev["sentence"]


def test_same_article_twice_is_stored_once(store, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_text(SEED_TEXT.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    first = ingest([str(SEED_TEXT), str(copy)], store, progress=False)
    assert (len(first.stored), len(first.duplicates)) == (1, 1)
    again = ingest([str(SEED_TEXT)], store, progress=False)
    assert (again.stored, len(again.duplicates)) == ([], 1)
    assert store.count_articles() == 1


def test_on_stored_runs_after_the_commit(store, tmp_path):
    seen = []

    def hook(st, article, event_ids):
        with open_store(st.url) as other:  # another connection sees the committed article
            seen.append(
                (
                    article.id,
                    other.has_article(article.id),
                    sorted(event_ids) == sorted(other.event_ids(article.id)),
                )
            )

    report = ingest([str(SEED_TEXT)], store, progress=False, on_stored=[hook])
    assert seen == [(report.stored[0], True, True)]


def test_a_pipeline_failure_on_one_article_spares_the_rest(store, tmp_path, monkeypatch):
    import eventwatch.pipeline as pipeline

    real = pipeline.events_from_doc

    def flaky(article, doc):
        if "EXPLODE" in article.text:
            raise ValueError("stage blew up")
        return real(article, doc)

    monkeypatch.setattr(pipeline, "events_from_doc", flaky)
    rows = [{"text": f"Putin met Kim on day {i}.", "title": f"t{i}"} for i in range(10)]
    rows[4]["text"] = "EXPLODE here."
    f = tmp_path / "batch.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    errors = []
    report = ingest([str(f)], store, progress=False, on_error=errors.append, batch_size=4)
    assert [str(e) for e in errors] == [
        f"E016 {f}:5: could not code the article: ValueError: stage blew up"
    ]
    assert len(report.stored) == 9
    assert store.count_articles() == 9
    assert not store.has_article(Article(text="EXPLODE here.", title="t4").id)


def test_a_failed_write_is_rolled_back_and_reported(store, tmp_path, monkeypatch):
    import eventwatch.pipeline as pipeline

    def broken_event(article, doc):
        ev = Event("CONSULT", Evidence(article.id, "x", 0, 1))
        ev.evidence.sentence = None  # violates NOT NULL at insert time
        return [ev]

    monkeypatch.setattr(pipeline, "events_from_doc", broken_event)
    report = ingest([str(SEED_TEXT)], store, progress=False)
    assert [e.code for e in report.failed] == ["E012"]
    assert store.count_articles() == 0 and store.count_events() == 0


def test_make_run_commands(tmp_path, capsys):
    db = str(tmp_path / "run.db")
    assert main(["--db", db, "ingest", str(SEED_TEXT), "--published", "2023-09-13"]) == 0
    assert capsys.readouterr().err.startswith("1 article stored (")
    assert main(["--db", db, "events"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("TYPE") or out == "(no events)\n"
    assert main(["--db", db, "articles"]) == 0
    assert "Putin, Kim exchange firearms" in capsys.readouterr().out


@pytest.mark.parametrize("flag", [[], ["--no-watch"]])
def test_cli_ingest_hands_new_events_to_the_watch_engine(tmp_path, capsys, flag):
    pytest.importorskip("eventwatch.watch.hooks")
    db = str(tmp_path / "w.db")
    assert main(["--db", db, "ingest", str(SEED_TEXT), "--no-progress", *flag]) == 0
    with open_store(db) as store:
        events = store.list_events()
    if not events:
        pytest.skip("the pipeline finds no events in the seed yet")
    clustered = [e.cluster_id is not None for e in events]
    assert all(clustered) if not flag else not any(clustered)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("tty", "progress", "shown"), [(True, True, True), (False, True, False), (True, False, False)]
)
def test_progress_bar_only_on_a_terminal(store, tmp_path, monkeypatch, tty, progress, shown):
    import eventwatch.ingest as ingest_mod

    monkeypatch.setattr(ingest_mod, "PROGRESS_DELAY_S", 0)
    err = _Terminal() if tty else io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    f = tmp_path / "many.jsonl"
    f.write_text(
        "\n".join(json.dumps({"text": f"Kim met Putin on day {i}."}) for i in range(5)),
        encoding="utf-8",
    )
    report = ingest([str(f)], store, progress=progress)
    assert len(report.stored) == 5
    assert ("article" in err.getvalue()) is shown
