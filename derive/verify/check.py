"""Checking claims: one verdict per claim, each computed under a hard time bound.

Owns the order of work for a claim and its time budget.  In order: resolve ``diff``; a
cheap counterexample pass (``search.CHEAP``, a fixed set of points); the symbolic prover's cheap
pass; if nothing is proved, a wider search (``search.WIDE``) under a budget of its own; then the
prover's pass with ``sympy.simplify`` (the two passes interrupted when their share of the budget
is spent).  Budgets are CPU time (``bounded.Allowance``) and
searches are counted in points, so the verdict depends on the file and derive's version, not on
how busy the machine is: a budget that runs out can only turn ``proved`` into ``unproved``, and a
search that does not finish leaves the claim unchecked (failing the run).  The claims of a file are checked by up
to one forked worker per core (``bounded.Workers``; for ``derive check`` the workers that loaded
the files, see ``crew``), each taking one claim after another of the same file so that the work
claims share is done once per worker; every claim has its own memory
allowance and time budget (its worker is killed and replaced when the budget runs out),
reports each finished phase to the parent, and results are kept in file order.
"""
from __future__ import annotations

import signal
import time
from fractions import Fraction
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

import sympy as sp
from sympy import Expr
# SymPy imports these on first use: Add.flatten on the first sum of three terms, exp and log on their
# first evaluation, relational on its first comparison.  This module is imported before the workers
# fork (``command.run_check``), so importing them here lets every worker inherit them instead of
# importing its own copy (~40 ms each) while the parent imports a third one between them.
import sympy.assumptions.wrapper  # noqa: F401
import sympy.sets.setexpr  # noqa: F401
import sympy.tensor.tensor  # noqa: F401

from .. import printing  # noqa: F401 - for the same reason (``own_derivative`` uses it)
from ..algebra.bigops import MaxOver
from ..algebra.comparisons import through_extrema
from ..algebra.names import dummies, freshen
from ..algebra.steadyfactor import steady
from ..algebra.zero import written_out
from ..indexcalc import contract
from ..language.kinks import kink_arguments_anywhere
from ..language.build import CasesWritten
from .boundaries import (jumps_noted, one_sided_slopes, own_sides_there, own_slope_there, relations, written_claim,
                         wrong_on_equalities)
from .bounded import Outcome, default_jobs, run_pool
from .fileformat import ClaimSpec, DerivationFile, contraction_ranges
from .conditional import indices_apart, prove_under
from .crew import Crew, held
from .domains import bounds, domain_for
from .expected import MAX_EXPECTED_OPS, own_derivative
from .mismatch import admitting, refutation
from .prover import Proof, almost_everywhere_note
from .results import PROVED, REFUTED, UNPROVED, ClaimResult, FileReport
from .search import CHEAP, WIDE, SearchResult, search
from .semantics import Semantics
from .writtenout import MAX_WRITTEN_OUT_OPS, linear_jumps, sizes_to_read, within
from .writtenout import unread as unread_values

DEFAULT_TIMEOUT = 10.0
#: Part of a claim's budget the prover may use: it stops before the worker is cut off, so that the wider
#: search (which starts a budget of its own) always runs.
PROVER_SHARE = 0.85
SEARCH_METHOD = "counterexample search (mpmath, 50 and 100 digits)"
#: (no draw met them: that they cannot all hold is a guess, a probe's y_1 = 0 beside Σ y = 1 met a search that missed)
VACUOUS = ("no point satisfying the givens was found: they may never all hold, "
           "so a proof from them shows nothing")
#: A proof under a claim's condition where no point met it (when = "u < 0" beside the given u > 0).
NOWHERE = ("no point where the claim is asserted (its condition, with the givens) was found, "
           "so a proof there is not taken: the condition may never hold")
#: A proof where no point drawn gave the sides real values (exp(log(-1 - x**2)) = -1 - x**2: log of a negative).
UNDEFINED = ("no point where the sides have real values was found, so a proof there is not taken: "
             "they may have none")


class OutOfTime(BaseException):
    """Raised by the alarm inside a worker: a phase used up its share of the budget.

    A BaseException so that no ``except Exception`` inside SymPy swallows it.
    """


def _alarm(seconds: float | None) -> None:
    """Raise ``OutOfTime`` in this (worker) process once it has used ``seconds`` more of CPU time; None cancels.

    CPU time, as the worker's ``bounded.Allowance`` counts it: on a busy machine the prover gets as far
    as on an idle one, later.
    """
    def ring(signum, frame):
        raise OutOfTime()
    signal.signal(signal.SIGPROF, ring)
    signal.setitimer(signal.ITIMER_PROF, max(seconds, 0.001) if seconds is not None else 0)


def _refuted(found: SearchResult, note: dict) -> dict:
    return {"verdict": REFUTED, "method": SEARCH_METHOD, "counterexample": found.counterexample,
            "evidence": {"counterexample": found.counterexample, **note}}


def _kinks_noted(sem: Semantics, claim: ClaimSpec, proof):
    """``proof``, its method saying "almost everywhere" when a function the claim differentiates has a kink though
    derive's derivative lost it (d²/dx² of where(x > 0, x, x/10) is 0, yet its slope jumps at 0)."""
    if proof is None or "almost everywhere" in proof.method:
        return proof
    # (a kink along the variable: ∂(w relu(a))/∂w = relu(a) holds everywhere)
    taken = [(sem.expand(d.expr), d.variables) for side in (claim.lhs, claim.rhs) if isinstance(side, sp.Basic)
             for d in side.atoms(sp.Derivative)]
    if not any(_moves(u, x) for f, by in taken for u in kink_arguments_anywhere(f) for x in by):
        return proof
    return Proof(proof.method + almost_everywhere_note(False), proof.givens_used)


def _moves(u: Expr, x: Expr) -> bool:
    """True when the kink argument ``u`` may change with ``x``: it reads x, or (x an entry) a maximum or sum over
    x's array (max_k u_k − τ moves with u_j)."""
    if u.has(x):
        return True
    return isinstance(x, sp.Indexed) and any(b.function.has(x.base) for b in u.atoms(sp.Sum, MaxOver))


