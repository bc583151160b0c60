"""``derive.verify.to_model``: a derivation file as a model the engine and numeric can use."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from derive.catalog import get
from derive.engine import derive
from derive.errors import InputError
from derive.model import Model
from derive.verify import load_file, to_model

EXAMPLES = Path(__file__).parents[1] / "examples"
SOFTMAX = EXAMPLES / "softmax.derive.toml"

# The softmax model again, with other names for everything and a size name with a digit.
RENAMED = '''
title = "renamed softmax"
given = ["Sum(t[c], (c, 1, C2)) = 1"]

[sizes]
C2 = "classes"
F = "features"

[inputs]
inp = ["F"]
Wt = ["C2", "F"]
t = ["C2"]

[define]
"logit[c]" = "Sum(Wt[c, f]*inp[f], (f, 1, F))"
"p[c]" = "exp(logit[c]) / Sum(exp(logit[d]), (d, 1, C2))"
"unused" = "Sum(p[c]*t[c], (c, 1, C2))"
"cost" = "-Sum(t[c]*log(p[c]), (c, 1, C2))"
'''


def test_softmax_file_gives_the_catalog_result() -> None:
    model = to_model(str(SOFTMAX))
    assert isinstance(model, Model)
    for wrt in ("W", "x", "z", "s"):
        assert derive(model, wrt).result == derive(get("softmax"), wrt).result
    assert derive(model, "W").matrix == derive(get("softmax"), "W").matrix


def test_roles_loss_assumptions_and_layers() -> None:
    model = to_model(load_file(SOFTMAX))
    roles = {q.name: q.role for q in model.quantities}
    assert roles == {"x": "data", "W": "param", "y": "target", "z": "defined", "s": "defined", "L": "defined"}
    assert model.loss == "L" and model.target == "W"
    (asm,) = model.assumptions
    i = sp.Symbol("i", integer=True)
    assert asm.pattern == sp.Sum(sp.IndexedBase("y")[i], (i, 1, sp.Symbol("n", integer=True, positive=True)))
    assert asm.value == 1
    z = model.node("z")
    assert z.layer.name == "define z" and z.args == ("x", "W")
    assert z.layer.formula == "z[i] = Sum(W[i, k]*x[k], (k, 1, m))"
    assert z.layer.signature == "x[m], W[n,m] -> [n]"


def test_define_substitutes_out_index_and_freshens_dummies() -> None:
    model = to_model(SOFTMAX)
    k = sp.Symbol("k", integer=True)
    a = model.definition("z", (k,))  # the out index named like the summation index: no capture
    (dummy,) = [lim[0] for lim in a.atoms(sp.Sum).pop().limits]
    assert dummy != k and a.has(sp.IndexedBase("W")[k, dummy])
    b = model.definition("z", (k,))
    assert a != b or not a.atoms(sp.Dummy)  # fresh dummies on every call


def test_renamed_layout(tmp_path) -> None:
    path = tmp_path / "renamed.derive.toml"
    path.write_text(RENAMED)
    model = to_model(path)
    assert model.name == "renamed" and model.loss == "cost" and model.target == "Wt"
    assert {q.name: q.role for q in model.inputs} == {"inp": "data", "Wt": "param", "t": "target"}
    assert model.node("unused").aux and not model.node("p").aux
    assert model.node("logit").layer.signature == "inp[F], Wt[D,F] -> [D]"  # C2 is not all letters
    res = derive(model, "Wt")
    j, k = res.indices
    p, t, inp = sp.IndexedBase("p"), sp.IndexedBase("t"), sp.IndexedBase("inp")
    assert sp.expand(res.result - (p[j] - t[j]) * inp[k]) == 0
    assert res.assumed  # Σ t = 1 was applied as a step


def test_renamed_model_compiles_and_passes_gradcheck(tmp_path) -> None:
    numeric = pytest.importorskip("numeric")
    path = tmp_path / "renamed.derive.toml"
    path.write_text(RENAMED)
    model = to_model(path)
    compiled = numeric.compile_model(model)
    inputs = numeric.make_inputs(model, {"C2": 3, "F": 4}, seed=1)
    report = numeric.gradcheck(compiled, inputs)
    assert report.passed, report.summary()


def test_file_without_scalar_loss_is_an_input_error(tmp_path) -> None:
    path = tmp_path / "noloss.derive.toml"
    path.write_text('[sizes]\nn = "n"\n[inputs]\nx = ["n"]\n[define]\n"z[i]" = "2*x[i]"\n')
    with pytest.raises(InputError, match="scalar loss"):
        to_model(path)


def test_model_name_from_an_odd_file_name_is_sanitised(tmp_path) -> None:
    path = tmp_path / "my 'model\".derive.toml"
    path.write_text(SOFTMAX.read_text())
    assert to_model(path).name == "my__model_"


def test_a_diamond_shaped_file_loads_in_linear_time(tmp_path):
    """Each quantity reads the two before it: path-by-path recursion would take minutes."""
    import time
    from derive.engine import derive as derive_model
    from derive.verify import to_model
    defines = ['"q1[i]" = "x[i]"', '"q2[i]" = "2*x[i]"']
    defines += [f'"q{k}[i]" = "q{k - 1}[i] + q{k - 2}[i]"' for k in range(3, 41)]
    text = "\n".join(['[sizes]', 'n = "entries"', '[inputs]', 'x = ["n"]', '[define]', *defines,
                      '"L" = "Sum(x[i]**2, (i, 1, n))"', '[[claim]]', 'name = "c"', 'eq = "diff(L, x[j]) = 2*x[j]"'])
    path = tmp_path / "diamond.derive.toml"
    path.write_text(text)
    t0 = time.perf_counter()
    model = to_model(str(path))
    assert model.depends_on("q40", "x") and not model.depends_on("L", "q40")
    assert derive_model(model, "x").result is not None
    assert time.perf_counter() - t0 < 20  # a hang guard: the exponential walk took minutes


L1_FILE = """title = "L1 regularised regression"
loss = "L"
[sizes]
m = "features"
[inputs]
x = ["m"]
w = { shape = ["m"], role = "param" }
y = []
lam = { shape = [], role = "hyper" }
[define]
"r" = "Sum(w[k]*x[k], (k, 1, m)) - y"
"L" = "r**2/2 + lam*Sum(abs(w[k]), (k, 1, m))"
"""


def test_abs_in_a_file_model_differentiates_to_sign_and_compiles(tmp_path) -> None:
    # Model quantities carry no assumptions; SymPy once left d|w|/dw unevaluated for them.
    from numeric import compile_model

    path = tmp_path / "l1.derive.toml"
    path.write_text(L1_FILE)
    model = to_model(path)
    assert derive(model, "w").result.has(sp.sign)
    rng = np.random.default_rng(0)
    X, w, y = rng.normal(size=(6, 4)), rng.normal(size=4), rng.normal(size=6)
    loss, grads = compile_model(model).loss_and_grads(X=X, w=w, Y=y, lam=0.3)
    expected = X.T @ (X @ w - y) / 6 + 0.3 * np.sign(w)
    assert np.isclose(loss, np.mean((X @ w - y) ** 2 / 2) + 0.3 * np.abs(w).sum())
    assert np.allclose(grads["w"], expected, rtol=1e-12, atol=1e-14)
