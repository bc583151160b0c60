"""The safe expression parser for derivation files: a whitelist over Python's ``ast``.

Owns turning one user-written expression string into a SymPy expression without ever
calling eval/exec/sympify/parse_expr.  ``ast.parse(..., mode="eval")`` only builds a
syntax tree; every node kind is then checked against a small grammar and the SymPy
object is constructed directly (``Integer``, ``Rational``, ``Symbol``, ``IndexedBase``,
``Sum``, ``KroneckerDelta``, ``exp`` …).  Anything else is a ``ParseError`` naming the
construct.  Sizes of the input, nesting depth, numbers and exponents are bounded so a
hostile file cannot make SymPy spin.
"""
from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

import sympy as sp
from sympy import Expr, Symbol

from ..indexcalc import index

MAX_EXPR_CHARS = 2000
MAX_DEPTH = 100
MAX_EXPONENT = 16
MAX_EXPONENT_DENOMINATOR = 4
MAX_NUMBER = 10**9
MAX_NUMBER_CHARS = 40

NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,30}$")

#: Functions of one argument and how each is built; ``Sum``, ``delta`` and ``diff`` are special forms.
UNARY = {
    "exp": sp.exp,
    "log": sp.log,
    "ln": sp.log,
    "sqrt": sp.sqrt,
    "tanh": sp.tanh,
    "sigmoid": lambda a: 1 / (1 + sp.exp(-a)),
    "abs": sp.Abs,
}
#: Piecewise functions (issue 11): kinks are judged almost everywhere by the verifier.
PIECEWISE = {
    "relu": lambda a: sp.Max(a, 0),
    "step": sp.Heaviside,  # H(0) = 1/2 (SymPy's convention); the search skips points at a kink
    "sign": sp.sign,
}
SPECIAL = ("Sum", "delta", "diff", "max", "min")
RESERVED = frozenset(UNARY) | frozenset(PIECEWISE) | frozenset(SPECIAL)
#: Functions added after files were written: a quantity the file declares with such a name shadows it.
SHADOWABLE = frozenset(PIECEWISE) | {"max", "min"}


class ParseError(ValueError):
    """An expression is not in the accepted grammar; the message says which construct."""


@dataclass(frozen=True)
class Scope:
    """What names mean while parsing: quantity shapes and sizes (by name)."""

    #: quantity name -> its number of axes (0 for a scalar)
    quantities: Mapping[str, int]
    #: size name -> its SymPy value (a positive-integer Symbol, or an Integer when fixed)
    sizes: Mapping[str, Expr]
    bases: dict = field(default_factory=dict)
    #: integer label name -> its shape (``()`` for one label, ``(B,)`` for one per sample)
    labels: Mapping[str, tuple] = field(default_factory=dict)

    def label(self, name: str):
        """The SymPy object of label ``name``: a positive-integer Symbol, or an IndexedBase of them."""
        return label_base(name, len(self.labels[name]))

    def base(self, name: str):
        """The SymPy object entries of quantity ``name`` are taken from (real-valued)."""
        if name not in self.bases:
            self.bases[name] = quantity_base(name, self.quantities[name])
        return self.bases[name]


def quantity_base(name: str, axes: int):
    """``IndexedBase(name, real=True)``, or a real ``Symbol`` for a scalar quantity."""
    return sp.IndexedBase(name, real=True) if axes else Symbol(name, real=True)


def label_base(name: str, axes: int):
    """``Symbol(name, integer=True, positive=True)``, or an ``IndexedBase`` of such labels."""
    if axes:
        return sp.IndexedBase(name, integer=True, positive=True)
    return Symbol(name, integer=True, positive=True)


def check_name(name: str, what: str = "name") -> str:
    """``name`` if it is an acceptable identifier; ``ParseError`` otherwise."""
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise ParseError(f"bad {what} {name!r}: use a letter followed by up to 30 letters, digits or _")
    if name in RESERVED - SHADOWABLE:
        raise ParseError(f"{what} {name!r} clashes with the function {name}()")
    return name


