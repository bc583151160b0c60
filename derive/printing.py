"""Printers for derivation expressions: one-line Unicode text, LaTeX, and plain SymPy syntax.

Following SymPy's own printers, each target is a printer class with ``_print_<Class>``
methods; nothing here builds mathematics by string concatenation of sub-results other
than what those methods return.  Index notation is printed as a textbook writes it:
``W_jk``, ``δ_ij``, ``∂L/∂W_jk``, and explicit entries in the declared case (``W12``, ``W_{12}``).
"""
from __future__ import annotations

import copy
import functools
import itertools
import re

import sympy as sp
from sympy import Basic
from sympy.printing.conventions import split_super_sub
from sympy.printing.latex import LatexPrinter, greek_letters_set, tex_greek_dictionary, translate
from sympy.printing.pretty.pretty_symbology import greek_unicode
from sympy.printing.str import StrPrinter

from .language import by_name, for_class, notation_of

from .elision import Elided, elide
from .algebra.bigops import MaxOver, is_negated
from .algebra.comparisons import signs_apart
from .algebra.names import is_index
from .indexnames import readable

_SUPERSCRIPT_T = "ᵀ"


def _index_text(indices, sep: str = "") -> str:
    parts = [str(i) for i in indices]
    # an offset, x_(i+k-1), is bracketed: else it reads as x_i + k − 1
    if any(getattr(i, "is_Add", False) or getattr(i, "is_Mul", False) for i in indices):
        return "(" + ",".join(p.replace(" ", "") for p in parts) + ")"
    if all(len(p) == 1 for p in parts):
        return sep.join(parts) if not sep else "".join(parts)
    return ",".join(parts)


def entry_digits(indices) -> str | None:
    """The subscript of an explicit entry, ``12`` for ``W[1, 2]`` (``10,2`` past 9), or None if not explicit."""
    if not all(getattr(i, "is_Integer", False) for i in indices):
        return None
    digits = [str(int(i)) for i in indices]
    return "".join(digits) if all(len(d) == 1 for d in digits) else ",".join(digits)


def entry_name(base: str, indices) -> str | None:
    """Text name of an explicit entry (``W[1, 2]`` → ``W12``, ``a[1]`` → ``a1``), or None if not explicit.

    The declared case is kept: a model with both ``W`` and ``w`` must not print the same names,
    and the general derivation's ``W_jk`` reads on as ``W12``.
    """
    digits = entry_digits(indices)
    return None if digits is None else f"{base}{digits.replace(',', '_')}"


# No quantity can be called this: names from files are ASCII identifiers, so the text replace is safe.
_ARG_NAME = "⟪argument⟫"
_ARG = sp.Symbol(_ARG_NAME)


#: Greek letter names shown as the letter; SymPy's own spelling ``lamda`` is not one (it prints as written).
GREEK_NAMES = frozenset((greek_letters_set - {"lamda"}) | set(tex_greek_dictionary)) - {"lamda", "Lamda"}

def shown_factors(expr) -> tuple | None:
    """The factors of a product kept unmultiplied for the reader, in the order written; else None.

    The engine builds ``(∂L/∂s_i)·(∂s_i/∂z_j)`` with ``evaluate=False`` so the cancellation can
    be a step of its own; SymPy flattens every product it evaluates, so a product with a product
    among its factors is one of those.
    """
    if isinstance(expr, sp.Mul) and any(isinstance(a, sp.Mul) for a in expr.args):
        return expr.args
    return None


def _needs_fence(factor, first: bool) -> bool:
    """A factor of a shown product goes in brackets when it is a sum, or a quotient not last."""
    if isinstance(factor, sp.Add):
        return True
    if first and isinstance(factor, sp.Mul):
        return any(f.is_Pow and f.exp.is_negative for f in factor.args) or factor.could_extract_minus_sign()
    return False


def _numbered(expr) -> dict:
    """Written-out entries (``z[10]``) mapped to stand-ins whose names sort as numbers (``z[0010]``)."""
    out = {}
    for ind in expr.atoms(sp.Indexed):
        if ind.indices and all(getattr(i, "is_Integer", False) for i in ind.indices):
            out[ind] = sp.Symbol(f"{ind.base}[{','.join(f'{int(i):06d}' for i in ind.indices)}]")
    # One-digit entries already sort as numbers do: nothing to reorder (the common n = 3 case).
    return out if any(int(i) >= 10 for ind in out for i in ind.indices) else {}


class LeastOver(sp.Sum):
    """min_k f, which derive holds as −max_k (−f) (``MaxOver``): printed as the minimum its writer wrote."""


