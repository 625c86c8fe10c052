"""`eventwatch evaluate plv PATH`: event type of a marked actor pair, scored on the PLV TSV.

Modes:
- pair: `eventwatch.code_pair(sentence, source, target)` on the gold-marked pair.
- e2e: `eventwatch.extract(sentence)`; the gold pair is found when an event's source and target
  texts overlap the gold source and target texts (a side the gold leaves empty, or implicit
  as PLV's "a recipient" / "An actor", matches any event side); an unfound pair counts as
  wrong (NONE).
- model: the statistical type model alone (`coding.model.score_types`) on the marked pair.

Prints macro-F1 over the 15 PLV root types (PLOVER RETREAT and CONCEDE count as YIELD), over
the 4 quad classes (1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict)
and over cooperation vs conflict; per-type P/R/F1; a confusion table; `--errors N` worst cases.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwatch.coding.ontology import ontology
from eventwatch.errors import E, EventwatchError
from eventwatch.evaluate.metrics import format_confusion, format_prf, macro_f1, per_label


def _plv_roots() -> tuple[tuple[str, ...], dict[str, str], dict[str, str]]:
    """PLV's root types in plover.yaml's order, the quad class of each, and the root of each
    PLOVER type: PLV's labels follow an older draft that folds RETREAT and CONCEDE into
    YIELD (their `plv_root`)."""
    types = ontology().types
    roots = {t.name: t.plv_root or t.name for t in types.values()}
    quads = {roots[t.name]: str(t.quad_class) for t in types.values()}
    last = {root: i for i, root in enumerate(roots.values())}  # YIELD where RETREAT stands
    return tuple(sorted(last, key=last.__getitem__)), quads, roots


# the 15 PLV root types and the quad class PLV gives each (its `gold_penta` column follows
# this almost always)
ROOT_TYPES, QUAD_OF, _ROOT_OF = _plv_roots()
QUADS = ("1", "2", "3", "4")
NONE = "NONE"
MODES = ("pair", "e2e", "model", "encoder")


def to_root(event_type: str | None) -> str:
    """A PLOVER type as a PLV root type (RETREAT and CONCEDE -> YIELD); None -> NONE."""
    if not event_type:
        return NONE
    t = event_type.upper()
    return _ROOT_OF.get(t, t)


def quad_of(root: str) -> str:
    return QUAD_OF.get(root, NONE)


def binary_of(quad: str) -> str:
    if quad in ("1", "2"):
        return "coop"
    if quad in ("3", "4"):
        return "conflict"
    return NONE


@dataclass
class Row:
    sentence: str
    marked: str
    source: str
    target: str
    gold_root: str
    gold_quad: str


@dataclass
class Outcome:
    row: Row
    pred: str
    confidence: float


def read_plv(path: Path, limit: int | None = None) -> list[Row]:
    """The rows of a PLV TSV (columns sentence, marked_sentence, source, target, gold_root, gold_penta)."""
    try:
        fh = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise EventwatchError(
            E.INPUT_UNREADABLE, name=str(path), reason=exc.strerror or str(exc)
        ) from exc
    with fh:
        reader = csv.DictReader(fh, delimiter="\t")
        need = {"sentence", "marked_sentence", "source", "target", "gold_root", "gold_penta"}
        missing = need - set(reader.fieldnames or [])
        if missing:
            raise EventwatchError(
                E.RECORD_INVALID,
                name=str(path),
                reason=f"not a PLV TSV: missing columns {sorted(missing)}",
            )
        rows = []
        for rec in reader:
            rows.append(
                Row(
                    rec["sentence"],
                    rec["marked_sentence"],
                    rec["source"],
                    rec["target"],
                    to_root(rec["gold_root"]),
                    rec["gold_penta"].strip(),
                )
            )
            if limit is not None and len(rows) >= limit:
                break
    return rows


# --------------------------------------------------------------------------- predictors


def predict_pair(row: Row) -> tuple[str, float]:
    import eventwatch

    out = eventwatch.code_pair(row.sentence, row.source, row.target)
    etype = out.get("event_type") or out.get("type") if out else None
    return to_root(etype), float((out or {}).get("confidence") or 0.0)


def predict_model(row: Row) -> tuple[str, float]:
    from eventwatch.coding.model import score_text_pair

    probs = score_text_pair(row.sentence, row.source, row.target)
    if not probs:
        return NONE, 0.0
    merged: dict[str, float] = {}
    for k, v in probs.items():
        merged[to_root(k)] = merged.get(to_root(k), 0.0) + v
    best = max(merged, key=merged.__getitem__)
    return best, merged[best]


def predict_encoder(row: Row) -> tuple[str, float]:
    """The fine-tuned pair encoder alone (coding/pair_encoder.py), its top type, NONE aside."""
    from eventwatch.coding.pair_encoder import pair_encoder

    model = pair_encoder()
    if model is None:
        raise NotImplementedError("no pair encoder shipped (scripts/train_pair_encoder.py)")
    probs = model.probs([(row.sentence, row.source, row.target)])[0]
    if not probs:
        return NONE, 0.0
    merged: dict[str, float] = {}
    for k, v in probs.items():
        if k != NONE:
            merged[to_root(k)] = merged.get(to_root(k), 0.0) + v
    best = max(merged, key=merged.__getitem__)
    return best, merged[best] / max(sum(merged.values()), 1e-9)


def _offsets(sentence: str, text: str) -> tuple[int, int] | None:
    k = sentence.find(text)
    return (k, k + len(text)) if k >= 0 and text else None


# what PLV writes for the side of a one-sided event that the sentence leaves implicit ("X agreed
# to resign": target "a recipient"); the text is not in the sentence
IMPLICIT_SIDES = {"a recipient", "an actor"}


def _overlaps(actors: list[Any], gold: tuple[int, int] | None, gold_text: str) -> bool:
    """Whether an event side matches a gold side: one of its actors overlaps the gold span
    (or, without offsets, contains or is contained in its text). A gold side left empty or
    implicit (a one-sided gold event, "X agreed to resign", whose target PLV writes as "a
    recipient") is matched by any event side, empty or not."""
    if not gold_text.strip() or (gold is None and gold_text.strip().lower() in IMPLICIT_SIDES):
        return True
    for a in actors:
        if gold is not None and a.start is not None and a.end is not None:
            if a.start < gold[1] and gold[0] < a.end:
                return True
        elif a.text and (a.text in gold_text or gold_text in a.text):
            return True
    return False


def predict_e2e(row: Row) -> tuple[str, float]:
    import eventwatch

    events = eventwatch.extract(row.sentence)
    gs, gt = _offsets(row.sentence, row.source), _offsets(row.sentence, row.target)
    found = [
        ev
        for ev in events
        if _overlaps(ev.source, gs, row.source) and _overlaps(ev.target, gt, row.target)
    ]
    if not found:
        return NONE, 0.0
    best = max(found, key=lambda ev: ev.confidence)
    return to_root(best.event_type), float(best.confidence)


PREDICTORS: dict[str, Callable[[Row], tuple[str, float]]] = {
    "pair": predict_pair,
    "e2e": predict_e2e,
    "model": predict_model,
    "encoder": predict_encoder,
}


def run(rows: list[Row], mode: str) -> list[Outcome]:
    """Predict every row in one mode."""
    predict = PREDICTORS[mode]
    return [Outcome(r, *predict(r)) for r in rows]


# --------------------------------------------------------------------------- report


@dataclass
class Scores:
    n: int
    root_f1: float
    quad_f1: float
    binary_f1: float
    found: int  # pairs coded at all (e2e: an event covers both gold actors), whatever the type
    found_typed: int  # of those, the ones whose root type is the gold one


def score(outcomes: list[Outcome]) -> Scores:
    """Macro-F1 over root types, quad classes and cooperation vs conflict."""
    gold = [o.row.gold_root for o in outcomes]
    pred = [o.pred for o in outcomes]
    gq = [o.row.gold_quad for o in outcomes]
    pq = [quad_of(p) for p in pred]
    gb = [binary_of(q) for q in gq]
    pb = [binary_of(q) for q in pq]
    return Scores(
        n=len(outcomes),
        root_f1=macro_f1(gold, pred, ROOT_TYPES),
        quad_f1=macro_f1(gq, pq, QUADS),
        binary_f1=macro_f1(gb, pb, ("coop", "conflict")),
        found=sum(p != NONE for p in pred),
        found_typed=sum(p != NONE and p == g for p, g in zip(pred, gold, strict=True)),
    )


@dataclass
class Reliability:
    ece: float  # expected calibration error over equal-width confidence bins
    bins: list[tuple[float, float, int, float, float]]  # (low, high, n, mean confidence, accuracy)
    confident_n: int  # pairs with confidence >= the threshold
    confident_acc: float  # their accuracy (root type right); 0.0 when there are none


def reliability(outcomes: list[Outcome], n_bins: int = 10, threshold: float = 0.9) -> Reliability:
    """How well the reported confidence matches accuracy (root type right): expected
    calibration error over `n_bins` equal-width bins (0 falls in the first), per-bin counts,
    and the accuracy of the pairs at or above `threshold`."""
    table: list[tuple[float, float, int, float, float]] = []
    ece = 0.0
    total = len(outcomes)
    for k in range(n_bins):
        lo, hi = k / n_bins, (k + 1) / n_bins
        members = [
            o for o in outcomes if (lo < o.confidence <= hi) or (k == 0 and o.confidence <= lo)
        ]
        if not members:
            continue
        conf = sum(o.confidence for o in members) / len(members)
        acc = sum(o.pred == o.row.gold_root for o in members) / len(members)
        table.append((lo, hi, len(members), conf, acc))
        ece += len(members) / total * abs(conf - acc)
    sure = [o for o in outcomes if o.confidence >= threshold]
    sure_acc = sum(o.pred == o.row.gold_root for o in sure) / len(sure) if sure else 0.0
    return Reliability(ece, table, len(sure), sure_acc)


def format_reliability(rel: Reliability) -> str:
    lines = [
        f"confidence: ECE (10 bins) {rel.ece:.3f}; confidence >= 0.9: {rel.confident_n} pairs, "
        f"{rel.confident_acc:.1%} right",
        "  bin          n   mean conf  accuracy",
    ]
    for lo, hi, n, conf, acc in rel.bins:
        lines.append(f"  ({lo:.1f}, {hi:.1f}] {n:5d}   {conf:8.3f}  {acc:8.3f}")
    return "\n".join(lines)


def report(outcomes: list[Outcome], mode: str, errors: int, out: Any = None) -> Scores:
    """Print the figures, the per-type table, the confusion table and the worst cases."""
    out = out if out is not None else sys.stdout
    s = score(outcomes)
    gold = [o.row.gold_root for o in outcomes]
    pred = [o.pred for o in outcomes]
    print(f"== PLV, mode {mode}: {s.n} rows, {s.found} coded", file=out)
    print(f"pairs found with the gold type: {s.found_typed} ({s.found_typed / max(s.n, 1):.3f})",
          file=out)
    print(f"macro-F1 root (15 types): {s.root_f1:.3f}", file=out)
    print(f"macro-F1 quad (4 classes): {s.quad_f1:.3f}", file=out)
    print(f"macro-F1 coop vs conflict: {s.binary_f1:.3f}", file=out)
    print("", file=out)
    print(format_prf(per_label(gold, pred, ROOT_TYPES)), file=out)
    print("", file=out)
    print(format_confusion(gold, pred, ROOT_TYPES), file=out)
    print("", file=out)
    print(format_reliability(reliability(outcomes)), file=out)
    if errors > 0:
        wrong = sorted(
            (o for o in outcomes if o.pred != o.row.gold_root), key=lambda o: -o.confidence
        )
        print(f"\n-- {min(errors, len(wrong))} worst cases (wrong, most confident first)", file=out)
        for o in wrong[:errors]:
            print(
                f"gold {o.row.gold_root:<9} pred {o.pred:<9} conf {o.confidence:.2f}  {o.row.marked}",
                file=out,
            )
    print("", file=out)
    return s


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--mode",
        choices=["pair", "e2e", "both", "model", "encoder"],
        default="both",
        help="pair: code_pair on the marked pair; e2e: extract on the bare sentence; "
        "both: the two; model: the statistical type model alone; encoder: the fine-tuned "
        "pair encoder alone",
    )
    parser.add_argument(
        "--limit", type=int, default=None, metavar="N", help="only the first N rows"
    )
    parser.add_argument(
        "--sample",
        type=int,
        default=None,
        metavar="N",
        help="N rows spread evenly through the file (the PLV TSV is sorted by type)",
    )


def spread(rows: list[Row], n: int) -> list[Row]:
    """`n` rows taken at even steps through `rows` (all of them when n >= len(rows))."""
    if n <= 0 or n >= len(rows):
        return rows
    step = len(rows) / n
    return [rows[int(k * step)] for k in range(n)]


def _modes(choice: str) -> Iterator[str]:
    yield from (("pair", "e2e") if choice == "both" else (choice,))


def main(args: argparse.Namespace) -> int:
    """Run the PLV evaluation and print the report."""
    rows = read_plv(Path(args.path), getattr(args, "limit", None))
    if getattr(args, "sample", None):
        rows = spread(rows, args.sample)
    if not rows:
        raise EventwatchError(E.INPUT_EMPTY, name=args.path)
    for mode in _modes(getattr(args, "mode", "both")):
        t0 = time.perf_counter()
        try:
            outcomes = run(rows, mode)
        except NotImplementedError as exc:
            print(f"eventwatch: evaluate plv --mode {mode}: not available ({exc})")
            continue
        report(outcomes, mode, getattr(args, "errors", 0))
        print(f"({mode}: {time.perf_counter() - t0:.1f} s)\n")
    return 0
