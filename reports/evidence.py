"""Symbolic evidence for each derivation step, checked independently of how it was produced.

A step is ``proved`` only when SymPy reduces "before − after" to exactly zero (after the
assumption the step cites, if any) for symbolic sizes; a difference it cannot reduce is
``unproved``, never guessed.  Statements of a rule (the chain rule) are ``rule``.  The
matrix form is proved by taking its (j, k) entry symbolically and comparing it with the
index form.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import sympy as sp
from sympy import Basic, Derivative, Indexed
from sympy.matrices.expressions.matexpr import MatrixElement

from derive import indexcalc as ic
from derive.derivation import ASSUMPTION, DEFINITION, RESULT, Derivation, Step
from derive.algebra import is_zero

PROVED, UNPROVED, RULE = "proved", "unproved", "rule"
ORDER = (PROVED, RULE, UNPROVED)


def _ranges(dv: Derivation, *exprs: Basic) -> dict:
    """Index ranges read off the shapes of the quantities each index addresses (the step's left side included:
    ∂J/∂L_c gives c its range even where the right side only has δ_bc)."""
    return _model_ranges(dv.model, *exprs)


def _model_ranges(model, *exprs: Basic) -> dict:
    ranges: dict = {}
    for expr in exprs:
        for ind in expr.atoms(Indexed):
            try:
                shape = model.quantity(str(ind.base)).shape
            except Exception:  # a base that is not a model quantity has no known range
                continue
            for idx, dim in zip(ind.indices, shape):
                if ic.is_index(idx):
                    ranges.setdefault(idx, (sp.Integer(1), dim))
    return ranges


def _zero(expr: Basic, ranges: dict) -> bool:
    """True when the kernel's zero test, the one ``derive check`` uses, reduces ``expr`` to exactly 0."""
    return is_zero(expr, ranges, thorough=True)


def _matrix_entry_matches(dv: Derivation, matrix: Basic) -> bool:
    """The (j, k) entry of the matrix form, taken symbolically, equals the index form."""
    idx = dv.indices
    if len(idx) not in (1, 2):
        return False
    pos = [i - 1 for i in idx] + [0] * (2 - len(idx))
    # The entry with its sums left as sums: doit() would first try (and fail) to evaluate each sum
    # in closed form, seconds per model.  Only if that entry does not match is the evaluated one tried.
    return any(_entry_matches(dv, entry) for entry in (
        lambda: matrix._entry(pos[0], pos[1], expand=False), lambda: matrix[pos[0], pos[1]].doit()))


def _entry_matches(dv: Derivation, entry_of) -> bool:
    """The matrix entry ``entry_of()`` (0-based matrix elements) minus the index form reduces to 0."""
    entry = entry_of()

    def indexed(e: MatrixElement) -> Basic:
        mat, r, c = e.args
        base = sp.IndexedBase(str(mat.name))
        if mat.shape[1] == 1:
            return base[r + 1]
        if mat.shape[0] == 1:
            return base[c + 1]
        return base[r + 1, c + 1]

    entry = entry.replace(lambda e: isinstance(e, MatrixElement), indexed)
    entry = entry.replace(lambda e: isinstance(e, sp.Sum), _one_based)
    entry = entry.replace(lambda e: isinstance(e, sp.KroneckerDelta), _constant_right)
    return _zero(entry - dv.result, _ranges(dv, entry, dv.result))


def _one_based(s: sp.Sum) -> sp.Sum:
    """Shift a matrix product's 0-based summation to the 1-based convention of index form."""
    if any(lo != 0 for _, lo, _ in s.limits):
        return s
    # A product of three factors sums over two indices at once (Σ_{a,b} δ_{a,c} K_{bj} P_{ab}).
    shifted = {d: sp.Symbol(f"{d.name}_1", integer=True) for d, _, _ in s.limits}
    return sp.Sum(s.function.xreplace({d: k - 1 for d, k in shifted.items()}),
                  *[(shifted[d], 1, hi + 1) for d, _, hi in s.limits])


def _constant_right(dl: sp.KroneckerDelta) -> Basic:
    """δ(a + k, b) as δ(a, b − k): a shifted delta (δ(c − 1, i − 1)) reads δ(c, i), as the kernel contracts it."""
    a, b = dl.args[:2]
    k, rest = a.as_coeff_Add()
    return sp.KroneckerDelta(rest, b - k) if k and rest else dl


def _name(q: Basic) -> str:
    """The quantity an entry (``s[j]``) or a scalar (``E``) belongs to."""
    return str(q.base) if isinstance(q, Indexed) else str(q)


def _indices(q: Basic) -> tuple:
    return tuple(q.indices) if isinstance(q, Indexed) else ()


def _substitute_locals(dv: Derivation, expr: Basic) -> Basic:
    """Replace each ∂q/∂r in a chain-rule line by the local derivative or adjoint the derivation found."""
    from derive.engine import _reindex, out_indices, var_indices
    model = dv.model

    def value(d: Derivative) -> Basic:
        (var, _), = d.variable_count
        top, loss = d.expr, model.loss
        if str(getattr(top, "name", "")) == loss and isinstance(var, Indexed):
            q = model.quantity(str(var.base))
            return _reindex(dv.adjoints[q.name], var_indices(q, model), var.indices)
        out, arg = model.quantity(_name(top)), model.quantity(_name(var))
        local = dv.local[(out.name, arg.name)]
        old = out_indices(out, model) + var_indices(arg, model)
        return _reindex(local, old, _indices(top) + _indices(var))

    return expr.replace(lambda e: isinstance(e, Derivative), value)


