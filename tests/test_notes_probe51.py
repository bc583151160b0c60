"""What session 51's probes found: notes read or refused wrongly, each test failing on the code before its fix."""
from __future__ import annotations

from derive.cli import main

from _oneline import assert_note_refused, assert_one_line_error
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


#: A loss of D entries, for Euler's theorem with an index named d.
SQUARES = """```derive
[sizes]
D = "dimensions"
[inputs]
x = ["D"]
[define]
"L" = "Sum(x[k]**2, (k, 1, D))"
```
"""


def test_d_as_a_summation_index_inside_a_derivative_is_refused(tmp_path, capsys) -> None:
    # Σ_d x_d dL/dx_d = D L was proved (d·L/(d·x_d) with d the index) and Euler's theorem, = 2L, refuted
    for claim in (r"\sum_{d=1}^{D} x_d \frac{dL}{dx_d} = D L", r"\sum_{d=1}^{D} x_d \frac{d}{dx_d} L = 2 L",
                  r"\prod_{d=1}^{D} \frac{d x_d}{d x_1} = \prod_{k=1}^{D} \frac{x_k}{x_1}"):
        assert_note_refused(tmp_path, capsys, SQUARES, claim, "(d is a summation index here")
    # an upright d is a differential, and a free index d a subscript
    assert note_verdicts(tmp_path, SQUARES, r"\sum_{d=1}^{D} x_d \frac{\mathrm{d}L}{\mathrm{d}x_d} = 2 L",
                         r"\frac{dL}{dx_d} = 2 x_d") == ["proved", "proved"]


def test_e_as_a_summation_index_under_a_power_is_refused(tmp_path, capsys) -> None:
    # Σ_e e^2 x_e = Σ_k k² x_k was proved: the index squared, where a reader sees Euler's number
    assert_note_refused(tmp_path, capsys, SQUARES, r"\sum_{e=1}^{D} e^{2} x_e = \sum_{k=1}^{D} k^2 x_k",
                        "(e is a summation index here")
    assert note_verdicts(tmp_path, SQUARES, r"\sum_{e=1}^{D} x_e^2 = L") == ["proved"]


#: A vector of n entries.
VECTOR = """```derive
[sizes]
n = "n"
[inputs]
x = ["n"]
u = ["n"]
[define]
"L" = "Sum(u[i]*x[i], (i, 1, n))"
```
"""


def test_a_plain_one_as_the_ones_vector_is_refused(tmp_path, capsys) -> None:
    # 1 1^\top x = x and x - (1/n) 1 1^\top x = (n-1)/n x were proved: a number is its own transpose
    for claim in (r"1^\top x = x", r"x - \frac{1}{n} 1 1^\top x = \frac{n - 1}{n} x"):
        assert_note_refused(tmp_path, capsys, VECTOR, claim, r"(a number has no transpose: write \mathbf{1}^\top")
    assert_note_refused(tmp_path, capsys, VECTOR, r"x^\top 1 = x^\top", "(the vector of ones to a reader")
    assert note_verdicts(tmp_path, VECTOR, r"\mathbf{1}^\top x = \sum_{i=1}^{n} x_i",
                         r"x^\top \mathbf{1} = \sum_{i=1}^{n} x_i", r"2 x^\top = x^\top 2") == ["proved"] * 3


def test_a_value_against_an_array_is_refuted_by_the_shapes(tmp_path) -> None:
    # ∂L/∂x = uᵀx stopped the whole note (exit 2) where the README says sides of different shapes are refuted
    assert note_verdicts(tmp_path, VECTOR, r"\frac{\partial L}{\partial x} = u^\top x",
                         r"\frac{\partial L}{\partial x} = u", r"L = u") == ["refuted", "proved", "refuted"]


