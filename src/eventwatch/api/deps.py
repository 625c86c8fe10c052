"""What the API's routers share: the app's store, the API-key checks, the query and path
parameter types, and the error responses each route documents."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, HTTPException, Path, Query, Request, Security
from fastapi.security import APIKeyHeader

from eventwatch.api import models as m
from eventwatch.store import Store

API_KEY_HEADER = "X-API-Key"
NO_KEY = f"a valid {API_KEY_HEADER} header is required (eventwatch apikey create NAME)"
READ_ONLY_KEY = "this API key may only read (eventwatch apikey create NAME --scope write)"
MAX_LIMIT = 1000
MAX_OFFSET = 10**9

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")]
Text = Annotated[str | None, Query(min_length=1, max_length=200)]
CountryQ = Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="ISO 3166 alpha-3")]
EventId = Annotated[str, Path(min_length=1, max_length=64)]
RuleId = Annotated[int, Path(ge=1, le=2**31 - 1)]

_key_header = APIKeyHeader(
    name=API_KEY_HEADER, auto_error=False, description="a key from `eventwatch apikey create`"
)

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": m.ErrorOut, "description": "a value the domain refuses"},
    404: {"model": m.ErrorOut, "description": "not found"},
}
READ_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    401: {"model": m.ErrorOut, "description": "missing or unknown API key"},
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **READ_ERRORS,
    403: {"model": m.ErrorOut, "description": "a read-only API key"},
    409: {"model": m.ErrorOut, "description": "a rule of that name exists"},
}


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


def require_key(request: Request, key: Annotated[str | None, Security(_key_header)] = None) -> None:
    """Documents the key in the OpenAPI schema; `FastPaths` enforces it first."""
    check_key(request.app.state.store, key, "write")


def require_read_key(
    request: Request, key: Annotated[str | None, Security(_key_header)] = None
) -> None:
    """Rules and alerts: a read or write key, unless the server made them public."""
    if not request.app.state.public_rules:
        check_key(request.app.state.store, key, "read")


read_key = [Depends(require_read_key)]


def check_key(store: Store, key: str | None, need: str) -> None:
    """Raise 401 for a missing or unknown key, 403 for a read key where `need` is "write"."""
    from eventwatch.api.keys import key_scope

    scope = key_scope(store, key)
    if scope is None:
        raise HTTPException(401, detail=NO_KEY, headers={"WWW-Authenticate": "ApiKey"})
    if need == "write" and scope != "write":
        raise HTTPException(403, detail=READ_ONLY_KEY)


def filter_key(flt: Any) -> tuple[Any, ...]:
    """A filter dataclass as a hashable cache key."""
    return tuple(sorted(vars(flt).items()))
