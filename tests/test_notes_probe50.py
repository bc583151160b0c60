"""What session 50's probes found: notes read or refused wrongly, each test failing on the code before its fix."""
from __future__ import annotations

from _oneline import assert_note_refused, assert_one_line_error
from _checking import note_verdicts

#: ReLU6 of a vector, summed against g.
CLIPPED = """```derive
[sizes]
n = "units"
[inputs]
x = ["n"]
g = ["n"]
[define]
"M" = "Sum(g[i]*min(max(x[i], 0), 6), (i, 1, n))"
```
"""


def test_a_two_sided_indicator_of_a_vector_is_read_entry_by_entry(tmp_path) -> None:
    # a probe: course notes write ReLU6's and hard-tanh's masks as 1[0 < x < 6] of the whole vector, which was refused
    # ("cannot read a chained comparison") though 1[x > 0] ⊙ 1[x < 6] and the entry form were read
    claims = [r"\frac{\partial M}{\partial x} = g \odot \mathbb{1}[0 < x < 6]",
              r"\frac{\partial M}{\partial x} = g \odot \mathbb{1}[6 > x > 0]",
              r"\frac{\partial M}{\partial x} = g \odot \mathbb{1}[0 < x < 5]",
              r"\frac{\partial M}{\partial x} = g \odot \mathbb{1}[-6 < x < 0]"]
    assert note_verdicts(tmp_path, CLIPPED, *claims) == ["proved", "proved", "refuted", "refuted"]


def test_a_chain_of_a_vector_both_ways_round_stays_refused(tmp_path, capsys) -> None:
    assert_note_refused(tmp_path, capsys, CLIPPED, r"\frac{\partial M}{\partial x} = g \odot \mathbb{1}[0 < x > 6]",
                        "cannot read a chained comparison")


#: A VAE's standard deviation σ beside a logistic decoder.
SPREAD = """```derive
given = ["sigma > 0"]
[inputs]
sigma = []
a = []
[define]
"D" = "(sigma**2 - log(sigma**2) - 1)/2"
```
"""