def test_a_function_macro_mapped_to_a_quantity_is_refused(tmp_path, capsys) -> None:
    # '\exp' = "a" read \exp x as a·x: d/dx \exp x = a was proved, and so for \tanh, \sin, \log
    for macro in ("exp", "tanh", "sin", "log"):
        note = f"""```derive
[inputs]
x = []
a = []
[symbols]
'\\{macro}' = "a"
```
"""
        path = tmp_path / "notes.md"
        path.write_text(f"{note}\n$$\n\\frac{{d}}{{dx}} \\{macro} x = a\n$$\n")
        assert_one_line_error(path, 6, f"maps to a, but \\{macro} is the function", capsys)


def test_delta_mapped_to_a_quantity_in_a_variational_derivative_is_refused(tmp_path, capsys) -> None:
    # \frac{\delta L}{\delta x} with δ mapped read δ·L/(δ·x): = L/x was proved
    note = """```derive
[inputs]
x = []
dl = []
[symbols]
'\\delta' = "dl"
[define]
"L" = "x**3"
```
"""
    assert_note_refused(tmp_path, capsys, note, r"\frac{\delta L}{\delta x} = \frac{L}{x}",
                        r"(\delta names a quantity of the derive block here")
    assert note_verdicts(tmp_path, note, r"\delta \cdot L = \delta x^3") == ["proved"]


#: A two-layer ReLU net's input gradient (office-hours notes).
TWO_LAYER_RELU = """```derive
[sizes]
n = "width"
[inputs]
x = ["n"]
W1 = ["n", "n"]
W2 = ["n", "n"]
g = ["n"]
[symbols]
'W_1' = "W1"
'W_2' = "W2"
[define]
"z" = "W1 @ x"
"h[i]" = "relu(z[i])"
"o" = "W2 @ h"
"L" = "Sum(g[i]*o[i], (i, 1, n))"
```
"""


def test_a_gate_under_nested_sums_is_proved_by_cases(tmp_path) -> None:
    # a probe: the right input gradient stayed unproved (the gate inside Σ_j, the derivative's inside Σ_i Σ_j)
    right = [r"\nabla_x L = W_1^\top \left(\mathbb{1}[z > 0] \odot (W_2^\top g)\right)",
             r"\frac{\partial L}{\partial x_k} = \sum_{i=1}^{n}\sum_{j=1}^{n} g_i W_{2,ij} \mathbb{1}[z_j > 0] W_{1,jk}",
             r"\frac{\partial L}{\partial x_k} = \sum_{j=1}^{n} \left(\sum_{i=1}^{n} g_i W_{2,ij}\right) "
             r"\mathbb{1}[z_j > 0] W_{1,jk}"]
    wrong = [r"\frac{\partial L}{\partial x_k} = \sum_{i=1}^{n}\sum_{j=1}^{n} g_i W_{2,ij} \mathbb{1}[z_i > 0] W_{1,jk}",
             r"\frac{\partial L}{\partial x_k} = \sum_{i=1}^{n}\sum_{j=1}^{n} g_i W_{2,ij} \mathbb{1}[z_j < 0] W_{1,jk}",
             r"\nabla_x L = W_1^\top \left(\mathbb{1}[z > 0] \odot (W_2 g)\right)"]
    assert note_verdicts(tmp_path, TWO_LAYER_RELU, *right, *wrong) == ["proved"] * 3 + ["refuted"] * 3


# Re-probes of the fixes above.

def test_sigma_of_a_sum_beside_an_input_sigma_is_refused_unless_sigma_is_a_slope(tmp_path, capsys) -> None:
    # the logistic written as (1 + tanh(a/2))/2, or through an intermediate quantity, was not seen as the sigmoid:
    # σ(w x + b) + σ(−w x − b) = 0 was proved.  A sum after an input σ is refused now unless the block's logistic
    # takes σ as its slope (RankNet)
    for p in ('"p" = "(1 + tanh((w*x + b)/2))/2"', '"u" = "exp(-(w*x + b))"\n"p" = "1/(1 + u)"'):
        note = f"""```derive
[inputs]
w = []
x = []
b = []
sigma = []
[define]
{p}
```
"""
        assert_note_refused(tmp_path, capsys, note, r"\sigma(w x + b) + \sigma(-w x - b) = 0",
                            r"cannot read \sigma(wx+b) (\sigma names a quantity")
    ranknet = SLOPE.replace('"P" = "1/(1 + exp(-sigma*(si - sj)))"', '"P" = "sigmoid(sigma*(si - sj))"')
    assert note_verdicts(tmp_path, ranknet, r"\sigma (s_i - s_j) = \sigma s_i - \sigma s_j") == ["proved"]


