"""The search's kink draws: an input moved exactly onto each kink of a ReLU network, found in three probes.

A kink argument linear in the entry moved (a_p = b_p + Σ_k W_pk x_k in W_p1) is solved from three
values; a bisection (forty-odd evaluations, and only within 2⁻⁴⁰ of the kink) is for the rest.  The
linearity test runs at the search's precision: at mpmath's default 53 bits its rounding hid every
linear kink from it.
"""
from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import mpmath
import pytest
import sympy as sp

from derive.verify import load_file
from derive.verify.search import DIGITS, Point, Search
from derive.verify.semantics import Semantics
from _checking import checked, claims_of

EXAMPLES = Path(__file__).parents[1] / "examples"


def _search():
    f = load_file(EXAMPLES / "relu_mlp.derive.toml")
    claim = next(c for c in f.claims if c.name.startswith("dW2"))
    sem = Semantics(f)
    return f, Search(sem, sem.resolve(claim.lhs), sem.resolve(claim.rhs), claim.ranges, tuple(f.givens))


def _value(search: Search, u, sizes, inputs) -> object:
    with mpmath.workdps(DIGITS):
        symbols, arrays = search._forward(sizes, inputs)
        return Point(symbols, arrays, search.compiler)(u)


def test_a_linear_kink_is_solved_exactly_without_bisection(monkeypatch):
    f, search = _search()
    assert search.kinks, "relu_mlp has ReLU kinks"
    monkeypatch.setattr(Search, "_bisected", lambda *a: pytest.fail("a linear kink was bisected"))
    sizes = {s: sp.Integer(2) for s in f.size_symbols}
    base = search.draw_inputs(sizes, 2, False, random.Random(1))
    on, below, above = search.kink_draws(sizes, base)
    assert on != base
    u, _ = search.kinks[0]
    free = sorted((s for s in u.free_symbols if s.is_integer and s not in sizes), key=str)
    at_one = u.xreplace({s: sp.Integer(1) for s in free})
    # Offset 0: on the kink to the search's precision (a bisection stops 2⁻⁴⁰ away); the other two
    # draws a step either side of it.
    assert abs(_value(search, at_one, sizes, on)) < mpmath.mpf(10) ** -45
    assert _value(search, at_one, sizes, below) < 0 < _value(search, at_one, sizes, above)
    assert all(isinstance(v, Fraction) for entries in on.values() for v in entries.values())


GATE_NO_BIAS = """title = "a ReLU gate of z = W x, written with where"
[sizes]
m = "units"
d = "features"
[inputs]
x = ["d"]
W1 = ["m", "d"]
v = ["m"]
y = []
[define]
"z[k]" = "Sum(W1[k, l]*x[l], (l, 1, d))"
"a[k]" = "max(0, z[k])"
"o" = "Sum(v[k]*a[k], (k, 1, m))"
"J" = "(y - o)**2 / 2"

[[claim]]
name = "through the gate"
eq = "diff(J, z[k]) = v[k]*(o - y)*where(z[k] > 0, 1, 0)"

[[claim]]
name = "the gate at 1"
eq = "diff(J, z[k]) = v[k]*(o - y)*where(z[k] > 1, 1, 0)"
"""


def test_a_gate_of_a_pre_activation_without_a_bias_proves(tmp_path):
    # In the inputs z_k is Σ_l W1_kl x_l: affine in W1_k1 with coefficient x_1, so its sign may be split on.
    path = tmp_path / "gate.derive.toml"
    path.write_text(GATE_NO_BIAS, encoding="utf-8")
    assert [c.verdict for c in claims_of(path)] == ["proved", "refuted"]


HINGE = """title = "binary hinge loss"
[sizes]
m = "features"
[inputs]
x = ["m"]
w = ["m"]
b = []
y = []
lam = []
[define]
"f" = "Sum(w[k]*x[k], (k, 1, m)) + b"
"L" = "max(0, 1 - y*f) + lam/2*Sum(w[k]**2, (k, 1, m))"

[[claim]]
name = "by w, the margin's indicator"
eq = "diff(L, w[j]) = -y*x[j]*where(y*f < 1, 1, 0) + lam*w[j]"

[[claim]]
name = "by b, in cases"
eq = "diff(L, b) = where(y*f < 1, -y, 0)"

[[claim]]
name = "slip: the margin's inequality reversed"
eq = "diff(L, b) = where(y*f > 1, -y, 0)"

[[claim]]
name = "slip: the indicator dropped"
eq = "diff(L, w[j]) = -y*x[j] + lam*w[j]"
"""


