"""Points the counterexample search used to miss, and how a claim with no point tested is reported.

A risk set Σ_j 𝟙[t_j ≥ t_i] e^{u_j} meets its condition's boundary at j = i for every draw: under a log, the sides'
written domain (the log's argument > 0) was read strictly there, so every point was skipped and a false claim came out
unproved with 0 points tried.  A kink at a small constant beside a ``when``'s boundary (|x − 1/1000| where x > 0) had
its step below put on the boundary, then moved back onto the kink, so the region between was never drawn.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from _checking import claims_of

RISK_SET = """title = "log of a risk-set sum"
[sizes]
N = "subjects"
[inputs]
t = ["N"]
u = ["N"]
[define]
"K[i]" = "log(Sum(where(t[j] >= t[i], 1, 0)*exp(u[j]), (j, 1, N)))"
"R[i]" = "log(Sum(step(t[j] - t[i])*exp(u[j]), (j, 1, N)))"
[[claim]]
name = "K = 5"
eq = "K[i] = 5"
[[claim]]
name = "step form = 5"
eq = "R[i] = 5"
[[claim]]
name = "K is at least its own term"
eq = "K[i] = log(exp(u[i]) + Sum(where(t[j] > t[i], 1, 0)*exp(u[j]), (j, 1, N)))"
[[claim]]
name = "K with the own term left out"
eq = "K[i] = log(Sum(where(t[j] > t[i], 1, 0)*exp(u[j]), (j, 1, N)) + 1)"
"""

COX = r"""# Cox partial likelihood

```derive
title = "risk set"
[sizes]
N = "subjects"
[inputs]
eta = ["N"]
t = ["N"]
[define]
"S[i]" = "Sum(where(t[j] >= t[i], 1, 0)*exp(eta[j]), (j, 1, N))"
"l" = "Sum(eta[i] - log(S[i]), (i, 1, N))"
[symbols]
'\eta' = "eta"
'\ell' = "l"
```

$$
\frac{\partial \ell}{\partial \eta_m} = 5
$$

$$
\frac{\partial \ell}{\partial \eta_m} = 1 - \sum_{i=1}^{N} \frac{[t_m \ge t_i] e^{\eta_m}}{S_i}
$$

$$
\frac{\partial \ell}{\partial \eta_m} = 1 - \sum_{i=1}^{N} \frac{e^{\eta_m}}{S_i}
$$
"""


@pytest.fixture(scope="module")
def risk_set(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("gaps") / "risk.derive.toml"
    path.write_text(RISK_SET)
    return {c.name: c for c in claims_of(path, 60.0, expected=False)}


@pytest.mark.parametrize("name", ["K = 5", "step form = 5", "K with the own term left out"])
def test_a_false_claim_on_a_log_of_a_risk_set_is_refuted(risk_set, name):
    c = risk_set[name]
    assert c.verdict == "refuted", c.evidence


def test_a_true_claim_on_a_log_of_a_risk_set_is_tested(risk_set):
    c = risk_set["K is at least its own term"]
    assert c.verdict in ("proved", "unproved"), c.evidence
    if c.verdict == "unproved":
        assert c.evidence["points"] > 0, c.evidence


def test_the_cox_gradient_slip_is_refuted_and_the_true_one_tested(tmp_path: Path):
    path = tmp_path / "cox.md"
    path.write_text(COX)
    five, right, slip = claims_of(path, 60.0, expected=False)
    assert five.verdict == "refuted" and slip.verdict == "refuted", (five.evidence, slip.evidence)
    assert right.verdict == "proved" or (right.verdict == "unproved" and right.evidence["points"] > 0), right.evidence


def test_a_region_between_a_when_boundary_and_a_kink_is_drawn(tmp_path: Path):
    path = tmp_path / "narrow.derive.toml"
    path.write_text('title = "narrow"\n[inputs]\nx = []\n[[claim]]\nname = "abs"\n'
                    'eq = "abs(x - 1/1000) = x - 1/1000"\nwhen = "x > 0"\n')
    (c,) = claims_of(path, 60.0, expected=False)
    assert c.verdict == "refuted", c.evidence
    from fractions import Fraction
    assert 0 < Fraction(c.counterexample["exact_inputs"]["x"][""]) < Fraction(1, 1000)


def test_the_same_region_is_refuted_the_same_way_each_run(tmp_path: Path):
    path = tmp_path / "narrow.derive.toml"
    path.write_text('title = "narrow"\n[inputs]\nx = []\n[[claim]]\nname = "abs"\n'
                    'eq = "abs(x - 1/1000) = x - 1/1000"\nwhen = "x > 0"\n')
    runs = [claims_of(path, 60.0, expected=False)[0].counterexample for _ in range(2)]
    assert runs[0] == runs[1]


PPO = r"""# PPO: min of two equal branches inside the trust region

