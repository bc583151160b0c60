"""LaTeX math → SymPy: gives the groups of ``derive.documents.grammar`` their meaning.

The result is the same expression objects the derivation-file parser builds (see
``derive.verify.parser``): quantity entries from ``Scope.base``, indices from
``derive.indexcalc.index``, sizes from the context, unresolved ``Derivative``s.  Names come
only from the context (declared quantities, sizes, the ``[symbols]`` table) and the fixed
macro tables; nothing the document writes is evaluated.  Every problem is a ``ParseError``
that says what could not be read.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

import sympy as sp
from sympy import Expr, Symbol

from ..indexcalc import fresh_index, index
from ..verify.parser import (MAX_EXPONENT, MAX_EXPONENT_DENOMINATOR, MAX_NUMBER, MAX_NUMBER_BITS, ParseError,
                             Scope, _number_bits)
from .grammar import Token, Tree, parse_tree, prepare
from .macros import CONSTRUCTS, FUNCTION_MACROS, VARIADIC

MATRIX = "(matrix notation is not supported yet)"
#: Decorations that leave the letter's meaning alone (``\mathbf{x}`` is ``x``).
PLAIN_ACCENTS = frozenset({"mathbf", "boldsymbol", "bm", "vec", "mathit", "mathnormal", "pmb", "mathrm"})
TRANSPOSE = frozenset({r"\top", r"\intercal", "T", r"\mathsf{T}", r"\mathrm{T}", r"\mathbf{T}", r"\mathit{T}"})
MATRIX_MACROS = frozenset({r"\odot", r"\otimes", r"\circ", r"\nabla", r"\top", r"\intercal"})
SUPPORTED = (r"\frac \dfrac \tfrac \partial \sum \prod \delta_{ij} \mathbb{1}[...] \cdot \times \sqrt "
             r"\left \right \hat \mathbf \boldsymbol \bm \vec \text \pi e^{...} Greek letters "
             + " ".join(sorted(FUNCTION_MACROS)))


def cannot(what: str, why: str = "") -> ParseError:
    """The reader's one error shape: ``cannot read WHAT (…)``."""
    return ParseError(f"cannot read {what} " + (why or f"(supported: {SUPPORTED})"))


@dataclass(frozen=True)
class MathContext:
    """What names in a document's math mean: the context's quantities, sizes, symbols, labels."""

    scope: Scope
    shapes: Mapping[str, tuple]
    symbols: Mapping[str, str] = field(default_factory=dict)

    @property
    def labels(self) -> Mapping[str, tuple]:
        """Integer labels (issue 11's ``[labels]``), when the scope has them."""
        return getattr(self.scope, "labels", None) or {}


# -- markers: pieces of a product that are not values on their own ----------------------------
@dataclass
class Func:
    """A function head (``\\exp``) waiting for its argument."""
    construct: str
    macro: str
    power: int = 1  # \tanh^2(x) is tanh(x)²


@dataclass
class Partial:
    """``\\partial`` (or ``d``) with its order, waiting for what it differentiates."""
    order: int = 1


@dataclass
class PartialOf:
    """``\\partial X``: one side of a derivative written with ``/`` or in a fraction."""
    expr: Expr
    order: int = 1


@dataclass
class DiffOp:
    """``\\frac{\\partial}{\\partial x}`` or ``\\nabla_x``: applies to what follows."""
    variables: tuple


@dataclass
class Indicator:
    """``\\mathbb{1}`` waiting for its condition ``[...]``."""


@dataclass
class Args:
    """``(a, b)``: the arguments of a function of several variables."""
    values: tuple


@dataclass
class Cond:
    """``i = j`` or ``j \\ne c`` inside brackets."""
    rel: object


@dataclass
class Powered:
    """``(a)^2`` right after a function head: ``\\sigma(z)^2`` is ``σ(z)²``, not ``σ(z²)``."""
    base: Expr
    exp: Expr


@dataclass
class VecEntry:
    """``(z)_i`` with ``z`` a vector quantity: the argument of ``\\operatorname{softmax}``."""
    name: str
    idx: Expr


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


