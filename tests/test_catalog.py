"""Every catalog model: proved for symbolic sizes, matching finite differences, and the textbook forms."""
from __future__ import annotations

import itertools
import time

import pytest
import sympy as sp

from _numeric_oracle import Oracle
from derive import catalog, printing
from derive.batching import batched
from derive.catalog import CATALOG
from derive.engine import derive
from derive.errors import ShapeError

SIZES = {"n": 2, "m": 3, "p": 2, "B": 2}


def differentiable(model):
    return [q.name for q in model.inputs if q.role in ("param", "data") and model.depends_on(model.loss, q.name)]


CASES = [(name, q) for name, model in CATALOG.items() for q in differentiable(model)]


@pytest.mark.parametrize("name,wrt", CASES)
def test_every_catalog_gradient_matches_finite_differences(name, wrt):
    model = CATALOG[name]
    dv = derive(model, wrt)
    sizes = {k: SIZES[k] for k, _ in model.sizes}
    oracle = Oracle(model, sizes, seed=11)
    shape = oracle.shape(wrt)
    for at in itertools.islice(itertools.product(*[range(1, d + 1) for d in shape]), 6):
        bind = dict(zip(dv.indices, at))
        got = oracle.instantiate(dv.result, bind)
        assert got == pytest.approx(oracle.fd(model.loss, (), wrt, at), rel=1e-5, abs=1e-8), (name, wrt, at)


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_every_catalog_model_derives_quickly_and_has_a_matrix_form(name):
    model = CATALOG[name]
    t0 = time.perf_counter()
    dv = derive(model)
    assert time.perf_counter() - t0 < 30  # a hang guard only; speed is measured in benchmarks/
    assert dv.matrix is not None, name


TEXTBOOK = {
    ("logistic", "z"): "σ_j - y_j",
    ("logistic", "W"): "(σ_j - y_j)·x_k",
    ("linear-mse", "z"): "-y_j + z_j",
    ("log-softmax", "z"): "s_j - y_j",
    ("logsumexp", "z"): "s_j",
    ("mlp", "a"): "(1 - h_k)·h_k·Σ_i ((s_i - y_i)·W_ik)",
    ("mlp-relu", "a"): "H(a_k)·Σ_i ((s_i - y_i)·W_ik)",
    ("softmax-l2", "W"): "2·lam·W_jk + (s_j - y_j)·x_k",
    ("softmax-batch", "W"): "Σ_b ((S_bj - Y_bj)·X_bk)/B",
}


@pytest.mark.parametrize("name,wrt", sorted(TEXTBOOK))
def test_textbook_forms(name, wrt):
    assert printing.text(derive(CATALOG[name], wrt).result) == TEXTBOOK[(name, wrt)]


def test_mlp_hidden_delta_in_matrix_form():
    assert printing.text(derive(CATALOG["mlp"], "V").matrix) == "((Wᵀ (s - y)) ⊙ (1 - h) ⊙ h) xᵀ"
    assert printing.text(derive(CATALOG["softmax-batch"], "W").matrix) == "1/B (S - Y)ᵀ X"


def test_relu_notes_almost_everywhere():
    steps = derive(CATALOG["mlp-relu"], "V").steps
    assert any("almost everywhere" in st.note for st in steps)


def test_batched_assumption_holds_per_row():
    dv = derive(CATALOG["softmax-batch"], "Z")
    assert dv.assumed and printing.statement(dv.assumed[0], "text") == "Σ_i Y_bi = 1"
    held = derive(CATALOG["softmax-batch"], "Z", assume=False)
    assert held.pending and "Σ_i Y_ci" in printing.text(held.result)


def test_batching_twice_is_an_error():
    with pytest.raises(ShapeError, match="already batched"):
        batched(CATALOG["softmax-batch"], "x", "y")


def test_assumption_with_a_different_range_is_not_applied():
    """Σ_{i=1}^{m} y_i is not Σ_{i=1}^{n} y_i: a size is never a wildcard."""
    from derive.indexcalc import contains_sum, index
    i = index("i")
    y = sp.IndexedBase("y")
    n, m = (sp.Symbol(s, integer=True, positive=True) for s in "nm")
    assert not contains_sum(sp.Sum(y[i], (i, 1, m)), sp.Sum(y[i], (i, 1, n)))
    assert contains_sum(sp.Sum(y[i], (i, 1, n)) * 2, sp.Sum(y[index("k")], (index("k"), 1, n)))
