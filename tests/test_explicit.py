"""Explicit sizes: the tutorial's n = 3 entries, consistent with the symbolic result at n = 3."""
from __future__ import annotations

import gc

import pytest
import sympy as sp

from _numeric_oracle import Oracle, entries
from derive import catalog, printing
from derive.derivation import ASSUMPTION, LOCAL
from derive.engine import derive
from derive.explicit import derive_explicit, fast_diff
from derive.model import size

SOFTMAX = catalog.get("softmax")
BIAS = catalog.get("softmax-bias")
n, m = size("n"), size("m")


def _symbolic_at(dv_sym, sizes, at):
    bind = {**{size(k): v for k, v in sizes.items()}, **dict(zip(dv_sym.indices, at))}
    return dv_sym.result.xreplace(bind).doit()


@pytest.mark.parametrize("model,wrt", [(SOFTMAX, "W"), (SOFTMAX, "x"), (SOFTMAX, "z"), (SOFTMAX, "s"), (BIAS, "b"),
                                       (BIAS, "W")])
@pytest.mark.parametrize("assume", [True, False])
def test_explicit_n3_equals_symbolic_result_instantiated_at_n3(model, wrt, assume):
    sizes = {"n": 3, "m": 3}
    ex = derive_explicit(model, wrt, sizes, assume=assume)
    sym = derive(model, wrt, assume=assume)
    shape = ex.result.shape if hasattr(ex.result, "shape") else ()
    flat = list(ex.result) if shape else [ex.result]
    idx = entries(tuple(d for d in shape if d != 1) if shape and shape[1] == 1 else shape)
    assert len(flat) == len(idx)
    for at, value in zip(idx, flat):
        assert sp.simplify(value - _symbolic_at(sym, sizes, at)) == 0, (at, value)


@pytest.mark.parametrize("sizes", [{"n": 2, "m": 2}, {"n": 3, "m": 3}])
def test_explicit_gradient_matches_finite_differences(sizes):
    ex = derive_explicit(SOFTMAX, "W", sizes)
    oracle = Oracle(SOFTMAX, sizes, seed=5)
    for (r, c) in entries((sizes["n"], sizes["m"])):
        assert oracle.evaluate(ex.result[r - 1, c - 1]) == pytest.approx(oracle.fd("L", (), "W", (r, c)), rel=1e-6)


def test_explicit_jacobian_is_the_textbook_one():
    ex = derive_explicit(SOFTMAX, "W", {"n": 3, "m": 3})
    jac = ex.local[("s", "z")]
    s = sp.IndexedBase("s")
    for a in range(1, 4):
        for b in range(1, 4):
            expected = s[a] * ((1 if a == b else 0) - s[b])
            assert sp.expand(jac[(a, b)] - expected) == 0


def test_tutorial_names_in_text_and_latex():
    ex = derive_explicit(SOFTMAX, "W", {"n": 3, "m": 3})
    first = ex.steps[0]
    assert printing.text(first.lhs) == "[z1; z2; z3]"
    assert "W11·x1 + W12·x2 + W13·x3" in printing.text(first.rhs)
    assert "W_{11}" in printing.latex(first.rhs)
    assert printing.text(ex.result[0, 1]) == "(s1 - y1)·x2"


def test_explicit_assumption_is_its_own_step_and_can_be_withheld():
    ex = derive_explicit(SOFTMAX, "z", {"n": 3, "m": 2})
    step, = [st for st in ex.steps if st.kind == ASSUMPTION]
    assert printing.statement(step.assumptions[0], "text") == "y1 + y2 + y3 = 1"
    y, s = sp.IndexedBase("y"), sp.IndexedBase("s")
    assert list(step.rhs) == [s[a] - y[a] for a in (1, 2, 3)]
    held = derive_explicit(SOFTMAX, "z", {"n": 3, "m": 2}, assume=False)
    assert not held.assumed and len(held.pending) == 1
    assert sp.expand(held.result[0] - (s[1] * (y[1] + y[2] + y[3]) - y[1])) == 0


