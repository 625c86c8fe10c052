"""`eventwatch evaluate nonpolitical GWN.xml`: events coded on news without a political event.

Precision where there is nothing to find: 53 GeoWebNews articles (sport, entertainment,
business, technology, weather, human interest; chosen by title and first lines, listed in
`NONPOLITICAL_IDS` and in docs/benchmarks.md) have no political event, so every event coded
on them is a false alarm. Prints the events per article (the bar: at most 1 per 4 articles)
and their types.

With `--all`, every article of the file is coded too and the spread of the confidence values
is printed: the share of events that carry the commonest single value (the bar: at most 20 %).
"""

from __future__ import annotations

import argparse
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from eventwatch.errors import E, EventwatchError

# GeoWebNews `file` ids of articles without a political event (see docs/benchmarks.md).
NONPOLITICAL_IDS: tuple[str, ...] = (
    "10", "104", "106", "110", "118", "120", "122", "124", "132", "134", "137", "139", "146",
    "157", "164", "17", "173", "178", "181", "184", "185", "186", "19", "191", "200", "207",
    "213", "214", "218", "220", "221", "231", "248", "251", "26", "265", "27", "274", "28",
    "284", "292", "296", "299", "30", "300", "305", "306", "307", "309", "31", "310", "314",
    "319",
)  # fmt: skip


@dataclass
class Coded:
    """The events of one article: (type, confidence, source names, target names)."""

    id: str
    events: list[tuple[str, float, str, str]]


def read_texts(path: Path) -> dict[str, str]:
    """{file id: text} of every article of a GeoWebNews XML file."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise EventwatchError(E.INPUT_UNREADABLE, name=str(path), reason=str(exc)) from None
    out = {}
    for art in root.iter("article"):
        text_el = art.find("text")
        out[str(art.get("file"))] = (text_el.text or "") if text_el is not None else ""
    return out


def code(texts: dict[str, str], ids: list[str]) -> list[Coded]:
    """Code the articles `ids` (batched, as the pipeline codes a feed)."""
    from eventwatch.pipeline import extract_many
    from eventwatch.records import Article

    arts = [Article(text=texts[i], url=f"gwn:{i}") for i in ids]
    out = []
    for (art, events), i in zip(extract_many(arts), ids, strict=True):
        assert art.url == f"gwn:{i}"
        rows = []
        for ev in events:
            d = ev.to_dict()
            names = [
                "; ".join(a.get("name") or "" for a in d.get(side) or ())
                for side in ("source", "target")
            ]
            rows.append((str(d.get("event_type")), float(d.get("confidence") or 0.0), *names))
        out.append(Coded(i, rows))
    return out


def confidence_spread(coded: list[Coded]) -> tuple[int, float, float]:
    """(events, the commonest confidence value, its share of the events); values rounded to
    three decimals as the API shows them."""
    values = Counter(round(c, 3) for art in coded for _, c, _, _ in art.events)
    total = sum(values.values())
    if not total:
        return 0, 0.0, 0.0
    value, n = values.most_common(1)[0]
    return total, value, n / total


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--all",
        action="store_true",
        help="also code every article of the file and print the spread of confidence values",
    )


def main(args: argparse.Namespace) -> int:
    texts = read_texts(Path(args.path))
    ids = [i for i in NONPOLITICAL_IDS if i in texts]
    if not ids:
        raise EventwatchError(E.BAD_VALUE, what=args.path, reason="has none of the listed articles")
    coded = code(texts, ids)
    n = sum(len(c.events) for c in coded)
    print(
        f"non-political articles: {len(ids)}, events coded {n} ({n / len(ids):.2f} per article; "
        f"bar <= 0.25), articles with an event {sum(bool(c.events) for c in coded)}"
    )
    by_type = Counter(t for c in coded for t, *_ in c.events)
    if by_type:
        print("by type: " + ", ".join(f"{k} {v}" for k, v in by_type.most_common()))
    for c in [c for c in coded if c.events][: args.errors]:  # the articles with false alarms
        for t, conf, src, tgt in c.events:
            print(f"  {c.id}: {t} {conf:.2f} [{src}] -> [{tgt}]")
    if args.all:
        every = code(texts, sorted(texts, key=lambda k: int(k) if k.isdigit() else 0))
        total, value, share = confidence_spread(every)
        distinct = len({round(x, 3) for a in every for _, x, _, _ in a.events})
        print(
            f"all {len(every)} articles: {total} events, {distinct} distinct confidence values; "
            f"the commonest, {value:.3f}, carries {share:.1%} (bar <= 20 %)"
        )
    return 0
