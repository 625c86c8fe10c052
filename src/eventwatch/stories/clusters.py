"""Event clusters inside stories: reports of one event in the articles of one story.

Two events of one story are one real-world event when they share the type and factuality,
their days (where both are known) are within `DAY_SLACK` days, and their actors are
compatible side by side (either way round for symmetric types). Sides are compatible when
one of them is empty or has no country (one report names the country, another only "police"
or a person), when they share a country, or when they share a name; two sides that both
have countries and share none are not. The watch engine's grouping asks here first and
falls back to its own dyad match only for events of articles without a story: the search
itself is `eventwatch.stories.instory.InStory`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from eventwatch.stories.assign import current, story_of, tx_memo
from eventwatch.stories.schema import StoryClusterRow
from eventwatch.watch.rules import haversine_km

DAY_SLACK = 1


def _side(actors: Iterable[Any]) -> tuple[set[str], set[str]]:
    countries: set[str] = set()
    names: set[str] = set()
    for a in actors:
        get = a.get if isinstance(a, dict) else (lambda k, a=a: getattr(a, k, None))
        if get("country"):
            countries.add(str(get("country")))
        for label in (get("name"), get("text")):
            if label:
                names.add(str(label).strip().lower())
                names.update(w for w in str(label).lower().split() if len(w) > 3)
    return countries, names


def sides_compatible(a: Iterable[Any], b: Iterable[Any]) -> bool:
    (ca, na), (cb, nb) = _side(a), _side(b)
    if not (ca or na) or not (cb or nb):
        return True
    if ca and cb:
        return bool(ca & cb)
    if not ca or not cb:
        return True  # one side names no country: a person, "police", "protesters"
    return bool(na & nb)


def actors_compatible(ev: dict[str, Any], other: dict[str, list[Any]], symmetric: bool) -> bool:
    src, tgt = ev.get("source") or [], ev.get("target") or []
    straight = sides_compatible(src, other["source"]) and sides_compatible(tgt, other["target"])
    if straight or not symmetric:
        return straight
    return sides_compatible(src, other["target"]) and sides_compatible(tgt, other["source"])


def days_agree(a: date | None, b: date | None) -> bool:
    return a is None or b is None or abs((a - b).days) <= DAY_SLACK


def places_agree(
    loc: dict[str, Any], country: str | None, lat: float | None, lon: float | None, max_km: float
) -> bool:
    """Unknown places agree; known ones when in one country or within `max_km`."""
    both = None not in (lat, lon, loc.get("lat"), loc.get("lon"))
    near = both and haversine_km(lat, lon, loc["lat"], loc["lon"]) <= max_km
    if country and loc.get("country"):
        return country == loc["country"] or bool(near)
    return bool(near) if both else True


_CURRENT = "eventwatch.stories.clusters.current"  # in Session.info: article id -> story


def story_of_event(s: Session, article_id: str) -> str | None:
    """The story an event's article is in now. Asked for each event twice (to find its
    cluster, to link a new one); the watch step merges no story, so the answer is kept for
    the transaction (`tx_memo`, as `story_of` keeps its own)."""
    seen = tx_memo(s, _CURRENT)
    got: str | None = seen.get(article_id)
    if got is None:
        sid = story_of(s, article_id)
        got = current(s, sid) if sid else None
        if got is not None:
            seen[article_id] = got
    return got


def link(s: Session, cluster_id: str, article_id: str, founded: bool = False) -> None:
    """Record the story of a cluster (its first report's article's story). `founded`: the
    cluster was created in this transaction, so it has no story yet (clusters are never
    deleted, and a cluster's story is recorded only once it exists): nothing to look up."""
    if not founded and s.get(StoryClusterRow, cluster_id) is not None:
        return
    story = story_of_event(s, article_id)
    if story is not None:
        s.add(StoryClusterRow(cluster_id=cluster_id, story_id=story))
