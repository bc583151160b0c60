"""Screening the prover's levels (``derive.verify.screen``): a level is skipped only when it cannot close."""
from __future__ import annotations

from pathlib import Path

import pytest
import sympy as sp

from derive.verify import load_file
from derive.verify.prover import prove
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


def test_nothing_is_skipped_where_a_kink_could_decide(softmax) -> None:
    s, y, x, j, n = _parts(softmax)
    screen = Screen(softmax, {j: n})
    assert not screen.rules_out(sp.Max(s[j], 0) - y[j], [])


@pytest.mark.parametrize("name", ["softmax", "logistic", "mlp"])
def test_screened_proofs_read_exactly_as_before(name) -> None:
    f = load_file(EXAMPLES / f"{name}.derive.toml")
    sem = Semantics(f)
    for c in f.claims:
        lhs, rhs = sem.resolve(c.lhs), sem.resolve(c.rhs)
        givens = tuple(f.givens) + tuple(c.givens)
        plain, screened = (prove(sem, lhs, rhs, c.ranges, givens, screened=flag) for flag in (False, True))
        assert plain is not None and screened == plain, c.name
