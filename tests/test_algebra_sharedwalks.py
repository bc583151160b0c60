"""SymPy's walks as derive installs them (``xreplace``, ``atoms``, ``expand``): SymPy's results, shared parts visited once."""
from __future__ import annotations

from pathlib import Path

import sympy as sp
from sympy.core.cache import clear_cache
from sympy.core.expr import Expr

from derive.algebra import dummies, sharedwalks
from derive.algebra.sharedwalks import together
from derive.algebra.opaque import outer_sums
from derive.verify import load_file
from derive.verify.semantics import Semantics

EXAMPLES = Path(__file__).parents[1] / "examples"


def _cases() -> list:
    out = []
    for name in ("softmax", "layernorm", "relu_mlp", "attention"):
        f = load_file(EXAMPLES / f"{name}.derive.toml")
        sem = Semantics(f)
        for c in f.claims:
            lhs = sem.resolve(c.lhs)
            for e in (lhs, sem.expand(lhs - sem.resolve(c.rhs))):
                out.append((e, {d: sp.Dummy(str(d), integer=True) for d in dummies(e)}))  # rename bound indices
                out.append((e, {s: sp.Symbol(f"_h{n}") for n, s in enumerate(outer_sums(e))}))  # hold sums
                out.append((e, {s: sp.Integer(3) for s in f.size_symbols}))
                entries = sorted(e.atoms(sp.Indexed), key=sp.default_sort_key)[:3]
                out.append((e, {a: sp.Rational(n + 2, 3) for n, a in enumerate(entries)}))
    return out


TYPES = [(), (sp.Indexed,), (sp.Sum,), (sp.Indexed, sp.Symbol), (sp.KroneckerDelta, sp.Heaviside), (sp.exp(1),)]


def _walks(cases: list) -> tuple[list, list, list, list]:
    clear_cache()  # SymPy remembers expand's results: each side computes its own
    return ([e.xreplace(rule) for e, rule in cases],
            [e.atoms(*types) for e, _ in cases[::4] for types in TYPES],
            [f(e) for e, _ in cases[::4] for f in (sp.expand, sp.expand_mul, lambda e: sp.expand(e, deep=False))],
            [together(e, deep=deep) for e, _ in cases[1::8] for deep in (False, True)])


def test_the_same_results_as_sympys_walks() -> None:
    cases = _cases()
    ours = _walks(cases)
    sharedwalks.uninstall()
    try:
        theirs = _walks(cases)
    finally:
        sharedwalks.install()
    assert ours[:3] == theirs[:3] and len(cases) > 100
    assert ours[3] == [sp.together(e, deep=deep) for e, _ in cases[1::8] for deep in (False, True)]
    assert sum(o != e for o, (e, _) in zip(ours[0], cases)) > 50  # most rules did replace something
    assert sum(map(bool, ours[1])) > 100  # and most walks found something
    assert sum(o != e for o, (e, _) in zip(ours[2], [c for c in cases[::4] for _ in range(3)])) > 20
    assert sp.Tuple(1, (2, sp.Symbol("x"))).atoms() == {sp.Integer(1), sp.Integer(2), sp.Symbol("x")}


class _Counted(sp.Expr):
    """A node whose construction is counted (SymPy's cache does not remember ``Expr.__new__``)."""

    built = 0

    def __new__(cls, *args):
        cls.built += 1
        return super().__new__(cls, *args)


def test_a_shared_subexpression_is_rebuilt_once() -> None:
    x, y, z = sp.symbols("x y z")
    shared = _Counted(x)
    expr = shared + shared * y + sp.exp(shared) + sp.Sum(shared * y, (y, 1, 3))
    _Counted.built = 0
    new = expr.xreplace({x: z})
    assert _Counted.built == 1 and new == expr.subs(x, z)
    assert expr.xreplace({}) is expr


def test_a_class_with_its_own_walk_keeps_it() -> None:
    class Frozen(sp.Expr):
        def _xreplace(self, rule):
            return self, False  # never looks inside
    x, y = sp.symbols("x y")
    frozen = Frozen(x)
    assert (x + frozen).xreplace({x: y}) == y + frozen


class _Expanding(sp.Expr):
    """A node that counts how often a ``mul`` pass asks it to expand itself."""

    passes = 0

    def _eval_expand_mul(self, **hints):
        type(self).passes += 1
        return self


def test_expand_visits_a_shared_subexpression_once_per_call() -> None:
    x, y = sp.symbols("x y")
    shared = _Expanding(x)
    expr = shared * (x + 1) + shared * y + sp.exp(shared)
    clear_cache()
    _Expanding.passes = 0
    assert expr.expand() == shared * x + shared + shared * y + sp.exp(shared)
    assert _Expanding.passes == 1  # SymPy's walk: at each of 3 places, in each of at least 2 mul passes


def test_expand_remembers_a_pass_across_calls_until_sympys_caches_are_cleared() -> None:
    x, y = sp.symbols("x y")
    shared = _Expanding(x)
    clear_cache()
    _Expanding.passes = 0
    assert (shared * (x + 1)).expand() == shared * x + shared
    assert (shared * (y + 1)).expand() == shared * y + shared  # another expression, the same part
    assert _Expanding.passes == 1
    clear_cache()
    (shared * (y + 1)).expand()
    assert _Expanding.passes == 2


def test_expand_forgets_its_passes_when_sympy_changes_how_it_builds_expressions() -> None:
    x = sp.Symbol("x")
    expr = (x + 1) * (x - 1)
    clear_cache()
    built = Expr._expand_hint(expr, "_eval_expand_mul")
    with sp.evaluate(False):  # SymPy clears its caches (and the passes) when the flag changes
        unbuilt = Expr._expand_hint(expr, "_eval_expand_mul")
    sharedwalks.uninstall()
    try:
        with sp.evaluate(False):
            theirs = Expr._expand_hint(expr, "_eval_expand_mul")
    finally:
        sharedwalks.install()
    assert built == (x**2 - 1, True) and unbuilt == theirs and unbuilt != built
