"""`ingest --engine ray` on a local two-worker Ray instance stores exactly the events the
local engine stores (same ids), on real news articles when ../shared is present."""

from __future__ import annotations

import json
import socket
import xml.etree.ElementTree as ET

import pytest

from conftest import SHARED
from eventwatch.errors import EventwatchError
from eventwatch.ingest import ingest
from eventwatch.store import open_store

# written for this test
OWN = [
    "The president of Ghana met the prime minister of Togo in Accra on Thursday to discuss "
    "border security.",
    "Portuguese police detained three activists who had blocked a coal shipment in Sines.",
    "Mongolia and South Korea signed an agreement on mining investment in Ulaanbaatar.",
    "The Egyptian foreign ministry condemned the attack on a convoy near the Libyan border.",
]
REAL_ARTICLES = 6  # from GeoWebNews, when ../shared is there


def _texts() -> list[str]:
    gwn = SHARED / "benchmarks" / "geowebnews" / "GWN.xml"
    real = []
    if gwn.exists():
        real = [a.findtext("text") or "" for a in ET.parse(gwn).getroot().iter("article")]
    return OWN + real[:REAL_ARTICLES]


def _stored(url: str) -> dict[str, list[str]]:
    with open_store(url) as store:
        return {a.id: sorted(store.event_ids(a.id)) for a, _ in store.list_articles()}


def test_ray_engine_stores_the_same_events_as_the_local_engine(tmp_path):
    pytest.importorskip("ray")
    feed = tmp_path / "articles.jsonl"
    rows = [
        {"id": f"a{i}", "title": f"article {i}", "text": t, "published": "2024-05-02"}
        for i, t in enumerate(_texts())
    ]
    feed.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    local, on_ray = str(tmp_path / "local.db"), str(tmp_path / "ray.db")
    with open_store(local) as store:
        first = ingest([str(feed)], store, progress=False, workers=1)
    with open_store(on_ray) as store:
        try:
            second = ingest(
                [str(feed)], store, progress=False, engine="ray", workers=2, batch_size=2
            )
        except EventwatchError as err:  # E014 naming --engine ray and Ray's own reason
            if "cannot start Ray" not in str(err):
                raise
            pytest.skip(f"a local Ray instance cannot start here: {err}")
    assert first.ok and second.ok, second.failed
    assert len(second.stored) == len(rows)
    expected = _stored(local)
    assert sum(len(ids) for ids in expected.values()) > 0
    assert _stored(on_ray) == expected


def test_an_unreachable_ray_address_is_a_one_line_error(tmp_path, capsys):
    pytest.importorskip("ray")
    from eventwatch.cli import main

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    text = tmp_path / "a.txt"
    text.write_text("Headline\n\nThe mayor of Turin met the mayor of Lyon.", encoding="utf-8")
    db = str(tmp_path / "r.db")
    args = ["--db", db, "ingest", str(text), "--engine", "ray", "--ray-address"]
    assert main([*args, f"127.0.0.1:{port}", "--no-progress"]) == 1
    [err] = capsys.readouterr().err.strip().splitlines()
    assert err.startswith(f"eventwatch: E014 --ray-address 127.0.0.1:{port}: no Ray head answers (")
