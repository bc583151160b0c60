"""The index-algebra kernel: canonical names, capture-free renaming, and the one zero test."""
from __future__ import annotations

import sympy as sp
from sympy import IndexedBase, KroneckerDelta, Sum, Symbol, exp

from derive.algebra import Identity, canonical, freshen, is_zero, textbook_names
from derive.algebra.names import rebind
from derive.indexcalc import index

from _sums import counted

n, m = Symbol("n", integer=True, positive=True), Symbol("m", integer=True, positive=True)
i, j, k, p = index("i"), index("j"), index("k"), index("p")
y, z, W = IndexedBase("y", real=True), IndexedBase("z", real=True), IndexedBase("W", real=True)


def test_canonical_makes_sums_equal_up_to_dummies_identical_wherever_they_stand() -> None:
    inner_k = Sum(exp(z[k]), (k, 1, n))
    inner_p = Sum(exp(z[p]), (p, 1, n))
    assert canonical(inner_k) == canonical(inner_p)
    # The same sum nested inside another gets the same names as on its own (it can stand as one symbol).
    outer = canonical(Sum(y[i] * inner_k, (i, 1, n)))
    assert canonical(inner_p) in outer.atoms(Sum)
    assert canonical(Sum(W[i, k], (k, 1, m))) != canonical(Sum(W[k, i], (k, 1, m)))


def test_renaming_never_captures_an_inner_index() -> None:
    # Renaming the outer index to i must not let the inner sum over i capture it.
    expr = Sum(W[j, j] * Sum(W[i, j], (i, 1, m)), (j, 1, n))
    renamed = rebind(expr, lambda d, lo, hi, body, scope: i if d == j else d)
    (outer_dummy, _, _), = renamed.limits
    inner = next(s for s in renamed.function.atoms(Sum))
    (inner_dummy, _, _), = inner.limits
    assert outer_dummy == i and inner_dummy != i
    values = {W[a, b]: sp.Rational(a * 10 + b) for a in (1, 2) for b in (1, 2)}
    at = {n: 2, m: 2}
    assert expr.subs(at).doit().xreplace(values) == renamed.subs(at).doit().xreplace(values)


def test_textbook_names_and_fresh_dummies_keep_the_value() -> None:
    expr = Sum(y[k] * Sum(W[k, p], (p, 1, m)), (k, 1, n))
    named = textbook_names(expr, avoid={j})
    assert {lim[0] for s in named.atoms(Sum) for lim in s.limits} == {i, k}
    fresh = freshen(expr)
    assert all(isinstance(lim[0], sp.Dummy) for s in fresh.atoms(Sum) for lim in s.limits)
    assert canonical(fresh) == canonical(expr) == canonical(named)


def test_is_zero_contracts_splits_cases_and_applies_givens() -> None:
    ranges = {i: (1, n), j: (1, n)}
    s = lambda a: exp(z[a]) / Sum(exp(z[k]), (k, 1, n))  # noqa: E731
    jacobian = sp.diff(s(i), z[j])
    assert is_zero(jacobian - s(i) * (KroneckerDelta(i, j) - s(j)), ranges)
    assert not is_zero(jacobian - s(i) * (1 - s(j)), ranges)
    # ∂L/∂z_j = s_j Σ_i y_i − y_j closes to s_j − y_j only with the given Σ_i y_i = 1, which is reported as used.
    grad = s(j) * Sum(y[i], (i, 1, n)) - y[j]
    assert not is_zero(grad - (s(j) - y[j]), ranges)
    used: list[str] = []
    assert is_zero(grad - (s(j) - y[j]), ranges, [Identity(Sum(y[p], (p, 1, n)), sp.Integer(1), "Σ y = 1")], used=used)
    assert used and set(used) == {"Σ y = 1"}


def test_is_zero_merges_sums_over_one_range() -> None:
    ranges = {j: (1, n)}
    lhs = Sum(y[k] * W[k, j], (k, 1, n)) + Sum(z[p] * W[p, j], (p, 1, n))
    rhs = Sum((y[i] + z[i]) * W[i, j], (i, 1, n))
    steps: set = set()
    assert is_zero(lhs - rhs, ranges, steps=steps)
    assert not is_zero(lhs - rhs + Sum(W[i, j], (i, 1, n)), ranges)


