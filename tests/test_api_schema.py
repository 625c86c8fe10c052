"""Property-based tests of the REST API against its own OpenAPI schema (schemathesis): for
every operation, generated requests (valid and invalid) never get a server error, and
responses conform to the documented schema, status codes and content types. Writes are
exercised with a valid API key so the rule code paths behind the key are reached too."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from eventwatch.api.app import create_app
from eventwatch.api.keys import create_key
from eventwatch.store import open_store
from eventwatch.watch.engine import Watcher
from eventwatch.watch.rules import Rule
from eventwatch.watch.rulestore import add_rule
from test_watch_kit import second_article, second_events, seed_article, seed_events

MAX_EXAMPLES = 20


def build_world(folder: Path) -> tuple[FastAPI, str]:
    """The app over a store with the seed, a second report, a rule that fired, and a key."""
    store = open_store(str(folder / "schema.db"))
    add_rule(store, Rule.from_dict({"name": "seed", "conditions": {"dyad": ["RUS", "PRK"]}}))
    w = Watcher(store)
    for art, evs in (
        (a := seed_article(), seed_events(a)),
        (b := second_article(), second_events(b)),
    ):
        w(store, art, store.add_article(art, evs))
    return create_app(store=store), create_key(store, "schemathesis")


# schemathesis needs the schema when the module is collected (its pytest fixture loader does
# not work with pytest 9), so the world is built at import, in a folder removed at exit.
_FOLDER = Path(tempfile.mkdtemp(prefix="ew-api-schema-"))
atexit.register(shutil.rmtree, _FOLDER, True)
APP, API_KEY = build_world(_FOLDER)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture
def api_key() -> str:
    return API_KEY


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_conforms_to_its_schema(case, api_key):
    case.call_and_validate(
        headers={"X-API-Key": api_key},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )


@schema.include(method=["POST", "PUT", "DELETE"]).parametrize()
@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_writes_without_a_key_get_401(case):
    response = case.call()  # no X-API-Key: refused before anything else is looked at
    if case.method.upper() not in ("POST", "PUT", "PATCH", "DELETE"):
        assert response.status_code == 405  # schemathesis probes unsupported methods too
    else:
        assert response.status_code == 401, response.text
