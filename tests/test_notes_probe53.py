"""What session 53's probes found: notes read or refused wrongly, each test failing on the code before its fix."""
from __future__ import annotations

import pytest
from _oneline import assert_note_refused
from _checking import note_verdicts

from derive.errors import InputError

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
    # (a re-probe: also beside a number in any spelling, and under a root)
    for written in (r"f = \frac{\pi x}{\sqrt{2\pi}}", r"f = \pi x (2 \pi)^{-1/2}", r"\frac{\partial g}{\partial \pi} = 2\pi",
                    r"\frac{\partial g}{\partial \pi} = 2\pi^1", r"\frac{\partial g}{\partial \pi} = (2)\pi",
                    r"\frac{\partial g}{\partial \pi} = \pi 2", r"\frac{\partial g}{\partial \pi} = 4 \frac{\pi}{2}",
                    r"f = \frac{\pi x}{\sqrt{2}\sqrt{\pi}}", r"f = \frac{\pi x}{\sqrt{2 \times \pi}}"):
        assert_note_refused(tmp_path, capsys, WEIGHT, written, r"\pi is mapped to w in [symbols], so this is that "
                                                              "quantity beside a number or under a root")
    # the weight written with an operator, and the mapped \pi alone, are read
    assert note_verdicts(tmp_path, WEIGHT, r"\frac{\partial g}{\partial \pi} = 2 \cdot \pi",
                         r"\frac{\partial g}{\partial \pi} = 3 \cdot \pi") == ["proved", "refuted"]
    # with nothing mapped to \pi, 2\pi is the constant
    plain = WEIGHT.replace("[symbols]\n'\\pi' = \"w\"\n", "")
    assert note_verdicts(tmp_path, plain, r"f = \frac{w x}{\sqrt{2\pi}}", r"f = \frac{w x}{\sqrt{2 w}}") \
        == ["proved", "refuted"]


#: A divergence the block defines as KL(p‖q) (also in the f-divergence form Σ q f(p/q)), a cross-entropy, and two
#: symmetric quantities (one through an intermediate m).
DIVERGENCE = """```derive
given = ["p[i] > 0", "q[i] > 0"]
[sizes]
n = "outcomes"
[inputs]
p = ["n"]
q = ["n"]
[define]
KL = "Sum(p[i]*log(p[i]/q[i]), (i, 1, n))"
"r[i]" = "p[i]/q[i]"
D = "Sum(q[i]*r[i]*log(r[i]), (i, 1, n))"
H = "-Sum(p[i]*log(q[i]), (i, 1, n))"
S = "Sum((p[i] - q[i])**2, (i, 1, n))"
"m[i]" = "(p[i] + q[i])/2"
JS = "Sum(p[i]*log(p[i]/m[i]), (i, 1, n))/2 + Sum(q[i]*log(q[i]/m[i]), (i, 1, n))/2"
[symbols]
'\\mathrm{KL}' = "KL"
'\\mathrm{JS}' = "JS"
```
"""


