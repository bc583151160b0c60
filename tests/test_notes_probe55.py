"""What session 55's probes found: notes refused wrongly or wrong claims left unproved, each test failing on the code
before its fix."""
from __future__ import annotations

from _oneline import assert_note_refused
from _checking import note_verdicts

#: Binary cross-entropy of a logit, as textbooks write it: −y log σ(x) − (1 − y) log(1 − σ(x)).
BCE = """```derive
[inputs]
x = []
y = []
[define]
"L" = "-y*log(sigmoid(x)) - (1 - y)*log(1 - sigmoid(x))"
"M" = "log(1 - x**2/(1 + x**2))"
"N" = "log(1 - x**2)"
```
"""


def test_a_value_at_a_point_of_a_log_real_everywhere_once_over_one_denominator_is_read(tmp_path, capsys) -> None:
    # a probe: ∂L/∂x |_{x=0} was refused as "has no real value for some x", though 1 − σ(x) = 1/(eˣ + 1) > 0
    assert note_verdicts(tmp_path, BCE, r"\frac{\partial L}{\partial x}\Big|_{x=0} = \frac{1}{2} - y",
                         r"\frac{\partial L}{\partial x}\Big|_{x=0} = y - \frac{1}{2}",
                         r"\frac{\partial M}{\partial x}\Big|_{x=0} = 0") == ["proved", "refuted", "proved"]
    # log(1 − x²) has no real value at |x| ≥ 1: still refused
    assert_note_refused(tmp_path, capsys, BCE, r"\frac{\partial N}{\partial x}\Big|_{x=0} = 0",
                        "has no real value for some x")


#: Batch norm as Ioffe and Szegedy derive its backward pass: x̂ reads x directly and through μ and σ².
BATCH_NORM = """```derive
given = ["epsilon > 0"]
[sizes]
m = "batch"
[inputs]
x = ["m"]
gamma = []
beta = []
epsilon = []
g = ["m"]
[symbols]
'\\hat{x}' = "xhat"
'\\sigma^2' = "var"
[define]
"mu" = "Sum(x[i], (i, 1, m)) / m"
"var" = "Sum((x[i] - mu)**2, (i, 1, m)) / m"
"xhat[i]" = "(x[i] - mu) / sqrt(var + epsilon)"
"y[i]" = "gamma*xhat[i] + beta"
"L" = "Sum(g[i]*y[i], (i, 1, m))"
```
"""


def test_a_chain_rule_naming_the_path_through_a_quantity_as_a_step_is_refused(tmp_path, capsys) -> None:
    # a probe: the paper's ∂L/∂x_i = ∂L/∂x̂_i ∂x̂_i/∂x_i + ∂L/∂σ² ∂σ²/∂x_i + ∂L/∂μ ∂μ/∂x_i (right, with ∂x̂_i/∂x_i
    # holding μ and σ² fixed) was refuted: derive read ∂x̂_i/∂x_i through μ and σ² too, counting those paths twice
    chain = (r"\frac{\partial L}{\partial \hat{x}_i} \frac{\partial \hat{x}_i}{\partial x_i} + \frac{\partial L}"
             r"{\partial \sigma^2} \frac{\partial \sigma^2}{\partial x_i} + \frac{\partial L}{\partial \mu} "
             r"\frac{\partial \mu}{\partial x_i}")
    for left in (r"\frac{\partial L}{\partial x_i}", r"\frac{dL}{dx_i}"):
        assert_note_refused(tmp_path, capsys, BATCH_NORM, f"{left} = {chain}",
                            "it reads x also through mu, which the same side takes as a step of its own")
    # each derivative on its own, or beside others in equations of their own, is read through every definition
    assert note_verdicts(tmp_path, BATCH_NORM,
                         r"\frac{\partial \mu}{\partial x_i} = \frac{1}{m}, \qquad \frac{\partial \sigma^2}{\partial x_i}"
                         r" = \frac{2 (x_i - \mu)}{m}",
                         r"\frac{\partial L}{\partial x_i} = \sum_{j=1}^{m} \frac{\partial L}{\partial \hat{x}_j} "
                         r"\frac{\partial \hat{x}_j}{\partial x_i}") == ["proved", "proved", "proved"]


#: Least squares with a slip at a fixed entry, as a probe wrote it.
LEAST_SQUARES = """```derive
[sizes]
N = "obs"
p = "features"
[inputs]
X = ["N", "p"]
y = ["N"]
w = ["p"]
[define]
"r[n]" = "Sum(X[n, k]*w[k], (k, 1, p)) - y[n]"
"L" = "Sum(r[n]**2, (n, 1, N))"
```
"""


def test_a_slip_at_an_entry_beyond_the_searched_sizes_is_refuted(tmp_path) -> None:
    # a probe: + δ_{j7} w_j (and X_{7j}) passed as unproved: the search's sizes stop at 6, where δ_{j7} is 0
    right = r"\frac{\partial L}{\partial w_j} = 2 \sum_{n=1}^{N} X_{nj} \left( \sum_{k=1}^{p} X_{nk} w_k - y_n \right)"
    assert note_verdicts(tmp_path, LEAST_SQUARES, right, right + r" + \delta_{j7} w_j", right + r" + \delta_{j,12} w_j",
                         right + r" + 10^{-3} \delta_{j9}") == ["proved", "refuted", "refuted", "refuted"]


#: A Gaussian's log-density with σ > 0 given, and log(1 − s) of a defined sigmoid s.
GAUSSIAN = """```derive
given = ["s > 0"]
[inputs]
x = []
mu = []
s = []
w = []
[define]
p = "-log(s) - log(2*pi)/2 - (x - mu)**2/(2*s**2)"
q = "sigmoid(x)"
z = "w*x"
L = "log(1 + exp(z))"
[symbols]
'\\mu' = "mu"
'\\sigma' = "s"
```
"""


def test_a_value_at_a_point_reads_only_what_varies_along_its_variable(tmp_path, capsys) -> None:
    # probes: ∂²p/∂x² at x = μ was refused as "not smooth on all of ℝ" for the log σ and 1/σ² beside (x − μ)², which
    # are constants along x; d/dx log(1 − q) at 0, q = σ(x) defined, as "no real value for some x"
    assert note_verdicts(tmp_path, GAUSSIAN,
                         r"\left. \frac{\partial^2 p}{\partial x^2} \right|_{x=\mu} = -\frac{1}{\sigma^2}",
                         r"\left. \frac{\partial^2 p}{\partial x^2} \right|_{x=\mu} = -\frac{1}{2 \sigma^2}",
                         r"\left. \frac{\partial p}{\partial x} \right|_{x=0} = \frac{\mu}{\sigma^2}",
                         r"\left. \frac{d}{d x} \log(1 - q) \right|_{x=0} = -\frac{1}{2}",
                         r"\left. \frac{d}{d x} \log(1 - q) \right|_{x=0} = \frac{1}{2}") \
        == ["proved", "refuted", "proved", "proved", "refuted"]
    # along σ, log σ is not smooth on all of ℝ: still refused; a point on a defined quantity says it is defined
    assert_note_refused(tmp_path, capsys, GAUSSIAN, r"\left. \frac{\partial p}{\partial s} \right|_{s=1} = 0",
                        "has no real value for some s")
    assert_note_refused(tmp_path, capsys, GAUSSIAN, r"\left. \frac{\partial L}{\partial z} \right|_{z=0} = \frac{1}{2}",
                        "(z is defined; the point must name a declared scalar input")