def test_a_hinge_loss_gradient_gated_by_its_margin_proves(tmp_path):
    # The margin y·f with f = Σ_k w_k x_k + b holds a sum: its zero set is null through the lone y·b.
    path = tmp_path / "hinge.derive.toml"
    path.write_text(HINGE, encoding="utf-8")
    assert [c.verdict for c in claims_of(path)] == ["proved", "proved", "refuted", "refuted"]


KINK_ON_A_REGION = """title = "a kink argument that is 0 on a region"
[inputs]
z = []
v = []
[define]
"h" = "max(0, z)"
"g" = "2*z + v"

[[claim]]
name = "false wherever z < 0"
eq = "where(h > 0, 1, 0) + where(h < 0, 1, 0) = 1"

[[claim]]
name = "false wherever z < 0, scaled"
eq = "where(v*h > 0, 1, 0) + where(v*h < 0, 1, 0) = 1"

[[claim]]
name = "true but at g = 0"
eq = "where(g > 0, 1, 0) + where(g < 0, 1, 0) = 1"
"""


def test_the_prover_splits_on_a_kink_only_where_its_zero_set_is_null_in_the_inputs(tmp_path):
    # As written, h is a symbol whose sign may be split on; in the inputs it is max(0, z), which is 0 for
    # every z < 0, where both claims fail. The search refutes them; the prover alone must not prove them.
    from derive.verify.conditional import prove_under
    path = tmp_path / "region.derive.toml"
    path.write_text(KINK_ON_A_REGION, encoding="utf-8")
    f = load_file(path)
    sem = Semantics(f)
    proofs = [prove_under(sem, sem.resolve(c.lhs), sem.resolve(c.rhs), c.ranges, ()) for c in f.claims]
    assert proofs[:2] == [None, None]
    assert proofs[2] is not None and "almost everywhere" in proofs[2].method  # g = 2z + v: a null set


def test_sign_combinations_no_point_has_are_recognised_exactly():
    from derive.algebra.feasible import can_all_hold, linear
    a, b, c = sp.symbols("a b c", real=True)
    p = sp.Dummy("p", positive=True)

    def rows(*us):
        return [linear(u) for u in us]
    assert not can_all_hold(rows(a - b, b - c, c - a))  # a > b > c > a
    assert can_all_hold(rows(a - b, b - c, a - c))
    assert not can_all_hold(rows(a - b + 1, b - a - 2))  # a − b > −1 and a − b < −2
    assert can_all_hold(rows(a - b + 3, b - a - 2))
    assert not can_all_hold(rows(-p))  # p is positive
    assert not can_all_hold(rows(sp.Integer(-1)))
    assert linear(a * b - c) is None and linear(sp.sqrt(2) * a) is None


MAX_POOL = """title = "a 2x2 max-pooling window"
[inputs]
a = []
b = []
c = []
d = []
[define]
"m" = "max(max(a, b), max(c, d))"

[[claim]]
name = "routed to the largest"
eq = "diff(m, a) = step(a - b)*step(a - c)*step(a - d)"

[[claim]]
name = "one unit in all"
eq = "diff(m, a) + diff(m, b) + diff(m, c) + diff(m, d) = 1"

[[claim]]
name = "slip: one comparison forgotten"
eq = "diff(m, a) = step(a - b)*step(a - c)"
"""


def test_max_pooling_is_proved_by_the_orderings_of_its_window(tmp_path):
    # The six pairwise kinks have 64 sign combinations, 24 of them orderings; on the other 40 the
    # branches disagree (a > b > c > a), so without dropping them the true claims stayed unproved.
    from derive.language.kinks import sign_cases
    path = tmp_path / "pool.derive.toml"
    path.write_text(MAX_POOL, encoding="utf-8")
    assert [c.verdict for c in claims_of(path)] == ["proved", "proved", "refuted"]
    a, b, c, d = sp.symbols("a b c d", real=True)
    m = sp.Max(sp.Max(a, b), sp.Max(c, d))
    slip = sp.diff(m, a) - sp.Heaviside(a - b) * sp.Heaviside(a - c)
    assert any(case != 0 for case in sign_cases(slip))  # the prover alone would not prove the slip either


