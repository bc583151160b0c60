"""Screening the prover's levels (``derive.verify.screen``): a level is skipped only when it cannot close."""
from __future__ import annotations

from pathlib import Path

import pytest
import sympy as sp

from derive.verify import load_file
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


def test_nothing_is_skipped_where_a_kink_could_decide(softmax) -> None:
    s, y, x, j, n = _parts(softmax)
    screen = Screen(softmax, {j: n})
    assert not screen.rules_out(sp.Max(s[j], 0) - y[j], [])


@pytest.mark.parametrize("name", ["softmax", "logistic", "mlp", "batchnorm", "layernorm"])
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
