"""The table of numerically stable rewrites, recognised on SymPy index-form definitions.

Like autograd's table of VJPs, one line per rule: a pattern in the (batched) index form
of a definition, and the stable kernel from ``numeric.kernels`` that replaces it.  A
rule never changes the value, only how it is computed: ``e^{a_i}/Σ_k e^{a_k}`` overflows
for logits of 1e3, its max-shifted form does not; ``ln s_i`` of a softmax that underflowed
to 0 is −∞, ``a_i − logsumexp(a)`` is finite.  Rules whose pattern starts with a log come
first, so ``ln(softmax)`` is seen whole before the softmax inside it.

A rule either calls a kernel on an array (``Match``) or gives an equal expression to compute instead
(``Rewrite``), in which the table applies again: ``ln cosh a`` is ``|a| + ln(1 + e^{−2|a|}) − ln 2``,
whose logarithm the softplus rule then computes; a product rational in ``e^a`` over ``(1 + e^a)^m``
(swish′ ``(e^a + a + 1) e^a/(e^a + 1)²``, inf/inf from a ≈ 89 in float32) is a polynomial in σ(a)
and σ(−a), numbers in [0, 1] from the ``_expit`` kernel.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp
from sympy import Add, Expr, Mul, Pow, Sum, exp, log
from sympy.core.symbol import Str
from sympy.matrices.expressions import MatrixExpr

from derive import indexcalc as ic
from derive.algebra.names import canonical

from .sigmoids import several_sigmoids


class KernelCall(MatrixExpr):
    """``kernel(arg, axis)``: a call of a stable kernel on a whole array (printed by ``numeric.printer``)."""

    def __new__(cls, kernel: str, arg: MatrixExpr, axis: int | None = None):
        return super().__new__(cls, Str(kernel), arg, sp.Integer(-1 if axis is None else axis))

    @property
    def kernel(self) -> str:
        return self.args[0].name

    @property
    def arg(self) -> MatrixExpr:
        return self.args[1]

    @property
    def axis(self) -> int | None:
        a = int(self.args[2])
        return None if a < 0 else a

    @property
    def shape(self):
        rows, cols = self.arg.shape
        if self.kernel == "_logsumexp":
            return (rows, 1) if self.axis == 1 else (1, cols)
        return rows, cols


@dataclass(frozen=True)
class Match:
    """A recognised pattern: the kernel to call on ``arg``; ``axis`` is the index reduced over (or None)."""

    kernel: str
    arg: Expr
    axis: sp.Symbol | None
    axis_size: Expr | None
    sign: int = 1


@dataclass(frozen=True)
class Rewrite:
    """An equal expression to compute instead: ``expr``, where each placeholder of ``calls`` stands for the
    result of its kernel call.  The rewrite walks on into ``expr``, so the table's other rules apply there."""

    expr: Expr
    calls: tuple[tuple[sp.Dummy, Match], ...] = ()


@dataclass(frozen=True)
class Rule:
    """One stable rewrite: a name, the identity it uses (for reports) and its matcher."""

    name: str
    identity: str
    match: Callable[[Expr], Match | Rewrite | None]


def _exp_arg(e: Expr) -> Expr | None:
    return e.args[0] if isinstance(e, exp) else None


def _lse_parts(e: Expr) -> tuple[Expr, sp.Symbol, Expr] | None:
    """``Σ_k e^{a(k)}`` → (a(k), k, size)."""
    if isinstance(e, Sum) and len(e.limits) == 1:
        (k, lo, hi), = e.limits
        a = _exp_arg(e.function)
        if a is not None and lo == 1:
            return a, k, hi
    return None


def _softmax_parts(e: Expr) -> tuple[Expr, sp.Symbol, Expr] | None:
    """``e^{a_i} / Σ_k e^{a_k}`` → (a_i, i, size)."""
    if not isinstance(e, Mul):
        return None
    nums = [f for f in e.args if isinstance(f, exp)]
    dens = [f for f in e.args if isinstance(f, Pow) and f.exp == -1 and _lse_parts(f.base)]
    if len(nums) != 1 or len(dens) != 1 or len(e.args) != 2:
        return None
    a_i = nums[0].args[0]
    a_k, k, size = _lse_parts(dens[0].base)
    for i in ic.free_indices(a_i):
        if a_i.xreplace({i: k}) == a_k:
            return a_i, i, size
    return None


