"""Words between the rows of a display (``\\intertext{…}``, ``\\shortintertext{…}``): the equations in their inline
math, refused where they state what the derive block does not.

derive reads the rows below such words with the block's definitions and givens; the note's reader reads them with
the words' (``\\intertext{where $r = Xw - y$ is the residual}`` before ``-X^\\top r + \\lambda w``, the block's r
being y - Xw).  So an equation there must hold with the block: one naming a defined quantity by its definition, one
about inputs alone by being true or a given; two indices tied (``Now take $i = j$:``) are a condition of the row
below.  Whether the sides agree is settled at seeded points, every size 3, drawn inside the givens derive can draw
(rows on a simplex), a derivative carried out first; a difference there shows they do not.  Where no point can
tell (a side derive cannot read, a given it cannot draw inside), nothing is refused: a refusal stops the whole note.
"""
from __future__ import annotations

import itertools
import random
import re
from collections.abc import Iterator, Mapping

import mpmath
import sympy as sp
from sympy import Expr

from ..algebra.names import free_indices
from ..errors import InputError
from ..language.arrays import Array
from ..verify.domains import Simplex, cut_parts, simplex_given, simplex_rows
from ..verify.evaluate import Evaluator
from .chains import EQUALS, LeadingCondition, UnbalancedBrace, links
from .grammar import group_end
from .mathbuild import RELATIONS

#: where words between rows start (their group closes them)
_BETWEEN_ROWS = re.compile(r"\\(?:short)?intertext\s*\{")
#: inline math in those words: $…$, \(…\), \begin{math}…\end{math}, \ensuremath{…} (its group closes it)
_INLINE_MATH = re.compile(r"(?<!\\)\$([^$]{1,2000})\$|\\\((.{1,2000}?)\\\)|\\begin\s*\{math\}(.{1,2000}?)\\end\s*\{math\}"
                          r"|\\ensuremath\s*(\{)", re.S)
#: a comparison in math (``$0 < p < 1$``, ``$i \\ne j$``): a condition of the rows, or a fact
COMPARES = re.compile(r"[<>≠≤≥]|\\(?:ne|neq|le|leq|ge|geq|lt|gt|not|leqslant|geqslant|notin)(?![A-Za-z])")
#: a relation negated (``\\not=``, ``\\notin``)
_NEGATED = re.compile(r"\\not(?:in)?(?![A-Za-z])")
#: one letter, as an index is written (``$i = j$``)
_LETTER = re.compile(r"\s*([A-Za-z])\s*")
#: a name alone (``e``, ``\\pi``, ``\\mathrm{e}``): in words, a name of their own where it is none of the block's
_NAME = re.compile(r"[{\s]*(?:\\(?:mathrm|mathit|operatorname)\s*\{\s*)?\\?[A-Za-z]+[}\s]*")
#: a number alone (``0`` of ``$\\eta > 0$``)
_NUMBER = re.compile(r"\s*-?\d+(?:\.\d+)?\s*")
#: one letter or Greek letter alone, unadorned (``\\eta``, ``c``)
_LONE = re.compile(r"[A-Za-z]|\\[A-Za-z]+")
#: the next row's end: its line break, or more words between rows
_ROW_END = re.compile(r"\\\\|\\(?:short)?intertext\s*\{|\\end\s*\{")
#: the size every symbolic size takes at the points (small: every entry is drawn)
_SIZE = 3
#: a point more for a comparison, every input negative: a sign of an input (``since $x_1 > 0$``) is a hypothesis,
#: which the points above, the first all positive, could each meet
_NEGATIVE = ((17, -1.2, -0.2),)
#: the most entries an array may have at a point (a size fixed in the file may be large: no point is drawn then)
_MOST_ENTRIES = 4096
#: the points tried: (seed, lowest, highest value of an entry); the first keeps logarithms of inputs defined
_POINTS = ((7, 0.2, 1.2), (11, -1.5, 1.5), (13, -2.0, 2.0))


def _inline_math(text: str, first_line: int) -> Iterator[tuple[int, str, str]]:
    """``(line, math, next row)`` of every inline math in the words between the rows of the display ``text``."""
    for m in _BETWEEN_ROWS.finditer(text):
        end = group_end(text, m.end() - 1)
        end = end if end > 0 else len(text)
        words = text[m.end():end - 1]
        after = _ROW_END.search(text, end)
        row = text[end:after.start() if after else len(text)]
        for inline in _INLINE_MATH.finditer(words):
            math = next(g for g in inline.groups() if g is not None)
            if math == "{":
                close = group_end(words, inline.end() - 1)
                math = words[inline.end():close - 1] if close > 0 else ""
            yield first_line + text.count("\n", 0, m.end() + inline.start()), math, row


