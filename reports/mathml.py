"""Presentation MathML for reports, in the tutorial's notation, safely escaped.

``ReportMathMLPrinter`` subclasses SymPy's ``MathMLPresentationPrinter`` where its output
is wrong or ugly for index notation: ``W_(i,k)`` becomes ``W_ik``, ``kroneckerdelta(i, j)``
becomes ``δ_ij``, ``d/ds_j L`` becomes ``∂L/∂s_j``, sums keep every limit, ``log`` reads
``ln`` and ``ⅇ`` reads ``e``.  SymPy writes text nodes unescaped (a symbol called
``<script>`` would come out as markup), so this module serialises the DOM itself and
escapes every text node and attribute.  ``math_element`` wraps the result in
``<math><semantics>…<annotation encoding="application/x-tex">`` so the TeX can be copied.
"""
from __future__ import annotations

import html
from xml.dom.minidom import Element, Text, parseString

import sympy as sp
from sympy import Basic
from sympy.printing.mathml import MathMLPresentationPrinter

from derive.algebra import leaning
from derive.language import by_name, notation_of
from derive.printing import case_rows, entry_digits, keeps_name

from derive.printing import NaturalOrder, _bare, _entry_sum, _log_parts, _needs_fence, prepared, shown_factors, sums_of_entries

from .notation import InSpace, RealSpace, Wrapped, shown
from .prose_math import prose_mathml
from .texmath import LONG_FRAC_RATIO, continues_negative, tex_printer


def _escape_text(data: str) -> str:
    # SymPy puts entity references (&#x2211;, &InvisibleTimes;) into text nodes; user text
    # reaching a text node has had its '&' pre-escaped by _print_Symbol, so unescaping
    # everything once and escaping once yields the intended characters and no markup.
    return html.escape(html.unescape(data), quote=False)


def serialize(node) -> str:
    """XML text of a minidom node with every text node and attribute value escaped."""
    if isinstance(node, Text):
        return _escape_text(node.data)
    if isinstance(node, Element):
        attrs = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in sorted(node.attributes.items()))
        inner = "".join(serialize(c) for c in node.childNodes)
        return f"<{node.tagName}{attrs}>{inner}</{node.tagName}>"
    return "".join(serialize(c) for c in node.childNodes)


