"""Read a file of additions to the knowledge base: CSV, YAML or a Wikidata JSON dump.

- CSV of people: the columns of the built-in files (name, country, gender, role, start, end,
  sector, aliases, org); one row per office, rows with the same name and country are one
  person; `aliases` are separated by `|`.
- CSV of organisations: name, country, sector, kind, aliases (no `role` column).
- YAML: the user-file format (`people`, `organisations`, `countries`; docs/actors.md).
- Wikidata: a JSON dump (`.json`, `.json.gz`, `.json.bz2`, `.jsonl`); see `wikidata.py`.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml

from eventwatch import yamlfile
from eventwatch.errors import E, EventwatchError

FORMATS = ("auto", "csv", "yaml", "wikidata")


def detect(path: Path) -> str:
    name = path.name.lower()
    if name.endswith((".csv", ".tsv")):
        return "csv"
    if name.endswith((".yaml", ".yml")):
        return "yaml"
    if name.endswith((".json", ".jsonl", ".json.gz", ".json.bz2", ".jsonl.gz")):
        return "wikidata"
    raise EventwatchError(
        E.BAD_VALUE,
        what=str(path),
        reason="unknown format: use .csv, .yaml or a Wikidata .json dump, or --format",
    )


def read_additions(path: Path, fmt: str = "auto") -> tuple[dict[str, Any], dict[str, int]]:
    """Additions (`people`, `organisations`, `countries`) read from `path`, and counts."""
    if not path.exists():
        raise EventwatchError(E.INPUT_UNREADABLE, name=str(path), reason="no such file")
    fmt = detect(path) if fmt == "auto" else fmt
    if fmt == "wikidata":
        from eventwatch.actors.wikidata import read_dump

        return read_dump(path)
    if fmt == "yaml":
        try:
            data = yamlfile.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise EventwatchError(
                E.RECORD_INVALID, name=str(path), reason=f"not valid YAML ({exc})"
            ) from exc
        if not isinstance(data, dict):
            raise EventwatchError(
                E.RECORD_INVALID,
                name=str(path),
                reason="expected a mapping with people/organisations",
            )
        data = {k: list(data.get(k) or []) for k in ("people", "organisations", "countries")}
        return data, {k: len(v) for k, v in data.items()}
    return _read_csv(path)


def _read_csv(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter=delimiter)
        header = [h.strip() for h in reader.fieldnames or []]
        if "name" not in header:
            raise EventwatchError(
                E.RECORD_INVALID, name=str(path), reason="a CSV of actors needs a 'name' column"
            )
        rows = [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in reader]
    if "role" in header:
        people: dict[tuple[str, str], dict[str, Any]] = {}
        for row in rows:
            key = (row["name"], row.get("country", "").upper())
            p = people.setdefault(
                key,
                {
                    "name": row["name"],
                    "country": key[1] or None,
                    "gender": row.get("gender") or None,
                    "aliases": [],
                    "roles": [],
                },
            )
            p["aliases"] += [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
            if row.get("role"):
                p["roles"].append(
                    {k: row.get(k) or None for k in ("role", "start", "end", "sector", "org")}
                )
        out = {"people": list(people.values()), "organisations": [], "countries": []}
    else:
        orgs = [
            {
                "name": r["name"],
                "country": (r.get("country") or "").upper() or None,
                "sector": r.get("sector"),
                "kind": r.get("kind") or "organisation",
                "aliases": [a.strip() for a in (r.get("aliases") or "").split("|") if a.strip()],
            }
            for r in rows
        ]
        out = {"people": [], "organisations": orgs, "countries": []}
    return out, {k: len(v) for k, v in out.items()}
