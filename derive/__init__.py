"""derive: symbolic derivation and verification of neural-network gradients.

The library API is the one the command line uses::

    import derive
    from derive import layer, build, Assumption

    @layer("swish", "q_i = z_i σ(z_i)", "z[n] -> [n]")   # a new layer: its forward definition only
    def swish(out, z):
        (i,) = out
        return z[i] / (1 + sympy.exp(-z[i]))

    model = build("my-net", "…", sizes={"n": "classes", "m": "features"},
                  inputs={"x": ("data", ("m",), "features"), "W": ("param", ("n", "m"), "weights"),
                          "y": ("target", ("n",), "targets")},
                  nodes=[("z", "linear", "W", "x"), ("q", "swish", "z"), ("L", "mse", "q", "y")], loss="L")
    dv = derive.derive(model, "W")      # Derivation: .steps, .result (index form), .matrix (matrix form)

Names are imported lazily so that ``derive list`` stays fast.
"""
from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .derivation import Derivation
    from .model import Model

_EXPORTS = {
    "build": ("derive.model", "build"),
    "Model": ("derive.model", "Model"),
    "Assumption": ("derive.model", "Assumption"),
    "sum_to_one": ("derive.model", "sum_to_one"),
    "layer": ("derive.layers", "layer"),
    "LAYERS": ("derive.layers", "LAYERS"),
    "fresh": ("derive.layers", "fresh"),
    "batched": ("derive.batching", "batched"),
    "get_model": ("derive.catalog", "get"),
    "CATALOG": ("derive.catalog", "CATALOG"),
    "Derivation": ("derive.derivation", "Derivation"),
    "Step": ("derive.derivation", "Step"),
    "DeriveError": ("derive.errors", "DeriveError"),
    "LayerError": ("derive.errors", "LayerError"),
    "ShapeError": ("derive.errors", "ShapeError"),
    "UnknownVariable": ("derive.errors", "UnknownVariable"),
    "UnknownModel": ("derive.errors", "UnknownModel"),
    "InputError": ("derive.errors", "InputError"),
}

_SUBMODULES = {"printing", "engine", "explicit", "model", "layers", "catalog", "indexcalc", "matrixform",
               "simplify", "batching", "derivation", "errors", "verify"}

__all__ = sorted([*_EXPORTS, "derive", "derive_explicit", "show"])


# The three entry points check what they are given (a Model, or a catalog model's name or a file's path,
# as ``derive show`` takes; the variable's name) so that a wrong argument is a DeriveError saying so.

def derive(model: Model | str, wrt: str | None = None, *, assume: bool = True) -> Derivation:
    """Derive ``∂loss/∂wrt`` for symbolic sizes (``model``: a Model or a catalog model's name)."""
    from .engine import derive as derive_symbolic
    from .model import checked_wrt, model_of
    return derive_symbolic(model_of(model, "derive.derive"), checked_wrt(wrt, "derive.derive"), assume=assume)


def derive_explicit(model: Model | str, wrt: str | None = None, sizes: Mapping[str, int] | None = None, *,
                    assume: bool = True) -> Derivation:
    """Derive ``∂loss/∂wrt`` at explicit sizes (``model``: a Model or a catalog model's name)."""
    from .explicit import derive_explicit as derive_written_out
    from .model import checked_wrt, model_of
    return derive_written_out(model_of(model, "derive.derive_explicit"), checked_wrt(wrt, "derive.derive_explicit"),
                              sizes, assume=assume)


def show(source: Model | str, wrt: str | None = None, *, sizes: Mapping[str, int] | None = None,
         assume: bool = True) -> Derivation:
    """The derivation ``derive show`` prints, as an object a notebook displays (``derive.show("softmax")``)."""
    from .model import checked_wrt, model_of
    from .terminal import show as shown
    return shown(model_of(source, "derive.show"), checked_wrt(wrt, "derive.show"), sizes=sizes, assume=assume)


def __getattr__(name: str):
    if name in _EXPORTS:
        module, attr = _EXPORTS[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"derive.{name}")
    raise AttributeError(f"module 'derive' has no attribute {name!r}")
