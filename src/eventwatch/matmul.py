"""The parse's matrix products through numpy's BLAS instead of thinc's bundled BLIS.

spaCy's models compute their layers with thinc's `NumpyOps`, whose `gemm` calls the `blis`
package. On the machines eventwatch runs on (x86-64 with AVX2 or AVX-512) numpy's OpenBLAS
does the same products about three times faster for the shapes of `en_core_web_sm`
(a batch's tokens by 96 to 384 features: 30 ms against 10 ms for 7,000 x 288 x 288), so the
tok2vec layers and the parser's and tagger's input layers take about 40 % less CPU. The
product is the same sum in another order: the tags, parses, lemmas and entities of the 600
bench articles come out token for token the same (`benchmarks/parse_matmul.py`).

The parser's per-step products stay in BLIS: spaCy calls them from Cython, not through ops.

OpenBLAS is held at one thread: the worker processes are the parallelism, and a second BLAS
thread per worker only spins (10.0 against 5.0 CPU s for the same 200 articles).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy
from thinc.api import NumpyOps

if TYPE_CHECKING:
    from spacy.language import Language


class MatmulOps(NumpyOps):
    """thinc's CPU ops with `gemm` done by `numpy.matmul` (numpy's BLAS)."""

    name = "numpy"

    def gemm(  # type: ignore[override]
        self,
        x: Any,
        y: Any,
        out: Any = None,
        trans1: bool = False,
        trans2: bool = False,
    ) -> Any:
        if trans1:
            x = x.T
        if trans2:
            y = y.T
        if out is None:
            return numpy.matmul(x, y)
        numpy.matmul(x, y, out=out)
        return out


_OPS = MatmulOps()
_LIMITED: list[object] = []


def one_blas_thread() -> None:
    """Hold numpy's BLAS at one thread in this process (and in processes forked from it)."""
    if _LIMITED:
        return
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl is in requirements.txt
        return
    _LIMITED.append(threadpool_limits(limits=1, user_api="blas"))


def use_numpy_matmul(model: Language) -> int:
    """Give every layer of the pipeline's models numpy's matrix product; returns how many
    layers were switched. Only plain CPU ops are replaced (a GPU's ops are left alone)."""
    switched = 0
    for _name, component in model.pipeline:
        layers = getattr(component, "model", None)
        if layers is None or not hasattr(layers, "walk"):
            continue
        for node in layers.walk():
            if type(node.ops) is NumpyOps:
                node.ops = _OPS
                switched += 1
    if switched:
        one_blas_thread()
    return switched
