"""A claim's ``when`` that holds on a small region: the search moves draws into it (``Search._into_when``).

Few random draws meet x + a > a² with x < 0 (a in (0, 1), x just above a² − a), so a false claim there was left
unproved.  A draw that misses the region is moved just inside one of its boundaries; a counterexample must still
satisfy the condition exactly, a true claim is never refuted, and a condition met nowhere changes nothing.
"""
from __future__ import annotations

import textwrap
from fractions import Fraction

from derive.verify import PROVED, REFUTED
from _checking import claims_of

TIMEOUT = 60  # generous: the machine running the suite may be busy; verdicts, not speed, are tested here

REGIONS = """
title = "when on a small region"
[inputs]
x = []
a = []
[[claim]]
name = "max is x (wrong)"
eq = "max(x, 0) = x"
when = "x + a > a**2"
[[claim]]
name = "max is x above a square"
eq = "max(x, 0) = x"
when = "x > a**2"
[[claim]]
name = "max is x above a shifted square"
eq = "max(x, 0) = x"
when = "x + a > a**2 + 1/4"
[[claim]]
name = "a thin band (wrong)"
eq = "max(x - 1, 0) = 0"
when = "x > a**2 + 1 and x < a**2 + 1 + 1/100"
[[claim]]
name = "nowhere"
eq = "max(x, 0) = x"
when = "x > a**2 and x < -1"
"""


def _results(tmp_path) -> dict:
    p = tmp_path / "regions.derive.toml"
    p.write_text(textwrap.dedent(REGIONS))
    return {c.name: c for c in claims_of(p, TIMEOUT)}


def _exact(cx: dict) -> tuple[Fraction, Fraction]:
    return Fraction(cx["exact_inputs"]["x"][""]), Fraction(cx["exact_inputs"]["a"][""])


def test_a_false_claim_on_a_small_region_is_refuted_inside_it(tmp_path) -> None:
    got = _results(tmp_path)
    wrong = got["max is x (wrong)"]
    assert wrong.verdict == REFUTED
    x, a = _exact(wrong.counterexample)
    assert x + a > a**2 and x < 0  # inside the region, exactly, and where max(x, 0) = 0 ≠ x
    band = got["a thin band (wrong)"]
    assert band.verdict == REFUTED
    x, a = _exact(band.counterexample)
    assert a**2 + 1 < x < a**2 + 1 + Fraction(1, 100)


def test_true_claims_on_narrow_regions_stay_unrefuted_and_a_region_met_nowhere_is_unchanged(tmp_path) -> None:
    got = _results(tmp_path)
    assert got["max is x above a square"].verdict == PROVED
    # x > (a − 1/2)² ≥ 0: draws moved just inside the boundary still have x > 0
    narrow = got["max is x above a shifted square"]
    assert narrow.verdict != REFUTED and narrow.counterexample is None
    nowhere = got["nowhere"]
    assert nowhere.verdict != REFUTED and nowhere.counterexample is None


def test_the_moved_draws_are_a_function_of_the_file(tmp_path) -> None:
    first = _results(tmp_path)["max is x (wrong)"].counterexample
    assert _results(tmp_path)["max is x (wrong)"].counterexample == first


ROUNDING = """
title = "conditions met only by rounding"
[inputs]
x = []
[[claim]]
name = "sigmoid"
eq = "x = 0"
when = "sigmoid(x) + sigmoid(-x) > 1"
[[claim]]
name = "cosh and sinh"
eq = "x = 0"
when = "cosh(x)**2 - sinh(x)**2 > 1"
[[claim]]
name = "a given"
eq = "x = 0"
given = ["sin(x)**2 + cos(x)**2 > 1"]
"""


def test_a_condition_met_only_by_rounding_refutes_nothing(tmp_path) -> None:
    # An adversarial probe: σ(x) + σ(−x) > 1 holds nowhere, so the claims assert nothing; at 50 digits (and at 100,
    # for cosh² − sinh²) rounding met it, and x = 0 was "refuted" at x = 1.204.
    p = tmp_path / "rounding.derive.toml"
    p.write_text(textwrap.dedent(ROUNDING))
    assert [c.verdict for c in claims_of(p, TIMEOUT)] == ["unproved"] * 3


SOLVED_AND_SIZED = """
title = "a solved input, and sizes, with a band"
[sizes]
n = "classes"
[inputs]
u = []
a = []
b = []
x = ["n"]
[[claim]]
name = "solved u (wrong)"
eq = "max(b - 1, 0)*u = 0"
when = "u == a/3 + 1/10 and a > 1 and b > a**2 + 1 and b < a**2 + 1 + 1/100"
[[claim]]
name = "n >= 4 (wrong)"
eq = "max(a - 1, 0) + x[1] = x[1]"
when = "n >= 4 and a > b**2 + 1 and a < b**2 + 1 + 1/100"
"""


def test_a_band_beside_a_solved_input_or_a_condition_on_sizes_is_entered(tmp_path) -> None:
    # u set onto a/3 + 1/10 meets that equality to the working precision only (every moved counterexample was
    # dropped); the sizes n = 2, 3 first used up the moves that n >= 4 needed.
    p = tmp_path / "solved.derive.toml"
    p.write_text(textwrap.dedent(SOLVED_AND_SIZED))
    solved, sized = claims_of(p, TIMEOUT)
    assert (solved.verdict, sized.verdict) == (REFUTED, REFUTED)
    ex = {k: Fraction(v[""]) for k, v in solved.counterexample["exact_inputs"].items()}
    assert ex["a"] > 1 and ex["a"] ** 2 + 1 < ex["b"] < ex["a"] ** 2 + 1 + Fraction(1, 100)
    assert abs(ex["u"] - (ex["a"] / 3 + Fraction(1, 10))) < Fraction(1, 10**40)
    assert int(sized.counterexample["sizes"]["n"]) >= 4


BOUNDARIES = """
title = "non-strict conditions met with equality"
given = ["y[k] >= 0"]
[sizes]
n = "classes"
[inputs]
z = ["n"]
v = ["n"]
x = []
[labels]
c = "n"
[define]
"y[k]" = "delta(k, c)"
"s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"
"L" = "-Sum(y[i]*log(s[i]), (i, 1, n))"
"h" = "relu(x)"
[[claim]]
name = "the sign slip"
eq = "diff(L, z[j]) = y[j] - s[j]"
[[claim]]
name = "on the diagonal"
eq = "delta(i, j)*v[i] = 0"
when = "i >= j"
[[claim]]
name = "where relu is 0"
eq = "x = 5"
when = "h <= 0"
"""


def test_a_non_strict_condition_met_with_equality_still_admits_a_counterexample(tmp_path) -> None:
    # An adversarial probe of the rounding check: y_k >= 0 holds with equality at every k ≠ c, and i >= j at i = j;
    # counted as failing, they hid the softmax cross-entropy's sign slip (unproved, exit 0)
    p = tmp_path / "boundaries.derive.toml"
    p.write_text(textwrap.dedent(BOUNDARIES))
    assert [c.verdict for c in claims_of(p, TIMEOUT)] == [REFUTED] * 3
