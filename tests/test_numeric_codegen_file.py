"""`derive codegen FILE.derive.toml`: a model read from a derivation file, through derive.verify.to_model."""
import importlib.util
from pathlib import Path

import numpy as np
import pytest

from derive.catalog import get
from derive.cli import main
from numeric import make_inputs

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "softmax.derive.toml"
BAD = sorted((ROOT / "tests" / "bad_inputs").glob("*.toml"))


def load(path: Path):
    spec = importlib.util.spec_from_file_location(f"generated_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_example_file_generates_the_same_numbers_as_the_catalog_model(tmp_path, capsys):
    from_file, from_catalog = tmp_path / "from_file.py", tmp_path / "from_catalog.py"
    assert main(["codegen", str(EXAMPLE), "-o", str(from_file)]) == 0
    assert main(["codegen", "softmax", "-o", str(from_catalog)]) == 0
    assert "wrote" in capsys.readouterr().out
    a, b = load(from_file), load(from_catalog)
    for dtype in (np.float64, np.float32):
        inputs = make_inputs(get("softmax"), {"B": 9, "n": 5, "m": 4}, seed=31, dtype=dtype)
        loss_a, grads_a = a.loss_and_grads(**inputs)
        loss_b, grads_b = b.loss_and_grads(**inputs)
        assert loss_a == loss_b and np.asarray(loss_a).dtype == dtype
        assert grads_a.keys() == grads_b.keys() == {"X", "W"}
        for k in grads_a:
            assert np.array_equal(grads_a[k], grads_b[k])
    # The file's title and its proved gradient reach the docstring.
    src = from_file.read_text()
    assert "Softmax classifier: gradient of the cross-entropy loss" in src and "(s_j - y_j)·x_k" in src


def _expectation(path: Path) -> tuple[int, str]:
    first = path.read_text(encoding="utf-8", errors="replace").splitlines()[0]
    line, fragment = first.removeprefix("# expect: ").split(": ", 1)
    return int(line), fragment


@pytest.mark.parametrize("bad", BAD, ids=lambda p: p.stem)
def test_bad_file_is_one_line_error_and_nothing_is_written(bad, tmp_path, capsys):
    out = tmp_path / "out.py"
    out.write_text("previous")
    assert main(["codegen", str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    line, fragment = _expectation(bad)
    assert err.startswith(f"derive: error: {bad}:{line}: ") and fragment in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert out.read_text() == "previous" and [p.name for p in tmp_path.iterdir()] == ["out.py"]


def test_file_whose_model_has_no_array_form_is_reported_at_its_definition(tmp_path, capsys):
    src = tmp_path / "three.derive.toml"
    src.write_text('title = "three factors share k"\n[sizes]\nn = "n"\nm = "m"\n'
                   '[inputs]\nx = ["m"]\nW = ["n", "m"]\ny = ["n"]\n[define]\n'
                   '"z[i]" = "Sum(W[i, k]*x[k], (k, 1, m))"\n'
                   '"L" = "Sum(z[i]*y[i]*Sum(W[i, k]*x[k]*W[j, k], (k, 1, m)), (i, 1, n), (j, 1, n))"\n')
    assert main(["codegen", str(src), "-o", str(tmp_path / "out.py")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"derive: error: {src}:11: cannot generate NumPy code") and "definition of L" in err
    assert err.count("\n") == 1 and not (tmp_path / "out.py").exists()


def test_a_definition_with_no_array_form_is_shown_with_plain_index_names(tmp_path, capsys):
    """A label's one-hot reading sums over placeholders (__c, a Dummy k); the message names them i, j."""
    src = tmp_path / "emb.derive.toml"
    src.write_text('title = "a row picked by a label"\nloss = "L"\n[sizes]\nn = "n"\nm = "m"\n[labels]\nc = "n"\n'
                   '[inputs]\nE = { shape = ["n", "m"], role = "param" }\nx = { shape = ["m"], role = "data" }\n'
                   '[define]\n"L" = "Sum((E[c, k] - x[k])**2, (k, 1, m))"\n')
    assert main(["codegen", str(src), "-o", str(tmp_path / "out.py")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"derive: error: {src}:12: cannot generate NumPy code") and "definition of L" in err
    shown = err.split("matrix) form: ")[1]
    assert shown.strip() == "Σ_i (C_bi·Σ_j (E_ij - X_bj)^2)"


def test_missing_file_is_an_input_error(tmp_path, capsys):
    assert main(["codegen", str(tmp_path / "nope.derive.toml"), "-o", str(tmp_path / "out.py")]) == 2
    err = capsys.readouterr().err
    assert "nope.derive.toml" in err and err.count("\n") == 1 and not (tmp_path / "out.py").exists()


def test_a_norm_generates_code_whose_gradient_matches_finite_differences(tmp_path, capsys):
    """Cosine similarity: ‖a‖ = (Σ_k a_k²)^(1/2) is a power of a row sum (it had no array form), printed
    ``(…) ** (1/2)`` (``** 1/2`` would halve the square); the per-sample scalars scale rows by
    broadcasting, never through a (B × B) ``diagflat``."""
    src = tmp_path / "cosine.derive.toml"
    src.write_text('title = "cosine similarity"\nloss = "c"\n[sizes]\nd = "dimensions"\n'
                   '[inputs]\na = { shape = ["d"], role = "param" }\nb = { shape = ["d"], role = "data" }\n'
                   '[define]\n"na" = "sqrt(Sum(a[k]**2, (k, 1, d)))"\n"nb" = "sqrt(Sum(b[k]**2, (k, 1, d)))"\n'
                   '"c" = "Sum(a[k]*b[k], (k, 1, d))/(na*nb)"\n')
    out = tmp_path / "cosine.py"
    assert main(["codegen", str(src), "-o", str(out)]) == 0
    code = out.read_text()
    assert "diagflat" not in code and "** 1/2" not in code
    module = load(out)
    rng = np.random.default_rng(7)
    a, B = rng.normal(size=4), rng.normal(size=(5, 4))  # one parameter vector, a batch of five samples

    def mean_cosine(a, B):
        return np.mean(B @ a / np.linalg.norm(a) / np.linalg.norm(B, axis=1))
    loss, grads = module.loss_and_grads(a, B)
    assert np.isclose(loss, mean_cosine(a, B), rtol=1e-12)
    for name, x, f in (("a", a, lambda v: mean_cosine(v, B)), ("B2", B, lambda v: mean_cosine(a, v))):
        numeric = np.zeros_like(x)
        for at in np.ndindex(x.shape):
            step = np.zeros_like(x)
            step[at] = 1e-6
            numeric[at] = (f(x + step) - f(x - step)) / 2e-6
        assert np.allclose(grads[name], numeric, rtol=1e-6, atol=1e-9), name


@pytest.mark.parametrize("example", ["layernorm", "attention"])
def test_a_per_row_scale_is_a_broadcast_not_a_diagonal_matrix(example, tmp_path):
    """diag(v) M in a gradient's matrix form is v * M in the code: numpy.diagflat built a B × B matrix."""
    out = tmp_path / f"{example}.py"
    assert main(["codegen", str(ROOT / "examples" / f"{example}.derive.toml"), "-o", str(out)]) == 0
    assert "diagflat" not in out.read_text()


def test_a_per_output_scale_of_a_linear_layer_generates_code(tmp_path, capsys):
    """Σ_i (z_i − y_i) g_i W_ij has a matrix form, ((Z − Y) g) W: codegen refused the model before."""
    model = tmp_path / "scaled.derive.toml"
    model.write_text("""title = "A linear layer scaled per output"
loss = "L"
[sizes]
m = "features"
n = "outputs"
[inputs]
x = { shape = ["m"], role = "data" }
y = { shape = ["n"], role = "data" }
W = { shape = ["n", "m"], role = "param" }
g = { shape = ["n"], role = "param" }
[define]
"z[i]" = "g[i]*Sum(W[i, k]*x[k], (k, 1, m))"
"L" = "Sum((z[i] - y[i])**2, (i, 1, n))/2"
""")
    out = tmp_path / "scaled.py"
    assert main(["codegen", str(model), "-o", str(out)]) == 0
    assert "checked against central differences" in capsys.readouterr().out
    assert "diagflat" not in out.read_text()
    rng = np.random.default_rng(5)
    X, Y, W, g = rng.normal(size=(6, 4)), rng.normal(size=(6, 3)), rng.normal(size=(3, 4)), rng.normal(size=3)
    _, grads = load(out).loss_and_grads(X, Y, W, g)
    Z = (X @ W.T) * g
    assert np.allclose(grads["X"], ((Z - Y) * g) @ W / 6, rtol=1e-12)
    assert np.allclose(grads["g"], ((Z - Y) * (X @ W.T)).sum(axis=0) / 6, rtol=1e-12)


def test_codegen_checks_the_generated_gradients_before_writing(tmp_path, capsys, monkeypatch):
    out = tmp_path / "softmax_grad.py"
    assert main(["codegen", "softmax", "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "checked against central differences: 4 seeded directions per input (X, W)" in said
    # A slip in the printed gradient (here: 1 % too large) is caught, and nothing reaches the user's file.
    import numeric.command as command
    from numeric import compile_model
    honest = compile_model(get("softmax"))

    class Slipped:
        source = honest.source

        def loss_and_grads(self, **arrays):
            loss, grads = honest.loss_and_grads(**arrays)
            return loss, {k: 1.01 * g if k == "W" else g for k, g in grads.items()}

        def loss(self, **arrays):
            return honest.loss(**arrays)
    monkeypatch.setattr(command, "compile_model", lambda model: Slipped())
    out.write_text("previous")
    assert main(["codegen", "softmax", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "gradient by W of model softmax disagrees with central differences" in err and "nothing written" in err
    assert err.count("\n") == 1 and out.read_text() == "previous"


def test_a_files_bounds_are_where_the_check_draws(tmp_path, capsys):
    # Layer normalization's √(σ² + ε) is NaN for a negative ε: the file's given ε > 0 picks the draws.
    notes = ROOT / "tests" / "outside" / "ba_layer_norm_backward.md"
    assert main(["codegen", str(notes), "-o", str(tmp_path / "ln.py")]) == 0
    assert "checked against central differences" in capsys.readouterr().out
    model = get("softmax")
    drawn = make_inputs(model, {"B": 50}, seed=1, bounds={"x": (2, None), "W": (-1, 1)})
    assert (drawn["X"] > 2).all() and (drawn["X"] < 4).all() and (abs(drawn["W"]) < 1).all()


@pytest.mark.parametrize("source, mean", [("attention", False), ("batchnorm", False), ("softmax", True),
                                          ("softmax-batch", True)])
def test_the_docstrings_say_whether_the_loss_is_a_mean(source, mean):
    """attention's L = Σ G ⊙ O and batch norm's Σ_b g_b y_b are sums, returned as such: no docstring says mean."""
    from derive.verify import to_model
    from numeric import compile_model
    model = to_model(str(ROOT / "examples" / f"{source}.derive.toml")) if "-" not in source else get(source)
    text = compile_model(model).source
    function = text[text.index("def loss_and_grads"):]
    assert ("Mean loss over the batch" in function) == mean
    loss_line = next(line for line in text.splitlines() if line.startswith("Loss:"))
    assert ("mean" in loss_line.replace("not a mean", "")) == mean
    if not mean:
        assert f"The loss L of the whole batch as the model defines it (not divided by {model.batch})" in function
        assert loss_line.startswith("Loss: L, as the model defines it over the whole batch: not a mean")


def test_attentions_loss_is_the_sum_its_docstring_says():
    from derive.verify import to_model
    from numeric import compile_model
    model = to_model(str(ROOT / "examples" / "attention.derive.toml"))
    arrays = make_inputs(model, {"T": 5, "d": 3, "e": 2}, seed=4)
    loss, _ = compile_model(model).loss_and_grads(**arrays)
    Q, K, V, G = (arrays[k] for k in "QKVG")
    S = Q @ K.T / np.sqrt(3)
    P = np.exp(S - S.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    assert loss == pytest.approx((G * (P @ V)).sum(), rel=1e-12)
