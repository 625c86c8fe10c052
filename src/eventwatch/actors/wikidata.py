"""Import people and organisations from a Wikidata JSON dump the user already has.

The dump is Wikidata's own format (`latest-all.json[.gz|.bz2]`: a JSON array with one entity
per line), a JSON Lines file of entities, or a plain JSON array; a subset cut from the full
dump is the expected use. Nothing is downloaded.

What is read:
- people: items with P31 (instance of) = Q5 (human): English label and aliases, P21 (sex),
  P27 (citizenship; the current one preferred) and P39 (position held) with its P580 (start)
  and P582 (end) qualifiers;
- organisations: items with P17 (country) whose P31 class is an organisation kind (party,
  agency, armed group, news agency, company, NGO, IGO ...);
- countries and positions are named by the labels of their items in the same dump; a country
  item's P298 (ISO alpha-3) gives its code, else its label is looked up in the knowledge base.

The result is an additions mapping (`people`, `organisations`) in the user-file format; ids
are `wd:Q...`. Sectors of positions come from the sector lexicon (`role_sectors`).
"""

from __future__ import annotations

import bz2
import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from eventwatch.actors.loader import get_kb
from eventwatch.actors.sectors import lexicon
from eventwatch.actors.text import norm
from eventwatch.errors import E, EventwatchError

HUMAN = "Q5"
MALE, FEMALE = "Q6581097", "Q6581072"
# organisation classes (P31 targets) and the sector they imply
ORG_CLASSES = {
    "Q7278": "PTY",  # political party
    "Q7210356": "PTY",  # political organisation
    "Q327333": "GOV",  # government agency
    "Q2659904": "GOV",  # government organisation
    "Q17149090": "REB",  # armed organisation
    "Q45295908": "REB",  # militant group
    "Q484652": "IGO",  # international organisation
    "Q245065": "IGO",  # intergovernmental organisation
    "Q192283": "MED",  # news agency
    "Q11032": "MED",  # newspaper
    "Q1331793": "MED",  # media company
    "Q783794": "BUS",  # company
    "Q4830453": "BUS",  # business
    "Q6881511": "BUS",  # enterprise
    "Q163740": "NGO",  # non-profit organisation
    "Q79913": "NGO",  # non-governmental organisation
    "Q3918": "EDU",  # university
    "Q43229": None,  # organisation: sector from the label of its other classes, if any
}


def _open(path: Path) -> TextIO:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    if path.suffix == ".bz2":
        return bz2.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def entities(path: Path) -> Iterator[dict[str, Any]]:
    """Every entity of a dump, streamed line by line (a whole-file array as a fallback)."""
    try:
        with _open(path) as fh:
            for n, line in enumerate(fh, start=1):
                line = line.strip().rstrip(",")
                if not line or line in ("[", "]"):
                    continue
                try:
                    item = json.loads(line)
                except json.JSONDecodeError:
                    if n <= 2:
                        yield from _whole(path)
                        return
                    raise EventwatchError(
                        E.RECORD_INVALID, name=f"{path}:{n}", reason="not a JSON entity"
                    ) from None
                if isinstance(item, dict):
                    yield item
    except OSError as exc:
        raise EventwatchError(
            E.INPUT_UNREADABLE, name=str(path), reason=exc.strerror or str(exc)
        ) from exc


def _whole(path: Path) -> Iterator[dict[str, Any]]:
    with _open(path) as fh:
        try:
            data = json.load(fh)
        except json.JSONDecodeError as exc:
            raise EventwatchError(
                E.RECORD_INVALID, name=str(path), reason=f"not a Wikidata JSON dump ({exc.msg})"
            ) from exc
    items = (
        data
        if isinstance(data, list)
        else (data.get("entities") or {}).values()
        if isinstance(data, dict)
        else []
    )
    for item in items:
        if isinstance(item, dict):
            yield item


def _label(item: dict[str, Any]) -> str | None:
    return ((item.get("labels") or {}).get("en") or {}).get("value")


def _aliases(item: dict[str, Any]) -> list[str]:
    return [a.get("value") for a in (item.get("aliases") or {}).get("en") or [] if a.get("value")]


def _claims(item: dict[str, Any], prop: str) -> list[dict[str, Any]]:
    return [c for c in (item.get("claims") or {}).get(prop) or [] if c.get("rank") != "deprecated"]


