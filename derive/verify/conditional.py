"""Proving under what a file states beyond equations: labels, ``when``, inequality, ±1 and per-row givens.

Owns the rewrites that turn those statements into something ``derive.verify.prover`` can use,
each value-preserving wherever the statement holds:

* labels: a single label ``c`` ranges over 1..n like a free index (so ``Σ_j δ(j, c) f(j)``
  contracts to ``f(c)``); so does a per-sample entry ``c[a]`` with a free index, while ``c[b]``
  under ``Σ_b`` serves contraction only (it is not one value, so no case is split on it);
* ``when``: ``j != c`` sets ``δ(j, c) = 0``, ``j == c`` puts ``c`` for ``j``; ``u > 0`` (``u < 0``)
  resolves the kinks ``H(u)``, ``max(u, 0)``, ``|u|``, ``sign(u)`` of that argument;
* inequality givens on an input (``T > 0``, ``y[i] >= 0`` for every i) become SymPy assumptions;
* ``q[i]**2 = 1`` for every i: each entry of q the claim names outside a sum is split into the
  cases ±1, and the claim must close in each;
* a per-row given whose value depends on its free index is left to the search (replacing the row
  sum by that value is only valid row by row);
* steps and signs, in the claim and in the file's definitions: their values at 0 are unknowns
  (``derive.algebra.conventions``), so no proof rests on SymPy's H(0) = ½ or sign(0) = 0, and a proof
  that cancels a count one side divides by is not taken where that count can be 0
  (``derive.algebra.counts``).

The rewrites run after every expansion level (``Semantics.expand_once``), so they reach terms
that appear only once a definition is expanded.
"""
from __future__ import annotations

import itertools
from typing import NamedTuple

import sympy as sp
from sympy import Expr, Indexed, KroneckerDelta, Symbol

from .. import indexcalc as ic
from ..algebra.bigops import LargestAt
from ..algebra.conventions import open_conventions
from ..algebra.counts import one_side_undefined
from ..algebra.feasible import can_all_hold, linear
from ..language.kinks import kinks_read_in_inputs, kinks_where, pinned_to_zero, pins_rewritten
from ..algebra.names import freshen
from .boundaries import claim_rewritten, equality_cases, hold_on_equalities, jump_cases, plainly_zero
from .domains import sets_scalar
from .fileformat import Condition, DerivationFile, Given, per_sample_label_ranges
from ..algebra.zero import canonical_sums as _canonical_sums, every_entry, steps_one_way, symmetry_axes
from .prover import Proof, almost_everywhere_note, prove
from .semantics import Semantics

MAX_SIGN_CASES = 3  # entries split into ±1 cases: at most 2**3 proofs


class _Rewritten(Semantics):
    """``sem`` with ``rewrite`` applied after every expansion step (definitions are shared)."""

    def __init__(self, sem: Semantics, rewrite):
        self.__dict__.update(sem.__dict__)
        inner = sem.__dict__.get("_rewrite")
        # a rewrite of a rewritten ``sem`` keeps the inner one first (the open H(0) before a when's signs)
        self._rewrite = rewrite if inner is None else (lambda e: rewrite(inner(e)))

    def expand_once(self, expr: Expr, only: set[str] | None = None) -> Expr:
        """One level of expansion, then the rewrites."""
        return self._rewrite(Semantics.expand_once(self, expr, only))

    def expand(self, expr: Expr, only: set[str] | None = None) -> Expr:
        """Expansion down to the inputs (the kernel's cached path), then the rewrites."""
        return self._rewrite(Semantics.expand(self, expr, only))


def _opened(sem: Semantics) -> Semantics:
    """``sem`` with H(0) and sign(0) unknown in its definitions too (``r[k] = H(x_k − x_c)`` read at k = c), kept
    with ``sem`` for the file's next claim; its expansions and derivatives are its own (the search reads ``sem``'s)."""
    opened = sem.__dict__.get("_conventions_opened")
    if opened is None:
        opened = _Rewritten(sem, open_conventions)
        opened.defs = {name: (keys, open_conventions(body)) for name, (keys, body) in sem.defs.items()}
        opened._inputs_form, opened._instances = {}, {}
        opened.__dict__.pop("_diff_memo", None)
        sem.__dict__["_conventions_opened"] = opened
    return opened


