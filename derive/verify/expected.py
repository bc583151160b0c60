"""derive's own derivative beside a counterexample: ``diff(…)`` of the claim's left side, tidied as the author writes.

Owns the presentation of what the refuted claim should have said: contracted, back-substituted
into the file's quantities (indexed definitions by ``indexcalc.BackSubstitution``, scalar ones put
back by name), gates read as indicators, in the author's summation letters.  A nicety computed
after the refutation is reported, so every step is bounded by the expression's size, never by time.
"""
from __future__ import annotations

import itertools

import sympy as sp

from ..algebra.zero import oriented, swapped_pairs, symmetry_axes
from .domains import pinned_to
from .fileformat import ClaimSpec, DerivationFile, contraction_ranges
from .semantics import Semantics

#: Left sides larger than this (in SymPy operations) get no ``expected`` form: tidying them is slow.
MAX_EXPECTED_OPS = 60


def _mirrored_steps(expr: sp.Expr) -> sp.Expr:
    """``1 − H(u)`` shown as ``H(−u)``, as a max's derivative reads in the texts (derive writes it the first
    way so that it is right at a tie whatever H(0) is: ``differentiate``)."""
    def mirrored(e: sp.Expr) -> sp.Expr:
        one, minus = sorted(e.args, key=lambda a: a != 1)
        if one == 1 and minus.is_Mul and minus.args[0] == -1 and len(minus.args) == 2 \
                and isinstance(minus.args[1], sp.Heaviside):
            step = minus.args[1]
            return sp.Heaviside(-step.args[0], *step.args[1:])
        return e
    return expr.replace(lambda e: e.is_Add and len(e.args) == 2, mirrored)


def own_derivative(sem: Semantics, claim: ClaimSpec, lhs_resolved, mirrored: bool = True) -> str | None:
    """derive's own ``diff(…)`` of the claim's left side, tidied, as text (None when not cheap).

    ``mirrored`` False keeps ``1 − H(u)`` as derive evaluates it: beside a counterexample on a tie (u = 0 near the
    point) ``H(−u)`` would read 2A·H(0) where derive's A·(1 − H(0)) + A·H(0) is A whatever H(0) is.
    """
    if not isinstance(claim.lhs, sp.Derivative):
        return None
    from .. import indexcalc as ic
    from ..algebra import contracted, dummies, textbook
    from ..printing import text
    ranges = contraction_ranges(sem.file, claim)  # a label's too: Σ_i δ_iy is 1 for y in 1..K
    # A step's derivative, the Dirac delta, is 0 wherever a counterexample can lie (at its argument's 0 the sides have
    # no value): left out, not printed as a δ beside the Kronecker deltas (2y²(δ(1 − yz)·max(1 − yz, 0) + H(1 − yz)²))
    lhs_resolved = lhs_resolved.replace(lambda e: isinstance(e, sp.DiracDelta), lambda e: sp.Integer(0))
    expr = contracted(_mirrored_steps(lhs_resolved) if mirrored else lhs_resolved, ranges)
    # Σ_i Σ_{j>i} δ_jk h(i, j) holds its delta until the pairs are summed the other way round: Σ_{i<k} h(i, k)
    swapped = swapped_pairs(expr)
    if swapped != expr:
        expr = contracted(swapped, ranges)
    givens = tuple(sem.file.givens) + tuple(claim.givens)  # the givens in force for this claim
    for g in givens:
        if isinstance(g.lhs, sp.Sum) and ic.contains_sum(expr, g.lhs):
            expr = ic.replace_sum(expr, g.lhs, g.rhs)
        elif pinned_to(g.lhs, g.rhs):  # Y = 1 for a dissimilar pair: the derivative there, as the prover takes it
            expr = expr.xreplace({g.lhs: g.rhs})
    # One rewrite per definition, shared by the file's refuted claims (building it calls sympy.solve).
    rewrites = sem.shared.setdefault("back_substitutions", {})
    for name in sem.defs:  # file order: z = W x before s = softmax(z)
        keys, body = sem.defs[name]
        if not keys:
            symbol = sp.Symbol(name, real=True)
            back = ic.put_back_scalar(expr, symbol, body, 4 * MAX_EXPECTED_OPS)
            # p = σ(z) of a scalar z: e^z/(e^z + 1)^2 reads p(1 − p), as derive show writes it
            expr = back if back != expr else ic.solve_back_scalar(expr, symbol, body, 4 * MAX_EXPECTED_OPS)
            continue
        # At the claim's own indices and at the summation indices: Σ_i H(b + Σ_k w_k x_ik) reads Σ_i H(u_i)
        # (a definition holds at every value a sum's index takes).
        names = sorted(claim.ranges, key=str)
        names += [d for d in sorted(dummies(expr), key=str) if d not in claim.ranges]
        at = list(itertools.permutations(names, len(keys)))
        at += [tuple([i] * len(keys)) for i in names]
        if name not in rewrites:
            rewrites[name] = ic.BackSubstitution(sem.file.scope.base(name), tuple(keys), body)
        new = rewrites[name](expr, at)
        if new is None:  # Σ_i e^{h_i}·X_ik / Σ_j e^{h_j} is Σ_i π_i·X_ik once the normaliser stands inside
            inside = _denominators_inside(expr)
            new = rewrites[name](inside, at) if inside != expr else None
        if new is not None:
            expr = new
    expr = _steps_absorbed(_unit_sums(_through_gates(contracted(expr, ranges), claim.ranges), sem, givens))
    for g in givens:  # Λ_ik + Λ_ki is 2Λ_ik for a symmetric Λ
        axes = symmetry_axes(g.lhs, g.rhs)
        if axes is not None:
            expr = sp.expand_mul(oriented(expr, g.lhs.base, *axes, frozenset(claim.ranges)))
    if sp.count_ops(expr) > MAX_EXPECTED_OPS:
        # Factoring grows fast with size (batch norm's ∂L/∂μ: 66 operations, 18 s): bounded by size, so
        # whether the counterexample shows it is the same on every machine, not cut off by the budget.
        return None
    expr = _authors_letters(textbook(expr), claim, sem.file)
    # tidy may turn e^{Σ…} into a Product: correct, but no help to a reader.
    return None if expr.has(sp.Product) else text(expr)


