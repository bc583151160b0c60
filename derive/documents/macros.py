"""The LaTeX macros the math reader understands as functions: ONE table, macro -> construct.

Each entry maps a macro as a document writes it to the name of a construct (the function
name of the derivation-file grammar).  ``CONSTRUCTS`` says how each construct is built.
When ``derive.language`` (the constructs table) lands, both come from there.
"""
from __future__ import annotations

import sympy as sp

from ..verify.parser import UNARY

#: LaTeX macro -> construct name.  ``None``: recognised, but matrix notation (not supported yet).
FUNCTION_MACROS: dict[str, str | None] = {
    r"\exp": "exp",
    r"\ln": "log",
    r"\log": "log",          # natural logarithm, as in machine-learning texts
    r"\sqrt": "sqrt",
    r"\tanh": "tanh",
    r"\sinh": "sinh",
    r"\cosh": "cosh",
    r"\sin": "sin",
    r"\cos": "cos",
    r"\sigma": "sigmoid",    # unless a quantity is called sigma
    r"\max": "max",
    r"\min": "min",
    r"\operatorname{sigmoid}": "sigmoid",
    r"\operatorname{softmax}": "softmax",
    r"\operatorname{relu}": "relu",
    r"\operatorname{ReLU}": "relu",
    r"\operatorname{softplus}": "softplus",
    r"\operatorname{erf}": "erf",
    r"\operatorname{sech}": "sech",
    r"\operatorname{sign}": "sign",
    r"\operatorname{sgn}": "sign",
    r"\operatorname{diag}": None,
    r"\operatorname{tr}": None,
}

#: construct name -> builder from SymPy arguments (the file format's functions, plus issue 11's).
CONSTRUCTS = {
    **{name: (lambda f: (lambda *a: f(*a)))(f) for name, f in UNARY.items()},
    "sinh": sp.sinh, "cosh": sp.cosh, "sin": sp.sin, "cos": sp.cos, "erf": sp.erf, "sech": sp.sech,
    "sign": sp.sign,
    "relu": lambda a: sp.Max(a, 0),
    "softplus": lambda a: sp.log(1 + sp.exp(a)),
    "max": sp.Max,
    "min": sp.Min,
}

#: constructs taking more than one argument (as ``\max(a, b)``); every other takes exactly one.
VARIADIC = frozenset({"max", "min"})