def test_a_function_letter_declared_an_input_is_refused_before_brackets(tmp_path, capsys) -> None:
    # a probe: beside an input sigma, σ(a) + σ(−a) = 0 was proved (σ times a) and the sigmoid's true
    # d/da log σ(a) = 1 − σ(a) refuted, where \log \sigma(a) alone was refused as ambiguous already
    assert_note_refused(tmp_path, capsys, SPREAD, r"\sigma(a) + \sigma(-a) = 0",
                        r"cannot read \sigma(a) (\sigma names a quantity of the derive block here")
    assert note_verdicts(tmp_path, SPREAD, r"\frac{\partial D}{\partial \sigma} = \sigma - \frac{1}{\sigma}",
                         r"\operatorname{sigmoid}(a) + \operatorname{sigmoid}(-a) = 1",
                         r"\sigma \cdot (a) = a \sigma") == ["proved", "proved", "proved"]
    # brackets holding σ itself are the product a Student-t's σ(σ² + r²) means; a sum without σ is refused since
    # session 51 (the block's sigmoid may be written in a form not recognised: (1 + tanh(a/2))/2), but where the
    # block's logistic takes σ as its slope (RankNet: test_notes_probe51)
    assert note_verdicts(tmp_path, SPREAD, r"\sigma(\sigma + a) = \sigma^2 + \sigma a") == ["proved"]
    assert_note_refused(tmp_path, capsys, SPREAD, r"\sigma(a - 1) = \sigma a - \sigma", r"cannot read \sigma(a-1)")
    assert_note_refused(tmp_path, capsys, SPREAD, r"\sigma(-a) = -\sigma a", r"cannot read \sigma(-a)")
    # a re-probe: a power, a number or one term in the brackets, and σ mapped in [symbols], were still read as products
    for claim in (r"\sigma^2(a) + \sigma^2(-a) = 0", r"\sigma(1) + \sigma(-1) = 0", r"\sigma(2a) = 2 a \sigma",
                  r"\sigma \left( a \right) = \sigma a", r"\sigma[a] = \sigma a"):
        assert_note_refused(tmp_path, capsys, SPREAD, claim, "names a quantity of the derive block here")
    mapped = SPREAD.replace("sigma = []", "sd = []").replace('"sigma > 0"', '"sd > 0"').replace("sigma", "sd") \
        .replace("[define]", "[symbols]\n'\\sigma' = \"sd\"\n[define]")
    assert_note_refused(tmp_path, capsys, mapped, r"\sigma(a) + \sigma(-a) = 0", "names a quantity of the derive block")
    # a second re-probe: bold σ, σ{(a)}, σ\{a\}, σ^{-1}(a), and a sum in the brackets where the model has a sigmoid
    # of its own (a VAE's decoder: σ(2a + 1) is that sigmoid to its reader)
    for claim in (r"\boldsymbol{\sigma}(a) + \boldsymbol{\sigma}(-a) = 0", r"\sigma{(a)} = \sigma a",
                  r"\sigma\{a\} = \sigma a", r"\sigma^{-1}(a) = \frac{a}{\sigma}"):
        assert_note_refused(tmp_path, capsys, SPREAD, claim, "names a quantity of the derive block here")
    decoder = SPREAD.replace('"D" = ', '"p" = "sigmoid(2*a + 1)"\n"D" = ')
    assert_note_refused(tmp_path, capsys, decoder, r"\sigma(2 a + 1) + \sigma(-2 a - 1) = 0",
                        "names a quantity of the derive block here")
    # a third probe: brackets holding σ itself are the product (a VAE's ∂D/∂σ = σ(1 − 1/σ²)) where the model has no
    # sigmoid; beside one (σ(a + σ) may be it, a fourth probe) they are refused like any other
    assert note_verdicts(tmp_path, SPREAD, r"\frac{\partial D}{\partial \sigma} = \sigma\left(1 - \frac{1}{\sigma^2}\right)",
                         r"\frac{\partial D}{\partial \sigma} = \sigma\left(1 + \frac{1}{\sigma^2}\right)") \
        == ["proved", "refuted"]
    assert_note_refused(tmp_path, capsys, decoder,
                        r"\frac{\partial D}{\partial \sigma} = \sigma\left(1 - \frac{1}{\sigma^2}\right)",
                        "names a quantity of the derive block here")


def test_an_unbraced_font_argument_names_the_same_symbol_as_the_braced_one(tmp_path) -> None:
    # a probe: \mathcal J was looked up in [symbols] as \mathcalJ ("map it … like '\mathcalJ'", no TeX at all), so
    # neither the key '\mathcal{J}' nor '\mathcal J' served both spellings of one letter
    for key in (r"\mathcal{J}", r"\mathcal J"):
        head = ('```derive\n[sizes]\nd = "features"\n[inputs]\nw = ["d"]\n[define]\n"J" = "sum(w * w)"\n'
                f"[symbols]\n'{key}' = \"J\"\n```\n")
        assert note_verdicts(tmp_path, head, r"\frac{\partial \mathcal J}{\partial \mathbf{w}} = 2\mathbf{w}",
                             r"\nabla_{\mathbf{w}} \mathcal{J} = 2\mathbf{w}",
                             r"\frac{\partial \mathcal J}{\partial \mathbf w} = \mathbf{w}") == ["proved", "proved", "refuted"]


def test_an_entry_formula_against_a_whole_array_is_told_to_index_the_array(tmp_path, capsys) -> None:
    # a probe: ∇²L = Σ_n X_nj X_nk (the Hessian's entry written for the whole Hessian) was refused saying only that
    # a (d, d) side met a scalar; the entry at the same free indices is read and proved
    head = ('```derive\n[sizes]\nN = "samples"\nd = "features"\n[inputs]\nX = ["N", "d"]\nw = ["d"]\n[define]\n'
            '"L" = "sum((X @ w) * (X @ w)) / 2"\n```\n')
    assert_note_refused(tmp_path, capsys, head, r"\nabla^2_{\mathbf{w}} L = \sum_{n=1}^N X_{nj} X_{nk}",
                        "the right side is one entry, at its free indices j, k: write the other side's entry at "
                        "them too, (…)_{jk}")
    assert note_verdicts(tmp_path, head, r"(\nabla^2_{\mathbf{w}} L)_{jk} = \sum_{n=1}^N X_{nj} X_{nk}",
                         r"(\nabla^2_{\mathbf{w}} L)_{jk} = \sum_{n=1}^N X_{nj} X_{nj}") == ["proved", "refuted"]


