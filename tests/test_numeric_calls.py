"""How the generated function is called: one sample, shape errors, the Σ y = 1 check, work buffers."""
import importlib.util
from pathlib import Path

import numpy as np
import pytest

from derive.catalog import get
from numeric import compile_model, make_inputs


@pytest.fixture(scope="module")
def softmax():
    return compile_model(get("softmax"))


@pytest.fixture(scope="module")
def mlp():
    return compile_model(get("mlp"))


def _module(compiled, tmp_path, name):
    path = tmp_path / f"{name}.py"
    path.write_text(compiled.source)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_one_sample_call_equals_a_batch_of_one(softmax, tmp_path):
    module = _module(softmax, tmp_path, "softmax_one")
    inputs = make_inputs(get("softmax"), {"B": 3, "n": 4, "m": 5}, seed=4)
    x, y, W = inputs["X"][1], inputs["Y"][1], inputs["W"]
    for fn in (module.loss_and_grads, lambda X, W, Y: softmax.loss_and_grads(X=X, W=W, Y=Y)):
        loss, grads = fn(x, W, y)
        ref_loss, ref = fn(x[None], W, y[None])
        assert grads["X"].shape == (5,) and grads["W"].shape == (4, 5)
        assert loss == ref_loss
        np.testing.assert_array_equal(grads["X"], ref["X"][0])
        np.testing.assert_array_equal(grads["W"], ref["W"])
    # The per-sample formula itself: ∂L/∂W = (s − y) xᵀ.
    s = np.exp(W @ x) / np.exp(W @ x).sum()
    np.testing.assert_allclose(grads["W"], np.outer(s - y, x), rtol=1e-12)


def test_shape_errors_name_the_expected_shapes(mlp, tmp_path):
    module = _module(mlp, tmp_path, "mlp_shapes")
    inputs = make_inputs(get("mlp"), {"B": 3, "n": 4, "m": 5, "p": 6}, seed=1)
    bad = dict(inputs, V=inputs["V"][:, :4])
    for call in (lambda: module.loss_and_grads(**bad), lambda: mlp.loss_and_grads(**bad)):
        with pytest.raises(ValueError) as err:
            call()
        message = str(err.value)
        assert "X: (B, m), V: (p, m), W: (n, p), Y: (B, n)" in message
        assert "one sample X: (m,), Y: (n,)" in message and "V: (6, 4)" in message


def test_targets_that_do_not_sum_to_one_are_refused_unless_check_is_off(softmax, mlp, tmp_path):
    for compiled, name in ((softmax, "softmax"), (mlp, "mlp")):
        module = _module(compiled, tmp_path, f"{name}_check")
        inputs = make_inputs(get(name), {"B": 5}, seed=2)
        inputs["Y"] = inputs["Y"].copy()
        inputs["Y"][3] *= 2  # row 3 sums to 2: the gradient s − y would silently be wrong
        for call in (lambda **kw: module.loss_and_grads(**inputs, **kw),
                     lambda **kw: compiled.loss_and_grads(**inputs, **kw)):
            with pytest.raises(ValueError, match=r"Y: .*must be 1 \(Σ_i y_i = 1\), but entry 3 sums to 2"):
                call()
            loss, grads = call(check=False)
            assert np.isfinite(loss) and set(grads) == set(compiled.grad_names)


def test_the_check_accepts_float32_soft_labels_and_rejects_nan(softmax):
    inputs = make_inputs(get("softmax"), {"B": 64, "n": 1000, "m": 3}, seed=5, dtype=np.float32)
    loss, _ = softmax.loss_and_grads(**inputs)
    assert np.asarray(loss).dtype == np.float32
    inputs["Y"][7, 0] = np.nan
    with pytest.raises(ValueError, match="entry 7"):
        softmax.loss_and_grads(**inputs)


def _work_arrays(workspace: dict) -> list:
    """Every array a workspace holds: an entry is an array or a (signature, arrays) pair of a kernel."""
    out = []
    for v in workspace.values():
        out += [v] if isinstance(v, np.ndarray) else [a for a in v[1] if isinstance(a, np.ndarray)]
    return out