def test_a_term_outside_the_sums_is_spread_over_the_terms_of_one() -> None:
    # Contracting Σ_k 1 leaves n outside the sum whose other summands would cancel it.
    steps: set = set()
    assert is_zero(Sum((y[k] ** 2 - 1) / (y[k] - 1), (k, 1, n)) - Sum(y[k] + 1, (k, 1, n)), {}, steps=steps)
    assert steps == {"sums over the same ranges merged (finite sums reordered)",
                     "a term outside the sums spread over a sum's terms (c = Σ_k c/n)"}
    one = y[k] / (y[k] - 1) - 1 / (y[k] - 1)  # 1 for every k
    assert is_zero(Sum(one, (k, 1, n)) - n, {})
    assert is_zero(Sum(one, (k, 0, n - 1)) - n, {})  # n terms counted from 0
    assert is_zero(Sum(Sum(one.xreplace({y[k]: W[p, k]}), (k, 1, m)), (p, 1, n)) - n * m, {})
    # Spread by the number of terms the sum has, never another: these differ by 1, n and n(m − 1).
    assert not is_zero(Sum(one, (k, 1, n)) - (n + 1), {})
    assert not is_zero(Sum(one, (k, 0, n)) - n, {})
    assert not is_zero(Sum(one, (k, 1, n)) - n * m, {})
    assert not is_zero(Sum(Sum(one.xreplace({y[k]: W[p, k]}), (k, 1, m)), (p, 1, n)) - n, {})


def test_is_zero_reorders_nested_sums_over_one_range() -> None:
    """Σ_iΣ_jΣ_k A_ij X_jk B_ki is tr(AXB) however the nest is ordered, all indices over one size."""
    A, X, B, C, D, x = (IndexedBase(c, real=True) for c in ("A", "X", "B", "C", "D", "x"))
    q = index("q")

    def nest(body, *order):
        for d in reversed(order):
            body = Sum(body, (d, 1, n))
        return body
    trace = nest(A[i, j] * X[j, k] * B[k, i], i, j, k)
    steps: set = set()
    assert is_zero(trace - nest(A[i, j] * X[j, k] * B[k, i], k, i, j), {}, steps=steps)
    assert "sums over the same ranges merged (finite sums reordered)" in steps
    assert is_zero(trace - nest(B[i, j] * A[j, k] * X[k, i], i, j, k), {})  # tr(BAX): cyclic
    assert is_zero(nest(C[i, j] * D[j, i] ** 2, i, j) - nest(C[q, p] * D[p, q] ** 2, p, q), {})
    # Renaming within a nest never equates what differs: no order of i, j, k makes these equal.
    assert not is_zero(trace - nest(X[i, j] * A[j, k] * B[k, i], i, j, k), {})  # tr(XAB)
    assert not is_zero(nest(C[i, j] * D[j, i] ** 2, i, j) - nest(C[i, j] ** 2 * D[j, i], i, j), {})
    assert not is_zero(nest(C[i, j] * x[i], i, j) - nest(C[i, j] * x[j], i, j), {})
    # Only indices over one range trade places: Σ_{i,k≤n} Σ_{j≤m} x_i y_j C_kk is not Σ_{i,k≤n} Σ_{j≤m} x_j y_i C_kk.
    over_n_n_m = lambda body: Sum(Sum(Sum(body, (j, 1, m)), (k, 1, n)), (i, 1, n))  # noqa: E731
    assert not is_zero(over_n_n_m(x[i] * y[j] * C[k, k]) - over_n_n_m(x[j] * y[i] * C[k, k]), {})
    # A limit that depends on the outer index is never reordered (Σ_i Σ_{j≤i} is not Σ_j Σ_{i≤j}).
    lower = Sum(Sum(C[i, j], (j, 1, i)), (i, 1, n))
    assert not is_zero(lower - Sum(Sum(C[j, i], (j, 1, i)), (i, 1, n)), {})


def test_a_function_of_a_log_closes_written_with_exp_before_simplify(monkeypatch) -> None:
    """tanh(ln u) is (u² − 1)/(u² + 1): written with exp it closes over one denominator, where
    sympy.simplify took 5.5 s to fail on Mish's derivative before the exp-rewritten form closed."""
    from derive.algebra import zero as zero_test

    def no_simplify(*args, **kwargs):
        raise AssertionError("sympy.simplify was called")
    monkeypatch.setattr(zero_test.sp, "simplify", no_simplify)
    zero_test.cancels.cache_clear()
    x = Symbol("x", real=True)
    u = 1 + exp(x)
    identity = sp.tanh(sp.log(u)) - (u ** 2 - 1) / (u ** 2 + 1)
    assert not zero_test.cancels(identity)  # the cheap pass alone does not see it
    assert zero_test.cancels(identity, thorough=True)
    assert zero_test.cancels(sp.sech(sp.log(u)) ** 2 - 4 * u ** 2 / (u ** 2 + 1) ** 2, thorough=True)
    assert not zero_test.cancels(sp.tanh(sp.log(u)) - (u ** 2 - 1) / (u ** 2 + 2), thorough=True)
    zero_test.cancels.cache_clear()


