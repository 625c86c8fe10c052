"""Trends for a dyad over time: counts by quad class and mean Goldstein per day, week or month,
and the spike test (latest window against its trailing baseline).

`bucket_series` is pure (rows in, windows out); `dyad_trend` reads the rows from the store.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from eventwatch.errors import E, EventwatchError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from eventwatch.store import Store

UNITS = ("day", "week", "month")
SD_FLOOR = 1.0
HISTORY_DAYS = 30  # events dated longer before the first report are history it recalls
MAX_WINDOWS = 5000  # a flat baseline still needs this many events of deviation per `sd`


@dataclass
class Window:
    """One time window of a trend: `period` is its first day (ISO), `count` all its events."""

    period: str
    count: int = 0
    quad: dict[str, int] = field(default_factory=lambda: {"1": 0, "2": 0, "3": 0, "4": 0})
    mean_goldstein: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Spike:
    period: str
    count: int
    baseline_mean: float
    baseline_sd: float
    threshold: float
    fired: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def window_start(day: date, by: str) -> date:
    """The first day of the day/week (Monday)/month window holding `day`."""
    if by == "day":
        return day
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    raise ValueError(f"unknown unit {by!r}")


def next_window(start: date, by: str) -> date:
    if by == "day":
        return start + timedelta(days=1)
    if by == "week":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def bucket_series(
    rows: Iterable[tuple[date, int | None, float | None]],
    by: str = "day",
    since: date | None = None,
    until: date | None = None,
    max_windows: int = MAX_WINDOWS,
) -> list[Window]:
    """Windows from `(day, quad_class, goldstein)` rows, with empty windows filled in.

    More than `max_windows` windows is an EventwatchError (E014) asking for a narrower span.
    """
    if by not in UNITS:
        raise ValueError(f"unknown unit {by!r}")
    buckets: dict[date, list[tuple[int | None, float | None]]] = {}
    for day, quad, gold in rows:
        if day is None:
            continue
        buckets.setdefault(window_start(day, by), []).append((quad, gold))
    if not buckets and (since is None or until is None):
        return []
    first = window_start(since, by) if since else min(buckets)
    last = window_start(until, by) if until else max(buckets)
    n = windows_between(first, last, by)
    if n > max_windows:
        raise EventwatchError(
            E.BAD_VALUE,
            what="trend",
            reason=f"{n} {by} windows from {first} to {last} "
            f"(at most {max_windows}): narrow --since/--until or use a larger --by",
        )
    out: list[Window] = []
    cur = first
    while cur <= last:
        items = buckets.get(cur, [])
        w = Window(period=cur.isoformat(), count=len(items))
        golds = [g for _, g in items if g is not None]
        for q, _ in items:
            if q in (1, 2, 3, 4):
                w.quad[str(q)] += 1
        w.mean_goldstein = round(sum(golds) / len(golds), 3) if golds else None
        out.append(w)
        try:
            cur = next_window(cur, by)
        except OverflowError:  # the window after the last one dates can hold
            break
    return out


def windows_between(first: date, last: date, by: str) -> int:
    """How many windows from `first` to `last` (both window starts), inclusive."""
    if last < first:
        return 0
    if by == "day":
        return (last - first).days + 1
    if by == "week":
        return (last - first).days // 7 + 1
    return (last.year - first.year) * 12 + last.month - first.month + 1


def spike(counts: list[int], baseline: int = 7, sd: float = 3.0, period: str = "") -> Spike | None:
    """Test the last count against the `baseline` counts before it.

    Fires when `latest > mean + sd * max(stdev, SD_FLOOR)`. None when there are not yet
    `baseline` earlier windows to compare with.
    """
    if len(counts) < baseline + 1:
        return None
    base = counts[-baseline - 1 : -1]
    latest = counts[-1]
    mean = sum(base) / len(base)
    stdev = math.sqrt(sum((c - mean) ** 2 for c in base) / len(base))
    threshold = mean + sd * max(stdev, SD_FLOOR)
    return Spike(
        period=period,
        count=latest,
        baseline_mean=round(mean, 3),
        baseline_sd=round(stdev, 3),
        threshold=round(threshold, 3),
        fired=latest > threshold,
    )


def dyad_rows(
    store: Store,
    a: str,
    b: str,
    since: date | None = None,
    until: date | None = None,
    directed: bool = False,
    factuality: Sequence[str] | None = None,
) -> list[tuple[date, int | None, float | None]]:
    """`(day, quad_class, goldstein)` of every stored event between countries a and b."""
    with store.session() as s:
        return dyad_rows_in(s, a, b, since, until, directed, factuality)


def _dyad(a: str, b: str, directed: bool, factuality: Sequence[str] | None) -> Any:
    """The SQL condition on EventRow: a source of country a and a target of b (or the other
    way round unless `directed`), with a factuality among `factuality` when given."""
    from sqlalchemy import and_, or_, select

    from eventwatch.store.schema import EventActorRow, EventRow

    def has(role: str, country: str) -> Any:
        # an IN over the actors of one country is read once (an index range), where a
        # correlated EXISTS would be run again for every stored event
        return EventRow.id.in_(
            select(EventActorRow.event_id).where(
                EventActorRow.country == country.upper(), EventActorRow.role == role
            )
        )

    pair = and_(has("source", a), has("target", b))
    if not directed:
        pair = or_(pair, and_(has("source", b), has("target", a)))
    if factuality:
        pair = and_(pair, EventRow.factuality.in_([f.lower() for f in factuality]))
    return pair


def dyad_rows_in(
    s: Session,
    a: str,
    b: str,
    since: date | None = None,
    until: date | None = None,
    directed: bool = False,
    factuality: Sequence[str] | None = None,
) -> list[tuple[date, int | None, float | None]]:
    """`dyad_rows` within an open session."""
    from sqlalchemy import select

    from eventwatch.store.schema import EventRow

    stmt = select(EventRow.day, EventRow.quad_class, EventRow.goldstein).where(
        _dyad(a, b, directed, factuality), EventRow.day.is_not(None)
    )
    if since:
        stmt = stmt.where(EventRow.day >= since)
    if until:
        stmt = stmt.where(EventRow.day <= until)
    return [(r[0], r[1], r[2]) for r in s.execute(stmt)]


def first_published(
    store: Store,
    a: str,
    b: str,
    directed: bool = False,
    factuality: Sequence[str] | None = None,
) -> date | None:
    """The earliest published date of the articles reporting an event of the dyad: where the
    news about it starts. Events dated before it are history the articles recall."""
    from sqlalchemy import func, select

    from eventwatch.store.schema import ArticleRow, EventRow

    stmt = (
        select(func.min(ArticleRow.published))
        .join(EventRow, EventRow.article_id == ArticleRow.id)
        .where(_dyad(a, b, directed, factuality))
    )
    with store.session() as s:
        return s.execute(stmt).scalar()


DEFAULT_FACTUALITY = ("realized",)  # what happened; planned and hypothetical did not (yet)


@dataclass
class Trend:
    """A dyad's windows over the span of its news, and what was left out to get there."""

    windows: list[Window]
    since: date | None  # the first day counted
    until: date | None
    factuality: tuple[str, ...]
    first_published: date | None = None  # the first article reporting the dyad
    history_left_out: int = 0  # events dated over HISTORY_DAYS before that article

    def spike(self, baseline: int = 7, sd: float = 3.0) -> Spike | None:
        last = self.windows[-1].period if self.windows else ""
        return spike([w.count for w in self.windows], baseline, sd, last)