def _depth(tree: ast.AST) -> int:
    """Nesting depth of ``tree``, computed without recursion (the tree may be hostile)."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((c, d + 1) for c in ast.iter_child_nodes(node))
    return deepest


def _syntax_tree(text: str) -> ast.expr:
    if not isinstance(text, str):
        raise ParseError(f"expected an expression string, got {type(text).__name__}")
    if len(text) > MAX_EXPR_CHARS:
        raise ParseError(f"expression is {len(text)} characters long (limit {MAX_EXPR_CHARS})")
    if not text.strip():
        raise ParseError("empty expression")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ParseError(f"syntax error in {text.strip()!r}: {exc.msg}") from None
    except (RecursionError, MemoryError, ValueError):
        raise ParseError("expression is too deeply nested or malformed") from None
    if _depth(tree) > MAX_DEPTH:
        raise ParseError(f"expression is nested more than {MAX_DEPTH} levels deep")
    return tree.body


def _describe(node: ast.AST) -> str:
    """A short human name for a rejected construct."""
    names = {
        ast.Attribute: "attribute access", ast.Lambda: "lambda", ast.ListComp: "a comprehension",
        ast.SetComp: "a comprehension", ast.DictComp: "a comprehension", ast.GeneratorExp: "a generator",
        ast.Compare: "a comparison (use one '=' between the sides)", ast.BoolOp: "and/or",
        ast.IfExp: "if/else", ast.Starred: "*unpacking", ast.NamedExpr: ":=", ast.Await: "await",
        ast.JoinedStr: "an f-string", ast.Dict: "a dict", ast.Set: "a set", ast.List: "a list",
    }
    return names.get(type(node), type(node).__name__)


class _Builder:
    """Walks a checked syntax tree and builds the SymPy expression."""

    def __init__(self, text: str, scope: Scope):
        self.text, self.scope = text, scope
        self.bound: list[str] = []

    # -- values -----------------------------------------------------------------
    def value(self, node: ast.expr) -> Expr:
        if isinstance(node, ast.Constant):
            return self.number(node)
        if isinstance(node, ast.Name):
            return self.name_value(node.id)
        if isinstance(node, ast.Subscript):
            return self.entry(node)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return -self.value(node.operand)
            if isinstance(node.op, ast.UAdd):
                return self.value(node.operand)
            raise ParseError(f"operator {type(node.op).__name__} is not allowed")
        if isinstance(node, ast.BinOp):
            return self.binop(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.Tuple):
            raise ParseError("a tuple is only allowed as the limits of Sum(body, (i, lo, hi))")
        raise ParseError(f"{_describe(node)} is not allowed")

    def number(self, node: ast.Constant) -> Expr:
        v = node.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ParseError(f"{type(v).__name__} literal {v!r:.40} is not allowed; only numbers")
        literal = ast.get_source_segment(self.text.strip(), node) or str(v)
        if len(literal) > MAX_NUMBER_CHARS:
            raise ParseError(f"number {literal[:20]}… is too long")
        try:
            frac = Fraction(literal.replace("_", ""))
        except (ValueError, ZeroDivisionError):
            raise ParseError(f"bad number {literal!r}") from None
        if abs(frac) > MAX_NUMBER or (frac and abs(frac) < Fraction(1, MAX_NUMBER)):
            raise ParseError(f"number {literal} is out of range (magnitude must be within 1e-9 .. 1e9)")
        return sp.Rational(frac.numerator, frac.denominator)

    def name_value(self, name: str) -> Expr:
        if name in self.scope.quantities:
            if self.scope.quantities[name]:
                raise ParseError(f"{name} has {self.scope.quantities[name]} ax(es); index it like {name}[i]")
            return self.scope.base(name)
        if name in self.scope.sizes:
            return self.scope.sizes[name]
        if name in self.scope.labels:
            if self.scope.labels[name]:
                raise ParseError(f"label {name} has {len(self.scope.labels[name])} ax(es); index it like {name}[b]")
            return self.scope.label(name)
        if name in self.bound:
            return index(name)
        if name in RESERVED:
            raise ParseError(f"{name} is a function; call it")
        check_name(name)
        raise ParseError(f"undefined quantity {name!r} (indices may only appear inside [...], delta() or Sum)")

    def entry(self, node: ast.Subscript) -> Expr:
        if not isinstance(node.value, ast.Name):
            raise ParseError("only a quantity name can be indexed, like W[i, k]")
        name = node.value.id
        if name in self.scope.labels:
            return self.label_entry(node)
        if name not in self.scope.quantities:
            check_name(name)
            raise ParseError(f"undefined quantity {name!r}")
        axes = self.scope.quantities[name]
        if not axes:
            raise ParseError(f"{name} is a scalar and cannot be indexed")
        parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if len(parts) != axes:
            raise ParseError(f"{name} has {axes} ax(es) but is indexed with {len(parts)} index(es)")
        return self.scope.base(name)[tuple(self.index_value(p) for p in parts)]

    def label_entry(self, node: ast.Subscript) -> Expr:
        """``c[b]``: the label of one sample (labels are indexed by indices only)."""
        name = node.value.id
        axes = len(self.scope.labels[name])
        if not axes:
            raise ParseError(f"label {name} is a single label and cannot be indexed")
        parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if len(parts) != axes:
            raise ParseError(f"label {name} has {axes} ax(es) but is indexed with {len(parts)} index(es)")
        if any(isinstance(p, ast.Subscript) for p in parts):
            raise ParseError(f"label {name} must be indexed by plain indices")
        return self.scope.label(name)[tuple(self.index_value(p) for p in parts)]

    def index_value(self, node: ast.expr) -> Expr:
        """An index: a name (a free or summation index), a label, or a positive integer literal."""
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in self.scope.labels:
            return self.label_entry(node)
        if isinstance(node, ast.Name) and node.id in self.scope.labels:
            if self.scope.labels[node.id]:
                raise ParseError(f"label {node.id} has one value per sample; index it like {node.id}[b]")
            return self.scope.label(node.id)
        if isinstance(node, ast.Name):
            name = check_name(node.id, "index")
            if name in self.scope.quantities or name in self.scope.sizes:
                raise ParseError(f"{name!r} is a quantity or size, not an index")
            return index(name)
        if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
            if not 1 <= node.value <= MAX_NUMBER:
                raise ParseError(f"index {node.value} is out of range (indices start at 1)")
            return sp.Integer(node.value)
        raise ParseError("an index must be a name or a positive integer")

    def binop(self, node: ast.BinOp) -> Expr:
        ops = {ast.Add: sp.Add, ast.Sub: lambda a, b: a - b, ast.Mult: sp.Mul,
               ast.Div: lambda a, b: a / b}
        if isinstance(node.op, ast.Pow):
            base = self.value(node.left)
            ex = self.value(node.right)
            if not (ex.is_Rational and abs(ex) <= MAX_EXPONENT and ex.q <= MAX_EXPONENT_DENOMINATOR):
                raise ParseError(f"exponent {ex} is not allowed (a number with |e| <= {MAX_EXPONENT}, "
                                 f"denominator <= {MAX_EXPONENT_DENOMINATOR})")
            # Each exponent is small, but nested powers ((2**16)**16)**16 … grow the number
            # exponentially: estimate the result's size before SymPy computes it.
            if _number_bits(base) * abs(ex) > MAX_NUMBER_BITS:
                raise ParseError(f"a number in this power would exceed {MAX_NUMBER_BITS} bits")
            return base ** ex
        op = ops.get(type(node.op))
        if op is None:
            raise ParseError(f"operator {type(node.op).__name__} is not allowed (use + - * / **)")
        a, b = self.value(node.left), self.value(node.right)
        if isinstance(node.op, ast.Div) and b == 0:
            raise ParseError("division by zero")
        return op(a, b)

    def call(self, node: ast.Call) -> Expr:
        if not isinstance(node.func, ast.Name):
            raise ParseError(f"{_describe(node.func)} is not allowed as a function")
        fname = node.func.id
        if node.keywords:
            raise ParseError(f"{fname}() takes no keyword arguments")
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise ParseError("*unpacking is not allowed")
        if fname in self.scope.quantities or fname in self.scope.labels:
            raise ParseError(f"{fname} is declared by this file, which shadows the function {fname}()")
        if fname in UNARY:
            self._arity(fname, node, 1)
            return UNARY[fname](self.value(node.args[0]))
        if fname in PIECEWISE:
            self._arity(fname, node, 1)
            return PIECEWISE[fname](self.value(node.args[0]))
        if fname in ("max", "min"):
            if len(node.args) < 2:
                raise ParseError(f"{fname}() takes at least 2 arguments, got {len(node.args)}")
            return (sp.Max if fname == "max" else sp.Min)(*[self.value(a) for a in node.args])
        if fname == "delta":
            self._arity(fname, node, 2)
            return sp.KroneckerDelta(self.index_value(node.args[0]), self.index_value(node.args[1]))
        if fname == "Sum":
            return self.sum(node)
        if fname == "diff":
            return self.diff(node)
        raise ParseError(f"unknown function {fname!r} (allowed: {', '.join(sorted(RESERVED))})")

    @staticmethod
    def _arity(fname: str, node: ast.Call, n: int) -> None:
        if len(node.args) != n:
            raise ParseError(f"{fname}() takes {n} argument(s), got {len(node.args)}")

    def sum(self, node: ast.Call) -> Expr:
        if len(node.args) < 2:
            raise ParseError("Sum needs a body and at least one limit: Sum(body, (i, lo, hi))")
        args, cond = node.args[1:], None
        if isinstance(args[-1], (ast.Compare, ast.BoolOp, ast.UnaryOp)):
            args, cond = args[:-1], args[-1]
            if not args:
                raise ParseError("Sum needs a limit before its condition: Sum(body, (j, 1, n), j != c)")
        limits = []
        for lim in args:
            if not (isinstance(lim, ast.Tuple) and len(lim.elts) == 3 and isinstance(lim.elts[0], ast.Name)):
                raise ParseError("Sum limits must look like (i, lo, hi)")
            name = check_name(lim.elts[0].id, "summation index")
            if name in self.scope.quantities or name in self.scope.sizes:
                raise ParseError(f"summation index {name!r} clashes with a quantity or size")
            limits.append((index(name), self.bound_value(lim.elts[1]), self.bound_value(lim.elts[2])))
        names = [str(lim[0]) for lim in limits]
        self.bound.extend(names)
        try:
            body = self.value(node.args[0])
            if cond is not None:
                body = body * self.exclusion(cond, [lim[0] for lim in limits])
        finally:
            del self.bound[len(self.bound) - len(names):]
        # Limits are listed innermost first, as in SymPy.
        return sp.Sum(body, *limits)

    def exclusion(self, node: ast.expr, dummies: list) -> Expr:
        """The 0/1 factor of a Sum's condition: ``j != c`` is ``1 - δ(j, c)``, ``j == c`` is ``δ(j, c)``."""
        if not (isinstance(node, ast.Compare) and len(node.ops) == 1
                and isinstance(node.ops[0], (ast.NotEq, ast.Eq))):
            raise ParseError("a Sum's condition must compare two indices with != or ==, like j != c")
        a, b = self.index_value(node.left), self.index_value(node.comparators[0])
        if not ({a, b} & set(dummies)):
            raise ParseError("a Sum's condition must involve its summation index")
        dl = sp.KroneckerDelta(a, b)
        return 1 - dl if isinstance(node.ops[0], ast.NotEq) else dl

    # -- conditions ---------------------------------------------------------------
    def condition(self, node: ast.expr):
        """A Boolean: comparisons combined with and/or/not (SymPy ``Lt``, ``And``, ``Not`` …)."""
        if isinstance(node, ast.BoolOp):
            parts = [self.condition(v) for v in node.values]
            return sp.And(*parts) if isinstance(node.op, ast.And) else sp.Or(*parts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return sp.Not(self.condition(node.operand))
        if not isinstance(node, ast.Compare):
            raise ParseError("a condition must be a comparison (< <= > >= == !=), combined with and/or/not")
        rel = {ast.Lt: sp.Lt, ast.LtE: sp.Le, ast.Gt: sp.Gt, ast.GtE: sp.Ge, ast.Eq: sp.Eq, ast.NotEq: sp.Ne}
        terms = [self.operand(node.left)] + [self.operand(c) for c in node.comparators]
        out = []
        for op, a, b in zip(node.ops, terms, terms[1:]):
            if type(op) not in rel:
                raise ParseError(f"operator {type(op).__name__} is not allowed in a condition")
            # evaluate=False: j != c must stay a condition even where SymPy could decide it.
            out.append(rel[type(op)](a, b, evaluate=False))
        return out[0] if len(out) == 1 else sp.And(*out)

    def operand(self, node: ast.expr) -> Expr:
        """One side of a comparison: a value, or a bare name read as an index (``j != c``)."""
        if isinstance(node, ast.Name) and not (node.id in self.scope.quantities or node.id in self.scope.sizes
                                               or node.id in self.scope.labels or node.id in self.bound
                                               or node.id in RESERVED):
            return index(check_name(node.id, "index"))
        return self.value(node)

    def bound_value(self, node: ast.expr) -> Expr:
        """A summation limit: integers and sizes combined with + - *."""
        if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
            if abs(node.value) > MAX_NUMBER:
                raise ParseError(f"summation limit {node.value} is out of range")
            return sp.Integer(node.value)
        if isinstance(node, ast.Name):
            if node.id in self.scope.sizes:
                return self.scope.sizes[node.id]
            raise ParseError(f"summation limit {node.id!r} is not a size")
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult)):
            a, b = self.bound_value(node.left), self.bound_value(node.right)
            return {ast.Add: a + b, ast.Sub: a - b, ast.Mult: a * b}[type(node.op)]
        raise ParseError("a summation limit must be an integer, a size, or + - * of those")

    def diff(self, node: ast.Call) -> Expr:
        """``diff(A, B)``; ``diff(A, B, C)`` and ``diff(diff(A, B), C)`` are nested derivatives (a Hessian)."""
        if not 2 <= len(node.args) <= 1 + MAX_DIFF_ORDER:
            raise ParseError(f"diff() takes 2 to {1 + MAX_DIFF_ORDER} arguments, got {len(node.args)}")
        nested = sum(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "diff"
                     for n in ast.walk(node))
        if nested + len(node.args) - 2 > MAX_DIFF_ORDER:
            raise ParseError(f"derivatives of order above {MAX_DIFF_ORDER} are not allowed")
        out = self.value(node.args[0])
        for var in node.args[1:]:
            if not isinstance(var, (ast.Name, ast.Subscript)):
                raise ParseError("diff(A, B): B must be a quantity or an entry of one, like W[j, k]")
            b = self.value(var)
            if not (isinstance(b, sp.Indexed) or (isinstance(b, Symbol) and str(b) in self.scope.quantities)):
                raise ParseError("diff(A, B): B must be a quantity or an entry of one, like W[j, k]")
            out = sp.Derivative(out, b, evaluate=False)
        return out


