"""The one transformer from a grammar tree to SymPy, driven by the table of constructs.

``ToSymPy`` reads a Lark tree (``derive.language.grammar``) top-down, because what a name
means depends on where it stands: a quantity, a size, a label, an index bound by ``Sum``,
a constant of the table, or (in a condition) a free index.  Functions are looked up in the
table and built by their entry; ``Sum``, ``delta`` and ``diff`` are the special forms.
Numbers become exact rationals; numbers, exponents and the size of powers are bounded.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp
from lark import Tree
from sympy import Basic, Expr, Symbol

from ..algebra.bigops import ForEach, MaxOver, product_without
from ..algebra.names import freshen
from ..indexcalc import index
from . import arrays
from .arrays import Array, Fresh, entrywise, lower, shape_text
from .kinks import holds_everywhere, sign_cases
from .grammar import MAX_DEPTH, MAX_EXPR_CHARS, equals_signs, parse_tree, scan
from .scope import ParseError, Scope, UndefinedQuantity, check_name, written_size
from .table import by_name, constructs, for_class

MAX_EXPONENT = 16
MAX_EXPONENT_DENOMINATOR = 4
MAX_NUMBER = 10**9
MAX_NUMBER_CHARS = 40
MAX_NUMBER_BITS = 4096
MAX_DIFF_ORDER = 2
#: SymPy compares every pair of arguments when it builds nested max/min/where: 12 nested clips take
#: seconds, so piecewise constructs may be nested only this deep (clip counts twice).
MAX_PIECEWISE_NESTING = 4

_CONDITIONS = ("compare", "and_", "or_", "not_")


_ARITHMETIC = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": arrays.quotient}


def known_constants() -> str:
    """``E, pi``: the constants of the table, for messages."""
    return ", ".join(sorted(c.name for c in constructs("constant")))


def _functions() -> str:
    return ", ".join(sorted(n for c in constructs() if c.kind in ("function", "form", "array") for n in c.names))


def _name(tree) -> str:
    return str(tree.children[0])


def _args(tree: Tree | None) -> list:
    return [] if tree is None else list(tree.children)


#: The conditions ``written_domain`` is collecting, while one is open.
_WRITTEN: ContextVar[list | None] = ContextVar("written_domain", default=None)


@dataclass(frozen=True)
class PerIndex:
    """A condition noted inside a sum, on its ``indices``: it must hold at each of their values.

    ``hold_for_each`` makes it one condition when the sum closes; one still open when the reading
    ends (matrix notation, a sum built entry by entry) is dropped, as saying nothing is safe.
    """

    cond: Basic
    indices: frozenset


@contextmanager
def written_domain() -> Iterator[list]:
    """Collect, while open, where what is built has a real value as written (log u: u > 0; √u: u ≥ 0).

    SymPy simplifies as it builds (exp(log u) and (√u)² are u), so a side can have values where
    the written one has none; the search must not refute a claim there.  Under a sum the condition
    holds for every term (Σ_k (√v_k)²: each v_k ≥ 0); under matrix notation it is not kept.
    """
    found: list = []
    token = _WRITTEN.set(found)
    try:
        yield found
    finally:
        _WRITTEN.reset(token)
        found[:] = [c for c in found if not isinstance(c, PerIndex)]


@contextmanager
def guarded_by(guard) -> Iterator[None]:
    """Conditions noted while open hold only where ``guard`` does (a branch of a where): each is noted as
    ``not guard or condition`` (u ≥ 0 of where(u > 0, √u, 1) says nothing where u ≤ 0)."""
    found = _WRITTEN.get()
    start = len(found) if found is not None else 0
    try:
        yield
    finally:
        if found is not None:
            found[start:] = [PerIndex(_or_not(guard, c.cond), c.indices) if isinstance(c, PerIndex)
                             else _or_not(guard, c) for c in found[start:]]


def _or_not(guard, cond):
    return sp.Or(sp.Not(guard, evaluate=False), cond, evaluate=False)


#: The denominators ``written_denominators`` is collecting, while one is open.
_DENOMINATORS: ContextVar[list | None] = ContextVar("written_denominators", default=None)


@contextmanager
def written_denominators() -> Iterator[list]:
    """Collect, while open, every denominator as written (a / b, u ** -1): SymPy folds x**2/x to x, which has a value
    and a slope at 0 where the written quotient has none.  For a value at a point (h'(0), an evaluation bar)."""
    found: list = []
    token = _DENOMINATORS.set(found)
    try:
        yield found
    finally:
        _DENOMINATORS.reset(token)


def note_denominator(value) -> None:
    """Note, for ``written_denominators``, a denominator just divided by."""
    found = _DENOMINATORS.get()
    if found is not None and isinstance(value, Expr):
        found.append(value)


class CasesWritten(sp.Or):
    """Where a claim's cases write a value, when they leave out a null set (1 & x > 0 \\\\ 0 & x < 0: x > 0 or x < 0),
    noted with ``written_domain`` (the side has no value written elsewhere) and told apart from where a construct
    has a value: nothing is asserted off it, a convention's point included."""


def note_real_where(defined, args: list, bound) -> None:
    """Note, for ``written_domain``, where a construct just built of ``args`` has a real value (``defined``)."""
    found = _WRITTEN.get()
    if found is None or defined is None or not all(isinstance(a, Expr) for a in args):
        return  # an array's entries get their indices later: its conditions are not kept
    inner = frozenset({str(s) for a in args for s in a.free_symbols} & set(bound))
    # log(1 − σ(x)), binary cross-entropy's second term, is real everywhere (a value at a point of it was refused)
    conditions = [c for c in defined(*args) if c is not sp.true and not holds_everywhere(c)]
    found += [PerIndex(c, inner) for c in conditions] if inner else conditions


def noted() -> int:
    """How many conditions ``written_domain`` holds so far (where a sum's body starts)."""
    found = _WRITTEN.get()
    return len(found) if found is not None else 0


def hold_for_each(start: int | None, limits: list, outer=(), guard=None) -> None:
    """Conditions noted since ``start`` inside a sum over ``limits`` ((k, lo, hi) each, innermost first) hold
    for every term: each becomes a ``ForEach`` over the indices it reads, its limits' included (Σ_i Σ_{j≤i}).

    ``outer``: the names of the summation indices around this sum (a condition still reading one is closed
    there); ``guard``: what holds on the terms summed (k ≠ j of Σ_{k≠j}: the term left out need not be real).
    """
    found = _WRITTEN.get()
    if found is None or start is None:
        return
    names = {str(lim[0]) for lim in limits}
    for n in range(start, len(found)):
        c = found[n]
        if not isinstance(c, PerIndex) or not c.indices & names:
            continue
        cond = c.cond if guard is None else _or_not(guard, c.cond)
        for lim in limits:
            if str(lim[0]) in {str(s) for s in cond.free_symbols}:
                cond = ForEach(cond, lim)
        left = frozenset({str(s) for s in cond.free_symbols} & set(outer))
        found[n] = PerIndex(cond, left) if left else cond


def root_defined(ex) -> Callable | None:
    """Where ``u ** ex`` is real, for a number ``ex`` that is not an integer: u ≥ 0 (u > 0 below 0)."""
    if not (isinstance(ex, Expr) and ex.is_Rational and not ex.is_Integer):
        return None
    return lambda u: (u > 0 if ex < 0 else u >= 0,)


class ToSymPy:
    """Builds the SymPy expression of one parsed tree in ``scope``."""

    def __init__(self, scope: Scope, fresh: Fresh | None = None):
        self.scope = scope
        self.bound: list[str] = []
        #: the indices of the definition being read ("q[t]"): values where they stand bare, never summed
        self.own: frozenset[str] = frozenset()
        self.in_condition = 0
        #: summation indices of matrix notation (names the text and the file never use)
        self.fresh = fresh or Fresh(scope.declared_names())

    # -- values ---------------------------------------------------------------------------
    def value(self, t) -> Expr:
        kind = t.data
        if kind == "number":
            return self.number(str(t.children[0]))
        if kind == "name":
            return self.name_value(_name(t))
        if kind == "entry":
            return self.entry(t)
        if kind == "unary":
            op, operand = t.children
            v = self.value(operand)
            return entrywise(lambda a: -a, [v], "-") if op == "-" else v
        if kind == "transpose":
            return arrays.transpose(self.value(t.children[0]))
        if kind == "binary":
            return self.binary(t)
        if kind == "power":
            return self.power(t)
        if kind == "call":
            return self.call(t)
        if kind == "tuple":
            raise ParseError("a tuple is only allowed as the limits of Sum(body, (i, lo, hi))")
        if kind == "compare":
            raise ParseError("a comparison is only allowed as a condition: where(cond, a, b), a Sum's "
                             "exclusion (j != c) or a claim's when (use one '=' between the sides)")
        if kind in _CONDITIONS:
            raise ParseError("and/or/not are only allowed in conditions, like where(x > 0 and y > 0, a, b)")
        raise ParseError(f"{kind} is not allowed")

    def number(self, literal: str) -> Expr:
        if len(literal) > MAX_NUMBER_CHARS:
            raise ParseError(f"number {literal[:20]}… is too long")
        plain = literal.replace("_", "")
        digits, _, exponent = plain.lower().partition("e")
        try:
            # Fraction("1e999999999") computes 10**999999999 (minutes of CPU): with a mantissa of at most
            # MAX_NUMBER_CHARS characters, an exponent beyond this is out of range anyway, or the number is 0.
            if exponent and abs(int(exponent)) > MAX_NUMBER_CHARS + 10:
                plain = "0" if Fraction(digits) == 0 else "1e99" if int(exponent) > 0 else "1e-99"
            frac = Fraction(plain)
        except (ValueError, ZeroDivisionError):
            raise ParseError(f"bad number {literal!r}") from None
        if abs(frac) > MAX_NUMBER or (frac and abs(frac) < Fraction(1, MAX_NUMBER)):
            raise ParseError(f"number {literal} is out of range (magnitude must be within 1e-9 .. 1e9)")
        return sp.Rational(frac.numerator, frac.denominator)

    def name_value(self, name: str) -> Expr:
        scope = self.scope
        if name in scope.quantities:
            if scope.quantities[name]:
                if name not in scope.shapes:
                    raise ParseError(f"{name} has {scope.quantities[name]} ax(es); index it like {name}[i]")
                return arrays.quantity_array(name, scope.shapes[name], scope.base(name))
            return scope.base(name)
        if name in scope.sizes:
            return scope.sizes[name]
        if name in scope.labels:
            if scope.labels[name]:
                raise ParseError(f"label {name} has one value per {', '.join(scope.labels[name])}; index it")
            return scope.label(name)
        if name in self.bound or name in self.own:
            return index(name)
        c = by_name(name)
        if c is not None and c.kind == "constant":
            return c.build()
        if c is not None and c.kind in ("function", "form", "array"):
            raise ParseError(f"{name} is a function; call it")
        check_name(name)
        if self.in_condition:
            return index(name)
        raise UndefinedQuantity(name, f"undefined quantity {name!r} (indices may only appear inside [...], delta() "
                                      f"or Sum; known constants: {known_constants()})")

    def entry(self, t: Tree) -> Expr:
        name, parts = _name(t), _args(t.children[1])
        if name in self.scope.labels and self.scope.labels[name]:
            return self._label_entry(name, parts)
        if name not in self.scope.quantities:
            check_name(name)
            raise UndefinedQuantity(name, f"undefined quantity {name!r}")
        axes = self.scope.quantities[name]
        if not axes:
            raise ParseError(f"{name} is a scalar and cannot be indexed")
        if len(parts) != axes:
            raise ParseError(f"{name} has {axes} ax(es) but is indexed with {len(parts)} index(es)")
        return self.scope.base(name)[tuple(self.index_value(p) for p in parts)]

    def _label_entry(self, name: str, parts: list) -> Expr:
        axes = len(self.scope.labels[name])
        if len(parts) != axes:
            raise ParseError(f"label {name} has {axes} ax(es) but is indexed with {len(parts)} index(es)")
        return self.scope.label(name)[tuple(self.index_value(p) for p in parts)]

    def index_value(self, t) -> Expr:
        """An index: a name (free or summation index), a label (``c``, ``c[b]``) or a positive integer."""
        if t.data == "name":
            name = _name(t)
            if name in self.scope.labels and not self.scope.labels[name]:
                return self.scope.label(name)
            name = check_name(name, "index")
            if name in self.scope.sizes:  # x[n]: the last entry (a recurrence's final step h[T])
                return self.scope.sizes[name]
            if name in self.scope.quantities:
                raise ParseError(f"{name!r} is a quantity, not an index")
            return index(name)
        if t.data == "entry" and _name(t) in self.scope.labels:
            return self.entry(t)
        if t.data == "number" and str(t.children[0]).isdigit():
            v = int(str(t.children[0]))
            if not 1 <= v <= MAX_NUMBER:
                raise ParseError(f"index {v} is out of range (indices start at 1)")
            return sp.Integer(v)
        if t.data in ("binary", "unary"):
            return self._offset_index(t)
        if t.data == "number" and not str(t.children[0]).isdigit():
            raise ParseError(f"index {t.children[0]} is not written as a whole number (1, 2, 3, …)")
        if t.data == "number":
            raise ParseError(f"index {t.children[0]} is out of range (indices start at 1)")
        raise ParseError("an index must be a name or a positive integer")

    def _offset_index(self, t) -> Expr:
        """``i + a - 1``, ``n - k + 1``, ``2*i``: indices, sizes and integers combined with + - and a whole factor
        (a convolution's window, a flipped filter, a stride); whether it stays in range is checked with the ranges."""
        def leaf(t) -> Expr | None:
            if t.data == "name":
                return self.scope.sizes[_name(t)] if _name(t) in self.scope.sizes else self.index_value(t)
            return None
        value = _affine(t, leaf, "an index may be multiplied only by a whole number (a stride: 2*i)",
                        "an index must be a name, a positive integer, or indices, sizes and whole numbers "
                        "combined with + and - (x[i + k - 1])")
        if value.is_Integer and not 1 <= value <= MAX_NUMBER:
            raise ParseError(f"index {value} is out of range (indices start at 1)")
        return value

    def binary(self, t: Tree) -> Expr:
        left, op, right = t.children
        a, b = self.value(left), self.value(right)
        if op == "@":
            return arrays.matmul(a, b, self.fresh)
        if str(op) == "/":
            note_denominator(b)
        return entrywise(_ARITHMETIC[str(op)], [a, b], str(op))

    def power(self, t: Tree) -> Expr:
        base, ex = self.value(t.children[0]), self.value(t.children[1])
        value = entrywise(self._power, [base, ex], "**")
        note_real_where(root_defined(ex), [base], self.bound)
        if isinstance(ex, Expr) and ex.is_negative:
            note_denominator(base)
        return value

    def _power(self, base: Expr, ex: Expr) -> Expr:
        if not ex.is_Rational:
            return self._symbolic_power(base, ex)
        if not (abs(ex) <= MAX_EXPONENT and ex.q <= MAX_EXPONENT_DENOMINATOR):
            raise ParseError(f"exponent {ex} is not allowed (a number with |e| <= {MAX_EXPONENT}, "
                             f"denominator <= {MAX_EXPONENT_DENOMINATOR})")
        # Each exponent is small, but nested powers ((2**16)**16)**16 … grow the number
        # exponentially: estimate the result's size before SymPy computes it.
        if _number_bits(base) * abs(ex) > MAX_NUMBER_BITS:
            raise ParseError(f"a number in this power would exceed {MAX_NUMBER_BITS} bits")
        return base ** ex

    def _symbolic_power(self, base: Expr, ex: Expr) -> Expr:
        return symbolic_power(base, ex, self.scope)

    # -- calls ----------------------------------------------------------------------------
    def call(self, t: Tree) -> Expr:
        fname = _name(t)
        args = _args(t.children[1] if len(t.children) > 1 else None)
        if self.scope.declares(fname):
            raise ParseError(f"{fname} is declared in this file (it shadows the built-in {fname}), not a function")
        c = by_name(fname)
        if c is None or c.kind not in ("function", "form", "array"):
            if c is not None and c.kind == "constant":
                raise ParseError(f"{fname} is a constant, not a function")
            raise ParseError(f"unknown function {fname!r} (allowed: {_functions()})")
        if fname in _BOUND_FORMS:
            return self.sum(args, fname)
        if fname == "diff":
            return self.diff(args)
        if fname == "delta":
            self._arity(fname, args, 2)
            return sp.KroneckerDelta(self.index_value(args[0]), self.index_value(args[1]))
        if c.kind == "array":
            return self.array_call(c, fname, args)
        self._arity(fname, args, c.arity)
        built: list = []
        for n, a in enumerate(args):
            if n in c.conditions:
                built.append(self.condition(a))
                continue
            # where(cond, a, b): a is read only where cond holds, b only where it does not (an array's
            # condition, entry by entry, guards nothing: its conditions are not kept)
            guard = None
            if fname == "where" and isinstance(built[0], sp.Basic):
                guard = built[0] if n == 1 else sp.Not(built[0], evaluate=False)
            with guarded_by(guard) if guard is not None else nullcontext():
                built.append(self.value(a))
        try:
            value = entrywise(c.build, built, f"{fname}()")
        except ParseError:
            raise
        except (TypeError, ValueError, ArithmeticError) as exc:
            # e.g. max(sqrt(-1), x): SymPy cannot order a complex argument
            raise ParseError(f"{fname}() cannot take these arguments: {exc}") from None
        note_real_where(c.defined, built, self.bound)
        return value

    def array_call(self, c, fname: str, args: list):
        """A construct of matrix notation: its size, axis and array arguments, then its builder."""
        counts = c.extra.get("arities", (c.arity,))
        if len(args) not in counts:
            raise ParseError(f"{fname}() takes {' or '.join(map(str, counts))} argument(s), got {len(args)}")
        kinds = c.extra.get("args", "a" * len(args))
        built = []
        for kind, a in zip(kinds, args):
            if kind == "size":
                built.append(self.size_argument(fname, a))
            elif kind == "axis":
                built.append(self.axis_argument(fname, a))
            else:
                built.append(self.value(a))
        return c.build(*built, fresh=self.fresh) if c.extra.get("fresh") else c.build(*built)

    def size_argument(self, fname: str, t) -> Expr:
        """A size argument (``eye(n)``, ``ones(n, m)``): a declared size or a positive integer."""
        v = self.bound_value(t)
        if v.is_number and v < 1:
            raise ParseError(f"{fname}(): a size must be at least 1, got {v}")
        return written_size(v, f"{fname}(): ")

    @staticmethod
    def axis_argument(fname: str, t) -> int:
        """``sum(A, 0)``'s axis: 0, 1 or -1, as in NumPy."""
        text = (str(t.children[0]) if t.data == "number" else
                "-" + str(t.children[1].children[0]) if t.data == "unary" and t.children[0] == "-"
                and t.children[1].data == "number" else "")
        if text not in ("0", "1", "-1"):
            raise ParseError(f"{fname}(A, axis): the axis must be 0, 1 or -1")
        return int(text)

    @staticmethod
    def _arity(fname: str, args: list, n: int | None) -> None:
        if n is not None and len(args) != n:
            raise ParseError(f"{fname}() takes {n} argument(s), got {len(args)}")

    def condition(self, t) -> sp.Basic:
        """A condition: comparisons combined with and/or/not (bare names may be indices)."""
        self.in_condition += 1
        try:
            if t.data == "compare":
                left, op, right = t.children
                a, b = self.value(left), self.value(right)
                try:
                    return entrywise(by_name(str(op)).build, [a, b], str(op))
                except TypeError as exc:  # a complex side: "Invalid comparison of non-real …"
                    raise ParseError(f"cannot compare: {exc}") from None
            if t.data in ("and_", "or_"):
                parts = [self.condition(c) for c in t.children]
                return entrywise(by_name(t.data[:-1]).build, parts, t.data[:-1])
            if t.data == "not_":
                return entrywise(sp.Not, [self.condition(t.children[0])], "not")
        finally:
            self.in_condition -= 1
        raise ParseError("a condition must be a comparison like x > 0 or j != c (combined with and/or/not)")

    def sum(self, args: list, form: str = "Sum") -> Expr:
        """``Sum(body, limits…[, j != c])``, ``Product(…)`` or ``Max(…)``: a body and its limits, innermost last."""
        usage = f"{form} needs a body and at least one limit: {form}(body, (i, lo, hi))"
        if len(args) < 2:
            raise ParseError(usage)
        exclude = args.pop() if args[-1].data in _CONDITIONS else None
        if len(args) < 2:
            raise ParseError(usage)
        limits = [self._limit(lim, form) for lim in args[1:]]
        names = [str(lim[0]) for lim in limits]
        self.bound.extend(names)
        start = noted()
        try:
            body = self.value(args[0])
            if isinstance(body, Array):
                raise ParseError(f"{form}'s body is a whole array of shape {shape_text(body)}: index it"
                                 + (", or add every entry with sum(A)" if form == "Sum" else ""))
            if exclude is not None and form == "Max":
                raise ParseError("Max takes no condition: Max(f, (k, lo, hi))")
            if exclude is not None and form == "Product":
                built = self._product_without(body, limits, exclude)
            elif exclude is not None:
                body = body * self._exclusion(exclude, {lim[0] for lim in limits})
        finally:
            del self.bound[len(self.bound) - len(names):]
        # where the terms as written are real, for each term summed (the one left out need not be)
        hold_for_each(start, limits, self.bound,
                      self.condition(exclude) if exclude is not None and form != "Max" else None)
        if exclude is not None and form == "Product":
            return built
        # Limits are listed innermost first, as in SymPy.
        return _BOUND_FORMS[form](body, *limits)

    def _product_without(self, body: Expr, limits: list, exclude) -> Expr:
        """``Product(f, (k, lo, hi), k != j)``: ``bigops.product_without``."""
        cond = self.condition(exclude)
        k, lo, hi = limits[0]
        if not (len(limits) == 1 and isinstance(cond, sp.Unequality) and k in (cond.lhs, cond.rhs)
                and cond.lhs.is_integer and cond.rhs.is_integer):
            raise ParseError("a Product's condition must leave out one factor of a single limit, "
                             "like Product(f, (k, 1, n), k != j)")
        j = cond.rhs if cond.lhs == k else cond.lhs
        return product_without(body, k, lo, hi, j)

    def _limit(self, lim, form: str = "Sum") -> tuple:
        parts = [lim.children[0], *lim.children[1].children] if lim.data == "tuple" else []
        if len(parts) != 3 or parts[0].data != "name":
            hint = " (the larger of two values is max(a, b), lowercase; relu(z) for max(z, 0))" if form == "Max" else ""
            raise ParseError(f"{form} limits must look like (i, lo, hi){hint}")
        name = check_name(_name(parts[0]), "summation index")
        if self.scope.declares(name):
            raise ParseError(f"summation index {name!r} clashes with a quantity or size")
        return index(name), self.bound_value(parts[1]), self.bound_value(parts[2])

    def _exclusion(self, t, dummies: set) -> Expr:
        """``j != c`` (and'ed): the factor 1 − δ_jc that drops the excluded terms."""
        cond = self.condition(t)
        parts = cond.args if isinstance(cond, sp.And) else (cond,)
        factor = sp.Integer(1)
        for p in parts:
            if not (isinstance(p, sp.Unequality) and (p.lhs in dummies or p.rhs in dummies)
                    and p.lhs.is_integer and p.rhs.is_integer):
                raise ParseError("a Sum's condition must exclude terms, like Sum(f, (j, 1, n), j != c)")
            factor *= 1 - sp.KroneckerDelta(p.lhs, p.rhs)
        return factor

    def bound_value(self, t) -> Expr:
        """A summation limit: integers, sizes and other indices (``(j, i + 1, n)``) combined with + - *."""
        if t.data == "number" and str(t.children[0]).isdigit():
            v = int(str(t.children[0]))
            if v > MAX_NUMBER:
                raise ParseError(f"summation limit {v} is out of range")
            return sp.Integer(v)
        if t.data == "unary" and t.children[0] == "-" and t.children[1].data == "number":
            return -self.bound_value(t.children[1])
        if t.data == "name":
            if _name(t) in self.scope.sizes:
                return self.scope.sizes[_name(t)]
            if self.scope.declares(_name(t)):
                raise ParseError(f"summation limit {_name(t)!r} is not a size or an index")
            # Another index (an outer sum's, or a free one): its range and linearity are checked with the
            # other ranges (derive.verify.ranges), where every index is known.
            return index(check_name(_name(t), "index in a summation limit"))
        if t.data == "binary" and t.children[1] in ("+", "-", "*"):
            a, b = self.bound_value(t.children[0]), self.bound_value(t.children[2])
            return {"+": a + b, "-": a - b, "*": a * b}[str(t.children[1])]
        raise ParseError("a summation limit must be an integer, a size, another index, or + - * of those")

    def diff(self, args: list) -> Expr:
        if len(args) < 2:
            raise ParseError(f"diff() takes 2 argument(s) or more, got {len(args)}")
        expr = self.value(args[0])
        # SymPy's count after a variable, diff(q, z, 2), is that variable again: diff(q, z, z)
        variables = []
        for var in args[1:]:
            if var.data != "number" or not variables:
                variables.append(var)
                continue
            count = str(var.children[0])
            if not count.isdigit() or int(count) < 1:
                raise ParseError(f"diff(A, B, n): n must be a whole number 1 or more, got {count}")
            variables += [variables[-1]] * min(int(count) - 1, MAX_DIFF_ORDER)
        order = _diff_order(lower(expr, Fresh(()))[0]) + len(variables)
        if order > MAX_DIFF_ORDER:
            raise ParseError(f"diff() is nested more than {MAX_DIFF_ORDER} deep (second derivatives at most)")
        for var in variables:
            b = self.value(var) if var.data in ("name", "entry") else None
            whole = isinstance(b, Array) and b.quantity
            if not (whole or isinstance(b, sp.Indexed) or (isinstance(b, Symbol) and str(b) in self.scope.quantities)):
                raise ParseError("diff(A, B): B must be a quantity or an entry of one, like W[j, k]")
            if whole or isinstance(expr, Array):
                expr = arrays.derivative(expr, b, "diff()")
            else:
                expr = sp.Derivative(expr, b, evaluate=False)
        return expr


def _diff_order(expr: Expr) -> int:
    """The highest number of nested derivatives in ``expr``."""
    best = 0
    for d in expr.atoms(sp.Derivative):
        best = max(best, len(d.variables) + _diff_order(d.expr))
    return best


def _number_bits(expr: Expr) -> int:
    """Bits of the largest numerator or denominator among the numbers in ``expr``."""
    return max((max(abs(r.p).bit_length(), r.q.bit_length()) for r in expr.atoms(sp.Rational)), default=1)


def _piecewise_weight(name: str) -> int:
    """How many kinked nodes (max, min, where, …) the construct called ``name`` builds (0 if none)."""
    if name not in _WEIGHTS:
        c = by_name(name)
        weight = 0
        if c is not None and c.build is not None and c.kind == "function" and c.arity:
            args = [sp.Symbol(f"_a{n}", real=True) for n in range(c.arity)]
            if c.conditions:
                args[c.conditions[0]] = args[0] > 0
            try:
                built = c.build(*args)
            except (TypeError, ValueError):
                built = sp.Integer(0)
            weight = sum(1 for e in sp.preorder_traversal(built) if _has_kinks(e))
        _WEIGHTS[name] = weight
    return _WEIGHTS[name]


_WEIGHTS: dict[str, int] = {}


def _has_kinks(e) -> bool:
    c = for_class(type(e))
    return c is not None and c.kinks is not None


def _check_piecewise_nesting(tree: Tree) -> None:
    """Reject piecewise constructs nested deeper than ``MAX_PIECEWISE_NESTING`` (iteratively)."""
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, Tree):
            continue
        if node.data == "call":
            depth += _piecewise_weight(_name(node))
            if depth > MAX_PIECEWISE_NESTING:
                raise ParseError(f"max/min/clip/where/abs/sign/step are nested more than "
                                 f"{MAX_PIECEWISE_NESTING} deep (clip counts twice)")
        stack.extend((c, depth) for c in node.children)


