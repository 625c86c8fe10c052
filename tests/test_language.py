"""Is an article English? Plain English news is told by its commonest words, without the
n-gram classifier; other languages still go to the classifier and are skipped."""

from __future__ import annotations

from eventwatch.records import Article
from eventwatch.sources import language

ENGLISH_WIRE = (
    "The finance ministers of the two countries met in Accra on Thursday to discuss a loan "
    "that has been held up for months, officials said. The talks were the first since the "
    "election, and the opposition said it would ask parliament to review the terms of any deal "
    "that was signed by the government."
)
ENGLISH_TERSE = (
    "Flooding closes roads across Kerala; thousands moved to shelters; power cut in three "
    "districts; rescue teams deployed; schools shut until Monday; fishermen warned; airport "
    "runway under water; trains cancelled; relief camps opened; state seeks central aid."
)
GERMAN = (
    "Die Regierung hat am Dienstag ein neues Gesetz zur Förderung erneuerbarer Energien "
    "beschlossen. Der Minister sagte, die Maßnahmen würden in den kommenden Jahren umgesetzt, "
    "und die Opposition kritisierte den Plan als unzureichend und zu teuer für die Haushalte."
)
SPANISH = (
    "El Gobierno anunció el martes un nuevo paquete de medidas para hacer frente a la subida "
    "de los precios, que ha alcanzado su nivel más alto en tres décadas. La oposición criticó "
    "el plan y pidió que el Parlamento lo debata antes de que entre en vigor el mes que viene."
)


def test_plain_english_news_is_told_by_its_function_words():
    assert language.plainly_english(ENGLISH_WIRE)
    assert language.detect(ENGLISH_WIRE) == ("en", 1.0)


def test_terse_english_and_other_languages_go_to_the_classifier():
    # few function words (a list of headlines): not plainly English, but still English
    assert not language.plainly_english(ENGLISH_TERSE)
    found = language.detect(ENGLISH_TERSE)
    assert found is not None and found[0] == "en"
    for text, code in ((GERMAN, "de"), (SPANISH, "es")):
        assert not language.plainly_english(text)
        got = language.detect(text)
        assert got is not None and got[0] == code
        err = language.not_english(Article(id=code, text=text))
        assert err is not None and code in str(err)


def test_too_few_words_are_not_judged_by_function_words():
    short = "The minister said the talks in the capital were over."
    assert not language.plainly_english(short)