def _kinks(expr: Expr, forms: tuple, positive: bool, strict: bool) -> Expr:
    """``expr`` with the kinks of an argument among ``forms`` (one value ``u`` written as is and expanded)
    resolved, knowing ``u > 0`` (or ``< 0``; ``strict``: not 0)."""
    sign = 1 if positive else -1

    def same(a: Expr) -> int:
        for u in forms:
            if _canonical_sums(sp.expand(a - u)) == 0:
                return 1
            if _canonical_sums(sp.expand(a + u)) == 0:
                return -1
        return 0

    table = {}
    for h in expr.atoms(sp.Heaviside):
        s = same(h.args[0])
        if s and strict:
            table[h] = sp.Integer(1 if s * sign > 0 else 0)
    for f in expr.atoms(sp.sign):
        s = same(f.args[0])
        if s and strict:
            table[f] = sp.Integer(s * sign)
    for f in expr.atoms(sp.Abs):
        s = same(f.args[0])
        if s:
            table[f] = s * sign * f.args[0]
    for f in expr.atoms(sp.Max, sp.Min):
        if len(f.args) != 2 or 0 not in f.args:
            continue
        a = f.args[0] if f.args[1] == 0 else f.args[1]
        s = same(a)
        if s:
            a_positive = s * sign > 0
            table[f] = a if a_positive == isinstance(f, sp.Max) else sp.Integer(0)
    for f in expr.atoms(sp.Piecewise):  # where(x_j > 0, a, b) under when = "x[j] > 0": a
        decided = _decided(f, same, sign, strict)
        if decided is not None:
            table[f] = decided
    return expr.xreplace(table) if table else expr


def _decided(pw: sp.Piecewise, same, sign: int, strict: bool) -> Expr | None:
    """The branch of ``where(d op 0, a, b)`` that the sign of ``d`` (±u, u of sign ``sign``) picks, or None."""
    if len(pw.args) != 2 or pw.args[1][1] is not sp.true:
        return None
    (a, cond), (b, _) = pw.args
    if not isinstance(cond, (sp.StrictGreaterThan, sp.GreaterThan, sp.StrictLessThan, sp.LessThan)):
        return None
    s = same(cond.lhs - cond.rhs)
    if not s:
        return None
    positive = s * sign > 0  # d > 0 (d ≥ 0 when the claim's condition is not strict), else d < 0 (d ≤ 0)
    greater = isinstance(cond, (sp.StrictGreaterThan, sp.GreaterThan))
    open_ = isinstance(cond, (sp.StrictGreaterThan, sp.StrictLessThan))
    if greater == positive:  # the condition points the way d lies: it holds unless d may be 0 and it excludes 0
        return a if strict or not open_ else None
    return b if strict or open_ else None  # it points the other way: it fails unless d may be 0 and it admits 0


def indices_apart(e: Expr, a: Expr, b: Expr) -> Expr:
    """``e`` with δ(a, b), and each product δ(x, a)·δ(x, b), set to 0: a ≠ b (δ(x, a) δ(x, b) = δ(x, a) δ(a, b))."""
    pair = {a, b}

    def meets(m: Expr) -> bool:
        deltas = [f for f in m.args if isinstance(f, KroneckerDelta)]
        return any(set(d.args) & set(g.args) and set(d.args) ^ set(g.args) == pair
                   for n, d in enumerate(deltas) for g in deltas[n + 1:])
    e = e.xreplace({KroneckerDelta(a, b): sp.Integer(0)})
    if not meets(sp.Mul(*e.atoms(KroneckerDelta), evaluate=False)):
        return e
    # (p_k − δ_kj)(1 − δ_ki) holds the product only once multiplied out.
    return sp.expand_mul(e).replace(lambda m: isinstance(m, sp.Mul) and meets(m), lambda m: sp.Integer(0))


def _at(e: Expr, var: Symbol, value: Expr) -> Expr:
    """``e`` with ``var`` set to ``value`` outside derivatives: d/du is taken at u, then u is fixed (never by 0)."""
    if e == var:
        return value
    if isinstance(e, sp.Derivative) or not e.args or var not in e.free_symbols:
        return e
    args = [_at(a, var, value) if isinstance(a, Expr) else a for a in e.args]
    return e.func(*args) if any(a is not b for a, b in zip(args, e.args)) else e


def _pinned(e: Expr, index: Symbol, value: Expr) -> Expr:
    """``e`` with the free ``index`` set to ``value`` (j = 1, j = k): a sum over its own j, Σ_j y_j of a given, keeps
    it (an xreplace made Sum(y_1, (1, 1, q)), and the prover failed), and a sum over k renames its k first, so that
    Σ_k y_j y_k does not become Σ_k y_k²."""
    if index not in e.free_symbols:
        return e
    names = value.free_symbols

    def renamed(s):
        return s.xreplace({lim[0]: sp.Dummy(str(lim[0]), integer=True) for lim in s.limits if lim[0] in names})
    e = e.replace(lambda a: isinstance(a, (sp.Sum, sp.Product)) and any(lim[0] in names for lim in a.limits), renamed)
    return e.subs(index, value)