def test_missing_sizes_default_to_the_tutorials_three():
    ex = derive_explicit(SOFTMAX, "W", {"n": 2})
    assert ex.sizes == {"n": 2, "m": 3} and ex.result.shape == (2, 3)


def test_fast_diff_agrees_with_sympy_diff():
    z = sp.IndexedBase("z")
    d = sum(sp.exp(z[a]) for a in (1, 2, 3))
    for expr in (sp.exp(z[1]) / d, sp.log(z[2]) * z[1] ** 3 + z[3], sp.tanh(z[1] * z[2]) / (1 + z[1])):
        for a in (1, 2, 3):
            assert sp.simplify(fast_diff(expr, z[a]) - sp.diff(expr, z[a])) == 0


def test_local_steps_show_the_raw_jacobian_first():
    ex = derive_explicit(SOFTMAX, "W", {"n": 2, "m": 2})
    local = [st for st in ex.steps if st.kind == LOCAL]
    assert local[0].rule.startswith("Jacobian of cross_entropy")
    assert any(st.rule.startswith("back-substitution of the definition of s") for st in local)


def test_the_cycle_collector_paused_for_a_derivation_is_restored_as_it_was():
    model = catalog.get("softmax")
    assert gc.isenabled()
    derive_explicit(model, "W", {"n": 2, "m": 2})
    assert gc.isenabled()
    gc.disable()
    try:
        derive_explicit(model, "W", {"n": 2, "m": 2})
        assert not gc.isenabled()  # a caller that turned it off keeps it off
    finally:
        gc.enable()


def test_an_assumptions_sum_is_collected_only_where_it_can_come_out_whole():
    # Collecting each entry around the other entries took ~0.1 s; it is skipped only where no
    # collected form can hold Y1 + Y2 + Y3, so whichever way it goes the step reads the same.
    from derive.explicit import _stays_apart
    Y, Z, a = sp.IndexedBase("Y"), sp.IndexedBase("Z"), sp.Symbol("a")
    y1, y2, y3 = Y[1, 1], Y[1, 2], Y[1, 3]
    pattern = y1 + y2 + y3

    def collected_holds(e):
        others = sorted(e.atoms(sp.Indexed) - pattern.atoms(sp.Indexed), key=sp.default_sort_key)
        full = sp.collect(e, others, func=sp.factor_terms)
        return full.xreplace({pattern: sp.Integer(1)}) != full

    cases = {
        # each y times the same Z_11 (and a number): the sum comes out
        "shared": sp.expand(2 * Z[1, 1] * pattern + y1 * Z[1, 2]),
        # y1 beside the sum: y1·(y1 + y2 + y3) comes out too
        "inside a factor": sp.expand(y1 * Z[1, 1] * pattern),
        # already there, under a power
        "already inside": a / pattern + y1 * Z[1, 1],
        # y1, y2 share Z_11, y3 has Z_12: never one coefficient
        "apart": sp.expand(Z[1, 1] * (y1 + y2) + Z[1, 2] * y3 + Z[1, 1] * Z[1, 2]),
        "one missing": sp.expand(Z[1, 1] * (y1 + y2) + a * Z[1, 2]),
    }
    for name, e in cases.items():
        assert _stays_apart(e, pattern) is (not collected_holds(e)), name


def test_a_written_out_array_is_the_one_sympy_builds():
    from derive.explicit import _dense_array
    x, W = sp.IndexedBase("x", real=True), sp.IndexedBase("W", real=True)
    flat = [x[k] if i == j else sp.Integer(0) for i in (1, 2) for j in (1, 2) for k in (1, 2, 3)]
    fast, sympys = _dense_array(flat, (2, 2, 3)), sp.Array(flat, (2, 2, 3))
    assert fast == sympys and hash(fast) == hash(sympys) and sp.srepr(fast) == sp.srepr(sympys)
    assert vars(fast) == vars(sympys)  # shape, entries, rank and size as SymPy's constructor sets them
    assert fast[1, 1, 2] == x[3] and fast.tolist() == sympys.tolist()
    assert fast.subs(x[3], W[1, 1]) == sympys.subs(x[3], W[1, 1])
