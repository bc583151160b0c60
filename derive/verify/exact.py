"""Exact values of rational expressions at a draw: where a tolerance cannot tell a given met from one missed.

A draw's entries are exact rationals, but a point is read at 50 digits and an equality given counts as met within
a tolerance (an entry solved by the secant is a 45-digit decimal).  Two givens contradicting each other by less than
that (x = y + 10⁻⁴⁰ beside x ≤ y) were then both met at x = y: a proof from them printed proved, and a
counterexample drawn there was reported.  A given built of input entries with +, ·, integer powers, sums and deltas
has an exact value at the draw, and one linear in the entry the search solves it for has an exact root: this module
computes both, so such a given holds at a point exactly or not at all.
"""
from __future__ import annotations

from fractions import Fraction

import sympy as sp
from sympy import Expr, Indexed, KroneckerDelta, Sum, Symbol

from ..algebra.bigops import ForEach

#: Terms a sum may add up here (sizes are at most 6 in a search; a bound on the work all the same).
MAX_TERMS = 4096


class NotExact(Exception):
    """The expression has no exact rational value here (a function, a quantity that is no input, a zero divisor)."""


_RELATIONS = {sp.Eq: lambda a, b: a == b, sp.Ne: lambda a, b: a != b, sp.StrictLessThan: lambda a, b: a < b,
              sp.LessThan: lambda a, b: a <= b, sp.StrictGreaterThan: lambda a, b: a > b,
              sp.GreaterThan: lambda a, b: a >= b}


def is_rational(expr: Expr) -> bool:
    """True when ``expr`` (or a condition) is built only of what ``value`` and ``truth`` evaluate exactly."""
    if isinstance(expr, (sp.Rational, Symbol, Indexed)) or expr in (sp.true, sp.false):
        return True
    if isinstance(expr, sp.Pow):
        return expr.exp.is_Integer and is_rational(expr.base)
    if isinstance(expr, (sp.Add, sp.Mul, KroneckerDelta, sp.And, sp.Or, sp.Not)) or type(expr) in _RELATIONS:
        return all(is_rational(a) for a in expr.args)
    if isinstance(expr, Sum):
        return is_rational(expr.function) and all(is_rational(e) for _, lo, hi in expr.limits for e in (lo, hi))
    if isinstance(expr, ForEach):
        return is_rational(expr.cond) and all(is_rational(e) for e in expr.limit[1:])
    return False


#: functions of rational pieces that are rational where they are read (``value``): max, min, |·|, cases, steps
_PIECES = (sp.Max, sp.Min, sp.Abs, sp.Piecewise, sp.Heaviside)


def is_piecewise_rational(expr: Expr) -> bool:
    """True when ``expr`` is rational (``is_rational``) but for maxima, minima, absolute values, cases and steps of
    rational pieces, which ``value`` evaluates exactly too (where a step's argument is not 0)."""
    if isinstance(expr, _PIECES):
        return all(is_piecewise_rational(a) for a in expr.args if not isinstance(a, sp.logic.boolalg.BooleanAtom))
    if isinstance(expr, sp.Pow):
        return expr.exp.is_Integer and is_piecewise_rational(expr.base)
    if isinstance(expr, (sp.Add, sp.Mul, KroneckerDelta, sp.And, sp.Or, sp.Not, sp.core.containers.Tuple)) \
            or type(expr) in _RELATIONS:  # (a case of a Piecewise is a Tuple of its value and condition)
        return all(is_piecewise_rational(a) for a in expr.args)
    return is_rational(expr)