def _when_rewrite(cond, used: set, text: str, sem: Semantics):
    """The rewrite a claim's ``when`` allows (None when it gives nothing the prover can use)."""
    parts = cond.args if isinstance(cond, sp.And) else (cond,)
    steps = []
    for rel in parts:
        if isinstance(rel, (sp.Ne, sp.Eq)) and all(a.is_integer for a in rel.args):
            a, b = rel.args
            if isinstance(rel, sp.Ne):
                steps.append(lambda e, a=a, b=b: indices_apart(e, a, b))
            elif isinstance(a, Symbol) and not a.is_positive:
                steps.append(lambda e, a=a, b=b: _pinned(e, a, b))
            elif isinstance(b, Symbol) and not b.is_positive:
                steps.append(lambda e, a=a, b=b: _pinned(e, b, a))
        elif isinstance(rel, sp.Eq) and any(sets_scalar(v, w) for v, w in (rel.args, rel.args[::-1])):
            var, value = rel.args if sets_scalar(*rel.args) else rel.args[::-1]
            steps.append(lambda e, var=var, value=value: _at(e, var, value))  # when = "u == 0", "u == p/(p + q)"
        elif isinstance(rel, (sp.StrictGreaterThan, sp.GreaterThan, sp.StrictLessThan, sp.LessThan)):
            u = rel.lhs - rel.rhs
            forms = tuple(dict.fromkeys(sp.expand(f) for f in sem.levels(u)))
            positive = isinstance(rel, (sp.StrictGreaterThan, sp.GreaterThan))
            strict = isinstance(rel, (sp.StrictGreaterThan, sp.StrictLessThan))
            # x > 1 (or x > c with c > 0 given): x itself is positive there, so |x| = x (the soft threshold's
            # w > α/H); likewise x < −1 makes x negative.  Before u's own step, which may then meet |x| − c as x − c.
            big, small = (rel.lhs, rel.rhs) if positive else (rel.rhs, rel.lhs)
            for side, other, sign in ((big, small, True), (small, big, False)):
                levels = sem.levels(other)
                known = any((f.is_nonnegative if sign else f.is_nonpositive) for f in levels)
                if other != 0 and known and side.free_symbols:
                    side_forms = tuple(dict.fromkeys(sp.expand(f) for f in sem.levels(side)))
                    apart = strict or any(f.is_nonzero for f in levels)
                    steps.append(lambda e, fs=side_forms, p=sign, s=apart: _kinks(e, fs, p, s))
            steps.append(lambda e, fs=forms, p=positive, s=strict: _kinks(e, fs, p, s))

    def rewrite(e: Expr) -> Expr:
        for step in steps:
            new = step(e)
            if new != e:
                used.add(text)
                e = new
        return e
    return rewrite if steps else None


class _Between(NamedTuple):
    """Each entry of an indexed input strictly between a and b, as a + (b − a)/(1 + q_i) for one q_i > 0."""

    a: Expr
    b: Expr
    q: sp.IndexedBase

    @property
    def is_nonnegative(self) -> bool:
        return bool(self.a >= 0)

    def entry(self, indices: tuple) -> Expr:
        return self.a + (self.b - self.a) / (1 + self.q[indices])


def _assumed(e: Expr, bases: dict) -> Expr:
    """``e`` with each input replaced as ``bases`` says (a base with a sign, or each entry of one between two bounds)."""
    plain = {k: v for k, v in bases.items() if not isinstance(v, _Between)}
    e = e.xreplace(plain) if plain else e
    entries = {k: v for k, v in bases.items() if isinstance(v, _Between)}
    if entries:
        e = e.replace(lambda x: isinstance(x, Indexed) and x.base in entries,
                      lambda x: entries[x.base].entry(x.indices))
    return e