def dyad_trend(
    store: Store,
    a: str,
    b: str,
    by: str = "day",
    since: date | None = None,
    until: date | None = None,
    directed: bool = False,
    factuality: Sequence[str] | None = DEFAULT_FACTUALITY,
) -> Trend:
    """Windows of counts by quad class and mean Goldstein for the dyad a-b (either order
    unless `directed`), of the events with a factuality in `factuality` (default realized;
    None: all). The windows span the data: from `since`, else from the first event dated at
    most HISTORY_DAYS before the first article reporting the dyad (older ones are history
    the articles recall), to `until`, else the last event. Counts are coded reports, so
    they measure attention as GDELT does. The CLI's `trend` and the API's /trends both ask here.
    """
    facts = tuple(f.lower() for f in factuality) if factuality else ()
    rows = dyad_rows(store, a, b, since, until, directed, facts or None)
    first = first_published(store, a, b, directed, facts or None) if since is None else None
    left_out = 0
    if since is None and first is not None and rows:
        cutoff = first - timedelta(days=HISTORY_DAYS)
        left_out = sum(1 for day, _, _ in rows if day < cutoff)
        rows = [r for r in rows if r[0] >= cutoff]
        if rows:
            since = min(day for day, _, _ in rows)
    windows = bucket_series(rows, by, since, until)
    return Trend(windows, since, until, facts, first, left_out)
