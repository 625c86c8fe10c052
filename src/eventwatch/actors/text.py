"""Text normalisation shared by the knowledge-base indexes and the mention matcher.

`norm` folds case, accents, dots, apostrophes and hyphens, so "Kim Jong-il", "Kim Jong Il"
and "KIM JONG IL" share one key; `tokens` splits a mention into words that keep their
character offsets and whether they carried a possessive "'s".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_APOS = "'’‘`´"
_DASHES = "-‐‑‒–—"
_WORD = re.compile(r"[^\W_][\w'’‘`´.\-‐‑–—]*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s?$", re.IGNORECASE)


_SPECIAL = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss"})
_KEY = str.maketrans({**{ch: None for ch in _APOS + "."}, **{ch: " " for ch in _DASHES}})


def fold(text: str) -> str:
    """Accents removed (é -> e, ł -> l), case kept."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """The lookup key of a name or phrase: folded, lower-case, no dots or apostrophes,
    hyphens as spaces, single spaces."""
    return " ".join(fold(text).lower().translate(_KEY).split())


def acronym_key(text: str) -> str | None:
    """The case-sensitive key of an all-capitals alias ("UN", "U.S.", "IS"), else None."""
    key = fold(text).replace(".", "").replace(" ", "")
    letters = [c for c in key if c.isalpha()]
    if letters and len(key) <= 6 and all(c.isupper() for c in letters):
        return key
    return None


@dataclass(frozen=True)
class Tok:
    """One word of a mention: its text, lookup key, offsets, and a trailing possessive."""

    text: str
    key: str
    start: int
    end: int
    possessive: bool = False
    full_key: str = ""  # the key with the possessive kept ("people's" -> "peoples")

    @property
    def capitalised(self) -> bool:
        first = self.text[:1]
        return first.isupper() or first.isdigit()


def tokens(text: str) -> list[Tok]:
    """Words of `text` with offsets; "Kim's" -> Tok("Kim", possessive=True)."""
    out: list[Tok] = []
    for m in _WORD.finditer(text):
        word, start = m.group(0), m.start()
        word = word.rstrip("".join(_DASHES) + ".")
        possessive = False
        full = word
        pm = _POSSESSIVE.search(word)
        if pm and (pm.group(0).lower().endswith("s") or word[-1] in _APOS) and len(word) > 2:
            word = word[: pm.start()]
            possessive = True
        key = norm(word)
        if key:
            out.append(Tok(word, key, start, start + len(word), possessive, norm(full)))
    return out