```derive
title = "PPO clip interior"
given = ["eps > 0", "eps < 1"]
[inputs]
r = []
A = []
eps = []
[define]
"L" = "min(r*A, clip(r, 1 - eps, 1 + eps)*A)"
[symbols]
'\epsilon' = "eps"
```

$$
\frac{\partial L}{\partial r} = 2 A \quad \text{if } 1 - \epsilon < r < 1 + \epsilon
$$
"""


def test_on_a_tie_derive_shows_its_derivative_as_it_evaluates_it(tmp_path: Path):
    """Inside the trust region the branches tie: derive's A·(1 − H(u)) + A·H(u) is A whatever H(0) is, as the
    note beside the counterexample says; shown mirrored, H(−u) + H(u) read 2A·H(0), which is the claim at H(0) = 1."""
    path = tmp_path / "ppo.md"
    path.write_text(PPO)
    (c,) = claims_of(path, 60.0)
    assert c.verdict == "refuted" and c.counterexample.get("ties"), c.evidence
    shown = c.counterexample["expected"]
    assert "H(-A·r + A·min(eps + 1, max(r, 1 - eps)))" in shown
    assert "H(A·r - A·min" not in shown, shown  # the mirrored step, 1 − H(u) read as H(−u)


UNTESTED = """title = "no point, and points"
[inputs]
x = []
y = []
[[claim]]
name = "never asserted"
eq = "x*y = 5"
when = "exp(x) + exp(-x) < 1"
[[claim]]
name = "tested, not proved"
eq = "log(exp(x) + exp(-x)) = abs(x) + log(1 + exp(-2*abs(x)))"
"""


@pytest.fixture(scope="module")
def untested(tmp_path_factory) -> tuple:
    path = tmp_path_factory.mktemp("untested") / "untested.derive.toml"
    path.write_text(UNTESTED)
    return path, claims_of(path, 60.0, expected=False)


def test_a_claim_no_point_tested_says_so_and_fails_the_run(untested):
    from derive.verify.results import evidence_line
    _, (never, tested) = untested
    assert never.verdict == "unproved" and never.untested and never.evidence["untested"] is True
    assert never.failing(strict=False)
    line = evidence_line(never)
    assert "untested: no point was tried" in line and "points tried" not in line and "largest difference" not in line


def test_a_claim_tested_at_points_but_not_proved_still_passes_without_strict(untested):
    from derive.verify.results import evidence_line
    _, (never, tested) = untested
    assert tested.verdict == "unproved" and tested.evidence["points"] > 0 and not tested.untested
    assert not tested.failing(strict=False) and tested.failing(strict=True)
    assert "points tried" in evidence_line(tested)


def test_the_exit_code_and_the_summary_count_an_untested_claim(untested):
    from derive.verify.command import as_text, exit_code
    from derive.verify.results import FileReport
    path, (never, tested) = untested
    assert exit_code([FileReport(str(path), "t", [tested])], strict=False) == 0
    report = FileReport(str(path), "t", [never, tested])
    assert exit_code([report], strict=False) == 1
    assert as_text([report]).endswith("(1 of them untested: no point was tried)")


UNRELATED_WHEN = """title = "a when without the claim's index"
[sizes]
n = "parameters"
[inputs]
v = ["n"]
g = ["n"]
eps = []
[[claim]]
name = "true"
eq = "diff(g[m]/sqrt(v[m] + eps), v[m]) = -g[m]/(2*(v[m] + eps)*sqrt(v[m] + eps))"
when = "eps > 0"
[[claim]]
name = "sign slip"
eq = "diff(g[m]/sqrt(v[m] + eps), v[m]) = g[m]/(2*(v[m] + eps)*sqrt(v[m] + eps))"
when = "eps > 0"
"""


def test_a_when_without_the_claims_index_keeps_its_points(tmp_path: Path):
    """Moving a draw into ``eps > 0`` read the sides' written domain (v_m + eps ≥ 0) with no value for m."""
    path = tmp_path / "adam.derive.toml"
    path.write_text(UNRELATED_WHEN)
    true, slip = claims_of(path, 60.0, expected=False)
    assert slip.verdict == "refuted", slip.evidence
    assert true.verdict == "proved" or true.evidence["points"] > 0, true.evidence


