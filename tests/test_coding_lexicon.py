"""The trigger lexicon: size, coverage, schema check, and what a few entries fire."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest

from eventwatch.coding import code_doc
from eventwatch.coding import lexicon as lex_mod
from eventwatch.coding.lexicon import LexiconError, lexicon
from eventwatch.coding.ontology import plover_types


def test_lexicon_size_and_coverage():
    lex = lexicon()
    assert len(lex) >= 1500
    by_type = Counter(e.event_type for e in lex.entries())
    assert set(by_type) == set(plover_types())
    assert min(by_type.values()) >= 50, by_type
    kinds = Counter(e.kind for e in lex.entries())
    assert kinds["verb"] and kinds["noun"] and kinds["phrase"]
    assert any(e.kind == "verb" and e.extra for e in lex.entries())  # particle verbs


def test_indexes_are_keyed_by_lemma():
    lex = lexicon()
    assert any(e.event_type == "ASSAULT" for e in lex.verbs["attack"])
    assert any(e.text == "air strike" for e in lex.nouns["strike"])
    assert any(e.text == "lift sanction" and e.event_type == "CONCEDE" for e in lex.phrases["lift"])
    assert any(e.text == "crack down" for e in lex.verbs["crack"])


# one sentence per type: the lexicon must fire the right type
TYPE_SENTENCES = [
    ("AGREE", "Hamas accepted Egypt’s proposal for a truce."),
    ("SUPPORT", "Israel and Hamas reached an agreement on a prisoner exchange."),
    ("CONSULT", "The Saudi foreign minister met his Iranian counterpart in Beijing."),
    ("SUPPORT", "The president praised the Kenyan police for their work."),
    ("CONCEDE", "The junta released the opposition leader on Tuesday."),
    ("COOPERATE", "India and Japan held joint naval exercises in the Bay of Bengal."),
    ("AID", "The World Bank granted Pakistan a loan of two billion dollars."),
    ("RETREAT", "Russian troops withdrew from Kherson."),
    ("REQUEST", "The opposition called on the president to resign."),
    ("ACCUSE", "Beijing accused Washington of interfering in its affairs."),
    ("REJECT", "Tehran rejected the proposal from the European Union."),
    ("THREATEN", "Pyongyang threatened Seoul with a nuclear response."),
    ("PROTEST", "Thousands of farmers protested against the government in Delhi."),
    ("SANCTION", "Moscow expelled two British diplomats."),
    ("COERCE", "The United States imposed sanctions on Russian banks."),
    ("MOBILIZE", "Azerbaijan deployed troops along the border with Armenia."),
    ("COERCE", "Police arrested dozens of protesters in Minsk."),
    ("ASSAULT", "Gunmen killed four soldiers in northern Mali."),
]


@pytest.mark.parametrize("etype,sentence", TYPE_SENTENCES, ids=[t for t, _ in TYPE_SENTENCES])
def test_each_type_fires(nlp, etype, sentence):
    types = [e.event_type for e in code_doc(nlp(sentence))]
    assert etype in types, types


def _copy(tmp_path):
    d = tmp_path / "lexicon"
    shutil.copytree(lex_mod.LEXICON_DIR, d)
    return d


def test_schema_check_rejects_unknown_mode(tmp_path):
    d = _copy(tmp_path)
    p = d / "assault.yaml"
    p.write_text(p.read_text().replace("mode: aerial", "mode: orbital"))
    with pytest.raises(LexiconError, match=r"assault.yaml group \d+: ASSAULT has no mode 'orbital'"):
        lex_mod.load(d)


def test_schema_check_rejects_unknown_cameo(tmp_path):
    d = _copy(tmp_path)
    p = d / "assault.yaml"
    p.write_text(p.read_text().replace('cameo: "195"', 'cameo: "999"'))
    with pytest.raises(LexiconError, match="unknown CAMEO code '999'"):
        lex_mod.load(d)


def test_schema_check_rejects_one_word_phrase(tmp_path):
    d = _copy(tmp_path)
    p = d / "protest.yaml"
    p.write_text(p.read_text().replace("phrases: [stage protest,", "phrases: [protest,"))
    with pytest.raises(LexiconError, match="needs a verb and an object"):
        lex_mod.load(d)


def test_schema_check_rejects_a_key_written_twice(tmp_path):
    d = _copy(tmp_path)
    p = d / "protest.yaml"
    p.write_text(p.read_text().replace("    phrases: [stage protest,", "    verbs: [picket]\n    phrases: [stage protest,", 1))
    with pytest.raises(LexiconError, match="written twice"):
        lex_mod.load(d)
