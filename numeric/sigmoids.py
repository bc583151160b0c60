"""Products rational in the exponentials of *several* arguments, over ``(1 + e^{a})^m``, written in σ(±a).

The engine's simplification puts a sum of two terms' derivatives over one denominator:
``softplus(z) + ln(1 + e^{−z²})`` has the gradient ``σ(z) − 2z σ(−z²)``, but it is derived as
``(e^{(z+1)z} − 2z e^z + e^z − 2z) / ((e^z + 1)(e^{z²} + 1))``, whose ``e^{z² + z}`` is inf from z ≈ 27.
The one-argument rule (``stable._match_logistic``) sees neither argument whole there: ``e^{z² + z}``
is no integer power of ``e^z`` nor of ``e^{z²}``.  Here every exponent is written as an integer
combination of a few arguments (``z² + z`` = ``z`` + ``z²``), the product becomes a rational function of
``x_j = e^{a_j}``, each ``x_j`` of a denominator ``1 + x_j`` is ``σ(a_j)/σ(−a_j)``, and the factors
``σ(a_j) + σ(−a_j)`` (which are 1) are divided out of the numerator: the result is a polynomial in
numbers in [0, 1], times exponentials of the other arguments one term at a time
(``σ(a)σ(−a) − 2a e^{−a²}`` for ``(σ(a) + e^{−a²})′``, never ``e^{a² + a} · e^{−a²}``).
"""
from __future__ import annotations

import sympy as sp
from sympy import Add, Expr, Mul, Pow, exp


def _terms(e: Expr) -> dict:
    """``e`` expanded, as {monomial: coefficient}: the coordinates a linear solve works in."""
    out: dict = {}
    for t in Add.make_args(sp.expand(e)):
        c, m = t.as_coeff_Mul()
        out[m] = out.get(m, 0) + c
    return out


def _combination(e: Expr, basis: list[Expr]) -> list[sp.Rational] | None | bool:
    """Rationals k with ``e = Σ k_j basis_j``; None when there are none; False when they are not unique."""
    if not basis:
        return None
    vecs = [_terms(b) for b in basis]
    target = _terms(e)
    monos = sorted(set(target).union(*vecs), key=sp.default_sort_key)
    m = sp.Matrix([[v.get(mono, 0) for v in vecs] for mono in monos])
    rhs = sp.Matrix([target.get(mono, 0) for mono in monos])
    try:
        sol, params = m.gauss_jordan_solve(rhs)
    except ValueError:
        return None
    if params.shape[0] or not all(k.is_Rational for k in sol):
        return False  # the arguments are not independent: no one way to write it
    return list(sol)


def _exponent(f: Expr) -> Expr | None:
    """``e^{E}`` or ``(e^{E})^r`` → ``r E`` (the exponent it computes), else None."""
    if isinstance(f, exp):
        return f.args[0]
    if isinstance(f, Pow) and isinstance(f.base, exp) and f.exp.is_Rational:
        return f.exp * f.base.args[0]  # √(e^{E}) is e^{E/2}: the quantities are real
    return None


def _exponents(e: Expr) -> set[Expr]:
    """The exponents of the exponentials ``e`` computes (``√(e^{z²})`` computes e^{z²/2}, not e^{z²})."""
    if (E := _exponent(e)) is not None:
        return {E}
    return set().union(*[_exponents(a) for a in e.args]) if isinstance(e, Expr) and e.args else set()


def _denominator_args(e: Mul) -> list[Expr]:
    """The arguments a of the product's factors ``(1 + e^{a})^{−m}``."""
    found = []
    for f in e.args:
        if isinstance(f, Pow) and f.exp.is_Integer and f.exp < 0 and isinstance(f.base, Add) \
                and len(f.base.args) == 2 and 1 in f.base.args:
            (other,) = [t for t in f.base.args if t != 1]
            if isinstance(other, exp) and other.args[0] not in found:
                found.append(other.args[0])
    return found


