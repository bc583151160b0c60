"""Issue 10.5 / 11.1 / 11.5: piecewise functions and Hessians proved for symbolic n, false variants refuted."""
from __future__ import annotations

from pathlib import Path

import pytest

from derive.verify import PROVED, REFUTED, check_file

FILE = '''
title = "kinks and Hessians"
[sizes]
n = "classes"
[inputs]
z = ["n"]
t = []
y = []
[define]
"F" = "log(Sum(exp(z[k]), (k, 1, n)))"
"s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"
[[claim]]
name = "relu"
eq = "diff(relu(z[i]), z[j]) = delta(i, j)*step(z[i])"
[[claim]]
name = "relu_false"
eq = "diff(relu(z[i]), z[j]) = delta(i, j)*step(-z[i])"
[[claim]]
name = "tanh_abs"
eq = "tanh(abs(t)) = abs(tanh(t))"
[[claim]]
name = "tanh_abs_false"
eq = "tanh(abs(t)) = tanh(t)"
[[claim]]
name = "bce"
eq = "max(t, 0) - t*y + log(1 + exp(-abs(t))) = -y*log(sigmoid(t)) - (1-y)*log(1 - sigmoid(t))"
[[claim]]
name = "bce_false"
eq = "max(t, 0) + t*y + log(1 + exp(-abs(t))) = -y*log(sigmoid(t)) - (1-y)*log(1 - sigmoid(t))"
[[claim]]
name = "hessian"
eq = "diff(F, z[i], z[j]) = s[i]*(delta(i, j) - s[j])"
[[claim]]
name = "hessian_nested"
eq = "diff(diff(F, z[i]), z[j]) = s[i]*(delta(i, j) - s[j])"
[[claim]]
name = "hessian_false"
eq = "diff(F, z[i], z[j]) = s[i]*(delta(i, j) - s[i])"
[[claim]]
name = "sign_squared_false"
eq = "sign(z[i] - z[j])**2 = 1"
'''


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory) -> dict:
    path: Path = tmp_path_factory.mktemp("kinks") / "kinks.derive.toml"
    path.write_text(FILE)
    return {c.name: c for c in check_file(path, timeout=120).claims}


@pytest.mark.parametrize("name", ["relu", "tanh_abs", "bce", "hessian", "hessian_nested"])
def test_true_claim_is_proved(verdicts, name: str) -> None:
    assert verdicts[name].verdict == PROVED, verdicts[name].evidence


@pytest.mark.parametrize("name", ["relu", "tanh_abs", "bce"])
def test_kinked_proof_says_almost_everywhere(verdicts, name: str) -> None:
    assert "almost everywhere" in verdicts[name].method


@pytest.mark.parametrize("name", ["relu_false", "tanh_abs_false", "bce_false", "hessian_false"])
def test_false_variant_is_refuted(verdicts, name: str) -> None:
    assert verdicts[name].verdict == REFUTED, verdicts[name].evidence


def test_kink_vanishing_on_a_whole_index_case_is_never_proved(verdicts) -> None:
    # sign(z_i − z_j)² = 1 holds off the kink, but for i = j the kink is everywhere: no a.e. proof.
    assert verdicts["sign_squared_false"].verdict != PROVED
