"""High-precision numeric evaluation of a claim's SymPy expressions at explicit sizes and inputs.

Owns one tree walker over the node kinds the parser and ``sympy.diff`` can produce,
computing with mpmath at a chosen precision.  Arithmetic, entries, sums, products and deltas are
handled here; every function, constant and condition is evaluated by its entry in the
table of constructs (``derive.language``).  Sums and products are looped over directly (the size
symbols are looked up in the environment), so nothing is compiled, no user name reaches
lambdify or generated code, and no bounded ``Idx`` is ever substituted.  A value outside
the real domain (log of a negative number, 1/0, the step at its kink) raises ``Undefined``.
"""
from __future__ import annotations

import operator
from collections.abc import Mapping

import mpmath
import sympy as sp
from sympy import Expr, Indexed, Product, Sum

from ..algebra.bigops import BOUND, MaxOver

from ..language import for_class


#: How each operator that binds an index combines its terms (from the first term: 0 + x and 1·x are x exactly).
COMBINE = {Sum: operator.add, Product: operator.mul, MaxOver: max}
#: Its value over an empty range (Σ_{j=i+1}^{n} at i = n is 0); a maximum has none.
EMPTY = {Sum: mpmath.mpf(0), Product: mpmath.mpf(1)}


class Undefined(ArithmeticError):
    """The expression has no finite real value at this point."""


class AtKink(Undefined):
    """A step or sign evaluated where its argument is 0 (a construct with a ``tie`` in the table)."""


class Unsupported(ValueError):
    """The expression contains a node kind the evaluator does not know."""


def _real(v):
    if isinstance(v, mpmath.mpc):
        if v.imag != 0:
            raise Undefined("complex value")
        v = v.real
    if not mpmath.isfinite(v):
        raise Undefined("not finite")
    return v


def _int(v) -> int:
    r = int(mpmath.nint(v))
    if abs(v - r) > mpmath.mpf("1e-20"):
        raise Undefined("non-integer index")
    return r


class Evaluator:
    """Evaluates expressions given values for symbols (sizes, indices, scalars) and arrays."""

    def __init__(self, symbols: Mapping, arrays: Mapping[str, Mapping[tuple, object]]):
        self.symbols = dict(symbols)
        self.arrays = arrays

    def __call__(self, e: Expr):
        return _real(self.value(e))

    def holds(self, cond: sp.Basic) -> bool:
        """Whether condition ``cond`` (comparisons, and/or/not) holds; ``Undefined`` on its boundary."""
        return bool(self.value(cond))

    def value(self, e: Expr):
        if e.is_Integer:
            return mpmath.mpf(int(e))
        if e.is_Rational:
            return mpmath.mpf(int(e.p)) / int(e.q)
        if e.is_Float:
            return mpmath.mpf(str(e))
        if e.is_Symbol:
            try:
                return self.symbols[e]
            except KeyError:
                raise Unsupported(f"no value for {e}") from None
        if isinstance(e, Indexed):
            key = tuple(_int(self.value(i)) for i in e.indices)
            try:
                return self.arrays[e.base.name][key]
            except KeyError:
                raise Undefined(f"index {key} out of range for {e.base.label}") from None
        if e.is_Add:
            total = mpmath.mpf(0)
            for a in e.args:
                total += self.value(a)
            return total
        if e.is_Mul:
            prod = mpmath.mpf(1)
            for a in e.args:
                prod *= self.value(a)
            return prod
        if e.is_Pow:
            return self._pow(e)
        if isinstance(e, sp.KroneckerDelta):
            a, b = (_int(self.value(x)) for x in e.args[:2])
            return mpmath.mpf(int(a == b))
        if isinstance(e, BOUND):
            return self._sum(e.function, list(e.limits), type(e))
        if e is sp.true or e is sp.false:
            return bool(e)
        return self._construct(e)

    def _construct(self, e: Expr):
        c = for_class(type(e))
        if c is None or c.mp is None:
            raise Unsupported(f"cannot evaluate {type(e).__name__}")
        try:
            if c.lazy:
                return c.mp(self.value, e)
            # mpmath answers log(-2) with a complex number instead of failing: outside the reals
            # the point is undefined, not a value to carry on with.
            return _real(c.mp(*[_real(self.value(a)) for a in e.args]))
        except (ValueError, ZeroDivisionError) as exc:
            raise (Undefined if c.tie is None else AtKink)(str(exc)) from None

    def _pow(self, e: Expr):
        base, ex = self.value(e.base), self.value(e.exp)
        try:
            if base == 0 and ex < 0:
                raise Undefined("division by zero")
            if base < 0 and e.exp.is_integer and ex == int(ex):  # of sizes and indices (a^{T - t})
                return base ** int(ex)
            if base < 0 and not e.exp.is_Integer:
                raise Undefined("fractional power of a negative number")
            return mpmath.power(base, ex)
        except ZeroDivisionError:
            raise Undefined("division by zero") from None

    def _sum(self, body: Expr, limits: list, kind: type = Sum):
        d, lo, hi = limits[-1]
        rest = limits[:-1]
        lo_v, hi_v = _int(self.value(lo)), _int(self.value(hi))
        saved = self.symbols.get(d)
        total = None
        try:
            for k in range(lo_v, hi_v + 1):
                self.symbols[d] = mpmath.mpf(k)
                v = self._sum(body, rest, kind) if rest else self.value(body)
                total = v if total is None else COMBINE[kind](total, v)
        finally:
            if saved is None:
                self.symbols.pop(d, None)
            else:
                self.symbols[d] = saved
        if total is None:
            if kind not in EMPTY:
                raise Undefined("a maximum over an empty range")
            return EMPTY[kind]
        return total