def test_an_argument_list_of_a_quantity_that_a_swap_changes_needs_a_declared_order(tmp_path, capsys) -> None:
    # a probe (session 51, left open then): KL(q, p) of a KL defined as Σ p log(p/q) was read as KL itself, order
    # free, so the wrong ∂KL(q, p)/∂q_j = −p_j/q_j was proved; the definition's text tells no order either (a re-probe:
    # D = Σ q (p/q) log(p/q) is KL(p‖q) and reads q first), so any order of two quantities a swap changes is refused
    for written, name in ((r"\frac{\partial \mathrm{KL}(q, p)}{\partial q_j} = -\frac{p_j}{q_j}", "KL"),
                          (r"\frac{\partial \mathrm{KL}(p, q)}{\partial q_j} = -\frac{p_j}{q_j}", "KL"),
                          (r"\frac{\partial D(q, p)}{\partial q_j} = -\frac{p_j}{q_j}", "D"),
                          (r"H(p, q) = -\sum_{i=1}^{n} p_i \log q_i", "H")):
        assert_note_refused(tmp_path, capsys, DIVERGENCE, written,
                            f"{name} changes when {'q and p' if '(q, p)' in written else 'p and q'} are swapped, so the "
                            f"order of its arguments is a meaning its definition does not give")
    # a symmetric quantity reads in any order, through a quantity it defines too (JS's m)
    assert note_verdicts(tmp_path, DIVERGENCE, r"S(q, p) = \sum_{i=1}^{n} (q_i - p_i)^2",
                         r"\frac{\partial \mathrm{JS}(q, p)}{\partial q_j} = \frac{1}{2} \log \frac{2 q_j}{p_j + q_j}") \
        == ["proved", "proved"]
    # with its order declared, KL at its own order is KL, at the other the definition with the two swapped
    declared = DIVERGENCE.replace('KL = "', '"KL(p, q)" = "')
    assert note_verdicts(tmp_path, declared, r"\frac{\partial \mathrm{KL}(p, q)}{\partial q_j} = -\frac{p_j}{q_j}",
                         r"\frac{\partial \mathrm{KL}(q, p)}{\partial q_j} = \ln \frac{q_j}{p_j} + 1",
                         r"\frac{\partial \mathrm{KL}(q, p)}{\partial q_j} = -\frac{p_j}{q_j}") \
        == ["proved", "proved", "refuted"]


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


#: CS229's softmax regression: φ and θ named by Greek letters, no [symbols] entry for them.
SOFTMAX_REGRESSION = """```derive
[sizes]
m = "examples"
K = "classes"
n = "features"
[inputs]
x = ["m", "n"]
theta = ["K", "n"]
[labels]
y = { shape = ["m"], range = "K" }
[define]
"phi[i, l]" = "exp(Sum(theta[l, j]*x[i, j], (j, 1, n))) / Sum(exp(Sum(theta[q, j]*x[i, j], (j, 1, n))), (q, 1, K))"
"ell" = "Sum(log(phi[i, y[i]]), (i, 1, m))"
[symbols]
'\\ell' = "ell"
```
"""


def test_an_example_superscript_on_a_greek_named_array_reads_its_row(tmp_path) -> None:
    # a probe: CS229's \phi^{(i)}_k and \theta^{(k)\top} x^{(i)} were refused ("expected 2 indices", "a transpose is a
    # superscript") unless [symbols] mapped \phi to phi, though \phi_{ik} read without it
    grad = r"\frac{\partial \ell}{\partial \theta_{kp}} = \sum_{i=1}^{m} \left( "
    assert note_verdicts(tmp_path, SOFTMAX_REGRESSION,
                         grad + r"1\{y^{(i)} = k\} - \phi^{(i)}_k \right) x^{(i)}_p",
                         grad + r"\boldsymbol{\phi}^{(i)}_k - 1\{y^{(i)} = k\} \right) x^{(i)}_p",
                         r"\phi_{ik} = \frac{e^{\theta^{(k)\top} x^{(i)}}}{\sum_{q=1}^{K} e^{\theta^{(q)\top} x^{(i)}}}",
                         r"\phi_{ik} = \frac{e^{\theta^{(k)\top} x^{(i)}}}{\sum_{q=1}^{K} e^{\theta^{(q)\top} x^{(k)}}}") \
        == ["proved", "refuted", "proved", "refuted"]


#: A ReLU layer's backward step, entry by entry.
RELU = """```derive
[sizes]
N = "examples"
K = "hidden"
[inputs]
Z = ["N", "K"]
G = ["N", "K"]
[define]
"H[i, p]" = "relu(Z[i, p])"
"L" = "Sum(Sum(G[i, p]*H[i, p], (p, 1, K)), (i, 1, N))"
```
"""