def _denominators_inside(expr: sp.Expr) -> sp.Expr:
    """``expr`` with each product of a sum and a denominator free of the sum's index taken inside the sum."""
    def inside(e: sp.Mul) -> sp.Expr:
        sums = [a for a in e.args if isinstance(a, sp.Sum)]
        if len(sums) != 1:
            return e
        s = sums[0]
        bound = {d for d, *_ in s.limits}
        over = [a for a in e.args if a.is_Pow and a.exp.is_negative and not a.free_symbols & bound]
        if not over:
            return e
        rest = [a for a in e.args if a is not s and a not in over]
        return sp.Mul(*rest, sp.Sum(sp.Mul(s.function, *over), *s.limits))
    return expr.replace(lambda e: isinstance(e, sp.Mul), inside)


def _unit_sums(expr: sp.Expr, sem: Semantics, givens: tuple = ()) -> sp.Expr:
    """``Σ_k p_k`` read as 1 where ``p``'s definition sums to 1 over that axis (a softmax, a one-hot δ(k, t_b)).

    Hinton's distillation gradient is (q_i − p_i)/T only through Σ_k p_k = 1; without it derive's own
    derivative read (q_i·Σ_k p_k − p_i)/T.  The zero test decides it, once per quantity, axis, file and
    givens, for every value of the other axes (a row's label t_b among them), under the claim's sum
    givens: label smoothing's q_i = (1 − ε) y_i + ε/K sums to 1 because Σ_i y_i = 1 is given.
    """
    from ..algebra import is_zero
    from ..algebra.zero import Identity
    known = sem.shared.setdefault("unit_sums", {})
    f = sem.file
    identities = [Identity(g.lhs, g.rhs, g.text) for g in givens if isinstance(g.lhs, sp.Sum)]
    stated = tuple(i.text for i in identities)

    def sums_to_one(name: str, axis: int, hi: sp.Expr) -> bool:
        if (name, axis, hi, stated) not in known:
            keys, body = sem.defs[name]
            shape = tuple(f.quantities[name].shape)
            ranges = {k: (sp.Integer(1), d) for k, d in zip(keys, shape) if k != keys[axis]}  # the others
            ranges.update({c: (sp.Integer(1), r) for c, r in f.label_ranges.items()})
            ranges.update({e: (sp.Integer(1), f.labels[e.base.name].range)
                           for e in body.atoms(sp.Indexed) if e.base.name in f.labels})
            known[(name, axis, hi, stated)] = shape[axis] == hi and is_zero(
                sp.Sum(body, (keys[axis], 1, hi)) - 1, ranges, identities)
        return known[(name, axis, hi, stated)]

    def one(s: sp.Sum) -> sp.Expr:
        (d, lo, hi), entry = s.limits[0], s.function
        if lo != 1 or not isinstance(entry, sp.Indexed) or str(entry.base) not in sem.defs:
            return s
        at = [k for k, i in enumerate(entry.indices) if i.has(d)]
        return sp.Integer(1) if at and entry.indices[at[0]] == d and len(at) == 1 and \
            sums_to_one(str(entry.base), at[0], hi) else s
    return expr.replace(lambda e: isinstance(e, sp.Sum) and len(e.limits) == 1, one)


