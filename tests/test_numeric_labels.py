"""Class labels in compiled code: a ``[labels]`` label is read through its one-hot code by the model,
and ``loss_and_grads`` takes the labels themselves (CS231n's two-layer ReLU network, examples/relu_mlp)."""
from __future__ import annotations

import importlib.util
import textwrap
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from derive.cli import main
from derive.engine import derive
from derive.verify import to_model
from numeric import compile_model, gradcheck, make_inputs

RELU_MLP = Path(__file__).parents[1] / "examples" / "relu_mlp.derive.toml"


def cs231n(X, W1, b1, W2, b2, y):
    """The case study's own NumPy (weights stored (out, in) as the file declares them), integer labels y."""
    N = X.shape[0]
    hidden = np.maximum(0, X @ W1.T + b1)
    scores = hidden @ W2.T + b2
    e = np.exp(scores - scores.max(axis=1, keepdims=True))
    probs = e / e.sum(axis=1, keepdims=True)
    loss = -np.log(probs[range(N), y]).mean()
    dscores = probs.copy()
    dscores[range(N), y] -= 1
    dscores /= N
    dhidden = dscores @ W2
    dhidden[hidden <= 0] = 0
    return loss, {"W2": dscores.T @ hidden, "b2": dscores.sum(0), "W1": dhidden.T @ X, "b1": dhidden.sum(0),
                  "X": dhidden @ W1}


def _problem(dtype=np.float64, N=9, D=5, H=6, K=4, seed=3):
    rng = np.random.default_rng(seed)
    arrays = {"X": rng.standard_normal((N, D)), "W1": rng.standard_normal((H, D)), "b1": rng.standard_normal(H),
              "W2": rng.standard_normal((K, H)), "b2": rng.standard_normal(K)}
    return {k: v.astype(dtype) for k, v in arrays.items()}, rng.integers(0, K, N)


@pytest.fixture(scope="module")
def compiled():
    return compile_model(to_model(RELU_MLP))


def test_the_label_is_read_through_its_one_hot_code_and_the_derivation_says_so() -> None:
    model = to_model(RELU_MLP)
    assert model.labels == ("c",)
    assert model.quantity("c").shape == (sp.Symbol("n", integer=True, positive=True),)
    assert any("label c is read through its one-hot code" in note for note in model.notes)
    d = derive(model, "b2")
    j = d.indices[0]
    assert sp.expand(d.result - (sp.IndexedBase("P")[j] - sp.IndexedBase("c")[j])) == 0
    assert [a.description for a in d.assumed] == ["c is the one-hot code of a label"]


@pytest.mark.parametrize("dtype, tol", [(np.float64, 1e-12), (np.float32, 1e-5)])
def test_compiled_code_takes_integer_labels_and_matches_cs231n(compiled, dtype, tol) -> None:
    arrays, y = _problem(dtype)
    ref_loss, ref = cs231n(*(arrays[k].astype(np.float64) for k in ("X", "W1", "b1", "W2", "b2")), y)
    workspace: dict = {}
    for _ in range(2):  # the second call reuses the workspace's one-hot rows
        loss, grads = compiled.loss_and_grads(**arrays, C=y)
        assert abs(loss - ref_loss) <= tol * abs(ref_loss)
        assert set(grads) == set(ref)
        for k, g in grads.items():
            assert g.dtype == dtype and g.shape == ref[k].shape
            assert np.abs(g - ref[k]).max() <= tol * np.abs(ref[k]).max(), k
    # One sample: a vector x and a single integer label.
    one_loss, one = compiled.loss_and_grads(**{**arrays, "X": arrays["X"][4]}, C=y[4])
    single, _ = cs231n(arrays["X"][4:5].astype(np.float64),
                       *(arrays[k].astype(np.float64) for k in ("W1", "b1", "W2", "b2")), y[4:5])
    assert one["X"].shape == (5,) and abs(one_loss - single) <= tol * abs(single)