def _sigmoid_arg(e: Expr) -> Expr | None:
    """``1 / (1 + e^{−a})`` → a."""
    if isinstance(e, Pow) and e.exp == -1 and isinstance(e.base, Add) and len(e.base.args) == 2:
        one, rest = sorted(e.base.args, key=lambda t: not t.is_Number)
        if one == 1 and isinstance(rest, exp):
            return -rest.args[0]
    return None


def _match_softmax(e: Expr) -> Match | None:
    p = _softmax_parts(e)
    return Match("_softmax", p[0], p[1], p[2]) if p else None


def _match_log_softmax(e: Expr) -> Match | None:
    if isinstance(e, log):
        p = _softmax_parts(e.args[0])
        return Match("_log_softmax", p[0], p[1], p[2]) if p else None
    # The log_softmax layer's own form: a_i − ln Σ_k e^{a_k}.
    if isinstance(e, Add) and len(e.args) == 2:
        for a_i, other in (e.args, e.args[::-1]):
            neg = -other
            if isinstance(neg, log) and (parts := _lse_parts(neg.args[0])):
                a_k, k, size = parts
                for i in ic.free_indices(a_i):
                    if a_i.xreplace({i: k}) == a_k:
                        return Match("_log_softmax", a_i, i, size)
    return None


def _match_logsumexp(e: Expr) -> Match | None:
    if isinstance(e, log) and (parts := _lse_parts(e.args[0])):
        a_k, k, size = parts
        return Match("_logsumexp", a_k, k, size)
    return None


def _match_log_sigmoid(e: Expr) -> Match | None:
    if isinstance(e, log) and (a := _sigmoid_arg(e.args[0])) is not None:
        return Match("_softplus", -a, None, None, sign=-1)
    return None


def _match_log_one_minus_sigmoid(e: Expr) -> Match | None:
    if isinstance(e, log) and isinstance(e.args[0], Add):
        inner = e.args[0]
        rest = inner - 1
        if (a := _sigmoid_arg(-rest)) is not None:
            return Match("_softplus", a, None, None, sign=-1)
    return None


def _match_sigmoid(e: Expr) -> Match | None:
    a = _sigmoid_arg(e)
    return Match("_expit", a, None, None) if a is not None else None


def _match_softplus(e: Expr) -> Match | None:
    if isinstance(e, log) and isinstance(e.args[0], Add) and len(e.args[0].args) == 2:
        one, rest = sorted(e.args[0].args, key=lambda t: not t.is_Number)
        if one == 1 and isinstance(rest, exp):
            return Match("_softplus", rest.args[0], None, None)
    return None


def _match_relu(e: Expr) -> Match | None:
    if isinstance(e, sp.Max) and len(e.args) == 2 and 0 in e.args:
        return Match("_relu", next(a for a in e.args if a != 0), None, None)
    return None


def _match_step(e: Expr) -> Match | None:
    if isinstance(e, sp.Heaviside) and (len(e.args) == 1 or e.args[1] == sp.S.Half):
        return Match("_heaviside", e.args[0], None, None)
    return None


def _exp_pair(e: Expr) -> tuple[Expr, Expr] | None:
    """``e^u + e^v`` (``1`` is ``e^0``) → (u, v)."""
    if not isinstance(e, Add) or len(e.args) != 2:
        return None
    args = [sp.Integer(0) if t == 1 else _exp_arg(t) for t in e.args]
    return None if any(a is None for a in args) else (args[0], args[1])


def _match_logaddexp(e: Expr) -> Rewrite | None:
    """``ln(e^u + e^v)`` → ``u + ln(1 + e^{v − u})``, which the softplus rule then computes."""
    if isinstance(e, log) and (pair := _exp_pair(e.args[0])) and 0 not in pair:
        u, v = pair
        return Rewrite(u + log(1 + exp(v - u)))
    return None


def _match_log_scaled(e: Expr) -> Rewrite | None:
    """``ln(c (e^u + e^v))``, c > 0 a number (``ln((e^z + e^{−z})/2)``) → ``ln c + ln(e^u + e^v)``."""
    if isinstance(e, log) and isinstance(e.args[0], Add):
        # the number alone (as_content_primitive) when factor_terms takes an exponential out as well:
        # 3e^z + 3e^{2z} is 3 e^z (1 + e^z) there, no pair, and ln of it was ±inf at z = ±800
        for c, rest in (sp.factor_terms(e.args[0]).as_coeff_Mul(), e.args[0].as_content_primitive()):
            if c.is_positive and c != 1 and _exp_pair(rest) is not None:
                return Rewrite(log(c) + log(rest))
    return None


