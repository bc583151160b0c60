"""The table of layers: each declared once, by its forward definition in index notation.

Like HIPS autograd's table of VJPs, but with no derivative typed in: a layer gives only
``out[index] = definition``; every derivative is computed from it by ``sympy.diff``.
Adding a layer is one entry here (or one ``@layer`` in a user's own module).

A declaration names its arguments with a shape signature such as ``"W[n,m], x[m] -> [n]"``:
letters are sizes that must agree between arguments, and the part after ``->`` is the
output's shape.  The definition receives the output's index symbols and one ``Operand``
per argument, and returns a SymPy expression.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import sympy as sp
from sympy import Expr, Heaviside, Max, Sum, exp, log, tanh

from .errors import LayerError, ShapeError


@dataclass(frozen=True)
class Operand:
    """One argument of a layer: a named quantity with its shape, indexable like ``W[i, k]``."""

    name: str
    shape: tuple[Expr, ...]
    base: sp.IndexedBase | sp.Symbol

    def __getitem__(self, idx):
        if not self.shape:
            raise LayerError(f"{self.name} is a scalar and cannot be indexed")
        return self.base[idx]

    @property
    def value(self) -> Expr:
        """The scalar itself, for 0-dimensional operands."""
        if self.shape:
            raise LayerError(f"{self.name} has shape {self.shape}; index it")
        return self.base

    def dim(self, axis: int) -> Expr:
        """The size along ``axis``."""
        return self.shape[axis]


def fresh() -> sp.Symbol:
    """A summation index that cannot collide with any other (renamed for display later)."""
    return sp.Dummy("k", integer=True)


@dataclass(frozen=True)
class Layer:
    """A layer kind: its name, textbook formula, shape signature and forward definition."""

    name: str
    formula: str
    signature: str
    define: Callable[..., Expr] = field(repr=False)
    note: str = ""  # shown beside its step; {arg} stands for the name of its argument in a model

    @property
    def arity(self) -> int:
        """How many arguments the layer takes."""
        return len(_parse_signature(self.signature)[0])

    def out_shape(self, arg_shapes: list[tuple[Expr, ...]], where: str = "") -> tuple[Expr, ...]:
        """The output shape for these argument shapes; ``ShapeError`` if they do not compose."""
        params, out = _parse_signature(self.signature)
        if len(arg_shapes) != len(params):
            raise ShapeError(f"{where}layer {self.name} takes {len(params)} argument(s), got {len(arg_shapes)}")
        bound: dict[str, Expr] = {}
        for (pname, dims), shape in zip(params, arg_shapes):
            if len(dims) != len(shape):
                raise ShapeError(f"{where}layer {self.name}: argument {pname} must have {len(dims)} "
                                 f"dimension(s) {list(dims)}, got shape {list(shape)}")
            for letter, size in zip(dims, shape):
                if letter in bound and sp.simplify(bound[letter] - size) != 0:
                    raise ShapeError(f"{where}layer {self.name}: size {letter} is {bound[letter]} "
                                     f"in one argument but {size} in {pname}")
                bound.setdefault(letter, size)
        return tuple(bound[letter] for letter in out)


_SIG = re.compile(r"^\s*(.*?)\s*->\s*\[([A-Za-z, ]*)\]\s*$")


def _parse_signature(sig: str) -> tuple[list[tuple[str, tuple[str, ...]]], tuple[str, ...]]:
    """Split ``"W[n,m], x[m] -> [n]"`` into ``[("W", ("n","m")), ("x", ("m",))], ("n",)``."""
    m = _SIG.match(sig)
    if not m:
        raise LayerError(f"bad layer signature {sig!r}")
    params = []
    for part in re.findall(r"(\w+)(?:\[([A-Za-z, ]*)\])?", m.group(1)):
        params.append((part[0], tuple(d.strip() for d in part[1].split(",") if d.strip())))
    out = tuple(d.strip() for d in m.group(2).split(",") if d.strip())
    return params, out


LAYERS: dict[str, Layer] = {}


def layer(name: str, formula: str, signature: str, note: str = "", *,
          replace: bool = False) -> Callable[[Callable[..., Expr]], Callable[..., Expr]]:
    """Decorator: declare a layer by its forward definition and add it to the table.

    A name already in the table is refused unless ``replace=True``, or unless the function is the
    one that declared it (same module and name: a notebook cell or a module run again).
    """
    for what, value in (("name", name), ("formula", formula), ("signature", signature), ("note", note)):
        if not isinstance(value, str) or (what == "name" and not value.strip()):
            raise LayerError(f"@layer: the layer's {what} must be a{' non-empty' if what == 'name' else ''} "
                             f"string; got {value!r:.40}")
    _parse_signature(signature)  # a bad signature is reported where the layer is declared, not where it is used

    def register(fn: Callable[..., Expr]) -> Callable[..., Expr]:
        if not callable(fn):
            raise LayerError(f"@layer({name!r}) decorates the function defining the layer; got {fn!r:.40}")
        old = LAYERS.get(name)
        if old is not None and not replace and not _same_function(old.define, fn):
            raise LayerError(f"a layer called {name!r} exists already ({old.formula}); give yours another name, "
                             f"or pass replace=True to @layer to replace it")
        LAYERS[name] = Layer(name, formula, signature, fn, note)
        return fn
    return register


def _same_function(a: Callable, b: Callable) -> bool:
    """True when ``b`` is ``a`` declared again: the same module and qualified name."""
    return all(getattr(a, k, None) == getattr(b, k, object()) for k in ("__module__", "__qualname__"))


# --- The table.  Each entry: output index symbols first, then one Operand per argument. ---

@layer("linear", "z_i = Σ_k W_ik x_k", "W[n,m], x[m] -> [n]")
def _linear(out, W, x):
    (i,), k = out, fresh()
    return Sum(W[i, k] * x[k], (k, 1, x.dim(0)))


@layer("affine", "z_i = Σ_k W_ik x_k + b_i", "W[n,m], x[m], b[n] -> [n]")
def _affine(out, W, x, b):
    (i,), k = out, fresh()
    return Sum(W[i, k] * x[k], (k, 1, x.dim(0))) + b[i]


@layer("bias", "z_i = a_i + b_i", "a[n], b[n] -> [n]")
def _bias(out, a, b):
    (i,) = out
    return a[i] + b[i]


@layer("softmax", "s_i = e^{z_i} / Σ_k e^{z_k}", "z[n] -> [n]")
def _softmax(out, z):
    (i,), k = out, fresh()
    return exp(z[i]) / Sum(exp(z[k]), (k, 1, z.dim(0)))


@layer("log_softmax", "ℓ_i = z_i − ln Σ_k e^{z_k}", "z[n] -> [n]")
def _log_softmax(out, z):
    (i,), k = out, fresh()
    return z[i] - log(Sum(exp(z[k]), (k, 1, z.dim(0))))


@layer("logsumexp", "L = ln Σ_k e^{z_k}", "z[n] -> []")
def _logsumexp(out, z):
    k = fresh()
    return log(Sum(exp(z[k]), (k, 1, z.dim(0))))


@layer("sigmoid", "σ_i = 1 / (1 + e^{−z_i})", "z[n] -> [n]")
def _sigmoid(out, z):
    (i,) = out
    return 1 / (1 + exp(-z[i]))


@layer("tanh", "t_i = tanh z_i", "z[n] -> [n]")
def _tanh(out, z):
    (i,) = out
    return tanh(z[i])


@layer("relu", "r_i = max(0, z_i)", "z[n] -> [n]",
       note="the derivative H({arg}_i) (Heaviside step) holds almost everywhere: not at {arg}_i = 0")
def _relu(out, z):
    (i,) = out
    return Max(0, z[i])


@layer("softplus", "p_i = ln(1 + e^{z_i})", "z[n] -> [n]")
def _softplus(out, z):
    (i,) = out
    return log(1 + exp(z[i]))


@layer("cross_entropy", "L = −Σ_i y_i ln s_i", "s[n], y[n] -> []")
def _cross_entropy(out, s, y):
    i = fresh()
    return -Sum(y[i] * log(s[i]), (i, 1, s.dim(0)))


@layer("nll", "L = −Σ_i y_i ℓ_i", "l[n], y[n] -> []")
def _nll(out, l, y):
    i = fresh()
    return -Sum(y[i] * l[i], (i, 1, l.dim(0)))


@layer("binary_cross_entropy", "L = −Σ_i (y_i ln σ_i + (1 − y_i) ln(1 − σ_i))", "p[n], y[n] -> []")
def _bce(out, p, y):
    i = fresh()
    return -Sum(y[i] * log(p[i]) + (1 - y[i]) * log(1 - p[i]), (i, 1, p.dim(0)))


@layer("mse", "L = ½ Σ_i (z_i − y_i)²", "z[n], y[n] -> []")
def _mse(out, z, y):
    i = fresh()
    return Sum((z[i] - y[i]) ** 2, (i, 1, z.dim(0))) / 2


@layer("l2", "R = λ Σ_jk W_jk²", "W[n,m], lam[] -> []")
def _l2(out, W, lam):
    j, k = fresh(), fresh()
    return lam.value * Sum(Sum(W[j, k] ** 2, (k, 1, W.dim(1))), (j, 1, W.dim(0)))


@layer("mean", "J = (1/B) Σ_b L_b", "l[B] -> []")
def _mean(out, l):
    b = fresh()
    return Sum(l[b], (b, 1, l.dim(0))) / l.dim(0)


@layer("add", "L = A + B", "a[], b[] -> []")
def _add(out, a, b):
    return a.value + b.value


# Heaviside is what sympy.diff returns for Max(0, z); exported so printers can name it.
__all__ = ["LAYERS", "Layer", "Operand", "fresh", "layer", "Heaviside"]
