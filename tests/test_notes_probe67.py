"""What session 67 found; each test of a fix failing on the code before it."""
from __future__ import annotations

from _checking import claims_of, note_verdicts
from _oneline import assert_note_refused, assert_one_line_error

RNN = '''# Scalar RNN unrolled over T steps

```derive
[sizes]
T = "steps"

[inputs]
w = []
x = ["T"]
h0 = []

[define]
"h[t]" = "tanh(w*where(t == 1, h0, h[t - 1]) + x[t])"
```

$$
\\frac{\\partial h_t}{\\partial x_t} = 1 - h_t^2
$$
'''


def test_a_recursive_definition_is_named_as_one(tmp_path, capsys) -> None:
    # a probe's RNN note: h[t] from h[t - 1] said "undefined quantity 'h'", though h was the quantity being defined
    note = tmp_path / "rnn.md"
    note.write_text(RNN)
    assert_one_line_error(note, 13, "definition of h[t]: it reads h itself, and a recursive definition is not read; "
                          "declare the step before as an input of its own (\"hprev\" in [inputs])", capsys)
    scalar = tmp_path / "sum.derive.toml"
    scalar.write_text('[inputs]\nw = []\n\n[define]\n"L" = "L + w"\n\n[[claim]]\nname = "c"\nlhs = "diff(L, w)"\n'
                      'rhs = "1"\n')
    assert_one_line_error(scalar, 5, "definition of L: it reads L itself, and a recursive definition is not read; "
                          "each quantity is defined once", capsys)
    # another undefined name is still called undefined
    other = tmp_path / "other.derive.toml"
    other.write_text('[inputs]\nw = []\n\n[define]\n"L" = "q + w"\n\n[[claim]]\nname = "c"\nlhs = "diff(L, w)"\n'
                     'rhs = "1"\n')
    assert_one_line_error(other, 5, "definition of L: undefined quantity 'q'", capsys)


def test_a_side_that_cancels_to_zero_is_shown_as_zero_in_a_counterexample(tmp_path) -> None:
    # probes of t-SNE and NCA: a refuted claim's lhs, exactly 0 (terms cancelling), read "lhs=-3.57e-102", the residue
    # 100 digits left; more digits shrink it, which the search already reads as rounding's noise
    p = tmp_path / "noise.derive.toml"
    p.write_text('[inputs]\nx = []\nw = []\n\n[define]\n"L" = "w*(tanh(x)**2 + sech(x)**2)"\n\n'
                 '[[claim]]\nname = "slip"\neq = "diff(L, x) = 1"\n\n'
                 '[[claim]]\nname = "slip2"\neq = "tanh(x)**2 + sech(x)**2 - 1 = x"\n\n'
                 '[[claim]]\nname = "small"\neq = "exp(-200 - x**2) = 1"\n')
    slip, slip2, small = claims_of(p)
    assert slip.verdict == slip2.verdict == small.verdict == "refuted"
    assert slip.counterexample["lhs"] == slip2.counterexample["lhs"] == "0.0"  # as an exact 0 is shown
    assert slip.counterexample["rhs"] == "1.0" and float(slip2.counterexample["difference"]) < 0
    # a side truly small (e^-200 is 1.4e-87) is no noise: more digits keep it
    assert 1e-95 < float(small.counterexample["lhs"]) < 1e-86 and small.counterexample["rhs"] == "1.0"


FREE_BITS = """```derive
[inputs]
lam = []
m = []
l = []

[define]
"q" = "(m**2 + exp(l) - 1 - l)/2"
"f" = "max(lam, q)"

[symbols]
'\\lambda' = "lam"
```
"""


def test_a_value_at_a_tie_met_only_to_rounding_is_read_at_the_tie(tmp_path) -> None:
    # a probe's free-bits VAE note: at q = λ (max(λ, q), q a Gaussian KL with e^l in it) the one-sided slopes by m are 0
    # and m; m, m/2 and ¼(e^l − 1) by l lie between the sides' slopes, yet were refuted: λ solved for q = λ is only as
    # exact as the working precision, and the 10⁻⁸³ left of q − λ (q near 10¹⁷) was read as a side of the kink
    assert note_verdicts(tmp_path, FREE_BITS,
                         r"\frac{\partial f}{\partial m} = m \quad \text{if } q = \lambda",
                         r"\frac{\partial f}{\partial m} = \frac{m}{2} \quad \text{if } q = \lambda",
                         r"\frac{\partial f}{\partial l} = \frac{1}{4}\left(e^{l} - 1\right) \quad \text{if } q = \lambda",
                         r"\frac{\partial f}{\partial m} = 3 m \quad \text{if } q = \lambda",
                         r"\frac{\partial f}{\partial l} = e^{l} \quad \text{if } q = \lambda",
                         ) == ["unproved", "unproved", "unproved", "refuted", "refuted"]


