"""The built-in constructs: one ``register(Construct(...))`` entry each.

Existing functions (exp, log/ln, sqrt, tanh, sigmoid, abs), the special forms (Sum,
delta, diff), the piecewise functions of issue 11 (max, min, relu, sign, step, clip,
where with comparisons and and/or/not), erf, trigonometric and hyperbolic functions,
softplus, the constants pi and E, and the power with a symbolic exponent.
"""
from __future__ import annotations

import contextvars
import itertools
from collections.abc import Callable

import mpmath
import sympy as sp

from ..algebra.bigops import LargestAt, MaxOver, is_negated
from . import arrays
from .scope import ParseError
from .table import Construct, Notation, mark_built_in, register

# -- kinks and branches -------------------------------------------------------------------


def _first_arg_kink(args: tuple) -> list:
    return [args[0]]


def _pairwise_kinks(args: tuple) -> list:
    return [a - b for a, b in itertools.combinations(args, 2)]


def _largest(args: tuple, sign_of, sense: int):
    """The argument exceeding (sense=+1) or below (-1) every other one in this case, or None."""
    for a in args:
        if all(sign_of(a - b) == sense for b in args if b is not a):
            return a
    return None


def _by_sign(pos, neg):
    def branch(args: tuple, sign_of):
        s = sign_of(args[0])
        return None if s is None else (pos(args[0]) if s > 0 else neg(args[0]))
    return branch


_ORDERED = (sp.StrictGreaterThan, sp.GreaterThan, sp.StrictLessThan, sp.LessThan)


def _real_relationals(cond) -> list:
    """Relations between real (non-integer) values inside a condition: those are kinks.

    An equality of reals, maxout's 𝟙[z_j = h], is one too: on either side of its zero it is false.
    """
    return [r for r in cond.atoms(*_ORDERED, sp.Equality, sp.Unequality)
            if not (r.lhs.is_integer and r.rhs.is_integer)]


def _piecewise_kinks(args: tuple) -> list:
    return [r.lhs - r.rhs for pair in args for r in _real_relationals(pair.cond)]


def _decide(cond, sign_of):
    """True/False when the case decides ``cond`` (every inequality's side known), else None."""
    table = {}
    for r in _real_relationals(cond):
        s = sign_of(r.lhs - r.rhs)
        if s is None:
            return None
        table[r] = sp.true if {sp.StrictGreaterThan: s > 0, sp.GreaterThan: s > 0,
                               sp.StrictLessThan: s < 0, sp.LessThan: s < 0,
                               sp.Equality: False, sp.Unequality: True}[type(r)] else sp.false
    decided = cond.xreplace(table)
    return bool(decided) if decided in (sp.true, sp.false) else None


def _piecewise_branch(args: tuple, sign_of):
    for pair in args:
        truth = _decide(pair.cond, sign_of)
        if truth is None:
            return None
        if truth:
            return pair.expr
    return None


# -- mpmath evaluation ---------------------------------------------------------------------


#: Digits of the working precision a kink's argument may lose to cancellation and still count as 0: the
#: search evaluates at 50 and 100 digits, so sign(tanh a − 2σ(2a) + 1), 0 in exact arithmetic, is ~1e-50 there.
CANCELLED_DIGITS = 10


def _at_kink(x) -> bool:
    """True when ``x`` is 0 up to what cancellation leaves at the working precision (a kink's argument)."""
    return x == 0 or abs(x) < mpmath.mpf(10) ** (CANCELLED_DIGITS - mpmath.mp.dps)


def _step(x, *_):
    if _at_kink(x):
        # H(0) = 1/2 by SymPy's convention, but its derivative is undefined there and claims using
        # the step hold almost everywhere: the search skips the point.
        raise ValueError("step H(u) at u = 0")
    return mpmath.mpf(int(x > 0))


def _sign(x):
    if _at_kink(x):
        raise ValueError("sign(u) at u = 0")
    return mpmath.mpf(1 if x > 0 else -1)


