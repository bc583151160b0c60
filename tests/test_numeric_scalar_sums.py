"""A per-sample scalar summed over the batch times a parameter vector: Koren et al.'s matrix factorization,
(r − qᵀp)², whose gradient −2 e p was generated as Eᵀ 1 p, a (1×1)(f×1) product that raised for f > 1."""
from __future__ import annotations

import textwrap

import numpy as np
import pytest

from derive.verify import to_model
from numeric import compile_model, gradcheck, make_inputs

FACTORIZATION = """
    loss = "L"
    [sizes]
    f = "factors"
    [inputs]
    q = { shape = ["f"], role = "param" }
    p = { shape = ["f"], role = "param" }
    r = { shape = [], role = "target" }
    [define]
    "e" = "r - Sum(q[k]*p[k], (k, 1, f))"
    "L" = "e**2"
    """


@pytest.mark.parametrize("f", [1, 3])
def test_a_summed_scalar_times_a_parameter_vector_compiles_right(tmp_path, f) -> None:
    path = tmp_path / "mf.derive.toml"
    path.write_text(textwrap.dedent(FACTORIZATION))
    model = to_model(path)
    compiled = compile_model(model)
    rng = np.random.default_rng(f)
    q, p, r = rng.standard_normal(f), rng.standard_normal(f), rng.standard_normal(5)
    loss, grads = compiled.loss_and_grads(q=q, p=p, R=r)
    e = r - q @ p
    assert loss == pytest.approx(np.mean(e ** 2), rel=1e-12)
    np.testing.assert_allclose(grads["q"], np.mean(-2 * e) * p, rtol=1e-12)
    np.testing.assert_allclose(grads["p"], np.mean(-2 * e) * q, rtol=1e-12)
    assert gradcheck(compiled, make_inputs(model, {"B": 4, "f": f}, seed=2)).passed


def test_numbers_beside_a_full_contraction_compile_and_derive(tmp_path) -> None:
    """r − μ − qᵀp (Koren et al.'s biased model): SymPy refused the product built from it ("noncommutative
    scalars"), which reached the user as an internal error of derive show and of codegen."""
    path = tmp_path / "biased.derive.toml"
    path.write_text(textwrap.dedent(FACTORIZATION).replace('r = { shape = [], role = "target" }',
                                                           'r = { shape = [], role = "target" }\n'
                                                           'mu = { shape = [], role = "data" }')
                    .replace('"e" = "r - Sum', '"e" = "r - mu - Sum'))
    model = to_model(path)
    compiled = compile_model(model)
    assert gradcheck(compiled, make_inputs(model, {"B": 4, "f": 3}, seed=1)).passed
    assert set(compiled.grad_names) == {"q", "p", "MU"}
