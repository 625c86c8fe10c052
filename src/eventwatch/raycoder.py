"""The Ray engine: code articles on Ray actors that hold the loaded model; the driver writes.

    eventwatch ingest news/ --engine ray                        # a local Ray instance
    eventwatch ingest news/ --engine ray --ray-address auto     # the cluster this node is in

Each actor loads the model, lexicon, knowledge base and gazetteer once, then codes batches
with `eventwatch.workers.code_batch`, the function the local engine runs, so both engines
store the same events with the same ids. The driver (the `ingest` process) reads the inputs,
skips articles already stored, sends batches to idle actors (two in flight per actor) and
writes each result to the store in its own transaction as it comes back: only the driver
needs the database. Every node needs eventwatch and its model installed (see docs/scale.md).
"""

from __future__ import annotations

import socket
from collections.abc import Iterable, Iterator
from typing import Any

from eventwatch.config import set_child_default
from eventwatch.errors import E, EventwatchError
from eventwatch.records import Article, Event
from eventwatch.workers import BATCH_SIZE, as_results, batches, code_batch, default_workers, warm_up

IN_FLIGHT_PER_ACTOR = 2
CONNECT_TIMEOUT_S = 5.0  # to a --ray-address HOST:PORT
LOCAL_OBJECT_STORE_BYTES = 256 * 1024 * 1024  # batches of text and events are small


class CoderActor:
    """Holds the loaded pipeline; `code` runs `code_batch` on one batch."""

    def __init__(self) -> None:
        warm_up()

    def code(self, batch: list[Article]) -> list[list[Event] | str]:
        return code_batch(batch)


def _ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise EventwatchError(
            E.BAD_VALUE,
            what="--engine ray",
            reason="Ray is not installed (make setup installs it from requirements.txt)",
        ) from exc
    return ray


def start(address: str | None, workers: int | None) -> bool:
    """Join the cluster at `address`, or start a local Ray with `workers` CPUs; True when this
    call started (and so should stop) Ray."""
    ray = _ray()
    if ray.is_initialized():
        return False
    # no usage reports to Ray's servers: eventwatch runs offline, and so does its Ray
    set_child_default("RAY_USAGE_STATS_ENABLED", "0")
    if address:
        _check_reachable(address)
    try:
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(  # "local": a new instance, even when another one runs on this host
                address="local",
                num_cpus=workers or default_workers(),
                include_dashboard=False,
                log_to_driver=False,
                object_store_memory=LOCAL_OBJECT_STORE_BYTES,
                _node_ip_address="127.0.0.1",  # a local instance listens on loopback only
            )
    except Exception as exc:  # noqa: BLE001 - Ray raises many kinds; say which address failed
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        what = f"--ray-address {address}" if address else "--engine ray"
        raise EventwatchError(E.BAD_VALUE, what=what, reason=f"cannot start Ray: {reason}") from exc
    return True


def _check_reachable(address: str) -> None:
    """Fail at once, in one line, when a HOST:PORT address does not answer: Ray itself
    would wait for minutes. Other forms (`auto`, `ray://...`) are left to Ray."""
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit() or "/" in address:
        return
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT_S).close()
    except OSError as exc:
        raise EventwatchError(
            E.BAD_VALUE, what=f"--ray-address {address}", reason=f"no Ray head answers ({exc})"
        ) from exc


def code_articles_ray(
    articles: Iterable[Article],
    address: str | None = None,
    workers: int | None = None,
    batch_size: int = BATCH_SIZE,
) -> Iterator[tuple[Article, list[Event] | EventwatchError]]:
    """Each article with its events (or an E016), coded by `workers` Ray actors (default:
    one per CPU of the cluster), in the order batches finish."""
    ray = _ray()
    started = start(address, workers)
    try:
        n = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        actor_cls = ray.remote(num_cpus=1)(CoderActor)
        actors = [actor_cls.remote() for _ in range(n)]
        yield from _dispatch(ray, actors, batches(articles, batch_size))
    finally:
        if started:
            ray.shutdown()


def _dispatch(
    ray: Any, actors: list[Any], chunks: Iterator[list[Article]]
) -> Iterator[tuple[Article, list[Event] | EventwatchError]]:
    load = {i: 0 for i in range(len(actors))}
    pending: dict[Any, tuple[int, list[Article]]] = {}
    try:
        while True:
            while len(pending) < IN_FLIGHT_PER_ACTOR * len(actors):
                chunk = next(chunks, None)
                if chunk is None:
                    break
                i = min(load, key=load.__getitem__)
                load[i] += 1
                pending[actors[i].code.remote(chunk)] = (i, chunk)
            if not pending:
                return
            [ref], _ = ray.wait(list(pending), num_returns=1)
            i, chunk = pending.pop(ref)
            load[i] -= 1
            try:
                coded = ray.get(ref)
            except ray.exceptions.RayError as exc:  # an actor died or its task raised
                reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
                coded = [reason] * len(chunk)
            yield from as_results(chunk, coded)
    finally:
        for actor in actors:
            ray.kill(actor)