class ReportMathMLPrinter(NaturalOrder, MathMLPresentationPrinter):
    """SymPy's presentation MathML printer with textbook index notation."""

    # Indexed and friends have their own printers; a private name lets ours win.
    printmethod = "_derive_mathml"

    _default_settings = {**MathMLPresentationPrinter._default_settings, "spellings": {}}

    def __init__(self, settings=None):
        super().__init__({"ln_notation": True, **(settings or {})})

    def _print(self, expr, **kwargs):
        shown = notation_of(expr) if isinstance(expr, Basic) else None
        if isinstance(expr, sp.Piecewise) and (shown is None or shown[0].style == "call"):
            return self._print_Piecewise(expr)  # cases, as in TeX (an indicator stays 𝟙[c])
        if shown is not None:
            return self._print_construct(*shown)
        return super()._print(expr, **kwargs)

    def _print_Piecewise(self, expr):
        table = self._el("mtable")
        table.setAttribute("columnalign", "left left")
        for value, cond in case_rows(expr):
            when = self._el("mtext", text="otherwise") if cond == sp.true else \
                self._el("mrow", self._el("mtext", text="if\u00a0"), self._print(cond))
            table.appendChild(self._el("mtr", self._el("mtd", self._print(value)), self._el("mtd", when)))
        brace = self._mo("{")
        brace.setAttribute("stretchy", "true")
        return self._el("mrow", brace, table)

    def _print_construct(self, notation, operands):
        """A construct in the table's notation: ``max(a, b)``, ``H(a)``, ``|a|`` (as in text and TeX)."""
        if notation.style == "bars":
            return self._el("mrow", self._mo("|"), self._print(operands[0]), self._mo("|"))
        opening, closing = "[]" if notation.style == "brackets" else "()"
        inner = self._el("mrow", self._mo(opening))
        for n, a in enumerate(operands):
            if n:
                inner.appendChild(self._mo(","))
            inner.appendChild(self._print(a))
        inner.appendChild(self._mo(closing))
        return self._el("mrow", self._mi(notation.mathml), self._mo("\u2061"), inner)

    # -- small DOM helpers -------------------------------------------------------------
    def _el(self, tag: str, *children, text: str | None = None):
        e = self.dom.createElement(tag)
        if text is not None:
            e.appendChild(self.dom.createTextNode(text))
        for c in children:
            e.appendChild(c)
        return e

    def _mi(self, name: str):
        # '&' pre-escaped: serialize() unescapes once (see _escape_text).
        return self._el("mi", text=name.replace("&", "&amp;"))

    def _mo(self, op: str):
        return self._el("mo", text=op)

    def _print_Rational(self, e):
        # a negative number with a minus operator, as SymPy sets one before a product (<mn>-1</mn> shows a hyphen)
        if e.is_negative:
            return self._el("mrow", self._mo("-"), super()._print_Rational(-e))
        return super()._print_Rational(e)

    def _print_Float(self, e):
        if e.is_negative:
            return self._el("mrow", self._mo("-"), super()._print_Float(-e))
        return super()._print_Float(e)

    def _space(self):
        # A thin space, as TeX puts after \ln; MathML Core adds none after U+2061.
        sp_ = self._el("mspace")
        sp_.setAttribute("width", "0.1667em")
        return sp_

    def _index_row(self, indices):
        """Indices as a subscript: ``ik`` when every index is one character, else ``i,k``."""
        parts = [self._print(i) for i in indices]
        if len(parts) == 1:
            return parts[0]
        row = self._el("mrow")
        compact = all(len(str(i)) == 1 for i in indices)
        for n, p in enumerate(parts):
            if n and not compact:
                row.appendChild(self._mo(","))
            row.appendChild(p)
        return row

    # -- symbols and indexed entries -----------------------------------------------------
    def _print_Symbol(self, sym, style="plain"):
        spelled = self._settings["spellings"].get(sym.name)
        if spelled is not None:
            return self._spelled(spelled)
        if not keeps_name(shown(sym).name):
            return self._mi(shown(sym).name)  # as written: SymPy would make xscr, lamda, x_1_2 other symbols
        safe = sp.Symbol(shown(sym).name.replace("&", "&amp;"))
        return super()._print_Symbol(safe, style)

    def _spelled(self, tex: str):
        """A quantity as its document writes it: the TeX typeset by ``prose_mathml`` (checked by ``spelled``)."""
        node = parseString(prose_mathml(tex)).documentElement
        inner = [c for c in node.childNodes if c.nodeType == c.ELEMENT_NODE]
        while len(inner) == 1 and node.tagName in ("math", "mrow"):  # h_{t-1} as the msub itself, as SymPy's h_t is
            node = inner[0]
            inner = [c for c in node.childNodes if c.nodeType == c.ELEMENT_NODE]
        return self.dom.importNode(node, True)

    def _print_Elided(self, sym):
        return self._mo(sym.name)

    def _print_Dummy(self, sym):
        return self._print_Symbol(sym)

    def _print_IndexedBase(self, expr):
        # Through the symbol printer: Greek names as letters, names SymPy would change as written (as in TeX).
        return self._print_Symbol(sp.Symbol(str(expr.label)))

    def _print_Indexed(self, expr):
        digits = entry_digits(expr.indices)
        # An explicit entry in the declared case, W[1, 2] as W with subscript 12 (as the general W_jk).
        sub = self._el("mn", text=digits) if digits is not None else self._index_row(expr.indices)
        base = self._print(expr.base)
        low = base.childNodes[-1] if base.tagName == "msub" and len(base.childNodes) == 2 else None
        if low is not None and low.firstChild is not None and str(low.firstChild.nodeValue or "").isdigit():
            # W1 prints W with subscript 1: its entries take one subscript "1, ik" (nested reads wrongly).
            letter, number = base.childNodes
            return self._el("msub", letter, self._el("mrow", number, self._mo(","), sub))
        if low is not None and str(expr.base.label) in self._settings["spellings"]:
            base = self._el("mrow", self._mo("("), base, self._mo(")"))  # (h_{t-1})_k, as the TeX reads
        return self._el("msub", base, sub)

    def _print_KroneckerDelta(self, expr):
        return self._el("msub", self._mi("δ"), self._index_row(expr.args))

    def _print_Mul(self, expr):
        factors = shown_factors(expr)
        if factors is None:
            long = self._long_fraction(expr)
            return long if long is not None else super()._print_Mul(expr)
        # A product kept unmultiplied (so a cancellation can be shown): factors in order, dot between.
        row = self._el("mrow")
        for n, f in enumerate(factors):
            if n:
                row.appendChild(self._mo("·"))
            shown = self._print(f)
            if _needs_fence(f, n < len(factors) - 1):
                shown = self._el("mrow", self._mo("("), shown, self._mo(")"))
            row.appendChild(shown)
        return row

    def _long_fraction(self, expr):
        """A long numerator over a short denominator as ``1/B (…)``, decided as the TeX printer decides it.

        Both renderings of a step must show the same shape: the TeX printer writes ``\\frac{1}{B}
        \\sum …`` (its ``long_frac_ratio``), so the MathML must not draw the whole sum over ``B``.
        """
        tex = tex_printer()
        negative = expr.could_extract_minus_sign()
        numer, denom = sp.fraction(-expr if negative else expr, exact=True)
        if denom == 1:
            return None
        width = len(tex._print(denom).split())
        if len(tex._print(numer).split()) <= LONG_FRAC_RATIO * width:
            return None
        top, rest = sp.S.One, numer
        if isinstance(numer, sp.Mul) and not tex._needs_mul_brackets(numer, last=True):
            # As TeX: the short factors stay over the denominator, the long rest follows it.
            top, rest = sp.S.One, sp.S.One
            for f in numer.args:
                if tex._needs_mul_brackets(f, last=False) or len(tex._print(top * f).split()) > LONG_FRAC_RATIO * width:
                    rest *= f
                else:
                    top *= f
        row = self._el("mrow")
        if negative:
            row.appendChild(self._mo("-"))
        row.appendChild(self._el("mfrac", self._print(top), self._print(denom)))
        row.appendChild(self._mo("\u2062"))
        shown = self._print(rest)
        if tex._needs_mul_brackets(rest, last=True):
            shown = self._el("mrow", self._mo("("), shown, self._mo(")"))
        row.appendChild(shown)
        return row

    # -- calculus -----------------------------------------------------------------------
    def _print_Derivative(self, expr):
        order = sum(int(c) for _, c in expr.variable_count)
        top = self._mo("∂") if order == 1 else self._el("msup", self._mo("∂"), self._el("mn", text=str(order)))
        den = self._el("mrow")
        for var, count in expr.variable_count:
            den.appendChild(self._mo("∂"))
            v = self._print(var)
            den.appendChild(v if count == 1 else self._el("msup", v, self._el("mn", text=str(count))))
        if isinstance(expr.expr, (sp.Symbol, sp.Indexed)):
            return self._el("mfrac", self._el("mrow", top, self._print(expr.expr)), den)
        # ∂/∂v (f) for a compound f: a fraction with the whole of f on top is unreadable.
        body = self._el("mrow", self._mo("("), self._print(expr.expr), self._mo(")"))
        return self._el("mrow", self._el("mfrac", top, den), body)

    def _print_Sum(self, expr, sign: str = "∑"):
        body = expr.function
        inner = self._print(body)
        if isinstance(body, sp.Add):
            inner = self._el("mrow", self._mo("("), inner, self._mo(")"))
        row = self._el("mrow")
        # SymPy keeps the innermost limit first.  Where a limit reads another index (Σ_i Σ_{j=i+1}^{n}) the
        # outermost must come first or i would be read outside the sum that binds it; elsewhere the
        # order is the reader's choice and stays as it was.
        for var, lo, hi in reversed(expr.limits) if leaning(expr.limits) else expr.limits:
            under = self._el("mrow", self._print(var), self._mo("="), self._print(lo))
            row.appendChild(self._el("munderover", self._mo(sign), under, self._print(hi)))
        row.appendChild(inner)
        return row

    def _print_Product(self, expr):
        return self._print_Sum(expr, "∏")

    def _print_MaxOver(self, expr):
        body = expr.function
        inner = self._print(body)
        if isinstance(body, sp.Add):
            inner = self._el("mrow", self._mo("("), inner, self._mo(")"))
        row = self._el("mrow")
        for var, lo, hi in expr.limits:
            under = self._print(var) if lo == 1 and (hi.is_Symbol or hi.is_Integer) else self._el(
                "mrow", self._print(lo), self._mo("≤"), self._print(var), self._mo("≤"), self._print(hi))
            row.appendChild(self._el("munder", self._mi("max"), under))
        row.appendChild(inner)
        return row

    def _print_Exp1(self, e):
        return self._mi("e")

    def _print_exp(self, expr):
        return self._el("msup", self._mi("e"), self._print(expr.args[0]))

    def _print_log(self, expr):
        arg = expr.args[0]
        # Always parenthesised: "ln s_i y_i" could be read as ln(s_i y_i).
        shown = self._el("mrow", self._mo("("), self._print(arg), self._mo(")"))
        return self._el("mrow", self._mi("ln"), self._mo("\u2061"), shown)

    # -- matrices ---------------------------------------------------------------------
    def _print_MatrixSymbol(self, sym):
        return self._print_Symbol(sp.Symbol(str(sym.name)))

    def _print_Gradient(self, expr):
        return self._el("mfrac", self._el("mrow", self._mo("∂"), self._print(expr.of)),
                        self._el("mrow", self._mo("∂"), self._print(expr.wrt)))

    def _print_Transpose(self, expr):
        base = self._print(expr.arg)
        if not isinstance(expr.arg, sp.MatrixSymbol):
            base = self._el("mrow", self._mo("("), base, self._mo(")"))
        return self._el("msup", base, self._mi("T"))

    def _print_DiagMatrix(self, expr):
        return self._el("mrow", self._mi(by_name("diag").name),
                        self._el("mrow", self._mo("("), self._print(expr.args[0]), self._mo(")")))

    def _print_OneMatrix(self, expr):
        one = self._el("mn", text="1")
        one.setAttribute("mathvariant", "bold")
        return self._el("msup", one, self._mi("T")) if expr.shape[0] == 1 else one

    def _print_MatAdd(self, expr):
        # Positive terms first: (s − y), not (−y + s).
        terms = sorted(expr.args, key=lambda t: t.could_extract_minus_sign())
        row = self._el("mrow")
        for n, term in enumerate(terms):
            if term.could_extract_minus_sign():
                row.appendChild(self._mo("−"))
                row.appendChild(self._print(-term))
            else:
                if n:
                    row.appendChild(self._mo("+"))
                row.appendChild(self._print(term))
        return row

    def _print_MatMul(self, expr):
        coeff, mats = expr.as_coeff_matrices()
        shown = sums_of_entries(mats)
        if len(shown) == len(mats):
            return super()._print_MatMul(expr)
        # (Σ_i y_i) s, not yᵀ 1 s: the scalar a reader writes.
        row = self._el("mrow")
        if coeff == -1:
            row.appendChild(self._mo("−"))
        elif coeff != 1:
            row.appendChild(self._print(coeff))
        for a in shown:
            row.appendChild(self._print(a))
        return row

    def _print_LogLast(self, expr):
        # y_i ln s_i: the logarithm last, as the tutorial writes the loss.
        negative, others, logs = _log_parts(expr)
        row = self._el("mrow")
        if negative:
            row.appendChild(self._mo("−"))
        if others != 1:  # −ln P_c, not −1 ln P_c
            shown = self._print(others)
            if isinstance(others, sp.Add):
                shown = self._el("mrow", self._mo("("), shown, self._mo(")"))
            row.appendChild(shown)
        for n, g in enumerate(logs):
            if n or others != 1:
                # A thin space before ln, as TeX puts before an operator name: y_i ln s_i, not y_iln s_i.
                row.appendChild(self._mo("\u2062"))
                row.appendChild(self._space())
            if _bare(g.args[0]):
                row.appendChild(self._el("mrow", self._mi("ln"), self._mo("\u2061"), self._space(),
                                         self._print(g.args[0])))
            else:
                row.appendChild(self._print(g))
        return row

    def _print_EntrySum(self, expr):
        return self._el("mrow", self._mo("("), self._print(_entry_sum(expr.args[0])), self._mo(")"))

    def _print_HadamardProduct(self, expr):
        row = self._el("mrow")
        for n, a in enumerate(expr.args):
            if n:
                row.appendChild(self._mo("⊙"))
            shown = self._print(a)
            if isinstance(a, (sp.MatAdd, sp.MatMul)):
                shown = self._el("mrow", self._mo("("), shown, self._mo(")"))
            row.appendChild(shown)
        return row

    def _print_ImmutableDenseMatrix(self, expr):
        table = self._el("mtable")
        for r in range(expr.rows):
            tr = self._el("mtr")
            for c in range(expr.cols):
                tr.appendChild(self._el("mtd", self._print(expr[r, c])))
            table.appendChild(tr)
        return self._el("mrow", self._mo("["), table, self._mo("]"))

    _print_MutableDenseMatrix = _print_ImmutableDenseMatrix

    def _print_Equality(self, expr):
        return self._el("mrow", self._print(expr.lhs), self._mo("="), self._print(expr.rhs))

    # -- report notation ----------------------------------------------------------------
    def _print_RealSpace(self, expr: RealSpace):
        reals = self._mi("ℝ")
        if not expr.args:
            return reals
        dims = self._el("mrow")
        for n, d in enumerate(expr.args):
            if n:
                dims.appendChild(self._mo("×"))
            dims.appendChild(self._print(d))
        return self._el("msup", reals, dims)

    def _print_InSpace(self, expr: InSpace):
        return self._el("mrow", self._print(expr.args[0]), self._mo("∈"), self._print(expr.args[1]))

    def _print_Wrapped(self, expr: Wrapped):
        """``lhs = c (row 1`` then ``+ row 2 …)`` a line each: a table, as TeX's ``aligned`` (MathML Core has no line breaking)."""
        bracket = expr.coeff != 1
        table = self._el("mtable")
        table.setAttribute("class", "wrapped")
        table.setAttribute("columnalign", "right left")
        table.setAttribute("displaystyle", "true")
        for n, row in enumerate(expr.rows):
            right = self._el("mrow")
            if n == 0:
                right.appendChild(self._mo("="))
                if bracket:
                    right.appendChild(self._mo("-") if expr.coeff == -1 else self._print(expr.coeff))
                    right.appendChild(self._bracket("("))
            else:
                indent = self._el("mspace")
                indent.setAttribute("width", "1em")
                right.appendChild(indent)
                if not continues_negative(self, row):
                    right.appendChild(self._mo("+"))
            right.appendChild(self._print(row))
            if bracket and n == len(expr.rows) - 1:
                right.appendChild(self._bracket(")"))
            left = self._el("mtd", self._print(expr.lhs)) if n == 0 else self._el("mtd")
            table.appendChild(self._el("mtr", left, self._el("mtd", right)))
        return table

    def _bracket(self, op: str):
        """A bracket of one fixed size (TeX's ``\\Bigl``): the pair sits on different lines, so neither can stretch to the other."""
        mo = self._mo(op)
        for attr in ("minsize", "maxsize"):
            mo.setAttribute(attr, "1.6em")
        return mo

    def _print_ExpFactor(self, expr):
        return self._print_exp(expr)

    def body(self, expr: Basic) -> Element:
        """The presentation MathML element for ``expr`` (not serialised)."""
        # SymPy's Mul printer moves e^{−c} into a denominator as 1/e^{c}; the TeX printer keeps
        # it a factor, and so must we, or the two renderings of one step disagree.
        expr = expr.replace(lambda e: isinstance(e, sp.Mul) and any(map(_negative_exp, e.args)),
                            lambda e: sp.Mul(*[ExpFactor(f.args[0]) if _negative_exp(f) else f for f in e.args],
                                             evaluate=False))
        root = self._print(prepared(expr))
        _true_minus(root)
        _tight_fences(root)
        return root