def _assumption_bases(conditions: tuple[Condition, ...], f: DerivationFile,
                      among: set[str] | None = None) -> tuple[dict, list[str]]:
    """Input base -> the same name with a SymPy sign assumption, from ``q > 0``, ``y[i] >= 0``, ``q < -1`` …;
    and the texts of the conditions that gave one (only for the inputs ``among``, when given: a proof
    lists the givens its claim could use, not every sign given of the file)."""
    from .domains import _input_of
    kinds: dict[str, set] = {}
    sources: dict[str, list] = {}
    between: dict[str, list] = {}  # input name -> its strict bounds (bound, greater, text): an open interval
    reaching: dict[str, list] = {}  # input name -> its bounds it may equal (x >= 1), likewise
    above: list[tuple] = []  # (α, a, β, b, text) of a·α > b·β between two scalar inputs, a and b ±1
    entry_bounds: dict = {}  # x[1] -> its strict bounds (bound, greater, text): one named entry of an input
    for c in conditions:
        for rel in (c.cond.args if isinstance(c.cond, sp.And) else (c.cond,)):
            if not isinstance(rel, (sp.StrictGreaterThan, sp.GreaterThan, sp.StrictLessThan, sp.LessThan)):
                continue
            lhs, rhs, greater = rel.lhs, rel.rhs, isinstance(rel, (sp.StrictGreaterThan, sp.GreaterThan))
            exclusive = isinstance(rel, (sp.StrictGreaterThan, sp.StrictLessThan))
            big, small = (lhs, rhs) if greater else (rhs, lhs)
            names = tuple(_input_of(-e if e.could_extract_minus_sign() else e, f) for e in (big, small))
            signs = [next((k for k in (1, -1) if n is not None and e == k * f.scope.base(n)), None)
                     for n, e in zip(names, (big, small))]
            if None not in (*names, *signs) and names[0] != names[1] and not any(f.quantities[n].shape for n in names):
                above.append((names[0], signs[0], names[1], signs[1], c.text, exclusive))
            if (_input_of(rhs, f) or _one_entry(rhs, f)) and lhs.is_Rational:
                lhs, rhs, greater = rhs, lhs, not greater
            if _one_entry(lhs, f) and rhs.is_Rational and isinstance(rel, (sp.StrictGreaterThan, sp.StrictLessThan)):
                entry_bounds.setdefault(lhs, []).append((rhs, greater, c.text))  # x_1 > 0: that entry alone
                continue
            name = _input_of(lhs, f)
            if name is None or not rhs.is_Rational:
                continue
            strict = exclusive or rhs != 0
            if exclusive:
                between.setdefault(name, []).append((rhs, greater, c.text))
            else:
                reaching.setdefault(name, []).append((rhs, greater, c.text))
            if greater and rhs >= 0:
                kind = "positive" if strict else "nonnegative"
            elif not greater and rhs <= 0:
                kind = "negative" if strict else "nonpositive"
            else:
                continue
            kinds.setdefault(name, set()).add(kind)
            sources.setdefault(name, []).append(c.text)
    chosen = {}
    for name, found in kinds.items():
        # The strongest statement wins (positive over nonnegative); givens of both signs are left unused.
        if found <= {"positive", "nonnegative"}:
            chosen[name] = "positive" if "positive" in found else "nonnegative"
        elif found <= {"negative", "nonpositive"}:
            chosen[name] = "negative" if "negative" in found else "nonpositive"
    table = {}
    for name, kind in chosen.items():
        old = f.scope.base(name)
        table[old] = sp.IndexedBase(name, real=True, **{kind: True}) if f.quantities[name].shape \
            else Symbol(name, real=True, **{kind: True})
    for name in {**between, **reaching}:
        bounds, reached = between.get(name, []), reaching.get(name, [])
        lo, hi = _sides(bounds)
        if lo and hi and max(lo) >= min(hi):
            continue  # no room between them: the givens contradict each other
        if not (lo and hi):
            # One side, which a bound the input may equal can set: α ≥ a is α = a + q for one q ≥ 0.  (Not
            # two: a + (b − a)/(1 + q) never reaches a.)  Each replacement covers at least the inputs the
            # conditions allow, so a proof over it holds for all of them.
            reached_lo, reached_hi = _sides(reached)
            lo, hi, bounds, q_sign = _one_side(lo, hi, reached_lo, reached_hi, bounds, reached)
            if q_sign is None or f.quantities[name].shape or (max(lo) if lo else min(hi)) == 0:
                continue  # none, one bound of every entry, or 0: the sign assumption above says it
        else:
            q_sign = "positive"
        # a < α < b is α = a + (b − a)/(1 + q) for exactly one q > 0: 0 < α < 1 settles the sign of 1 − α; one bound,
        # not 0: α > a is α = a + q (x > 1 decides where(x > 1, …), which the sign alone does not)
        if f.quantities[name].shape:
            table[f.scope.base(name)] = _Between(max(lo), min(hi), sp.IndexedBase(name, positive=True))
        else:
            table[f.scope.base(name)] = _within(lo, hi, Symbol(name, **{q_sign: True}))
        chosen[name] = "between" if lo and hi else "above" if lo else "below"
        sources[name] = [t for _, _, t in bounds]
    # a·α > b·β (a, b = ±1) is α = ab·β + a·q, or β = ab·α − b·q, for exactly one q > 0: max(α, β) is α; |α| is −α
    # below −β ≤ 0.  α is moved unless a sign given already names it; once per input, never one another's
    # replacement reads, and only beside one not itself moved (a replacement would not reach inside another's):
    # α > β > γ is α = β + q, γ = β − q'.
    # a·α ≥ b·β likewise with q ≥ 0.
    moved, read = set(), set()
    leans_on: dict[str, str] = {}  # α -> β when α is replaced by β ± q: a proof about α uses what is given of β
    # (Not when the other way is given too, α ≤ β: the inputs meeting both are a null set, where a claim
    # proved almost everywhere on α ≥ β would say nothing.)
    reached_pairs = {(alpha, beta) for alpha, _, beta, _, _, exclusive in above if not exclusive}
    for alpha, a, beta, b, text, exclusive in above:
        if not exclusive and (beta, alpha) in reached_pairs:
            continue
        for shifted, other, lean in ((alpha, beta, a), (beta, alpha, -b)):
            if f.scope.base(shifted) in table or shifted in read or other in moved:
                continue
            table[f.scope.base(shifted)] = a * b * table.get(f.scope.base(other), f.scope.base(other)) + \
                lean * Symbol(shifted, **{"positive" if exclusive else "nonnegative": True})
            moved.add(shifted)
            read.add(other)
            leans_on[shifted] = other
            chosen[shifted] = "above"
            sources[shifted] = [text]
            break
    entry_texts: list[str] = []
    for entry, bounds in entry_bounds.items():
        # x_1 > 0 \implies |x_1| = x_1: the entry as written is c ± q (or between a and b) for one q > 0; where a sum
        # reads the same entry at an index it stays as it is, which only makes the claim proved more general
        lo, hi = _sides(bounds)
        if lo and hi and max(lo) >= min(hi):
            continue
        table[entry] = _within(lo, hi, Symbol(f"{entry.base.name}_" + "_".join(map(str, entry.indices)), positive=True))
        if among is None or entry.base.name in among:
            entry_texts += [t for _, _, t in bounds]
    if among is not None:
        among = set(among)
        among |= {leans_on[n] for n in list(among) if n in leans_on}
    return table, list(dict.fromkeys([t for name in chosen if among is None or name in among for t in sources[name]]
                                     + entry_texts))


