"""Why the max shift is allowed: softmax(z − c) = softmax(z) for every c, proved by SymPy.

The stable kernels subtract ``max_k z_k`` before exponentiating.  That is only correct
because softmax (and log-softmax) are invariant under shifting all logits by one
constant.  This module proves it symbolically on the definition taken from the layer
table (for symbolic n, any c): substitute ``z_k → z_k − c``, split ``e^{z − c}`` into
``e^{z} e^{−c}``, pull ``e^{−c}`` out of the sum (``derive.indexcalc.contract``) and
cancel.  The result is a ``derive.derivation.Step`` a report can show.
"""
from __future__ import annotations

import sympy as sp
from sympy import Expr

from derive import indexcalc as ic
from derive.algebra import is_zero
from derive.derivation import LOCAL, Step
from derive.engine import out_indices
from derive.errors import DeriveError
from derive.model import Model

from . import stable

#: The constant every logit is shifted by (any real number).
SHIFT = sp.Symbol("c", real=True)


def _shift(expr: Expr, base: sp.IndexedBase, c: Expr) -> Expr:
    """``expr`` with every entry of ``base`` replaced by ``entry − c``."""
    entries = {e: e - c for e in expr.atoms(sp.Indexed) if e.base == base}
    return expr.xreplace(entries)


def _prove(node_name: str, model: Model) -> list[Step] | None:
    q = model.quantity(node_name)
    idx = out_indices(q, model)
    node = model.node(node_name)
    defn = model.definition(node_name, idx)
    found = stable.match(defn)
    if found is None or found[0].name not in ("softmax", "log-softmax") or len(node.args) != 1:
        return None
    rule, _ = found
    base = model.quantity(node.args[0]).base
    ranges = {i: (sp.Integer(1), d) for i, d in zip(idx, q.shape)}
    shifted = _shift(defn, base, SHIFT)
    split = sp.expand(shifted, power_exp=True, mul=False, log=False, multinomial=False)
    pulled = ic.contract(split, ranges)
    closed = sp.expand_log(sp.powsimp(sp.cancel(pulled)), force=True)
    # Splitting log(e^{−c} Σ) needs force: both factors are positive here.
    if not (is_zero(closed - defn, ranges, thorough=True)
            or is_zero(sp.expand_log(closed - defn, force=True), ranges, thorough=True)):
        raise DeriveError(f"model {model.name}: shift invariance of {node_name} not proved")
    lhs = ic.rename_dummies(shifted, avoid=idx)
    label = f"{node.layer.name}({node.args[0]} − c)"
    return [
        Step(f"shift invariance of {node.layer.name}: substitute {node.args[0]} → {node.args[0]} − c "
             f"(c any constant)", lhs, ic.rename_dummies(split, avoid=idx), LOCAL),
        Step("factor exp(−c) out of the sum; it cancels", lhs, ic.rename_dummies(pulled, avoid=idx), LOCAL),
        Step(f"hence {label} = {node.layer.name}({node.args[0]}); with c = max_k {node.args[0]}_k "
             f"no exponent is positive", lhs, ic.rename_dummies(defn, avoid=idx), LOCAL,
             note="proved by SymPy for symbolic size and symbolic c; the stable kernel uses c = max"),
    ]


def shift_invariance_steps(model: Model) -> list[Step]:
    """The proof steps for every softmax / log-softmax node of ``model`` (empty if it has none)."""
    steps: list[Step] = []
    for node in model.nodes:
        proof = _prove(node.out, model)
        if proof:
            steps += proof
    return steps


def shift_invariance_step(model: Model) -> Step | None:
    """One step: ``softmax(z − c) = softmax(z)`` for the model's first softmax, proved; None if it has none."""
    for node in model.nodes:
        proof = _prove(node.out, model)
        if proof:
            last = proof[-1]
            return Step(last.rule, last.lhs, last.rhs, last.kind, note=last.note)
    return None
