"""Standalone module: round trip through `derive codegen`, vectorised source, safe names, atomic writes."""
import ast
import importlib.util

import numpy as np
import pytest
import sympy as sp

from derive.catalog import CATALOG, get
from derive.cli import main
from derive.errors import DeriveError
from derive.matrixform import to_matrix
from derive.model import build
from numeric import compile_model, make_inputs
from numeric.codegen import write_atomic
from numeric.names import check_name
from numeric.printer import code

from _numeric_source import loops, matrix_products


def load(path):
    spec = importlib.util.spec_from_file_location(f"generated_{path.stem.replace('-', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_codegen_round_trip_matches_in_process(name, tmp_path, capsys):
    out = tmp_path / f"{name.replace('-', '_')}_grad.py"
    assert main(["codegen", name, "-o", str(out)]) == 0
    module = load(out)
    model = get(name)
    compiled = compile_model(model)
    for dtype in (np.float64, np.float32):
        inputs = make_inputs(model, {"B": 7}, seed=11, dtype=dtype)
        loss, grads = module.loss_and_grads(**inputs)
        loss2, grads2 = compiled.loss_and_grads(**inputs)
        assert loss == loss2 and np.asarray(loss).dtype == dtype
        assert grads.keys() == grads2.keys()
        for k in grads:
            assert grads[k].shape == inputs[k].shape and np.array_equal(grads[k], grads2[k])


def test_softmax_module_signature_docstring_and_imports(tmp_path):
    out = tmp_path / "softmax_grad.py"
    assert main(["codegen", "softmax", "-o", str(out)]) == 0
    src = out.read_text()
    tree = ast.parse(src)
    imports = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert [a.name for n in imports for a in n.names] == ["numpy"]
    fn = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "loss_and_grads")
    assert [a.arg for a in fn.args.args] == ["X", "W", "Y"]
    assert [a.arg for a in fn.args.kwonlyargs] == ["check", "workspace"]
    doc = ast.get_docstring(tree)
    assert "∂L/∂W_jk = (s_j - y_j)·x_k" in doc and "X: (B, m)" in doc and "W: (n, m)" in doc
    assert "max" in src  # the shifted softmax
    # Vectorised: matrix products; the only loop walks blocks of rows inside the fused kernel.
    assert matrix_products(src)
    assert not loops(src)
    assert [n for n in ast.walk(tree) if isinstance(n, ast.For)]
    module = load(out)
    X, W = np.ones((2, 3)), np.zeros((4, 3))
    Y = np.eye(4)[[0, 1]]
    loss, grads = module.loss_and_grads(X, W, Y)
    assert loss == pytest.approx(np.log(4)) and set(grads) == {"W", "X"}
    assert np.allclose(grads["W"], (np.full((2, 4), 0.25) - Y).T @ X / 2)


def test_generated_code_uses_the_fused_gradient_not_the_jacobian_chain():
    src = compile_model(get("softmax")).source
    body = src.split("def loss_and_grads")[1]
    # softmax(Z) − Y straight from the logits (one fused kernel), then two products scaled by 1/B.
    assert "L, _S_minus_Y, _Y_sums = _softmax_cross_entropy(Z, Y, Z, workspace, 'L')" in body
    assert "numpy.matmul(_S_minus_Y, _dX_scaled)" in body and "numpy.multiply(W, 1 / B," in body
    assert "dW = _product_tn(_S_minus_Y, X, 1 / B, workspace, 'dW')" in body  # (S − Y)ᵀ X / B
    assert "diag" not in src and "einsum" not in src and "[:, :, None]" not in src


@pytest.mark.parametrize("bad", ["1x", "a-b", "class", "x y", "__import__('os')", "", "numpy", "_private", "match"])
def test_name_validation_rejects_unsafe_names(bad):
    with pytest.raises(DeriveError):
        check_name(bad)


def test_model_with_unsafe_quantity_name_is_refused_before_codegen():
    m = build("bad", "", sizes={"n": "", "m": ""},
              inputs={"x": ("data", ("m",), ""), "W": ("param", ("n", "m"), ""), "y": ("target", ("n",), "")},
              nodes=[("z", "linear", "W", "x"), ("L", "mse", "z", "y")], loss="L")
    evil = m.__class__(**{**m.__dict__, "quantities": tuple(
        q.__class__(**{**q.__dict__, "name": "import"}) if q.name == "z" else q for q in m.quantities)})
    with pytest.raises(DeriveError, match="keyword"):
        compile_model(evil)