def test_the_thorough_pass_simplifies_an_expression_once_when_written_with_exp_it_is_the_same(monkeypatch) -> None:
    """A ramp's dead side is 0 at the probe's positive x but not 0: sympy.simplify says so once, not twice."""
    from derive.algebra import zero as zero_test
    calls = []
    real = zero_test.sp.simplify
    monkeypatch.setattr(zero_test.sp, "simplify", lambda e, *a, **k: calls.append(e) or real(e, *a, **k))
    zero_test.cancels.cache_clear()
    x = Symbol("x", real=True)
    assert not zero_test.cancels(sp.Piecewise((0, x > 0), (x, True)), thorough=True)
    assert len(calls) == 1
    calls.clear()
    # where rewriting with exp changes it, that form is simplified too
    assert not zero_test.cancels(sp.Piecewise((0, x > 0), (sp.tanh(x), True)), thorough=True)
    assert len(calls) == 2
    zero_test.cancels.cache_clear()


def test_a_log_of_positive_factors_is_split_and_no_other() -> None:
    """ln(e^{z_i} / Σ_k e^{z_k}) is z_i − ln Σ_k e^{z_k}; ln(ab) is ln a + ln b only for a, b known positive."""
    from derive.algebra import LOGS
    lse = sp.log(Sum(exp(z[k]), (k, 1, n)))
    steps: set = set()
    assert is_zero(sp.log(exp(z[i]) / Sum(exp(z[k]), (k, 1, n))) - z[i] + lse, {i: (1, n)}, steps=steps)
    assert LOGS in steps
    assert not is_zero(sp.log(exp(z[i]) / Sum(exp(z[k]), (k, 1, n))) - z[i] + lse - 1, {i: (1, n)})
    a, b = Symbol("a", real=True), Symbol("b", real=True)
    assert not is_zero(sp.log(a * b) - sp.log(a) - sp.log(b), {})  # false for a, b < 0
    a, b = Symbol("a", positive=True), Symbol("b", positive=True)
    assert is_zero(sp.log(a * b) - sp.log(a) - sp.log(b), {})


def test_the_numeric_skip_never_calls_an_identity_nonzero() -> None:
    from derive.algebra.zero import visibly_nonzero
    sig = 1 / (1 + exp(-z[i]))
    # Zero only after cancelling (σ(1 − σ) against e^{−z}/(1 + e^{−z})²): must go on to the symbolic attempt.
    assert not visibly_nonzero(sp.expand(sig * (1 - sig) - exp(-z[i]) / (1 + exp(-z[i])) ** 2))
    assert visibly_nonzero(sp.expand(sig * (1 - sig) - exp(-z[i]) / (1 + exp(-z[i]))))
    # A value it cannot evaluate to a finite real (log of a negative) is never called nonzero.
    assert not visibly_nonzero(sp.log(-1 - z[i] ** 2))


def test_fractions_close_over_one_denominator_exactly_when_cancelling_closes_them(monkeypatch) -> None:
    """The zero test tries the common numerator expanded before ``cancel``: the same answers, and never a false 0."""
    from derive.algebra import zero as zero_test
    # The symbolic path for every expression, the clearly nonzero ones included.
    monkeypatch.setattr(zero_test, "visibly_nonzero", lambda e: False)
    zero_test.cancels.cache_clear()
    cancels = zero_test.cancels
    sig, e = 1 / (1 + exp(-z[i])), exp(-z[i])
    s = exp(z[i]) / (exp(z[i]) + exp(z[j]))
    zero = [sig * (1 - sig) - e / (1 + e) ** 2,                       # σ' written two ways
            s * (1 - s) - exp(z[i]) * exp(z[j]) / (exp(z[i]) + exp(z[j])) ** 2,
            1 / (y[i] * (y[i] + 1)) - 1 / y[i] + 1 / (y[i] + 1)]
    nonzero = [sig * (1 - sig) - e / (1 + e), s * (1 - s) - exp(z[j]) / (exp(z[i]) + exp(z[j])) ** 2,
               1 / (y[i] * (y[i] + 1)) - 1 / y[i], sig * (1 - sig) - e / (1 + e) ** 2 + 1 / (1 + e) ** 3]
    for expr in zero:
        assert cancels(sp.expand(expr)) and sp.cancel(sp.together(expr)) == 0
    for expr in nonzero:
        assert not cancels(sp.expand(expr)) and sp.cancel(sp.together(expr)) != 0
    zero_test.cancels.cache_clear()  # nothing remembered without the numeric skip