#: A VAE's encoder σ defined from two inputs beside a sigmoid decoder.
ENCODER = """```derive
[inputs]
v = []
h = []
c = []
w = []
z = []
b = []
x = []
[define]
"sigma" = "exp((v*h + c)/2)"
"p" = "sigmoid(w*z + b)"
"L" = "-(x*log(p) + (1 - x)*log(1 - p))"
```
"""


def test_a_defined_sigma_of_several_inputs_before_brackets_is_refused(tmp_path, capsys) -> None:
    # ∂L/∂b = σ(w z + b) − x, right as the sigmoid, was refuted: σ times (w z + b)
    assert_note_refused(tmp_path, capsys, ENCODER, r"\frac{\partial L}{\partial b} = \sigma(w z + b) - x",
                        r"(ambiguous: \sigma is the block's sigma, a quantity it defines")
    assert note_verdicts(tmp_path, ENCODER, r"\frac{\partial L}{\partial b} = p - x",
                         r"\sigma(v, h, c) = e^{(v h + c)/2}") == ["proved", "proved"]


def test_more_spellings_of_misread_notation_are_refused(tmp_path, capsys) -> None:
    for claim, said in ((r"(1)^\top x = x", "a number has no transpose"),
                        (r"x^\top \left(1\right) = x^\top", "the vector of ones to a reader"),
                        (r"\sum_{e=1}^{n} \sqrt{e} x_e = \sum_{k=1}^{n} \sqrt{k} x_k", "e is a summation index")):
        assert_note_refused(tmp_path, capsys, VECTOR, claim, said)
    for key, said in ((r"\partial", r"\partial is the differential"), (r"\log_2", r"\log is the function log"),
                      (r"\operatorname*{exp}", "is the function exp"), (r"\tanh^2", r"\tanh is the function tanh")):
        path = tmp_path / "notes.md"
        path.write_text(VECTOR.replace("```\n", f"[symbols]\n'{key}' = \"c\"\n```\n").replace(
            'u = ["n"]', 'u = ["n"]\nc = []') + "\n$$\nL = c\n$$\n")
        assert_one_line_error(path, 11, said, capsys)


def test_a_mapped_d_or_delta_in_a_derivative_is_refused(tmp_path, capsys) -> None:
    for key in ("d", r"\Delta"):
        note = VECTOR.replace("```\n", f"[symbols]\n'{key}' = \"c\"\n```\n").replace('u = ["n"]', 'u = ["n"]\nc = []')
        assert_note_refused(tmp_path, capsys, note, f"\\frac{{{key} L}}{{{key} x_1}} = \\frac{{L}}{{x_1}}",
                            "names a quantity")


def test_a_leading_therefore_is_layout(tmp_path) -> None:
    # a probe: "\therefore ∂L/∂z = p − y", as handouts conclude, stopped the note ("cannot read \therefore")
    note = """```derive
[inputs]
z = []
y = []
[define]
"p" = "sigmoid(z)"
"L" = "-(y*log(p) + (1 - y)*log(1 - p))"
```
"""
    assert note_verdicts(tmp_path, note, r"\therefore \frac{\partial L}{\partial z} = p - y",
                         r"\therefore \quad \frac{\partial L}{\partial z} = y - p") == ["proved", "refuted"]


