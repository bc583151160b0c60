"""Every catalog model, and every layer combination the catalog will grow into, passes gradcheck."""
import numpy as np
import pytest

from derive.catalog import CATALOG
from derive.model import build, sum_to_one
from numeric import compile_model, gradcheck, make_inputs

from _numeric_source import loops, matrix_products




@pytest.fixture(scope="module")
def compiled():
    return {}


def _get(cache, model):
    if model.name not in cache:
        cache[model.name] = compile_model(model)
    return cache[model.name]


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_catalog_model_passes_gradcheck(name, compiled):
    model = CATALOG[name]
    c = _get(compiled, model)
    result = gradcheck(c, make_inputs(model, {"B": 5}, seed=3), directions=4, seed=7)
    assert result.passed, result.summary()
    assert set(result.inputs) == set(c.grad_names)
    assert result.max_abs_error < 1e-7
    assert result.seed == 7 and result.directions == 4 and result.dtype == "float64"


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_gradcheck_detects_a_wrong_gradient(name, compiled):
    c = _get(compiled, CATALOG[name])

    class Wrong:
        loss = staticmethod(c.loss)

        @staticmethod
        def loss_and_grads(**arrays):
            loss, grads = c.loss_and_grads(**arrays)
            return loss, {k: 1.01 * v for k, v in grads.items()}

    result = gradcheck(Wrong, make_inputs(CATALOG[name], seed=1), directions=3)
    assert not result.passed
    assert result.max_rel_error > 1e-3


_Y = ("target", ("n",), "targets")
_X = ("data", ("m",), "features")
_W = ("param", ("n", "m"), "weights")
_SUM = [sum_to_one("y", "n", "targets sum to one")]

# The layer combinations of the models the catalog is about to gain, compiled through the same path.
GENERIC = [
    build("t-logistic", "", sizes={"n": "", "m": ""}, inputs={"x": _X, "W": _W, "y": _Y},
          nodes=[("z", "linear", "W", "x"), ("p", "sigmoid", "z"), ("L", "binary_cross_entropy", "p", "y")], loss="L"),
    build("t-mse", "", sizes={"n": "", "m": ""}, inputs={"x": _X, "W": _W, "y": _Y},
          nodes=[("z", "linear", "W", "x"), ("L", "mse", "z", "y")], loss="L"),
    build("t-log-softmax", "", sizes={"n": "", "m": ""}, inputs={"x": _X, "W": _W, "y": _Y},
          nodes=[("z", "linear", "W", "x"), ("l", "log_softmax", "z"), ("L", "nll", "l", "y")], loss="L",
          assumptions=_SUM),
    build("t-logsumexp", "", sizes={"n": "", "m": ""}, inputs={"x": _X, "W": _W},
          nodes=[("z", "linear", "W", "x"), ("L", "logsumexp", "z")], loss="L"),
    build("t-mlp-relu", "", sizes={"n": "", "h": "", "m": ""},
          inputs={"x": _X, "W": ("param", ("h", "m"), ""), "b": ("param", ("h",), ""), "V": ("param", ("n", "h"), ""),
                  "y": _Y},
          nodes=[("a", "affine", "W", "x", "b"), ("g", "relu", "a"), ("z", "linear", "V", "g"), ("s", "softmax", "z"),
                 ("L", "cross_entropy", "s", "y")], loss="L", assumptions=_SUM),
]


@pytest.mark.parametrize("model", GENERIC, ids=lambda m: m.name)
def test_other_layer_combinations_compile_and_pass_gradcheck(model):
    c = compile_model(model)
    result = gradcheck(c, make_inputs(model, {"B": 4}, seed=2), directions=3)
    assert result.passed, result.summary()
    assert not loops(c.source) and matrix_products(c.source)


def test_gradcheck_float32_uses_looser_tolerances():
    model = CATALOG["softmax"]
    c = compile_model(model)
    r32 = gradcheck(c, make_inputs(model, seed=0), dtype=np.float32)
    r64 = gradcheck(c, make_inputs(model, seed=0))
    assert r32.passed and r64.passed
    assert r32.rtol > r64.rtol and r32.eps > r64.eps and r32.dtype == "float32"


def test_make_inputs_respects_the_sum_to_one_assumption_and_seed():
    model = CATALOG["softmax"]
    a = make_inputs(model, {"B": 6, "n": 4, "m": 3}, seed=5)
    b = make_inputs(model, {"B": 6, "n": 4, "m": 3}, seed=5)
    assert a["X"].shape == (6, 3) and a["W"].shape == (4, 3) and a["Y"].shape == (6, 4)
    assert np.allclose(a["Y"].sum(axis=1), 1.0)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    onehot = make_inputs(model, {"B": 6}, seed=5, one_hot=True)["Y"]
    assert set(np.unique(onehot)) <= {0.0, 1.0} and np.all(onehot.sum(axis=1) == 1)


def test_gradcheck_reports_a_nan_gradient_as_an_infinite_error():
    model = CATALOG["softmax"]
    c = compile_model(model)

    class NaN:
        loss = staticmethod(c.loss)

        @staticmethod
        def loss_and_grads(**arrays):
            loss, grads = c.loss_and_grads(**arrays)
            return loss, {k: v * np.nan for k, v in grads.items()}

    result = gradcheck(NaN, make_inputs(model, seed=1), directions=2)
    assert not result.passed
    assert result.max_abs_error == np.inf and result.max_rel_error == np.inf


def test_sigmoid_kernel_keeps_relative_accuracy_in_the_far_negative_tail():
    from numeric.kernels import _expit
    a = np.array([-745.0, -40.0, -30.0, 0.0, 30.0, 800.0])
    exact = np.array([np.exp(-745.0), 4.248354255291589e-18, 9.357622968840175e-14, 0.5, 1.0, 1.0])
    np.testing.assert_allclose(_expit(a), exact, rtol=1e-12)
    assert np.all(np.isfinite(_expit(a)))
