"""The LaTeX macros the math reader understands as functions, read from the table of constructs.

Each function construct in ``derive.language`` lists the macros that denote it (``\\exp``,
``\\operatorname{erf}``); this module only turns that into the lookups the reader needs.  The
array constructs written as functions (``\\operatorname{diag}``, ``\\operatorname{tr}``,
``\\operatorname{softmax}``) are heads too; one entry, ``\\operatorname{softmax}(z)_i``, is the reader's matter.
"""
from __future__ import annotations

from ..language.table import constructs

#: LaTeX macro -> construct name (a scalar function, or an array construct in ``ARRAY_FUNCTIONS``).
FUNCTION_MACROS: dict[str, str] = {
    macro: c.name for c in constructs("function") for macro in c.latex
    # Only named macros: "|" and "\left|" (abs) are paired into \lvert … \rvert before parsing (grammar.prepare),
    # which the grammar reads as brackets, as it reads "\mathbb{1}" (step) itself.
    if macro.startswith("\\") and macro not in (r"\left|", r"\lvert", r"\mathbb{1}", r"\begin{cases}")
}
#: array constructs written like a function (``\operatorname{diag}(s)``): construct name -> its construct
ARRAY_FUNCTIONS = {c.name: c for c in constructs("array") if any(m.startswith("\\operatorname") for m in c.latex)}
FUNCTION_MACROS.update({macro: c.name for c in ARRAY_FUNCTIONS.values() for macro in c.latex
                        if macro.startswith(("\\operatorname", "\\mathrm"))})
#: An upright name set with \mathrm or \text is the function \operatorname sets (\mathrm{ReLU}, \text{diag}).
UPRIGHT = {"\\" + style + "{" + m[len("\\operatorname{"):]: name for m, name in FUNCTION_MACROS.items()
           if m.startswith("\\operatorname{") for style in ("mathrm", "text")}
FUNCTION_MACROS.update({m: name for m, name in UPRIGHT.items() if m not in FUNCTION_MACROS})
#: TeX's log-like operators set upright by hand, {\rm exp}(x) or \mathrm{tanh}(x) as older notes write them: the
#: function their own macro names (\exp, \tanh).  Only these words: \mathrm{sigma} is no spelling of \sigma.
LOG_LIKE = ("exp", "log", "ln", "sin", "cos", "tan", "sinh", "cosh", "tanh", "arcsin", "arccos", "arctan", "max", "min")
FUNCTION_MACROS.update({f"\\{style}{{{word}}}": FUNCTION_MACROS["\\" + word] for word in LOG_LIKE
                        if "\\" + word in FUNCTION_MACROS for style in ("mathrm", "operatorname", "text")
                        if f"\\{style}{{{word}}}" not in FUNCTION_MACROS})

#: construct name -> builder from SymPy arguments (every function of the file format).
CONSTRUCTS = {c.name: c.build for c in constructs("function") if c.build is not None}

#: constructs taking more than one argument (as ``\max(a, b)``); every other takes exactly one.
VARIADIC = frozenset(c.name for c in constructs("function") if c.arity is not None and c.arity > 1)