def _sides(bounds: list) -> tuple[list, list]:
    """The lower and the upper bounds among ``(bound, greater, text)``."""
    return [b for b, greater, _ in bounds if greater], [b for b, greater, _ in bounds if not greater]


def _one_side(lo: list, hi: list, reached_lo: list, reached_hi: list, bounds: list, reached: list) -> tuple:
    """(lower bounds, upper bounds, their texts, the sign of q) for the one side an input's bounds set, the
    lower if any: the tightest bound, strict (q > 0) unless one the input may equal is tighter (q ≥ 0); the
    sign None when there is no bound."""
    if lo or reached_lo:
        if reached_lo and (not lo or max(reached_lo) > max(lo)):
            # not beside x ≤ b too: x ≥ 1 and x ≤ 1 leave a null set, where an almost-everywhere proof says nothing
            return reached_lo, [], [r for r in reached if r[1]], (None if reached_hi else "nonnegative")
        return lo, [], [r for r in bounds if r[1]], "positive"
    if reached_hi and (not hi or min(reached_hi) < min(hi)):
        return [], reached_hi, [r for r in reached if not r[1]], "nonnegative"
    return [], hi, [r for r in bounds if not r[1]], ("positive" if hi else None)


def _within(lo: list, hi: list, q: Symbol) -> Expr:
    """The value strictly above ``lo`` and below ``hi`` (either may be empty) for exactly one ``q > 0``."""
    if lo and hi:
        return max(lo) + (min(hi) - max(lo)) / (1 + q)
    return max(lo) + q if lo else min(hi) - q


def _one_entry(e: Expr, f: DerivationFile) -> bool:
    """True for one named entry of an input, ``x[1]`` (numbers for indices)."""
    return isinstance(e, Indexed) and e.base.name in f.quantities and not f.quantities[e.base.name].defined \
        and all(i.is_Integer for i in e.indices)


def _sign_entries(expr: Expr, units: set[str]) -> list[Indexed]:
    """Entries of ±1 inputs that occur outside every sum (their indices are the claim's own)."""
    bound = {lim[0] for s in expr.atoms(sp.Sum) for lim in s.limits}
    out = []
    for e in sorted(expr.atoms(Indexed, Symbol), key=sp.default_sort_key):
        name = e.base.name if isinstance(e, Indexed) else str(e)
        if name in units and not (e.free_symbols & bound):
            out.append(e)
    return out


def prove_under(sem: Semantics, lhs: Expr, rhs: Expr, ranges: dict, givens: tuple[Given, ...],
                conditions: tuple[Condition, ...] = (), when: Condition | None = None,
                passes: tuple[bool, ...] = (False, True)) -> Proof | None:
    """``prover.prove`` with labels, ``when``, inequality, ±1 and per-row givens taken into account.

    ``passes``: the cheap pass (False), the one with ``sympy.simplify`` (True), or both in that order.
    """
    # A kink split is sound only where the kink's zeros are null among the points the claim is about.
    equations, open_set, held = pinned(sem, givens, conditions, when)
    # H(0) and sign(0) unknown before any rewrite can make an argument 0 (conventions, README); each H(−u) written
    # 1 − H(u) + (2h − 1)[u = 0] before a when's δ(j, c) = 0 meets the [u = 0] = δ(j, c) it brings
    opened = _opened(sem)
    null: set = set()

    def oriented(e: Expr) -> Expr:
        with kinks_read_in_inputs(opened.expand):
            return steps_one_way(open_conventions(e), null)
    # An entry of a per-sample label lies in its range at every row: a delta may contract to it inside Σ_b too
    # (Σ_i ln Π_l p_il^{1{y_i = l}}, once the log is split).
    with kinks_where(equations, open_set), ic.labels_in_range(per_sample_label_ranges(sem.file.labels)):
        sides = oriented(lhs), oriented(rhs)
        givens = tuple(Given(oriented(g.lhs), oriented(g.rhs), g.text, g.line) for g in givens)
        proof = _prove_under(_Rewritten(opened, oriented), *sides, ranges, givens, conditions, when, passes)
    lhs, rhs = open_conventions(lhs), open_conventions(rhs)
    if proof is not None and null and (equality_cases(lhs - rhs) or jump_cases(lhs - rhs)):
        # ... but the claim may write a value at such a point (step(x) + step(-x) & x = 0, or \text{otherwise} after
        # x \ne 0): that row was never read, so it is read now as written, where the slope exists and a step's value
        # there is any convention's
        rng = {i: (sp.Integer(1), d) for i, d in ranges.items()}
        if hold_on_equalities(ic.contract(freshen(opened.expand(lhs) - opened.expand(rhs)), rng),
                              plainly_zero) is False:
            return None
    if proof is not None and null and "almost everywhere" not in proof.method:
        # H(u) + H(−u) = 1 + (2h − 1)[u = 0] was 1 before the prover saw it: true but where u = 0
        proof = Proof(proof.method + almost_everywhere_note(False), proof.givens_used)
    if proof is not None and any(_jump_pinned(opened, side, held) for side in (lhs, rhs)):
        return None
    # (n − 1)·u/(n − 1) cancelled to u holds for n ≥ 2 only: not a proof for every n (README, empty sums)
    said = tuple(opened.expand(c.cond) for c in (*conditions, *([when] if when is not None else [])))
    if proof is not None and one_side_undefined(opened.expand(lhs), opened.expand(rhs),
                                                {**ranges, **sem.file.label_ranges}, said) is not None:
        return None
    return proof


