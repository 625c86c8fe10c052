"""The watch engine: every newly stored event is grouped into its real-world event and tested
against the rules; the first report of a real-world event fires one alert per matching rule,
later reports join that alert as sources. Notifications go to the outbox in the same
transaction, and the outbox worker (if any) is woken after the commit.

Use it as ingest's `on_stored` hook: `ingest(inputs, store, on_stored=[Watcher(store)])`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from eventwatch.records import Article
from eventwatch.store import Store
from eventwatch.store.query import StoredEvent
from eventwatch.stories.instory import InStory
from eventwatch.watch import grouping, outbox, pending, trends
from eventwatch.watch.rules import Rule
from eventwatch.watch.rulestore import enabled_rules
from eventwatch.watch.schema import AlertRow, AlertSourceRow, ClusterRow

log = logging.getLogger(__name__)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


@dataclass
class Outcome:
    """What evaluating some events did: alerts fired, sources added to earlier alerts."""

    fired: list[int] = field(default_factory=list)  # alert ids
    joined: list[int] = field(default_factory=list)  # alert ids that gained a source
    clusters: dict[str, str] = field(default_factory=dict)  # event id -> cluster id

    def extend(self, other: Outcome) -> None:
        self.fired += other.fired
        self.joined += other.joined
        self.clusters.update(other.clusters)


def evidence_of(stored: StoredEvent) -> dict[str, Any]:
    ev = stored.event
    return {
        "event_id": ev.id,
        "article_id": stored.article_id,
        "title": stored.article_title,
        "url": stored.article_url,
        "source": stored.article_source,
        "published": stored.published.isoformat() if stored.published else None,
        "sentence": ev.evidence.sentence,
        "start": ev.evidence.start,
        "end": ev.evidence.end,
        "trigger": ev.evidence.trigger,
    }


def summary_of(event: dict[str, Any], day: Any) -> str:
    def side(actors: list[dict[str, Any]]) -> str:
        names = [a.get("name") or a.get("text") or "?" for a in actors]
        countries = sorted({a["country"] for a in actors if a.get("country")})
        label = ", ".join(names) or "?"
        return f"{label} ({'+'.join(countries)})" if countries else label

    when = f" on {day.isoformat()}" if day else ""
    return (
        f"{side(event.get('source') or [])} -> {side(event.get('target') or [])}: "
        f"{event.get('event_type')} ({event.get('factuality')}){when}"
    )


class Watcher:
    """The `on_stored` hook. Rules are read from the database on every call, so a rule added
    while a poller runs applies to the next article."""

    def __init__(self, store: Store, worker: outbox.OutboxWorker | None = None) -> None:
        self.store = store
        self.worker = worker

    def __call__(self, store: Store, article: Article, stored_event_ids: Iterable[str]) -> Outcome:
        return self.evaluate(stored_event_ids, store)

    def evaluate(self, event_ids: Iterable[str], store: Store | None = None) -> Outcome:
        """Group and test events (one article's, typically) in one transaction.

        An alert fired here carries the evidence of every report of its real-world event in
        this batch (an article often names the same event twice); its notifications are
        queued in the same transaction, so an alert is never stored without them.
        """
        store = store or self.store
        out = Outcome()
        wanted = list(event_ids)
        if not wanted:  # nothing to group or test (an article with no event)
            return out
        with store.session() as s:
            # the events, read in this transaction with their rows: grouping's `get`s find
            # the rows in the session while `rows` holds them
            batch, rows = store.events_in(s, wanted)
            for eid in sorted(set(wanted) - {b.id for b in batch}):
                log.warning("event %s vanished before it was watched", eid)
            if not batch:
                return out
            rules = enabled_rules(s)
            fresh: dict[int, tuple[Rule, list[dict[str, Any]]]] = {}
            # the in-story cluster search reads each story's clusters once for the batch
            search = InStory(s, {(b.event.event_type, b.event.factuality) for b in batch})
            for stored in batch:
                out.extend(self._one(s, stored, rules, fresh, search))
            for alert_id, (rule, evidence) in fresh.items():
                self._queue(s, alert_id, rule, evidence)
            # the watch step of these articles is done, in the same transaction
            pending.clear(s, sorted({b.article_id for b in batch}))
        if out.fired and self.worker is not None:
            self.worker.wake()
        return out

    def _one(
        self,
        s: Session,
        stored: StoredEvent,
        rules: list[Rule],
        fresh: dict[int, tuple[Rule, list[dict[str, Any]]]],
        search: InStory | None = None,
    ) -> Outcome:
        out = Outcome()
        ev = stored.event.to_dict()
        cluster = grouping.assign(s, stored, search)
        out.clusters[stored.id] = cluster.id
        matching = [r for r in rules if r.matches(ev)]
        for rule in (r for r in matching if r.spike is not None):
            fired = self._spike(s, rule, stored, ev)
            if fired is not None:
                out.fired.append(fired)
        plain = [r for r in matching if r.spike is None]
        if not plain:
            return out
        # one query for this cluster's alerts and one for this report's sources, one flush
        existing = {
            a.rule_id: a for a in s.scalars(select(AlertRow).where(AlertRow.key == cluster.id))
        }
        joined_before = set(
            s.scalars(select(AlertSourceRow.alert_id).where(AlertSourceRow.event_id == stored.id))
        )
        now = _now()
        new_alerts: list[tuple[Rule, AlertRow]] = []
        for rule in plain:
            alert = existing.get(rule.id)
            if alert is None:
                alert = self._new_alert(rule, cluster, stored, ev, now)
                s.add(alert)
                new_alerts.append((rule, alert))
            elif alert.id not in joined_before:
                s.add(self._source(alert.id, stored, now))
                alert.num_sources, alert.updated_at = cluster.num_sources, now
                if alert.id in fresh:
                    fresh[alert.id][1].append(evidence_of(stored))
                out.joined.append(alert.id)
        if new_alerts:
            s.flush()  # the new alerts' ids
            for rule, alert in new_alerts:
                s.add(self._source(alert.id, stored, now))
                fresh[alert.id] = (rule, [evidence_of(stored)])
                out.fired.append(alert.id)
        return out

    @staticmethod
    def _new_alert(
        rule: Rule, cluster: ClusterRow, stored: StoredEvent, ev: dict[str, Any], now: datetime
    ) -> AlertRow:
        payload = {
            "kind": "event",
            "rule": rule.name,
            "rule_id": rule.id,
            "cluster_id": cluster.id,
            "summary": summary_of(ev, stored.day),
            "fired_at": now.isoformat(),
            "event": stored.to_dict(),
        }
        return AlertRow(
            rule_id=rule.id,
            key=cluster.id,
            kind="event",
            cluster_id=cluster.id,
            event_id=stored.id,
            payload=payload,
            num_sources=cluster.num_sources,
            fired_at=now,
            updated_at=now,
        )

    @staticmethod
    def _source(alert_id: int, stored: StoredEvent, now: datetime) -> AlertSourceRow:
        return AlertSourceRow(
            alert_id=alert_id,
            event_id=stored.id,
            article_id=stored.article_id,
            source=stored.article_source,
            url=stored.article_url,
            sentence=stored.event.evidence.sentence,
            added_at=now,
        )

    @staticmethod
    def _queue(s: Session, alert_id: int, rule: Rule, evidence: list[dict[str, Any]]) -> None:
        """The final payload of an alert fired in this batch, into the outbox."""
        alert = s.get(AlertRow, alert_id)
        cluster = s.get(ClusterRow, alert.cluster_id) if alert.cluster_id else None
        payload = dict(alert.payload, alert_id=alert_id, evidence=evidence)
        if cluster is not None:
            counts = {
                "num_mentions": cluster.num_mentions,
                "num_sources": cluster.num_sources,
                "num_articles": cluster.num_articles,
            }
            payload.update(counts)
            payload["event"] = dict(payload["event"], cluster_id=cluster.id, **counts)
        alert.payload = payload
        outbox.enqueue(s, alert_id, rule.notifiers, payload)

    def _spike(self, s: Session, rule: Rule, stored: StoredEvent, ev: dict[str, Any]) -> int | None:
        """Fire once per window in which the event's dyad spikes above its baseline."""
        spec = rule.spike
        assert spec is not None
        a = next((x["country"] for x in ev.get("source") or [] if x.get("country")), None)
        b = next((x["country"] for x in ev.get("target") or [] if x.get("country")), None)
        day = stored.day
        if not (a and b and day):
            return None
        first = trends.window_start(day, spec.by)
        try:
            for _ in range(spec.baseline):
                first = trends.window_start(first - timedelta(days=1), spec.by)
        except OverflowError:  # a day too close to year 1 has no baseline
            return None
        s.flush()
        rows = trends.dyad_rows_in(s, a, b, since=first, until=day)
        windows = trends.bucket_series(rows, spec.by, since=first, until=day)
        result = trends.spike(
            [w.count for w in windows], spec.baseline, spec.sd, windows[-1].period
        )
        if result is None or not result.fired:
            return None
        pair = "~".join(sorted((a, b)))
        key = f"spike:{pair}:{spec.by}:{result.period}"
        if (
            s.scalar(select(AlertRow.id).where(AlertRow.rule_id == rule.id, AlertRow.key == key))
            is not None
        ):
            return None
        now = _now()
        payload = {
            "kind": "spike",
            "rule": rule.name,
            "rule_id": rule.id,
            "cluster_id": None,
            "summary": f"{pair}: {result.count} events in the {spec.by} of {result.period}, "
            f"over the threshold {result.threshold} (baseline mean {result.baseline_mean})",
            "fired_at": now.isoformat(),
            "spike": result.to_dict(),
            "evidence": [evidence_of(stored)],
        }
        alert = AlertRow(
            rule_id=rule.id,
            key=key,
            kind="spike",
            cluster_id=None,
            event_id=stored.id,
            payload=payload,
            num_sources=1,
            fired_at=now,
            updated_at=now,
        )
        s.add(alert)
        s.flush()
        alert.payload = dict(payload, alert_id=alert.id)
        outbox.enqueue(s, alert.id, rule.notifiers, alert.payload)
        return alert.id


def would_fire(store: Store, rule: Rule, limit: int | None = None) -> list[StoredEvent]:
    """Stored events that `rule` matches (what would have fired), in storage order. Events
    sharing a `cluster_id` are one real-world event: only the first would have alerted."""
    hits: list[StoredEvent] = []
    for stored in store.iter_events():
        if rule.matches(stored.event.to_dict()):
            hits.append(stored)
            if limit is not None and len(hits) >= limit:
                break
    return hits


def catch_up(store: Store, watcher: Watcher | None = None, limit: int | None = None) -> Outcome:
    """Watch stored events that never were (no cluster yet: stored with --no-watch, or by a
    process that stopped between an article's commit and its hook), article by article, in
    storage order. Events already watched are not touched, so this never re-fires."""
    from eventwatch.store.query import event_order
    from eventwatch.store.schema import ArticleRow, EventRow

    watcher = watcher or Watcher(store)
    stmt = (
        select(EventRow.article_id, EventRow.id)
        .join(ArticleRow, ArticleRow.id == EventRow.article_id)
        .where(EventRow.cluster_id.is_(None))
        .order_by(*event_order())
    )
    with store.session() as s:
        rows = list(s.execute(stmt.limit(limit)).tuples())
    by_article: dict[str, list[str]] = {}
    for article_id, event_id in rows:
        by_article.setdefault(article_id, []).append(event_id)
    out = Outcome()
    for ids in by_article.values():
        out.extend(watcher.evaluate(ids, store))
    return out


def finish_pending(store: Store, watcher: Watcher | None = None) -> Outcome:
    """Run the watch step for every article a crash left pending; returns what it did."""
    watcher = watcher or Watcher(store)
    out = Outcome()
    for article_id in pending.pending_articles(store):
        ids = store.event_ids(article_id)
        if ids:
            out.extend(watcher.evaluate(ids, store))
        else:  # the article is gone: nothing to watch
            pending.clear(store, [article_id])
    if out.clusters:
        log.info("finished the watch step of %d events a stopped run left", len(out.clusters))
    return out
