"""A gradient rewritten in a normalised quantity of its input, where the centre then cancels.

Batch and layer norm's ∂L/∂x come out of the engine multiplied out:
``Σ_b (−ε − μ² + μ x_b + μ x_c − v − x_b x_c) g_b``.  Printed as it is, the terms μ² and
x_b x_c cancel to noise for inputs 1e8 from zero (float64), and ``x xᵀ`` is a B × B matrix.
The model defines ``x̂_i = (x_i − μ)/√(v + ε)``, affine in ``x_i``: writing every ``x_k`` as
``√(v + ε) x̂_k + μ`` (the root held as one symbol while the sums are multiplied out) cancels μ
exactly and leaves ``−(v + ε) Σ_b (1 + x̂_b x̂_c) g_b``, the textbook form, of centred values and
vectors only.  A gradient is rewritten only when its centre (μ) cancels out of it that way, so
every other model prints as before.
"""
from __future__ import annotations

import sympy as sp
from sympy import Expr, Indexed, Sum

from derive import indexcalc as ic
from derive.engine import out_indices
from derive.model import Model


def _affine(model: Model, q, x: str) -> tuple[Expr, Expr, tuple] | None:
    """(scale, shift, indices) with ``x_i = scale · q_i + shift`` when ``q_i`` is affine in ``x_i`` alone, else None."""
    idx = tuple(out_indices(q, model))
    if not idx:
        return None
    definition = model.definition(q.name, idx)
    entry = sp.IndexedBase(x)[idx]
    if {a for a in definition.atoms(Indexed) if str(a.base) == x} != {entry} or definition.has(Sum):
        return None
    slope = sp.diff(definition, entry)
    offset = sp.expand(definition - slope * entry)
    if slope == 0 or slope.has(entry) or offset.has(entry):
        return None
    return 1 / slope, sp.expand(-offset / slope), idx


def _multiplied_out(e: Expr, s: sp.Dummy, scale: Expr) -> Expr:
    """Every sum whose terms hold ``s`` multiplied out, so that terms which cancel do, with ``s`` then ``scale``."""
    if not isinstance(e, Expr) or e.is_Atom or isinstance(e, Indexed):
        return e
    e = e.func(*[_multiplied_out(a, s, scale) for a in e.args])
    if not (isinstance(e, Sum) and e.function.has(s)):
        return e
    # Factored once s is √(v + ε) again: −ε − v − s² x̂_b x̂_c is −(v + ε)(1 + x̂_b x̂_c).  The factor free of
    # the summation index stays outside, whole, and the sum is split over its terms: x̂_c Σ_b x̂_b g_b + Σ_b g_b
    # has a matrix form of vectors, Σ_b (x̂_b x̂_c + 1) g_b that of the B × B matrix x̂ x̂ᵀ + 1 1ᵀ.
    body = sp.factor(sp.expand(e.function).xreplace({s: scale}))
    outside, inside = body.as_independent(*[d for d, _, _ in e.limits], as_Add=False)
    return outside * ic.contract(Sum(inside, *e.limits), {})


def centred(model: Model, x: str, result: Expr) -> Expr:
    """``result`` (a gradient by input ``x``) in the model's normalised quantity of ``x``, where its centre cancels."""
    for q in model.quantities:
        if q.role != "defined" or q.shape != model.quantity(x).shape or not model.depends_on(q.name, x):
            continue
        found = _affine(model, q, x)
        if found is None:
            continue
        scale, shift, idx = found
        centre = shift.free_symbols - set(idx)
        if not centre or not result.has(*centre):  # a number shift (a = 2 z + 1) is no centre
            continue
        if scale.free_symbols and not result.has(*scale.free_symbols):
            # the gradient never divides by the scale (|x − μ| beside an unused q = (x − μ)/s): written in q it
            # would, and be NaN at s = 0 where it has a value
            continue
        if scale.free_symbols & set(idx):
            # a scale per entry (√(v_j + ε) of a per-feature norm) is no one symbol s: put back, it kept q's own
            # index names, not each entry's (wrong sums, or no vector form)
            continue
        # √(v + ε) as one symbol, so that s · μ/s is μ while multiplying out; real, not positive: |s q| = s |q|
        # held the sign of a scale that may be negative ((x − μ)/s of a parameter s) out of every abs and sign
        s = sp.Dummy("s", real=True)
        table = {a: s * sp.IndexedBase(q.name)[a.indices] + shift.xreplace(dict(zip(idx, a.indices)))
                 for a in result.atoms(Indexed) if str(a.base) == x}
        candidate = _multiplied_out(result.xreplace(table), s, scale)
        if candidate.has(s):  # x outside every sum
            candidate = sp.factor_terms(sp.expand(candidate)).xreplace({s: scale})
        if not candidate.has(*centre):
            return sp.factor_terms(candidate)  # −(v + ε)(…)/(v + ε)^{3/2} is −(…)/√(v + ε)
    return result
