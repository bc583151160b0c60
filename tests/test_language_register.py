"""Issue 10.1: a function registered through the table alone works everywhere.

This module adds ``asinh`` (not a built-in) with one ``register(Construct(...))`` and shows
it parsed from a file, evaluated, differentiated, proved and refuted, printed in text, TeX
and MathML, and compiled to NumPy — no other module is touched.
"""
from __future__ import annotations

from pathlib import Path

import mpmath
import numpy as np
import pytest
import sympy as sp

from derive.language import Construct, Notation, register, unregister
from derive.printing import latex, text
from derive.verify import PROVED, REFUTED, check_file, load_file, to_model
from derive.verify.evaluate import Evaluator, Undefined
from reports.mathml import math_element

FILE = '''
title = "a registered function"
[sizes]
n = "outputs"
m = "features"
[inputs]
x = ["m"]
W = ["n", "m"]
t = []
[define]
"a[i]" = "Sum(W[i, k]*x[k], (k, 1, m))"
"L" = "Sum(asinh(a[i]), (i, 1, n))"
[[claim]]
name = "derivative"
eq = "diff(asinh(t), t) = 1/sqrt(1 + t**2)"
[[claim]]
name = "wrong derivative"
eq = "diff(asinh(t), t) = 1/(1 + t**2)"
'''


def _asinh_mp(v):
    return mpmath.asinh(v)


@pytest.fixture(scope="module")
def path(tmp_path_factory):
    register(Construct("asinh", "inverse hyperbolic sine", latex=(r"\operatorname{arsinh}",), build=sp.asinh,
                       classes=(sp.asinh,), mp=_asinh_mp, rule="derivative of asinh",
                       notation=Notation("asinh", r"\operatorname{arsinh}", "arsinh"), numpy="numpy.arcsinh"))
    p: Path = tmp_path_factory.mktemp("registered") / "asinh.derive.toml"
    p.write_text(FILE)
    yield p
    unregister("asinh")


def test_parsed_from_a_file_and_evaluated(path) -> None:
    f = load_file(path)
    L = f.quantities["L"].definition
    assert L.has(sp.asinh)
    t = sp.Symbol("t", real=True)
    assert Evaluator({t: mpmath.mpf(2)}, {})(sp.asinh(t)) == mpmath.asinh(2)
    with pytest.raises(Undefined):
        Evaluator({t: mpmath.mpf(2)}, {})(sp.asinh(sp.sqrt(t - 3)))


def test_differentiated_proved_and_refuted(path) -> None:
    verdicts = {c.name: c for c in check_file(path, timeout=120).claims}
    assert verdicts["derivative"].verdict == PROVED
    assert verdicts["wrong derivative"].verdict == REFUTED


def test_printed_in_text_tex_and_mathml(path) -> None:
    a = sp.IndexedBase("a", real=True)[sp.Symbol("i", integer=True)]
    assert text(sp.asinh(a)) == "asinh(a_i)"
    assert latex(sp.asinh(a)) == r"\operatorname{arsinh}\left(a_{i}\right)"
    assert "<mi>arsinh</mi>" in math_element(sp.asinh(a), latex(sp.asinh(a)))


def test_compiled_to_numpy(path) -> None:
    from numeric import compile_model

    compiled = compile_model(to_model(path))
    rng = np.random.default_rng(0)
    X, W, T = rng.normal(size=(5, 3)), rng.normal(size=(4, 3)), rng.normal(size=5)
    loss, grads = compiled.loss_and_grads(X=X, W=W, T=T)
    assert loss == pytest.approx(np.mean(np.arcsinh(X @ W.T).sum(axis=1)))
    expected = (1 / np.sqrt((X @ W.T) ** 2 + 1)).T @ X / 5
    assert np.allclose(grads["W"], expected)
    assert "numpy.arcsinh" in compiled.source


GELU = '''
title = "exact GELU"
[sizes]
n = "outputs"
m = "features"
[inputs]
x = ["m"]
W = ["n", "m"]
[define]
"a[i]" = "Sum(W[i, k]*x[k], (k, 1, m))"
"h[i]" = "a[i]*(1 + erf(a[i]/sqrt(2)))/2 + sech(a[i])"
"L" = "Sum(h[i]**2, (i, 1, n))"
'''


