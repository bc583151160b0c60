"""Notation real authors write that the reader refused (a probe of textbook notes): each is now read, with
its slip refuted beside it, or refused with a message that says what to write."""
from __future__ import annotations

import pytest

from _oneline import assert_note_refused, assert_one_line_error
from _checking import note_verdicts


_verdicts, _refused = note_verdicts, assert_note_refused


COSINE = """# Cosines

```derive
[sizes]
n = "identities"
[inputs]
c = ["n"]
t = []
[symbols]
'\\cos\\theta' = "c"
'\\cos\\phi' = "t"
[define]
"L" = "Sum(c[j]**2, (j, 1, n))"
"M" = "t**3"
```
"""


@pytest.mark.parametrize("claim, verdict", [
    # the README's key of several factors, where authors write it: below a derivative's line, with an index
    (r"\frac{\partial M}{\partial \cos\phi} = 3 (\cos\phi)^2", "proved"),
    (r"\frac{\partial M}{\partial \cos\phi} = 3 \cos\phi", "refuted"),
    (r"\partial M / \partial \cos\phi = 3 (\cos\phi)^2", "proved"),
    (r"\frac{\partial L}{\partial \cos\theta_j} = 2 \cos\theta_j", "proved"),
    (r"\frac{\partial L}{\partial \cos\theta_j} = \cos\theta_j", "refuted"),
    (r"\frac{\partial L}{\partial \cos\theta_j} = 2 \cos\theta_k", "refuted"),
    # cos²φ is (cos φ)², as TeX sets a function's power
    (r"\frac{\partial M}{\partial \cos\phi} = 3 \cos^2\phi", "proved"),
    (r"\frac{\partial M}{\partial \cos\phi} = 3 \cos^3\phi", "refuted"),
    (r"\frac{\partial L}{\partial \cos\theta_j} = \frac{2 \cos^2\theta_j}{\cos\theta_j}", "proved"),
    (r"L = \sum_j \cos^2\theta_j", "proved"),
    (r"L = \sum_j \cos\theta_j", "refuted"),
])
def test_a_key_of_several_factors_reads_below_a_derivative_and_with_an_index(tmp_path, claim, verdict):
    assert _verdicts(tmp_path, COSINE, claim) == [verdict]


@pytest.mark.parametrize("claim, fragment", [
    # cos φ² is cos(φ²) as typeset, not (cos φ)²: the key names cos φ, so it is refused, saying what to write
    (r"M = \cos\phi^3", r"cannot read \cos\phi^3 (the superscript is \phi's"),
    (r"L = \sum_j \cos\theta_j^2", r"cannot read \cos\theta_j^2 (the superscript is \theta_j's"),
    # not a function of θ: the subscript of the last factor is that factor's, W x_i is no (Wx)_i
    (r"\cos^{-1}\phi = M", r"cannot read \cos^{-1}"),
])
def test_a_script_that_is_not_the_keys_is_refused(tmp_path, capsys, claim, fragment):
    _refused(tmp_path, capsys, COSINE, claim, fragment)


HINGE = """# Squared hinge

```derive
[inputs]
z = []
a = []
[define]
"l" = "max(0, 1 - z)**2"
```
"""


@pytest.mark.parametrize("claim, verdict", [
    # Zhang's and Tang's L2-SVM: the power after a function's list of arguments is its value's, as \sigma(z)^2 is σ(z)²
    (r"l = \max(0, 1 - z)^2", "proved"),
    (r"l = \max(0, 1 - z)", "refuted"),
    (r"l = \left(\max(0, 1 - z)\right)^2", "proved"),
    (r"\frac{d l}{d z} = -2 \max(0, 1 - z)", "proved"),
    (r"\frac{d l}{d z} = -2 \max(0, 1 - z)^2", "refuted"),
    (r"\min(a, z)^2 = \left(\min(a, z)\right)^2", "proved"),
    (r"\min(a, z)^2 = \min(a^2, z^2)", "refuted"),
])
def test_a_power_after_a_list_of_arguments_is_the_functions_value(tmp_path, claim, verdict):
    assert _verdicts(tmp_path, HINGE, claim) == [verdict]


@pytest.mark.parametrize("claim, fragment", [
    (r"(0, 1 - z)^2 = l", "cannot read a list in parentheses"),
    (r"2 (0, 1 - z)^2 = l", "cannot read a list in parentheses"),
])
def test_a_powered_list_without_its_function_is_refused(tmp_path, capsys, claim, fragment):
    _refused(tmp_path, capsys, HINGE, claim, fragment)


