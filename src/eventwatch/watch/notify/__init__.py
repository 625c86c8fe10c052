"""Notifiers: deliver one alert payload over one channel, or raise EventwatchError(E102).

A notifier spec is plain data kept on the rule (see `eventwatch.watch.rules.check_notifier`):
`{"kind": "jsonl", "path": "-"}`, `{"kind": "webhook", "url": ..., "secret_env": ...}`,
`{"kind": "email", "to": [...]}`. Secrets and credentials come from the environment, never
from the database. Delivery is called by the outbox (`eventwatch.watch.outbox`), which retries.
"""

from __future__ import annotations

from typing import Any

from eventwatch.watch.notify.failure import PermanentFailure

__all__ = ["PermanentFailure", "deliver"]


def deliver(spec: dict[str, Any], payload: dict[str, Any]) -> None:
    """Send `payload` through the channel `spec` names; raises EventwatchError on failure."""
    kind = spec.get("kind")
    if kind == "jsonl":
        from eventwatch.watch.notify.jsonl import send
    elif kind == "webhook":
        from eventwatch.watch.notify.webhook import send
    elif kind == "email":
        from eventwatch.watch.notify.smtp import send
    else:
        from eventwatch.errors import E

        raise PermanentFailure(E.NOTIFY_FAILED, channel=str(kind), reason="unknown notifier kind")
    send(spec, payload)
