"""Day-one CLI behaviour (issue 15): repeated filters combine, unknown values are one-line
errors with exit status 2, `trend` spans the news and counts realized events."""

from __future__ import annotations

from datetime import date

import pytest

from eventwatch.cli import main
from eventwatch.records import Actor, Article, Event, Evidence, TimeValue
from eventwatch.store import open_store

TEXT = (
    "Ministers of Chad and Niger talked by phone on Monday. "
    "The two governments signed a water accord. "
    "Chad accused Niger of closing a border post. "
    "They will hold more talks next month. "
    "The leaders first met in 1998."
)


def _sent(i: int) -> tuple[str, int, int]:
    parts = TEXT.split(". ")
    start = TEXT.index(parts[i])
    end = start + len(parts[i]) + 1
    return TEXT[start:end], start, end


def _event(
    art: Article, i: int, kind: str, src: str, tgt: str, day: str, fact: str = "realized"
) -> Event:
    sentence, start, end = _sent(i)
    return Event(
        kind,
        Evidence(art.id, sentence, start, end, sentence.split()[1]),
        source=[Actor(src, name=src, country={"Chad": "TCD", "Niger": "NER"}[src])],
        target=[Actor(tgt, name=tgt, country={"Chad": "TCD", "Niger": "NER"}[tgt])],
        date=TimeValue(day, day, "day"),
        factuality=fact,
        confidence=0.8,
    )


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "dayone.db")
    art = Article(text=TEXT, title="Chad and Niger", published=date(2024, 3, 5), source="wire")
    events = [
        _event(art, 0, "CONSULT", "Chad", "Niger", "2024-03-04"),
        _event(art, 1, "AGREE", "Niger", "Chad", "2024-03-05"),
        _event(art, 2, "ACCUSE", "Chad", "Niger", "2024-03-05"),
        _event(art, 3, "CONSULT", "Chad", "Niger", "2024-04-10", fact="planned"),
        _event(art, 4, "CONSULT", "Chad", "Niger", "1998-06-01"),
    ]
    with open_store(path) as store:
        store.add_article(art, events)
    return path


def _types(capsys) -> list[str]:
    out = capsys.readouterr().out.splitlines()
    return [line.split()[0] for line in out[1:]]


@pytest.mark.parametrize(
    ("args", "want"),
    [
        (["--type", "CONSULT", "--type", "agree"], ["CONSULT", "AGREE", "CONSULT", "CONSULT"]),
        (["--type", "CONSULT", "--type", "AGREE", "--factuality", "planned"], ["CONSULT"]),
        (["--factuality", "planned", "--factuality", "realized", "--type", "ACCUSE"], ["ACCUSE"]),
        (["--country", "ner", "--country", "USA", "--type", "AGREE"], ["AGREE"]),
        (["--country", "USA", "--country", "RUS"], []),
    ],
)
def test_repeated_filters_or_within_and_across(db, capsys, args, want):
    assert main(["--db", db, "events", *args]) == 0
    got = _types(capsys)
    assert got == want or (want == [] and got == [])


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (
            ["events", "--type", "CONSLUT"],
            "'CONSLUT': not a PLOVER event type; did you mean CONSULT?",
        ),
        (["events", "--country", "XYZ"], "'XYZ': not an ISO 3166 alpha-3 country code; e.g. RUS"),
        (["events", "--country", "PKR"], "did you mean PRK?"),
        (
            ["events", "--factuality", "relized"],
            "'relized': not a factuality; did you mean realized?",
        ),
        (["events", "--since", "2024-13-45"], "'2024-13-45' is not a date"),
        (["export", "--type", "THREATNE"], "did you mean THREATEN?"),
        (["trend", "TCD", "NRE"], "did you mean NER?"),
        (["trend", "TCD", "NER", "--factuality", "maybe"], "choose from realized, planned"),
    ],
)
def test_unknown_value_is_one_line_exit_2(db, capsys, args, needle):
    with pytest.raises(SystemExit) as exit_:
        main(["--db", db, *args])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert needle in err
    assert err.count("\n") == 1 and "usage:" not in err