EQUALITY_WHEN = r"""# BCE at y_i = 1

```derive
title = "bce"
[sizes]
n = "samples"
[inputs]
z = ["n"]
y = ["n"]
w = ["n"]
[define]
"s[i]" = "1/(1 + exp(-z[i]))"
"L" = "-Sum(y[i]*log(s[i]) + (1 - y[i])*log(1 - s[i]), (i, 1, n))"
"p" = "1/(1 + exp(-Sum(w[k]*z[k], (k, 1, n))))"
```

$$
\frac{\partial L}{\partial z_i} = s_i - 1 \quad \text{if } y_i = 1
$$

$$
\frac{\partial L}{\partial z_i} = 5 \quad \text{if } y_i = 1
$$

$$
p = \frac{1}{2} \quad \text{if } \sum_{k=1}^{n} w_k z_k = 0
$$

$$
p = \frac{1}{3} \quad \text{if } \sum_{k=1}^{n} w_k z_k = 0
$$
"""


def test_an_equality_when_on_an_entry_or_a_sum_is_met_by_solving_for_an_entry(tmp_path: Path):
    """A continuous draw never meets y_i = 1 or Σ_k w_k z_k = 0: no point was tried, true or false alike."""
    path = tmp_path / "bce.md"
    path.write_text(EQUALITY_WHEN)
    right, five, half, third = claims_of(path, 60.0, expected=False)
    for true in (right, half):
        assert true.verdict == "proved" or true.evidence["points"] > 0, true.evidence
    for false in (five, third):
        assert false.verdict == "refuted", false.evidence
    assert five.counterexample["exact_inputs"]["y"][str(five.counterexample["indices"]["i"])] == "1"


def test_a_band_narrower_than_every_step_is_drawn_at_its_midpoint(tmp_path: Path):
    path = tmp_path / "band.derive.toml"
    path.write_text('title = "band"\n[inputs]\nx = []\n[[claim]]\nname = "true"\neq = "abs(x) = x"\n'
                    'when = "x > 5 and x < 5 + 1/1000000"\n[[claim]]\nname = "false"\neq = "abs(x) = -x"\n'
                    'when = "x > 5 and x < 5 + 1/1000000"\n')
    true, false = claims_of(path, 60.0, expected=False)
    assert true.verdict == "proved", true.evidence
    assert false.verdict == "refuted" and false.counterexample["exact_inputs"]["x"][""] == "10000001/2000000"


def test_a_kink_beside_a_when_on_a_vector_entry_or_at_a_tiny_constant_is_drawn_between(tmp_path: Path):
    """The step halving ran only for a when without an index, and a kink at 10⁻⁷ was put at 0."""
    path = tmp_path / "halving.derive.toml"
    path.write_text('title = "halving"\n[sizes]\nn = "n"\n[inputs]\nx = []\nv = ["n"]\n'
                    '[[claim]]\nname = "vector"\neq = "abs(v[i] - 1/1000) = v[i] - 1/1000"\nwhen = "v[i] > 0"\n'
                    '[[claim]]\nname = "tiny"\neq = "abs(x - 1/10000000) = x - 1/10000000"\nwhen = "x > 0"\n')
    vector, tiny = claims_of(path, 60.0, expected=False)
    assert vector.verdict == "refuted" and tiny.verdict == "refuted", (vector.evidence, tiny.evidence)