#: Why a proof that holds almost everywhere is not taken for a claim pinned onto a kink it leaves out.
ON_ITS_KINK = ("a proof that holds almost everywhere leaves out the kinks of what the claim differentiates, and the "
               "claim's condition puts it on one")


def _on_what_it_leaves_out(sem: Semantics, claim: ClaimSpec, proof, givens: tuple) -> bool:
    """True for a proof that holds almost everywhere where the claim's equalities (a note's ``if x = 0``, a file's
    ``when = "x == 0"``, ``a == b``) put a kink's argument of what it differentiates at 0 whatever the other inputs:
    the set the proof leaves out is all the claim asserts (the slope 0 of where(x > 0, 1, 0) at 0 was proved)."""
    if "almost everywhere" not in proof.method:
        return False
    rels = [sp.Eq(g.lhs, g.rhs) for g in givens if isinstance(g.lhs, sp.Basic) and isinstance(g.rhs, sp.Basic)]
    if claim.when is not None and isinstance(claim.when.cond, sp.Basic):
        rels += [c for c in sp.And.make_args(claim.when.cond) if isinstance(c, sp.Eq)]
    put = {}
    for rel in rels:
        for var, value in ((rel.lhs, rel.rhs), (rel.rhs, rel.lhs)):
            if isinstance(var, (sp.Symbol, sp.Indexed)) and not var.is_integer and var not in put \
                    and not value.has(var):
                put[var] = value
                break
    if not put:
        return False
    taken = [sem.expand(d.expr) for side in (claim.lhs, claim.rhs) if isinstance(side, sp.Basic)
             for d in side.atoms(sp.Derivative)]
    try:
        expanded = {sem.expand(k): sem.expand(v) for k, v in put.items()}
        return any(sp.expand(u.xreplace(expanded).xreplace(expanded)) == 0
                   for f in taken for u in kink_arguments_anywhere(f))
    except Exception:  # noqa: BLE001 - what cannot be put in tells nothing: the proof stands as before
        return False


def _proved(proof, found: SearchResult) -> dict:
    return {"verdict": PROVED, "method": proof.method, "givens_used": proof.givens_used,
            "evidence": {"method": proof.method, "givens": proof.givens_used,
                         "cross_check_points": found.points, "undefined_points": found.undefined + found.on_kink}}


def _unproved(reason: str, found: SearchResult, own: bool = False, **extra) -> dict:
    notes = list(found.notes)
    if found.given_rejected:
        whose = "the givens or the claim's own conditions" if own else "the givens"
        notes.append(f"{found.given_rejected} draws did not satisfy {whose} and were skipped")
    # A side undefined at a point (log 0), or a claim with kinks on one, tells nothing there: say how many.
    # found.points counts only the points where both sides had a value.
    if found.undefined:
        notes.append(f"the sides were undefined at {found.undefined} more points, which tell nothing")
    if found.on_kink:
        notes.append(f"{found.on_kink} more points were on a kink or a condition's boundary, where the claim is "
                     f"not asserted")
    if found.rounding:
        notes.append(f"at {found.rounding} points the sides differed only by rounding (the difference vanished or "
                     f"changed with more digits)")
    if notes:
        reason += " (" + "; ".join(notes) + ")"
    # No point tried and no proof, vacuous or not: nothing supports the claim and a counterexample may be there
    # (every point of a Cox risk set was skipped), so it fails the run as an unchecked claim does.
    untested = {"untested": True} if not found.points and not extra.get("vacuous") else {}
    return {"verdict": UNPROVED, "method": "",
            "evidence": {"reason": reason, "points": found.points, "undefined_points": found.undefined + found.on_kink,
                         "max_difference": sp.Float(found.max_difference, 3).__format__(".3g")
                         if found.max_difference else "0", **untested, **extra}}


#: The phase after both searches: a worker stopped there leaves the claim unproved, not unchecked.
AFTER_SEARCHES = "prover, after the searches"


