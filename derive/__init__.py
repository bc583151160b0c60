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

_EXPORTS = {
    "derive": ("derive.engine", "derive"),
    "derive_explicit": ("derive.explicit", "derive_explicit"),
    "show": ("derive.terminal", "show"),
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

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        module, attr = _EXPORTS[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"derive.{name}")
    raise AttributeError(f"module 'derive' has no attribute {name!r}")
