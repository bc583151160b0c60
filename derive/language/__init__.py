"""The expression language of derive: one table of constructs, a grammar, one transformer.

``table`` holds every function, operator and constant (``Construct`` entries, registered
in ``builtins``) with its notation, which every printer applies through one
``_print_construct`` method; ``grammar`` is the declarative Lark grammar with the checks
run before parsing; ``build`` turns a parse tree into SymPy; ``kinks`` knows where
piecewise constructs are not smooth and splits proofs into cases; ``objects`` holds ∂L/∂W
as an object.  To add a function, register one ``Construct``: the parser, evaluator, rules,
printers, NumPy printer and prover all read it from the table.
"""
from __future__ import annotations

from . import builtins as _builtins  # noqa: F401  (registers the built-in constructs)
from .build import ToSymPy, known_constants, parse_array, parse_condition, parse_equation, parse_expression
from .kinks import almost_everywhere, holds_by_cases, kink_arguments, sign_cases, split_kinks
from .scope import ParseError, Scope, check_name, quantity_base
from .table import Construct, Notation, by_latex, by_name, constructs, for_class, notation_of, register, unregister

__all__ = [
    "Construct", "Notation", "register", "unregister", "by_name", "by_latex", "for_class", "notation_of", "constructs",
    "ParseError", "Scope", "check_name", "quantity_base", "ToSymPy",
    "parse_expression", "parse_array", "parse_equation", "parse_condition", "known_constants",
    "kink_arguments", "almost_everywhere", "sign_cases", "holds_by_cases", "split_kinks",
]