def _expand_definitions(dv: Derivation, after: Basic, before: Basic) -> Basic:
    """Write quantities that ``after`` uses but ``before`` does not in terms of their definitions."""
    model = dv.model
    names = {str(i.base) for i in after.atoms(Indexed)} - {str(i.base) for i in before.atoms(Indexed)}
    for name in names:
        if model.node(name) is None:
            continue
        after = after.replace(lambda e, n=name: isinstance(e, Indexed) and str(e.base) == n,
                              lambda e: ic.rename_dummies(model.definition(str(e.base), e.indices),
                                                          avoid=ic.free_indices(after)))
    return after


def _last_line(dv: Derivation, step: Step) -> Step | None:
    """The derivation line ``step`` restates: the last step before it that is neither definition nor result."""
    last = None
    for s in dv.steps:
        if s is step or (s.kind == RESULT and s.lhs == step.lhs and s.rule == step.rule):
            # A step not taken from dv.steps (a test's altered copy) stands where its namesake stands.
            return last
        if s.kind not in (DEFINITION, RESULT):
            last = s
    return last


def _differentiated(d: Derivative) -> Basic:
    """SymPy's diff of a definition as the engine takes it: quantities real (d|u|/du = sign u), sums kept.

    ``Derivative.doit()`` would also try each sum in closed form (Gosper's algorithm: minutes on a
    Huber loss of Min and Abs) and differentiate |u| as complex (re u, im u), which never reduces.
    """
    from derive.engine import _real_diff
    out = sp.diff(d.expr, *d.variables)
    if out.has(Derivative) and len(d.variables) == 1:
        out = _real_diff(d.expr, d.variables[0])
    return out


def step_verdict(dv: Derivation, step: Step, before: Basic | None) -> tuple[str, str]:
    """(verdict, one-line reason) for ``step`` given the expression it rewrites."""
    try:
        if step.kind == RESULT:
            if step.rule == "matrix form":
                if _matrix_entry_matches(dv, step.rhs):
                    return PROVED, "its (j, k) entry, expanded symbolically, equals the index form"
                return UNPROVED, "its entries could not be matched with the index form symbolically"
            last = _last_line(dv, step)
            if last is None:
                return UNPROVED, "there is no line of the chain before it to compare with"
            if _zero(last.rhs - step.rhs, _ranges(dv, last.rhs, step.rhs, step.lhs)):
                return PROVED, "the last line of the chain minus this line reduces to 0"
            return UNPROVED, "SymPy could not reduce the last line of the chain minus this line to 0"
        if before is None:
            if step.rule == "chain rule":
                return RULE, "the multivariable chain rule, summed over the intermediate entries"
            return UNPROVED, "nothing to compare with"
        after = step.rhs
        if isinstance(before, Basic) and before.has(Derivative) and not isinstance(before, Derivative):
            before = _substitute_locals(dv, before)
            if _zero(before - after, _ranges(dv, before, after, step.lhs)):
                return PROVED, "substituting the local derivatives above gives exactly this line"
            return UNPROVED, "substituting the local derivatives does not visibly give this line"
        if step.rule.startswith("back-substitution"):
            after = _expand_definitions(dv, after, before)
            why = "writing the quantity out by its definition gives the line before"
            if _zero(before - after, _ranges(dv, before, after, step.lhs)):
                return PROVED, why
            return UNPROVED, "SymPy could not reduce the line before minus this line to 0"
        if step.kind == ASSUMPTION:
            for asm in step.assumptions:
                before = ic.replace_sum(before, asm.pattern, asm.value)
        if isinstance(before, Derivative):
            before = _differentiated(before)
            why = "SymPy's diff of the definition minus this line reduces to 0"
        elif step.kind == ASSUMPTION:
            why = "substituting the assumption into the line before gives exactly this line"
        else:
            why = "the line before minus this line reduces to 0"
        if _zero(before - after, _ranges(dv, before, after, step.lhs)):
            return PROVED, why
        return UNPROVED, "SymPy could not reduce the line before minus this line to 0"
    except Exception as exc:  # SymPy raises many types; a failed check is honestly "unproved"
        return UNPROVED, f"the check failed: {type(exc).__name__}"


def tally(verdicts: Iterable[str]) -> tuple[tuple[str, int], ...]:
    """How many steps got each verdict, in a fixed order."""
    counts = Counter(verdicts)
    return tuple((v, counts[v]) for v in ORDER if counts[v])


def identity_verdict(model, before: Basic, after: Basic) -> tuple[str, str]:
    """(verdict, reason) for ``before = after``, an identity outside the derivation (the shift proof)."""
    try:
        ranges = _model_ranges(model, before, after)
        if _zero(before - after, ranges):
            return PROVED, "the line before minus this line reduces to 0"
        # e^{a − c} = e^{a} e^{−c} is the step's whole point: let SymPy split the powers too.
        if _zero(sp.expand(before - after, power_exp=True, mul=False, log=False, multinomial=False), ranges):
            return PROVED, "with e^{a − c} written as e^{a} e^{−c}, the line before minus this line reduces to 0"
        return UNPROVED, "SymPy could not reduce the line before minus this line to 0"
    except Exception as exc:  # SymPy raises many types; a failed check is honestly "unproved"
        return UNPROVED, f"the check failed: {type(exc).__name__}"
