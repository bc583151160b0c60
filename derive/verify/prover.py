"""Symbolic proof of a claim: bring ``lhs − rhs`` to exactly 0 by value-preserving rewrites.

The difference is tried at each level of expansion (as written, then defined quantities
expanded one level at a time down to the inputs), each with the kernel's zero test
``derive.algebra.is_zero`` (deltas contracted, givens put in, delta cases split, sums held
opaque and merged, the rest cancelled).  Every rewrite preserves the value for inputs
satisfying the givens, so reaching 0 is a proof; failing to is not a disproof.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy import Expr

from .. import indexcalc as ic
from ..algebra import (AS_EXP, CLOSED, LOGS, MERGED, NESTED, PEELED, PREFIXED, SIMPLIFIED, SPLIT, SPLIT_PRODUCT, SPREAD, SWAPPED,
                       TERM_APART, PLACES, REVERSED, TRIANGLE, WRITTEN, AT_DELTA, Identity, is_zero)
from ..algebra.bigops import LargestAt, MaxOver, ties_asserted, written_places
from ..algebra.conventions import close_conventions
from ..algebra.names import freshen
from ..language import almost_everywhere
from ..language.kinks import kinks_read_in_inputs, ties_on_a_region
from .boundaries import equality_cases, hold_on_equalities, jump_cases, maxima_compared
from .fileformat import Given
from .compiled import file_compiler
from .screen import Screen
from .semantics import Semantics


@dataclass
class Proof:
    """How the difference was closed."""

    method: str
    givens_used: list[str]


class _Levels:
    """The difference at each level of expansion: as written, in the inputs, and the levels between.

    The first two are cheap (the file's definitions are kept expanded) and close almost every
    claim; each is computed when first asked for (a proof as written needs no expansion), the
    levels between only when both fail.
    """

    def __init__(self, sem: Semantics, expr: Expr):
        self.sem, self.count = sem, sem.depth(expr) + 1
        self.known = {0: expr}
        self.last = self.count - 1
        # Cheap rewrites at every level first, sympy.simplify only in a second pass.  Within a pass,
        # as written and in the inputs come first: each failed level costs as much as a successful one.
        self.order = [0] + ([self.last] if self.last else []) + list(range(1, self.last))

    def __getitem__(self, level: int) -> Expr:
        if level not in self.known and level == self.last:
            self.known[level] = self.sem.expand(self.known[0])
        elif level not in self.known:
            every = self.sem.levels(self.known[0])
            self.known[level] = every[min(level, len(every) - 1)]
        return self.known[level]

    def describe(self, level: int) -> str:
        """Where the proof closed, for its method text."""
        return "as written" if level == 0 else (
            "in the inputs" if level == self.last else f"with definitions expanded {level} level(s)")


#: a step of the proof: the equality cases of a where checked on their own (``boundaries``)
EQUALITIES = "equality cases"


def prove(sem: Semantics, lhs: Expr, rhs: Expr, ranges: dict, givens: tuple[Given, ...],
          screened: bool = False, passes: tuple[bool, ...] = (False, True)) -> Proof | None:
    """A proof that ``lhs = rhs`` (diffs already resolved) for all sizes and indices, or None.

    ``screened``: skip a level a free point rules out (``derive.verify.screen``; the level in the
    inputs only before ``sympy.simplify`` is tried there).  ``passes``: the cheap pass (False), the
    one with ``sympy.simplify`` (True), or both in that order.
    """
    rng = {i: (sp.Integer(1), d) for i, d in ranges.items()}
    diff_levels = _Levels(sem, lhs - rhs)
    given_levels = [(sem.levels(g.lhs), g) for g in givens]
    screen = Screen(sem.file, ranges, compiler=file_compiler(sem.shared)) if screened else None
    ruled_out: dict = {}
    # the claim's own 𝟙[z_j = max] is asserted at a tie: its indicators are not summed to 1 (bigops.places_summed)
    written = any(written_places(sem.expand(side)) for side in (lhs, rhs))
    for thorough, level in [(t, lv) for t in passes for lv in diff_levels.order]:
        # Each given at the same level of expansion as the difference (or as far as it goes).
        given_forms = [Identity(ic.contract(forms[min(level, len(forms) - 1)], {}), g.rhs, g.text)
                       for forms, g in given_levels]
        # In the inputs a true claim is 0 at any point, so the screen rules that level out only for a
        # false claim the search missed: worth it before sympy.simplify, not before the cheap pass
        # (over examples/, tests/outside/, the catalog and benchmarks/corpora/ it ruled out none of 208).
        if screen is not None and level not in ruled_out and (thorough or level != diff_levels.last):
            # at SymPy's H(0) = 1/2, sign(0) = 0: a difference not 0 there is not 0 for every value of them
            ruled_out[level] = screen.rules_out(close_conventions(diff_levels[level]),
                                                [(close_conventions(g.pattern), close_conventions(g.value))
                                                 for g in given_forms])
        if ruled_out.get(level):
            continue
        used: list[str] = []
        steps: set = set()
        with kinks_read_in_inputs(sem.expand), ties_asserted(written):  # a kink's zero set is null or not in the inputs
            closed = is_zero(diff_levels[level], rng, given_forms, thorough=thorough, used=used, steps=steps)
        last = diff_levels[diff_levels.last]
        if closed and (equality_cases(last) or jump_cases(last) or maxima_compared(last)):
            # 1 & x = \sqrt{2} among x > \sqrt{2}, x < \sqrt{2}: the cases' proof left that point out, where the
            # writer asserted a value; the claim must hold there too (the same at every level: give up if not)
            # its deltas contracted: ∂/∂x_i of Σ_k relu(x_k)² reads x_i alone, so it is read where x_i = 0
            held = hold_on_equalities(ic.contract(freshen(last), rng),
                                      lambda e: is_zero(e, rng, given_forms, thorough=True))
            if held is False:
                return None
            if held:
                steps.add(EQUALITIES)
        if closed and _ties_on_a_region(sem, (lhs, rhs)):
            return None
        if closed:
            where = diff_levels.describe(level)
            done = ", ".join(s for s in (SPLIT, MERGED, NESTED, PEELED, TRIANGLE, SWAPPED, PREFIXED, SPLIT_PRODUCT,
                                         AS_EXP, CLOSED, TERM_APART, PLACES, WRITTEN, REVERSED, AT_DELTA, SPREAD, LOGS,
                                         SIMPLIFIED)
                             if s in steps)
            method = (f"symbolic: difference of the sides {where}, Kronecker deltas contracted, "
                      f"{done + ', ' if done else ''}simplified to 0")
            if EQUALITIES in steps:
                method += "; each case for an equality checked where it holds"
            if any(almost_everywhere(e) for e in (lhs, rhs, diff_levels[level])):
                method += almost_everywhere_note(any(e.has(LargestAt) for e in (lhs, rhs, diff_levels[level])))
            return Proof(method, list(dict.fromkeys(used)))
    return None


def _ties_on_a_region(sem: Semantics, sides: tuple) -> bool:
    """True when a maximum whose place the sides read (𝟙[A_bj = max_k A_bk], from its derivative or an arg max) may
    tie on a region of the inputs, where a proof of the claim by its indicators holds nowhere.

    Where terms tie on a region (max_k relu(x_k) wherever every x_k < 0; z_1 = z_2 given), the place, and the
    derivative, have no value at any point of it: 'almost everywhere' would leave out a set the claim asserts.
    """
    maxima = {a.args[0] for side in sides for a in side.atoms(LargestAt) if isinstance(a.args[0], MaxOver)}
    with kinks_read_in_inputs(sem.expand):
        return any(len(m.limits) != 1 or ties_on_a_region(m.function, m.limits[0][0])
                   for m in sorted(maxima, key=sp.default_sort_key))


def almost_everywhere_note(ties: bool) -> str:
    """What a proof's method adds when the claim has kinks (``ties``: a maximum's place among them)."""
    # No letter for the kink's argument: any letter may be one of the note's own names.
    return ("; holds almost everywhere (cases on the sign of each kink's argument; where one is 0 "
            + ("or where terms tie for a maximum " if ties else "") + "the claim is not asserted)")