def _verdict(sem: Semantics, claim: ClaimSpec, report=lambda data, renew=False: None,
             budget: float | None = None, expected: bool = True) -> dict:
    """The verdict fields for ``claim``; ``report(data)`` receives the verdict so far after each phase.

    Cheap checks that can refute run before expensive ones: the cheap search, the prover's cheap pass,
    the wide search, then the prover's pass with ``sympy.simplify``.  ``budget`` (seconds of CPU time)
    bounds the prover's two passes together through an alarm; each search and the last pass start a fresh
    budget for the worker (``report(…, renew=True)``), so the prover never uses up the time a
    counterexample needs.  ``expected``: add derive's own derivative beside a counterexample.  Call
    through ``check_claim``.
    """
    if claim.mismatch is not None:  # false as written whatever the values: its sides' shapes differ
        # ... but only where the claim is asserted: its sizes must satisfy its conditions (when m >= n + 2)
        conditions = (*sem.file.conditions, *claim.conditions, claim.when)
        return refutation(claim.mismatch, admitting(conditions, sem.file.size_symbols, sem.file.label_ranges))
    steady()  # SymPy's random draws the same whatever its worker checked before
    start = time.process_time()

    def unproved(reason: str, found: SearchResult, **extra) -> dict:
        # draws a condition the claim states itself turned down are not the file's givens' (a note with none)
        return _unproved(reason, found, own=bool(claim.givens or claim.conditions), **extra)
    lhs, rhs = sem.resolve(claim.lhs), sem.resolve(claim.rhs)
    givens = tuple(sem.file.givens) + tuple(claim.givens)
    conditions = tuple(sem.file.conditions) + tuple(claim.conditions)
    domain = domain_for(sem.file, claim)  # labels, inequality givens and the claim's `when`
    cheap = search(sem, lhs, rhs, claim.ranges, givens, CHEAP, domain)
    if cheap.counterexample is not None:
        return _with_expected(sem, claim, lhs, _refuted(cheap, {}), report, expected)
    at_case = _wrong_at_its_case(sem, claim, lhs, rhs, givens, domain)
    if at_case is not None:
        return _with_expected(sem, claim, lhs, at_case, report, expected)
    report(unproved("time budget ran out", cheap, phase="prover"))
    left = budget * PROVER_SHARE - (time.process_time() - start) if budget is not None else None
    jumps: list = []  # points where a proof stopped at a value the claim writes at a jump
    proof, why, left = _proved_by(sem, claim, lhs, rhs, givens, conditions, (False,), left, jumps)
    proof = _kinks_noted(sem, claim, proof)
    if proof and _on_what_it_leaves_out(sem, claim, proof, givens):
        proof, why = None, ON_ITS_KINK
    # A proof under the claim's own condition is taken only where some point met it: |u| = -u where u < 0
    # is proved, and vacuous beside the given u > 0.
    asserted = (claim.when is None or cheap.points > 0) and not _nowhere_real(cheap)
    if proof and asserted and (cheap.given_held or not proof.givens_used):
        return _proved(proof, cheap)
    report(unproved("time budget ran out", cheap, phase="wide search"), renew=True)
    found = cheap.add(search(sem, lhs, rhs, claim.ranges, givens, WIDE, domain))
    if found.counterexample is not None:
        note = {"prover_disagreed": True} if proof else {}
        return _with_expected(sem, claim, lhs, _refuted(found, note), report, expected)
    if proof is None and why is None:  # the cheap pass found nothing, in time: the pass with simplify
        report(unproved("no symbolic proof found within its share of the time budget, no counterexample found",
                         found, phase=AFTER_SEARCHES), renew=True)
        proof, why, _ = _proved_by(sem, claim, lhs, rhs, givens, conditions, (True,), left, jumps)
        proof = _kinks_noted(sem, claim, proof)
        if proof and _on_what_it_leaves_out(sem, claim, proof, givens):
            proof, why = None, ON_ITS_KINK
    why = why or ("no symbolic proof found" + _at_jumps(jumps))
    if proof and claim.when is not None and not found.points:
        return unproved(NOWHERE, found, vacuous=True, method=proof.method, givens=proof.givens_used)
    if proof and _nowhere_real(found):
        return unproved(UNDEFINED, found, vacuous=True, method=proof.method, givens=proof.givens_used)
    if proof and found.given_held:
        return _proved(proof, found)
    if proof:
        return unproved(VACUOUS, found, vacuous=True, method=proof.method, givens=proof.givens_used)
    return unproved(why + ", no counterexample found", found)


#: How a claim wrong at the point its own equality case names is refuted (``_wrong_at_its_case``).
AT_CASE_METHOD = ("the claim's case for a point evaluated there, where derive's slope exists (the same on both sides "
                  "of the kink, the function not jumping)")
#: ... when the claim's value there reads a slope that does not exist there, or a step's or sign's value at 0
WHATEVER = ("the claim's case for a point evaluated there, wrong whatever value a slope without one there takes between "
            "its one-sided slopes (every such slope the same mixture of its two sides, as one convention for the kink "
            "gives; a step's value there from 0 to 1, a sign's from -1 to 1); a left side without a slope there is shown "
            "by its one-sided slopes, other values computed there take H(0) = 1/2, sign(0) = 0")


