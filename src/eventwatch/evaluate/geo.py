"""`eventwatch evaluate geo PATH`: toponyms resolved to places, scored on GeoWebNews XML.

Reads `<article><text>` and `<toponyms><toponym>` (`start`, `end`, `extractedName`, `type`,
`geonamesID`, `latitude`/`longitude` or `lat`/`lon`). Prints:
- toponym span precision, recall and F1 (a predicted span counts when it overlaps a gold one),
- the share of gold toponyms with coordinates that a predicted span overlapping them puts
  within 161 km (100 miles) of the gold point (not found counts as wrong),
- GeoNames-id accuracy over the gold toponyms that have an id.
"""

from __future__ import annotations

import argparse
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from eventwatch.errors import E, EventwatchError

KM_OK = 161.0


@dataclass
class GoldToponym:
    start: int
    end: int
    name: str
    type: str
    geonames_id: int | None
    lat: float | None
    lon: float | None


@dataclass
class GoldArticle:
    text: str
    toponyms: list[GoldToponym]


def _num(el: ET.Element, *tags: str) -> float | None:
    for tag in tags:
        child = el.find(tag)
        if child is not None and child.text and child.text.strip():
            return float(child.text)
    return None


def read_gwn(path: Path) -> list[GoldArticle]:
    """The articles of a GeoWebNews XML file, or one clear error naming it."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise EventwatchError(E.INPUT_UNREADABLE, name=str(path), reason=str(exc)) from None
    articles = []
    for art in root.iter("article"):
        text_el = art.find("text")
        text = text_el.text or "" if text_el is not None else ""
        tops = []
        for t in art.iter("toponym"):
            start, end = _num(t, "start"), _num(t, "end")
            if start is None or end is None:
                continue
            gid = _num(t, "geonamesID")
            tops.append(
                GoldToponym(
                    start=int(start),
                    end=int(end),
                    name=(t.findtext("extractedName") or "").strip(),
                    type=(t.findtext("type") or "").strip(),
                    geonames_id=int(gid) if gid else None,
                    lat=_num(t, "latitude", "lat"),
                    lon=_num(t, "longitude", "lon"),
                )
            )
        articles.append(GoldArticle(text, tops))
    if not articles:
        raise EventwatchError(E.RECORD_INVALID, name=str(path), reason="no <article> elements")
    return articles


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def score(articles: list[GoldArticle], predictions: list[list[dict]]) -> tuple[dict, list[dict]]:
    """Figures and per-toponym error rows. Gold toponyms that are not places (no
    coordinates) count neither for nor against span scores."""
    from eventwatch.where.resolve import haversine_km

    tp_pred = n_pred = tp_gold = n_gold = 0
    with_coords = within = with_id = id_right = 0
    errors: list[dict] = []
    for art, preds in zip(articles, predictions, strict=True):
        gold = [g for g in art.toponyms if g.lat is not None]
        non_places = [g for g in art.toponyms if g.lat is None]
        for p in preds:
            hits_gold = any(_overlap(p["start"], p["end"], g.start, g.end) for g in gold)
            hits_other = any(_overlap(p["start"], p["end"], g.start, g.end) for g in non_places)
            if hits_other and not hits_gold:
                continue
            n_pred += 1
            tp_pred += hits_gold
        for g in gold:
            n_gold += 1
            match = [p for p in preds if _overlap(p["start"], p["end"], g.start, g.end)]
            best = min(
                (p for p in match if p.get("lat") is not None),
                key=lambda p: haversine_km(g.lat, g.lon, p["lat"], p["lon"]),
                default=None,
            )
            tp_gold += bool(match)
            with_coords += 1
            km = haversine_km(g.lat, g.lon, best["lat"], best["lon"]) if best else None
            ok = km is not None and km <= KM_OK
            within += ok
            if g.geonames_id is not None:
                with_id += 1
                id_right += bool(best and best.get("geonames_id") == g.geonames_id)
            if not ok:
                errors.append(
                    {
                        "gold": g,
                        "found": best or (match[0] if match else None),
                        "km": km,
                        "context": art.text[max(0, g.start - 60) : g.end + 60].replace("\n", " "),
                    }
                )
    precision = tp_pred / n_pred if n_pred else 0.0
    recall = tp_gold / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    figures = {
        "articles": len(articles),
        "gold_toponyms": n_gold,
        "predicted": n_pred,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "within_161km": within / with_coords if with_coords else 0.0,
        "with_coordinates": with_coords,
        "geonames_id_accuracy": id_right / with_id if with_id else 0.0,
        "with_id": with_id,
    }
    return figures, errors


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--limit", type=int, default=0, metavar="N", help="score only the first N articles"
    )


def main(args: argparse.Namespace) -> int:
    from eventwatch import nlp
    from eventwatch.where import mentions_in_doc

    path = Path(args.path)
    articles = read_gwn(path)
    if getattr(args, "limit", 0):
        articles = articles[: args.limit]
    started = time.perf_counter()
    predictions = []
    for doc in nlp.load().pipe((a.text for a in articles), batch_size=16):
        predictions.append([{**pm.place.to_dict(), "role": pm.role} for pm in mentions_in_doc(doc)])
    seconds = time.perf_counter() - started
    figures, errors = score(articles, predictions)
    print(
        f"GeoWebNews {path.name}: {figures['articles']} articles, "
        f"{figures['gold_toponyms']} gold toponyms with coordinates ({seconds:.1f} s)"
    )
    print(
        f"toponym spans (overlap): P {figures['precision']:.3f}  R {figures['recall']:.3f}  "
        f"F1 {figures['f1']:.3f}  ({figures['predicted']} predicted)"
    )
    print(
        f"resolved within {KM_OK:.0f} km: {figures['within_161km']:.1%} "
        f"of {figures['with_coordinates']}"
    )
    print(f"GeoNames id accuracy: {figures['geonames_id_accuracy']:.1%} of {figures['with_id']}")
    n = getattr(args, "errors", 0) or 0
    if n:
        errors.sort(key=lambda e: (e["found"] is not None, -(e["km"] or 0)))
        for e in errors[:n]:
            g, f = e["gold"], e["found"]
            got = (
                "not found"
                if f is None
                else (
                    f"{f.get('name')} [{f.get('country')} {f.get('feature')}] {f.get('text')!r}"
                    + (f" {e['km']:.0f} km off" if e["km"] is not None else " (no coordinates)")
                )
            )
            sys.stdout.write(f"- {g.name!r} ({g.type}) -> {got} | …{e['context']}…\n")
    return 0
