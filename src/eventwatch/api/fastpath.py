"""Pure ASGI middleware in front of the API: what can be decided without an endpoint is
decided on the event loop, without a worker thread.

- A write (`POST/PUT/PATCH/DELETE`) without a valid write key is refused before its body
  is read: 401 without a valid key, 403 with a read-only one.
- A `GET` of a cacheable read (`/events`, `/articles`, `/actors`, `/trends`) whose answer
  is in the aggregate cache (`eventwatch.api.cache`) is answered from it; a 200 answered by
  the endpoint is kept there under its path and sorted query.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CACHED_PATHS = frozenset({"/events", "/articles", "/actors", "/trends"})


class FastPaths:
    def __init__(self, app: ASGIApp, key_header: str, no_key: str, read_only: str) -> None:
        self.app = app
        self.key_header = key_header.lower().encode("latin-1")
        self.no_key, self.read_only = no_key, read_only

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope["app"].state
        method = scope["method"]
        if method in WRITE_METHODS:
            await self._guard_write(state, scope, receive, send)
            return
        if method == "GET" and scope["path"] in CACHED_PATHS:
            await self._cached(state.cache, scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _guard_write(self, state: Any, scope: Scope, receive: Receive, send: Send) -> None:
        from eventwatch.api.keys import key_scope

        key = dict(scope["headers"]).get(self.key_header)
        text = key.decode("latin-1") if key else None
        scope_of_key = await run_in_threadpool(key_scope, state.store, text)
        if scope_of_key == "write":
            await self.app(scope, receive, send)
            return
        status, detail = (403, self.read_only) if scope_of_key == "read" else (401, self.no_key)
        await _send_json(send, status, {"detail": detail}, [(b"www-authenticate", b"ApiKey")])

    async def _cached(self, cache: Any, scope: Scope, receive: Receive, send: Send) -> None:
        query = scope.get("query_string", b"").decode("latin-1")
        key = ("url", scope["path"], tuple(sorted(parse_qsl(query, keep_blank_values=True))))
        hit = cache.peek(key)
        if hit is not None:
            body, media = hit
            await _send(send, 200, body, [(b"content-type", media.encode("latin-1"))])
            return
        started: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body") and started.get("status") == 200:
                    headers = dict(started.get("headers") or [])
                    media = headers.get(b"content-type", b"application/json").decode("latin-1")
                    cache.put(key, (b"".join(chunks), media))
            await send(message)

        await self.app(scope, receive, keep)


async def _send(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    headers = [*headers, (b"content-length", str(len(body)).encode("latin-1"))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _send_json(
    send: Send, status: int, data: dict[str, Any], headers: list[tuple[bytes, bytes]]
) -> None:
    body = json.dumps(data).encode("utf-8")
    await _send(send, status, body, [(b"content-type", b"application/json"), *headers])