class _Generators:
    """Every exponent as a monomial in ``x_j = e^{a_j}`` (the denominators' arguments first, then the others'),
    and ``y_j = e^{a_j/d}`` for the fractions of a denominator's argument (``e^{3z²/2} = x y`` with
    ``1 + x = 1 + e^{z²}``): y_j is kept as an exponential of its own, never written in σ."""

    def __init__(self, e: Expr, dens: list[Expr]):
        self.dens = list(dens)
        self.basis = list(dens)
        self.ok = True
        exponents = sorted(_exponents(e), key=lambda E: (len(_terms(E)), sp.count_ops(E), sp.default_sort_key(E)))
        # one-monomial exponents first: e^{−z²} is a generator of its own and e^{z² + z} = e^z e^{z²}, not
        # e^{−z²} = e^z / e^{z² + z} (which divides by σ(−z))
        for E in exponents:
            if E != 0 and _combination(E, self.basis) is None:
                self.basis.append(E)
        self.ks = {}
        for E in exponents:
            ks = _combination(E, self.basis) if E != 0 else [sp.Integer(0)] * len(self.basis)
            if not ks:
                self.ok = False
                return
            self.ks[E] = ks
        lcm = [sp.ilcm(*[sp.Integer(1)] + [k.q for ks in self.ks.values() for k in ks[j:j + 1]])
               for j in range(len(self.basis))]
        # An argument of no denominator is rescaled (its generator e^{a/d}); one of a denominator keeps
        # e^{a} for σ and takes a second generator e^{a/d} for the fractions.
        n = len(self.dens)
        for j in range(n, len(self.basis)):
            self.basis[j] = self.basis[j] / lcm[j]
            for ks in self.ks.values():
                ks[j] = ks[j] * lcm[j]
        self.xs = [sp.Dummy("x") for _ in self.basis]
        self.fractions = {j: (sp.Dummy("y"), lcm[j]) for j in range(n) if lcm[j] != 1}

    def monomial(self, E: Expr) -> Expr:
        """``e^{E}`` as a product of powers of the generators."""
        out = []
        for j, (x, k) in enumerate(zip(self.xs, self.ks[E])):
            whole = sp.Integer(int(k))  # towards zero: e^{−z²/2} is y^{−1}, not x^{−1} y (σ(−z²)/σ(z²) y)
            out.append(x ** whole)
            if k != whole:
                y, d = self.fractions[j]
                out.append(y ** ((k - whole) * d))
        return Mul(*out)

    def back(self) -> dict:
        """The generators that stay exponentials: placeholder → exponential."""
        n = len(self.dens)
        table = {x: exp(b) for x, b in zip(self.xs[n:], self.basis[n:])}
        table.update({y: exp(self.basis[j] / d) for j, (y, d) in self.fractions.items()})
        return table


def _convert(e: Expr, gens: _Generators, opaque: dict) -> Expr | None:
    """``e`` with each exponential a monomial of ``gens``; other functions placeholders."""
    if (E := _exponent(e)) is not None:
        return gens.monomial(E)
    if isinstance(e, (Add, Mul)):
        args = [_convert(t, gens, opaque) for t in e.args]
        return None if any(t is None for t in args) else e.func(*args)
    if isinstance(e, Pow) and e.exp.is_Integer:
        base = _convert(e.base, gens, opaque)
        return None if base is None else base ** e.exp
    if e.is_Atom or isinstance(e, sp.Indexed):
        return e if e.is_Number else opaque.setdefault(e, sp.Dummy("f"))
    if e.has(exp):
        return None  # an exponential inside another function (√(1 + e^z)): not this rule's
    return opaque.setdefault(e, sp.Dummy("f"))


def _homogeneous(p: Expr, s: sp.Dummy, t: sp.Dummy) -> Expr:
    """``p`` with each term multiplied by (s + t)^k (that is 1) to the same degree in s, t: t − t² is s t.

    A sum of such terms has no cancellation where σ(a) or σ(−a) is near 1, unlike t − t² there."""
    groups: dict = {}
    # terms with the same other factors (up to a number) together: t − t², apart from − 2z e^{−z²}
    for term in Add.make_args(p):
        groups.setdefault(term.as_independent(s, t)[0].as_coeff_Mul()[1], []).append(term)
    out = []
    for terms in groups.values():
        degree = [sp.Poly(term, s, t).total_degree() for term in terms]
        out += [term * (s + t) ** (max(degree) - d) for term, d in zip(terms, degree)]
    return sp.expand(Add(*out))