EQUAL_INDICATORS = """title = "indicators of an equality of reals"
[inputs]
x = []
y = []
[define]
"r" = "max(x, 0)"
"h" = "max(x, y)"

[[claim]]
name = "the max is attained by one argument, but at a tie by both"
eq = "where(x == h, 1, 0) + where(y == h, 1, 0) = 1"

[[claim]]
name = "relu is 0 exactly where x is negative"
eq = "where(r == 0, 1, 0) = step(-x)"

[[claim]]
name = "slip: relu never 0"
eq = "where(r == 0, 1, 0) = 0"

[[claim]]
name = "a sum over two fixed terms"
eq = "Sum(where(x*j == h*j, 1, 0), (j, 1, 2)) = 2*step(x - y)"
"""


def test_an_equality_of_reals_is_a_kink_false_on_either_side(tmp_path):
    # Maxout's 𝟙[z_j = h]: after h = max(…) takes its branch, z_2 = z_1 is false wherever z_1 − z_2 ≠ 0.
    path = tmp_path / "eq.derive.toml"
    path.write_text(EQUAL_INDICATORS, encoding="utf-8")
    got = {c.name: c.verdict for c in claims_of(path)}
    # An equality is evaluated as written, on its zero too: at x = y both indicators are 1 (a point the
    # search puts on the kink), where the proof by cases, which holds almost everywhere, does not look.
    assert got == {"the max is attained by one argument, but at a tie by both": "refuted",
                   "relu is 0 exactly where x is negative": "proved",
                   "slip: relu never 0": "refuted", "a sum over two fixed terms": "proved"}


# -- a kink split only where its zeros are null among the claim's points (fourth soundness probe) ----

def _verdicts(tmp_path, text: str, name: str = "k.derive.toml") -> dict[str, str]:
    from derive.documents.load import read_document
    path = tmp_path / name
    path.write_text(text)
    files = read_document(path).files if name.endswith(".md") else [load_file(path)]
    return {c.name: c.verdict for f in files for c in checked(f, 60)}


LITERAL_INDEX = """title = "a pairwise ranking loss against item 1"
[sizes]
n = "items"
[inputs]
x = ["n"]
[define]
"L" = "Sum(relu(x[j] - x[1]), (j, 1, n))"

[[claim]]
name = "true"
eq = "diff(L, x[k]) = step(x[k] - x[1]) - delta(k, 1)*Sum(step(x[j] - x[1]), (j, 1, n))"

[[claim]]
name = "false at k = 1 by one half"
eq = "diff(L, x[k]) = step(x[k] - x[1]) - delta(k, 1)*Sum(where(x[j] > x[1], 1, 0), (j, 1, n))"

[[claim]]
name = "false at i = 1: H(0) is one half"
eq = "step(x[i] - x[1]) = where(x[i] > x[1], 1, 0)"

[[claim]]
name = "false at i = 1: a quarter"
eq = "step(x[i] - x[1])*step(x[1] - x[i]) = 0"
"""


def test_a_kink_that_is_zero_at_a_written_index_is_not_split_on(tmp_path):
    # x_j − x_1 is 0 for every x at j = 1: splitting on its sign proved claims false there
    got = _verdicts(tmp_path, LITERAL_INDEX)
    assert got["true"] == "proved"
    assert {v for k, v in got.items() if k != "true"} == {"unproved"}


FLAT_KINKS = """title = "kink arguments that are 0 on a whole interval"
[inputs]
a = []

[[claim]]
name = "arcsin of a sine"
eq = "where(arcsin(sin(a - 10)) - a + 10 > 0, 1, 0) + where(arcsin(sin(a - 10)) - a + 10 < 0, 1, 0) = 1"

[[claim]]
name = "arctan t + arctan 1/t is pi/2 for t > 0"
eq = "step(arctan(a - 3) + arctan(1/(a - 3)) - pi/2)*step(pi/2 - arctan(a - 3) - arctan(1/(a - 3))) = 0"

[[claim]]
name = "the flat piece beyond the samples"
eq = "where(arctan(a - 3000) + arctan(1/(a - 3000)) > pi/2, 1, 0) + where(arctan(a - 3000) + arctan(1/(a - 3000)) < pi/2, 1, 0) = 1"

[[claim]]
name = "analytic everywhere: still split"
eq = "step(tanh(a) + a**3)*step(-tanh(a) - a**3) = 0"
"""