def _chains(found: list) -> list[list]:
    """The equations grouped into chains (``a = b = c`` one, ``a = b, \\quad c = d`` two)."""
    out: list[list] = []
    for rel in found:
        if out and rel.lhs is out[-1][-1].rhs:
            out[-1].append(rel)
        else:
            out.append([rel])
    return out


def _names(*exprs: Expr) -> set[str]:
    """The names of the symbols and arrays ``exprs`` read."""
    return {s.name for e in exprs for s in e.free_symbols} | {i.base.name for e in exprs for i in e.atoms(sp.Indexed)}


def _used(letter: str, row: str) -> bool:
    """True when the row reads ``letter`` as a name of its own (an index: s_i, \\delta_{ij})."""
    return re.search(rf"(?<![A-Za-z\\]){re.escape(letter)}(?![A-Za-z])", row) is not None


class BetweenRows:
    """The check of one context's words between rows; ``ctx`` reads sides (``side``), puts definitions in
    (``semantics``), and knows the file, its defined names and how it is shown in messages."""

    def __init__(self, ctx, unreadable: tuple[type, ...]):
        self.ctx, self.unreadable, self.file = ctx, unreadable, ctx.file

    def check(self, text: str, first_line: int, givens: tuple) -> None:
        """Refuse the first equation between the rows of ``text`` that states what the derive block does not."""
        givens = (*self.file.givens, *givens)
        for line, math, row in _inline_math(text, first_line):
            try:
                found = links(math, line)
            except (LeadingCondition, UnbalancedBrace):
                found = None  # words' math derive does not read: prose, unless it compares
            if COMPARES.search(math) and not self._a_fact(math, found, givens) and not self._aside(found, row):
                # \intertext{when $i \ne j$, …}: whose condition, the row above's or this one's?
                self._refuse(f"cannot read the condition in '{' '.join(math.split())}' between rows: write it beside the "
                             f"equation it belongs to (\\quad \\text{{for }} …), or the words without it", line)
            found = [rel for rel in found or () if rel.rel in EQUALS]
            for rel in found:
                letters = [_LETTER.fullmatch(s.text) for s in (rel.lhs, rel.rhs)]
                if all(letters) and not any(self._read(s) for s in (rel.lhs, rel.rhs)) \
                        and all(_used(m.group(1), row) for m in letters):
                    # \intertext{Now take $i = j$:} before s_i(1 - s_i) = ∂s_i/∂z_j: dropped as prose, the row was
                    # refuted at i ≠ j
                    self._refuse(f"cannot read the condition '{rel.text}' between rows: write it beside the equation "
                                 f"it belongs to (\\quad \\text{{for }} …), or the words without it", line)
            for chain in _chains(found):
                self._one(chain, givens, line)

    def _a_fact(self, math: str, found: list | None, givens: tuple) -> bool:
        """True when every comparison of ``math`` (its relations ``found``, None where unread) holds at each seeded point, the block's definitions put in (``since
        $0 < p < 1$`` for p = σ(z), ``note that $E \\ge 0$``): a fact, prose.  One derive cannot read or weigh, one
        on indices alone (``$i \\ne j$``), or one failing at a point is a condition.  (Dropped as prose, a condition
        leaves the row below asserted more widely, refuted at worst, never proved wrongly.)"""
        if _NEGATED.search(math):
            return False  # i \\not= j: read as an equation by the chain reader, a condition to the writer
        if not found or any(rel.rel not in RELATIONS and rel.rel not in EQUALS for rel in found):
            return False
        for rel in found:
            if rel.rel in EQUALS:
                continue  # (weighed with the equations)
            a, b = self._read(rel.lhs), self._read(rel.rhs)
            if a is None or b is None or a[0] != () or b[0] != () \
                    or not _names(a[1], b[1]) & set(self.file.quantities):
                return False
            comparison = RELATIONS[rel.rel](a[1], b[1], evaluate=False)
            if not self._given(comparison) and not self._holds(comparison, givens):
                return False
        return True

    def _aside(self, found: list | None, row: str) -> bool:
        """True when the comparisons ``found`` bound only names the block does not have and the row below does not read
        (``with a learning rate $\\eta > 0$``, ``for some $0 < \\alpha < 1$``): about something else, prose."""
        if not found or any(rel.rel not in RELATIONS for rel in found):
            return False
        sides = [side for rel in found for side in (rel.lhs, rel.rhs) if not _NUMBER.fullmatch(side.text)]
        return bool(sides) and all(_LONE.fullmatch(side.text.strip()) and self._read(side) is None
                                   and not _used(side.text.strip(), row) for side in sides)

    def _given(self, comparison) -> bool:
        """True when ``comparison`` is an inequality the block gives (``$\\eta > 0$`` beside ``given = ["eta > 0"]``),
        either side first."""
        def key(c) -> tuple | None:
            if isinstance(c, (sp.StrictLessThan, sp.LessThan)):
                c = c.reversed
            if isinstance(c, (sp.StrictGreaterThan, sp.GreaterThan)):
                return type(c), sp.expand(c.lhs - c.rhs)
            return None
        own = key(comparison)
        return own is not None and any(key(c.cond) == own for c in self.file.conditions)

    def _holds(self, comparison, givens: tuple) -> bool:
        """True when ``comparison`` holds at every seeded point where it can be weighed, and at one at least."""
        try:
            sem = self.ctx.semantics
            comparison = sem.expand(sem.resolve(comparison) if comparison.has(sp.Derivative) else comparison)
        except Exception:  # noqa: BLE001 - a side the definitions cannot be put into shows nothing
            return False
        rules = self._rules(comparison, givens)
        if rules is None:
            return False
        weighed = 0
        for seed, low, high in (*_POINTS, *_NEGATIVE):
            try:
                ev = _point([comparison], self.file, rules, seed, low, high)
                if not ev.holds(comparison):
                    return False
            except (ArithmeticError, ValueError, TypeError, KeyError, IndexError):
                continue
            weighed += 1
        return weighed > 0

    def _rules(self, expr, givens: tuple) -> list[Simplex] | None:
        """The simplex rules of the givens ``expr``'s inputs are under, or None where one is no simplex."""
        inputs, rules = _names(expr), []
        for g in givens:
            if _names(g.lhs, g.rhs) & inputs:
                rule = simplex_given(g.lhs, g.rhs, self.file)
                if rule is None:
                    return None
                rules.append(rule)
        return rules

    def _refuse(self, message: str, line: int) -> None:
        raise InputError(message, self.ctx.shown, line)

    def _read(self, side):
        """The side read (an Array as its shape and one entry), or None where derive cannot read it."""
        try:
            value = self.ctx.side(side)[0]
        except self.unreadable:
            return None
        if isinstance(value, Array):
            return value.shape, value.at(*sp.symbols(f"_w0:{len(value.shape)}", integer=True))
        return (), value

    def _one(self, chain: list, givens: tuple, line: int) -> None:
        """Refuse the chain of equations ``chain`` where two of its sides differ with the block."""
        sides = []
        for side in [chain[0].lhs, *(rel.rhs for rel in chain)]:
            read = self._read(side)
            if read is None:
                return
            if _NAME.fullmatch(side.text) and read[0] == () and not _names(read[1]):
                continue  # \intertext{with $e = \hat y - y$ the error}: a name of the words' own, not e's value
            sides.append(read)
        if len({shape for shape, _ in sides}) > 1:
            return  # (r^\top r beside a scalar: the shapes are the reader's to reconcile)
        values = [v for _, v in sides]
        named = sorted(_names(*values) & set(self.ctx.math.defined))
        text = chain[0].lhs.text + "".join(f" {r.rel} {r.rhs.text}" for r in chain)
        for a, b in zip(values, values[1:]):
            if named and self._differ(a, b, givens):
                self._refuse(f"the equation '{' '.join(text.split())}' between rows does not hold with the derive "
                             f"block's definition of {' and '.join(named)}: the rows are checked with the block's "
                             f"definitions (write the definition there; a condition, beside its equation: "
                             f"\\quad \\text{{if }} …)", line)
            if not named and self._beyond_givens(a, b, givens):
                # \intertext{where $z = w^\top x$,}: z an input to the block, p(1 - p) x for ∂σ(z)/∂w refuted
                self._refuse(f"the equation '{' '.join(text.split())}' between rows states what the derive block "
                             f"does not: the rows are checked without it (a quantity: define it in the block; a "
                             f"hypothesis of the whole note: a given of the block; a condition: beside its "
                             f"equation, \\quad \\text{{if }} …)", line)

    def _beyond_givens(self, a: Expr, b: Expr, givens: tuple) -> bool:
        """True when ``a = b`` (about inputs) fails at a seeded point inside the givens and is none of them."""
        inputs = _names(a, b) & set(self.file.quantities)
        if not inputs:
            return False
        gap = a - b
        for g in givens:
            if not _names(g.lhs, g.rhs) & inputs:
                continue
            stated = g.lhs - g.rhs
            ours, theirs = sorted(free_indices(gap) - self.file.not_indices, key=str), \
                sorted(free_indices(stated) - self.file.not_indices, key=str)
            if len(ours) != len(theirs) or len(ours) > 3:
                continue
            for order in itertools.permutations(ours):
                # the given itself, its indices named otherwise (\intertext{since $\sum_k y_k = 1$,})
                renamed = stated.xreplace(dict(zip(theirs, order)))
                if not differ(gap, renamed, self.file) or not differ(gap, -renamed, self.file):
                    return False
        return self._differ(a, b, givens)

    def _differ(self, a: Expr, b: Expr, givens: tuple) -> bool:
        """True when ``a`` and ``b``, the block's definitions put in, differ at a seeded point inside the givens."""
        try:
            sem = self.ctx.semantics  # (a derivative carried out as the prover does: δ = ∂L/∂a between rows)
            a, b = (sem.expand(sem.resolve(e) if e.has(sp.Derivative) else e) for e in (a, b))
        except Exception:  # noqa: BLE001 - a side the definitions cannot be put into shows nothing
            return False
        rules = self._rules(a - b, givens)
        # (a given no point here is drawn inside: a difference would show nothing)
        return rules is not None and differ(a, b, self.file, rules)