def _least(e) -> Basic | None:
    """``c·max_k (−f)`` with c < 0 as ``(−c)·min_k f``, else None."""
    if type(e) is not sp.Mul or shown_factors(e) is not None:
        return None
    coeff, rest = e.as_coeff_Mul()
    if not coeff.is_negative or not isinstance(rest, MaxOver) or len(rest.limits) != 1 \
            or not is_negated(rest.function):
        return None
    return sp.Mul(-coeff, LeastOver(-rest.function, *rest.limits), evaluate=False) if coeff != -1 \
        else LeastOver(-rest.function, *rest.limits)


def minima(expr: Basic) -> Basic:
    """``expr`` with each −max_k (−f) written as min_k f, so that a − min_k z_k prints as it was written."""
    if not isinstance(expr, Basic) or not expr.has(MaxOver):
        return expr
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(minima)
    if isinstance(expr, (sp.Eq, sp.Tuple)):  # rebuilt unevaluated, as ``logs_last`` rebuilds them
        args = [minima(a) for a in expr.args]
        return sp.Eq(*args, evaluate=False) if isinstance(expr, sp.Eq) else sp.Tuple(*args)
    return expr.replace(lambda e: _least(e) is not None, _least)


def prepared(expr: Basic) -> Basic:
    """``expr`` as every printer writes it: indices named (``readable``), long runs elided, logarithms last.

    A report prints each expression in three formats, and many more than once: the rewrite is
    computed once per expression (printing is a pure function of the expression).
    """
    try:
        hash(expr)
    except TypeError:  # a mutable matrix is not hashable
        return elide(logs_last(minima(readable(expr))))
    return _prepared(expr)


@functools.lru_cache(maxsize=4096)
def _prepared(expr: Basic) -> Basic:
    return elide(logs_last(minima(readable(expr))))


def case_rows(expr: sp.Piecewise) -> list[tuple[Basic, Basic]]:
    """``(value, condition)`` of each case, a case's "else" that holds cases of its own read on as rows
    (where(x = 0, a², where(x > 0, 1, a)) is three rows); the last condition ``True``, or the last case's.  A case
    counts where no case above it holds, so each row's condition says so (x > -1 after x > 1: -1 < x ≤ 1)."""
    rows, e = [], expr
    while isinstance(e, sp.Piecewise):
        *first, last = e.args
        rows += [(c.expr, c.cond) for c in first]
        if last.cond != sp.true:
            rows.append((last.expr, last.cond))
            break
        e = last.expr
    else:
        rows.append((e, sp.true))
    return [(v, c if c == sp.true else _exclusive(c, [p for _, p in rows[:n]])) for n, (v, c) in enumerate(rows)]


def _exclusive(cond: Basic, above: list) -> Basic:
    """``cond`` where none of ``above`` holds, as written when none of them can hold with it (x < 0 after x > 0 and
    y < -2), else with their negations, as one interval when it reads one real value."""
    meeting = [a for a in above if not _apart(cond, a)]
    if not meeting:
        return cond
    both = sp.And(cond, *[sp.Not(a) for a in meeting])
    single = _one_real(both)
    if single is not None:
        x, stand = single
        try:
            return both.xreplace(stand).as_set().as_relational(x).xreplace({d: e for e, d in stand.items()})
        except (NotImplementedError, TypeError, ValueError):
            pass
    return both


def _one_real(cond: Basic) -> tuple | None:
    """``(x, stand-ins)`` when ``cond`` reads one real value (an entry x_i standing as one), else None."""
    stand = {e: sp.Dummy(real=True) for e in cond.atoms(sp.Indexed)}
    found = [s for s in cond.xreplace(stand).free_symbols if not s.is_integer]
    return (found[0], stand) if len(found) == 1 and found[0].is_real else None


def _apart(a: Basic, b: Basic) -> bool:
    """True when ``a`` and ``b`` cannot both hold: each other's negation or comparisons of one difference on opposite
    sides (x = y beside x > y, t < -k beside -k ≤ t), for a conjunct of either, or disjoint sets of one real value."""
    for p in sp.And.make_args(a):
        for q in sp.And.make_args(b):
            if getattr(p, "negated", None) == q or signs_apart(p, q):
                return True
    single = _one_real(sp.And(a, b))
    if single is not None:
        x, stand = single
        try:
            return (a.xreplace(stand).as_set() & b.xreplace(stand).as_set()) is sp.S.EmptySet
        except (NotImplementedError, TypeError, ValueError):
            return False
    return False