def test_an_iverson_bracket_after_a_derivative_multiplies_it(tmp_path) -> None:
    # a probe: \frac{\partial L}{\partial H_{ip}} [Z_{ip} > 0] was refused as "the derivative at that point, or the
    # derivative times it", though a bracket holding a comparison is no point
    assert note_verdicts(tmp_path, RELU, r"\frac{\partial L}{\partial Z_{ip}} = \frac{\partial L}{\partial H_{ip}} [Z_{ip} > 0]",
                         r"\frac{\partial L}{\partial Z_{ip}} = \frac{\partial L}{\partial H_{ip}} [Z_{ip} < 0]") \
        == ["proved", "refuted"]


#: Huber's loss summed over a vector's entries.
HUBER_SUM = """```derive
given = ["dd > 0"]
[sizes]
n = "k"
[inputs]
x = ["n"]
dd = []
[define]
"L" = "Sum(where(abs(x[i]) <= dd, x[i]**2/2, dd*(abs(x[i]) - dd/2)), (i, 1, n))"
[symbols]
'\\delta' = "dd"
```
"""


def test_cases_that_meet_at_a_symbolic_bound_or_read_an_entry_are_read(tmp_path, capsys) -> None:
    # a re-probe: Huber's value as cases r ≥ δ, −δ ≤ r ≤ δ, r ≤ −δ (meeting at ±δ, where they agree) was refused as
    # cases that may both hold where they differ, and the three cases on an entry x_j as leaving values out
    value = (r"H = \begin{cases} \delta (r - \delta/2) & \text{if } r \ge \delta \\ r^2/2 & \text{if } -\delta \le r \le "
             r"\delta \\ -\delta (r + \delta/2) & \text{if } r \le -\delta \end{cases}")
    assert note_verdicts(tmp_path, HUBER, value) == ["proved"]
    assert_note_refused(tmp_path, capsys, HUBER, value.replace("r^2/2", "r^2"), "cases 1 and 2 may both hold")
    entry = (r"\frac{\partial L}{\partial x_j} = \begin{cases} \delta & \text{if } x_j > \delta \\ x_j & \text{if } "
             r"-\delta \le x_j \le \delta \\ -\delta & \text{if } x_j < -\delta \end{cases}")
    right, wrong = note_verdicts(tmp_path, HUBER_SUM, entry, entry.replace(r"-\delta & \text{if } x_j < -\delta",
                                                                           r"\delta & \text{if } x_j < -\delta"))
    assert right in ("proved", "unproved") and wrong == "refuted"
    assert_note_refused(tmp_path, capsys, HUBER_SUM, entry.replace(r"-\delta \le x_j", r"0 \le x_j"),
                        "the cases must leave no value out")


#: A Bernoulli KL (and one scaled by a temperature), a binary cross-entropy with its factors in another order, a
#: cost of two parameters over data, and a calculus warm-up's f(u, v).
SCALARS = """```derive
given = ["p > 0", "p < 1", "q > 0", "q < 1", "T > 0"]
[sizes]
m = "examples"
[inputs]
p = []
q = []
T = []
t0 = []
t1 = []
u = []
v = []
x = ["m"]
y = ["m"]
[define]
KL = "p*log(p/q) + (1 - p)*log((1 - p)/(1 - q))"
KLT = "T*KL"
H = "-(log(q)*p + log(1 - q)*(1 - p))"
J = "Sum((t0 + t1*x[i] - y[i])**2, (i, 1, m))/(2*m)"
f = "u**2*v + 3*u*v**2"
[symbols]
'\\theta_0' = "t0"
'\\theta_1' = "t1"
'\\mathrm{KL}' = "KL"
'\\mathrm{KL}_T' = "KLT"
```
"""


