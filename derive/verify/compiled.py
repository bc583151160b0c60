"""The counterexample search's evaluator: each expression turned once into nested closures.

Owns ``Compiler`` (SymPy expression → closure, cached per expression) and ``Point`` (one
point's symbols, arrays and memo, with the ``Evaluator`` interface the search and the domain
use).  The search evaluates the same expressions at thousands of points; walking the SymPy
tree at each one spent most of its time asking SymPy what kind each node is.  The closures do
what ``evaluate.Evaluator`` does, node for node (the same mpmath operations in the same order at
the ambient precision, the same errors, leaving out only those that are exact: the first ``0 +``
of an addition or a ``Sum``, a product's first ``1·``, an integer power's conversions), so every
value, and with it every verdict and counterexample, is the same; in addition each sum and
function value is remembered at the values of its free symbols (expanded derivatives repeat the
same inner sums, ``Σ_k e^{z_k}`` inside every term of an outer sum).  Constructs are evaluated by
their entry in the table of constructs, as in ``evaluate``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

import mpmath
import sympy as sp
from sympy import Expr, Indexed, Product, Sum, Symbol

from ..algebra.bigops import BOUND, MaxOver

from ..language import for_class
from ..language.builtins import OTHER_SIDE, rounding
from .evaluate import COMBINE, EMPTY, AtKink, Evaluator, Undefined, Unsupported, _int, _real

#: Beyond this magnitude a value counts as an overflow: exp of it would not fit in memory.
HUGE = mpmath.mpf(10) ** 100000

_mpf = mpmath.mpf
#: 0, 1 and the small integers a sum runs over, made once: exact at every precision, and an mpf is
#: immutable (``total += x`` makes a new one), so sharing them changes no value.
_ZERO, _ONE = _mpf(0), _mpf(1)
_SMALL = [_mpf(k) for k in range(1024)]


#: A nonzero finite mpf whose binary magnitude (exponent + bits) is at most this is below ``HUGE``
#: (10¹⁰⁰⁰⁰⁰ > 2³³²¹⁹²): read off its parts, without comparing mpf values.
_SAFE_MAGNITUDE = 332000


#: While ``watching``: the largest and smallest binary magnitudes (exponent + bits) of the nonzero products, powers,
#: sums and function values computed (None: not watching).  A gap between sides of 1 can hide under terms of
#: 2^4000 that cancel, or under a difference of 2^-2000 divided by another: the confirming precision must exceed
#: that range, which only the values themselves tell.
_SEEN: list = [None]


@contextmanager
def watching() -> Iterator[Callable[[], int]]:
    """Note the magnitudes of the values computed inside; yields a function giving their range in bits (≥ 0), as
    far above 1 as the largest and below 1 as the smallest."""
    saved = _SEEN[0]
    _SEEN[0] = [0, 0]
    try:
        yield lambda: _SEEN[0][0] - _SEEN[0][1]
    finally:
        _SEEN[0] = saved


def watched() -> bool:
    """True inside ``watching``: a point's values are then computed afresh, none taken from a memo."""
    return _SEEN[0] is not None


def _note(v) -> None:
    parts = getattr(v, "_mpf_", None)
    if parts is not None and parts[1]:
        m, seen = parts[2] + parts[3], _SEEN[0]
        if m > seen[0]:
            seen[0] = m
        elif m < seen[1]:
            seen[1] = m


def bounded(v):
    """``v``, or ``Undefined`` when it is too large to compute with (an exp tower at one point)."""
    if _SEEN[0] is not None:
        _note(v)
    parts = getattr(v, "_mpf_", None)
    if parts is not None and parts[3] > 0 and parts[2] + parts[3] <= _SAFE_MAGNITUDE:
        return v  # finite (inf and nan have no mantissa bits) and far below HUGE
    if isinstance(v, _mpf) and (not mpmath.isfinite(v) or abs(v) > HUGE):
        raise Undefined("overflow")
    return v


