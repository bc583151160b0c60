"""Already batched models (``model.batch``): compiled as they are, equal to the per-sample model batched by numeric."""
import ast

import numpy as np
import pytest

from derive.batching import batched
from derive.catalog import CATALOG, get
from numeric import compile_model, gradcheck, make_inputs

from _numeric_source import loops

PAIRS = sorted((name, name[: -len("-batch")]) for name, m in CATALOG.items() if m.batch)


def test_the_catalog_has_batched_models():
    assert PAIRS and all(per_sample in CATALOG for _, per_sample in PAIRS)


def _same(batched_model, per_sample_model, dtype=np.float64):
    a, b = compile_model(batched_model), compile_model(per_sample_model)
    assert a.arguments == b.arguments and a.grad_names == b.grad_names
    inputs = make_inputs(per_sample_model, {"B": 6}, seed=23, dtype=dtype)
    loss_a, grads_a = a.loss_and_grads(**inputs)
    loss_b, grads_b = b.loss_and_grads(**inputs)
    assert np.asarray(loss_a).shape == () and np.asarray(loss_a).dtype == dtype
    tol = 1e-12 if dtype == np.float64 else 1e-5
    assert loss_a == pytest.approx(loss_b, rel=tol)
    for k in grads_b:
        assert grads_a[k].shape == inputs[k].shape
        np.testing.assert_allclose(grads_a[k], grads_b[k], rtol=tol, atol=tol)
    return a


@pytest.mark.parametrize("name,per_sample", PAIRS)
def test_batched_catalog_model_equals_its_per_sample_model(name, per_sample):
    for dtype in (np.float64, np.float32):
        a = _same(get(name), get(per_sample), dtype)
    # No second batch dimension: arguments keep the model's own shapes, arrays stay two-dimensional.
    model = get(name)
    assert [a_.batched_shape for a_ in a.plan.arguments] == [q.shape for q in model.inputs]
    assert "[:, :, None]" not in a.source and "einsum" not in a.source
    body = a.source.split("def loss_and_grads")[1]
    assert f"loss = {model.loss}[0, 0]" in body and "numpy.mean" not in body


def test_a_model_batched_by_the_user_compiles_the_same_way():
    """Not only the catalog's: batching softmax-bias and mlp-relu ourselves goes through the same path."""
    for per_sample in ("softmax-bias", "mlp-relu", "softmax-l2"):
        model = batched(get(per_sample), f"{per_sample}-mine", "batched here")
        c = _same(model, get(per_sample))
        result = gradcheck(c, make_inputs(model, {"B": 4}, seed=5), directions=3)
        assert result.passed, result.summary()
        assert not loops(c.source)


def test_batched_model_docstring_says_the_results_include_the_mean():
    src = compile_model(get("softmax-batch")).source
    doc = ast.get_docstring(ast.parse(src))
    assert "∂J/∂W_jk = Σ_b ((S_bj - Y_bj)·X_bk)/B" in doc and "X: (B, m)" in doc
    assert "Loss: J, the model's own mean over the batch." in doc
    assert "summed over the batch and divided" not in doc