def _steps_absorbed(expr: sp.Expr) -> sp.Expr:
    """``H(u)·max(u, 0)`` read as ``max(u, 0)``: the step adds nothing where the ramp is 0 (u = 0 included).

    Hadsell's dissimilar pair read (b_i − a_i)·H(m − D)·max(m − D, 0)/D, the derivative of ½ max(m − D, 0)².
    """
    def absorbed(e: sp.Mul) -> sp.Expr:
        # a power of the ramp only when positive: max(u, 0)^(T - 1) is 1 at T = 1 where the step is 0
        ramps = {a.base if a.is_Pow and a.exp.is_positive else a for a in e.args}
        steps = [a for a in e.args if isinstance(a, sp.Heaviside) and sp.Max(a.args[0], 0) in ramps]
        return e.func(*[a for a in e.args if a not in steps]) if steps else e
    return expr.replace(lambda e: e.is_Mul, absorbed) if expr.has(sp.Heaviside) and expr.has(sp.Max) else expr


def _through_gates(expr: sp.Expr, ranges: dict) -> sp.Expr:
    """Deltas contracted through ``where``, and factors taken out of gates: ``Σ_i where(u_i > 0, 2·δ_ij·(u_i - y_i), 0)/2``
    reads ``(u_j - y_j)·𝟙[u_j > 0]``.

    SymPy folds a sum's factors into a ``where`` (``Sum`` calls ``piecewise_fold``), where contraction
    cannot see them.  δ·where(c, a, b) = where(c, δ·a, δ·b), so ``Σ_d where(c(d), δ(d, t)·a(d), δ(d, t)·b(d))
    = where(c(t), a(t), b(t))`` when t runs over d's range (a case that is 0 needs no δ).  A number
    multiplying a ``where`` goes into its cases.  A gate (one case live, the others 0) gives up the factors
    of its live case that are defined everywhere (polynomials in entries, scalars and deltas), since
    both sides are 0 where its condition fails.
    """
    def cases(pw) -> list | None:
        """(coefficient, factors) of each case of a ``where`` (None for a case that is 0); None for anything else."""
        if not isinstance(pw, sp.Piecewise):
            return None
        return [sp.factor_terms(e).as_coeff_mul() if e != 0 else None for e, _ in pw.args]

    def through(s: sp.Sum) -> sp.Expr:
        split = cases(s.function) if len(s.limits) == 1 else None
        live = [c for c in split or () if c is not None]
        if not live:
            return s
        d, lo, hi = s.limits[0]
        for delta in (a for a in live[0][1] if isinstance(a, sp.KroneckerDelta) and d in a.args):
            t = delta.args[1] if delta.args[0] == d else delta.args[0]
            if t in ranges and (lo, hi) == (1, ranges[t]) and all(delta in factors for _, factors in live):
                # The sum is its case at d = t, where δ(d, t) is δ(t, t) = 1.
                return sp.Piecewise(*[(e.xreplace({d: t}), c.xreplace({d: t})) for e, c in s.function.args])
        return s

    def out(pw: sp.Piecewise) -> sp.Expr:
        parts = cases(pw)
        n = next(k for k, part in enumerate(parts) if part is not None)
        coeff, factors = parts[n]
        f = coeff * sp.Mul(*[a for a in factors if _entire(a)])
        kept = sp.Mul(*[a for a in factors if not _entire(a)])  # the live case is f·kept, as factor_terms wrote it
        return pw if f == 1 else f * sp.Piecewise(*[(kept if k == n else e, c) for k, (e, c) in enumerate(pw.args)])
    if not expr.has(sp.Piecewise):
        return expr
    expr = expr.replace(lambda e: isinstance(e, sp.Sum), through)
    expr = expr.replace(lambda e: e.is_Mul and sum(isinstance(a, sp.Piecewise) for a in e.args) == 1
                        and all(a.is_Number or isinstance(a, sp.Piecewise) for a in e.args), sp.piecewise_fold)
    return expr.replace(lambda e: isinstance(e, sp.Piecewise) and sum(x is not None for x in cases(e)) == 1, out)


