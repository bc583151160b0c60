"""What a claim means: expanding defined quantities and evaluating ``diff(A, B)`` along the model.

``diff(A, B)`` expands A through ``[define]`` for every quantity that depends on B
(B's own quantity stays as the variable; everything else is held fixed) and then calls
``sympy.diff``.  Definitions are stored with their summation indices replaced by
``Dummy`` symbols, so instantiating ``s[k]`` inside a sum over ``k`` cannot capture.
"""
from __future__ import annotations

import sympy as sp
from sympy import Derivative, Dummy, Expr, Indexed, Sum, Symbol

from .fileformat import DerivationFile


def freshen(expr: Expr) -> Expr:
    """Replace every summation index by a fresh ``Dummy`` (bottom-up, so nested sums stay apart)."""
    if not isinstance(expr, sp.Basic) or expr.is_Atom or isinstance(expr, Indexed):
        return expr
    if isinstance(expr, Sum):
        body = freshen(expr.function)
        limits = []
        for d, lo, hi in expr.limits:
            new = Dummy(str(d), integer=True)
            body = body.xreplace({d: new})
            limits.append((new, lo, hi))
        return Sum(body, *limits)
    if isinstance(expr, Derivative):
        return Derivative(freshen(expr.expr), *expr.variables, evaluate=False)
    return expr.func(*[freshen(a) for a in expr.args])


class Semantics:
    """The model of one derivation file: dependencies, expansion, and ``diff`` along it."""

    def __init__(self, f: DerivationFile):
        self.file = f
        self.defs = {q.name: (q.indices, freshen(q.definition)) for q in f.quantities.values() if q.defined}
        self.deps = {name: self._direct(expr) for name, (_, expr) in self.defs.items()}

    @staticmethod
    def _direct(expr: Expr) -> set[str]:
        names = {str(e.base.label) for e in expr.atoms(Indexed)}
        names |= {str(s) for s in expr.free_symbols if isinstance(s, Symbol) and s.is_real and not s.is_integer}
        return names

    def names_in(self, expr: Expr) -> set[str]:
        """Names of the quantities occurring in ``expr``."""
        return {n for n in self._direct(expr) if n in self.file.quantities}

    def depends_on(self, name: str, var: str) -> bool:
        """True when quantity ``name`` depends on ``var`` through the definitions."""
        return var in self._ancestors(name)

    def _ancestors(self, name: str) -> frozenset[str]:
        # Memoised: recursing along every path is exponential on a diamond-shaped file.
        memo = self.__dict__.setdefault("_ancestor_memo", {})
        if name not in memo:
            memo[name] = frozenset({name})  # definitions are acyclic; this only guards re-entry
            memo[name] = frozenset({name}).union(*(self._ancestors(a) for a in self.deps.get(name, ())))
        return memo[name]

    def _instance(self, name: str, idx: tuple) -> Expr:
        keys, body = self.defs[name]
        return body.xreplace(dict(zip(keys, idx)))

    def expand_once(self, expr: Expr, only: set[str] | None = None) -> Expr:
        """Replace each defined quantity (among ``only``, default all) by its definition, one level."""
        names = set(self.defs) if only is None else set(only) & set(self.defs)
        if not names:
            return expr
        table = {}
        for e in expr.atoms(Indexed):
            if str(e.base.label) in names:
                table[e] = self._instance(str(e.base.label), e.indices)
        for s in expr.free_symbols:
            if str(s) in names and not s.is_integer:
                table[s] = self._instance(str(s), ())
        return expr.xreplace(table) if table else expr

    def expand(self, expr: Expr, only: set[str] | None = None) -> Expr:
        """Expand defined quantities (among ``only``) until none is left."""
        for _ in range(len(self.defs) + 1):
            new = self.expand_once(expr, only)
            if new == expr:
                return expr
            expr = new
        return expr

    def levels(self, expr: Expr) -> list[Expr]:
        """``expr`` as written, then expanded one level at a time down to the inputs."""
        out = [expr]
        for _ in range(len(self.defs)):
            new = self.expand_once(out[-1])
            if new == out[-1]:
                break
            out.append(new)
        return out

    def diff(self, a: Expr, b: Expr) -> Expr:
        """∂a/∂b along the model: a expanded through every quantity that depends on b."""
        var = str(b.base.label) if isinstance(b, Indexed) else str(b)
        movers = {n for n in self.defs if n != var and self.depends_on(n, var)}
        return sp.diff(self.expand(a, movers), b)

    def resolve(self, expr: Expr) -> Expr:
        """``expr`` with every ``diff(A, B)`` carried out (summation indices freshened first).

        Nested derivatives (a Hessian ``diff(diff(F, z[i]), z[j])``) are carried out innermost first.
        """
        return self._resolved(freshen(expr))

    def _resolved(self, expr: Expr) -> Expr:
        if not expr.has(Derivative):
            return expr
        if isinstance(expr, Derivative):
            inner = self._resolved(expr.expr)
            for v in expr.variables:
                inner = self.diff(inner, v)
            return inner
        return expr.func(*[self._resolved(a) for a in expr.args])
