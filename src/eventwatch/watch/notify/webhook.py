"""Webhook notifier: POST the alert as JSON, signed with HMAC-SHA256.

Headers: `X-Eventwatch-Signature: sha256=<hex of HMAC-SHA256(secret, body)>` and
`X-Eventwatch-Delivery: <outbox id>`. The secret is read from the environment variable the
spec names (`secret_env`, default EVENTWATCH_WEBHOOK_SECRET); a spec naming a variable that is
not set fails (rather than sending unsigned). Receivers verify with `verify_signature`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from typing import Any

import httpx

from eventwatch.errors import E, EventwatchError
from eventwatch.watch.notify import PermanentFailure

DEFAULT_SECRET_ENV = "EVENTWATCH_WEBHOOK_SECRET"
SIGNATURE_HEADER = "X-Eventwatch-Signature"
TIMEOUT_S = 10.0
RETRYABLE_4XX = (408, 425, 429)


def body_of(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify_signature(secret: str, body: bytes, header: str | None) -> bool:
    """Whether `header` is the signature of `body` under `secret` (constant-time compare)."""
    return bool(header) and hmac.compare_digest(sign(secret, body), header or "")


def _secret(spec: dict[str, Any]) -> str | None:
    name = spec.get("secret_env")
    if name:
        value = os.environ.get(name)
        if not value:
            raise EventwatchError(
                E.NOTIFY_FAILED,
                channel=f"webhook {spec.get('url')}",
                reason=f"secret variable ${name} is not set",
            )
        return value
    return os.environ.get(DEFAULT_SECRET_ENV) or None


def send(spec: dict[str, Any], payload: dict[str, Any], timeout: float = TIMEOUT_S) -> None:
    url = spec["url"]
    body = body_of(payload)
    headers = {"Content-Type": "application/json", "User-Agent": "eventwatch-webhook/1"}
    secret = _secret(spec)
    if secret:
        headers[SIGNATURE_HEADER] = sign(secret, body)
    if payload.get("delivery_id") is not None:
        headers["X-Eventwatch-Delivery"] = str(payload["delivery_id"])
    try:
        resp = httpx.post(url, content=body, headers=headers, timeout=timeout)
    except httpx.HTTPError as exc:
        raise EventwatchError(
            E.NOTIFY_FAILED, channel=f"webhook {url}", reason=str(exc) or type(exc).__name__
        ) from exc
    if resp.status_code >= 300:
        # a 4xx will not change by itself, except timeouts and rate limits
        permanent = 400 <= resp.status_code < 500 and resp.status_code not in RETRYABLE_4XX
        raise (PermanentFailure if permanent else EventwatchError)(
            E.NOTIFY_FAILED, channel=f"webhook {url}", reason=f"HTTP {resp.status_code}"
        )