class NaturalOrder:
    """Printer mixin: terms with written-out entries in numeric order, e^(z1) + e^(z2) + … + e^(z10).

    SymPy orders such terms by their text, which puts z10 before z2.
    """

    def _as_ordered_terms(self, expr, order=None):
        if any(isinstance(a, Elided) for a in expr.args):
            return list(expr.args)  # an elided sum is already in reading order: first, second, ⋯, last
        terms = super()._as_ordered_terms(expr, order=order)
        stand_in = _numbered(expr) if isinstance(expr, sp.Add) else {}
        if len(terms) < 2 or not stand_in:
            return terms
        keyed = {t.xreplace(stand_in): t for t in terms}
        if len(keyed) != len(terms):
            return terms
        ordered = super()._as_ordered_terms(sp.Add(*keyed), order=order)
        if len(ordered) != len(keyed) or any(t not in keyed for t in ordered):
            return terms  # the stand-ins made SymPy combine or rewrite terms: keep its own order
        return [keyed[t] for t in ordered]


class EntrySum(sp.Function):
    """``Σ_i v_i``, the scalar ``vᵀ 1`` of a matrix product, printed as the sum a reader writes."""

    nargs = 1


def sums_of_entries(mats) -> list:
    """Matrix factors with each ``vᵀ 1`` (or ``1ᵀ v``) pair replaced by ``EntrySum(v)``, those first.

    A sum is a number, written in front as a reader does: ``(Σ_i y_i) s``, though the matrix form
    multiplies the column from the right (``s yᵀ 1``: the product of matrices that is defined).
    """
    out, n = [], 0
    while n < len(mats):
        a, b = mats[n], mats[n + 1] if n + 1 < len(mats) else None
        if isinstance(a, sp.Transpose) and isinstance(a.arg, sp.MatrixSymbol) and a.arg.shape[1] == 1 \
                and isinstance(b, sp.OneMatrix) and b.shape[1] == 1:
            out.append(EntrySum(a.arg))
            n += 2
        elif isinstance(a, sp.OneMatrix) and a.shape[0] == 1 and isinstance(b, sp.MatrixSymbol) and b.shape[1] == 1:
            out.append(EntrySum(b))
            n += 2
        else:
            out.append(a)
            n += 1
    return [a for a in out if isinstance(a, EntrySum)] + [a for a in out if not isinstance(a, EntrySum)]


def _entry_sum(v) -> sp.Sum:
    """``Σ_i v_i`` for the column vector ``v`` (a matrix symbol) of ``EntrySum``."""
    i = sp.Symbol("i", integer=True)
    return sp.Sum(sp.IndexedBase(str(v.name))[i], (i, 1, v.shape[0]))


class LogLast(sp.Mul):
    """A product printed with its logarithms last, ``y_i ln s_i``, as the tutorial writes the loss."""


def _is_log(f) -> bool:
    return isinstance(f, sp.log)


def logs_last(expr: Basic) -> Basic:
    """``expr`` with every product of a logarithm and other factors marked to print the logarithm last."""
    if not isinstance(expr, Basic) or not expr.has(sp.log):
        return expr

    def mark(e):
        if type(e) is not sp.Mul or shown_factors(e) is not None:
            return e
        logs = [f for f in e.args if _is_log(f)]
        rest = [f for f in e.args if not _is_log(f)]
        if not logs or not rest:
            return e
        coeff, others = sp.Mul(*rest).as_coeff_Mul()
        head = [coeff] if coeff != 1 else []
        return LogLast(*head, others, *logs, evaluate=False)

    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(logs_last)
    if isinstance(expr, (sp.Eq, sp.Tuple)):
        args = [logs_last(a) for a in expr.args]
        return sp.Eq(*args, evaluate=False) if isinstance(expr, sp.Eq) else sp.Tuple(*args)
    return expr.replace(lambda e: type(e) is sp.Mul, mark)


def _log_parts(expr: LogLast) -> tuple[bool, Basic, list]:
    """(negative, the other factors, the logarithms) of a ``LogLast`` product; ``others`` is 1 for −ln P_c."""
    args = list(expr.args)
    negative = args[0] == -1
    if args[0].is_Number:
        coeff = args.pop(0)
        if coeff not in (1, -1):
            args.insert(0, coeff)
    logs = [a for a in args if _is_log(a)]
    others = sp.Mul(*[a for a in args if not _is_log(a)])
    return negative, others, logs


def _bare(arg) -> bool:
    """True where ``ln`` needs no brackets: ``ln s_i``, ``ln x``."""
    return isinstance(arg, (sp.Indexed, sp.Symbol))


def _greek(name: str) -> str:
    """``sigma`` → ``σ``, as the LaTeX printer already does for Greek letter names."""
    return greek_unicode.get(name, name) if name in GREEK_NAMES else name


