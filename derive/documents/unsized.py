"""Sizes a document leaves unwritten: ``I`` and ``\\mathbf{1}`` take theirs from the arrays they meet.

In ``I - s s^\\top`` the identity is as large as s is long; in ``\\mathbf{1}^\\top x`` the ones are as
many as x's entries.  Such an array gets placeholder sizes, and an operation that compares a
placeholder with a size binds it (``derive.documents.matrices`` asks ``unify``).  At the end of a
side every placeholder must be bound — otherwise its size is unclear, which is an error — and
is replaced everywhere, in the shape and in the entries (a product's summation limit may hold one).
"""
from __future__ import annotations

import sympy as sp
from sympy import Expr

from ..language import arrays
from ..language.arrays import ONE, Array, Fresh, same_size
from ..language.scope import written_size
from ..verify.parser import ParseError


class UnclearSize(ParseError):
    """A side whose ``I`` or ``\\mathbf{1}`` has no size: neither written nor set by an array it meets."""


class Unsized:
    """The placeholder sizes of one side and what they are bound to."""

    def __init__(self):
        self.placeholders: set[sp.Dummy] = set()
        self.bindings: dict[sp.Dummy, Expr] = {}

    def _new(self) -> sp.Dummy:
        p = sp.Dummy("size", integer=True, positive=True)
        self.placeholders.add(p)
        return p

    def eye(self, size: Expr | None = None) -> Array:
        """``I`` (``I_n`` when ``size`` is written)."""
        return arrays.eye(written_size(size) if size is not None else self._new())

    def ones(self, size: Expr | None = None) -> Array:
        """``\\mathbf{1}`` (``\\mathbf{1}_n`` when ``size`` is written)."""
        return arrays.ones(written_size(size) if size is not None else self._new())

    def basis(self, at: Expr) -> Array:
        """``e_c``: the standard basis vector at ``at`` (entries δ_ic), sized by the arrays it meets."""
        return Array((self._new(),), lambda i: sp.KroneckerDelta(i, at))

    def resolve(self, size: Expr) -> Expr:
        """``size`` with bound placeholders replaced (following chains of bindings)."""
        for _ in range(len(self.bindings) + 1):
            new = size.xreplace(self.bindings)
            if new == size:
                break
            size = new
        return size

    def unify(self, a: Expr, b: Expr) -> bool:
        """True when sizes ``a`` and ``b`` agree, binding a placeholder to make them (never to 1)."""
        a, b = self.resolve(a), self.resolve(b)
        if same_size(a, b):
            return True
        for p, q in ((a, b), (b, a)):
            if p in self.placeholders and q != ONE:
                self.bindings[p] = q
                return True
        return False

    def shaped(self, v):
        """``v`` with its shape's bound placeholders replaced (entries are replaced by ``finish``)."""
        if not isinstance(v, Array) or not self.bindings:
            return v
        return Array(tuple(self.resolve(s) for s in v.shape), v.at, v.quantity)

    def shown(self, v) -> str:
        """``v``'s shape as messages print it, an unwritten size as ``?``."""
        if not isinstance(v, Array):
            return arrays.shape_text(v)
        unknown = {p: sp.Symbol("?") for p in self.placeholders}
        return arrays.shape_text(Array(tuple(self.resolve(s).xreplace(unknown) for s in v.shape), v.at))

    def finish(self, value, like: tuple | None = None):
        """The side's value with every placeholder replaced; ``UnclearSize`` if one was never bound.

        ``like``: the shape of the equation's other side, which the value's unbound sizes then take
        (``\\frac{\\partial z}{\\partial \\mu} = I``: the identity is as large as the Jacobian).
        """
        if not self.placeholders:
            return value
        if like is not None and isinstance(value, Array) and len(arrays.normal_shape(value.shape)) == len(like):
            for axis, size in zip(arrays.normal_shape(value.shape), like):
                self.unify(axis, size)
        final = {p: self.resolve(p) for p in self.placeholders}
        entry = arrays.lower(value, Fresh(()))[0]
        shape = value.shape if isinstance(value, Array) else ()
        if any(e.has(*self.placeholders) for e in (entry.xreplace(final), *(s.xreplace(final) for s in shape))):
            raise UnclearSize("the size of I or \\mathbf{1} is unclear here: write I_n or \\mathbf{1}_n, or use it "
                              "with an array of known shape")
        if not isinstance(value, Array):
            return value.xreplace(final)
        return Array(tuple(s.xreplace(final) for s in shape), lambda *ix: value.at(*ix).xreplace(final), value.quantity)