class ExpFactor(sp.Function):
    """``e^{x}`` kept as a factor where ``x`` is negative (printed like ``exp``; never evaluated)."""

    nargs = 1


def _negative_exp(e: Basic) -> bool:
    return isinstance(e, sp.exp) and e.args[0].could_extract_minus_sign()


def _true_minus(node) -> None:
    """SymPy writes subtraction as ``<mo>-</mo>`` (a hyphen); typeset it as U+2212 minus."""
    if isinstance(node, Element) and node.tagName == "mo" and len(node.childNodes) == 1 \
            and isinstance(node.firstChild, Text) and node.firstChild.data == "-":
        node.firstChild.data = "−"
    for child in getattr(node, "childNodes", ()):
        _true_minus(child)


_OPEN, _CLOSE = {"(": ")", "[": "]"}, {")", "]"}
_TALL = {"mfrac", "munderover", "munder", "mover", "mtable", "mroot", "msqrt"}


def _is_mo(node, texts) -> bool:
    return isinstance(node, Element) and node.tagName == "mo" and node.firstChild is not None \
        and isinstance(node.firstChild, Text) and node.firstChild.data in texts


def _tall(node) -> bool:
    return isinstance(node, Element) and (node.tagName in _TALL or any(_tall(c) for c in node.childNodes))


