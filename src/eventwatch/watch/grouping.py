"""One real-world event, many reports: group stored events into clusters.

Two reports are the same real-world event when they share the dyad (the countries of source
and target, order-insensitive for symmetric types such as CONSULT), the event type and the
factuality, their days are within a window, and their places are compatible. The settings
live in data/watch/grouping.yaml. The first report founds the cluster (its id is the
cluster's id); every report keeps the cluster's GDELT-style counts on its event row:
NumMentions (reports), NumArticles (distinct articles), NumSources (distinct outlets).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from eventwatch import yamlfile
from eventwatch.errors import E, EventwatchError
from eventwatch.store.query import StoredEvent
from eventwatch.store.schema import ArticleRow, EventRow
from eventwatch.stories.assign import outlet_of
from eventwatch.stories.clusters import link as stories_link
from eventwatch.stories.instory import InStory
from eventwatch.watch.rules import haversine_km
from eventwatch.watch.schema import ClusterRow


@dataclass(frozen=True)
class GroupingSettings:
    window_days: int
    max_km: float
    symmetric_types: frozenset[str]


@lru_cache(maxsize=1)
def settings() -> GroupingSettings:
    """The grouping settings from data/watch/grouping.yaml, checked."""
    path = resources.files("eventwatch") / "data" / "watch" / "grouping.yaml"
    raw = yamlfile.safe_load(path.read_text(encoding="utf-8")) or {}
    try:
        out = GroupingSettings(
            window_days=int(raw["window_days"]),
            max_km=float(raw["max_km"]),
            symmetric_types=frozenset(str(t).upper() for t in raw.get("symmetric_types") or []),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise EventwatchError(
            E.BAD_VALUE, what=str(path), reason=f"bad grouping settings: {exc}"
        ) from exc
    if out.window_days < 0 or out.max_km <= 0:
        raise EventwatchError(E.BAD_VALUE, what=str(path), reason="window_days >= 0 and max_km > 0")
    return out


# the clusters table's dyad column holds 200 characters (PostgreSQL enforces it): two sides
# and a separator always fit
MAX_SIDE_CHARS = 96


def side_key(actors: list[dict[str, Any]]) -> str:
    """One side of a dyad: its countries (sorted, joined by +), else its actors' names."""
    countries = sorted({a["country"] for a in actors if a.get("country")})
    if countries:
        return "+".join(countries)
    names = sorted({(a.get("name") or a.get("text") or "").strip().lower() for a in actors})
    key = "+".join(n for n in names if n) or "?"
    if len(key) > MAX_SIDE_CHARS:  # a long unresolved phrase: keep it recognisable and short
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
        key = f"{key[: MAX_SIDE_CHARS - 11]}#{digest}"
    return key


def dyad_key(event: dict[str, Any]) -> str:
    """`SRC>TGT`, or `A~B` (sorted) for symmetric types."""
    src, tgt = side_key(event.get("source") or []), side_key(event.get("target") or [])
    if (event.get("event_type") or "").upper() in settings().symmetric_types:
        a, b = sorted((src, tgt))
        return f"{a}~{b}"
    return f"{src}>{tgt}"


def _places_compatible(c: ClusterRow, loc: dict[str, Any] | None, max_km: float) -> bool:
    """Places agree when either is unknown, when both are in the same country (a report
    often names the capital or the speaker's seat rather than the venue), or when both
    have coordinates within `max_km`."""
    loc = loc or {}
    both_coords = None not in (c.lat, c.lon, loc.get("lat"), loc.get("lon"))
    near = both_coords and haversine_km(c.lat, c.lon, loc["lat"], loc["lon"]) <= max_km
    if c.country and loc.get("country"):
        return c.country == loc["country"] or bool(near)
    if both_coords:
        return bool(near)
    return True


