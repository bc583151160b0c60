"""Sums held opaque: rational rewrites (expand, cancel, factor) that treat each sum as one symbol.

SymPy's ``expand`` would turn ``exp`` of a sum into a ``Product`` and ``cancel``/``factor`` do not
look inside sums usefully, so each outermost sum is replaced by a symbol for the rewrite and put
back afterwards.  This is the only place that masks sums.
"""
from __future__ import annotations

from collections.abc import Callable

import sympy as sp
from sympy import Expr, Sum, Symbol

from .bigops import BOUND
from .memo import remembered

#: The symbols a sum may stand as while a rewrite runs.  Names from files start with a letter,
#: so ``_S0``, ``_S1``, … never meet a user's symbol; they are cached, so SymPy deduces their
#: assumptions once rather than for every fresh ``Dummy``.
_REAL = [Symbol(f"_S{n}", real=True) for n in range(64)]
_PLAIN = [Symbol(f"_S{n}") for n in range(64)]


def _plain(n: int) -> Symbol:
    # Assumption-free, as expand and cancel always had them (they treat a real symbol differently in places).
    return _PLAIN[n] if n < len(_PLAIN) else sp.Dummy("S")


def outer_sums(expr: Expr) -> set[Sum]:
    """The sums (products, maxima) of ``expr`` not inside another one.

    A sum inside a product or a maximum may use its index (max_r Σ_l M_rl x_l): held apart, it would
    stand as a symbol without that index, and the maximum of it would be that symbol.  So the
    outermost operator that binds an index is held whole, whichever it is.
    """
    found: set[Sum] = set()

    def walk(e) -> None:
        if isinstance(e, BOUND):
            found.add(e)
            return
        for a in getattr(e, "args", ()):
            walk(a)

    try:
        walk(expr)
    finally:
        del walk  # it refers to itself: a cycle that would wait for a collection
    return found


def hold_sums(expr: Expr, stand_in: Callable[[int], Symbol] | None = None, ordered: bool = False) -> tuple[Expr, dict]:
    """``expr`` with each outermost sum replaced by a symbol, and the table that puts them back.

    The default stand-ins are cached real symbols; every caller puts the sums back before it
    masks again, so they never meet themselves.  ``stand_in(n)`` gives others, and ``ordered``
    numbers the sums in a fixed order (where the rewrite's output form depends on it).
    """
    sums = outer_sums(expr)
    if not sums:
        return expr, {}
    if ordered and len(sums) > 1:
        sums = sorted(sums, key=sp.default_sort_key)
    if stand_in is None:
        stand_in = _REAL.__getitem__ if len(sums) <= len(_REAL) else (lambda n: sp.Dummy("S", real=True))
    mask = {s: stand_in(n) for n, s in enumerate(sums)}
    return expr.xreplace(mask), {v: k for k, v in mask.items()}


@remembered(idempotent=True)
def expand(expr: Expr) -> Expr:
    """``sympy.expand`` with sums held opaque: ``exp`` of a sum would otherwise become a ``Product``."""
    held, back = hold_sums(expr, _plain)
    if not back:
        return expand_numerators(expr)
    return expand_numerators(held).xreplace(back)


_DENOMINATOR = [Symbol(f"_D{n}") for n in range(64)]


def expand_numerators(expr: Expr) -> Expr:
    """``sympy.expand``, except that a power of a sum in a denominator keeps its power: (1 + e^u)^-2, not (1 + 2e^u + e^{2u})^-1.

    Its base is expanded as ``sympy.expand`` would (so 1/(sum) reads as before).  Multiplied out, the
    powers of a deep network's sigmoids gave the zero test twelve distinct expanded denominators whose
    common multiple made a numerator that took over a second to multiply out; kept as powers, they
    share (1 + e^{z_1})²(1 + e^{z_2})²(1 + e^{z_3})³ and the numerator is small.
    """
    dens = sorted({p for p in expr.atoms(sp.Pow) if p.base.is_Add and p.exp.is_Integer and p.exp < 0},
                  key=sp.default_sort_key)
    if not dens or len(dens) > len(_DENOMINATOR):
        return sp.expand(expr)
    mask = {p: _DENOMINATOR[n] for n, p in enumerate(dens)}
    back = {_DENOMINATOR[n]: sp.Pow(sp.expand(p.base), p.exp) for n, p in enumerate(dens)}
    return sp.expand(expr.xreplace(mask)).xreplace(back)


def cancel(term: Expr) -> Expr:
    """``term`` with common factors cancelled and expanded, every sum held as an opaque symbol."""
    held, back = hold_sums(term, _plain)
    if not back:
        return term
    try:
        done = sp.cancel(held)
    except (sp.PolynomialError, ValueError, TypeError):
        return term
    return expand(done.xreplace(back))


def plain_stand_in(n: int) -> Symbol:
    """An assumption-free stand-in: ``expand`` and ``factor`` treat a real symbol differently in places
    (powers, logs), and the rewrites that shape what a reader sees keep the ones they always had."""
    return sp.Dummy("S")