def keeps_name(name: str) -> bool:
    """True when SymPy's printers show ``name`` as written (a letter or Greek name, digits as a subscript).

    SymPy reads more into names than that: ``xscr`` becomes a script x, ``lamda`` λ,
    ``x_1_2_3`` nested subscripts, ``xhat`` x̂.  Names it would change are printed literally.
    """
    base, sup, sub = split_super_sub(name)
    if sup or "_" in name or not all(s.isdigit() for s in sub):
        return False
    return base in GREEK_NAMES or translate(base) == base


def literal_tex(name: str) -> str:
    """TeX for a name shown exactly as written (underscores escaped; several letters upright-italic)."""
    body = name.replace("_", r"\_")
    return body if len(name) == 1 else rf"\mathit{{{body}}}"


def _apply_elementwise(printer, expr) -> str:
    """``f`` applied entrywise to a matrix, printed as ``f(A)`` rather than as a lambda."""
    lam = expr.function
    body = lam.expr.xreplace({lam.variables[0]: _ARG})
    # The placeholder is a plain symbol; printing then substituting keeps each printer's own style for f.
    return printer._print(body).replace(_ARG_NAME, printer._print(expr.expr))


class TextPrinter(NaturalOrder, StrPrinter):
    """Compact one-line Unicode, for terminals."""

    # Indexed and friends carry their own _sympystr; a private name makes ours win.
    printmethod = "_derive_text"

    def _print(self, expr, **kwargs):
        shown = notation_of(expr) if isinstance(expr, Basic) else None
        if shown is not None:
            return self._print_construct(*shown)
        return super()._print(expr, **kwargs)

    def _print_construct(self, notation, operands) -> str:
        """A construct of the language in the table's notation: ``max(a, b)``, ``H(a)``, ``|a|``."""
        parts = [self._print(a) for a in operands]
        if notation.style == "bars":
            return f"|{parts[0]}|"
        if notation.style == "brackets":
            return f"{notation.text}[{', '.join(parts)}]"
        return f"{notation.text}({', '.join(parts)})"

    def _print_Piecewise(self, expr) -> str:
        # three cases or more as nested where(c, a, where(…)): the file format's reading, first case first
        *first, last = expr.args
        if last.cond != sp.true:
            return self._print_Basic(expr)  # no case for the rest: SymPy's own form
        nested = last.expr
        for c in reversed(first):
            nested = sp.Piecewise((c.expr, c.cond), (nested, True), evaluate=False)
        return self._print(nested)

    def doprint(self, expr):
        # Every format names indices by the same pass, so they agree and never leak a placeholder.
        return super().doprint(prepared(expr))

    def _print_LogLast(self, expr):
        negative, others, logs = _log_parts(expr)
        parts = [self.parenthesize(others, 50)] * (others != 1) + [
            f"ln {self._print(g.args[0])}" if _bare(g.args[0]) else self._print(g) for g in logs]
        return ("-" if negative else "") + "·".join(parts)

    def _print_Elided(self, expr):
        return expr.name

    def _print_Indexed(self, expr):
        name = entry_name(_greek(str(expr.base)), expr.indices)
        if name is not None:
            return name
        return f"{_greek(str(expr.base))}_{_index_text(expr.indices)}"

    def _print_IndexedBase(self, expr):
        return _greek(str(expr.label))

    def _print_Symbol(self, expr):
        # τ as the entries' σ_j: a scalar called tau is shown as its letter too
        return _greek(expr.name)

    def _print_MatrixSymbol(self, expr):
        # The matrix form names σ as the index form does (σ_j), not "sigma".
        return _greek(str(expr.name))

    def _print_MatrixBase(self, expr):
        rows = ["  ".join(self._print(v) for v in expr.row(r)) for r in range(expr.rows)]
        return "[" + "; ".join(rows) + "]"

    _print_ImmutableMatrix = _print_MatrixBase
    _print_ImmutableDenseMatrix = _print_MatrixBase
    _print_MutableDenseMatrix = _print_MatrixBase

    def _print_NDimArray(self, expr):
        if expr.rank() == 1:
            return "[" + ", ".join(self._print(v) for v in expr) + "]"
        # A Jacobian of rank 3 or 4 (∂z/∂W) is mostly zeros: its nonzero entries by position, 1-based.
        from .elision import LIMIT
        shape = expr.shape
        positions = itertools.product(*[range(1, d + 1) for d in shape])
        nonzero = [(pos, v) for pos in positions if (v := expr[tuple(p - 1 for p in pos)]) != 0]
        shown = nonzero if len(nonzero) <= LIMIT else nonzero[:2] + [None] + nonzero[-1:]
        parts = ["…" if e is None else f"({','.join(map(str, e[0]))}): {self._print(e[1])}" for e in shown]
        total = 1
        for d in shape:
            total *= d
        return "{" + "; ".join(parts) + ("; every other entry 0}" if len(nonzero) < total else "}")

    _print_ImmutableDenseNDimArray = _print_NDimArray

    def _print_KroneckerDelta(self, expr):
        # A label's entry prints as an entry (δ_j,t_b), not as SymPy's t[b].
        return f"δ_{_index_text([self._print(a) if isinstance(a, sp.Indexed) else a for a in expr.args])}"

    def _print_MatAdd(self, expr):
        out = ""
        # Positive terms first: (s - y), not (-y + s).
        terms = sorted(expr.args, key=lambda t: self._print(t).startswith("-"))
        for n, term in enumerate(terms):
            s = self._print(term)
            if s.startswith("-"):
                out += f" - {s[1:]}" if n else s
            else:
                out += f" + {s}" if n else s
        return out

    def _print_Derivative(self, expr):
        order = len(expr.variables)
        # ∂²F/∂z_i∂z_j: every variable is printed (a second derivative once read as a first one)
        top = "∂" + {1: "", 2: "²", 3: "³"}.get(order, f"^{order}")
        return f"{top}{self._print(expr.expr)}/" + "".join(f"∂{self._print(v)}" for v in expr.variables)

    def _print_Gradient(self, expr):
        return f"∂{self._print(expr.of)}/∂{self._print(expr.wrt)}"

    def _print_Sum(self, expr, sign: str = "Σ"):
        out = self._print(expr.function)
        if isinstance(expr.function, (sp.Add, sp.Mul)) and len(expr.function.args) > 1:
            out = f"({out})"
        for dmy, lo, hi in expr.limits:
            # Σ_k runs over 1..a size; any other range is written out, so Σ_{j=i+1..n} never reads as Σ_j.
            full = lo == 1 and (hi.is_Symbol and not is_index(hi) or hi.is_Integer)
            out = f"{sign}_{self._print(dmy)} {out}" if full else \
                f"{sign}_({self._print(dmy)}={self._print(lo)}..{self._print(hi)}) {out}"
        return out

    def _print_Product(self, expr):
        return self._print_Sum(expr, "Π")

    def _print_MaxOver(self, expr):
        return self._print_Sum(expr, "max")

    def _print_LeastOver(self, expr):
        return self._print_Sum(expr, "min")

    def _print_Equality(self, expr):
        # 𝟙[i = c], 𝟙[z_j = max_k z_k]: as written, not SymPy's Eq(i, c)
        return f"{self._print(expr.lhs)} = {self._print(expr.rhs)}"

    def _print_Unequality(self, expr):
        return f"{self._print(expr.lhs)} ≠ {self._print(expr.rhs)}"

    def _print_log(self, expr):
        return f"ln({self._print(expr.args[0])})"

    def _print_exp(self, expr):
        return f"e^({self._print(expr.args[0])})"

    def _print_Transpose(self, expr):
        inner = self._print(expr.arg)
        if not isinstance(expr.arg, sp.MatrixSymbol):
            inner = f"({inner})"
        return f"{inner}{_SUPERSCRIPT_T}"

    def _print_MatMul(self, expr):
        coeff, mats = expr.as_coeff_matrices()
        sign = "-" if coeff == -1 else ""
        # (p - y) x: a sum in front of a matrix is bracketed, as the LaTeX and MathML printers do.
        parts = [] if coeff in (1, -1) else [f"({self._print(coeff)})" if isinstance(coeff, sp.Add) else self._print(coeff)]
        for a in sums_of_entries(mats):
            s = self._print(a)
            if isinstance(a, (sp.MatAdd, sp.HadamardProduct)):
                s = f"({s})"
            parts.append(s)
        return sign + " ".join(parts)

    def _print_HadamardProduct(self, expr):
        return " ⊙ ".join(self._paren_mat(a) for a in expr.args)

    def _print_HadamardPower(self, expr):
        # h^∘2, the entry-wise square, as the LaTeX printer's h^{\circ 2} (SymPy's own text is its class name)
        base = self._print(expr.base)
        if not isinstance(expr.base, sp.MatrixSymbol):
            base = f"({base})"
        return f"{base}^∘{self.parenthesize(expr.exp, 100)}"

    def _print_DiagMatrix(self, expr):
        # A matrix form's diag(v) is the file format's diag(v): one spelling, the construct's.
        return f"{by_name('diag').name}({self._print(expr.args[0])})"

    def _print_EntrySum(self, expr):
        return f"({self._print(_entry_sum(expr.args[0]))})"

    def _paren_mat(self, a):
        s = self._print(a)
        return f"({s})" if isinstance(a, (sp.MatAdd, sp.MatMul)) else s

    def _print_OneMatrix(self, expr):
        return "1ᵀ" if expr.shape[0] == 1 else "1"

    def _print_ElementwiseApplyFunction(self, expr):
        return _apply_elementwise(self, expr)

    def _print_Mul(self, expr):
        least = _least(expr)  # −max_k (−f) built while printing (𝟙[z_j = min_k z_k]): min_k f
        if least is not None:
            return self._print(least)
        factors = shown_factors(expr)
        if factors is not None:
            return "·".join(f"({self._print(f)})" if _needs_fence(f, n < len(factors) - 1) else self._print(f)
                            for n, f in enumerate(factors))
        return super()._print_Mul(expr).replace("*", "·")

    def _print_Pow(self, expr, rational=False):
        if isinstance(expr.base, (sp.Sum, sp.Product, MaxOver)):
            # Σ_k e^(z_k)^2 would read as a sum of squares: (Σ_k e^(z_k))^2 (max_k z_k^2 as a maximum of squares).
            base = f"({self._print(expr.base)})"
            if expr.exp.is_Integer and expr.exp < 0:
                return f"1/{base}" + ("" if expr.exp == -1 else f"^{-expr.exp}")
            return f"{base}^{self.parenthesize(expr.exp, 100)}"
        return super()._print_Pow(expr, rational).replace("**", "^")