def test_inputs_within_rounding_of_each_other_are_shown_apart():
    from fractions import Fraction
    from derive.verify.search import distinct_texts
    x, a = Fraction(607, 500), Fraction(3884793, 3200000)
    texts = distinct_texts({x, a, Fraction(1, 3)})
    assert texts[x] == "1.214" and texts[a] != "1.214" and texts[Fraction(1, 3)] == "0.333333"


def test_an_equality_when_met_only_in_a_tail_gives_no_point(tmp_path: Path):
    """σ(z_i) = 0 holds for no real z_i; within the equality's tolerance at z_i = −3000 is a tail, not the when."""
    path = tmp_path / "tail.derive.toml"
    path.write_text('title = "tail"\n[sizes]\nn = "n"\n[inputs]\nz = ["n"]\n[define]\n"s[i]" = "1/(1 + exp(-z[i]))"\n'
                    '[[claim]]\nname = "tail"\neq = "z[i] = 5"\nwhen = "s[i] == 0"\n'
                    '[[claim]]\nname = "root"\neq = "z[i]**3 = 3"\nwhen = "exp(z[i]) == 2"\n')
    tail, root = claims_of(path, 60.0, expected=False)
    assert tail.verdict == "unproved" and tail.evidence["points"] == 0, tail.evidence
    assert root.verdict == "refuted", root.evidence


def test_an_equality_when_of_one_sign_is_not_searched_for_a_root(tmp_path: Path):
    """σ(z_i) = 0 has no root: the secant ran to its last step from every start of every draw (10 s of one claim)
    before the tail test turned each down; an equation that can change sign (e^z = 2) is still solved."""
    from derive.verify import load_file
    from derive.verify.domains import domain_for
    from derive.verify.search import Search
    from derive.verify.semantics import Semantics
    path = tmp_path / "tail.derive.toml"
    path.write_text('title = "tail"\n[sizes]\nn = "n"\n[inputs]\nz = ["n"]\n[define]\n"s[i]" = "1/(1 + exp(-z[i]))"\n'
                    '[[claim]]\nname = "tail"\neq = "z[i] = 5"\nwhen = "s[i] == 0"\n'
                    '[[claim]]\nname = "root"\neq = "z[i]**3 = 3"\nwhen = "exp(z[i]) == 2"\n')
    f = load_file(path)
    sem = Semantics(f)
    gate, root = (Search(sem, sem.resolve(c.lhs), sem.resolve(c.rhs), c.ranges, (), domain=domain_for(f, c))
                  for c in f.claims)
    assert [gate._never_zero(u) for u in gate.when_equations] == [True]
    assert [root._never_zero(u) for u in root.when_equations] == [False]


def test_an_equality_when_met_only_nearly_refutes_only_once_its_root_is_refined(tmp_path: Path):
    """A secant root rounded to 45 digits left sin(x) = −6e-46, which exp(60) amplified past the 1e-20 test, and the
    checks at more digits reused the same x: a true claim was refuted.  |x| + e^-140 (2 + sin y) == 0 never holds,
    yet x = 5e-61 met it within the tolerance and refuted x = 5 (vacuously true there).  The equation is re-solved to
    more digits than the checks read, and a point where it has no root refutes nothing; false claims still fail."""
    path = tmp_path / "near.derive.toml"
    path.write_text('title = "near"\n[inputs]\nx = []\ny = []\n'
                    '[[claim]]\nname = "amplified sin"\neq = "exp(60)*sin(x) = 0"\nwhen = "sin(x) == 0"\n'
                    '[[claim]]\nname = "amplified quintic"\neq = "(10**16)**5*(x**5 + x - 1) = 0"\n'
                    'when = "x**5 + x - 1 == 0"\n'
                    '[[claim]]\nname = "vacuous"\neq = "x = 5"\nwhen = "abs(x) + exp(-140)*(2 + sin(y)) == 0"\n'
                    '[[claim]]\nname = "vacuous, a tail"\neq = "x = 5"\nwhen = "abs(x) + exp(-y**2)*(2 + sin(y)) == 0"\n'
                    '[[claim]]\nname = "false at a sin root"\neq = "cos(x) = 1"\nwhen = "sin(x) == 0"\n'
                    '[[claim]]\nname = "false at the quintic root"\neq = "x = 1"\nwhen = "x**5 + x - 1 == 0"\n'
                    '[[claim]]\nname = "false, amplified"\neq = "exp(60)*sin(x) = 1"\nwhen = "sin(x) == 0"\n')
    *true, cos, quintic, amplified = claims_of(path, 120.0, expected=False)
    for claim in true:
        assert claim.verdict != "refuted", (claim.name, claim.counterexample)
    for claim in (cos, quintic, amplified):
        assert claim.verdict == "refuted", (claim.name, claim.evidence)


