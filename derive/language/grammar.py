"""The declarative grammar of file expressions (Lark, LALR) and the checks before parsing.

``parse_tree(text, start)`` returns a Lark tree for an expression, an equation or a
condition.  Before Lark sees the text it is bounded (length, bracket depth) and scanned
once by ``SCAN`` — a table of token kinds the language rejects, each with the message a
user needs (``^`` → use ``**``; ``\\frac`` → the supported syntax; a string → only numbers).
After parsing, the tree's depth is measured without recursion, so the recursive
transformer that follows never meets a hostile nesting.
"""
from __future__ import annotations

import keyword
import re
from functools import lru_cache

from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from . import lalr
from .scope import ParseError

MAX_EXPR_CHARS = 2000
MAX_DEPTH = 100

GRAMMAR = r"""
?test: or_test
?or_test: and_test | or_test "or" and_test -> or_
?and_test: not_test | and_test "and" not_test -> and_
?not_test: comparison | "not" not_test -> not_
?comparison: arith | arith COMP arith -> compare
?arith: term | arith ADDOP term -> binary
?term: factor | term MULOP factor -> binary
?factor: power | ADDOP factor -> unary
?power: postfix | postfix "**" factor -> power
?postfix: atom | postfix TRANSPOSE -> transpose
?atom: NUMBER -> number
     | NAME -> name
     | NAME "[" args "]" -> entry
     | NAME "(" [args] ")" -> call
     | "(" test ")"
     | "(" test "," args ")" -> tuple
args: test ("," test)*

condition: test

COMP: "<=" | ">=" | "==" | "!=" | "<" | ">"
ADDOP: "+" | "-"
MULOP: "*" | "/" | "@"
TRANSPOSE: /\.T(?![A-Za-z0-9_])/
NUMBER: /([0-9](_?[0-9])*(\.([0-9](_?[0-9])*)?)?|\.[0-9](_?[0-9])*)([eE][+-]?[0-9]+)?/
NAME: /[A-Za-z_][A-Za-z0-9_]*/
%ignore /[ \t\r\n]+/
"""

LATEX_HINT = ("LaTeX is not read in expressions: write a/b for \\frac, diff(L, z[i]) for \\partial, "
              "Sum(f, (k, 1, n)) for \\sum, W[i, k] for W_{ik}, ** for powers (see the README's syntax table)")

_KEYWORDS = {kw: f"{kw} is not allowed" for kw in keyword.kwlist if kw not in ("and", "or", "not")}
_KEYWORDS.update({"for": "a comprehension is not allowed", "lambda": "lambda is not allowed",
                  "if": "if/else is not allowed", "else": "if/else is not allowed",
                  "is": "a comparison with 'is' is not allowed (use == in conditions)"})

#: Token kinds the language rejects, in priority order: (name, regex, message or None to accept).
_TOKENS = [
    ("string", r"""[rRbBfFuU]{0,2}('[^'\n]*'?|"[^"\n]*"?)""", None),
    ("complex", r"([0-9][0-9_]*(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?[jJ]", "complex literal {0} is not allowed; only numbers"),
    ("number", r"([0-9][0-9_]*(\.[0-9_]*)?|\.[0-9][0-9_]*)([eE][+-]?[0-9]+)?", None),
    ("latex", r"\\[A-Za-z]+|\\.", None),
    ("name", r"[A-Za-z_][A-Za-z0-9_]*", None),
    ("transpose", r"\.T(?![A-Za-z0-9_])", None),
    ("attribute", r"\.\s*[A-Za-z_]", "attribute access is not allowed (only .T, the transpose)"),
    ("walrus", r":=", ":= is not allowed"),
    ("power", r"\*\*", None),
    ("floordiv", r"//", "operator FloorDiv is not allowed (use + - * / **)"),
    ("caret", r"\^", "use ** for powers (^ is not an operator here)"),
    ("mod", r"%", "operator Mod is not allowed (use + - * / **)"),
    ("matmul", r"@", None),
    ("invert", r"~", "operator Invert is not allowed"),
    ("shift", r"<<|>>", "bit shifts are not allowed (use + - * / **)"),
    ("compare", r"<=|>=|==|!=|<|>", None),
    ("bitop", r"[&|]", "operator {0} is not allowed (use and/or in conditions)"),
    ("brace", r"[{}]", "a dict or set is not allowed"),
    ("colon", r":", "a slice or ':' is not allowed"),
    ("semicolon", r";", "syntax error: ';' is not allowed"),
    ("space", r"\s+", None),
    ("punct", r"[()\[\],+\-*/=]", None),
    ("other", r".", "character {0!r} is not allowed"),
]
_SCANNER = re.compile("|".join(f"(?P<{n}>{rx})" for n, rx, _ in _TOKENS))
_MESSAGES = {n: m for n, _, m in _TOKENS}


