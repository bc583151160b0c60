"""Models: a chain (or DAG) of layer applications over named quantities with symbolic sizes.

A ``Model`` is plain data: its sizes, its inputs (parameters, data, targets), the nodes
that define further quantities through layers from ``derive.layers``, the loss, and the
assumptions it may use.  It answers "what is the definition of q at index a" and nothing
more; differentiating is the engine's job.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import sympy as sp
from sympy import Expr, Symbol

from .display import Displayable
from .errors import LayerError, ShapeError, UnknownVariable
from .indexcalc import index
from .layers import LAYERS, Layer, Operand


def _models_with(name: str) -> list[str]:
    """Catalog models that have a quantity called ``name`` (for error messages)."""
    import sys
    catalog = sys.modules.get("derive.catalog")  # only consulted if already loaded: no import cycle
    if catalog is None:
        return []
    return [m.name for m in catalog.CATALOG.values() if any(q.name == name for q in m.quantities)][:3]


def size(name: str) -> Symbol:
    """The symbolic size called ``name`` (a positive integer)."""
    return Symbol(name, integer=True, positive=True)


@lru_cache(maxsize=4096)
def _indexed_base(name: str) -> sp.IndexedBase:
    """The ``IndexedBase`` called ``name``, made once: building one costs ~50 µs (W[i, k] at n = 100, 10⁴ times)."""
    # No shape in the IndexedBase: it would make y[i] of two models compare unequal.
    return sp.IndexedBase(name)


@dataclass(frozen=True)
class Quantity:
    """A named array of the model: an input (``param``, ``data``, ``target``, ``hyper``) or ``defined``."""

    name: str
    shape: tuple[Expr, ...]
    role: str
    description: str = ""

    @property
    def base(self) -> sp.IndexedBase | Symbol:
        """The SymPy object entries are taken from (``IndexedBase``, or a ``Symbol`` for scalars)."""
        if not self.shape:
            return Symbol(self.name)
        return _indexed_base(self.name)

    def at(self, idx: Sequence[Expr]) -> Expr:
        """The entry at ``idx`` (the symbol itself for a scalar)."""
        if not self.shape:
            return self.base
        return self.base[tuple(idx)]


@dataclass(frozen=True)
class Node:
    """``out = layer(*args)``: one layer applied to named quantities."""

    out: str
    layer: Layer
    args: tuple[str, ...]
    aux: bool = False  # named only so results can be written with it (softmax beside log-softmax)

    @property
    def note(self) -> str:
        """The layer's note about this node, ``{arg}`` read as the name of its first argument (a for h = relu(a))."""
        return self.layer.note.replace("{arg}", self.args[0]) if self.args else self.layer.note


@dataclass(frozen=True)
class Assumption:
    """An identity a derivation may use, stated as ``Σ_i y_i = 1`` (a sum equal to a value)."""

    pattern: Expr
    value: Expr
    description: str

    def instantiate(self, sizes: Mapping[Symbol, int]) -> "Assumption":
        """The same identity at explicit sizes (sums written out)."""
        pat = self.pattern.xreplace(dict(sizes)).doit()
        return Assumption(pat, self.value, self.description)


@dataclass(frozen=True)
class Model(Displayable):
    """A differentiable model: quantities, the nodes defining them, the loss and assumptions."""

    name: str
    description: str
    sizes: tuple[tuple[str, str], ...]
    quantities: tuple[Quantity, ...]
    nodes: tuple[Node, ...]
    loss: str
    assumptions: tuple[Assumption, ...] = ()
    target: str = ""
    notes: tuple[str, ...] = field(default=())
    batch: str = ""  # the batch size's name when the model is explicitly batched (see derive.batching)
    #: inputs that stand for an integer class label through its one-hot code (c_j = δ_jc): compiled
    #: code takes the label itself for them
    labels: tuple[str, ...] = ()

    def quantity(self, name: str) -> Quantity:
        """The quantity called ``name``; ``UnknownVariable`` if there is none."""
        for q in self.quantities:
            if q.name == name:
                return q
        known = ", ".join(q.name for q in self.quantities)
        # Say where the quantity does exist, e.g. the bias b of softmax-bias.
        elsewhere = _models_with(name)
        hint = f"; {', '.join(elsewhere)} {'has' if len(elsewhere) == 1 else 'have'} one" if elsewhere else ""
        raise UnknownVariable(f"model {self.name} has no quantity {name!r} (it has: {known}){hint}")

    def node(self, name: str) -> Node | None:
        """The node defining ``name``, or None for an input."""
        return next((n for n in self.nodes if n.out == name), None)

    @property
    def inputs(self) -> tuple[Quantity, ...]:
        """Quantities not defined by a node (parameters, data, targets)."""
        return tuple(q for q in self.quantities if q.role != "defined")

    def definition(self, name: str, out_idx: Sequence[Expr]) -> Expr:
        """The defining expression of ``name`` at index ``out_idx``, in terms of its arguments."""
        node = self.node(name)
        if node is None:
            raise UnknownVariable(f"{name} is an input of model {self.name}, not defined by a layer")
        ops = [Operand(a, self.quantity(a).shape, self.quantity(a).base) for a in node.args]
        try:
            return node.layer.define(tuple(out_idx), *ops)
        except (TypeError, ValueError, IndexError) as exc:
            raise LayerError(f"layer {node.layer.name} (defining {name}) failed: {exc}") from exc

    def consumers(self, name: str) -> list[Node]:
        """Nodes that take ``name`` as an argument."""
        return [n for n in self.nodes if name in n.args]

    def depends_on(self, name: str, var: str) -> bool:
        """True when quantity ``name`` depends on ``var`` through the nodes."""
        return var in self._ancestors.get(name, frozenset({name}))

    @cached_property
    def _ancestors(self) -> dict[str, frozenset[str]]:
        # Computed once in definition order: recursing along every path is exponential on a
        # diamond-shaped graph (derivation files come from pull requests).
        anc: dict[str, frozenset[str]] = {}
        for q in self.quantities:
            node = self.node(q.name)
            anc[q.name] = frozenset({q.name}).union(*(anc.get(a, frozenset({a})) for a in node.args)) \
                if node else frozenset({q.name})
        return anc

    @property
    def size_symbols(self) -> dict[str, Symbol]:
        """The symbolic sizes by name."""
        return {n: size(n) for n, _ in self.sizes}