def _divided_out(num: Expr, pairs: list[tuple[sp.Dummy, sp.Dummy]]) -> Expr:
    """``num`` with s + t = 1 used to shorten it: ``q (s + t) + r`` → ``q + r``, dividing by s or t, if shorter."""
    def size(p: Expr) -> tuple:
        return len(Add.make_args(p)), sp.count_ops(p)

    best = sp.expand(num)
    for s, t in pairs:
        while True:  # (s + t)² of a squared denominator goes in two divisions
            options = [sp.expand(q + r) for q, r in (sp.div(best, s + t, lead) for lead in (s, t))]
            options.append(_homogeneous(best, s, t))
            shorter = min(options, key=size)
            if size(shorter) >= size(best):
                break
            best = shorter
    return best


class _OneArgument:
    """Every exponent an integer multiple of one argument g (``2z`` and ``z`` of σ(2z) beside σ(z)): x = e^{g}."""

    def __init__(self, e: Expr, dens: list[Expr]):
        ratios = {E: sp.cancel(E / dens[0]) for E in _exponents(e)}
        self.ok = all(r.is_Rational for r in ratios.values())
        if self.ok:
            d = sp.ilcm(1, *[r.q for r in ratios.values()])
            self.g, self.x = dens[0] / d, sp.Dummy("x")
            self.ks = {E: r * d for E, r in ratios.items()}

    def monomial(self, E: Expr) -> Expr:
        """``e^{E}`` as a power of ``e^{g}``."""
        return self.x ** self.ks[E]


def _fractions_of_one_argument(e: Expr, dens: list[Expr]) -> Expr | None:
    """``e`` in partial fractions of x = e^{g}, each ``c x^{ik}/(1 + x^k)^m`` (0 ≤ i ≤ m) or a number: then
    σ(±k g) products (2σ(2z) − σ(z) = 1 − 2/(1 + e^{2z}) + 1/(1 + e^z)); None when a fraction is not so."""
    one = _OneArgument(e, dens)
    if not one.ok:
        return None
    opaque: dict = {}
    converted = _convert(e, one, opaque)
    if converted is None:
        return None
    x, out = one.x, []
    for t in Add.make_args(sp.apart(sp.cancel(converted), x)):
        num, den = sp.fraction(sp.factor(t))
        coeff, parts = sp.factor_list(den, x)
        (base, m), = parts if len(parts) == 1 else [(None, 0)]
        if not num.has(x) and not den.has(x):
            out.append(t)
            continue
        power = None if base is None else (base - 1).as_base_exp()
        if power is None or power[0] != x or not power[1].is_Integer or power[1] < 1:
            return None
        k = int(power[1])
        npow = sp.degree(num, x) if num.has(x) else 0
        if not sp.Poly(num, x).is_monomial or npow % k or not 0 <= npow // k <= m:
            return None
        c = num / x ** npow / coeff
        out.append(c * exp(npow * one.g) * (1 + exp(k * one.g)) ** -m)
    return Add(*out).xreplace({d: f for f, d in opaque.items()})


def _positive_on_simplex(f: Expr, s: sp.Dummy, t: sp.Dummy) -> bool:
    """True when ``f``, a polynomial in s, t only, is > 0 wherever s, t ≥ 0 and s + t = 1 (``s² + t²`` ≥ ½):
    a denominator bounded away from 0 however far σ(a) or σ(−a) underflows."""
    if f.free_symbols - {s, t}:
        return False
    p = sp.Poly(sp.expand(f.subs(t, 1 - s)), s)
    return p.eval(sp.Rational(1, 2)) > 0 and p.count_roots(0, 1) == 0


