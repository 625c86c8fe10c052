"""E-mail notifier: SMTP with STARTTLS; server and credentials from the environment.

EVENTWATCH_SMTP_HOST (default localhost), EVENTWATCH_SMTP_PORT (default 587),
EVENTWATCH_SMTP_USER / EVENTWATCH_SMTP_PASSWORD (login when both are set),
EVENTWATCH_SMTP_FROM (default eventwatch@localhost), EVENTWATCH_SMTP_STARTTLS (default 1; 0
only for a server on localhost), EVENTWATCH_SMTP_CAFILE (a CA bundle to trust, e.g. a
private CA). The certificate is always verified when STARTTLS is on.

Each send has a total deadline (EVENTWATCH_SMTP_DEADLINE_S, default 60 s) besides the
per-operation timeout (EVENTWATCH_SMTP_TIMEOUT_S, default 15 s): a server that answers one
byte at a time has its connection shut when the deadline passes. A server named in the rule
itself (`host`) may not be a private or loopback address unless
$EVENTWATCH_ALLOW_PRIVATE_URLS=1; the operator's EVENTWATCH_SMTP_HOST may.
"""

from __future__ import annotations

import contextlib
import smtplib
import socket
import ssl
import threading
from email.message import EmailMessage
from typing import Any

from eventwatch.config import Settings, SmtpSettings, current
from eventwatch.errors import E, EventwatchError
from eventwatch.watch.notify.failure import PermanentFailure

TIMEOUT_S = 15.0
DEADLINE_S = 60.0


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


def send(spec: dict[str, Any], payload: dict[str, Any], settings: Settings | None = None) -> None:
    settings = settings or current()
    conf = settings.smtp
    host = spec.get("host") or conf.host
    port = int(spec.get("port") or conf.port)
    starttls = conf.starttls
    channel = f"email {host}:{port}"
    if not starttls and host not in ("localhost", "127.0.0.1", "::1"):
        raise EventwatchError(
            E.NOTIFY_FAILED, channel=channel, reason="STARTTLS may only be off for localhost"
        )
    msg = EmailMessage()
    subject, body = render(payload)
    msg["Subject"] = subject
    msg["From"] = conf.sender
    msg["To"] = ", ".join(spec["to"])
    msg.set_content(body)
    if spec.get("host"):
        _check_host(str(host), channel, settings)
    timeout = conf.timeout_s or TIMEOUT_S
    deadline = conf.deadline_s or DEADLINE_S
    smtp = smtplib.SMTP(timeout=min(timeout, deadline))
    expired = threading.Event()

    def cut_off() -> None:
        expired.set()
        sock = smtp.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # wakes a blocked read at once

    watchdog = threading.Timer(deadline, cut_off)
    watchdog.daemon = True
    watchdog.start()
    try:
        _session(smtp, host, port, conf, msg)
    except (smtplib.SMTPAuthenticationError, smtplib.SMTPRecipientsRefused) as exc:
        raise PermanentFailure(
            E.NOTIFY_FAILED, channel=channel, reason=str(exc) or type(exc).__name__
        ) from exc
    except (OSError, smtplib.SMTPException, ssl.SSLError) as exc:
        reason = str(exc) or type(exc).__name__
        if expired.is_set():
            reason = f"no complete answer within the deadline of {deadline:g} s"
        raise EventwatchError(E.NOTIFY_FAILED, channel=channel, reason=reason) from exc
    finally:
        watchdog.cancel()
        smtp.close()


def _check_host(host: str, channel: str, settings: Settings) -> None:
    from eventwatch.sources.http import HttpFailure, private_allowed_by_env, refused_address

    if private_allowed_by_env(settings=settings):
        return
    try:
        why = refused_address(host)
    except HttpFailure as exc:
        why = exc.reason
    if why:
        raise PermanentFailure(E.NOTIFY_FAILED, channel=channel, reason=why)


def _session(smtp: smtplib.SMTP, host: str, port: int, conf: SmtpSettings, msg: EmailMessage) -> None:
    smtp._host = host  # what SMTP(host) would set: STARTTLS checks the certificate against it
    smtp.connect(host, port)
    smtp.ehlo()
    if conf.starttls:
        ctx = ssl.create_default_context(cafile=conf.cafile)
        smtp.starttls(context=ctx)
        smtp.ehlo()
    user, password = conf.user, conf.password
    if user and password:
        _login(smtp, user, password)
    smtp.send_message(msg)
    smtp.quit()
