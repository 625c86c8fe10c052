"""Name keys: the one normalisation every gazetteer name and every text span goes through.

`Komsomol'sk-na-Amure`, `Komsomolsk na Amure` and `KOMSOMOLSK-NA-AMURE` share one key, so a
lookup is a single index probe whatever the spelling's accents, apostrophes or hyphens.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = "'’‘`´ʼʻ"
_DROP = re.compile(f"[{_APOSTROPHES}.]")
_SPACE = re.compile(r"[\s\-‐‑–—_/,]+")
_LEADING_THE = re.compile(r"^the\s+")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """The lookup key of a place name: accents, case, apostrophes, dots and a leading "the"
    dropped, hyphens and runs of spaces folded to one space.

    >>> name_key("Komsomol'sk-na-Amure")
    'komsomolsk na amure'
    >>> name_key("the U.S.")
    'us'
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("ß", "ss").replace("ø", "o").replace("Ø", "O").replace("ł", "l")
    text = text.replace("Ł", "L").replace("đ", "d").replace("ı", "i").replace("æ", "ae")
    text = text.replace("&", " and ")
    text = _DROP.sub("", text).casefold()
    text = _SPACE.sub(" ", text).strip()
    text = _LEADING_THE.sub("", text)
    if " " in text:
        words = text.split(" ")
        text = " ".join(_ABBREVIATIONS.get(w, w) for w in words)
    return text


def is_latin(name: str) -> bool:
    """True when every letter of `name` is Latin script (so English text can contain it)."""
    return all("LATIN" in unicodedata.name(ch, "") for ch in name if ch.isalpha())