def _wrong_at_its_case(sem: Semantics, claim: ClaimSpec, lhs: Expr, rhs: Expr, givens: tuple, domain) -> dict | None:
    """A refutation at the point an equality case of the claim names (``1 & x = 0`` for the slope of x|x|, which is 0
    there), where derive's slope exists and the sides differ by a number whatever the other inputs; None otherwise.

    The search does not read such a point (on a kink a claim is not asserted, and there it is only where the slope
    exists), so a wrong value there passed as unproved.  Only at a point no equation given names (nothing else may
    decide whether it is admitted) or only equations given that it meets exactly (y = 1 for y^2 = 1), where every
    inequality given, condition on its inputs and written domain (ln a: a > 0) holds.
    """
    difference = lhs - rhs
    if not _has_cases(claim, difference):
        return None
    written = _named_derivatives(sem, claim.lhs - claim.rhs)
    if _derivative_in_a_sum(written):
        return None
    # where its sides as written are real (ln a: a > 0, √x: x ≥ 0): a point that sets every input such a condition
    # reads and meets it there (x = ln 2 beside a = 2), as a condition on its inputs is met
    written_cases = _written_cases(domain.real_where)
    real = [sem.expand(e) for e in domain.real_where if isinstance(e, sp.Basic) and e not in written_cases]
    # ... and off the null set its cases leave out (such a point lies on one of its own cases: one that leaves the
    # sums the point reads unwritten is not known false there)
    cased = [sem.expand(e) for e in written_cases]
    # an equation given (y^2 = 1) admits a point that sets every input it reads and meets it exactly (y = 1)
    equations = [sem.expand(g.lhs - g.rhs) for g in givens
                 if isinstance(g.lhs, sp.Basic) and isinstance(g.rhs, sp.Basic)]
    held = [c.cond for c in (*domain.conditions, *([domain.when] if domain.when is not None else []))]
    held = [sem.expand(c) for c in held if isinstance(c, sp.Basic)]

    def admits(point: dict) -> bool:
        # an inequality (δ > 0, x ≠ 0) admits the point when it holds there, one on entries (0 ≤ W_ij ≤ 1) at each
        # entry the point gives a value (W_12 = 2 beside W_22 = 0 is no point of the claim's)
        return all(not set(point) & e.free_symbols or e.xreplace(point) is sp.true for e in real) and all(
            e.xreplace(point) is not sp.false for e in cased) and all(
            not set(point) & e.free_symbols or sp.expand(e.xreplace(point)) == 0 for e in equations) and not any(
            set(point) & c.free_symbols and c.xreplace(point) is not sp.true for c in held) and all(
            c.xreplace(at).xreplace(point) is sp.true for c in held for at in _entries_of(c, point))
    stated = (*domain.conditions, *([domain.when] if domain.when is not None else []))
    near = _near(bounds(stated, sem.file))
    # a label given 0/1 or ±1 first takes its own values (q = 0 at the tie z = q of max(z, q))
    near.update({name: [sp.Integer(0), sp.Integer(1)] for name in domain.binary})
    near.update({name: [sp.Integer(1), sp.Integer(-1)] for name in domain.units})
    raw = written.xreplace({d: sp.Dummy() for d in written.atoms(sp.Derivative)})  # each derivative held
    for sizes in sizes_to_read(sem, difference, held):
        contracted = _contracted(sem, claim, difference, sizes, _own_comparisons(_contracted(sem, claim, raw, sizes)))
        if sizes and (sp.count_ops(contracted) > MAX_WRITTEN_OUT_OPS or not linear_jumps(contracted)):
            # bounded by work: its points are read for a few terms, on boundaries linear in an input (a batch's
            # hinge, or a triplet loss's squared distances written out, took seconds of SymPy each)
            return None
        with _as_written(sem, claim, difference, sizes):
            found = wrong_on_equalities(contracted, lambda point: admits({**sizes, **point}), near)
            # where derive's cases give its own derivative another value than its slope there (read from its sides)
            own = own_slope_there(*found[:2]) if found is not None else None
            # where it has none, a value is wrong outside its one-sided slopes: those are shown, not one mixture of them
            # (a nicety: nothing it raises may touch the refutation)
            try:
                one_sided = own_sides_there(*found[:2]) if found is not None and found[2] else None
            except Exception:  # noqa: BLE001
                one_sided = None
        if found is None:
            continue
        at, v, whatever = found
        # a size or an index the value read took a whole number (n + 5 & x_i = 0): put in first (x_i is x_2 where
        # i = 2), then the point's values; shown as the searches show sizes and indices
        ints = {**sizes, **{s: x for s, x in at.items() if isinstance(s, sp.Symbol) and s.is_integer}}
        sides = [_contracted(sem, claim, side, sizes) for side in (lhs, rhs)]
        # an index or input the sides read but the point does not (2 z_j beside Σ_k 𝟙[z_k ≥ 0] 𝟙[z_k ≤ 0]): 1
        placed = set().union(*(x.free_symbols for x in at))  # (j of a point w_j = 0 stays j)
        ints.update({s: sp.Integer(1) for side in sides for s in side.free_symbols
                     if isinstance(s, sp.Symbol) and s.is_integer and s not in ints and s not in placed
                     and s not in dummies(side)})
        # then per-sample labels' values (y_2 = 1 in S_{2 y_2}), before the entries they name take theirs
        labels = {x: value for x, value in at.items() if isinstance(x, sp.Indexed) and x.is_integer}
        sides = [side.xreplace(ints).xreplace(labels) for side in sides]
        if own is not None:  # the left side is that derivative: shown as its slope, which the claim is wrong about
            sides[0] = own.xreplace(ints).xreplace(labels)
        # an input the point leaves free takes 1, or a value inside its bounds (τ + 1 at r = 0 of the pinball loss,
        # wrong whatever τ is, was left unproved: τ = 1 is outside the given τ < 1)
        unread = {x: near[x.name][0] if isinstance(x, sp.Symbol) and near.get(x.name) else v
                  for x, v in unread_values(sides, at).items()}
        values = {x: value for x, value in {**at, **unread}.items() if not (isinstance(x, sp.Symbol) and x.is_integer)}
        if not within(sem.file, sides, ints) or unread and not admits({**sizes, **values}):
            continue
        at = {**at, **unread}
        a, b = (sp.N(side.xreplace(at), 30) for side in sides)
        if all(x.is_number and x.is_finite and x.is_real for x in (a, b)):
            break
    else:
        return None
    read = set().union(*(_contracted(sem, claim, side).free_symbols for side in (lhs, rhs)))
    ints = {s: x for s, x in ints.items() if s not in sizes or s in read}  # only the sizes the claim reads
    sizes = {str(s) for s in sem.file.size_symbols}
    whole = {str(s): int(x) for s, x in ints.items()}
    inputs = {str(s): sp.sstr(x) for s, x in at.items() if s not in ints}
    cx = {"sizes": {s: x for s, x in whole.items() if s in sizes},
          "indices": {s: x for s, x in whole.items() if s not in sizes},
          "inputs": inputs, "exact_inputs": {s: {"": x} for s, x in inputs.items()},
          "lhs": sp.sstr(sp.N(a, 15)), "rhs": sp.sstr(sp.N(b, 15)), "difference": sp.sstr(sp.N(a - b, 15)),
          "search": "the claim's case"}
    if one_sided is not None:
        cx["one_sided"] = _shown_slopes(one_sided)
    method = WHATEVER if whatever else AT_CASE_METHOD
    return {"verdict": REFUTED, "method": method, "counterexample": cx, "evidence": {"counterexample": cx, "method": method}}


def _derivative_in_a_sum(written: Expr) -> bool:
    """True when a claim as ``written`` takes a derivative inside a sum (Σ_i ∂h_i/∂s_j): held as one symbol, the
    function it differentiates reads the sum's index, so whether derive's slope exists at a point is not read."""
    bound = dummies(written)
    return bool(bound) and any(d.free_symbols & bound for d in written.atoms(sp.Derivative))


def _entries_of(condition: Expr, point: dict) -> list[dict]:
    """For each entry of ``point`` an entry of ``condition`` (held for every value of its free indices) reads, those
    indices at that entry's: W_ij ≤ 1 at W_12 is {i: 1, j: 2}."""
    found = []
    for e in condition.atoms(sp.Indexed):
        if all(isinstance(i, sp.Symbol) for i in e.indices) and len(set(e.indices)) == len(e.indices):
            found += [dict(zip(e.indices, x.indices)) for x in point
                      if isinstance(x, sp.Indexed) and x.base == e.base and len(x.indices) == len(e.indices)]
    return found


