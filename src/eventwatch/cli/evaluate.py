"""`eventwatch evaluate KIND PATH`: score eventwatch against a gold-annotated benchmark.

Each KIND is a module `eventwatch.evaluate.KIND` with `add_arguments(parser)` (optional) and
`main(args) -> int` that prints its report.
"""

from __future__ import annotations

import argparse
import importlib

KINDS = {
    "plv": "event type of a marked actor pair (PLV TSV)",
    "timex": "time expressions (MEANTIME / TimeML CAT XML folder)",
    "geo": "toponyms resolved to places (GeoWebNews XML)",
    "actors": "actor mentions resolved to country and sector (JSONL cases)",
    "stories": "articles grouped into stories (ECB+ CAT XML topic folders)",
    "articles": "hand-coded articles end to end (folder of X.txt + X.json gold)",
    "nonpolitical": "events coded on GeoWebNews articles without a political event (GWN XML)",
}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "evaluate",
        help="score against a gold benchmark (plv, timex, geo, articles, nonpolitical, actors, stories)",
        epilog="Example: eventwatch evaluate plv ../shared/benchmarks/plv-dev/plv_dev.tsv --errors 20",
    )
    kinds = p.add_subparsers(dest="kind", metavar="KIND")
    for kind, helptext in KINDS.items():
        kp = kinds.add_parser(kind, help=helptext)
        kp.add_argument("path", help="the benchmark file or folder")
        kp.add_argument("--errors", type=int, default=0, metavar="N", help="print the N worst cases")
        try:
            module = importlib.import_module(f"eventwatch.evaluate.{kind}")
        except ModuleNotFoundError as exc:
            if exc.name != f"eventwatch.evaluate.{kind}":
                raise
            kp.set_defaults(func=lambda args: _missing(args.kind))
            continue
        if hasattr(module, "add_arguments"):
            module.add_arguments(kp)
        kp.set_defaults(func=module.main)


def _missing(kind: str) -> int:
    print(f"eventwatch: evaluate {kind} is not built yet")
    return 2
