"""STUB: the event-coding issue replaces this with the real coder."""

from __future__ import annotations

from typing import Any


def code_doc(doc: Any, actor_of: Any = None) -> list:
    return []


def code_pair(sentence: str, source: str, target: str) -> dict[str, Any]:
    raise NotImplementedError("code_pair is not built yet")
