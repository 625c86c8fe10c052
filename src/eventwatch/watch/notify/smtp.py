"""E-mail notifier: SMTP with STARTTLS; server and credentials from the environment.

EVENTWATCH_SMTP_HOST (default localhost), EVENTWATCH_SMTP_PORT (default 587),
EVENTWATCH_SMTP_USER / EVENTWATCH_SMTP_PASSWORD (login when both are set),
EVENTWATCH_SMTP_FROM (default eventwatch@localhost), EVENTWATCH_SMTP_STARTTLS (default 1; 0
only for a server on localhost), EVENTWATCH_SMTP_CAFILE (a CA bundle to trust, e.g. a
private CA). The certificate is always verified when STARTTLS is on.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from email.message import EmailMessage
from typing import Any

from eventwatch.errors import E, EventwatchError
from eventwatch.watch.notify import PermanentFailure

TIMEOUT_S = 15.0


def render(payload: dict[str, Any]) -> tuple[str, str]:
    """Subject and plain-text body of an alert."""
    subject = f"[eventwatch] {payload.get('rule', '')}: {payload.get('summary', '')}".strip()
    lines = [payload.get("summary", ""), ""]
    for ev in payload.get("evidence") or []:
        where = ev.get("url") or ev.get("title") or ev.get("article_id") or ""
        lines.append(f'- "{ev.get("sentence", "")}"')
        if where:
            lines.append(f"  ({where})")
    lines += [
        "",
        f"rule: {payload.get('rule', '')}  alert: {payload.get('alert_id', '')}  "
        f"cluster: {payload.get('cluster_id', '')}",
    ]
    return subject[:200], "\n".join(lines) + "\n"


def _login(smtp: smtplib.SMTP, user: str, password: str) -> None:
    """AUTH PLAIN when offered (one round trip, one clear answer), else smtplib's choice."""
    if "PLAIN" in smtp.esmtp_features.get("auth", "").upper().split():
        smtp.user, smtp.password = user, password
        smtp.auth("PLAIN", smtp.auth_plain)
    else:
        smtp.login(user, password)


def send(spec: dict[str, Any], payload: dict[str, Any]) -> None:
    env = os.environ
    host = spec.get("host") or env.get("EVENTWATCH_SMTP_HOST", "localhost")
    port = int(spec.get("port") or env.get("EVENTWATCH_SMTP_PORT", "587"))
    starttls = env.get("EVENTWATCH_SMTP_STARTTLS", "1") != "0"
    channel = f"email {host}:{port}"
    if not starttls and host not in ("localhost", "127.0.0.1", "::1"):
        raise EventwatchError(
            E.NOTIFY_FAILED, channel=channel, reason="STARTTLS may only be off for localhost"
        )
    msg = EmailMessage()
    subject, body = render(payload)
    msg["Subject"] = subject
    msg["From"] = env.get("EVENTWATCH_SMTP_FROM", "eventwatch@localhost")
    msg["To"] = ", ".join(spec["to"])
    msg.set_content(body)
    try:
        with smtplib.SMTP(host, port, timeout=TIMEOUT_S) as smtp:
            smtp.ehlo()
            if starttls:
                ctx = ssl.create_default_context(cafile=env.get("EVENTWATCH_SMTP_CAFILE") or None)
                smtp.starttls(context=ctx)
                smtp.ehlo()
            user, password = env.get("EVENTWATCH_SMTP_USER"), env.get("EVENTWATCH_SMTP_PASSWORD")
            if user and password:
                _login(smtp, user, password)
            smtp.send_message(msg)
    except (smtplib.SMTPAuthenticationError, smtplib.SMTPRecipientsRefused) as exc:
        raise PermanentFailure(
            E.NOTIFY_FAILED, channel=channel, reason=str(exc) or type(exc).__name__
        ) from exc
    except (OSError, smtplib.SMTPException, ssl.SSLError) as exc:
        raise EventwatchError(
            E.NOTIFY_FAILED, channel=channel, reason=str(exc) or type(exc).__name__
        ) from exc