VARIANCE = """# Nix and Weigend

```derive
given = ["v > 0"]
[sizes]
n = "outputs"
[inputs]
y = []
mu = []
v = []
w = ["n"]
[symbols]
'\\sigma^2' = "v"
'\\tau^2' = "w"
[define]
"C" = "log(2*pi*v)/2 + (y - mu)**2/(2*v)"
```
"""


@pytest.mark.parametrize("claim, verdict", [
    # with σ² mapped, an even power of σ is a power of it, exactly: σ⁴ = (σ²)²
    (r"\frac{\partial C}{\partial \sigma^2} = \frac{1}{2\sigma^2} - \frac{(y - \mu)^2}{2\sigma^4}", "proved"),
    (r"\frac{\partial C}{\partial \sigma^2} = \frac{1}{2\sigma^2} - \frac{(y - \mu)^2}{2\sigma^2}", "refuted"),
    (r"\sigma^{4} = \left(\sigma^2\right)^2", "proved"),
    (r"\sigma^{-4} = \frac{1}{\sigma^2}", "refuted"),
    (r"\sigma^{-4} \sigma^6 = \sigma^2", "proved"),
    (r"\tau^4_i = \left(\tau^2_i\right)^2", "proved"),
    (r"\tau_i^4 = \tau_i^2", "refuted"),
])
def test_an_even_power_of_a_mapped_square_is_its_power(tmp_path, claim, verdict):
    assert _verdicts(tmp_path, VARIANCE, claim) == [verdict]


@pytest.mark.parametrize("claim, fragment", [
    # σ³ = v^{3/2} only for σ ≥ 0, which the block does not say: refused, saying what to write
    (r"\sigma^3 = v", r"cannot read \sigma^3 ([symbols] maps \sigma^2, not \sigma"),
    (r"\frac{\partial^2 C}{\partial \sigma^4} = v", r"cannot read \sigma^4 (in the denominator of a derivative"),
])
def test_another_power_of_a_mapped_square_is_refused(tmp_path, capsys, claim, fragment):
    _refused(tmp_path, capsys, VARIANCE, claim, fragment)


KEYS = """# Keys as written

```derive
[sizes]
m = "samples"
[inputs]
l = []
lold = []
x = ["m"]
[symbols]
'\\ell' = "l"
'\\ell_\\text{old}' = "lold"
'\\mathrm{MMD}_u^2' = "MMD2"
[define]
"r" = "exp(l - lold)"
"MMD2" = "Sum(x[i], (i, 1, m))"
```
"""


@pytest.mark.parametrize("claim, verdict", [
    # PPO's ratio: \text takes its argument unbraced after _, as TeX sets it
    (r"r = e^{\ell - \ell_\text{old}}", "proved"),
    (r"r = e^{\ell - \ell_{\text{old}}}", "proved"),
    (r"r = e^{\ell_\text{old} - \ell}", "refuted"),
    # Gretton's unbiased MMD²_u: a name with a subscript and a superscript, in either order
    (r"\mathrm{MMD}_u^2 = \sum_i x_i", "proved"),
    (r"\mathrm{MMD}^2_u = \sum_{i=1}^{m} x_i", "proved"),
    (r"\mathrm{MMD}_{u}^{2} = \sum_i x_i", "proved"),
    (r"\mathrm{MMD}_u^2 = \sum_i x_i^2", "refuted"),
])
def test_a_key_with_an_unbraced_text_subscript_or_two_scripts_names_its_quantity(tmp_path, claim, verdict):
    assert _verdicts(tmp_path, KEYS, claim) == [verdict]


def test_a_key_with_two_scripts_names_only_itself(tmp_path, capsys):
    _refused(tmp_path, capsys, KEYS, r"\mathrm{MMD}_u = \sum_i x_i", r"MMD")


def test_a_key_with_two_scripts_whose_subscript_is_an_index_is_refused(tmp_path, capsys):
    p = tmp_path / "notes.md"
    p.write_text(KEYS.replace("'\\mathrm{MMD}_u^2' = \"MMD2\"", "'\\mathrm{MMD}_i^2' = \"x\""))
    assert_one_line_error(p, KEYS.splitlines().index("'\\mathrm{MMD}_u^2' = \"MMD2\"") + 1,
                          "map the symbol without subscripts or powers", capsys)


SOFTMAX = """# Softmax

```derive
[sizes]
n = "classes"
[inputs]
z = ["n"]
y = ["n"]
[define]
"s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"
"L" = "-Sum(y[i]*log(s[i]), (i, 1, n))"
```
"""