class DeriveLatexPrinter(NaturalOrder, LatexPrinter):
    """LaTeX in the tutorial's notation: ``W_{jk}``, ``\\delta_{ij}``, ``\\frac{\\partial L}{\\partial W_{jk}}``."""

    printmethod = "_derive_latex"

    def _print(self, expr, **kwargs):
        shown = notation_of(expr) if isinstance(expr, Basic) else None
        if isinstance(expr, sp.Piecewise) and (shown is None or shown[0].style == "call"):
            return self._print_Piecewise(expr)  # cases as notes write them, not where(c, a, b) (an indicator stays 𝟙[c])
        if shown is not None:
            return self._print_construct(*shown, exp=kwargs.get("exp"))
        return super()._print(expr, **kwargs)

    def _print_Piecewise(self, expr) -> str:
        rows = [rf"{self._print(v)} & " + (r"\text{otherwise}" if c == sp.true else rf"\text{{if }} {self._print(c)}")
                for v, c in case_rows(expr)]
        return r"\begin{cases} " + r" \\ ".join(rows) + r" \end{cases}"

    def _needs_mul_brackets(self, expr, first=False, last=False) -> bool:
        # SymPy brackets every Piecewise in a product; the indicator 𝟙[c] carries its own brackets.
        shown = notation_of(expr) if isinstance(expr, Basic) else None
        if shown is not None and shown[0].style == "brackets":
            return False
        return super()._needs_mul_brackets(expr, first=first, last=last)

    def _print_MaxOver(self, expr, op: str = r"\max") -> str:
        body = self._print(expr.function)
        if isinstance(expr.function, sp.Add) or expr.function.could_extract_minus_sign():
            body = rf"\left({body}\right)"  # \max_k -z_k would read as (\max_k) - z_k
        for dmy, lo, hi in expr.limits:
            under = self._print(dmy) if lo == 1 and (hi.is_Symbol or hi.is_Integer) else \
                rf"{self._print(lo)} \le {self._print(dmy)} \le {self._print(hi)}"
            body = rf"{op}_{{{under}}} {body}"
        return body

    def _print_LeastOver(self, expr) -> str:
        return self._print_MaxOver(expr, r"\min")

    def _print_Pow(self, expr, **kwargs) -> str:
        if isinstance(expr.base, MaxOver) and not expr.exp.is_negative:
            # \max_k z_k^{2} reads as a maximum of squares: (\max_k z_k)^2 is bracketed, as SymPy brackets a sum
            return rf"\left({self._print(expr.base)}\right)^{{{self._print(expr.exp)}}}"
        return super()._print_Pow(expr, **kwargs)

    def _print_NumberSymbol(self, expr) -> str:
        # pi and E: this printer's own printmethod hides SymPy's ``_latex``; the table has their TeX.
        c = for_class(type(expr))
        return c.notation.tex if c is not None and c.notation is not None else expr._latex(self)

    def _print_construct(self, notation, operands, exp=None) -> str:
        """A construct in the table's notation: ``\\max\\left(a, b\\right)``, ``H\\left(a\\right)``."""
        parts = ", ".join(self._print(a) for a in operands)
        out = (rf"\left|{parts}\right|" if notation.style == "bars" else rf"{notation.tex}[{parts}]"
               if notation.style == "brackets" else rf"{notation.tex}\left({parts}\right)")
        return f"{out}^{{{exp}}}" if exp else out

    def _print_Symbol(self, expr, style="plain"):
        if keeps_name(expr.name):
            return super()._print_Symbol(expr, style)
        return literal_tex(expr.name)

    def __init__(self, settings=None):
        # A long numerator over a short denominator reads as 1/B (…), as in the matrix form.
        super().__init__({"long_frac_ratio": 2, **(settings or {})})

    def doprint(self, expr):
        return super().doprint(prepared(expr))

    def _print_LogLast(self, expr):
        negative, others, logs = _log_parts(expr)
        parts = [self.parenthesize(others, 50)] * (others != 1) + [
            rf"\ln {self._print(g.args[0])}" if _bare(g.args[0]) else self._print(g) for g in logs]
        return ("- " if negative else "") + " ".join(parts)

    def _print_Elided(self, expr):
        return {"⋯": r"\cdots", "⋮": r"\vdots", "⋱": r"\ddots"}[expr.name]

    def _print_MatrixBase(self, expr):
        # Cells holding a fraction in display style: a softmax entry in text style is too small to read.
        def cell(value):
            tex = self._print(value)
            return r"\displaystyle " + tex if r"\frac" in tex else tex
        rows = [" & ".join(cell(expr[r, c]) for c in range(expr.cols)) for r in range(expr.rows)]
        gap = r" \\[1.2ex] " if any(r"\frac" in row for row in rows) else r" \\ "
        return r"\begin{bmatrix}" + gap.join(rows) + r"\end{bmatrix}"

    _print_ImmutableMatrix = _print_ImmutableDenseMatrix = _print_MutableDenseMatrix = _print_MatrixBase

    def _print_Indexed(self, expr):
        # An explicit entry prints as its general entry does, W_{12} like W_{jk} (W_{10,2} past 9).
        base = self._print(expr.base)
        idx = [self._print(i) for i in expr.indices]
        sep = "" if all(len(str(i)) == 1 for i in expr.indices) else ","
        numbered = re.fullmatch(r"([^_^]+)_\{([0-9]+)\}", base)
        if numbered:  # W1 prints W_{1}: its entries are W_{1,ik}, one subscript (W_{1_{ik}} reads as nested)
            return f"{numbered.group(1)}_{{{numbered.group(2)},{sep.join(idx)}}}"
        if "_" in base.replace(r"\_", "") or "^" in base:
            base = f"{{{base}}}"  # any other subscripted or superscripted base is braced
        return f"{base}_{{{sep.join(idx)}}}"

    def _print_Mul(self, expr):
        least = _least(expr)  # −max_k (−f) built while printing (𝟙[z_j = min_k z_k]): min_k f
        if least is not None:
            return self._print(least)
        factors = shown_factors(expr)
        if factors is None:
            return super()._print_Mul(expr)
        return r" \cdot ".join(rf"\left({self._print(f)}\right)" if _needs_fence(f, n < len(factors) - 1)
                               else self._print(f) for n, f in enumerate(factors))

    def _print_MatMul(self, expr):
        coeff, mats = expr.as_coeff_matrices()
        shown = sums_of_entries(mats)
        if len(shown) == len(mats):
            return super()._print_MatMul(expr)
        sign = "- " if coeff == -1 else ""
        head = [] if coeff in (1, -1) else [self._print(coeff)]
        return sign + " ".join(head + [self.parenthesize(a, 60) if isinstance(a, sp.MatAdd) else self._print(a)
                                       for a in shown])

    def _print_MatAdd(self, expr):
        # Positive terms first, as the text and MathML printers write them: (Σ_i y_i) s − y.
        terms = sorted(expr.args, key=lambda t: t.could_extract_minus_sign())
        out = self._print(terms[0])
        for t in terms[1:]:
            out += f" - {self._print(-t)}" if t.could_extract_minus_sign() else f" + {self._print(t)}"
        return out

    def _print_EntrySum(self, expr):
        return rf"\left({self._print(_entry_sum(expr.args[0]))}\right)"

    def _print_KroneckerDelta(self, expr, exp=None):
        idx = "".join(self._print(a) for a in expr.args) if all(len(str(a)) == 1 for a in expr.args) \
            else ",".join(self._print(a) for a in expr.args)
        out = rf"\delta_{{{idx}}}"
        return f"{out}^{{{exp}}}" if exp else out

    def _print_Derivative(self, expr):
        order = len(expr.variables)
        top = r"\partial" if order == 1 else rf"\partial^{{{order}}}"
        below = " ".join(rf"\partial {self._print(v)}" for v in expr.variables)
        return rf"\frac{{{top} {self._print(expr.expr)}}}{{{below}}}"

    def _print_log(self, expr, exp=None):
        # Always parenthesised: "ln s_i y_i" could be read as ln(s_i y_i).
        out = rf"\ln\left({self._print(expr.args[0])}\right)"
        return f"\\left({out}\\right)^{{{exp}}}" if exp else out

    def _print_OneMatrix(self, expr):
        return r"\mathbf{1}^{\top}" if expr.shape[0] == 1 else r"\mathbf{1}"

    def _print_DiagMatrix(self, expr):
        return rf"{by_name('diag').latex[0]}\left({self._print(expr.args[0])}\right)"

    def _print_ElementwiseApplyFunction(self, expr):
        return _apply_elementwise(self, expr)

    def _print_Gradient(self, expr):
        return rf"\frac{{\partial {self._print(expr.of)}}}{{\partial {self._print(expr.wrt)}}}"