def _dirac(x, *_):
    if _at_kink(x):
        raise ValueError("DiracDelta at 0")
    return mpmath.mpf(0)


def _log(x):
    if x <= 0:
        raise ValueError("log of a non-positive number")
    return mpmath.log(x)


def _in_unit_interval(fn: Callable) -> Callable:
    """``fn`` (arcsin, arccos) where it is real: |x| ≤ 1."""
    def inside(x):
        if abs(x) > 1:
            raise ValueError("arcsin/arccos of a number outside [-1, 1]")
        return fn(x)
    return inside


#: Why a point is skipped when a condition's two sides are equal there (the search tells it apart).
ON_BOUNDARY = "on the boundary of a condition"

#: Set by the search where a condition's sides may stay equal on a whole neighbourhood (relu(x) > 0 at
#: every x < 0): ``as_written(node, value_of)`` says whether this condition is read as written there (it
#: is then simply false, or true) rather than skipped as a boundary of measure zero.
BOUNDARIES_AS_WRITTEN: contextvars.ContextVar[Callable | None] = contextvars.ContextVar("as_written", default=None)
#: What ``as_written`` answers for a boundary read as the other side's (a slope's cases at their boundary, where
#: which side's slope holds is a convention): the comparison negated.
OTHER_SIDE = "other side"


def rounding(scale) -> mpmath.mpf:
    """What the working precision's rounding may leave of numbers of size ``scale``: 2⁸ units in their last place."""
    return mpmath.mpf(2) ** (8 - mpmath.mp.prec) * scale


def _level(a, b) -> bool:
    """True when the reals ``a`` and ``b`` are equal up to the rounding of the working precision (|x − s| and t at a
    draw solved for |x − s| = t, 61/50 − 1361/1000 and 141/1000, differ in their last binary digit)."""
    if a == b:
        return True
    if not (isinstance(a, mpmath.mpf) or isinstance(b, mpmath.mpf)):
        return False
    return abs(a - b) <= rounding(max(1, abs(a), abs(b)))


def _compare(op):
    def evaluate(value_of, node):
        a, b = value_of(node.lhs), value_of(node.rhs)
        if isinstance(node, _ORDERED) and not (node.lhs.is_integer and node.rhs.is_integer) and _level(a, b):
            as_written = BOUNDARIES_AS_WRITTEN.get()
            read = as_written(node, value_of) if as_written is not None else False
            if not read:
                raise ValueError(ON_BOUNDARY)
            # read at the boundary itself: a > b is false there, however the rounding fell
            return not op(a, a) if read == OTHER_SIDE else op(a, a)
        return op(a, b)
    return evaluate


def _piecewise(value_of, node):
    # Cases with one for the boundary itself (x > 0, x = 0, x < 0) assert a value there: where that case
    # holds, the others' comparisons are read as written, not skipped as a boundary of measure zero.
    token = BOUNDARIES_AS_WRITTEN.set(_as_written) if _an_equality_case_holds(value_of, node) else None
    try:
        for pair in node.args:
            if value_of(pair.cond):
                if token is not None:
                    BOUNDARIES_AS_WRITTEN.reset(token)
                    token = None
                return value_of(pair.expr)
    finally:
        if token is not None:
            BOUNDARIES_AS_WRITTEN.reset(token)
    raise ValueError("no case of where(...) applies")


def _as_written(node, value_of) -> bool:
    """Every comparison of these cases read as written: an equality case holds here, so this is no null boundary."""
    return True


def where_chain(pw: sp.Piecewise) -> list:
    """The cases of ``pw`` and of those nested in its last (a three-way ``\\begin{cases}`` nests so), in order."""
    out = []
    while isinstance(pw, sp.Piecewise):
        out += list(pw.args)
        pw = pw.args[-1].expr
    return out


