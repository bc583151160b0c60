"""Models: a chain (or DAG) of layer applications over named quantities with symbolic sizes.

A ``Model`` is plain data: its sizes, its inputs (parameters, data, targets), the nodes
that define further quantities through layers from ``derive.layers``, the loss, and the
assumptions it may use.  It answers "what is the definition of q at index a" and nothing
more; differentiating is the engine's job.
"""
from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import sympy as sp
from sympy import Expr, Symbol

from .display import Displayable
from .errors import ArgumentError, DeriveError, LayerError, ShapeError, UnknownVariable
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
        except DeriveError:
            raise
        except (TypeError, ValueError, IndexError) as exc:
            raise LayerError(f"layer {node.layer.name} (defining {name}) failed: {exc}") from exc
        except Exception as exc:  # a user's definition may raise anything (a KeyError, an AttributeError)
            raise LayerError(f"layer {node.layer.name} (defining {name}) failed: {type(exc).__name__}: {exc}") from exc

    def consumers(self, name: str) -> list[Node]:
        """Nodes that take ``name`` as an argument."""
        return [n for n in self.nodes if name in n.args]

    def depends_on(self, name: str, var: str) -> bool:
        """True when quantity ``name`` depends on ``var`` through the nodes."""
        return var in self._ancestors.get(name, frozenset({name}))

    def read_inputs(self) -> list[str]:
        """The inputs the loss depends on, in the order they are declared."""
        return [q.name for q in self.inputs if self.depends_on(self.loss, q.name)]

    def default_wrt(self) -> str:
        """The variable a derivation takes when none is asked: the target, unless the loss does not read it."""
        if not self.target or self.depends_on(self.loss, self.target):
            return self.target
        # A file's target is its first parameter (else first input), which its loss need not read
        # (L beside M = exp(l − lold) A): a derivation by that input could only be refused.
        reads = self.read_inputs()
        params = [n for n in reads if self.quantity(n).role == "param"]
        return (params or reads or [self.target])[0]

    def unread(self, wrt: str) -> UnknownVariable:
        """The error for a derivation by ``wrt``, which the loss does not depend on, saying what it does depend on."""
        reads = self.read_inputs()
        choose = f"; differentiate by one it does depend on, {', '.join(reads)} (derive show --wrt NAME)" if reads else ""
        return UnknownVariable(f"the loss {self.loss} of model {self.name} does not depend on {wrt}{choose}")

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


def described(value: object) -> str:
    """A short description of a wrong argument for an error message: its type and (cut) value."""
    if value is None:
        return "None"
    shown = repr(value)
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    return f"{type(value).__name__} {shown}"


def model_of(source: object, caller: str) -> Model:
    """``source`` as a Model: a Model itself, a catalog model's name, or a derivation file's path."""
    if isinstance(source, Model):
        return source
    if isinstance(source, str) and source.strip():
        from .terminal import load_model  # a name or a file, as derive show reads them
        return load_model(source)
    raise ArgumentError(f"{caller}: expected a Model, a catalog model's name (such as 'softmax') or a "
                        f"derivation file's path; got {described(source)}")


def checked_wrt(wrt: object, caller: str) -> str | None:
    """``wrt`` when it is a quantity's name or None (the model's target), else an ``ArgumentError``."""
    if wrt is None or (isinstance(wrt, str) and wrt.strip()):
        return wrt
    raise ArgumentError(f"{caller}: the variable to differentiate by must be the name of a quantity of the "
                        f"model, or None for the model's unknown; got {described(wrt)}")


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
    for qname, spec in inputs.items():
        role, dims, desc = _input_spec(name, qname, spec)
        if role not in INPUT_ROLES:  # a misspelt role silently took the input out of gradients and batching
            raise ShapeError(f"model {name}: input {qname} has role {role!r} (roles: {', '.join(INPUT_ROLES)})")
        unknown = [d for d in dims if isinstance(d, str) and d not in syms]
        if unknown:
            raise ShapeError(f"model {name}: input {qname} has size {unknown[0]!r}, which sizes= does not declare "
                             f"(declared: {', '.join(syms) or 'none'})")
        shape = tuple(syms[d] if isinstance(d, str) else _fixed_dim(name, qname, d) for d in dims)
        quantities[qname] = Quantity(qname, shape, role, desc)
    built: list[Node] = []
    for is_aux, entry in [(False, nd) for nd in nodes] + [(True, nd) for nd in aux]:
        out, layer_ref, *args = _node_spec(name, entry, "aux" if is_aux else "nodes")
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
    _check_names(name, quantities, assumptions, target, labels)
    return Model(name, description, tuple(sizes.items()), tuple(quantities.values()), tuple(built), loss,
                 tuple(assumptions), target, tuple(notes), batch, tuple(labels))


