"""Which words of a document stand inside quotation marks.

A quotation is the speaker's own words: the people and groups it names ("the rights of
children", said a judge) are not who the narrative's next "They" refers to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

_STRAIGHT = '"'
_OPEN = "“"
_CLOSE = "”"


def quoted_tokens(doc: Doc) -> frozenset[int]:
    """Indices of the tokens between a pair of quotation marks (the marks excluded). Straight
    quotes alternate open and close; curly ones say which they are. A quote left open at a
    paragraph break (news runs a long quote on with a fresh opening mark) closes there."""
    inside = False
    out: set[int] = set()
    for tok in doc:
        text = tok.text
        if text == _STRAIGHT:
            inside = not inside
        elif text == _OPEN:
            inside = True
        elif text == _CLOSE or (tok.is_space and text.count("\n") > 1):
            inside = False
        elif inside:
            out.add(tok.i)
    return frozenset(out)