@pytest.mark.parametrize("claim, verdict", [
    # a condition in brackets after the claim, sized with \left( \right) or not, with its word or without
    (r"\frac{\partial L}{\partial z_j} = s_j - y_j \qquad \left(\text{if } \sum_i y_i = 1\right)", "proved"),
    (r"\frac{\partial L}{\partial z_j} = s_j - 2 y_j \qquad \left(\text{if } \sum_i y_i = 1\right)", "refuted"),
    (r"\frac{\partial L}{\partial z_j} = s_j - y_j \qquad \left(\text{if } \sum_i y_i = 2\right)", "refuted"),
    (r"\frac{\partial L}{\partial z_j} = s_j - y_j \qquad \bigl(\text{if } \sum_i y_i = 1\bigr)", "proved"),
    (r"\frac{\partial L}{\partial z_j} = s_j - y_j", "refuted"),
    # an equation of inputs alone in brackets is a hypothesis, as before \implies
    (r"\frac{\partial L}{\partial z_j} = s_j - y_j \qquad (\sum_i y_i = 1)", "proved"),
    (r"\frac{\partial L}{\partial z_j} = s_j - y_j \qquad \left(\sum_i y_i = 1\right)", "proved"),
    (r"\frac{\partial L}{\partial z_j} = s_j - y_j \quad \left(\sum_{i=1}^{n} y_i = 1\right).", "proved"),
    (r"\frac{\partial L}{\partial z_j} = s_j - y_j \qquad (\sum_i y_i = 2)", "refuted"),
    (r"\frac{\partial L}{\partial z_j} = s_j + y_j \qquad (\sum_i y_i = 1)", "refuted"),
    (r"\frac{\partial L}{\partial z_j} = s_j - y_j \qquad \left(y_j > 0\right)", "refuted"),
])
def test_a_condition_in_brackets_after_the_claim_is_its_condition(tmp_path, claim, verdict):
    assert _verdicts(tmp_path, SOFTMAX, claim) == [verdict]


@pytest.mark.parametrize("claim, fragment", [
    # an equation reading a definition is a step, not a hypothesis: left unchecked it could hide a slip
    (r"\frac{\partial L}{\partial z_j} = s_j - y_j \qquad (s_j = 2 y_j)", "an equation after words is not checked"),
    (r"\frac{\partial L}{\partial z_j} = s_j - y_j \qquad \left(s_j = 2 y_j\right)",
     "an equation after words is not checked"),
    (r"\frac{\partial L}{\partial z_j} = s_j - y_j \qquad \left(\sum_i y_i = 1 = y_1\right)", "cannot read"),
])
def test_an_equation_in_brackets_that_is_no_hypothesis_is_refused(tmp_path, capsys, claim, fragment):
    _refused(tmp_path, capsys, SOFTMAX, claim, fragment)


def test_an_ambiguous_bare_argument_is_quoted_without_half_a_sized_bracket(tmp_path, capsys):
    # the message printed \right) without its \left: the brackets as the reader pairs them, unsized
    head = COSINE.replace('"M" = "t**3"', '"M" = "t**3"\n"N" = "Sum(tanh(c[i])**2, (i, 1, n))"')
    _refused(tmp_path, capsys, head, r"\frac{\partial N}{\partial c_i} = 2 \tanh c_i \left(1 - \tanh^2 c_i\right)",
             r"cannot read \tanh c_i (1 - \tanh^2 c_i) (ambiguous: \tanh of the product, or \tanh c_i times "
             r"(1 - \tanh^2 c_i); write \tanh\left(c_i (1 - \tanh^2 c_i)\right) or \tanh\left(c_i\right) "
             r"(1 - \tanh^2 c_i))")


PRIMED = """# Primes

```derive
[inputs]
x = []
y = []
[define]
"h" = "x**3 + 2*x"
"p" = "sigmoid(x)"
"r" = "relu(x)"
"q" = "log(x)"
"f" = "x**3 + x*y"
```
"""


@pytest.mark.parametrize("claim, verdict", [
    # h'(0) of a scalar defined from one scalar input is its derivative there, as \sigma'(0) and h(0) read
    (r"h'(0) = 2", "proved"),
    (r"h'(0) = 0", "refuted"),
    (r"h'(1) = 5", "proved"),
    (r"h'(2x) = 12 x^2 + 2", "proved"),
    (r"h'(2x) = 3 x^2 + 2", "refuted"),
    (r"h''(1) = 6", "proved"),
    (r"h''(1) = 3", "refuted"),
    (r"p'(0) = \sigma'(0)", "proved"),
    (r"p'(0) = \frac{1}{4}", "proved"),
    (r"p'(0) = \frac{1}{2}", "refuted"),
    (r"h'(x) = 3 x^2 + 2", "proved"),
])
def test_a_primed_scalar_at_a_point_is_its_derivative_there(tmp_path, claim, verdict):
    assert _verdicts(tmp_path, PRIMED, claim) == [verdict]


