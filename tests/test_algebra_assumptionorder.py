"""SymPy's assumption queries as derive installs them: facts tried in sorted order, SymPy's answers."""
from __future__ import annotations

import importlib
from pathlib import Path

import sympy as sp
from sympy.core.cache import clear_cache
from sympy.core.random import seed

from derive.algebra import assumptionorder
from derive.verify import load_file
from derive.verify.semantics import Semantics

EXAMPLES = Path(__file__).parents[1] / "examples"
FACTS = ("zero", "nonzero", "positive", "negative", "nonnegative", "real", "finite", "integer", "rational")


def _rebuilt(e: sp.Basic) -> sp.Basic:
    # New objects (SymPy's cache cleared first), so no answer is remembered from an earlier query.
    return e if e.is_Atom or not e.args else e.func(*[_rebuilt(a) for a in e.args])


def _answers(exprs: list) -> list:
    clear_cache()
    return [[getattr(_rebuilt(e), f"is_{fact}") for fact in FACTS] for e in exprs]


def test_the_same_answers_as_with_sympys_shuffle() -> None:
    a = sp.Symbol("a", real=True)
    exprs = [sp.exp(a) / (1 + sp.exp(-a)), a**2 + 1, -sp.exp(a) * sp.Heaviside(a)]
    for name in ("softmax", "logistic", "mlp"):
        f = load_file(EXAMPLES / f"{name}.derive.toml")
        sem = Semantics(f)
        for c in f.claims:
            lhs = sem.resolve(c.lhs)
            exprs += [lhs, sem.expand(lhs - sem.resolve(c.rhs))]
    sorted_order = _answers(exprs)
    assumptionorder.uninstall()
    try:
        shuffled = []
        for n in range(2):
            seed(n)
            shuffled.append(_answers(exprs))
    finally:
        assumptionorder.install()
    assert shuffled == [sorted_order] * 2
    assert any(True in row for row in sorted_order) and any(False in row for row in sorted_order)


def test_installed_on_import_and_sorting() -> None:
    module = importlib.import_module("sympy.core.assumptions")
    facts = ["zero", "finite", "extended_real"]
    module.shuffle(facts)
    assert facts == ["extended_real", "finite", "zero"]
