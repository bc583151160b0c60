"""False proofs found by the second prover probe: conventions at a kink, empty sums, ties for a maximum.

* H(0) and sign(0) are conventions (README): a step or sign whose argument is 0 on a whole region
  (``sign(relu(x))`` on x < 0) or at an index (``H(z_k − z_c)`` at k = c) had SymPy's H(0) = ½ and
  sign(0) = 0 put in, and claims true under that convention only were proved.
* ``Σ_(k≠j) u/(n − 1) = u`` cancelled n − 1 and was proved for every n, false at n = 1 where the sum is empty.
* ``Σ_j 𝟙[z_j = max_k z_k] = 1`` was proved almost everywhere, though a written indicator is evaluated as
  written at a tie (README), where the sum is the number of tied places; the same claim with one term
  written apart was refuted.
"""
from __future__ import annotations

import pytest
import sympy as sp

from derive.algebra.bigops import places_summed, ties_asserted, written_places, MaxOver, LargestAt
from derive.algebra.conventions import SIGN_AT_0, STEP_AT_0, open_conventions
from derive.algebra.counts import one_side_undefined
from _checking import claims_of
from _oneline import assert_one_line_error


def _file(tmp_path, text: str):
    p = tmp_path / "probe.derive.toml"
    p.write_text(text)
    return {c.name: c for c in claims_of(p, expected=False)}


def test_open_conventions_leave_the_value_at_zero_unknown():
    """H(0) and sign(0) become unknowns; away from 0 the step and the sign keep their values."""
    x = sp.Symbol("x", real=True)
    assert open_conventions(sp.Heaviside(x)).subs(x, 0) == STEP_AT_0
    assert sp.expand(open_conventions(sp.sign(x)).subs(x, 0)) == SIGN_AT_0
    assert open_conventions(sp.sign(x)).subs(x, 3) == 1
    assert open_conventions(sp.Heaviside(x)).subs(x, -2) == 0


def test_a_step_or_sign_of_a_flat_argument_is_not_proved(tmp_path):
    """relu(x) is 0 on all of x < 0: what sign and step are there is a convention, so nothing is proved."""
    got = _file(tmp_path, """
[inputs]
x = []
[[claim]]
name = "sign zero"
eq = "sign(relu(x)) = 0"
when = "x < 0"
[[claim]]
name = "step half"
eq = "step(relu(x)) = 1/2"
when = "x < 0"
[[claim]]
name = "sign is step"
eq = "sign(relu(x)) = step(x)"
[[claim]]
name = "relu through abs"
eq = "relu(x) = (x + abs(x))/2"
""")
    assert {k: c.verdict for k, c in got.items()} == {
        "sign zero": "unproved", "step half": "unproved", "sign is step": "unproved", "relu through abs": "proved"}


def test_a_step_at_its_own_label_is_a_convention(tmp_path):
    """H(z_k − z_c) at k = c is H(0): Σ_k = Σ_(k≠c) + ½ holds only if H(0) = ½."""
    got = _file(tmp_path, """
[sizes]
n = "n"
[labels]
c = "n"
[inputs]
z = ["n"]
[[claim]]
name = "half"
eq = "Sum(step(z[k] - z[c]), (k, 1, n)) = Sum(step(z[k] - z[c]), (k, 1, n), k != c) + 1/2"
[[claim]]
name = "max of two, derivative"
eq = "diff(max(z[1], z[c]), z[1]) = step(z[1] - z[c]) + delta(1, c)*(1 - step(z[1] - z[c]))"
""")
    assert got["half"].verdict == "unproved"


def test_a_count_that_can_be_zero_is_found():
    """(n − 1)·u/(n − 1) is u for n ≥ 2 only; a count both sides divide by is no such point."""
    n = sp.Symbol("n", integer=True, positive=True)
    j, k = sp.Symbol("j", integer=True), sp.Dummy("k", integer=True)
    u = sp.Symbol("u", real=True)
    lhs = sp.Sum(u / (n - 1), (k, 1, n))
    assert one_side_undefined(lhs, u, {j: n}) == {n: 1}  # j is read by no count
    assert one_side_undefined(u / (n - 1), 2 * u / (2 * n - 2), {}) is None
    assert one_side_undefined(sp.Sum(u / n, (k, 1, n)), u, {}) is None


def test_an_empty_sum_is_no_proof_for_every_size(tmp_path):
    """At n = 1 the sum over k ≠ j is empty; at i = n so is the sum over k > i."""
    got = _file(tmp_path, """
[sizes]
n = "n"
[inputs]
x = ["n"]
u = []
[[claim]]
name = "A"
eq = "Sum(u/(n - 1), (k, 1, n), k != j) + x[j] = u + x[j]"
[[claim]]
name = "B"
eq = "Sum(u/Sum(1, (l, i + 1, n)), (k, i + 1, n)) + x[i] = u + x[i]"
[[claim]]
name = "mean"
eq = "Sum(u/n, (k, 1, n)) + x[j] = u + x[j]"
[[claim]]
name = "A where n > 1"
eq = "Sum(u/(n - 1), (k, 1, n), k != j) + x[j] = u + x[j]"
when = "n > 1"
[[claim]]
name = "B where i < n"
eq = "Sum(u/Sum(1, (l, i + 1, n)), (k, i + 1, n)) + x[i] = u + x[i]"
when = "i < n"
[[claim]]
name = "both sides divide by n - 1"
eq = "Sum((x[k] - u)**2, (k, 1, n))/(n - 1) = (Sum(x[k]**2, (k, 1, n)) - 2*u*Sum(x[k], (k, 1, n)) + n*u**2)/(n - 1)"
""")
    assert got["A"].verdict != "proved"
    assert got["B"].verdict == "refuted"
    # a mean's 1/n is never 1/0; a when that leaves the empty sum out, or a count both sides divide by, proves
    assert [got[k].verdict for k in ("mean", "A where n > 1", "B where i < n", "both sides divide by n - 1")] == [
        "proved"] * 4


