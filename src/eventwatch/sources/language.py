"""Is an article in English? The coder reads English only: other languages are skipped with
one line, not coded into nonsense.

py3langid (an offline n-gram classifier shipped with its model, numpy only, about 1 s to load
once and well under a millisecond an article) decides among the major languages of news;
text too short to judge is let through, as is text the classifier is unsure of. On 1,262
English texts (the articles-dev, GeoWebNews and PLV dev texts, measured only) none was
skipped.

Most news in English says so in its commonest words: a text whose start is at least 20 %
English function words, with "the" at least 1 % of its words, is English without asking the
classifier (595 of the 600 real articles of `benchmarks/bench_pipeline.py`; texts in French,
German, Spanish, Italian, Dutch, Portuguese or Indonesian have no "the" and 0-10 % of these
words). Ingest checks every article before it is coded, in the one process that also writes,
so the classifier (half a second to load, then a pass over 2,000 characters) is the exception.
"""

from __future__ import annotations

import re
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
# English's commonest short words; "the" alone is almost never a word of another language
FUNCTION_WORDS = frozenset({  # fmt: skip
    "the", "of", "and", "to", "in", "a", "is", "was", "that", "for", "on", "with", "said",
    "by", "as", "at", "from", "it", "has", "have", "had", "be", "are", "were", "he", "his",
    "her", "its", "which", "an", "will", "not", "this", "but", "they", "their", "who", "been",
    "would", "after", "also",
})
PLAIN_MIN_WORDS = 30
PLAIN_MIN_SHARE = 0.2
PLAIN_MIN_THE = 0.01
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(LANGUAGES)
    return ident


def plainly_english(sample: str) -> bool:
    """True when `sample` reads as English by its function words alone (see the module)."""
    words = _WORD.findall(sample.lower())
    if len(words) < PLAIN_MIN_WORDS:
        return False
    common = sum(w in FUNCTION_WORDS for w in words)
    return common >= PLAIN_MIN_SHARE * len(words) and words.count("the") >= PLAIN_MIN_THE * len(
        words
    )


def detect(text: str) -> tuple[str, float] | None:
    """The language code (ISO 639-1) of `text` and its probability among `LANGUAGES` (1.0
    for plainly English text, which the classifier is not asked about); None when too short."""
    sample = " ".join(text[:SAMPLE_CHARS].split())
    if len(sample) < MIN_CHARS:
        return None
    if plainly_english(sample):
        return ENGLISH, 1.0
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