def test_scalars_named_as_a_divergence_or_beside_a_keyed_list_need_a_declared_order(tmp_path, capsys) -> None:
    # re-probes: two scalars checked against the order the definition's text reads them still proved wrong claims
    # (the Bernoulli KL in the f-divergence form reads q first; -(log(q) p + …) reads q first), KL(q, p, T) with a
    # temperature passed as a list of three, and with '\mathrm{KL}(q, p)' mapped, \mathrm{KL}(p, q) was KL as well;
    # refusing every pair of scalars refused J(θ₀, θ₁), L(w, b) and f(u, v), so scalars need an order where the name
    # is a divergence's or a cross-entropy's
    for written, name in ((r"\frac{\partial \mathrm{KL}(q, p)}{\partial q} = \frac{q - p}{q (1 - q)}", "KL"),
                          (r"\frac{\partial \mathrm{KL}(p, q)}{\partial q} = \frac{q - p}{q (1 - q)}", "KL"),
                          (r"\mathrm{KL}_T(q, p, T) = T \, \mathrm{KL}", "KLT"),
                          (r"\frac{\partial H(q, p)}{\partial q} = \frac{q - p}{q (1 - q)}", "H")):
        assert_note_refused(tmp_path, capsys, SCALARS, written, f"{name} changes when")
    # a name set in any font, or a loss's letter with CE below it, is a divergence's or cross-entropy's (a re-probe:
    # Murphy's \mathbb{KL} and \mathcal{L}_{CE} passed); a lowercase h or d names other things
    for key, name in ((r"\mathbb{KL}", "KL"), (r"\mathbb{D}_{\mathrm{KL}}", "KL"), (r"\mathcal{L}_{CE}", "H")):
        renamed = SCALARS.replace(r"'\mathrm{KL}' = " + '"KL"', f"'{key}' = " + f'"{name}"')
        assert_note_refused(tmp_path, capsys, renamed, rf"\frac{{\partial {key}(q, p)}}{{\partial q}} = 0",
                            f"{name} changes when q and p are swapped")
    lower = SCALARS.replace('f = "u**2*v + 3*u*v**2"', 'h = "u**2*v + 3*u*v**2"')
    assert note_verdicts(tmp_path, lower, r"\frac{\partial h(u, v)}{\partial v} = u^2 + 6 u v") == ["proved"]
    keyed = SCALARS.replace("'\\mathrm{KL}' = \"KL\"", "'\\mathrm{KL}(q, p)' = \"KL\"")
    assert_note_refused(tmp_path, capsys, keyed, r"\frac{\partial \mathrm{KL}(p, q)}{\partial q} = \frac{q - p}{q (1 - q)}",
                        "KL changes when p and q are swapped")
    assert note_verdicts(tmp_path, keyed, r"\frac{\partial \mathrm{KL}(q, p)}{\partial q} = \frac{q - p}{q (1 - q)}",
                         r"\frac{\partial J(\theta_0, \theta_1)}{\partial \theta_1} = \frac{1}{m} \sum_{i=1}^{m} "
                         r"(\theta_0 + \theta_1 x_i - y_i) x_i",
                         r"\frac{\partial f}{\partial v}(u, v) = u^2 + 6 u v",
                         r"\frac{\partial f}{\partial v}(u, v) = u^2 + 3 u v") == ["proved", "proved", "proved", "refuted"]


#: Weight decay's step.
DECAY = """```derive
given = ["lam > 0", "eta > 0"]
[sizes]
p = "features"
[inputs]
w = ["p"]
lam = []
eta = []
[define]
"R" = "lam/2*Sum(w[k]**2, (k, 1, p))"
[symbols]
'\\lambda' = "lam"
'\\eta' = "eta"
```
"""


