"""Code articles on every core: worker processes that load the model and knowledge base once.

    for article, coded in code_articles(articles, workers=4):
        ...  # coded: the article's events, or an EventwatchError (E016) of its own

`code_batch` is the one function every engine runs (in this process, in a local worker
process, or in a Ray actor: see `eventwatch.raycoder`), so they all store the same events
with the same ids. Articles go out in batches of `batch_size`; results come back as each
batch finishes, in any order (the caller writes each article in its own transaction, so
order does not matter). At most `2 * workers` batches are in flight, so a long stream is
read as it is coded, not all at once. An input of one batch or less is coded here: starting
the workers would cost more than it saves.
"""

from __future__ import annotations

import gc
import importlib.util
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice

from eventwatch.config import set_child_default
from eventwatch.errors import E, EventwatchError
from eventwatch.records import Article, Event

# spaCy parses a batch's documents together: 16 at a time costs about 15 % less CPU than 8
# (the same parse, token for token; benchmarks/bench_pipeline.py, docs/benchmarks.md)
BATCH_SIZE = 16
# a batch's result: per article, its events or the reason it could not be coded
Coded = list[Event] | str
WORKER_DIED = "a worker process died (killed, or out of memory)"
# the collector's thresholds once the models are loaded: Python's (700, 10, 10) starts a
# young-generation pass every 700 net allocations, and parsing, coding and the writer's ORM
# allocate millions; 20,000 takes 3-10 % off each stage's CPU (docs/benchmarks.md), and
# cycles are still collected
GC_THRESHOLDS = (20_000, 20, 20)


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def check_model() -> None:
    """Raise E011 when the spaCy model package is not installed (before starting workers)."""
    from eventwatch.nlp import MODEL_PACKAGE

    if importlib.util.find_spec(MODEL_PACKAGE) is None:
        raise EventwatchError(E.MODEL_MISSING)


def warm_up() -> None:
    """Load the model and every lazily loaded resource (lexicon, KB, gazetteer) now."""
    from eventwatch.pipeline import extract

    extract("The foreign minister of France met officials in Berlin on Monday.", "2020-01-06")


def settle() -> None:
    """Move every object alive now (the loaded model, knowledge base, lexicon, gazetteer) out
    of the garbage collector's reach: its full collections stop walking millions of objects
    touch. They are still freed by reference counting; only cycles among them stay, so
    this runs once per process (a poller codes batch after batch). The collector then runs
    less often (`GC_THRESHOLDS`): what is allocated from here on is per-article work."""
    global _settled
    if _settled:
        return
    _settled = True
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


_settled = False


def code_batch(batch: list[Article]) -> list[Coded]:
    """The events of each article of `batch`, in order, or the reason one could not be coded.

    Parsed together with `nlp.pipe`; when the batch fails, each article is coded alone so
    one bad article does not cost the others theirs."""
    from eventwatch.nlp import ModelMissing
    from eventwatch.pipeline import extract_many

    try:
        return [events for _, events in extract_many(batch, batch_size=len(batch) or 1)]
    except ModelMissing as exc:
        raise EventwatchError(E.MODEL_MISSING) from exc
    except Exception:  # noqa: BLE001 - find the article that broke the batch, code the rest
        pass
    out: list[Coded] = []
    for article in batch:
        try:
            [(_, events)] = list(extract_many([article], batch_size=1))
            out.append(events)
        except Exception as exc:  # noqa: BLE001 - one article's failure must not stop the batch
            out.append(" ".join(f"{type(exc).__name__}: {exc}".split())[:200])
    return out


def as_results(
    batch: list[Article], coded: list[Coded]
) -> Iterator[tuple[Article, list[Event] | EventwatchError]]:
    """Pair each article with its events, or with an E016 naming it and the reason."""
    for article, result in zip(batch, coded, strict=True):
        if isinstance(result, str):
            name = article.origin or article.id
            yield article, EventwatchError(E.CODING_FAILED, name=name, reason=result)
        else:
            yield article, result


def batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while chunk := list(islice(it, size)):
        yield chunk


def code_articles(
    articles: Iterable[Article], workers: int | None = None, batch_size: int = BATCH_SIZE
) -> Iterator[tuple[Article, list[Event] | EventwatchError]]:
    """Each article with its events (or an E016), coded on `workers` processes (default:
    every core), in the order batches finish."""
    workers = workers or default_workers()
    chunks = batches(articles, batch_size)
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None) if workers > 1 else None
    if second is None:  # one worker, or a single batch: code here
        coded = code_batch(first)
        settle()  # the models are loaded now
        yield from as_results(first, coded)
        for chunk in chunks:
            yield from as_results(chunk, code_batch(chunk))
        return
    check_model()
    yield from _pooled([first, second], chunks, workers)


def _pool(workers: int) -> ProcessPoolExecutor:
    """Worker processes that hold the loaded model. Where the OS can fork, this process loads
    everything once and the workers are forked from it: they start at once and share the
    model's memory pages until they write to them. Elsewhere each worker is spawned and loads
    its own copy, with BLAS held at one thread (the workers are the parallelism)."""
    if "fork" in multiprocessing.get_all_start_methods():
        warm_up()
        settle()
        ctx = multiprocessing.get_context("fork")
        return ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        set_child_default(var, "1")
    ctx = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_warm_settled)


def _warm_settled() -> None:
    warm_up()
    settle()


def _pooled(
    head: list[list[Article]], rest: Iterator[list[Article]], workers: int
) -> Iterator[tuple[Article, list[Event] | EventwatchError]]:
    pool = _pool(workers)
    pending: dict[Future, list[Article]] = {}
    todo = _chain(head, rest)
    unsent: list[list[Article]] = []  # refused by a pool that broke: send to the next one

    def restart() -> list[list[Article]]:
        # a worker died (killed, out of memory): the batches in flight fail, a new pool
        # takes the rest
        nonlocal pool
        lost = list(pending.values())
        pending.clear()
        pool.shutdown(wait=False, cancel_futures=True)
        pool = _pool(workers)
        return lost

    try:
        while True:
            while len(pending) < 2 * workers:
                chunk = unsent.pop() if unsent else next(todo, None)
                if chunk is None:
                    break
                try:
                    pending[pool.submit(code_batch, chunk)] = chunk
                except BrokenProcessPool:
                    unsent.append(chunk)
                    for lost in restart():
                        yield from as_results(lost, [WORKER_DIED] * len(lost))
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                chunk = pending[fut]
                try:
                    coded = fut.result()
                except BrokenProcessPool:
                    for lost in restart():
                        yield from as_results(lost, [WORKER_DIED] * len(lost))
                    break
                del pending[fut]
                yield from as_results(chunk, coded)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _chain(head: list[list[Article]], rest: Iterator[list[Article]]) -> Iterator[list[Article]]:
    yield from head
    yield from rest