def _value(snak: dict[str, Any] | None) -> Any:
    return ((snak or {}).get("datavalue") or {}).get("value")


def _item_id(claim: dict[str, Any]) -> str | None:
    v = _value(claim.get("mainsnak"))
    return v.get("id") if isinstance(v, dict) else None


def _time(claim: dict[str, Any], prop: str) -> str | None:
    """A qualifier's time at its precision: "2012", "2012-05" or "2012-05-07"."""
    for q in (claim.get("qualifiers") or {}).get(prop) or []:
        v = _value(q)
        if not isinstance(v, dict) or not v.get("time"):
            continue
        t = v["time"].lstrip("+")
        year, month, day = t[:4], t[5:7], t[8:10]
        precision = int(v.get("precision", 11))
        if precision <= 9 or month == "00":
            return year
        if precision == 10 or day == "00":
            return f"{year}-{month}"
        return f"{year}-{month}-{day}"
    return None


def read_dump(path: Path) -> tuple[dict[str, list[dict[str, Any]]], dict[str, int]]:
    """The people and organisations of a dump as user-file additions, and counts
    (`people`, `organisations`, `skipped`)."""
    humans: list[dict[str, Any]] = []
    orgs: list[dict[str, Any]] = []
    labels: dict[str, str] = {}
    iso3: dict[str, str] = {}
    for item in entities(path):
        qid = item.get("id")
        if not qid:
            continue
        label = _label(item)
        if label:
            labels[qid] = label
        for c in _claims(item, "P298"):
            code = _value(c.get("mainsnak"))
            if isinstance(code, str) and len(code) == 3:
                iso3[qid] = code.upper()
        classes = [_item_id(c) for c in _claims(item, "P31")]
        if HUMAN in classes:
            humans.append(item)
        elif _claims(item, "P17") and any(k in ORG_CLASSES for k in classes):
            orgs.append(item)
    kb, lx = get_kb(), lexicon()

    def country_of(qid: str | None) -> str | None:
        if qid is None:
            return None
        if qid in iso3 and iso3[qid] in kb.countries:
            return iso3[qid]
        hits = [
            e
            for e in kb.lookup(labels.get(qid, ""))
            if e.type == "country" and e.how in ("name", "alias")
        ]
        return hits[0].id if hits else None

    people: list[dict[str, Any]] = []
    skipped = 0
    for item in humans:
        name = _label(item)
        if not name:
            skipped += 1
            continue
        cit = _claims(item, "P27")
        current = [c for c in cit if not (c.get("qualifiers") or {}).get("P582")] or cit
        country = next((country_of(_item_id(c)) for c in current if country_of(_item_id(c))), None)
        sex = next((_item_id(c) for c in _claims(item, "P21")), None)
        roles = []
        for c in _claims(item, "P39"):
            pos = _item_id(c)
            if pos is None:
                continue
            title = labels.get(pos, pos)
            roles.append(
                {
                    "role": title[:1].upper() + title[1:],
                    "start": _time(c, "P580"),
                    "end": _time(c, "P582"),
                    "sector": lx.role_sector(title),
                }
            )
        people.append(
            {
                "id": f"wd:{item['id']}",
                "name": name,
                "country": country,
                "gender": "m" if sex == MALE else "f" if sex == FEMALE else None,
                "aliases": _aliases(item),
                "roles": roles,
            }
        )
    organisations: list[dict[str, Any]] = []
    for item in orgs:
        name = _label(item)
        classes = [_item_id(c) for c in _claims(item, "P31")]
        sector = next((ORG_CLASSES[k] for k in classes if ORG_CLASSES.get(k)), None)
        if sector is None:
            for k in classes:
                term = lx.term(norm(labels.get(k or "", "")))
                if term is not None:
                    sector = term.sector
                    break
        country = next((country_of(_item_id(c)) for c in _claims(item, "P17")), None)
        if not name or sector is None:
            skipped += 1
            continue
        organisations.append(
            {
                "id": f"wd:{item['id']}",
                "name": name,
                "country": country,
                "sector": sector,
                "aliases": _aliases(item),
            }
        )
    counts = {"people": len(people), "organisations": len(organisations), "skipped": skipped}
    return {"people": people, "organisations": organisations}, counts
