"""Dirac deltas of a derived gradient, which no array holds: those that vanish dropped, the others refused.

SymPy differentiates ``sign(z)·z`` (that is |z|) to ``2 δ(z) z + sign(z)`` and ``H(z)·z`` (ReLU) to
``δ(z) z + H(z)``.  ``u·δ(u)`` is 0 as a distribution, so a product of δ(u) with a factor that is a
multiple of u is dropped, leaving sign(z) and H(z), the derivatives everywhere but at one point.  A δ
that remains (the loss jumps where u = 0) has no value an array could hold: the model is refused
with a message naming it, not with SymPy's printer error.
"""
from __future__ import annotations

import sympy as sp
from sympy import Expr, Mul


def _vanishes_with(f: Expr, u: Expr) -> bool:
    """True when ``f`` is ``u`` times something finite where u = 0."""
    q = sp.cancel(f / u)
    return not sp.fraction(q)[1].has(*u.free_symbols) if u.free_symbols else False


def _dropped(e: Mul) -> Expr:
    for d in (f for f in e.args if isinstance(f, sp.DiracDelta) and len(f.args) == 1):
        u = d.args[0]
        if any(_vanishes_with(f, u) for f in e.args if f is not d):
            return sp.Integer(0)
    return e


def _dropped_from_sum(e: sp.Add) -> Expr:
    """The terms ``δ(u)·c_t`` of a sum dropped together when Σ_t c_t is a multiple of u (2δ(z−1) z − 2δ(z−1))."""
    for d in sorted({f for t in e.args for f in Mul.make_args(t) if isinstance(f, sp.DiracDelta)
                     and len(f.args) == 1}, key=sp.default_sort_key):
        terms = [t for t in e.args if d in Mul.make_args(t)]
        if _vanishes_with(sp.Add(*[t / d for t in terms]), d.args[0]):
            return sp.Add(*[t for t in e.args if t not in terms])
    return e


def drop_vanishing_deltas(e: Expr) -> Expr:
    """``e`` with every product ``δ(u)·(multiple of u)`` replaced by 0 (also when the multiple is spread over terms)."""
    if not isinstance(e, Expr) or e.is_Atom or isinstance(e, sp.Indexed) or not e.has(sp.DiracDelta):
        return e
    e = e.func(*[drop_vanishing_deltas(a) for a in e.args])
    if isinstance(e, sp.Add):
        return _dropped_from_sum(e)
    return _dropped(e) if isinstance(e, Mul) else e


def remaining_delta(e: Expr) -> Expr | None:
    """The first Dirac delta left in ``e``, or None."""
    found = sorted(e.atoms(sp.DiracDelta), key=sp.default_sort_key)
    return found[0] if found else None
