"""Notifier secrets never leave the server: a webhook URL is shown as its scheme, host and
port, with `/***` for a path, query or user part (where tokens live). A rule sent back with
a redacted URL (read, edited, `PUT` again) keeps the URL it had."""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import urlsplit

MASK = "***"


def redact_url(url: str) -> str:
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return MASK
    if ":" in host:
        host = f"[{host}]"
    hidden = parts.username or parts.password or parts.path not in ("", "/") or parts.query
    return f"{parts.scheme}://{host}{port}/{MASK if hidden else ''}"


def redact_notifier(spec: dict[str, Any]) -> dict[str, Any]:
    out = dict(spec)
    if out.get("kind") == "webhook" and isinstance(out.get("url"), str):
        out["url"] = redact_url(out["url"])
    for secret in ("password", "token", "secret"):
        if secret in out:
            out[secret] = MASK
    return out


def redact_rule(rule: dict[str, Any]) -> dict[str, Any]:
    """A rule's dict with every notifier redacted."""
    out = copy.deepcopy(rule)
    out["notifiers"] = [redact_notifier(n) for n in out.get("notifiers") or []]
    return out


def keep_redacted(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`new` notifiers, where one that is the redacted form of an `old` one gets it back."""
    hidden = {
        redact_url(n["url"]): n["url"] for n in old if n.get("kind") == "webhook" and n.get("url")
    }
    out = []
    for n in new:
        if n.get("kind") == "webhook" and n.get("url") in hidden and MASK in n["url"]:
            n = dict(n, url=hidden[n["url"]])
        out.append(n)
    return out