def _match_log_cosh(e: Expr) -> Rewrite | None:
    """``ln cosh a`` → ``|a| + ln(1 + e^{−2|a|}) − ln 2``, which the softplus rule then computes."""
    if isinstance(e, log) and isinstance(e.args[0], sp.cosh):
        a = sp.Abs(e.args[0].args[0])
        return Rewrite(a + log(1 + exp(-2 * a)) - log(2))
    return None


def _match_tanh(e: Expr) -> Rewrite | None:
    """``sinh(a)^p / cosh(a)^q`` (q ≥ p) in a product → ``tanh(a)^p sech(a)^{q−p}``: no inf/inf."""
    if isinstance(e, Pow) and isinstance(e.base, sp.cosh) and e.exp.is_Integer and e.exp < 0:
        return Rewrite(sp.sech(e.base.args[0]) ** -e.exp)  # 1/cosh a: no overflow on the way to 0
    if not isinstance(e, Mul):
        return None
    powers = [f.as_base_exp() for f in e.args]
    for (sb, p) in powers:
        if isinstance(sb, sp.sinh) and p.is_Integer and p > 0:
            for (cb, q) in powers:
                # the same argument, its sums' dummies named apart (two Σ_k W_ik u_k of one definition)
                if isinstance(cb, sp.cosh) and canonical(cb.args[0]) == canonical(sb.args[0]) and q.is_Integer \
                        and -q >= p:
                    a = sb.args[0]
                    rest = [f for f in e.args if f.as_base_exp()[0] not in (sb, cb)]
                    return Rewrite(Mul(*rest) * sp.tanh(a) ** p * sp.sech(a) ** (-q - p))
    # (cosh² a − 2 sinh² a) / cosh³ a, the derivative of sinh/cosh²: each term over cosh³ a on its own, where the
    # rule above applies (inf − inf over inf before)
    for (cb, q) in powers:
        if isinstance(cb, sp.cosh) and q.is_Integer and q < 0:
            for f in e.args:
                if isinstance(f, Add) and all(_bounded_over(t, cb.args[0], -q) for t in f.args):
                    rest = [g for g in e.args if g is not f and g.as_base_exp()[0] != cb]
                    return Rewrite(Mul(*rest) * Add(*[t * cb ** q for t in f.args]))
    return None


def _bounded_over(term: Expr, a: Expr, q: int) -> bool:
    """True when ``term``, a product of powers of sinh a and cosh a (and factors free of them), over cosh^q a is bounded."""
    degree = 0
    for f in Mul.make_args(term):
        base, power = f.as_base_exp()
        if isinstance(base, (sp.sinh, sp.cosh)) and canonical(base.args[0]) == canonical(a):
            if not (power.is_Integer and power > 0):
                return False
            degree += int(power)
        elif f.has(sp.sinh, sp.cosh, exp):
            return False
    return 0 < degree <= q


def _variables(e: Expr) -> set:
    """The array entries and scalars ``e`` depends on."""
    entries = e.atoms(sp.Indexed)
    return entries | {v for v in e.free_symbols if not any(v in i.free_symbols for i in entries)}


def _rational_in(e: Expr, a: Expr, x: sp.Dummy, opaque: dict) -> Expr | None:
    """``e`` with every ``e^{k a}`` (k an integer) written ``x^k``; any other function becomes a placeholder of
    ``opaque``.  None when an exponential is left that is not a power of ``e^a``."""
    if isinstance(e, exp):
        # e^{k a + b}, b of other arrays (σ(b) beside swish′ of a; SymPy writes e^a e^b as e^{a + b}):
        # x^k times e^b, a coefficient rewritten on its own
        mine = [t for t in Add.make_args(e.args[0]) if _variables(t) & _variables(a)]
        k = sp.cancel(Add(*mine) / a)
        if not k.is_Integer:
            return None
        other = e.args[0] - Add(*mine)
        return x ** k * (opaque.setdefault(exp(other), sp.Dummy("f")) if other != 0 else 1)
    if isinstance(e, (Add, Mul)):
        args = [_rational_in(t, a, x, opaque) for t in e.args]
        return None if any(t is None for t in args) else e.func(*args)
    if isinstance(e, Pow) and e.exp.is_Integer:
        base = _rational_in(e.base, a, x, opaque)
        return None if base is None else base ** e.exp
    if e.is_Atom or isinstance(e, sp.Indexed):
        return e
    if isinstance(e, Pow) and isinstance(e.base, exp):
        return None  # √(e^{z²}) is an exponential, e^{z²/2}: as a coefficient it overflowed beside its 1/√(e^{z²})
    return opaque.setdefault(e, sp.Dummy("f"))  # tanh(softplus(a)) of mish′: a coefficient, rewritten on its own


