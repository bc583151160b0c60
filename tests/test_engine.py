"""The symbolic engine on the tutorial's softmax classifier: every expected step, for all n.

Each local derivative and chained result is checked symbolically (exact SymPy equality
with the textbook form) and numerically (central differences of the forward model at
seeded random points, after instantiating the symbolic result at several sizes).
"""
from __future__ import annotations

import pytest
import sympy as sp
from sympy import IndexedBase, KroneckerDelta, Sum

from _numeric_oracle import Oracle, entries
from derive import catalog
from derive.derivation import ASSUMPTION, CHAIN, DEFINITION, LOCAL, RESULT
from derive.engine import derive, local_derivative
from derive.errors import UnknownVariable
from derive.indexcalc import index
from derive.model import size

i, j, k, l = (index(c) for c in "ijkl")
n, m = size("n"), size("m")
s, y, x, W, z, b = (IndexedBase(c) for c in ("s", "y", "x", "W", "z", "b"))
SOFTMAX = catalog.get("softmax")
BIAS = catalog.get("softmax-bias")


def same(a, b) -> bool:
    return sp.simplify(sp.expand(a - b)) == 0


# Local derivatives: (model, out, var, expected in textbook form, index bindings to test)
LOCAL_CASES = [
    (SOFTMAX, "L", "s", -y[j] / s[j]),
    (SOFTMAX, "s", "z", s[i] * (KroneckerDelta(i, j) - s[j])),
    (SOFTMAX, "z", "W", KroneckerDelta(i, j) * x[k]),
    (SOFTMAX, "z", "x", W[i, k]),
    (BIAS, "z", "b", KroneckerDelta(i, j)),
]


@pytest.mark.parametrize("model,out,var,expected", LOCAL_CASES, ids=lambda v: getattr(v, "name", str(v)))
def test_local_derivative_is_the_textbook_form(model, out, var, expected):
    got, steps = local_derivative(model, out, var)
    assert same(got, expected), got
    # The first step is sympy.diff of the definition, named by its textbook rules.
    assert steps[0].rule and "derivative" in steps[0].rule


def test_softmax_jacobian_is_written_in_terms_of_s_not_exp():
    got, steps = local_derivative(SOFTMAX, "s", "z")
    assert not got.has(sp.exp) and got.has(s[i]) and got.has(s[j])
    assert any(st.rule.startswith("back-substitution") for st in steps)
    assert "quotient rule" in steps[0].rule


def _bindings(free, sizes, limit=4):
    """Every assignment of the free indices (each ranging over its size), at most ``limit`` per index."""
    names = sorted(free, key=str)
    ranges = [range(1, min(sizes[str(r)], limit) + 1) for r in (_range_of(v) for v in names)]
    import itertools
    return [dict(zip(names, vals)) for vals in itertools.product(*ranges)]


def _range_of(idx):
    return {"i": n, "j": n, "k": m, "l": m}[str(idx)]


@pytest.mark.parametrize("sizes", [{"n": 1, "m": 1}, {"n": 2, "m": 3}, {"n": 4, "m": 2}])
@pytest.mark.parametrize("model,out,var,expected", LOCAL_CASES, ids=lambda v: getattr(v, "name", str(v)))
def test_local_derivative_matches_finite_differences(model, out, var, expected, sizes):
    got, _ = local_derivative(model, out, var)
    oracle = Oracle(model, sizes, seed=1)
    out_idx = {"L": (), "s": (i,), "z": (i,)}[out]
    var_idx = {"s": (j,), "z": (j,), "W": (j, k), "x": (k,), "b": (j,)}[var]
    for bind in _bindings(set(out_idx) | set(var_idx), sizes):
        a = tuple(bind[v] for v in out_idx)
        bb = tuple(bind[v] for v in var_idx)
        assert oracle.instantiate(got, bind) == pytest.approx(oracle.fd(out, a, var, bb), rel=1e-6, abs=1e-8)


CHAIN_CASES = [
    (SOFTMAX, "z", (j,), s[j] - y[j]),
    (SOFTMAX, "W", (j, k), (s[j] - y[j]) * x[k]),
    (SOFTMAX, "x", (k,), Sum(W[i, k] * (s[i] - y[i]), (i, 1, n))),
    (SOFTMAX, "s", (j,), -y[j] / s[j]),
    (BIAS, "b", (j,), s[j] - y[j]),
]


@pytest.mark.parametrize("model,wrt,idx,expected", CHAIN_CASES, ids=lambda v: getattr(v, "name", str(v)))
def test_chained_result_symbolically(model, wrt, idx, expected):
    dv = derive(model, wrt)
    assert dv.indices == idx
    assert same(dv.result, expected), dv.result


@pytest.mark.parametrize("sizes", [{"n": 1, "m": 2}, {"n": 3, "m": 3}, {"n": 4, "m": 2}])
@pytest.mark.parametrize("model,wrt,idx,expected", CHAIN_CASES, ids=lambda v: getattr(v, "name", str(v)))
def test_chained_result_matches_finite_differences(model, wrt, idx, expected, sizes):
    dv = derive(model, wrt)
    oracle = Oracle(model, sizes, seed=2)
    for bind in _bindings(set(idx), sizes):
        at = tuple(bind[v] for v in idx)
        fd = oracle.fd(model.loss, (), wrt, at)
        assert oracle.instantiate(dv.result, bind) == pytest.approx(fd, rel=1e-6, abs=1e-8)


