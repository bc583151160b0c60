"""Kinks that are not a null set: a step's argument x_k − x_c is 0 at k = c for every input.

The search used to skip every point where a step or sign met 0, so a claim summing H(x_k − x_c)
over k against a label had no point at all: a ranking loss's gradient with its sign flipped came
out unproved.  Such a kink stays under a small move of every input; there the claim is refuted
only if it fails whether H(0) is 0, ½ or 1 (sign(0) = 2H(0) − 1), since papers write all three.
A kink met only by chance (an input drawn onto it) is still skipped.
"""
from __future__ import annotations

import pytest

from derive.verify import load_file
from derive.verify.results import format_counterexample
from derive.verify.search import TIES_NOTE
from _checking import claims_of

TIES = """title = "steps against a label"
[sizes]
n = "classes"
[inputs]
x = ["n"]
a = []
[labels]
c = "n"
[define]
"L" = "Sum(relu(x[k] - x[c]), (k, 1, n))"
"M" = "Sum(max(x[k], x[c]), (k, 1, n))"
"F" = "Sum(Sum(max(x[k], x[l]), (l, 1, n)), (k, 1, n))"
"P" = "Sum(abs(x[k] - x[c]) + relu(x[k] - x[c]), (k, 1, n))"
"r[k]" = "step(x[k] - x[c])"
[[claim]]
name = "off by two"
eq = "Sum(step(x[k] - x[c]), (k, 1, n)) = Sum(where(x[k] > x[c], 1, 0), (k, 1, n)) + 2"
[[claim]]
name = "every sign positive"
eq = "Sum(sign(x[k] - x[c]), (k, 1, n)) = n - 1"
[[claim]]
name = "gradient, sign flipped"
eq = "diff(L, x[c]) = Sum(step(x[k] - x[c]), (k, 1, n), k != c)"
[[claim]]
name = "H(0) = 1/2"
eq = "Sum(step(x[k] - x[c]), (k, 1, n)) = Sum(where(x[k] > x[c], 1, 0), (k, 1, n)) + 1/2"
[[claim]]
name = "H(0) = 1"
eq = "Sum(step(x[k] - x[c]), (k, 1, n)) = Sum(where(x[k] >= x[c], 1, 0), (k, 1, n))"
[[claim]]
name = "H(0) = 0"
eq = "Sum(step(x[k] - x[c]), (k, 1, n)) = Sum(where(x[k] > x[c], 1, 0), (k, 1, n))"
[[claim]]
name = "gradient summed over every k"
eq = "diff(L, x[c]) = -Sum(step(x[k] - x[c]), (k, 1, n))"
[[claim]]
name = "gradient"
eq = "diff(L, x[c]) = -Sum(step(x[k] - x[c]), (k, 1, n), k != c)"
[[claim]]
name = "gradient of max"
eq = "diff(M, x[c]) = Sum(step(x[c] - x[k]), (k, 1, n), k != c) + 1"
[[claim]]
name = "gradient of abs"
eq = "diff(Sum(abs(x[k] - x[c]), (k, 1, n)), x[c]) = -Sum(sign(x[k] - x[c]), (k, 1, n))"
[[claim]]
name = "a kink met by chance"
eq = "step(x[1]) + step(-x[1]) + 4*step(x[1])*step(-x[1]) = 1"
[[claim]]
name = "a definition's step at the label"
eq = "r[c] = 5"
[[claim]]
name = "pairwise maxima, H(0) = 0"
eq = "diff(F, x[j]) = 1 + 2*Sum(step(x[j] - x[l]), (l, 1, n))"
[[claim]]
name = "pairwise maxima, H(0) = 1"
eq = "diff(F, x[j]) = 2*Sum(step(x[j] - x[l]), (l, 1, n)) - 1"
[[claim]]
name = "gradient of max, its own term forgotten"
eq = "diff(M, x[c]) = Sum(step(x[c] - x[k]), (k, 1, n), k != c)"
[[claim]]
name = "PyTorch's sign(0) = 0 and H(0) = 0"
eq = "diff(P, x[c]) = -Sum(sign(x[k] - x[c]), (k, 1, n)) - Sum(step(x[k] - x[c]), (k, 1, n))"
[[claim]]
name = "a boundary of one point beside one of a region"
eq = "where(relu(a) > 0, 1, 2) + where(a >= 0, 1, 0) = where(a > 0, 1, 2) + where(a > 0, 1, 0)"
"""


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory):
    path = tmp_path_factory.mktemp("ties") / "ties.derive.toml"
    path.write_text(TIES)
    return {c.name: c for c in claims_of(path, 60.0)}


@pytest.mark.parametrize("name", ["off by two", "every sign positive", "gradient, sign flipped",
                                  "gradient of max, its own term forgotten", "a definition's step at the label"])