def _checked(expr: Expr) -> Expr:
    if expr.has(sp.I, sp.zoo, sp.oo, sp.nan):
        raise ParseError("the expression has a complex or infinite constant (e.g. (-1)**0.5 or 0**-1)")
    return expr


def _fresh_for(text: str, scope: Scope) -> Fresh:
    """Index names for matrix notation that neither ``text`` nor the file uses."""
    return Fresh({v for k, v in scan(text) if k == "name"} | scope.declared_names())


def _build(text: str, scope: Scope, start: str, fresh: Fresh | None = None, indices: tuple[str, ...] = ()):
    tree = parse_tree(text, start)
    builder = ToSymPy(scope, fresh or _fresh_for(text, scope))
    builder.own = frozenset(indices)  # a definition's own indices are values too: "q[t]" = "gamma**(t - 1)*r[t]"
    _check_piecewise_nesting(tree)
    return _guarded(lambda: builder.condition(tree.children[0]) if start == "condition" else builder.value(tree))


def _guarded(work, *checked):
    """``work()`` with SymPy's and Python's failures turned into one-line ``ParseError``s.

    Its value (or, for a tuple, the items at positions ``checked``) must be real and finite.
    """
    try:
        value = work()
        for v in ([value[n] for n in checked] if checked else [value]):
            _checked(lower(v, Fresh(()))[0] if isinstance(v, Array) else v)
        return value
    except RecursionError:
        raise ParseError(f"expression is nested more than {MAX_DEPTH} levels deep") from None
    except MemoryError:
        raise ParseError("expression is too large to build") from None
    except ParseError:
        raise
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise ParseError(f"cannot build this expression: {exc}") from None