def test_an_assignment_arrow_before_an_equation_is_an_update(tmp_path, capsys) -> None:
    # a probe: w \leftarrow w - \eta \nabla_w R = (1 - \eta\lambda) w was refused as an arrow before an equation (for
    # a premise write \implies); the arrow assigns, as := does: the update is stated, what it assigns is checked
    from _checking import checked, loaded
    for arrow, sign, verdict in ((r"\leftarrow", "-", "proved"), (r"\gets", "+", "refuted")):
        p = tmp_path / "notes.md"
        p.write_text(DECAY + f"\n$$\nw {arrow} w - \\eta \\nabla_w R = (1 {sign} \\eta \\lambda) w\n$$\n")
        (f,) = loaded(p)
        assert [c.verdict for c in checked(f, 60)] == [verdict]
        assert [text for _, text in f.unchecked] == [f"w {arrow} w - \\eta \\nabla_w R"]
    # what the row says beside a relation not checked is listed with it, and a derivative's equation there (never
    # checked: it was dropped unseen) is refused
    p.write_text(DECAY + "\n$$\nw \\leftarrow w - \\eta \\nabla_w R \\quad \\text{if } \\eta < 1\n$$\n")
    assert [text for _, text in loaded(p)[0].unchecked] == [r"w \leftarrow w - \eta \nabla_w R \quad \text{if } \eta < 1"]
    # (a re-probe: a range written with dots beside an update, \text{for } j = 1, \ldots, n, was refused as an equation)
    p.write_text(DECAY + "\n$$\nw_j \\leftarrow w_j - \\eta w_j \\quad \\text{for } j = 1, \\ldots, p\n$$\n")
    assert [text for _, text in loaded(p)[0].unchecked] == [r"w_j \leftarrow w_j - \eta w_j \quad \text{for } j = 1, \ldots, p"]
    for words in (r"(\nabla_w R = 2 \lambda w)", r"\text{where } \frac{\partial R}{\partial \lambda} = 7"):
        assert_note_refused(tmp_path, capsys, DECAY, rf"w \leftarrow w - \eta \nabla_w R \quad {words}",
                            "an equation in them is not read")
    # an arrow later in a chain, or a light arrow before an equation, stays refused
    assert_note_refused(tmp_path, capsys, DECAY, r"w = w \leftarrow (1 - \eta \lambda) w = w",
                        r"cannot read \leftarrow before an equation")
    assert_note_refused(tmp_path, capsys, DECAY, r"\lambda > 0 \to R = R", r"cannot read \to before an equation")


#: A VAE's KL term in the log-variance, mapped as it is written.
LOG_VARIANCE = """```derive
[sizes]
J = "latent"
[inputs]
mu = ["J"]
lv = ["J"]
[symbols]
'\\log\\sigma^2' = "lv"
'\\ell' = "lv"
[define]
"K" = "-Sum(1 + lv[j] - mu[j]**2 - exp(lv[j]), (j, 1, J)) / 2"
```
"""


def test_an_entry_of_a_key_ending_in_a_power_reads_below_a_derivative(tmp_path) -> None:
    # a probe: with '\log\sigma^2' mapped, \frac{\partial K}{\partial \log\sigma_j^2} (the VAE notes' entry form) was
    # refused, "the denominator must be ∂x or ∂x ∂y", though \partial (\log\sigma^2)_j read
    assert note_verdicts(tmp_path, LOG_VARIANCE,
                         r"\frac{\partial K}{\partial \log\sigma_j^2} = \frac{1}{2}\left(e^{\ell_j} - 1\right)",
                         r"\frac{\partial K}{\partial \log\sigma_j^2} = \frac{1}{2}\left(e^{\ell_j} + 1\right)") \
        == ["proved", "refuted"]


def test_a_second_derivative_by_a_square_reads_inline_as_in_a_fraction(tmp_path) -> None:
    # a probe: \partial^2 J / \partial w^2 (and d^2 J / d w^2, a Newton step's ratio of them) was refused, "the orders
    # of ∂ above and below the line differ", though \frac{\partial^2 J}{\partial w^2} read
    head = '```derive\n[inputs]\nw = []\nx = []\n[define]\n"J" = "(w*x)**2"\n```\n'
    assert note_verdicts(tmp_path, head, r"\partial^2 J / \partial w^2 = 2 x^2", r"d^2 J / d w^2 = 2 x",
                         r"\frac{\left(\partial J / \partial w\right)}{\left(\partial^2 J / \partial w^2\right)} = \frac{w}{1}") \
        == ["proved", "refuted", "proved"]


def test_a_comparison_in_round_brackets_after_a_derivative_says_to_write_its_indicator(tmp_path, capsys) -> None:
    # a re-probe: (Z_{ip} > 0) after a derivative was told "the derivative at that point, or times it"
    assert_note_refused(tmp_path, capsys, RELU, r"\frac{\partial L}{\partial Z_{ip}} = \frac{\partial L}{\partial H_{ip}} (Z_{ip} > 0)",
                        "a comparison is no point to take it at: for its indicator write [Z > 0]")


