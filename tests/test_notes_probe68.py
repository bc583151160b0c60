"""What session 68 found; each test of a fix failing on the code before it."""
from __future__ import annotations

from _checking import claims_of, note_verdicts

ROOTS = """```derive
given = ["a > 0", "x > 0"]

[inputs]
x = []
a = []

[define]
"r" = "relu(sqrt(x) - a)"
"q" = "relu(exp(x) - a)"
"t" = "relu(log(x) - a)"
```
"""

RELU_ROOT = r"\frac{\partial r}{\partial x} = \begin{cases} \frac{1}{2\sqrt{x}} & \sqrt{x} > a \\ %s & \sqrt{x} = a \\ 0 & \sqrt{x} < a \end{cases}"
RELU_EXP = r"\frac{\partial q}{\partial x} = \begin{cases} e^x & x > \log a \\ %s & x = \log a \\ 0 & x < \log a \end{cases}"
RELU_LOG = r"\frac{\partial t}{\partial a} = \begin{cases} -1 & \log x > a \\ %s & \log x = a \\ 0 & \log x < a \end{cases}"


def test_a_wrong_value_at_a_kink_met_through_a_root_or_a_logarithm_is_refuted(tmp_path) -> None:
    # a probe of ties met through exp, log and square roots (session 67): a row `x = \log a` or `\sqrt{x} = a` whose value
    # lies outside the one-sided slopes was unproved: the claim's sides read log a and √x, whose written domain (a > 0,
    # x ≥ 0) names a and x, and a point setting an input such a domain reads was never admitted, though it holds there
    assert note_verdicts(tmp_path, ROOTS, RELU_ROOT % r"\frac{1}{a}", RELU_EXP % "2a", RELU_LOG % "-2",
                         RELU_ROOT % r"\frac{1}{4a}", RELU_EXP % r"\frac{a}{2}") == \
        ["refuted", "refuted", "refuted", "unproved", "unproved"]
    wrong = claims_of(tmp_path / "notes.md")[1]
    at = wrong.counterexample
    # at x = ln 2, a = 2 the one-sided slopes are 0 and 2: 4 is neither, nor anything between
    assert at["inputs"] == {"x": "log(2)", "a": "2"} and float(at["rhs"]) == 4


TIES = """```derive
[inputs]
x = []
a = []
g = []
l = []
m = []
lam = []

[define]
"K" = "exp(x) - x - 1"
"G" = "g*abs(K - a)"
"f" = "max(lam, (m**2 + exp(l) - 1 - l)/2)"

[symbols]
'\\lambda' = "lam"
'\\gamma' = "g"
'\\ell' = "l"
```
"""

FREE_BITS = r"\frac{\partial f}{\partial \ell} = \begin{cases} 0 & \lambda > (m^2 + e^\ell - 1 - \ell)/2 \\ %s & \lambda = (m^2 + e^\ell - 1 - \ell)/2 \\ \frac{e^\ell - 1}{2} & \lambda < (m^2 + e^\ell - 1 - \ell)/2 \end{cases}"
CAPACITY = r"\frac{\partial G}{\partial x} = \begin{cases} \gamma (e^x - 1) \operatorname{sign}(K - a) & K \ne a \\ %s & K = a \end{cases}"


def test_a_wrong_value_at_a_tie_that_moves_with_the_slopes_variable_is_refuted(tmp_path) -> None:
    # the same probe: free bits max(λ, q(ℓ)) by ℓ with e^ℓ − 1 at the tie (one-sided slopes 0 and (e^ℓ − 1)/2), the
    # capacity term γ|K(x) − C| by x with 2γ(e^x − 1) at K = C: unproved, the tie solved for λ (or C), whose root moves
    # with ℓ (x), so the point was not read; ℓ takes a value as the other inputs do, and the kink is crossed along ℓ
    verdicts = note_verdicts(tmp_path, TIES, FREE_BITS % r"e^\ell - 1", CAPACITY % r"2\gamma(e^x - 1)",
                             FREE_BITS % r"\frac{e^\ell - 1}{4}", CAPACITY % r"\frac{\gamma(e^x - 1)}{2}")
    assert verdicts == ["refuted", "refuted", "unproved", "unproved"]
    bits = claims_of(tmp_path / "notes.md")[0].counterexample
    # λ = (m² + e^ℓ − 1 − ℓ)/2 exactly at the point: there the slope by ℓ lies in [0, (e − 1)/2] at ℓ = 1, not e − 1
    assert bits["inputs"] == {"lam": "1 + E/2", "l": "1", "m": "2"} and abs(float(bits["rhs"]) - 1.718281828) < 1e-9