def _an_equality_case_holds(value_of, node) -> bool:
    """True when an equality condition of these cases, or of those nested in their last, holds exactly here
    (or a ``\\ne`` fails)."""
    for pair in where_chain(node):
        if isinstance(pair.cond, (sp.Eq, sp.Ne)):
            try:
                if bool(value_of(pair.cond)) == isinstance(pair.cond, sp.Eq):
                    return True
            except ValueError:
                pass
    return False


def _all(value_of, node):
    return all(value_of(a) for a in node.args)


def _any(value_of, node):
    return any(value_of(a) for a in node.args)


def _first(e) -> tuple:
    return e.args[:1]


def _numbers_last(e) -> tuple:
    return tuple(sorted(e.args, key=lambda a: bool(a.is_Number)))


def _where_operands(e) -> tuple | None:
    """``where(cond, a, b)`` for a two-case Piecewise whose last case is ``True``; else SymPy's cases."""
    if len(e.args) == 2 and e.args[1].cond == sp.true:
        return e.args[0].cond, e.args[0].expr, e.args[1].expr
    return None


def _where(cond, a, b):
    integer = [c for c in sp.And.make_args(cond) if isinstance(c, sp.Eq) and all(x.is_integer for x in c.args)]
    if isinstance(cond, sp.And) and len(integer) == 1:
        # 1 if i = j and a_i > 0, else 0 (the ReLU Jacobian by cases): the case i = j of a where on the rest
        return _where(integer[0], _where(sp.And(*[c for c in cond.args if c != integer[0]]), a, b), b)
    if isinstance(cond, (sp.Eq, sp.Ne)) and all(x.is_integer for x in cond.args) and _everywhere(a) and _everywhere(b):
        # 𝟙[j = c] of integers (indices, labels) is δ(j, c), and the cases s_i(1 − s_i) if i = j, −s_i s_j otherwise are
        # s_i(1 − s_i) δ_ij − s_i s_j (1 − δ_ij): the zero test contracts a delta, not a where.  Only for cases with a
        # value at every point: 0·(1/0) is no value where the Piecewise never reads its other case.
        delta = sp.KroneckerDelta(*cond.args)
        if isinstance(cond, sp.Ne):
            a, b = b, a
        return a * delta + b * (1 - delta) if (a, b) != (1, 0) else delta
    return sp.Piecewise((a, cond), (b, True))


def _everywhere(e) -> bool:
    """True for a polynomial in its atoms (entries, symbols, sums of such; divided by what is never 0, like a size):
    a value wherever its atoms have one."""
    if not isinstance(e, sp.Basic) or e.is_Atom or isinstance(e, (sp.Indexed, sp.KroneckerDelta)):
        return True
    if isinstance(e, sp.Pow):  # 1/m of a size m, or of a positive constant, has a value everywhere too
        return e.exp.is_Integer and (e.exp >= 0 or e.base.is_nonzero is True) and _everywhere(e.base)
    if isinstance(e, (sp.Add, sp.Mul, sp.Sum)):
        return all(_everywhere(x) for x in e.args if not isinstance(x, sp.Tuple))
    if isinstance(e, sp.Piecewise):  # cases of such values on comparisons of such values
        return all(_everywhere(pair.expr) and all(_everywhere(x) for r in pair.cond.atoms(sp.core.relational.Relational)
                                                  for x in r.args) for pair in e.args)
    return False


#: ``where(c, 1, 0)`` as a textbook writes it, and as the LaTeX reader reads it back.
INDICATOR = Notation("𝟙", r"\mathbb{1}", "𝟙", style="brackets")


def _indicator(e) -> tuple[Notation, tuple] | None:
    """``𝟙[c]`` for ``where(c, 1, 0)``; None (the call notation) for any other cases."""
    shown = _where_operands(e)
    return (INDICATOR, shown[:1]) if shown is not None and shown[1:] == (sp.Integer(1), sp.Integer(0)) else None


#: ``extra`` of functions a back-substitution should remove (``derive.indexcalc.transcendental``)
_TRANSCENDENTAL = {"transcendental": True}