def _near(bounded: dict) -> dict:
    """Values inside each input's numeric bounds (``domains.bounds``): the middle of a band first (1/20 for
    0 < y < 1/10), else just past its one bound (6 and 7 for δ > 5)."""
    near: dict = {}
    for name, ends in bounded.items():
        lo, hi = (None if e is None else sp.Rational(e.numerator, e.denominator) for e in ends)
        if lo is not None and hi is not None and lo < hi:
            near[name] = [(lo + hi) / 2, lo + (hi - lo) / 4]
        elif lo is not None or hi is not None:
            near[name] = [lo + 1, lo + 2] if lo is not None else [hi - 1, hi - 2]
    return near


def _nowhere_real(found: SearchResult) -> bool:
    """True when every point the searches drew left a side without a real value (and none sat on a kink)."""
    return not found.points and found.undefined > 0 and not found.on_kink


def _at_jumps(jumps: list) -> str:
    """What an unproved verdict adds for the points ``jumps`` where a proof stopped at a value written at a jump."""
    if not jumps:
        return ""
    where = " and ".join(dict.fromkeys(f"{v} = {r}" for v, r in jumps))
    return (f": at {where} the function the claim differentiates jumps, and the claim's value there is not between "
            f"the one-sided slopes (no slope exists at a jump: such a value is neither proved nor refuted)")


def _proved_by(sem: Semantics, claim: ClaimSpec, lhs: Expr, rhs: Expr, givens: tuple, conditions: tuple,
               passes: tuple[bool, ...], left: float | None, jumps: list) -> tuple:
    """(proof or None, why not or None, CPU seconds left) of the prover's ``passes`` within ``left`` seconds; each point
    where a proof stopped at a value written at a jump is added to ``jumps``."""
    proof, why, begun = None, None, time.process_time()
    try:
        if left is not None:
            _alarm(left)
        with _as_written(sem, claim, lhs - rhs), jumps_noted(jumps):
            proof = prove_under(sem, lhs, rhs, claim.ranges, givens, conditions, claim.when, passes)
    except OutOfTime:
        why = "no symbolic proof found within its share of the time budget"
    except (MemoryError, RecursionError):
        why = "no symbolic proof found within the memory and depth limits"
    except Exception as exc:  # noqa: BLE001 - a prover's failure must not keep the wide search from running
        why = f"no symbolic proof found (the prover failed: {type(exc).__name__})"
    finally:
        if left is not None:
            _alarm(None)
    return proof, why, left - (time.process_time() - begun) if left is not None else None


def _as_written(sem: Semantics, claim: ClaimSpec, difference: Expr, sizes: dict | None = None):
    """What ``boundaries`` needs to tell which values at a point the claim asserts: its sides as written, derive's
    derivatives in it carried out, the functions they differentiate and by what, and the claim's conditions
    (at whole-number ``sizes``, if given, with the sums written out)."""
    if not _has_cases(claim, difference):
        return nullcontext()
    sizes = sizes or {}
    raw = _named_derivatives(sem, claim.lhs - claim.rhs)
    held = {d: sp.Dummy() for d in raw.atoms(sp.Derivative)}
    conditions = [c.cond for c in (claim.when, *claim.conditions) if c is not None]
    where = sem.expand(sp.And(*conditions)).xreplace(sizes) if conditions else None
    # where its cases write a value, when they leave out a null set (1 & x > 0 \\ 0 & x < 0): nothing is asserted there
    cased = [written_out(sem.expand(c).xreplace(sizes)) if sizes else sem.expand(c)
             for c in _written_cases(claim.real_where)]
    by = {v for d in held for v in d.variables}
    by = by.pop() if len(by) == 1 else None
    if by is not None and sizes:
        by = by.xreplace(sizes)  # x_j is x_1 where j = 1
    if by is not None and sem.expand(by) != by:
        by = _crossing_input(written_out(sem.expand(by).xreplace(sizes)) if sizes else sem.expand(by))
    written = _contracted(sem, claim, raw.xreplace(held), sizes)
    return written_claim(_extrema_opened(written, _own_comparisons(written)),
                         [_contracted(sem, claim, sem.resolve(d), sizes) for d in held],
                         [written_out(sem.expand(d.expr).xreplace(sizes)) if sizes else sem.expand(d.expr) for d in held],
                         by, where, tuple(held.values()), held.get(claim.lhs), cased)


def _written_cases(real_where: tuple) -> list:
    """The conditions of ``real_where`` that say where a claim's cases write a value, when they leave out a null set
    (``1 & x > 0 \\\\ 0 & x < 0``: x > 0 or x < 0; ``mathbuild.cases``)."""
    return [c for c in real_where if isinstance(c, CasesWritten) and not c.has(sp.Derivative)]


def _has_cases(claim: ClaimSpec, difference: Expr) -> bool:
    """True when the claim's ``difference`` (derive's derivatives carried out) or its sides as written have cases: a
    claim that writes derive's own cases (1[x > 0] + 1[x < 0] for where(x > 0, x, 0) + where(x < 0, x, 0)) cancels
    them, yet its value at their boundary may be no slope's (this one is x, its slope 1 at 0)."""
    return difference.has(sp.Piecewise) or any(isinstance(s, sp.Basic) and s.has(sp.Piecewise)
                                               for s in (claim.lhs, claim.rhs))


def _crossing_input(definition: Expr) -> Expr | None:
    """An input a defined scalar reads, along which a point's sides are the quantity's own (the slope of relu(a) by a
    below and above a = 0): one with a constant slope not 0 first (b in a = w x + b), else one with a slope (w in
    a = w x, where x is not 0); None when it reads none."""
    bound = dummies(definition)  # (x_k of Σ_k w_k x_k)
    slopes = {atom: sp.diff(definition, atom) for atom in definition.atoms(sp.Symbol, sp.Indexed)
              if not atom.free_symbols & bound and not (isinstance(atom, sp.Symbol) and atom.is_integer)}
    slopes = {atom: slope for atom, slope in slopes.items() if slope.is_zero is False or slope.free_symbols}
    return min(slopes, key=lambda a: (not slopes[a].is_number, sp.default_sort_key(a)), default=None)


