"""Every outbound HTTP request: a total deadline, connect/read timeouts, a size cap, a redirect
cap and (for server-side fetches) a guard against private addresses.

httpx's timeouts bound each socket operation, so a server that trickles one byte at a time
could hold a request for ever. Here the whole exchange (connect, redirects, headers, body)
runs under one `asyncio.timeout`, which cancels it when the deadline passes.

The address guard (`allow_private=False`) refuses loopback, link-local, private, multicast
and reserved addresses, checked on every hop after resolving the host name. A name that
resolves to a public address when checked and to a private one when connected (DNS
rebinding) is not caught; run the server where its network cannot reach what it must not.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin, urlsplit

import httpx

from eventwatch.config import Settings, current

USER_AGENT = "eventwatch/0.1 (+https://github.com/eventwatch)"
REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class Limits:
    """Bounds on one request: seconds, bytes, hops; whether private addresses may be reached."""

    connect_s: float = 10.0
    read_s: float = 15.0
    deadline_s: float = 60.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    allow_private: bool = False

    def but(self, **changes: object) -> Limits:
        return replace(self, **changes)  # type: ignore[arg-type]


def limits_from_env(settings: Settings | None = None, **overrides: object) -> Limits:
    """Defaults, then $EVENTWATCH_HTTP_DEADLINE_S, $EVENTWATCH_HTTP_TIMEOUT_S (connect and
    read), $EVENTWATCH_HTTP_MAX_REDIRECTS (through `Settings.http`), then `overrides`."""
    http = (settings or current()).http
    changes: dict[str, object] = {}
    if http.deadline_s is not None:
        changes["deadline_s"] = http.deadline_s
    if http.timeout_s is not None:
        changes["connect_s"] = changes["read_s"] = http.timeout_s
    if http.max_redirects is not None:
        changes["max_redirects"] = http.max_redirects
    changes.update(overrides)
    return Limits().but(**changes)


def private_allowed_by_env(default: bool = False, settings: Settings | None = None) -> bool:
    """$EVENTWATCH_ALLOW_PRIVATE_URLS=1 lets server-side fetches reach private addresses."""
    value = (settings or current()).http.allow_private
    return default if value is None else value


class HttpFailure(Exception):
    """Why a request gave no usable answer; `size` is set when the answer was too large."""

    def __init__(
        self,
        reason: str,
        size: int | str | None = None,
        status: int | None = None,
        refused: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.size = size
        self.status = status
        self.refused = refused  # a private address: asking again cannot help


@dataclass
class Answer:
    url: str  # after redirects
    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    data: bytes = b""
    reason_phrase: str = ""

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").partition(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for param in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = param.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"'")
        return None


def refused_address(host: str) -> str | None:
    """Why `host` may not be fetched from the server (a private address), or None."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise HttpFailure(f"cannot resolve {host}: {exc}") from exc
    for info in infos:
        addr = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
            addr = addr.ipv4_mapped
        if (
            addr.is_loopback
            or addr.is_link_local
            or addr.is_private
            or addr.is_multicast
            or addr.is_reserved
            or addr.is_unspecified
        ):
            return f"{host} is a private or local address ({addr}); not allowed here"
    return None


def request(
    method: str,
    url: str,
    limits: Limits,
    headers: Mapping[str, str] | None = None,
    body: bytes | None = None,
    accept_304: bool = False,
) -> Answer:
    """One request under `limits`; raises HttpFailure (never an httpx error). An answer of
    400 or more is a failure with `status` set; 304 is returned when `accept_304`."""
    coro = _exchange(method, url, limits, dict(headers or {}), body, accept_304)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(1) as pool:  # called from async code: run on a loop of its own
        return pool.submit(asyncio.run, coro).result()


def get(url: str, limits: Limits, headers: Mapping[str, str] | None = None) -> Answer:
    return request("GET", url, limits, headers)


async def _exchange(
    method: str,
    url: str,
    limits: Limits,
    headers: dict[str, str],
    body: bytes | None,
    accept_304: bool,
) -> Answer:
    timeout = httpx.Timeout(
        connect=limits.connect_s, read=limits.read_s, write=limits.read_s, pool=limits.connect_s
    )
    headers.setdefault("User-Agent", USER_AGENT)
    try:
        async with (
            asyncio.timeout(limits.deadline_s),
            httpx.AsyncClient(timeout=timeout, follow_redirects=False) as client,
        ):
            return await _follow(client, method, url, limits, headers, body, accept_304)
    except TimeoutError as exc:
        raise HttpFailure(
            f"no complete answer within the deadline of {limits.deadline_s:g} s"
        ) from exc
    except httpx.TimeoutException as exc:
        raise HttpFailure(f"no answer within {limits.read_s:g} s") from exc
    except httpx.HTTPError as exc:
        raise HttpFailure(_why(exc)) from exc


def _why(exc: BaseException) -> str:
    """The most telling message in the chain ("connection refused", not "All connection
    attempts failed")."""
    seen: BaseException | None = exc
    for _ in range(8):
        if seen is None:
            break
        if isinstance(seen, OSError) and seen.errno is not None:
            name = {111: "Connection refused", 113: "No route to host"}.get(seen.errno)
            return name or (seen.strerror or str(seen))
        seen = seen.__cause__ or seen.__context__
    return " ".join(str(exc).split()) or type(exc).__name__


async def _follow(
    client: httpx.AsyncClient,
    method: str,
    url: str,
    limits: Limits,
    headers: dict[str, str],
    body: bytes | None,
    accept_304: bool,
) -> Answer:
    current = url
    for _hop in range(limits.max_redirects + 1):
        parts = urlsplit(current)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise HttpFailure(f"not an http(s) URL: {current[:200]}")
        if not limits.allow_private:
            why = await asyncio.get_running_loop().run_in_executor(
                None, refused_address, parts.hostname
            )
            if why:
                raise HttpFailure(why, refused=True)
        req = client.build_request(method, current, headers=headers, content=body)
        resp = await client.send(req, stream=True)
        try:
            location = resp.headers.get("location")
            if resp.status_code in REDIRECTS and location:
                current = urljoin(current, location)
                if resp.status_code == 303 or (resp.status_code in (301, 302) and method == "POST"):
                    method, body = "GET", None
                continue
            if resp.status_code == 304 and accept_304:
                return Answer(str(resp.url), 304, dict(resp.headers), b"", resp.reason_phrase)
            if resp.status_code >= 400:
                raise HttpFailure(
                    f"HTTP {resp.status_code} {resp.reason_phrase}".strip(),
                    status=resp.status_code,
                )
            data = await _read_capped(resp, limits.max_bytes)
            return Answer(
                str(resp.url), resp.status_code, dict(resp.headers), data, resp.reason_phrase
            )
        finally:
            await resp.aclose()
    raise HttpFailure(f"more than {limits.max_redirects} redirects")


async def _read_capped(resp: httpx.Response, cap: int) -> bytes:
    declared = resp.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise HttpFailure(
            f"{declared} bytes is over the size limit of {cap} bytes", size=int(declared)
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in resp.aiter_bytes():
        size += len(chunk)
        if size > cap:
            raise HttpFailure(f"over the size limit of {cap} bytes", size=f"at least {size}")
        chunks.append(chunk)
    return b"".join(chunks)
