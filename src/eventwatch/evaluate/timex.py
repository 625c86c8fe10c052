"""`eventwatch evaluate timex DIR`: time expressions scored on TimeML / CAT XML (MEANTIME).

Each document's text is rebuilt from its `<token>`s (a space between tokens, a newline between
sentences) and run through `eventwatch.when.times_in_doc` with the document creation time
(the TIMEX3 with functionInDocument="CREATION_TIME") as the published date. The creation time
itself is not a gold expression; found expressions overlapping it are ignored. MEANTIME
annotates only the first sentences of each article, so only found expressions in sentences up
to the last annotated one count.

ECB+ files (CAT XML with span-only `TIME_DATE` markables, no values, no creation time) read
the same way: their expressions count for span recall and no value is scored; ECB+ marks only
some sentences of each article, so its precision is not meaningful.

Conventions: MEANTIME is annotated by the NewsReader guidelines, which follow ISO-TimeML
(ISO 24617-1): an anchored duration ("two years ago") is the DURATION `P2Y` over "two years",
its point an empty TIMEX3 that covers no text. A CAT file whose TIMEX3s carry ISO-TimeML's
`beginPoint` / `endPoint` attributes is scored in that convention (`when.iso`); other files,
and `--convention timeml`, in TimeML 1.2's (the date, `2006`), which event dating uses.

Matching is one-to-one by character overlap. Printed: span precision, recall and F1; value
accuracy (exact TIMEX3 value string) over the gold expressions found; per gold type; and
with `--errors N` up to N wrong values, missed expressions and spurious ones.
"""

from __future__ import annotations

import argparse
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from eventwatch.errors import E, EventwatchError

TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass
class Span:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class GoldDoc:
    name: str
    text: str
    published: date | None
    gold: list[Span]
    dct: tuple[int, int] | None  # char span of the creation-time tokens, if any
    scored_until: int  # char offset: only text before it is annotated
    convention: str = "timeml"  # "iso-timeml" when its TIMEX3s carry beginPoint/endPoint


@dataclass
class Case:
    doc: str
    kind: str  # value | missed | spurious
    gold: Span | None
    found: Span | None
    context: str


@dataclass
class Report:
    n_gold: int = 0
    n_found: int = 0
    matched: int = 0
    valued: int = 0  # matched gold expressions that carry a value (ECB+ TIME_DATE do not)
    value_ok: int = 0
    by_type: dict[str, Counter[str]] = field(default_factory=dict)
    cases: list[Case] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.n_found if self.n_found else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def value_accuracy(self) -> float:
        return self.value_ok / self.valued if self.valued else 0.0


def read_cat(path: Path) -> GoldDoc:
    """One CAT XML document: rebuilt text, creation date and gold TIMEX3 spans."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise EventwatchError(E.RECORD_INVALID, name=str(path), reason=f"not CAT XML ({exc})") \
            from exc
    offsets: dict[str, tuple[int, int, int]] = {}
    parts: list[str] = []
    pos = 0
    last_sent: str | None = None
    for tok in root.iter("token"):
        sent = tok.get("sentence", "0")
        if parts:
            sep = "\n" if sent != last_sent else " "
            parts.append(sep)
            pos += 1
        word = tok.text or ""
        offsets[tok.get("t_id", "")] = (pos, pos + len(word), int(sent))
        parts.append(word)
        pos += len(word)
        last_sent = sent
    text = "".join(parts)
    gold: list[Span] = []
    dct_span: tuple[int, int] | None = None
    dct_value = ""
    max_sent = 0
    markables = root.find("Markables")
    for mark in markables if markables is not None else []:
        for a in mark.iter("token_anchor"):
            if a.get("t_id") in offsets:
                max_sent = max(max_sent, offsets[a.get("t_id", "")][2])
    for tx in [*root.iter("TIMEX3"), *root.iter("TIME_DATE")]:
        ids = [a.get("t_id", "") for a in tx.iter("token_anchor") if a.get("t_id") in offsets]
        if not ids:
            continue
        start = min(offsets[i][0] for i in ids)
        end = max(offsets[i][1] for i in ids)
        if tx.get("functionInDocument") == "CREATION_TIME":
            dct_span, dct_value = (start, end), tx.get("value", "")
            continue
        kind = tx.get("type", "") if tx.tag == "TIMEX3" else "TIME_DATE"
        gold.append(Span(start, end, text[start:end], kind, tx.get("value", "")))
    gold.sort(key=lambda s: s.start)
    scored_until = max((e for s, e, n in offsets.values() if n <= max_sent), default=len(text))
    if dct_span is not None:
        published = _creation_date(dct_value, text[dct_span[0]:dct_span[1]])
    else:  # no creation time marked: the dateline (the line after the title) says it
        lines = text.split("\n")
        published = _creation_date("", lines[1] if len(lines) > 1 else "")
    iso = any("beginPoint" in tx.attrib for tx in root.iter("TIMEX3"))
    return GoldDoc(path.stem, text, published, gold, dct_span, scored_until,
                   "iso-timeml" if iso else "timeml")


def _creation_date(value: str, written: str) -> date | None:
    """The creation date from its TIMEX3 value, or (when that is not ISO) from its words."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return date.fromisoformat(value)
    if written:
        from eventwatch.when.grammar import Context, grammar

        for f in grammar().scan(Context(written, None)):
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", f.norm.value):
                return date.fromisoformat(f.norm.value)
    return None