class Builder:
    """Walks one side's syntax tree and builds its SymPy expression."""

    def __init__(self, text: str, ctx: MathContext):
        self.text, self.ctx = text, ctx
        self.bound: list[str] = []

    def src(self, tree: Tree | Token) -> str:
        """The source text of a subtree, without spaces (for the ``[symbols]`` table)."""
        if isinstance(tree, Token):
            return _norm(str(tree))
        return _norm(self.text[tree.meta.start_pos:tree.meta.end_pos])

    # -- sums and products ------------------------------------------------------------------
    def expr(self, t: Tree) -> Expr:
        terms, sign = [], 1
        for c in t.children:
            if isinstance(c, Token):
                sign = -1 if c == "-" else 1
            else:
                terms.append(sign * self.signed(c))
        return sp.Add(*terms)  # one Add: summing term by term is quadratic

    def signed(self, t: Tree) -> Expr:
        sign = 1
        for c in t.children[:-1]:
            sign = -sign if c == "-" else sign
        return sign * self.value(self.product(t.children[-1]))

    def value(self, piece) -> Expr:
        if isinstance(piece, Expr):
            return piece
        if isinstance(piece, Powered):
            return piece.base ** piece.exp
        if isinstance(piece, Func):
            raise cannot(piece.macro, "(a function needs an argument here)")
        if isinstance(piece, (Partial, PartialOf, DiffOp)):
            raise cannot(r"\partial", "(a derivative is written \\frac{\\partial L}{\\partial z_j} or "
                                      "\\partial L / \\partial z_j)")
        if isinstance(piece, Indicator):
            raise cannot(r"\mathbb{1}", "(write the condition in brackets: \\mathbb{1}[i = j])")
        if isinstance(piece, Args):
            raise cannot("a list in parentheses", "(only a function of several arguments takes one)")
        if isinstance(piece, Cond):
            raise cannot("a condition", "(only \\mathbb{1}[...] and \\sum_{j \\ne c} take one)")
        raise cannot("this vector", MATRIX)

    def product(self, t: Tree):
        """The pieces of a product, combined: ∂ pairs, then function heads, then × and /."""
        items, op = [], None
        for c in t.children:
            if isinstance(c, Token) and c.type == "MULOP":
                op = "/" if c == "/" else "*"
                continue
            items.append([op, self.factor(c)])
            op = None
        items = self._pair_partials(items)
        items = self._apply_heads(items)
        return self._multiply(items)

    def _pair_partials(self, items: list) -> list:
        out = []
        for op, piece in items:
            prev = out[-1][1] if out else None
            if isinstance(prev, Partial) and op is None and isinstance(piece, Expr):
                out[-1][1] = PartialOf(piece, prev.order)
            else:
                out.append([op, piece])
        return out

    def _apply_heads(self, items: list) -> list:
        for n in range(len(items) - 2, -1, -1):
            head, (op, arg) = items[n][1], items[n + 1]
            if op is not None:
                continue
            if isinstance(head, Func) and isinstance(arg, Powered):
                items[n][1] = (self.apply(head, arg.base) ** head.power) ** arg.exp
            elif isinstance(head, Func) and isinstance(arg, (Expr, Args, VecEntry)):
                items[n][1] = self.apply(head, arg) ** head.power
            elif isinstance(head, Indicator) and isinstance(arg, Cond):
                items[n][1] = indicator(arg.rel)
            elif isinstance(head, DiffOp) and isinstance(arg, Expr):
                items[n][1] = derivative(arg, head.variables)
            else:
                continue
            del items[n + 1]
        return items

    def _multiply(self, items: list):
        if len(items) == 1:
            return items[0][1]
        acc, n = self.value(items[0][1]) if not isinstance(items[0][1], PartialOf) else items[0][1], 1
        while n < len(items):
            op, piece = items[n]
            n += 1
            if op == "/" and isinstance(acc, PartialOf):
                variables = []
                while isinstance(piece, PartialOf) and len(variables) < acc.order:
                    variables += [piece.expr] * piece.order
                    piece = items[n][1] if n < len(items) and items[n][0] is None else None
                    n += piece is not None
                if len(variables) != acc.order:
                    raise cannot(r"\partial", "(the orders of ∂ above and below the line differ)")
                acc = derivative(acc.expr, tuple(variables))
                if piece is None:
                    continue
                op = None
            acc, piece = self.value(acc), self.value(piece)
            if op == "/" and n < len(items) and items[n][0] is None:
                # a / b c: some readers mean (a/b) c, others a/(b c); a checker must not guess
                raise cannot("a / b c", "(ambiguous: write \\frac{a}{b c} or \\frac{a}{b} c)")
            if op == "/":
                if piece == 0:
                    raise ParseError("division by zero")
                acc = acc / piece
            else:
                acc = acc * piece
        return self.value(acc)

    def apply(self, head: Func, arg) -> Expr:
        if head.construct == "softmax":
            if not isinstance(arg, VecEntry):
                raise cannot(head.macro, "(write it for one entry: \\operatorname{softmax}(z)_i)")
            base = self.ctx.scope.base(arg.name)
            k = fresh_index({arg.idx} | {index(b) for b in self.bound})
            n = self.ctx.shapes[arg.name][0]
            return sp.exp(base[arg.idx]) / sp.Sum(sp.exp(base[k]), (k, 1, n))
        if isinstance(arg, VecEntry):
            raise cannot(head.macro + "(...)_i", MATRIX)
        args = arg.values if isinstance(arg, Args) else (arg,)
        if head.construct not in VARIADIC and len(args) != 1:
            raise cannot(head.macro, f"(it takes one argument, got {len(args)})")
        if head.construct in VARIADIC and len(args) < 2:
            raise cannot(head.macro, "(write \\max(a, b); a maximum over an index is not supported)")
        return CONSTRUCTS[head.construct](*args)

    # -- factors ----------------------------------------------------------------------------
    def factor(self, t: Tree):
        kind = t.data
        if kind == "scripted":
            return self.scripted(t)
        if kind == "bigop":
            return self.bigop(t)
        if kind == "frac":
            return self.frac(t)
        if kind == "sqrt":
            return sp.sqrt(self.value(self.fracarg(t.children[1])))
        raise cannot(kind)

    def scripted(self, t: Tree):
        prim = t.children[0].children[0]
        sub = sup = None
        if len(t.children) > 1:
            for s in t.children[1].children:
                sub, sup = (s, sup) if s.data == "sub" else (sub, s)
        if sup is not None and self.is_transpose(sup.children[0]):
            raise cannot("a transpose", MATRIX)
        if isinstance(prim, Tree) and prim.data == "paren":
            val = self.paren(prim, sub)
        elif isinstance(prim, Tree) and prim.data == "group":
            if sub is not None:
                raise cannot("a subscript on a braced group")
            val = self.product_or_expr(prim.children[0])
        elif isinstance(prim, Token) and prim.type == "NUMBER":
            if sub is not None:
                raise cannot(f"{prim}_{{...}}", "(a number cannot be indexed)")
            val = number(str(prim))
        else:
            val = self.named(prim, sub)
        if sup is None:
            return val
        powered = self.power(val, sup.children[0])
        if isinstance(prim, Tree) and prim.data == "paren" and isinstance(val, Expr) and isinstance(powered, Expr):
            return Powered(val, self.exponent(sup.children[0]))
        return powered

    def product_or_expr(self, t: Tree):
        """An ``expr`` that is one product stays a piece (so ``{\\partial L}`` is still a ∂ pair)."""
        if len(t.children) == 1 and len(t.children[0].children) == 1:
            return self.product(t.children[0].children[0])
        return self.expr(t)

    def paren(self, t: Tree, sub) -> object:
        left, conds, right = t.children
        pairs = {"(": ")", "[": "]", "\\{": "\\}", "\\lvert": "\\rvert", "\\lVert": "\\rVert",
                 "\\langle": "\\rangle"}
        if pairs.get(str(left)) != str(right):
            raise cannot(f"{left} … {right}", "(the brackets do not match)")
        if str(left) in ("\\lVert", "\\langle"):
            raise cannot(str(left), MATRIX)
        items = conds.children
        if sub is not None:
            name = self.bare_vector(items[0]) if len(items) == 1 else None
            if name is None:
                raise cannot("a subscript on parentheses", "(only \\operatorname{softmax}(z)_i)")
            return VecEntry(name, self.one_index(sub.children[0]))
        values = tuple(self.cond(c) for c in items)
        if str(left) == "\\lvert":
            if len(values) != 1 or not isinstance(values[0], Expr):
                raise cannot("\\lvert … \\rvert", "(an absolute value holds one expression)")
            return sp.Abs(values[0])
        if len(values) == 1:
            return values[0]
        if any(isinstance(v, Cond) for v in values):
            raise cannot("a list of conditions")
        return Args(values)

    def cond(self, t: Tree):
        if len(t.children) == 1:
            return self.product_or_expr(t.children[0])
        if len(t.children) != 3:
            raise cannot("a chained comparison", "(only under \\sum: \\sum_{1 \\le i \\le n})")
        a, op, b = t.children
        lhs, rhs = self.cond_side(a), self.cond_side(b)
        rel = {"=": sp.Eq, "<": sp.Lt, ">": sp.Gt, r"\lt": sp.Lt, r"\gt": sp.Gt, r"\ne": sp.Ne, r"\neq": sp.Ne,
               r"\le": sp.Le, r"\leq": sp.Le, r"\ge": sp.Ge, r"\geq": sp.Ge}.get(str(op))
        if rel is None:
            raise cannot(str(op), "(inside brackets only = \\ne < > \\le \\ge)")
        return Cond(rel(lhs, rhs, evaluate=False))

    def cond_side(self, t: Tree) -> Expr:
        """A side of a condition: a letter there is an index (``i = j``), else a value."""
        u = self.unwrap(t)
        if isinstance(u, Token) and u.type in ("LETTER", "CMD") and not self.declared(str(u).lstrip("\\")) \
                and str(u).lstrip("\\") not in self.ctx.labels and str(u) not in self.ctx.symbols:
            return index(str(u).lstrip("\\"))
        return self.value(self.product_or_expr(t))

    def fracarg(self, t: Tree):
        c = t.children[0] if t.children else None
        if isinstance(c, Tree):
            return self.product_or_expr(c) if c.data == "expr" else self.named(c, None)
        return self.token_value(c)

    def token_value(self, tok: Token):
        if tok.type == "DIGIT":
            return sp.Integer(int(tok))
        if tok.type == "NUMBER":
            return number(str(tok))
        return self.named(tok, None)

    def frac(self, t: Tree):
        num = self.fracarg(t.children[1])
        if isinstance(num, (Partial, PartialOf)):
            return self.frac_derivative(num, t.children[2])
        num, den = self.value(num), self.value(self.fracarg(t.children[2]))
        if den == 0:
            raise ParseError("division by zero")
        return num / den

    def frac_derivative(self, num, den_tree: Tree):
        """``\\frac{\\partial^k F}{\\partial x \\partial y}``: nested ``Derivative``s (an operator if F is absent)."""
        den = den_tree.children[0]
        if not isinstance(den, Tree) or len(den.children) != 1 or len(den.children[0].children) != 1:
            raise cannot(r"\frac{\partial …}{…}", "(the denominator must be ∂x or ∂x ∂y)")
        items, op = [], None
        for c in den.children[0].children[0].children:
            if isinstance(c, Token):
                raise cannot(str(c), "(in the denominator of a derivative)")
            items.append([None, self.factor(c)])
        items = self._pair_partials(items)
        variables = []
        for _, piece in items:
            if not isinstance(piece, PartialOf):
                raise cannot(r"\frac{\partial …}{…}", "(the denominator must be ∂x or ∂x ∂y)")
            var, times = piece.expr, piece.order
            if isinstance(var, sp.Pow) and var.exp.is_Integer and 2 <= var.exp <= 4:
                var, times = var.base, times * int(var.exp)  # ∂z_i^2: twice by z_i
            variables += [var] * times
        if len(variables) != num.order:
            raise cannot(r"\partial", "(the orders of ∂ above and below the line differ)")
        if isinstance(num, Partial):
            return DiffOp(tuple(variables))
        return derivative(num.expr, tuple(variables))

    def exponent(self, sup: Tree) -> Expr:
        arg = sup.children[0] if sup.children else None
        if arg is None:
            raise cannot("an empty superscript")
        return self.value(self.fracarg(sup) if isinstance(arg, Tree) else self.token_value(arg))

    def power(self, val, sup: Tree):
        ex = self.exponent(sup)
        if isinstance(val, Partial):
            if not (ex.is_Integer and 1 <= ex <= 4):
                raise cannot(r"\partial^{...}", "(the order of a derivative is 1 to 4)")
            return Partial(int(ex))
        if val is sp.E:
            return sp.exp(ex)
        if isinstance(val, Func):
            if not (ex.is_Integer and 2 <= ex <= MAX_EXPONENT) or val.power != 1:
                raise cannot(f"{val.macro}^{{{ex}}}", "(write the power after the argument: \\log(x)^2)")
            return Func(val.construct, val.macro, int(ex))
        val = self.value(val)
        if not (ex.is_Rational and abs(ex) <= MAX_EXPONENT and ex.q <= MAX_EXPONENT_DENOMINATOR):
            raise ParseError(f"exponent {ex} is not allowed (a number with |e| <= {MAX_EXPONENT}, "
                             f"denominator <= {MAX_EXPONENT_DENOMINATOR})")
        if _number_bits(val) * abs(ex) > MAX_NUMBER_BITS:
            raise ParseError(f"a number in this power would exceed {MAX_NUMBER_BITS} bits")
        if val == 0 and ex < 0:
            raise ParseError("division by zero")
        return val ** ex

    def is_transpose(self, sup: Tree) -> bool:
        written = self.src(sup)
        return (written in TRANSPOSE or written[1:-1] in TRANSPOSE) and not (written.strip("{}") == "T"
                                                                            and self.declared("T"))

    def declared(self, name: str) -> bool:
        return name in self.ctx.scope.quantities or name in self.ctx.scope.sizes

    # -- names ------------------------------------------------------------------------------
    def named(self, prim, sub):
        """A letter, macro, decorated letter or ``\\text``: a quantity entry, size, index, constant or marker."""
        written = self.src(prim)
        if written in self.ctx.symbols:
            return self.quantity(self.ctx.symbols[written], sub)
        if isinstance(prim, Tree):  # accent
            return self.accented(prim, sub)
        kind, name = prim.type, str(prim)
        if kind == "LETTER":
            return self.letter(name, sub)
        if kind == "CMD":
            return self.macro(name, sub)
        if kind == "OPNAME":
            macro = r"\operatorname{" + re.sub(r"^\\operatorname\*?\{|\}$", "", written) + "}"
            return self.function(macro, sub)
        raise cannot(written, "(map it to a quantity in [symbols])")

    def letter(self, name: str, sub):
        if self.declared(name) or name in self.ctx.labels:
            return self.quantity(name, sub)
        upper = name.upper()
        if sub is not None and name.islower() and self.ctx.scope.quantities.get(upper, 0) > 0:
            entry = self.quantity(upper, sub)  # the tutorial's w_{11} for W_{11}: explicit entries only
            if all(i.is_Integer for i in entry.indices):
                return entry
        if name in self.bound:
            if sub is not None:
                raise cannot(f"{name}_{{...}}", f"({name} is a summation index)")
            return index(name)
        if sub is None and name == "e":
            return sp.E
        if sub is None and name == "d":
            return Partial()
        raise ParseError(f"unknown symbol {name!r}: declare it in the derive block ([inputs] or [define]) "
                         f"or map it in [symbols]")

    def macro(self, macro: str, sub):
        name = macro[1:]
        if self.declared(name) or name in self.ctx.labels:
            return self.quantity(name, sub)
        if name == "partial" and sub is None:
            return Partial()
        if name == "delta" and sub is not None:
            idx = self.indices(sub.children[0], 2)
            return sp.KroneckerDelta(*idx)
        if name == "pi" and sub is None:
            return sp.pi
        if name == "nabla" and sub is not None:
            var = self.value(self.subscript_value(sub.children[0]))
            return DiffOp((check_variable(var, self.ctx),))
        if macro in FUNCTION_MACROS:
            return self.function(macro, sub)
        if macro in MATRIX_MACROS:
            raise cannot(macro, MATRIX)
        if name in GREEK:
            raise ParseError(f"unknown symbol {macro}: declare a quantity named {name!r} in the derive block "
                             f"or map {macro} in [symbols]")
        raise cannot(macro)

    def function(self, macro: str, sub):
        if macro not in FUNCTION_MACROS:
            raise cannot(macro)
        construct = FUNCTION_MACROS[macro]
        if construct is None:
            raise cannot(macro, MATRIX)
        if sub is not None:
            raise cannot(f"{macro}_{{...}}", "(a function takes no subscript)")
        return Func(construct, macro)

    def accented(self, t: Tree, sub):
        accent, arg = str(t.children[0])[1:], self.unwrap(t.children[1].children[0])
        inner = self.src(arg)
        if accent == "mathbb" and inner == "1":
            if sub is not None:
                return indicator(self.subscript_cond(sub.children[0]))
            return Indicator()
        if accent in PLAIN_ACCENTS and isinstance(arg, Token) and arg.type in ("LETTER", "CMD"):
            if accent == "mathrm" and inner == "d" and sub is None and not self.declared("d"):
                return Partial()
            return self.named(arg, sub)
        raise cannot(self.src(t), f"(map it to a quantity in [symbols], like '{self.src(t)}' = \"name\")")

    def quantity(self, name: str, sub):
        scope = self.ctx.scope
        if name in self.ctx.labels and not self.declared(name):
            return self.label(name, sub)
        if name in scope.sizes:
            if sub is not None:
                raise cannot(f"{name}_{{...}}", f"({name} is a size)")
            return scope.sizes[name]
        if name not in scope.quantities:
            raise ParseError(f"[symbols] maps to {name!r}, which the derive block does not declare")
        axes = scope.quantities[name]
        if not axes:
            if sub is not None:
                raise cannot(f"{name}_{{...}}", f"({name} is a scalar and cannot be indexed)")
            return scope.base(name)
        if sub is None:
            raise cannot(name, f"alone: {name} has {axes} ax(es); write an entry like {name}_{{{'ijkl'[:axes]}}} "
                               f"{MATRIX}")
        return scope.base(name)[self.indices(sub.children[0], axes)]

    def label(self, name: str, sub):
        shape = self.ctx.labels[name]
        if not shape:
            if sub is not None:
                raise cannot(f"{name}_{{...}}", f"(the label {name} is a scalar)")
            return Symbol(name, integer=True, positive=True)
        if sub is None:
            raise cannot(name, f"alone: the label {name} has {len(shape)} ax(es)")
        return sp.IndexedBase(name, integer=True, positive=True)[self.indices(sub.children[0], len(shape))]

    # -- indices ----------------------------------------------------------------------------
    def indices(self, arg, axes: int) -> tuple:
        """The indices of a subscript: ``_i``, ``_{ij}``, ``_{i,j}``, ``_{11}`` (digits split for a matrix)."""
        if isinstance(arg, Tree) and arg.data == "subarg":
            arg = arg.children[0]
        if isinstance(arg, Token) or arg.data == "accent":
            items = [arg]
        else:
            conds = arg.children
            items = [c.children[0] for c in conds] if len(conds) > 1 else self.split(conds[0], axes)
        if len(items) != axes:
            raise cannot(f"_{{{self.src(arg)}}}", f"(expected {axes} ind(ex/ices), found {len(items)})")
        return tuple(self.index_of(i) for i in items)

    def split(self, cond: Tree, axes: int) -> list:
        if len(cond.children) != 1:
            raise cannot("a condition in a subscript")
        expr = cond.children[0]
        factors = expr.children[0].children[-1].children if len(expr.children) == 1 else None
        if factors and len(expr.children[0].children) == 1:
            if len(factors) > 1 and not any(isinstance(f, Token) for f in factors):
                return list(factors)
            written = self.src(expr)
            if len(factors) == 1 and written.isdigit() and len(written) == axes:
                return [Token("DIGIT", ch) for ch in written]
        return [expr]

    def one_index(self, arg) -> Expr:
        return self.indices(arg, 1)[0]

    def index_of(self, item) -> Expr:
        """One index: a letter (an index or a label), a positive integer, or a label entry like ``y_i``."""
        item = self.unwrap(item)
        if isinstance(item, Token) and item.type == "DIGIT":
            return sp.Integer(int(item)) if int(item) >= 1 else self._bad_index(item)
        if isinstance(item, Token) and item.type in ("LETTER", "CMD"):
            name = str(item).lstrip("\\")
            if name in self.ctx.labels:
                return self.label(name, None)
            if self.declared(name):
                raise cannot(f"_{{{name}}}", f"({name} is a quantity or size, not an index)")
            return index(name)
        val = self.value(self.subscript_value(item))
        if val.is_Integer and 1 <= val <= MAX_NUMBER:
            return val
        if isinstance(val, Symbol) and val.is_integer or (isinstance(val, sp.Indexed) and val.is_integer):
            return val
        return self._bad_index(item)

    def _bad_index(self, item):
        raise cannot(f"_{{{self.src(item)}}}", "(an index is a letter, a positive integer or a label like y_i)")

    def subscript_value(self, item):
        if isinstance(item, Tree) and item.data == "subarg":
            item = item.children[0]
            if isinstance(item, Tree) and item.data == "conds":
                item = item.children[0].children[0]
        if isinstance(item, Token):
            return self.token_value(item)
        if item.data == "accent":
            return self.named(item, None)
        if item.data == "expr":
            return self.product_or_expr(item)
        return self.factor(item)

    def subscript_cond(self, arg) -> object:
        arg = arg.children[0] if isinstance(arg, Tree) and arg.data == "subarg" else arg
        if isinstance(arg, Tree) and arg.data == "conds" and len(arg.children) == 1:
            c = self.cond(arg.children[0])
            if isinstance(c, Cond):
                return c.rel
        raise cannot(r"\mathbb{1}_{...}", "(write a condition like \\mathbb{1}_{i = j})")

    def bare_vector(self, cond: Tree) -> str | None:
        """The name of a vector quantity written alone (``z``, ``\\mathbf{z}``), else None."""
        if len(cond.children) != 1:
            return None
        expr = cond.children[0]
        if len(expr.children) != 1 or len(expr.children[0].children) != 1:
            return None
        factors = expr.children[0].children[0].children
        if len(factors) != 1 or factors[0].data != "scripted" or len(factors[0].children) != 1:
            return None
        prim = factors[0].children[0].children[0]
        written = self.src(prim)
        if written in self.ctx.symbols:
            name = self.ctx.symbols[written]
        elif isinstance(prim, Tree) and prim.data == "accent" and str(prim.children[0])[1:] in PLAIN_ACCENTS:
            name = self.src(prim.children[1]).strip("{}").lstrip("\\")
        elif isinstance(prim, Token) and prim.type in ("LETTER", "CMD"):
            name = str(prim).lstrip("\\")
        else:
            return None
        return name if self.ctx.scope.quantities.get(name) == 1 else None

    # -- sums -------------------------------------------------------------------------------
    def bigop(self, t: Tree):
        op = str(t.children[0])
        script = t.children[1] if len(t.children) == 3 else None
        body_tree = t.children[-1]
        sub = sup = None
        for s in (script.children if script is not None else ()):
            sub, sup = (s, sup) if s.data == "sub" else (sub, s)
        if sub is None:
            raise cannot(op, "(name the summation index: \\sum_i or \\sum_{i=1}^{n})")
        limits = self.limits(sub.children[0], sup)
        names = [str(lim[0]) for lim in limits]
        self.bound.extend(names)
        try:
            body = self.value(self.product(body_tree))
        finally:
            del self.bound[len(self.bound) - len(names):]
        for var, lo, hi, excluded in reversed(limits):
            if hi is None:
                hi = axis_size(body, var, self.ctx.shapes)
                if hi is None:
                    raise cannot(f"{op}_{var}", f"(the range of {var} is unclear: write {op}_{{{var}=1}}^{{n}})")
            if excluded is not None:
                body = body * (1 - sp.KroneckerDelta(var, excluded))
            body = (sp.Sum if op == r"\sum" else sp.Product)(body, (var, lo, hi))
        return body

    def limits(self, arg, sup) -> list:
        """``(index, lo, hi or None, excluded or None)`` for each index under ``\\sum``."""
        arg = arg.children[0] if isinstance(arg, Tree) and arg.data == "subarg" else arg
        if isinstance(arg, Token):
            conds = [arg]
        elif arg.data == "conds":
            conds = arg.children
        else:
            raise cannot(self.src(arg), "(under \\sum write i, i=1 or j \\ne c)")
        if sup is not None and len(conds) != 1:
            raise cannot(r"\sum", "(an upper limit needs exactly one index)")
        out = []
        for c in conds:
            if isinstance(c, Token):
                var_tree, op, rhs = c, None, None
            elif len(c.children) == 5 and {str(c.children[1]), str(c.children[3])} <= {r"\le", r"\leq"}:
                var = self.summation_index(c.children[2])
                out.append((var, self.limit(c.children[0]), self.limit(c.children[4]), None))
                continue
            elif len(c.children) == 3:
                var_tree, op, rhs = c.children
            else:
                var_tree, op, rhs = c.children[0], None, None
            var = self.summation_index(var_tree)
            lo, hi, excluded = sp.Integer(1), None, None
            if op is not None and str(op) == "=":
                lo = self.limit(rhs)
            elif op is not None and str(op) in (r"\ne", r"\neq"):
                excluded = self.index_of(self.unwrap(rhs))
            elif op is not None:
                raise cannot(str(op), "(under \\sum write i, i=1 or j \\ne c)")
            if sup is not None:
                hi = self.limit(sup.children[0])
            elif op is not None and str(op) == "=":
                raise cannot(r"\sum", f"(give the upper limit: \\sum_{{{var}=…}}^{{n}})")
            out.append((var, lo, hi, excluded))
        return out

    def unwrap(self, t):
        """The single token or factor an expression tree consists of (for indices)."""
        while isinstance(t, Tree) and t.data in ("expr", "signed", "product", "scripted", "primary") \
                and len(t.children) == 1:
            t = t.children[0]
        return t

    def summation_index(self, t) -> Symbol:
        tok = self.unwrap(t)
        if not (isinstance(tok, Token) and tok.type in ("LETTER", "CMD")):
            raise cannot(self.src(t), "(a summation index is one letter)")
        name = str(tok).lstrip("\\")
        if self.declared(name):
            raise cannot(f"_{{{name}}}", f"({name} is a quantity or size, not a summation index)")
        return index(name)

    def limit(self, t) -> Expr:
        if isinstance(t, Tree) and t.data == "suparg":
            t = t.children[0]
        val = self.value(self.subscript_value(t) if not (isinstance(t, Tree) and t.data == "expr")
                         else self.expr(t))
        sizes = {v for v in self.ctx.scope.sizes.values() if isinstance(v, Symbol)}
        if not (val.is_integer and val.free_symbols <= sizes) or abs(val.as_coeff_Add()[0]) > MAX_NUMBER:
            raise cannot(self.src(t), "(a summation limit is an integer, a size, or + - of those)")
        return val