def value(expr: Expr, inputs: dict[str, dict], ints: dict) -> Fraction:
    """The exact value of ``expr`` at the draw ``inputs`` (name → key → Fraction), integer symbols as in ``ints``."""
    if isinstance(expr, sp.Rational):
        return Fraction(int(expr.p), int(expr.q))
    if isinstance(expr, Symbol):
        if expr in ints:
            return Fraction(ints[expr])
        entry = inputs.get(expr.name, {}).get(())
        if expr.is_integer or entry is None:
            raise NotExact(f"no value for {expr}")
        return Fraction(entry)
    if isinstance(expr, Indexed):
        key = tuple(_index(i, inputs, ints) for i in expr.indices)
        entry = inputs.get(expr.base.name, {}).get(key)
        if entry is None:
            raise NotExact(f"no entry {expr.base.name}{list(key)}")
        return Fraction(entry)
    if isinstance(expr, sp.Add):
        return sum((value(a, inputs, ints) for a in expr.args), Fraction(0))
    if isinstance(expr, sp.Mul):
        out = Fraction(1)
        for a in expr.args:
            out *= value(a, inputs, ints)
        return out
    if isinstance(expr, sp.Pow) and expr.exp.is_Integer:
        base = value(expr.base, inputs, ints)
        if base == 0 and expr.exp < 0:
            raise NotExact("a zero divisor")
        return base ** int(expr.exp)
    if isinstance(expr, KroneckerDelta):
        return Fraction(int(_index(expr.args[0], inputs, ints) == _index(expr.args[1], inputs, ints)))
    if isinstance(expr, Sum):
        return _summed(expr.function, list(expr.limits), inputs, dict(ints), [0])
    if isinstance(expr, (sp.Max, sp.Min)):  # the pieces ``is_piecewise_rational`` admits
        values = [value(a, inputs, ints) for a in expr.args]
        return max(values) if isinstance(expr, sp.Max) else min(values)
    if isinstance(expr, sp.Abs):
        return abs(value(expr.args[0], inputs, ints))
    if isinstance(expr, sp.Heaviside):
        x = value(expr.args[0], inputs, ints)
        if x == 0:
            raise NotExact("a step at 0, whose value is a convention")
        return Fraction(int(x > 0))
    if isinstance(expr, sp.Piecewise):
        for e, c in expr.args:
            if truth(c, inputs, ints):
                return value(e, inputs, ints)
        raise NotExact("no case holds")
    raise NotExact(f"not rational: {type(expr).__name__}")


def truth(cond, inputs: dict[str, dict], ints: dict) -> bool:
    """The exact truth of a condition (comparisons joined by ``And``/``Or``/``Not``, ``ForEach``) at the draw."""
    if cond is sp.true or cond is sp.false:
        return bool(cond)
    if isinstance(cond, sp.And):
        return all(truth(c, inputs, ints) for c in cond.args)
    if isinstance(cond, sp.Or):
        return any(truth(c, inputs, ints) for c in cond.args)
    if isinstance(cond, sp.Not):
        return not truth(cond.args[0], inputs, ints)
    if isinstance(cond, ForEach):
        k, lo, hi = cond.limit
        return all(truth(cond.cond, inputs, {**ints, k: v})
                   for v in range(_index(lo, inputs, ints), _index(hi, inputs, ints) + 1))
    relation = _RELATIONS.get(type(cond))
    if relation is None:
        raise NotExact(f"not a comparison: {type(cond).__name__}")
    return relation(value(cond.lhs, inputs, ints), value(cond.rhs, inputs, ints))


def linear_root(u: Expr, name: str, key: tuple, inputs: dict[str, dict], ints: dict) -> Fraction | None:
    """The exact value of entry ``name[key]`` that makes ``u`` zero when ``u`` is rational and linear in it with a
    nonzero slope at this draw, else None; the draw is left as it was."""
    if not is_rational(u):
        return None
    entries, saved = inputs[name], inputs[name][key]
    try:
        g = []
        for t in (0, 1, 2):
            entries[key] = Fraction(t)
            g.append(value(u, inputs, ints))
        slope = g[1] - g[0]
        if slope == 0 or g[2] - g[1] != slope:
            return None
        root = -g[0] / slope
        entries[key] = root
        return root if value(u, inputs, ints) == 0 else None  # three collinear values of a rational function
    except NotExact:
        return None
    finally:
        entries[key] = saved


def _index(expr: Expr, inputs: dict[str, dict], ints: dict) -> int:
    v = value(expr, inputs, ints)
    if v.denominator != 1:
        raise NotExact(f"an index that is no integer: {v}")
    return int(v)


def _summed(body: Expr, limits: list, inputs: dict, ints: dict, count: list) -> Fraction:
    if not limits:
        count[0] += 1
        if count[0] > MAX_TERMS:
            raise NotExact("too many terms")
        return value(body, inputs, ints)
    (k, lo, hi), rest = limits[0], limits[1:]
    total = Fraction(0)
    for v in range(_index(lo, inputs, ints), _index(hi, inputs, ints) + 1):
        ints[k] = v
        total += _summed(body, rest, inputs, ints, count)
    ints.pop(k, None)
    return total