def _homogeneous_of_one_argument(e: Expr, dens: list[Expr]) -> tuple[Expr, dict] | None:
    """Every exponent a rational multiple of one argument g (``e^{2z}/((1 + e^{2z})(1 + e^z))``, ``e^{z/2}/(1 + e^z)``):
    ``x = e^{g}`` is ``s/t`` with s = σ(g), t = σ(−g), and ``1 + x^k`` is ``(s^k + t^k)/t^k``.  Numerator and
    denominator are then homogeneous polynomials in s, t: where s or t underflows one monomial of each
    dominates and no terms cancel (partial fractions in σ(±k g) do: σ(z)σ(2z)σ(−z)′ at z = −30 was −1e-16, the
    truth 2.5e-39), and ``s^k + t^k`` ≥ 2^{1−k} is never 0.  The factors σ(g) + σ(−g) = 1 leave the
    denominator; what is left is a power of s or t (where the value itself is unbounded) times factors positive
    on s + t = 1; None when another factor is left."""
    one = _OneArgument(e, dens)
    if not one.ok:
        return None
    opaque: dict = {}
    inner, rest = [], []
    for f in e.args:
        (inner if f.has(exp) else rest).append(f)
    converted = _convert(Mul(*inner), one, opaque)
    if converted is None:
        return None
    s, t = sp.Dummy("s"), sp.Dummy("t")
    num, den = sp.fraction(sp.cancel(sp.together(converted.xreplace({one.x: s / t}))))
    coeff, parts = sp.factor_list(den)
    kept = []
    for f, k in parts:
        if f == s + t:
            continue
        # s or t alone is unbounded, but only where the value is: c/σ(g)^k overflows where the truth,
        # about c e^{−k g}, does (σ(z)/σ(2z)′ = t(s² − 2st − t²)/s, 0 at z = 800, not inf · 0)
        if f.has(s, t) and f not in (s, t) and not _positive_on_simplex(f, s, t):
            return None
        kept.append(f ** k)
    body = sp.expand(num) / (coeff * Mul(*kept))
    back = {d: f for f, d in opaque.items()}
    calls = {d: a for d, a in ((s, one.g), (t, -one.g)) if body.has(d)}
    return Mul(*rest) * body.xreplace(back), calls


def several_sigmoids(e: Expr) -> tuple[Expr, dict[sp.Dummy, Expr]] | None:
    """A product in several arguments' exponentials over ``(1 + e^{a})^m``: (an equal expression whose
    placeholders are σ of the arguments the mapping gives, that mapping); None when it is not one or
    one argument would do (the one-argument rule's)."""
    if not isinstance(e, Mul):
        return None
    dens = _denominator_args(e)
    if not dens:
        return None
    # one argument's multiples (1 + e^{2z} beside 1 + e^z, e^{z} over 1 + e^{2z}): σ(±g) of that one, first;
    # as generators of their own, e^{z} σ(−2z) is inf · 0 at z = 800
    if (found := _homogeneous_of_one_argument(e, dens)) is not None:
        return found
    gens = _Generators(e, dens)
    if not gens.ok and len(dens) > 1:
        # 1 + e^{2z} beside 1 + e^z: the arguments are not independent, but both are multiples of z
        found = _fractions_of_one_argument(e, dens)
        return None if found is None else (found, {})
    if not gens.ok or len(gens.basis) + len(gens.fractions) < 2:
        return None
    opaque: dict = {}
    inner, rest = [], []
    for f in e.args:
        (inner if f.has(exp) else rest).append(f)
    converted = _convert(Mul(*inner), gens, opaque)
    if converted is None:
        return None
    pairs = [(sp.Dummy("s"), sp.Dummy("t")) for _ in dens]
    swapped = {x: s / t for x, (s, t) in zip(gens.xs, pairs)}
    num, den = sp.fraction(sp.cancel(sp.together(converted.xreplace(swapped))))
    # σ(a) + σ(−a) = 1: its powers leave the denominator; what else is there must be a monomial of the
    # other arguments' exponentials (divided into the numerator term by term below).
    coeff, parts = sp.factor_list(den)
    den = coeff * Mul(*[f ** k for f, k in parts if f not in {s + t for s, t in pairs}])
    if den.has(*[v for p in pairs for v in p]) or len(Add.make_args(sp.expand(den))) != 1:
        return None
    body = sp.expand(_divided_out(num, pairs) / den)
    back = gens.back()
    back.update({d: f for f, d in opaque.items()})
    calls = {}
    for (s, t), a in zip(pairs, dens):
        calls[s], calls[t] = a, -a
    return Mul(*rest) * body.xreplace(back), {d: a for d, a in calls.items() if body.has(d)}
