"""Reading the knowledge base: the built-in files, the imported dictionaries, the user's file.

`get_kb()` loads it once per process; `reload()` forgets it (after the user file changed)
and tells every module that cached something built from it (`on_reload`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from eventwatch import resources, yamlfile
from eventwatch.actors.kb import KnowledgeBase
from eventwatch.actors.paths import user_path
from eventwatch.actors.sectors import DATA_DIR
from eventwatch.errors import E, EventwatchError

_lock = threading.Lock()
_reload_hooks: list[Callable[[], None]] = []


def read_yaml(path: Path) -> Any:
    """A YAML file's content, or an error naming the file and the reason."""
    try:
        with path.open(encoding="utf-8") as fh:
            return yamlfile.safe_load(fh)
    except yaml.YAMLError as exc:
        raise EventwatchError(
            E.RECORD_INVALID, name=str(path), reason=f"not valid YAML ({exc})"
        ) from exc
    except OSError as exc:
        raise EventwatchError(
            E.INPUT_UNREADABLE, name=str(path), reason=exc.strerror or str(exc)
        ) from exc


def _section(path: Path, key: str) -> list[Any]:
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise EventwatchError(E.RECORD_INVALID, name=str(path), reason=f"expected a '{key}' list")
    return data[key]


def load(
    data_dir: Path = DATA_DIR, user_file: Path | None = None, imported: bool = True
) -> KnowledgeBase:
    """Read and check every knowledge-base file; build the indexes. The curated files come
    first and win: an imported entry (`imported/`, see its README) only adds names and
    people they do not already have."""
    kb = KnowledgeBase()
    cpath = data_dir / "countries.yaml"
    for rec in _section(cpath, "countries"):
        kb.add_country(rec, str(cpath))
    opath = data_dir / "organisations.yaml"
    for rec in _section(opath, "organisations"):
        kb.add_org(rec, str(opath))
    for path in sorted((data_dir / "orgs").glob("*.csv")):  # curated lists, one kind a file
        kb.load_orgs_csv(path)
    for path in sorted((data_dir / "people").glob("*.csv")):
        kb.load_people_csv(path)
    if imported:
        from eventwatch.actors.imported import load_imported

        load_imported(kb, data_dir / "imported")
    if user_file is not None and user_file.exists():
        kb.load_additions(read_yaml(user_file), str(user_file))
    kb.build_indexes()
    return kb


def _build() -> KnowledgeBase:
    return load(user_file=user_path())


def get_kb() -> KnowledgeBase:
    """The knowledge base (built-in files plus the user's additions) of the current
    `eventwatch.resources.Resources`, loaded once."""
    return resources.current().get(resources.KB, _build)


def on_reload(hook: Callable[[], None]) -> None:
    """Call `hook` whenever the knowledge base is reloaded (to drop caches built from it)."""
    if hook not in _reload_hooks:
        _reload_hooks.append(hook)


def reload() -> KnowledgeBase:
    """Forget the loaded knowledge base (after the user file changed) and load it again."""
    with _lock:
        resources.current().drop(resources.KB)
        for hook in _reload_hooks:
            hook()
    return get_kb()