def _match_logistic(e: Expr) -> Rewrite | None:
    """A product rational in ``e^a`` over ``(1 + e^a)^m`` (or ``(e^u + e^v)^m``, a = v − u), bounded: in σ(a), σ(−a).

    With e^a = σ(a)/σ(−a), the product becomes a rational function of σ(a) and σ(−a); every factor
    σ(a) + σ(−a) of it is 1, and when no σ is left in the denominator what remains is a polynomial in
    numbers between 0 and 1: ``(e^a + a + 1) e^a / (e^a + 1)²`` (swish′) is σ(a)(1 + a σ(−a)), finite
    where e^a is inf.  A product whose exponentials are all in sigmoids already ``1/(1 + e^{−a})`` is left
    to the sigmoid rule, so every other expression prints as before.
    """
    if not isinstance(e, Mul):
        return None
    dens = [(f, pair) for f in e.args if isinstance(f, Pow) and f.exp.is_Integer and f.exp < 0
            and (pair := _exp_pair(f.base))]
    for den, (u, v) in dens:  # one argument a at a time: the rewrite walks on into the others
        for p, q in ((u, v), (v, u)):
            # e^p + e^q = e^p (1 + e^a): the e^{−m p} joins the product's own exponentials.
            a, m = q - p, -den.exp
            shift = [-m * p] + [f.args[0] for f in e.args if isinstance(f, exp)]
            factors = [f for f in e.args if f is not den and not isinstance(f, exp)] + [(1 + exp(a)) ** -m]
            found = _logistic(Mul(*factors, exp(Add(*shift))), a)
            if found is None:
                # (e^z − e^{−z})/(e^z + e^{−z}): the e^{−z} taken out of the denominator goes into the
                # numerator's sum, 1 − e^{−2z}, whose exponentials are then powers of e^{a}
                found = _logistic(_distributed(Mul(*factors), exp(Add(*shift))), a)
            if found is not None:
                return found
    return None


def _distributed(e: Expr, factor: Expr) -> Expr:
    """``factor · e`` with ``factor`` multiplied into the first sum of exponentials among ``e``'s factors."""
    parts = list(Mul.make_args(e))
    for n, f in enumerate(parts):
        if isinstance(f, Add) and f.has(exp):
            parts[n] = Add(*[t * factor for t in f.args])
            return Mul(*parts)
    return Mul(*parts, factor)


def _logistic(e: Expr, a: Expr) -> Rewrite | None:
    """``e`` (a product) in σ(a) and σ(−a), or None when it is not bounded that way or needs no rewrite."""
    x, s, t, opaque = sp.Dummy("x"), sp.Dummy("s"), sp.Dummy("t"), {}
    inner, rest = [], []
    for f in Mul.make_args(e):
        (inner if f.has(exp) else rest).append(f)
    converted = [_rational_in(f, a, x, opaque) for f in inner]
    if any(f is None for f in converted):
        return None
    if all(f.as_base_exp()[1] == -1 and f.as_base_exp()[0] in (1 + x, 1 + 1 / x) for f in converted if f.has(x)):
        return None  # sigmoids 1/(1 + e^{∓a}) only: the sigmoid rule's
    num, den = sp.fraction(sp.cancel(sp.together(Mul(*converted).xreplace({x: s / t}))))
    def dropped(poly: Expr) -> Expr:
        coeff, parts = sp.factor_list(poly)
        return coeff * Mul(*[f ** k for f, k in parts if f != s + t])  # σ(a) + σ(−a) = 1

    num, den = dropped(num), dropped(den)
    if den.has(s, t):
        return None  # unbounded where σ(a) or σ(−a) underflows: e^{2a}/(1 + e^a)
    body = (num.subs(s + t, 1) / den).xreplace({d: f for f, d in opaque.items()})
    calls = tuple((d, Match("_expit", arg, None, None)) for d, arg in ((s, a), (t, -a)) if body.has(d))
    return Rewrite(Mul(*rest) * body, calls)


def _match_several_logistic(e: Expr) -> Rewrite | None:
    """A product rational in the exponentials of several arguments over ``(1 + e^{a})^m``: in σ(±a) of each."""
    found = several_sigmoids(e)
    if found is None:
        return None
    body, calls = found
    return Rewrite(body, tuple((d, Match("_expit", a, None, None)) for d, a in calls.items()))


