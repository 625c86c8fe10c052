"""The REST API: reads with the CLI's filters, pagination, CSV; rules CRUD behind an API key;
alerts and trends; clear 4xx on bad input. One test runs it under a real uvicorn server."""

from __future__ import annotations

import csv
import io
import threading
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from eventwatch.api.app import create_app
from eventwatch.api.keys import create_key, revoke_key
from eventwatch.store import open_store
from eventwatch.watch.engine import Watcher
from eventwatch.watch.rules import Rule
from eventwatch.watch.rulestore import add_rule
from test_watch_kit import free_port, second_article, second_events, seed_article, seed_events

RULE = {
    "name": "rus-prk aid",
    "conditions": {
        "dyad": ["RUS", "PRK"],
        "event_types": ["AID", "COOPERATE"],
        "factuality": ["any"],
    },
    "notifiers": [{"kind": "webhook", "url": "http://127.0.0.1:9/hook"}],
}


@pytest.fixture
def world(db_url):
    """A store (SQLite, then PostgreSQL) with the seed and a second report, a rule that
    fired, and an API key."""
    with open_store(db_url) as store:
        add_rule(store, Rule.from_dict(RULE))
        w = Watcher(store)
        for art, evs in ((seed_article(), None), (second_article(), None)):
            evs = seed_events(art) if art.origin.endswith(".txt") else second_events(art)
            w(store, art, store.add_article(art, evs))
        key = create_key(store, "tests")
        yield store, key


@pytest.fixture
def client(world):
    store, _ = world
    with TestClient(create_app(store=store)) as c:
        yield c


def test_health_and_openapi(client):
    assert client.get("/health").json() == {"status": "ok", "version": "0.1.0", "database": "ok"}
    spec = client.get("/openapi.json").json()
    assert {"/articles", "/events", "/actors", "/rules", "/alerts", "/trends", "/health"} <= set(
        spec["paths"]
    )
    assert spec["components"]["securitySchemes"]["APIKeyHeader"]["name"] == "X-API-Key"


def test_events_filters_pagination_and_csv(client):
    page = client.get("/events", params={"country": "prk", "type": "AID", "limit": 2}).json()
    assert page["total"] == 3 and len(page["items"]) == 2
    rest = client.get(
        "/events", params={"country": "PRK", "type": "AID", "limit": 2, "offset": 2}
    ).json()
    assert len(rest["items"]) == 1
    planned = client.get("/events", params={"factuality": "planned"}).json()
    assert [e["evidence"]["trigger"] for e in planned["items"]] == ["send"]
    resp = client.get("/events", params={"type": "AID", "format": "csv"})
    assert resp.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    assert len(rows) == 3
    one = page["items"][0]
    assert (
        client.get(f"/events/{one['id']}").json()["evidence"]["sentence"]
        == one["evidence"]["sentence"]
    )
    assert client.get("/events/nope").status_code == 404


def test_bad_input_is_a_clear_4xx(client):
    r = client.get("/events", params={"limit": 0})
    assert r.status_code == 422 and "limit" in r.text
    assert client.get("/events", params={"since": "yesterday"}).status_code == 422
    assert client.get("/events", params={"country": "Russia"}).status_code == 422
    assert client.get("/trends", params={"a": "RUS"}).status_code == 422
    r = client.get(
        "/trends", params={"a": "RUS", "b": "PRK", "since": "2023-09-20", "until": "2023-09-01"}
    )
    assert r.status_code == 400 and "since is after until" in r.json()["detail"]


def test_articles_and_actors(client):
    page = client.get("/articles").json()
    assert page["total"] == 2 and page["items"][0]["events"] == 4
    art = client.get(f"/articles/{page['items'][0]['id']}").json()
    assert "Vostochny Cosmodrome" in art["text"]
    actors = client.get("/actors", params={"country": "PRK"}).json()
    assert actors["items"][0]["name"] == "Kim Jong Un" and actors["items"][0]["events"] >= 4
    who = client.get("/actors/resolve", params={"name": "Kim Jong Un", "date": "2023-09-13"}).json()
    assert who["query"] == "Kim Jong Un" and who["actor"]["country"] == "PRK"  # the actors KB
    nobody = client.get("/actors/resolve", params={"name": "Zzyzx Qwerty"}).json()
    assert nobody["actor"] is None