def _jump_pinned(sem: Semantics, side: Expr, held: list[Expr]) -> bool:
    """True when what the claim assumes (``held`` is 0 wherever it is asserted) holds a step, a sign or a delta of
    a side (its derivatives carried out) at its jump: relu'(x) = 1/2 given x = 0 read SymPy's H(0) = 1/2 as the
    slope, where relu has none; the search skips such points, so nothing there is asserted, and a proof from the
    convention is no proof.  Each side alone: relu'(t) = step(t) where t == 0 cancels to 0 as a difference."""
    if not held:
        return False
    full = sem.expand(side.xreplace({d: sem.resolve(d) for d in side.atoms(sp.Derivative)}))
    return any(pinned_to_zero(j.args[0], held) for j in full.atoms(sp.Heaviside, sp.sign, sp.DiracDelta))


def pinned(sem: Semantics, givens: tuple[Given, ...], conditions: tuple[Condition, ...],
           when: Condition | None) -> tuple[list[Expr], bool, list[Expr]]:
    """Expressions (in the inputs) that may be 0 wherever the claim is asserted (``kinks.kinks_where``),
    False when its points may be a null set in a way no such list says (no kink is split then), and those of
    the expressions that are 0 there for certain (its equations, and a >= 0 beside a <= 0).

    Every equation given, every equation among the conjuncts of ``when`` and the conditions, and their
    non-strict inequalities when the strict ones cannot all hold (a >= 0 and a <= 0 leave a single
    value) or cannot be told apart (a non-linear one, a*a <= 0: taken as its boundary, which only ever
    stops a split).  An ``or`` or ``not`` over anything but strict inequalities (a == b or a == b + 1,
    not (a > b or a < b)) may leave only lines: nothing is split.
    """
    out = [sem.expand(g.lhs - g.rhs) for g in givens]
    parts = [p for c in (*conditions, *([when] if when is not None else [])) for p in sp.And.make_args(c.cond)]
    open_set = all(not isinstance(p, (sp.Or, sp.Not, sp.Xor)) or _strict_only(p) for p in parts)
    # A strict inequality of a step is no open set: 1/4 < H(u) < 3/4 holds only where u = 0.
    open_set = open_set and not any(sem.expand(side).has(*_JUMPS) for p in parts
                                    for r in ([p] if isinstance(p, sp.core.relational.Relational)
                                              else p.atoms(sp.core.relational.Relational))
                                    for side in r.args)
    out += [sem.expand(p.lhs - p.rhs) for p in parts if isinstance(p, sp.Eq)]
    loose = [sem.expand(p.lhs - p.rhs) * (1 if isinstance(p, sp.GreaterThan) else -1)
             for p in parts if isinstance(p, (sp.GreaterThan, sp.LessThan))]
    strict = [sem.expand(p.lhs - p.rhs) * (1 if isinstance(p, sp.StrictGreaterThan) else -1)
              for p in parts if isinstance(p, (sp.StrictGreaterThan, sp.StrictLessThan))]
    rows = [linear(d) for d in loose + strict]
    equations = set().union(*(e.free_symbols | e.atoms(Indexed) for e in out)) if out else set()
    held = [e for e in out if e != 0]
    if loose and None not in rows and not can_all_hold(rows):
        held += loose
    if loose and (None in rows or not can_all_hold(rows)
                  or any((d.free_symbols | d.atoms(Indexed)) & equations for d in loose)):
        # the claim's points may have no interior (with an equation, a + b = 0, a >= 0, b >= 0 leave a
        # point): each boundary must leave kinks null
        out += loose
    return [e for e in out if e != 0], open_set, held