def _sizes(expr: Expr, sizes: Mapping[str, Expr]) -> dict:
    """A value for every size ``expr`` reads: its own where the file fixes it, else ``_SIZE``."""
    out = {}
    for s in expr.free_symbols:
        if s.name in sizes:
            v = sizes[s.name]
            out[s] = int(v) if getattr(v, "is_Integer", False) else _SIZE
    return out


def _point(exprs: list[Expr], f, rules: list[Simplex], seed: int, low: float, high: float) -> Evaluator:
    """An evaluator at one seeded point: sizes as ``_sizes``, labels and free indices whole numbers, inputs drawn
    (rows on the simplex ``rules`` give)."""
    rng = random.Random(seed)
    symbols: dict = {}
    for e in exprs:
        symbols.update({s: mpmath.mpf(v) for s, v in _sizes(e, f.sizes).items()})
    size_values = {s.name: int(v) for s, v in symbols.items()}
    labels = set(f.labels)
    names = sorted({s for e in exprs for s in e.free_symbols if s not in symbols}, key=str)
    for k, s in enumerate(names):
        if s.name in labels or s.is_integer:
            symbols[s] = mpmath.mpf(1 + (k + seed) % _SIZE)  # (a label, or an entry's index)
        else:
            symbols[s] = mpmath.mpf(rng.uniform(low, high))
    arrays: dict[str, dict] = {}
    for base in sorted({i.base.name for e in exprs for i in e.atoms(sp.Indexed)}):
        shape = tuple(int(d) if getattr(d, "is_Integer", False) else size_values.get(str(d), _SIZE)
                      for d in f.indexed_shapes.get(base, ()))
        if len(shape) and max(shape) ** len(shape) > _MOST_ENTRIES:
            raise ValueError(f"{base} has too many entries to draw here")  # (a size the file fixes large)
        rule = next((r for r in rules if r.name == base), None)
        if rule is not None:
            arrays[base] = {k: mpmath.mpf(v.numerator) / v.denominator
                            for k, v in simplex_rows(rule, shape, rng, cut_parts).items()}
            continue
        keys = itertools.product(*[range(1, d + 1) for d in shape])
        arrays[base] = {k: mpmath.mpf(1 + (sum(k) + seed) % _SIZE if base in labels else rng.uniform(low, high))
                        for k in keys}
    return Evaluator(symbols, arrays)


def differ(a: Expr, b: Expr, f, rules: list[Simplex] = ()) -> bool:
    """True when ``a`` and ``b`` (in the inputs of file ``f``) take different values at one of the seeded points."""
    for seed, low, high in _POINTS:
        try:
            ev = _point([a, b], f, list(rules), seed, low, high)
            va, vb = ev(a), ev(b)
        except (ArithmeticError, ValueError, TypeError, KeyError, IndexError):
            continue  # (undefined there, or a node the evaluator does not know: this point tells nothing)
        if abs(va - vb) > 1e-9 * (1 + abs(va) + abs(vb)):
            return True
    return False