def test_a_kink_argument_flat_somewhere_in_its_domain_is_not_split_on(tmp_path):
    got = _verdicts(tmp_path, FLAT_KINKS)
    assert got["arcsin of a sine"] != "proved" and got["arctan t + arctan 1/t is pi/2 for t > 0"] != "proved"
    # a probe: poles split the domain, and the samples (|a| <= 2000) never reached the piece where it is flat
    assert got["the flat piece beyond the samples"] != "proved"
    assert got["analytic everywhere: still split"] == "proved"


@pytest.mark.parametrize("setting", ['given = ["a = b"]', 'given = ["a >= b", "a <= b"]',
                                     'given = ["a + b = 1"]',
                                     # a probe: a sign given replaced a by a positive a, whose kink a − b the
                                     # pin a = b (written in the old a) no longer named: proved on the line
                                     'given = ["a = b", "a > 0"]', 'given = ["a >= b", "a <= b", "b > 0"]'])
def test_a_given_that_pins_the_kink_to_zero_leaves_the_claim_unproved(tmp_path, setting):
    kink = "a - b" if "1" not in setting else "a + b - 1"
    text = f"""title = "pinned"
{setting}
[inputs]
a = []
b = []
c = []

[[claim]]
name = "H(u) = 1[u > 0]"
eq = "step({kink}) = where({kink} > 0, 1, 0)"

[[claim]]
name = "H(u) H(-u) = 0"
eq = "step({kink})*step(-({kink})) = 0"

[[claim]]
name = "a kink the given does not touch"
eq = "step(c)*step(-c) = 0"
"""
    got = _verdicts(tmp_path, text)
    assert got == {"H(u) = 1[u > 0]": "unproved", "H(u) H(-u) = 0": "unproved",
                   "a kink the given does not touch": "proved"}


def test_a_when_or_a_condition_in_notes_that_pins_the_kink_leaves_the_claim_unproved(tmp_path):
    toml = """title = "when"
[inputs]
a = []
b = []

[[claim]]
name = "pinned by when"
eq = "step(a - b)*step(b - a) = 0"
when = "a == b"

[[claim]]
name = "a when that leaves an open set"
eq = "step(a - b)*step(b - a) = 0"
when = "a > 0"
"""
    assert _verdicts(tmp_path, toml) == {"pinned by when": "unproved", "a when that leaves an open set": "proved"}
    notes = "# notes\n\n```derive\n[inputs]\na = []\nb = []\n```\n\n$$\n" \
            r"\operatorname{H}(a - b) = \mathbb{1}[a > b] \quad \text{if } a = b" "\n$$\n"
    assert set(_verdicts(tmp_path, notes, "n.md").values()) == {"unproved"}


@pytest.mark.parametrize("setting", ['when = "x == 0"', 'given = ["x = 0"]'])
def test_a_slope_at_a_pinned_kink_is_no_convention_value(tmp_path, setting):
    # relu, |x| and max(x, y) have no slope at their kink: a pin there read SymPy's H(0) = 1/2 and sign(0) = 0
    # as the slope, and any value written for it was proved (a probe of textbook notes).
    text = f"""title = "slopes at kinks"
[inputs]
x = []
y = []
[define]
"r" = "relu(x)"
"a" = "abs(x)"
"m" = "max(x, y)"

[[claim]]
name = "relu"
eq = "diff(r, x) = 1/2"
{setting}

[[claim]]
name = "abs"
eq = "diff(a, x) = 0"
{setting}

[[claim]]
name = "max at a tie"
eq = "diff(m, x) = 1/2"
{setting.replace("x = 0", "x = y").replace("x == 0", "x == y")}

[[claim]]
name = "relu as its own step"
eq = "diff(r, x) = step(x)"
{setting}

[[claim]]
name = "abs as its own sign"
eq = "diff(a, x) = sign(x)"
{setting}

[[claim]]
name = "relu's value is defined there"
eq = "r = 0"
{setting}

[[claim]]
name = "a slope away from the pin"
eq = "diff(m, y) = step(y - x)"
{setting}
"""
    # relu'(x) = step(x) where x = 0 cancelled as a difference, and was proved though no slope exists there
    assert _verdicts(tmp_path, text) == {"relu": "unproved", "abs": "unproved", "max at a tie": "unproved",
                                         "relu as its own step": "unproved", "abs as its own sign": "unproved",
                                         "relu's value is defined there": "proved",
                                         "a slope away from the pin": "proved"}