def scan(text: str) -> list[tuple[str, str]]:
    """The token kinds of ``text``; ``ParseError`` for the first one the language rejects."""
    tokens = [(m.lastgroup, m.group()) for m in _SCANNER.finditer(text)]
    _reject_constructs(tokens)
    depth = deepest = 0
    for n, (kind, value) in enumerate(tokens):
        if kind == "punct" and value in "([":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "punct" and value in ")]":
            depth -= 1
        if deepest > MAX_DEPTH:
            raise ParseError(f"expression is nested more than {MAX_DEPTH} levels deep")
    return tokens


def _reject_constructs(tokens: list[tuple[str, str]]) -> None:
    words = [v for k, v in tokens if k == "name"]
    for kw in ("for", "lambda", "if", "else"):
        if kw in words:
            raise ParseError(_KEYWORDS[kw])
    for n, (kind, value) in enumerate(tokens):
        if kind == "string":
            what = "bytes" if value[:2].lower().replace("r", "").startswith("b") else "str"
            raise ParseError(f"{what} literal {value[:40]} is not allowed; only numbers")
        if kind == "latex":
            raise ParseError(f"{value} is LaTeX. {LATEX_HINT}")
        if kind == "name" and value in ("True", "False", "None"):
            what = "NoneType" if value == "None" else "bool"
            raise ParseError(f"{what} literal {value} is not allowed; only numbers")
        if kind == "name" and value in _KEYWORDS:
            raise ParseError(_KEYWORDS[value])
        if kind == "punct" and value == "[" and not (n and tokens[_previous(tokens, n)][0] == "name"):
            raise ParseError("a list is not allowed (square brackets only index a quantity, like W[i, k])")
        message = _MESSAGES.get(kind)
        if message:
            raise ParseError(message.format(value))


def _previous(tokens: list, n: int) -> int:
    n -= 1
    while n > 0 and tokens[n][0] == "space":
        n -= 1
    return n


LARK_OPTIONS = {"parser": "lalr", "start": ["test", "condition"], "propagate_positions": False,
                "maybe_placeholders": False}


@lru_cache(maxsize=None)
def parser() -> Lark:
    """The (cached) LALR parser of the expression language, its scanners compiled."""
    return lalr.parser("expression", GRAMMAR, **LARK_OPTIONS)


def tree_depth(tree: Tree) -> int:
    """Nesting depth of a Lark tree, without recursion (the tree may be hostile)."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > MAX_DEPTH:
            return deepest
        if isinstance(node, Tree):
            stack.extend((c, d + 1) for c in node.children)
    return deepest


def parse_tree(text: str, start: str = "test") -> Tree:
    """The Lark tree of ``text`` read from rule ``start`` (``test`` or ``condition``)."""
    if not isinstance(text, str):
        raise ParseError(f"expected an expression string, got {type(text).__name__}")
    if len(text) > MAX_EXPR_CHARS:
        raise ParseError(f"expression is {len(text)} characters long (limit {MAX_EXPR_CHARS})")
    if not text.strip():
        raise ParseError("empty expression")
    scan(text)
    try:
        tree = parser().parse(text.strip(), start=start)
    except UnexpectedInput as exc:
        raise ParseError(f"syntax error in {text.strip()!r}: {_describe(exc, text)}") from None
    except (LarkError, RecursionError):
        raise ParseError("expression is too deeply nested or malformed") from None
    if tree_depth(tree) > MAX_DEPTH:
        raise ParseError(f"expression is nested more than {MAX_DEPTH} levels deep")
    return tree


#: the last token of an expression, as a reader sees it (for "missing after '>'")
_LAST = re.compile(r"(\*\*|[<>!=]=|[A-Za-z_][A-Za-z0-9_]*|[0-9.]+|\S)\s*\Z")


def _describe(exc: UnexpectedInput, text: str = "") -> str:
    if isinstance(exc, UnexpectedEOF) or (isinstance(exc, UnexpectedToken) and exc.token.type == "$END"):
        # an open bracket is one reason; a trailing operator (x[j] >) is another, and the hint must not mislead
        if sum(text.count(c) for c in "([{") > sum(text.count(c) for c in ")]}"):
            return "unexpected end of expression (a bracket not closed)"
        last = _LAST.search(text)
        return f"unexpected end of expression: something is missing after {last.group(1)!r}" if last else \
            "unexpected end of expression"
    if isinstance(exc, UnexpectedToken):
        tok: Token = exc.token
        if tok.type == "EQUAL" or str(tok) == "=":
            return "'=' here (keyword arguments are not allowed; a claim has exactly one '=')"
        return f"unexpected {str(tok)!r} at column {tok.column}"
    if isinstance(exc, UnexpectedCharacters):
        return f"unexpected character {exc.char!r} at column {exc.column}"
    return "invalid syntax"


def equals_signs(text: str) -> list[int]:
    """Offsets of every single '=' in ``text`` (not part of ==, <=, >=, !=; not inside a string)."""
    return [m.start() for m in _SCANNER.finditer(text) if m.lastgroup == "punct" and m.group() == "="]
