"""Webhook notifier: POST the alert as JSON, signed with HMAC-SHA256.

Headers: `X-Eventwatch-Signature: sha256=<hex of HMAC-SHA256(secret, body)>`,
`X-Eventwatch-Delivery: <outbox id>` and `Idempotency-Key: <key>`: the same key on every
retry of one notification, so a receiver that saw it already can drop the repeat.

Each POST has a total deadline as well as connect/read timeouts, reads at most 64 KiB of
answer and follows no redirect ($EVENTWATCH_HTTP_DEADLINE_S, $EVENTWATCH_HTTP_TIMEOUT_S).
A webhook on a private, loopback or link-local address is refused unless
$EVENTWATCH_ALLOW_PRIVATE_URLS=1: rules may be written by API clients, and the server must not
be made to POST into its own network. The secret is read from the environment variable the
spec names (`secret_env`, default EVENTWATCH_WEBHOOK_SECRET); a spec naming a variable that is
not set fails (rather than sending unsigned). Receivers verify with `verify_signature`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from eventwatch.config import Settings, current
from eventwatch.errors import E, EventwatchError
from eventwatch.sources.http import HttpFailure, limits_from_env, private_allowed_by_env, request
from eventwatch.watch.notify.failure import PermanentFailure

DEFAULT_SECRET_ENV = "EVENTWATCH_WEBHOOK_SECRET"
SIGNATURE_HEADER = "X-Eventwatch-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
TIMEOUT_S = 10.0
DEADLINE_S = 30.0
MAX_ANSWER_BYTES = 64 * 1024
RETRYABLE_4XX = (408, 425, 429)


def body_of(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify_signature(secret: str, body: bytes, header: str | None) -> bool:
    """Whether `header` is the signature of `body` under `secret` (constant-time compare)."""
    return bool(header) and hmac.compare_digest(sign(secret, body), header or "")


def _secret(spec: dict[str, Any], settings: Settings) -> str | None:
    name = spec.get("secret_env")
    if name:
        value = settings.secret(name)
        if not value:
            raise EventwatchError(
                E.NOTIFY_FAILED,
                channel=f"webhook {spec.get('url')}",
                reason=f"secret variable ${name} is not set",
            )
        return value
    return settings.webhook_secret


def send(
    spec: dict[str, Any],
    payload: dict[str, Any],
    timeout: float = TIMEOUT_S,
    settings: Settings | None = None,
) -> None:
    settings = settings or current()
    url = spec["url"]
    body = body_of(payload)
    headers = {"Content-Type": "application/json", "User-Agent": "eventwatch-webhook/1"}
    secret = _secret(spec, settings)
    if secret:
        headers[SIGNATURE_HEADER] = sign(secret, body)
    if payload.get("delivery_id") is not None:
        headers["X-Eventwatch-Delivery"] = str(payload["delivery_id"])
    if payload.get("idempotency_key"):
        headers[IDEMPOTENCY_HEADER] = str(payload["idempotency_key"])
    limits = limits_from_env(
        settings,
        connect_s=timeout,
        read_s=timeout,
        max_bytes=MAX_ANSWER_BYTES,
        max_redirects=0,
        allow_private=private_allowed_by_env(settings=settings),
    )
    if settings.http.deadline_s is None:
        limits = limits.but(deadline_s=DEADLINE_S)
    try:
        got = request("POST", url, limits, headers, body)
    except HttpFailure as exc:
        status = exc.status or 0
        # a 4xx will not change by itself, except timeouts and rate limits
        permanent = exc.refused or (400 <= status < 500 and status not in RETRYABLE_4XX)
        reason = f"HTTP {status}" if status else exc.reason
        raise (PermanentFailure if permanent else EventwatchError)(
            E.NOTIFY_FAILED, channel=f"webhook {url}", reason=reason
        ) from exc
    if got.status >= 300:
        raise EventwatchError(
            E.NOTIFY_FAILED, channel=f"webhook {url}", reason=f"HTTP {got.status}"
        )