class PlainPrinter(StrPrinter):
    """SymPy syntax, except that the matrix-form left-hand side ``∂L/∂W`` reads ``Derivative(L, W)``."""

    def _print_Gradient(self, expr):
        return f"Derivative({self._print(expr.of)}, {self._print(expr.wrt)})"

    def doprint(self, expr):
        return super().doprint(readable(expr))

    def _print_ElementwiseApplyFunction(self, expr):
        # SymPy's own "Lambda(_x, f(_x)).(A)" is not SymPy syntax; A.applyfunc(…) is, and reads back.
        lam = expr.function
        var, body = lam.variables[0], lam.expr
        if isinstance(body, sp.core.function.Application) and body.args == (var,):
            func = self._print(body.func)
        else:
            taken = {str(s) for s in expr.atoms(sp.Symbol, sp.MatrixSymbol)}
            name = next(c for c in ("t", "u", "v", "w") + tuple(f"t{n}" for n in range(99)) if c not in taken)
            func = self._print(sp.Lambda(sp.Symbol(name), body.xreplace({var: sp.Symbol(name)})))
        return f"{self.parenthesize(expr.expr, 100)}.applyfunc({func})"


_PLAIN = PlainPrinter()
_TEXT = TextPrinter()
_LATEX = DeriveLatexPrinter()