def test_workspace_reuse_gives_the_same_results_and_never_aliases_them(mlp, tmp_path):
    module = _module(mlp, tmp_path, "mlp_workspace")
    a = make_inputs(get("mlp"), {"B": 6}, seed=8)
    b = make_inputs(get("mlp"), {"B": 6}, seed=9)
    fresh_a = module.loss_and_grads(**a)
    fresh_b = module.loss_and_grads(**b)
    workspace = {}
    first = module.loss_and_grads(**a, workspace=workspace)
    kept = {k: v.copy() for k, v in first[1].items()}
    assert workspace  # work arrays were put there to be reused
    buffers = [w.ctypes.data for w in _work_arrays(workspace)]
    second = module.loss_and_grads(**b, workspace=workspace)
    assert [w.ctypes.data for w in _work_arrays(workspace)] == buffers  # reused, not reallocated
    for (loss, grads), (ref_loss, ref) in ((first, fresh_a), (second, fresh_b)):
        assert loss == ref_loss
        for k in ref:
            np.testing.assert_array_equal(grads[k], ref[k])
    for k in kept:  # the second call did not overwrite what the first returned
        np.testing.assert_array_equal(first[1][k], kept[k])
    returned = [g for _, grads in (first, second) for g in grads.values()]
    for g in returned:
        assert not any(np.shares_memory(g, w) for w in _work_arrays(workspace))
        assert not any(np.shares_memory(g, x) for x in (*a.values(), *b.values()))
    # The compiled object keeps its own workspace: repeated calls agree with the module.
    for _ in range(2):
        loss, grads = mlp.loss_and_grads(**a)
        assert loss == fresh_a[0] and all(np.array_equal(grads[k], fresh_a[1][k]) for k in grads)


def test_inputs_are_never_modified(mlp):
    inputs = make_inputs(get("mlp"), {"B": 4}, seed=3)
    before = {k: v.copy() for k, v in inputs.items()}
    mlp.loss_and_grads(**inputs)
    for k in inputs:
        np.testing.assert_array_equal(inputs[k], before[k])


#: Definitions that copy an input (``a = z``, ``a = Wᵀ``): the generated code's ``A = Z`` is the caller's array.
_COPIES = {
    "sigmoid_of_a_copy": ('[sizes]\nn = "outputs"\n[inputs]\nz = { shape = ["n"], role = "data" }\n'
                          'y = { shape = ["n"], role = "target" }\n[define]\n"a[i]" = "z[i]"\n'
                          '"p[i]" = "sigmoid(a[i])"\n"L" = "Sum((p[i] - y[i])**2, (i, 1, n))"\n'),
    "sigmoid_of_a_transposed_parameter": (
        '[sizes]\nn = "outputs"\nm = "features"\n[inputs]\nW = { shape = ["n", "m"], role = "param" }\n'
        'y = { shape = ["m", "n"], role = "hyper" }\n[define]\n"a[k, i]" = "W[i, k]"\n'
        '"p[k, i]" = "sigmoid(a[k, i])"\n"L" = "Sum(Sum((p[k, i] - y[k, i])**2, (i, 1, n)), (k, 1, m))"\n'),
}


@pytest.mark.parametrize("case", sorted(_COPIES))
def test_an_input_copied_by_a_definition_is_never_overwritten(case, tmp_path, capsys):
    """``A = Z`` is a view of the caller's array: an in-place kernel must write into an array of its own."""
    from derive.cli import main
    from derive.verify import to_model
    path = tmp_path / f"{case}.derive.toml"
    path.write_text(f'title = "{case}"\nloss = "L"\n' + _COPIES[case])
    model = to_model(str(path))
    compiled = compile_model(model)
    module = _module(compiled, tmp_path, case)
    inputs = make_inputs(model, {"B": 3}, seed=5)
    before = {k: v.copy() for k, v in inputs.items()}
    rows = {a.name for a in compiled.plan.arguments if a.ndim and str(a.batched_shape[0]) == "B"}
    one = {k: (v[0] if k in rows else v) for k, v in inputs.items()}
    for call in (compiled.loss_and_grads, module.loss_and_grads):
        for arrays in (inputs, one):  # a batch, and one sample (whose Z[None] is a view too)
            first = call(**arrays)
            second = call(**arrays)  # the same inputs give the same results
            for k in inputs:
                np.testing.assert_array_equal(inputs[k], before[k])
            assert first[0] == second[0]
    # derive codegen's own check against central differences passes, so the module is written.
    assert main(["codegen", str(path), "-o", str(tmp_path / "out.py")]) == 0, capsys.readouterr().err


def test_float32_stays_float32_end_to_end(mlp):
    inputs = make_inputs(get("mlp"), {"B": 4}, seed=3, dtype=np.float32)
    loss, grads = mlp.loss_and_grads(**inputs)
    assert np.asarray(loss).dtype == np.float32 and all(g.dtype == np.float32 for g in grads.values())


_EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.derive.toml"))
#: Exact GELU, x Φ(x): its code holds √2, √π (NumPy scalars are float64) and erf (a kernel of its own).
_GELU = ('title = "gelu"\nloss = "L"\n[sizes]\nn = "outputs"\nm = "features"\n[inputs]\n'
         'x = { shape = ["m"], role = "data" }\nW = { shape = ["n", "m"], role = "param" }\n'
         'y = { shape = ["n"], role = "target" }\n[define]\n"z[i]" = "Sum(W[i, k]*x[k], (k, 1, m))"\n'
         '"L" = "Sum(y[i]*z[i]*(1 + erf(z[i]/sqrt(2)))/2, (i, 1, n))"\n')


@pytest.mark.parametrize("source", [*_EXAMPLES, "gelu"], ids=lambda p: getattr(p, "name", p))
def test_float32_stays_float32_in_every_example_codegen_accepts(source, tmp_path):
    """attention's 1/√d, layer norm's ones, GELU's √π and erf: none may make a float32 call float64."""
    from derive.documents.load import load_one
    from derive.verify import to_model
    from derive.verify.domains import bounds
    from derive.errors import DeriveError
    if source == "gelu":
        source = tmp_path / "gelu.derive.toml"
        source.write_text(_GELU)
    loaded = load_one(str(source))
    model = to_model(loaded)
    try:
        compiled = compile_model(model)
    except DeriveError as exc:
        # Only cs231n_svm is refused (its size B is not a batch): that refusal is this example's outcome.
        assert source.name == "cs231n_svm.derive.toml", exc
        return
    ranges = bounds(loaded.conditions, loaded)
    loss, grads = compiled.loss_and_grads(**make_inputs(model, seed=3, dtype=np.float32, bounds=ranges))
    assert {k: g.dtype for k, g in grads.items()} == {k: np.float32 for k in grads}
    assert np.asarray(loss).dtype == np.float32
    # The same values as in float64, to float32's precision.
    ref_loss, ref = compiled.loss_and_grads(**make_inputs(model, seed=3, bounds=ranges))
    assert abs(loss - ref_loss) <= 1e-5 * max(1.0, abs(ref_loss))
    for k in ref:
        assert np.abs(grads[k] - ref[k]).max() <= 1e-4 * max(1.0, np.abs(ref[k]).max()), k


def test_mixed_integer_and_list_inputs_are_promoted_as_numpy_promotes_them(softmax):
    """Inputs of one float type skip the promotion; any other mix goes through numpy.result_type."""
    inputs = make_inputs(get("softmax"), {"B": 4}, seed=3)
    Y = np.eye(3)[[0, 2, 1, 1]]
    cases = [  # (X, W, Y) as passed, the dtype of the results
        (inputs["X"].astype(np.float32), inputs["W"].astype(np.float32), Y.astype(np.int64), np.float64),
        (inputs["X"].astype(np.float32), inputs["W"], Y.astype(np.float32), np.float64),
        (inputs["X"].astype(np.float32), inputs["W"].astype(np.float32), Y.astype(np.float16), np.float32),
        (inputs["X"].tolist(), inputs["W"], Y.astype(np.int8).tolist(), np.float64),
        (inputs["X"].astype(np.float16), inputs["W"].astype(np.float16), Y.astype(np.float16), np.float32),
    ]
    for X, W, Yc, dtype in cases:
        loss, grads = softmax.loss_and_grads(X=X, W=W, Y=Yc)
        assert np.asarray(loss).dtype == dtype and all(g.dtype == dtype for g in grads.values())
        # The same values in float64: what the float64 results must equal, the float32 ones approach.
        ref_loss, ref = softmax.loss_and_grads(**{k: np.asarray(v, np.float64) for k, v in zip("XWY", (X, W, Yc))})
        tol = 1e-12 if dtype == np.float64 else 1e-5
        assert abs(loss - ref_loss) <= tol * abs(ref_loss)
        for k in ref:
            assert np.abs(grads[k] - ref[k]).max() <= tol * np.abs(ref[k]).max()


def _reference_mlp(X, V, W, Y):
    """The mlp in plain NumPy, straight from its formulas (the generated code before any fusion)."""
    B = X.shape[0]
    H = 1.0 / (1.0 + np.exp(-(X @ V.T)))
    Z = H @ W.T
    shifted = Z - Z.max(axis=1, keepdims=True)
    log_s = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    G = (np.exp(log_s) - Y) / B
    D = (G @ W) * H * (1.0 - H)
    return -(Y * log_s).sum() / B, {"X": D @ V, "V": D.T @ X, "W": G.T @ H}