def test_intertext_ends_its_row_without_a_row_break_before_it(tmp_path) -> None:
    # a probe: amsmath breaks the row before \intertext itself, so papers leave out the \\; derive read the words and
    # the next row into the row above ("empty expression")
    head = '```derive\n[inputs]\na = []\n[define]\n"p" = "sigmoid(a)"\n```\n'
    for words in (r"\intertext{and so}", r"\shortintertext{so}"):
        rows = rf"\begin{{align}} \frac{{\partial p}}{{\partial a}} &= p (1 - p) {words} p &= \frac{{1}}{{1 + e^{{-a}}}} \end{{align}}"
        assert note_verdicts(tmp_path, head, rows) == ["proved", "proved"]
    rows = r"\begin{align} \frac{\partial p}{\partial a} &= p (1 - p) \intertext{which is} &= p + p^2 \end{align}"
    assert note_verdicts(tmp_path, head, rows) == ["proved", "refuted"]


def test_an_update_after_a_premise_and_below_intertext_reads_as_one(tmp_path) -> None:
    # a re-probe: \lambda = 0 \implies w \leftarrow … = … was told "for a premise write \implies", and an \intertext
    # opening an update's row was read as words beside the update (an equation in them refused, or listed with it)
    from _checking import checked, loaded
    p = tmp_path / "notes.md"
    p.write_text(DECAY + "\n$$\n\\lambda = 1 \\implies w \\leftarrow w - \\eta (\\nabla_w R) = (1 - \\eta) w\n$$\n")
    (f,) = loaded(p)
    assert [c.verdict for c in checked(f, 60)] == ["proved"]
    assert [text for _, text in f.unchecked] == [r"w \leftarrow w - \eta (\nabla_w R)"]
    p.write_text(DECAY + "\n$$\n\\begin{align} w &\\gets w - \\eta \\nabla_w R \\intertext{so with $\\lambda = 0$,}"
                         " w &\\gets w - \\eta \\nabla_w R = w \\end{align}\n$$\n")
    # the row after "so with λ = 0," holds only under it: refused since session 62 (it was refuted, the words dropped)
    with pytest.raises(InputError, match="cannot read the condition in"):
        loaded(p)


#: A softmax cross-entropy, for papers' align layouts.
SOFTMAX_TEX = ("\\documentclass{article}\n\\usepackage{amsmath,mathtools}\n\\begin{document}\n\\begin{derive}\n"
               "[sizes]\nn = \"classes\"\n[inputs]\nz = [\"n\"]\ny = [\"n\"]\n[define]\n"
               "\"s[i]\" = \"exp(z[i]) / Sum(exp(z[k]), (k, 1, n))\"\n\"L\" = \"-Sum(y[i]*log(s[i]), (i, 1, n))\"\n"
               "\\end{derive}\n")


