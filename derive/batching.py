"""Batched models: a per-sample model lifted to B samples, with the mean loss J = (1/B) Σ_b L_b.

Every quantity that varies per sample (data, targets and what is computed from them)
gains a leading batch dimension B and, if its name is one letter, an upper-case name
(x → X, s → S); parameters stay as they are.  Each layer is reused unchanged: it is
applied to row b of its batched arguments, so no derivative is declared for the batch
either.  The per-sample assumption Σ_i y_i = 1 becomes Σ_i Y_bi = 1 for every row b.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .errors import ShapeError
from .indexcalc import index
from .layers import Layer, Operand, _parse_signature
from .model import Assumption, Model, build

BATCH = "B"
ROW = index("b")  # the free row index of a batched assumption, matched against any row


@dataclass(frozen=True)
class RowOperand(Operand):
    """Row ``row`` of a batched quantity, indexed like the per-sample quantity it stands for."""

    row: sp.Expr = sp.Integer(0)

    def __getitem__(self, idx):
        idx = idx if isinstance(idx, tuple) else (idx,)
        return self.base[(self.row, *idx)]

    @property
    def value(self) -> sp.Expr:
        return self.base[self.row]


def _batched_layer(layer: Layer, batched_args: tuple[bool, ...]) -> Layer:
    """``layer`` applied to row b of the arguments marked in ``batched_args``."""
    params, out = _parse_signature(layer.signature)
    parts = [f"{p}[{','.join(((BATCH,) if bat else ()) + dims)}]" for (p, dims), bat in zip(params, batched_args)]
    signature = f"{', '.join(parts)} -> [{','.join((BATCH,) + out)}]"

    def define(out_idx, *ops):
        row, rest = out_idx[0], tuple(out_idx[1:])
        rows = [RowOperand(o.name, o.shape[1:], o.base, row) if bat else o for o, bat in zip(ops, batched_args)]
        return layer.define(rest, *rows)

    return Layer(layer.name, f"{layer.formula}, for each sample b", signature, define, layer.note)


def _batched_name(name: str) -> str:
    return name.upper() if len(name) == 1 else name


def batched(model: Model, name: str, description: str) -> Model:
    """The batched version of ``model``: B samples, loss the mean of the per-sample losses."""
    if model.batch:
        raise ShapeError(f"model {model.name} is already batched")
    per_sample = {q.name for q in model.quantities if q.role in ("data", "target")}
    for node in model.nodes:
        if any(a in per_sample for a in node.args):
            per_sample.add(node.out)
    rename = {q.name: (_batched_name(q.name) if q.name in per_sample else q.name) for q in model.quantities}
    if len(set(rename.values())) != len(rename):
        raise ShapeError(f"model {model.name}: upper-casing per-sample names would make two quantities one")
    syms = {s: n for n, s in model.size_symbols.items()}
    inputs = {}
    for q in model.inputs:
        dims = tuple(syms[d] if d in syms else int(d) for d in q.shape)
        if q.name in per_sample:
            dims = (BATCH,) + dims
        inputs[rename[q.name]] = (q.role, dims, q.description)

    def lift(node):
        flags = tuple(a in per_sample for a in node.args)
        layer = _batched_layer(node.layer, flags) if any(flags) else node.layer
        return (rename[node.out], layer, *[rename[a] for a in node.args])

    loss = rename[model.loss]
    mean = "J" if "J" not in rename.values() else f"{loss}_mean"
    assumptions = []
    for asm in model.assumptions:
        # Σ_i y_i = 1 per sample becomes Σ_i Y_bi = 1, b a free row index matched against any row.
        bases = {b: sp.IndexedBase(rename[str(b)]) for b in asm.pattern.atoms(sp.IndexedBase)}
        pattern = asm.pattern.replace(
            lambda e: isinstance(e, sp.Indexed) and e.base in bases,
            lambda e: bases[e.base][(ROW, *e.indices)])
        assumptions.append(Assumption(pattern, asm.value, f"{asm.description}, for every sample"))
    return build(
        name, description,
        sizes={BATCH: "samples in the batch", **dict(model.sizes)},
        inputs=inputs,
        nodes=[lift(n) for n in model.nodes if not n.aux] + [(mean, "mean", loss)],
        aux=[lift(n) for n in model.nodes if n.aux],
        loss=mean, assumptions=assumptions, target=model.target, notes=model.notes, batch=BATCH,
        labels=[rename[n] for n in model.labels])
