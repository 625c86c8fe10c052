"""Reading the `#`-commented TSV files in data/where/: one schema-checked reader, and where
the data folder is (a module of its own so sources and admin_areas both use it without
importing each other)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from eventwatch.errors import E, EventwatchError

DATA_PACKAGE = "eventwatch.data"


def data_dir() -> Path:
    return Path(str(resources.files(DATA_PACKAGE) / "where"))


def read_tsv(path: Path, columns: list[str]) -> Iterator[dict[str, str]]:
    """Rows of a `#`-commented TSV whose header must be `columns`; a bad file raises one line."""
    with path.open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if header != columns:
        raise EventwatchError(E.RECORD_INVALID, name=str(path), reason=f"header must be {columns}")
    for lineno, row in enumerate(reader, start=2):
        if len(row) != len(columns):
            raise EventwatchError(
                E.RECORD_INVALID,
                name=f"{path}:{lineno}",
                reason=f"{len(row)} columns, expected {len(columns)}",
            )
        yield dict(zip(columns, (c.strip() for c in row), strict=True))