def _exact_int(v) -> int | None:
    """The integer an mpf holds exactly, read off its (sign, mantissa, exponent); None for anything else."""
    parts = getattr(v, "_mpf_", None)
    if parts is None:
        return None
    sign, man, exp, _ = parts
    if exp < 0:  # a normalised mantissa is odd: a fraction (or inf/nan, whose mantissa is 0)
        return None
    r = int(man) << exp
    return -r if sign else r


def _index_value(v) -> int:
    r = _exact_int(v)
    if r is not None:
        return r
    r = int(v)  # inf, nan or a fraction: the same answer (or error) as before
    if v != r:
        raise Undefined("non-integer index")
    return r


def _limit(v) -> int:
    """``evaluate._int`` (an integer within 1e-20), answered at once for an exact integer."""
    r = _exact_int(v)
    return r if r is not None else _int(v)


Closure = Callable[["Point"], object]


#: The values a step and a sign may take at 0, SymPy's first (H(0) = ½, sign(0) = 0): on a kink that is
#: not a null set a claim is refuted only if it fails for every pair (𝟙[u > 0] and 𝟙[u ≥ 0] read H(0) as
#: 0 and 1; sign(0) is 1 where sign(u) = 1 for u ≥ 0 is written, −1 in the mirror convention).
TIE_VALUES = {"H(0)": (mpmath.mpf(1) / 2, mpmath.mpf(0), mpmath.mpf(1)),
              "sign(0)": (mpmath.mpf(0), mpmath.mpf(-1), mpmath.mpf(1))}


def _key(node: Expr, ints) -> tuple:
    """A kink or boundary at a point: its node and the values of the integer symbols (indices, sizes, labels)
    it reads, which a move of the real inputs leaves alone; an mpf by its parts (they hash as ints)."""
    return node, tuple([getattr(v, "_mpf_", v) for v in ints])


def oriented_kink(node: Expr) -> tuple[Expr, bool]:
    """A step or sign with its argument one way round of the two (SymPy's sort order), and whether it was turned."""
    mirror = node.func(-node.args[0], *node.args[1:])
    if type(mirror) is not type(node):  # sign(−u) is −sign(u) to SymPy already: no second spelling to meet
        return node, False
    return (mirror, True) if sp.default_sort_key(mirror) < sp.default_sort_key(node) else (node, False)


class Ties:
    """Kinks and condition boundaries met on a whole neighbourhood of a point (x_k − x_c at k = c).

    Recorded at a moved copy of the point (``values`` None): every kink met takes the first of its
    values, every boundary is read as written, and each is noted.  Then, at the point itself, a noted
    kink takes its value from ``values`` (H(0), sign(0)) and a noted boundary is read as written; any
    other kink or boundary still leaves the point undefined (a null set, where nothing is asserted).
    """

    def __init__(self, values: dict | None = None, fat: frozenset = frozenset(), written: frozenset = frozenset()):
        self.values, self.fat, self.seen = values, fat, set()
        #: the conditions the claim writes itself (where(f_j > 0, f_j, 1)): their boundaries are the writer's, as written
        self.written = written
        #: set while the claim's sides are read (not the definitions): a boundary there, where a derivative's cases
        #: meet, is read both ways (``values["other side"]``); a definition's is its writer's, read as written
        self.sides = False

    def value(self, node: Expr, ints: tuple, tie: str, message: str):
        """The value of kink ``node`` (a step or sign; its integer symbols at ``ints``), or ``AtKink``.

        H(−u) is read as 1 − H(u) and sign(−u) as −sign(u), one way round for both: at a tie of max(a, b) its slopes
        H(a − b) and H(b − a) are one mixture of the two sides (λ, 1 − λ), as the one-sided slopes (1, 0) and (0, 1)
        are; each read alone, (∂a − ∂b)² = 1 was refuted at a = b, and relu(u) − relu(−u)'s slope 2 at 0 was not."""
        node, flipped = oriented_kink(node)
        key = _key(node, ints)
        if self.values is None:
            self.seen.add(key)
            return TIE_VALUES[tie][0]
        if key in self.fat:
            if tie == "sign(0)" and self.values.get("coupled"):
                # sign(u) = 2 H(u) - 1, H(u) read as a step at u would be (turned the same way round)
                _, turned = oriented_kink(sp.Heaviside(node.args[0]))
                step = 1 - self.values["H(0)"] if turned else self.values["H(0)"]
                return (1 - 2 * step if flipped else 2 * step - 1)
            value = self.values[tie]
            return (1 - value if tie == "H(0)" else -value) if flipped else value
        raise AtKink(message)

    def as_written(self, node: Expr, value_of) -> bool | str:
        """Whether condition ``node``, its sides equal here, is read as written (else: a boundary to skip); ``OTHER_SIDE``
        where the sides' own cases meet there and the valuation reads the other side's (a slope's convention)."""
        # (an array's name is no value: y of S_{i y_i}, a per-sample label, is read by its entry y_i)
        names = {x.base.label for x in node.atoms(sp.Indexed)}
        key = _key(node, [value_of(s) for s in sorted(node.free_symbols, key=str) if s.is_integer and s not in names])
        if self.values is None:
            self.seen.add(key)
            return True
        if key not in self.fat:
            return False
        if not (self.sides and self.values.get("other side")) or node in self.written:
            return True
        # t_j >= t_i at j = i holds whatever the inputs: no convention, read as written
        at = {s: sp.Integer(int(value_of(s))) for s in node.free_symbols if s.is_integer and s not in names}
        return True if sp.expand((node.lhs - node.rhs).xreplace(at)) == 0 else OTHER_SIDE


