"""The catalog's gradients as claims: each catalog model becomes an in-memory derivation file.

For ``derive check --catalog``.  A model's definitions (``model.definition``), sizes,
inputs and assumptions (as givens) make the file; the claims are what the engine
computed: ``∂loss/∂q = derive(model, q).result`` for every differentiable input (params
and data), and every local derivative ``∂out/∂var`` the engine used
(``Derivation.local``).  The verifier then checks them with its own prover and
counterexample search, independently of the engine's rewrites.  Auxiliary nodes
(``Node.aux``) are kept as definitions (results may be written with them) but are never a
claim's subject.  Nothing is parsed: the expressions are SymPy objects from the model.
"""
from __future__ import annotations

import os

import sympy as sp
from sympy import Derivative, Expr

from ..catalog import CATALOG
from ..engine import derive, out_indices, var_indices
from ..model import Model, size
from ..printing import text
from .fileformat import ClaimSpec, DerivationFile, Given, QuantitySpec
from .parser import Scope

DIFFERENTIABLE = ("param", "data")


def _bases(model: Model, scope: Scope) -> dict:
    """Model bases (plain ``IndexedBase``/``Symbol``) → the verifier's real-valued ones."""
    return {q.base: scope.base(q.name) for q in model.quantities}


def model_file(model: Model) -> DerivationFile:
    """The derivation file of ``model``, its gradient and local-derivative claims included."""
    sizes = {name: size(name) for name, _ in model.sizes}
    scope = Scope(quantities={q.name: len(q.shape) for q in model.quantities}, sizes=sizes)
    table = _bases(model, scope)
    quantities: dict[str, QuantitySpec] = {}
    for q in model.quantities:
        node = model.node(q.name)
        if node is None:
            quantities[q.name] = QuantitySpec(q.name, q.shape, 0)
            continue
        idx = out_indices(q, model)
        body = model.definition(q.name, idx).xreplace(table)
        quantities[q.name] = QuantitySpec(q.name, q.shape, 0, idx, body, node.layer.formula)
    givens = tuple(Given(a.pattern.xreplace(table), a.value, f"{text(a.pattern)} = {text(a.value)}", 0)
                   for a in model.assumptions)
    f = DerivationFile(f"catalog:{model.name}", model.description, sizes, dict(model.sizes), quantities,
                       givens, (), scope)
    return _with_claims(f, model, table)


def _claim(model: Model, table: dict, lhs: Expr, rhs: Expr, ranges: dict) -> ClaimSpec:
    name = f"{text(lhs)} = {text(rhs)}"
    lhs_v, rhs_v = lhs.xreplace(table), rhs.xreplace(table)
    return ClaimSpec(name, 0, name, lhs_v, rhs_v, (), ranges)


def catalog_claims(model: Model, table: dict) -> list[ClaimSpec]:
    """``∂loss/∂q`` for each differentiable input, then each local derivative the engine computed."""
    loss = model.quantity(model.loss)
    claims, local = [], {}
    for q in model.inputs:
        if q.role not in DIFFERENTIABLE or not model.depends_on(model.loss, q.name):
            continue
        d = derive(model, q.name)
        ranges = dict(zip(d.indices, q.shape))
        claims.append(_claim(model, table, Derivative(loss.base, q.at(d.indices), evaluate=False), d.result,
                             ranges))
        for key, value in d.local.items():
            local.setdefault(key, value)
    for (out, var), value in local.items():
        if model.node(out).aux:
            continue
        Q, P = model.quantity(out), model.quantity(var)
        a, b = out_indices(Q, model), var_indices(P, model)
        ranges = {**dict(zip(a, Q.shape)), **dict(zip(b, P.shape))}
        claims.append(_claim(model, table, Derivative(Q.at(a), P.at(b), evaluate=False), value, ranges))
    seen, out_claims = set(), []
    for c in claims:
        if c.name not in seen:
            seen.add(c.name)
            out_claims.append(c)
    return out_claims


def _with_claims(f: DerivationFile, model: Model, table: dict) -> DerivationFile:
    claims = tuple(catalog_claims(model, table))
    return DerivationFile(f.path, f.title, f.sizes, f.size_notes, f.quantities, f.givens, claims, f.scope)


#: Fresh ``Dummy`` numbers each worker may use (its models' dummies must not meet another's, nor later ones).
DUMMY_SPAN = 10**6
#: Seconds a worker may take to derive one model (trusted code: only a safety net).
BUILD_TIMEOUT = 600.0


def catalog_files(names: list[str] | None = None, jobs: int = 1) -> list[DerivationFile]:
    """One in-memory derivation file per catalog model (all of them by default), in catalog order.

    With ``jobs`` > 1 the models are derived side by side in worker processes; a model a worker could
    not build is derived here.
    """
    names = names or list(CATALOG)
    if jobs <= 1 or len(names) < 2 or not hasattr(os, "fork"):
        return [model_file(CATALOG[n]) for n in names]
    from .bounded import run_pool
    start = sp.Dummy._count

    def build(n: int, _progress) -> DerivationFile:
        # Each model numbers its dummies in its own range, so two built apart never compare equal.
        sp.Dummy._count = start + (n + 1) * DUMMY_SPAN
        return model_file(CATALOG[names[n]])

    outcomes = run_pool(build, list(range(len(names))), BUILD_TIMEOUT, jobs)
    sp.Dummy._count = start + (len(names) + 1) * DUMMY_SPAN  # past every range handed out
    return [o.latest if o.final else model_file(CATALOG[name]) for name, o in zip(names, outcomes)]


__all__ = ["model_file", "catalog_claims", "catalog_files"]
