"""Test oracle: a model evaluated at explicit sizes and seeded random inputs, with central differences.

Independent of the engine: it only instantiates the layer definitions (sums written
out) and evaluates them in high precision, so symbolic results can be checked against
finite differences of the forward model itself.
"""
from __future__ import annotations

import itertools

import mpmath
import numpy as np
import sympy as sp

from derive.model import Model

PREC = 30


def entries(shape):
    return list(itertools.product(*[range(1, int(d) + 1) for d in shape]))


class Oracle:
    """The model at sizes ``sizes`` with seeded inputs; targets on the simplex unless told otherwise."""

    def __init__(self, model: Model, sizes: dict[str, int], seed: int = 0, simplex: bool = True):
        self.model = model
        self.subs = {sym: sp.Integer(sizes[name]) for name, sym in model.size_symbols.items()}
        rng = np.random.default_rng(seed)
        self.values: dict = {}
        for q in model.inputs:
            shape = self.shape(q.name)
            if q.role == "target" and simplex:
                # On the simplex per sample: a batched target's rows each sum to one.
                rows = shape[0] if model.batch and len(shape) == 2 else 1
                draw = np.concatenate([rng.dirichlet(np.ones(len(entries(shape)) // rows)) for _ in range(rows)])
            elif q.role == "target":
                draw = rng.uniform(0.1, 0.9, len(entries(shape)))
            else:
                draw = rng.normal(size=len(entries(shape)))
            for a, v in zip(entries(shape), draw):
                self.values[q.at(a)] = sp.Float(float(v), PREC)
        for node in model.nodes:
            for a in entries(self.shape(node.out)):
                self.values[model.quantity(node.out).at(a)] = self.evaluate(self.definition(node.out, a))

    def shape(self, name: str) -> tuple[int, ...]:
        return tuple(int(sp.sympify(d).xreplace(self.subs)) for d in self.model.quantity(name).shape)

    def definition(self, name: str, a: tuple) -> sp.Expr:
        # Remembered: the forward pass and every expansion below ask for the same entries again and again.
        memo = self.__dict__.setdefault("_definitions", {})
        if (name, a) not in memo:
            memo[(name, a)] = self.model.definition(name, a).xreplace(self.subs).doit()
        return memo[(name, a)]

    def expanded(self, out: str, a: tuple, var: str) -> sp.Expr:
        """``out[a]`` written in terms of ``var``: every quantity between them replaced by its definition."""
        if out == var:
            return self.model.quantity(out).at(a)
        # Remembered: each entry of a layer is expanded once, not once for every entry that uses it
        # (the loss of mlp-batch reached each hidden entry through every softmax entry).
        memo = self.__dict__.setdefault("_expanded", {})
        if (out, a, var) in memo:
            return memo[(out, a, var)]
        expr = self.definition(out, a)
        node = self.model.node(out)
        for arg in node.args:
            if arg != var and self.model.depends_on(arg, var) and self.model.node(arg) is not None:
                repl = {self.model.quantity(arg).at(b): self.expanded(arg, b, var) for b in entries(self.shape(arg))}
                expr = expr.xreplace(repl)
        memo[(out, a, var)] = expr
        return expr

    def evaluate(self, expr: sp.Expr, overrides: dict | None = None) -> float:
        vals = dict(self.values)
        if overrides:
            vals.update(overrides)
        return float(sp.N(expr.xreplace(vals), PREC))

    def fd(self, out: str, a: tuple, var: str, b: tuple, h: float = 1e-7) -> float:
        """Central difference of ``out[a]`` (as a function of ``var``) along ``var[b]``."""
        fn, entries_of_var = self._as_function(out, a, var)
        base = [self.values[e] for e in entries_of_var]
        k = entries_of_var.index(self.model.quantity(var).at(b))
        with mpmath.workdps(PREC):
            up, down = list(base), list(base)
            up[k] = base[k] + mpmath.mpf(h)
            down[k] = base[k] - mpmath.mpf(h)
            return float((fn(*up) - fn(*down)) / (2 * h))

    def _as_function(self, out: str, a: tuple, var: str):
        """``out[a]`` as an mpmath function of the entries of ``var``, everything else at its value."""
        key = (out, a, var)
        cache = self.__dict__.setdefault("_fns", {})
        if key not in cache:
            entries_of_var = [self.model.quantity(var).at(c) for c in entries(self.shape(var))]
            held = {k: v for k, v in self.values.items() if k not in set(entries_of_var)}
            expr = self.expanded(out, a, var).xreplace(held)
            stand = [sp.Dummy() for _ in entries_of_var]
            fn = sp.lambdify(stand, expr.xreplace(dict(zip(entries_of_var, stand))), "mpmath")
            cache[key] = (fn, entries_of_var)
        return cache[key]

    def instantiate(self, expr: sp.Expr, bindings: dict) -> float:
        """A symbolic-size result evaluated at these sizes, indices and forward values."""
        concrete = expr.xreplace({**self.subs, **{k: sp.Integer(v) for k, v in bindings.items()}}).doit()
        return self.evaluate(concrete)