def ties_met(fat: frozenset) -> set[str]:
    """Which conventions the noted kinks ``fat`` read: "H(0)" for a step, "sign(0)" for a sign (a boundary reads none)."""
    return {c.tie for node, _ in fat if (c := for_class(type(node))) is not None and c.tie is not None}


def valuations(fat: frozenset) -> list[dict]:
    """Every way the noted kinks may be valued (each value of H(0) and of sign(0) met), SymPy's first.

    Where both are met they go together, sign(0) = 2 H(0) - 1: one convention for every kink, each slope without one
    there the same mixture of its two sides (as ``boundaries`` reads a claim's case); read apart, the stable
    cross-entropy max(a, 0) - a x + log(1 + e^{-|a|}), smooth with slope 1/2 - x at 0, took 1 - x there at H(0) = 1,
    sign(0) = 0, and that wrong slope was left unproved."""
    met = ties_met(fat)
    coupled = met >= {"H(0)", "sign(0)"}  # each sign(u) then 2 H(u) - 1 (``Ties.value``)
    pairs = [(h, s) for h in (TIE_VALUES["H(0)"] if "H(0)" in met else TIE_VALUES["H(0)"][:1])
             for s in (TIE_VALUES["sign(0)"] if "sign(0)" in met and not coupled else TIE_VALUES["sign(0)"][:1])]
    # a boundary met: the sides' cases read as written, then as the other side's (their slopes' convention)
    sides = (False, True) if any(isinstance(node, sp.core.relational.Relational) for node, _ in fat) else (False,)
    return [{"H(0)": h, "sign(0)": s, "other side": o, "coupled": coupled} for o in sides for h, s in pairs]


class Point(Evaluator):
    """Values at one point (symbols, arrays) and the memo of its sums and function values."""

    def __init__(self, symbols: Mapping, arrays: Mapping, compiler: Compiler):
        super().__init__({compiler.canonical(k): v for k, v in symbols.items()}, arrays)
        self.memo: dict = {}
        self.compiler = compiler
        #: how kinks are evaluated (``Ties``); None: a kink leaves the point undefined
        self.ties: Ties | None = None

    def value(self, e: Expr):
        return self.compiler(e)(self)


