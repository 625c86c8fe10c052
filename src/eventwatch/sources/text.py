"""Plain text, and the checks every input's bytes pass first (empty, binary, UTF-8)."""

from __future__ import annotations

from eventwatch.errors import E, EventwatchError
from eventwatch.records import Article

_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"\x7fELF")
_TEXT_CONTROLS = set(b"\t\n\r\f\v\x1b\x08")


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text: a NUL, a known binary signature, or many controls."""
    head = data[:8192]
    if b"\x00" in head or head.startswith(_MAGIC):
        return True
    controls = sum(1 for b in head if b < 0x20 and b not in _TEXT_CONTROLS)
    return bool(head) and controls / len(head) > 0.05


def check_bytes(data: bytes, name: str) -> None:
    """Raise the input's one-line error when its bytes cannot be text at all."""
    if not data.strip():
        raise EventwatchError(E.INPUT_EMPTY, name=name)
    if looks_binary(data):
        raise EventwatchError(E.INPUT_BINARY, name=name)


def decode_utf8(data: bytes, name: str) -> str:
    """UTF-8 (a byte-order mark is dropped) or E004 naming the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise EventwatchError(
            E.INPUT_ENCODING, name=name, reason=f"byte 0x{bad} at offset {exc.start}"
        ) from exc


def article_from_text(raw: str, origin: str) -> Article:
    """Plain text: the first non-empty line is the headline, the rest the body.

    A single line is both headline and body. Raises E002 when there is no text.
    """
    lines = [ln.rstrip() for ln in raw.strip().splitlines()]
    if not lines:
        raise EventwatchError(E.INPUT_EMPTY, name=origin)
    title = lines[0].strip()
    body = "\n".join(lines[1:]).strip() if len(lines) > 1 else title
    return Article(text=body, title=title, origin=origin)
