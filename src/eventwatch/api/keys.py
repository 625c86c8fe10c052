"""API keys for the REST API, stored hashed (SHA-256 of a random token), each with a scope.

A key is shown once, when created: `ew_<prefix>_<secret>`. Only its hash, its prefix (to
list and revoke it) and its scope are kept. Scopes: `read` (rules and alerts) and `write`
(everything a read key may, and changing rules).

Checking a key takes the same steps whatever is wrong with it (hash, one look-up, one
constant-time comparison against the stored hash or a dummy), so answer times do not tell
a malformed key from an unknown or revoked one.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from eventwatch.errors import E, EventwatchError
from eventwatch.store import Store
from eventwatch.watch.schema import ApiKeyRow

SCOPES = ("read", "write")
_DUMMY = "0" * 64


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(store: Store, name: str, scope: str = "write") -> str:
    """A new key (returned once, never stored in clear) with `scope` read or write."""
    name = name.strip()
    if not name or len(name) > 200:
        raise EventwatchError(E.BAD_VALUE, what="API key name", reason="must be 1-200 characters")
    if scope not in SCOPES:
        raise EventwatchError(E.BAD_VALUE, what="API key scope", reason="must be read or write")
    prefix = secrets.token_hex(4)
    key = f"ew_{prefix}_{secrets.token_urlsafe(32)}"
    with store.session() as s:
        s.add(
            ApiKeyRow(
                name=name,
                prefix=prefix,
                key_hash=_hash(key),
                scope=scope,
                created_at=datetime.now(UTC).replace(tzinfo=None, microsecond=0),
            )
        )
    return key


def key_scope(store: Store, key: str | None) -> str | None:
    """The scope of `key` when it is a live key ("read" or "write"), else None."""
    text = key if key and len(key) <= 200 else ""
    digest = _hash(text)
    with store.session() as s:
        row = s.execute(
            select(ApiKeyRow.key_hash, ApiKeyRow.revoked_at, ApiKeyRow.scope).where(
                ApiKeyRow.key_hash == digest
            )
        ).first()
    stored = row.key_hash if row is not None else _DUMMY
    same = hmac.compare_digest(stored, digest)
    if not same or row is None or row.revoked_at is not None or not text.startswith("ew_"):
        return None
    return row.scope or "write"


def verify_key(store: Store, key: str | None, scope: str = "write") -> bool:
    """Whether `key` is a live key allowed to do `scope` ("read" or "write"): a write key
    may do both, a read key only read."""
    has = key_scope(store, key)
    return has == "write" or (has == "read" and scope == "read")


def list_keys(store: Store) -> list[dict[str, Any]]:
    with store.session() as s:
        return [
            {
                "id": r.id,
                "name": r.name,
                "prefix": r.prefix,
                "scope": r.scope or "write",
                "created_at": r.created_at.isoformat(timespec="seconds"),
                "revoked_at": r.revoked_at.isoformat(timespec="seconds") if r.revoked_at else None,
            }
            for r in s.scalars(select(ApiKeyRow).order_by(ApiKeyRow.id))
        ]


def revoke_key(store: Store, ref: str) -> dict[str, Any]:
    """Revoke one key named by `ref` and return what `list_keys` says of it.

    `ref` is `id:N` (a row id), a prefix or its start (`ew_<prefix>_...`, a whole key, is read
    as its prefix), or a bare number that is an id or a prefix: digits are never taken for an
    id alone, since 2% of prefixes are all digits (nor at all with a leading 0). More than one key matching is an E014
    error listing them; none is E013.
    """
    ref = ref.strip()
    with store.session() as s:
        rows = _key_candidates(s, ref)
        if not rows:
            raise EventwatchError(E.NOT_FOUND, what="API key", name=ref)
        if len(rows) > 1:
            listed = ", ".join(f"id:{r.id} (prefix {r.prefix}, {r.name})" for r in rows[:10])
            raise EventwatchError(
                E.BAD_VALUE,
                what=f"API key {ref!r}",
                reason=f"matches {len(rows)} keys: {listed}; name one by id:N or its prefix",
            )
        row = rows[0]
        row.revoked_at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
        return {"id": row.id, "prefix": row.prefix, "name": row.name}


def _key_candidates(s: Any, ref: str) -> list[ApiKeyRow]:
    """The keys `ref` may name (see revoke_key), in id order."""
    if ref.startswith("id:"):
        row = s.get(ApiKeyRow, int(ref[3:])) if ref[3:].isdigit() else None
        return [row] if row is not None else []
    if ref.startswith("ew_") and ref.count("_") >= 2:
        ref = ref.split("_")[1]
    if not ref:
        return []
    exact = list(s.scalars(select(ApiKeyRow).where(ApiKeyRow.prefix == ref)))
    found = (
        {r.id: r for r in exact}
        if exact
        else {r.id: r for r in s.scalars(select(ApiKeyRow).where(ApiKeyRow.prefix.startswith(ref, autoescape=True)))}
    )
    as_id = ref.isdigit() and not ref.startswith("0")  # nobody writes an id as 0042
    if as_id and (by_id := s.get(ApiKeyRow, int(ref))) is not None:
        found[by_id.id] = by_id
    return [found[i] for i in sorted(found)]