def test_the_polynomial_ring_reads_zero_only_where_expanding_does() -> None:
    """Multiplied out in a polynomial ring: 0 exactly when ``expand`` gives 0, None where it is not a polynomial."""
    import itertools
    import random
    from derive.algebra.polyzero import is_zero_polynomial
    a, b, c = y[i], z[j], W[i, j]
    assert is_zero_polynomial((a + b) ** 3 - a ** 3 - 3 * a ** 2 * b - 3 * a * b ** 2 - b ** 3) is True
    # e^{u+v} = e^u e^v and e^{2u} = (e^u)², as expand reads them.
    assert is_zero_polynomial(exp(a + 2 * b) * (1 + exp(b)) - exp(a) * exp(b) ** 2 - exp(a + 3 * b)) is True
    assert is_zero_polynomial((a + b) ** 2 - a ** 2 - b ** 2) is False
    # Terms sharing most of their factors (as over a common denominator) are grouped by what they share.
    A, B, C = a + 1, b + 2, c + 3
    shared = A ** 2 * B * (C + 1) * exp(a) - A ** 2 * B * C * exp(a) - A * B * A * exp(a) + B * C - C * B
    assert shared.is_Add and is_zero_polynomial(shared) is True
    assert is_zero_polynomial(shared + A * B) is False
    assert is_zero_polynomial(exp(a + b) - exp(a) * exp(-b)) is False
    assert is_zero_polynomial(a / (a + b) - 1) is None  # a negative power: not a polynomial
    # Seeded products of sums of atoms and exponentials, and their expansions rearranged: the ring says 0
    # for a true identity and never for one a term was dropped from.
    rng = random.Random(20261202)
    atoms = [a, b, c, exp(a), exp(2 * b), exp(a + b), Sum(exp(z[k]), (k, 1, n)), sp.sqrt(a ** 2 + 1) + a]
    for _ in range(40):
        factors = [sp.Add(*rng.sample(atoms[:-1], 3)) + rng.randint(-2, 2) for _ in range(3)]
        product = sp.Mul(*factors)
        terms = list(sp.Add.make_args(sp.expand(product)))
        rng.shuffle(terms)
        assert is_zero_polynomial(product - sp.Add(*terms)) is True
        assert is_zero_polynomial(product - sp.Add(*terms[1:])) is False
    for left, right in itertools.combinations(atoms, 2):
        assert is_zero_polynomial(left - right) is False
    # A relation it does not know (√u · √u = u) leaves it at False where expand finds 0: never a false True.
    root = sp.sqrt(a ** 2 + 1)
    unknown = (root + 1) * (root - 1) - a ** 2
    assert sp.expand(unknown) == 0 and is_zero_polynomial(unknown) is False


def test_a_sigmoid_layer_numerator_closes_in_the_ring(monkeypatch) -> None:
    """Nielsen's BP2 over one denominator: the ring closes it, not ``expand`` of the numerator."""
    from derive.algebra import polyzero, zero as zero_test
    monkeypatch.setattr(zero_test, "visibly_nonzero", lambda e: False)
    seen = []
    monkeypatch.setattr(zero_test, "is_zero_polynomial",
                        lambda e: seen.append(polyzero.is_zero_polynomial(e)) or seen[-1])
    zero_test.cancels.cache_clear()
    u, v = Symbol("_S0", real=True) + z[i], Symbol("_S1", real=True) + y[j]
    s1, s2 = 1 / (1 + exp(-u)), 1 / (1 + exp(-v))
    # σ'(u) σ'(v) W (s2 − y), derive's form against the textbook's σ(1 − σ) form.
    diff = exp(-u) / (1 + exp(-u)) ** 2 * exp(-v) / (1 + exp(-v)) ** 2 * W[i, j] * (s2 - y[i]) \
        - s1 * (1 - s1) * s2 * (1 - s2) * W[i, j] * (s2 - y[i])
    assert zero_test.cancels(sp.expand(diff))
    assert seen == [True]
    zero_test.cancels.cache_clear()


def test_a_definition_is_solved_for_its_kernel_as_sympy_solve_solves_it() -> None:
    # derive's own derivative is shown in the file's quantities by solving each definition for its
    # kernel; a kernel that is linear, or a power, is solved directly, every other definition by sympy.solve.
    from derive.indexcalc import _solutions
    q, k, r0, r1 = (Symbol(n, positive=True) for n in ("_Q", "_K", "_R0", "_R1"))
    definitions = [k, k / r0, 1 / (k + 1), k + r0, r0 * k + r1, k / (k + r0), (k + r0) / (k + r1),
                   2 * k - r0, r0 * k - r1 * k + 1, exp(k), k**2, -k, k / (k + 1)**2, sp.log(k) + r0,
                   k**3, k**2 / r0, k**2 - r0, 2 * k**4, 1 / k**2, 1 / (1 + k**2), 3 * k**2 + r0,
                   r0 / (k**2 + r0), (k + r0)**2]
    for d in definitions:
        assert _solutions(q, d, k) == sp.solve(sp.Eq(q, d), k), d


