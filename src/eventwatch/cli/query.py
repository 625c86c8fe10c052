"""`eventwatch events`, `eventwatch export`, `eventwatch articles`: read the store."""

from __future__ import annotations

import argparse
import json
import sys

from eventwatch.cli import choices
from eventwatch.cli.common import parse_date, print_event_table, write_csv


def _filters(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("filters")
    g.add_argument(
        "--actor", help="a source or target actor's name or words contain this (any case)"
    )
    g.add_argument(
        "--country",
        action="append",
        type=choices.country,
        help="a source or target actor's country (ISO 3166 alpha-3); repeat for any of several",
    )
    g.add_argument(
        "--type",
        dest="event_type",
        action="append",
        type=choices.event_type,
        help="PLOVER event type, e.g. CONSULT; repeat for any of several",
    )
    g.add_argument(
        "--factuality",
        action="append",
        type=choices.factuality,
        help="realized, planned, hypothetical or negated; repeat for any of several",
    )
    g.add_argument("--since", type=parse_date, help="event day on or after (YYYY-MM-DD)")
    g.add_argument("--until", type=parse_date, help="event day on or before (YYYY-MM-DD)")
    g.add_argument("--place", help="the place's name contains this, or its country code is this")
    g.add_argument("--article", dest="article_id", help="events of one article (its id)")
    g.add_argument(
        "--cluster", dest="cluster_id", help="the reports of one real-world event (its cluster id)"
    )
    g.add_argument("--min-confidence", type=float, help="confidence at least this (0-1)")


def _event_filter(args: argparse.Namespace):
    from eventwatch.store import EventFilter

    return EventFilter(
        actor=args.actor,
        country=args.country,
        event_type=args.event_type,
        factuality=args.factuality,
        since=args.since,
        until=args.until,
        place=args.place,
        article_id=args.article_id,
        cluster_id=args.cluster_id,
        min_confidence=args.min_confidence,
    )


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "events",
        help="list stored events, filtered, as a table, JSON or CSV",
        description="List stored events. Different filters combine (all must hold); a filter "
        "given more than once matches any of its values.",
        epilog="Example: eventwatch events --country PRK --type CONSULT --since 2023-09-01",
    )
    _filters(p)
    p.add_argument("--format", choices=["table", "json", "jsonl", "csv"], default="table")
    p.add_argument("--limit", type=int, default=None, help="at most this many events")
    p.add_argument("--offset", type=int, default=0, help="skip this many first")
    p.set_defaults(func=run_events)

    p = sub.add_parser(
        "export",
        help="write stored events as JSON Lines, CSV, Parquet, GDELT 2.0 event or mention "
        "rows, GeoJSON or PLOVER/POLECAT-style JSON",
        description="Write stored events to a file (or stdout). gdelt: the GDELT 2.0 event "
        "table's 61 tab-separated columns, blank where a record cannot fill them (see "
        "docs/cli.md); gdelt-mentions: GDELT's Mentions table (16 columns), one row per "
        "event; geojson: a FeatureCollection of the events with coordinates; plover: one "
        "POLECAT-style JSON record a line. The file appears only when complete.",
        epilog="Example: eventwatch export --format gdelt --output events.tsv --country RUS",
    )
    _filters(p)
    p.add_argument(
        "--format",
        choices=["jsonl", "csv", "parquet", "gdelt", "gdelt-mentions", "geojson", "plover"],
        default="jsonl",
    )
    p.add_argument(
        "--output", "-o", metavar="FILE", help="write here (default stdout; parquet needs a file)"
    )
    p.add_argument(
        "--no-header",
        action="store_true",
        help="csv/gdelt/gdelt-mentions: no header row (GDELT's own files have none)",
    )
    p.set_defaults(func=run_export)

    p = sub.add_parser(
        "articles",
        help="list stored articles with their number of events",
        description="List stored articles in the order they were ingested.",
        epilog="Example: eventwatch articles --source reuters --format csv",
    )
    p.add_argument("--source", help="only articles from this source (exact)")
    p.add_argument("--since", type=parse_date, help="published on or after (YYYY-MM-DD)")
    p.add_argument("--until", type=parse_date, help="published on or before (YYYY-MM-DD)")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.add_argument("--limit", type=int, default=None)
    p.add_argument("--offset", type=int, default=0)
    p.set_defaults(func=run_articles)


def run_events(args: argparse.Namespace) -> int:
    from eventwatch.cli import db_url
    from eventwatch.store import open_store
    from eventwatch.store.export import write_csv as export_csv

    with open_store(db_url(args)) as store:
        found = store.list_events(_event_filter(args), limit=args.limit, offset=args.offset)
    if args.format == "table":
        print_event_table([s.to_dict() for s in found])
    elif args.format == "json":
        json.dump([s.to_dict() for s in found], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format == "jsonl":
        for s in found:
            print(json.dumps(s.to_dict(), ensure_ascii=False))
    else:
        export_csv(found, sys.stdout)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from eventwatch.cli import db_url
    from eventwatch.store import open_store
    from eventwatch.store.export import export

    with open_store(db_url(args)) as store:
        n = export(store, args.format, args.output, _event_filter(args), header=not args.no_header)
    if args.output and args.output != "-":
        print(f"{n} event{'s' if n != 1 else ''} written to {args.output}", file=sys.stderr)
    return 0


def run_articles(args: argparse.Namespace) -> int:
    from eventwatch.cli import db_url
    from eventwatch.store import ArticleFilter, open_store
    from eventwatch.stories.assign import story_ids

    flt = ArticleFilter(source=args.source, since=args.since, until=args.until)
    with open_store(db_url(args)) as store:
        rows = [
            {
                "id": a.id,
                "published": a.published.isoformat() if a.published else "",
                "events": n,
                "source": a.source or "",
                "title": a.title,
                "origin": a.origin,
                "url": a.url or "",
            }
            for a, n in store.list_articles(flt, limit=args.limit, offset=args.offset)
        ]
        with store.session() as s:  # the story of each article (eventwatch.stories)
            stories = story_ids(s, [r["id"] for r in rows])
        for r in rows:
            r["story_id"] = stories.get(r["id"])
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        write_csv(rows)
    elif not rows:
        print("(no articles)")
    else:
        cols = ["id", "published", "events", "source", "title"]
        widths = {c: min(max(len(c), *(len(str(r[c])) for r in rows)), 60) for c in cols}
        print("  ".join(c.upper().ljust(widths[c]) for c in cols))
        for r in rows:
            print("  ".join(str(r[c])[: widths[c]].ljust(widths[c]) for c in cols).rstrip())
    return 0
