"""The alert inbox: alerts newest first, each with its rule, its reports (events) and the
delivery status of its notifications (outbox rows by status)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select

from eventwatch.store import Store
from eventwatch.watch.rulestore import count_alerts, list_alerts, list_rules
from eventwatch.watch.schema import OutboxRow


def inbox(store: Store, limit: int = 50) -> dict[str, Any]:
    items = list_alerts(store, limit=limit)
    ids = [a["id"] for a in items]
    delivery: dict[int, dict[str, int]] = defaultdict(dict)
    if ids:
        stmt = (
            select(OutboxRow.alert_id, OutboxRow.status, func.count())
            .where(OutboxRow.alert_id.in_(ids))
            .group_by(OutboxRow.alert_id, OutboxRow.status)
        )
        with store.session() as s:
            for alert_id, status, n in s.execute(stmt):
                delivery[alert_id][status] = int(n)
    for a in items:
        a["delivery"] = delivery.get(a["id"], {})
    rules = [
        {"id": r.id, "name": r.name, "enabled": r.enabled} for r in list_rules(store, limit=200)
    ]
    return {"items": items, "total": count_alerts(store), "rules": rules}
