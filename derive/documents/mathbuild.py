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
from contextlib import nullcontext
from functools import partial
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import sympy as sp
from sympy import Expr

from ..indexcalc import fresh_index, index
from ..language import arrays
from ..language.arrays import Array, Fresh, entrywise, shape_text
from ..algebra.bigops import MaxOver
from ..algebra.names import BOUND, canonical
from ..algebra.comparisons import sign_form, signs_apart, zero_test
from ..language.build import (_WRITTEN, CasesWritten, _number_bits, guarded_by, known_nonnegative, known_positive, note_denominator,
                              note_real_where, parse_expression, root_defined, symbolic_power, written_denominators,
                              written_domain, written_out)
from ..language.kinks import _analytic, holds_everywhere, _null_zeros as _null_in_inputs, kink_arguments
from ..language.table import by_name
from ..verify.parser import MAX_EXPONENT, MAX_EXPONENT_DENOMINATOR, MAX_NUMBER_BITS, ParseError
from . import applied as applied_forms
from . import groupings, matrices
from .grammar import Token, Tree, parse_tree, prepare
from .macros import ARRAY_FUNCTIONS, CONSTRUCTS, FUNCTION_MACROS, VARIADIC
from .matrices import scalar
from .names import Names
from .pieces import (GREEK, ArgMaxOf, PLAIN_ACCENTS, TRANSPOSE, Args, Cond, DiffOp, Func, Indicator,
                     MathContext, Partial, PartialOf, Powered, PrimedScalar, ResultEntry, VecEntry, bold_free, cannot, check_variable,
                     derivative, indicator, number)
from .sums import Sums
from .unsized import Unsized

PI = "\\pi"
#: names whose arguments' order is a convention (a divergence's, a cross-entropy's), fonts and accents left out:
#: \mathbb{KL}, D_{\mathrm{KL}}, \hat{D}, D^{\alpha}, H^{\times}, \mathrm{XE} (case matters: h and d name other things)
_DIVERGENCE_NAMES = frozenset({"D", "H", "KL", "JS", "CE", "BCE", "XE", "DKL", "KLD", "DJS"})
_DIVERGENCE_WORDS = frozenset({"kl", "kld", "xent", "crossentropy", "cross_entropy", "div", "divergence"})
#: a loss's letter (\ell, L) with one of these below it is a cross-entropy too: \mathcal{L}_{CE}, \ell_{\mathrm{BCE}}
_DIVERGENCE_LOSSES = frozenset({"CE", "BCE", "XE", "KL"})
#: a bare \pi (no subscript: \pi_k is an entry, never the constant)
_BARE_PI = re.compile(r"\\pi(?![A-Za-z])(?!\s*_)")
#: a number as written, bare or in one brace or bracket pair: 2, {2}, (2)
_WRITTEN_NUMBER = re.compile(r"\s*[({]?\s*[0-9]+(?:\.[0-9]*)?\s*[)}]?\s*")

#: the transposes as written, braces and spaces removed
_TRANSPOSE = frozenset(re.sub(r"[{}\s]", "", t) for t in TRANSPOSE)
#: the product operators as written -> the reader's names (juxtaposition is None)
_MULOPS = {"*": matrices.STAR, "/": matrices.DIVIDE, r"\cdot": matrices.CDOT, r"\times": matrices.TIMES,
           r"\odot": matrices.ODOT, r"\circ": matrices.ODOT, r"\otimes": matrices.OTIMES}


#: A superscript that numbers an example: ``x^{(i)}`` (the index in parentheses, as CS229 writes it), ``x^{(2)}``.
#: e as written: e, {e}, \mathrm{e}
_EULER = re.compile(r"\{?\s*(?:e|\\mathrm\s*\{\s*e\s*\})\s*\}?")
#: a group opening with a sign, {-7}: after a factor TeX sets a {-7} as a − 7, the letter as a·(−7)
#: a comparison in a subscript (``1_{j = y}``): the indicator of it
_COMPARISON = re.compile(r"[=<>]|\\(?:neq|ne(?!g|arrow)|leqslant|geqslant|leq|le(?!ft)|geq|ge(?!ts)|lt|gt)")
_SIGNED_GROUP = re.compile(r"\{\s*[-+]")
#: a fraction's part opening with a differential: {dr}, {d}, {\mathrm{d} r}, {d^2 L}
_DIFFERENTIAL = re.compile(r"\{?\s*(?:d|\\mathrm\s*\{\s*d\s*\})(?!\s*_)")
_EXAMPLE = re.compile(r"\{\(([A-Za-z]'{0,3}|[1-9][0-9]?)\)\}")
@dataclass
class Noticed:
    """What reading one side noticed that the equation around it decides on (``documents.load``)."""

    #: (d or ∂, "what by what", a quantity between them): derivatives ``Builder.note_derivative`` kept
    derivatives: list[tuple[str, str, str]] = field(default_factory=list)
    #: the quantities a derivative of the side is taken by (a chain's steps: ∂L/∂μ ∂μ/∂x_i takes μ as one)
    stepped: set[str] = field(default_factory=set)
    #: ("what by what", every quantity between them) of each kept derivative
    holding: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    #: a second derivative by arrays was read (∇²E, ∂/∂w ∇_w E, ∂²E/∂w∂wᵀ, a quantity defined as one): a Hessian's side
    second_order: bool = False
    #: a derivative of an array by an array was read (∂y/∂x, a Jacobian): 1 + ∂h/∂x is I + J to its reader
    jacobian: bool = False
    #: a scalar was added to every entry of a square matrix (α + βΦᵀΦ: αI to a Hessian's reader)
    square_plus: bool = False

#: a tag holding a per-sample label's entry, ``{(y_i)}``, ``{(y_{i})}``, ``{(y^{(i)})}`` (the row at that label)
_LABEL_TAG = re.compile(r"\{\(([A-Za-z])(?:_(?:([A-Za-z])|\{([A-Za-z])\})|\^\{\(([A-Za-z])\)\})\)\}")
#: an example's row written alone, ``x^{(i)}``, ``\\mathbf{x}^{(i)}`` (what ``example_applied`` reads in brackets)
_EXAMPLE_ROW = re.compile(r"[^(){}^_]*(?:\{[^(){}^_]*\})?\s*\^\s*\{\s*\(\s*[A-Za-z0-9']+\s*\)\s*\}")
#: any superscript that is one tag in brackets, as written (src has no spaces): {(2)}, {(0)}, {[1]}, {\{2\}}, {\left(2\right)}
_TAGGED = re.compile(r"\{(?:\(|\[|\\\{|\\left\(|\\left\[)(-?[A-Za-z0-9]+)(?:\)|\]|\\\}|\\right\)|\\right\])\}")


def script_key(text: str, mark: str = "_") -> str:
    """``p_{t}`` and ``p_t``, ``z^{L}`` and ``z^L`` alike (spaces and the braces around the subscript or,
    with ``mark`` ``^``, the superscript dropped): a ``[symbols]`` key."""
    text = re.sub(r"\s+", "", text)
    base, _, script = text.partition(mark)
    return f"{base}{mark}{script[1:-1]}" if script.startswith("{") and script.endswith("}") else text


#: a subscript of a key: braced, one character, or a macro with its braced argument unbraced (``_\\text{old}``)
_KEY_SUB = r"\{(?:[^_^{}]|\{[^_^{}]*\})+\}|\\[A-Za-z]+(?:\{[^_^{}]+\})?|[^_^{}\s\\]"
_KEY_SUP = r"\{[^_^{}]+\}|[A-Za-z0-9]"
_TWO_SCRIPTS = re.compile(rf"(?P<base>[^_^{{}}\s][^_^]*)(?:_(?P<sub>{_KEY_SUB})\^(?P<sup>{_KEY_SUP})|"
                          rf"\^(?P<sup2>{_KEY_SUP})_(?P<sub2>{_KEY_SUB}))")


def two_scripts_key(text: str) -> str | None:
    """``\\mathrm{MMD}_u^2``, ``\\mathrm{MMD}^2_u`` and ``\\mathrm{MMD}_{u}^{2}`` alike (a name with both scripts as one
    ``[symbols]`` key: its subscript first, braces around each script dropped), or None for other text."""
    m = _TWO_SCRIPTS.fullmatch(re.sub(r"\s+", "", text))
    if m is None:
        return None
    sub, sup = m.group("sub") or m.group("sub2"), m.group("sup") or m.group("sup2")
    unbrace = lambda s: s[1:-1] if s.startswith("{") and s.endswith("}") else s  # noqa: E731
    return f"{m.group('base')}_{unbrace(sub)}^{unbrace(sup)}"


#: Why a transposed vector in a derivative (``∂zᵀ/∂x``, ``∂z/∂xᵀ``: a layout convention) is refused.
_LAYOUT = (r"(a transpose there picks a layout, which books disagree on; derive writes \frac{\partial z}{\partial x} as "
           r"the Jacobian, entry (i, j) = ∂z_i/∂x_j: write that, or its transpose; ∂z^\top is read only in a Hessian, "
           r"\frac{\partial^2 F}{\partial z \partial z^\top})")


#: Why σ of a vector at an entry, σ(z)_i, is refused.
_SIGMA_ENTRY = ("(ambiguous: the softmax's entry, as Wikipedia writes it, or the sigmoid's, entry by entry: write "
                "\\operatorname{softmax}(z)_i, or \\sigma(z_i) for the sigmoid)")


#: a function's letter as written before its argument: bold or in a group, with any power (\boldsymbol{\sigma}^{-1})
_FUNCTION_LETTER = re.compile(r"(?:\\(?:boldsymbol|mathbf|bm|pmb|mathrm|mathit|mathnormal)\s*)?\{?\s*(\\[A-Za-z]+)\s*\}?"
                              r"(?:_(?:\{[^{}]*\}|[A-Za-z0-9]))?(?:\^(?:\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z0-9]))?")


#: a transpose closing a tag, W_O^{(1)\top} (or ^{(1)T}, ^{(1)\mathsf{T}}): the mapped W_O^{(1)}, transposed
_TRANSPOSED_TAG = re.compile(r"(?:\\top|\\intercal|\\mathsf\s*\{?\s*T\s*\}?|(?<=\))T)\s*(?=\}[^}]*$)")


def _function_letter(written: str) -> tuple[str, str] | None:
    """The macro and the function a head written before brackets spells (``\\sigma``, ``\\boldsymbol{\\sigma}^2``:
    the sigmoid), else None."""
    m = _FUNCTION_LETTER.fullmatch(_SIZING.sub("", written))
    return (m.group(1), FUNCTION_MACROS[m.group(1)]) if m and m.group(1) in FUNCTION_MACROS else None


def _number_written(src: str) -> str | None:
    """The digits of a number written alone, maybe in brackets or braces (``1``, ``(1)``, ``\\left(1\\right)``), else None."""
    digits = re.sub(r"\\(?:left|right)(?![A-Za-z])|[\s{}()]", "", src)
    return digits if re.fullmatch(r"[0-9.]+", digits) else None


def _closing(src: str, start: int) -> int | None:
    """The position after the bracket closing the one at ``src[start]`` (``(``, ``[``, ``{`` or ``\\{``; brackets of
    every kind nest), or None when it does not close."""
    depth, k = 0, start
    while k < len(src):
        escaped = src[k] == "\\" and src[k + 1:k + 2] in ("{", "}")
        ch = src[k + 1] if escaped else src[k]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                return k + (2 if escaped else 1)
        k += 2 if escaped else 1
    return None


def _one_bracket(src: str) -> str | None:
    """What one bracketed group holds, ``a`` of ``(a)``, ``[a]``, ``\\{a\\}``, ``{(a)}``, maybe powered (``(a)^2``),
    else None."""
    if src.startswith("{") and _closing(src, 0) == len(src):
        src = src[1:-1].strip()
    opening = next((o for o in ("\\{", "(", "[") if src.startswith(o)), None)
    end = _closing(src, 0) if opening is not None else None
    if end is None or not (end == len(src) or re.fullmatch(r"\^(?:\{[^{}]*\}|[0-9A-Za-z])", src[end:])):
        return None
    return src[len(opening):end - (2 if opening == "\\{" else 1)]


def _logistics(value) -> list[Expr]:
    """The exponents u of the logistic functions 1/(1 + e^u) a definition holds however written (``sigmoid(a)``,
    ``1/(1 + exp(-a))``, ``exp(a)/(exp(a) + 1)``)."""
    if not isinstance(value, sp.Basic):
        return []
    return [t.args[0] for p in value.atoms(sp.Pow) if p.exp.is_negative and isinstance(p.base, sp.Add)
            and sp.S.One in p.base.args for t in p.base.args if isinstance(t, sp.exp)]


def _a_factor(name: str, value: Expr) -> bool:
    """True when the quantity ``name`` is a factor of ``value`` (σ of −σ(s_i − s_j), not of −(a + σ))."""
    return any(isinstance(f, sp.Symbol) and f.name == name for f in sp.Mul.make_args(sp.factor_terms(value)))


def _sum_at_top(src: str) -> bool:
    """True when a + or − joins two terms outside every bracket of ``src`` (``s_i - s_j``, ``\\sigma^2 + r^2``; not a
    leading sign, ``-a``, nor one in a script or group, ``e^{-a}``)."""
    depth, before = 0, ""
    for ch in src:
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        elif ch in "+-" and depth == 0 and before not in ("", "+", "-", "^", "_"):
            return True
        if not ch.isspace():
            before = ch
    return False


def _entry_of_brackets(src: str) -> bool:
    """True for a bracketed group with a subscript right after its own closing bracket: ``(\\mathbf{z})_i``,
    ``\\left(z\\right)_{i}``, not ``(c_j + (W v)_j)``."""
    m = re.match(r"(?:\\left)?[(\[]", src)
    end = _closing(src, m.end() - 1) if m else None
    return end is not None and src[end:end + 1] == "_"


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _spaced(parts) -> str:
    """Pieces of source without spaces (``_norm``) joined as TeX needs them: a space between a macro and a letter
    after it, \\log p (never run together into one name)."""
    out = ""
    for part in parts:
        out += " " if re.search(r"\\[A-Za-z]+$", out) and re.match(r"[A-Za-z]", part) else ""
        out += part
    return out


#: What a derivative operator (\frac{\partial}{\partial x}, \nabla_x) applies to: values, a power not yet taken.
_OPERANDS = (Expr, Array, Powered)
#: a big operator opening a written factor: after a function's number-led argument it leaves the reading open
_BIG_NAMES = {"\\sum": "sum", "\\prod": "product", "\\max": "maximum", "\\min": "minimum"}
_BIG_OPERATOR = re.compile(r"\s*\\(?:sum|prod|max|min)(?![A-Za-z])")


@dataclass
class _Bracketed:
    """A group in round brackets right after a derivative operator: the operator's whole operand."""
    value: object


def _a_gradient(v) -> bool:
    """True for a vector whose entries are derivatives of one scalar (∂L/∂s as a column)."""
    if not (isinstance(v, Array) and len(v.shape) == 1):
        return False
    entry = v.at(sp.Dummy("i", integer=True))
    return isinstance(entry, sp.Derivative) and not isinstance(entry.expr, sp.Indexed)


def _group_power(factor: Tree) -> Tree | None:
    """The exponent of a bracketed group raised to a power, ``(x)^2``, with no other script; else None."""
    if not (isinstance(factor, Tree) and factor.data == "scripted" and len(factor.children) == 2
            and isinstance(factor.children[1], Tree)):
        return None
    scripts = factor.children[1].children
    prim = factor.children[0].children[0]
    if len(scripts) != 1 or scripts[0].data != "sup" or not (isinstance(prim, Tree) and prim.data == "paren"):
        return None
    return scripts[0].children[0]


def _scripts(factor) -> tuple[Tree, Tree | None, Tree | None] | None:
    """``(primary, sub, sup)`` of a factor with a script and no prime (sub or sup None when absent), else None."""
    if not (isinstance(factor, Tree) and factor.data == "scripted" and len(factor.children) == 2
            and isinstance(factor.children[1], Tree)):
        return None
    sub = sup = None
    for s in factor.children[1].children:
        sub, sup = (s, sup) if s.data == "sub" else (sub, s)
    return factor.children[0], sub, sup


def _one_script(factor: Tree) -> bool:
    """True for a factor with exactly one script, ``z^2`` or ``z^\\top`` (a prime, ``λ'``, is a token, not a script)."""
    return (factor.data == "scripted" and len(factor.children) == 2 and isinstance(factor.children[1], Tree)
            and len(factor.children[1].children) == 1)


def _bracketed_items(factor: Tree, powered: bool = False) -> tuple[str, list] | None:
    """``(opening bracket, items)`` for a factor that is one bracketed group with no script (or, when
    ``powered``, only a power), else None."""
    if not (isinstance(factor, Tree) and factor.data == "scripted"
            and (len(factor.children) == 1 or powered and _group_power(factor) is not None)):
        return None
    prim = factor.children[0].children[0]
    if not (isinstance(prim, Tree) and prim.data == "paren"):
        return None
    return str(prim.children[0]), prim.children[1].children


#: Spacing a writer sets between a function's argument and what multiplies it (not \! , which joins).
_SPACING = re.compile(r"\\[,;: ]|\\q?quad(?![a-zA-Z])|~")
#: Bracket sizes, which a quoted factor drops: its \\left may lie outside what it spans.
_SIZING = re.compile(r"\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|Biggl|Biggr|big|Big|bigg|Bigg)(?![A-Za-z])\s*")
#: A derivative as written: \frac{\partial …}{…}, \frac{d…}{d…}, \partial_x, \nabla.
_DERIVATIVE = re.compile(r"\\(?:frac|dfrac|tfrac)\s*\{\s*(?:\\partial|d(?![a-zA-Z])|d\\)|\\partial|\\nabla")


#: the openings of an absolute value and a norm: a value's brackets, never a call's
_BARS = (r"\lvert", r"\lVert")


class _Written(NamedTuple):
    """A factor of a product as written: its text and where it lies, and whether it is a bracketed group."""
    text: str
    start: int
    end: int
    bracketed: bool


def _span(tree: Tree | Token) -> tuple[int, int]:
    """Where a subtree or token lies in the display's text."""
    if isinstance(tree, Token):
        return tree.start_pos, tree.end_pos
    return tree.meta.start_pos, tree.meta.end_pos


def _bare_number(factor: Tree) -> bool:
    """True for a factor that is a number as written, with no script and no brackets (the 2 of ``\\ln 2\\pi``)."""
    return (isinstance(factor, Tree) and factor.data == "scripted" and len(factor.children) == 1
            and isinstance(factor.children[0].children[0], Token) and factor.children[0].children[0].type == "NUMBER")


def _operator_group(factor: Tree) -> bool:
    """True for a factor that is one group in round or square brackets or braces, ``(f)``, ``\\left[ f \\right]^2``."""
    group = _bracketed_items(factor, powered=True)
    return group is not None and group[0] in ("(", "[", "\\{")


