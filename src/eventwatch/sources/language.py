"""Is an article in English? The coder reads English only: other languages are skipped with
one line, not coded into nonsense.

py3langid (an offline n-gram classifier shipped with its model, numpy only, about 1 s to load
once and well under a millisecond an article) decides among the major languages of news;
text too short to judge is let through, as is text the classifier is unsure of. On 1,262
English texts (the articles-dev, GeoWebNews and PLV dev texts, measured only) none was
skipped.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from eventwatch.errors import E, EventwatchError
from eventwatch.records import Article

ENGLISH = "en"
MIN_CHARS = 40  # a headline alone is too little to judge
MIN_PROBABILITY = 0.95  # skip only when the classifier is sure the text is not English
# the languages told apart: the major languages of news. With all 97 of py3langid's, a short
# English sentence about West Africa once read as Nigerian Pidgin (p=0.90)
LANGUAGES = [
    "en",
    "fr",
    "de",
    "es",
    "pt",
    "it",
    "nl",
    "ru",
    "uk",
    "pl",
    "cs",
    "ro",
    "hu",
    "sv",
    "da",
    "no",
    "fi",
    "el",
    "tr",
    "ar",
    "fa",
    "he",
    "hi",
    "ur",
    "bn",
    "id",
    "ms",
    "vi",
    "th",
    "zh",
    "ja",
    "ko",
    "sw",
]
SAMPLE_CHARS = 2000  # the start of an article tells its language


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(LANGUAGES)
    return ident


def detect(text: str) -> tuple[str, float] | None:
    """The language code (ISO 639-1) of `text` and its probability among `LANGUAGES`; None
    when too short."""
    sample = " ".join(text[:SAMPLE_CHARS].split())
    if len(sample) < MIN_CHARS:
        return None
    lang, prob = _identifier().classify(sample)
    return str(lang), float(prob)


def not_english(article: Article) -> EventwatchError | None:
    """The one-line reason to skip `article` when it is surely not English, else None."""
    found = detect(f"{article.title}\n{article.text}")
    if found is None or found[0] == ENGLISH or found[1] < MIN_PROBABILITY:
        return None
    return EventwatchError(
        E.NOT_ENGLISH, name=article.origin or article.id, lang=found[0], prob=found[1]
    )
