"""Wiring the watch engine into a run that stores articles (ingest, the poller).

    with watching(store) as hooks:
        ingest(inputs, store, on_stored=hooks)

Records pending watch work in each article's commit (`eventwatch.watch.pending`) and first
finishes what a killed run left, starts the outbox worker, hands out the `on_stored` hooks,
and on exit gives pending notifications a bounded time to go out; what is still failing stays in the outbox for
`eventwatch watch deliver` (or the next run).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from eventwatch.store import Store
from eventwatch.watch import pending
from eventwatch.watch.engine import Watcher, finish_pending
from eventwatch.watch.outbox import OutboxWorker

FLUSH_S = 15.0


@contextmanager
def watching(store: Store, flush_s: float = FLUSH_S) -> Iterator[list[Watcher]]:
    worker = OutboxWorker(store).start()
    try:
        watcher = Watcher(store, worker)
        pending.register(store)
        finish_pending(store, watcher)
        yield [watcher]
    finally:
        worker.wait_idle(timeout=flush_s)
        worker.stop()
