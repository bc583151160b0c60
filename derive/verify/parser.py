"""The safe expression parser for derivation files: the public entry points of ``derive.language``.

Expressions are read by a declarative Lark grammar (``derive.language.grammar``) and turned
into SymPy by one transformer driven by the table of constructs (``derive.language.build``);
nothing here or there calls eval/exec/sympify/parse_expr.  Sizes of the input, nesting
depth, numbers and exponents are bounded so a hostile file cannot make SymPy spin.  This
module stays the import location the verifier and its users rely on.
"""
from __future__ import annotations

from ..language import (ParseError, Scope, check_name, parse_array, parse_condition, parse_equation, parse_expression,
                        quantity_base)
from ..language.scope import label_base
from ..language.build import MAX_EXPONENT, MAX_EXPONENT_DENOMINATOR, MAX_NUMBER, MAX_NUMBER_BITS
from ..language.grammar import MAX_DEPTH, MAX_EXPR_CHARS

__all__ = ["ParseError", "Scope", "check_name", "parse_array", "parse_equation", "parse_expression", "parse_condition",
           "quantity_base", "label_base", "MAX_EXPR_CHARS", "MAX_DEPTH", "MAX_EXPONENT", "MAX_EXPONENT_DENOMINATOR",
           "MAX_NUMBER", "MAX_NUMBER_BITS"]
