"""TeX and one-line text for report mathematics: the core printers plus report notation.

Extends ``derive.printing``'s printers with ℝ^{n×m}, membership, explicit matrices as
``bmatrix`` and equations, so that report templates never assemble mathematics themselves.
"""
from __future__ import annotations

import functools

import sympy as sp
from sympy import Basic, Indexed, Symbol
from sympy.core.function import _coeff_isneg

from derive.printing import GREEK_NAMES, DeriveLatexPrinter, TextPrinter

from sympy.printing.pretty.pretty_symbology import greek_unicode

from .notation import InSpace, RealSpace, Wrapped, shown


def continues_negative(printer, row: Basic) -> bool:
    """True when ``row`` printed by ``printer`` starts with a minus (a continued line then needs no ``+``)."""
    first = printer._as_ordered_terms(row)[0] if isinstance(row, sp.Add) else row
    return _coeff_isneg(first)


def wrapped_whole(expr: Wrapped) -> Basic:
    """The equation a ``Wrapped`` lays out over several lines, as one expression."""
    body = sp.Add(*expr.rows, evaluate=False)
    return sp.Eq(expr.lhs, sp.Mul(expr.coeff, body, evaluate=False) if expr.coeff != 1 else body,
                 evaluate=False)


class ReportLatexPrinter(DeriveLatexPrinter):
    """``DeriveLatexPrinter`` with the report's notation; ``spellings``: quantity -> TeX as a document writes it."""

    _default_settings = {**DeriveLatexPrinter._default_settings, "spellings": {}}

    def _print_Symbol(self, expr, style="plain"):
        spelled = self._settings["spellings"].get(expr.name)
        if spelled is not None:
            return spelled
        return super()._print_Symbol(shown(expr), style)

    def _print_Indexed(self, expr):
        out = super()._print_Indexed(expr)
        spelled = self._settings["spellings"].get(str(expr.base.label), "")
        if "_" in spelled and out.startswith(f"{{{spelled}}}_"):
            # (h_{t-1})_{k}, as notes write an entry of a subscripted name: {h_{t-1}}_{k} reads as one subscript
            return f"({spelled}){out[len(spelled) + 2:]}"
        return out

    def _print_RealSpace(self, expr):
        if not expr.args:
            return r"\mathbb{R}"
        return r"\mathbb{R}^{" + r" \times ".join(self._print(d) for d in expr.args) + "}"

    def _print_InSpace(self, expr):
        return rf"{self._print(expr.args[0])} \in {self._print(expr.args[1])}"

    def _print_Equality(self, expr):
        return f"{self._print(expr.lhs)} = {self._print(expr.rhs)}"

    def _print_Wrapped(self, expr: Wrapped) -> str:
        # lhs &= c \Bigl( row 1 \\ &\quad + row 2 … \Bigr): fixed-size brackets, since \left…\right cannot span lines.
        bracket = expr.coeff != 1
        lines = []
        for n, row in enumerate(expr.rows):
            if n == 0:
                head = f"{self._print(expr.lhs)} &= "
                if bracket:
                    head += ("-" if expr.coeff == -1 else self._print(expr.coeff)) + r" \Bigl("
            else:
                head = r"&\quad " + ("" if continues_negative(self, row) else "+ ")
            lines.append(head + self._print(row))
        if bracket:
            lines[-1] += r" \Bigr)"
        return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"

    def _print_Derivative(self, expr):
        if isinstance(expr.expr, (Symbol, Indexed)) or len(expr.variables) != 1:
            return super()._print_Derivative(expr)
        # ∂/∂v (f) for a compound f, as a textbook writes it.
        var = self._print(expr.variables[0])
        return rf"\frac{{\partial}}{{\partial {var}}} \left({self._print(expr.expr)}\right)"


class SlashLatexPrinter(ReportLatexPrinter):
    """Derivatives as ``∂L/∂s`` on one line, for small labels where a fraction is unreadable."""

    def _print_Derivative(self, expr):
        if len(expr.variables) != 1:
            return super()._print_Derivative(expr)
        return rf"\partial {self._print(expr.expr)}/\partial {self._print(expr.variables[0])}"


class ReportTextPrinter(TextPrinter):
    """``TextPrinter`` with the report's notation (for SVG labels and plain text)."""

    def _print_Symbol(self, expr):
        # Greek letter names as letters (σ, λ), as the LaTeX and MathML printers already do.
        name = shown(expr).name
        return greek_unicode.get(name, name) if name in GREEK_NAMES else name

    def _print_RealSpace(self, expr):
        if not expr.args:
            return "ℝ"
        return "ℝ^" + "×".join(self._print(d) for d in expr.args)

    def _print_InSpace(self, expr):
        return f"{self._print(expr.args[0])} ∈ {self._print(expr.args[1])}"

    def _print_Equality(self, expr):
        return f"{self._print(expr.lhs)} = {self._print(expr.rhs)}"

    def _print_Wrapped(self, expr: Wrapped) -> str:
        return self._print(wrapped_whole(expr))  # one line: a terminal wraps it itself


_LATEX = ReportLatexPrinter()
#: A numerator this many times longer (in TeX tokens) than its denominator is written 1/B (…).
LONG_FRAC_RATIO = _LATEX._settings["long_frac_ratio"]
_TEXT = ReportTextPrinter()
_SLASH = SlashLatexPrinter()


def tex_printer() -> ReportLatexPrinter:
    """The report's TeX printer, for a printer that must take the same layout decisions."""
    return _LATEX


def spelled(spellings: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The (quantity, TeX) pairs every report format can print (``prose_math.spelling_ok``), sorted."""
    from .prose_math import spelling_ok
    return tuple(sorted((q, t) for q, t in spellings if spelling_ok(t)))


@functools.lru_cache(maxsize=32)
def _latex_spelling(spellings: tuple[tuple[str, str], ...]) -> ReportLatexPrinter:
    return ReportLatexPrinter({"spellings": dict(spellings)})


def tex(expr: Basic, spellings: tuple[tuple[str, str], ...] = ()) -> str:
    """TeX for ``expr`` in the tutorial's notation (quantities in ``spellings`` as their author writes them)."""
    return (_latex_spelling(spellings) if spellings else _LATEX).doprint(expr)


def text(expr: Basic) -> str:
    """One-line Unicode for ``expr``."""
    return _TEXT.doprint(expr)


def ordered_terms(expr: Basic) -> list:
    """The terms of a sum in the order every report printer writes them."""
    return _TEXT._as_ordered_terms(expr) if isinstance(expr, sp.Add) else [expr]


def tex_slash(expr: Basic) -> str:
    """TeX for ``expr`` with derivatives written ∂f/∂v on one line."""
    return _SLASH.doprint(expr)