def test_display_math_in_a_footnote_is_refused_not_dropped(tmp_path, capsys) -> None:
    # a probe: GitHub and pandoc show a footnote's indented $$ as math; CommonMark reads code, so a wrong equation
    # there got no verdict and no "not checked" line
    p = tmp_path / "fn.md"
    p.write_text('```derive\n[inputs]\nz = []\n[define]\n"p" = "sigmoid(z)"\n```\n\nSimple.[^1]\n\n'
                 "[^1]: Indeed\n    $$\n    \\frac{\\partial p}{\\partial z} = 5p\n    $$\n")
    assert_one_line_error(p, 11, "display math in a footnote is not read", capsys)
    # an indented code block elsewhere is code, as before
    p.write_text('```derive\n[inputs]\nz = []\n[define]\n"p" = "sigmoid(z)"\n```\n\nCode:\n\n    $$ p = 5 $$\n\n'
                 "$$\n\\frac{\\partial p}{\\partial z} = p (1 - p)\n$$\n")
    assert main(["check", str(p)]) == 0
    assert "1 proved" in capsys.readouterr().out


def test_a_claim_wrong_only_at_larger_sizes_beside_a_second_size_is_refuted(tmp_path) -> None:
    # a probe: with two sizes the wide search's points ran out after five small assignments, so a Hessian wrong only
    # for n ≥ 5 came out unproved (exit 0); each size now takes 5 early, the others at 2
    p = tmp_path / "wide.derive.toml"
    p.write_text('[sizes]\nn = "classes"\nm = "features"\n[inputs]\nx = ["m"]\nW = ["n", "m"]\n[define]\n'
                 '"z[i]" = "Sum(W[i, k]*x[k], (k, 1, m))"\n"F" = "log(Sum(exp(z[k]), (k, 1, n)))"\n'
                 '"s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"\n'
                 '[[claim]]\nname = "n"\neq = "diff(F, W[j, k]) = s[j]*x[k] + (n - 1)*(n - 2)*(n - 3)*(n - 4)*s[j]*x[k]"\n'
                 '[[claim]]\nname = "m"\neq = "diff(F, W[j, k]) = s[j]*x[k] + (m - 1)*(m - 2)*(m - 3)*(m - 4)*s[j]*x[k]"\n')
    from derive.verify import check_file
    assert [c.verdict for c in check_file(p, 120).claims] == ["refuted", "refuted"]


#: A head's output projection, mapped with both scripts.
PROJECTION = """```derive
[sizes]
n = "rows"
m = "cols"
[inputs]
x = ["m"]
g = ["n"]
W1 = ["n", "m"]
[symbols]
'W_O^{(1)}' = "W1"
[define]
"z[i]" = "Sum(W1[i, k]*x[k], (k, 1, m))"
"L" = "Sum(g[i]*z[i], (i, 1, n))"
```
"""


def test_a_mapped_name_with_both_scripts_takes_a_transpose_in_its_tag(tmp_path) -> None:
    # a probe: W_O^{(1)\top} (a head's output projection, transposed) was "unknown symbol 'W'" with 'W_O^{(1)}' mapped
    assert note_verdicts(tmp_path, PROJECTION, r"\frac{\partial L}{\partial x} = W_O^{(1)\top} g",
                         r"\frac{\partial L}{\partial x} = W^{(1)\top}_O g",
                         r"\frac{\partial L}{\partial x} = 2 W_O^{(1)\top} g") == ["proved", "proved", "refuted"]


def test_bold_type_is_no_part_of_an_argument_list(tmp_path) -> None:
    # a probe: KL(\mathbf{p}, \mathbf{q}) after KL(p, q) was refused as "at other arguments it would be a function"
    # (the order declared: undeclared, a list of two vectors a swap changes is refused since session 53)
    note = """```derive
given = ["p[i] > 0", "q[i] > 0"]
[sizes]
n = "n"
[inputs]
p = ["n"]
q = ["n"]
[define]
"D(p, q)" = "Sum(p[i]*log(p[i]/q[i]), (i, 1, n))"
[symbols]
'\\mathrm{KL}' = "D"
```
"""
    assert note_verdicts(tmp_path, note, r"\mathrm{KL}(p, q) = \sum_i p_i \log \frac{p_i}{q_i}",
                         r"\frac{\partial \mathrm{KL}(\mathbf{p}, \mathbf{q})}{\partial q_j} = -\frac{p_j}{q_j}") \
        == ["proved", "proved"]