LINEAR = ('```derive\n[sizes]\nn = "units"\nm = "inputs"\n[inputs]\nx = ["m"]\nW = ["n", "m"]\n[define]\n'
          '"z" = "W @ x"\n```\n')


def test_a_transposed_vector_in_a_derivative_is_refused_as_a_layout_naming_what_is_read(tmp_path, capsys) -> None:
    # a probe: ∂zᵀ/∂x was refused as "a derivative of (1, n) by (m,) would have 3 axes", and ∂z/∂xᵀ as
    # "cannot read \partial z^\top", naming z where the transpose was on x
    layout = "a transpose there picks a layout, which books disagree on; derive writes"
    assert_note_refused(tmp_path, capsys, LINEAR, r"\frac{\partial \mathbf{z}}{\partial \mathbf{x}^\top} = W",
                        r"cannot read \partial \mathbf{x}^\top (" + layout)
    assert_note_refused(tmp_path, capsys, LINEAR, r"\frac{\partial \mathbf{z}^\top}{\partial \mathbf{x}} = W^\top",
                        r"cannot read the derivative of a row (\partial z^\top) (" + layout)
    assert note_verdicts(tmp_path, LINEAR, r"\frac{\partial \mathbf{z}}{\partial \mathbf{x}} = W",
                         r"\frac{\partial \mathbf{z}}{\partial \mathbf{x}} = W^\top") == ["proved", "refuted"]


FOCAL = """```derive
given = ["gamma > 0", "y >= 0", "y <= 1", "pt > 0", "pt < 1"]
[inputs]
x = []
y = []
gamma = []
[symbols]
'p_t' = "pt"
[define]
"pt" = "y*sigmoid(x) + (1 - y)*(1 - sigmoid(x))"
"F" = "-(1 - pt)**gamma*log(pt)"
```
"""


def test_a_power_stands_on_one_minus_a_defined_quantity_given_below_one(tmp_path, capsys) -> None:
    # a probe: focal loss (1 − p_t)^γ with p_t defined and given p_t < 1 was refused ("a symbolic exponent needs a
    # base that is positive"), where the same bound on an input was used already
    assert note_verdicts(tmp_path, FOCAL, r"F = -(1 - p_t)^{\gamma} \log p_t",
                         r"F = -(1 - p_t)^{\gamma} \log (1 - p_t)") == ["proved", "refuted"]
    # without the bound the power stays refused
    p = tmp_path / "unbounded.md"
    p.write_text(FOCAL.replace(', "pt < 1"', "") + "\n$$\nF = -(1 - p_t)^{\\gamma} \\log p_t\n$$\n")
    assert_one_line_error(p, 11, "definition of F: exponent gamma is not allowed here", capsys)


def test_a_divergence_with_its_arguments_is_refused_saying_why(tmp_path, capsys) -> None:
    # a probe: D_KL(p ‖ q) was refused as "cannot read '\|' here"; read as an argument list, D(q ‖ p) would be D
    # itself whichever way round the block defines it, so it stays refused, with the reason and the fix
    head = ('```derive\n[sizes]\nn = "classes"\n[inputs]\nu = ["n"]\nv = ["n"]\n[define]\n'
            '"p[i]" = "exp(u[i]) / Sum(exp(u[k]), (k, 1, n))"\n"q[i]" = "exp(v[i]) / Sum(exp(v[k]), (k, 1, n))"\n'
            '"D" = "Sum(p[i]*log(p[i]/q[i]), (i, 1, n))"\n```\n')
    for written in (r"p \,\|\, q", r"q \Vert p", "p || q"):
        assert_note_refused(tmp_path, capsys, head, rf"\frac{{\partial D_{{\mathrm{{KL}}}}({written})}}{{\partial v_j}} = q_j - p_j",
                            "a divergence's two arguments: their order is its meaning")
    assert note_verdicts(tmp_path, head, r"\frac{\partial D}{\partial v_j} = q_j - p_j",
                         r"\frac{\partial \lVert v \rVert^2}{\partial v_j} = 2 v_j") == ["proved", "proved"]