def test_a_power_is_solved_without_importing_sympy_physics() -> None:
    # sympy.solve imports sympy.physics.units on its first call: 0.15 s in every worker that shows a
    # derivative beside a counterexample of a file that squares something.
    import subprocess
    import sys
    code = ("import sys, sympy as sp\nfrom derive.indexcalc import _solutions\n"
            "q, k, r = (sp.Symbol(n, positive=True) for n in ('_Q', '_K', '_R0'))\n"
            "assert [_solutions(q, d, k) for d in (k**2, k**2 / r, 2 * k**4)] == "
            "[[sp.sqrt(q)], [sp.sqrt(q) * sp.sqrt(r)], [(q / 2)**sp.Rational(1, 4)]]\n"
            "print(sorted(m for m in sys.modules if m.startswith('sympy.physics')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_definition_is_put_back_only_where_its_solution_gives_the_kernel_back() -> None:
    # q = x²: x = √q holds only for x ≥ 0, so an input x is never shown as √q; s = e^z / Σ e^z
    # gives e^{z_i} = s_i·Σ_k e^{z_k} back at every z.
    from derive.indexcalc import BackSubstitution
    i, k = index("i"), index("k")
    n = Symbol("n", integer=True, positive=True)
    x, z, qb, sb = (sp.IndexedBase(c) for c in ("x", "z", "q", "s"))
    assert not BackSubstitution(qb, (i,), x[i]**2).ok
    assert BackSubstitution(sb, (i,), exp(z[i]) / sp.Sum(exp(z[k]), (k, 1, n))).ok


def test_a_delta_fixing_an_outer_index_contracts_it_when_the_ranges_are_independent() -> None:
    # CS229's k-means regrouped by cluster: Σ_j Σ_i 1{c_i = j} f(i, j) = Σ_i f(i, c_i); no delta fixes the inner i,
    # so contracting innermost first left both sums (and the claim unproved)
    from derive.indexcalc import contract
    i, j = index("i"), index("j")
    m, K = Symbol("m", integer=True, positive=True), Symbol("K", integer=True, positive=True)
    x, mu, c = IndexedBase("x"), IndexedBase("mu"), IndexedBase("c")
    labels = {c[i]: (sp.Integer(1), K)}
    regrouped = Sum(KroneckerDelta(c[i], j) * (x[i] - mu[j])**2, (i, 1, m), (j, 1, K))
    assert contract(regrouped, labels) == Sum((x[i] - mu[c[i]])**2, (i, 1, m))
    # the label's range unknown (it may fall outside 1..K), or the inner range reading j: left as written
    assert contract(regrouped, {}).has(KroneckerDelta)
    leaning = Sum(KroneckerDelta(c[i], j) * x[i], (i, 1, j), (j, 1, K))
    assert contract(leaning, labels).has(KroneckerDelta)
    values = {x[a]: sp.Rational(a, 3) for a in (1, 2, 3)} | {c[1]: 2, c[2]: 1, c[3]: 2}
    assert counted(leaning.subs(K, 3)).xreplace(values) == counted(contract(leaning, labels).subs(K, 3)).xreplace(values)


def test_a_delta_contracts_to_a_per_sample_labels_entry_only_where_its_range_is_known() -> None:
    # Σ_i Σ_l δ(y_i, l) f(i, l) = Σ_i f(i, y_i): y_i lies in 1..K at every row i, which the prover says for the
    # labels of the claim it proves (CS229's log-likelihood Σ_i ln Π_l p_il^{1{y_i = l}}, its log split)
    from derive.indexcalc import contract, labels_in_range
    i, l = index("i"), index("l")
    m, K = Symbol("m", integer=True, positive=True), Symbol("K", integer=True, positive=True)
    p, y = IndexedBase("p"), IndexedBase("y")
    picked = Sum(KroneckerDelta(y[i], l) * sp.log(p[i, l]), (l, 1, K), (i, 1, m))
    with labels_in_range({"y": K}):
        assert contract(picked, {}) == Sum(sp.log(p[i, y[i]]), (i, 1, m))
        assert contract(picked.subs(K, K - 1), {}).has(KroneckerDelta)  # y_i may be K, outside 1..K - 1
    assert contract(picked, {}).has(KroneckerDelta)  # no label known: y may be any value
    with labels_in_range({"c": K}):
        assert contract(picked, {}).has(KroneckerDelta)


def test_contract_handles_a_repeated_sum_once_per_call(monkeypatch) -> None:
    from derive import indexcalc as ic
    i, j, k = (index(c) for c in "ijk")
    n = Symbol("n", integer=True, positive=True)
    W, x, y = IndexedBase("W"), IndexedBase("x"), IndexedBase("y")
    s = Sum(W[i, k] * x[k] * KroneckerDelta(k, j), (k, 1, n))
    expr = s * y[i] + s * y[j] + exp(s)
    once = ic.contract(s, {i: (1, n), j: (1, n)})
    assert once == W[i, j] * x[j]
    calls = []
    real = ic._contract_term
    monkeypatch.setattr(ic, "_contract_term", lambda *a: calls.append(a) or real(*a))
    assert ic.contract(expr, {i: (1, n), j: (1, n)}) == expr.xreplace({s: once})
    assert len(calls) == 1


def test_multiplied_out_denominators_still_close_over_their_common_denominator() -> None:
    """Terms over different expanded products of (1 + e^u), (1 + e^v), as a user may write them: 0, and a slip not."""
    from derive.algebra import zero as zero_test
    zero_test.cancels.cache_clear()
    eu, ev = exp(y[i]), exp(z[j])
    d1, d2 = sp.expand((1 + eu) ** 2 * (1 + ev)), sp.expand((1 + eu) * (1 + ev) ** 2)
    e = eu / d1 + eu * ev / d2 - eu * (1 + 2 * ev) / sp.expand((1 + eu) ** 2 * (1 + ev) ** 2) \
        - eu ** 2 * ev / sp.expand((1 + eu) ** 2 * (1 + ev) ** 2)
    assert sp.simplify(e) == 0  # the identity itself (slow, but small here)
    assert zero_test.cancels(e) and zero_test._closes_over_one_denominator(e)
    assert not zero_test.cancels(e + eu / d1 ** 2)


def test_summands_pulled_together_add_up_to_the_term_and_close_over_their_common_denominator() -> None:
    """c · Σ_k σ'(a_k), with a_k itself a sum (as in a network's deeper layers), flattened and merged.

    Flattening expands the pulled-together product without cancelling it (cancelling multiplied every
    denominator out, half the time of a three-sigmoid-layer claim); the summands must still add up to the
    term, and the zero test of the merged summands, which takes the common denominator itself, must still
    meet σ(1 − σ) and refuse σ and σ(1 + σ).
    """
    from derive.algebra.merge import summands_by_ranges
    a = Sum(W[k, p] * y[p], (p, 1, m))
    sig, dsig = 1 / (1 + exp(-a)), exp(-a) / (1 + exp(-a)) ** 2
    term = (z[i] + 1) * Sum(W[i, k] * dsig, (k, 1, n))
    rest, groups = summands_by_ranges(term)
    ((key, summands),) = groups.items()
    (dummy,) = {d for s in summands for d in s.free_symbols if isinstance(d, sp.Dummy)}
    assert rest == 0 and key == ((1, n),)
    assert is_zero(term - Sum(sp.Add(*summands), (dummy, 1, n)), {i: (1, m)})
    assert is_zero(term - (z[i] + 1) * Sum(W[i, k] * sig * (1 - sig), (k, 1, n)), {i: (1, m)})
    for wrong in (sig, sig * (1 + sig)):
        assert not is_zero(term - (z[i] + 1) * Sum(W[i, k] * wrong, (k, 1, n)), {i: (1, m)})


def test_expanding_multiplies_numerators_out_and_keeps_each_power_of_a_sum_in_a_denominator() -> None:
    """(1 + e^u)^-2 stays a power (a deep network's σ' powers multiplied out made the zero test factor them back)."""
    from derive.algebra import opaque
    u = exp(z[i])
    e = (y[i] + 1) ** 2 * u / (1 + u) ** 2 + W[i, j] / ((1 + u) * (2 + u)) + 1 / (Sum(y[k], (k, 1, n)) + u) ** 3
    out = opaque.expand(e)
    powers = {p for p in out.atoms(sp.Pow) if p.exp.is_negative}
    assert (1 + u) ** -2 in powers and (1 + u) ** -1 in powers and (2 + u) ** -1 in powers
    assert (Sum(y[k], (k, 1, n)) + u) ** -3 in powers  # the held sum is put back inside the kept power
    # Every numerator multiplied out: no term has a sum as a factor, and the value is unchanged.
    assert all(not f.is_Add for t in sp.Add.make_args(out) for f in sp.Mul.make_args(t))
    assert sp.simplify(out - e) == 0
    assert opaque.expand(out) == out  # idempotent, as its memo assumes
    assert (1 + u) ** -2 not in sp.expand(e).atoms(sp.Pow)  # what sympy.expand gives: the power multiplied out


def test_a_sum_inside_a_sums_body_is_taken_out_and_finite_sums_reordered() -> None:
    # Rendle's Lemma 3.1 needs Σ_i Σ_j (Σ_f V_if V_jf) x_i x_j = Σ_f (Σ_i V_if x_i)²: the factor x_i x_j taken into
    # the sum over f, the square written as two sums, and the three finite sums put in one order.
    V, x = IndexedBase("V", real=True), IndexedBase("x", real=True)
    f, g = index("f"), index("g")
    inner = Sum(V[i, f] * V[j, f], (f, 1, m))
    nested = Sum(Sum(inner * x[i] * x[j], (j, 1, n)), (i, 1, n))
    square = Sum(Sum(V[k, g] * x[k], (k, 1, n)) ** 2, (g, 1, m))
    steps: set = set()
    assert is_zero(nested - square, {}, steps=steps)
    assert "products of sums written as one sum over all their indices (finite sums reordered)" in steps
    assert is_zero(nested - Sum(Sum(Sum(V[i, f] * V[j, f] * x[i] * x[j], (j, 1, n)), (i, 1, n)), (f, 1, m)), {})
    # Never more than that: a missing pair, a factor twice, an index of one sum put in the other, a cube.
    assert not is_zero(nested - 2 * square, {})
    assert not is_zero(nested - Sum(Sum(V[k, g] * x[k] ** 2, (k, 1, n)) * Sum(V[k, g], (k, 1, n)), (g, 1, m)), {})
    assert not is_zero(nested - Sum(Sum(Sum(V[i, f] * V[i, f] * x[i] * x[j], (j, 1, n)), (i, 1, n)), (f, 1, m)), {})
    assert not is_zero(nested - Sum(Sum(V[k, g] * x[k], (k, 1, n)) ** 3, (g, 1, m)), {})


def test_sums_whose_ranges_depend_on_each_other_are_not_reordered() -> None:
    # Σ_{i=1}^{n} Σ_{j=1}^{i} y_j counts y_j n − j + 1 times; taken as Σ_j Σ_i over full ranges it would be n times.
    triangle = Sum(Sum(y[j], (j, 1, i)), (i, 1, n))
    assert not is_zero(triangle - Sum(Sum(y[j], (i, 1, n)), (j, 1, n)), {})
    assert not is_zero(triangle * Sum(y[k], (k, 1, n)) - Sum(Sum(Sum(y[j] * y[k], (j, 1, n)), (i, 1, n)), (k, 1, n)), {})


def test_taking_sums_out_keeps_the_value_and_never_captures_an_index() -> None:
    # In (Σ_k z_k W_ik)(Σ_j W_jk) the k of the second factor is free (one column of W): taking both sums out
    # must rename the first one's k, or the result would also sum over the columns.
    from derive.algebra.zero import _absorb
    expr = Sum(y[i] * Sum(z[k] * W[i, k], (k, 1, n)) * Sum(W[j, k], (j, 1, n)) ** 2, (i, 1, n))
    taken_out = _absorb(expr)
    assert not any(isinstance(f, Sum) for s in taken_out.atoms(Sum) for f in sp.Mul.make_args(s.function))
    values = {**{y[a]: sp.Rational(a + 1, 3) for a in (1, 2)}, **{z[a]: sp.Rational(2 - a, 5) for a in (1, 2)},
              **{W[a, b]: sp.Rational(3 * a - b, 7) for a in (1, 2) for b in (1, 2)}}
    for column in (1, 2):
        at = {n: 2, k: column}
        assert taken_out.subs(at).doit().xreplace(values) == expr.subs(at).doit().xreplace(values)


def test_a_sums_first_or_last_term_is_written_apart_to_match_a_sum_over_one_more_term() -> None:
    # Σ_{k=1}^{n} y_k = y_1 + Σ_{k=2}^{n} y_k and = y_n + Σ_{k=1}^{n−1} y_k (BPTT's last step written apart).
    full = Sum(y[k] * z[k], (k, 1, n))
    steps: set = set()
    assert is_zero(full - y[1] * z[1] - Sum(y[j] * z[j], (j, 2, n)), {}, steps=steps)
    assert "a sum's first or last term written apart, to match a sum over one more term" in steps
    assert is_zero(full - y[n] * z[n] - Sum(y[k] * z[k], (k, 1, n - 1)), {})
    assert is_zero(Sum(W[i, k], (k, 2, m)) + W[i, 1] - Sum(W[i, j], (j, 1, m)), {})
    # Never the wrong term, twice, or two terms for one.
    assert not is_zero(full - y[n] * z[n] - Sum(y[k] * z[k], (k, 2, n)), {})
    assert not is_zero(full - 2 * y[1] * z[1] - Sum(y[k] * z[k], (k, 2, n)), {})
    assert not is_zero(full - y[1] * z[1] - Sum(y[k] * z[k], (k, 3, n)), {})
    assert not is_zero(full - y[1] * z[1] - y[n] * z[n] - Sum(y[k] * z[k], (k, 2, n)), {})


def test_a_term_is_written_apart_only_where_the_narrower_sum_cannot_run_backwards() -> None:
    # Σ_{k=2}^{i} y_k is Σ_{k=1}^{i} y_k − y_1 only for i ≥ 1; with i a free index of unknown sign, SymPy's sums
    # running backwards (i = 0 gives −Σ_{k=1}^{1}) would make the rewrite differ from a reader's count.
    from derive.algebra.zero import _widened
    free = Symbol("t", integer=True)
    narrower = Sum(y[k], (k, 2, free))
    assert _widened(Sum(y[k], (k, 1, free)) - narrower) == Sum(y[k], (k, 1, free)) - narrower
    # where it is rewritten, the value is kept: n = 3 with numbers
    expr = Sum(y[k], (k, 1, n)) - Sum(y[k], (k, 2, n))
    values = {y[a]: sp.Rational(a * a + 1, 5) for a in (1, 2, 3)}
    assert _widened(expr) != expr
    assert _widened(expr).subs(n, 3).doit().xreplace(values) == expr.subs(n, 3).doit().xreplace(values)


def test_a_sum_over_pairs_is_half_the_square_less_the_diagonal_only_for_a_symmetric_summand() -> None:
    # Σ_i Σ_{j>i} x_i x_j = ½((Σ_i x_i)² − Σ_i x_i²) (Rendle's Lemma 3.1 as the paper writes its pairs).
    x = IndexedBase("x", real=True)
    pairs = Sum(Sum(x[i] * x[j], (j, i + 1, n)), (i, 1, n))
    square, squares = Sum(x[k], (k, 1, n)) ** 2, Sum(x[k] ** 2, (k, 1, n))
    steps: set = set()
    assert is_zero(pairs - (square - squares) / 2, {}, steps=steps)
    assert "a sum over the pairs i < j written as half the sum over all pairs less the diagonal" in steps
    assert is_zero(Sum(Sum(x[i] * x[j], (j, 1, i - 1)), (i, 1, n)) - (square - squares) / 2, {})  # pairs j < i
    assert is_zero(Sum(Sum(x[i] * x[j], (j, i, n)), (i, 1, n)) - (square + squares) / 2, {})  # with the diagonal
    # Never more: the diagonal left in or out wrongly, the half forgotten, or a summand that is not symmetric.
    assert not is_zero(pairs - square / 2, {})
    assert not is_zero(Sum(Sum(x[i] * x[j], (j, i, n)), (i, 1, n)) - (square - squares) / 2, {})
    assert not is_zero(pairs - (square - squares), {})
    assert not is_zero(Sum(Sum(W[i, j] * x[i] * x[j], (j, i + 1, n)), (i, 1, n))
                       - (Sum(Sum(W[i, j] * x[i] * x[j], (j, 1, n)), (i, 1, n)) - Sum(W[i, i] * x[i] ** 2, (i, 1, n))) / 2, {})


def test_a_delta_on_the_inner_index_of_pairs_is_contracted_by_summing_the_other_way_round() -> None:
    # Σ_i Σ_{j>i} δ_jk y_i = Σ_{i<k} y_i: the pairs summed over j outside, where δ_jk contracts.
    pairs = Sum(Sum(KroneckerDelta(j, k) * y[i], (j, i + 1, n)), (i, 1, n))
    steps: set = set()
    assert is_zero(pairs - Sum(y[i], (i, 1, k - 1)), {k: (1, n)}, steps=steps)
    assert "a sum over the pairs i < j summed the other way round (finite sums reordered)" in steps
    assert is_zero(Sum(Sum(KroneckerDelta(j, k) * y[i], (j, 1, i - 1)), (i, 1, n)) - Sum(y[i], (i, k + 1, n)), {k: (1, n)})
    assert not is_zero(pairs - Sum(y[i], (i, 1, k)), {k: (1, n)})
    assert not is_zero(pairs - Sum(y[i], (i, k + 1, n)), {k: (1, n)})


def test_writing_pairs_through_the_square_keeps_the_value_for_any_summand() -> None:
    from derive.algebra.zero import _triangles
    values = {**{y[a]: sp.Rational(a * a + 1, 3) for a in range(1, 5)},
              **{W[a, b]: sp.Rational(3 * a - 2 * b, 7) for a in range(1, 5) for b in range(1, 5)}}
    # through the square (no delta) and the other way round (a delta on the inner index), every kind of pairs
    for body in (W[i, j] * y[j], W[i, j] * y[j] + KroneckerDelta(j, 2) * y[i]):
        for lo, hi in ((i + 1, n), (i, n), (1, i - 1), (1, i)):
            e = Sum(Sum(body, (j, lo, hi)), (i, 1, n))
            rewritten = _triangles(e, lambda v: v, set())
            assert rewritten != e
            assert counted(rewritten.subs(n, 4)).xreplace(values) == counted(e.subs(n, 4)).xreplace(values), \
                (body, lo, hi)

