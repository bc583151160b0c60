"""What session 53's probes found: notes read or refused wrongly, each test failing on the code before its fix."""
from __future__ import annotations

from _oneline import assert_note_refused
from _checking import note_verdicts

#: A two-component mixture's weight mapped to \pi, beside a Gaussian's normaliser.
WEIGHT = """```derive
[inputs]
w = []
x = []
[define]
"f" = "w * x / sqrt(2*pi)"
"g" = "w**2"
[symbols]
'\\pi' = "w"
```
"""


def test_a_number_times_a_mapped_pi_is_refused_as_constant_or_quantity(tmp_path, capsys) -> None:
    # with \pi mapped to a weight, \sqrt{2\pi} was read as √(2w): a note meaning the constant had its claims
    # checked against another function (∂/∂π of π x/√(2π) proved or refuted by the weight's reading)
    for written in (r"f = \frac{\pi x}{\sqrt{2\pi}}", r"f = \pi x (2 \pi)^{-1/2}", r"\frac{\partial g}{\partial \pi} = 2\pi"):
        assert_note_refused(tmp_path, capsys, WEIGHT, written, r"\pi is mapped to w in [symbols], so this is a number "
                                                              "times that quantity")
    # the weight written with an operator, and the mapped \pi alone, are read
    assert note_verdicts(tmp_path, WEIGHT, r"\frac{\partial g}{\partial \pi} = 2 \cdot \pi",
                         r"\frac{\partial g}{\partial \pi} = 3 \cdot \pi") == ["proved", "refuted"]
    # with nothing mapped to \pi, 2\pi is the constant
    plain = WEIGHT.replace("[symbols]\n'\\pi' = \"w\"\n", "")
    assert note_verdicts(tmp_path, plain, r"f = \frac{w x}{\sqrt{2\pi}}", r"f = \frac{w x}{\sqrt{2 w}}") \
        == ["proved", "refuted"]


#: A divergence the block defines as KL(p‖q), with the same KL declared with its argument order.
DIVERGENCE = """```derive
given = ["p[i] > 0", "q[i] > 0"]
[sizes]
n = "outcomes"
[inputs]
p = ["n"]
q = ["n"]
[define]
KL = "Sum(p[i]*log(p[i]/q[i]), (i, 1, n))"
H = "-Sum(p[i]*log(q[i]), (i, 1, n))"
S = "Sum((p[i] - q[i])**2, (i, 1, n))"
[symbols]
'\\mathrm{KL}' = "KL"
```
"""


def test_two_inputs_listed_against_the_definitions_order_are_refused_where_a_swap_changes_it(tmp_path, capsys) -> None:
    # a probe (session 51, left open then): KL(q, p) of a KL defined as Σ p log(p/q) was read as KL itself, order
    # free, so the wrong ∂KL(q, p)/∂q_j = −p_j/q_j was proved
    assert_note_refused(tmp_path, capsys, DIVERGENCE, r"\frac{\partial \mathrm{KL}(q, p)}{\partial q_j} = -\frac{p_j}{q_j}",
                        "KL's definition reads p before q and changes when they are swapped")
    assert_note_refused(tmp_path, capsys, DIVERGENCE, r"H(q, p) = -\sum_{i=1}^{n} p_i \log q_i",
                        "H's definition reads p before q")
    # the definition's order, and a symmetric quantity in any order, read as before
    assert note_verdicts(tmp_path, DIVERGENCE, r"\frac{\partial \mathrm{KL}(p, q)}{\partial q_j} = -\frac{p_j}{q_j}",
                         r"H(p, q) = -\sum_{i=1}^{n} p_i \log q_i", r"S(q, p) = \sum_{i=1}^{n} (q_i - p_i)^2") \
        == ["proved", "proved", "proved"]
    # declared with its order, KL at the other order is the definition with the two swapped
    declared = DIVERGENCE.replace('KL = "', '"KL(p, q)" = "')
    assert note_verdicts(tmp_path, declared, r"\frac{\partial \mathrm{KL}(q, p)}{\partial q_j} = \ln \frac{q_j}{p_j} + 1",
                         r"\frac{\partial \mathrm{KL}(q, p)}{\partial q_j} = -\frac{p_j}{q_j}") == ["proved", "refuted"]