def _contracted(sem: Semantics, claim: ClaimSpec, expr: Expr, sizes: dict | None = None,
                opened: frozenset = frozenset()) -> Expr:
    """``expr`` expanded, its Kronecker deltas contracted within the claim's index and label ranges: ∂/∂x_i of
    Σ_k relu(x_k)² reads x_i alone, so its value where x_i = 0 can be read.  At whole-number ``sizes``, if given, its
    sums written out term by term (each term's jump a point of the inputs); the comparisons ``opened`` read through
    their maxima, minima and absolute values (``_extrema_opened``)."""
    ranges = contraction_ranges(sem.file, claim)
    # each summation index fresh first: Σ_k δ_k1 𝟙[z_k = max_k z_k] would put 1 for the maximum's own k
    done = _apart_where(contract(freshen(sem.expand(expr)), ranges), claim)
    done = written_out(done.xreplace(sizes)) if sizes else done
    return _extrema_opened(done, opened) if opened else done


def _own_comparisons(written: Expr) -> frozenset:
    """The comparisons of a maximum, minimum or absolute value in the cases of ``written`` (a claim's sides as
    written, derive's derivatives in it held), which ``_extrema_opened`` opens."""
    return frozenset(r for pw in written.atoms(sp.Piecewise) for pair in pw.args for r in relations(pair.cond)
                     if r.has(sp.Max, sp.Min, sp.Abs))


def _extrema_opened(expr: Expr, opened: frozenset) -> Expr:
    """``expr`` with each comparison in ``opened`` (the claim's own) written through the arguments of its maximum,
    minimum or absolute value (``1[a = t]`` with a = relu(t) is 1[t ≥ 0], 1[|x + b| < 1] is 1[-1 < x + b < 1]): the
    same values, and the boundary (t = 0, x + b = 1) is then one of the claim's own.  derive's derivatives keep
    theirs, which ``boundaries`` reads as written (their kinks' sides)."""
    table = {r: through_extrema(r) for r in opened}
    table = {r: new for r, new in table.items() if new != r}
    return expr.xreplace(table) if table else expr


def _apart_where(expr: Expr, claim: ClaimSpec) -> Expr:
    """``expr`` with each δ_jc its claim's ``when`` says is 0 (j ≠ c) put to 0: the multiclass hinge's slope by s_j
    for j ≠ c then reads s_j alone, and its value where s_j − s_c + 1 = 0 can be read."""
    if claim.when is None or not expr.has(sp.KroneckerDelta):
        return expr
    for r in sp.And.make_args(claim.when.cond):
        if isinstance(r, sp.Ne) and r.lhs.is_integer and r.rhs.is_integer:
            expr = indices_apart(expr, r.lhs, r.rhs)
    return expr


def _named_derivatives(sem: Semantics, expr: Expr) -> Expr:
    """``expr`` with each quantity ``[define]`` names for a derivative (Nielsen's ``δ_j = diff(C, z[j])``) written as
    that derivative: its definition is the derivative carried out, where derive's conventions at a kink stand."""
    table = {}
    for q in sem.file.quantities.values():
        if q.derivative is None:
            continue
        for a in expr.atoms(sp.Symbol, sp.Indexed):
            if isinstance(a, sp.Indexed) and str(a.base) == q.name:
                table[a] = q.derivative.xreplace(dict(zip(q.indices, a.indices)))
            elif isinstance(a, sp.Symbol) and a.name == q.name and not q.shape:
                table[a] = q.derivative
    return expr.xreplace(table)


def _with_expected(sem, claim, lhs, data: dict, report, wanted: bool = True) -> dict:
    """Add derive's own derivative (``expected``) to a counterexample; the refutation is reported first.

    Bounded by work (the size of the derivative), not time, so it does not vary with the machine;
    should the budget still run out, the refutation already reported stands.  ``wanted`` False: the
    caller shows no text (its tests read verdicts and counterexamples only), so none is worked out.
    """
    report(data)
    if not wanted:
        return data
    try:
        on_tie = bool(data["counterexample"].get("ties"))  # shown as evaluated there, not mirrored
        expected = own_derivative(sem, claim, lhs, mirrored=not on_tie) if sp.count_ops(lhs) <= MAX_EXPECTED_OPS \
            else None
    except Exception:  # noqa: BLE001 - a nicety: the counterexample stands without it
        expected = None
    if expected:
        data["counterexample"] = {**data["counterexample"], "expected": expected}
    try:
        sides = _one_sided_at(sem, claim, lhs, data["counterexample"]) if on_tie else None
    except Exception:  # noqa: BLE001 - a nicety, as above: the counterexample stands without it
        sides = None
    if sides is not None:  # (a kink the claim's condition puts the point on: shown as a case's value there is)
        data["counterexample"] = {**data["counterexample"], "one_sided": _shown_slopes(sides)}
    data["evidence"]["counterexample"] = data["counterexample"]
    return data


def _shown_slopes(sides: tuple) -> list[str]:
    """One-sided slopes as a counterexample carries them (``one_sided``): 15 digits, as its sides are."""
    return [sp.sstr(sp.N(s, 15)) for s in sides]