def test_builtin_kernels_erf_and_sech_reach_the_standalone_module(tmp_path) -> None:
    import types

    from numeric import compile_model

    path = tmp_path / "gelu.derive.toml"
    path.write_text(GELU)
    compiled = compile_model(to_model(path))
    module = types.ModuleType("gelu")
    exec(compile(compiled.source, "gelu.py", "exec"), module.__dict__)  # our own generated code
    rng = np.random.default_rng(1)
    X, W = rng.normal(size=(4, 3)), rng.normal(size=(5, 3))
    loss, grads = compiled.loss_and_grads(X=X, W=W)
    assert module.loss_and_grads(X, W)[0] == pytest.approx(loss)
    eps = 1e-6
    up, down = W.copy(), W.copy()
    up[1, 2] += eps
    down[1, 2] -= eps
    numeric = (compiled.loss_and_grads(X=X, W=up)[0] - compiled.loss_and_grads(X=X, W=down)[0]) / (2 * eps)
    assert grads["W"][1, 2] == pytest.approx(numeric, rel=1e-5)


def test_the_table_answers_for_a_class_asked_about_before_it_was_registered() -> None:
    """``for_class`` remembers its answers per class; registering or removing a construct forgets them."""
    from derive.language import for_class

    class _Ramp(sp.Function):
        pass
    assert for_class(_Ramp) is None
    ramp = register(Construct("ramp_once", "a test function", classes=(_Ramp,), rule="the ramp rule"))
    try:
        assert for_class(_Ramp) is ramp
    finally:
        unregister("ramp_once")
    assert for_class(_Ramp) is None


ARC = '''
title = "inverse trigonometric functions"
[sizes]
n = "outputs"
[inputs]
z = ["n"]
c = []
[define]
"L" = "Sum(arctan(z[i]) + arcsin(tanh(z[i]))*arccos(tanh(z[i])/2), (i, 1, n))"
[[claim]]
name = "arccos"
eq = "diff(arccos(c), c) = -1/sqrt(1 - c**2)"
[[claim]]
name = "arcsin"
eq = "diff(arcsin(c), c) = 1/sqrt(1 - c**2)"
[[claim]]
name = "arctan"
eq = "diff(arctan(c), c) = 1/(1 + c**2)"
[[claim]]
name = "slip: arccos taken for arcsin"
eq = "diff(arccos(c), c) = 1/sqrt(1 - c**2)"
'''


def test_inverse_trigonometric_functions_are_checked_read_from_latex_and_compiled(tmp_path) -> None:
    from numeric import compile_model
    from derive.documents.mathbuild import MathContext, read_math
    from derive.verify.parser import Scope
    path = tmp_path / "arc.derive.toml"
    path.write_text(ARC)
    report = check_file(path)
    assert [c.verdict for c in report.claims] == [PROVED, PROVED, PROVED, REFUTED]
    assert abs(float(report.claims[3].counterexample["inputs"]["c"])) <= 1  # arccos is not real outside [-1, 1]
    c = sp.Symbol("c", real=True)
    ctx = MathContext(Scope(quantities={"c": 0}, sizes={}), {"c": ()})
    assert read_math(r"\arccos c + \arctan(c)", ctx) == sp.acos(c) + sp.atan(c)
    assert latex(sp.acos(c)) == r"\arccos\left(c\right)"
    model_only = tmp_path / "arcloss.derive.toml"
    model_only.write_text(ARC.split("[[claim]]")[0].replace('c = []\n', ''))
    compiled = compile_model(to_model(model_only))
    z = np.random.default_rng(2).normal(size=(3, 4))
    loss, grads = compiled.loss_and_grads(Z=z)
    eps = 1e-6
    up, down = z.copy(), z.copy()
    up[1, 2] += eps
    down[1, 2] -= eps
    numeric = (compiled.loss_and_grads(Z=up)[0] - compiled.loss_and_grads(Z=down)[0]) / (2 * eps)
    assert grads["Z"][1, 2] == pytest.approx(numeric, rel=1e-5)
