"""The poller's feeds file (YAML), read and checked.

settings:            # all optional
  timeout: 15        # seconds to connect, and per read
  deadline: 60       # seconds for a whole request (a server trickling bytes is cut off)
  max_bytes: 5M      # refuse a feed (or page) larger than this
  max_redirects: 5   # follow at most this many redirects
  host_delay: 2      # seconds between two requests to the same host
  allow_private: false  # may feeds and their item pages be on private/loopback addresses?
feeds:
  - https://example.org/world.rss          # a bare URL, or:
  - url: https://news.example/atom.xml
    source: News Example                    # the outlet name stored on its articles
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from eventwatch import yamlfile
from eventwatch.errors import E, EventwatchError

DEFAULT_TIMEOUT_S = 15.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_HOST_DELAY_S = 2.0
DEFAULT_DEADLINE_S = 60.0
DEFAULT_MAX_REDIRECTS = 5


@dataclass
class Feed:
    url: str
    source: str | None = None


@dataclass
class FeedsConfig:
    feeds: list[Feed] = field(default_factory=list)
    timeout: float = DEFAULT_TIMEOUT_S
    max_bytes: int = DEFAULT_MAX_BYTES
    host_delay: float = DEFAULT_HOST_DELAY_S
    deadline: float = DEFAULT_DEADLINE_S
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    allow_private: bool = False

    def limits(self):  # -> eventwatch.sources.http.Limits
        from eventwatch.sources.http import Limits, private_allowed_by_env

        return Limits(
            connect_s=self.timeout,
            read_s=self.timeout,
            deadline_s=self.deadline,
            max_bytes=self.max_bytes,
            max_redirects=self.max_redirects,
            allow_private=self.allow_private or private_allowed_by_env(),
        )


def parse_size(value: object, name: str) -> int:
    """`5000`, `500k`, `5M` -> bytes."""
    m = re.fullmatch(r"\s*(\d+)\s*([kKmM]?)[bB]?\s*", str(value))
    if not m:
        raise EventwatchError(
            E.FEEDS_CONFIG, name=name, reason=f"max_bytes {value!r} is not a size like 500k or 5M"
        )
    return int(m.group(1)) * {"": 1, "k": 1024, "m": 1024 * 1024}[m.group(2).lower()]


def parse_every(value: str) -> float:
    """`90`, `30s`, `10m`, `1h` -> seconds (at least 1)."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", value)
    if not m:
        raise EventwatchError(
            E.BAD_VALUE, what="--every", reason=f"{value!r} is not a duration like 30s, 10m, 1h"
        )
    secs = float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[m.group(2)]
    if secs < 1:
        raise EventwatchError(E.BAD_VALUE, what="--every", reason="must be at least 1s")
    return secs


def load_feeds(path: str | Path) -> FeedsConfig:
    """Read and check a feeds file; every problem is one E104 line naming the file."""
    name = str(path)
    try:
        raw = yamlfile.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise EventwatchError(
            E.INPUT_UNREADABLE, name=name, reason=exc.strerror or str(exc)
        ) from exc
    except yaml.YAMLError as exc:
        raise EventwatchError(
            E.FEEDS_CONFIG, name=name, reason=" ".join(str(exc).split())[:200]
        ) from exc
    if isinstance(raw, list):
        raw = {"feeds": raw}
    if not isinstance(raw, dict) or not isinstance(raw.get("feeds"), list) or not raw["feeds"]:
        raise EventwatchError(
            E.FEEDS_CONFIG, name=name, reason="expected a non-empty `feeds:` list"
        )
    cfg = FeedsConfig()
    settings = raw.get("settings") or {}
    if not isinstance(settings, dict):
        raise EventwatchError(E.FEEDS_CONFIG, name=name, reason="`settings:` must be a mapping")
    try:
        cfg.timeout = float(settings.get("timeout", DEFAULT_TIMEOUT_S))
        cfg.host_delay = float(settings.get("host_delay", DEFAULT_HOST_DELAY_S))
        cfg.deadline = float(settings.get("deadline", DEFAULT_DEADLINE_S))
        cfg.max_redirects = int(settings.get("max_redirects", DEFAULT_MAX_REDIRECTS))
    except (TypeError, ValueError) as exc:
        raise EventwatchError(
            E.FEEDS_CONFIG,
            name=name,
            reason="timeout, deadline and host_delay are seconds, max_redirects a number",
        ) from exc
    if cfg.timeout <= 0 or cfg.deadline <= 0 or cfg.host_delay < 0 or cfg.max_redirects < 0:
        raise EventwatchError(
            E.FEEDS_CONFIG,
            name=name,
            reason="timeout and deadline must be > 0, host_delay and max_redirects >= 0",
        )
    allow = settings.get("allow_private", False)
    if not isinstance(allow, bool):
        raise EventwatchError(
            E.FEEDS_CONFIG, name=name, reason="allow_private must be true or false"
        )
    cfg.allow_private = allow
    if "max_bytes" in settings:
        cfg.max_bytes = parse_size(settings["max_bytes"], name)
    seen: set[str] = set()
    for i, item in enumerate(raw["feeds"], 1):
        if isinstance(item, str):
            item = {"url": item}
        url = item.get("url") if isinstance(item, dict) else None
        if not isinstance(url, str) or not re.match(r"^https?://\S+$", url):
            raise EventwatchError(
                E.FEEDS_CONFIG, name=name, reason=f"feed {i}: url must be http(s)://..."
            )
        if url in seen:
            raise EventwatchError(
                E.FEEDS_CONFIG, name=name, reason=f"feed {i}: {url} is listed twice"
            )
        seen.add(url)
        source = item.get("source")
        cfg.feeds.append(Feed(url=url, source=str(source) if source else None))
    return cfg
