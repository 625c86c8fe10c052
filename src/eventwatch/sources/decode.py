"""Bytes to text: UTF-8 when it is UTF-8, else the encoding charset-normalizer guesses.

News that is not UTF-8 is nearly always Windows-1252 (or its subset latin-1): among the
guesses that read the bytes equally cleanly, cp1252 is preferred, since charset-normalizer
alone may name a neighbour (cp1250, cp775) that turns `à` into `ŕ`; and the encodings of
web pages and wires (Windows, ISO 8859, KOI8, the East Asian ones) are preferred to DOS and
Mac code pages. The guess is returned, so that it can be recorded on the article.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventwatch.errors import E, EventwatchError

PREFERRED = ("cp1252", "latin_1", "iso8859_15")  # Western European, the usual non-UTF-8 news
CHAOS_SLACK = 0.05  # guesses this close to the cleanest count as equally clean
# what web pages and wires are written in; DOS and Mac code pages only when nothing else fits
WEB_FAMILIES = ("cp125", "iso8859", "latin", "koi8", "utf", "shift_jis", "euc", "gb", "big5")
MAX_CHAOS = 0.25  # a guess messier than this is no reading at all


@dataclass(frozen=True)
class Decoded:
    """The text and the encoding it was read with; `guessed` when it was not UTF-8."""

    text: str
    encoding: str
    guessed: bool = False


def decode_bytes(data: bytes, name: str) -> Decoded:
    """UTF-8 (a byte-order mark dropped), else the best guess; E004 when nothing reads it."""
    try:
        return Decoded(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    guess = guess_encoding(data)
    if guess is None:
        bad = data[utf8_error.start : utf8_error.start + 1].hex()
        raise EventwatchError(
            E.INPUT_ENCODING,
            name=name,
            reason=f"byte 0x{bad} at offset {utf8_error.start}, and no other encoding fits",
        ) from utf8_error
    return Decoded(data.decode(guess), guess, guessed=True)


def guess_encoding(data: bytes) -> str | None:
    """The encoding charset-normalizer finds cleanest (cp1252 on a tie), or None."""
    from charset_normalizer import from_bytes

    results = [r for r in from_bytes(data) if r.chaos <= MAX_CHAOS]
    if not results:
        return None
    web = [r for r in results if any(_is_web(c) for c in r.could_be_from_charset)]
    results = web or results
    cleanest = min(r.chaos for r in results)
    for wanted in PREFERRED:
        for r in results:
            if r.chaos <= cleanest + CHAOS_SLACK and wanted in r.could_be_from_charset:
                return wanted
    best = min(results, key=lambda r: (r.chaos, -r.coherence))
    return str(best.encoding)


def _is_web(encoding: str) -> bool:
    return encoding.lower().startswith(WEB_FAMILIES)
