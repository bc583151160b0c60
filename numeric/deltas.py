"""Dirac deltas of a derived gradient, which no array holds: those that vanish dropped, the others refused.

SymPy differentiates ``sign(z)·z`` (that is |z|) to ``2 δ(z) z + sign(z)`` and ``H(z)·z`` (ReLU) to
``δ(z) z + H(z)``.  ``u·δ(u)`` is 0 as a distribution, so a product of δ(u) with a factor that is a
multiple of u (or |u|, max(u, 0), min(u, 0)) is dropped, leaving sign(z) and H(z), the derivatives everywhere but at one point.  A δ
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


def _vanishes_continuously(f: Expr, u: Expr) -> bool:
    """True when ``f`` is |c u|, max(c u, 0) or min(c u, 0) (or a positive power of one): continuous and 0 at u = 0.

    ``|z| δ(z)`` and ``max(z, 0) δ(z)`` are 0 as distributions like ``z δ(z)`` (|φ(0)·0| = 0): the gradients of
    ``|z| sign(z)`` and ``relu(z) step(z)`` (which are z|z|-like and relu) have them and were refused."""
    base, p = f.as_base_exp()
    if not (p.is_number and p.is_positive):
        return False
    if isinstance(base, sp.Abs):
        return _vanishes_with(base.args[0], u)
    if isinstance(base, (sp.Max, sp.Min)) and len(base.args) == 2 and 0 in base.args:
        return _vanishes_with(next(a for a in base.args if a != 0), u)
    return False


def _dropped(e: Mul, continuous: bool = False) -> Expr:
    for d in (f for f in e.args if isinstance(f, sp.DiracDelta) and len(f.args) == 1):
        u = d.args[0]
        if any(_vanishes_with(f, u) for f in e.args if f is not d):
            return sp.Integer(0)
        for f in e.args if continuous else ():
            # the other factors finite where u = 0 (|z|/z δ(z) is sign(z) δ(z), which is not 0): no u below a line
            others = Mul(*[g for g in e.args if g is not d and g is not f])
            if f is not d and _vanishes_continuously(f, u) and not others.has(sp.DiracDelta) \
                    and not sp.fraction(sp.together(others))[1].has(*u.free_symbols):
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


def _drop(e: Expr, continuous: bool) -> Expr:
    if not isinstance(e, Expr) or e.is_Atom or isinstance(e, sp.Indexed) or not e.has(sp.DiracDelta):
        return e
    e = e.func(*[_drop(a, continuous) for a in e.args])
    if isinstance(e, sp.Add):
        return _dropped_from_sum(e)
    return _dropped(e, continuous) if isinstance(e, Mul) else e


def drop_vanishing_deltas(e: Expr) -> Expr:
    """``e`` with every product ``δ(u)·(multiple of u)`` replaced by 0 (also when the multiple is spread over terms).

    When a delta is left, ``|u| δ(u)`` and ``max(u, 0) δ(u)`` are dropped too, in ``e`` expanded: there each
    product is whole, so a factor 1/u beside it (``(|z| δ(z) + …)/z``, sign(z) δ(z), a jump) is seen and kept.
    Only then, so that whatever the first pass finished prints as before."""
    out = _drop(e, False)
    if out.has(sp.DiracDelta):
        expanded = _drop(sp.expand(out), True)
        if not expanded.has(sp.DiracDelta):
            return expanded
    return out


def remaining_delta(e: Expr) -> Expr | None:
    """The first Dirac delta left in ``e``, or None."""
    found = sorted(e.atoms(sp.DiracDelta), key=sp.default_sort_key)
    return found[0] if found else None
