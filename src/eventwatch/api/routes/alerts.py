"""GET /alerts and /alerts/{id}: alerts the watch rules raised (a read key unless public)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from eventwatch.api import models as m
from eventwatch.api.deps import READ_ERRORS, Limit, Offset, RuleId, StoreDep, read_key

router = APIRouter()


@router.get(
    "/alerts",
    response_model=m.Page,
    tags=["alerts"],
    responses=READ_ERRORS,
    dependencies=read_key,
)
def alerts(
    store: StoreDep,
    rule_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> m.Page:
    """Alerts, newest first, each with every report that joined it."""
    from eventwatch.watch.rulestore import count_alerts, list_alerts

    items = list_alerts(store, rule=rule_id, limit=limit, offset=offset)
    return m.Page(items=items, total=count_alerts(store, rule_id), limit=limit, offset=offset)


@router.get("/alerts/{alert_id}", tags=["alerts"], responses=READ_ERRORS, dependencies=read_key)
def alert(store: StoreDep, alert_id: RuleId) -> dict[str, Any]:
    from eventwatch.watch.rulestore import get_alert

    return get_alert(store, alert_id)