def _input_spec(model: str, qname: object, spec: object) -> tuple[object, tuple, str]:
    """``(role, dims, description)`` of one entry of ``inputs=`` (the description may be left out)."""
    if not isinstance(qname, str) or not qname:
        raise ArgumentError(f"model {model}: an input's name must be a non-empty string; got {described(qname)}")
    if not isinstance(spec, (tuple, list)) or len(spec) not in (2, 3):
        raise ArgumentError(f"model {model}: input {qname} must be (role, dims, description), e.g. "
                            f"(\"data\", (\"m\",), \"features\"); got {described(spec)}")
    role, dims, desc = (*spec, "") if len(spec) == 2 else spec
    if not isinstance(dims, (tuple, list)):
        raise ArgumentError(f"model {model}: input {qname} has dims {described(dims)}; give a tuple of size "
                            f"names and whole numbers, e.g. (\"n\", \"m\"), or () for a scalar")
    return role, tuple(dims), str(desc)


def _fixed_dim(model: str, qname: str, dim: object) -> sp.Integer:
    """A fixed dimension (a whole number from 1 up), as SymPy's integer."""
    if isinstance(dim, (int, sp.Integer, numbers.Integral)) and not isinstance(dim, bool) and int(dim) >= 1:
        return sp.Integer(int(dim))
    raise ShapeError(f"model {model}: input {qname} has dimension {described(dim)}; a dimension is a size's "
                     f"name or a whole number from 1 up")


def _node_spec(model: str, entry: object, where: str) -> tuple:
    """``(out, layer, *args)`` of one entry of ``nodes=`` or ``aux=``, every name a string."""
    if not isinstance(entry, (tuple, list)) or len(entry) < 2:
        raise ArgumentError(f"model {model}: each entry of {where}= is (out, layer, *args), e.g. "
                            f"(\"z\", \"linear\", \"W\", \"x\"); got {described(entry)}")
    out, layer_ref, *args = entry
    if not isinstance(out, str) or not out:
        raise ArgumentError(f"model {model}: a node's output must be named by a string; got {described(out)}")
    if not isinstance(layer_ref, (str, Layer)):
        raise ArgumentError(f"node {out}: the layer must be a layer's name or a Layer; got {described(layer_ref)}")
    for a in args:
        if not isinstance(a, str):
            raise ArgumentError(f"node {out}: its arguments must be quantities' names; got {described(a)}")
    return tuple(entry)


def _check_names(model: str, quantities: Mapping[str, Quantity], assumptions: Sequence[Assumption],
                 target: str, labels: Sequence[str]) -> None:
    """The target, the labels and what the assumptions sum must be quantities of the model."""
    known = ", ".join(quantities)
    if target and target not in quantities:
        raise UnknownVariable(f"model {model}: target {target!r} is not a quantity of the model (it has: {known})")
    for label in labels:
        if label not in quantities or quantities[label].role == "defined":
            raise UnknownVariable(f"model {model}: label {label!r} is not an input of the model (it has: {known})")
    for asm in assumptions:
        if not isinstance(asm, Assumption):
            raise ArgumentError(f"model {model}: assumptions are Assumption objects (see derive.sum_to_one); "
                                f"got {described(asm)}")
        missing = sorted({str(b) for b in asm.pattern.atoms(sp.IndexedBase)} - set(quantities))
        if missing:
            raise UnknownVariable(f"model {model}: the assumption {asm.description or asm.pattern} is about "
                                  f"{missing[0]!r}, which is not a quantity of the model (it has: {known})")


def sum_to_one(name: str, dim: str, description: str) -> Assumption:
    """The assumption ``Σ_i name_i = 1`` over a dimension of symbolic size ``dim``."""
    i = index("i")
    return Assumption(sp.Sum(sp.IndexedBase(name)[i], (i, 1, size(dim))), sp.Integer(1), description)