def test_a_given_of_the_block_that_ties_the_variable_is_refused_like_one_beside(tmp_path, capsys) -> None:
    # a probe: ∂f/∂μ = 0 was proved beside the block's given z = μ + σε (the reparameterisation's 2z refuted), and so
    # ∂L/∂σ = 0 beside a given v = σ², where the same tie written \text{where} beside the claim was refused
    note = """```derive
given = ["sigma > 0", "z = mu + sigma*epsilon"]
[inputs]
z = []
mu = []
sigma = []
epsilon = []
[define]
"f" = "z**2"
```
"""
    assert_note_refused(tmp_path, capsys, note, r"\frac{\partial f}{\partial \mu} = 0",
                        "the given 'z = mu + sigma*epsilon' ties mu, which")
    directive = note.replace(', "z = mu + sigma*epsilon"', "") + "\n<!-- derive: given z = mu + sigma*epsilon -->\n"
    assert_note_refused(tmp_path, capsys, directive, r"\frac{\partial f}{\partial \mu} = 0", "ties mu, which")
    # a given on what the claim does not differentiate by, or on the variable alone, is a point as before
    assert note_verdicts(tmp_path, note, r"\frac{\partial f}{\partial z} = 2 z", r"f = z^2") == ["proved", "proved"]


def test_a_matrix_written_out_is_refused_by_name(tmp_path, capsys) -> None:
    # a probe: a pmatrix's rows were read as the display's rows, refused as "math with no relation of its own"
    note = """```derive
[sizes]
n = 2
[inputs]
W = ["n", "n"]
x = ["n"]
[define]
"z[i]" = "Sum(W[i, k]*x[k], (k, 1, n))"
```
"""
    for env in ("pmatrix", "bmatrix", "array"):
        claim = rf"z = \begin{{{env}}} W_{{11}} x_1 + W_{{12}} x_2 \\ W_{{21}} x_1 + W_{{22}} x_2 \end{{{env}}}"
        assert_note_refused(tmp_path, capsys, note, claim, rf"cannot read \begin{{{env}}}: ")


def test_a_where_after_the_last_equation_of_a_row_is_each_ones(tmp_path) -> None:
    # a probe of worked examples: "s_1 = 1/3, s_2 = 2/3 \quad \text{where } z_1 = 0, z_2 = \ln 2" checked s_1 at every z
    # (refuted), as \text{if } after both already was not
    note = """```derive
[sizes]
n = 2
[inputs]
z = ["n"]
[define]
"s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"
```
"""
    claim = r"s_1 = \frac{1}{%s}, \quad s_2 = \frac{2}{3} \quad \text{where } z_1 = 0, z_2 = \ln 2"
    assert note_verdicts(tmp_path, note, claim % 3) == ["unproved", "unproved"]
    assert note_verdicts(tmp_path, note, claim % 2) == ["refuted", "unproved"]


def test_a_wrong_claim_under_chained_equation_givens_is_refuted(tmp_path) -> None:
    # a probe of diffusion notes: with b = a p and u = √b x + √(1 − b) e, refining u's equation moved b and broke
    # b = a p, so every point was dropped "as rounding" and a wrong posterior mean came out unproved (exit 0)
    note = """```derive
given = ["a > 0", "a < 1", "p > 0", "p < 1", "b = a*p", "u = sqrt(b)*x + sqrt(1 - b)*e"]
[inputs]
a = []
p = []
b = []
x = []
u = []
e = []
[define]
"m" = "sqrt(p)*(1 - a)/(1 - b)*x + sqrt(a)*(1 - p)/(1 - b)*u"
```
"""
    assert note_verdicts(tmp_path, note, r"m = \frac{1}{\sqrt{a}}\left(u - \frac{1 - a}{\sqrt{1 - b}}\, e\right)",
                         r"m = \frac{1}{\sqrt{a}}\left(u - \frac{1 - a}{1 - b}\, e\right)", "m = u") \
        == ["proved", "refuted", "refuted"]


