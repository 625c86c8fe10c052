"""`eventwatch watch|trend|poll|serve|apikey`: rules and alerts, trends, the feed poller, the
REST API and its keys. Thin: the work is done by eventwatch.watch and eventwatch.api."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from eventwatch.cli import choices
from eventwatch.cli.common import parse_date
from eventwatch.errors import E, EventwatchError


def _store(args: argparse.Namespace):
    from eventwatch.cli import db_url
    from eventwatch.store import open_store

    return open_store(db_url(args))


def register(sub: argparse._SubParsersAction) -> None:
    _register_watch(sub)
    _register_trend(sub)
    _register_poll(sub)
    from eventwatch.cli import serve

    serve.register(sub)


# ---- watch ------------------------------------------------------------------------------------


def _register_watch(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "watch",
        help="rules that alert on new events: add, list, show, remove, test, alerts, deliver",
        description="Watch rules live in the database and are evaluated on every newly stored "
        "event (eventwatch ingest, eventwatch poll). A real-world event reported by many "
        "articles fires one alert; later reports join it as sources.",
        epilog="Example: eventwatch watch add summit --dyad RUS PRK --type COOPERATE --type AID "
        "--webhook https://hooks.example/ew --email desk@example.org",
    )
    wsub = p.add_subparsers(dest="watch_command", metavar="ACTION")
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])

    add = wsub.add_parser(
        "add",
        help="add a rule",
        epilog="Example: eventwatch watch add summit "
        "--dyad RUS PRK --type CONSULT --factuality any --jsonl alerts.jsonl",
    )
    add.add_argument("name")
    g = add.add_argument_group("who")
    g.add_argument(
        "--dyad",
        nargs=2,
        metavar=("A", "B"),
        help="countries of the two sides (ISO alpha-3), either order unless --directed",
    )
    g.add_argument("--directed", action="store_true", help="--dyad A B means A is the source")
    g.add_argument("--country", action="append", default=[], help="a country on either side")
    for side in ("source", "target", "actor"):
        g.add_argument(f"--{side}-country", action="append", default=[], metavar="ISO3")
        g.add_argument(f"--{side}-sector", action="append", default=[], metavar="SECTOR")
        g.add_argument(f"--{side}-person", action="append", default=[], metavar="NAME")
    g = add.add_argument_group("what")
    g.add_argument(
        "--type", action="append", default=[], dest="types", help="PLOVER event type (repeatable)"
    )
    g.add_argument("--context", action="append", default=[], dest="contexts")
    g.add_argument(
        "--factuality",
        action="append",
        default=[],
        help="realized, planned, hypothetical, negated or any (repeatable)",
    )
    g.add_argument("--goldstein-min", type=float)
    g.add_argument("--goldstein-max", type=float)
    g.add_argument("--min-confidence", type=float)
    g.add_argument(
        "--keyword",
        action="append",
        default=[],
        dest="keywords",
        help="a word the evidence sentence must contain (any of them)",
    )
    g = add.add_argument_group("where")
    g.add_argument("--place", help="a named place (looked up in the gazetteer)")
    g.add_argument("--near", metavar="LAT,LON", help="coordinates instead of --place")
    g.add_argument("--radius", type=float, default=50.0, metavar="KM", help="default 50 km")
    g = add.add_argument_group("spike (fire when the dyad's latest window exceeds its baseline)")
    g.add_argument("--spike-by", choices=["day", "week", "month"])
    g.add_argument("--spike-baseline", type=int, default=7, metavar="N", help="windows (default 7)")
    g.add_argument(
        "--spike-sd", type=float, default=3.0, metavar="SD", help="standard deviations (default 3)"
    )
    g = add.add_argument_group("notify")
    g.add_argument(
        "--jsonl",
        action="append",
        default=[],
        metavar="PATH",
        help="append alerts to a file (- for stdout)",
    )
    g.add_argument(
        "--webhook", action="append", default=[], metavar="URL", help="POST alerts as signed JSON"
    )
    g.add_argument(
        "--secret-env",
        metavar="VAR",
        help="environment variable holding the webhook "
        "HMAC secret (default $EVENTWATCH_WEBHOOK_SECRET)",
    )
    g.add_argument(
        "--email",
        action="append",
        default=[],
        metavar="ADDR",
        help="mail alerts (SMTP settings from $EVENTWATCH_SMTP_*)",
    )
    add.add_argument("--disabled", action="store_true", help="store the rule switched off")
    add.set_defaults(func=run_add)

    ls = wsub.add_parser("list", help="list rules", epilog="Example: eventwatch watch list")
    ls.set_defaults(func=run_list)
    show = wsub.add_parser(
        "show", help="a rule as JSON", epilog="Example: eventwatch watch show summit"
    )
    show.add_argument("name")
    show.set_defaults(func=run_show)
    rm = wsub.add_parser(
        "remove",
        help="delete a rule and its alerts",
        epilog="Example: eventwatch watch remove summit",
    )
    rm.add_argument("name")
    rm.set_defaults(func=run_remove)
    test = wsub.add_parser(
        "test",
        help="which stored events would have fired the rule",
        epilog="Example: eventwatch watch test summit --format jsonl",
    )
    test.add_argument("name")
    test.add_argument("--limit", type=int, default=100)
    test.add_argument("--format", choices=["table", "jsonl"], default="table")
    test.set_defaults(func=run_test)
    al = wsub.add_parser(
        "alerts",
        help="alerts fired, newest first",
        epilog="Example: eventwatch watch alerts --rule summit",
    )
    al.add_argument("--rule")
    al.add_argument("--limit", type=int, default=50)
    al.add_argument("--format", choices=["table", "jsonl"], default="table")
    al.set_defaults(func=run_alerts)
    dl = wsub.add_parser(
        "deliver",
        help="send pending notifications (retries included) until none is due",
        description="Send every notification that is due, until none is (each is tried at "
        "most once per run; a failure waits for its retry time). Safe to run while other "
        "processes deliver too: no notification is sent twice.",
        epilog="Example: eventwatch watch deliver --limit 500",
    )
    dl.add_argument(
        "--limit", type=int, metavar="N", help="try at most N notifications (default: all due)"
    )
    dl.set_defaults(func=run_deliver)
    cu = wsub.add_parser(
        "catch-up",
        help="watch stored events that never were (ingested with --no-watch, or interrupted)",
        epilog="Example: eventwatch watch catch-up",
    )
    cu.set_defaults(func=run_catch_up)


def rule_from_args(args: argparse.Namespace):
    from eventwatch.watch.rules import rule_from_conditions

    c: dict[str, Any] = {}
    if args.dyad:
        c["dyad"] = list(args.dyad)
        c["directed"] = args.directed
    for side in ("source", "target", "actor"):
        cond = {k: getattr(args, f"{side}_{k}") for k in ("country", "sector", "person")}
        if side == "actor":
            cond["country"] = cond["country"] + args.country
        cond = {k: v for k, v in cond.items() if v}
        if cond:
            c[side] = cond
    for key, value in (
        ("event_types", args.types),
        ("contexts", args.contexts),
        ("factuality", args.factuality),
        ("keywords", args.keywords),
    ):
        if value:
            c[key] = value
    for key in ("goldstein_min", "goldstein_max", "min_confidence"):
        if getattr(args, key) is not None:
            c[key] = getattr(args, key)
    if args.place or args.near:
        place: dict[str, Any] = {"name": args.place, "radius_km": args.radius}
        if args.near:
            try:
                lat, lon = (float(x) for x in args.near.split(","))
            except ValueError as exc:
                raise EventwatchError(
                    E.BAD_VALUE, what="--near", reason="expected LAT,LON"
                ) from exc
            place.update(lat=lat, lon=lon)
        c["place"] = place
    if args.spike_by:
        c["spike"] = {"by": args.spike_by, "baseline": args.spike_baseline, "sd": args.spike_sd}
    notifiers: list[dict[str, Any]] = [{"kind": "jsonl", "path": p} for p in args.jsonl]
    for url in args.webhook:
        spec = {"kind": "webhook", "url": url}
        if args.secret_env:
            spec["secret_env"] = args.secret_env
        notifiers.append(spec)
    if args.email:
        notifiers.append({"kind": "email", "to": args.email})
    return rule_from_conditions(args.name, c, notifiers=notifiers, enabled=not args.disabled)


def _describe(rule) -> str:
    c = rule.conditions()
    parts = []
    for k, v in c.items():
        if k == "directed":
            continue
        parts.append(f"{k}={json.dumps(v, separators=(',', ':'))}")
    kinds = ",".join(n["kind"] for n in rule.notifiers) or "-"
    return f"{rule.id}\t{rule.name}\t{'on' if rule.enabled else 'off'}\tnotify={kinds}\t{' '.join(parts)}"


def run_add(args: argparse.Namespace) -> int:
    from eventwatch.watch.rulestore import add_rule

    rule = rule_from_args(args)
    with _store(args) as store:
        rule = add_rule(store, rule)
    print(f"rule {rule.id} added: {rule.name}", file=sys.stderr)
    return 0


def run_list(args: argparse.Namespace) -> int:
    from eventwatch.watch.rulestore import list_rules

    with _store(args) as store:
        rules = list_rules(store)
    if not rules:
        print("(no rules)")
    for r in rules:
        print(_describe(r))
    return 0


def run_show(args: argparse.Namespace) -> int:
    from eventwatch.watch.rulestore import get_rule

    with _store(args) as store:
        print(json.dumps(get_rule(store, args.name).to_dict(), indent=2, ensure_ascii=False))
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from eventwatch.watch.rulestore import remove_rule

    with _store(args) as store:
        rule = remove_rule(store, args.name)
    print(f"rule {rule.id} removed: {rule.name}", file=sys.stderr)
    return 0


def run_test(args: argparse.Namespace) -> int:
    from eventwatch.cli.common import print_event_table
    from eventwatch.watch.engine import would_fire
    from eventwatch.watch.rulestore import get_rule

    with _store(args) as store:
        hits = would_fire(store, get_rule(store, args.name), limit=args.limit)
    dicts = [h.to_dict() for h in hits]
    if args.format == "jsonl":
        for d in dicts:
            print(json.dumps(d, ensure_ascii=False))
    else:
        print_event_table(dicts)
    clusters = {d["cluster_id"] or d["id"] for d in dicts}
    print(f"{len(dicts)} stored events match ({len(clusters)} real-world events)", file=sys.stderr)
    return 0


def run_alerts(args: argparse.Namespace) -> int:
    from eventwatch.watch.rulestore import list_alerts

    with _store(args) as store:
        alerts = list_alerts(store, rule=args.rule, limit=args.limit)
    if args.format == "jsonl":
        for a in alerts:
            print(json.dumps(a, ensure_ascii=False))
        return 0
    if not alerts:
        print("(no alerts)")
    for a in alerts:
        print(
            f"{a['id']}\t{a['fired_at']}\t{a['rule']}\treports={len(a['sources'])} "
            f"outlets={a['num_sources']}\t{a['summary']}"
        )
        for src in a["sources"]:
            print(f'\t  "{src["sentence"][:120]}" ({src["url"] or src["article_id"]})')
    return 0


def run_deliver(args: argparse.Namespace) -> int:
    from eventwatch.errors import E, EventwatchError
    from eventwatch.watch.outbox import drain, due_now

    if args.limit is not None and args.limit < 1:
        raise EventwatchError(E.BAD_VALUE, what="--limit", reason="must be at least 1")
    with _store(args) as store:
        r = drain(store, limit=args.limit)
        left = due_now(store) if args.limit is not None else 0
    more = f", {left} still due (run again)" if left else ""
    print(f"{r.sent} sent, {r.retried} to retry, {r.dead} dead{more}", file=sys.stderr)
    return 0


def run_catch_up(args: argparse.Namespace) -> int:
    from eventwatch.watch.engine import catch_up
    from eventwatch.watch.hooks import watching

    with _store(args) as store, watching(store) as hooks:
        out = catch_up(store, hooks[0])
    print(
        f"{len(out.clusters)} events watched: {len(out.fired)} alerts fired, "
        f"{len(out.joined)} reports joined earlier alerts",
        file=sys.stderr,
    )
    return 0


# ---- trend ------------------------------------------------------------------------------------


def _register_trend(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "trend",
        help="counts by quad class and mean Goldstein for a dyad over time",
        description="Counts of coded events between two countries (either direction unless "
        "--directed) per day, week or month, by quad class (1 verbal coop., 2 material coop., "
        "3 verbal conflict, 4 material conflict), with the mean Goldstein score; and the spike "
        "test of the latest window against the trailing baseline.",
        epilog="Example: eventwatch trend RUS PRK --by week --since 2023-01-01",
    )
    p.add_argument("a", metavar="COUNTRY_A", type=choices.country)
    p.add_argument("b", metavar="COUNTRY_B", type=choices.country)
    p.add_argument("--by", choices=["day", "week", "month"], default="day")
    p.add_argument(
        "--since",
        type=parse_date,
        help="first day (default: the first event dated at most 30 days before the first "
        "article reporting the dyad)",
    )
    p.add_argument("--until", type=parse_date, help="last day (default: the last event's day)")
    p.add_argument(
        "--factuality",
        action="append",
        type=choices.factuality,
        help="count events of this factuality (default realized); repeat for several",
    )
    p.add_argument("--directed", action="store_true", help="only A as source, B as target")
    p.add_argument(
        "--baseline", type=int, default=7, help="windows in the spike baseline (default 7)"
    )
    p.add_argument("--sd", type=float, default=3.0, help="spike threshold in standard deviations")
    p.add_argument("--format", choices=["table", "jsonl", "csv"], default="table")
    p.set_defaults(func=run_trend)


def run_trend(args: argparse.Namespace) -> int:
    from eventwatch.cli.common import write_csv, write_json_lines
    from eventwatch.watch.trends import HISTORY_DAYS, dyad_trend

    with _store(args) as store:
        trend = dyad_trend(
            store,
            args.a,
            args.b,
            args.by,
            args.since,
            args.until,
            args.directed,
            args.factuality or ["realized"],
        )
    if (n := trend.history_left_out) and trend.first_published is not None:
        print(
            f"eventwatch: {n} event{'s' if n != 1 else ''} dated over {HISTORY_DAYS} days "
            f"before the first article ({trend.first_published}) left out; --since includes them",
            file=sys.stderr,
        )
    windows = trend.windows
    rows = [
        {
            "period": w.period,
            "count": w.count,
            "q1": w.quad["1"],
            "q2": w.quad["2"],
            "q3": w.quad["3"],
            "q4": w.quad["4"],
            "mean_goldstein": w.mean_goldstein,
        }
        for w in windows
    ]
    if args.format == "jsonl":
        write_json_lines(rows)
    elif args.format == "csv":
        write_csv(rows)
    elif not rows:
        print("(no events)")
    else:
        print("PERIOD      COUNT  Q1  Q2  Q3  Q4  GOLDSTEIN")
        for r in rows:
            g = "" if r["mean_goldstein"] is None else f"{r['mean_goldstein']:+.2f}"
            print(
                f"{r['period']:<10} {r['count']:>6} {r['q1']:>3} {r['q2']:>3} {r['q3']:>3} {r['q4']:>3}  {g}"
            )
    sp = trend.spike(args.baseline, args.sd)
    if sp is not None:
        verdict = "SPIKE" if sp.fired else "no spike"
        print(
            f"{verdict}: {sp.count} in {sp.period} vs threshold {sp.threshold} "
            f"(baseline mean {sp.baseline_mean}, sd {sp.baseline_sd})",
            file=sys.stderr,
        )
    return 0


# ---- poll -------------------------------------------------------------------------------------


def _register_poll(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "poll",
        help="poll RSS/Atom feeds, ingest new items and evaluate the watch rules",
        description="Fetch the feeds listed in a YAML file (conditional GET, timeouts, size "
        "caps, a delay per host), code and store new items, and fire alerts. One broken feed "
        "never stops the others. SIGTERM or Ctrl-C stops it cleanly; a restart resumes "
        "without duplicating articles or alerts.",
        epilog="Example: eventwatch poll feeds.yaml --every 10m   (see docs/watch.md for the file)",
    )
    p.add_argument("feeds", help="the feeds file (YAML)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--every", default="10m", help="time between passes: 30s, 10m, 1h (default 10m)")
    g.add_argument("--once", action="store_true", help="one pass, then exit")
    from eventwatch.cli.ingest import _positive
    from eventwatch.workers import BATCH_SIZE

    p.add_argument(
        "--workers",
        type=_positive,
        default=None,
        metavar="N",
        help="processes that parse and code, as for ingest (default: $EVENTWATCH_WORKERS, "
        "else every core; 1 codes in this process)",
    )
    p.add_argument(
        "--batch-size",
        type=_positive,
        default=BATCH_SIZE,
        metavar="N",
        help=f"articles handed to a worker at once (default {BATCH_SIZE})",
    )
    p.set_defaults(func=run_poll)


def run_poll(args: argparse.Namespace) -> int:
    import signal
    import threading

    from eventwatch.cli import settings_of
    from eventwatch.watch.feeds import load_feeds, parse_every
    from eventwatch.watch.hooks import watching
    from eventwatch.watch.poller import Poller

    config = load_feeds(args.feeds)
    every = parse_every(args.every)
    stop = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    failed = 0

    def on_pass(report) -> None:
        nonlocal failed
        failed = len(report.failed)
        print(f"eventwatch: {report.summary()}", file=sys.stderr, flush=True)

    def report_error(msg: str) -> None:
        print(f"eventwatch: {msg}", file=sys.stderr, flush=True)

    try:
        with _store(args) as store, watching(store) as hooks:
            from eventwatch.watch.engine import catch_up

            missed = catch_up(store, hooks[0])  # events an interrupted run stored unwatched
            if missed.clusters:
                print(
                    f"eventwatch: caught up on {len(missed.clusters)} unwatched events",
                    file=sys.stderr,
                )
            poller = Poller(
                store,
                config,
                on_stored=hooks,
                stop=stop,
                report_error=report_error,
                workers=args.workers or settings_of(args).workers,
                batch_size=args.batch_size,
            )
            try:
                passes = poller.run(every, max_passes=1 if args.once else None, on_pass=on_pass)
            finally:
                poller.close()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if not args.once:
        print(
            f"eventwatch: poller stopped after {passes} pass{'es' if passes != 1 else ''}",
            file=sys.stderr,
        )
    return 1 if args.once and failed else 0
