"""Resources: the one owner of the heavy, read-only things the stages use.

The spaCy pipeline, the knowledge base, the gazetteer, the type model, the event lexicon and
the ontology are each built once per `Resources` object, on first use, and kept there (with
what is derived from them, named `<resource>.<part>`, e.g. `kb.by_country`). There is one
process-wide default; a caller (a test, a service holding another knowledge base) builds its
own and hands it to the pipeline:

    res = Resources(kb=my_kb)                       # anything not given is built on demand
    eventwatch.extract(text, resources=res)         # or: with res.active(): ...

The stages reach their resource through their usual accessor (`actors.loader.get_kb()`,
`where.gazetteer.get()`, `nlp.load()`, `coding.ontology.ontology()`, ...), which asks
`current()`: the resources made active in this context, else the default. This module
imports no stage, so every stage may import it.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

# the names of the main resources (their accessors build them)
NLP = "nlp"
KB = "kb"
GAZETTEER = "gazetteer"
TYPE_MODEL = "type_model"
LEXICON = "lexicon"
ONTOLOGY = "ontology"
ACTOR_TERMS = "actor_terms"


class Resources:
    """Lazily built resources, each built once per instance (thread-safe).

    `given`: resources supplied ready-made, by name (e.g. `kb=...`, `nlp=...`)."""

    def __init__(self, **given: Any) -> None:
        self._items: dict[str, Any] = dict(given)
        self._lock = threading.RLock()  # a builder may ask for another resource

    def get(self, name: str, build: Callable[[], T]) -> T:
        """The resource `name`, built with `build()` on first use."""
        try:
            return self._items[name]  # type: ignore[no-any-return]
        except KeyError:
            pass
        with self._lock:
            if name not in self._items:
                with _collector_paused():
                    self._items[name] = build()
            return self._items[name]  # type: ignore[no-any-return]

    def peek(self, name: str) -> Any | None:
        """The resource if it has been built (or given), else None; builds nothing."""
        return self._items.get(name)

    def drop(self, name: str) -> list[Any]:
        """Forget `name` and everything derived from it (`name.*`); returns what was dropped
        (so the caller can close it). The next `get` builds it again."""
        with self._lock:
            keys = [k for k in self._items if k == name or k.startswith(name + ".")]
            return [self._items.pop(k) for k in keys]

    def built(self) -> list[str]:
        """The names built (or given) so far."""
        return sorted(self._items)

    @contextmanager
    def active(self) -> Iterator[Resources]:
        """Make this the instance `current()` returns, in this context."""
        token = _active.set(self)
        try:
            yield self
        finally:
            _active.reset(token)


_default = Resources()
_active: ContextVar[Resources | None] = ContextVar("eventwatch_resources", default=None)


def default() -> Resources:
    """The process-wide instance."""
    return _default


def current() -> Resources:
    """The resources active in this context (`Resources.active`), else the default."""
    return _active.get() or _default


@contextmanager
def using(resources: Resources | None) -> Iterator[Resources]:
    """`resources.active()`, or the current ones when None (so callers can pass through an
    optional argument)."""
    if resources is None:
        yield current()
        return
    with resources.active():
        yield resources


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a resource is built: loading the model, the
    knowledge base or a lexicon makes hundreds of thousands of objects that live as long as
    the process, and each full collection on the way walked all of them again (about 1 CPU s
    of a process's start-up). Builds nest; the outermost turns it back on."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