class Compiler:
    """SymPy expressions → closures over a ``Point``; one closure per distinct (sub)expression."""

    def __init__(self):
        self.table: dict = {}
        self.canon: dict = {}

    def canonical(self, s):
        """One object for every symbol equal to ``s``: a dict finds its own key by identity, while an equal
        twin (the file's size symbol beside the one inside an expression) costs a SymPy comparison each time."""
        return self.canon.setdefault(s, s)

    def __call__(self, e: Expr) -> Closure:
        f = self.table.get(e)
        if f is None:
            f = self.table[e] = self._compile(e)
        return f

    def _compile(self, e: Expr) -> Closure:
        if isinstance(e, Indexed):
            return self._indexed(e)
        if e.is_Pow:
            return self._pow(e)
        if isinstance(e, sp.KroneckerDelta):  # comparing two indices costs less than its memo key
            return self._plain(e)
        if isinstance(e, BOUND) or e.is_Function:
            return self._memo(e, self._plain(e))
        return self._plain(e)

    def _plain(self, e: Expr) -> Closure:  # noqa: C901 - one branch per node kind, as in Evaluator.value
        if e.is_Integer:
            n = int(e)
            if n.bit_length() <= 53:  # exact at every precision: made once
                c = _mpf(n)
                return lambda p: c
            return lambda p: _mpf(n)
        if e.is_Rational:
            num, den = int(e.p), int(e.q)
            return lambda p: _mpf(num) / den
        if e.is_Float:
            text = str(e)
            return lambda p: _mpf(text)
        if e.is_Symbol:
            return self._symbol(e)
        if e.is_Add or e.is_Mul:
            return self._fold(e)
        if isinstance(e, sp.KroneckerDelta):
            a, b = (self(x) for x in e.args[:2])
            return lambda p: _ONE if _limit(a(p)) == _limit(b(p)) else _ZERO
        if isinstance(e, BOUND):
            return self._sum(e)
        if e is sp.true or e is sp.false:
            truth = bool(e)
            return lambda p: truth
        return self._construct(e)

    def _symbol(self, e: Symbol) -> Closure:
        e = self.canonical(e)

        def value(p: Point):
            try:
                return p.symbols[e]
            except KeyError:
                raise Unsupported(f"no value for {e}") from None
        return value

    def _indexed(self, e: Indexed) -> Closure:
        name, indices = e.base.name, [self(i) for i in e.indices]

        def value(p: Point):
            key = tuple([_index_value(i(p)) for i in indices])
            try:
                return p.arrays[name][key]
            except KeyError:
                raise Undefined(f"index {key} out of range for {name}") from None
        return value

    def _fold(self, e: Expr) -> Closure:
        # The walker starts from 0 (1); starting from the first term gives the same value with one
        # operation fewer: every value has at most the working precision's bits, so 0 + x and 1·x
        # are x exactly.
        first, *rest = [self(a) for a in e.args]
        if e.is_Add:
            def add(p: Point):
                total = first(p)
                for t in rest:
                    total += t(p)
                return total
            return add

        def mul(p: Point):
            prod = first(p)
            for t in rest:
                prod *= t(p)
            if _SEEN[0] is not None:
                _note(prod)
            return prod
        return mul

    def _pow(self, e: Expr) -> Closure:
        base, ex = self(e.base), self(e.exp)
        if e.exp.is_Integer:
            # mpmath.power(b, mpf(n)) is b ** n: both call mpf_pow_int at the ambient precision.
            n = int(e.exp)

            def integer_power(p: Point):
                b = base(p)
                if b == 0 and n < 0:
                    raise Undefined("division by zero")
                try:
                    return bounded(b ** n)
                except ZeroDivisionError:
                    raise Undefined("division by zero") from None
            return integer_power

        whole = bool(e.exp.is_integer)  # of sizes and indices (a^{T - t}): a whole number at every point

        def power(p: Point):
            b, x = base(p), ex(p)
            try:
                if b == 0 and x < 0:
                    raise Undefined("division by zero")
                if b < 0 and whole and x == int(x):
                    return bounded(b ** int(x))
                if b < 0:  # the exponent is not an integer constant: as in Evaluator.value
                    raise Undefined("fractional power of a negative number")
                return bounded(mpmath.power(b, x))
            except ZeroDivisionError:
                raise Undefined("division by zero") from None
        return power

    def _memo(self, e: Expr, compute: Closure) -> Closure:
        syms = tuple(self.canonical(s) for s in e.free_symbols if isinstance(s, Symbol))

        def remembered(p: Point):
            symbols = p.symbols
            # An mpf's parts identify its value (they are normalised) and hash and compare as plain
            # ints, where the mpf itself would compute its hash and compare in Python.
            key = (compute, tuple([getattr(v, "_mpf_", v) for v in map(symbols.get, syms)]))
            try:
                return p.memo[key]
            except KeyError:
                v = p.memo[key] = bounded(compute(p))
                return v
        return remembered

    def _sum(self, e: Sum | Product | MaxOver) -> Closure:
        body = self(e.function)
        limits = [(self.canonical(d), self(lo), self(hi)) for d, lo, hi in e.limits]
        combine = COMBINE[type(e)]
        empty = EMPTY.get(type(e))

        def loop(p: Point, level: int):
            d, lo, hi = limits[level]
            lo_v, hi_v = _limit(lo(p)), _limit(hi(p))
            symbols = p.symbols
            saved = symbols.get(d)
            total = None  # from the first term, as in _fold (0 + x and 1·x are x exactly)
            try:
                for k in range(lo_v, hi_v + 1):
                    symbols[d] = _SMALL[k] if 0 <= k < 1024 else _mpf(k)
                    v = loop(p, level - 1) if level else body(p)
                    total = v if total is None else combine(total, v)
            finally:
                if saved is None:
                    symbols.pop(d, None)
                else:
                    symbols[d] = saved
            if total is None:
                if empty is None:
                    raise Undefined("a maximum over an empty range")
                return empty
            return total
        last = len(limits) - 1
        return lambda p: loop(p, last)

    def _construct(self, e: Expr) -> Closure:
        c = for_class(type(e))
        if c is None or c.mp is None:
            def unsupported(p: Point):
                raise Unsupported(f"cannot evaluate {type(e).__name__}")
            return unsupported
        mp = c.mp
        if c.lazy:
            def lazy(p: Point):
                try:
                    return mp(p.value, e)
                except (ValueError, ZeroDivisionError) as exc:
                    raise Undefined(str(exc)) from None
            return lazy
        args = [self(a) for a in e.args]
        tie = c.tie
        ints = tuple(self.canonical(s) for s in e.free_symbols if isinstance(s, Symbol) and s.is_integer) if tie else ()
        terms = [self(t) for t in e.args[0].args] if tie and isinstance(e.args[0], sp.Add) else None

        def call(p: Point):
            try:
                values = [_real(a(p)) for a in args]
                if terms is not None and values[0] != 0 and _cancelled(values[0], terms, p):
                    values[0] = mpmath.mpf(0)  # the kink's argument is 0 to the working precision: at the kink
                # mpmath answers log(-2) with a complex number instead of failing: outside the reals
                # the point is undefined, not a value to carry on with.
                return _real(mp(*values))
            except (ValueError, ZeroDivisionError) as exc:
                if tie is None:
                    raise Undefined(str(exc)) from None
                if p.ties is None:
                    raise AtKink(str(exc)) from None
                return p.ties.value(e, tuple(map(p.symbols.get, ints)), tie, str(exc))
        return call


def _cancelled(value, terms: list[Closure], p: Point) -> bool:
    """True when a sum's ``value`` is what rounding left of its ``terms`` cancelling: within 2⁸ units in the last place
    of the largest (H(q − λ) at a draw solved for q = λ with q = (m² + e^l − 1 − l)/2 near 10¹⁷: the 10⁻⁸³ left is
    no side of the kink), as a comparison's sides equal to that rounding are on its boundary (``builtins._level``)."""
    # (the common case, one comparison: too large for terms up to 10³⁰ to have left it; larger ones are not looked at)
    if abs(value) > rounding(10 ** 30):
        return False
    return abs(value) <= rounding(max(abs(_real(t(p))) for t in terms))


def file_compiler(shared: dict) -> Compiler:
    """The compiler a file's claims share (``Semantics.shared``): the search's and the prover's screen."""
    return shared.setdefault("compiler", Compiler())