def _scalar(value, what: str) -> Expr:
    if isinstance(value, Array):
        hint = f" (index it like {value.quantity}[{', '.join('ijk'[:len(value.shape)])}])" if value.quantity else ""
        raise ParseError(f"{what} is a whole array of shape {shape_text(value)} where one value is expected{hint}")
    return value


#: The file format's forms that bind an index, by name.
_BOUND_FORMS = {"Sum": sp.Sum, "Product": sp.Product, "Max": MaxOver}


def symbolic_power(base: Expr, ex: Expr, scope: Scope, whole: bool = True) -> Expr:
    """``base ** ex`` for an exponent that is not a number: a base known positive, where the power is real and its
    logarithm is ``ex · log(base)`` (a likelihood's μ^{x_n}, h_i^{y_i} (1 − h_i)^{1 − y_i} with h = σ(…)); with
    ``whole``, any base under an exponent of sizes and indices alone, a whole number (a leaky unit's a^{T − t})."""
    named = isinstance(base, (Symbol, sp.Indexed)) and str(getattr(base, "base", base)) in scope.positive
    if base.is_positive or named or known_positive(base, scope) or whole and ex.is_integer:
        return sp.Pow(base, ex)
    raise ParseError(f"exponent {ex} is not allowed here: a symbolic exponent needs a base that is positive, "
                     f"{'or an exponent of sizes and indices, ' if whole else ''}a quantity given positive (given = [\"p > 0\"]) or defined positive (σ(u), e^u), or a form "
                     f"known positive such as exp(u) or 1 + exp(u); otherwise the exponent must be a number with "
                     f"|e| <= {MAX_EXPONENT}, denominator <= {MAX_EXPONENT_DENOMINATOR}")


