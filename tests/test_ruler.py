"""eventwatch.ruler: the attribute ruler matched from tables writes exactly what spaCy's does."""

import pytest

from eventwatch import nlp as nlp_mod
from eventwatch import ruler

# invented sentences that reach the ruler's exceptions as well as its tag map: contractions,
# "gonna"/"gotta", "let's", "c'mon", "y'all", expletive "there is", spaces, symbols, numbers
SENTENCES = [
    "The minister said they ain't gonna sign the deal, and y'all know it.",
    "Let's go, c'mon: we gotta leave before the guards arrive at 6:30 p.m.",
    "There are 40 soldiers at the border and there was no warning.",
    "Officials   met in Geneva;  the talks (the second round) ended — without a statement.",
    "She's been to Paris twice; he'd said he'll return, but it isn't clear.",
    "Protesters threw stones at police in Lagos on Friday, injuring 12 people!",
    "Is it true that the U.N. envoy won't travel to Kabul?\n\nNobody knows.",
    "The ministry's spokesman, Mr. Li, told reporters: \"We will respond.\"",
    "€5m was pledged; 3.5% more than last year's sum, the E.U. said.",
    "Ain't nobody here who didn't vote, said the mayor of Springfield, Ill.",
]


def _attrs(doc):
    return [
        (t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_)
        for t in doc
    ]


@pytest.fixture(scope="module")
def stock():
    import importlib

    return importlib.import_module(nlp_mod.MODEL_PACKAGE).load()


def test_loader_uses_the_table_ruler_in_the_stock_place(stock):
    model = nlp_mod.load()
    # the stock components in the stock order, with eventwatch's title-line marker before the parser
    assert [n for n in model.pipe_names if n != nlp_mod.TITLE_LINES] == stock.pipe_names
    assert model.pipe_names.index(nlp_mod.TITLE_LINES) == model.pipe_names.index("parser") - 1
    assert isinstance(model.get_pipe("attribute_ruler"), ruler.TableRuler)


def test_same_attributes_as_spacys_ruler(stock):
    model = nlp_mod.load()
    docs = list(model.pipe(SENTENCES))
    for text, doc, ref in zip(SENTENCES, docs, stock.pipe(SENTENCES), strict=True):
        assert _attrs(doc) == _attrs(ref), text


def test_exceptions_are_applied():
    doc = nlp_mod.load()("They ain't gonna stop, and there are many of them.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["ai"] == "be" and lemmas["gon"] == "go" and lemmas["na"] == "to"
    assert next(t for t in doc if t.text == "are").pos_ == "VERB"  # after expletive "there"


def test_unreadable_pattern_is_refused():
    with pytest.raises(ruler.Unsupported):
        ruler.TableMatcher([[[{"LOWER": {"FUZZY": "x"}}]]], [0], nlp_mod.load().vocab.strings)
    with pytest.raises(ruler.Unsupported):
        ruler.TableMatcher([[[{"ORTH": "x"}]]], [0], nlp_mod.load().vocab.strings)


def test_the_lemmatizer_index_is_read_as_sets(stock):
    # each new inflected word asked `form in index` of a list of 57,528 nouns; sets answer
    # the same (the lemmas above match spaCy's own pipeline, token for token)
    table = nlp_mod.load().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(isinstance(words, frozenset) for words in table.values())
    text = "The envoys were negotiating ceasefires while militias shelled the biggest towns."
    got = [t.lemma_ for t in nlp_mod.load()(text)]
    assert got == [t.lemma_ for t in stock(text)]
    assert "envoy" in got and "negotiate" in got and "militia" in got