def _call(text: str, tex: str | None = None, mathml: str | None = None) -> Notation:
    return Notation(text, tex or rf"\operatorname{{{text}}}", mathml or text)


def _own(text: str, tex: str, mathml: str) -> Notation:
    return Notation(text, tex, mathml, style="own")


def _largest_at(value_of, node) -> mpmath.mpf:
    """𝟙[max_l f(l) is attained at k]; a tie for the maximum has no derivative there (a kink)."""
    m, k = node.args
    (d, lo, hi), = m.limits
    first, last, at = (int(value_of(v)) for v in (lo, hi, k))
    values = [value_of(m.function.xreplace({d: sp.Integer(n)})) for n in range(first, last + 1)]
    if not values:
        raise ValueError("a maximum over an empty range")
    top = max(values)
    if sum(1 for v in values if v == top) > 1:
        raise ValueError("two terms tie for the maximum: it has no derivative here")
    return mpmath.mpf(int(first <= at <= last and values[at - first] == top))


def _attained(node) -> tuple:
    """``LargestAt(max_l f(l), k)`` shown as 𝟙[f(k) = max_l f(l)] (of max_l (−g(l)), 𝟙[g(k) = min_l g(l)])."""
    m, k = node.args
    (d, _, _), = m.limits
    at = m.function.xreplace({d: k})
    if is_negated(m.function):  # −max_l (−g) prints as the minimum (``printing.minima``)
        return (sp.Eq(-at, -m, evaluate=False),)
    return (sp.Eq(at, m, evaluate=False),)


def _unit(u: sp.Expr) -> tuple:
    """Where arcsin/arccos of ``u`` is real."""
    return (u >= -1, u <= 1)


# -- special forms (the grammar builds them; listed here so the whole language is in one table) ---

register(Construct("Sum", "finite sum over an index range; a last argument j != c skips that term",
                   latex=(r"\sum",), arity=None, kind="form", shadowable=False,
                   rule="derivative of a sum (linearity)", classes=(sp.Sum,),
                   notation=_own("Σ_k f", r"\sum_{k=1}^{n} f", "∑"),
                   example="Sum(W[i, k]*x[k], (k, 1, m)); Sum(z[j], (j, 1, n), j != c)"))
register(Construct("Product", "finite product over an index range; a last argument k != j leaves out that factor",
                   latex=(r"\prod",), arity=None, kind="form", rule="derivative of a product (product rule)",
                   classes=(sp.Product,), notation=_own("Π_k f", r"\prod_{k=1}^{n} f", "∏"),
                   example="Product(p[i], (i, 1, N)); Product(x[k], (k, 1, n), k != j)"))
register(Construct("Max", "largest value over an index range (max_k z_k: the shift of a stable softmax)",
                   arity=None, kind="form", rule="derivative of a maximum (the largest term's, almost everywhere)",
                   classes=(MaxOver,), notation=_own("max_k f", r"\max_{k} f", "max"),
                   example="Max(z[k], (k, 1, n))"))
register(Construct("LargestAt", "1 where a maximum over an index is attained, else 0 (not in file syntax)",
                   arity=2, kind="hidden", classes=(LargestAt,), mp=_largest_at, lazy=True,
                   kinks=lambda args: [], rule="derivative of an indicator (0 almost everywhere)",
                   notation=Notation("𝟙", r"\mathbb{1}", "𝟙", style="brackets"), operands=_attained))
register(Construct("delta", "Kronecker delta: 1 when the indices are equal, else 0", latex=(r"\delta",),
                   arity=2, kind="form", shadowable=False, classes=(sp.KroneckerDelta,),
                   rule="derivative of an entry (Kronecker delta)",
                   notation=_own("δ_ij", r"\delta_{ij}", "δ"), example="delta(i, j)"))
register(Construct("diff", "partial derivative; diff(A, B, C) = diff(diff(A, B), C)",
                   latex=(r"\partial", r"\frac"), arity=None, kind="form", shadowable=False,
                   classes=(sp.Derivative,), notation=_own("∂A/∂B", r"\frac{\partial A}{\partial B}", "∂"),
                   example="diff(L, z[i]); diff(F, z[i], z[j])"))