def text(expr: Basic) -> str:
    """One-line Unicode rendering for a terminal."""
    return _TEXT.doprint(expr)


def latex(expr: Basic) -> str:
    """LaTeX rendering in the tutorial's notation."""
    return _LATEX.doprint(expr)


def statement(asm, fmt: str = "plain") -> str:
    """An assumption ``pattern = value`` in one of the formats: plain, text, latex."""
    show = {"plain": plain, "text": text, "latex": latex}[fmt]
    return f"{show(asm.pattern)} = {show(asm.value)}"


def plain(expr: Basic) -> str:
    """Plain SymPy syntax that ``sympy.sympify`` reads back (with ``IndexedBase`` locals)."""
    return _PLAIN.doprint(expr)


class _TextStr:
    """Mixin for ``shown_as_text``: ``str()`` in the terminal notation, otherwise the SymPy class it extends.

    ``repr()`` stays SymPy syntax; equality, hashing, rebuilding (``func``) and pickling are the
    plain class's, so an expression derived from it is plain SymPy again.
    """

    def __str__(self) -> str:
        return text(self)

    @property
    def func(self):
        return type(self).__mro__[2]

    def __eq__(self, other) -> bool:
        return self.func(*self.args) == other

    def __ne__(self, other) -> bool:
        return not self == other

    def __reduce_ex__(self, protocol):
        return shown_as_text, (self.func(*self.args),)


_TEXT_STR_CLASSES: dict[type, type] = {}


def shown_as_text(expr: Basic | None) -> Basic | None:
    """``expr`` whose ``str()`` is ``text(expr)``, as ``derive show`` prints it; equal to ``expr`` in every other way."""
    if expr is None or isinstance(expr, _TextStr):
        return expr
    cls = type(expr)
    shown = _TEXT_STR_CLASSES.get(cls)
    if shown is None:
        # Same name as the SymPy class: printers dispatch on it and the hash includes it.
        shown = type(cls)(cls.__name__, (_TextStr, cls), {"__hash__": cls.__hash__, "__module__": __name__})
        _TEXT_STR_CLASSES[cls] = shown
    out = copy.copy(expr)  # SymPy shares (caches) expressions: the original must keep its class
    out.__class__ = shown
    return out
