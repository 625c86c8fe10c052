"""Runs the shipped Alembic migrations, programmatically, when a store is opened.

A new table or column: declare it on `eventwatch.store.schema.Base` (in your own module,
listed in `eventwatch.tables.TABLE_MODULES`), then write the migration with

    python -m eventwatch.store.migrate revision "add watch rules" --rev-id 0003_rules

which autogenerates `migrations/versions/<rev>.py` against a scratch database brought to the
current head; read and tidy it before committing. See docs/architecture.md ("The store").
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


# Any fixed 64-bit key: every eventwatch process migrating one PostgreSQL database takes it.
PG_LOCK_KEY = 0x6576_656E_7477_6174  # "eventwat"


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest revision (nothing to do when it is there already).

    Safe when several processes open a fresh database at once: the first migrates while
    the others wait, then find the schema at the head. PostgreSQL: a transaction-scoped
    advisory lock around the (transactional) DDL. SQLite: `BEGIN IMMEDIATE`, which takes the
    file's write lock up front (others wait up to the busy timeout).
    """
    heads = head_revisions()
    if current_revisions(engine) == heads:
        return
    cfg = alembic_config()
    with engine.begin() as conn:
        _lock(conn)
        if set(MigrationContext.configure(conn).get_current_heads()) == heads:
            return  # another process migrated while we waited
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")


def _lock(conn: Connection) -> None:
    """Serialise migrations across processes until this transaction ends."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_LOCK_KEY})")
    elif conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def sql(url: str, out: TextIO) -> None:
    """Write the SQL that brings an empty database at `url` (any dialect) to the head."""
    cfg = alembic_config(url)
    cfg.output_buffer = out
    command.upgrade(cfg, "heads", sql=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eventwatch.store.migrate")
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("revision", help="autogenerate a migration from the declared tables")
    r.add_argument("message")
    r.add_argument("--rev-id", help="a readable revision id, e.g. 0003_rules")
    r.add_argument("--db", default="migrate-scratch.db", help="scratch SQLite file to diff against")
    sub.add_parser("heads", help="print the newest revision(s)")
    q = sub.add_parser("sql", help="print the SQL of every migration for a database URL")
    q.add_argument("url", help="e.g. postgresql://host/eventwatch (nothing is connected to)")
    args = p.parse_args(argv)
    if args.cmd == "heads":
        print("\n".join(sorted(head_revisions())))
        return 0
    if args.cmd == "sql":
        sql(args.url, sys.stdout)
        return 0
    from sqlalchemy import create_engine

    url = f"sqlite:///{Path(args.db).resolve()}"
    engine = create_engine(url)
    upgrade(engine)
    cfg = alembic_config(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.revision(cfg, message=args.message, autogenerate=True, rev_id=args.rev_id)
    return 0


if __name__ == "__main__":
    sys.exit(main())