# -- smooth functions ------------------------------------------------------------------------

register(Construct("exp", "exponential e^x", extra=_TRANSCENDENTAL, latex=(r"\exp", "e^"), build=sp.exp, classes=(sp.exp,),
                   mp=mpmath.exp, entire=True, rule="derivative of the exponential", shadowable=False,
                   notation=_own("e^(x)", "e^{x}", "e"), numpy="numpy.exp", example="exp(z[i])"))
register(Construct("log", "natural logarithm", extra=_TRANSCENDENTAL, aliases=("ln",), latex=(r"\ln", r"\log"), build=sp.log,
                   classes=(sp.log,), mp=_log, domain="x > 0", defined=lambda u: (u > 0,),
                   rule="derivative of the logarithm",
                   shadowable=False, notation=_own("ln(x)", r"\ln\left(x\right)", "ln"), numpy="numpy.log",
                   stable="ln σ(a) = −softplus(−a); ln softmax = a − logsumexp(a); ln(e^u + e^v) = u + softplus(v − u); "
                          "ln cosh a = |a| + softplus(−2|a|) − ln 2", example="log(s[i])"))
register(Construct("sqrt", "square root (a power 1/2)", latex=(r"\sqrt",), build=sp.sqrt, domain="x >= 0",
                   defined=lambda u: (u >= 0,),
                   shadowable=False, rule="power rule", numpy="numpy.sqrt", example="sqrt(v)"))
register(Construct("tanh", "hyperbolic tangent", extra=_TRANSCENDENTAL, latex=(r"\tanh",), build=sp.tanh, classes=(sp.tanh,),
                   mp=mpmath.tanh, entire=True, rule="derivative of tanh", shadowable=False,
                   notation=_own("tanh(x)", r"\tanh", "tanh"), numpy="numpy.tanh", example="tanh(a[i])"))
register(Construct("sigmoid", "logistic sigmoid 1/(1 + e^(-x))", latex=(r"\sigma", r"\operatorname{sigmoid}"),
                   build=lambda a: 1 / (1 + sp.exp(-a)), shadowable=False, rule="derivative of the exponential",
                   stable="1/(1 + e^{−a}) = ½(1 + tanh(a/2)) (numeric kernel _expit); a product rational in e^a over "
                          "(1 + e^a)^m, as σ′ = e^{−a}/(1 + e^{−a})², is written in σ(a) and σ(−a)", example="sigmoid(z)"))
register(Construct("erf", "error function (exact GELU uses it)", extra=_TRANSCENDENTAL, latex=(r"\operatorname{erf}", r"\mathrm{erf}"),
                   build=sp.erf, classes=(sp.erf,), mp=mpmath.erf, entire=True, rule="derivative of erf",
                   notation=_call("erf"), numpy="_erf", example="x*(1 + erf(x/sqrt(2)))/2"))
for _name, _cls, _mp, _meaning in (("sin", sp.sin, mpmath.sin, "sine (radians)"),
                                   ("cos", sp.cos, mpmath.cos, "cosine (radians)"),
                                   ("sinh", sp.sinh, mpmath.sinh, "hyperbolic sine"),
                                   ("cosh", sp.cosh, mpmath.cosh, "hyperbolic cosine")):
    register(Construct(_name, _meaning, extra=_TRANSCENDENTAL, entire=True,
                       latex=(rf"\{_name}",), build=_cls, classes=(_cls,), mp=_mp, rule=f"derivative of {_name}",
                       notation=_call(_name, rf"\{_name}"), numpy=f"numpy.{_name}", example=f"{_name}(x)",
                       stable={"sinh": "sinh(a)^p/cosh(a)^q = tanh(a)^p sech(a)^{q−p} (q ≥ p)",
                               "cosh": "ln cosh a = |a| + softplus(−2|a|) − ln 2"}.get(_name)))
