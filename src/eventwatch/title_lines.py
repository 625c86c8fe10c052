"""A headline on a line of its own is a sentence of its own: a spaCy component that `nlp.load`
puts before the parser, which keeps sentence starts set before it runs. Without it a title
runs into the lead's dateline ("... Journalists" / "NAIROBI (Reuters) - ...") in one
sentence, and `headlines.reparse` had to parse both pieces again, apart."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MAX_TOKENS = 24  # a longer line is no headline
_ENDINGS = {".", "!", "?", "...", "…"}
_CLOSERS = {'"', "'", "”", "’", ")", "]"}


def reads_as_title(words: Sequence[Token]) -> bool:
    """Whether the words of a line read as a headline: 3 to 24 of them, the first with a
    capital, the last (quotes and brackets aside) no full stop, question or exclamation mark."""
    if not 3 <= len(words) <= MAX_TOKENS or not words[0].text[:1].isupper():
        return False
    last = len(words) - 1
    while last > 0 and words[last].text in _CLOSERS:
        last -= 1
    return words[last].text not in _ENDINGS


def mark_title_lines(doc: Doc) -> Doc:
    """Before the parser: a headline on a line of its own (`reads_as_title`)
    is a sentence of its own, and so is what follows it. The parser keeps sentence starts set
    before it runs, so a title no longer runs into the lead's dateline ("... Journalists" /
    "NAIROBI (Reuters) - ...") in one parse, which had to be parsed again in two pieces."""
    toks = list(doc)
    n, i = len(toks), 0
    while i < n:
        j = i
        while j < n and "\n" not in toks[j].text:
            j += 1
        words = [t for t in toks[i:j] if not t.is_space]
        if reads_as_title(words):
            k = j
            while k < n and toks[k].is_space:
                k += 1
            # a lone break before a small letter is a wrapped line, not a headline's end
            if k < n and not toks[k].text[:1].islower():
                words[0].is_sent_start = True
                toks[k].is_sent_start = True
        i = j + 1
    return doc
