"""What session 51's probes found: notes read or refused wrongly, each test failing on the code before its fix."""
from __future__ import annotations

from _oneline import assert_note_refused
from _checking import note_verdicts

#: An input σ (a scale) beside a logistic written out by hand.
SCALE_AND_LOGISTIC = """```derive
[inputs]
a = []
sigma = []
mu = []
[define]
"p" = "1/(1 + exp(-a))"
"L" = "log(sigma) + mu*p"
```
"""


def test_sigma_of_a_sum_beside_a_logistic_written_out_is_refused(tmp_path, capsys) -> None:
    # σ(2a + 1) + σ(−2a − 1) = 0 was proved (σ times the sum) where the block writes its sigmoid as 1/(1 + e^{−a}):
    # only a definition spelling `sigmoid(` made σ(sum) ambiguous
    assert_note_refused(tmp_path, capsys, SCALE_AND_LOGISTIC, r"\sigma(2a + 1) + \sigma(-2a - 1) = 0",
                        r"cannot read \sigma(2a+1) (\sigma names a quantity of the derive block here")
    assert note_verdicts(tmp_path, SCALE_AND_LOGISTIC, r"\frac{\partial p}{\partial a} = p (1 - p)",
                         r"\sigma \cdot (2a + 1) = 2 a \sigma + \sigma") == ["proved", "proved"]


#: RankNet's logistic written out with σ as its slope: σ(s_i − s_j) is the product there.
SLOPE = """```derive
[inputs]
si = []
sj = []
sigma = []
[define]
"P" = "1/(1 + exp(-sigma*(si - sj)))"
[symbols]
's_i' = "si"
's_j' = "sj"
```
"""


def test_a_logistic_whose_argument_holds_sigma_keeps_sigma_a_product(tmp_path) -> None:
    assert note_verdicts(tmp_path, SLOPE, r"P = \frac{1}{1 + e^{-\sigma (s_i - s_j)}}",
                         r"\sigma (s_i - s_j) = \sigma s_i - \sigma s_j") == ["proved", "proved"]


#: A VAE's standard deviation defined as σ = e^{lv/2}, and a sigmoid's σ defined by the block.
DEFINED_SIGMA = """```derive
[inputs]
lv = []
a = []
z = []
[define]
"sigma" = "exp(lv/2)"
"q" = "sigmoid(z)"
"L" = "sigma + a"
[symbols]
'\\rho' = "q"
'\\ell' = "lv"
```
"""


def test_a_defined_sigma_at_another_argument_is_refused(tmp_path, capsys) -> None:
    # σ(a) = e^{a/2} and σ(0) = 1 were proved (the definition at a), where a reader reads the sigmoid
    for claim in (r"\sigma(a) = e^{a/2}", r"\sigma(0) = 1", r"\sigma(2\ell) = e^{\ell}"):
        assert_note_refused(tmp_path, capsys, DEFINED_SIGMA, claim, r"(ambiguous: \sigma is the block's sigma")
    # its own argument annotates it; a letter that is no function's is read at other arguments as before
    assert note_verdicts(tmp_path, DEFINED_SIGMA, r"\sigma(\ell) = e^{\ell/2}", r"\rho(-z) = 1 - \rho(z)",
                         r"\rho(0) = \frac{1}{2}") == ["proved", "proved", "proved"]


#: σ defined as the sigmoid itself: both readings agree.
SIGMOID_SIGMA = """```derive
[inputs]
z = []
[define]
"sigma" = "sigmoid(z)"
"L" = "log(sigma)"
```
"""


def test_sigma_defined_as_the_sigmoid_is_read_at_other_arguments(tmp_path) -> None:
    assert note_verdicts(tmp_path, SIGMOID_SIGMA, r"\sigma(-z) = 1 - \sigma(z)", r"\sigma(0) = \frac{1}{2}",
                         r"\frac{\partial L}{\partial z} = 1 - \sigma(z)") == ["proved", "proved", "proved"]


def test_two_columns_side_by_side_are_told_both_products(tmp_path, capsys) -> None:
    # the hint said "write x^\top for a row", which turns h (1 − h) into a scalar where h ⊙ (1 − h) was meant
    note = """```derive
[sizes]
m = "examples"
[inputs]
h = ["m"]
X = ["m", "m"]
```
"""
    assert_note_refused(tmp_path, capsys, note, r"X^\top \operatorname{diag}(h (1 - h)) X = X^\top X",
                        r"two columns side by side: write h^\top g for their inner product, h \odot g entry by entry")