def _same_form(base: Expr, form: Expr) -> bool:
    """True when ``base`` is ``form`` (a given's a − b) at some values of the given's free indices: 1 − φ_j for
    the given φ_k < 1, which holds for every k."""
    free = sorted((s for s in form.free_symbols if isinstance(s, Symbol) and s.is_integer and s.is_positive is None),
                  key=str)
    places = sorted({i for x in base.atoms(sp.Indexed) for i in x.indices}, key=str)
    if len(free) > 2:
        return False
    return any(sp.expand(base - form.xreplace(dict(zip(free, at)))) == 0
               for at in itertools.product(places, repeat=len(free)))


#: Operations beyond which a base's sign is not looked into (``together`` grows with them).
MAX_POSITIVE_OPS = 80


def _bounds(atom: Expr, exceeding: list) -> tuple:
    """The strict numeric bounds (lo, hi) the givens set on ``atom`` (p > 0, phi[k] < 1 for every k), else None."""
    lo = hi = None
    for e in exceeding:
        # The given's entries of the same array, its free indices put at the atom's (phi[k] < 1 at phi[j])
        at = [{i: t for i, t in zip(x.indices, atom.indices) if isinstance(i, Symbol) and i.is_positive is None}
              for x in e.atoms(sp.Indexed) if isinstance(atom, sp.Indexed) and x.base == atom.base]
        for table in at or [{}]:
            form = e.xreplace(table)
            below, above = sp.expand(form - atom), sp.expand(form + atom)  # atom − lo or hi − atom
            if below.is_Rational and form.has(atom):
                lo = -below if lo is None else max(lo, -below)
            elif above.is_Rational and form.has(atom):
                hi = above if hi is None else min(hi, above)
    return lo, hi