#: Constructs with a jump: a strict inequality of one can hold on a single value (a null set).
_JUMPS = (sp.Heaviside, sp.sign, sp.Piecewise, sp.DiracDelta, LargestAt)


def _strict_only(cond) -> bool:
    """True for ``or``/``and`` of strict inequalities only (an open set), with no ``not``."""
    if isinstance(cond, (sp.StrictGreaterThan, sp.StrictLessThan)):
        return True
    return isinstance(cond, (sp.Or, sp.And)) and all(_strict_only(a) for a in cond.args)


def _prove_under(sem: Semantics, lhs: Expr, rhs: Expr, ranges: dict, givens: tuple[Given, ...],
                 conditions: tuple[Condition, ...] = (), when: Condition | None = None,
                 passes: tuple[bool, ...] = (False, True)) -> Proof | None:
    from .domains import unit_inputs
    f = sem.file
    plain = tuple(g for g in givens if not _row_valued(g, f))
    if not (f.labels or conditions or when or plain != givens or unit_inputs(givens, f)
            or any(sets_scalar(g.lhs, g.rhs) or sets_scalar(g.rhs, g.lhs) for g in givens)):
        return prove(sem, lhs, rhs, ranges, givens, screened=True, passes=passes)
    rng = {**ranges, **f.label_ranges}
    full = sem.expand(lhs - rhs)
    # Label entries c[b]: the prover may split cases on one whose index is free (one value), but
    # c[b] under Σ_b differs from row to row, so those only serve to contract Σ_j δ(j, c[b]) f(j).
    bound = {lim[0] for s in full.atoms(sp.Sum) for lim in s.limits}
    entries = {e: f.labels[e.base.name].range for e in full.atoms(Indexed) if e.base.name in f.labels}
    # The label of the claim's own row (t[b], b free) is one value too, written or not: contracting
    # Σ_b' δ(b', b) … t[b'] brings it in (Σ_j ∂L/∂Z_bj needs Σ_j δ(j, t[b]) = 1).
    entries.update({spec.base[i]: spec.range for spec in f.labels.values() if len(spec.shape) == 1
                    for i, size in ranges.items() if size == spec.shape[0] and spec.base[i] not in entries})
    rng.update({e: r for e, r in entries.items() if not (e.free_symbols & bound)})
    contract_rng = {**rng, **entries}
    units = unit_inputs(givens, f)
    signs = _sign_entries(full, units)[:MAX_SIGN_CASES] if units else []
    bases, used = _assumption_bases(tuple(conditions), f, sem.names_in(full))
    # Givens on labels alone (a != c, c > 1) narrow the claim as its ``when`` does.
    narrowing = [c for c in conditions if not c.free and not sem.names_in(c.cond)]
    # Inequality givens for every value of an index (|x_i − T| < k) decide kinks at each index they are read at.
    per_row = tuple(c for c in conditions if c.free and sem.names_in(c.cond))
    # A given fixing a scalar input to a number or an expression (Y = 0, u = p/(p + q)) is used as the claim's
    # when = "Y == 0" is.
    narrowing += [Condition(sp.Eq(g.lhs, g.rhs), g.text, g.line, {}) for g in givens
                  if sets_scalar(g.lhs, g.rhs) or sets_scalar(g.rhs, g.lhs)]
    # Without the sign assumptions first, and without the ±1 cases: a given is listed as used only
    # when the proof needed it (σ'(x_t) = p_t(1 − p_t) holds whatever the sign of y in x_t = y x).
    # The cheap pass in every combination before sympy.simplify in any: simplify failing on the
    # claim as stated costs seconds where the given Y = 1 closes it at once.
    for thorough in passes:
        for narrowed, table, cases in itertools.product([[], narrowing] if narrowing else [[]],
                                                        [{}, bases] if bases else [{}],
                                                        [[], signs] if signs else [[]]):
            where = _joined(when, narrowed)
            row_used: set = set()
            proof = _prove_cases(sem, (lhs, rhs), (rng, contract_rng), plain, where, table, cases, (thorough,),
                                 per_row, row_used)
            if proof is not None:
                extra = (list(used) if table else []) + [c.text for c in narrowed] + sorted(row_used)
                if cases:
                    extra += [g.text for g in givens if unit_inputs((g,), f)]
                    proof.method += f"; cases ±1 for {', '.join(map(str, cases))}"
                return Proof(proof.method, list(dict.fromkeys(proof.givens_used + extra)))
    return None


def _joined(when: Condition | None, more: list[Condition]) -> Condition | None:
    """The claim's ``when`` and the conditions ``more`` as one condition (``when`` itself without any)."""
    if not more:
        return when
    parts = ([when] if when is not None else []) + more
    return Condition(sp.And(*(c.cond for c in parts)), " and ".join(c.text for c in parts), parts[0].line,
                     {k: v for c in parts for k, v in c.free.items()})


