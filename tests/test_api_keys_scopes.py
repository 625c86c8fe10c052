"""Rules and alerts are private: reading them needs a read (or write) key unless the server is
started with --public-rules; a read key cannot write; notifier secrets are never returned."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from eventwatch.api.app import create_app
from eventwatch.api.keys import create_key, key_scope, verify_key
from eventwatch.api.redact import keep_redacted, redact_url
from eventwatch.store import open_store
from eventwatch.watch.engine import Watcher
from eventwatch.watch.rules import Rule
from eventwatch.watch.rulestore import add_rule, get_rule
from test_watch_kit import seed_article, seed_events

TOKEN_URL = "https://hooks.example.org/services/T0AB/B0CD/s3cr3tT0ken?sig=abc"
RULE = {
    "name": "aid",
    "conditions": {"event_types": ["AID"]},
    "notifiers": [
        {"kind": "webhook", "url": TOKEN_URL},
        {"kind": "email", "to": ["desk@example.org"]},
    ],
}


@pytest.fixture
def world(tmp_path):
    with open_store(str(tmp_path / "k.db")) as store:
        rule = add_rule(store, Rule.from_dict(RULE))
        art = seed_article()
        Watcher(store)(store, art, store.add_article(art, seed_events(art)))
        yield store, rule.id, create_key(store, "dash", "read"), create_key(store, "ops")


def _client(store, public: bool = False) -> TestClient:
    return TestClient(create_app(store=store, public_rules=public))


PRIVATE = ["/rules", "/rules/{id}", "/rules/{id}/test", "/alerts", "/alerts/1"]


def test_rules_and_alerts_need_a_key(world):
    store, rid, read, write = world
    with _client(store) as c:
        for path in PRIVATE:
            url = path.format(id=rid)
            assert c.get(url).status_code == 401, url
            assert c.get(url, headers={"X-API-Key": "ew_x_y"}).status_code == 401, url
            assert c.get(url, headers={"X-API-Key": read}).status_code == 200, url
            assert c.get(url, headers={"X-API-Key": write}).status_code == 200, url
        assert c.get("/events").status_code == 200  # the events stay open


def test_public_rules_opens_reads_but_not_writes(world):
    store, rid, read, _ = world
    with _client(store, public=True) as c:
        for path in PRIVATE:
            assert c.get(path.format(id=rid)).status_code == 200
        assert c.delete(f"/rules/{rid}").status_code == 401


def test_a_read_key_cannot_write(world):
    store, rid, read, write = world
    with _client(store) as c:
        r = c.delete(f"/rules/{rid}", headers={"X-API-Key": read})
        assert r.status_code == 403 and "only read" in r.json()["detail"]
        assert c.delete(f"/rules/{rid}", headers={"X-API-Key": write}).status_code == 204


def test_notifier_secrets_are_redacted_and_survive_a_round_trip(world):
    store, rid, read, write = world
    with _client(store, public=True) as c:
        got = c.get(f"/rules/{rid}").json()
        listed = c.get("/rules").json()["items"][0]
        body = {k: got[k] for k in ("name", "conditions", "notifiers", "enabled")}
        body["conditions"]["factuality"] = ["realized"]
        put = c.put(f"/rules/{rid}", json=body, headers={"X-API-Key": write})
    hooks = [n for n in got["notifiers"] if n["kind"] == "webhook"]
    assert hooks == [{"kind": "webhook", "url": "https://hooks.example.org/***"}]
    assert "s3cr3t" not in str(got) and "s3cr3t" not in str(listed)
    assert put.status_code == 200 and "s3cr3t" not in put.text
    assert get_rule(store, rid).notifiers[0]["url"] == TOKEN_URL  # the real URL is kept


def test_redact_url_forms():
    assert redact_url("http://127.0.0.1:9/hook") == "http://127.0.0.1:9/***"
    assert redact_url("https://user:pw@h.example/") == "https://h.example/***"
    assert redact_url("https://h.example") == "https://h.example/"
    assert redact_url("https://[::1]:8443/x?y=1") == "https://[::1]:8443/***"
    old = [{"kind": "webhook", "url": TOKEN_URL}]
    new = [{"kind": "webhook", "url": "https://other.example/hook"}]
    assert keep_redacted(old, new) == new  # a new URL is a new URL


@pytest.mark.parametrize(
    "bad", [None, "", "ew_", "x" * 500, "ew_0000_" + "a" * 43, "not-a-key", "ew_\x00"]
)
def test_every_bad_key_is_simply_refused(world, bad):
    store, *_ = world
    assert key_scope(store, bad) is None and not verify_key(store, bad, scope="read")


def test_scopes_of_live_keys(world):
    store, _, read, write = world
    assert (key_scope(store, read), key_scope(store, write)) == ("read", "write")
    assert verify_key(store, read, scope="read") and not verify_key(store, read, scope="write")
    assert verify_key(store, write, scope="read") and verify_key(store, write)


def test_the_web_inbox_takes_a_read_key(world):
    store, _, read, _ = world
    with _client(store) as c:
        assert c.get("/web/alerts").status_code == 401
        assert c.get("/web/alerts", headers={"X-API-Key": read}).status_code == 200


def test_a_prefix_of_decimal_digits_revokes_that_key(world):
    from eventwatch.api.keys import revoke_key
    from eventwatch.watch.schema import ApiKeyRow

    store, _, read, _ = world
    with store.session() as s:  # the prefix of `read` made all digits, as 2% of them are
        row = s.query(ApiKeyRow).filter(ApiKeyRow.prefix == read.split("_")[1]).one()
        row.prefix = "97333777"
    revoke_key(store, "97333777")
    assert key_scope(store, read) is None