#: How many levels of definitions ``known_positive`` writes out (each level's inputs are then known or not).
_POSITIVE_DEPTH = 4


def _definition_at(a: Expr, scope: Scope) -> Expr:
    """Defined quantity ``a`` (a name, or an entry at its indices) as its definition there."""
    idx, expr = scope.defined[str(getattr(a, "base", a))]
    # Its sums' indices fresh, so the entry's own indices cannot be captured by them.
    return freshen(expr).xreplace(dict(zip(idx, getattr(a, "indices", ())))) if idx else expr


def written_out(e: Expr, scope: Scope) -> Expr | None:
    """``e`` with every defined quantity written out in the inputs (a few levels deep), or None where it does not
    come to inputs alone within that, or grows too large."""
    for _ in range(_POSITIVE_DEPTH + 1):
        swap = {a: _definition_at(a, scope) for a in e.atoms(Symbol, sp.Indexed)
                if str(getattr(a, "base", a)) in scope.defined}
        if not swap:
            return e
        e = e.xreplace(swap)
        if sp.count_ops(e) > MAX_POSITIVE_OPS:
            return None
    return None


def known_positive(base: Expr, scope: Scope) -> bool:
    """True when SymPy finds ``base`` positive with the quantities given positive taken positive and each
    defined one written out (1/(√(2π) σ) for σ > 0; 1 − h_i for h_i = σ(θᵀx_i), which is e^{−u}/(1 + e^{−u}))."""
    if base.is_number:
        return False
    if any(_same_form(base, e) for e in scope.exceeding):
        return True
    written = _in_inputs(base, scope)
    # Over one denominator: 1 − 1/(1 + e^{−u}) is e^{−u}/(1 + e^{−u}), which SymPy sees is positive.
    return written is not None and bool(written.is_positive or sp.together(written).is_positive)