def assign(s: Session, stored: StoredEvent, search: InStory | None = None) -> ClusterRow:
    """Put a stored event into its cluster (found or founded) and refresh the counts.

    Idempotent: an event that already has a cluster keeps it (the counts are refreshed).
    `search`: the in-story search of the transaction (its reads shared by a step's events);
    one of its own when not given.
    """
    cfg = settings()
    ev = stored.event.to_dict()
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    row = s.get(EventRow, stored.id)
    if row is None:
        raise EventwatchError(E.NOT_FOUND, what="event", name=stored.id)
    cluster = s.get(ClusterRow, row.cluster_id) if row.cluster_id else None
    searched = in_story = False
    if cluster is None:  # inside the article's story first (eventwatch.stories.instory)
        searched = True
        search = search or InStory(s, [(ev["event_type"], ev["factuality"])])
        in_story, found = search.find(
            ev,
            stored.id,
            stored.article_id,
            stored.day,
            ev["event_type"] in cfg.symmetric_types,
            cfg.max_km,
        )
        cluster = s.get(ClusterRow, found) if found else None
        if cluster is None and not in_story:
            cluster = _find(s, ev, stored, cfg)
    founded = cluster is None
    if cluster is None:
        loc = ev.get("location") or {}
        cluster = ClusterRow(
            id=stored.id,
            dyad=dyad_key(ev),
            event_type=ev["event_type"],
            factuality=ev["factuality"],
            day=stored.day,
            lat=loc.get("lat"),
            lon=loc.get("lon"),
            country=loc.get("country"),
            first_event_id=stored.id,
            num_mentions=1,
            num_articles=1,
            num_sources=1,
            created_at=now,
            updated_at=now,
        )
        s.add(cluster)
    row.cluster_id = cluster.id
    if founded or not searched:  # a cluster found by the search needs no link: one found in
        # the story is linked to it, and one found by dyad is of an article without a story
        stories_link(s, cluster.id, stored.article_id, founded)
    if searched and in_story and search is not None:  # a cluster of the article's story now
        search.joined(stored.article_id, stored.id, cluster.id, ev, stored.day, row.created_at)
    if founded:  # its one report is this event: the counts are known without counting
        row.num_mentions = row.num_articles = row.num_sources = 1
    else:
        refresh_counts(s, cluster, now)
    return cluster


def _find(
    s: Session, ev: dict[str, Any], stored: StoredEvent, cfg: GroupingSettings
) -> ClusterRow | None:
    stmt = select(ClusterRow).where(
        ClusterRow.dyad == dyad_key(ev),
        ClusterRow.event_type == ev["event_type"],
        ClusterRow.factuality == ev["factuality"],
    )
    day = stored.day
    if day is not None:
        w = timedelta(days=cfg.window_days)
        stmt = stmt.where(ClusterRow.day >= day - w, ClusterRow.day <= day + w)
    else:
        stmt = stmt.where(ClusterRow.day.is_(None))
    best: ClusterRow | None = None
    for c in s.scalars(stmt.order_by(ClusterRow.created_at, ClusterRow.id)):
        if not _places_compatible(c, ev.get("location"), cfg.max_km):
            continue
        if best is None or (day and c.day and abs((c.day - day).days) < abs((best.day - day).days)):
            best = c
    return best


# built once, with a bound parameter: the reports of a cluster, recounted after each joins
_REPORTS = (
    select(EventRow.article_id, ArticleRow.source, ArticleRow.url)
    .join(ArticleRow, ArticleRow.id == EventRow.article_id)
    .where(EventRow.cluster_id == bindparam("cluster_id"))
)


def refresh_counts(s: Session, cluster: ClusterRow, now: datetime) -> None:
    """Recount a cluster's reports, articles and outlets; write them to every member event."""
    rows = s.execute(_REPORTS, {"cluster_id": cluster.id}).all()
    cluster.num_mentions = len(rows)
    cluster.num_articles = len({r.article_id for r in rows})
    cluster.num_sources = len({outlet_of(r.source, r.url, r.article_id) for r in rows})
    cluster.updated_at = now
    counts = {
        "num_mentions": cluster.num_mentions,
        "num_articles": cluster.num_articles,
        "num_sources": cluster.num_sources,
    }
    # the reports' rows: a Core statement built once (the ORM's UPDATE built and keyed one
    # each time, and flushed the cluster's new counts first), then the rows this session holds
    # of those reports take the new counts as stored, as the ORM's synchronisation did (the
    # read above flushed every change to whose cluster an event is in)
    s.connection().execute(_SET_COUNTS, {"cluster": cluster.id, **counts})
    for obj in list(s.identity_map.values()):
        if isinstance(obj, EventRow) and obj.cluster_id == cluster.id:
            for key, value in counts.items():
                set_committed_value(obj, key, value)


_EVENTS = cast(Table, EventRow.__table__)
_SET_COUNTS = (
    update(_EVENTS)
    .where(_EVENTS.c.cluster_id == bindparam("cluster"))
    .values(
        num_mentions=bindparam("num_mentions"),
        num_articles=bindparam("num_articles"),
        num_sources=bindparam("num_sources"),
    )
)