def test_intertext_keeps_labels_on_their_rows_and_conditions_beside_their_equations(tmp_path) -> None:
    # re-probes: with no \\ before \intertext the next row's \label went to the row above (a wrong row shown under the
    # name a reader looks up proved); a condition on a row after an \intertext was read with its words and refused
    from _checking import checked, loaded
    p = tmp_path / "paper.tex"
    p.write_text(SOFTMAX_TEX + "\\begin{align}\n\\frac{\\partial L}{\\partial z_j} &= -\\sum_{i=1}^{n} y_i (\\delta_{ij} - s_j)"
                 " \\notag\n\\shortintertext{so}\n&= s_j - 2 y_j \\label{eq:second}\n\\end{align}\n\\end{document}\n")
    (f,) = loaded(p)
    assert [(c.verdict, c.name.startswith("eq:second: ")) for c in checked(f, 60)] == [("proved", False), ("refuted", True)]
    p.write_text(SOFTMAX_TEX + "\\begin{align}\n\\frac{\\partial L}{\\partial y_j} &= -\\log s_j \\\\\n\\intertext{and}\n"
                 "\\frac{\\partial L}{\\partial z_j} &= s_j - y_j \\quad \\text{if } \\sum_{i=1}^{n} y_i = 1\n"
                 "\\end{align}\n\\end{document}\n")
    (f,) = loaded(p)
    assert [c.verdict for c in checked(f, 60)] == ["proved", "proved"]
    p.write_text(SOFTMAX_TEX + "\\begin{align}\n\\frac{\\partial L}{\\partial z_j} &= s_j - y_j\n\\intertext{and the other,}\n"
                 "\\frac{\\partial L}{\\partial y_j} &= -\\log s_j \\\\\n& \\text{if } \\sum_{i=1}^{n} y_i = 1\n"
                 "\\end{align}\n\\end{document}\n")
    (f,) = loaded(p)
    assert [c.verdict for c in checked(f, 60)] == ["proved", "proved"]


def test_papers_tags_display_breaks_and_kerned_continuations_are_layout(tmp_path) -> None:
    # a probe: \tag{\textbf{S}} (braces inside), \allowdisplaybreaks in an align and a continuation row indented with
    # \mkern18mu were refused as unreadable math
    from _checking import checked, loaded
    p = tmp_path / "paper.tex"
    for body, verdicts in (
            (r"\begin{equation} \frac{\partial L}{\partial z_j} = s_j \sum_{i=1}^{n} y_i - y_j \tag{\textbf{S}} \end{equation}",
             ["proved"]),
            (r"\begin{align} \allowdisplaybreaks \frac{\partial L}{\partial z_j} &= s_j \sum_{i=1}^{n} y_i - y_j \end{align}",
             ["proved"]),
            ("\\begin{align}\n\\frac{\\partial L}{\\partial z_j} &= s_j \\sum_{i=1}^{n} y_i \\\\\n&\\mkern18mu - y_j \\\\\n"
             "&\\mspace{18mu} = s_j \\sum_{i=1}^{n} y_i + y_j\n\\end{align}", ["proved", "refuted"]),
            (r"\begin{equation} \frac{\partial L}{\partial z_j} = s_j \sum_{i=1}^{n} y_i \mkern-2mu - y_j \end{equation}",
             ["proved"])):
        p.write_text(SOFTMAX_TEX + body + "\n\\end{document}\n")
        (f,) = loaded(p)
        assert [c.verdict for c in checked(f, 60)] == verdicts, body


def test_a_term_using_the_sums_index_in_an_exponent_belongs_to_the_sum(tmp_path) -> None:
    # a probe: \sum_k (1 - y_k) z_k + \log(1 + e^{-z_k}) left the log outside the sum (k read only in subscripts, not
    # inside a superscript), so the softplus form of the multi-label loss was refuted and Σ z_k² + e^{z_k} e^{-z_k}
    # was proved equal to Σ z_k² + 1
    head = ('```derive\n[sizes]\nn = "labels"\n[inputs]\nz = ["n"]\ny = ["n"]\n[define]\n'
            '"L" = "-Sum(y[k]*log(sigmoid(z[k])) + (1 - y[k])*log(1 - sigmoid(z[k])), (k, 1, n))"\n'
            '"M" = "Sum(z[k]**2, (k, 1, n)) + 1"\n```\n')
    assert note_verdicts(tmp_path, head, r"L = \sum_{k=1}^{n} (1 - y_k) z_k + \log\left(1 + e^{-z_k}\right)",
                         r"M = \sum_{k=1}^{n} z_k^2 + e^{z_k} e^{-z_k}",
                         r"M = \sum_{k=1}^{n} z_k^2 + e^{2} e^{-2}") == ["proved", "refuted", "proved"]