def test_a_per_entry_given_with_constant_solutions_still_lets_a_hinge_split(tmp_path):
    # t_i² = 1 pins each label to ±1: the margin 1 − t_k y_k is split on in each case, as before
    text = """title = "hinge with labels of ±1"
given = ["t[i]**2 = 1"]
[sizes]
n = "samples"
[inputs]
t = ["n"]
y = ["n"]
[define]
"L" = "Sum(max(0, 1 - t[i]*y[i]), (i, 1, n))"

[[claim]]
name = "gradient"
eq = "diff(L, y[k]) = -t[k]*step(1 - t[k]*y[k])"
"""
    assert _verdicts(tmp_path, text) == {"gradient": "proved"}


@pytest.mark.parametrize("setting, kink", [
    ('given = ["x[1] = 0"]', "x[j]"),           # an entry pinned at a number, the kink at a free index
    ('given = ["x[1] = 0"]', "x[c]"),           # ... or at a label
    ('given = ["a*a <= 0"]', "a"),              # a non-linear inequality that leaves one point
    ('given = ["(a - b)**2 <= 0"]', "a - b"),
])
def test_a_pin_by_a_written_entry_or_a_nonlinear_inequality_leaves_the_kink_unsplit(tmp_path, setting, kink):
    text = f"""title = "pinned"
{setting}
[sizes]
n = "items"
[inputs]
x = ["n"]
a = []
b = []
[labels]
c = "n"

[[claim]]
name = "H(u) H(-u) = 0"
eq = "step({kink})*step(-({kink})) = 0"
"""
    assert _verdicts(tmp_path, text) == {"H(u) H(-u) = 0": "unproved"}


@pytest.mark.parametrize("when, verdict", [("a == b or a == b + 1", "unproved"),
                                           ("not (a > b or a < b)", "unproved"),
                                           ("a > b or a < b - 1", "proved")])  # an open set: split as ever
def test_a_when_with_or_over_equations_leaves_the_kink_unsplit(tmp_path, when, verdict):
    text = f"""title = "or"
[inputs]
a = []
b = []

[[claim]]
name = "H(a - b) H(b - a) = 0"
eq = "step(a - b)*step(b - a) = 0"
when = "{when}"
"""
    assert _verdicts(tmp_path, text) == {"H(a - b) H(b - a) = 0": verdict}


@pytest.mark.parametrize("setting, kink", [
    ('given = ["sin(a) = 0"]', "a*b - 2*pi*b"),       # sin a = 0 at a = 2π too, which solve() does not name
    ('given = ["a*(b**3 - 2) = 0"]', "(a + 1)*(b**3 - 2)"),  # the branch b³ = 2 holds for every a
    ('given = ["a + b = 0", "a >= 0", "b >= 0"]', "a"),   # with the equation, one point is left
    ('when = "step(a**3 - 2) > 1/4 and step(a**3 - 2) < 3/4"', "a**3 - 2"),  # a window of a step: u = 0
    ('when = "step(a) > 1/4 and step(a) < 3/4 or step(a) > 2"', "a"),
])
def test_pins_that_solve_cannot_name_or_windows_of_a_step_leave_the_kink_unsplit(tmp_path, setting, kink):
    given, when = (setting, "") if setting.startswith("given") else ("", setting)
    text = f"""title = "pinned"
{given}
[inputs]
a = []
b = []

[[claim]]
name = "H(u) = 1[u > 0]"
eq = "step({kink}) = where({kink} > 0, 1, 0)"
{when}
"""
    assert _verdicts(tmp_path, text) == {"H(u) = 1[u > 0]": "unproved"}


@pytest.mark.parametrize("eq, verdict", [
    ("step((n - 5)*a) = where((n - 5)*a > 0, 1, 0)", "unproved"),   # at n = 5 it reads 1/2 = 0 for every a
    ("sign((n - 5)*a)**2 = 1", "unproved"),
    ("step((n + 5)*a) = where((n + 5)*a > 0, 1, 0)", "proved"),      # n + 5 is never 0
])
def test_a_kink_that_vanishes_at_one_size_is_not_split_on(tmp_path, eq, verdict):
    # the fourth probe: the claim holds for every size, and at n = 5 the kink (n - 5)·a is everywhere
    text = f'title = "size"\n[sizes]\nn = "items"\n[inputs]\na = []\n[[claim]]\nname = "c"\neq = "{eq}"\n'
    assert _verdicts(tmp_path, text) == {"c": verdict}


