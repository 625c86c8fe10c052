"""Shared fixtures. Tests that read ../shared skip cleanly when it is absent."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_TEXT = ROOT / "src" / "eventwatch" / "data" / "seed" / "putin-kim-summit.txt"


@pytest.fixture(scope="session")
def nlp():
    from eventwatch import nlp as nlp_mod

    return nlp_mod.load()


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


# ---- databases: every store-backed test can run on SQLite and on PostgreSQL -------------------

PG_ENV = "EVENTWATCH_TEST_PG_URL"  # a server URL; each test gets a fresh database on it
PG_SCRIPT = ROOT / ".ci" / "postgres.sh"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A PostgreSQL server the tests may create databases on: $EVENTWATCH_TEST_PG_URL (set
    by .ci/run), else a throw-away one started here with .ci/postgres.sh; skips the test
    when neither can be had."""
    url = os.environ.get(PG_ENV)
    if url:
        yield url
        return
    where = tempfile.mkdtemp(prefix="eventwatch-test-pg.")
    proc = subprocess.run(
        ["bash", str(PG_SCRIPT), "start", where], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        shutil.rmtree(where, ignore_errors=True)
        why = (proc.stderr.strip().splitlines() or ["unknown error"])[-1]
        pytest.skip(f"no PostgreSQL server: set {PG_ENV} or install postgresql ({why})")
    try:
        yield proc.stdout.strip()
    finally:
        subprocess.run(["bash", str(PG_SCRIPT), "stop", where], capture_output=True, check=False)


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL database, dropped after the test."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"ew_test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield make_url(pg_server).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database: a SQLite file, then (second run) a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "events.db")
    return request.getfixturevalue("pg_url")
