"""The table of numerically stable rewrites, recognised on SymPy index-form definitions.

Like autograd's table of VJPs, one line per rule: a pattern in the (batched) index form
of a definition, and the stable kernel from ``numeric.kernels`` that replaces it.  A
rule never changes the value, only how it is computed: ``e^{a_i}/Σ_k e^{a_k}`` overflows
for logits of 1e3, its max-shifted form does not; ``ln s_i`` of a softmax that underflowed
to 0 is −∞, ``a_i − logsumexp(a)`` is finite.  Rules whose pattern starts with a log come
first, so ``ln(softmax)`` is seen whole before the softmax inside it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp
from sympy import Add, Expr, Mul, Pow, Sum, exp, log
from sympy.core.symbol import Str
from sympy.matrices.expressions import MatrixExpr

from derive import indexcalc as ic


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
class Rule:
    """One stable rewrite: a name, the identity it uses (for reports) and its matcher."""

    name: str
    identity: str
    match: Callable[[Expr], Match | None]


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


#: The table, tried in order at every node (top-down).
RULES: tuple[Rule, ...] = (
    Rule("log-softmax", "ln(e^{a_i}/Σ_k e^{a_k}) = (a_i − max a) − ln Σ_k e^{a_k − max a}", _match_log_softmax),
    Rule("log-sigmoid", "ln σ(a) = −softplus(−a)", _match_log_sigmoid),
    Rule("log-one-minus-sigmoid", "ln(1 − σ(a)) = −softplus(a)", _match_log_one_minus_sigmoid),
    Rule("logsumexp", "ln Σ_k e^{a_k} = max a + ln Σ_k e^{a_k − max a}", _match_logsumexp),
    Rule("softplus", "ln(1 + e^{a}) = logaddexp(0, a)", _match_softplus),
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