@pytest.mark.parametrize("claim, fragment", [
    # relu has no slope at 0, and log none at its pole: the value derive would compute there is no derivative
    (r"r'(0) = 1", r"cannot read r'(0) (r is not smooth"),
    (r"q'(0) = 1", r"cannot read q'(0) (q is not smooth"),
    (r"f'(0) = y", r"cannot read f'"),
    (r"h'(y) = 3 y^2 + 2", r"cannot read h'(y)"),
])
def test_a_primed_scalar_at_a_point_where_it_may_have_no_slope_is_refused(tmp_path, capsys, claim, fragment):
    _refused(tmp_path, capsys, PRIMED, claim, fragment)


BAR = """# Evaluated at a point

```derive
[sizes]
n = "n"
[inputs]
x = []
y = []
v = ["n"]
[define]
"f" = "x**3 + x*y"
"h" = "x**3 + 2*x"
"r" = "relu(x)"
"g" = "Sum(v[i]*x, (i, 1, n))"
```
"""


@pytest.mark.parametrize("claim, verdict", [
    # the derivative's value at the point: differentiated first, then x = 0
    (r"\left.\frac{\partial f}{\partial x}\right|_{x=0} = y", "proved"),
    (r"\left.\frac{\partial f}{\partial x}\right|_{x=0} = 0", "refuted"),
    (r"\frac{\partial f}{\partial x}\Big|_{x=1} = 3 + y", "proved"),
    (r"\frac{\partial f}{\partial x}\Big|_{x=1} = 3", "refuted"),
    (r"\frac{d h}{d x}\bigg|_{x = 2 y} = 12 y^2 + 2", "proved"),
    (r"\left. \frac{d^2 h}{d x^2} \right|_{x = 1} = 6", "proved"),
    (r"\left. \frac{d^2 h}{d x^2} \right|_{x = 1} = 0", "refuted"),
    (r"\left. x \frac{\partial f}{\partial x} \right|_{x=1} = 3 + y", "proved"),
    (r"\left. x \frac{\partial f}{\partial x} \right|_{x=1} = 3 x + x y", "refuted"),
    (r"y = \left.\frac{\partial f}{\partial x}\right|_{x=0}", "proved"),
])
def test_a_derivative_evaluated_at_a_point_is_its_value_there(tmp_path, claim, verdict):
    assert _verdicts(tmp_path, BAR, claim) == [verdict]


@pytest.mark.parametrize("claim, fragment", [
    # without \left. the bar's reach is the reader's guess: x f'(1), or (x f')(1)?
    (r"x \frac{\partial f}{\partial x}\Big|_{x=1} = 3 + y", r"cannot read the bar |_{x=1}"),
    (r"1 + \left. \frac{\partial f}{\partial x} \right|_{x=0} = 1 + y", r"cannot read the bar |_{x=0}"),
    # relu has no slope at 0: the value SymPy would give there is no derivative
    (r"\left.\frac{d r}{d x}\right|_{x=0} = 1", r"is not smooth on all of ℝ"),
    (r"\left.\frac{\partial f}{\partial x}\right|_{f=0} = y", r"cannot read the bar |_{f=0}"),
    (r"\left.\frac{\partial g}{\partial x}\right|_{x=0} = \sum_i v_i", r"cannot read the bar |_{x=0}"),
])
def test_an_evaluation_bar_it_cannot_read_exactly_is_refused(tmp_path, capsys, claim, fragment):
    _refused(tmp_path, capsys, BAR, claim, fragment)


def test_a_key_of_a_function_of_a_declared_name_is_refused(tmp_path, capsys):
    # with θ declared too, \cos\theta_j was cos of θ's entry while (\cos\theta)_j was c_j: the true
    # \sum_j \cos^2\theta_j = \sum_j (\cos\theta)_j^2 was refuted, and ∂cos φ/∂φ = 0 proved beside a declared φ
    head = COSINE.replace('t = []', 't = []\ntheta = ["n"]')
    p = tmp_path / "notes.md"
    p.write_text(head + "\n$$\nL = \\sum_j \\cos^2\\theta_j\n$$\n")
    assert_one_line_error(p, head[:head.index("'\\cos\\theta'")].count("\n") + 1,
                          "theta is declared too: \\cos\\theta is then a function of it", capsys)


@pytest.mark.parametrize("claim", [
    r"\left. \frac{\partial f}{\partial x} \Big|_{x=0} = y",
    r"\frac{\partial f}{\partial x} \right|_{x=0} = y",
])
def test_an_evaluation_bar_unpaired_with_its_left_is_refused(tmp_path, capsys, claim):
    _refused(tmp_path, capsys, BAR, claim, r"cannot read")
