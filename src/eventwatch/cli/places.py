"""`eventwatch places`: build the offline gazetteer, load a GeoNames dump, look up a name,
find the places in a text."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from eventwatch.errors import E, EventwatchError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "places",
        help="the offline gazetteer: build it, load a GeoNames dump, look up a name",
        description="The offline gazetteer behind place resolution (cached in $EVENTWATCH_CACHE "
        "or ~/.cache/eventwatch).",
        epilog='Example: eventwatch places lookup "Komsomolsk-on-Amur"',
    )
    cmds = p.add_subparsers(dest="places_command", metavar="COMMAND")

    b = cmds.add_parser(
        "build",
        help="(re)build the gazetteer cache from the packaged sources",
        epilog="Example: eventwatch places build",
    )
    b.set_defaults(func=run_build)

    g = cmds.add_parser(
        "load-geonames",
        help="add a GeoNames dump (allCountries.txt, cities500.txt, a country file) to the gazetteer",
        epilog="Example: eventwatch places load-geonames ~/Downloads/allCountries.txt",
    )
    g.add_argument("file", help="a GeoNames dump: tab-separated, 19 columns, no header")
    g.set_defaults(func=run_load)

    lk = cmds.add_parser(
        "lookup",
        help="every place a name can mean, best first",
        epilog="Example: eventwatch places lookup Vladivostok --limit 3",
    )
    lk.add_argument("name", help="a place name, in any spelling the gazetteer knows")
    lk.add_argument("--limit", type=int, default=10, help="at most this many places (default 10)")
    lk.add_argument("--format", choices=["table", "jsonl"], default="table")
    lk.set_defaults(func=run_lookup)

    f = cmds.add_parser(
        "find",
        help="the places named in a text file (or - for stdin)",
        epilog="Example: eventwatch places find article.txt --format jsonl",
    )
    f.add_argument("file", help="a UTF-8 text file, or - for stdin")
    f.add_argument("--format", choices=["table", "jsonl"], default="table")
    f.set_defaults(func=run_find)

    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def run_build(args: argparse.Namespace) -> int:
    from eventwatch.where import gazetteer

    started = time.perf_counter()
    path = gazetteer.build()
    gazetteer.reset()
    meta = gazetteer.get().meta()
    print(
        f"gazetteer: {meta.get('places')} places in {path} ({time.perf_counter() - started:.1f} s)"
    )
    return 0


def run_load(args: argparse.Namespace) -> int:
    from eventwatch.where import gazetteer

    path = Path(args.file)
    if not path.is_file():
        raise EventwatchError(E.INPUT_UNREADABLE, name=args.file, reason="no such file")
    started = time.perf_counter()
    count = gazetteer.load_geonames(path)
    print(
        f"gazetteer: loaded {count} places from {path.name} into "
        f"{gazetteer.cache_dir() / gazetteer.USER_DB} ({time.perf_counter() - started:.1f} s)"
    )
    return 0


def run_lookup(args: argparse.Namespace) -> int:
    from eventwatch.where import gazetteer
    from eventwatch.where.resolve import prior

    cands = sorted(gazetteer.get().lookup(args.name), key=prior, reverse=True)[: args.limit]
    if not cands:
        raise EventwatchError(E.NOT_FOUND, what="place", name=args.name)
    for c in cands:
        row = {
            "name": c.name,
            "country": c.country,
            "admin1": c.admin1,
            "lat": c.lat,
            "lon": c.lon,
            "feature": c.feature,
            "geonames_id": c.geonames_id,
            "population": c.population,
            "source": c.source,
        }
        if args.format == "jsonl":
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(
                f"{c.name}\t{c.country or '-'}\t{c.admin1 or '-'}\t{c.lat:.4f},{c.lon:.4f}\t"
                f"{c.feature}\t{c.geonames_id or '-'}\tpop {c.population}"
            )
    return 0


def run_find(args: argparse.Namespace) -> int:
    from eventwatch.where import find_places

    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EventwatchError(E.INPUT_UNREADABLE, name=args.file, reason=str(exc)) from None
    for d in find_places(text):
        if args.format == "jsonl":
            print(json.dumps(d, ensure_ascii=False))
        else:
            where = f"{d['lat']:.3f},{d['lon']:.3f}" if d["lat"] is not None else "-"
            print(
                f"{d['start']}-{d['end']}\t{d['text']}\t{d['name'] or '-'}\t{d['country'] or '-'}\t"
                f"{where}\t{d['feature'] or '-'}\t{d['role']}"
            )
    return 0