#: The softmax classifier with no given on y.
UNGIVEN = """```derive
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


def test_a_hypothesis_on_the_labels_told_in_words_is_refused_not_dropped(tmp_path, capsys) -> None:
    # a probe: "\text{if } y \text{ is one-hot}" was dropped as prose and the right s − y refuted at a y summing to 0.88
    claim = r"\frac{\partial L}{\partial z_j} = s_j - y_j \quad "
    for words in (r"\text{if } y \text{ is one-hot}", r"\text{for one-hot $y$}", r"\text{if } y \text{ sums to } 1",
                  r"\text{assuming the labels add up to one}", r"\text{when } y \text{ is a probability vector}",
                  r"\text{since the labels sum to one}", r"\text{(one-hot labels)}", r"\text{given that } y \text{ is a distribution}",
                  r"\text{where } y \text{ is one-hot}", r"\text{with one-hot } y", r"\text{if } y \text{ is normalized}",
                  r"\text{when the labels are hard}", r"\text{if } y \text{ lies on the simplex}",
                  r"\text{given normalised labels}", r"\text{(normalised targets)}", r"\text{for a target distribution } y"):
        assert_note_refused(tmp_path, capsys, UNGIVEN, claim + words, "(a condition told in words: write it in math")
    assert note_verdicts(tmp_path, UNGIVEN, claim + r"\text{if } \sum_i y_i = 1", claim + r"\text{for all } j") == \
        ["proved", "refuted"]
    # a re-probe: remarks that describe, after where/with, are no hypothesis
    for words in (r"\text{where } s \text{ is the predicted probability}",
                  r"\text{with } s = \operatorname{softmax}(z) \text{, a probability vector}", r"\text{by symmetry}",
                  r"\text{for a Gaussian distribution}", r"\text{for the normalised loss}", r"\text{(a probability vector)}"):
        assert note_verdicts(tmp_path, UNGIVEN, claim + words) == ["refuted"]


def test_sigma_of_a_vector_at_an_entry_is_refused_as_softmax_or_sigmoid(tmp_path, capsys) -> None:
    # a probe: Wikipedia's softmax s_i = σ(z)_i = e^{z_i}/Σ_j e^{z_j} was refuted, σ read as the sigmoid entry by entry
    head = UNGIVEN
    assert_note_refused(tmp_path, capsys, head, r"s_i = \sigma(\mathbf{z})_i = \frac{e^{z_i}}{\sum_{j=1}^{n} e^{z_j}}",
                        r"(ambiguous: the softmax's entry, as Wikipedia writes it, or the sigmoid's")
    assert note_verdicts(tmp_path, head, r"s_i = \operatorname{softmax}(\mathbf{z})_i",
                         r"\sigma(z_i) = \frac{1}{1 + e^{-z_i}}", r"(\sigma(z) \odot z)_i = \sigma(z_i) z_i") \
        == ["proved", "proved", "proved"]
    # a re-probe: the same in brackets of its own was still read as the sigmoid, and the softmax refuted
    for written in (r"(\sigma(z))_i", r"\left(\sigma(\mathbf{z})\right)_i", r"[\sigma(z)]_i", r"\big(\sigma(z)\big)_i"):
        assert_note_refused(tmp_path, capsys, head, f"s_i = {written}", "(ambiguous: the softmax's entry")


def test_a_minus_sign_dot_and_cross_pasted_as_characters_are_read(tmp_path) -> None:
    # a probe: (x − 1)² with U+2212, as a PDF or web page gives it, was refused; ≤ ≥ ≠ were read already
    head = "```derive\n[inputs]\nx = []\n```\n"
    assert note_verdicts(tmp_path, head, "(x − 1)^2 = x^2 − 2 x + 1", "x · x = x × x ⋅ 1",
                         "(x − 1)^2 = x^2 − x + 1") == ["proved", "proved", "refuted"]


def test_sigma_of_an_expression_holding_an_entry_of_brackets_is_the_sigmoid(tmp_path) -> None:
    # the first version took σ(c_j + (W v)_j) (an RBM's conditional, tests/outside) for σ(…)_j and refused it
    head = ('```derive\n[sizes]\nn = "h"\nm = "v"\n[inputs]\nW = ["n", "m"]\nv = ["m"]\nc = ["n"]\n```\n')
    assert note_verdicts(tmp_path, head, r"\sigma(c_j + (W v)_j) = \frac{1}{1 + e^{-c_j - (W v)_j}}",
                         r"\sigma(c_j + (W v)_j) = \frac{1}{1 + e^{c_j + (W v)_j}}") == ["proved", "refuted"]


LSTM_GATE = """```derive
[sizes]
n = "hidden"
m = "inputs"
[inputs]
x = ["m"]
h = ["n"]
Wi = ["n", "m"]
Ui = ["n", "n"]
bi = ["n"]
g = ["n"]
[define]
"ig" = "sigmoid(Wi @ x + Ui @ h + bi)"
"E" = "sum(g * ig)"
[symbols]
'W_i' = "Wi"
'U_i' = "Ui"
'b_i' = "bi"
'x_t' = "x"
'h_{t-1}' = "h"
'i_t' = "ig"
```
"""


def test_an_lstm_gates_subscripted_names_map_beside_a_definition_in_matrix_notation(tmp_path) -> None:
    # a re-probe: 'W_i' = "Wi" was refused ("map the symbol without subscripts") for the i of derive's own indices
    # of a matrix-notation definition, which the note never wrote
    assert note_verdicts(tmp_path, LSTM_GATE, r"i_t = \sigma(W_i x_t + U_i h_{t-1} + b_i)",
                         r"i_t = \sigma(W_i x_t + U_i h_{t-1} - b_i)") == ["proved", "refuted"]


def test_a_sum_over_observed_pairs_is_refused_saying_what_each_reading_sums(tmp_path, capsys) -> None:
    # a probe: a recommender's Σ_{(u,i)} was refused with "a summation index is one letter" alone
    head = '```derive\n[sizes]\nU = "users"\nI = "items"\n[inputs]\nR = ["U", "I"]\n[define]\n"L" = "sum(R)"\n```\n'
    assert_note_refused(tmp_path, capsys, head, r"L = \sum_{(u,i)} R_{ui}",
                        r"\sum_{u,i} sums over every pair; over the observed pairs only, weigh each term")
    assert note_verdicts(tmp_path, head, r"L = \sum_{u,i} R_{ui}") == ["proved"]


def test_a_condition_in_words_in_parentheses_is_refused_and_sigma_of_its_own_sum_with_a_sigmoid_model(tmp_path, capsys):
    # a fourth probe: "(off-diagonal)" and "(positive inputs)" were dropped and the right claims refuted; beside an input
    # σ and p = sigmoid(a + sigma), σ(a + σ) = σa + σ² was proved, σ(a + σ) read as a product
    head = ('```derive\n[sizes]\nn = "classes"\n[inputs]\nz = ["n"]\n[define]\n'
            '"s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"\n```\n')
    assert_note_refused(tmp_path, capsys, head, r"\frac{\partial s_i}{\partial z_j} = -s_i s_j \quad \text{(off-diagonal)}",
                        "a condition told in words")
    assert_note_refused(tmp_path, capsys, "```derive\n[inputs]\nx = []\n```\n", r"|x| = x \quad \text{(positive inputs)}",
                        "a condition told in words")
    model = SPREAD.replace('"D" = ', '"p" = "sigmoid(a + sigma)"\n"D" = ')
    assert_note_refused(tmp_path, capsys, model, r"\sigma(a + \sigma) = \sigma a + \sigma^2",
                        "names a quantity of the derive block here")
