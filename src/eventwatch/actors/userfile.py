"""The user's additions to the knowledge base: reading and writing the file.

The file (`paths.user_path()`) holds the same sections as an import file (docs/actors.md):
`people` (name, country, gender, aliases, roles: [{role, start, end, sector, org}]),
`organisations` (name, country, sector, kind, aliases) and `countries` (code plus extra
aliases, demonyms, capitals, seats). It is read with the built-in files on first use, so
additions take effect in the next process (or after `loader.reload()`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from eventwatch import yamlfile
from eventwatch.actors import loader
from eventwatch.actors.paths import user_path
from eventwatch.errors import E, EventwatchError

__all__ = ["merge", "read", "user_path"]


def read(path: Path | None = None) -> dict[str, Any]:
    path = path or user_path()
    if not path.exists():
        return {"version": 1, "people": [], "organisations": [], "countries": []}
    try:
        data = yamlfile.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise EventwatchError(
            E.RECORD_INVALID, name=str(path), reason=f"not valid YAML ({exc})"
        ) from exc
    if not isinstance(data, dict):
        raise EventwatchError(
            E.RECORD_INVALID, name=str(path), reason="expected a mapping with people/organisations"
        )
    for key in ("people", "organisations", "countries"):
        data.setdefault(key, [])
    return data


def merge(additions: dict[str, Any], path: Path | None = None) -> tuple[Path, dict[str, int]]:
    """Append `additions` (people/organisations/countries lists) to the user file, checking
    them first against the knowledge base; returns the path and the counts added."""
    path = path or user_path()
    data = read(path)
    # validate before writing: a throwaway knowledge base with the current file plus these
    trial = loader.load(user_file=None)
    trial.load_additions(
        {k: data.get(k) or [] for k in ("people", "organisations", "countries")}, str(path)
    )
    trial.load_additions(additions, "the new entries")
    counts = {}
    for key in ("people", "organisations", "countries"):
        items = list(additions.get(key) or [])
        data[key] = list(data.get(key) or []) + items
        counts[key] = len(items)
    data.setdefault("version", 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8"
    )
    os.replace(tmp, path)
    return path, counts
