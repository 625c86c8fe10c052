"""Alembic environment: run programmatically by `eventwatch.store.migrate` on every open.

The target metadata comes from one place, `eventwatch.tables.load_metadata()`, which imports
every module that declares tables on the shared `Base` (the store names none of them).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from eventwatch.tables import load_metadata

config = context.config
target_metadata = load_metadata()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # run from the alembic command line with sqlalchemy.url set
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.begin() as conn:
            _run(conn)
        return
    _run(connection)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    """Write the SQL instead of running it (`migrate.sql(url)`), e.g. for a PostgreSQL DBA."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