# Inverse trigonometric functions: ArcFace's angle arccos(ŵᵀx̂), the angle of a 2-D vector arctan(y/x).
for _name, _cls, _mp, _meaning, _domain, _defined in (
        ("arcsin", sp.asin, _in_unit_interval(mpmath.asin), "inverse sine (radians)", "-1 <= x <= 1", _unit),
        ("arccos", sp.acos, _in_unit_interval(mpmath.acos), "inverse cosine (radians)", "-1 <= x <= 1", _unit),
        ("arctan", sp.atan, mpmath.atan, "inverse tangent (radians)", "all reals", None)):
    register(Construct(_name, _meaning, extra=_TRANSCENDENTAL, latex=(rf"\{_name}",), build=_cls, classes=(_cls,),
                       mp=_mp, domain=_domain, defined=_defined, entire=_name == "arctan", rule=f"derivative of {_name}",
                       notation=_call(_name, rf"\{_name}"), numpy=f"numpy.{_name}", example=f"{_name}(x)"))
register(Construct("sech", "hyperbolic secant 1/cosh", extra=_TRANSCENDENTAL, latex=(r"\operatorname{sech}", r"\sech"), build=sp.sech,
                   classes=(sp.sech,), mp=mpmath.sech, entire=True, rule="derivative of sech", notation=_call("sech"),
                   numpy="_sech", example="sech(x)**2"))
register(Construct("softplus", "ln(1 + e^x)", latex=(r"\operatorname{softplus}",),
                   build=lambda a: sp.log(1 + sp.exp(a)), rule="derivative of the logarithm",
                   stable="ln(1 + e^{a}) = logaddexp(0, a) (numeric kernel _softplus)", example="softplus(z)"))

# -- piecewise functions: kinks, so claims hold almost everywhere ------------------------------

register(Construct("abs", "absolute value |x|", latex=(r"\lvert", r"\left|", "|"), build=sp.Abs, classes=(sp.Abs,),
                   mp=abs, kinks=_first_arg_kink, branch=_by_sign(lambda u: u, lambda u: -u),
                   rule="derivative of |·| (sign, almost everywhere)", shadowable=False,
                   notation=Notation("|x|", r"\left|x\right|", "|", style="bars"), numpy="numpy.abs",
                   example="abs(z)"))
register(Construct("max", "larger of two values", latex=(r"\max",), arity=2, build=sp.Max, classes=(sp.Max,),
                   mp=lambda *a: max(a), kinks=_pairwise_kinks,
                   branch=lambda args, sign_of: _largest(args, sign_of, 1),
                   rule="derivative of max (Heaviside step, almost everywhere)",
                   notation=_call("max", r"\max"), operands=_numbers_last, numpy="numpy.maximum", example="max(z, 0)"))
register(Construct("min", "smaller of two values", latex=(r"\min",), arity=2, build=sp.Min, classes=(sp.Min,),
                   mp=lambda *a: min(a), kinks=_pairwise_kinks,
                   branch=lambda args, sign_of: _largest(args, sign_of, -1),
                   rule="derivative of min (Heaviside step, almost everywhere)",
                   notation=_call("min", r"\min"), operands=_numbers_last, numpy="numpy.minimum", example="min(z, 1)"))
register(Construct("relu", "max(x, 0)", latex=(r"\operatorname{relu}", r"\operatorname{ReLU}"),
                   build=lambda a: sp.Max(a, 0), example="relu(z[i])"))
register(Construct("clip", "min(max(x, lo), hi)", latex=(r"\operatorname{clip}",), arity=3,
                   build=lambda x, lo, hi: sp.Min(sp.Max(x, lo), hi), example="clip(x, -1, 1)"))
def _not_at_a_literal_zero(name: str, build: Callable[[sp.Expr], sp.Expr], convention: str) -> Callable:
    """``build`` refusing an argument that is 0 as written (``step(x - x)``): SymPy would put in its own value there,
    which papers do not agree on, while the prover keeps it unknown wherever an argument becomes 0 later."""
    def built(u):
        if isinstance(u, sp.Basic) and u.is_zero:
            raise ParseError(f"{name}() of an argument that is 0 for every input: its value there is a convention "
                             f"({convention}); write the value you mean")
        return build(u)
    return built


