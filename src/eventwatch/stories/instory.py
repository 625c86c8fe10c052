"""The in-story cluster search of one watch step, with its reads batched.

    search = InStory(s, wanted={(event_type, factuality), ...})
    in_story, cluster_id = search.find(ev, event_id, article_id, day, symmetric, max_km)
    search.joined(article_id, event_id, cluster_id, ev, day, created_at)  # after grouping it

`find` answers what `clusters.find_in_story` answered with one query per event (the events of
the article's story already in a cluster, of the event's type and factuality, other than the
event, first 200 by creation; then their source and target actors): the first time a story is
asked, the rows of every (type, factuality) in `wanted` are read in one query (the first 201 of
each: one may be the event itself), and each event's actors once. Each event of the step that
joins or founds a cluster of the story is added to that view with `joined`, so an event sees the
clusters the step's earlier events founded, as the per-event query did once they were flushed.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from eventwatch.store.schema import EventActorRow, EventRow, PlaceRow
from eventwatch.stories.clusters import actors_compatible, days_agree, places_agree, story_of_event
from eventwatch.stories.schema import StoryClusterRow

LIMIT = 200  # clustered events of the story compared with each new one, oldest first


class Member(NamedTuple):
    """An event of the story in a cluster: what the search reads of it."""

    created_at: datetime
    id: str
    cluster_id: str
    day: date | None
    country: str | None
    lat: float | None
    lon: float | None


def _members() -> Any:
    """The first LIMIT + 1 clustered events of a story for each (type, factuality) asked,
    oldest first (bound parameters: story, types, facts)."""
    order = (EventRow.created_at, EventRow.id)
    rank = func.row_number().over(
        partition_by=(EventRow.event_type, EventRow.factuality), order_by=order
    )
    inner = (
        select(
            EventRow.event_type,
            EventRow.factuality,
            EventRow.created_at,
            EventRow.id,
            EventRow.cluster_id,
            EventRow.day,
            PlaceRow.country,
            PlaceRow.lat,
            PlaceRow.lon,
            rank.label("rank"),
        )
        .join(StoryClusterRow, StoryClusterRow.cluster_id == EventRow.cluster_id)
        .outerjoin(PlaceRow, PlaceRow.id == EventRow.place_id)
        .where(
            StoryClusterRow.story_id == bindparam("story"),
            EventRow.event_type.in_(bindparam("types", expanding=True)),
            EventRow.factuality.in_(bindparam("facts", expanding=True)),
        )
        .subquery()
    )
    return (
        select(inner)
        .where(inner.c.rank <= LIMIT + 1)
        .order_by(inner.c.created_at, inner.c.id)
    )


# built once (bound parameters)
_MEMBERS = _members()
_SIDES = select(
    EventActorRow.event_id, EventActorRow.role, EventActorRow.country, EventActorRow.name,
    EventActorRow.text,
).where(
    EventActorRow.event_id.in_(bindparam("ids", expanding=True)),
    EventActorRow.role.in_(("source", "target")),
)


class InStory:
    """The search for one transaction (the watch step merges and splits no story)."""

    def __init__(self, s: Session, wanted: Iterable[tuple[str, str]] = ()) -> None:
        self.s = s
        self.wanted = set(wanted)
        # (story, type, factuality) -> its clustered events, in (created_at, id) order
        self._views: dict[tuple[str, str, str], list[Member]] = {}
        self._loaded: dict[str, set[tuple[str, str]]] = {}  # story -> pairs read
        self._sides: dict[str, dict[str, list[Any]]] = {}  # event id -> source, target actors

    def _view(self, story: str, etype: str, fact: str) -> list[Member]:
        done = self._loaded.setdefault(story, set())
        if (etype, fact) not in done:
            todo = sorted((self.wanted | {(etype, fact)}) - done)
            for t, f in todo:
                self._views[(story, t, f)] = []
            args = {
                "story": story,
                "types": sorted({t for t, _ in todo}),
                "facts": sorted({f for _, f in todo}),
            }
            for r in self.s.execute(_MEMBERS, args):
                view = self._views.get((story, r.event_type, r.factuality))
                if view is not None:  # a type and factuality asked, not their cross
                    view.append(Member(r.created_at, r.id, r.cluster_id, r.day, r.country,
                                       r.lat, r.lon))
            done.update(todo)
        return self._views[(story, etype, fact)]

    def _actors(self, ids: list[str]) -> dict[str, dict[str, list[Any]]]:
        missing = [i for i in ids if i not in self._sides]
        if missing:
            for i in missing:
                self._sides[i] = {"source": [], "target": []}
            for a in self.s.execute(_SIDES, {"ids": missing}):
                self._sides[a.event_id][a.role].append(a)
        return self._sides

    def find(
        self,
        ev: dict[str, Any],
        event_id: str,
        article_id: str,
        day: date | None,
        symmetric: bool,
        max_km: float,
    ) -> tuple[bool, str | None]:
        """(whether the event's article has a story, the id of the cluster it joins or None)."""
        story = story_of_event(self.s, article_id)
        if story is None:
            return False, None
        etype, fact = ev.get("event_type"), ev.get("factuality")
        if etype is None or fact is None:  # equal to no stored value in SQL
            return True, None
        view = self._view(story, etype, fact)
        loc = ev.get("location") or {}
        rows = [m for m in view if m.id != event_id][:LIMIT]
        rows = [
            m
            for m in rows
            if days_agree(day, m.day) and places_agree(loc, m.country, m.lat, m.lon, max_km)
        ]
        if not rows:
            return True, None
        sides = self._actors([m.id for m in rows])
        for m in rows:
            if actors_compatible(ev, sides[m.id], symmetric):
                return True, m.cluster_id
        return True, None

    def joined(
        self,
        article_id: str,
        event_id: str,
        cluster_id: str,
        ev: dict[str, Any],
        day: date | None,
        created_at: datetime,
    ) -> None:
        """The event now belongs to `cluster_id`, a cluster of its article's story (found in
        it, or founded and linked to it): later searches of the story see it."""
        story = story_of_event(self.s, article_id)
        if story is None:
            return
        view = self._views.get((story, str(ev.get("event_type")), str(ev.get("factuality"))))
        if view is None:  # not read yet: the query will find it (flushed by then)
            return
        view[:] = [m for m in view if m.id != event_id]  # its cluster, if it had one, changed
        loc = ev.get("location") or {}
        insort(view, Member(created_at, event_id, cluster_id, day, loc.get("country"),
                            loc.get("lat"), loc.get("lon")))