def test_rules_crud_needs_a_key(client, world):
    _, key = world
    body = {
        "name": "moscow talks",
        "conditions": {"actor": {"country": ["RUS"]}, "event_types": ["CONSULT"]},
    }
    r = client.post("/rules", json=body)
    assert r.status_code == 401 and "X-API-Key" in r.json()["detail"]
    assert client.post("/rules", json=body, headers={"X-API-Key": "ew_bad_key"}).status_code == 401
    h = {"X-API-Key": key}
    r = client.post("/rules", json=body, headers=h)
    assert r.status_code == 201, r.text
    rid = r.json()["id"]
    assert client.post("/rules", json=body, headers=h).status_code == 409
    assert client.get(f"/rules/{rid}", headers=h).json()["conditions"]["event_types"] == ["CONSULT"]
    body["conditions"]["factuality"] = ["planned"]
    assert client.put(f"/rules/{rid}", json=body).status_code == 401
    assert client.put(f"/rules/{rid}", json=body, headers=h).json()["conditions"]["factuality"] == [
        "planned"
    ]
    hits = client.get(f"/rules/{rid}/test", headers=h).json()["items"]
    assert [e["evidence"]["trigger"] for e in hits] == ["send"]
    assert client.delete(f"/rules/{rid}").status_code == 401
    assert client.delete(f"/rules/{rid}", headers=h).status_code == 204
    assert client.get(f"/rules/{rid}", headers=h).status_code == 404
    bad = client.post(
        "/rules", json={"name": "x", "conditions": {"factuality": ["maybe"]}}, headers=h
    )
    assert bad.status_code == 422
    files = client.post(
        "/rules", json={"name": "y", "notifiers": [{"kind": "jsonl", "path": "/etc/x"}]}, headers=h
    )
    assert files.status_code == 422  # files are written only by rules made on the command line


def test_revoked_key_is_refused(client, world):
    store, key = world
    revoke_key(store, key.split("_")[1])
    assert client.post("/rules", json={"name": "z"}, headers={"X-API-Key": key}).status_code == 401


def test_alerts_and_trends(client, world):
    h = {"X-API-Key": world[1]}
    alerts = client.get("/alerts", headers=h).json()
    assert alerts["total"] == 2
    joined = [a for a in alerts["items"] if a["num_sources"] == 2]
    assert len(joined) == 1 and len(joined[0]["sources"]) == 2
    one = client.get(f"/alerts/{joined[0]['id']}", headers=h).json()
    assert one["summary"] == joined[0]["summary"]
    assert client.get("/alerts", params={"rule_id": 999}, headers=h).status_code == 404
    t = client.get(
        "/trends", params={"a": "PRK", "b": "RUS", "since": "2023-09-10", "until": "2023-09-14"}
    ).json()
    counts = {w["period"]: w["count"] for w in t["windows"]}
    assert counts == {
        "2023-09-10": 0,
        "2023-09-11": 0,
        "2023-09-12": 0,
        "2023-09-13": 4,
        "2023-09-14": 0,
    }
    assert t["windows"][3]["quad"]["2"] == 4 and t["windows"][3]["mean_goldstein"] == 4.0


def test_served_by_uvicorn_on_localhost(world):
    import uvicorn

    store, key = world
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(store=store), host="127.0.0.1", port=port, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{base}/health").json()["status"] == "ok"
        assert httpx.post(f"{base}/rules", json={"name": "n"}).status_code == 401
        assert (
            httpx.post(f"{base}/rules", json={"name": "n"}, headers={"X-API-Key": key}).status_code
            == 201
        )
    finally:
        server.should_exit = True
        thread.join(10)


def test_serve_command_runs_and_stops_on_sigterm(world, tmp_path):
    """`eventwatch serve` as a real process on 127.0.0.1."""
    import os
    import signal
    import subprocess
    import sys

    store, key = world
    port = free_port()
    env = dict(os.environ, EVENTWATCH_DB=store.url)
    cli = "import sys; from eventwatch.cli import main; sys.exit(main())"
    proc = subprocess.Popen(
        [sys.executable, "-c", cli, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        health = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert health is not None and health.status_code == 200
        assert httpx.delete(f"http://127.0.0.1:{port}/rules/1").status_code == 401
        assert httpx.get(f"http://127.0.0.1:{port}/alerts").status_code == 401
        alerts = httpx.get(f"http://127.0.0.1:{port}/alerts", headers={"X-API-Key": key})
        assert alerts.json()["total"] == 2
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    # uvicorn shuts down gracefully, then re-raises the signal it caught (exit by SIGTERM)
    assert "Finished server process" in err
    assert proc.returncode in (0, -signal.SIGTERM)


def test_trend_spans_are_capped_not_crashed(client):
    r = client.get("/trends", params={"a": "RUS", "b": "PRK", "since": "0001-01-01"})
    assert r.status_code == 400 and "narrow" in r.json()["detail"]
    edge = {"a": "RUS", "b": "PRK", "since": "9999-12-31", "until": "9999-12-31"}
    assert client.get("/trends", params=edge).json()["windows"][0]["period"] == "9999-12-31"
