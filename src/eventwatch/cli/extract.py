"""`eventwatch extract FILE`: code one article without storing it."""

from __future__ import annotations

import argparse
import json
import sys

from eventwatch.cli.common import parse_date
from eventwatch.errors import EventwatchError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "extract",
        help="code one article and print its events (nothing is stored)",
        description="Code one article and print its events; nothing is stored.",
        epilog="Example: eventwatch extract article.txt --published 2023-09-13 --format jsonl",
    )
    p.add_argument("file", help="a text, HTML, JSON Lines or CSV file, or - for stdin")
    p.add_argument("--published", type=parse_date, help="the article's date (YYYY-MM-DD)")
    p.add_argument("--format", choices=["jsonl", "table"], default="table")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from eventwatch.pipeline import extract
    from eventwatch.sources import read_inputs

    failed = 0
    for item in read_inputs([args.file]):
        if isinstance(item, EventwatchError):
            print(f"eventwatch: {item}", file=sys.stderr)
            failed += 1
            continue
        if args.published:
            item.published = args.published
        events = extract(item)
        if args.format == "jsonl":
            for ev in events:
                print(json.dumps(ev.to_dict(), ensure_ascii=False))
        else:
            from eventwatch.cli.common import print_event_table

            print_event_table([ev.to_dict() for ev in events])
    return 1 if failed else 0  # each failure has had its own line: no second, vaguer one