class Builder(Names, Sums):
    """Walks one side's syntax tree and builds its SymPy expression."""

    def __init__(self, text: str, ctx: MathContext, fresh: Fresh):
        self.text, self.ctx = text, ctx
        self.bound: list[str] = []
        #: indices free in the equation: under \\sum_{j>k} such a k bounds j, it is not summed; None for a side
        #: read without its equation (then \\sum_{j \\ne i} excludes a free i, as an equation's reader would)
        self.elsewhere: frozenset[str] | None = None
        #: reading a summation limit: a letter naming nothing declared is an index (Σ_{j=k+1}^{n}, k free)
        self.in_limit = False
        #: reading a derivative's denominator, ∂x ∂y (a power there counts derivatives)
        self.in_denominator = False
        #: summation indices of matrix notation (names the text and the context never use)
        self.fresh = fresh
        #: the sizes of I and \mathbf{1}, bound by the arrays they meet
        self.sizes = Unsized()
        #: the factor being read follows \operatorname{softmax}: (s / \tau)_k keeps its whole vector
        self.softmax_next = False
        #: ... follows another array function's head (\operatorname{diag}): (p)_{ij} indexes its value
        self.array_next = False
        #: sums that may take the terms after them (``Sums.tail_of``), by the id of their tree; the indices they took
        self.tails: dict = {}
        self.extended: set[str] = set()
        self.noticed = Noticed()
        #: ids of the unsized ones vectors written bare, ``\mathbf{1}``: followed by [i = c], the indicator
        self.bare_ones: set[int] = set()
        #: square matrices a scalar was added to (X^\top X + \lambda), by id (held, so no id is reused): a matrix
        #: product of one is refused
        self.square_plus_scalar: dict[int, Array] = {}

    def src(self, tree: Tree | Token) -> str:
        """The source text of a subtree, without spaces (for the ``[symbols]`` table)."""
        if isinstance(tree, Token):
            return _norm(str(tree))
        return _norm(self.text[tree.meta.start_pos:tree.meta.end_pos])

    def shown(self, tree: Tree | Token) -> str:
        """The source text of a subtree as a message quotes it: spaces kept (``\\partial s`` run together would
        name another macro)."""
        if isinstance(tree, Token):
            return str(tree).strip()
        return re.sub(r"\s+", " ", self.text[tree.meta.start_pos:tree.meta.end_pos]).strip()

    # -- sums and products ------------------------------------------------------------------
    def expr(self, t: Tree) -> Expr:
        terms, sign, children, k = [], 1, t.children, 0
        operators: list[bool] = []  # each term opens with a derivative operator (∇_w, ∂/∂w) and is an array
        while k < len(children):
            c = children[k]
            k += 1
            if isinstance(c, Token):
                sign = -1 if c == "-" else 1
                continue
            tail = self.tail_of(c, children[k:])  # \sum_k x_k - x_k z_k: the sum may take the later terms
            if sign == -1:
                self._no_invisible_group(c.children[-1].children, signed=True)  # 4z - {2z - 2w}: 4z − 2z − 2w on the page
            value = self.signed(c)
            k += 2 * tail.taken if tail is not None else 0
            terms.append(value if sign == 1 else self.carried(value, matrices.negate(value)))
            operators.append(bool(_OPERATOR_FIRST.match(self.src(c))) and isinstance(value, Array))
        if any(operators) and any(not isinstance(t, Array) and t != 0 for t in terms):
            # \nabla_w \frac{1}{2} \|X w - y\|^2 + \frac{\lambda}{2} \|w\|^2: the operator stops at the +, so the
            # penalty was added to every entry of the gradient, and the right ridge gradient refuted
            raise cannot("a scalar added to a gradient", "(ambiguous: the operator stops at the +, so the scalar "
                         "would be added to every entry of the gradient, where its writer may mean the gradient of "
                         "the sum; bracket what it differentiates, \\nabla_w \\left(f + c\\right), or write "
                         "c \\mathbf{1})")
        return self.add(terms)

    def add(self, terms: list):
        """``matrices.add`` of the terms, noting a scalar added to every entry of a square matrix (``Noticed``)."""
        if any(isinstance(t, Array) for t in terms) and any(not isinstance(t, Array) and t != 0 for t in terms) \
                and any(isinstance(t, Array) and len(t.shape) == 2
                        and arrays.same_size(*(self.sizes.resolve(d) for d in t.shape)) for t in terms):
            self.noticed.square_plus = True
            total = matrices.add(terms, self.sizes)
            if not any(isinstance(t, sp.Basic) and t.has(sp.Sum) for t in terms if not isinstance(t, Array)):
                # λ, α + 1: the identity's multiple to a reader; an inner product, b c^\top + c^\top b, is a
                # transpose slipped (the Matrix Cookbook's slip, refuted as it stands), no shorthand for one
                self.square_plus_scalar[id(total)] = total
            return total
        total = matrices.add(terms, self.sizes)
        for t in terms:  # -(X^\top X + \lambda), or with another matrix added: still λ's sum
            total = self.carried(t, total)
        return total

    def carried(self, before, after):
        """``after``, marked as ``before`` is when a scalar was added to it, a square matrix (``square_plus_scalar``):
        negated, divided by a scalar or transposed, (X^\\top X + m\\lambda)/m is still λ's sum."""
        if id(before) in self.square_plus_scalar and isinstance(after, Array):
            self.square_plus_scalar[id(after)] = after
        return after

    def signed(self, t: Tree):
        """One term with its leading signs (negated entry by entry for an array)."""
        sign = 1
        for c in t.children[:-1]:
            sign = -sign if c == "-" else sign
        if len(t.children) > 1:
            self._no_invisible_group(t.children[-1].children, signed=True)
        v = self.value(self.product(t.children[-1]))
        return v if sign == 1 else self.carried(v, matrices.negate(v))

    def value(self, piece):
        """A piece as a value: a SymPy scalar or a whole ``Array`` (a marker alone is an error)."""
        if isinstance(piece, (Expr, Array)):
            return piece
        if isinstance(piece, Powered) and isinstance(piece.base, Args):
            raise cannot("a list in parentheses", "(only a function of several arguments takes one)")
        if isinstance(piece, Powered):
            return self.powered(piece.base, piece)
        if isinstance(piece, VecEntry):
            return piece.array.at(piece.idx) if piece.array is not None else self.ctx.scope.base(piece.name)[piece.idx]
        if isinstance(piece, Func):
            raise cannot(piece.macro, "(a function needs an argument here)")
        if isinstance(piece, ResultEntry):
            raise cannot("a subscript on parentheses", "(only an entry of an array, like (W x)_i or "
                                                       "\\operatorname{diag}(p)_{ij})")
        if isinstance(piece, DiffOp) and piece.nabla:  # \nabla_w \nabla_w^\top f: an operator with nothing to take
            raise cannot(piece.macro, "(it needs a scalar to differentiate right after it; a Hessian is written "
                                      "\\nabla^2_{w} f or \\frac{\\partial^2 f}{\\partial w_i \\partial w_j})")
        if isinstance(piece, DiffOp):  # \frac{d}{ds} -\log D: the operator stops at the sign after it
            written = "\\frac{d}{d…}" if piece.kind == "d" else "\\frac{\\partial}{\\partial …}"
            raise cannot(written, "(an operator with nothing after it to take, up to the next sign: bracket what it "
                                  "differentiates, \\frac{d}{ds}\\left(-\\log D\\right))")
        if isinstance(piece, (Partial, PartialOf, DiffOp)):
            written = "d" if isinstance(piece, (Partial, PartialOf)) and piece.total else r"\partial"
            raise cannot(written, "(a derivative is written \\frac{\\partial L}{\\partial z_j} or "
                                      "\\partial L / \\partial z_j; a differential, dL alone, is not read)")
        if isinstance(piece, Indicator):
            raise cannot(r"\mathbb{1}", "(write the condition in brackets: \\mathbb{1}[i = j])")
        if isinstance(piece, PrimedScalar):
            raise cannot(piece.written, "(write what it is the derivative by, a declared scalar: J'(\\theta))")
        if isinstance(piece, Args):
            raise cannot("a list in parentheses", "(only a function of several arguments takes one)")
        if isinstance(piece, Cond) and piece.iverson:
            return indicator(piece.rel)  # Iverson's [j = c] standing alone is its indicator
        if isinstance(piece, Cond):
            raise cannot("a condition", "(only an indicator, \\mathbb{1}[y = k], \\mathbb{I}(y = k) or 1\\{y = k\\}, "
                                        "a case of \\begin{cases}, and \\sum_{j \\ne c} take one)")
        raise cannot("this piece")

    def _no_spelled_name(self, children: list, k: int) -> None:
        """Refuse letters (and digits after them) from factor k on that spell a declared multi-letter name
        (``dP_{ij}`` beside a quantity dP and a size d, ``\\frac{1}{nh}`` beside a size nh, ``L2`` beside a quantity
        L2): read one by one they are d·P_ij and L·2, which a note naming dP or L2 rarely means."""
        letters, end = "", None
        for offset, c in enumerate(children[k:k + 8]):
            m = re.fullmatch(r"([A-Za-z])(\s*[_^].*)?", self.src(c), re.S)
            if letters and re.fullmatch(r"[0-9]+(\s*[_^].*)?", self.src(c), re.S):
                # L2 beside quantities L and L2: L·2 to the grammar (a false proof), W1^\top W·1ᵀ likewise
                m = re.fullmatch(r"([0-9]+)(\s*[_^].*)?", self.src(c), re.S)
            elif m is None or isinstance(c, Token) and c.type != "LETTER":
                return
            start, stop = (c.start_pos, c.end_pos) if isinstance(c, Token) else \
                (getattr(c.meta, "start_pos", None), getattr(c.meta, "end_pos", None))
            if start is None or end is not None and start != end:
                return  # m u_{gk}: spaced apart, a product as written
            letters, end = letters + m.group(1), stop
            if len(letters) > 1 and letters[1:].isdigit() and letters[0] in self.ctx.scope.quantities \
                    and letters not in self.ctx.scope.quantities and letters not in self.ctx.scope.sizes \
                    and not self._touching(children, k + offset + 1, stop):  # t2x: t times 2x, as TeX sets it
                # W2 beside a declared W and no W2: W·2 to the grammar, a name W2 to its writer (W^\top W2^\top x
                # was proved as 2 WᵀW x)
                raise cannot(letters, f"(a letter and digits: {letters[0]} times {letters[1:]}, or a name {letters} "
                                      f"the derive block does not declare? write {letters[1:]} {letters[0]}, or "
                                      f"{letters[0]}_{{{letters[1:]}}} with a [symbols] entry)")
            if len(letters) > 1 and (letters in self.ctx.scope.quantities or letters in self.ctx.scope.sizes):
                written = "".join(self.src(x) for x in children[k:k + len(letters)])
                product = " \\cdot ".join(letters)
                raise cannot(written, f"(the letters spell the name {letters}, and one by one they are a product: "
                                      f"write \\mathrm{{{letters}}} for the name, or {product} for the product)")
            if m.group(2):
                return  # a subscript or superscript ends the run

    def _touching(self, children: list, k: int, end) -> bool:
        """True when factor k exists and starts where the factor before it ended (no space between them)."""
        if k >= len(children):
            return False
        c = children[k]
        start = c.start_pos if isinstance(c, Token) else getattr(getattr(c, "meta", None), "start_pos", None)
        return start is not None and start == end

    def _named_run(self, children: list, k: int) -> tuple[int, object] | None:
        """``(length, value)`` when factors k, k+1, … as written are a ``[symbols]`` key (two to four of them).

        When every factor of the key but the last is a function of one argument (``'\\cos\\theta' = "c"``), the
        key is that function applied entry by entry, and TeX's scripts read as they typeset: ``\\cos\\theta_j`` is
        cos θ_j, the key's entry c_j, and ``\\cos^2\\theta`` is (cos θ)², c².  A superscript on the last factor is
        that factor's (``\\cos\\theta^2`` is cos(θ²)), no power of the key: refused, saying what to write.
        """
        if not self.ctx.symbols:
            return None
        for end in range(min(len(children), k + 4), k + 1, -1):
            run = children[k:end]
            if any(isinstance(c, Token) and c.type == "MULOP" for c in run):
                continue
            mapped = self.ctx.symbol(_norm("".join(self.src(c) for c in run)))
            if mapped is not None and mapped not in CONSTRUCTS:
                return end - k, self.quantity(mapped, None)
            scripted = self._scripted_key(run)
            if scripted is not None:
                return end - k, scripted
            # '\mathrm{d}y' = "dy" (a gradient named as a differential, or '\delta h' = "gh" as backprop notes write the
            # one flowing into h): d(y_j) is (dy)_j, whatever y is
            differential = len(run) == 2 and self.src(run[0]) in (r"\mathrm{d}", r"\text{d}", r"\delta", r"\Delta")
            if any(isinstance(c, Token) for c in run) \
                    or not (differential or all(self._function_head(c) for c in run[:-1])):
                continue
            head, last = _scripts(run[0]), _scripts(run[-1])
            if not differential and (last is not None and self._names_something(last[0])
                                     or last is None and self._names_something(run[-1])):
                continue  # \cos\theta_j beside a declared θ: cos θ_j, or the key's entry? only the key as written reads
            heads = [(self.src(run[0]), None)]
            if head is not None and head[1] is None and head[2] is not None:
                heads.append((self.src(head[0]), head[2]))  # \cos^2\theta
            lasts = [(self.src(run[-1]), None, None)]
            if last is not None:
                lasts.append((self.src(last[0]), last[1], last[2]))  # \cos\theta_j
                if last[1] is not None and last[2] is not None:
                    # \log\sigma_j^2 with '\log\sigma^2' mapped (a VAE's log-variance): the key's entry j
                    lasts.append((self.src(last[0]) + self.src(last[2]), last[1], None))
            for first, power in heads:
                for final, sub, sup in lasts:
                    if power is None and final == self.src(run[-1]):
                        continue  # as written: tried above
                    middle = "".join(self.src(c) for c in run[1:-1])
                    mapped = self.ctx.symbol(_norm(first + middle + final))
                    if mapped is None or mapped in CONSTRUCTS:
                        continue
                    written = _spaced(self.src(c) for c in run)
                    if sup is not None:
                        whose = final + (self.src(sub) if sub is not None else "")
                        key = _spaced([first, *(self.src(c) for c in run[1:-1]), final])
                        raise cannot(written, f"(the superscript is {whose}'s, as TeX sets it, and [symbols] maps "
                                              f"{key} without it: for a power of that write "
                                              f"\\left({key}\\right)^{{…}})")
                    value = self.quantity(mapped, sub)
                    if power is not None:
                        value = self.head_power(value, self.factor(run[0]).power)
                    return end - k, value
        return None

    def keyed(self, scripted: Tree) -> bool:
        """True for a scripted factor that is a ``[symbols]`` key as written (``'b_{in}' = "b"``): its subscript is a
        label's, no index a sum may take (``Sums``)."""
        return bool(self.ctx.symbols) and self.ctx.symbol(script_key(self.src(scripted))) is not None

    def _scripted_key(self, run: list):
        """A key ending in brackets with scripts after them, ``D(G(z))^2`` or ``G(z)_k`` with ``'D(G(z))'`` mapped:
        the script is the bracket's, so the whole key's (its square, its entry k), as ``\\sigma(z)^2`` is σ(z)²."""
        last = _scripts(run[-1])
        if last is None or not re.search(r"(?:\)|\\right\s*\))\s*$", self.src(last[0])):
            return None
        mapped = self.ctx.symbol(_norm("".join(self.src(c) for c in run[:-1]) + self.src(last[0])))
        if mapped is None or mapped in CONSTRUCTS:
            return None
        value = self.quantity(mapped, last[1])
        if last[2] is None:
            return value
        sup = last[2].children[0]
        return arrays.transpose(self.value(value)) if self.is_transpose(sup) else self.power(value, sup)

    def _names_something(self, factor) -> bool:
        """True for a factor (or a primary) that is itself a declared or mapped name, θ of ``\\cos\\theta`` beside an input θ."""
        prim = factor.children[0] if isinstance(factor, Tree) and factor.data in ("scripted", "primary") else factor
        prim = prim.children[0] if isinstance(prim, Tree) and prim.data == "primary" else prim
        written = self.src(prim)
        return self.ctx.symbol(written) is not None or self.declared(written.lstrip("\\"))

    def _function_head(self, factor) -> bool:
        """True for a factor that is the macro of a function of one argument, applied entry by entry (``\\cos``,
        ``\\log``, ``\\cos^2``; not ``\\max``, ``\\operatorname{diag}``), with no subscript or prime."""
        parts = _scripts(factor) if isinstance(factor, Tree) and factor.data == "scripted" else None
        if parts is not None:
            if parts[1] is not None or parts[2] is None:
                return False
            prim = parts[0].children[0]
        elif isinstance(factor, Tree) and factor.data == "scripted" and len(factor.children) == 1:
            prim = factor.children[0].children[0]
        else:
            return False
        construct = FUNCTION_MACROS.get(str(prim)) if isinstance(prim, Token) and prim.type in ("CMD", "OPNAME") else None
        return construct is not None and construct in CONSTRUCTS and construct not in VARIADIC \
            and construct not in ARRAY_FUNCTIONS and not self.ctx.symbol(_norm(str(prim)))

    def product(self, t: Tree, numerator: bool = False):
        """The pieces of a product, combined: ∂ pairs, then function heads, then × and /.

        ``numerator``: of ``\\frac{\\partial …}{\\partial x}``, where ∂ takes the whole product after it
        (``\\frac{\\partial x^\\top A x}{\\partial x}``, as the Matrix Cookbook writes it).
        """
        items, op, numbers, sign, just_applied = [], None, [], 1, -1
        sources: list = []  # each item as written (``_Written``), None for an applied one (f(x)): no bare argument
        self._no_invisible_group(t.children)
        children, k = self.ended_bodies(list(t.children)), 0
        while k < len(children):
            c = children[k]
            k += 1
            if isinstance(c, Token) and c.type == "MULOP":
                op = _MULOPS[str(c)]
                continue
            if isinstance(c, Token) and c.type == "ADDOP":
                # z \cdot -\log(s), as code-minded notes write it: each operator is linear in every factor,
                # so a sign after one negates the product
                sign = -sign if c == "-" else sign
                continue
            self._no_spelled_name(children, k - 1)
            named = self._named_run(children, k - 1)
            if named is not None:  # '\cos\theta' = "c": several factors as written name one quantity
                run, mapped = named
                k += run - 1
                self._no_scalar_transposed_after_nabla(items, op, mapped, children[k - 1],
                                                         "".join(self.src(x) for x in children[k - run:k]))
                items.append([op, mapped])
                numbers.append(False)
                sources.append(None)
                op = None
                if _bracketed_items(children[k - 1], powered=True) is not None:
                    # '\phi(x)' = "phi": the key holds its argument, so brackets after it multiply (φ(x)(−x) was read
                    # as φ(−x), and a wrong Φ' = φ(x)(−x) proved)
                    just_applied = len(items)
                continue
            if op is None and items and just_applied != len(items) and not isinstance(items[-1][1], Func):
                self.check_function_letter(items[-1][1], self.src(children[k - 2]), c)
            if op is None and items and isinstance(items[-1][1], sp.Pow) and isinstance(items[-1][1].base, sp.Symbol) \
                    and items[-1][1].base.name in self.ctx.defined and _WRITTEN_POWER.fullmatch(self.src(children[k - 2])) \
                    and self.applied(items[-1][1].base, c) is not None:
                # f^2(x): f(x)^2, f(f(x)), or (f^{-1}) an inverse; read as f^2 times x, f^2(x) = x^7 was proved
                raise cannot(f"{self.shown(c)} after a power of {items[-1][1].base}", f"(ambiguous: a power of its "
                             f"value, of the function, or an inverse; write {items[-1][1].base}(…)^2 for the square "
                             f"of its value)")
            # f(x)(1 - x): the second bracket multiplies f(x), it does not apply f again
            applied = self.applied(items[-1][1], c, _function_letter(self.src(children[k - 2]))) \
                if op is None and items and just_applied != len(items) else None
            if applied is not None:  # J(\theta) is J, f(2) is f at 2 (J(\theta)^2 its square)
                exponent = _group_power(c)
                items[-1][1] = applied if exponent is None else self.power(applied, exponent)
                sources[-1] = None
                just_applied = len(items)
                continue
            at = self.derivative_at(items[-1][1], c) if op is None and items and just_applied != len(items) else None
            if at is not None:  # \frac{\partial \rho}{\partial x}(x, \alpha, c) is the derivative, as \rho(x, \alpha, c) is \rho
                items[-1][1] = at
                sources[-1] = None
                just_applied = len(items)
                continue
            example = self.example_applied(items[-1][1], c) if op is None and items and just_applied != len(items) \
                else None
            if example is not None:  # CS229's h_\theta(x^{(i)}): the vector over the examples, at example i
                exponent = _group_power(c)  # h_\theta(x^{(i)})^2: its square
                items[-1][1] = example if exponent is None else self.power(example, exponent)
                sources[-1] = None
                just_applied = len(items)
                continue
            if op is None and items and just_applied != len(items) and self.entry_of_a_name(items[-1][1], c):
                exponent = _group_power(c)  # p_k(x): the entry, read as written with what it depends on
                if exponent is not None:
                    items[-1][1] = self.power(items[-1][1], exponent)
                sources[-1] = None
                just_applied = len(items)
                continue
            entry = self.entry_in_brackets(items[-1][1], c) if op is None and items else None
            if entry is not None:
                items[-1][1] = entry  # \pi(a): the entry of π at index or label a
                sources[-1] = None
                continue
            if op is None and items and _SIGNED_GROUP.match(self.src(c)):
                raise cannot(f"{self.shown(c)}", "(a braced group opening with a sign after a factor reads as a - b to "
                                               "one reader and a times (-b) to another: write the operator)")
            if op is None and items and _bare_number(c) and _NUMERIC_FRACTION.fullmatch(self.src(children[k - 2])):
                raise cannot(self.shown(c), "(a number right after a fraction of numbers: \\frac12 3 is ½·3 to one reader "
                                          "and \\frac{1}{23} to another; write \\frac{1}{2} \\cdot 3)")
            if op is None and numbers and numbers[-1] and (_bare_number(c) or re.fullmatch(r"\{[0-9.]+\}", self.src(c))):
                raise cannot(self.shown(c), "(two numbers side by side: TeX sets 2 3 as 23; write 23, or 2 \\cdot 3)")
            if op is None and items and isinstance(items[-1][1], Func) and items[-1][1].macro == "\\sigma" \
                    and not items[-1][1].order and _entry_of_brackets(self.src(c)):
                # σ(z)_i: Wikipedia's and the Deep Learning book's softmax, a sigmoid layer's entry to others; read as
                # the sigmoid, a right softmax derivation was refuted
                raise cannot(f"\\sigma{self.shown(c)}", _SIGMA_ENTRY)
            if op is None and self.ctx.symbol(PI) is not None and _BARE_PI.search(self.src(c)):
                # \sqrt{2\pi} beside π mapped to a mixture weight: the constant to a reader, 2·weight to the letter
                # (a wrong ∂/∂π of π/√(2π) was proved so); 2\pi^1, (2)\pi, 4\frac{\pi}{2}, \pi 2 alike
                before = self.src(children[k - 2]) if items and numbers[-1] or items and _WRITTEN_NUMBER.fullmatch(
                    self.src(children[k - 2])) and sources[-1] is not None else None
                after = self.src(children[k]) if k < len(children) and _WRITTEN_NUMBER.fullmatch(
                    self.src(children[k])) else None
                if before is not None or after is not None:
                    self.pi_beside_a_number(f"{before or ''}{self.src(c)}{after or ''}")
            head = items[-1][1] if items and op is None and isinstance(items[-1][1], Func) else None
            outer = self.softmax_next, self.array_next
            self.softmax_next = head is not None and head.construct == "softmax"
            self.array_next = head is not None and not head.order and head.construct in ARRAY_FUNCTIONS \
                and head.construct != "softmax"
            try:
                piece = self.factor(c)
            finally:
                self.softmax_next, self.array_next = outer
            if isinstance(piece, Cond) and piece.braced and op is None and items and items[-1][1] == 1 \
                    and self.src(children[k - 2]) == "1":
                # CS229's 1\{y^{(i)} = k\}: a 1 written bare before a relation in braces is its indicator (a 1
                # times a condition means nothing else); 2\{y = k\} stays an error, and 1\{a + b\} a product
                items[-1][1] = indicator(piece.rel)
                sources[-1] = None
                numbers[-1] = False
                continue
            self._no_scalar_transposed_after_nabla(items, op, piece, c)
            if op is None and items and isinstance(items[-1][1], DiffOp) and _operator_group(c) \
                    and isinstance(piece, _OPERANDS):
                piece = _Bracketed(piece)  # \frac{d}{dx} (f): the operator's operand, if nothing follows it
            self.check_bare_argument(items, numbers, sources, op, piece, c)
            items.append([op, piece])
            numbers.append(op is None and _bare_number(c))
            at, to = _span(c)
            # bars are a value, not a call's brackets: \log |u|^2 y is as ambiguous as \log u^2 y (read as y log u², a
            # wrong claim was proved)
            group = _bracketed_items(c, powered=True)
            sources.append(_Written(self.text[at:to], at, to, group is not None and group[0] not in _BARS))
            op = None
        self._no_number_one_after_an_array(items, numbers, sources)
        items = self._number_arguments(items, numbers, sources)
        items = self._pair_partials(items)
        items = self._apply_heads(items)
        # ∂ of a function's value: \frac{\partial \operatorname{tr}(A X B)}{\partial X}, \partial \sigma(z) / \partial z
        items = self._pair_partials(items, final=True)
        if numerator and sign == 1 and len(items) > 1 and isinstance(items[0][1], (Partial, PartialOf)) \
                and all(op in (None, matrices.CDOT, matrices.STAR) for op, _ in items[1:]):
            first = items[0][1]  # ∂ paired with x^⊤ already, or left bare before a power (\|x\|^2)
            rest = [[None, first.expr], *items[1:]] if isinstance(first, PartialOf) else items[1:]
            return PartialOf(self.value(self._multiply(rest)), first.order)
        product = self._multiply(items)
        return product if sign == 1 else self.carried(self.value(product), matrices.negate(self.value(product)))

    def spaced(self, before: _Written | None, after: _Written | None) -> bool:
        """True when the writer set a space (``\\,``, ``\\;``, ``\\quad``, ``~``) between two written factors."""
        return before is not None and after is not None and bool(_SPACING.search(self.text, before.end, after.start))

    def check_bare_argument(self, items: list, numbers: list, sources: list, op, piece, factor: Tree) -> None:
        """Refuse a factor juxtaposed after a function's bare argument: ``\\log x y`` is ln(xy) to some readers and
        (ln x)·y to others.  Read as the latter, IWAE's ``\\log \\frac{1}{K} \\sum_k w_k`` and the Gaussian's
        ``\\log \\frac{1}{\\sqrt{2\\pi\\sigma^2}} e^{…}`` were refuted where the writer meant the log of the product;
        so is an argument that is itself a function's value (``\\log \\sigma(a) y``, the VAE's ``\\log p(x|z) p(z)``).
        A number-led argument (``\\ln 2\\pi\\sigma^2``) takes the factors after it (``_number_arguments``); brackets
        (``\\sigma(a)^2 y``), an operator (``\\log x \\cdot y``), a space (``\\sin x \\, (x^2 + 1)``), another
        function (``\\sin x \\cos y``) or a derivative (the chain rule's ``\\exp s \\frac{\\partial s}{\\partial a}``)
        end an argument."""
        written = _Written(self.text[_span(factor)[0]:_span(factor)[1]], *_span(factor), False)
        if op is not None or not isinstance(piece, _OPERANDS) or isinstance(piece, sp.Derivative) \
                or _DERIVATIVE.match(written.text) or len(items) < 2 or items[-1][0] is not None \
                or not isinstance(items[-1][1], (*_OPERANDS, Args)) or sources[-1] is None \
                or self.spaced(sources[-1], written):
            return
        if isinstance(items[-2][1], Func) and not sources[-1].bracketed and not numbers[-1]:
            head, arg = items[-2][1].macro, sources[-1].text
        elif sources[-1].bracketed and len(items) >= 3 and isinstance(items[-2][1], Func) and items[-2][0] is None \
                and isinstance(items[-3][1], Func) and sources[-2] is not None:
            head, arg = items[-3][1].macro, self.text[sources[-2].start:sources[-1].end]  # \log \sigma(a) y
        else:
            return
        # \left( … \right): the reader pairs the brackets, and the message quotes them unsized (half of one pair misleads)
        arg, written = _SIZING.sub("", arg), written._replace(text=_SIZING.sub("", written.text))
        raise cannot(f"{head} {arg} {written.text}",
                     f"(ambiguous: {head} of the product, or {head} {arg} times {written.text}; write "
                     f"{head}\\left({arg} {written.text}\\right) or {head}\\left({arg}\\right) {written.text})")

    def example_applied(self, prev, factor: Tree) -> Expr | None:
        """``h_\\theta(x^{(i)})`` (CS229): a defined vector over the examples written with example i's row of a matrix
        is its entry h_i, when its definition reads that matrix at its own entry's row alone; else None (a product).

        ``h[i] = Σ_j θ_j x_ij`` is a function of row i of x, the reading the notation states; an h whose
        entry i reads other rows too is no function of that row, and is left to the product (an error)."""
        group = _bracketed_items(factor, powered=True)
        if not (isinstance(prev, Array) and prev.quantity and len(prev.shape) == 1) or group is None \
                or group[0] != "(" or len(group[1]) != 1:
            return None
        spec = self.ctx.quantities.get(prev.quantity)
        if spec is None or spec.definition is None or len(spec.indices) != 1 \
                or not _EXAMPLE_ROW.fullmatch(self.src(group[1][0]).strip()):
            return None  # (only an example's row is read here: what else the brackets hold is the product's)
        try:
            row = self.cond(group[1][0])
        except ParseError:
            return None
        if not (isinstance(row, Array) and len(row.shape) == 1):
            return None
        probe = sp.Dummy("k", integer=True)
        entry = row.at(probe)
        if not (isinstance(entry, sp.Indexed) and len(entry.indices) == 2 and entry.indices[1] == probe
                and probe not in entry.indices[0].free_symbols):
            return None  # no row of a matrix: x^{(i)} is x's i-th row, a vector of its entries x_ik
        matrix, at = entry.base, entry.indices[0]
        reads = [a for a in spec.definition.atoms(sp.Indexed) if a.base == matrix]
        own = spec.indices[0]
        if not reads or any(a.indices[0] != own for a in reads) or \
                tuple(self.ctx.shapes.get(str(matrix.label), ()))[:1] != tuple(prev.shape):
            return None
        return prev.at(at)

    def entry_of_a_name(self, prev, factor: Tree) -> bool:
        """True for an entry of a quantity the block defines followed by the name of one it depends on in brackets,
        ``p_k(x)`` (the entry, as mixture models write it); an error for another name, ``q_i(T)`` of an input or
        of a name it does not depend on: the entry as a function of T to one reader, times T to another."""
        group = _bracketed_items(factor, powered=True)
        # q_i, its power q_i^2, or a whole defined vector q (\mathbf{q}(\mathbf{z}))
        base = prev.base if isinstance(prev, sp.Pow) and prev.exp.is_Integer else prev
        whole = isinstance(base, Array) and bool(base.quantity)
        if group is None or group[0] not in ("(", "[", "\\{") or len(group[1]) != 1 \
                or not (isinstance(base, sp.Indexed) or whole):
            return False
        written = self.src(group[1][0])
        for _ in range(4):  # (\mathrm{T}), ({T}), ((T)), \left(T\right): the name inside
            written = re.sub(r"^\\(?:mathrm|mathit|mathsf|mathbf|boldsymbol|bm|textrm|text)\s*\{(.*)\}$|^\{(.*)\}$|^\((.*)\)$",
                             lambda m: next(g for g in m.groups() if g is not None),
                             re.sub(r"\\(?:left|right)\b", "", written).strip())
        written = bold_free(written)
        if not (written in self.ctx.scope.quantities or re.fullmatch(r"\\?[A-Za-z]+", written)):
            return False
        name = base.quantity if whole else str(base.base)
        dep = written.lstrip("\\")
        if self.ctx.quantities.get(name) is not None and self.ctx.quantities[name].definition is not None \
                and dep in applied_forms.dependencies(name, self.ctx.quantities):
            rivals = applied_forms.rivals(name, dep, self.ctx.quantities)
            if rivals:  # p_k(x) of a p defined in x and x0 alike: the entry, or its value at x0 = x?
                raise cannot(f"{self.shown(factor)} after an entry", f"({name} depends on {dep} and on "
                             f"{', '.join(rivals)} alike: the entry as a function of {written}, or its value at "
                             f"{rivals[0]} = {written}? for the entry write it alone)")
            return True
        if whole:
            return False  # W (x): a product, as a matrix applied to a vector is written
        raise cannot(f"{self.shown(factor)} after an entry", f"(ambiguous: the entry as a function of {written}, or "
                                                            f"the entry times {written}; for the entry write it alone, "
                                                            f"for the product write \\cdot {written})")

    def applied(self, prev, factor: Tree, letter: tuple[str, str] | None = None):
        """What a declared scalar ``prev`` followed by the bracketed ``factor`` is, or None for a product.

        An input followed by a list, ``l(\\mathbf{y}, \\hat{\\mathbf{y}})`` (two or more items: no product), is
        that input.  A scalar the block defines followed by round brackets (or a list) is read from its
        definition (``defined_applied``).  The items are read all the same: an unreadable one is still an error.
        """
        group = _bracketed_items(factor, powered=True)
        if group is None or not (isinstance(prev, sp.Symbol) and self.ctx.scope.quantities.get(prev.name) == 0):
            return None
        exponent = _group_power(factor)
        if exponent is not None and self.is_transpose(exponent):
            if prev.name in self.ctx.defined:  # f(x)^\top was f times x^\top
                raise cannot(f"{prev.name}{self.shown(factor)}", f"(a transpose after what {prev.name} is written with: "
                                                               f"a scalar is its own transpose, write it without)")
            return None
        bracket, items = group
        defined = prev.name in self.ctx.defined
        if bracket not in ("(", "[", "\\{") or len(items) < 2 and (bracket != "(" or not defined):
            return None
        values = [self.cond(c) for c in items]
        if any(isinstance(v, Cond) for v in values):
            return None  # a list of conditions stays an error, and p(z > 0) a product
        if not defined:
            return self.input_with_list(prev, factor) if len(values) > 1 else None
        return self.defined_applied(prev, values, factor, letter)

    def derivative_at(self, prev, factor: Tree):
        """A derivative of a defined scalar followed by a list of what the scalar depends on, or None.

        Barron writes ``\\frac{\\partial \\rho}{\\partial x}(x, \\alpha, c)``: the derivative, annotated as
        ``\\rho(x, \\alpha, c)`` is ``\\rho`` (``defined_applied``), and with the same list as the scalar is first
        written with.  Only a list of two or more: one bracketed name after a derivative may be a product.
        The list must name the quantities it is taken by; a derivative at other arguments is refused.
        """
        group = _bracketed_items(factor, powered=True)
        if group is not None and group[0] in ("(", "[", "\\{") and len(group[1]) == 1 and isinstance(prev, sp.Derivative) \
                and isinstance(_innermost(prev), (sp.Symbol, sp.Indexed)):
            compared = isinstance(self.cond(group[1][0]), Cond)
            if self.a_factor_after(prev, group[1][0]) or group[0] == "[" and compared:
                return None  # \frac{\partial L}{\partial H_{ip}} [Z_{ip} > 0]: Iverson's bracket, no point
            if compared:
                raise cannot(f"{self.shown(factor)} after a derivative",
                             "(a comparison is no point to take it at: for its indicator write [Z > 0] or "
                             "\\mathbb{1}[Z > 0])")
            # \frac{dp}{dx}(0): p' at 0 to a reader, p' times 0 to the letter; read as the product, p'(0) = 0 was proved
            raise cannot(f"{self.shown(factor)} after a derivative", "(ambiguous: the derivative at that point, or the "
                         "derivative times it; for the product write \\cdot before the brackets, for the derivative "
                         "as a function leave them out)")
        if group is None or group[0] != "(" or len(group[1]) < 2 or not isinstance(prev, sp.Derivative):
            return None
        inner, by = prev, set()
        while isinstance(inner, sp.Derivative):
            by |= {v.base.name if isinstance(v, sp.Indexed) else v.name for v in inner.variables}
            inner = inner.expr
        if not (isinstance(inner, sp.Symbol) and inner.name in self.ctx.defined):
            return None
        values = [self.cond(c) for c in group[1]]
        names = [None if isinstance(v, Cond) else self.names_a_quantity(v) for v in values]
        depends = applied_forms.dependencies(inner.name, self.ctx.quantities)
        if None in names or not set(names) <= depends or len(set(names)) < len(names) or not by <= set(names):
            raise cannot(f"{self.shown(factor)} after a derivative of {inner.name}",
                         f"(read only as the list of what {inner.name} depends on, each once, the quantities it is "
                         f"taken by among them; a derivative at other arguments: define it in the derive block)")
        declared = self.ctx.quantities[inner.name].arguments
        if declared and tuple(names) != declared:
            raise cannot(f"{inner.name}{self.shown(factor)}", f"({inner.name} is declared {inner.name}"
                         f"({', '.join(declared)}): write its derivative with those arguments; at others, define it "
                         f"in the derive block)")
        for arg in names if not declared else ():
            self.unambiguous_argument(inner.name, arg, f"{inner.name}{self.shown(factor)}", listed=names)
        if not declared:
            self.argument_order_given(inner, names, factor)
        self.as_first_listed(inner, factor, "defined once, one value",
                             "write it as first written, or define the other order in the derive block")
        exponent = _group_power(factor)
        return prev if exponent is None else self.power(prev, exponent)

    def a_factor_after(self, derivative: sp.Derivative, item: Tree) -> bool:
        """True for a derivative in brackets after a derivative (the second-order chain rule's ``(\\frac{ds}{dz})^2``:
        a derivative is no point), or a sum or difference after a derivative of a quantity of several inputs, or by an
        entry: the chain rule's ``\\frac{\\partial L}{\\partial h_j} (1 - h_j^2)``, a product to every reader (L as a
        function of h_j alone, at 1 − h_j², is no reading); after ``\\frac{dp}{dx}`` of a p of x alone it may be p'
        there."""
        value = self.cond(item)
        if isinstance(value, sp.Basic) and value.has(sp.Derivative):
            return True
        if not isinstance(value, sp.Add):
            return False
        inner, by_entry = derivative, False
        while isinstance(inner, sp.Derivative):
            by_entry |= any(isinstance(v, sp.Indexed) for v in inner.variables)
            inner = inner.expr
        name = inner.base.name if isinstance(inner, sp.Indexed) else inner.name
        several = name in self.ctx.defined and applied_forms.one_scalar_input(name, self.ctx.quantities) is None
        return by_entry or several

    def input_with_list(self, prev: sp.Symbol, factor: Tree) -> sp.Symbol:
        """``l(y, \\hat{y})``: the input l, written with what it is a value of; at another list it would be a
        function of them (``l(y, \\hat{y}) = l(\\hat{y}, y)`` proved as l = l), which an input is not."""
        return self.as_first_listed(prev, factor, "an input, one value", "define it in the derive block to evaluate it")

    def as_first_listed(self, prev: sp.Symbol, factor: Tree, what: str, instead: str) -> sp.Symbol:
        """``prev`` itself, written with the argument list it was first written with, else refused."""
        # TeX's spacing is no part of the list, N(x\,;\,μ), nor is bold type, KL(\mathbf{p}, \mathbf{q})
        written = re.sub(r"\s+|\\[,;:!]", "", bold_free(self.src(factor)))
        first, shown = self.ctx.argument_lists.setdefault(prev.name, (written, self.shown(factor)))
        if first != written:
            raise cannot(f"{prev.name}{self.shown(factor)}", f"({prev.name} is {what}, first written "
                         f"{prev.name}{shown}: at other arguments it would be a function; {instead})")
        return prev

    def defined_applied(self, prev: sp.Symbol, values: list, factor: Tree, letter: tuple[str, str] | None = None):
        """A defined scalar written with bracketed ``values``: itself, a product, the definition at an
        argument, or an error — never a guess.

        ``J(\\theta)``, ``L(w, b)``: names of quantities it depends on annotate it, and it is itself.
        ``p(1 - p)``, ``\\delta_t (\\gamma x_{t+1} - x_t)``: brackets holding the quantity itself, or an expression
        after a quantity of several inputs, are a product, as notes write them.  ``f(2)``, ``p(-z)``, ``p(w)``:
        of a scalar defined from exactly one scalar input, a number, a quantity or an expression in that input
        is the definition with the input replaced (not where its head is a function's ``letter``, σ(a): see
        ``function_letter_at``).  Anything else (``p(1 - y)``, ``J(z)`` and ``J(0)`` of a J of
        two inputs) is refused: read as the quantity, or as a product, a false claim could be proved.
        """
        quantities = self.ctx.quantities
        if quantities[prev.name].arguments:
            return self.declared_applied(prev, values, factor)
        if all(self.names_a_quantity(v) in applied_forms.dependencies(prev.name, quantities) for v in values):
            if len(values) < 2:
                self.unambiguous_argument(prev.name, self.names_a_quantity(values[0]), f"{prev.name}{self.shown(factor)}")
                return prev
            if len({self.names_a_quantity(v) for v in values}) < len(values):
                # g(x, x) of a g defined in x and y: g with y set to x to a reader, g itself to the letter
                raise cannot(f"{prev.name}{self.shown(factor)}", f"({prev.name} at a repeated argument: write its "
                                                               f"value, or define it in the derive block)")
            names = [self.names_a_quantity(v) for v in values]
            for arg in names:  # Ĵ(w*, H) of a Ĵ defined in w, w* and H: Ĵ, or Ĵ at w = w*?
                self.unambiguous_argument(prev.name, arg, f"{prev.name}{self.shown(factor)}", listed=names)
            self.argument_order_given(prev, names, factor)
            # g(x, y) is g; g(y, x) after it would be g with its arguments swapped, which the block does not define
            return self.as_first_listed(prev, factor, "defined once, one value",
                                        "write it as first written, or define the other order in the derive block")
        single = values[0] if len(values) == 1 else None
        value = single if isinstance(single, Expr) else None
        if value == prev:  # f(f(x)): f(x) reads as f, so f of itself or f times itself? either proves some false claim
            raise cannot(f"{prev.name}{self.shown(factor)}", f"(write {prev.name} \\cdot {prev.name} for the product; "
                         f"{prev.name} of itself is not read)")
        one = applied_forms.one_scalar_input(prev.name, quantities)
        if letter is not None:
            self.function_letter_at(prev, one, letter, factor, value)
        if value is not None and prev in value.free_symbols:
            return None  # p(1 - p): a product
        if value is not None and one is not None and (self.names_a_quantity(value) is not None
                                                      or self.quantities_in(value) <= {one}):
            value, conditions = applied_forms.substituted(prev, value, quantities)
            note_real_where(lambda *_: conditions, [single], self.bound)
            return value
        if single is not None and one is None and self.names_a_quantity(single) is None \
                and not (value is not None and value.is_number):
            return None  # \delta_t (\gamma x_{t+1} - x_t): no argument to replace, so a product
        inputs = sorted(applied_forms.inputs_of(prev.name, quantities))
        said = ", ".join(inputs) if inputs else "no input"
        raise cannot(f"{prev.name}{self.shown(factor)}", f"({prev.name} is defined in {said}: {prev.name} alone or "
                     f"{prev.name}({said}) is that quantity; for a product write {prev.name} \\cdot (…); a value at "
                     f"another argument is read only for a scalar defined from one scalar input, of a number "
                     f"or an expression in that input)")

    def function_letter_at(self, prev: sp.Symbol, one: str | None, letter: tuple[str, str], factor: Tree,
                           value: Expr | None) -> None:
        """Refuse a defined scalar written as a function's letter before brackets that do not annotate it: a VAE's
        σ = e^{lv/2} at a (σ(a), σ(0): e^{a/2} by the block) or an encoder's σ = e^{(v h + c)/2} before w z + b (σ
        times it), where a reader sees the sigmoid, so a claim about either could be proved about the other.
        Read as before where σ is that very function of its one input (both agree), and brackets holding σ
        itself, σ(1 − σ), are a product where the block uses no such function."""
        macro, function = letter
        defined = applied_forms.in_inputs(prev, self.ctx.quantities)
        same = by_name(function)
        if one is not None and same is not None and same.build is not None \
                and any(s.name == one and defined == same.build(s) for s in defined.free_symbols):
            return
        if value is not None and prev in value.free_symbols and not self.function_used(function, prev.name)[0]:
            return
        said = f"defined in {one}" if one is not None else "a quantity it defines"
        raise cannot(f"{macro}{self.shown(factor)}", f"(ambiguous: {macro} is the block's {prev.name}, {said}, so this "
                     f"is {prev.name} at that argument or times it, and the {function} of it to a reader: write "
                     f"\\operatorname{{{function}}}(…) for the function, or {prev.name} \\cdot (…) or {prev.name}'s "
                     f"value there)")

    def unambiguous_argument(self, name: str, arg: str, written: str, listed: Sequence[str] = ()) -> None:
        """Refuse ``J(w)`` (or ``J'(w)``) when J, not declared a function of anything, depends on another quantity
        of w's shape: Ĵ(w*) of a Ĵ defined in w and w* may be Ĵ itself or Ĵ at w = w*, and read either way a
        false claim is proved."""
        quantities = self.ctx.quantities
        # a rival a listed name stands on, or that stands on one (o under l(y, ŷ) with ŷ = softmax(o)), is no argument
        rivals = [r for r in applied_forms.rivals(name, arg, quantities)
                  if not any(r == a or r in applied_forms.dependencies(a, quantities)
                             or a in applied_forms.dependencies(r, quantities) for a in listed)]
        if rivals:
            own = ", ".join(listed or [arg])
            other = ", ".join([rivals[0] if a == arg else a for a in listed or [arg]])
            raise cannot(written, f"({name} depends on {arg} and on {', '.join(rivals)} alike, so it may be {name} "
                                  f"as a function of {own} or its value at {rivals[0]} = {arg}: name its argument"
                                  f"{'s' * (len(listed) > 1)} in the derive block, \"{name}({own})\" = ... or "
                                  f"\"{name}({other})\" = ...)")

    def pi_beside_a_number(self, written: str) -> None:
        """Refuse a mapped ``\\pi`` beside a number or under a root, where a Gaussian's normaliser means π."""
        raise cannot(written, f"({PI} is mapped to {self.ctx.symbol(PI)} in [symbols], so this is that quantity beside "
                              f"a number or under a root, while a Gaussian's normaliser means the constant π, which "
                              f"that mapping leaves no spelling for: write 2 \\cdot {PI} for the quantity, or map the "
                              f"quantity to another symbol)")

    def argument_order_given(self, scalar: sp.Symbol, names: list, factor: Tree) -> None:
        """Refuse ``KL(q, p)`` (or ``KL(p, q)``) of a KL the block defines without naming the order of its arguments,
        where two listed arrays of one shape change its value when swapped: to a reader the order is the meaning (a
        divergence's, a loss's l(ŷ, y)), and neither the definition's text (Σ q (p/q) log(p/q) is KL(p‖q)) nor the
        note's first list tells which; read as KL itself, a wrong ∂KL(q, p)/∂q was proved.  Scalars are refused so
        where the quantity is named as a divergence or a cross-entropy is (a Bernoulli KL(q, p, T), H(a, y): the text's
        order of factors, log(a)·y, tells no meaning either), and in any list other than a ``[symbols]`` key's that
        holds one (``'\\mathrm{KL}(q, p)'``); other lists of scalars name roles (J(θ₀, θ₁), L(w, b), f(u, v),
        Barron's ρ(x, α, c)) and read in their first-written order."""
        quantities = self.ctx.quantities
        written = {scalar.name} | {k for k, v in (self.ctx.symbols or {}).items() if v == scalar.name}
        keyed = any("(" in k for k in written)
        conventional = keyed or any(_order_is_a_convention(w) for w in written)
        for k, first in enumerate(names):
            for then in names[k + 1:]:
                if quantities[first].shape != quantities[then].shape \
                        or not (quantities[first].shape or conventional) \
                        or not applied_forms.swapped_differs(scalar, first, then, quantities, self.ctx.scope.base):
                    continue
                other = [then if n == first else first if n == then else n for n in names]
                raise cannot(f"{scalar.name}{self.shown(factor)}", f"({scalar.name} changes when {first} and {then} "
                             f"are swapped, so the order of its arguments is a meaning its definition does not "
                             f"give: name the order the definition means in its key, \"{scalar.name}"
                             f"({', '.join(names)})\" = … or \"{scalar.name}({', '.join(other)})\" = …, or write "
                             f"{scalar.name} alone)")

    def declared_applied(self, prev: sp.Symbol, values: list, factor: Tree) -> Expr:
        """A scalar declared a function of its arguments (``"Jhat(w)"``) written with ``values``: itself at its
        arguments, else its definition with each argument replaced by the value written in its place (another
        quantity of its shape, or for a scalar argument a scalar written in the block's quantities)."""
        quantities = self.ctx.quantities
        arguments = quantities[prev.name].arguments
        written = f"{prev.name}({', '.join(arguments)})"
        if len(values) != len(arguments):
            raise cannot(f"{prev.name}{self.shown(factor)}", f"({prev.name} is declared {written}: write it with "
                                                           f"{len(arguments)} argument{'s' * (len(arguments) > 1)})")
        table = {}
        for arg, value in zip(arguments, values):
            named = self.names_a_quantity(value)
            if named == arg:
                continue
            shape = quantities[arg].shape
            if named is not None and quantities[named].shape == shape and named != prev.name \
                    and prev.name not in applied_forms.dependencies(named, quantities):
                table[arg] = self.ctx.scope.base(named)
            elif not shape and isinstance(value, Expr) and not value.atoms(sp.Indexed) \
                    and {s.name for s in value.free_symbols} <= set(self.ctx.scope.quantities) - {prev.name}:
                table[arg] = value
            else:
                raise cannot(f"{prev.name}{self.shown(factor)}", f"({prev.name} is declared {written}: in place of "
                             f"{arg} write a quantity of its shape{'' if shape else ' or a scalar in the quantities'})")
        if not table:
            return prev
        try:
            value, conditions = applied_forms.at_arguments(prev, table, quantities)
        except ValueError as exc:
            raise cannot(f"{prev.name}{self.shown(factor)}", f"({exc}: define its value there in the derive block)") \
                from None
        note_real_where(lambda *_: conditions, [v for v in values if isinstance(v, Expr)], self.bound)
        return value

    def quantities_in(self, value: Expr) -> set[str]:
        """The declared quantities a scalar value is written with (entries by their base)."""
        names = {a.base.name for a in value.atoms(sp.Indexed)} | {s.name for s in value.free_symbols}
        return names & set(self.ctx.scope.quantities)

    def check_function_letter(self, prev, written: str, factor: Tree) -> None:
        """Refuse ``\\sigma(a)`` where ``\\sigma`` names an input (a VAE's standard deviation, declared or in
        [symbols], bold or powered): σ times a to the letter, the sigmoid of a to a reader, and read as the product
        a false claim about the sigmoid was proved (σ(a) + σ(−a) = 0).  Brackets holding σ itself (a Student-t's
        σ(σ² + r²), σ(1 − 1/σ²)) are the product those notes mean, and so is a sum where the block's logistic takes
        σ as its slope (RankNet's σ(s_i − s_j)), unless the block uses the sigmoid otherwise too (a VAE's decoder:
        σ(w z + b), even σ(a + σ), is that to its reader); any other sum is refused, for the sigmoid may be written
        in a form not recognised ((1 + tanh(a/2))/2).  A scalar σ the block defines is read in ``function_letter_at``;
        an array it defines is refused here alike (σ(a_i) of a VAE's σ = e^{v/2} read as σ times a_i, a true claim about
        the sigmoid refuted)."""
        base = prev.base if isinstance(prev, sp.Pow) else prev
        if isinstance(base, sp.Symbol) and base.name in self.ctx.defined:
            return
        letter = base.name if isinstance(base, sp.Symbol) else getattr(base, "quantity", None)
        macro, function = _function_letter(written) or (None, None)
        arg = _one_bracket(_SIZING.sub("", self.src(factor))) if function is not None else None
        if arg is None:
            return
        uses, slope = self.function_used(function, letter)
        if not uses and (macro in arg or _sum_at_top(arg) and (slope or function != "sigmoid")):
            return
        written = _SIZING.sub("", written)
        raise cannot(f"{written}({arg})", f"({macro} names a quantity of the derive block here, "
                     f"so this is {written} times ({arg}) to the letter and {function} of it to a reader: write "
                     f"{macro} \\cdot ({arg}) for the product, or \\operatorname{{{function}}}({arg}) for the "
                     f"function)")

    def function_used(self, function: str, letter: str | None) -> tuple[bool, bool]:
        """Whether the block's definitions use ``function`` (the sigmoid: a logistic however written, down to the
        inputs) other than with the quantity ``letter`` as a factor of its argument, and whether one uses it so, as
        RankNet's P = 1/(1 + e^{−σ(s_i − s_j)}) uses its slope σ."""
        if function != "sigmoid":
            return any(re.search(rf"(?<![A-Za-z_]){function}\s*\(", getattr(q, "text", None) or "")
                       for q in self.ctx.quantities.values()), False
        uses = slope = False
        for q in self.ctx.quantities.values():
            if getattr(q, "definition", None) is None:
                continue
            try:
                value = applied_forms.in_inputs(q.definition, self.ctx.quantities)
            except ValueError:
                value = q.definition
            for exponent in _logistics(value):
                held = letter is not None and _a_factor(letter, exponent)
                uses, slope = uses or not held, slope or held
        return uses, slope

    def names_a_quantity(self, value) -> str | None:
        """The name of the quantity a value is written as, bare (``\\theta``, a whole vector ``\\mathbf{w}``), else None."""
        if isinstance(value, sp.Symbol) and value.name in self.ctx.scope.quantities:
            return value.name
        if isinstance(value, Array) and value.quantity:
            return value.quantity
        return None

    def entry_in_brackets(self, prev, factor: Tree) -> Expr | None:
        """``\\pi(a)`` of a whole declared vector and one index letter or scalar label: the entry π_a, else None.

        Sutton and Barto write a policy's probabilities as π(a) and sum Σ_b π(b) x(b): a vector times an
        integer index is no product anyone writes, so the index in round brackets picks the entry.
        """
        group = _bracketed_items(factor)
        if group is None or group[0] != "(" or len(group[1]) != 1 \
                or not (isinstance(prev, Array) and prev.quantity and len(prev.shape) == 1):
            return None
        item = group[1][0]
        tok = self.unwrap(item.children[0] if len(item.children) == 1 else item)
        if not (isinstance(tok, Token) and tok.type == "LETTER") or self.declared(str(tok)) \
                or self.ctx.labels.get(str(tok), ()) != ():
            return None
        return prev.at(self.index_of(tok))

    def _no_number_one_after_an_array(self, items: list, numbers: list[bool], sources: list) -> None:
        """Refuse ``x^\\top 1``: the vector of ones to a reader (a sum), the number 1 to the letter (x^\\top 1 = x^\\top
        was proved)."""
        for n in range(1, len(items)):
            if items[n][0] is None and items[n][1] == 1 and isinstance(items[n - 1][1], Array) \
                    and sources[n] is not None and _number_written(sources[n].text) == "1":
                raise cannot(f"1 after {sources[n - 1].text if sources[n - 1] else 'an array'}",
                             "(the vector of ones to a reader, the number 1 to the letter: write \\mathbf{1} for the "
                             "vector)")

    def _number_arguments(self, items: list, numbers: list[bool], sources: list) -> list:
        """``\\ln 2\\pi\\sigma^2``, ``\\sin 2x``: a function written without brackets before a number takes the
        number and the factors juxtaposed after it, as typeset mathematics means it (not (ln 2)·π), up to a
        space the writer set (``\\ln 2 \\, x`` is x ln 2)."""
        for n in range(len(items) - 3, -1, -1):
            if not (isinstance(items[n][1], Func) and numbers[n + 1]):
                continue
            end = n + 2
            while end < len(items) and items[end][0] is None and isinstance(items[end][1], _OPERANDS) \
                    and not self.spaced(sources[end - 1], sources[end]):
                end += 1
            big = next((w for w in sources[n + 2:end] if w is not None and _BIG_OPERATOR.match(w.text)), None)
            if big is not None:
                # \log 2 \sum_k z_k: read as log(2 Σ_k z_k), (log 2)·Σ_k z_k = Σ_k z_k log 2 was refuted and
                # log 2 + Σ_k z_k proved equal to \log 2 \prod_k e^{z_k}; a \log n before a sum is refused alike
                number = self.text[sources[n + 1].start:sources[n + 1].end] if sources[n + 1] else "2"
                head, operator = items[n][1].macro, _BIG_NAMES[_BIG_OPERATOR.match(big.text).group(0).strip()]
                raise cannot(f"{head} {number} {big.text.split()[0]}",
                             f"(ambiguous: {head} of the product, or {head} {number} times the {operator}; write "
                             f"{head}\\left({number} …\\right) or \\left({head} {number}\\right) …)")
            if end > n + 2:
                items[n + 1:end] = [[None, self._multiply(items[n + 1:end])]]
                numbers[n + 1:end] = [False]
                sources[n + 1:end] = [None]
        return items

    def _pair_partials(self, items: list, final: bool = False) -> list:
        """∂ and what follows it as one ``PartialOf``; ``final`` (after function heads took their arguments):
        a function left bare after ∂ (∂σ/∂x) is an error naming it."""
        out = []
        for op, piece in items:
            prev = out[-1][1] if out else None
            if isinstance(prev, Partial) and op is None and isinstance(piece, (Expr, Array)):
                out[-1][1] = PartialOf(piece, prev.order, prev.total)
            elif final and isinstance(prev, Partial) and op is None and isinstance(piece, Func) and not piece.order:
                raise cannot(f"\\partial {piece.macro}", f"({piece.macro} is a function, not a quantity: write "
                                                        f"\\frac{{d}}{{dx}} {piece.macro}(x) or {piece.macro}'(x), or "
                                                        f"for a quantity the block defines map '{piece.macro}' to it "
                                                        f"in [symbols])")
            else:
                out.append([op, piece])
        return out

    def _apply_heads(self, items: list) -> list:
        for n in range(len(items) - 2, -1, -1):
            head, (op, arg) = items[n][1], items[n + 1]
            if op is not None:
                continue
            if isinstance(head, Func) and isinstance(arg, Powered):
                items[n][1] = self.powered(self.head_power(self.apply(head, arg.base), head.power), arg)
            elif isinstance(head, Func) and isinstance(arg, (Expr, Array, Args, VecEntry, ResultEntry)):
                items[n][1] = self.head_power(self.apply(head, arg), head.power)
            elif isinstance(head, PrimedScalar) and isinstance(arg, sp.Symbol) \
                    and self.ctx.scope.quantities.get(arg.name) == 0:
                items[n][1] = derivative(head.scalar, (self.primed_by(head, arg),) * head.order)  # J'(\theta) = dJ/dθ
            elif isinstance(head, PrimedScalar) and isinstance(arg, Expr) and not isinstance(arg, sp.Symbol):
                items[n][1] = self.primed_at(head, arg)  # h'(0): h's derivative at 0
            elif isinstance(head, Indicator) and isinstance(arg, Cond) or \
                    id(head) in self.bare_ones and isinstance(arg, Cond) and (arg.iverson or arg.braced):
                # 𝟙[i = c], and \mathbf{1}[i = c] as the DL book writes it (or \mathbf{1}\{i = c\}, as CS229's 1\{·\})
                items[n][1] = indicator(arg.rel)
            elif isinstance(head, DiffOp) and isinstance(arg, (*_OPERANDS, VecEntry, _Bracketed)):
                # The operator takes every factor written after it up to the next + or −:
                # \frac{\partial}{\partial x} \frac{1}{2} \lVert x - y \rVert^2 is ∂(½‖x − y‖²)/∂x.  An entry (s)_j is
                # one of them: stopping there differentiated t alone in ∂/∂w_j t (s)_j, and = 0 was proved.
                end = n + 2
                while end < len(items) and items[end][0] is None and isinstance(items[end][1], (*_OPERANDS, VecEntry)):
                    end += 1
                self.check_operand(head, items, n, end)
                if end == n + 2 and isinstance(arg, sp.Number):
                    # J&M's \frac{\partial}{\partial w_j} 1 - \sigma(w \cdot x + b): nobody differentiates a number on
                    # purpose; the writer means the difference, which the operator does not take (it stops at the −)
                    raise cannot(f"a derivative of the number {arg}", "(it is 0: to differentiate a sum or difference, "
                                 "bracket it, \\frac{\\partial}{\\partial w}\\left(1 - \\sigma(z)\\right))")
                if head.nabla and end > n + 2 and not isinstance(arg, _Bracketed) \
                        and self.varies(arg, head.variables) and not _a_row(self._operand_value(arg)) \
                        and not any(self.varies(self._operand_value(piece), head.variables) for _, piece in items[n + 2:end]):
                    # \nabla_a J \, x^\top (Goodfellow's g h^⊤): the rest is constant in a, so the gradient of J
                    # times it, which for a scalar product is the product's gradient too
                    end = n + 2
                if isinstance(arg, _Bracketed):  # (f) alone, or (f) times factors constant in the variable
                    arg = self.value(arg.value) if end == n + 2 else \
                        self.value(self._multiply([[None, arg.value], *items[n + 2:end]]))
                else:
                    arg = self.value(self._multiply(items[n + 1:end]))
                if head.nabla and isinstance(arg, Array):
                    several = end > n + 2  # it took a product: ∇²L 1 reads as ∇²(L 1)
                    raise cannot(head.macro, "of an array (ambiguous: the Jacobian or its transpose; write "
                                             "\\frac{\\partial s}{\\partial z} for J_ij = ∂s_i/∂z_j"
                                 + ("; it takes every factor after it, so write (\\nabla^2_z L) v to multiply "
                                    "its result" if several else "") + ")")
                self.note_derivative(head.kind, arg, head.variables)
                self.noticed.second_order |= _by_arrays(head.variables) > 1 \
                    or _by_arrays(head.variables) == 1 and self._a_derivative(arg)
                items[n][1] = derivative(arg, head.variables)
                del items[n + 1:end]
                continue
            else:
                continue
            del items[n + 1]
        return items

    def check_operand(self, head: DiffOp, items: list, n: int, end: int) -> None:
        """Refuse an operator whose operand readers split two ways.

        ``\\frac{d}{dx}(x + 1)(x - 1)``: some read d/dx of the product, others the derivative of the first
        bracket times the second; ``\\frac{\\partial}{\\partial x} x \\cdot x`` (or ``\\partial_x x \\cdot x``)
        likewise.  Either guess proves a claim its writer meant otherwise.  A gradient binds like a
        function name, so ``\\nabla_w L \\cdot v`` stays (∇_w L)·v, as every reader takes it.
        """
        bracketed = isinstance(items[n + 1][1], _Bracketed)
        gradient = head.nabla and head.macro == r"\nabla"
        explicit = not gradient and end < len(items) and items[end][0] is not None
        pieces = [self._operand_value(piece) for _, piece in items[n + 1:end]]
        varying = [piece for piece in pieces if self.varies(piece, head.variables)]
        # a row first, x^\top A x, (y - X w)^\top (y - X w): the derivative of the row alone is no gradient a note
        # writes, so only the product's makes sense (the CS229 review's \nabla_x x^\top A x = 2 A x); not so where a
        # second scalar that varies follows, x^\top b \, x^\top b (∇(x^\top b) times x^\top b, or the square's?)
        at = [k for k, piece in enumerate(pieces) if any(piece is v for v in varying)]
        row = bool(varying) and _a_row(varying[0]) and len(varying) <= 2 \
            and all(isinstance(p, Array) and not _a_row(p) for p in varying[1:]) \
            and not any(isinstance(p, Array) and len(p.shape) == 1 for p in pieces[at[0] + 1:at[-1]])  # x^\top b b^\top x
        if len(varying) >= 2 and not row and not explicit:
            # \nabla_w L \, c with c depending on w too: (∇_w L) c to one reader (∇ binds like a function
            # name), ∇_w (L c) to another.  With the rest constant in w both readings agree; with one factor that
            # varies (\nabla_w \frac{1}{2} \lVert w \rVert^2) only the product makes sense.  So for
            # \frac{d}{dx} \sigma(x) \, (1 - 2\sigma(x)), σ'(1 − 2σ) to a probe's writer (σ''), d/dx of the product
            # as read before: a wrong σ'' was proved (and so with ½ before it)
            if bracketed:
                raise cannot(f"{'a derivative operator' if not head.nabla else head.macro + '_{…}'} followed by a "
                             f"product", "(ambiguous: bracket what it differentiates, \\frac{d}{dx}\\left[(x+1)(x-1)"
                             "\\right], or bracket the derivative, \\left(\\frac{d}{dx}(x+1)\\right)(x-1))")
            if head.nabla:
                raise cannot(f"{head.macro}_{{…}} followed by a product", "(ambiguous: the gradient of the first "
                             r"factor times the rest, or of the product; bracket one, \left(\nabla_w L\right) c or "
                             r"\nabla_w \left(L c\right))")
            raise cannot("a derivative operator followed by a product", "(ambiguous: the derivative of the first "
                         r"factor times the rest, or of the product; bracket one, \left(\frac{d}{dx} f\right) g or "
                         r"\frac{d}{dx}\left(f g\right))")
        if explicit:
            written = "a derivative operator" if not head.nabla else head.macro + "_{…}"
            raise cannot(f"{written} followed by a product", "(ambiguous: bracket what it differentiates, "
                         "\\frac{d}{dx}\\left[(x+1)(x-1)\\right], or bracket the derivative, "
                         "\\left(\\frac{d}{dx}(x+1)\\right)(x-1))")

    def _operand_value(self, piece):
        """A factor after a derivative operator as a value where it is one (a bracket's, a power's: (x - \\mu)^2 is
        a value, constant in σ), else as it stands."""
        piece = piece.value if isinstance(piece, _Bracketed) else piece
        return self.value(piece) if isinstance(piece, Powered) else piece

    def varies(self, piece, variables: tuple) -> bool:
        """True when ``piece`` may depend on one of ``variables``, through the definitions too."""
        wrt = {v.quantity or arrays.slice_of(v) if isinstance(v, Array) else str(getattr(v, "base", v))
               for v in variables}
        if isinstance(piece, Array):
            piece = piece.at(*[self.fresh("k") for _ in piece.shape])
        if not isinstance(piece, sp.Basic):
            return True  # not a value (an operator, a function): never counted constant
        names = {str(a.base) if isinstance(a, sp.Indexed) else str(a)
                 for a in piece.atoms(sp.Symbol, sp.Indexed)}
        return any(n in wrt or wrt & applied_forms.dependencies(n, self.ctx.quantities) for n in names)

    def primed_at(self, head: PrimedScalar, arg: Expr) -> Expr:
        """``h'(0)``, ``h''(2x)``: the derivative of a scalar defined from one scalar input, at a number or an expression
        in that input (as ``h(0)`` is its definition there).  Differentiated here, so only where the definition is
        real-analytic on all of ℝ (polynomials, exp, tanh, σ …): at a kink or a pole (relu'(0), (log x)'(0)) the value
        SymPy would give is no derivative, and the claim is refused."""
        name = head.scalar.name
        quantities = self.ctx.quantities
        one = applied_forms.one_scalar_input(name, quantities)
        written = f"{head.written}({sp.sstr(arg)})"
        if one is None or quantities[name].arguments or not self.quantities_in(arg) <= {one}:
            by = one or next(iter(sorted(applied_forms.inputs_of(name, quantities))), "x")
            raise cannot(written, f"(a prime at a value is read for a scalar defined from one scalar input, at a "
                                  f"number or an expression in it; else write the derivative, "
                                  f"\\frac{{\\partial {name}}}{{\\partial {by}}}, and its value)")
        value, _ = applied_forms.at_arguments(head.scalar, {}, quantities)
        var = self.ctx.scope.base(one)
        # the definitions as written, not as SymPy folded them: (√x)² and e^{log x} are x, but have no value at x < 0;
        # every definition named on the way counts, folded or not (v = x + u - u with u = log x)
        written_chain = {name} | applied_forms.written_dependencies(name, quantities)
        smooth = _analytic(value) and not _restricted(written_chain, quantities) \
            and not _may_vanish([], written_chain, var, self.ctx)
        slope = sp.diff(value, var, head.order) if smooth else None
        if slope is None or slope.has(sp.Derivative, sp.Subs):
            raise cannot(written, f"({name} is not smooth on all of ℝ, so its derivative at a point may not exist: "
                                  f"write its value there)")
        return slope.xreplace({var: arg})

    def primed_by(self, head: PrimedScalar, arg: sp.Symbol) -> sp.Symbol:
        """The scalar ``J'(\\theta)`` differentiates by: one J depends on (f'(y) of an f defined in x is no
        dJ/dy = 0, nor f'(x) taken at y: refused)."""
        name = head.scalar.name
        declared = self.ctx.quantities[name].arguments
        if declared and arg.name not in declared:
            raise cannot(f"{head.written}({arg.name})", f"({name} is declared {name}({', '.join(declared)}): a prime "
                                                        f"differentiates by its argument; at another value, write it)")
        if arg.name in applied_forms.dependencies(name, self.ctx.quantities):
            if not declared:
                self.unambiguous_argument(name, arg.name, f"{head.written}({arg.name})")
            return arg
        inputs = ", ".join(sorted(applied_forms.inputs_of(name, self.ctx.quantities))) or "no input"
        raise cannot(f"{head.written}({arg.name})", f"({name} is defined in {inputs}, not {arg.name}: a prime "
                                                    f"differentiates by what it depends on, {name}'({inputs.split(', ')[0]}))")

    def _multiply(self, items: list):
        if len(items) == 1:
            return items[0][1]
        items = self._partials_folded(items)
        if len(items) == 1:
            return items[0][1]
        grouped = self._one_grouping(items)
        if grouped is not None:
            return grouped
        return self._multiply_in_order(items)

    def _partials_folded(self, items: list) -> list:
        """``∂L / ∂z`` written inline after other factors taken as one value first: ``W^\\top \\partial L / \\partial z``
        is Wᵀ (∂L/∂z), as its reader takes it (read left to right it was refused, and after ⊙, s ⊙ Wᵀ ∂L/∂z, refuted
        as (s ⊙ Wᵀ) …, not defined).  A quotient that opens the product is left to the in-order reader, as before."""
        out, n = [], 0
        while n < len(items):
            op, piece = items[n]
            n += 1
            if not (out and isinstance(piece, PartialOf) and n < len(items) and items[n][0] == "/"
                    and isinstance(items[n][1], PartialOf)):
                out.append((op, piece))
                continue
            variables, n = [], n
            while n < len(items) and isinstance(items[n][1], PartialOf) and len(variables) < piece.order \
                    and items[n][0] == ("/" if not variables else None):
                var, times = _by_power(items[n][1].expr, items[n][1].order)
                variables += [var] * times
                n += 1
            if len(variables) != piece.order:
                raise cannot(r"\partial", "(the orders of ∂ above and below the line differ)")
            if n < len(items) and items[n][0] is None:
                raise cannot("a / b c", "(ambiguous: write \\frac{a}{b c} or \\frac{a}{b} c)")
            self.one_order(variables)
            out.append((op, derivative(piece.expr, tuple(variables))))
        return out

    def _one_grouping(self, items: list):
        """A chain of products and ⊙ (``u \\odot M v \\odot w``) read as its one bracketing with fitting shapes;
        None to read it as ``_multiply_in_order`` does (no such chain, or no bracketing fits: its error is the one to
        report).  Several fitting bracketings of different values are refused: the ⊙-before-a-product and
        product-before-⊙ rules of ``_multiply_in_order`` weigh one ⊙ chain beside one product, and a chain on both
        sides of a product (``u \\odot M v \\odot w``, M square) was read u ⊙ (M v) ⊙ w without a word."""
        ops = [op for op, _ in items[1:]]
        products = (None, matrices.CDOT, matrices.TIMES, matrices.STAR, matrices.DIVIDE)
        if not (matrices.ODOT in ops and any(op in (None, matrices.CDOT) for op in ops)) \
                or any(op not in (*products, matrices.ODOT) for op in ops) \
                or any(isinstance(f, (PartialOf, Partial)) for _, f in items) \
                or any(a == matrices.DIVIDE and b in (None, matrices.CDOT) for a, b in zip(ops, ops[1:])):
            return None  # a / b c is refused in order
        before = self._state()
        try:
            values = [self.value(f) for _, f in items]
        except ParseError:
            return None  # read in order, which reports it
        if any(op == matrices.DIVIDE and isinstance(values[k + 1], Array) for k, op in enumerate(ops)):
            return None  # M v / w is (M v) / w, entrywise: no product to regroup past it
        numbers = {k for k, v in enumerate(values) if not isinstance(v, Array)}
        kinds = ["odot" if op == matrices.ODOT else "product" for op in ops]
        trees = groupings.bracketings(kinds)
        if trees is None:
            raise cannot("\\odot", f"(a chain of products and \\odot with more than {groupings.MAX_BRACKETINGS} "
                                     f"groupings to weigh; bracket it)")
        saved = self._state()

        def evaluate(tree):
            if isinstance(tree, int):
                return values[tree]
            kind, children = tree
            acc = evaluate(children[0])
            for child in children[1:]:
                op = matrices.ODOT if kind == "odot" else ops[groupings.first_factor(child) - 1]
                if op == matrices.DIVIDE and not isinstance(child, int):
                    raise ParseError("a / b divides by b alone")  # not a reading: u / 2 ⊙ v is not u / (2 v)
                acc = matrices.times(acc, op, evaluate(child), self.fresh, self.sizes)
            return acc
        fitting = {}
        try:
            for tree in trees:
                self._restore(saved)
                try:
                    value = evaluate(tree)
                except ParseError:
                    continue
                fitting.setdefault(groupings.arrays_only(tree, numbers), (value, self._state()))
        finally:
            self._restore(saved)
        if len(fitting) > 1:
            self._restore(before)
            try:  # its rules name the grouping they weighed where they see the ambiguity themselves
                self._multiply_in_order(items)
            except ParseError as exc:
                if "ambiguous" in str(exc):
                    raise
            raise cannot("\\odot", "(ambiguous: more than one grouping of the products and \\odot here, (A b) \\odot c, "
                                     "A (b \\odot c) …, has fitting shapes; bracket the one meant)")
        if not fitting:
            return None
        self._restore(before)
        try:  # the one reading: as the in-order rules build it where they can (the same value, the same expression)
            return self._multiply_in_order(items)
        except ParseError:
            pass
        value, state = next(iter(fitting.values()))
        self._restore(state)
        return value

    def _state(self) -> tuple:
        """What reading a value changes: the sizes bound and the summation indices taken (and counted)."""
        return dict(self.sizes.bindings), set(self.fresh.taken), getattr(self.fresh, "given", None)

    def _restore(self, state: tuple) -> None:
        """Put back what ``_state`` saved (a copy: the saved state stays as it was for the next reading)."""
        bindings, taken, given = state
        self.sizes.bindings, self.fresh.taken = dict(bindings), set(taken)
        if given is not None:
            self.fresh.given = given

    def _multiply_in_order(self, items: list):
        acc, n = self.value(items[0][1]) if not isinstance(items[0][1], PartialOf) else items[0][1], 1
        juxtaposed = [(None, items[0][1])]  # (operator, factor) of the product since the last other operator
        while n < len(items):
            op, piece = items[n]
            n += 1
            if op == matrices.ODOT and len(juxtaposed) > 1:  # (A b) ⊗ c = A (b cᵀ): one value either way
                alone = self._left_grouping(juxtaposed, op, piece, items, n)
                if alone is not None:  # A e ⊙ m with A (p × B): A (e ⊙ m), the one reading with fitting shapes
                    (acc, n), juxtaposed = alone, [(None, alone[0])]
                    continue
            # a product by juxtaposition or \cdot (W^\top \cdot (a - y) \odot σ' was read left to right only)
            juxtaposed = [*juxtaposed, (op, piece)] if op in (None, matrices.CDOT) else [(None, piece)]
            if op == "/" and isinstance(acc, PartialOf):
                variables = []
                while isinstance(piece, PartialOf) and len(variables) < acc.order:
                    var, times = _by_power(piece.expr, piece.order)  # \partial^2 J / \partial w^2: twice by w
                    variables += [var] * times
                    piece = items[n][1] if n < len(items) and items[n][0] is None else None
                    n += piece is not None
                if len(variables) != acc.order:
                    raise cannot(r"\partial", "(the orders of ∂ above and below the line differ)")
                self.one_order(variables)
                acc = derivative(acc.expr, tuple(variables))
                if piece is None:
                    continue
                op = None
            acc, piece = self.value(acc), self.value(piece)
            if op == "/" and n < len(items) and items[n][0] is None:
                # a / b c: some readers mean (a/b) c, others a/(b c); a checker must not guess
                raise cannot("a / b c", "(ambiguous: write \\frac{a}{b c} or \\frac{a}{b} c)")
            if op in (matrices.ODOT, matrices.OTIMES) and n < len(items) and items[n][0] in (None, matrices.CDOT):
                acc, n = self._entrywise_of_product(acc, op, piece, items, n)
                continue
            if op == matrices.DIVIDE:
                note_denominator(piece)
            plus = id(acc) in self.square_plus_scalar or id(piece) in self.square_plus_scalar
            both = isinstance(acc, Array) and isinstance(piece, Array)
            if op in (None, matrices.CDOT) and both and plus:
                # 2 (X^\top X + \lambda) w, the ridge gradient: λI to its reader, λ in every entry to the letter
                raise cannot("a scalar plus a square matrix in a matrix product", "(the scalar times the identity to "
                             "its reader, the scalar in every entry to the letter: write \\lambda I, or "
                             "\\lambda \\mathbf{1} \\mathbf{1}^\\top)")
            try:
                acc = matrices.times(acc, op, piece, self.fresh, self.sizes)
                if plus and not both and isinstance(acc, Array):
                    self.square_plus_scalar[id(acc)] = acc  # 2 (X^\top X + \lambda): scaled, still one
            except ParseError as exc:
                if op in (None, matrices.CDOT, matrices.STAR) and _a_gradient(acc) and isinstance(piece, Array) \
                        and len(piece.shape) == 2:
                    # ∂L/∂s ∂s/∂z, the chain rule as numerator-layout notes write it
                    raise ParseError(f"{exc}; a gradient ∂L/∂s has s's shape, a column, so the chain rule "
                                     f"reads (∂s/∂z)ᵀ ∂L/∂s, written \\left(\\frac{{\\partial s}}{{\\partial z}}"
                                     f"\\right)^\\top \\frac{{\\partial L}}{{\\partial s}}") from None
                raise
        return self.value(acc)

    def _left_grouping(self, juxtaposed: list, op: str, piece, items: list, n: int):
        """``U^\\top v \\odot w``: of (Uᵀv) ⊙ w, Uᵀ(v ⊙ w) and every other split after an array of the product before
        ⊙, the one with fitting shapes; refused when more than one has.

        A residual block's ``g + U^\\top (1 - t \\odot t) \\odot V^\\top g`` (U, V square) means
        Uᵀ((1 − t²) ⊙ Vᵀg), and the true gradient was refuted read left to right; the mirror case ``h \\odot W x`` is
        decided alike (``_entrywise_of_product``).  A split just after a scalar reads as the one before it (2 h ⊙ g is
        the same either way).  Returns None for the left-to-right reading, else (value, next item)."""
        if any(isinstance(f, (PartialOf, Partial)) for _, f in juxtaposed):
            return None
        saved = dict(self.sizes.bindings)

        def reading(k: int):  # values[:k] · (values[k:] ⊙ piece ⊙ …); k = 0 reads left to right, as _multiply goes on
            ops, values = [o for o, _ in juxtaposed], [self.value(f) for _, f in juxtaposed]
            bound = values[k]
            for o, factor in zip(ops[k + 1:], values[k + 1:]):
                bound = matrices.times(bound, o, factor, self.fresh, self.sizes)
            if n < len(items) and items[n][0] in (None, matrices.CDOT):
                inner, end = self._entrywise_of_product(bound, op, self.value(piece), items, n)
            else:
                inner, end = matrices.times(bound, op, self.value(piece), self.fresh, self.sizes), n
            while end < len(items) and items[end][0] == op:  # X^\top δ ⊙ s ⊙ s: the chain binds together
                factor, end = self.value(items[end][1]), end + 1
                if end < len(items) and items[end][0] in (None, matrices.CDOT):
                    inner, end = self._entrywise_of_product(inner, op, factor, items, end)
                else:
                    inner = matrices.times(inner, op, factor, self.fresh, self.sizes)
            if k:
                prefix = values[0]
                for o, factor in zip(ops[1:k], values[1:k]):
                    prefix = matrices.times(prefix, o, factor, self.fresh, self.sizes)
                inner = matrices.times(prefix, ops[k], inner, self.fresh, self.sizes)
            return inner, end, dict(self.sizes.bindings)
        try:
            values = [self.value(f) for _, f in juxtaposed]
            # a split just after a scalar reads as the one before it (scalars commute with ⊙): only after an array
            splits = [0] + [k for k in range(1, len(values)) if isinstance(values[k - 1], Array)]
            if len(splits) == 1:
                return None
            found = {}
            for k in splits:
                self.sizes.bindings = dict(saved)
                try:
                    found[k] = reading(k)
                except ParseError:
                    pass
        finally:
            self.sizes.bindings = saved
        if len(found) > 1:
            # W_1^\top W_2^\top \delta \odot \sigma'(z) (W_2 square): W_1ᵀ((W_2ᵀδ) ⊙ σ') and W_1ᵀW_2ᵀ(δ ⊙ σ') both fit
            raise cannot("\\odot", "(ambiguous: more than one grouping of the product before it, (A b) \\odot c, "
                                     "A (b \\odot c) …, has fitting shapes here; bracket the one meant)")
        if not found or 0 in found:
            return None  # left to right is the only reading (or none fits: its error is the one to report)
        value, end, self.sizes.bindings = next(iter(found.values()))
        return value, end

    def _entrywise_of_product(self, acc, op: str, piece, items: list, n: int):
        """``h \\odot W x``: h ⊙ (W x) or (h ⊙ W) x, whichever alone has fitting shapes; refused when both have.

        Notes write σ'(a) ⊙ W δ for σ'(a) ⊙ (W δ), and the shapes usually leave one reading; where
        both fit (W square) they differ, and a checker must not guess (δ₃ W₂ᵀ with a square W₂ was
        refuted as (… ⊙ δ₃) W₂ᵀ).  Returns the value and the next item.
        """
        end = n
        # a product by juxtaposition or \cdot (σ'(z) ⊙ W^\top \cdot (a - y) was read (σ' ⊙ Wᵀ)·(a − y) only)
        while end < len(items) and items[end][0] in (None, matrices.CDOT) and not isinstance(items[end][1], PartialOf):
            end += 1
        ops, run = [o for o, _ in items[n:end]], [self.value(item) for _, item in items[n:end]]

        def grouped(k: int):  # acc ⊙ (piece · run[:k]), then · run[k:]: k = 0 reads left to right
            product = piece
            for o, factor in zip(ops[:k], run[:k]):
                product = matrices.times(product, o, factor, self.fresh, self.sizes)
            value = matrices.times(acc, op, product, self.fresh, self.sizes)
            for o, factor in zip(ops[k:], run[k:]):
                value = matrices.times(value, o, factor, self.fresh, self.sizes)
            return value
        saved, readings, errors = dict(self.sizes.bindings), [], []
        for k in range(len(run) + 1):
            self.sizes.bindings = dict(saved)
            try:
                readings.append((grouped(k), dict(self.sizes.bindings)))
            except ParseError as exc:
                errors.append(exc)
        if not readings:
            self.sizes.bindings = saved
            raise errors[0] from None
        if len(readings) > 1 and any(isinstance(f, Array) for f in run):
            sign = "\\odot" if op == matrices.ODOT else "\\otimes"
            raise cannot(sign, f"(ambiguous: more than one of (a {sign} B) c, a {sign} (B c) … has fitting shapes "
                               f"here; bracket the one meant)")
        value, self.sizes.bindings = readings[0]
        return value, end

    def apply(self, head: Func, arg):
        """A function head applied to its argument: scalar functions entry by entry, diag/tr on arrays."""
        if head.construct == "softmax":
            return self.softmax(head, arg)
        if isinstance(arg, ResultEntry):  # \operatorname{diag}(p)_{ij}: an entry of the function's value
            value = self.apply(head, arg.value)
            if not isinstance(value, Array):
                raise cannot(f"{head.macro}(…)_{{{self.src(arg.sub.children[0]).strip('{}')}}}",
                             "(its value is a number, which has no entries)")
            if arg.transposed and len(value.shape) == 2:
                value = arrays.transpose(value)
            return value.at(*self.indices(arg.sub.children[0], len(value.shape)))
        if isinstance(arg, VecEntry):  # \exp(z)_i: an entrywise function's entry i
            if head.construct in ARRAY_FUNCTIONS:
                raise cannot(head.macro + "(...)_i", "(index the result with two indices, or write the entry)")
            arg = self.value(arg)
        args = arg.values if isinstance(arg, Args) else (arg,)
        if head.construct not in VARIADIC and len(args) != 1:
            raise cannot(head.macro, f"(it takes one argument, got {len(args)})")
        if head.construct in ("max", "min") and len(args) == 1 and isinstance(args[0], Array) \
                and len(args[0].shape) == 1:
            # \max(\mathbf{z}): the largest entry of a vector, \max_k z_k; \min(\mathbf{z}) −max_k (−z_k), as \min_k z_k
            k, sign = self.fresh(), 1 if head.construct == "max" else -1
            return sign * MaxOver(sign * args[0].at(k), (k, 1, args[0].shape[0]))
        if head.construct in VARIADIC and len(args) < 2:
            raise cannot(head.macro, f"(write {head.macro}(a, b), {head.macro}_k z_k or {head.macro}(z) of a vector)")
        if head.construct in ARRAY_FUNCTIONS:
            c = ARRAY_FUNCTIONS[head.construct]
            return c.build(*args, fresh=self.fresh) if c.extra.get("fresh") else c.build(*args)
        fn = CONSTRUCTS[head.construct]
        if head.order:  # σ'(u): SymPy's derivative of σ at a dummy, evaluated at u
            t = sp.Dummy("t", real=True)
            slope = sp.diff(fn(t), t, head.order)
            kinks = kink_arguments(slope)

            def fn(u, slope=slope, t=t):
                if isinstance(u, sp.Basic) and any(k.xreplace({t: u}).is_zero for k in kinks):
                    # \operatorname{ReLU}'(0) read H(0) = 1/2: ReLU'(0) = 1/2 proved, the conventions 0 and 1 refuted
                    raise cannot(head.macro + "'" * head.order + f"({u})",
                                 "(a slope at a kink, where it does not exist: its value there is a convention, "
                                 "which derive does not check)")
                return slope.xreplace({t: u})
        else:
            note_real_where(by_name(head.construct).defined, list(args), self.bound)
        if head.base:  # \log_2 u = ln u / ln 2
            fn = lambda u, ln=fn: ln(u) / sp.log(head.base)  # noqa: E731
        return matrices.elementwise(fn, list(args), head.macro, self.sizes)

    def softmax(self, head: Func, arg):
        """``\\operatorname{softmax}(z)_i`` (one entry) or ``\\operatorname{softmax}(z)`` (the vector)."""
        if isinstance(arg, Array):
            return arrays.softmax(arg, fresh=self.fresh)
        if not isinstance(arg, VecEntry):
            raise cannot(head.macro, "(write it of a vector, or for one entry: \\operatorname{softmax}(z)_i)")
        if arg.array is not None:  # \operatorname{softmax}(s / \tau)_k
            return arrays.softmax(arg.array, fresh=self.fresh).at(arg.idx)
        base = self.ctx.scope.base(arg.name)
        # no name the text uses (softmax(v)_i beside v_j summed over j read as capturing j in print), nor a summation
        # index of matrix notation
        k = fresh_index({arg.idx} | {index(b) for b in self.bound} | {index(t) for t in self.fresh.taken})
        self.fresh.taken.add(str(k))
        n = self.ctx.shapes[arg.name][0]
        return sp.exp(base[arg.idx]) / sp.Sum(sp.exp(base[k]), (k, 1, n))

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
            if self.ctx.symbol(PI) is not None and _BARE_PI.search(self.src(t.children[1])):
                self.pi_beside_a_number(self.src(t))  # \sqrt{2}\sqrt{\pi}, \sqrt{2 \times \pi}: the normaliser's
            arg = self.value(self.fracarg(t.children[1]))
            note_real_where(by_name("sqrt").defined, [arg], self.bound)
            value = entrywise(sp.sqrt, [arg], r"\sqrt")
            return value if len(t.children) < 3 else self.after_group(t, value, t.children[2].children[0])
        raise cannot(kind)

    def scripted(self, t: Tree):
        prim = t.children[0].children[0]
        marks = [c for c in t.children[1:] if isinstance(c, Token) and c.type == "PRIMES"]
        count = sum(len(str(m)) for m in marks)
        if len(marks) > 1:  # four primes lex as three and one: never read with one of them dropped
            raise cannot(self.shown(t), "(primes on both sides of a script: write them on one side)"
                         if any(isinstance(c, Tree) for c in t.children[1:]) else
                         f"(more than three primes: write \\frac{{d^{count} {self.shown(prim)}}}{{d x^{count}}} for derivative {count})")
        primes = marks[0] if marks else None
        script = next((c for c in t.children[1:] if isinstance(c, Tree) and c.data == "script"), None)
        sub = sup = None
        for s in script.children if script is not None else ():
            sub, sup = (s, sup) if s.data == "sub" else (sub, s)
        if primes is not None:  # \sigma'(z): the derivative of a function, written with primes
            mapped = self.ctx.symbol(_norm(self.src(t)))
            if mapped is not None:  # λ' named in [symbols] (AdamW's λ' = λ/α): a name, not a derivative
                return self.quantity(mapped, None)
            named = self.primed_name(prim, str(primes), sub) if script is not None else None
            if named is None:
                return self.primed(t, prim, len(primes))
            val = self.quantity(*named)  # Rong's v'_i, v'^T: the mapped name's entry, transpose or power below
        elif isinstance(prim, Tree) and prim.data == "paren":
            # (A B)^\top_{ij} (or (A B)_{ij}^\top, set alike): the transpose's entry, as W^\top_{ij} is (Wᵀ)_ij
            transposed = sub is not None and sup is not None and self.is_transpose(sup.children[0])
            val = self.paren(prim, sub, transposed=transposed)
            if transposed:
                return val  # the superscript read: an entry is no matrix to transpose again
            if sub is not None and sup is not None and self._two_indices(sub) is not None \
                    and not isinstance(val, ResultEntry):
                # (A B)^{-1}_{ij}, (A B)^2_{ij}: an entry of the inverse or of a matrix power, as on a name (refused)
                return self.scripted_entry(t, val, sup)
        elif isinstance(prim, Tree) and prim.data == "cases":
            if sub is not None:
                raise cannot(r"\begin{cases} … \end{cases}_{...}", "(cases take no subscript)")
            val = self.cases(prim)
        elif isinstance(prim, Tree) and prim.data == "group":
            if sub is not None:
                raise cannot("a subscript on a braced group")
            val = self.product_or_expr(prim.children[0])
        elif isinstance(prim, Token) and prim.type == "NUMBER":
            if sub is not None and str(prim) == "1" and self._a_condition(sub.children[0]):
                # 1_{j = y}: the indicator, as \mathbb{1}_{j = y} (a number has no entries to read otherwise)
                val = indicator(self.subscript_cond(sub.children[0]))
            elif sub is not None:
                raise cannot(f"{prim}_{{...}}", "(a number cannot be indexed)")
            else:
                val = number(str(prim))
        else:
            both = self.ctx.symbol(two_scripts_key(self.src(t))) if sub is not None and sup is not None \
                and self.ctx.symbols and two_scripts_key(self.src(t)) else None
            if both is not None:  # '\mathrm{MMD}_u^2' = "MMD2": the scripts are part of the name
                return self.quantity(both, None)
            untagged = _TRANSPOSED_TAG.sub("", self.src(t)) if sub is not None and sup is not None \
                and self.ctx.symbols else None
            both = self.ctx.symbol(two_scripts_key(untagged)) if untagged and two_scripts_key(untagged) else None
            if both is not None:  # W_O^{(1)\top} with 'W_O^{(1)}' mapped: that quantity, transposed
                return arrays.transpose(self.value(self.quantity(both, None)))
            layer = self.layer_name(prim, sup)
            if layer is not None:  # W^{[1]}_{kl}: the superscript names the quantity, it is no power
                return self.quantity(layer, sub)
            squared = self.power_of_a_square(t, prim, sub, sup)
            if squared is not None:  # \sigma^4 with '\sigma^2' = "v": v^2
                return squared
            layer = self.tagged_transpose(prim, sup) if sub is None else None
            if layer is not None:  # Goodfellow's h^{(t-1)\top}: the tagged quantity, transposed
                return arrays.transpose(self.value(self.quantity(layer, None)))
            example = self.example_index(prim, sup)
            if example is not None:  # CS229's x^{(i)}: the i-th example, an index in parentheses, no power
                return self.example_entry(self.example_base(prim), example, sub)
            labelled = self.example_label(prim, sup) if sub is None else None
            if labelled is not None:  # CS229's 1\{y^{(i)} = k\}: a per-sample label's i-th entry, as y_i
                return labelled
            tagged = _TAG_THEN_TRANSPOSE.fullmatch(self.src(sup.children[0]).strip()) if sup and sub is None else None
            example = self.example_index(prim, sup, "{" + tagged.group(1).strip() + "}") if tagged else None
            if example is not None and tagged.group(2) == "T" and self.declared("T"):
                # X^{(i)T} beside a declared T: the example's transpose, or its power T (read so: "a power of a matrix")
                raise cannot(f"^{{{tagged.group(1).strip()}T}}", f"(T is a declared name here, so ^T is a power to the "
                             f"letter and a transpose to a reader: write ^{{{tagged.group(1).strip()}\\top}} for a "
                             f"transpose)")
            if example is not None:
                # x^{(i)\top}: the i-th example, transposed (a row), as CS229 writes x^{(i)} x^{(i)\top}
                return arrays.transpose(self.value(self.example_entry(self.example_base(prim), example, None)))
            whole = self.subscripted_name(prim, sub)
            named = self.name_then_indices(prim, sub) if whole is None else None
            if named is not None:  # h_{t-1,i}, a_{z,i}: the name's own subscript, then the entry's indices
                val = self.quantity(*named)
            else:
                # p_t, h_{t-1}: the subscript is part of the name, no index (a power or ^\top may follow)
                val = self.quantity(whole, None) if whole is not None else self.named(prim, sub)
        if sup is None:
            return val
        numbered = _TAGGED.fullmatch(self.src(sup.children[0]))
        if numbered and val is not sp.E and not self.declared(numbered.group(1)):
            # x^{(2)} of a scalar, x^{[2]}, x^{(0)}, x^{\left(2\right)}: CS229's example 2 or Ng's layer 2, as README
            # promises never a power (e^{(x)} is exp)
            what = "" if isinstance(val, Array) else f"and this is no declared vector or matrix: write ^{numbered.group(1)} for a power, or "
            raise cannot(self.shown(t), f"(a bracketed superscript numbers an example or a layer, never a power, "
                                      f"{what}map '{self.shown(t)}' to a quantity in [symbols])")
        if isinstance(val, Args) and not self.is_transpose(sup.children[0]):
            # \max(0, 1 - z)^2: the power of the function's value, as \sigma(z)^2 is σ(z)² (a list alone is refused)
            return Powered(val, self.exponent(sup.children[0]))
        if sub is not None and isinstance(val, sp.Indexed) and len(val.indices) > 1:
            return self.scripted_entry(t, val, sup)
        if sub is not None and isinstance(val, Array) and arrays.slice_of(val) and self.is_transpose(sup.children[0]):
            # W^\top_{\cdot j}: column j of Wᵀ (row j of W), as W^\top_{ij} is (Wᵀ)_ij, or column j of W transposed,
            # as W_{\cdot j}^\top is read beside it; TeX sets both alike
            raise cannot(self.shown(t), "(ambiguous: a slice of the transpose, or the slice transposed, which TeX sets "
                                        "alike; write \\left(W_{\\cdot j}\\right)^\\top for column j transposed, "
                                        "W_{j,\\cdot} for column j of the transpose)")
        if self.is_transpose(sup.children[0]):
            if isinstance(val, Expr) and val.is_number and _number_written(self.src(prim)):
                # 1 1^\top x read as x: a number is its own transpose, but papers write the ones vector so
                raise cannot(self.shown(t), "(a number has no transpose: write \\mathbf{1}^\\top for the vector of "
                                          "ones)")
            if sub is not None and isinstance(val, sp.Indexed) and len(val.indices) == 1 \
                    and any(not i.is_number for i in val.indices):
                # h_t^\top h_t beside a vector h: an entry at a free t, squared, to the letter; the state at time t,
                # a vector, to its writer (a right identity was refuted so)
                base = self.src(prim)
                key = f"{base}_{self.src(sub.children[0]).strip()}"
                raise cannot(self.shown(t), f"(an entry of the vector {base} has no transpose: for a vector named so, "
                                          f"map '{key}' to it in [symbols])")
            if isinstance(prim, Tree) and prim.data == "paren" and isinstance(val, (Expr, Array)):
                return Powered(val, sp.Integer(1), transposed=True)
            return arrays.transpose(self.value(val))
        if _EULER.fullmatch(self.src(prim)) and sub is None and "e" in self.bound:
            # Σ_e e^{2} x_e: the index squared to the letter, Euler's number squared to a reader
            raise cannot(self.shown(t), "(e is a summation index here: give the index another letter)")
        if _EULER.fullmatch(self.src(prim)) and sub is None and self.declared("e") \
                and not re.fullmatch(r"\{?\s*-?\s*[0-9]+\s*\}?", self.src(sup.children[0])):
            # e^{a} beside a size or quantity named e: Euler's number to one reader, that e to another (e^2 of an
            # error e is its square)
            raise cannot(self.shown(t), "(e names a quantity or size of the derive block here: write \\exp(…) for the "
                                      "exponential, or give that e another name)")
        if isinstance(val, ResultEntry) and not self.is_transpose(sup.children[0]):
            # \operatorname{diag}(s)^{-1}_{ij}: the inverse's entry or the entry's reciprocal; ^T beside a size T, the
            # transpose to its writer (read as a power, diag(s)^T_{ij} = s_i 1_{i = j} was refuted)
            said = "T is a declared name here, so ^T is a power to the letter and a transpose to a reader: write " \
                "^\\top for a transpose" if re.sub(r"[{}\s]", "", self.src(sup.children[0])) == "T" else \
                "the entry of the matrix's power or the entry's power: write (…_{ij})^2 for the entry's"
            raise cannot(self.shown(t), f"(a superscript on an entry of a matrix function's value is ambiguous: {said})")
        if isinstance(prim, Tree) and prim.data == "paren" and isinstance(val, VecEntry) \
                and not self.is_transpose(sup.children[0]):
            # \exp(z)_i^2: the entry of the function's value, squared (the power was z_i's: exp(z_i²) was proved)
            return Powered(val, self.exponent(sup.children[0]))
        # |y|^2 and \|x\|^2 square the value the bars make, whatever stands before them: \log |y|^2 is log(|y|²) (read
        # as (\log |y|)², a bracket's power, (log|y|)² = log(y²) was proved)
        paren = isinstance(prim, Tree) and prim.data == "paren" and isinstance(val, (Expr, Array)) \
            and str(prim.children[0]) not in (r"\lvert", r"\lVert")
        try:
            powered = self.power(val, sup.children[0])
        except ParseError:
            numeric = self.exponent(sup.children[0]) if paren and isinstance(val, Array) \
                and not self.is_transpose(sup.children[0]) else None
            if isinstance(numeric, Expr) and numeric.is_number:
                # \operatorname{Tr}(A)^2: the power of the function's value (a number); with no function before it,
                # the matrix's power is taken, and refused, as a value
                return Powered(val, numeric)
            exponent = self.exponent(sup.children[0]) if paren and isinstance(val, Expr) else None
            if exponent is None or not isinstance(exponent, Expr) or exponent.is_number:
                raise
            # \exp(b)^{\tau}: the power of the function's value, whose base may take a symbolic exponent where b
            # cannot (b^τ was refused); with no function before it, the power is taken, and refused, as a value
            return Powered(val, exponent)
        if paren and isinstance(powered, (Expr, Array)):
            return Powered(val, self.exponent(sup.children[0]))
        return powered

    def scripted_entry(self, t: Tree, entry: sp.Indexed, sup: Tree):
        """A superscript on an entry of a matrix (or of a bracket, ``(A B)_{ij}^2``): ``W^\\top_{ij}`` is (Wᵀ)_ij = W_ji,
        ``W_{ij}^2`` the entry squared.

        ``W^\\top_{ij}`` and ``W_{ij}^\\top`` typeset alike, and no one transposes a number: both are the
        transpose's entry.  ``W^{-1}_{ij}`` is an entry of the inverse matrix, not 1/W_ij, and derive reads no
        matrix inverse; ``W^2_{ij}``, the power written before the subscript, may be (W²)_ij: both refused.
        """
        written = self.shown(t)
        if self.is_transpose(sup.children[0]):
            if len(entry.indices) != 2:
                raise cannot(written, "(a transpose has two axes: write the entry with its indices in order)")
            return entry.base[entry.indices[::-1]]
        power_first = t.children[1].children[0] is sup
        ex = self.exponent(sup.children[0])
        if isinstance(ex, Expr) and ex.could_extract_minus_sign():
            sub = next(c for c in t.children[1].children if c.data == "sub")
            reciprocal = f"\\frac{{1}}{{{self.shown(t.children[0])}{self.shown(sub)}}}"
            raise cannot(written, f"(an entry of the inverse matrix, not the entry's reciprocal, and derive reads no "
                                  f"matrix inverse; for the reciprocal write {reciprocal})")
        if power_first:
            raise cannot(written, "(ambiguous: an entry of a matrix power or the entry's power; write the power "
                                  "after the subscript, W_{ij}^2, for the entry's)")
        return self.power(entry, sup.children[0])

    def layer_name(self, prim, sup) -> str | None:
        """The quantity ``[symbols]`` maps a name with its superscript to (``'W^{[1]}' = "W1"``,
        ``'z^L' = "z3"``), or None."""
        if sup is None or not self.ctx.symbols:
            return None
        return self.ctx.symbol(script_key(f"{self.src(prim)}^{self.src(sup.children[0])}", "^"))

    def power_of_a_square(self, t: Tree, prim, sub, sup):
        """``\\sigma^4`` when ``[symbols]`` maps ``'\\sigma^2' = "v"`` and not σ itself: v², as σ⁴ = (σ²)² for every real σ
        (and σ^{-2} is 1/v); an odd power, σ³ = v^{3/2} only for σ ≥ 0, is refused, and so is an even one below a
        derivative's line (∂σ⁴: by v twice, or by v²?).  None when the superscript is no whole number or σ² is not mapped."""
        written = self.src(sup.children[0]) if sup is not None else ""
        whole = re.fullmatch(r"\{?(-?)([0-9]+)\}?", written)
        if whole is None or not self.ctx.symbols or self.ctx.symbol(self.src(prim)) is not None \
                or (isinstance(prim, Token) and self.declared(str(prim).lstrip("\\"))):
            return None
        mapped = self.ctx.symbol(script_key(f"{self.src(prim)}^2", "^"))
        if mapped is None or mapped in CONSTRUCTS:
            return None
        name = self.src(prim)
        base = bold_free(name)
        tags = sorted(k for k in self.ctx.symbols if re.sub(r"\s+", "", k).startswith(base + "^")
                      and script_key(bold_free(k), "^") != f"{base}^2")
        if tags:  # 'z^1', 'z^2': superscripts name layers, so z^4 is layer 4, not (z^2)^2
            raise cannot(self.shown(t), f"([symbols] maps {name}^2 and {tags[0]}: is the superscript a power or a tag? "
                                      f"write ({name}^2)^k for a power, or map {name}^{written} itself)")
        if len(self.ctx.shapes.get(mapped, ())) > 1:  # (A^2)^{-1}_{ij} or ((A^2)_{ij})^{-1}?
            raise cannot(self.shown(t), f"({name}^2 maps a matrix: a power of it is a matrix power, whose entries are "
                                      f"not the powers of its entries; write (({name}^2)_{{ij}})^k for an entry's power)")
        ex = int(whole.group(2)) * (-1 if whole.group(1) else 1)
        if re.match(r"\s*(?:\\(?:left|bigl|Bigl|biggl|Biggl|big|Big|bigg|Bigg)(?![A-Za-z])\s*)?[(\[]",
                    self.text[t.meta.end_pos:]):
            # \sigma^4(y): the sigmoid's fourth power at y (as \sigma(y) reads), or v² times y?
            raise cannot(self.shown(t) + "(…)", f"(ambiguous: [symbols] maps {name}^2, so {self.shown(t)} may be its power "
                                              f"times the bracket, or the function {name} to that power: write "
                                              f"({name}^2)^{ex // 2 if not ex % 2 else ex} \\cdot (…) or "
                                              f"{name}(…)^{ex})")
        if ex % 2 or self.in_denominator:
            why = "in the denominator of a derivative: write \\partial (\\sigma^2)^2, or \\partial \\sigma^2 \\partial \\sigma^2 " \
                  "for the second derivative" if not ex % 2 else \
                  f"[symbols] maps {self.shown(prim)}^2, not {self.shown(prim)}, whose sign the block does not give: " \
                  f"write an even power, or map {self.shown(prim)} itself"
            raise cannot(self.shown(t), f"({why})".replace("\\sigma", self.shown(prim)))
        return self.raise_to(self.value(self.quantity(mapped, sub)), sp.Integer(ex // 2))

    def primed_name(self, prim, primes: str, sub) -> tuple[str, Tree | None] | None:
        """``(quantity, subscript to read as its indices)`` for a name with primes that ``[symbols]`` maps, written with
        scripts: Rong's ``v'_i`` of a mapped ``v'``, or ``\\mathbf{v}'_{w_O}`` of a mapped ``v'_{w_O}``; else None."""
        head = self.src(prim) + primes
        whole = self.ctx.symbol(script_key(f"{head}_{self.src(sub.children[0])}")) if sub is not None else None
        if whole is not None:
            return whole, None
        name = self.ctx.symbol(_norm(head))
        return (name, sub) if name is not None else None

    def primed(self, t: Tree, prim, order: int) -> Func | PrimedScalar:
        """``\\sigma'``, ``\\tanh''``: a function head that applies the function's derivative of that order;
        ``J'``, ``L_\\delta'``: the derivative of a scalar the block defines, by what follows in brackets."""
        script = next((c for c in t.children[1:] if isinstance(c, Tree) and c.data == "script"), None)
        scripts = script.children if script is not None else []
        if not scripts:
            head = self.named(prim, None)
        elif len(scripts) == 1 and scripts[0].data == "sub" and self.subscripted_name(prim, scripts[0]) is not None:
            head = self.quantity(self.subscripted_name(prim, scripts[0]), None)  # L_\delta mapped in [symbols]
        else:
            head = None
        if isinstance(head, sp.Symbol) and head.name in self.ctx.defined and not self.ctx.scope.quantities.get(head.name):
            return PrimedScalar(head, order, self.src(t))
        if not scripts and isinstance(head, Func) and head.construct in CONSTRUCTS and head.construct not in VARIADIC:
            return Func(head.construct, head.macro, order=order, base=head.base)
        raise cannot(self.shown(t), "(a prime marks the derivative of a function of one argument, \\sigma'(z), or of a "
                                  "scalar the block defines, J'(\\theta))")

    def example_index(self, prim, sup, written: str | None = None):
        """The index ``i`` of ``x^{(i)}`` on a declared vector or matrix (the i-th example), else None.

        ``written``: the superscript to read instead of ``sup``'s (``{(i)}`` of ``x^{(i)\\top}``)."""
        if sup is None or self.plain_letter(prim) is None and self.ctx.symbol(self.src(prim)) is None:
            return None  # a letter, or a name [symbols] maps as written (Luong's \bar{h}^{(s)})
        tag = written if written is not None else self.src(sup.children[0])
        m = _EXAMPLE.fullmatch(tag)
        labelled = _LABEL_TAG.fullmatch(tag) if m is None else None
        if labelled is not None and self.ctx.scope.quantities.get(self.example_base(prim)):
            # the center loss's c^{(y_i)}: the row at sample i's label, as x^{(a)} is the row at a label a
            name, i = labelled.group(1), next(g for g in labelled.groups()[1:] if g)
            if len(self.ctx.labels.get(name) or ()) == 1 and not self.declared(i):
                return self.label_entry(name, (index(i),))
        if m is None or not self.ctx.scope.quantities.get(self.example_base(prim)) or self.declared(m.group(1)):
            return None
        if m.group(1).isdigit():  # t^{(2)} of a declared array is its second example, as t^{(i)} is its i-th, no power
            return sp.Integer(int(m.group(1)))
        # x^{(a)} of a label a is the row at that label (Sutton & Barto's x(s, a)), not a new index a.
        return self.label(m.group(1), None) if m.group(1) in self.ctx.labels else index(m.group(1))

    def example_label(self, prim, sup):
        """``y^{(i)}`` of a per-sample label y: its i-th entry (the label of example i), as ``y_i`` is; else None."""
        name = self.plain_letter(prim)
        m = _EXAMPLE.fullmatch(self.src(sup.children[0])) if sup is not None and name is not None else None
        if m is None or len(self.ctx.labels.get(name) or ()) != 1 or self.declared(m.group(1)):
            return None
        return self.label_entry(name, (sp.Integer(int(m.group(1))) if m.group(1).isdigit() else index(m.group(1)),))

    def plain_letter(self, prim) -> str | None:
        """The letter or macro a primary writes, bold or not (``x``, ``\\Phi``, ``\\boldsymbol{\\phi}``), else None."""
        if isinstance(prim, Token) and prim.type in ("LETTER", "CMD"):
            return str(prim)
        if isinstance(prim, Tree) and prim.data == "accent" and str(prim.children[0])[1:] in PLAIN_ACCENTS:
            arg = self.unwrap(prim.children[1].children[0])
            if isinstance(arg, Token) and arg.type in ("LETTER", "CMD"):
                return str(arg)
        return None

    def example_base(self, prim) -> str:
        """The quantity a letter names: itself, or what ``[symbols]`` maps it to (``'w' = "W"``, ``'\\phi' = "Phi"``)."""
        name = self.plain_letter(prim)
        if name is None:  # \bar{h}: mapped as written
            return self.ctx.symbol(self.src(prim))
        if self.declared(name) or not self.ctx.symbols and not name.startswith("\\"):
            return name
        mapped = self.ctx.symbol(name) if self.ctx.symbols else None
        if mapped is None and name.startswith("\\"):
            return self.macro_name(name) or name  # CS229's \phi^{(i)}_k, \theta^{(k)}: phi or theta, as \phi_{ik} is
        return mapped or name

    def example_entry(self, name: str, i, sub):
        """``y^{(i)}`` is y_i, ``x^{(i)}_j`` is x_ij and ``x^{(i)}`` alone the i-th row of x, as a vector."""
        shape, base = tuple(self.ctx.shapes[name]), self.ctx.scope.base(name)
        if len(shape) == 1 and sub is None:
            return base[i]
        if len(shape) == 2 and sub is None:
            return arrays.Array((shape[1],), lambda k: base[i, k])
        if len(shape) == 2:
            return base[i, self.one_index(sub.children[0])]
        which = f"example {i}" if i.is_Integer else f"the {i}-th example"
        raise cannot(f"{name}^{{({i})}}", f"({which}: y^{{({i})}} of a vector, x^{{({i})}} or x^{{({i})}}_j of a "
                                          f"matrix; a parenthesised superscript numbers an example, never a power)")

    def subscripted_name(self, prim, sub) -> str | None:
        """The quantity ``[symbols]`` maps a name with its subscript to (``'p_t' = "pt"``), or None."""
        if sub is None or not self.ctx.symbols:
            return None
        mapped = self.ctx.symbol(script_key(f"{self.src(prim)}_{self.src(sub.children[0])}"))
        letter, base = self.src(sub.children[0]).strip("{} "), bold_free(self.src(prim)).lstrip("\\")
        if mapped is not None and letter in self.bound and self.ctx.scope.quantities.get(base, 0) > 0:
            # Σ_o u_o with 'u_o' = "uo" beside a vector u: u's entries to a reader, n·uo to the key (proved so)
            raise cannot(f"{self.src(prim)}_{letter}", f"(inside a sum or maximum over {letter} it is {base}'s entry to a "
                         f"reader, and {mapped} to the [symbols] key: give the index another letter)")
        return mapped

    def name_then_indices(self, prim, sub) -> tuple[str, Tree] | None:
        """``h_{t-1,i}`` where ``[symbols]`` maps ``h_{t-1}``: (that quantity, the subscript ``_{i}``), else None."""
        if sub is None or not self.ctx.symbols or not isinstance(sub.children[0], Tree):
            return None
        run = re.fullmatch(r"\{?\s*([0-9]+)\s*([A-Za-z])\s*\}?", self.src(sub.children[0]))
        if run is not None:  # w_{0j} with 'w_0' mapped (a prior mean's entry), as w_{0,j}
            name = self.ctx.symbol(script_key(f"{self.src(prim)}_{run.group(1)}"))
            if name is not None:
                return name, Tree("sub", [Token("LETTER", run.group(2))])
        conds = sub.children[0].children[0]
        if not (isinstance(conds, Tree) and conds.data == "conds" and len(conds.children) > 1):
            return None
        name = self.ctx.symbol(script_key(f"{self.src(prim)}_{{{self.src(conds.children[0])}}}"))
        if name is None:
            return None
        return name, Tree("sub", [Tree("subarg", [Tree("conds", conds.children[1:])])])

    def product_or_expr(self, t: Tree, numerator: bool = False):
        """An ``expr`` that is one product stays a piece (so ``{\\partial L}`` is still a ∂ pair)."""
        if len(t.children) == 1 and len(t.children[0].children) == 1:
            return self.product(t.children[0].children[0], numerator)
        return self.expr(t)

    def paren(self, t: Tree, sub, transposed: bool = False) -> object:
        left, conds, right = t.children
        pairs = {"(": ")", "[": "]", "\\{": "\\}", "\\lvert": "\\rvert", "\\lVert": "\\rVert",
                 "\\langle": "\\rangle"}
        if pairs.get(str(left)) != str(right):
            raise cannot(f"{left} … {right}", "(the brackets do not match)")
        items = conds.children
        if str(left) == "\\langle":
            return self.inner(items, sub)
        if str(left) == "\\lVert":
            return self.norm(items, sub)
        if sub is not None and str(left) == "\\lvert":
            # |w|_1: the L1 norm to most readers, |w_1| to others; read as an entry it lost the absolute value, and
            # |w|_1 = w_1 was proved
            raise cannot(f"|{self.shown(conds)}|_{{{self.shown(sub.children[0]).strip('{}')}}}",
                         "(a subscript after an absolute value: write \\|w\\|_1 for the L1 norm of a vector, or "
                         "|w_1| for the absolute value of an entry)")
        if sub is not None:
            return self.paren_entry(items, sub, transposed)
        # (a - b)^2 inside brackets marks a power for a function head written just before it; here the bracket
        # is the head's, so the power is the item's own: \exp((z)^2) is exp(z²), \max((a - b)^2, b) a square
        values = tuple(self.value(v) if isinstance(v, Powered) else v for v in (self.cond(c) for c in items))
        if str(left) == "\\lvert":
            if len(values) == 1 and isinstance(values[0], Array):
                # |g| of a vector: its norm to some readers, entry by entry to others
                raise cannot(f"|{self.shown(items[0])}|", "(bars around an array: its norm to some readers and its "
                                                          "entries' absolute values to others; write \\|g\\| for the "
                                                          "norm, or an entry, |g_i|)")
            if len(values) != 1 or not isinstance(values[0], Expr):
                raise cannot("\\lvert … \\rvert", "(an absolute value holds one expression)")
            return sp.Abs(values[0])
        if len(values) == 1 and isinstance(values[0], Cond) and str(left) == "[":
            return Cond(values[0].rel, iverson=True)  # [j = c]: Iverson's bracket, or \mathbb{1}'s condition
        if len(values) == 1 and isinstance(values[0], Cond) and str(left) == "\\{":
            return Cond(values[0].rel, braced=True)  # \{y = k\}: the condition of CS229's 1\{y = k\}
        if len(values) == 1:
            return values[0]
        if any(isinstance(v, Cond) for v in values):
            raise cannot("a list of conditions")
        return Args(values)

    def _leave_nothing_out(self, rels: list, nulls: bool = True) -> bool:
        """True for cases' conditions that leave no value out, or only a null set (``_null_gap``; not if ``nulls`` is
        False)."""
        rels = [_as_equality(r) for r in rels]  # u \ge v \land u \le v: the tie u = v
        if self._covered(rels, nulls):
            return True
        # a case on u < 0 \text{ or } u > 6 covers what its parts do, each a case of its own (ReLU6's slope 0)
        parts = _or_parts(rels)
        return len(parts) > len(rels) and self._covered(parts, nulls)

    def _covered(self, rels: list, nulls: bool = True) -> bool:
        """``_leave_nothing_out`` of relations read as they are."""
        return len(rels) == 2 and (_negations(*rels) or _both_sides(*rels) or _to_its_maximum(*rels, self.ctx.scope)) \
            or _trichotomy(rels) \
            or _covering(rels, self.ctx.scope) or nulls and _null_gap(rels, self.ctx.defined, self.ctx.scope)

    def _cover_all(self, rels: list) -> bool:
        """True for cases' conditions that leave no value out, not even a null set."""
        parts = _or_parts(rels)
        whole = partial(self._leave_nothing_out, nulls=False)
        return whole(rels) or _by_index_parts(rels, whole) or len(parts) > len(rels) and _by_index_parts(parts, whole)

    def norm(self, items: list, sub):
        """``\\lVert v \\rVert`` (or ``_2``): √(Σ v_k²) of a vector, ``_1`` its Σ |v_k|, the Frobenius norm of a matrix (``_F``)."""
        written = self.src(sub.children[0]).strip("{}") if sub is not None else ""
        v = self.cond(items[0]) if len(items) == 1 else None
        # a matrix's bare \|A\| is its spectral norm in many texts and its Frobenius norm in others, and its _1 the
        # largest column sum or the sum of every entry: never guessed
        if not isinstance(v, Array) or written not in (("", "2", "1") if len(v.shape) == 1 else ("F",)):
            raise cannot("\\lVert … \\rVert", "(the Euclidean norm of one vector, \\lVert x \\rVert or _2, its _1, or "
                                                "the Frobenius norm of a matrix, _F; for a number write \\lvert x \\rvert)")
        if written == "1":  # the L1 penalty of weight decay's sparse sibling (Goodfellow et al. §7.1.2)
            return self.over_entries(v.shape, lambda *idx: sp.Abs(v.at(*idx)))
        return sp.sqrt(self.over_entries(v.shape, lambda *idx: v.at(*idx) ** 2))

    def cases(self, t: Tree):
        """``\\begin{cases} a & \\text{if } c \\\\ b & \\text{otherwise} \\end{cases}``: the table's ``where``, nested.

        The last case is the rest: written ``\\text{otherwise}``, or the negation of the first of two
        (``z \\ge 0`` then ``z < 0``).  Cases whose conditions might leave a gap are refused, not guessed.
        """
        rows = []
        for row in (c for c in t.children if isinstance(c, Tree) and c.data == "case_row"):
            cond = row.children[2].children[-1]
            cond = None if isinstance(cond, Token) and cond.type == "OTHERWISE" else self.cond(cond)
            if isinstance(cond, Cond) and isinstance(cond.rel, Array) or isinstance(cond, Array):
                raise cannot(r"\begin{cases}", _WHOLE_ARRAY_CASES)
            # a case's value is read only where its condition holds and no case above it does
            above = [c.rel for _, c in rows if isinstance(c, Cond)]
            here = [cond.rel] if isinstance(cond, Cond) else []
            guard = sp.And(*[sp.Not(r, evaluate=False) for r in above], *here, evaluate=False)
            with guarded_by(guard) if all(isinstance(r, sp.Basic) for r in above + here) else nullcontext():
                value = self.value(self.product_or_expr(row.children[0]))
            if isinstance(value, Array):
                raise cannot(r"\begin{cases}", _WHOLE_ARRAY_CASES)
            rows.append((value, cond))
        if any(not isinstance(c, Cond) for _, c in rows if c is not None) or any(c is None for _, c in rows[:-1]):
            raise cannot(r"\begin{cases}", "(each case but the last needs a condition: a & \\text{if } x > 0)")
        *first, (rest, last) = rows
        rels = [c.rel for _, c in rows] if last is not None else []
        parts = _or_parts(rels)  # (ReLU's Jacobian's `0 & i \ne j \text{ or } x_i < 0`: an or-case read as its parts)
        if last is not None and not self._leave_nothing_out(rels) and not _by_index_parts(rels, self._leave_nothing_out) \
                and not (len(parts) > len(rels) and _by_index_parts(parts, self._leave_nothing_out)):
            raise cannot(r"\begin{cases}", "(the cases must leave no value out, or only where an input's strict "
                                               "inequality is an equality, x > 0 and x < 0: write the last case "
                                               "\\text{otherwise}, or two cases whose conditions are each other's "
                                               "negation, z \\ge 0 and z < 0, or the two sides of one comparison, "
                                               "u \\ge v and u \\le v, or three on one sign, z > 0, z = 0 and "
                                               "z < 0, or cases on one input that cover every value, t < -1, "
                                               "-1 \\le t \\le 1, t > 1)")
        if last is not None and all(isinstance(r, sp.Basic) for r in rels) and not self._cover_all(rels):
            # a null set left out (1 & x > 0 \\ 0 & x < 0): no value is written there, read as the last case's, so
            # the claim is asserted only where a case's condition holds, as for a side with no value there
            written = CasesWritten(*rels)
            note_real_where(lambda *_: [written], sorted(written.free_symbols, key=str), self.bound)
        # u \ge v \land u \le v is the tie u = v, apart from u \ne v
        clash = _clashing_rows([(v, _as_equality(c.rel) if c is not None else None) for v, c in rows], self.ctx.scope)
        if clash is not None:
            j, k = clash
            raise cannot(r"\begin{cases}", f"(cases {j + 1} and {k + 1} may both hold where their values differ: a "
                                            f"value is read only where one case gives it; make the conditions exclusive, "
                                            f"or write the last case \\text{{otherwise}})")
        where = by_name("where").build
        for _ in rows[1:]:
            if not (isinstance(rows[-1][1], Cond) and isinstance(rows[-1][1].rel, sp.Eq)
                    and _last_apart([c.rel for _, c in rows], self.ctx.scope)):
                break
            # The last case reads as the rest, its condition unwritten; an equality's value would then no longer
            # be asserted where it holds (verify/boundaries.py).  It meets no other case, so it may go first (and
            # so may one before it: x = δ, x = -δ after Huber's three).
            rows = [rows[-1], *rows[:-1]]
        rows = _unmerged(rows, self.ctx.scope)
        *first, (rest, last) = rows
        for value, cond in reversed(first):
            rest = entrywise(where, [cond.rel, value, rest], r"\begin{cases}")
        return rest

    def over_entries(self, shape: tuple, term) -> Expr:
        """Σ over every entry of an array of ``shape`` of ``term(*indices)``, at fresh indices."""
        idx = [self.fresh("k"), self.fresh("l")][:len(shape)]
        total = term(*idx)
        for d, size in reversed(list(zip(idx, shape))):
            total = sp.Sum(total, (d, 1, size))
        return total

    def inner(self, items: list, sub):
        """``\\langle x, y \\rangle``: Σ_k x_k y_k of two vectors, Σ_kl A_kl B_kl of two matrices (tr(AᵀB))."""
        values = [self.cond(c) for c in items]
        if sub is not None or len(values) != 2 or not all(isinstance(v, Array) for v in values) \
                or not arrays.same_shape(values[0].shape, values[1].shape):
            raise cannot("\\langle … \\rangle", "(the inner product of two vectors, or two matrices, of one shape: "
                                                  "\\langle x, y \\rangle)")
        a, b = values
        return self.over_entries(a.shape, lambda *idx: a.at(*idx) * b.at(*idx))

    def _a_condition(self, sub) -> bool:
        """True when the subscript ``sub`` holds a comparison (``{j = y}``, ``{\\{z > 0\\}}``; its source has no spaces)."""
        return _COMPARISON.search(self.src(sub)) is not None

    def paren_entry(self, items: list, sub, transposed: bool = False):
        """``(z)_i`` (kept as a vector's entry for ``\\operatorname{softmax}``) or ``(W x)_i``: an entry of an array (of
        its transpose, ``transposed``: ``(A B)^\\top_{ij}``)."""
        if self.array_next and len(items) == 1:
            # \operatorname{diag}(p)_{ij}: the diagonal matrix's entry, the subscript set after the function's bracket
            self.array_next = False  # the bracket's own content reads no head of this one
            return ResultEntry(self.cond(items[0]), sub, transposed)
        name = self.bare_vector(items[0]) if len(items) == 1 else None
        if name is not None:
            return VecEntry(name, self.one_index(sub.children[0]))
        whole = self.softmax_next  # read first: the parentheses' own products set it for their factors
        val = self.cond(items[0]) if len(items) == 1 else None
        if not isinstance(val, Array):
            raise cannot("a subscript on parentheses", "(only an entry of an array, like (W x)_i or "
                                                       "\\operatorname{softmax}(z)_i)")
        if len(val.shape) == 1 and whole:  # \operatorname{softmax}(s / \tau)_k: the whole vector
            return VecEntry("", self.one_index(sub.children[0]), val)
        inner = _SIZING.sub("", self.src(items[0]))
        if inner.startswith("\\sigma") and _one_bracket(inner[len("\\sigma"):]) is not None:
            raise cannot(f"({inner})_{{…}}", _SIGMA_ENTRY)  # (σ(z))_i, [σ(z)]_i: as σ(z)_i
        if transposed and len(val.shape) == 2:
            val = arrays.transpose(val)
        return val.at(*self.indices(sub.children[0], len(val.shape)))

    def cond(self, t: Tree):
        if t.data == "junction":
            return self.junction(t)
        if len(t.children) == 1:
            return self.product_or_expr(t.children[0])
        if len(t.children) == 5:  # -1 < t < 1, 0 \le x \le 1: both comparisons, one direction
            a, op1, b, op2, c = t.children
            ups = [RELATIONS.get(str(op)) in (sp.Lt, sp.Le) for op in (op1, op2)]
            downs = [RELATIONS.get(str(op)) in (sp.Gt, sp.Ge) for op in (op1, op2)]
            if all(ups) or all(downs):
                first, second = self.comparison(a, op1, b), self.comparison(b, op2, c)
                if isinstance(first.rel, sp.Basic) and isinstance(second.rel, sp.Basic) \
                        and not isinstance(first.rel, Array) and not isinstance(second.rel, Array):
                    return Cond(sp.And(first.rel, second.rel))
                if isinstance(first.rel, Array) or isinstance(second.rel, Array):  # 0 < x < 6 of a vector x
                    return Cond(matrices.elementwise(lambda p, q: sp.And(p, q), [first.rel, second.rel],
                                                     f"{op1} … {op2}", self.sizes))
        if len(t.children) != 3:
            raise cannot("a chained comparison", "(only one way round, -1 < t < 1 or 1 > t > -1; or "
                                                 "under \\sum: \\sum_{1 \\le i \\le n})")
        return self.comparison(*t.children)

    def comparison(self, a, op, b) -> Cond:
        """``a op b`` as a condition (entry by entry for arrays)."""
        lhs, rhs = self.cond_side(a), self.cond_side(b)
        rel = RELATIONS.get(str(op))
        if rel is None:
            raise cannot(str(op), "(inside brackets only = \\ne < > \\le \\ge)")
        return Cond(matrices.elementwise(lambda a, b: rel(a, b, evaluate=False), [lhs, rhs], str(op), self.sizes))

    def junction(self, t: Tree) -> Cond:
        """``x > 0 \\land y > 0``, ``x > 0 \\text{ or } y > 0``: conditions of one value each, joined by one connective."""
        parts = [self.cond(c) for c in t.children[::2]]
        words = {"or" if re.search(r"lor|vee|or", str(w)) else "and" for w in t.children[1::2]}
        if len(words) > 1:
            raise cannot("\\text{ and } with \\text{ or }", "(bracket which joins first, or split the condition)")
        if not all(isinstance(p, Cond) and isinstance(p.rel, sp.Basic) and not isinstance(p.rel, Array) for p in parts):
            raise cannot("\\land", "(it joins two conditions of one value each, like x > 0 \\land y > 0)")
        join = sp.Or if words == {"or"} else sp.And
        return Cond(join(*[p.rel for p in parts]))

    def cond_side(self, t: Tree) -> Expr:
        """A side of a condition: a letter there is an index (``i = j``), else a value."""
        u = self.unwrap(t)
        if isinstance(u, Token) and u.type in ("LETTER", "CMD") and not self.declared(str(u).lstrip("\\")) \
                and str(u).lstrip("\\") not in self.ctx.labels and self.ctx.symbol(str(u)) is None:
            return index(str(u).lstrip("\\"))
        return self.value(self.product_or_expr(t))

    def fracarg(self, t: Tree, numerator: bool = False):
        c = t.children[0] if t.children else None
        if isinstance(c, Tree):
            return self.product_or_expr(c, numerator) if c.data == "expr" else self.named(c, None)
        return self.token_value(c)

    def token_value(self, tok: Token):
        if tok.type == "DIGIT":
            return sp.Integer(int(tok))
        if tok.type == "NUMBER":
            return number(str(tok))
        return self.named(tok, None)

    def frac(self, t: Tree):
        if (self.declared("d") or self.ctx.symbol("d") is not None) \
                and all(_DIFFERENTIAL.match(self.src(c)) for c in t.children[1:3]):
            # \frac{dr}{da} beside a size named d: the derivative to one reader, (d·r)/(d·a) = r/a to the letter
            raise cannot(self.shown(t), "(d names a quantity or size of the derive block here: write "
                                      "\\frac{\\partial r}{\\partial a}, or give that d another name)")
        for delta in ("\\delta", "\\Delta"):
            opens = re.compile(r"\{?\s*" + re.escape(delta) + r"(?!\s*[_^])")
            if self.ctx.symbol(delta) is not None and all(opens.match(self.src(c)) for c in t.children[1:3]):
                # \frac{\delta L}{\delta x} with δ mapped to a quantity: a variational derivative (or a difference
                # quotient) to a reader, δ·L/(δ·x) = L/x to the letter (proved so)
                raise cannot(self.shown(t), f"({delta} names a quantity of the derive block here: write "
                                          f"\\frac{{\\partial L}}{{\\partial x}} for the derivative, or {delta} \\cdot L "
                                          f"for the product)")
        if "d" in self.bound and all(re.match(r"\{?\s*d(?!\s*_)", self.src(c)) for c in t.children[1:3]):
            # Σ_d x_d dL/dx_d: Euler's theorem to a reader, Σ_d x_d (d·L)/(d·x_d) to the letter (D·L was proved)
            raise cannot(self.shown(t), "(d is a summation index here: give the index another letter, or write "
                                      "\\frac{\\partial L}{\\partial x_d})")
        num = self.fracarg(t.children[1], numerator=True)
        if isinstance(num, (Partial, PartialOf)):
            value = self.frac_derivative(num, t.children[2])
        else:
            below = self.value(self.fracarg(t.children[2]))
            note_denominator(below)
            value = self.carried(self.value(num), matrices.divide(self.value(num), below, self.sizes))
        if len(t.children) < 4:
            return value
        if not isinstance(value, (Expr, Array)):
            raise cannot(self.shown(t), "(a power of a derivative operator: for the second derivative write "
                                      "\\frac{\\partial^2}{\\partial x^2})")
        return self.after_group(t, value, t.children[3].children[0])

    def after_group(self, t: Tree, value, sup: Tree):
        """``value`` (of a fraction or a root, ``t``) under the superscript TeX sets beside the whole of it:
        (∂L/∂Y)ᵀ, (a/b)², (√y)²."""
        if _TAGGED.fullmatch(self.src(sup)):  # \frac{1}{x}^{(2)}: a tag (or Lagrange's second derivative), never a power
            raise cannot(self.shown(t), "(a bracketed superscript numbers an example or a layer, never a power)")
        if self.is_transpose(sup):
            return arrays.transpose(value)
        return self.power(value, sup)

    def frac_derivative(self, num, den_tree: Tree):
        """``\\frac{\\partial^k F}{\\partial x \\partial y}``: nested ``Derivative``s (an operator if F is absent)."""
        den = den_tree.children[0]
        if not isinstance(den, Tree) or len(den.children) != 1 or len(den.children[0].children) != 1:
            raise cannot(r"\frac{\partial …}{…}", "(the denominator must be ∂x or ∂x ∂y)")
        items, transposed, twice = [], False, set()
        children, k = den.children[0].children[0].children, 0
        while k < len(children):
            c = children[k]
            k += 1
            if isinstance(c, Token):
                raise cannot(str(c), "(in the denominator of a derivative)")
            named = self._named_run(children, k - 1)
            if named is not None:  # \partial \cos\theta with '\cos\theta' = "c": by c
                k += named[0] - 1
                items.append([None, named[1]])
                continue
            row = self.transposed_vector(c)
            transposed |= row is not None
            squared = self.squared_vector(c)
            if squared is not None:  # ∂z^2 of a vector z: twice by z, the Hessian (not by the squares)
                twice.add(id(squared))
            outer, self.in_denominator = self.in_denominator, True
            try:
                piece = row if row is not None else squared if squared is not None else self.factor(c)
            finally:
                self.in_denominator = outer
            items.append([None, piece])
        items = self._pair_partials(items)
        variables = []
        for _, piece in items:
            if not isinstance(piece, PartialOf):
                raise cannot(r"\frac{\partial …}{…}", "(the denominator must be ∂x or ∂x ∂y)")
            var, times = _by_power(piece.expr, piece.order * (2 if id(piece.expr) in twice else 1))
            variables += [var] * times
        if len(variables) != num.order:
            if num.order == 1 and len(items) == 1 and items[0][1].order == 1:
                # ∂L/∂σ² (by the variance) read as a second derivative by σ: said as what it is
                raise cannot(r"\partial", "(a derivative by the power of an input, ∂x^2 below the line, is not "
                                           "read: declare the power as an input of its own, v for the variance "
                                           "σ^2, and differentiate by it; ∂^2 above the line too is the second "
                                           "derivative by x)")
            raise cannot(r"\partial", "(the orders of ∂ above and below the line differ)")
        if transposed and not (len(variables) == 2 and all(isinstance(v, Array) for v in variables)
                               and variables[0].quantity == variables[1].quantity):
            # only the Hessian ∂²F/∂z∂zᵀ is read: symmetric, so which index is the row does not matter
            raise cannot(re.sub(r"\s+", " ", self.text[_span(den)[0]:_span(den)[1]]).strip(), _LAYOUT)
        numerator = getattr(num, "expr", None)
        if isinstance(numerator, Array) and len(numerator.shape) == 2 and numerator.shape[0] == 1 \
                and any(isinstance(v, Array) for v in variables):
            # ∂zᵀ/∂x, the denominator layout: reported as an array of 3 axes before
            raise cannot(r"the derivative of a row (\partial z^\top)", _LAYOUT)
        self.one_order(variables)
        if isinstance(num, Partial):
            return DiffOp(tuple(variables), kind="d" if num.total else "∂")
        self.note_derivative("d" if num.total else "∂", num.expr, variables)
        self.noticed.second_order |= _by_arrays(variables) > 1 or _by_arrays(variables) == 1 and self._a_derivative(num.expr)
        self.noticed.jacobian |= isinstance(num.expr, Array) and any(isinstance(v, Array) for v in variables)
        return derivative(num.expr, tuple(variables))

    def _a_derivative(self, value) -> bool:
        """True for a value holding a derivative, or a quantity the block names for one (∂/∂w of ∇_w E, of δ)."""
        if isinstance(value, Array):
            spec = self.ctx.quantities.get(value.quantity) if value.quantity else None
            if spec is not None and spec.derivative is not None:
                return True
            value = arrays.lower(value, Fresh(()))[0]
        return isinstance(value, Expr) and (value.has(sp.Derivative) or any(
            self.ctx.quantities.get(a.base.name) is not None and self.ctx.quantities[a.base.name].derivative is not None
            for a in value.atoms(sp.Indexed)))

    def note_derivative(self, kind: str, of, variables) -> None:
        """Keep a derivative written with ``kind`` (d or ∂) of a quantity that reads its variable also through
        another quantity (h₂ = tanh(w h₁), h₁ of w): a display writing both kinds of one such pair means two
        derivatives, the total one and one holding the other fixed, where derive reads both as the total one."""
        quantities = self.ctx.quantities
        by = {v.quantity if isinstance(v, Array) else v.base.name if isinstance(v, sp.Indexed) else str(v)
              for v in variables}
        self.noticed.stepped |= by & set(quantities)  # ∂L/∂μ, ∇_μ L: a path through μ taken as a step of its own
        if not kind or not isinstance(of, (Expr, Array)):
            return
        names = [of.quantity] if isinstance(of, Array) and of.quantity else \
            sorted({a.base.name for a in of.atoms(sp.Indexed)} | {s.name for s in of.free_symbols} & set(quantities)) \
            if isinstance(of, Expr) else []
        # only a variable the quantity's own definition reads, and reads through another of its quantities too
        # (h₂ = tanh(w h₁)), has a partial holding something fixed: of L = z², z = 2x, ∂L/∂x is dL/dx to all
        through = sorted({d for q in names if q in quantities and quantities[q].definition is not None
                          and by & applied_forms.direct(quantities[q], quantities)
                          for d in applied_forms.direct(quantities[q], quantities)
                          if d not in by and quantities[d].definition is not None
                          and by & applied_forms.dependencies(d, quantities)})
        if through:
            self.noticed.derivatives.append((kind, f"{of} by {', '.join(sorted(by))}", through[0]))
            # every quantity on a path from the variable to it: RMSNorm's y = x/r, r of ν = Σx²/n, holds ν too
            between = {d for q in names if q in quantities for d in applied_forms.dependencies(q, quantities)
                       if d not in by and quantities[d].definition is not None
                       and by & applied_forms.dependencies(d, quantities)}
            self.noticed.holding.append((f"{of} by {', '.join(sorted(by))}", tuple(sorted(between))))

    def one_order(self, variables: list) -> None:
        """Refuse ``\\frac{\\partial^2 L}{\\partial W \\partial z}`` with z computed from W: which is taken first is a
        convention (∂²f/∂x∂y is ∂/∂x ∂f/∂y to most, the other way to some), and here the two orders differ."""
        names = list(dict.fromkeys(v.quantity if isinstance(v, Array) else v.base.name if isinstance(v, sp.Indexed)
                                   else str(v) for v in variables))
        for a in names:
            for b in names:
                if a != b and a in applied_forms.dependencies(b, self.ctx.quantities):
                    raise cannot(r"\frac{\partial^2 …}{\partial …\partial …}",
                                 f"({b} is computed from {a}, so the order of the derivatives matters, and conventions "
                                 f"differ on which the fraction takes first: write it as an operator on a derivative, "
                                 f"\\frac{{\\partial}}{{\\partial {a}}} \\frac{{\\partial L}}{{\\partial {b}}})")

    def squared_vector(self, c: Tree) -> Array | None:
        """The vector z of a factor ``z^2`` of a declared vector z (the Hessian's ∂z^2), else None."""
        if not _one_script(c):
            return None
        sup, prim = c.children[1].children[0], c.children[0].children[0]
        if sup.data != "sup" or self.src(sup.children[0]).strip("{}") != "2" or self.layer_name(prim, sup) is not None:
            return None  # z^2 naming layer 2 (Nielsen's [symbols] 'z^2')
        if isinstance(prim, Tree):
            if prim.data != "accent":  # \mathbf{w}^2 as w^2
                return None
        elif prim.type not in ("LETTER", "CMD") or self.ctx.scope.quantities.get(str(prim).lstrip("\\")) != 1:
            return None  # no declared vector z
        v = self.named(prim, None)
        return v if isinstance(v, Array) and v.quantity and len(v.shape) == 1 else None

    def _no_invisible_group(self, factors: list, signed: bool = False) -> None:
        """Refuse a braced group of several terms beside another factor or a sign: TeX prints no brackets
        for it, so ``2 {z - y}`` reads 2z − y on the page and 2(z − y) as the source groups it (proved so; an
        ``\\underbrace{h - h^3}_\\text{…}`` after a factor alike)."""
        for c in factors:
            if not (isinstance(c, Tree) and c.data == "scripted" and isinstance(c.children[0], Tree)):
                continue
            group = c.children[0].children[0]
            if not (isinstance(group, Tree) and group.data == "group"):
                continue
            terms = group.children[0].children
            # (one term with a sign, 2 {-x}, is refused beside a factor by the reader's own check of such a group)
            if len(terms) > 1 and (len(factors) > 1 or signed):  # (a script on it is refused as it is read: {2x}^2)
                raise cannot(self.shown(c), "(braces group for TeX alone and print no brackets: the page shows the terms "
                                          "without them; write \\left( … \\right) to group them)")

    def _no_scalar_transposed_after_nabla(self, items: list, op, piece, c, written: str | None = None) -> None:
        """Refuse ``\\nabla_W L^\\top``: the writer means (∇_W L)ᵀ; the letter transposes the scalar L, which does
        nothing, and a right claim was refuted for its shape."""
        if op is None and items and isinstance(items[-1][1], DiffOp) and items[-1][1].nabla \
                and isinstance(piece, Expr) and not piece.is_number and isinstance(c, Tree) and self.written_transposed(c):
            head, written = items[-1][1].macro, written or self.shown(c)
            raise cannot(f"{head}_{{…}} {written}", f"(a scalar's transpose is itself: for the transpose of the "
                         f"gradient write \\left({head}_{{…}} {written.rsplit('^', 1)[0]}\\right)^\\top)")

    def written_transposed(self, c: Tree) -> bool:
        """True for a factor written with one script, a transpose (``L^\\top``)."""
        if not _one_script(c):
            return False
        sup = c.children[1].children[0]
        return sup.data == "sup" and self.is_transpose(sup.children[0])

    def transposed_vector(self, c: Tree) -> Array | None:
        """The vector z of a factor written ``z^\\top`` (the Hessian's ∂z ∂z^⊤), else None."""
        prim = c.children[0].children[0] if self.written_transposed(c) else None
        if prim is None or isinstance(prim, Tree) and prim.data != "accent":
            return None
        v = self.named(prim, None)
        return v if isinstance(v, Array) and v.quantity and len(v.shape) == 1 else None

    def exponent(self, sup: Tree) -> Expr:
        arg = sup.children[0] if sup.children else None
        if arg is None:
            raise cannot("an empty superscript")
        return self.value(self.fracarg(sup) if isinstance(arg, Tree) else self.token_value(arg))

    def power(self, val, sup: Tree):
        """``val^{sup}``: a ∂ order, e^x, a function's power (\\tanh^2), \\nabla^2, or a bounded numeric power."""
        ex = self.exponent(sup)
        if val is sp.E:
            if isinstance(ex, Array) and len(ex.shape) == 2:
                # e^{X} of a matrix is the matrix exponential to the Matrix Cookbook, each entry's to others
                raise cannot(f"e^{{{self.shown(sup.children[0]).strip('{}')}}}",
                             "(of a matrix: the matrix exponential or each entry's? write \\exp X for each entry's)")
            return entrywise(sp.exp, [ex], "e^{...}")
        if isinstance(val, Array) and re.sub(r"[{}\s]", "", self.src(sup)) == "T" and self.declared("T"):
            # σ(a)^T \cdot v with T a size (or a temperature): a power to the letter, the transpose to its writer;
            # read as the power, a right inner product was refuted and exp(z/T)^T v = Σ e^z v proved
            kind = "vector" if len(val.shape) == 1 else "matrix"
            raise cannot("^T", f"(T is a declared name here, so ^T is a power of this {kind} to the letter and its "
                               f"transpose to a reader: write ^\\top for a transpose, or the power entry by entry)")
        ex = scalar(ex, "an exponent")
        if isinstance(val, Partial):
            if not (ex.is_Integer and 1 <= ex <= 4):
                raise cannot(r"\partial^{...}", "(the order of a derivative is 1 to 4)")
            return Partial(int(ex), val.total)
        if isinstance(val, DiffOp) and val.nabla and ex == 2 and len(val.variables) == 1:
            return DiffOp(val.variables * 2, nabla=True, macro=val.macro)  # \nabla^2_z F: the Hessian (symmetric: no layout question)
        if isinstance(val, Func):
            if ex == -1:  # σ^{-1} is the inverse function, not 1/σ: there is no such construct
                raise cannot(f"{val.macro}^{{-1}}", "(an inverse function: define it in the derive block, like "
                                                    "\"logit\" = \"log(x/(1 - x))\", and map it in [symbols])")
            if not (ex.is_Integer and 2 <= ex <= MAX_EXPONENT) or val.power != 1:
                raise cannot(f"{val.macro}^{{{ex}}}", "(write the power after the argument: \\log(x)^2)")
            # \log_2^2 p: (log₂ p)²; {\sigma'}^2(z): σ'(z)² (the prime was dropped: σ(z)² = {σ'}²(z) was proved)
            return Func(val.construct, val.macro, int(ex), order=val.order, base=val.base)
        return self.raise_to(self.value(val), ex)

    def powered(self, val, p: Powered):
        """``val`` raised to ``p``'s exponent, then transposed if ``p`` is a transpose."""
        val = self.raise_to(self.value(val) if isinstance(val, VecEntry) else val, p.exp)
        return self.carried(val, arrays.transpose(val)) if p.transposed else val

    def head_power(self, val, ex: int):
        """``\\tanh^2 Z``: a function's power is its value's, entry by entry even for a matrix (no matrix power)."""
        if ex == 1 or not isinstance(val, Array):
            return self.raise_to(val, ex)
        return entrywise(lambda v: self._scalar_power(v, sp.Integer(ex)), [val], "a power")

    def raise_to(self, val, ex):
        """``val^ex`` with a bounded numeric exponent (entrywise for a vector)."""
        ex = sp.Integer(ex) if isinstance(ex, int) else ex  # a head's own power (\tanh^2) is a Python int
        if ex == 1:
            return val
        # x^T of a vector x beside a size T: a transpose to its writer, never entry by entry to a whole power
        return matrices.power(val, ex, self._scalar_power if not isinstance(val, Array) else
                              lambda v, e: self._scalar_power(v, e, whole=False))

    def _scalar_power(self, val: Expr, ex: Expr, whole: bool = True) -> Expr:
        if not ex.is_number:  # μ^{x_n} in a likelihood: the file format's rule, a base given positive
            try:
                return symbolic_power(val, ex, self.ctx.scope, whole)
            except ParseError as exc:
                if isinstance(ex, sp.Symbol) and ex.name == "T" and self.declared("T"):  # meant as a transpose?
                    raise ParseError(f"{exc} (T is a declared name here, so ^T is a power: write ^\\top "
                                     f"for a transpose)") from None
                raise
        if not (ex.is_Rational and abs(ex) <= MAX_EXPONENT and ex.q <= MAX_EXPONENT_DENOMINATOR):
            raise ParseError(f"exponent {ex} is not allowed (a number with |e| <= {MAX_EXPONENT}, "
                             f"denominator <= {MAX_EXPONENT_DENOMINATOR})")
        if _number_bits(val) * abs(ex) > MAX_NUMBER_BITS:
            raise ParseError(f"a number in this power would exceed {MAX_NUMBER_BITS} bits")
        if val == 0 and ex < 0:
            raise ParseError("division by zero")
        note_real_where(root_defined(ex), [val], self.bound)
        if ex < 0:
            note_denominator(val)
        return val ** ex

    def tagged_transpose(self, prim, sup) -> str | None:
        """The quantity ``[symbols]`` maps a name and the tag before a transpose in one superscript to
        (``h^{(0)\\top}`` with ``'h^{(0)}'`` mapped), or None."""
        if sup is None or not self.ctx.symbols:
            return None
        m = _TAG_THEN_TRANSPOSE.fullmatch(self.src(sup.children[0]).strip())
        if m is None or (m.group(2) == "T" and self.declared("T")):
            return None
        return self.ctx.symbol(script_key(f"{self.src(prim)}^{{{m.group(1).strip()}}}", "^"))

    def is_transpose(self, sup: Tree) -> bool:
        """True for a superscript meaning the transpose (``T`` only when no quantity is named T)."""
        written = re.sub(r"[{}]", "", self.src(sup))  # ^{\mathsf T}, ^{\mathsf{T}}, ^\top and ^{\top} alike
        return written in _TRANSPOSE and not (written == "T" and self.declared("T"))

    def declared(self, name: str) -> bool:
        return name in self.ctx.scope.quantities or name in self.ctx.scope.sizes


_WHOLE_ARRAY_CASES = ("(cases of a whole vector or matrix: write them for one entry, \\frac{\\partial L}{\\partial X_{ij}} = "
                      "\\begin{cases} G_{ij} & X_{ij} > 0 \\\\ 0 & X_{ij} \\le 0 \\end{cases}, or as "
                      "G \\odot \\mathbb{1}[X > 0])")


def _one_naming(a, b) -> tuple:
    """Two conditions with their sums' indices named alike (y w^\\top x < 1 and y w^\\top x \\ge 1: each product's sum
    has an index of its own), so that the same sum compares equal."""
    if isinstance(a, sp.Basic) and isinstance(b, sp.Basic) and (a.has(*BOUND) or b.has(*BOUND)):
        return canonical(a), canonical(b)
    return a, b


def _negations(a, b) -> bool:
    """True for two conditions each other's negation: ``x > 0`` and ``x \\le 0``, or ``g \\ne 0`` and ``±g = 0``
    (``|u - v| > 0`` then ``|u - v| = 0``, read so by ``_as_equality``)."""
    a, b = _one_naming(a, b)
    if getattr(a, "negated", None) == b:
        return True
    if isinstance(a, (sp.And, sp.Or)) or isinstance(b, (sp.And, sp.Or)):
        return _de_morgan(a, b)
    if not (isinstance(a, sp.Ne) and isinstance(b, sp.Eq)):
        return False
    da, db = sp.expand(a.lhs - a.rhs), sp.expand(b.lhs - b.rhs)
    return sp.expand(da - db) == 0 or sp.expand(da + db) == 0


def _de_morgan(a, b) -> bool:
    """True when one of two conditions, one of them joined by and/or, is the other's negation by De Morgan's laws,
    each comparison negated (``w = 0 \\text{ and } v < 0``, then ``w \\ne 0 \\text{ or } v \\ge 0``)."""
    return any(isinstance(p, (sp.And, sp.Or)) and isinstance(q, sp.Basic) and sp.Not(p).to_nnf() == q
               for p, q in ((a, b), (b, a)))


def _both_sides(a, b) -> bool:
    """True for two conditions on the two sides of one comparison, its boundary in at least one: ``u \\ge v`` and
    ``u \\le v`` (or ``v > u``), on any inputs: every value is in one."""
    fa, fb = sign_form(a), sign_form(b)  # d > 0 or d >= 0 beside -d > 0 or -d >= 0, one of them with d = 0
    return fa is not None and fb is not None and {fa[0], fb[0]} <= {">", ">="} and ">=" in (fa[0], fb[0]) \
        and sp.expand(fa[1] + fb[1]) == 0


def _to_its_maximum(a, b, scope=None) -> bool:
    """True for ``u = M`` beside ``u < M``, M a maximum over a whole axis of u's array and u one of its terms
    (``x_j = \\max_k x_k`` and ``x_j < \\max_k x_k``, max-pooling's slope; a minimum's ``>``): u ≤ M everywhere."""
    fa, fb = sign_form(a), sign_form(b)
    if fa is None or fb is None or sorted((fa[0], fb[0])) != ["=", ">"]:
        return False
    (_, tie), (_, d) = sorted((fa, fb), key=lambda f: f[0] != "=")
    return (sp.expand(tie - d) == 0 or sp.expand(tie + d) == 0) and _one_of_its_terms(d, scope)


def _one_of_its_terms(d: Expr, scope=None) -> bool:
    """True for d = M − u with M = max_k f(k) over a whole axis of an array (k from 1 to its length) and u = f(e), e one
    index of that axis (a free index, which runs over it, or a number within it): d ≥ 0 everywhere."""
    shapes = getattr(scope, "shapes", None) or {}
    for m in sp.Add.make_args(d):
        if not isinstance(m, MaxOver) or len(m.limits) != 1:
            continue
        (k, lo, hi), u = m.limits[0], sp.expand(m - d)
        for entry in m.function.atoms(sp.Indexed):
            if k not in entry.indices or not isinstance(u, sp.Expr):
                continue
            axis = entry.indices.index(k)
            shape = shapes.get(str(entry.base))
            for e in {x.indices[axis] for x in u.atoms(sp.Indexed) if x.base == entry.base and len(x.indices) > axis}:
                whole = shape is not None and len(shape) > axis and lo == 1 and str(hi) == str(shape[axis])
                inside = e.is_Symbol and e.is_integer or e.is_Integer and lo <= e and (hi - e).is_nonnegative
                if whole and inside and sp.expand(m.function.xreplace({k: e}) - u) == 0:
                    return True
    return False


def _covering(rels: list, scope=None) -> bool:
    """True for cases on one scalar whose conditions, each linear in it (or its absolute value), leave nothing to the
    last case's outside: t < -1, -1 \\le t \\le 1, t > 1 (the last then reads as \\text{otherwise}); other scalars
    in them as ``_intervals`` allows."""
    sets = _intervals(rels, scope)
    if sets is not None:
        rest = sp.Complement(sp.S.Reals, sp.Union(*sets[:-1]))
        if rest.is_subset(sets[-1]) is True:
            return True
        # 1 & x > 0 \\ 0 & x = 0 under a given x \ge 0: the last case holds what the givens leave of the rest
        allowed = _given_values(rels, scope)
        if allowed is not None and sp.Intersection(rest, allowed).is_subset(sets[-1]) is True:
            return True
    table = _sampled(rels, scope)  # SymPy's sets cannot order -δ and δ: the points between the bounds can
    return table is not None and all(any(holds) for _, holds, _ in table)


def _by_index_parts(rels: list, covers: Callable[[list], bool]) -> bool:
    """True for cases whose conditions are a part on indices (i = j, i \\ne j) and a part on real values, where the
    index parts leave no index out (each other's negation, or three on one sign) and, under each, the real parts of
    the cases there pass ``covers``: the ReLU Jacobian's ``1 & i = j \\text{ and } x_i > 0``, ``0 & i = j \\text{ and }
    x_i < 0``, ``0 & i \\ne j`` (x_i = 0 a null set, as for ReLU's slope alone)."""
    def on_indices(r) -> bool:
        return isinstance(r, sp.core.relational.Relational) and r.lhs.is_integer is True and r.rhs.is_integer is True
    parts = []
    for r in rels:
        args = sp.And.make_args(r) if isinstance(r, sp.And) else (r,)
        parts.append((sp.And(*[a for a in args if on_indices(a)]), sp.And(*[a for a in args if not on_indices(a)])))
    kinds = list(dict.fromkeys(k for k, _ in parts if k is not sp.true))
    if not kinds or all(real is sp.true for _, real in parts) or not (
            len(kinds) == 2 and sp.Not(kinds[0]) == kinds[1] or _trichotomy(kinds)):
        return False
    for kind in kinds:
        here = [real for k, real in parts if k in (kind, sp.true)]
        if sp.true not in here and not covers(here):
            return False
    return True


def _null_gap(rels: list, defined: set[str], scope=None) -> bool:
    """True for cases that leave out only a null set where a strict inequality among them is an equality: ReLU's
    slope written ``1 & x > 0 \\\\ 0 & x < 0``, or ``t < -1``, ``-1 < t < 1``, ``t > 1``.

    Read with the last case as the rest, the gap lies on the boundary of a condition of a case above it, where
    the claim is not asserted (``verify/boundaries.py``), as the writer meant: no value was written there.  A gap
    of indices or labels (``i > j``, ``i < j``: the diagonal) or of a defined quantity (``F > 0``, ``F < 0`` with
    F = relu(X): all of X ≤ 0) is no null set, and such cases stay refused."""
    if len(rels) == 2:
        fa, fb = sign_form(rels[0]), sign_form(rels[1])
        if fa is not None and fb is not None and fa[0] == fb[0] == ">" and sp.expand(fa[1] + fb[1]) == 0 \
                and _null_zeros(fa[1], defined, scope):
            return True
    found = _case_variable(rels, scope)
    if found is None or not _null_zeros(found[2], defined, scope):
        return False
    sets = _intervals(rels, scope)
    if sets is not None:
        gap = sp.Complement(sp.S.Reals, sp.Union(*sets))
        try:
            if isinstance(gap, sp.FiniteSet) and all(any(p in s.boundary and p not in s for s in sets[:-1])
                                                     for p in gap):
                return True
        except TypeError:  # a point SymPy cannot place against a symbolic bound: the points between the bounds can
            pass
    table = _sampled(rels, scope)
    if table is None:
        return False
    # a point no case holds at must be a bound where a case above the last holds right beside it (its boundary)
    return all(bound and any(table[j][1][c] for j in (k - 1, k + 1) for c in range(len(rels) - 1))
               for k, (bound, holds, _) in enumerate(table) if not any(holds))


def _sampled(rels: list, scope=None) -> list[tuple[bool, list[bool], Expr]] | None:
    """For conditions on one scalar x as ``_intervals`` reads them: ``(bound, holds, at)`` at each bound where one may
    change (in order along x), and at a point of each stretch before, between and after them, each condition's
    truth there (``at``: the point, in the symbols of ``_case_variable``); None where the bounds cannot be put in
    order (their signs unknown) or a truth is unknown.

    Each condition is constant on each stretch, so these points tell every value of x apart: Huber's r > δ,
    −δ ≤ r ≤ δ, r < −δ (δ > 0) leave none out, though SymPy's sets cannot intersect (−∞, δ] with [−δ, ∞)."""
    found = _case_variable(rels, scope)
    if found is None:
        return None
    x, replace, _ = found
    atoms = [a.xreplace(replace) for r in rels for a in (r.args if isinstance(r, sp.And) else (r,))]
    bounds: list = []
    try:
        for a in atoms:
            if not isinstance(a, (sp.Eq, sp.Lt, sp.Le, sp.Gt, sp.Ge)) or not _linear_or_abs(a.lhs - a.rhs, x):
                return None
            bounds.extend(_zeros_along(a.lhs - a.rhs, x))
        order: list = []
        back = {v: k for k, v in replace.items() if isinstance(v, sp.Symbol)}
        for b in bounds:
            if any(sp.expand(b - o).is_zero for o in order):
                continue
            place = 0
            for o in order:
                gap = sp.expand(b - o)
                if gap.is_positive or _given_above(gap.xreplace(back), scope):
                    place += 1
                elif not (gap.is_negative or _given_above(-gap.xreplace(back), scope)):
                    return None
            order.insert(place, b)
        stretches = [order[0] - 1, *((lo + hi) / 2 for lo, hi in zip(order, order[1:])), order[-1] + 1] \
            if order else [sp.S.Zero]
        # a point of each stretch, each bound between two (in order along x), marked True for a bound
        samples = [(False, stretches[0])]
        for b, after in zip(order, stretches[1:]):
            samples += [(True, b), (False, after)]
        out = []
        for bound, pt in samples:
            holds = []
            for r in rels:
                truth = _decided(r.xreplace(replace).xreplace({x: pt}), back, scope)
                if truth not in (sp.true, sp.false):
                    return None
                holds.append(truth is sp.true)
            out.append((bound, holds, pt))
        return out
    except (ValueError, TypeError, sp.PolynomialError):
        return None


def _decided(c, back: dict, scope):
    """The condition ``c`` (read at a point) with each comparison SymPy leaves open decided by a given's a − b
    (``_given_above``, read with ``back``): ε < 1/2 for the given ε < 1/2, at the middle of clip's ε and 1 − ε."""
    if c in (sp.true, sp.false):
        return c
    if isinstance(c, (sp.And, sp.Or)):
        return c.func(*[_decided(a, back, scope) for a in c.args])
    if isinstance(c, (sp.Eq, sp.Ne)):
        d = sp.expand(c.lhs - c.rhs).xreplace(back)
        if d != 0 and not (_given_above(d, scope) or _given_above(-d, scope)):
            return c
        return sp.true if (d == 0) == isinstance(c, sp.Eq) else sp.false
    if not isinstance(c, (sp.Lt, sp.Le, sp.Gt, sp.Ge)):
        return c
    d = sp.expand(c.gts - c.lts).xreplace(back)  # above 0 where c holds
    strict = isinstance(c, (sp.Lt, sp.Gt))
    if _given_above(d, scope):
        return sp.true
    if _given_above(-d, scope):
        return sp.false
    return sp.true if not strict and d == 0 else sp.false if strict and d == 0 else c


def _given_above(d: Expr, scope) -> bool:
    """True when ``d`` (in the inputs as written) is positive, the givens' signs and bounds of ``scope`` read as
    ``known_positive`` reads them: 1 − 2ε and 2 − 2ε for 0 < ε < 1/2, which put clip's bounds ε and 1 − ε in order
    and tell its conditions' truth between them."""
    return d.is_positive is True or scope is not None and known_positive(d, scope)


def _zeros_along(d: Expr, x: sp.Symbol) -> list:
    """Where ``d`` (linear in x, or in |u| of a u linear in x) is 0 along x: one point, or two for |u| = c."""
    absolutes = [a for a in d.atoms(sp.Abs) if a.has(x)]
    if not absolutes:
        slope = sp.expand(d).coeff(x)
        return [] if slope.is_zero else [sp.expand(-(sp.expand(d) - slope * x) / slope)]
    t = sp.Dummy("t")
    flat = sp.expand(d.xreplace({absolutes[0]: t}))
    u = sp.expand(absolutes[0].args[0])
    slope_t, slope_u = flat.coeff(t), u.coeff(x)
    if slope_t.is_zero or slope_u.is_zero:
        return []
    level = -(flat - slope_t * t) / slope_t  # |u| = level
    return [sp.expand((s * level - (u - slope_u * x)) / slope_u) for s in (1, -1)]


def _null_zeros(d: Expr, defined: set[str], scope=None) -> bool:
    """True when ``d``, of inputs alone (reals, no index, label or defined quantity), is 0 on a null set only; a
    defined quantity is read as its definition in ``scope`` (a = w x + b: null; F = relu(X): 0 on a region)."""
    def read(d: Expr) -> tuple[set, set]:
        entries = d.atoms(sp.Indexed)
        outside = d.xreplace({e: sp.S.One for e in entries}).free_symbols  # an entry's indices are fixed: x_i = 0 is null
        if scope is not None:  # a sum's size (Σ_{k=1}^{d} w_k x_k): every size has the same null set
            outside -= {v for v in scope.sizes.values() if isinstance(v, sp.Symbol)}
        return outside, {e.base.name for e in entries} | {s.name for s in outside}
    outside, names = read(d)
    if names & defined and scope is not None:
        d = written_out(d, scope)
        if d is None:
            return False
        outside, names = read(d)
    # x_i − x_j is 0 for every input where i = j (x_j − x_1 at j = 1, x_n − x_1 at n = 1): no null set
    return not names & defined and all(s.is_real and not s.is_integer for s in outside) and _null_in_inputs(d, [])


#: a fraction of two numbers as written: \frac12, \tfrac{1}{2}
_NUMERIC_FRACTION = re.compile(r"\\[dt]?frac\s*(\{\s*[0-9.]+\s*\}|[0-9])\s*(\{\s*[0-9.]+\s*\}|[0-9])")
#: a factor written as a power, f^2 or \hat{J}^{-1} (not \frac{1}{f}, whose value is a power too)
_WRITTEN_POWER = re.compile(r"(?!\\[dt]?frac)[^()\[\]]*\^\s*(\{[^{}]*\}|[^{}\s])", re.S)


def _by_arrays(variables) -> int:
    """How many of a derivative's variables are arrays or their entries: two make a Hessian (by a scalar twice, an
    entrywise second derivative: ∂²G/∂s² = 1 + A is no αI)."""
    return sum(isinstance(v, (Array, sp.Indexed)) for v in variables)


def _order_is_a_convention(written: str) -> bool:
    """True for a name (a quantity's, or a ``[symbols]`` key) set as a divergence or a cross-entropy is, where the
    order of two arguments is a convention: ``\\mathbb{KL}``, ``D_{\\mathrm{KL}}``, ``H``, ``\\mathcal{L}_{CE}``."""
    plain = re.sub(r"\\[A-Za-z]+|[{}\s]", "", written)  # every macro (fonts, accents, \ell, \alpha) and brace out
    main, scripts = re.fullmatch(r"([^_^]*)(.*)", plain).groups()
    below = re.sub(r"[_^]", "", scripts)
    return main in _DIVERGENCE_NAMES or main.lower() in _DIVERGENCE_WORDS \
        or main in ("", "L", "l") and below.upper() in _DIVERGENCE_LOSSES


def _by_power(var, order: int) -> tuple:
    """``(variable, times)`` of ∂ written below the line: ∂z_i^2 is twice by z_i (a power 2 to 4), else ``order`` times."""
    if isinstance(var, sp.Pow) and var.exp.is_Integer and 2 <= var.exp <= 4:
        return var.base, order * int(var.exp)
    return var, order


def _innermost(d: sp.Derivative) -> Expr:
    """What a (nested) derivative is taken of."""
    while isinstance(d, sp.Derivative):
        d = d.expr
    return d


def _or_parts(rels: list) -> list:
    """``rels`` with each ``or`` of conditions in its parts, a case each: together they cover what it does."""
    return [part for r in rels for part in (r.args if isinstance(r, sp.Or) else (r,))]


def _clashing_rows(rows: list, scope=None) -> tuple[int, int] | None:
    """The first two cases (by number) whose conditions may both hold where their values may differ, else None.

    Read as nested ``where``, only the first case that holds counts, so a later case that disagrees with it
    (``x`` for x > 0 and 5 for x > 3) would never be checked.  Two cases are fine when no value meets both
    conditions, when their values agree everywhere, or when the conditions meet only where one difference is 0
    (``x \\ge 0`` and ``x \\le 0``, ``i = j`` twice) and the values agree there.  Anything else counts as a clash.
    ``scope``'s givens (λ > 0) may show two conditions apart: z > λ and z < −λ.
    """
    for k, (vk, rk) in enumerate(rows):
        for j, (vj, rj) in enumerate(rows[:k]):
            if rk is None or _apart(rj, rk, scope):
                continue
            diff = vj - vk if isinstance(vj, Expr) and isinstance(vk, Expr) else None
            if diff is None or not _zero_where(diff, rj, rk, scope):
                return j, k
    return None


def _apart(a, b, scope=None) -> bool:
    """True when no value meets both conditions (each other's negation, opposite sides of one difference, one
    part of a conjunction apart from the other condition, differences whose sum the givens of ``scope`` keep
    below 0, or disjoint intervals of one scalar)."""
    if not (isinstance(a, sp.Basic) and isinstance(b, sp.Basic)) or isinstance(a, Array) or isinstance(b, Array):
        return False
    a, b = _one_naming(a, b)
    if getattr(a, "negated", None) == b or _de_morgan(a, b):
        return True
    # -λ ≤ z ≤ λ holds only where z ≤ λ does, so z > λ never meets it
    if isinstance(a, sp.And) and any(_apart(part, b, scope) for part in a.args) \
            or isinstance(b, sp.And) and any(_apart(a, part, scope) for part in b.args):
        return True
    # u < 0 \text{ or } u > 6 meets a condition only where one of its parts does
    if isinstance(a, sp.Or) or isinstance(b, sp.Or):
        return all(_apart(p, q, scope) for p in sp.Or.make_args(a) for q in sp.Or.make_args(b))
    by_sign = signs_apart(a, b)  # d > 0 beside -d >= 0, -d > 0 or d = 0, or d = 0
    if by_sign is not None:
        return by_sign
    fa, fb = sign_form(a), sign_form(b)
    if fa is not None and fb is not None and "=" not in (fa[0], fb[0]):
        # both hold only where d_a + d_b ≥ 0: apart where that sum is negative (x − y > 1 and x − y < −1), or the
        # givens make it so (z > λ and z < −λ, given λ > 0)
        below = -sp.expand(fa[1] + fb[1])
        if below.is_positive or scope is not None and known_positive(below, scope):
            return True
    sets = _intervals([a, b], scope)
    if sets is not None and sp.Intersection(*sets) is sp.S.EmptySet:
        return True
    table = _sampled([a, b], scope)  # -δ ≤ r ≤ δ beside r < -δ: SymPy's sets cannot order the bounds
    return table is not None and not any(all(holds) for _, holds, _ in table)


def _zero_where(diff: Expr, a, b, scope=None) -> bool:
    """True when ``diff`` is 0 wherever both conditions hold: everywhere, on the one difference they pin to 0
    (``x \\ge 0`` and ``x \\le 0``, ``i = j`` twice), or at the points where two intervals of one scalar meet
    (Huber's r ≥ δ and −δ ≤ r ≤ δ at r = δ, given δ > 0)."""
    if sp.expand(diff) == 0:
        return True
    fa, fb = sign_form(a), sign_form(b)
    opposite = fa is not None and fb is not None and sp.expand(fa[1] + fb[1]) == 0
    if fa is not None and fb is not None and (opposite or fa[1] == fb[1] and "=" in (fa[0], fb[0])):
        d = fa[1]  # both hold only where d = 0: put one of its symbols there
        for x in sorted(d.free_symbols, key=sp.default_sort_key):
            slope = d.coeff(x)
            if slope.is_number and slope != 0 and not sp.expand(d - slope * x).has(x):
                if sp.expand(diff.xreplace({x: x - d / slope})) == 0:
                    return True
                break
        # (else the points of one scalar may show it: |u| ≤ δ and |u| ≥ δ meet at u = ±δ, where δ sign(u) is u, though
        # put in for δ, |u| sign(u) does not expand to u)
    found = _case_variable([a, b], scope)
    if found is None:
        return False
    x, replace, _ = found
    flat = diff.xreplace(replace)
    sets = _intervals([a, b], scope)
    meet = sp.Intersection(*sets) if sets is not None else None
    if isinstance(meet, sp.FiniteSet) and len(meet) <= 4:
        return all(sp.expand(flat.xreplace({x: p})) == 0 for p in meet)
    table = _sampled([a, b], scope)  # bounds SymPy's sets cannot order: both must meet only at bounds, agreeing there
    both = [(bound, at) for bound, holds, at in table or () if all(holds)]
    return table is not None and all(bound and sp.expand(flat.xreplace({x: at})) == 0 for bound, at in both)



def _unmerged(rows: list, scope=None) -> list:
    """``rows`` (value, condition) with each case on an equality that meets no other case moved beside cases of other
    values: SymPy merges neighbouring cases of one value, and ``0 & x = 0`` before ``0 & x < 0`` became ``0 & x \\le 0``,
    a boundary no longer asserted (a wrong 0 at x = 0 was proved).  The other cases keep their order, unless they
    meet nowhere (then any order reads alike)."""
    def lone(k: int) -> bool:
        c = rows[k][1]
        return k < len(rows) - 1 and isinstance(c, Cond) and isinstance(c.rel, sp.Eq) and \
            _last_apart([r[1].rel for j, r in enumerate(rows) if j != k and isinstance(r[1], Cond)] + [c.rel], scope)
    eqs = [rows[k] for k in range(len(rows)) if lone(k)]
    if not eqs:
        return rows
    others = [r for r in rows if not any(r is e for e in eqs)]
    orders = [others]
    if all(isinstance(c, Cond) for _, c in others[:-1]) and len(others) > 2 and \
            all(_last_apart([others[j][1].rel, others[k][1].rel], scope)
                for j in range(len(others) - 1) for k in range(j + 1, len(others) - 1)):
        orders += [[*others[k:-1], *others[:k], others[-1]] for k in range(1, len(others) - 1)]
    for order in orders:
        placed = list(order)
        for eq in eqs:
            spot = next((p for p in range(len(placed)) if placed[p][0] != eq[0]
                         and (p == 0 or placed[p - 1][0] != eq[0])), None)
            if spot is None:
                break
            placed.insert(spot, eq)
        else:
            return placed
    return rows


def _last_apart(rels: list, scope=None) -> bool:
    """True when no value meets both the last condition and one above it (z = 0 below z > 0 and z < 0; x = δ below
    |x| < δ and x > δ, given δ > 0 in ``scope``)."""
    if _trichotomy(rels) or len(rels) == 2 and getattr(rels[0], "negated", None) == rels[1]:
        return True
    sets = _intervals(rels, scope)
    if sets is not None and sp.Intersection(sets[-1], sp.Union(*sets[:-1])) is sp.S.EmptySet:
        return True
    # SymPy's sets cannot order clip's ε and 1 − ε given ε < 1/2: the points between the bounds can
    table = _sampled(rels, scope)
    return table is not None and not any(holds[-1] and any(holds[:-1]) for _, holds, _ in table)


def _intervals(rels: list, scope=None) -> list | None:
    """Each condition's set of values, for conditions on one scalar, each linear in it or in its absolute value
    (|x| \\le 1); else None.  Other scalars may appear where the givens of ``scope`` fix their signs: Huber's
    r > δ, −δ ≤ r ≤ δ, r < −δ, given δ > 0; the scalar may be an entry, x_j."""
    found = _case_variable(rels, scope)
    if found is None:
        return None
    x, replace, _ = found

    def interval(r):
        if isinstance(r, sp.And):
            return sp.Intersection(*[interval(a) for a in r.args])
        if not isinstance(r, (sp.Eq, sp.Lt, sp.Le, sp.Gt, sp.Ge)) or not _linear_or_abs(r.lhs - r.rhs, x):
            raise ValueError(r)
        solved = sp.solveset(r, x, sp.S.Reals)
        if not isinstance(solved, (sp.Interval, sp.Union, sp.FiniteSet)) and solved is not sp.S.EmptySet:
            raise ValueError(r)
        return solved
    try:
        return [interval(r.xreplace(replace)) for r in rels]
    except (ValueError, sp.PolynomialError):
        return None


def _given_values(rels: list, scope=None) -> sp.Set | None:
    """The values the file's givens (``x \\ge 0``, ``x_i > 0``) allow the one scalar cases' conditions are on, read as
    ``_intervals`` reads them; None where no given bounds it alone."""
    found = _case_variable(rels, scope) if scope is not None else None
    if found is None:
        return None
    x, replace, written = found
    allowed = None
    for d, strict in [(d, True) for d in scope.exceeding] + [(d, False) for d in scope.at_least]:
        if isinstance(written, sp.Indexed):  # a given on every entry, x_i \ge 0, read at the cases' entry x_j
            d = d.xreplace({a: written for a in d.atoms(sp.Indexed) if a.base == written.base
                            and all(isinstance(i, sp.Symbol) for i in a.indices)})
        d = d.xreplace(replace)
        if d.free_symbols != {x} or not (_linear_or_abs(d, x) or d.is_polynomial(x) and sp.degree(d, x) <= 2):
            continue
        try:
            solved = sp.solveset(d > 0 if strict else d >= 0, x, sp.S.Reals)
        except (ValueError, TypeError, NotImplementedError):
            continue
        allowed = solved if allowed is None else sp.Intersection(allowed, solved)
    if known_nonnegative(written, scope):  # 1 & a > 0 \\ 0 & a = 0 where a = relu(z) (or |u|, e^u) is never negative
        allowed = sp.Interval(0, sp.oo) if allowed is None else sp.Intersection(allowed, sp.Interval(0, sp.oo))
    return allowed


def _case_variable(rels: list, scope=None) -> tuple[sp.Symbol, dict, Expr] | None:
    """``(x, replace, written)``: the one scalar cases' conditions are on (a real symbol standing for an entry x_j),
    what to replace in them to read them in x (each entry by its symbol, each other scalar by a symbol of the sign the
    givens of ``scope`` fix for it), and x as written; None when that is not one scalar (two unsigned ones, an index)."""
    if not all(isinstance(r, sp.Basic) for r in rels):
        return None
    entries = sorted(set().union(*(r.atoms(sp.Indexed) for r in rels)), key=sp.default_sort_key)
    # Symbols, not Dummies: every call names them alike, so what one call reads another can substitute in
    replace: dict = {e: sp.Symbol(f"{e}·", real=True) for e in entries}
    back = {v: k for k, v in replace.items()}
    names = sorted(set().union(*(r.xreplace(replace).free_symbols for r in rels)), key=sp.default_sort_key)
    if not names or any(not isinstance(s, sp.Symbol) or s.is_integer for s in names):
        return None  # an index compared (i > j): no scalar's values
    if len(names) == 1:
        return names[0], replace, back.get(names[0], names[0])
    free = []
    for s in names:
        written = back.get(s, s)
        if scope is not None and known_positive(written, scope):
            replace[written] = sp.Symbol(f"{written}·", positive=True)
        elif scope is not None and known_positive(-written, scope):
            replace[written] = sp.Symbol(f"{written}·", negative=True)
        else:
            free.append(s)
    read = [s for s in free if all(s in r.xreplace(replace).free_symbols for r in rels)] if len(free) > 1 else free
    bounds = [back.get(s, s) for s in names if s not in read]
    if len(read) == 1 and len(bounds) > 1 and scope is not None:
        # clip's x < a, a \le x \le b, x > b given a < b: x, read by every condition, is the cases' scalar, and the
        # others are its bounds, each above the one before by an amount > 0 the givens fix (b = a + p, p > 0)
        ordered = sorted(bounds, key=lambda w: (sum(known_positive(w - o, scope) for o in bounds), str(w)))
        if all(known_positive(hi - lo, scope) for lo, hi in zip(ordered, ordered[1:])):
            for lo, hi in zip(ordered, ordered[1:]):
                replace[hi] = replace.get(lo, lo) + sp.Symbol(f"{hi}·", positive=True)
            return read[0], replace, back.get(read[0], read[0])
    return (free[0], replace, back.get(free[0], free[0])) if len(free) == 1 else None


def _linear_or_abs(d: Expr, x: sp.Symbol) -> bool:
    """True for ``d`` linear in ``x``, or linear in the absolute value of an expression linear in ``x``."""
    absolutes = [a for a in d.atoms(sp.Abs) if a.has(x)]
    if not absolutes:
        return sp.Poly(d, x).degree() <= 1
    if len(absolutes) != 1 or sp.Poly(absolutes[0].args[0], x).degree() > 1:
        return False
    t = sp.Dummy("t")
    flat = d.xreplace({absolutes[0]: t})
    return not flat.has(x) and sp.Poly(flat, t).degree() <= 1


#: the relations a condition may use (in brackets, in cases, or beside an equation), by how they are written
RELATIONS = {"=": sp.Eq, r"\ne": sp.Ne, r"\neq": sp.Ne, "<": sp.Lt, r"\lt": sp.Lt, ">": sp.Gt, r"\gt": sp.Gt,
             r"\le": sp.Le, r"\leq": sp.Le, r"\ge": sp.Ge, r"\geq": sp.Ge, r"\leqslant": sp.Le, r"\geqslant": sp.Ge}


def _trichotomy(rels: list) -> bool:
    """True for three relations of which exactly one holds everywhere: u > v, u = v and u < v, in any order."""
    def side(r) -> tuple | None:  # (">" or "=", difference): u < v is v - u > 0
        if isinstance(r, sp.StrictGreaterThan):
            return ">", sp.expand(r.lhs - r.rhs)
        if isinstance(r, sp.StrictLessThan):
            return ">", sp.expand(r.rhs - r.lhs)
        if isinstance(r, sp.Eq):
            return "=", sp.expand(r.lhs - r.rhs)
        return None
    sides = [side(r) for r in rels]
    if len(rels) != 3 or None in sides:
        return False
    above = [d for kind, d in sides if kind == ">"]
    equal = [d for kind, d in sides if kind == "="]
    return len(above) == 2 and len(equal) == 1 and sp.expand(above[0] + above[1]) == 0 \
        and sp.expand(equal[0] - above[0]) * sp.expand(equal[0] + above[0]) == 0


def _as_equality(rel):
    """``u = v`` for ``u \\ge v \\land u \\le v`` (either order, or with the sides swapped), ``|u - v| = 0`` or
    ``(u - v)^2 = 0``; ``u \\ne v`` for ``|u - v| > 0`` or ``(u - v)^2 > 0``; else ``rel``."""
    off = zero_test(rel)
    if off is not None:
        return off
    if not isinstance(rel, sp.And) or len(rel.args) != 2:
        return rel
    gaps = set()
    for r in rel.args:
        if not isinstance(r, (sp.GreaterThan, sp.LessThan)):
            return rel
        gaps.add(sp.expand(r.lhs - r.rhs) * (1 if isinstance(r, sp.GreaterThan) else -1))
    (a, b) = sorted(gaps, key=sp.default_sort_key) if len(gaps) == 2 else (None, None)
    if a is None or sp.expand(a + b) != 0:
        return rel
    r = rel.args[0]
    return sp.Eq(r.lhs, r.rhs)


def _a_row(value) -> bool:
    """True for a row vector (x^\\top): the gradient of one alone is no reading."""
    return isinstance(value, Array) and len(value.shape) == 2 and value.shape[0] == 1


#: a term that opens with a derivative operator, whose reach stops at the next + or −
_OPERATOR_FIRST = re.compile(r"(?:\\nabla|\\partial_|\\frac\{(?:\\partial|d|\\mathrm\{d\})\}\{)")


#: a superscript holding a tag and then a transpose: {(t-1)\top}, {[1]\intercal}, {(0)\mathsf{T}}
_TAG_THEN_TRANSPOSE = re.compile(r"\{(.+?)\s*\^?\s*\{?\s*(\\top|\\intercal|\\mathsf\s*\{?\s*T\s*\}?|T)\s*\}?\s*\}", re.S)


#: an evaluation bar ending a side: \right|_{x=0}, \Big|_{x=1}, |_{x = a} (the subscript holds the point)
_EVALUATION_BAR = re.compile(r"(?:\\(?:right|bigr|Bigr|biggr|Biggr|bigm|Bigm|big|Big|bigg|Bigg)(?![A-Za-z])\s*)?"
                             r"(?<!\\)(?:\||\\vert(?![A-Za-z]))\s*_\s*\{(?P<at>[^{}=]*=[^{}=]*)\}\s*$")
_LEFT_DOT = re.compile(r"\\left\s*\.")


def _restricted(names, quantities) -> bool:
    """True when a definition of ``names`` has a value only somewhere (a log, a root, a power, as written)."""
    return any(c is not sp.true for q in names if q in quantities for c in quantities[q].real_where)


def _may_vanish(below: list, names, var: sp.Symbol, ctx: MathContext) -> bool:
    """True when a denominator as written may be 0 as ``var`` varies: one of ``below`` (the side's own) or of the
    scalar definitions of ``names`` (read again from their text, for their denominators alone; SymPy folded
    x**2/x to x).  A definition that does not read again counts as one that may."""
    quantities = ctx.quantities
    below = list(below)
    for q in sorted(names):
        spec = quantities.get(q)
        if spec is None or spec.definition is None:
            continue
        if spec.shape or not spec.text:
            return True
        try:
            with written_domain(), written_denominators() as found:
                parse_expression(spec.text, ctx.scope)
        except (ParseError, ValueError, TypeError):
            return True
        below += found
    for d in below:
        try:
            d = applied_forms.in_inputs(d, quantities)
        except ValueError:
            return True
        if var in d.free_symbols and not (d.is_positive or d.is_negative):
            return True
    return False


def _evaluated(text: str, ctx: MathContext, read) -> Expr | None:
    """A side ending in an evaluation bar, ``\\left.\\frac{\\partial f}{\\partial x}\\right|_{x=0}``: the derivative's value
    at the point, differentiated first (``read`` reads the side before the bar); None for a side without one.

    Refused unless exact: the bar reaches the whole side (\\left. opening it, or the side one derivative), the point
    is a declared scalar input, and what is evaluated is scalars alone, real-analytic on all of ℝ, so SymPy's
    derivative there is the derivative (relu'(0) is no number)."""
    m = _EVALUATION_BAR.search(text)
    if m is None or text[:m.start()].replace("\\|", "").count("|") % 2:
        return None  # no bar, or one closing |x| (|x|_{…}: not a point)
    body, at = text[:m.start()], m.group("at")
    written = "|_{" + at.strip() + "}"
    lefts = [d.start() for d in _LEFT_DOT.finditer(body)]
    opened = bool(lefts) and not body[:lefts[0]].strip()
    if lefts and (len(lefts) > 1 or not opened) or opened != m.group(0).startswith("\\right"):
        raise cannot(f"the bar {written}", "(it evaluates its whole side: write \\left. at the side's start, or "
                                           "the evaluated derivative alone on its side)")
    if opened:
        body = body[lefts[0] + len(_LEFT_DOT.match(body, lefts[0]).group(0)):]
    var_text, point_text = at.split("=")
    var, point = read(var_text), read(point_text)
    name = var.name if isinstance(var, sp.Symbol) else None
    if name is None or ctx.scope.quantities.get(name) != 0 or name in ctx.defined or not isinstance(point, Expr):
        why = f"{name} is defined; " if name in ctx.defined else f"{name} is not a scalar; " \
            if name in ctx.scope.quantities else ""
        raise cannot(f"the bar {written}", f"({why}the point must name a declared scalar input and its value, as "
                                           f"x = 0)")
    with written_domain() as found, written_denominators() as below:  # as written: SymPy folds (√x)² and x²/x to x
        value = read(body)
    outer = _WRITTEN.get()
    if outer is not None:
        outer += found
    if not opened and not isinstance(value, sp.Derivative):
        raise cannot(f"the bar {written}", "(without \\left. its reach is a guess: bracket what it evaluates, "
                                           "\\left. x \\frac{df}{dx} \\right|_{x=1})")
    if not isinstance(value, Expr) or value.atoms(sp.Indexed) or any(
            not isinstance(v, sp.Symbol) for d in value.atoms(sp.Derivative) for v in d.variables):
        raise cannot(f"the bar {written}", "(a value at a point is read for scalars alone: write the derivative's "
                                           "value)")
    by_defined = sorted({v.name for d in value.atoms(sp.Derivative) for v in d.variables if v.name in ctx.defined})
    if by_defined:  # ∂L/∂z by a defined z: its definition put in, z = w·x is no variable to differentiate by
        raise cannot(f"the bar {written}", f"(a value at a point is read for derivatives by declared inputs, and "
                                           f"{by_defined[0]} is defined: write the derivative's value there)")
    try:
        expanded = applied_forms.in_inputs(value, ctx.quantities)
        used = {str(s) for s in value.free_symbols}
        chain = used | {d for u in used if u in ctx.quantities
                        for d in applied_forms.written_dependencies(u, ctx.quantities)}
        domain = [applied_forms.in_inputs(c, ctx.quantities) for c in found] + [
            applied_forms.in_inputs(c, ctx.quantities) for q in chain if q in ctx.quantities
            for c in ctx.quantities[q].real_where]
    except ValueError as exc:
        raise cannot(f"the bar {written}", f"({exc})") from None
    if any(c is not sp.true and (not isinstance(c, sp.Basic) or var in c.free_symbols and not holds_everywhere(c))
           for c in domain) or _may_vanish(below, chain & set(ctx.quantities), var, ctx):
        raise cannot(f"the bar {written}", "(what it evaluates, as written, has no real value for some "
                                           f"{name} (√, log, a power, a denominator 0): write its value there)")
    # smoothness along the point's variable alone: log σ is a constant along x (and a derivative by σ, taken where it
    # exists as any claim's is, is then put at x = μ as a value)
    along = var
    if expanded.atoms(sp.Indexed) or not all(_analytic(d.expr, along) for d in expanded.atoms(sp.Derivative)):
        raise cannot(f"the bar {written}", "(what it evaluates is not smooth on all of ℝ as written, or reads an "
                                           "array, so its derivative at a point may not exist: write its value "
                                           f"there, or the claim without the bar and \\text{{for }} {var_text.strip()} "
                                           f"= {point_text.strip()} after it)")
    done = expanded.doit() if expanded.has(sp.Derivative) else expanded
    if done.has(sp.Derivative, sp.Subs) or not _analytic(done, along):
        raise cannot(f"the bar {written}", "(what it evaluates is not smooth on all of ℝ as written: write its "
                                           f"value there, or the claim without the bar and \\text{{for }} "
                                           f"{var_text.strip()} = {point_text.strip()} after it)")
    done = done.xreplace({var: point})
    if done.has(sp.I, sp.zoo, sp.oo, sp.nan):
        raise ParseError("the expression has a complex or infinite constant")
    return done


#: a bare letter with digits set right after it, W1 (not \\alpha2 or x_12), or a group set in a font or as text,
#: left as written (\\mathrm{h0} is the name already)
_NUMBERED = re.compile(r"(\\(?:mathrm|mathbf|mathit|mathsf|boldsymbol|bm|text[a-z]*|operatorname|mbox|hbox)\s*\{[^{}]*\})"
                       r"|(?<![\\A-Za-z])([A-Za-z])([0-9]+)(?![0-9])")


def numbered_names(text: str, ctx: MathContext) -> str:
    """``text`` with each ``W1`` that names a declared quantity W1, where the letter W alone names nothing, set as
    ``\\mathrm{W1}`` (the grammar reads W·1: "unknown symbol W", and W1^\\top could not be written); with both
    declared (L and L2) the text is left as written, and the reader refuses it as ambiguous."""
    def named(m: re.Match) -> str:
        if m.group(1):
            return m.group(1)
        letter, name = m.group(2), m.group(0)
        if name not in ctx.scope.quantities and name not in ctx.scope.sizes or letter in ctx.scope.quantities \
                or letter in ctx.scope.sizes or ctx.symbol(letter) is not None:
            return name
        return rf"\mathrm{{{name}}}"
    return _NUMBERED.sub(named, text) if ctx.scope.quantities or ctx.scope.sizes else text


def read_value(text: str, ctx: MathContext, fresh: Fresh | None = None, like: tuple | None = None,
               elsewhere: frozenset[str] | None = None, extended: set | None = None, noticed: Noticed | None = None):
    """One side of an equation, written in LaTeX: a SymPy scalar, or a whole ``Array`` in matrix notation.

    ``fresh`` gives matrix notation its summation indices (by default: names neither ``text`` nor
    the context uses); a caller lowering the array later passes its own, to avoid the same names.
    ``like``: the other side's shape, for an ``I`` or ``\\mathbf{1}`` whose size this side leaves open.
    ``elsewhere``: the indices free in the equation (``\\sum_{j>k}`` sums j alone where k is one; ``\\sum_{i \\ne j}``
    sums the pairs where neither is); None: a side read on its own, where ``\\sum_{j \\ne i}`` excludes a free i.
    ``extended`` receives the indices of sums that took the terms after them (``\\sum_k x_k - x_k z_k``);
    ``noticed`` what the reading noticed for the equation to decide on (``Noticed``).
    """
    if "|" in text or "vert" in text:
        at = _evaluated(text, ctx, lambda part: read_value(part, ctx))
        if at is not None:
            return at
    written = len(text)
    text = numbered_names(prepare(text), ctx)
    tree = parse_tree(text, written)
    b = Builder(text, ctx, fresh or matrices.BoundedFresh(matrices.taken_names(text, declared_names(ctx))))
    b.elsewhere = elsewhere
    try:
        value = b.sizes.finish(b.expr(tree.children[0]), like)
        if extended is not None:
            extended.update(b.extended)
        if noticed is not None:
            noticed.__dict__.update(vars(b.noticed))
        expr = arrays.lower(value, Fresh(()))[0]
    except RecursionError:
        raise ParseError("the math is nested too deeply") from None
    except ParseError:
        raise
    except (TypeError, ValueError, ArithmeticError) as exc:  # SymPy refusing what the grammar allowed
        # an object's repr (an address that differs run to run) is no message: say what kind of thing was refused
        said = re.sub(r"\b\w+\(shape=.*", "a whole vector or matrix where a number belongs (write it entry by entry)",
                      str(exc)) if isinstance(exc, sp.SympifyError) else str(exc)
        raise ParseError(f"cannot build this expression: {said}") from None
    for d in expr.atoms(sp.Derivative):
        for v in d.variables:
            check_variable(v, ctx)
    if expr.has(sp.I, sp.zoo, sp.oo, sp.nan):
        raise ParseError("the expression has a complex or infinite constant")
    for a in sorted(expr.atoms(ArgMaxOf), key=lambda a: len(a.args))[-1:]:  # an arg min first: it names itself
        op, what = ("min", "arg min") if len(a.args) == 2 else ("max", "arg max")
        raise ParseError(f"cannot read \\arg\\{op} here (an {what} is an index: compare it, "
                         f"\\mathbb{{1}}[j = \\arg\\{op}_k z_k] or \\delta_{{j, \\arg\\{op}_k z_k}})")
    return value


def read_math(text: str, ctx: MathContext) -> Expr:
    """One side of an equation, written in LaTeX, as a SymPy expression (one value, not a whole array)."""
    value = read_value(text, ctx)
    if isinstance(value, Array):
        raise ParseError(f"this is a whole array of shape {shape_text(value)} where one value is expected")
    return value


def read_entry(text: str, ctx: MathContext, preferred: str = "ij") -> tuple[Expr, tuple, tuple]:
    """``(entry, indices, shape)``: LaTeX math as one entry at fresh indices (``(value, (), ())`` for a scalar)."""
    fresh = matrices.BoundedFresh(matrices.taken_names(prepare(text), declared_names(ctx)))
    value = read_value(text, ctx, fresh)
    return matrices.lowered(lambda: arrays.lower(value, Fresh(fresh.taken), preferred))


def declared_names(ctx: MathContext) -> set[str]:
    """Every name the context gives a meaning (quantities, sizes, labels)."""
    return {*ctx.scope.quantities, *ctx.scope.sizes, *ctx.labels}


#: every macro the reader gives a meaning to (a document may not redefine these)
KNOWN_MACROS = frozenset(
    {m for m in FUNCTION_MACROS if "{" not in m} | {"\\" + g for g in GREEK} | set(re.findall(
        r"\\[A-Za-z]+", r"\frac \dfrac \tfrac \partial \sum \prod \delta \mathbb \mathbf \boldsymbol \bm \vec \hat "
                         r"\bar \tilde \cdot \times \left \right \sqrt \operatorname \text \mathrm \mathsf \nabla "
                         r"\top \intercal \odot \circ \otimes \ne \neq \le \leq \ge \geq \quad \qquad \big \Big \bigg \Bigg "
                         r"\tag \label \begin \end \lvert \rvert \rm \bf \it \sf \cal "
                         # what the chain reader, the annotations and prepare read or strip (tests/test_documents.py
                         # checks that every macro named in the reader's patterns is here)
                         r"\Biggl \Biggr \bullet \Bigl \Bigm \Bigr \Box \Cref \Vert \approx \arg \argmax \argmin \ast \autoref "
                         r"\biggl \biggr \bigl \bigm \bigr \blacksquare \boxed \breve \cdots \check \checkmark \cite "
                         r"\color \cref \dagger \ddagger \ddot \displaystyle \dot \dots \dotsc \eqref \forall \geqq "
                         r"\geqslant \gt \hskip \hspace \mkern \mspace \allowdisplaybreaks \iff \implies \in \intertext \lVert "
                         r"\land \langle \ldots \leqq "
                         r"\leqslant \limits \lor \lt \mathcal \mathit \mathnormal \mathop \mbox \mid \middle \mp "
                         r"\nolimits \nonumber \not \notag \notin \over \overbrace \overline \overset \pageref \pm \pmb \qed "
                         r"\rVert \rangle \ref \scriptstyle \shortintertext \sim \square \star \substack \textbf "
                         r"\textcolor \textit \textnormal \textrm \textstyle \underbrace \underset \vee \wedge "
                         r"\widehat \widetilde \binom \phantom \hbox \vspace \mathbin \mathrel \wedge \to "
                         r"\rightarrow \Rightarrow \Longrightarrow \Leftrightarrow \Longleftrightarrow \leftarrow "
                         r"\gets \mapsto \longrightarrow \lesssim \gtrsim \prec \succ \propto \equiv \simeq \subset "
                         r"\subseteq \ll \gg \cong \doteq \because \therefore \quad \qquad \exists \infty \ell \prime "
                         r"\vert \cdotp \colon \operatornamewithlimits \DeclareMathOperator \stackrel \fbox \framebox "
                         r"\colorbox \bbox \smash \vphantom \hphantom \mathstrut \strut \newline \left \right "
                         # the chain reader's relations and what prepare strips, written in raw strings
                         r"\coloneqq \eqqcolon \Coloneqq \eqcolon \Eqqcolon \Coloneq \qedhere \displaybreak \prime \ensuremath \triangleq "
                         r"\ddots \vdots \div \int \lim \lnot \neg \preceq \succeq \asymp "
                         r"\lessapprox \gtrapprox \nleq \ngeq \nless \ngtr \lessgtr \gtrless")))