# -- helpers ------------------------------------------------------------------------------------
GREEK = frozenset("""alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu
xi omicron pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda
Xi Pi Sigma Upsilon Phi Psi Omega""".split())


def number(text: str) -> Expr:
    """A decimal literal as an exact rational, within the file format's bounds."""
    if len(text) > 40:
        raise ParseError(f"number {text[:20]}… is too long")
    frac = Fraction(text)
    if abs(frac) > MAX_NUMBER or (frac and abs(frac) < Fraction(1, MAX_NUMBER)):
        raise ParseError(f"number {text} is out of range (magnitude must be within 1e-9 .. 1e9)")
    return sp.Rational(frac.numerator, frac.denominator)


def indicator(rel) -> Expr:
    """``\\mathbb{1}[cond]``: a Kronecker delta for (in)equality of indices, else a Piecewise."""
    if isinstance(rel, sp.Eq) and all(a.is_integer for a in rel.args):
        return sp.KroneckerDelta(*rel.args)
    if isinstance(rel, sp.Ne) and all(a.is_integer for a in rel.args):
        return 1 - sp.KroneckerDelta(*rel.args)
    return sp.Piecewise((1, rel), (0, True))


def check_variable(var: Expr, ctx: MathContext) -> Expr:
    """What ∂ may be taken by: an entry of a quantity, or a scalar quantity."""
    if isinstance(var, sp.Indexed) and str(var.base) in ctx.scope.quantities:
        return var
    if isinstance(var, Symbol) and var.name in ctx.scope.quantities and not ctx.scope.quantities[var.name]:
        return var
    raise ParseError("a derivative must be taken by a quantity or an entry of one, like \\partial W_{jk}")