def test_the_logit_gradient_steps_in_order():
    dv = derive(SOFTMAX, "z")
    chain = [st for st in dv.steps if st.kind in (CHAIN, ASSUMPTION)]
    unassumed = s[j] * Sum(y[i], (i, 1, n)) - y[j]
    assert chain[0].rule == "chain rule"
    assert any(same(st.rhs, unassumed) for st in chain if st.kind == CHAIN)
    applied = [st for st in dv.steps if st.kind == ASSUMPTION]
    assert len(applied) == 1 and same(applied[0].rhs, s[j] - y[j])
    assert applied[0].assumptions == SOFTMAX.assumptions


def test_without_the_assumption_the_engine_stops_at_the_sum_and_says_why():
    dv = derive(SOFTMAX, "z", assume=False)
    assert same(dv.result, s[j] * Sum(y[i], (i, 1, n)) - y[j])
    assert not dv.steps_of(ASSUMPTION) and not dv.assumed
    assert len(dv.pending) == 1
    assert same(dv.pending[0].would_be, s[j] - y[j])
    assert dv.pending[0].assumption is SOFTMAX.assumptions[0]


def test_without_the_assumption_the_fused_form_is_really_wrong():
    """s − y is not ∂L/∂z when Σ y ≠ 1: the assumption is doing real work."""
    oracle = Oracle(SOFTMAX, {"n": 3, "m": 2}, seed=3, simplex=False)
    fd = oracle.fd("L", (), "z", (1,))
    assert oracle.instantiate(s[j] - y[j], {j: 1}) != pytest.approx(fd, rel=1e-3)
    dv = derive(SOFTMAX, "z", assume=False)
    assert oracle.instantiate(dv.result, {j: 1}) == pytest.approx(fd, rel=1e-6)


def test_step_kinds_and_rules_are_named():
    dv = derive(SOFTMAX, "W")
    kinds = [st.kind for st in dv.steps]
    assert kinds[:3] == [DEFINITION] * 3 and kinds[-2:] == [RESULT, RESULT]
    assert LOCAL in kinds and CHAIN in kinds
    rules = " | ".join(st.rule for st in dv.steps)
    for name in ("quotient rule", "derivative of a sum", "Kronecker-delta contraction", "chain rule",
                 "assumption applied", "back-substitution"):
        assert name in rules


def test_matrix_forms():
    W_m = sp.MatrixSymbol("W", n, m)
    s_m, y_m, x_m = sp.MatrixSymbol("s", n, 1), sp.MatrixSymbol("y", n, 1), sp.MatrixSymbol("x", m, 1)
    assert derive(SOFTMAX, "W").matrix == (s_m - y_m) * x_m.T
    assert derive(SOFTMAX, "x").matrix == W_m.T * (s_m - y_m)
    assert derive(SOFTMAX, "z").matrix == s_m - y_m


def test_unknown_variable_is_a_specific_error():
    with pytest.raises(UnknownVariable, match="no quantity 'q'"):
        derive(SOFTMAX, "q")
    with pytest.raises(UnknownVariable, match="loss itself"):
        derive(SOFTMAX, "L")
    with pytest.raises(UnknownVariable, match="has no quantity 'b'"):
        derive(SOFTMAX, "b")


def test_no_derivative_is_typed_in_the_layer_table():
    """The layer table holds forward definitions only: no diff, Derivative or delta in it."""
    from pathlib import Path
    import derive.layers as layers
    src = Path(layers.__file__).read_text()
    for banned in ("diff(", "Derivative(", "KroneckerDelta("):
        assert banned not in src


def test_results_hold_for_symbolic_sizes():
    """The symbolic result contains n itself, so it is a statement for every n."""
    dv = derive(SOFTMAX, "z", assume=False)
    assert n in dv.result.free_symbols
    assert not dv.explicit and dv.sizes == {"n": "classes", "m": "features"}


def test_a_scalar_definition_is_put_back_by_name():
    """Batch norm's ∂v/∂μ = 2μ − 2·Σ_b x_b/B reads 0 once Σ_b x_b/B is μ (the term of Ioffe and Szegedy's
    ∂ℓ/∂μ that vanishes), and a norm's √(Σ_k v_k²) reads r: scalar quantities are put back as arrays are."""
    from pathlib import Path
    from derive.verify import to_model
    root = Path(__file__).resolve().parent
    bn = derive(to_model(root.parent / "examples" / "batchnorm.derive.toml"), "x")
    assert bn.local[("v", "mu")] == 0
    (put,) = [st for st in bn.steps if st.rule == "back-substitution of the definition of mu"]
    assert put.rhs == 0
    # A rewrite that leaves the expression as it was is no step: v is not "put back" into 2·(x_c − μ)/B.
    assert not any(st.rule == "back-substitution of the definition of v" for st in bn.steps)
    from derive.documents.load import load_any
    (f,) = load_any(root / "outside" / "salimans_kingma_named_gradient.md", None)
    from derive.verify.tomodel import to_model as file_model
    wn = derive(file_model(f), "v")
    r = wn.model.quantity("r").base
    (dr,) = [v for key, v in wn.local.items() if key == ("r", "v")]
    assert dr.free_symbols >= {r} and not dr.has(Sum)


