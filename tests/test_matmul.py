"""eventwatch.matmul: the pipeline's layers multiply with numpy's BLAS, and the parse is the
one spaCy's own ops (thinc's BLIS) give, token for token."""

import pytest
from thinc.api import NumpyOps

from eventwatch import nlp as nlp_mod
from eventwatch.matmul import MatmulOps, use_numpy_matmul

# invented news sentences, long enough that a batch's products are real matrices
TEXTS = [
    "Police in Nairobi fired tear gas at hundreds of protesters who marched on parliament on "
    "Tuesday, and the interior minister said 40 people had been arrested.",
    "The foreign ministers of Chile and Peru met in Lima to sign a fisheries accord, a year "
    "after talks between the two governments broke down over the maritime border.",
    "Rebels shelled the outskirts of the provincial capital overnight, the army said, while "
    "aid agencies warned that food stocks would run out within a week.",
    "BERLIN (Reuters) - Germany will expel two Russian diplomats, the government said on "
    "Friday, accusing Moscow of ordering the killing of a Georgian man in a Berlin park.",
]


def _attrs(doc):
    return [
        (
            t.text,
            t.tag_,
            str(t.morph),
            t.lemma_,
            t.dep_,
            t.head.i,
            t.ent_iob_,
            t.ent_type_,
            t.is_sent_start,
        )
        for t in doc
    ]


def _layers(model):
    return [
        node
        for _, component in model.pipeline
        if hasattr(getattr(component, "model", None), "walk")
        for node in component.model.walk()
    ]


def test_the_loaded_pipeline_multiplies_with_numpy():
    layers = _layers(nlp_mod.load())
    assert layers and all(isinstance(node.ops, MatmulOps) for node in layers)


def test_gemm_matches_thinc_with_and_without_transposes_and_out():
    import numpy

    rng = numpy.random.default_rng(7)
    x = rng.standard_normal((33, 20), dtype=numpy.float32)
    y = rng.standard_normal((20, 12), dtype=numpy.float32)
    blis, ours = NumpyOps(), MatmulOps()
    for a, b, kw in [
        (x, y, {}),
        (x.T.copy(), y, {"trans1": True}),
        (x, y.T.copy(), {"trans2": True}),
        (x.T.copy(), y.T.copy(), {"trans1": True, "trans2": True}),
    ]:
        want = blis.gemm(a, b, **kw)
        out = numpy.zeros_like(want)
        assert ours.gemm(a, b, out=out, **kw) is out
        numpy.testing.assert_allclose(ours.gemm(a, b, **kw), want, rtol=1e-5, atol=1e-5)
        numpy.testing.assert_allclose(out, want, rtol=1e-5, atol=1e-5)


@pytest.fixture(scope="module")
def stock():
    import importlib

    return importlib.import_module(nlp_mod.MODEL_PACKAGE).load()


def test_the_parse_is_the_one_spacy_ops_give(stock):
    assert all(type(node.ops) is NumpyOps for node in _layers(stock))
    want = [_attrs(doc) for doc in stock.pipe(TEXTS, batch_size=4)]
    assert use_numpy_matmul(stock) > 0
    assert all(isinstance(node.ops, MatmulOps) for node in _layers(stock))
    assert [_attrs(doc) for doc in stock.pipe(TEXTS, batch_size=4)] == want


def test_blas_is_held_at_one_thread_once_the_model_is_loaded():
    from threadpoolctl import threadpool_info

    nlp_mod.load()
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)