MAX_NUMBER_BITS = 4096
MAX_DIFF_ORDER = 3  # diff() calls in one expression (nested or as extra variables)


def _number_bits(expr: Expr) -> int:
    """Bits of the largest numerator or denominator among the numbers in ``expr``."""
    return max((max(abs(r.p).bit_length(), r.q.bit_length()) for r in expr.atoms(sp.Rational)), default=1)


def parse_expression(text: str, scope: Scope) -> Expr:
    """Parse one expression of the derivation-file grammar into SymPy."""
    tree = _syntax_tree(text)
    try:
        expr = _Builder(text, scope).value(tree)
    except RecursionError:
        raise ParseError("expression is too deeply nested") from None
    except MemoryError:
        raise ParseError("expression is too large to build") from None
    if expr.has(sp.I, sp.zoo, sp.oo, sp.nan):
        raise ParseError("the expression has a complex or infinite constant (e.g. (-1)**0.5 or 0**-1)")
    return expr


def parse_equation(text: str, scope: Scope) -> tuple[Expr, Expr]:
    """Parse ``lhs = rhs`` (exactly one ``=``) into its two sides."""
    if not isinstance(text, str):
        raise ParseError(f"expected an equation string 'lhs = rhs', got {type(text).__name__}")
    if len(text) > 2 * MAX_EXPR_CHARS:
        raise ParseError(f"equation is {len(text)} characters long (limit {2 * MAX_EXPR_CHARS})")
    # One '=' between the sides; '==', '<=', '>=', '!=' belong to conditions inside them.
    splits = [m.start() for m in _EQUALS.finditer(text)]
    if len(splits) != 1:
        raise ParseError("an equation needs exactly one '=' between its sides")
    left, right = text[:splits[0]], text[splits[0] + 1:]
    return parse_expression(left, scope), parse_expression(right, scope)


_EQUALS = re.compile(r"(?<![=<>!])=(?!=)")


def parse_condition(text: str, scope: Scope):
    """Parse a condition (``j != c``, ``T > 0``, ``a < b and not c == d``) into a SymPy Boolean."""
    tree = _syntax_tree(text)
    try:
        cond = _Builder(text, scope).condition(tree)
    except RecursionError:
        raise ParseError("condition is too deeply nested") from None
    if cond.has(sp.I, sp.zoo, sp.oo, sp.nan):
        raise ParseError("the condition has a complex or infinite constant")
    return cond