def _one_sided_at(sem: Semantics, claim: ClaimSpec, lhs: Expr, cx: dict) -> tuple | None:
    """The one-sided slopes of the function the claim's left side differentiates at the counterexample ``cx``, where
    they differ (no slope there), for a slope by one scalar input at a point of scalars and rationals; else None."""
    if not isinstance(claim.lhs, sp.Derivative) or len(claim.lhs.variables) != 1 or cx.get("sizes") or \
            cx.get("indices"):
        return None
    by = claim.lhs.variables[0]
    exact = cx.get("exact_inputs") or {}
    if not isinstance(by, sp.Symbol) or sem.expand(by) != by or any(set(v) != {""} for v in exact.values()):
        return None
    try:  # (derive's own rationals, written by the search: read as numbers alone, never as expressions)
        numbers = {name: Fraction(v[""]) for name, v in exact.items()}
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    point = {sp.Symbol(name, real=True): sp.Rational(x.numerator, x.denominator) for name, x in numbers.items()}
    point = {s: point[x] for s in sem.expand(claim.lhs.expr).free_symbols | lhs.free_symbols
             for x in point if str(x) == str(s)}
    return one_sided_slopes(sem.expand(claim.lhs.expr), lhs, by, point)


def _what_failed(exc: BaseException) -> str:
    """What went wrong when checking a claim raised, in a few words."""
    return "memory limit reached" if isinstance(exc, MemoryError) else f"{type(exc).__name__}: {exc}"


def _internal_error(claim: ClaimSpec, what: str) -> dict:
    """The verdict when checking ``claim`` raised: unproved and unchecked (it fails the run), saying what went wrong."""
    # Whatever raised (a bug, a MemoryError under the worker's cap) may have stopped a search that would refute.
    return {"verdict": UNPROVED, "evidence": {
        "reason": f"internal error in claim {claim.name!r}: {what}".replace("\n", " ")[:300],
        "points": 0, "max_difference": "0", "unchecked": True}}


def _result(claim: ClaimSpec, outcome: Outcome, timeout: float) -> ClaimResult:
    """The claim's result from what its worker reported: the final verdict, or 'time budget ran out'."""
    if outcome.error is not None:
        data = _internal_error(claim, outcome.error)
    elif outcome.latest and (outcome.final or outcome.latest["verdict"] == REFUTED):
        data = outcome.latest
    elif outcome.latest and outcome.latest["evidence"].get("phase") == AFTER_SEARCHES:
        # stopped in the prover's last pass, both searches done: unproved, with what they found
        evidence = {k: v for k, v in outcome.latest["evidence"].items() if k != "phase"}
        data = {"verdict": UNPROVED, "evidence": {**evidence, "timeout_seconds": timeout}}
    else:
        # The cheap pass's points are kept (the phase the budget ran out in is not).
        partial = outcome.latest or {"evidence": {"points": 0, "max_difference": "0"}}
        evidence = {k: v for k, v in partial["evidence"].items() if k != "phase"}
        # The worker was stopped before the searches finished (the prover's own alarm leads on to the wide search,
        # so a stop comes from the wall-clock cap on a starved worker, the memory cap or a call that ignores the
        # alarm): a counterexample may be there.  The result fails the run (ClaimResult.failing) instead of
        # passing CI as unproved.
        reason = ("the worker ended without a verdict (memory limit reached?) before the counterexample search "
                  "finished: the claim is unchecked (raise DERIVE_WORKER_MEMORY_MB)" if outcome.dead
                  else "time budget ran out before the counterexample search finished: the claim is unchecked "
                       "(raise --timeout)")
        evidence["unchecked"] = True
        data = {"verdict": UNPROVED, "evidence": {**evidence, "reason": reason, "timeout_seconds": timeout}}
    if claim.when is not None:
        # Every output states where the claim is asserted (the JSON carries it in the evidence).
        data.setdefault("evidence", {})["when"] = claim.when.text
    conditions, givens = _stated(claim, claim.conditions), _stated(claim, claim.givens)
    for key, text in (("conditions", conditions), ("givens", givens)):
        if text:  # ... and under what else: the claim's own conditions and givens as written
            data.setdefault("evidence", {})[key] = text
    if claim.last_entries:
        # What a size written as an index was read as (θ_{kj}, k the number of classes: the last row), whatever
        # the verdict: a proof of the last row must not pass for one of every row.
        data.setdefault("evidence", {})["last_entries"] = list(claim.last_entries)
    return ClaimResult(name=claim.name, line=claim.line, verdict=data["verdict"], method=data.get("method", ""),
                       givens_used=data.get("givens_used", []), evidence=data.get("evidence", {}),
                       lhs=claim.shown[0], rhs=claim.shown[1], counterexample=data.get("counterexample"),
                       eq=claim.text, seconds=outcome.seconds,
                       when=claim.when.text if claim.when is not None else "", entry=claim.entry,
                       conditions=conditions, givens=givens)


def _stated(claim: ClaimSpec, said: tuple) -> str:
    """The texts of the claim's own conditions or givens ``said``, those its ``when`` does not say already: every line
    of output says where a claim is checked (∂h/∂a = 1 for -1 < a < 1 beside = 0 for a > 1 read as a contradiction)."""
    when = claim.when.text if claim.when is not None else ""
    texts = (c.text.strip() for c in said if c.text)
    return " and ".join(dict.fromkeys(t for t in texts if t and t not in when))


def check_claim(sem: Semantics, claim: ClaimSpec, timeout: float = DEFAULT_TIMEOUT) -> ClaimResult:
    """The verdict on one claim, computed in a worker process killed after ``timeout`` seconds."""
    return check_claims(sem, [claim], timeout, jobs=1)[0]


def check_claims(sem: Semantics, claims: list[ClaimSpec], timeout: float = DEFAULT_TIMEOUT,
                 jobs: int | None = None) -> list[ClaimResult]:
    """Verdicts for ``claims`` of ``sem``'s file in order, by up to ``jobs`` workers (see ``_checked``)."""
    return _checked([(sem, claim, timeout) for claim in claims], jobs)


