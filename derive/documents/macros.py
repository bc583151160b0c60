"""The LaTeX macros the math reader understands as functions, read from the table of constructs.

Each function construct in ``derive.language`` lists the macros that denote it (``\\exp``,
``\\operatorname{erf}``); this module only turns that into the lookups the reader needs and
adds what is a document matter, not a construct (``\\operatorname{softmax}`` of a quantity,
matrix macros that are recognised but not supported yet).
"""
from __future__ import annotations

from ..language.table import by_name, constructs

#: LaTeX macro -> construct name.  ``None``: recognised, but matrix notation (not supported yet).
FUNCTION_MACROS: dict[str, str | None] = {
    macro: c.name for c in constructs("function") for macro in c.latex
    # Only named macros: "|" and "\left|" (abs) and "\mathbb{1}" (step) are read by the grammar itself.
    if macro.startswith("\\") and macro not in (r"\left|", r"\lvert", r"\mathbb{1}", r"\begin{cases}")
}
FUNCTION_MACROS.update({
    r"\operatorname{softmax}": "softmax",   # a quantity defined as a softmax: read by the reader itself
    r"\operatorname{diag}": None,
    r"\operatorname{tr}": None,
})

#: construct name -> builder from SymPy arguments (every function of the file format).
CONSTRUCTS = {c.name: c.build for c in constructs("function") if c.build is not None}

#: constructs taking more than one argument (as ``\max(a, b)``); every other takes exactly one.
VARIADIC = frozenset(c.name for c in constructs("function") if c.arity is not None and c.arity > 1)
