"""The pieces the LaTeX reader works with: its context, the markers of a product, small builders.

A product such as ``\\partial L / \\partial z_j`` or ``\\exp z_i`` is read as a row of pieces:
values, and markers (a function head, a ``\\partial``…) that combine with their neighbours.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

import sympy as sp
from sympy import Expr, Symbol

from ..algebra.bigops import LargestAt, MaxOver
from ..language import arrays
from ..language.arrays import Array
from ..language.table import by_name
from ..verify.parser import MAX_NUMBER, ParseError, Scope
from .grammar import GREEK
from .macros import FUNCTION_MACROS, UPRIGHT

#: Decorations that leave the letter's meaning alone (``\mathbf{x}`` is ``x``).
PLAIN_ACCENTS = frozenset({"mathbf", "boldsymbol", "bm", "vec", "mathit", "mathnormal", "pmb", "mathrm"})
TRANSPOSE = frozenset({r"\top", r"\intercal", "T", r"\mathsf{T}", r"\mathrm{T}", r"\mathbf{T}", r"\mathit{T}"})
#: matrix macros that are only right in one place, each with where that is
MATRIX_MACROS = {r"\top": "(a transpose is a superscript: x^\\top)",
                 r"\intercal": "(a transpose is a superscript: x^\\intercal)",
                 r"\nabla": "(write the variable as a subscript: \\nabla_W L)"}
SUPPORTED = (r"\frac \dfrac \tfrac \partial \nabla \sum \prod \delta_{ij} \mathbb{1}[...] \cdot \times \odot \circ \otimes "
             r"^\top \sqrt "
             r"\left \right \hat \mathbf \boldsymbol \bm \vec \text \pi e^{...} Greek letters "
             + " ".join(sorted(m for m in FUNCTION_MACROS if m not in UPRIGHT or m == r"\mathrm{erf}"))
             + r" (each \operatorname{…} also as \mathrm{…} or \text{…})")


def cannot(what: str, why: str = "") -> ParseError:
    """The reader's one error shape: ``cannot read WHAT (…)``."""
    return ParseError(f"cannot read {what} " + (why or f"(supported: {SUPPORTED})"))


@dataclass(frozen=True)
class MathContext:
    """What names in a document's math mean: the context's quantities, sizes, symbols, labels."""

    scope: Scope
    shapes: Mapping[str, tuple]
    symbols: Mapping[str, str] = field(default_factory=dict)
    #: the quantities the block defines (not inputs): ``J(\\theta)`` names the defined J
    defined: frozenset = frozenset()
    #: the block's quantities by name (``QuantitySpec``: shape, definition, real_where): what ``p(w)`` means
    #: depends on what p is defined in (``derive.documents.applied``)
    quantities: Mapping = field(default_factory=dict)
    #: each scalar written with a list of arguments (an input ``l(y, \\hat{y})``, a quantity of several inputs
    #: ``g(x, y)``) and that list as first written: it is one value, so at another list (``g(y, x)``) it would be
    #: a function derive does not have (refused)
    argument_lists: dict = field(default_factory=dict, compare=False)
    #: each defined quantity read, in order, for ``A \\implies B``: a premise that reads none is a hypothesis
    defined_read: list = field(default_factory=list, compare=False)
    #: each label's name and the range its values run over (``y`` → C): a sum's index that meets one only in a
    #: delta or an indicator runs over it, as in a file's claims
    label_ranges: Mapping[str, Expr] = field(default_factory=dict)

    @property
    def labels(self) -> Mapping[str, tuple]:
        """Integer labels (issue 11's ``[labels]``), when the scope has them."""
        return getattr(self.scope, "labels", None) or {}

    def symbol(self, written: str) -> str | None:
        """The quantity ``[symbols]`` maps ``written`` to, bold or not (``\\hat{\\mathbf{y}}`` as ``\\hat{y}``)."""
        if not self.symbols:
            return None
        return self.symbols.get(written) or self.symbols.get(bold_free(written))