@pytest.mark.parametrize("dtype,tol", [(np.float64, 1e-12), (np.float32, 1e-5)])
def test_several_row_blocks_agree_with_the_plain_formulas(mlp, dtype, tol):
    """300 rows of 1000 classes: the fused kernel walks three row blocks, the last one partial."""
    rng = np.random.default_rng(6)
    X = rng.standard_normal((300, 7)).astype(dtype)
    V = rng.standard_normal((5, 7)).astype(dtype)
    W = (3 * rng.standard_normal((1000, 5))).astype(dtype)
    Y = rng.dirichlet(np.ones(1000), 300).astype(dtype)
    loss, grads = mlp.loss_and_grads(X=X, V=V, W=W, Y=Y)
    ref_loss, ref = _reference_mlp(*(a.astype(np.float64) for a in (X, V, W, Y)))
    assert abs(loss - ref_loss) <= tol * abs(ref_loss)
    for k in ref:
        assert grads[k].dtype == dtype
        assert np.abs(grads[k] - ref[k]).max() <= tol * np.abs(ref[k]).max(), k


@pytest.mark.parametrize("name", ["softmax", "linear-mse", "mlp-batch"])
def test_an_empty_batch_is_refused_with_a_clear_message(name, tmp_path):
    compiled = compile_model(get(name))
    inputs = make_inputs(get(name), {"B": 3}, seed=2)
    per_sample = {a.name for a in compiled.plan.arguments if a.ndim and str(a.batched_shape[0]) == "B"}
    empty = {k: (v[:0] if k in per_sample else v) for k, v in inputs.items()}
    module = _module(compiled, tmp_path, f"empty_{name.replace('-', '_')}")
    for call in (lambda: compiled.loss_and_grads(**empty), lambda: module.loss_and_grads(**empty)):
        with pytest.raises(ValueError, match=r"the batch is empty \(B = 0\)"):
            call()


def _mlp_reference(X, V, W, Y):
    """mlp's mean loss and gradients in float64, from the formulas (σ' = h(1 − h), G = (S − Y)/B)."""
    X, V, W, Y = (a.astype(np.float64) for a in (X, V, W, Y))
    H = 1 / (1 + np.exp(-(X @ V.T)))
    Z = H @ W.T
    log_s = Z - Z.max(axis=1, keepdims=True)
    log_s -= np.log(np.exp(log_s).sum(axis=1, keepdims=True))
    G = (np.exp(log_s) - Y) / X.shape[0]
    D = (G @ W) * H * (1 - H)
    return -(Y * log_s).sum() / X.shape[0], {"X": D @ V, "V": D.T @ X, "W": G.T @ H}


@pytest.mark.parametrize("dtype,tol", [(np.float64, 1e-12), (np.float32, 1e-5)])
def test_one_workspace_serves_batches_on_both_sides_of_the_flipped_product(mlp, tmp_path, dtype, tol):
    """From 2048 rows ∂/∂W (n × p, taller than wide) is computed as (Hᵀ (S − Y))ᵀ; batch sizes either side of
    that, and one sample, through one workspace, all agree with the formulas."""
    module = _module(mlp, tmp_path, f"mlp_flip_{np.dtype(dtype).name}")
    workspace = {}
    for B, seed in [(2048, 1), (7, 2), (2049, 3), (1, 4), (2048, 5)]:
        a = make_inputs(get("mlp"), {"B": B, "m": 3, "p": 4, "n": 9}, seed=seed, dtype=dtype)
        ref_loss, ref = _mlp_reference(**a)
        for fn in (lambda: module.loss_and_grads(**a, workspace=workspace), lambda: mlp.loss_and_grads(**a)):
            loss, grads = fn()
            assert abs(loss - ref_loss) <= tol * abs(ref_loss)
            for k in ref:
                assert grads[k].dtype == dtype and grads[k].flags.c_contiguous
                assert np.abs(grads[k] - ref[k]).max() <= tol * np.abs(ref[k]).max(), (B, k)
    assert "dW.t" in workspace and workspace["dW.t"].shape == (4, 9)


def test_the_check_judges_targets_by_the_dtype_they_came_in(softmax, tmp_path):
    # a probe: float32 soft labels beside float64 X and W were summed in float64 and held to its 1e-7
    module = _module(softmax, tmp_path, "softmax_mixed")
    inputs = make_inputs(get("softmax"), {"B": 64, "n": 10, "m": 3}, seed=6)
    y = np.exp(np.random.default_rng(6).normal(size=(64, 10)).astype(np.float32))
    inputs["Y"] = y / y.sum(axis=1, keepdims=True)
    assert np.abs(inputs["Y"].astype(np.float64).sum(axis=1) - 1).max() > 1e-7  # what float32 leaves
    for call in (module.loss_and_grads, softmax.loss_and_grads):
        loss, _ = call(**inputs)
        assert np.asarray(loss).dtype == np.float64
        wrong = dict(inputs, Y=inputs["Y"].astype(np.float64) * (1 + 1e-5))  # float64 off by 1e-5: refused
        with pytest.raises(ValueError, match="must be 1"):
            call(**wrong)
