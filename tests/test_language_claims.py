"""Issues 10.5, 11.1, 11.4, 11.5: every new construct proved in a true claim and refuted in a false one;
the kink and Hessian claims proved for symbolic n."""
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


EACH = '''
title = "each construct"
[sizes]
n = "outputs"
[inputs]
a = ["n"]
x = []
t = []
[define]
"Lw" = "Sum(where(a[k] > 0, a[k], a[k]/10), (k, 1, n))"
[[claim]]
name = "where in a sum"
eq = "diff(Lw, a[j]) = where(a[j] > 0, 1, 1/10)"
[[claim]]
name = "where in a sum false"
eq = "diff(Lw, a[j]) = where(a[j] >= 0, 1, 1/5)"
[[claim]]
name = "where"
eq = "diff(where(a[i] > 0, a[i], a[i]/10), a[j]) = delta(i, j)*where(a[i] > 0, 1, 1/10)"
[[claim]]
name = "where false"
eq = "diff(where(a[i] > 0, a[i], a[i]/10), a[j]) = delta(i, j)*where(a[i] > 0, 1, 1/5)"
[[claim]]
name = "clip"
eq = "diff(clip(a[i], -1, 1), a[j]) = delta(i, j)*step(a[i] + 1)*step(1 - a[i])"
[[claim]]
name = "clip false"
eq = "diff(clip(a[i], -1, 1), a[j]) = delta(i, j)*step(a[i] + 1)"
[[claim]]
name = "min"
eq = "min(x, t) = (x + t - abs(x - t))/2"
[[claim]]
name = "min false"
eq = "min(x, t) = (x + t + abs(x - t))/2"
[[claim]]
name = "sign"
eq = "sign(x)*abs(x) = x"
[[claim]]
name = "sign false"
eq = "sign(x)*abs(x) = abs(x)"
[[claim]]
name = "erf"
eq = "diff(erf(x), x) = 2*exp(-x**2)/sqrt(pi)"
[[claim]]
name = "erf false"
eq = "diff(erf(x), x) = 2*exp(-x**2)/pi"
[[claim]]
name = "sech"
eq = "diff(sech(x), x) = -tanh(x)*sech(x)"
[[claim]]
name = "sech false"
eq = "diff(sech(x), x) = tanh(x)*sech(x)"
[[claim]]
name = "sin cos"
eq = "diff(sin(x), x)*cos(x) + diff(cos(x), x)*sin(x) = cos(2*x)"
[[claim]]
name = "sin cos false"
eq = "diff(sin(x), x)*cos(x) + diff(cos(x), x)*sin(x) = sin(2*x)"
[[claim]]
name = "sinh cosh"
eq = "cosh(x)**2 - sinh(x)**2 = 1"
[[claim]]
name = "sinh cosh false"
eq = "cosh(x)**2 + sinh(x)**2 = 1"
[[claim]]
name = "softplus"
eq = "diff(softplus(x), x) = sigmoid(x)"
[[claim]]
name = "softplus false"
eq = "diff(softplus(x), x) = sigmoid(-x)"
[[claim]]
name = "symbolic exponent"
eq = "diff((1 + exp(x))**t, t) = (1 + exp(x))**t*log(1 + exp(x))"
[[claim]]
name = "symbolic exponent false"
eq = "diff((1 + exp(x))**t, t) = (1 + exp(x))**t*log(exp(x))"
[[claim]]
name = "E"
eq = "E**x = exp(x)"
[[claim]]
name = "E false"
eq = "E**x = exp(2*x)"
'''

PAIRS = ["where in a sum", "where", "clip", "min", "sign", "erf", "sech", "sin cos", "sinh cosh", "softplus", "symbolic exponent", "E"]


@pytest.fixture(scope="module")
def each(tmp_path_factory) -> dict:
    path: Path = tmp_path_factory.mktemp("each") / "each.derive.toml"
    path.write_text(EACH)
    return {c.name: c for c in check_file(path, timeout=120).claims}


@pytest.mark.parametrize("name", PAIRS)
def test_each_construct_proved_when_true_and_refuted_when_false(each, name: str) -> None:
    assert each[name].verdict == PROVED, each[name].evidence
    assert each[f"{name} false"].verdict == REFUTED, each[f"{name} false"].evidence


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
