"""Products of exponentials combined before a gradient is printed, so they cannot overflow apart.

The derivative of exact GELU, z Φ(z), comes out of the engine as
``(√2 z + √π e^{z²/2} + √π e^{z²/2} erf(z/√2)) e^{−z²/2} / (2√π)``: for |z| > 37.7 (float64)
e^{z²/2} overflows to inf and e^{−z²/2} underflows to 0, and their product is NaN where the
value is about 1.  Multiplying the outer exponential into the sum and letting SymPy add the
exponents gives ``(√2 z e^{−z²/2} + √π + √π erf(z/√2)) / (2√π)``, finite everywhere.  A product
is rewritten only when that removes exponentials, so every other expression prints as before.
"""
from __future__ import annotations

from sympy import Add, Expr, Indexed, Mul, exp


def _exponentials(e: Expr) -> int:
    """How many different exponentials ``e`` computes."""
    return len(e.atoms(exp))


def _distributed(e: Mul) -> Expr:
    """``e^u (a + b e^v)`` → ``a e^u + b e^{u+v}`` when adding the exponents leaves fewer exponentials."""
    outer = [f for f in e.args if isinstance(f, exp)]
    if not outer:
        return e
    factor = Mul(*outer)
    for s in (f for f in e.args if isinstance(f, Add) and f.has(exp)):
        # Mul adds the exponents of e^u e^v itself, and e^0 is 1.
        inner = Add(*[t * factor for t in s.args])
        if _exponentials(inner) < _exponentials(s) + len(outer):
            rest = [f for f in e.args if f is not s and not isinstance(f, exp)]
            return Mul(*rest, inner)
    return e


def combine_exponentials(e: Expr) -> Expr:
    """``e`` with every product of an exponential and a sum of exponentials combined where they cancel."""
    if not isinstance(e, Expr) or e.is_Atom or isinstance(e, Indexed):
        return e
    e = e.func(*[combine_exponentials(a) for a in e.args])
    return _distributed(e) if isinstance(e, Mul) else e
