"""`eventwatch evaluate stories FOLDER`: which articles report the same happening (ECB+).

Every document of the ECB+ topic folders is stored, in one fixed shuffled order, into a
scratch SQLite store through `Store.add_article` (text only: no events are coded), so each
is assigned to a story exactly as ingest assigns it; the stories are scored against the gold
(topic + ecb/ecbplus) by pairwise precision/recall/F1 over article pairs and B-cubed F1.
Twice: without dates (ECB+ has none) and with a date derived from the text where a full
date or a dated address is found. The shipped parameters were fitted on the ECB+ dev
topics, so these figures are in-sample; `--cv K` gives the held-out figures of a
cross-validation by topic (parameters fitted on the other folds, in memory).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from eventwatch.records import Article
from eventwatch.stories import ecb, fit, metrics


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--cv",
        type=int,
        default=0,
        metavar="K",
        help="also cross-validate by topic over K folds (refits the scorer)",
    )
    p.add_argument("--json", action="store_true", help="print the scores as JSON")


def store_run(docs: list[ecb.EcbDoc], with_dates: bool) -> dict[str, str]:
    """Article id -> story id after storing `docs` in a scratch store."""
    from eventwatch.store import open_store
    from eventwatch.stories.assign import story_ids

    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "s.db")) as store:
        ids: dict[str, str] = {}
        for d in fit.stream(docs):
            art = Article(
                text=d.text,
                title=d.title,
                url=d.url,
                published=d.dct if with_dates else None,
                id=d.id,
            )
            store.add_article(art, [])
            ids[d.id] = art.id
        with store.session() as s:
            return story_ids(s, list(ids.values()))


def worst(gold: dict[str, str], pred: dict[str, str], n: int) -> list[dict[str, Any]]:
    """The `n` predicted stories that mix most gold stories."""
    by: dict[str, Counter[str]] = defaultdict(Counter)
    for a, s in pred.items():
        by[s][gold[a]] += 1
    mixed = sorted(by.items(), key=lambda kv: (-(sum(kv[1].values()) - max(kv[1].values())), kv[0]))
    return [{"story": s, "gold": dict(c)} for s, c in mixed[:n] if len(c) > 1]


def main(args: argparse.Namespace) -> int:
    docs = ecb.read_folder(Path(args.path))
    gold = {d.id: d.gold for d in docs}
    report: dict[str, Any] = {"documents": len(docs), "gold_stories": len(set(gold.values()))}
    for with_dates in (False, True):
        label = "dates_from_text" if with_dates else "no_dates"
        pred = store_run(docs, with_dates)
        report[f"store_{label}"] = metrics.score(gold, pred).to_dict()
        if args.errors:
            report[f"mixed_{label}"] = worst(gold, pred, args.errors)
        if args.cv:
            scores, _ = fit.cross_validate(docs, with_dates, k=args.cv)
            report[f"cv{args.cv}_{label}"] = scores.to_dict()
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"{report['documents']} documents, {report['gold_stories']} gold stories")
    for key, val in report.items():
        if isinstance(val, dict):
            print(
                f"{key:28} pairwise P/R/F1 {val['pair_precision']:.3f} {val['pair_recall']:.3f} "
                f"{val['pair_f1']:.3f}  B-cubed P/R/F1 {val['bcubed_precision']:.3f} "
                f"{val['bcubed_recall']:.3f} {val['bcubed_f1']:.3f}  stories {val['predicted_clusters']}"
            )
        elif isinstance(val, list):
            for m in val:
                print(f"  mixed story {m['story']}: {m['gold']}")
    return 0
