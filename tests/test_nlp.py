"""The pinned spaCy weights: the official en_core_web_sm 3.8.0 figures, loaded once."""

from eventwatch import nlp as nlp_mod


def test_model_is_official_en_core_web_sm_3_8_0():
    meta = nlp_mod.model_meta()
    assert meta["version"] == "3.8.0"
    perf = meta["performance"]
    assert round(perf["ents_f"], 4) == 0.8433
    assert round(perf["dep_las"], 4) == 0.8992


def test_model_loaded_once_per_process():
    assert nlp_mod.load() is nlp_mod.load()


def test_parses_text(nlp):
    doc = nlp("Putin met Kim Jong Un at the Vostochny Cosmodrome.")
    assert any(t.dep_ == "ROOT" and t.lemma_ == "meet" for t in doc)