def _tight_fences(node) -> None:
    """Brackets around one-line content drawn unstretched, so they sit as close as TeX's.

    A stretchy bracket is drawn from the math font's size variants, whose side bearings leave
    ``ln ( s_i ) y_i`` loosely spaced in browsers; around a fraction or a sum it must stretch.
    """
    kids = [c for c in getattr(node, "childNodes", ()) if isinstance(c, Element)]
    if isinstance(node, Element) and node.tagName == "mrow" and len(kids) >= 2 and _is_mo(kids[0], _OPEN) \
            and _is_mo(kids[-1], _CLOSE) and not any(_tall(k) for k in kids[1:-1]):
        kids[0].setAttribute("stretchy", "false")
        kids[-1].setAttribute("stretchy", "false")
    for child in kids:
        _tight_fences(child)


def math_element(expr: Basic, tex: str, display: bool = False) -> str:
    """A complete ``<math>`` element for ``expr`` with ``tex`` kept as an annotation."""
    inline, block = math_elements(expr, tex)
    return block if display else inline


def math_elements(expr: Basic, tex: str, spellings: tuple[tuple[str, str], ...] = ()) -> tuple[str, str]:
    """The inline and the display ``<math>`` element for ``expr``, from one printing of it."""
    p = ReportMathMLPrinter({"spellings": dict(spellings)})
    dom = p.dom
    root = dom.createElement("math")
    sem = dom.createElement("semantics")
    body = p.body(expr)
    if body.tagName != "mrow":
        wrapper = dom.createElement("mrow")
        wrapper.appendChild(body)
        body = wrapper
    sem.appendChild(body)
    ann = dom.createElement("annotation")
    ann.setAttribute("encoding", "application/x-tex")
    # The TeX is shown verbatim: protect it from the unescape step in serialize().
    ann.appendChild(dom.createTextNode(tex.replace("&", "&amp;")))
    sem.appendChild(ann)
    root.appendChild(sem)
    inline = serialize(root)
    root.setAttribute("display", "block")
    return inline, serialize(root)