register(Construct("sign", "sign of x: 1, -1 (undefined at 0: a kink)", latex=(r"\operatorname{sign}", r"\operatorname{sgn}"),
                   build=_not_at_a_literal_zero("sign", sp.sign, "sign(0) is -1, 0 or 1 in papers"),
                   classes=(sp.sign,), mp=_sign, kinks=_first_arg_kink, tie="sign(0)",
                   branch=_by_sign(lambda u: sp.Integer(1), lambda u: sp.Integer(-1)),
                   rule="derivative of sign (0 almost everywhere)", notation=_call("sign"),
                   numpy="numpy.sign", example="sign(z)"))
register(Construct("step", "Heaviside step H(x): 1 for x > 0, 0 for x < 0, H(0) = 1/2 (a kink)",
                   latex=(r"\Theta", r"\operatorname{H}", r"\operatorname{step}", r"\operatorname{Heaviside}", r"\mathbb{1}"),
                   build=_not_at_a_literal_zero("step", sp.Heaviside, "H(0) is 0, 1/2 or 1 in papers"),
                   classes=(sp.Heaviside,), mp=_step, kinks=_first_arg_kink, tie="H(0)",
                   branch=_by_sign(lambda u: sp.Integer(1), lambda u: sp.Integer(0)),
                   rule="derivative of the step H (0 almost everywhere)",
                   notation=_call("H", "H", "H"), operands=_first, numpy="_heaviside", example="step(z[i])"))
register(Construct("DiracDelta", "derivative of the step: 0 away from 0 (not in file syntax)", arity=1,
                   classes=(sp.DiracDelta,), mp=_dirac, kinks=_first_arg_kink,
                   branch=lambda args, sign_of: sp.Integer(0) if sign_of(args[0]) else None,
                   notation=_call("δ", r"\delta", "δ"), operands=_first, shadowable=True, kind="hidden"))
register(Construct("where", "a where cond holds, else b", latex=(r"\begin{cases}",), arity=3, build=_where,
                   classes=(sp.Piecewise,), mp=_piecewise, lazy=True, conditions=(0,),
                   kinks=_piecewise_kinks, branch=_piecewise_branch, rule="derivative of each case",
                   notation=_call("where", r"\operatorname{where}"), operands=_where_operands, variant=_indicator,
                   example="where(z > 0, z, 0.1*z)"))

# -- operators of conditions ------------------------------------------------------------------

for _op, _cls, _fn, _tex in (("<", sp.StrictLessThan, lambda a, b: a < b, "<"),
                             ("<=", sp.LessThan, lambda a, b: a <= b, r"\le"),
                             (">", sp.StrictGreaterThan, lambda a, b: a > b, ">"),
                             (">=", sp.GreaterThan, lambda a, b: a >= b, r"\ge"),
                             ("==", sp.Equality, lambda a, b: a == b, "="),
                             ("!=", sp.Unequality, lambda a, b: a != b, r"\ne")):
    register(Construct(_op, "comparison (in conditions only)", latex=(_tex,), arity=2, build=_cls,
                       classes=(_cls,), mp=_compare(_fn), lazy=True, kind="operator",
                       example=f"where(x {_op} 0, a, b)"))
register(Construct("and", "both conditions", latex=(r"\land", r"\wedge"), arity=2, build=sp.And, classes=(sp.And,),
                   mp=_all, lazy=True, kind="operator", example="x > 0 and y > 0"))
register(Construct("or", "either condition", latex=(r"\lor", r"\vee"), arity=2, build=sp.Or, classes=(sp.Or,),
                   mp=_any, lazy=True, kind="operator", example="x < 0 or x > 1"))