@pytest.mark.parametrize("labels, message", [
    (np.array([0.0, 1.0, 2.0, 3.0, 0.0, 1.0, 2.0, 3.0, 0.0]), "C holds class labels, integers in [0, n); got an array of float64"),
    (np.array([0, 1, 2, 3, 4, 0, 1, 2, 3]), "integers in [0, n) = [0, 4); got labels from 0 to 4"),
    (np.array([-1, 1, 2, 3, 0, 0, 1, 2, 3]), "got labels from -1 to 3"),
    (np.array([0, 1, 2]), "C: (B,) (B samples, one per row)"),
    (np.arange(9).astype("timedelta64[s]"), "got an array of timedelta64"),
    (np.ones(9, dtype=bool), "got an array of bool"),
])
def test_labels_out_of_range_or_not_integers_are_refused(compiled, labels, message) -> None:
    arrays, _ = _problem()
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")):
        compiled.loss_and_grads(**arrays, C=labels)


def test_make_inputs_draws_integer_labels_and_gradcheck_keeps_them() -> None:
    model = to_model(RELU_MLP)
    inputs = make_inputs(model, {"B": 6, "n": 3}, seed=2)
    assert inputs["C"].dtype.kind == "i" and inputs["C"].shape == (6,) and set(inputs["C"]) <= {0, 1, 2}
    result = gradcheck(compile_model(model), inputs)
    assert result.passed and "C" not in result.inputs


def test_the_generated_module_takes_labels_too(tmp_path, capsys, compiled) -> None:
    out = tmp_path / "relu_mlp_grad.py"
    assert main(["codegen", str(RELU_MLP), "-o", str(out)]) == 0
    assert "note: label c is read through its one-hot code" in capsys.readouterr().out
    spec = importlib.util.spec_from_file_location("relu_mlp_grad", out)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert "C: (B,)  integer class labels in [0, n), one per sample; the model reads the one-hot code" in module.__doc__
    arrays, y = _problem(np.float32)
    loss, grads = module.loss_and_grads(*arrays.values(), y, workspace={})
    loss2, grads2 = compiled.loss_and_grads(**arrays, C=y)
    assert loss == loss2 and all(np.array_equal(grads[k], grads2[k]) for k in grads)


def test_a_label_inside_a_delta_reads_as_its_code(tmp_path) -> None:
    p = tmp_path / "t.derive.toml"
    p.write_text(textwrap.dedent('''
        loss = "L"
        [sizes]
        n = "classes"
        [labels]
        c = "n"
        [inputs]
        z = { shape = ["n"], role = "data" }
        [define]
        "t[i]" = "delta(i, c)"
        "L" = "Sum(t[i]*z[i], (i, 1, n))"
        '''))
    model = to_model(p)
    i = sp.Symbol("i", integer=True)
    assert model.definition("t", (i,)) == sp.IndexedBase("c")[i]
    loss, grads = compile_model(model).loss_and_grads(Z=np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), C=np.array([2, 0]))
    assert loss == pytest.approx((3.0 + 4.0) / 2)
    np.testing.assert_allclose(grads["Z"], [[0, 0, 0.5], [0.5, 0, 0]])


BATCHED = '''
    batch = "B"
    loss = "J"
    [sizes]
    B = "samples"
    n = "classes"
    m = "features"
    [labels]
    t = { shape = ["B"], range = "n" }
    [inputs]
    X = { shape = ["B", "m"], role = "data" }
    W = { shape = ["n", "m"], role = "param" }
    [define]
    "Z[b, i]" = "Sum(X[b, k]*W[i, k], (k, 1, m))"
    "P[b, i]" = "exp(Z[b, i]) / Sum(exp(Z[b, l]), (l, 1, n))"
    "J" = "-Sum(log(P[b, t[b]]), (b, 1, B)) / B"
    '''


