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

import sympy as sp
from sympy import Expr

from ..indexcalc import fresh_index, index
from ..language.build import _number_bits
from ..verify.parser import MAX_EXPONENT, MAX_EXPONENT_DENOMINATOR, MAX_NUMBER_BITS, ParseError
from .grammar import Token, Tree, parse_tree, prepare
from .macros import CONSTRUCTS, FUNCTION_MACROS, VARIADIC
from .names import Names
from .pieces import (GREEK, MATRIX, TRANSPOSE, Args, Cond, DiffOp, Func, Indicator, MathContext, Partial, PartialOf,
                     Powered, VecEntry, cannot, check_variable, derivative, indicator, number)
from .sums import Sums


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


class Builder(Names, Sums):
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
