"""Issue 13 point 2: the derivation reads in the tutorial's order.

The assumption is applied where the chain uses it (before the next chain relies on it), the
cancellation (−y_i/s_i)·s_i(δ_ij − s_j) = −y_i(δ_ij − s_j) is a step of its own, and the
minus sign stands in front of the sum.
"""
from __future__ import annotations

import sympy as sp

from derive import printing
from derive.catalog import get
from derive.derivation import ASSUMPTION, CHAIN
from derive.engine import derive
from derive.indexcalc import index
from derive.terminal import to_text
from reports.build import build_model_report


def _multiplied(e):
    """``e`` with every product SymPy was told to leave unmultiplied multiplied out."""
    return e.replace(lambda x: x.is_Mul, lambda x: sp.Mul(*x.args))


def _rules(dv):
    return [s.rule for s in dv.steps if s.kind in (CHAIN, ASSUMPTION)]


def test_assumption_comes_before_the_chain_that_relies_on_it():
    dv = derive(get("softmax"), "W")
    rules = _rules(dv)
    applied = next(n for n, r in enumerate(rules) if r.startswith("assumption applied"))
    second_chain = [n for n, r in enumerate(rules) if r == "chain rule"][1]
    assert applied < second_chain
    text = to_text(dv)
    assert "Assumptions applied" not in text  # no section of its own after the chain
    assert text.index("assumption applied") < text.index("∂L/∂W_jk = Σ_i (∂L/∂z_i·∂z_i/∂W_jk)")


def test_cancellation_is_its_own_step_with_the_sign_in_front():
    dv = derive(get("softmax"), "W")
    steps = [s for s in dv.steps if s.kind == CHAIN]
    sub = next(s for s in steps if s.rule == "substitution of the local derivatives")
    cancel = steps[steps.index(sub) + 1]
    assert cancel.rule == "cancellation of s_i"
    assert printing.text(sub.rhs) == "-Σ_i ((y_i/s_i)·(δ_ij - s_j)·s_i)"
    assert printing.text(cancel.rhs) == "-Σ_i ((δ_ij - s_j)·y_i)"
    model = get("softmax")
    s, y = model.quantity("s").base, model.quantity("y").base
    i, j, n = index("i"), index("j"), model.size_symbols["n"]
    expected = -sp.Sum(y[i] * (sp.KroneckerDelta(i, j) - s[j]), (i, 1, n))
    assert _multiplied(cancel.rhs) == expected
    assert _multiplied(sub.rhs) == expected  # the same value, before cancelling


def test_report_keeps_the_assumption_inside_the_chain_and_proves_every_step():
    r = build_model_report(get("softmax"), numeric=False)
    kinds = [sec.kind for sec in r.sections]
    assert "assumption" not in kinds
    chain = next(sec for sec in r.sections if sec.kind == "chain")
    rules = [st.rule for st in chain.steps]
    assert rules.index("cancellation of s_i") < next(n for n, x in enumerate(rules) if x.startswith("assumption"))
    assert all(st.verdict in ("proved", "rule") for st in chain.steps)
    assert r"- \sum_{i=1}^{n} \left(\frac{y_{i}}{s_{i}}\right) \cdot" in chain.steps[1].after.tex
