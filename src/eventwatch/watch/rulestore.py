"""Rules and alerts in the database: create, read, update, delete rules; list alerts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eventwatch.errors import E, EventwatchError
from eventwatch.store import Store
from eventwatch.watch.rules import Rule
from eventwatch.watch.schema import AlertRow, AlertSourceRow, RuleRow


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def rule_from_row(row: RuleRow) -> Rule:
    return Rule.from_dict(
        {
            "id": row.id,
            "name": row.name,
            "enabled": row.enabled,
            "conditions": row.conditions,
            "notifiers": row.notifiers,
        }
    )


def add_rule(store: Store, rule: Rule) -> Rule:
    """Store a new rule; a rule of the same name is an error."""
    now = _now()
    with store.session() as s:
        if s.scalar(select(RuleRow.id).where(RuleRow.name == rule.name)) is not None:
            raise EventwatchError(E.RULE_EXISTS, name=rule.name)
        row = RuleRow(
            name=rule.name,
            enabled=rule.enabled,
            conditions=rule.conditions(),
            notifiers=list(rule.notifiers),
            created_at=now,
            updated_at=now,
        )
        s.add(row)
        s.flush()
        return rule_from_row(row)


def _find(s: Session, ref: str | int) -> RuleRow:
    row = None
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        row = s.get(RuleRow, int(ref))
    if row is None and isinstance(ref, str):
        row = s.scalars(select(RuleRow).where(RuleRow.name == ref)).first()
    if row is None:
        raise EventwatchError(E.NOT_FOUND, what="rule", name=str(ref))
    return row


def get_rule(store: Store, ref: str | int) -> Rule:
    """A rule by id or name; EventwatchError(E013) when there is none."""
    with store.session() as s:
        return rule_from_row(_find(s, ref))


def enabled_rules(s: Session) -> list[Rule]:
    """The enabled rules, read in the caller's transaction (the watch step's)."""
    stmt = select(RuleRow).where(RuleRow.enabled.is_(True)).order_by(RuleRow.id)
    return [rule_from_row(r) for r in s.scalars(stmt)]


def list_rules(
    store: Store, enabled_only: bool = False, limit: int | None = None, offset: int = 0
) -> list[Rule]:
    stmt = select(RuleRow).order_by(RuleRow.id)
    if enabled_only:
        stmt = stmt.where(RuleRow.enabled.is_(True))
    with store.session() as s:
        return [rule_from_row(r) for r in s.scalars(stmt.offset(offset).limit(limit))]


def count_rules(store: Store) -> int:
    with store.session() as s:
        return int(s.scalar(select(func.count()).select_from(RuleRow)) or 0)


def update_rule(store: Store, ref: str | int, rule: Rule) -> Rule:
    """Replace a rule's name, conditions, notifiers and enabled flag (its alerts stay)."""
    with store.session() as s:
        row = _find(s, ref)
        clash = s.scalar(select(RuleRow.id).where(RuleRow.name == rule.name, RuleRow.id != row.id))
        if clash is not None:
            raise EventwatchError(E.RULE_EXISTS, name=rule.name)
        row.name, row.enabled = rule.name, rule.enabled
        row.conditions, row.notifiers = rule.conditions(), list(rule.notifiers)
        row.updated_at = _now()
        s.flush()
        return rule_from_row(row)


def remove_rule(store: Store, ref: str | int) -> Rule:
    """Delete a rule and its alerts; returns what was deleted."""
    with store.session() as s:
        row = _find(s, ref)
        rule = rule_from_row(row)
        alert_ids = select(AlertRow.id).where(AlertRow.rule_id == row.id)
        s.query(AlertSourceRow).filter(AlertSourceRow.alert_id.in_(alert_ids)).delete(
            synchronize_session=False
        )
        s.query(AlertRow).filter(AlertRow.rule_id == row.id).delete(synchronize_session=False)
        s.delete(row)
        return rule


def alert_dict(a: AlertRow, sources: list[AlertSourceRow], rule_name: str) -> dict[str, Any]:
    return {
        "id": a.id,
        "rule_id": a.rule_id,
        "rule": rule_name,
        "kind": a.kind,
        "cluster_id": a.cluster_id,
        "event_id": a.event_id,
        "num_sources": a.num_sources,
        "fired_at": a.fired_at.isoformat(timespec="seconds"),
        "updated_at": a.updated_at.isoformat(timespec="seconds"),
        "summary": (a.payload or {}).get("summary", ""),
        "sources": [
            {
                "event_id": x.event_id,
                "article_id": x.article_id,
                "source": x.source,
                "url": x.url,
                "sentence": x.sentence,
                "added_at": x.added_at.isoformat(timespec="seconds"),
            }
            for x in sources
        ],
    }


def list_alerts(
    store: Store, rule: str | int | None = None, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    """Alerts newest first, each with every report (source) that joined it."""
    with store.session() as s:
        stmt = select(AlertRow, RuleRow.name).join(RuleRow, RuleRow.id == AlertRow.rule_id)
        if rule is not None:
            stmt = stmt.where(AlertRow.rule_id == _find(s, rule).id)
        pairs = list(
            s.execute(
                stmt.order_by(AlertRow.fired_at.desc(), AlertRow.id.desc())
                .offset(offset)
                .limit(limit)
            ).tuples()
        )
        ids = [a.id for a, _ in pairs]
        srcs: dict[int, list[AlertSourceRow]] = {i: [] for i in ids}
        if ids:
            for x in s.scalars(
                select(AlertSourceRow)
                .where(AlertSourceRow.alert_id.in_(ids))
                .order_by(AlertSourceRow.id)
            ):
                srcs[x.alert_id].append(x)
        return [alert_dict(a, srcs[a.id], name) for a, name in pairs]


def count_alerts(store: Store, rule: str | int | None = None) -> int:
    with store.session() as s:
        stmt = select(func.count()).select_from(AlertRow)
        if rule is not None:
            stmt = stmt.where(AlertRow.rule_id == _find(s, rule).id)
        return int(s.scalar(stmt) or 0)


def get_alert(store: Store, alert_id: int) -> dict[str, Any]:
    with store.session() as s:
        a = s.get(AlertRow, alert_id)
        if a is None:
            raise EventwatchError(E.NOT_FOUND, what="alert", name=str(alert_id))
        name = s.scalar(select(RuleRow.name).where(RuleRow.id == a.rule_id)) or ""
        srcs = list(
            s.scalars(
                select(AlertSourceRow)
                .where(AlertSourceRow.alert_id == a.id)
                .order_by(AlertSourceRow.id)
            )
        )
        return alert_dict(a, srcs, name)