def test_a_label_per_sample_is_read_inside_the_sum_over_the_batch(tmp_path) -> None:
    p = tmp_path / "batched.derive.toml"
    p.write_text(textwrap.dedent(BATCHED))
    model = to_model(p)
    assert model.labels == ("t",) and len(model.quantity("t").shape) == 2
    d = derive(model, "W")
    j, k = d.indices
    b = sp.Symbol("b", integer=True)
    B = sp.Symbol("B", integer=True, positive=True)
    expected = sp.Sum((sp.IndexedBase("P")[b, j] - sp.IndexedBase("t")[b, j]) * sp.IndexedBase("X")[b, k], (b, 1, B)) / B
    assert sp.simplify((d.result - expected).doit()) == 0 or d.result.dummy_eq(expected)
    rng = np.random.default_rng(4)
    X, W, labels = rng.standard_normal((5, 3)), rng.standard_normal((4, 3)), rng.integers(0, 4, 5)
    loss, grads = compile_model(model).loss_and_grads(X=X, W=W, t=labels)
    Z = X @ W.T
    P = np.exp(Z - Z.max(1, keepdims=True))
    P /= P.sum(1, keepdims=True)
    assert loss == pytest.approx(-np.log(P[range(5), labels]).mean(), rel=1e-12)
    G = P.copy()
    G[range(5), labels] -= 1
    np.testing.assert_allclose(grads["W"], G.T @ X / 5, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(grads["X"], G @ W / 5, rtol=1e-12, atol=1e-14)


def test_a_batch_size_called_b_but_not_declared_is_told_to_declare_it(tmp_path, capsys) -> None:
    """Without ``batch = "B"`` the size B clashed with the generated code's batch axis: a bare "reserved" error."""
    p = tmp_path / "undeclared.derive.toml"
    p.write_text(textwrap.dedent(BATCHED).replace('batch = "B"\n', ""))
    assert main(["codegen", str(p), "-o", str(tmp_path / "out.py")]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and \
        """'B' is the batch axis of generated code: if it is this file's batch, declare batch = "B"; """ in err
    assert not (tmp_path / "out.py").exists()
    p.write_text(textwrap.dedent(BATCHED))
    assert main(["codegen", str(p), "-o", str(tmp_path / "out.py")]) == 0


def _file(tmp_path, define: str):
    p = tmp_path / "l.derive.toml"
    p.write_text(textwrap.dedent('''
        loss = "L"
        [sizes]
        n = "classes"
        m = "features"
        [labels]
        c = "n"
        [inputs]
        x = { shape = ["m"], role = "data" }
        W = { shape = ["n", "m"], role = "param" }
        lam = { shape = [], role = "hyper" }
        [define]
        "z[i]" = "Sum(W[i, k]*x[k], (k, 1, m))"
        ''') + define + "\n")
    return p


def test_only_the_terms_that_read_the_label_go_through_its_code(tmp_path) -> None:
    """−ln P_c + λ‖W‖²: the L2 term stays outside Σ_k c_k (…) (inside, the code built an n×n product)."""
    model = to_model(_file(tmp_path, '"L" = "-z[c] + log(Sum(exp(z[l]), (l, 1, n))) + lam*Sum(Sum(W[i, k]**2, (k, 1, m)), (i, 1, n))"'))
    L = model.definition("L", ())
    reg = [t for t in sp.Add.make_args(L) if t.has(sp.Symbol("lam"))]
    assert len(reg) == 1 and not reg[0].has(sp.IndexedBase("c"))


def test_a_label_used_as_a_number_is_refused_with_its_line(tmp_path, capsys) -> None:
    """c·x (or c > 1) has no one-hot reading: it compiled into code that raised NameError."""
    p = _file(tmp_path, '"L" = "c*Sum(W[1, k]*x[k], (k, 1, m))"')
    assert main(["codegen", str(p), "-o", str(tmp_path / "out.py")]) == 2
    err = capsys.readouterr().err
    assert f"{p}:14: label c is used as a number in the definition of L" in err and "\n" not in err.strip()
    assert not (tmp_path / "out.py").exists()