def derivative(expr: Expr, variables: tuple) -> Expr:
    """Nested unevaluated ``Derivative``s, innermost first (the shared contract's form)."""
    for v in variables:
        if not (isinstance(v, sp.Indexed) or isinstance(v, Symbol)):
            raise ParseError("a derivative must be taken by a quantity or an entry of one, like \\partial W_{jk}")
        expr = sp.Derivative(expr, v, evaluate=False)
    return expr


def axis_size(body: Expr, var: Symbol, shapes: Mapping[str, tuple]) -> Expr | None:
    """The size of the first axis ``var`` indexes in ``body`` (the range of ``\\sum_i``)."""
    for e in sp.preorder_traversal(body):
        if isinstance(e, sp.Indexed) and str(e.base) in shapes:
            for idx, dim in zip(e.indices, shapes[str(e.base)]):
                if idx == var:
                    return dim
    return None


def read_math(text: str, ctx: MathContext) -> Expr:
    """One side of an equation, written in LaTeX, as a SymPy expression."""
    text = prepare(text)
    tree = parse_tree(text)
    b = Builder(text, ctx)
    try:
        expr = b.expr(tree.children[0])
    except RecursionError:
        raise ParseError("the math is nested too deeply") from None
    for d in expr.atoms(sp.Derivative):
        for v in d.variables:
            check_variable(v, ctx)
    if expr.has(sp.I, sp.zoo, sp.oo, sp.nan):
        raise ParseError("the expression has a complex or infinite constant")
    return expr


#: every macro the reader gives a meaning to (a document may not redefine these)
KNOWN_MACROS = frozenset(
    {m for m in FUNCTION_MACROS if "{" not in m} | {"\\" + g for g in GREEK} | set(re.findall(
        r"\\[A-Za-z]+", r"\frac \dfrac \tfrac \partial \sum \prod \delta \mathbb \mathbf \boldsymbol \bm \vec \hat "
                         r"\bar \tilde \cdot \times \left \right \sqrt \operatorname \text \mathrm \mathsf \nabla "
                         r"\top \intercal \odot \ne \neq \le \leq \ge \geq \quad \qquad \big \Big \bigg \Bigg "
                         r"\tag \label \begin \end \lvert \rvert")))