def _prove_cases(sem: Semantics, sides: tuple, rngs: tuple, givens: tuple[Given, ...],
                 when: Condition | None, bases: dict, entries: list, passes: tuple[bool, ...],
                 rows: tuple[Condition, ...] = (), row_used: set | None = None) -> Proof | None:
    """A proof in every ±1 case of ``entries``, with ``bases`` (sign assumptions), ``when`` and the per-row
    inequality givens ``rows`` applied (the texts of those that changed something are added to ``row_used``).

    ``rngs``: the ranges the prover may split cases on, and the wider ones contraction may use;
    ``passes``: as for ``prover.prove``.
    """
    (lhs, rhs), (rng, contract_rng) = sides, rngs
    ranges_of = {k: (sp.Integer(1), v) for k, v in contract_rng.items()}
    wide = len(contract_rng) > len(rng)
    assumed = _Rewritten(sem, lambda e: _assumed(e, bases))
    when_step = _when_rewrite(_assumed(when.cond, bases), set(), when.text, assumed) if when else None
    row_step = _row_rewrite(rows, bases, assumed, row_used)

    def rewrite(e: Expr) -> Expr:
        e = _assumed(e, bases) if bases else e
        if wide:
            e = ic.contract(e, ranges_of)
        if row_step is not None:
            e = row_step(e)
        if when_step is None:
            return e
        # Contract first: δ(j, c) often appears only once Σ_k δ(k, c) δ(k, j) is contracted.  Each bound index fresh:
        # the when's n = 2 may leave Σ_k δ_1k [z_k = max_k z_k] with the maximum's k the sum's, put to 1 with it.
        return when_step(ic.contract(freshen(when_step(e)), ranges_of))

    # Without ``when`` or ±1 cases the rewrite at most adds sign assumptions, which the screen's free
    # point (every entry positive) satisfies when they say ≥ 0 or > 0, and contracts with labels, which
    # it draws in range.
    screened = when is None and not entries and all(b.is_nonnegative for b in bases.values())
    proofs = []
    for values in itertools.product(*[(-1, 1)] * len(entries)):
        case = dict(zip(entries, map(sp.Integer, values)))

        def step(e: Expr, case=case) -> Expr:
            e = rewrite(e)
            return e.xreplace(case) if case else e
        with pins_rewritten(step), claim_rewritten(step):
            proof = prove(_Rewritten(sem, step), step(lhs), step(rhs), rng, givens, screened=screened, passes=passes)
        if proof is None:
            return None
        proofs.append(proof)
    return Proof(proofs[0].method, list(dict.fromkeys(g for p in proofs for g in p.givens_used)))


def _row_rewrite(rows: tuple[Condition, ...], bases: dict, sem, used: set | None):
    """The rewrite per-row inequality givens allow (Huber's band, |x_i − T| < k for every i), or None.

    Such a given holds at every value of its index, so it decides a kink or a case of ``where`` read at any
    index of the same entries, free or summed over (Σ_j where(|x_j − T| ≤ k, …) takes its first case): each
    given is applied as a claim's ``when`` would be, once for each index its entries are read at.
    """
    rows = tuple(c for c in rows if len(c.free) == 1 and all(
        isinstance(r, (sp.StrictGreaterThan, sp.GreaterThan, sp.StrictLessThan, sp.LessThan))
        for r in (c.cond.args if isinstance(c.cond, sp.And) else (c.cond,))))
    if not rows:
        return None
    steps: dict = {}

    def rewrite(e: Expr) -> Expr:
        for n, c in enumerate(rows):
            (free,) = c.free
            bases_read = {a.base for a in c.cond.atoms(Indexed) if free in a.indices}
            at = sorted({s for a in e.atoms(Indexed) if a.base in bases_read for idx in a.indices
                         for s in idx.free_symbols if ic.is_index(s)}, key=sp.default_sort_key)
            for j in at:
                if (n, j) not in steps:
                    mark: set = set()
                    steps[(n, j)] = (_when_rewrite(_assumed(c.cond.xreplace({free: j}), bases), mark, c.text, sem),
                                     mark)
                step, mark = steps[(n, j)]
                if step is not None:
                    e = step(e)
                    if mark and used is not None:
                        used.add(c.text)
        return e
    return rewrite


def _row_valued(g: Given, f: DerivationFile) -> bool:
    """True for a given with free indices whose value depends on them (usable row by row only).

    A symmetry ``A[i, j] = A[j, i]`` is not, nor an entry's value ``y[k] = δ(k, c)`` (a one-hot label): the zero
    test uses them for every entry at once.
    """
    if symmetry_axes(g.lhs, g.rhs) is not None or every_entry(g.lhs, g.rhs):
        return False
    free = f.free_index_ranges(g.lhs - g.rhs) if g.rhs.free_symbols else {}
    return bool(set(free) & g.rhs.free_symbols)