#: Huber's loss with a symbolic δ, and the hard sigmoid.
HUBER = """```derive
given = ["dd > 0"]
[inputs]
r = []
dd = []
x = []
[define]
"H" = "where(abs(r) <= dd, r**2/2, dd*(abs(r) - dd/2))"
"hs" = "clip(x/5 + 1/2, 0, 1)"
"s" = "where(abs(x) < 1, x**2/2, abs(x) - 1/2)"
[symbols]
'\\delta' = "dd"
'\\mathrm{hs}' = "hs"
```
"""


def test_cases_bounded_by_a_given_positive_scalar_or_on_an_absolute_value_are_read(tmp_path, capsys) -> None:
    # probes: Huber's slope as three cases r > δ, −δ ≤ r ≤ δ, r < −δ (given δ > 0) was refused as leaving values
    # out, smooth L1's x < −1, |x| ≤ 1, otherwise as two cases that may both hold, and the hard sigmoid's |x| < 2.5,
    # |x| > 2.5 as leaving more than its kinks out
    dH = r"\frac{\partial H}{\partial r} = \begin{cases} "
    assert note_verdicts(tmp_path, HUBER,
                         dH + r"\delta & \text{if } r > \delta \\ r & \text{if } -\delta \le r \le \delta \\ -\delta & "
                              r"\text{if } r < -\delta \end{cases}",
                         dH + r"\delta & \text{if } r > \delta \\ r & \text{if } -\delta \le r \le \delta \\ \delta & "
                              r"\text{if } r < -\delta \end{cases}",
                         dH + r"-\delta & \text{if } r < -\delta \\ r & \text{if } |r| \le \delta \\ \delta & "
                              r"\text{otherwise} \end{cases}",
                         r"\frac{d\,\mathrm{hs}}{dx} = \begin{cases} 0.2 & |x| < 2.5 \\ 0 & |x| > 2.5 \end{cases}",
                         r"\frac{d\,\mathrm{hs}}{dx} = \begin{cases} 0.2 & |x| < 3 \\ 0 & |x| > 3 \end{cases}",
                         r"\frac{ds}{dx} = \begin{cases} -1 & \text{if } x < -1 \\ x & \text{if } |x| \le 1 \\ 1 & "
                         r"\text{otherwise} \end{cases}",
                         r"\frac{ds}{dx} = \begin{cases} x & \text{if } |x| \le 1 \\ -1 & \text{if } x < -1 \\ 1 & "
                         r"\text{if } x > 1 \end{cases}") \
        == ["proved", "refuted", "proved", "proved", "refuted", "proved", "proved"]
    # cases that leave a stretch out, or meet where they differ, stay refused
    assert_note_refused(tmp_path, capsys, HUBER, dH + r"\delta & \text{if } r > 2\delta \\ r & \text{if } |r| < \delta "
                                                      r"\\ -\delta & \text{if } r < -\delta \end{cases}",
                        "the cases must leave no value out")
    assert_note_refused(tmp_path, capsys, HUBER, r"\frac{d\,\mathrm{hs}}{dx} = \begin{cases} 0.2 & |x| < 2.5 \\ 0 & "
                                                 r"|x| > 3 \end{cases}", "the cases must leave no value out")
    assert_note_refused(tmp_path, capsys, HUBER, dH + r"r & \text{if } r \ge -\delta \\ \delta & \text{if } r > \delta "
                                                      r"\\ -\delta & \text{otherwise} \end{cases}",
                        "cases 1 and 2 may both hold")


#: The Gaussian's density and distribution mapped with their argument.
DENSITY = """```derive
[inputs]
x = []
[define]
"Phi" = "(1 + erf(x/sqrt(2)))/2"
"phi" = "exp(-x**2/2)/sqrt(2*pi)"
[symbols]
'\\Phi(x)' = "Phi"
'\\phi(x)' = "phi"
```
"""


def test_brackets_after_a_key_that_holds_its_argument_multiply(tmp_path) -> None:
    # a probe: with '\phi(x)' mapped, \phi(x)(-x) was φ at −x, so the wrong Φ'(x) = φ(x)(−x) was proved (φ is even)
    assert note_verdicts(tmp_path, DENSITY, r"\frac{d\Phi(x)}{dx} = \phi(x)(-x)",
                         r"\frac{d^2\Phi(x)}{dx^2} = \phi(x)(-x)", r"\frac{d\Phi(x)}{dx} = \phi(x)") \
        == ["refuted", "proved", "proved"]