#: Bold type leaves a letter's meaning alone: \mathbf{y}, \boldsymbol{\theta}, \bm y read as y.
_BOLD = re.compile(r"\\(?:mathbf|boldsymbol|bm|pmb)\s*(?:\{((?:[^{}]|\{[^{}]*\})*)\}|(\\[A-Za-z]+|[A-Za-z0-9]))")


def bold_free(written: str) -> str:
    """``written`` without bold type and spaces: the form ``[symbols]`` keys are compared in."""
    text = re.sub(r"\s+", "", written)
    for _ in range(4):  # nested bold is rare; bounded all the same
        new = _BOLD.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), text)
        if new == text:
            break
        text = new
    return text


# -- markers: pieces of a product that are not values on their own ----------------------------
@dataclass
class Func:
    """A function head (``\\exp``) waiting for its argument."""
    construct: str
    macro: str
    power: int = 1  # \tanh^2(x) is tanh(x)²
    order: int = 0  # \sigma'(x) is σ's first derivative at x
    base: int = 0  # \log_2 x is ln x / ln 2 (0: the function itself)


@dataclass
class Partial:
    """``\\partial`` (or ``d``) with its order, waiting for what it differentiates."""
    order: int = 1
    #: written d (or \\mathrm{d}): the total derivative to a writer who also writes ∂ (``documents.load``)
    total: bool = False


@dataclass
class PartialOf:
    """``\\partial X``: one side of a derivative written with ``/`` or in a fraction."""
    expr: Expr
    order: int = 1
    total: bool = False


@dataclass
class DiffOp:
    """``\\frac{\\partial}{\\partial x}``, ``\\nabla_x`` or ``\\partial_x``: applies to what follows."""
    variables: tuple
    #: written ``\nabla_x`` or ``\partial_x``: a gradient, so only of a scalar (of a vector, Jacobian or its transpose?)
    nabla: bool = False
    #: the macro as written, for messages
    macro: str = r"\nabla"
    #: "d" for \\frac{d}{dx}, "∂" for \\frac{\\partial}{\\partial x} or \\partial_x, "" for \\nabla_x
    kind: str = ""


@dataclass
class PrimedScalar:
    """``J'``: the derivative of a scalar the block defines, waiting for what it is taken by (``J'(\\theta)``)."""
    scalar: Expr
    order: int = 1
    #: as written, for messages
    written: str = ""


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
    #: written alone in square brackets: Iverson's ``[j = c]``, the indicator of the condition
    iverson: bool = False
    #: written in braces, ``\{y = k\}``: after a bare 1 (or ``\mathbf{1}``) CS229's indicator ``1\{y = k\}``
    braced: bool = False


@dataclass
class Powered:
    """``(a)^2`` right after a function head: ``\\sigma(z)^2`` is ``σ(z)²``, not ``σ(z²)``; likewise
    ``\\operatorname{diag}(s)^\\top`` transposes the diagonal matrix, not s."""
    base: Expr
    exp: Expr
    transposed: bool = False


@dataclass
class VecEntry:
    """``(z)_i`` with ``z`` a vector quantity, or ``(s / \\tau)_i`` of a vector ``array``: the argument of
    ``\\operatorname{softmax}``, else the entry itself."""
    name: str
    idx: Expr
    array: object = None


@dataclass
class ResultEntry:
    """``(p)_{ij}`` right after an array function's head (``\\operatorname{diag}(p)_{ij}``): the subscript indexes the
    function's value, as it is set after the closing bracket; ``value`` the bracket's content, ``sub`` its subscript,
    ``transposed`` for ``^\\top_{ij}``."""
    value: object
    sub: object
    transposed: bool = False


#: Control words TeX prints as one letter-like symbol: a quantity of that name may be written so (\sigma, \ell); any
#: other, \y or \n, is no macro TeX knows, never the quantity y or the size n.
NAMED_SYMBOLS = GREEK | frozenset("ell hbar imath jmath aleph beth wp eth".split())


