"""The `eventwatch` command: one parser, sub-commands registered by topic modules.

Each module in `COMMAND_MODULES` has `register(subparsers)` and sets `func(args) -> int` on
its parsers. Modules parse and print; the work is done by the Python API.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from eventwatch.config import Settings, current
from eventwatch.errors import EventwatchError

COMMAND_MODULES = [
    "eventwatch.cli.extract",
    "eventwatch.cli.ingest",
    "eventwatch.cli.query",
    "eventwatch.cli.actors",
    "eventwatch.cli.evaluate",
    "eventwatch.cli.watch",
    "eventwatch.cli.places",
    "eventwatch.cli.recode",
    "eventwatch.cli.stories",
]

DEFAULT_DB = "eventwatch.db"


def settings_of(args: argparse.Namespace) -> Settings:
    """The settings `main` read once for this command (fresh ones for a bare namespace)."""
    return getattr(args, "settings", None) or current()


def db_url(args: argparse.Namespace) -> str:
    """The database from --db, else $EVENTWATCH_DB, else ./eventwatch.db."""
    return getattr(args, "db", None) or settings_of(args).db or DEFAULT_DB


def build_parser() -> argparse.ArgumentParser:
    from eventwatch.cli.choices import OneLineParser

    parser = OneLineParser(
        prog="eventwatch",
        description="Turn news into a monitored database of coded political events.",
        epilog="Example: eventwatch ingest article.txt --published 2023-09-13 && eventwatch events",
    )
    parser.add_argument("--db", help="database: a SQLite path or SQLAlchemy URL "
                        "(default: $EVENTWATCH_DB or ./eventwatch.db)")
    parser.add_argument("--debug", action="store_true", help="show stack traces on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # a topic not built yet
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    args.settings = Settings.from_env()  # the one read of the environment for this command
    try:
        with args.settings.active():
            return int(args.func(args) or 0)
    except EventwatchError as err:
        if args.debug:
            raise
        print(f"eventwatch: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
