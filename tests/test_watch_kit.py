"""Shared pieces of the watch tests: events built by hand from real sentences, a real HTTP
webhook receiver and a real SMTP server with STARTTLS, all on 127.0.0.1.

(Imported by the other tests/test_watch*.py, test_notif*.py, test_poll*.py, test_api*.py.)
"""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import subprocess
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eventwatch.records import Actor, Article, Event, Evidence, Place, TimeValue

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "src" / "eventwatch" / "data" / "seed" / "putin-kim-summit.txt"

PUTIN = ("Vladimir Putin", "RUS")
KIM = ("Kim Jong Un", "PRK")
VOSTOCHNY = Place(
    text="Vostochny Cosmodrome", name="Vostochny Cosmodrome", country="RUS", lat=51.88, lon=128.33
)


def seed_article() -> Article:
    lines = SEED.read_text(encoding="utf-8").strip().splitlines()
    return Article(
        text="\n".join(lines[1:]).strip(),
        title=lines[0].strip(),
        published=date(2023, 9, 13),
        url="https://news.example/putin-kim",
        source="Example Wire",
        origin=str(SEED),
    )


def event_in(
    article: Article,
    sentence_has: str,
    trigger: str,
    event_type: str,
    source: tuple[str, str] = PUTIN,
    target: tuple[str, str] = KIM,
    factuality: str = "realized",
    day: str | None = "2023-09-13",
    place: Place | None = None,
    goldstein: float | None = 4.0,
    quad_class: int | None = 2,
    confidence: float = 0.8,
) -> Event:
    """An event whose evidence is the real sentence of `article` containing `sentence_has`."""
    text = article.text
    at = text.index(sentence_has)
    start = max(
        text.rfind(". ", 0, at) + 2 if text.rfind(". ", 0, at) >= 0 else 0,
        text.rfind("\n", 0, at) + 1,
    )
    end_dot = text.find(". ", at)
    end_nl = text.find("\n", at)
    ends = [e for e in (end_dot + 1 if end_dot >= 0 else -1, end_nl) if e >= 0]
    end = min(ends) if ends else len(text)
    sentence = text[start:end]
    t_at = text.index(trigger, start)
    src = Actor(text=source[0], name=source[0], country=source[1], kind="person")
    tgt = Actor(text=target[0], name=target[0], country=target[1], kind="person")
    return Event(
        event_type=event_type,
        factuality=factuality,
        source=[src],
        target=[tgt],
        evidence=Evidence(
            article_id=article.id,
            sentence=sentence,
            start=start,
            end=end,
            trigger=trigger,
            trigger_start=t_at,
            trigger_end=t_at + len(trigger),
        ),
        date=TimeValue(text=day, value=day, precision="day") if day else None,
        location=place,
        goldstein=goldstein,
        quad_class=quad_class,
        confidence=confidence,
    )


def seed_events(article: Article) -> list[Event]:
    """The seed article's RUS-PRK events, coded by hand (gold G1, G2, G3, G5)."""
    return [
        event_in(
            article,
            "exchanged gifts during their rendezvous",
            "rendezvous",
            "CONSULT",
            place=VOSTOCHNY,
        ),
        event_in(article, "Putin offered Kim a high-quality Russian-made rifle", "offered", "AID"),
        event_in(article, "Kim bestowed upon Putin", "bestowed", "AID", source=KIM, target=PUTIN),
        event_in(
            article,
            "Russia plans to send Foreign Minister Sergei Lavrov",
            "send",
            "CONSULT",
            source=("Russia", "RUS"),
            target=("Pyongyang", "PRK"),
            factuality="planned",
            day="2023-10",
        ),
    ]


SECOND_REPORT = (
    "Putin hands Kim a rifle at the cosmodrome\n"
    "Russian President Vladimir Putin gave North Korean leader Kim Jong Un a Russian-made rifle "
    "and a cosmonaut's glove on Wednesday, the Kremlin said.\n"
    "Kim gave Putin a North Korean-made gun in return, according to the Kremlin."
)


