"""The imported dictionaries (data/actors/imported/): a stub until the Phoenix import lands."""

from __future__ import annotations

from pathlib import Path

from eventwatch.actors.kb import KnowledgeBase


def load_imported(kb: KnowledgeBase, folder: Path) -> int:
    return 0