PARAMETERS = """```derive
given = ["tau > 0", "tau < 1", "eps > 0"]

[inputs]
u = []
tau = []
eps = []

[define]
"rho(u)" = "u*(tau - where(u < 0, 1, 0))"
"v(u)" = "max(0, abs(u) - eps)"

[symbols]
'\\rho_\\tau' = "rho"
'V_\\varepsilon' = "v"
'\\varepsilon' = "eps"
```
"""


def test_a_value_at_a_kink_wrong_only_for_some_parameters_is_refuted(tmp_path) -> None:
    # a probe of quantile and robust losses: the pinball loss's slope at u = 0 written -1/4 (in [τ - 1, τ] only for
    # τ ≤ 3/4) and the ε-insensitive loss's ε/3 at u = ε (in [0, 1] only for ε ≤ 3) were unproved: the other inputs
    # took only 1, 2, -1, 3, 1/2 and -2 there, τ only 1/2 under 0 < τ < 1
    pinball = r"\frac{\partial \rho_\tau(u)}{\partial u} = \begin{cases} \tau & \text{if } u > 0 \\ %s & \text{if } u = 0 \\ \tau - 1 & \text{if } u < 0 \end{cases}"
    svr = r"\frac{\partial V_\varepsilon(u)}{\partial u} = \begin{cases} %s & \text{if } u = \varepsilon \\ \operatorname{sign}(u) \mathbb{1}[|u| > \varepsilon] & \text{otherwise} \end{cases}"
    assert note_verdicts(tmp_path, PARAMETERS, pinball % r"-\frac{1}{4}", pinball % r"2\tau - \frac{1}{2}",
                         pinball % "0", svr % r"\frac{\varepsilon}{3}", svr % r"\frac{1}{1 + \varepsilon}"
                         ) == ["refuted", "refuted", "unproved", "refuted", "unproved"]


HUBER = """```derive
given = ["d > 0"]

[inputs]
u = []
d = []

[define]
"h(u)" = "where(abs(u) <= d, u**2/2, d*(abs(u) - d/2))"

[symbols]
'H_\\delta' = "h"
'\\delta' = "d"
```
"""


def test_cases_closed_on_both_sides_of_a_threshold_are_read_where_they_agree(tmp_path, capsys) -> None:
    # the probe's Huber ψ with both boundaries closed: at |u| = δ (δ > 0) u and δ sign(u) agree, yet the cases were
    # refused ("may both hold where their values differ"): put in for δ, |u| sign(u) did not expand to u
    cases = r"\frac{\partial H_\delta(u)}{\partial u} = \begin{cases} u & \text{if } |u| \le \delta \\ %s \operatorname{sign}(u) & \text{if } |u| \ge \delta \end{cases}"
    assert note_verdicts(tmp_path, HUBER, cases % r"\delta") == ["proved"]
    assert_note_refused(tmp_path, capsys, HUBER, cases % r"2 \delta", "cases 1 and 2 may both hold where their values differ")


EXP_TIE = """```derive
given = ["lam > 0"]
[inputs]
x = []
lam = []
[define]
"L" = "max(lam, exp(x))"
[symbols]
'\\lambda' = "lam"
```
"""


def test_a_value_at_a_kink_met_through_an_exponential_is_checked_along_its_variable(tmp_path) -> None:
    # a re-probe of ties through exp, log and square roots: max(λ, e^x) has one-sided slopes 0 and λ at e^x = λ, yet
    # 2λ written there was unproved: the row e^x = λ was solved for λ (= e^x), which moves with x, so derive's slope
    # along x there was unknown; solved for x = log λ now, λ stays while x moves
    cases = r"\frac{\partial L}{\partial x} = \begin{cases} e^x & e^x > \lambda \\ 0 & e^x < \lambda \\ %s & e^x = \lambda \end{cases}"
    assert note_verdicts(tmp_path, EXP_TIE, cases % r"2\lambda", cases % r"-\lambda", cases % r"\frac{\lambda}{2}",
                         cases % r"\lambda", cases % "0") == ["refuted", "refuted", "unproved", "unproved", "unproved"]