def test_trend_spans_the_news_and_counts_realized(db, capsys):
    assert main(["--db", db, "trend", "TCD", "NER", "--by", "week", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    rows = out.splitlines()[1:]
    # one week of news (the 1998 meeting is history, the planned talks have not happened)
    assert [r.split(",")[:2] for r in rows] == [["2024-03-04", "3"]]
    assert "1 event dated over 30 days before the first article (2024-03-05) left out" in err


def test_trend_factuality_and_since_widen_it(db, capsys):
    args = ["--db", db, "trend", "NER", "TCD", "--by", "month", "--format", "csv"]
    assert main([*args, "--factuality", "realized", "--factuality", "planned"]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    assert [r.split(",")[:2] for r in rows] == [["2024-03-01", "3"], ["2024-04-01", "1"]]
    assert main([*args, "--since", "1998-01-01", "--until", "1998-12-31"]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    assert len(rows) == 12 and rows[5].split(",")[:2] == ["1998-06-01", "1"]


def _keys(db: str, capsys, prefixes: list[str]) -> list[str]:
    """Keys made with the CLI, their prefixes then set to `prefixes` (ids 1, 2, ...)."""
    from eventwatch.watch.schema import ApiKeyRow

    keys = []
    for i in range(len(prefixes)):
        assert main(["--db", db, "apikey", "create", f"bot{i + 1}"]) == 0
        keys.append(capsys.readouterr().out.strip())
    with open_store(db) as store, store.session() as s:
        for row, prefix in zip(s.query(ApiKeyRow).order_by(ApiKeyRow.id), prefixes, strict=True):
            row.prefix = prefix
    return keys


def _live(db: str) -> list[str]:
    from eventwatch.api.keys import list_keys

    with open_store(db) as store:
        return [k["name"] for k in list_keys(store) if not k["revoked_at"]]


def test_apikey_revoke_digit_prefix_is_not_an_id(db, capsys):
    _keys(db, capsys, ["00000002", "a1b2c3d4", "20240305"])
    # "00000002" is bot1's prefix, not the row id 2 (bot2)
    assert main(["--db", db, "apikey", "revoke", "00000002"]) == 0
    assert "key id:1 (prefix 00000002, bot1) revoked" in capsys.readouterr().err
    assert main(["--db", db, "apikey", "revoke", "id:2"]) == 0
    assert main(["--db", db, "apikey", "revoke", "2024"]) == 0  # the start of a prefix
    assert _live(db) == []


def test_apikey_revoke_ambiguous_lists_candidates(db, capsys):
    keys = _keys(db, capsys, ["2f00aa11", "2f00bb22", "c0ffee00"])
    # "2": row id 2 and two prefixes starting with 2: refused, all three named
    assert main(["--db", db, "apikey", "revoke", "2"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "E014 API key '2': matches 2 keys" in err
    assert "id:1 (prefix 2f00aa11, bot1)" in err and "id:2 (prefix 2f00bb22, bot2)" in err
    assert main(["--db", db, "apikey", "revoke", "2f00"]) == 1
    assert "matches 2 keys" in capsys.readouterr().err
    assert main(["--db", db, "apikey", "revoke", "9"]) == 1
    assert "E013 API key not found: 9" in capsys.readouterr().err
    assert _live(db) == ["bot1", "bot2", "bot3"]
    whole = keys[2].replace(keys[2].split("_")[1], "c0ffee00", 1)  # the whole key names it
    assert main(["--db", db, "apikey", "revoke", whole]) == 0
    assert _live(db) == ["bot1", "bot2"]


def test_published_takes_an_rfc_2822_date(tmp_path, capsys):
    article = tmp_path / "talks.txt"
    article.write_text(
        "Border talks\nChad's foreign minister met Niger's prime minister in Niamey.",
        encoding="utf-8",
    )
    db = str(tmp_path / "rfc.db")
    rfc = "Tue, 05 Mar 2024 08:30:00 +0100"  # as RSS feeds write dates
    args = ["--db", db, "ingest", str(article), "--published", rfc, "--no-progress", "--no-watch"]
    assert main(args) == 0
    capsys.readouterr()
    assert main(["--db", db, "articles", "--format", "csv"]) == 0
    assert ",2024-03-05," in capsys.readouterr().out
