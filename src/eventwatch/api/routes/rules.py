"""/rules: watch rules, read with a read key (or none when rules are public), written with a
write key; notifier secrets are redacted on the way out and kept on replace."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from eventwatch.api import models as m
from eventwatch.api.deps import (
    READ_ERRORS,
    WRITE_ERRORS,
    Limit,
    Offset,
    RuleId,
    StoreDep,
    read_key,
    require_key,
)

router = APIRouter()


@router.get(
    "/rules",
    response_model=m.RulePage,
    tags=["rules"],
    responses=READ_ERRORS,
    dependencies=read_key,
)
def rules(store: StoreDep, limit: Limit = 50, offset: Offset = 0) -> m.RulePage:
    """Watch rules (needs a key unless served with --public-rules; secrets redacted)."""
    from eventwatch.watch.rulestore import count_rules, list_rules

    items = [_rule_out(r) for r in list_rules(store, limit=limit, offset=offset)]
    return m.RulePage(items=items, total=count_rules(store), limit=limit, offset=offset)


@router.post(
    "/rules",
    response_model=m.RuleOut,
    status_code=201,
    tags=["rules"],
    responses=WRITE_ERRORS,
    dependencies=[Depends(require_key)],
)
def create_rule(store: StoreDep, body: m.RuleIn) -> m.RuleOut:
    """Add a rule (needs an API key)."""
    from eventwatch.watch.rulestore import add_rule

    return _rule_out(add_rule(store, _rule(body)))


@router.get(
    "/rules/{rule_id}",
    response_model=m.RuleOut,
    tags=["rules"],
    responses=READ_ERRORS,
    dependencies=read_key,
)
def read_rule(store: StoreDep, rule_id: RuleId) -> m.RuleOut:
    from eventwatch.watch.rulestore import get_rule

    return _rule_out(get_rule(store, rule_id))


@router.put(
    "/rules/{rule_id}",
    response_model=m.RuleOut,
    tags=["rules"],
    responses=WRITE_ERRORS,
    dependencies=[Depends(require_key)],
)
def replace_rule(store: StoreDep, rule_id: RuleId, body: m.RuleIn) -> m.RuleOut:
    """Replace a rule's name, conditions, notifiers and switch (needs an API key)."""
    from eventwatch.api.redact import keep_redacted
    from eventwatch.watch.rulestore import get_rule, update_rule

    new = _rule(body)
    new.notifiers = keep_redacted(get_rule(store, rule_id).notifiers, new.notifiers)
    return _rule_out(update_rule(store, rule_id, new))


@router.delete(
    "/rules/{rule_id}",
    status_code=204,
    tags=["rules"],
    responses=WRITE_ERRORS,
    dependencies=[Depends(require_key)],
)
def delete_rule(store: StoreDep, rule_id: RuleId) -> Response:
    """Delete a rule and its alerts (needs an API key)."""
    from eventwatch.watch.rulestore import remove_rule

    remove_rule(store, rule_id)
    return Response(status_code=204)


@router.get(
    "/rules/{rule_id}/test",
    response_model=m.Page,
    tags=["rules"],
    responses=READ_ERRORS,
    dependencies=read_key,
)
def test_rule(store: StoreDep, rule_id: RuleId, limit: Limit = 50) -> m.Page:
    """Stored events the rule would have fired on (same cluster = same real-world event)."""
    from eventwatch.watch.engine import would_fire
    from eventwatch.watch.rulestore import get_rule

    hits = [h.to_dict() for h in would_fire(store, get_rule(store, rule_id), limit=limit)]
    return m.Page(items=hits, total=len(hits), limit=limit, offset=0)


def _rule_out(rule) -> m.RuleOut:
    from eventwatch.api.redact import redact_rule

    return m.RuleOut(**redact_rule(rule.to_dict()))


def _rule(body: m.RuleIn):
    from eventwatch.watch.rules import Rule

    data = body.model_dump(exclude_none=True)
    return Rule.from_dict(data)
