"""Explicit sizes share work between entries alike up to renumbering, and only where that is exact."""
from __future__ import annotations

import pytest
import sympy as sp

from derive import catalog
from derive.explicit import derive_explicit
from derive.renumber import Renumbering


def _steps(dv):
    return [(s.rule, s.kind, sp.srepr(s.lhs), sp.srepr(s.rhs), s.assumptions) for s in dv.steps]


@pytest.mark.parametrize("name,wrt,sizes,assume", [
    ("softmax", "W", {"n": 11, "m": 2}, True),    # 10 and 11 sort before 2 as text: printers order by text
    ("softmax-bias", "x", {"n": 4, "m": 3}, False),
    ("log-softmax", "W", {"n": 3, "m": 2}, True),
    ("mlp-tanh", "x", {"n": 3, "p": 2, "m": 2}, True),
    ("logistic-batch", "W", {"B": 2, "n": 3, "m": 2}, True),
])
def test_renumbered_entries_equal_entries_computed_one_by_one(name, wrt, sizes, assume, monkeypatch):
    model = catalog.get(name)
    shared = derive_explicit(model, wrt, sizes, assume=assume)
    monkeypatch.setattr(Renumbering, "check", lambda self, *args: False)  # every entry computed on its own
    alone = derive_explicit(model, wrt, sizes, assume=assume)
    assert _steps(shared) == _steps(alone)
    assert shared.result == alone.result and shared.assumed == alone.assumed


def _ren():
    x, z = sp.IndexedBase("x"), sp.IndexedBase("z")
    return x, z, Renumbering({x: ("n",), z: ("n",)}, {"n": 4})


def test_a_model_that_singles_out_an_entry_is_not_renumbered():
    x, z, ren = _ren()
    assert ren.check({z: {(i,): 2 * x[i] for i in range(1, 5)}}, [])
    assert not ren.check({z: {(i,): x[i] - x[1] for i in range(1, 5)}}, [])
    assert not ren.check({z: {(i,): 2 * x[i] for i in range(1, 5)}}, [x[1] + x[2]])  # a partial sum


def test_each_pattern_of_own_indices_is_computed_once_and_the_rest_renumbered():
    x, z, ren = _ren()
    assert ren.check({z: {(i,): x[i] for i in range(1, 5)}}, [])
    computed = []

    def compute(v):
        computed.append(v)
        return sp.factor(v)
    got = {(a, b): ren.entry("k", [("n", a), ("n", b)], x[a] * x[b] + x[a] ** 2, compute, lambda r, f: f(r))
           for a in range(1, 5) for b in range(1, 5)}
    assert got == {(a, b): sp.factor(x[a] * x[b] + x[a] ** 2) for a in range(1, 5) for b in range(1, 5)}
    assert len(computed) == 3  # a = b, a < b, a > b


def test_an_entry_whose_input_is_not_the_renumbered_one_is_computed():
    x, z, ren = _ren()
    assert ren.check({z: {(i,): x[i] for i in range(1, 5)}}, [])
    ren.entry("k", [("n", 1)], x[1], lambda v: v, lambda r, f: f(r))
    assert ren.entry("k", [("n", 2)], x[2] + x[1], lambda v: sp.Integer(7), lambda r, f: f(r)) == 7


def test_renumbering_rebuilds_sums_and_products_as_sympy_evaluates_them():
    x, z, ren = _ren()
    c = sp.IndexedBase("c")
    i = sp.Symbol("i", integer=True)
    perm = {"n": {1: 4, 4: 1, 2: 3, 3: 2}}
    swap = {x[1]: x[4], x[4]: x[1], x[2]: x[3], x[3]: x[2], z[1]: z[4], z[4]: z[1], z[2]: z[3], z[3]: z[2]}
    for e in [x[1] * z[2] + 3 * x[4] ** 2 - sp.exp(x[2]) / (x[1] + x[3]), 2 * x[1] * x[2] * z[3],
              x[1] - x[2] + x[3] * sp.log(z[4] + 1)]:
        got = ren.renumber(e, perm)
        assert got == e.xreplace(swap) and got.args == e.xreplace(swap).args  # same canonical order
    assert ren.renumber(x[1] + c[2], perm) is None  # an entry of an array it does not know
    assert ren.renumber(x[i] * z[1], perm) == x[i] * z[4]