def known_nonnegative(a: Expr, scope: Scope) -> bool:
    """True when SymPy finds the defined quantity ``a`` (a name or an entry) never negative, written out as
    ``known_positive`` writes it (a = relu(z), |u|, e^u, h²)."""
    if str(getattr(a, "base", a)) not in scope.defined:
        return False
    written = _in_inputs(a, scope)
    if written is None:
        return False
    if written.is_nonnegative or sp.together(written).is_nonnegative:
        return True
    # on each side of each kink: where(z > 0, z, 0), (z + |z|)/2 and z step(z) are z or 0 there
    cases = sign_cases(written)
    return bool(cases) and all(c.is_nonnegative or sp.together(c).is_nonnegative for c in cases)


def _in_inputs(base: Expr, scope: Scope) -> Expr | None:
    """``base`` with defined quantities written out and inputs of a known sign or bounds put as such (``known_positive``);
    None where it grows too large."""
    written = base
    # Defined quantities written out until only inputs remain (λ = t e^{wx} with t given positive), a few levels deep.
    for _ in range(_POSITIVE_DEPTH):
        swap: dict = {}
        for a in written.atoms(Symbol, sp.Indexed):
            name = str(getattr(a, "base", a))
            lo, hi = _bounds(a, scope.exceeding)
            if lo is not None and hi is not None and lo < hi:  # a < p < b: p = a + (b − a)/(1 + q), q > 0
                swap[a] = lo + (hi - lo) / (1 + sp.Dummy(positive=True))
            elif name in scope.positive or lo is not None and lo >= 0:
                swap[a] = (lo if lo is not None and lo > 0 else 0) + sp.Dummy(positive=True)
            elif (least := _bounds(a, scope.at_least)[0]) is not None and least >= 0:  # m >= 0 given
                swap[a] = least + sp.Dummy(nonnegative=True)
            elif name in scope.defined:
                swap[a] = _definition_at(a, scope)
        if not swap:
            break
        written = written.xreplace(swap)
        if sp.count_ops(written) > MAX_POSITIVE_OPS:
            return None
    return written


