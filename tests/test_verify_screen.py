"""Screening the prover's levels (``derive.verify.screen``): a level is skipped only when it cannot close."""
from __future__ import annotations

from pathlib import Path

import pytest
import sympy as sp

from derive.verify import load_file, prover
from derive.verify.conditional import prove_under
from derive.verify.screen import Screen
from derive.verify.semantics import Semantics

EXAMPLES = Path(__file__).parents[1] / "examples"


@pytest.fixture(scope="module")
def softmax():
    return load_file(EXAMPLES / "softmax.derive.toml")


def _parts(f):
    s, y, x = (f.scope.base(n) for n in "syx")
    j = sp.Symbol("j", integer=True)
    return s, y, x, j, f.sizes["n"]


def test_a_difference_with_a_free_quantity_left_over_is_ruled_out(softmax) -> None:
    s, y, x, j, n = _parts(softmax)
    screen = Screen(softmax, {j: n})
    assert screen.rules_out(s[j] - y[j], [])
    assert not screen.rules_out(s[j] * y[j] - y[j] * s[j], [])


def test_a_given_is_honoured_at_the_free_point(softmax) -> None:
    s, y, x, j, n = _parts(softmax)
    i = sp.Dummy("i", integer=True)
    total = sp.Sum(y[i], (i, 1, n))
    screen = Screen(softmax, {j: n})
    assert not screen.rules_out(s[j] * total - s[j], [(total, sp.Integer(1))])   # 0 wherever Σ y = 1
    assert screen.rules_out(s[j] * total - s[j], [])                               # not 0 without it


def test_a_kinked_difference_is_ruled_out_off_its_kinks(softmax) -> None:
    s, y, x, j, n = _parts(softmax)
    k = sp.Dummy("k", integer=True)
    screen = Screen(softmax, {j: n})
    assert screen.rules_out(sp.Max(s[j], 0) - y[j], [])
    assert screen.rules_out(sp.Sum(sp.Heaviside(x[k]) * x[k], (k, 1, n)) - y[j], [])  # held opaque inside the sum
    assert not screen.rules_out(sp.Max(s[j], 0) - s[j], [])  # 0 on the side of the kink the point is on


def test_nothing_is_skipped_on_a_kink(softmax) -> None:
    s, y, x, j, n = _parts(softmax)
    i = sp.Dummy("i", integer=True)
    total = sp.Sum(y[i], (i, 1, n))
    screen = Screen(softmax, {j: n})
    # The given puts the point on the kink Σ y = 1, where either side of the step could be meant.
    assert not screen.rules_out(sp.Heaviside(total - 1) * s[j], [(total, sp.Integer(1))])
    assert screen.rules_out(sp.Heaviside(2 - total) * s[j], [(total, sp.Integer(1))])  # off it: ruled out


def test_a_where_inside_a_sum_is_not_screened(softmax) -> None:
    s, y, x, j, n = _parts(softmax)
    k = sp.Dummy("k", integer=True)
    screen = Screen(softmax, {j: n})
    # The zero test writes it with steps, equal except where x_k = 0 for some k: that could be anywhere.
    relu = sp.Sum(sp.Piecewise((x[k], x[k] > 0), (0, True)), (k, 1, n))
    assert not screen.rules_out(relu + s[j], [])


@pytest.mark.parametrize("name", ["softmax", "logistic", "mlp", "batchnorm", "layernorm", "relu_mlp", "cs231n_svm"])
def test_screened_proofs_read_exactly_as_before(name, monkeypatch) -> None:
    f = load_file(EXAMPLES / f"{name}.derive.toml")
    sem = Semantics(f)
    skipped = []

    def proofs() -> list:
        out = []
        for c in f.claims:
            lhs, rhs = sem.resolve(c.lhs), sem.resolve(c.rhs)
            out.append(prove_under(sem, lhs, rhs, c.ranges, tuple(f.givens) + tuple(c.givens),
                                   tuple(f.conditions) + tuple(c.conditions), c.when))
        return out

    real = Screen.rules_out
    monkeypatch.setattr(Screen, "rules_out", lambda *a: skipped.append(real(*a)) or skipped[-1])
    screened = proofs()
    monkeypatch.setattr(Screen, "rules_out", lambda *a: False)
    assert screened == proofs() and None not in screened
    assert any(skipped)  # the screen did skip levels here


def test_the_inputs_level_is_screened_only_before_simplify(softmax, monkeypatch) -> None:
    # A true claim is 0 at any point in the inputs, so screening that level before the cheap pass
    # only costs time; before sympy.simplify it still keeps a wrong claim from reaching simplify.
    sem = Semantics(softmax)
    claim = softmax.claims[0]  # dL/ds_j = -y_j/s_j
    lhs, wrong = sem.resolve(claim.lhs), 2 * claim.rhs
    in_inputs = sem.expand(lhs - wrong)
    calls = []
    real_zero, real_screen = prover.is_zero, Screen.rules_out

    def zero(e, *args, **kw):
        calls.append(("zero", kw["thorough"], e == in_inputs))
        return real_zero(e, *args, **kw)

    def screen(self, e, givens):
        calls.append(("screen", e == in_inputs))
        return real_screen(self, e, givens)
    monkeypatch.setattr(prover, "is_zero", zero)
    monkeypatch.setattr(Screen, "rules_out", screen)
    assert prover.prove(sem, lhs, wrong, claim.ranges, tuple(softmax.givens), screened=True) is None
    at_inputs = [c for c in calls if c[-1]]
    assert at_inputs == [("zero", False, True), ("screen", True)]  # cheap pass unscreened, simplify skipped