def test_an_equality_given_solved_by_the_secant_refutes_only_once_its_root_is_refined(tmp_path: Path):
    """x⁵ + x = 1 solved to 45 digits left a gap that 10⁸⁰ amplified: the true claim was refuted at x = 0.754878."""
    path = tmp_path / "given.derive.toml"
    path.write_text('title = "given"\ngiven = ["x**5 + x = 1"]\n[inputs]\nx = []\n'
                    '[[claim]]\nname = "amplified, true"\neq = "(10**16)**5*(x**5 + x - 1) = 0"\n'
                    '[[claim]]\nname = "false"\neq = "x = 1"\n')
    true, false = claims_of(path, 60.0, expected=False)
    assert true.verdict != "refuted", true.counterexample
    assert false.verdict == "refuted", false.evidence


def test_a_nonlinear_when_equality_is_met_and_one_a_given_pins_too(tmp_path: Path):
    """x² == 2 and exp(x) == 3: findroot's own check (|f|² ≤ 1e-90) failed at the root rounded to 45 digits, so every
    draw was thrown away; x a == 3 beside the given a = 2 was solved for a, which the given set back to 2."""
    path = tmp_path / "met.derive.toml"
    path.write_text('title = "met"\ngiven = ["a = 2"]\n[inputs]\nx = []\na = []\n'
                    '[[claim]]\nname = "sq2 true"\neq = "x**2 = 2"\nwhen = "x**2 == 2"\n'
                    '[[claim]]\nname = "exp3 true"\neq = "exp(x) = 3"\nwhen = "exp(x) == 3"\n'
                    '[[claim]]\nname = "sq2 false"\neq = "x = 1"\nwhen = "x**2 == 2"\n'
                    '[[claim]]\nname = "pinned, true"\neq = "a*x = 3"\nwhen = "x*a == 3"\n'
                    '[[claim]]\nname = "pinned, false"\neq = "abs(x) = -x"\nwhen = "x*a == 3"\n')
    sq2, exp3, sq2_false, pinned, pinned_false = claims_of(path, 60.0, expected=False)
    for true in (sq2, exp3, pinned):
        assert true.verdict == "proved" or true.evidence["points"] > 0, (true.name, true.evidence)
    for false in (sq2_false, pinned_false):
        assert false.verdict == "refuted", (false.name, false.evidence)


def test_a_scalar_a_when_sets_to_an_irrational_value_refutes_only_once_refined(tmp_path: Path):
    """u == sqrt(2) sets u to a rounded value: e^100 (u² − 2) = 0 was refuted at u² − 2 ≈ 1e-51."""
    path = tmp_path / "set.derive.toml"
    path.write_text('title = "set"\n[inputs]\nu = []\np = []\nq = []\n'
                    '[[claim]]\nname = "amplified, true"\neq = "exp(100)*(u**2 - 2) = 0"\nwhen = "u == sqrt(2)"\n'
                    '[[claim]]\nname = "false"\neq = "u = 1"\nwhen = "u == sqrt(2)"\n'
                    '[[claim]]\nname = "rational, false"\neq = "u = 1/2"\nwhen = "u == p/(p + q)"\n')
    true, false, rational = claims_of(path, 60.0, expected=False)
    assert true.verdict != "refuted", true.counterexample
    assert false.verdict == "refuted", false.evidence
    assert rational.verdict == "refuted", rational.evidence