def test_a_given_solved_for_an_input_the_quantity_does_not_read_ties_nothing(tmp_path) -> None:
    # a re-probe: beside z = μ + σε, ∂D/∂μ of a KL term D of μ and σ alone (z not read) was refused as a tie
    note = """```derive
given = ["z = mu + sigma*epsilon", "sigma > 0"]
[inputs]
x = []
mu = []
sigma = []
epsilon = []
z = []
[define]
"D" = "(mu**2 + sigma**2 - log(sigma**2) - 1)/2"
```
"""
    assert note_verdicts(tmp_path, note, r"\frac{\partial D}{\partial \mu} = \mu") == ["proved"]


def test_more_spellings_read_as_papers_write_them(tmp_path, capsys) -> None:
    # re-probes: W_O^{(1)T}, mathtools' \eqqcolon (dropped unread), amsthm's \qedhere and \ensuremath were refused
    assert note_verdicts(tmp_path, PROJECTION, r"\frac{\partial L}{\partial x} = W_O^{(1)T} g",
                         r"\frac{\partial L}{\partial x} = W_O^{(1)\mathsf{T}} g",
                         r"\frac{\partial L}{\partial x} = W_O^{(1)\top} g \qedhere",
                         r"\frac{\partial L}{\partial x} = \ensuremath{W_O^{(1)\top}} g") == ["proved"] * 4
    p = tmp_path / "eqq.md"
    p.write_text(PROJECTION + "\n$$\n\\frac{\\partial L}{\\partial x} \\eqqcolon 3 x\n$$\n\n$$\n\\begin{pmatrix} a & b \\end{pmatrix}\n$$\n")
    assert main(["check", "--strict", str(p)]) == 1
    assert "not checked  \\frac{\\partial L}{\\partial x} \\eqqcolon 3 x" in capsys.readouterr().out


def test_a_tie_through_a_defined_quantity_is_refused(tmp_path, capsys) -> None:
    # a re-probe: given z_j = h_j (or \text{where} beside the claim) with h = μ + σε defined: ∂f/∂μ_j = 0 was proved for
    # f = Σ (x − z)²/2, where a reader differentiates through z = h
    note = """```derive
given = ["z[j] = h[j]"]
[sizes]
J = "latent"
[inputs]
x = ["J"]
mu = ["J"]
sigma = ["J"]
epsilon = ["J"]
z = ["J"]
[define]
"f" = "Sum((x[j] - z[j])**2, (j, 1, J)) / 2"
"h[j]" = "mu[j] + sigma[j]*epsilon[j]"
```
"""
    assert_note_refused(tmp_path, capsys, note, r"\frac{\partial f}{\partial \mu_j} = 0", "the given 'z[j] = h[j]' ties mu")
    beside = note.replace('given = ["z[j] = h[j]"]\n', "")
    assert_note_refused(tmp_path, capsys, beside, r"\frac{\partial f}{\partial \mu_j} = 0 \quad \text{where } z_j = h_j",
                        "ties mu, which it differentiates by")
    assert note_verdicts(tmp_path, beside, r"\frac{\partial f}{\partial z_j} = z_j - x_j") == ["proved"]


def test_the_positive_part_is_the_maximum_with_zero(tmp_path) -> None:
    # a probe of SVM notes: the hinge's (1 - y w^\top x)_+ and [z]_+ were refused ("cannot read '+' here")
    note = """```derive
given = ["y**2 = 1"]
[sizes]
d = "features"
[inputs]
w = ["d"]
x = ["d"]
y = []
a = []
[define]
"m" = "y*Sum(w[k]*x[k], (k, 1, d))"
"h" = "max(1 - m, 0)"
```
"""
    assert note_verdicts(tmp_path, note, r"h = (1 - y w^\top x)_+", r"h = \left[1 - y w^\top x\right]_{+}",
                         r"h^2 = (1 - m)_+^2", r"(a)_+ - (-a)_+ = a", r"h = (y w^\top x - 1)_+",
                         r"(a)_+ + (-a)_+ = a") == ["proved"] * 4 + ["refuted"] * 2
