"""GET /trends counts what the CLI's `trend` counts (one core, `watch.trends.dyad_trend`):
realized events unless `factuality` says otherwise, over the span of the dyad's news unless
`since`/`until` say otherwise."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from eventwatch.api.app import create_app
from eventwatch.cli import main
from test_cli_dayone import db  # noqa: F401 - the same store: Chad and Niger, one week of news


@pytest.fixture
def client(db: str):  # noqa: F811
    app = create_app(db)
    with TestClient(app) as c:
        yield c
    app.state.store.close()


def _counts(r) -> list[list[object]]:
    assert r.status_code == 200, r.text
    return [[w["period"], w["count"]] for w in r.json()["windows"]]


def test_trends_span_the_news_and_count_realized(client) -> None:
    r = client.get("/trends", params={"a": "TCD", "b": "NER", "by": "week"})
    # the 1998 meeting is history the article recalls, the planned talks have not happened
    assert _counts(r) == [["2024-03-04", 3]]


def test_factuality_and_since_widen_it(client) -> None:
    params = {"a": "NER", "b": "TCD", "by": "month", "factuality": ["realized", "planned"]}
    assert _counts(client.get("/trends", params=params)) == [["2024-03-01", 3], ["2024-04-01", 1]]
    assert _counts(client.get("/trends", params={**params, "factuality": "planned"})) == [
        ["2024-04-01", 1]
    ]
    old = {"a": "NER", "b": "TCD", "by": "month", "since": "1998-01-01", "until": "1998-12-31"}
    got = _counts(client.get("/trends", params=old))
    assert len(got) == 12 and got[5] == ["1998-06-01", 1]
    bad = client.get("/trends", params={**params, "factuality": "maybe"})
    assert bad.status_code == 422


def test_the_api_and_the_cli_agree(client, db: str, capsys) -> None:  # noqa: F811
    for extra, params in [
        ([], {}),
        (["--factuality", "planned"], {"factuality": "planned"}),
        (["--since", "1998-06-01", "--until", "1998-06-03"], {"since": "1998-06-01", "until": "1998-06-03"}),
    ]:
        assert main(["--db", db, "trend", "TCD", "NER", "--format", "csv", *extra]) == 0
        rows = capsys.readouterr().out.splitlines()[1:]
        cli = [[r.split(",")[0], int(r.split(",")[1])] for r in rows]
        api = _counts(client.get("/trends", params={"a": "TCD", "b": "NER", **params}))
        assert cli == api and cli
