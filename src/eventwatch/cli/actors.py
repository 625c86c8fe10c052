"""`eventwatch actors list|show|resolve|lookup|add|import|path`: the knowledge base of actors."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from eventwatch.cli.common import parse_date, write_csv, write_json_lines
from eventwatch.errors import E, EventwatchError

RECODE_HINT = "events already stored keep their actors: run `eventwatch recode` to update them"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "actors",
        help="list, look up and extend the knowledge base of actors",
        description="The people, organisations and countries eventwatch resolves mentions to. "
        "Additions go to $EVENTWATCH_HOME/actors.yaml (default ~/.eventwatch/actors.yaml; "
        "$EVENTWATCH_ACTORS names the file directly) and take effect in the next run.",
        epilog="Example: eventwatch actors show Putin --on 2010-06-01",
    )
    s = p.add_subparsers(dest="actors_command", metavar="ACTION")

    ls = s.add_parser(
        "list",
        help="list entries",
        epilog="Example: eventwatch actors list --country PRK --on 2000-07-01",
    )
    ls.add_argument("--kind", choices=["person", "organisation", "country"], help="only this kind")
    ls.add_argument("--country", help="only this ISO alpha-3 country")
    ls.add_argument("--sector", help="only this sector (of the office held on --on, for people)")
    ls.add_argument("--on", type=parse_date, help="only people in office on this date (YYYY-MM-DD)")
    ls.add_argument("--query", help="only names or aliases containing this text")
    ls.add_argument("--format", choices=["table", "jsonl", "csv"], default="table")
    ls.add_argument("--limit", type=int, default=0, help="at most this many rows (0: all)")
    ls.set_defaults(func=run_list)

    sh = s.add_parser(
        "show",
        help="one actor with every role",
        epilog='Example: eventwatch actors show "Kim Jong-il"',
    )
    sh.add_argument("name", help="a name, alias, short form or ISO code")
    sh.add_argument("--on", type=parse_date, help="resolve as of this date")
    sh.set_defaults(func=run_show)

    rs = s.add_parser(
        "resolve",
        help="resolve a mention as the pipeline would",
        epilog='Example: eventwatch actors resolve "Russian President Vladimir Putin" --date 2010-06-01',
    )
    rs.add_argument("mention")
    rs.add_argument("--date", type=parse_date, help="the date the mention is about")
    rs.add_argument("--context", help="a sentence around the mention")
    rs.set_defaults(func=run_resolve)

    lk = s.add_parser(
        "lookup",
        help="who a mention is on a date: CAMEO code, country, sector, kind, name, role",
        epilog='Example: eventwatch actors lookup "Turkish riot police" --date 2016-12-19',
    )
    lk.add_argument("mention")
    lk.add_argument("--date", type=parse_date, help="the date the mention is about")
    lk.add_argument("--context", help="a sentence around the mention")
    lk.add_argument("--json", action="store_true", help="print the resolution as JSON")
    lk.set_defaults(func=run_lookup)

    ad = s.add_parser(
        "add",
        help="add a person or an organisation to the user file",
        epilog='Example: eventwatch actors add "Jeon Ha-kyou" --country KOR '
        '--role "Defense Ministry spokesman" --sector MIL --start 2022',
    )
    ad.add_argument("name")
    ad.add_argument("--kind", choices=["person", "organisation", "group"], default="person")
    ad.add_argument("--country", help="ISO alpha-3 code")
    ad.add_argument("--sector", help="sector code (GOV, MIL, ...); for people, of the role")
    ad.add_argument("--role", help="office held (people)")
    ad.add_argument("--start", help="start of the office: YYYY[-MM[-DD]]")
    ad.add_argument("--end", help="end of the office: YYYY[-MM[-DD]] (empty: still in office)")
    ad.add_argument("--gender", choices=["m", "f"])
    ad.add_argument("--org", help="organisation the office belongs to (e.g. UN, Hamas)")
    ad.add_argument("--alias", action="append", default=[], help="another name (repeatable)")
    ad.set_defaults(func=run_add)

    im = s.add_parser(
        "import",
        help="add every entry of a CSV, YAML or Wikidata JSON file",
        epilog="Example: eventwatch actors import ministers.csv",
    )
    im.add_argument("file")
    im.add_argument("--format", choices=["auto", "csv", "yaml", "wikidata"], default="auto")
    im.set_defaults(func=run_import)

    pa = s.add_parser("path", help="print the user file's path")
    pa.set_defaults(func=run_path)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def _rows(args: argparse.Namespace) -> list[dict[str, Any]]:
    from eventwatch.actors.loader import get_kb
    from eventwatch.actors.text import norm

    kb = get_kb()
    q = norm(args.query) if args.query else None
    country = args.country.upper() if args.country else None
    rows: list[dict[str, Any]] = []
    if args.kind in (None, "person"):
        for p in kb.people.values():
            role = p.role_on(args.on) if args.on else p.role_on(None)
            if args.on and role is None:
                continue
            if country and p.country != country:
                continue
            if args.sector and (role is None or role.sector != args.sector.upper()):
                continue
            if q and not any(q in norm(n) for n in [p.name, *p.aliases]):
                continue
            rows.append(
                {
                    "kind": "person",
                    "id": p.id,
                    "name": p.name,
                    "country": p.country or "",
                    "sector": role.sector if role else "",
                    "role": role.title if role else "",
                    "source": p.source,
                }
            )
    if args.kind in (None, "organisation") and not args.on:
        for o in kb.orgs.values():
            if (country and o.country != country) or (
                args.sector and o.sector != args.sector.upper()
            ):
                continue
            if q and not any(q in norm(n) for n in [o.name, *o.aliases]):
                continue
            rows.append(
                {
                    "kind": o.kind,
                    "id": o.id,
                    "name": o.name,
                    "country": o.country or "",
                    "sector": o.sector,
                    "role": "",
                    "source": o.source,
                }
            )
    if args.kind in (None, "country") and not args.on and not args.sector:
        for c in kb.countries.values():
            if (country and c.code != country) or (
                q and not any(q in norm(n) for n in [c.name, *c.aliases, *c.demonyms])
            ):
                continue
            rows.append(
                {
                    "kind": "country",
                    "id": c.id,
                    "name": c.name,
                    "country": c.code,
                    "sector": "",
                    "role": "",
                    "source": "builtin",
                }
            )
    return rows[: args.limit] if args.limit else rows


def run_list(args: argparse.Namespace) -> int:
    rows = _rows(args)
    if args.format == "jsonl":
        write_json_lines(rows)
    elif args.format == "csv":
        write_csv(rows)
    else:
        if not rows:
            print("(no entries)")
            return 0
        cols = ["kind", "name", "country", "sector", "role"]
        widths = {c: min(max(len(c), *(len(str(r[c])) for r in rows)), 44) for c in cols}
        print("  ".join(c.upper().ljust(widths[c]) for c in cols))
        for r in rows:
            print("  ".join(str(r[c])[: widths[c]].ljust(widths[c]) for c in cols).rstrip())
    return 0


def run_show(args: argparse.Namespace) -> int:
    from eventwatch.actors import resolve_actor
    from eventwatch.actors.loader import get_kb

    kb = get_kb()
    hit = resolve_actor(args.name, date=args.on)
    if hit is None or hit.get("kb_id") is None:
        raise EventwatchError(E.NOT_FOUND, what="actor", name=args.name)
    kb_id = hit["kb_id"]
    record: dict[str, Any] = {"resolved": hit}
    if kb_id in kb.people:
        record["entry"] = kb.people[kb_id].to_dict()
    elif kb_id in kb.orgs:
        record["entry"] = kb.orgs[kb_id].to_dict()
    elif kb_id.startswith("c:") and kb_id[2:] in kb.countries:
        record["entry"] = kb.countries[kb_id[2:]].to_dict()
    json.dump(record, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    from eventwatch.actors import resolve_actor

    print(
        json.dumps(
            resolve_actor(args.mention, date=args.date, context=args.context), ensure_ascii=False
        )
    )
    return 0


def run_lookup(args: argparse.Namespace) -> int:
    from eventwatch.actors import resolve_actor

    got = resolve_actor(args.mention, date=args.date, context=args.context)
    if args.json:
        print(json.dumps(got, ensure_ascii=False))
        return 0 if got else 1
    if got is None:
        print(f"{args.mention!r}: no actor (not a known name, nor a sector noun)")
        return 1
    cells = [got["code"], got["country"], got["sector"], got["kind"], got["name"], got["role"]]
    print("\t".join(c or "-" for c in cells))
    return 0


def run_add(args: argparse.Namespace) -> int:
    from eventwatch.actors import userfile

    if args.kind == "person":
        roles = []
        if args.role:
            roles.append(
                {
                    k: v
                    for k, v in {
                        "role": args.role,
                        "start": args.start,
                        "end": args.end,
                        "sector": args.sector,
                        "org": args.org,
                    }.items()
                    if v
                }
            )
        elif args.start or args.end or args.sector:
            raise EventwatchError(
                E.BAD_VALUE, what="actors add", reason="--start/--end/--sector need --role"
            )
        entry: dict[str, Any] = {
            "name": args.name,
            "country": args.country,
            "gender": args.gender,
            "aliases": args.alias,
            "roles": roles,
        }
        additions: dict[str, Any] = {
            "people": [{k: v for k, v in entry.items() if v not in (None, [])}]
        }
    else:
        if not args.sector:
            raise EventwatchError(
                E.BAD_VALUE, what="actors add", reason="an organisation needs --sector"
            )
        entry = {
            "name": args.name,
            "country": args.country,
            "sector": args.sector,
            "kind": args.kind,
            "aliases": args.alias,
        }
        additions = {"organisations": [{k: v for k, v in entry.items() if v not in (None, [])}]}
    path, _ = userfile.merge(additions)
    print(f"added {args.name} to {path}")
    print(RECODE_HINT)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from eventwatch.actors import userfile
    from eventwatch.actors.imports import read_additions

    additions, counts = read_additions(Path(args.file), args.format)
    path, added = userfile.merge(additions)
    skipped = f", skipped {counts['skipped']}" if counts.get("skipped") else ""
    print(
        f"imported {added['people']} people, {added['organisations']} organisations, "
        f"{added['countries']} countries into {path}{skipped}"
    )
    print(RECODE_HINT)
    return 0


def run_path(args: argparse.Namespace) -> int:
    from eventwatch.actors.userfile import user_path

    print(user_path())
    return 0