RELU_JACOBIAN = """```derive
[sizes]
n = "n"
[inputs]
a = ["n"]
[define]
"r[i]" = "relu(a[i])"
```
""" + "".join(f"\n$$ \\frac{{\\partial r_i}}{{\\partial a_j}} = \\begin{{cases}} 1 & \\text{{if }} {c} \\\\ 0 & \\text{{otherwise}} "
              f"\\end{{cases}} $$\n" for c in (r"i = j \text{ and } a_i > 0", r"a_i > 0 \text{ and } i = j",
                                              r"i = j \text{ and } a_i < 0", r"a_i > 0"))


def test_the_relu_jacobian_by_cases_on_the_index_and_the_sign_proves(tmp_path):
    # a probe: 1 if i = j and a_i > 0, 0 otherwise, the textbook's Jacobian, was unproved; the case i = j is a δ
    path = tmp_path / "relu.md"
    path.write_text(RELU_JACOBIAN, encoding="utf-8")
    assert [c.verdict for c in claims_of(path)] == ["proved", "proved", "refuted", "refuted"]


HUBER = """title = "Huber's psi, the clipped identity, through a sum"
given = ["k > 0"]
[sizes]
m = "sample"
[inputs]
x = ["m"]
T = []
k = []
[define]
"Q" = "Sum(where(abs(x[i] - T) <= k, (x[i] - T)**2/2, k*abs(x[i] - T) - k**2/2), (i, 1, m))"
[[claim]]
name = "psi clipped at k"
eq = "diff(Q, T) = -Sum(max(-k, min(k, x[i] - T)), (i, 1, m))"
[[claim]]
name = "psi clipped at 2k"
eq = "diff(Q, T) = -Sum(max(-2*k, min(2*k, x[i] - T)), (i, 1, m))"
[[claim]]
name = "psi clipped one way"
eq = "diff(Q, T) = -Sum(min(k, x[i] - T), (i, 1, m))"
"""


def test_kinks_inside_kinks_are_split_on_the_side_of_the_kinks_around_them(tmp_path):
    # where(|t| <= k, ...) against max(-k, min(k, t)): inside the case |t| <= k the nested kink t - k must take that
    # side; split afresh, a side no point is on (t > k with |t| <= k) left a nonzero difference and the claim unproved
    p = tmp_path / "huber.derive.toml"
    p.write_text(HUBER)
    got = claims_of(p, 60.0)
    assert [c.verdict for c in got] == ["proved", "refuted", "refuted"], [c.evidence for c in got]
    assert "almost everywhere" in got[0].method


#: Huber's Q with every sample given inside the band (a given for each i), and a second sample y not given so.
BAND = HUBER.split("[[claim]]")[0].replace('given = ["k > 0"]', 'given = ["k > 0", "abs(x[i] - T) < k"]').replace(
    'x = ["m"]', 'x = ["m"]\ny = ["m"]') + '''"R" = "Sum(where(abs(y[i] - T) <= k, (y[i] - T)**2/2, k*abs(y[i] - T) - k**2/2), (i, 1, m))"
[[claim]]
name = "least squares inside the band"
eq = "diff(Q, T) = -Sum(x[i] - T, (i, 1, m))"
[[claim]]
name = "one entry inside the band"
eq = "diff(Q, x[j]) = x[j] - T"
[[claim]]
name = "the tails' slope inside the band"
eq = "diff(Q, T) = -Sum(k*sign(x[i] - T), (i, 1, m))"
[[claim]]
name = "a sample not given in the band"
eq = "diff(R, T) = -Sum(y[i] - T, (i, 1, m))"
'''


def test_a_given_for_every_index_decides_the_cases_at_each_index_it_is_read_at(tmp_path):
    # |x_i - T| < k for every i: under Σ_j (and at a free j) where(|x_j - T| <= k, ...) takes its first case; the
    # given was unused and the claim unproved. It says nothing of y, whose claim stays false.
    p = tmp_path / "band.derive.toml"
    p.write_text(BAND)
    got = claims_of(p, 60.0)
    assert [c.verdict for c in got] == ["proved", "proved", "refuted", "refuted"], [c.evidence for c in got]
    assert all(c.givens_used == ["abs(x[i] - T) < k"] for c in got[:2])
