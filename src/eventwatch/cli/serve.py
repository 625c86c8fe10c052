"""`eventwatch serve` (the REST API under uvicorn, several worker processes) and
`eventwatch apikey` (its keys, with read or write scope)."""

from __future__ import annotations

import argparse
import os
import sys

from eventwatch.errors import E, EventwatchError


def register(sub: argparse._SubParsersAction) -> None:
    _register_serve(sub)
    _register_apikey(sub)


def _store(args: argparse.Namespace):
    from eventwatch.cli import db_url
    from eventwatch.store import open_store

    return open_store(db_url(args))


def _register_serve(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="the REST API (FastAPI; OpenAPI docs at /docs)",
        description="Serve the REST API over the store: /articles, /events, /actors, /rules, "
        "/alerts, /trends, /health. Changing rules needs a write key, reading rules and "
        "alerts a read (or write) key (eventwatch apikey create), in the X-API-Key header. "
        "Notifier secrets (webhook URL paths and queries) are shown redacted.",
        epilog="Example: eventwatch serve --port 8000 && curl localhost:8000/events?country=PRK",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="worker processes (default: the number of CPU cores)",
    )
    p.add_argument(
        "--public-rules",
        action="store_true",
        help="let anyone read /rules and /alerts without a key (secrets stay redacted)",
    )
    p.set_defaults(func=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from eventwatch.cli import db_url
    from eventwatch.config import set_for_children
    from eventwatch.store.store import resolve_url

    if args.workers < 1:
        raise EventwatchError(E.BAD_VALUE, what="--workers", reason="must be at least 1")
    url = resolve_url(db_url(args))
    with _store(args) as store:  # migrate once, and finish a watch step a crash left undone
        _finish_pending_watch(store)
        _analyze(store)
    # every worker process builds its own app (and its own connections) from the environment
    set_for_children("EVENTWATCH_DB", url)
    set_for_children("EVENTWATCH_PUBLIC_RULES", "1" if args.public_rules else "0")
    uvicorn.run(
        "eventwatch.api.app:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="info",
    )
    return 0


def _analyze(store) -> None:
    """Fresh planner statistics (SQLite): without them, a page of events filtered by country
    is sorted from a full scan instead of read in order (0.2-1 s instead of 10-20 ms on
    100k events). A bounded ANALYZE takes well under a second."""
    if store.engine.dialect.name != "sqlite":
        return  # PostgreSQL's autovacuum keeps its statistics
    with store.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA analysis_limit=1000")
        conn.exec_driver_sql("ANALYZE")


def _finish_pending_watch(store) -> None:
    try:
        from eventwatch.watch.engine import finish_pending
    except ModuleNotFoundError:  # a build without the watch engine
        return
    finish_pending(store)


def _register_apikey(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "apikey",
        help="API keys for the REST API (read or write scope)",
        epilog="Example: eventwatch apikey create dashboard --scope read",
    )
    ksub = p.add_subparsers(dest="apikey_command", metavar="ACTION")
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])
    c = ksub.add_parser("create", help="make a key (shown once; only its hash is stored)")
    c.add_argument("name")
    c.add_argument(
        "--scope",
        choices=("read", "write"),
        default="write",
        help="read: rules and alerts; write: also change rules (default)",
    )
    c.set_defaults(func=run_apikey_create)
    ksub.add_parser("list", help="list keys (never the keys themselves)").set_defaults(
        func=run_apikey_list
    )
    r = ksub.add_parser(
        "revoke",
        help="revoke a key by id:N or its prefix (a bare number matching both is refused)",
        epilog="Example: eventwatch apikey revoke 3f9a01c2   or   eventwatch apikey revoke id:4",
    )
    r.add_argument("key", help="id:N, the prefix (or its start), or the whole key")
    r.set_defaults(func=run_apikey_revoke)


def run_apikey_create(args: argparse.Namespace) -> int:
    from eventwatch.api.keys import create_key

    with _store(args) as store:
        key = create_key(store, args.name, scope=args.scope)
    print(key)
    print("eventwatch: keep this key now; it cannot be shown again", file=sys.stderr)
    return 0


def run_apikey_list(args: argparse.Namespace) -> int:
    from eventwatch.api.keys import list_keys

    with _store(args) as store:
        for k in list_keys(store):
            state = f"revoked {k['revoked_at']}" if k["revoked_at"] else "live"
            print(
                f"{k['id']}\t{k['prefix']}\t{k['name']}\t{k['scope']}\t{k['created_at']}\t{state}"
            )
    return 0


def run_apikey_revoke(args: argparse.Namespace) -> int:
    from eventwatch.api.keys import revoke_key

    with _store(args) as store:
        key = revoke_key(store, args.key)
    print(f"key id:{key['id']} (prefix {key['prefix']}, {key['name']}) revoked", file=sys.stderr)
    return 0