def parse_expression(text: str, scope: Scope, indices: tuple[str, ...] = ()) -> Expr:
    """Parse one expression of the derivation-file grammar into SymPy (a single value); ``indices``: the
    definition's own, which may stand as values too (a discount's γ^(t − 1))."""
    return _scalar(_build(text, scope, "test", indices=indices), "the expression")


def parse_array(text: str, scope: Scope, preferred: str = "ij") -> tuple[Expr, tuple, tuple]:
    """Parse an expression that may be a whole array: ``(entry, indices, shape)``; ``((), ())`` for a scalar."""
    fresh = _fresh_for(text, scope)
    value = _build(text, scope, "test", fresh)
    return _guarded(lambda: lower(value, fresh, preferred), 0)


def parse_size(text: str, scope: Scope) -> Expr:
    """A size written as sizes and whole numbers with + - and a whole factor (a convolution's input, n + K - 1)."""
    if len(text) > 200:
        raise ParseError("a size is written with at most 200 characters")

    def leaf(t) -> Expr | None:
        return scope.sizes[_name(t)] if t.data == "name" and _name(t) in scope.sizes else None
    return _guarded(lambda: _affine(parse_tree(text, "test"), leaf, "sizes may be multiplied only by a whole number",
                                    "a size is a declared size, or sizes and whole numbers combined with + and - "
                                    "(n + K - 1)"))