def test_a_claim_false_whatever_h0_is_is_refuted_where_the_kink_stays(verdicts, name):
    c = verdicts[name]
    assert c.verdict == "refuted", (c.verdict, c.evidence)
    cx = c.counterexample
    assert cx["ties"] == TIES_NOTE and cx["inputs"]["c"] in {"1", "2", "3", "4", "5"}
    assert format_counterexample(cx).endswith("; " + TIES_NOTE)


def test_the_sides_shown_are_at_h0_one_half(verdicts):
    cx = verdicts["off by two"].counterexample
    n, c, x = cx["sizes"]["n"], int(cx["inputs"]["c"]), cx["exact_inputs"]["x"]
    from fractions import Fraction
    above = sum(Fraction(x[str(k)]) > Fraction(x[str(c)]) for k in range(1, n + 1))
    assert float(cx["lhs"]) == above + 0.5 and float(cx["rhs"]) == above + 2


@pytest.mark.parametrize("name", ["H(0) = 1/2", "H(0) = 1", "H(0) = 0", "gradient summed over every k",
                                  # derive's own derivative of a max is right at a tie whatever H(0) is
                                  "pairwise maxima, H(0) = 0", "pairwise maxima, H(0) = 1",
                                  "PyTorch's sign(0) = 0 and H(0) = 0",
                                  # |x_c − x_c| is 0 for every x: its slope is 0, the claim's −sign(0) is 0 only
                                  # where sign(0) = 0 (README: a convention, so not proved either)
                                  "gradient of abs"])
def test_a_claim_that_holds_for_one_value_of_h0_is_not_refuted(verdicts, name):
    c = verdicts[name]
    assert c.verdict == "unproved", (c.verdict, c.counterexample)
    assert c.evidence["points"] > 0  # the points on the kink now count as tried


@pytest.mark.parametrize("name", ["gradient", "gradient of max", "a kink met by chance"])
def test_true_claims_beside_them_still_prove(verdicts, name):
    assert verdicts[name].verdict == "proved", verdicts[name].evidence


def test_a_value_written_on_a_boundary_of_one_point_is_read_there(verdicts):
    # where(a >= 0, 1, 0) is 1 at a = 0, where(a > 0, 1, 0) is 0: the sides differ there (3 and 2), no convention
    # deciding either (session 60; it was proved almost everywhere, the point left out as a null set)
    c = verdicts["a boundary of one point beside one of a region"]
    assert c.verdict == "refuted" and c.counterexample["inputs"] == {"a": "0"}
    assert (c.counterexample["lhs"], c.counterexample["rhs"]) == ("3.00000000000000", "2.00000000000000")


def test_a_report_says_the_sides_differ_for_every_value_of_h0(verdicts):
    from reports.claims import claim_view
    view = claim_view(verdicts["off by two"])
    assert "differ whether H(0) is 0, 1/2 or 1 and sign(0) is -1, 0 or 1" in view.evidence
    assert ("left side", "0.5") in view.counterexample  # the sides as the evidence says: at H(0) = 1/2
    assert "H(0)" not in claim_view(verdicts["gradient"]).evidence


def test_an_entry_drawn_onto_a_kink_is_moved_off_it(tmp_path):
    # The move once left an entry at 0 when its random offset was 0 (1 in 2049 points, by the input's name):
    # a kink met by chance was then taken to stay, and a claim true almost everywhere was refuted.
    from fractions import Fraction
    from derive.verify.search import Search
    from derive.verify.semantics import Semantics
    path = tmp_path / "chance.derive.toml"
    path.write_text('title = "t"\n[inputs]\nbla = []\n[[claim]]\nname = "c"\n'
                    'eq = "step(bla) + step(-bla) + 4*step(bla)*step(-bla) = 1"\n')
    f = load_file(path)
    sem = Semantics(f)
    claim = f.claims[0]
    search = Search(sem, claim.lhs, claim.rhs, claim.ranges, ())
    assert search._fat({}, {"bla": {(): Fraction(0)}}, {}) is None


def test_the_derivative_of_a_max_of_two_is_right_at_a_tie_whatever_h0_is():
    import sympy as sp
    from derive.algebra.differentiate import derivative
    from derive.algebra.zero import steps_one_way
    x = sp.Symbol("x", real=True)
    a, b = sp.Symbol("a", real=True), sp.Symbol("b", real=True)
    d = derivative(sp.Max(x, 2 * x), x)
    assert d == sp.Heaviside(-x) + 2 * (1 - sp.Heaviside(-x))  # H(a − b)·a' + (1 − H(a − b))·b'
    assert derivative(sp.Max(x, 0), x) == sp.Heaviside(x)  # one argument moves: as SymPy writes it
    assert steps_one_way(sp.Heaviside(b - a)) in (sp.Heaviside(b - a), 1 - sp.Heaviside(a - b))
    assert steps_one_way(sp.Heaviside(b - a) + sp.Heaviside(a - b)) == 1