def test_write_is_atomic_and_errors_are_one_line(tmp_path, capsys):
    target = tmp_path / "out.py"
    target.write_text("old")

    with pytest.raises(TypeError):
        write_atomic(target, 42)  # writing a non-string fails mid-way
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["out.py"]
    assert main(["codegen", "softmax", "-o", str(tmp_path / "missing" / "x.py")]) == 2
    assert main(["codegen", "no-such-model", "-o", str(tmp_path / "y.py")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and "Traceback" not in err and not (tmp_path / "y.py").exists()


def test_bad_argument_shapes_are_reported():
    c = compile_model(get("softmax"))
    inputs = make_inputs(get("softmax"), {"B": 3, "n": 4, "m": 5})
    expected = r"expects X: \(B, m\), W: \(n, m\), Y: \(B, n\) .* or one sample X: \(m,\), Y: \(n,\)"
    with pytest.raises(ValueError, match=expected + r"; got X: \(3, 5\), W: \(4, 5\), Y: \(3, 2\)"):
        c.loss_and_grads(X=inputs["X"], W=inputs["W"], Y=np.ones((3, 2)))
    with pytest.raises(ValueError, match=expected + r"; got X: \(5,\), W: \(4, 5\), Y: \(3, 4\)"):
        c.loss_and_grads(X=inputs["X"][0], W=inputs["W"], Y=inputs["Y"])  # one sample of x, a batch of y
    with pytest.raises(TypeError, match="missing"):
        c.loss_and_grads(X=inputs["X"], W=inputs["W"])


def test_printer_prints_whole_array_numpy():
    B, n, m = sp.symbols("B n m", integer=True, positive=True)
    X, W = sp.MatrixSymbol("X", B, m), sp.MatrixSymbol("W", n, m)
    S, Y = sp.MatrixSymbol("S", B, n), sp.MatrixSymbol("Y", B, n)
    assert code((S - Y).T * X / B) == "((S.T - Y.T) @ X) / B"
    assert code(X * W.T) == "X @ W.T"
    assert code(sp.HadamardProduct(S, Y) * sp.OneMatrix(n, 1)) == "(S * Y).sum(axis=1, keepdims=True)"


def test_matrixform_extensions_used_by_numeric():
    b, i, k = (sp.Symbol(s, integer=True) for s in "bik")
    B, n, m = sp.symbols("B n m", integer=True, positive=True)
    Y, L, Z, bias, W, X = (sp.IndexedBase(s) for s in ("Y", "L", "Z", "bias", "W", "X"))
    shapes = {"Y": (B, n), "L": (B, n), "Z": (B, n), "bias": (n,), "W": (n, m), "X": (B, m)}
    row = to_matrix(sp.Sum(Y[b, i] * L[b, i], (i, 1, n)), (b,), shapes)
    assert row.shape == (B, 1) and isinstance(row.args[0], sp.HadamardProduct)
    affine = to_matrix(sp.Sum(W[i, k] * X[b, k], (k, 1, m)) + bias[i], (b, i), shapes)
    assert affine.shape == (B, n) and affine.has(sp.OneMatrix)
    # The broadcast bias row is added to every sample: check entries at explicit sizes.
    sizes = {B: 2, n: 3, m: 4}
    Wv, Xv, bv = (sp.Matrix(r, c, lambda p, q: sp.Symbol(f"{nm}{p}{q}")) for nm, r, c in
                  (("w", 3, 4), ("x", 2, 4), ("b", 3, 1)))
    arrays = {sp.MatrixSymbol("W", n, m): Wv, sp.MatrixSymbol("X", B, m): Xv, sp.MatrixSymbol("bias", n, 1): bv}
    value = sp.Matrix(affine.xreplace(arrays).xreplace(sizes).as_explicit())
    assert value == Xv * Wv.T + sp.ones(2, 1) * bv.T
    sq = to_matrix((Z[b, i] - Y[b, i]) ** 2, (b, i), shapes)
    assert isinstance(sq, sp.HadamardPower)
    # A vector over the summed index alone scales one side: Σ_i Y_bi g_i W_ik is (Y diag(g)) W, checked entry by entry.
    g = sp.IndexedBase("g")
    scaled = to_matrix(sp.Sum(Y[b, i] * g[i] * W[i, k], (i, 1, n)), (b, k), {**shapes, "g": (n,)})
    Yv, gv = sp.Matrix(2, 3, lambda p, q: sp.Symbol(f"y{p}{q}")), sp.Matrix(3, 1, lambda p, q: sp.Symbol(f"g{p}"))
    arrays = {sp.MatrixSymbol("Y", B, n): Yv, sp.MatrixSymbol("g", n, 1): gv, sp.MatrixSymbol("W", n, m): Wv}
    assert sp.Matrix(scaled.xreplace(arrays).xreplace(sizes).as_explicit()) == Yv * sp.diag(*gv) * Wv
    # Two factors sharing the summed index and another index have no single matrix product.
    assert to_matrix(sp.Sum(Y[b, i] * L[b, i] * X[b, k], (b, 1, B)), (i,), shapes) is None


def test_printer_broadcasts_symbolic_scalars_and_prints_full_reductions():
    B, n, m = sp.symbols("B n m", integer=True, positive=True)
    R, lam = sp.symbols("R lam")
    E, W = sp.MatrixSymbol("E", B, 1), sp.MatrixSymbol("W", n, m)
    # A scalar node (λ‖W‖²) added to a per-sample column: the sign of a symbol is unknown, not negative.
    assert code(sp.MatAdd(R * sp.OneMatrix(B, 1), E)) == "R + E"
    assert code(sp.MatAdd(E, -R * sp.OneMatrix(B, 1))) == "E - R"
    full = lam * sp.OneMatrix(1, n) * sp.HadamardPower(W.T, 2) * sp.OneMatrix(m, 1)
    assert code(full) == "lam * (W ** 2).sum()"


def test_generated_code_reads_like_hand_written_numpy():
    l2 = compile_model(get("softmax-l2")).source.split("def loss_and_grads")[1]
    assert "R = lam * (W ** 2).sum()" in l2 and "2*lam * W + " in l2
    logistic = compile_model(get("logistic")).source.split("def loss_and_grads")[1]
    # ln σ and ln(1 − σ) as softplus, signs pulled out of the sum, −Z passed directly.
    assert "((1 - Y) * _softplus_Z + Y * _softplus_neg_Z).sum(axis=1, keepdims=True)" in logistic
    bias = compile_model(get("softmax-bias")).source.split("def loss_and_grads")[1]
    # Logits in their own (B, n) layout with the bias row broadcast, not (W Xᵀ + b 1ᵀ)ᵀ materialised.
    assert "Z = X @ W.T + b.T" in bias and "broadcast_to" not in bias
    assert "_S_minus_Y, _Y_sums = _softmax_cross_entropy(Z, Y, Z, workspace, 'L')" in bias
    assert "db = _S_minus_Y.sum(axis=0, keepdims=True).T / B" in bias
    for name in ("mlp", "mlp-tanh", "mlp-relu"):
        body = compile_model(get(name)).source.split("def loss_and_grads")[1]
        lines = [ln.strip() for ln in body.splitlines()]
        # The hidden-layer delta (Δ W) ∘ σ'(A) is computed once and read by both ∂/∂X and ∂/∂V.
        delta = [ln for ln in lines if ln.startswith("_t") and "numpy.matmul(_S_minus_Y, W," in ln]
        assert len(delta) == 1, body
        name_ = delta[0].split(" = ")[0]
        assert f"numpy.multiply({name_}, " in body  # σ'(A) multiplied into the same array, in place
        assert f"dX = numpy.matmul({name_}, _dX_scaled)" in body and f"dV = _product_tn({name_}, X, 1 / B," in body
        # S − Y once (fused with the loss), for the delta and for ∂/∂W.
        assert body.count("_softmax_cross_entropy(") == 1 and "dW = _product_tn(_S_minus_Y, H, 1 / B," in body
        assert ".T *" not in body


def test_an_input_named_like_a_generated_local_still_works(tmp_path):
    """A parameter called dtype must not be overwritten by the generated function's own locals."""
    import importlib.util
    from derive.model import build
    from numeric import compile_model, make_inputs
    model = build("dtype-named", "", sizes={"n": "outputs", "m": "features"},
                  inputs={"x": ("data", ("m",), ""), "dtype": ("param", ("n", "m"), ""), "y": ("target", ("n",), "")},
                  nodes=[("z", "linear", "dtype", "x"), ("L", "mse", "z", "y")], loss="L")
    compiled = compile_model(model)
    path = tmp_path / "dtype_grad.py"
    path.write_text(compiled.source)
    spec = importlib.util.spec_from_file_location("dtype_grad", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    inputs = make_inputs(model, seed=2)
    loss, grads = module.loss_and_grads(**inputs)
    ref_loss, ref_grads = compiled.loss_and_grads(**inputs)
    assert loss == ref_loss and set(grads) == set(ref_grads)


def test_an_input_named_self_is_passed_to_the_compiled_model_and_the_command(tmp_path, capsys):
    """``Compiled.loss_and_grads(self, /, …)``: an input called self is a keyword like any other."""
    from derive.verify import to_model
    from numeric import gradcheck
    src = tmp_path / "self_param.derive.toml"
    src.write_text('title = "a parameter called self"\ngiven = ["Sum(y[i], (i, 1, n)) = 1"]\nloss = "L"\n'
                   '[sizes]\nn = "classes"\nm = "features"\n[inputs]\nx = { shape = ["m"], role = "data" }\n'
                   'self = { shape = ["n", "m"], role = "param" }\ny = { shape = ["n"], role = "target" }\n'
                   '[define]\n"z[i]" = "Sum(self[i, k]*x[k], (k, 1, m))"\n'
                   '"s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"\n"L" = "-Sum(y[i]*log(s[i]), (i, 1, n))"\n')
    model = to_model(str(src))
    compiled = compile_model(model)
    inputs = make_inputs(model, {"B": 3}, seed=1)
    loss, grads = compiled.loss_and_grads(**inputs)
    assert set(grads) == {"X", "self"} and compiled.loss(**inputs, check=False) == loss
    assert gradcheck(compiled, inputs).passed
    out = tmp_path / "self_grad.py"
    assert main(["codegen", str(src), "-o", str(out)]) == 0, capsys.readouterr().err
    module_loss, module_grads = load(out).loss_and_grads(**inputs)
    assert module_loss == loss and all(np.array_equal(module_grads[k], grads[k]) for k in grads)


def _builtins_read(source: str) -> set[str]:
    """The builtins ``loss_and_grads`` of a generated module reads by name."""
    import builtins
    fn = next(f for f in ast.parse(source).body if isinstance(f, ast.FunctionDef) and f.name == "loss_and_grads")
    return {n.id for n in ast.walk(fn) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
            and hasattr(builtins, n.id)}


@pytest.mark.parametrize("name", sorted(CATALOG))
def test_the_generated_function_reads_no_builtin_by_name(name):
    """Any model name may shadow a builtin inside loss_and_grads: the kernels name them, the function never."""
    assert _builtins_read(compile_model(get(name)).source) == set()


_SOFTMAX_FILE = ('title = "softmax"\ngiven = ["Sum({y}[i], (i, 1, {n})) = 1"]\nloss = "L"\n'
                 '[sizes]\n{n} = "classes"\n{m} = "features"\n[inputs]\n{x} = {{ shape = ["{m}"], role = "data" }}\n'
                 '{W} = {{ shape = ["{n}", "{m}"], role = "param" }}\n{y} = {{ shape = ["{n}"], role = "target" }}\n'
                 '[define]\n"{z}[i]" = "Sum({W}[i, k]*{x}[k], (k, 1, {m}))"\n'
                 '"s[i]" = "exp({z}[i]) / Sum(exp({z}[k]), (k, 1, {n}))"\n'
                 '"L" = "-Sum({y}[i]*log(s[i]), (i, 1, {n}))"\n')


@pytest.mark.parametrize("role, name", [("W", "int"), ("n", "int"), ("m", "ValueError"), ("x", "ValueError"),
                                        ("z", "ValueError"), ("y", "len")])
def test_names_of_builtins_leave_the_error_paths_working(role, name, tmp_path):
    """A parameter called int, a size or a definition called ValueError: bad calls still raise ValueError."""
    from derive.verify import to_model
    names = {**dict(n="n", m="m", x="x", W="W", y="y", z="z"), role: name}
    src = tmp_path / "hostile.derive.toml"
    src.write_text(_SOFTMAX_FILE.format(**names))
    model = to_model(str(src))
    compiled = compile_model(model)
    out = tmp_path / f"hostile_{role}_{name}.py"
    out.write_text(compiled.source)
    module = load(out)
    inputs = make_inputs(model, {"B": 3}, seed=2)
    X, W, Y = (inputs[k] for k in compiled.arguments)
    def in_process(*arrays):
        return compiled.loss_and_grads(**dict(zip(compiled.arguments, arrays)))
    for fn in (module.loss_and_grads, in_process):
        assert np.isfinite(fn(X, W, Y)[0])
        for bad, message in [((X, W[:, :2], Y), r"expects .*got"), ((X[0], W[:, :2], Y[0]), r"or one sample .*got"),
                             ((X[:0], W, Y[:0]), "the batch is empty"), ((X, W, 2 * Y), "must be 1")]:
            with pytest.raises(ValueError, match=message):
                fn(*bad)


@pytest.mark.parametrize("name, condition", [("softmax", "B*n < 2*m*n"), ("mlp", "B*n < 2*m*p + n*p")])
def test_the_means_scale_taken_once_or_per_gradient_gives_the_same_gradients(name, condition, tmp_path):
    """Small chunks of a batch take 1/B on S − Y once, the whole batch per gradient: the results must agree."""
    from numeric.batch import BATCH
    model = get(name)
    compiled = compile_model(model)
    assert f"_prescaled = {condition}" in compiled.source
    module = load(_write(tmp_path / f"{name}_prescale.py", compiled.source))
    sizes = {"B": 40, "m": 5, "n": 3, "p": 4}  # 40·3 is more than the gradients' sizes; 2·3 is less
    inputs = make_inputs(model, sizes, seed=3)
    rows = {a.name for a in compiled.plan.arguments if a.batched_shape[:1] == (BATCH,)}

    def call(arrays):
        workspace: dict = {}
        loss, grads = module.loss_and_grads(*[arrays[a.name] for a in compiled.plan.arguments], workspace=workspace)
        return loss, grads, "_dX_scaled" not in workspace  # the per-gradient branch scales W (V) into a buffer
    loss, whole, prescaled = call(inputs)
    assert not prescaled
    total, parts = 0.0, {k: np.zeros_like(v) for k, v in whole.items()}
    for lo in range(0, 40, 2):
        part = {k: (v[lo:lo + 2] if k in rows else v) for k, v in inputs.items()}
        chunk_loss, grads, prescaled = call(part)
        assert prescaled
        total += chunk_loss * 2 / 40
        for k, g in grads.items():
            if k in rows:
                parts[k][lo:lo + 2] = g * 2 / 40
            else:
                parts[k] += g * 2 / 40
    assert total == pytest.approx(loss, rel=1e-12)
    for k in whole:
        np.testing.assert_allclose(parts[k], whole[k], rtol=1e-12, atol=1e-15)


def _write(path, text):
    path.write_text(text)
    return path


def test_a_gradient_with_a_term_outside_the_mean_keeps_its_own_scale():
    """softmax-l2's ∂/∂W adds 2λW to (S − Y)ᵀ X / B: S − Y cannot take the 1/B for it."""
    assert "_prescaled" not in compile_model(get("softmax-l2")).source
    assert "_prescaled" in compile_model(get("softmax")).source


def test_an_elementwise_power_summed_is_bracketed_before_the_sum(tmp_path):
    """Σ_i σ(z_i)² printed as ``(1 + numpy.exp(-Z))**(-2.0).sum(…)``: the sum bound to the exponent, a crash."""
    from derive.verify import to_model
    src = tmp_path / "square.derive.toml"
    src.write_text('title = "σ²"\nloss = "L"\n[sizes]\nn = "units"\n[inputs]\nz = { shape = ["n"], role = "data" }\n'
                   '[define]\n"L" = "Sum(sigmoid(z[i])**2, (i, 1, n))"\n')
    z = np.array([[-2.0, 0.5, 3.0]])
    loss, g = compile_model(to_model(str(src))).loss_and_grads(Z=z)
    s = 1 / (1 + np.exp(-z))
    assert loss == pytest.approx((s ** 2).sum(), rel=1e-13)
    np.testing.assert_allclose(g["Z"], 2 * s ** 2 * (1 - s), rtol=1e-12)
