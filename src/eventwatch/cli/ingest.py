"""`eventwatch ingest PATH_OR_URL...`: code articles and store them with their events."""

from __future__ import annotations

import argparse
import sys
from contextlib import AbstractContextManager, nullcontext

from eventwatch.cli.common import parse_date, parse_size
from eventwatch.errors import EventwatchError
from eventwatch.sources import DEFAULT_MAX_BYTES
from eventwatch.workers import BATCH_SIZE


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ingest",
        help="read articles (files, folders, feeds, URLs, stdin), code them and store the events",
        description="Read articles, code them and store them with their events. Text (first "
        "line the headline), HTML, RSS/Atom feeds, JSON Lines and CSV (id, title, text, "
        "published, url, source); folders are read recursively; - reads stdin. An article "
        "already stored is skipped. Each bad input gets one line on stderr; the exit status "
        "is 1 when any input failed.",
        epilog="Example: eventwatch ingest article.txt news/ https://example.org/feed.xml "
        "--published 2023-09-13",
    )
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="PATH_OR_URL",
        help="files, folders, http(s) URLs, or - for stdin",
    )
    p.add_argument(
        "--published",
        type=parse_date,
        help="the articles' date (YYYY-MM-DD), overriding what they say",
    )
    p.add_argument("--source", help="the articles' source (outlet), overriding what they say")
    p.add_argument(
        "--max-bytes",
        type=parse_size,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help="refuse inputs larger than this (bytes, or 500k / 5M; default 5M)",
    )
    p.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    p.add_argument(
        "--no-watch",
        action="store_true",
        help="do not group the new events or test them against the watch rules",
    )
    p.add_argument(
        "--workers",
        type=_positive,
        default=None,
        metavar="N",
        help="processes that parse and code (default: $EVENTWATCH_WORKERS, else every core; "
        "1 codes in this process)",
    )
    p.add_argument(
        "--batch-size",
        type=_positive,
        default=BATCH_SIZE,
        metavar="N",
        help=f"articles parsed together and handed to a worker at once (default {BATCH_SIZE})",
    )
    p.add_argument(
        "--engine",
        choices=("local", "ray"),
        default="local",
        help="local: worker processes on this machine (default); ray: actors on a Ray cluster",
    )
    p.add_argument(
        "--ray-address",
        metavar="ADDRESS",
        help="with --engine ray: the cluster to join (e.g. 10.0.0.5:6379 or auto); "
        "default: start a local Ray instance",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from eventwatch.cli import db_url, settings_of
    from eventwatch.ingest import ingest
    from eventwatch.store import open_store

    def on_error(err: EventwatchError) -> None:
        from tqdm import tqdm

        tqdm.write(f"eventwatch: {err}", file=sys.stderr)

    with open_store(db_url(args)) as store, _hooks(store, args.no_watch) as hooks:
        report = ingest(
            args.inputs,
            store,
            published=args.published,
            source=args.source,
            max_bytes=args.max_bytes,
            progress=not args.no_progress,
            on_stored=hooks,
            on_error=on_error,
            workers=args.workers or settings_of(args).workers,
            batch_size=args.batch_size,
            engine=args.engine,
            ray_address=args.ray_address,
        )
    if not args.quiet:
        print(report.summary(), file=sys.stderr)
    return 0 if report.ok else 1


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return n


def _hooks(store, off: bool) -> AbstractContextManager[list]:
    """The watch engine's `on_stored` hooks (grouping, rules, alerts), when it is built."""
    if off:
        return nullcontext([])
    try:
        from eventwatch.watch.hooks import watching
    except ModuleNotFoundError as exc:
        if not (exc.name or "").startswith("eventwatch.watch"):
            raise
        return nullcontext([])
    return watching(store)