def test_a_thin_kern_is_a_thin_space_and_words_before_a_condition_row_are_refused(tmp_path, capsys) -> None:
    # a re-probe: \mkern3mu (as wide as \,) was read as \quad, splitting p(1-p) \mkern3mu p = σ(a) into two proved
    # claims; \shortintertext{unless} (or {or}) before a condition row was dropped and the condition read as "if"
    head = '```derive\n[inputs]\na = []\nx = []\n[define]\n"p" = "sigmoid(a)"\n"q" = "abs(x)"\n```\n'
    assert note_verdicts(tmp_path, head, r"\frac{dp}{da} = p (1-p) \mkern3mu p = \frac{1}{1+e^{-a}}",
                         r"\frac{dp}{da} = p \mspace{2mu} (1-p)") == ["refuted", "refuted", "proved"]
    for words in (r"\shortintertext{unless}", r"\intertext{or}"):
        assert_note_refused(tmp_path, capsys, head, r"\begin{align} \frac{dq}{dx} &= 1 \\ " + words + r" & x > 0 \end{align}",
                            "cannot read the condition row after the words")
    assert_note_refused(tmp_path, capsys, head, r"\frac{dp}{da} \le 1 \quad \text{where } \frac{dq}{dx} = 7",
                        "an equation in them is not read")


def test_a_labels_word_in_a_subscript_uses_no_index_and_a_power_by_the_index_does(tmp_path, capsys) -> None:
    # a re-probe: the i of b_{\mathrm{in}} (the t of V_{\mathrm{target}}) was read as the sum's index, taking the bias
    # into Σ_i (a wrong E = Σ (x_i + b) proved, a right G = Σ γ^t r_t + V refuted), and γ^{k} after Σ_k ended the sum
    head = ('```derive\ngiven = ["g > 0"]\n[sizes]\nn = "entries"\nT = "steps"\n[inputs]\nx = ["n"]\nr = ["T"]\n'
            'b = []\ng = []\nV = []\n[define]\n"E" = "Sum(x[i] + b, (i, 1, n))"\n"D" = "Sum(g**k*x[k] + g**k, (k, 1, n))"\n'
            '"Q" = "Product(g**r[t]*V, (t, 1, T))"\n"G" = "Sum(g**t*r[t], (t, 1, T)) + V"\n[symbols]\n'
            "'b_{\\mathrm{in}}' = \"b\"\n'\\gamma' = \"g\"\n'V_{\\mathrm{target}}' = \"V\"\n```\n")
    assert note_verdicts(tmp_path, head, r"E = \sum_{i=1}^{n} x_i + b_{\mathrm{in}}",
                         r"E = \sum_{i=1}^{n} \left(x_i + b_{\mathrm{in}}\right)",
                         r"D = \sum_{k=1}^{n} \gamma^{k} x_k + \gamma^{k}",
                         r"G = \sum_{t=1}^{T} \gamma^{t} r_t + V_{\mathrm{target}}") == ["refuted", "proved", "proved", "proved"]
    assert_note_refused(tmp_path, capsys, head, r"Q = \prod_{t=1}^{T} \gamma^{r_t} V_{\mathrm{target}}",
                        r"ambiguous: V_{\mathrm{target}} does not use the \prod's index")


def test_a_subscript_of_a_symbols_key_uses_no_index(tmp_path) -> None:
    # a re-probe: with 'b_{in}' mapped, the i of b_{in} was read as the sum's index, taking the bias into Σ_i (a wrong
    # E = Σ (x_i + b) proved, the right Σ x_i + b refuted)
    head = ('```derive\n[sizes]\nn = "entries"\n[inputs]\nx = ["n"]\nb = []\n[define]\n"E" = "Sum(x[i] + b, (i, 1, n))"\n'
            '"F" = "Sum(x[i], (i, 1, n)) + b"\n[symbols]\n\'b_{in}\' = "b"\n```\n')
    assert note_verdicts(tmp_path, head, r"E = \sum_{i=1}^{n} x_i + b_{in}", r"F = \sum_{i=1}^{n} x_i + b_{in}",
                         r"F = \sum_{i=1}^{n} x_i + x_i b_{in}") == ["refuted", "proved", "refuted"]