#: What an input of ``build`` may be: a sample's features, its target, a parameter, or a hyper-parameter.
INPUT_ROLES = ("data", "target", "param", "hyper")


def build(name: str, description: str, *, sizes: Mapping[str, str], inputs: Mapping[str, tuple],
          nodes: Sequence[tuple], loss: str, assumptions: Sequence[Assumption] = (),
          target: str = "", notes: Sequence[str] = (), aux: Sequence[tuple] = (), batch: str = "",
          labels: Sequence[str] = ()) -> Model:
    """Assemble a model from ``inputs = {name: (role, dims, description)}`` and ``nodes = [(out, layer, *args)]``.

    ``aux`` nodes have the same form but feed nothing: they name a quantity (softmax beside
    log-softmax) so that derivatives can be written in terms of it.  Shapes are checked as
    nodes are added; a layer name not in the table, or shapes that do not compose, raise an
    error naming the node.
    """
    syms = {n: size(n) for n in sizes}
    quantities: dict[str, Quantity] = {}
    for qname, (role, dims, desc) in inputs.items():
        if role not in INPUT_ROLES:  # a misspelt role silently took the input out of gradients and batching
            raise ShapeError(f"model {name}: input {qname} has role {role!r} (roles: {', '.join(INPUT_ROLES)})")
        unknown = [d for d in dims if isinstance(d, str) and d not in syms]
        if unknown:
            raise ShapeError(f"model {name}: input {qname} has size {unknown[0]!r}, which sizes= does not declare "
                             f"(declared: {', '.join(syms) or 'none'})")
        shape = tuple(syms[d] if isinstance(d, str) else sp.Integer(d) for d in dims)
        quantities[qname] = Quantity(qname, shape, role, desc)
    built: list[Node] = []
    for is_aux, (out, layer_ref, *args) in [(False, nd) for nd in nodes] + [(True, nd) for nd in aux]:
        layer_obj = layer_ref if isinstance(layer_ref, Layer) else LAYERS.get(layer_ref)
        if layer_obj is None:
            raise LayerError(f"node {out}: unknown layer {layer_ref!r} (known: {', '.join(sorted(LAYERS))})")
        for a in args:
            if a not in quantities:
                raise ShapeError(f"node {out} = {layer_obj.name}({', '.join(args)}): {a} is not defined before it")
        shape = layer_obj.out_shape([quantities[a].shape for a in args], where=f"node {out}: ")
        if out in quantities:
            raise ShapeError(f"model {name}: quantity {out} is defined twice")
        quantities[out] = Quantity(out, shape, "defined", layer_obj.formula)
        built.append(Node(out, layer_obj, tuple(args), is_aux))
    if loss not in quantities or quantities[loss].shape:
        raise ShapeError(f"model {name}: loss {loss!r} must be a scalar quantity")
    return Model(name, description, tuple(sizes.items()), tuple(quantities.values()), tuple(built), loss,
                 tuple(assumptions), target, tuple(notes), batch, tuple(labels))


def sum_to_one(name: str, dim: str, description: str) -> Assumption:
    """The assumption ``Σ_i name_i = 1`` over a dimension of symbolic size ``dim``."""
    i = index("i")
    return Assumption(sp.Sum(sp.IndexedBase(name)[i], (i, 1, size(dim))), sp.Integer(1), description)