def _entire(e: sp.Expr) -> bool:
    """True for a polynomial in entries, scalars and deltas: defined everywhere (no division, no log)."""
    if isinstance(e, (sp.Indexed, sp.Symbol, sp.KroneckerDelta)) or e.is_Number:
        return bool(e.is_finite) if e.is_Number else True
    if isinstance(e, sp.Pow):
        return e.exp.is_Integer and e.exp >= 0 and _entire(e.base)
    return isinstance(e, (sp.Add, sp.Mul)) and all(_entire(a) for a in e.args)


def _authors_letters(expr: sp.Expr, claim: ClaimSpec, f: DerivationFile) -> sp.Expr:
    """``expr`` with each sum named by the author's letter for it, where that letter is free to take.

    derive names the indices of its own derivative from i, j, k, …; a reader comparing it with their
    own line should not have to rename them.  The author's sum for one of derive's is one over the
    same range, in the claim (else in a definition), that shares the most quantities with its body
    (Σ_i y_i comes from the loss's Σ_i y_i ln s_i, not from the softmax's Σ_k e^{z_k}); none shared,
    the claim's own letter for that range, else derive's name stays.  Renaming a bound index the body
    does not otherwise use changes nothing (``rebind`` keeps it from capturing).
    """
    from ..algebra import free_indices, is_index, rebind

    def sums(sources) -> list:
        return [(lo, hi, d, _bases(s.function)) for source in sources
                for s in sorted(source.atoms(sp.Sum), key=sp.default_sort_key)
                for d, lo, hi in s.limits if is_index(d) and not isinstance(d, sp.Dummy)]
    written = sums((claim.rhs, claim.lhs))
    in_claim = len(written)
    written += sums(q.definition for q in f.quantities.values() if q.defined)

    def choose(d: sp.Symbol, lo: sp.Expr, hi: sp.Expr, body: sp.Expr, scope: set) -> sp.Symbol:
        mine = _bases(body)
        # max() keeps the first of equals: the claim's own sums come first.
        shared, want = max(((len(mine & theirs), letter) for a, b, letter, theirs in written if (a, b) == (lo, hi)),
                           key=lambda c: c[0], default=(0, d))
        if not shared:  # a body written out past the author's names (Σ_k a_k as Σ_k Σ_j w_j x_kj): the claim's letter
            want = next((letter for a, b, letter, _ in written[:in_claim] if (a, b) == (lo, hi)), d)
        return want if want not in scope and want not in body.free_symbols else d
    return rebind(expr, choose, avoid=free_indices(expr)) if written and expr.has(sp.Sum) else expr


def _bases(e: sp.Expr) -> set[str]:
    """The names of the arrays and scalars ``e`` uses (entries by their array's name)."""
    return {a.base.name if isinstance(a, sp.Indexed) else a.name
            for a in e.atoms(sp.Indexed, sp.Symbol) if isinstance(a, sp.Indexed) or not a.is_integer}


__all__ = ["MAX_EXPECTED_OPS", "own_derivative"]