def test_a_scalar_of_one_scalar_is_put_back_by_name(tmp_path):
    """CS229's logistic regression, one scalar logit: ∂p/∂z is written p(1 − p) as for a vector of them,
    and the chain collapses to p − y (it read (p − y)·e^z/(p(1 − p)(e^z + 1)²), never simplified)."""
    from derive.verify import to_model
    from derive.printing import text
    path = tmp_path / "scalar_logistic.derive.toml"
    path.write_text('''title = "Logistic regression, one output"
loss = "L"
[sizes]
m = "features"
[inputs]
x = { shape = ["m"], role = "data" }
y = { shape = [], role = "data" }
w = { shape = ["m"], role = "param" }
b = { shape = [], role = "param" }
[define]
"z" = "Sum(w[k]*x[k], (k, 1, m)) + b"
"p" = "sigmoid(z)"
"L" = "-(y*log(p) + (1 - y)*log(1 - p))"
''')
    d = derive(to_model(path), "w")
    p_, y_ = sp.Symbol("p"), sp.Symbol("y")
    assert [st.rule for st in d.steps if st.rule.startswith("back-substitution")] == ["back-substitution of the definition of p"]
    assert same(d.local[("p", "z")], p_ * (1 - p_))
    assert same(d.result, (p_ - y_) * x[j]) or same(d.result, (p_ - y_) * x[k])
    # The matrix form's scalar factor is a sum: bracketed, not p − (y x).
    assert text(d.matrix) == "(p - y) x"
    # A definition that is not one function of its argument is left as it was (no kernel to solve for).
    assert d.local[("z", "w")].has(x)


def test_an_adjoint_is_chained_once_for_every_parameter_that_reaches_it(monkeypatch):
    """∂L/∂h of a deep model is the same in the sweep of each parameter below h: chained once, reused after
    (a model of six hidden layers compiled in 36 s, a sweep per parameter each chaining every adjoint again)."""
    from derive import build, engine, sum_to_one
    from derive.printing import text
    inputs = {"x": ("data", ("m",), ""), "y": ("target", ("n",), ""), "V": ("param", ("p", "m"), ""),
              "U": ("param", ("q", "p"), ""), "W": ("param", ("n", "q"), "")}
    model = build("deep", "", sizes={"n": "classes", "m": "features", "p": "hidden", "q": "hidden"}, inputs=inputs,
                  nodes=[("a", "linear", "V", "x"), ("h", "tanh", "a"), ("b", "linear", "U", "h"), ("g", "sigmoid", "b"),
                         ("z", "linear", "W", "g"), ("s", "softmax", "z"), ("L", "cross_entropy", "s", "y")],
                  loss="L", assumptions=[sum_to_one("y", "n", "targets")])
    calls = []
    real = engine._adjoint
    monkeypatch.setattr(engine, "_adjoint", lambda m, name, *a: calls.append(name) or real(m, name, *a))
    first = engine.derive(model, "V")
    assert sorted(calls) == sorted(set(calls)) and set(calls) >= {"h", "b", "g", "z", "s"}
    before = len(calls)
    later = engine.derive(model, "U")
    assert calls[before:] == ["U"]  # U's own; every other adjoint its sweep needs was chained in V's
    # … and reusing them changes no step: the same text as a sweep with nothing kept.
    monkeypatch.setattr(engine, "_ADJOINTS", type(engine._ADJOINTS)())
    monkeypatch.setattr(engine, "_DERIVED", type(engine._DERIVED)())
    fresh = engine.derive(model, "U")
    assert [(s.rule, text(s.rhs)) for s in later.steps] == [(s.rule, text(s.rhs)) for s in fresh.steps]
    assert first.result != later.result


def test_a_counterexample_names_a_scalar_of_one_scalar_as_show_does(tmp_path):
    """derive's own derivative beside a refuted slip read e^a/(e^a + 1)² for p = σ(a) of a scalar a (show: p(1 − p))."""
    from derive.cli import main
    path = tmp_path / "scalar.derive.toml"
    path.write_text('[inputs]\na = []\ny = []\n[define]\n"p" = "sigmoid(a)"\n"L" = "-(y*log(p) + (1 - y)*log(1 - p))"\n'
                    '[[claim]]\nname = "slip"\neq = "diff(p, a) = p*(1 + p)"\n'
                    '[[claim]]\nname = "slip 2"\neq = "diff(L, a) = y - p"\n')
    import io, contextlib
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["check", "--no-cache", str(path)]) == 1
    text = out.getvalue()
    assert "derive's own derivative: p·(1 - p)" in text and "derive's own derivative: p - y" in text
