"""Fetching a URL the user asked for: size-, time- and redirect-limited, one-line errors.

A URL given on the command line may be on a private address (the user's own machine or
network: they could fetch it anyway). Links found inside fetched content (a remote feed's
item pages) may reach private addresses only when the feed itself was on one, or when
$EVENTWATCH_ALLOW_PRIVATE_URLS=1; see `eventwatch.sources.http`.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventwatch.errors import E, EventwatchError
from eventwatch.sources.http import HttpFailure, Limits, limits_from_env, request

USER_AGENT = "eventwatch/0.1 (+https://github.com/eventwatch)"


@dataclass
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str = ""  # media type only, lower case: "text/html"
    charset: str | None = None


def is_url(name: str) -> bool:
    return name.lower().startswith(("http://", "https://"))


def fetch(url: str, max_bytes: int, limits: Limits | None = None) -> Fetched:
    """GET `url` under `limits` (default: the environment's, private addresses allowed);
    E008 when it cannot be had, E005 when too large."""
    limits = (limits or limits_from_env(allow_private=True)).but(max_bytes=max_bytes)
    try:
        got = request("GET", url, limits, {"User-Agent": USER_AGENT})
    except HttpFailure as exc:
        if exc.size is not None:
            raise EventwatchError(
                E.INPUT_TOO_LARGE, name=url, size=exc.size, limit=max_bytes
            ) from exc
        raise EventwatchError(E.URL_UNREACHABLE, name=url, reason=exc.reason) from exc
    return Fetched(got.url, got.data, got.media_type, got.charset)
