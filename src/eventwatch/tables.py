"""Every module that declares tables on the store's shared `Base`, in one list.

The store (`eventwatch.store`) owns the core tables and runs the migrations; the areas built on
it (the watch engine, stories) declare their own tables in their own modules. The store names
none of them: this wiring module does, for the migrations' env and the schema check.
"""

from __future__ import annotations

import importlib

from sqlalchemy import MetaData

from eventwatch.store.schema import metadata

# Modules that declare more tables on `Base`. Missing modules are skipped (not built yet).
TABLE_MODULES = ["eventwatch.watch.schema", "eventwatch.stories.schema"]


def load_metadata() -> MetaData:
    """The metadata of every table on `Base`: imports each module in `TABLE_MODULES`."""
    for name in TABLE_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return metadata