def second_article() -> Article:
    lines = SECOND_REPORT.splitlines()
    return Article(
        text="\n".join(lines[1:]),
        title=lines[0],
        published=date(2023, 9, 14),
        url="https://other.example/story/1",
        source="Other Daily",
        origin="second",
    )


def second_events(article: Article) -> list[Event]:
    return [
        event_in(
            article,
            "gave North Korean leader Kim Jong Un a Russian-made rifle",
            "gave",
            "AID",
            day="2023-09-13",
        )
    ]


# ---- a real webhook receiver --------------------------------------------------------------


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    url: str
    requests: list[Received] = field(default_factory=list)
    fail_next: int = 0  # answer this many requests with `fail_status` first
    fail_status: int = 500
    server: Any = None

    def wait_for(self, n: int, timeout: float = 10.0) -> list[Received]:
        import time

        deadline = time.monotonic() + timeout
        while len(self.requests) < n and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.requests


@pytest.fixture
def webhook(monkeypatch):
    # the receiver is on 127.0.0.1, which webhooks may reach only when allowed explicitly
    monkeypatch.setenv("EVENTWATCH_ALLOW_PRIVATE_URLS", "1")
    state: dict[str, Receiver] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            rec = state["r"]
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if rec.fail_next > 0:
                rec.fail_next -= 1
                self.send_response(rec.fail_status)
                self.end_headers()
                return
            rec.requests.append(Received(self.path, dict(self.headers.items()), body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state["r"] = Receiver(url=f"http://127.0.0.1:{server.server_address[1]}/hook", server=server)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state["r"]
    server.shutdown()
    server.server_close()


# ---- a real SMTP server with STARTTLS and login ----------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Mailbox:
    host: str
    port: int
    cafile: str
    messages: list[Any] = field(default_factory=list)
    tls_sessions: list[bool] = field(default_factory=list)

    def wait_for(self, n: int, timeout: float = 10.0) -> list[Any]:
        import time

        deadline = time.monotonic() + timeout
        while len(self.messages) < n and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages


SMTP_USER, SMTP_PASSWORD = "watcher", "s3cret-pw"


@pytest.fixture
def smtp_server(tmp_path, monkeypatch):
    """aiosmtpd requiring STARTTLS (self-signed cert made here with openssl) and a login."""
    import ssl
    from email import message_from_bytes

    pytest.importorskip("aiosmtpd")
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    if shutil.which("openssl") is None:
        pytest.skip("openssl CLI not available to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ],
        check=True,
        capture_output=True,
    )
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(str(cert), str(key))
    box = Mailbox(host="127.0.0.1", port=free_port(), cafile=str(cert))

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's naming
            box.tls_sessions.append(session.ssl is not None)
            box.messages.append(message_from_bytes(envelope.content))
            return "250 OK"

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login.decode(),
            auth_data.password.decode(),
        ) == (SMTP_USER, SMTP_PASSWORD)
        return AuthResult(success=ok, handled=False)

    controller = Controller(
        Handler(),
        hostname="127.0.0.1",
        port=box.port,
        tls_context=ctx,
        require_starttls=True,
        authenticator=authenticator,
        auth_require_tls=True,
    )
    controller.start()
    for name, value in {
        "EVENTWATCH_SMTP_HOST": "127.0.0.1",
        "EVENTWATCH_SMTP_PORT": str(box.port),
        "EVENTWATCH_SMTP_USER": SMTP_USER,
        "EVENTWATCH_SMTP_PASSWORD": SMTP_PASSWORD,
        "EVENTWATCH_SMTP_CAFILE": str(cert),
        "EVENTWATCH_SMTP_FROM": "alerts@eventwatch.test",
    }.items():
        monkeypatch.setenv(name, value)
    yield box
    controller.stop()


def test_event_in_points_at_the_real_sentence():
    art = seed_article()
    ev = seed_events(art)[1]
    assert art.text[ev.evidence.start : ev.evidence.end] == ev.evidence.sentence
    assert "rifle" in ev.evidence.sentence
    assert art.text[ev.evidence.trigger_start : ev.evidence.trigger_end] == "offered"
