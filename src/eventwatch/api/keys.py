"""API keys for the REST API's write endpoints, stored hashed (SHA-256 of a random token).

A key is shown once, when created: `ew_<prefix>_<secret>`. Only its hash and its prefix (to
list and revoke it) are kept.
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


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(store: Store, name: str) -> str:
    """A new key (returned once, never stored in clear)."""
    name = name.strip()
    if not name or len(name) > 200:
        raise EventwatchError(E.BAD_VALUE, what="API key name", reason="must be 1-200 characters")
    prefix = secrets.token_hex(4)
    key = f"ew_{prefix}_{secrets.token_urlsafe(32)}"
    with store.session() as s:
        s.add(
            ApiKeyRow(
                name=name,
                prefix=prefix,
                key_hash=_hash(key),
                created_at=datetime.now(UTC).replace(tzinfo=None, microsecond=0),
            )
        )
    return key


def verify_key(store: Store, key: str | None) -> bool:
    """Whether `key` is a live (not revoked) key."""
    if not key or not key.startswith("ew_") or len(key) > 200:
        return False
    digest = _hash(key)
    with store.session() as s:
        row = s.scalars(select(ApiKeyRow).where(ApiKeyRow.key_hash == digest)).first()
        return (
            row is not None and row.revoked_at is None and hmac.compare_digest(row.key_hash, digest)
        )


def list_keys(store: Store) -> list[dict[str, Any]]:
    with store.session() as s:
        return [
            {
                "id": r.id,
                "name": r.name,
                "prefix": r.prefix,
                "created_at": r.created_at.isoformat(timespec="seconds"),
                "revoked_at": r.revoked_at.isoformat(timespec="seconds") if r.revoked_at else None,
            }
            for r in s.scalars(select(ApiKeyRow).order_by(ApiKeyRow.id))
        ]


def revoke_key(store: Store, ref: str) -> None:
    """Revoke a key by id or prefix."""
    with store.session() as s:
        stmt = select(ApiKeyRow).where(
            ApiKeyRow.id == int(ref) if ref.isdigit() else ApiKeyRow.prefix == ref
        )
        row = s.scalars(stmt).first()
        if row is None:
            raise EventwatchError(E.NOT_FOUND, what="API key", name=ref)
        row.revoked_at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
