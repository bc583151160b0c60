"""The safe expression parser: accepts the grammar exactly, builds SymPy directly, rejects the rest."""
from __future__ import annotations

import builtins

import pytest
import sympy as sp

from derive.indexcalc import index
from derive.model import size
from derive.verify.parser import ParseError, Scope, parse_equation, parse_expression

n, m = size("n"), size("m")
i, j, k = index("i"), index("j"), index("k")


def scope() -> Scope:
    return Scope(quantities={"x": 1, "W": 2, "y": 1, "L": 0, "s": 1}, sizes={"n": n, "m": m})


def X():
    return sp.IndexedBase("x", real=True)


def test_numbers_are_exact() -> None:
    assert parse_expression("0.5", scope()) == sp.Rational(1, 2)
    assert parse_expression("0.1 + 0.2", scope()) == sp.Rational(3, 10)
    assert parse_expression("1e-3", scope()) == sp.Rational(1, 1000)


def test_grammar_builds_expected_sympy() -> None:
    W = sp.IndexedBase("W", real=True)
    got = parse_expression("Sum(W[i, k]*x[k], (k, 1, m))", scope())
    assert got == sp.Sum(W[i, k] * X()[k], (k, 1, m))
    assert parse_expression("delta(i, j)", scope()) == sp.KroneckerDelta(i, j)
    assert parse_expression("-x[i]**2 / 3", scope()) == -X()[i] ** 2 / 3
    assert parse_expression("sigmoid(L)", scope()) == 1 / (1 + sp.exp(-sp.Symbol("L", real=True)))
    for fn, sym in [("exp", sp.exp), ("log", sp.log), ("ln", sp.log), ("tanh", sp.tanh), ("abs", sp.Abs)]:
        assert parse_expression(f"{fn}(x[i])", scope()) == sym(X()[i])
    assert parse_expression("sqrt(x[i])", scope()) == sp.sqrt(X()[i])
    assert parse_expression("x[1]", scope()) == X()[1]


def test_diff_is_an_unevaluated_derivative() -> None:
    lhs, rhs = parse_equation("diff(L, s[j]) = -y[j]/s[j]", scope())
    assert isinstance(lhs, sp.Derivative)
    assert lhs.variables == (sp.IndexedBase("s", real=True)[j],)
    assert rhs.has(sp.IndexedBase("y", real=True)[j])


def test_parser_never_calls_eval_or_sympify(monkeypatch) -> None:
    def boom(*a, **k):
        raise AssertionError("forbidden call")
    monkeypatch.setattr(builtins, "eval", boom)
    monkeypatch.setattr(builtins, "exec", boom)
    monkeypatch.setattr(sp, "sympify", boom)
    monkeypatch.setattr(sp, "parse_expr", boom, raising=False)
    assert parse_expression("Sum(exp(x[k]), (k, 1, m)) ** 2", scope()).has(sp.Sum)


@pytest.mark.parametrize("text", [
    "x.real", "__import__('os')", "(lambda: 1)()", "[a for a in x]", "'s'", "b'x'", "True", "None",
    "x[i] if x[i] else 0", "x[i] and 1", "x[i] < 1", "print(1)", "exp(x=1)", "exp(*x)", "x[i] // 2",
    "x[i] % 2", "x[i] @ x[i]", "x[i] ** 17", "x[i] ** 0.3", "x[i] ** x[i]", "x[i] ** -17", "1e-12",
    "x[i][j]", "x[-1]", "x[1-2]", "x[i*i]", "x[L]", "x[0]", "W[i]", "x", "L[i]", "q[i]", "Sum(x[k])", "Sum(x[k], (k, 1))",
    "Sum(x[k], (k, 1, x[1]))", "Sum(x[k], (n, 1, m))", "delta(i)", "delta(x[i], j)", "diff(L, 2*s[j])",
    "diff(diff(L, s[j]), s[j], s[i])", "{1: 2}", "f'{x}'", "1j", "(-1)**0.5", "0**-1", "1/0", "~x[i]", "",
    "x[i]; x[j]", "a := 1", "exp(x[i], 2)", "n(1)",
])
def test_rejects(text: str) -> None:
    with pytest.raises(ParseError):
        parse_expression(text, scope())


def test_an_offset_index_parses_and_its_range_is_checked_with_the_file():
    # x[i + 1] is a window's entry (tests/test_offset_indices.py checks that it stays inside x)
    i = sp.Symbol("i", integer=True)
    assert parse_expression("x[i+1]", scope()) == sp.IndexedBase("x", real=True)[i + 1]
    # x[n], a size as the index, is the last entry (tests/test_last_entry.py)
    n = sp.Symbol("n", integer=True, positive=True)
    assert parse_expression("x[n]", scope()) == sp.IndexedBase("x", real=True)[n]


@pytest.mark.parametrize("text", ["x[i] == 1", "x[i] = 1 = 2", "x[i] <= 1", "x[i]"])
def test_equation_needs_exactly_one_equals(text: str) -> None:
    with pytest.raises(ParseError, match="exactly one"):
        parse_equation(text, scope())


def test_bounds_length_and_depth() -> None:
    with pytest.raises(ParseError, match="characters"):
        parse_expression("+".join(["x[i]"] * 600), scope())
    with pytest.raises(ParseError, match="nested"):
        parse_expression("exp(" * 120 + "x[i]" + ")" * 120, scope())
