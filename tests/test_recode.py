"""`eventwatch recode` on a real SQLite file: an actor added to the knowledge base after an
article was stored reaches the stored events, one transaction per article."""

from __future__ import annotations

import pytest

from eventwatch.actors import loader
from eventwatch.cli import main
from eventwatch.store import open_store

ARTICLE = (
    "Foreign Minister Talia Brennick met Chinese President Xi Jinping in Beijing on Monday, "
    "and the two sides signed a trade agreement.\n"
    "Brennick later criticised the Chinese government over its treatment of journalists.\n"
)


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTWATCH_ACTORS", str(tmp_path / "actors.yaml"))
    loader.reload()
    text = tmp_path / "article.txt"
    text.write_text(ARTICLE, encoding="utf-8")
    path = tmp_path / "events.db"
    assert main(["--db", str(path), "ingest", str(text), "--published", "2023-05-08"]) == 0
    yield path
    monkeypatch.delenv("EVENTWATCH_ACTORS")
    loader.reload()


def _sources(path) -> list[tuple[str | None, str | None, str | None]]:
    with open_store(str(path)) as store:
        return [(a.name, a.country, a.sector) for e in store.list_events() for a in e.event.source]


def test_recode_applies_an_added_actor(db, capsys):
    assert ("Brennick", None, None) in _sources(db)
    assert (
        main(
            [
                "actors",
                "add",
                "Talia Brennick",
                "--country",
                "NOR",
                "--role",
                "Foreign Minister",
                "--start",
                "2021",
            ]
        )
        == 0
    )
    assert "eventwatch recode" in capsys.readouterr().out
    loader.reload()

    assert main(["--db", str(db), "recode", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "'Brennick': name Brennick -> Talia Brennick, country - -> NOR" in out
    assert ("Brennick", None, None) in _sources(db)  # a dry run writes nothing

    assert main(["--db", str(db), "recode"]) == 0
    assert "1 of 2 actor(s) changed" in capsys.readouterr().out
    assert ("Talia Brennick", "NOR", "GOV") in _sources(db)

    assert main(["--db", str(db), "recode"]) == 0  # nothing left to change
    assert "0 of 2 actor(s) changed" in capsys.readouterr().out


def test_recode_all_recodes_whole_articles(db, capsys):
    before = _sources(db)
    assert main(["--db", str(db), "recode", "--all"]) == 0
    assert "recoded 1 article(s)" in capsys.readouterr().out
    assert _sources(db) == before


def test_recode_filters_select_articles(db, capsys):
    assert main(["--db", str(db), "recode", "--since", "2024-01-01"]) == 0
    assert "recoded 0 article(s)" in capsys.readouterr().out