#: The table, tried in order at every node (top-down).
RULES: tuple[Rule, ...] = (
    Rule("log-softmax", "ln(e^{a_i}/Σ_k e^{a_k}) = (a_i − max a) − ln Σ_k e^{a_k − max a}", _match_log_softmax),
    Rule("log-sigmoid", "ln σ(a) = −softplus(−a)", _match_log_sigmoid),
    Rule("log-one-minus-sigmoid", "ln(1 − σ(a)) = −softplus(a)", _match_log_one_minus_sigmoid),
    Rule("logsumexp", "ln Σ_k e^{a_k} = max a + ln Σ_k e^{a_k − max a}", _match_logsumexp),
    Rule("softplus", "ln(1 + e^{a}) = logaddexp(0, a)", _match_softplus),
    Rule("logaddexp", "ln(e^{u} + e^{v}) = u + softplus(v − u)", _match_logaddexp),
    Rule("log-scaled", "ln(c (e^{u} + e^{v})) = ln c + ln(e^{u} + e^{v}), c > 0", _match_log_scaled),
    Rule("log-cosh", "ln cosh a = |a| + softplus(−2|a|) − ln 2", _match_log_cosh),
    Rule("logistic", "rational in e^{a} over (1 + e^{a})^m: e^{a} = σ(a)/σ(−a), σ(a) + σ(−a) = 1", _match_logistic),
    # the one-argument rule first: where it applies, its σ(a)-only polynomials keep the tails' relative accuracy
    Rule("logistic-several", "rational in e^{a_1}, …, e^{a_n} over Π (1 + e^{a_j})^m: each e^{a_j} = σ(a_j)/σ(−a_j), "
         "σ(a_j) + σ(−a_j) = 1", _match_several_logistic),
    Rule("tanh", "sinh(a)^p / cosh(a)^q = tanh(a)^p sech(a)^{q−p}; a sum of such terms over cosh(a)^q, term by term",
         _match_tanh),
    Rule("softmax", "e^{a_i}/Σ_k e^{a_k} = e^{a_i − max a}/Σ_k e^{a_k − max a}", _match_softmax),
    Rule("sigmoid", "1/(1 + e^{−a}) = ½(1 + tanh(a/2))", _match_sigmoid),
    Rule("relu", "max(0, a) element-wise (no stability issue; numpy.maximum)", _match_relu),
    Rule("step", "H(a) element-wise, H(0) = ½ as in SymPy (numpy.heaviside)", _match_step),
)

#: Kernels that may share work when called on the same array: (kernels) → fused kernel (results in that order).
FUSED = {("_softmax", "_log_softmax"): "_softmax_log_softmax"}


def match(e: Expr) -> tuple[Rule, Match] | None:
    """The first rule of the table matching ``e`` at its root."""
    for rule in RULES:
        m = rule.match(e)
        if m is not None:
            return rule, m
    return None


def rewrite(expr: Expr, request: Callable[[Match], Expr], used: list | None = None) -> Expr:
    """Replace every match of a rule in ``expr`` (top-down) by ``sign · request(match)``."""
    def walk(e: Expr) -> Expr:
        if not isinstance(e, Expr) or e.is_Atom or isinstance(e, sp.Indexed):
            return e
        found, rest = match(e), sp.Integer(1)
        if found is None and isinstance(e, Mul):
            found, rest = _match_in_product(e)
        if found is not None:
            rule, m = found
            if used is not None and rule.name not in used:
                used.append(rule.name)
            if isinstance(m, Rewrite):
                return walk(m.expr).xreplace({d: request(c) for d, c in m.calls})
            return walk(rest) * m.sign * request(m)
        return e.func(*[walk(a) for a in e.args])
    return walk(expr)


def _match_in_product(e: Mul) -> tuple[tuple[Rule, Match] | None, Expr]:
    """A softmax among a product's factors (``x_k e^{z_j}/Σ e^{z_i}``): the match and the other factors."""
    nums = [f for f in e.args if isinstance(f, exp)]
    dens = [f for f in e.args if isinstance(f, Pow) and f.exp == -1 and _lse_parts(f.base)]
    for n in nums:
        for d in dens:
            m = _match_softmax(Mul(n, d, evaluate=False))
            if m is not None:
                rest = [f for f in e.args if f is not n and f is not d]
                return (next(r for r in RULES if r.name == "softmax"), m), Mul(*rest)
    return None, sp.Integer(1)


def is_log_pattern(e: Expr) -> bool:
    """True when a rule matches ``e`` and ``e`` is a logarithm (worth inlining a definition for)."""
    found = match(e)
    return found is not None and isinstance(e, log)