def number(text: str) -> Expr:
    """A decimal literal as an exact rational, within the file format's bounds."""
    if len(text) > 40:
        raise ParseError(f"number {text[:20]}… is too long")
    frac = Fraction(text)
    if abs(frac) > MAX_NUMBER or (frac and abs(frac) < Fraction(1, MAX_NUMBER)):
        raise ParseError(f"number {text} is out of range (magnitude must be within 1e-9 .. 1e9)")
    return sp.Rational(frac.numerator, frac.denominator)


class ArgMaxOf(sp.Function):
    """arg max_k f(k) as a note writes it, holding max_k f(k): an index, only ever compared with one.

    ``𝟙[j = \\arg\\max_k f(k)]`` is ``LargestAt(max_k f(k), j)`` (``indicator``), 1 where the maximum
    is attained at j; anywhere else an arg max (which ties leave without a value) is refused.  An arg min
    holds the maximum of the negated terms and a second argument, 1, so that a refusal names it as written.
    """

    nargs = (1, 2)
    is_integer = True


def largest_of(m: Expr) -> Expr:
    """The maximum arg max reads off ``m`` (max_k (z_k + c) is max_k z_k + c: the place is the same)."""
    found = sorted(m.atoms(MaxOver), key=sp.default_sort_key) if isinstance(m, Expr) else []
    if len(found) != 1 or not (isinstance(m, MaxOver) or m.is_Add or m.is_Mul):
        raise ParseError("cannot read \\arg\\max (its terms do not depend on its index: every place ties)")
    return found[0]


def indicator(rel) -> Expr:
    """``\\mathbb{1}[cond]``: a Kronecker delta for (in)equality of indices, ``LargestAt`` for j = arg max, else a Piecewise."""
    if isinstance(rel, Array):
        return arrays.entrywise(indicator, [rel], r"\mathbb{1}")
    if isinstance(rel, (sp.Eq, sp.KroneckerDelta)) and rel.has(ArgMaxOf):
        a, b = rel.args[:2]
        for one, other in ((a, b), (b, a)):
            if isinstance(one, ArgMaxOf) and not other.has(ArgMaxOf) and other.is_integer:
                return LargestAt(one.args[0], other)
    return by_name("where").build(rel, sp.Integer(1), sp.Integer(0))  # one reading, the file format's


def check_variable(var, ctx: MathContext):
    """What ∂ may be taken by: an entry of a quantity, a scalar quantity, or a whole vector or matrix quantity."""
    if isinstance(var, Array) and (var.quantity or arrays.slice_of(var)) in ctx.scope.quantities:
        return var
    if isinstance(var, sp.Indexed) and str(var.base) in ctx.scope.quantities:
        return var
    if isinstance(var, Symbol) and var.name in ctx.scope.quantities and not ctx.scope.quantities[var.name]:
        return var
    if isinstance(var, (sp.Mul, sp.Pow)) and var.free_symbols and all(
            isinstance(s, Symbol) and s.name in ctx.scope.quantities for s in var.free_symbols):
        # PDE texts' \partial_{xx} f, \partial_{xy} f: the letters read as a product
        raise ParseError("a subscript of several letters (\\partial_{xy} f) is not read as a second derivative: write "
                         "\\partial_x \\partial_y f, \\partial_x^2 f or \\frac{\\partial^2 f}{\\partial x \\partial y}")
    raise ParseError("a derivative must be taken by a quantity or an entry of one, like \\partial W_{jk}")


def derivative(expr, variables: tuple):
    """Nested unevaluated ``Derivative``s, innermost first (the shared contract's form); by or of a whole
    array, the array of them (the gradient of W's shape, the Jacobian ∂s_i/∂z_j)."""
    for v in variables:
        if isinstance(v, Array) and not (v.quantity or arrays.slice_of(v)):
            raise ParseError("a derivative must be taken by a quantity or an entry of one, like \\partial W "
                             "or \\partial W_{jk}")
        if isinstance(v, Array) or isinstance(expr, Array):
            expr = arrays.derivative(expr, v, r"\partial")
            continue
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
