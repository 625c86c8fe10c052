"""Fetching a URL the user asked for: size-limited, time-limited, one-line errors."""

from __future__ import annotations

from dataclasses import dataclass

from eventwatch.errors import E, EventwatchError

TIMEOUT_S = 15.0
USER_AGENT = "eventwatch/0.1 (+https://github.com/eventwatch)"


@dataclass
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str = ""  # media type only, lower case: "text/html"
    charset: str | None = None


def is_url(name: str) -> bool:
    return name.lower().startswith(("http://", "https://"))


def fetch(url: str, max_bytes: int, timeout: float = TIMEOUT_S) -> Fetched:
    """GET `url`, following redirects; E008 when it cannot be had, E005 when too large."""
    import httpx

    try:
        with (
            httpx.Client(
                follow_redirects=True, timeout=timeout, headers={"User-Agent": USER_AGENT}
            ) as client,
            client.stream("GET", url) as resp,
        ):
            if resp.status_code >= 400:
                raise EventwatchError(
                    E.URL_UNREACHABLE,
                    name=url,
                    reason=f"HTTP {resp.status_code} {resp.reason_phrase}",
                )
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise EventwatchError(
                    E.INPUT_TOO_LARGE, name=url, size=int(declared), limit=max_bytes
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size > max_bytes:
                    raise EventwatchError(
                        E.INPUT_TOO_LARGE, name=url, size=f"at least {size}", limit=max_bytes
                    )
            ctype = resp.headers.get("content-type", "")
            media, _, params = ctype.partition(";")
            charset = None
            for param in params.split(";"):
                key, _, value = param.strip().partition("=")
                if key.lower() == "charset" and value:
                    charset = value.strip("\"'")
            return Fetched(str(resp.url), b"".join(chunks), media.strip().lower(), charset)
    except httpx.TimeoutException as exc:
        raise EventwatchError(
            E.URL_UNREACHABLE, name=url, reason=f"no answer within {timeout:g} s"
        ) from exc
    except httpx.HTTPError as exc:
        reason = str(exc) or type(exc).__name__
        raise EventwatchError(E.URL_UNREACHABLE, name=url, reason=reason) from exc
