"""What the browser tests share: a store holding the seed article (with a watch rule that
fires on it and an API key), `eventwatch serve` on a free port of 127.0.0.1, and Debian's
Chromium driven by Playwright, recording console errors and every request the page makes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from test_watch_kit import free_port

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "src" / "eventwatch" / "data" / "seed" / "putin-kim-summit.txt"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RULE_NAME = "RUS-PRK cooperation"
QUIET_RULE = "USA-CHN anything"


def skip_without_browser() -> None:
    """Skip (with the reason) when Chromium, Playwright or the npm libraries are missing."""
    if not CHROMIUM.is_file():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    pytest.importorskip("playwright", reason="playwright is not installed (requirements-dev.txt)")
    from eventwatch.web.assets import node_modules

    if node_modules() is None:
        pytest.skip("the page's npm libraries are not installed (make setup runs npm ci in web/)")


def seed_store(db: Path, alerts_file: Path) -> str:
    """Fill `db` with the seed article (a rule fires on it) and return a new API key."""
    from eventwatch.api.keys import create_key
    from eventwatch.ingest import ingest
    from eventwatch.store import open_store
    from eventwatch.watch.hooks import watching
    from eventwatch.watch.rules import Rule
    from eventwatch.watch.rulestore import add_rule

    rule = Rule.from_dict(
        {
            "name": RULE_NAME,
            "conditions": {
                "dyad": ["RUS", "PRK"],
                "event_types": ["COOPERATE", "AID"],
                "factuality": ["any"],
            },
            "notifiers": [{"kind": "jsonl", "path": str(alerts_file)}],
        }
    )
    quiet = Rule.from_dict(  # never fires on the seed; the page mutes and unmutes it
        {
            "name": QUIET_RULE,
            "conditions": {"dyad": ["USA", "CHN"]},
            "notifiers": [{"kind": "webhook", "url": "http://127.0.0.1:9/hook"}],
        }
    )
    with open_store(str(db)) as store:
        add_rule(store, rule)
        add_rule(store, quiet)
        with watching(store) as hooks:
            report = ingest(
                [str(SEED)],
                store,
                published=date(2023, 9, 13),
                source="Seed Wire",
                progress=False,
                on_stored=hooks,
            )
        assert report.ok
        return create_key(store, "browser-test")


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def serve(db: Path, log: Path) -> Server:
    """`eventwatch serve` over `db` on a free port, once /health answers."""
    exe = shutil.which("eventwatch", path=str(Path(sys.executable).parent)) or "eventwatch"
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])
        ),
    }
    out = log.open("w")
    proc = subprocess.Popen(
        [exe, "--db", str(db), "serve", "--host", "127.0.0.1", "--port", str(port)],
        stdout=out,
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"eventwatch serve exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return Server(url, proc, log)
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"eventwatch serve did not answer on {url}: {log.read_text()[-2000:]}")


@dataclass
class Watched:
    """A page with what it logged and asked for."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def outside(self) -> list[str]:
        """Requests to anywhere but 127.0.0.1 (data: URLs never leave the page)."""
        return [
            u
            for u in self.requests
            if not u.startswith("data:") and urlsplit(u).hostname != "127.0.0.1"
        ]

    def assert_clean(self) -> None:
        assert self.console_errors == []
        assert self.outside() == []


def watch(context) -> Watched:
    """A new page of `context` recording console errors, uncaught errors and requests;
    requests to other hosts are recorded and refused, so a test never waits on them."""
    page = context.new_page()
    seen = Watched(page)
    page.on("console", lambda m: seen.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.console_errors.append(f"uncaught: {e}"))
    page.on("request", lambda r: seen.requests.append(r.url))

    def route(r):
        if urlsplit(r.request.url).hostname in ("127.0.0.1", None):
            r.continue_()
        else:
            r.abort()

    context.route("**/*", route)
    return seen