def test_written_indicators_of_a_maximum_are_not_summed_to_one():
    """Within ``ties_asserted`` the places of a maximum are not summed (the claim is asserted at a tie)."""
    z, j, k = sp.IndexedBase("z"), sp.Symbol("j", integer=True), sp.Symbol("k", integer=True)
    n = sp.Symbol("n", integer=True, positive=True)
    m = MaxOver(z[k], (k, 1, n))
    total = sp.Sum(LargestAt(m, j), (j, 1, n))
    assert places_summed(total, lambda f, i: True) == 1
    with ties_asserted(True):
        assert places_summed(total, lambda f, i: True) == total
    assert written_places(sp.Piecewise((1, sp.Eq(z[j], m)), (0, True)))


def test_equal_claims_about_argmax_indicators_agree(tmp_path):
    """Four forms of Σ_j 𝟙[z_j = max] = 1: all refuted at a tie, where the written indicators are evaluated."""
    got = _file(tmp_path, """
[sizes]
n = "n"
[labels]
c = "n"
[inputs]
z = ["n"]
[define]
"M" = "Max(z[k], (k, 1, n))"
[[claim]]
name = "A"
eq = "Sum(where(z[j] == M, 1, 0), (j, 1, n)) = 1"
[[claim]]
name = "B"
eq = "Sum(where(z[j] == M, 1, 0), (j, 1, n), j != c) + where(z[c] == M, 1, 0) = 1"
[[claim]]
name = "C"
eq = "Sum(where(z[j] == M, 1, 0), (j, 1, n))**2 = 1"
[[claim]]
name = "slopes"
eq = "Sum(diff(M, z[j]), (j, 1, n)) = 1"
""")
    assert [got[k].verdict for k in "ABC"] == ["refuted"] * 3
    assert got["slopes"].verdict == "proved"


def test_an_index_met_only_in_a_delta_with_a_label_or_a_left_out_term_runs_over_1_to_n(tmp_path):
    """README: an index that meets a label only in delta runs over 1..n; so does j in Σ_(k≠j)."""
    got = _file(tmp_path, """
[sizes]
n = "n"
[labels]
c = "n"
[inputs]
z = ["n"]
[define]
"S[j]" = "Sum(z[k], (k, 1, n), k != j)"
[[claim]]
name = "delta squared"
eq = "delta(j, c)**2 = delta(j, c)"
[[claim]]
name = "left out"
eq = "S[j] + z[j] = Sum(z[k], (k, 1, n))"
[[claim]]
name = "left out, wrong"
eq = "S[j] = Sum(z[k], (k, 1, n))"
""")
    assert {k: c.verdict for k, c in got.items()} == {
        "delta squared": "proved", "left out": "proved", "left out, wrong": "refuted"}


def test_a_definitions_step_read_at_its_own_label_is_a_convention(tmp_path):
    """r[k] = H(x_k − x_c) expanded at k = c is H(0): its value there is no more proved than a written one."""
    got = _file(tmp_path, """
[sizes]
n = "n"
[inputs]
x = ["n"]
[labels]
c = "n"
[define]
"r[k]" = "step(x[k] - x[c])"
"s[k]" = "sign(x[k] - x[c])"
[[claim]]
name = "r at c"
eq = "r[c] = 1/2"
[[claim]]
name = "s at c"
eq = "s[c] = 0"
[[claim]]
name = "both sides of a kink"
eq = "step(x[j] - x[c]) + step(x[c] - x[j]) = 1"
[[claim]]
name = "both sides, away from c"
eq = "step(x[j] - x[c]) + step(x[c] - x[j]) = 1"
when = "j != c"
""")
    # 2 H(0) = 1 at j = c holds only if H(0) = 1/2; away from c it holds almost everywhere, and says so
    assert {k: c.verdict for k, c in got.items()} == {
        "r at c": "unproved", "s at c": "unproved", "both sides of a kink": "unproved", "both sides, away from c": "proved"}
    assert "almost everywhere" in got["both sides, away from c"].method


@pytest.mark.parametrize("written", ["step(x - x)", "sign(abs(x) - abs(-x))", "step(0)", "step(z[c] - z[c])"])
def test_a_step_or_sign_of_an_argument_that_is_0_as_written_is_refused(tmp_path, capsys, written):
    """SymPy would put in its H(0) = 1/2 or sign(0) = 0 while the file is read: step(x - x) = 1/2 was proved and
    step(0) = 1 refuted, though the prover keeps H(0) open wherever an argument becomes 0 later."""
    p = tmp_path / "literal.derive.toml"
    p.write_text('[sizes]\nn = "n"\n[labels]\nc = "n"\n[inputs]\nx = []\nz = ["n"]\n'
                 f'[[claim]]\nname = "flat"\neq = "{written} = 1/2"\n')
    assert_one_line_error(p, 10, "of an argument that is 0 for every input", capsys)