def _checked(work: list[tuple[Semantics, ClaimSpec, float]], jobs: int | None = None,
             done: Callable[[], None] | None = None) -> list[ClaimResult]:
    """Verdicts for (file, claim, budget) in order, by up to ``jobs`` workers (default: one per core, at most 4).

    A worker checks one claim after another, keeping to one file while it has claims left, so what
    claims share (the definitions expanded, derivatives and SymPy's caches) is computed once per worker; each claim still has its own time
    budget and memory allowance, and a worker that overruns is killed and replaced.
    """
    jobs = max(1, jobs or default_jobs())

    def verdict(n: int, report) -> dict:
        sem, claim, timeout = work[n]
        return _verdict(sem, claim, report, timeout)

    outcomes = run_pool(verdict, list(range(len(work))), [t for _, _, t in work], jobs, describe=_what_failed,
                        done=done and (lambda n: done()), groups=[id(sem) for sem, _, _ in work])
    return [_result(claim, o, timeout) for (_, claim, timeout), o in zip(work, outcomes)]


#: In a worker: the semantics of each file it checks claims of, by the file's digest (see ``crew``).
_SEMANTICS: dict[str, Semantics] = {}


def _claim(task: tuple[str, bytes, int, float, bool], report) -> dict:
    """In a worker: the verdict fields of claim ``index`` of the file packed as ``digest``/``payload``."""
    digest, payload, index, budget, expected = task
    if digest not in _SEMANTICS:
        _SEMANTICS[digest] = Semantics(held(digest, payload))
    sem = _SEMANTICS[digest]
    return _verdict(sem, sem.file.claims[index], report, budget, expected)


class ClaimChecker:
    """Claims checked one at a time, as they are asked for, by one worker kept between them (the pytest plugin's items).

    The worker holds each file it has seen (``crew``) with what its claims share, so the second claim
    of a file finds the definitions expanded, the derivatives and SymPy's caches warm, as
    ``derive check``'s workers do; each claim still has its own time budget and memory allowance,
    and a worker that overruns is replaced.  ``close()`` stops the worker.
    """

    def __init__(self):
        self.crew = Crew(jobs=1)

    def check(self, f: DerivationFile, index: int, timeout: float = DEFAULT_TIMEOUT) -> ClaimResult:
        """The verdict on claim ``index`` of ``f``."""
        digest, payload = self.crew.pack(f)
        outcome, = self.crew.workers.run([(digest, payload, index, timeout, True)], timeout, fn=_claim,
                                         describe=_what_failed)
        return _result(f.claims[index], outcome, timeout)

    def close(self) -> None:
        """Stop the worker."""
        self.crew.workers.close()


def check_files(files: list[tuple[DerivationFile, float, Callable[[str], bool] | None]],
                done: Callable[[], None] | None = None, crew: Crew | None = None,
                decided: Callable[[int, ClaimResult], None] | None = None, expected: bool = True) -> list[FileReport]:
    """Verdicts for several files at once: (file, time budget per claim, ``select(name)`` or None) each.

    The claims of every file share one set of workers (``crew``'s, when the files were loaded by it;
    else workers forked here, which inherit the files), so none waits for the last claim of another
    file; a worker keeps to one file while it has claims left; ``done()`` is called as each claim is
    decided (for a progress bar), after ``decided(index of its file, result)`` (while the workers go on).
    ``expected`` False leaves derive's own derivative out of each counterexample, for a caller that reads
    verdicts only (a refuted claim's tidied derivative costs more than its refutation).
    """
    own = crew is None
    crew = crew or Crew()
    packs = [crew.pack(f) for f, _, _ in files]
    inherited = [d for d, _ in packs if d not in _SEMANTICS]
    if own:  # the workers are forked below: they inherit these instead of unpickling the files
        _SEMANTICS.update({d: Semantics(f) for (f, _, _), (d, _) in zip(files, packs) if d in inherited})
    chosen = [(i, n, c, timeout) for i, (f, timeout, select) in enumerate(files)
              for n, c in enumerate(f.claims) if select is None or select(c.name)]
    tasks = [(*packs[i], n, timeout, expected) for i, n, _, timeout in chosen]
    per_file: list[list[tuple[int, ClaimResult]]] = [[] for _ in files]  # (task, result), as decided

    def settle(task: int, outcome: Outcome) -> None:
        i, _, claim, timeout = chosen[task]
        result = _result(claim, outcome, timeout)
        per_file[i].append((task, result))
        if decided is not None:
            decided(i, result)
    try:
        crew.workers.run(tasks, [t[3] for t in tasks], fn=_claim, describe=_what_failed, settle=settle,
                         done=done and (lambda n: done()), groups=[t[0] for t in tasks])
    finally:
        if own:
            crew.workers.close()
            for d in inherited:
                _SEMANTICS.pop(d, None)
    return [file_report(f, [r for _, r in sorted(done_here)]) for (f, _, _), done_here in zip(files, per_file)]


def file_report(f: DerivationFile, claims: list[ClaimResult]) -> FileReport:
    """The report of ``f`` holding these claim results, with what the file declared."""
    return FileReport(path=f.path, title=f.title, claims=claims,
                      givens=[g.text for g in f.givens] + [c.text for c in f.conditions],
                      definitions=f.definitions(), sizes=dict(f.size_notes), unchecked=list(f.unchecked))


def check_loaded(f: DerivationFile, timeout: float = DEFAULT_TIMEOUT, select=None) -> FileReport:
    """Verdicts for every claim of an already loaded file (``select(name)`` filters claims)."""
    return check_files([(f, _seconds(timeout), select)])[0]


def check_file(path: str | Path, timeout: float = DEFAULT_TIMEOUT, *, context: int | None = None) -> FileReport:
    """Load ``path`` (a ``*.derive.toml`` file, or notes: their one or ``context``-th derive context) and check it.

    ``InputError`` if the file is bad; the load runs under the same budget.
    """
    from ..documents.load import load_one
    return check_loaded(load_one(path, _seconds(timeout), context), timeout)


def _seconds(timeout: object) -> float:
    """``timeout`` when it is a positive number of seconds (0 or less left every claim unchecked, silently)."""
    import math
    from ..errors import ArgumentError
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout < math.inf:
        raise ArgumentError(f"timeout is the seconds each claim may take, a positive number; got {timeout!r:.40}")
    return timeout