def read_dir(path: str | Path) -> list[GoldDoc]:
    """Every `*.xml` under a folder (or one file), read as CAT XML."""
    p = Path(path)
    if not p.exists():
        raise EventwatchError(E.NOT_FOUND, what="benchmark folder", name=str(p))
    files = sorted(p.rglob("*.xml")) if p.is_dir() else [p]
    if not files:
        raise EventwatchError(E.RECORD_INVALID, name=str(p), reason="no .xml files in it")
    return [read_cat(f) for f in files]


def _overlap(a: Span, b: Span) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def _context(text: str, span: Span) -> str:
    left = text.rfind("\n", 0, span.start) + 1
    right = text.find("\n", span.end)
    line = text[left: right if right >= 0 else len(text)]
    s, e = span.start - left, span.end - left
    return (line[:s] + "[" + line[s:e] + "]" + line[e:])[:240]


def score_doc(doc: GoldDoc, found: list[Span], report: Report) -> None:
    """Match one document's found spans to its gold spans and add to the report."""
    kept = [
        f for f in found
        if f.start < doc.scored_until
        and not (doc.dct and f.start < doc.dct[1] and doc.dct[0] < f.end)
    ]
    report.n_gold += len(doc.gold)
    report.n_found += len(kept)
    # one-to-one: the pairs that share the most of their characters are matched first
    pairs = sorted(
        ((_overlap(g, f) / (max(g.end, f.end) - min(g.start, f.start)), gi, fi)
         for gi, g in enumerate(doc.gold) for fi, f in enumerate(kept) if _overlap(g, f) > 0),
        reverse=True,
    )
    match: dict[int, int] = {}
    used: set[int] = set()
    for _, gi, fi in pairs:
        if gi not in match and fi not in used:
            match[gi] = fi
            used.add(fi)
    for gi, g in enumerate(doc.gold):
        counts = report.by_type.setdefault(g.type, Counter())
        counts["gold"] += 1
        if gi not in match:
            report.cases.append(Case(doc.name, "missed", g, None, _context(doc.text, g)))
            continue
        f = kept[match[gi]]
        report.matched += 1
        counts["found"] += 1
        if not g.value:
            continue  # a span-only annotation (ECB+ TIME_DATE)
        report.valued += 1
        counts["valued"] += 1
        if f.value == g.value:
            report.value_ok += 1
            counts["value_ok"] += 1
        else:
            report.cases.append(Case(doc.name, "value", g, f, _context(doc.text, g)))
    for i, f in enumerate(kept):
        if i not in used:
            report.cases.append(Case(doc.name, "spurious", None, f, _context(doc.text, f)))


def evaluate(path: str | Path, convention: str | None = None) -> Report:
    """Score `eventwatch.when` on every CAT XML document under `path`, each in the
    convention its annotation follows unless `convention` names one for all."""
    from eventwatch import nlp
    from eventwatch.when import times_in_doc

    docs = read_dir(path)
    report = Report()
    model = nlp.load()
    for gdoc, parsed in zip(docs, model.pipe(d.text for d in docs), strict=True):
        found = [
            Span(t.start or 0, t.end or 0, t.text, t.type, t.value)
            for t in times_in_doc(parsed, gdoc.published, convention or gdoc.convention)
        ]
        score_doc(gdoc, found, report)
    return report


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def format_report(report: Report, errors: int = 0) -> str:
    lines = [
        f"gold expressions {report.n_gold}, found {report.n_found}, matched {report.matched}",
        f"span   precision {report.precision:.3f}  recall {report.recall:.3f}  "
        f"F1 {report.f1:.3f}",
        f"value accuracy over expressions found {report.value_accuracy:.3f} "
        f"({report.value_ok}/{report.valued})",
        f"strict (span and value right) precision {_ratio(report.value_ok, report.n_found):.3f}  "
        f"recall {_ratio(report.value_ok, report.n_gold):.3f}  F1 "
        f"{_ratio(2 * report.value_ok, report.n_found + report.n_gold):.3f}",
        "",
        f"{'type':<9} {'gold':>5} {'recall':>7} {'value acc':>10}",
    ]
    for t in TYPES + tuple(sorted(set(report.by_type) - set(TYPES))):  # + TIME_DATE (ECB+)
        c = report.by_type.get(t)
        if not c:
            continue
        rec = c["found"] / c["gold"] if c["gold"] else 0.0
        acc = c["value_ok"] / c["valued"] if c["valued"] else 0.0
        lines.append(f"{t:<9} {c['gold']:>5} {rec:>7.3f} {acc:>10.3f}")
    if errors:
        for kind in ("value", "missed", "spurious"):
            cases = [c for c in report.cases if c.kind == kind][:errors]
            lines.append("")
            lines.append(f"-- {kind} ({sum(c.kind == kind for c in report.cases)} in all)")
            for c in cases:
                g = f"gold {c.gold.type} {c.gold.value!r}" if c.gold else ""
                f = f"found {c.found.type} {c.found.value!r} {c.found.text!r}" if c.found else ""
                lines.append(f"{c.doc[:40]}: {g} {f}\n    {c.context}")
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--convention", choices=("timeml", "iso-timeml"), default=None,
        help="value anchored durations as TimeML 1.2 (the date) or ISO-TimeML (the duration); "
             "default: what each file's annotation follows")


def main(args: argparse.Namespace) -> int:
    report = evaluate(args.path, getattr(args, "convention", None))
    print(format_report(report, getattr(args, "errors", 0) or 0))
    return 0