register(Construct("not", "negated condition", latex=(r"\lnot", r"\neg"), arity=1, build=sp.Not, classes=(sp.Not,),
                   mp=lambda value_of, node: not value_of(node.args[0]), lazy=True, kind="operator",
                   example="not x > 0"))
register(Construct("**", "power; an exponent of sizes and indices takes any base, any other symbolic one a base known "
                         "positive (given, defined or provably positive)",
                   latex=("^",), arity=2, build=sp.Pow, kind="operator", rule="power rule",
                   example="p**gamma (with p > 0 given); (1 + exp(-z))**gamma"))

# -- constants ---------------------------------------------------------------------------------

register(Construct("pi", "the constant π", latex=(r"\pi",), arity=None, build=lambda: sp.pi,
                   classes=(type(sp.pi),), mp=lambda: +mpmath.pi, kind="constant",
                   notation=_own("π", r"\pi", "π"), numpy="numpy.pi", example="sqrt(2/pi)"))
register(Construct("E", "Euler's number e", latex=("e",), arity=None, build=lambda: sp.E,
                   classes=(type(sp.E),), mp=lambda: +mpmath.e, kind="constant",
                   notation=_own("e", "e", "e"), numpy="numpy.e", example="E**x"))

# -- matrix notation (derive.language.arrays lowers each to index form, entry by entry) --------

register(Construct("@", "matrix product Σ_k A_ik B_kj (a vector is a column; TeX writes it as A B)", arity=2,
                   kind="operator", example="W @ x; (s - y) @ x.T"))
register(Construct(".T", "transpose (a vector becomes a row)", latex=(r"^\top", "^T", r"^{\mathsf T}"), arity=1,
                   kind="operator", example="W.T @ (s - y)"))
register(Construct("outer", "outer product a_i b_j of two vectors", latex=(r"\otimes",), arity=2,
                   build=arrays.outer, kind="array", example="outer(s - y, x)"))
register(Construct("diag", "diagonal matrix of a vector", latex=(r"\operatorname{diag}", r"\operatorname{Diag}"), arity=1,
                   build=arrays.diag, kind="array", example="diag(s) - s @ s.T"))
register(Construct("eye", "identity matrix of a size", latex=("I",), arity=1, build=arrays.eye,
                   kind="array", extra={"args": ("size",)}, example="eye(n)"))
register(Construct("ones", "vector ones(n) or matrix ones(n, m) of ones", latex=(r"\mathbf{1}",), arity=None,
                   build=arrays.ones, kind="array", extra={"arities": (1, 2), "args": ("size", "size")},
                   example="ones(n) @ ones(n).T / n"))
register(Construct("sum", "sum of all entries; sum(A, 0) over the first axis, sum(A, 1) over the second",
                   arity=None, build=arrays.total, kind="array",
                   extra={"arities": (1, 2), "args": ("array", "axis"), "fresh": True}, example="sum(y * log(s)); sum(X, 0)"))
register(Construct("softmax", "softmax of a vector: e^{v_i} / Σ_k e^{v_k}", latex=(r"\operatorname{softmax}",),
                   arity=1, build=arrays.softmax, kind="array", extra={"fresh": True}, example="diff(L, z) = softmax(z) - y"))
register(Construct("logsumexp", "log of the sum of exponentials of a vector's entries: ln Σ_k e^{v_k}",
                   latex=(r"\operatorname{logsumexp}", r"\operatorname{LSE}", r"\operatorname{lse}"),
                   arity=1, build=arrays.logsumexp, kind="array", extra={"fresh": True},
                   example="diff(logsumexp(z), z) = softmax(z)"))
register(Construct("trace", "sum of a square matrix's diagonal", latex=(r"\operatorname{tr}", r"\operatorname{trace}",
                                                                        r"\operatorname{Tr}"),
                   arity=1, build=arrays.trace, kind="array", extra={"fresh": True}, example="trace(A.T @ B)"))

# Last: whatever is registered or removed after this is the user's (the verdict cache is off while any is).
mark_built_in()