def _affine(t, leaf: Callable, scaled: str, other: str) -> Expr:
    """Whole numbers and ``leaf``'s names (indices, sizes) combined with + and - and a whole factor: an offset in a
    subscript, a summed size.  ``scaled``: the error when two names are multiplied; ``other``: for anything else."""
    if t.data == "binary" and str(t.children[1]) in ("+", "-", "*"):
        a, b = _affine(t.children[0], leaf, scaled, other), _affine(t.children[2], leaf, scaled, other)
        if str(t.children[1]) == "*" and not (a.is_Integer or b.is_Integer):
            raise ParseError(scaled)
        return {"+": a + b, "-": a - b, "*": a * b}[str(t.children[1])]
    if t.data == "unary" and str(t.children[0]) == "-":
        return -_affine(t.children[1], leaf, scaled, other)
    if t.data == "number" and str(t.children[0]).isdigit() and int(str(t.children[0])) <= MAX_NUMBER:
        return sp.Integer(int(str(t.children[0])))
    value = leaf(t)
    if value is None:
        raise ParseError(other)
    return value


def parse_condition(text: str, scope: Scope) -> sp.Basic:
    """Parse a condition (``j != c``, ``x > 0 and y <= 1``) into a SymPy Boolean."""
    cond = _scalar(_build(text, scope, "condition"), "the condition")
    if cond in (sp.true, sp.false):
        raise ParseError(f"the condition {text.strip()!r} is always {bool(cond)}")
    return cond


def parse_equation(text: str, scope: Scope, ranges: dict | None = None) -> tuple[Expr, Expr]:
    """Parse ``lhs = rhs`` (exactly one ``=``) into its two sides.

    Sides in matrix notation must have the same shape; they come back as their entries at
    fresh indices, whose ranges are added to ``ranges`` when it is given.
    """
    if not isinstance(text, str):
        raise ParseError(f"expected an equation string 'lhs = rhs', got {type(text).__name__}")
    if len(text) > 2 * MAX_EXPR_CHARS:
        raise ParseError(f"equation is {len(text)} characters long (limit {2 * MAX_EXPR_CHARS})")
    signs = equals_signs(text)
    if len(signs) != 1:
        raise ParseError("an equation needs exactly one '=' between its sides")
    fresh = _fresh_for(text, scope)
    sides = []
    for side, part in (("left", text[:signs[0]]), ("right", text[signs[0] + 1:])):
        try:
            sides.append(_build(part, scope, "test", fresh))
        except arrays.InnerMismatch as exc:
            exc.side = side  # a claim is refuted by it (which side had no value is part of the counterexample)
            raise
    lhs, rhs = sides
    left, right, known = _guarded(lambda: arrays.lower_pair(lhs, rhs, fresh, index_hint=True), 0, 1)
    if ranges is not None:
        ranges.update(known)
    return left, right


__all__ = ["ToSymPy", "CasesWritten", "written_domain", "written_denominators", "note_denominator", "guarded_by", "note_real_where", "noted", "hold_for_each", "PerIndex", "root_defined", "parse_size", "parse_expression", "parse_array", "parse_condition", "parse_equation", "known_constants"]
