"""`eventwatch recode [filters]`: re-resolve stored actors after the knowledge base changed."""

from __future__ import annotations

import argparse

from eventwatch.cli.common import parse_date


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "recode",
        help="re-resolve the actors of stored articles (--all: re-code them whole)",
        description="Run actor resolution again on stored articles, with the current knowledge "
        "base (after `eventwatch actors add` or `import`), and report what changed. Each "
        "article is one transaction. --all re-runs the whole coding (after a model change) "
        "and replaces the article's events.",
        epilog="Example: eventwatch recode --since 2024-01-01 --show 20",
    )
    p.add_argument(
        "--article",
        action="append",
        default=[],
        metavar="ID",
        help="only this article (repeatable)",
    )
    p.add_argument("--source", help="only articles from this source")
    p.add_argument("--since", type=parse_date, help="only articles published on or after")
    p.add_argument("--until", type=parse_date, help="only articles published on or before")
    p.add_argument(
        "--all",
        dest="whole",
        action="store_true",
        help="re-run the whole coding, not only actor resolution",
    )
    p.add_argument("--dry-run", action="store_true", help="report the changes, write nothing")
    p.add_argument(
        "--show",
        type=int,
        default=50,
        metavar="N",
        help="print at most N changed actors (default 50; 0: none)",
    )
    p.set_defaults(func=run_recode)


def run_recode(args: argparse.Namespace) -> int:
    from eventwatch.cli import db_url
    from eventwatch.recode import recode
    from eventwatch.store import ArticleFilter, open_store

    flt = ArticleFilter(source=args.source, since=args.since, until=args.until)
    with open_store(db_url(args)) as store:
        report = recode(store, flt, args.article, whole=args.whole, dry_run=args.dry_run)
    for change in report.changes[: max(args.show, 0)]:
        print(change.line())
    if len(report.changes) > args.show > 0:
        print(f"... and {len(report.changes) - args.show} more")
    print(report.summary() + (" (dry run: nothing written)" if args.dry_run else ""))
    return 0
