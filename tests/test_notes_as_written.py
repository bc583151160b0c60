"""Notes as people type them, found by transcribing textbook and documentation derivations.

- ``\\sum_k x_k - x_k z_k`` (TensorFlow's sigmoid cross-entropy, lecture notes' losses): the later
  terms that use the sum's index are its summand's, as the writer means; read strictly, their k
  was free on one side only and the claim was refuted at k = 1.  A k free elsewhere in the
  equation, brackets around the summand, or a later term with no k end the summand as written.
- ``z_k \\cdot -\\log(s_k)``: a sign right after a product operator.
- ``\\frac{1}{2} a^2, & |a| \\le 1``: a comma after a case's value (Wikipedia's Huber loss).
- ``\\mathbf{1}_{i = c}``: the indicator, as ``\\mathbb{1}_{i = c}`` (the Deep Learning book).
"""
from __future__ import annotations

import pytest
import sympy as sp
from sympy import IndexedBase, Sum, Symbol

from derive.documents.load import load_any
from derive.indexcalc import index

from _oneline import assert_one_line_error
from _checking import checked, loaded

HEAD = r"""# Notes

```derive
[sizes]
K = "labels"
[inputs]
x = ["K"]
z = ["K"]
y = ["K"]
W = ["K", "K"]
a = []
[labels]
c = "K"
[define]
"L" = "Sum(x[k] - x[k]*z[k], (k, 1, K))"
"M" = "Sum(Sum(W[i, j] + x[i]*y[j], (j, 1, K)), (i, 1, K))"
"H" = "where(abs(a) <= 1, a**2/2, abs(a) - 1/2)"
"s[i]" = "exp(z[i]) / Sum(exp(z[q]), (q, 1, K))"
"E" = "-log(s[c])"
```
"""

K = Symbol("K", integer=True, positive=True)
k = index("k")
x = IndexedBase("x", real=True)


def _checked(tmp_path, head: str, *equations: str) -> list:
    """The results of notes made of ``head`` (a derive block) and one display block per equation."""
    p = tmp_path / "notes.md"
    p.write_text(head + "".join(f"\n$$\n{eq}\n$$\n" for eq in equations))
    (f,) = loaded(p)
    return checked(f, 60)


def _verdicts(tmp_path, *equations: str, head: str = HEAD) -> dict[str, str]:
    return {c.name: c.verdict for c in _checked(tmp_path, head, *equations)}


@pytest.mark.parametrize("equation, verdict", [
    (r"L = \sum_k x_k - x_k z_k", "proved"),
    (r"L = \sum_k x_k \cdot (1 - z_k)", "proved"),
    (r"L = \sum_{k=1}^{K} x^{(k)} - x^{(k)} z^{(k)}", "proved"),  # CS229's example index, y^{(i)} log h^{(i)} + …
    (r"L = -\frac{1}{2} \sum_{k=1}^{K} -2 x_k + 2 x_k z_k", "proved"),  # the factor before Σ takes every term
    (r"\sum_k x_k + y_k = \sum_k y_k + x_k", "proved"),  # both sides
    (r"L + a = \sum_k x_k - x_k z_k + a", "proved"),  # a has no k: outside the sum (inside, it were K a)
    (r"M = \sum_i \sum_j W_{ij} + x_i y_j", "proved"),  # the innermost sum of a chain takes them
    # ... those that use its index; the next one out those that use its own: Σ_i (Σ_j W_ij + x_i)
    (r"\sum_i \left( x_i + \sum_j W_{ij} \right) = \sum_i \sum_j W_{ij} + x_i", "proved"),
    (r"\sum_i \sum_j \left( W_{ij} + x_i \right) = \sum_i \sum_j W_{ij} + x_i", "refuted"),
    (r"\sum_i \left( x_i + \sum_j (W_{ij} + z_j) \right) = \sum_i \sum_j W_{ij} + z_j + x_i", "proved"),
    # a function before the sum takes the sum, and the sum its factor: the later x_k is no summand's
    (r"\log \sum_k \left( e^{x_k} - x_k \right) = \log \sum_k e^{x_k} - x_k", "refuted"),
    (r"\log \sum_k \left( e^{x_k} - x_k \right) = \log \left( \sum_k e^{x_k} - x_k \right)", "proved"),
    # a later sum is one of its own (inside, it were K Σ_k y_k), and takes its own later terms
    (r"L + \sum_k \left( y_k + z_k \right) = \sum_k x_k - x_k z_k + \sum_k y_k + z_k", "proved"),
    (r"L = \sum_k x_k + x_k z_k", "refuted"),
    (r"L = \sum_k x_k - x_k - x_k z_k", "refuted"),
])
def test_a_sum_takes_the_later_terms_that_use_its_index(tmp_path, equation: str, verdict: str) -> None:
    assert _verdicts(tmp_path, equation) == {equation: verdict}


@pytest.mark.parametrize("equation, read", [
    # k is free on the left: the equation is about each k, so the sum ends where it is written
    (r"x_k = \sum_k x_k + x_k", Sum(x[k], (k, 1, K)) + x[k]),
    # brackets close the summand
    (r"L = \sum_k \left( x_k \right) - x_k", Sum(x[k], (k, 1, K)) - x[k]),
    # a product's factors stay as written (∏_k x_k − x_k: no reading of products takes the later terms)
    (r"L = \prod_{k=1}^{K} x_k - x_k", sp.Product(x[k], (k, 1, K)) - x[k]),
])
def test_a_sum_ends_as_written_where_its_index_is_free_or_bracketed(tmp_path, equation: str, read) -> None:
    p = tmp_path / "notes.md"
    p.write_text(HEAD + f"\n$$\n{equation}\n$$\n")
    (claim,) = load_any(p, None)[0].claims
    assert sp.simplify(claim.rhs - read) == 0


def test_a_sign_after_a_product_operator_negates_the_product(tmp_path) -> None:
    equations = (r"L = \sum_k x_k + x_k \cdot -z_k", r"a \cdot -a = -a^2", r"a / -2 = -\frac{a}{2}",
                 r"a \cdot -a = a^2", r"a \times - - a = a^2")
    assert _verdicts(tmp_path, *equations) == dict(zip(equations, ["proved", "proved", "proved", "refuted", "proved"]))


def test_a_comma_after_a_cases_value(tmp_path) -> None:
    equations = (r"H = \begin{cases} \frac{1}{2} a^2, & |a| \le 1 \\ |a| - \frac{1}{2}, & \text{otherwise} \end{cases}",
                 r"H = \begin{cases} a^2, & |a| \le 1, \\ |a| - \frac{1}{2}, & \text{otherwise.} \end{cases}")
    assert _verdicts(tmp_path, *equations) == dict(zip(equations, ["proved", "refuted"]))


def test_a_bold_one_with_a_condition_is_the_indicator(tmp_path) -> None:
    equations = (r"\frac{\partial E}{\partial z_i} = s_i - \mathbf{1}_{i = c}",
                 r"\frac{\partial E}{\partial z_i} = s_i - \boldsymbol{1}_{c = i}",
                 r"\frac{\partial E}{\partial z_i} = s_i - \mathbf{1}[i = c]",
                 r"\frac{\partial E}{\partial z_i} = s_i + \mathbf{1}_{i = c}",
                 r"\frac{\partial E}{\partial z_i} = s_i + \mathbf{1}[c = i]",
                 r"\mathbf{1}^\top z = \sum_k z_k")  # bare, still the vector of ones
    assert _verdicts(tmp_path, *equations) == dict(zip(equations, ["proved"] * 3 + ["refuted"] * 2 + ["proved"]))


def test_a_gradient_operator_with_nothing_to_take_says_how_a_hessian_is_written(tmp_path, capsys) -> None:
    text = HEAD + "\n$$\n\\nabla_{x} \\nabla_{x}^\\top L = 0\n$$\n"
    p = tmp_path / "hessian.md"
    p.write_text(text)
    assert_one_line_error(p, text.count("\n") - 1, r"a Hessian is written \nabla^2_{w} f", capsys)


#: Bishop's least squares through basis functions: a row of a design matrix, bold or mapped from a Greek letter.
DESIGN = r"""# Least squares

```derive
[sizes]
N = "examples"
M = "basis functions"
[inputs]
Phi = ["N", "M"]
X = ["N", "M"]
t = ["N"]
w = ["M"]
[symbols]
'\phi' = "Phi"
[define]
"E" = "Sum((t[n] - Sum(w[j]*Phi[n, j], (j, 1, M)))**2, (n, 1, N)) / 2"
"F" = "Sum((t[n] - Sum(w[j]*X[n, j], (j, 1, M)))**2, (n, 1, N)) / 2"
```
"""


@pytest.mark.parametrize("equation, verdict", [
    (r"F = \frac{1}{2} \sum_{n=1}^{N} \left( t_n - w^\top X^{(n)} \right)^2", "proved"),
    (r"F = \frac{1}{2} \sum_{n=1}^{N} \left( t_n - \mathbf{w}^\top \mathbf{X}^{(n)} \right)^2", "proved"),
    (r"E = \frac{1}{2} \sum_{n=1}^{N} \left( t_n - \mathbf{w}^\top \boldsymbol{\phi}^{(n)} \right)^2", "proved"),
    (r"E = \frac{1}{2} \sum_{n=1}^{N} \left( t_n - \mathbf{w}^\top \phi^{(n)} \right)^2", "proved"),
    (r"E = \sum_{n=1}^{N} \left( t_n - \mathbf{w}^\top \boldsymbol{\phi}^{(n)} \right)^2", "refuted"),
    # a numbered example, as CS229's x^{(1)}: no power (t^{(2)} was t ⊙ t)
    (r"t^{(1)} - w^\top X^{(1)} = t_1 - \sum_j w_j X_{1j}", "proved"),
    (r"t^{(1)} = t_1^2", "refuted"),
])
def test_a_bold_or_mapped_matrix_with_an_example_index_is_its_row(tmp_path, equation: str, verdict: str) -> None:
    assert _verdicts(tmp_path, equation, head=DESIGN) == {equation: verdict}


def test_a_likelihood_written_with_a_bar_is_the_scalar_it_names(tmp_path) -> None:
    """PRML (3.11): ln p(t | w, β), the bar written \\mid, as a comma between what p depends on."""
    head = DESIGN.replace('"F" =', '"p" = "exp(N/2*log(beta) - beta*E)"\n"F" =').replace(
        "w = [\"M\"]", "w = [\"M\"]\nbeta = []").replace("[symbols]", "[symbols]\n'\\beta' = \"beta\"\n'E_D' = \"E\"")
    right = r"\frac{N}{2} \ln \beta - \beta E_D(\mathbf{w})"
    equations = (rf"\ln p(\mathbf{{t}} \mid \mathbf{{w}}, \beta) = {right}",
                 rf"\ln p(\mathbf{{t}} \mid \mathbf{{w}}, \beta) = {right} + 1")
    head = head.replace("```derive\n", "```derive\ngiven = [\"beta > 0\"]\n")
    assert _verdicts(tmp_path, *equations, head=head) == dict(zip(equations, ["proved", "refuted"]))


#: The tutorial's three classes and three features, every weight written out (examples/softmax_notes.md).
FIXED = r"""# Three by three

```derive
[sizes]
n = 3
m = 3
[inputs]
x = ["m"]
W = ["n", "m"]
[define]
"z[i]" = "Sum(W[i, k]*x[k], (k, 1, m))"
"s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"
```
"""


def test_sums_over_fixed_sizes_meet_their_terms_written_out(tmp_path) -> None:
    equations = (r"z_1 = w_{11} x_1 + w_{12} x_2 + w_{13} x_3",
                 r"s_1 = \frac{e^{z_1}}{e^{z_1} + e^{z_2} + e^{z_3}}",
                 r"\sum_{i=1}^{3} s_i = 1",
                 r"z_1 = w_{11} x_1 + w_{21} x_2 + w_{31} x_3",
                 r"s_1 = \frac{e^{z_1}}{e^{z_2} + e^{z_3}}")
    results = _checked(tmp_path, FIXED, *equations)
    assert [c.verdict for c in results] == ["proved"] * 3 + ["refuted"] * 2
    assert "written out term by term" in results[0].method


def test_nested_sums_over_fixed_sizes_are_written_out_outermost_first(tmp_path) -> None:
    """Σ_{i<j} W_ij at n = 3: the inner range reads i, so it is fixed only once the outer sum is written out."""
    head = '```derive\n[sizes]\nn = 3\n[inputs]\nW = ["n", "n"]\nv = ["n"]\n```\n'
    equations = (r"\sum_{i<j} W_{ij} = W_{12} + W_{13} + W_{23}", r"\sum_{i=1}^{3} \sum_{j=1}^{i} v_j = 3 v_1 + 2 v_2 + v_3",
                 r"\sum_{i<j} W_{ij} = W_{12} + W_{13} + W_{32}", r"\sum_{i=1}^{3} \sum_{j=1}^{i} v_j = 3 v_1 + 2 v_2 + 2 v_3")
    assert [c.verdict for c in _checked(tmp_path, head, *equations)] == ["proved"] * 2 + ["refuted"] * 2


def test_an_empty_upper_limit_and_a_dot_product_of_length_one(tmp_path, capsys) -> None:
    """Found by fuzzing the readers: both stopped loading with 'FILE:0: internal error while loading'."""
    head = '```derive\n[sizes]\nd = 1\n[inputs]\nv = ["d"]\n[define]\n"L" = "Sum(v[i], (i, 1, d))"\n```\n'
    empty = head + "\n$$\n\\sum_{i=1}^{} v_i = 0\n$$\n"
    p = tmp_path / "empty.md"
    p.write_text(empty)
    assert_one_line_error(p, empty.count("\n") - 1, "the upper limit is empty", capsys)
    dots = (r"L = \nabla_{v} L \cdot v", r"L = 2 \nabla_{v} L \cdot v")
    assert [c.verdict for c in _checked(tmp_path, head, *dots)] == ["proved", "refuted"]


#: TensorFlow's sigmoid cross-entropy with logits x and labels z, as its documentation derives the stable form.
SIGMOID_CE = r"""# Sigmoid cross-entropy

```derive
[sizes]
K = "labels"
[inputs]
x = ["K"]
z = ["K"]
[define]
"L" = "Sum(-z[k]*log(sigmoid(x[k])) - (1 - z[k])*log(1 - sigmoid(x[k])), (k, 1, K))"
```
"""


def test_a_kink_inside_a_sum_over_every_label_is_split_term_by_term(tmp_path) -> None:
    """max(x_k, 0) and |x_k| move with k, so no case split of the whole sum holds; each term's does."""
    equations = (r"L = \sum_k \max(x_k, 0) - x_k z_k + \log(1 + \exp(-|x_k|))",
                 r"L = \sum_k \max(x_k, 0) - x_k z_k + \log(1 + \exp(-x_k))",
                 r"L = \sum_k \max(x_k, 0) + x_k z_k + \log(1 + \exp(-|x_k|))")
    results = _checked(tmp_path, SIGMOID_CE, *equations)
    assert [c.verdict for c in results] == ["proved", "refuted", "refuted"]
    assert "almost everywhere" in results[0].method


def test_the_basis_vector_at_a_label_is_its_one_hot_vector(tmp_path) -> None:
    """The DL book's ∇_z L = s − e_c: e at a label is the basis vector there, as long as what it meets."""
    equations = (r"\nabla_{z} E = s - e_c", r"\nabla_{\mathbf{z}} E = \mathbf{s} - \mathbf{e}_{c}",
                 r"e_c^\top s = s_c", r"\nabla_{z} E = s + \boldsymbol{e}_c", r"e_c^\top s = s_1")
    assert _verdicts(tmp_path, *equations) == dict(zip(equations, ["proved"] * 3 + ["refuted"] * 2))


def test_the_basis_vector_at_a_label_mapped_in_symbols_is_its_one_hot_vector(tmp_path) -> None:
    # a probe (min-char-rnn's second step): e_{c_2} with 'c_2' = "c2" was "unknown symbol 'e'"
    head = ('```derive\n[sizes]\nV = "classes"\n[inputs]\ny2 = ["V"]\n[labels]\nc2 = "V"\n[define]\n'
            '"p2" = "softmax(y2)"\n"L" = "-log(p2[c2])"\n[symbols]\n\'y_2\' = "y2"\n\'p_2\' = "p2"\n'
            '\'c_2\' = "c2"\n```\n')
    equations = (r"\frac{\partial L}{\partial y_2} = p_2 - e_{c_2}", r"\frac{\partial L}{\partial y_2} = p_2 + e_{c_2}")
    assert [c.verdict for c in _checked(tmp_path, head, *equations)] == ["proved", "refuted"]


def test_a_kink_at_an_argument_that_is_zero_up_to_rounding_is_not_a_counterexample(tmp_path) -> None:
    """sign(tanh a − 2σ(2a) + 1) is sign(0): at 50 digits the argument is ~1e-50, and its sign was taken as a
    counterexample (lhs = 1, rhs = 0) to a true claim.  A kink's argument cancelled to rounding is on the kink."""
    head = '```derive\n[sizes]\nK = "labels"\n[inputs]\na = []\nx = ["K"]\n```\n'
    equations = (r"\operatorname{sign}(\tanh(a) - 2\sigma(2 a) + 1) = 0",
                 r"\sum_k \operatorname{sign}(\sigma(x_k) + \sigma(-x_k) - 1) = 0",
                 r"\operatorname{sign}(\tanh(a) - 2\sigma(2 a) + 1.5) = 0")
    assert [c.verdict for c in _checked(tmp_path, head, *equations)] == ["unproved", "unproved", "refuted"]


#: Gradient descent on one parameter, and Huber's loss with its influence function ψ = L_δ' (Huber 1964).
PRIMED = r"""# One parameter

```derive
given = ["dl > 0"]
[inputs]
theta = []
a = []
dl = []
[define]
"J" = "(theta - 3)**2"
"Ld(a)" = "where(abs(a) <= dl, a**2/2, dl*(abs(a) - dl/2))"
[symbols]
'\theta' = "theta"
'\delta' = "dl"
'L_\delta' = "Ld"
```
"""


def test_a_prime_on_a_defined_scalar_is_its_derivative_by_what_follows(tmp_path, capsys) -> None:
    equations = (r"J'(\theta) = 2 (\theta - 3)", r"J''(\theta) = 2", r"L_\delta'(a) = \operatorname{clip}(a, -\delta, \delta)",
                 r"J'(\theta) = 2 \theta", r"L_\delta'(a) = \operatorname{clip}(a, -1, 1)")
    assert [c.verdict for c in _checked(tmp_path, PRIMED, *equations)] == ["proved"] * 3 + ["refuted"] * 2
    bare = PRIMED + "\n$$\nJ' = 2\n$$\n"
    p = tmp_path / "bare.md"
    p.write_text(bare)
    assert_one_line_error(p, bare.count("\n") - 1, "write what it is the derivative by", capsys)


def test_a_primed_letter_is_an_index_of_its_own(tmp_path):
    # Murphy (3.74) sums the normaliser over c' beside the class c: \sum_{c'} e^{b_{c'}}.
    head = HEAD.replace("[define]", '[define]\n"S[c]" = "exp(x[c]) / Sum(exp(x[k]), (k, 1, K))"').replace(
        "[labels]\nc = \"K\"\n", "")
    head = head.replace('"E" = "-log(s[c])"\n', "")
    got = _verdicts(tmp_path, r"S_c = \frac{e^{x_c}}{\sum_{c'} e^{x_{c'}}}",
                    r"S_c = \frac{e^{x_c}}{\sum_{c''=1}^{K} e^{x_{c}}}", head=head)
    assert list(got.values()) == ["proved", "refuted"]


@pytest.mark.parametrize("equation, verdict", [
    # CS229 numbers a second example i' beside i: x^{(i')} is its row, an index of its own
    (r"\sum_{i=1}^{K} \sum_{i'=1}^{K} W^{(i)}_{j} W^{(i')}_{j} = \left( \sum_{i=1}^{K} W_{ij} \right)^2", "proved"),
    (r"\sum_{i=1}^{K} \sum_{i'=1}^{K} W^{(i)}_{j} W^{(i')}_{j} = \sum_{i=1}^{K} W_{ij}^2", "refuted"),
    (r"\sum_{i''=1}^{K} x^{(i'')} = \sum_{k=1}^{K} x_k", "proved"),
])
def test_a_primed_example_number_is_an_index_of_its_own(tmp_path, equation: str, verdict: str) -> None:
    assert _verdicts(tmp_path, equation) == {equation: verdict}


@pytest.mark.parametrize("equation, verdict", [
    # ArcFace / CosFace write the normaliser's other classes with the range and the skipped term together
    (r"\sum_{j=1, j \neq c}^{K} e^{z_j} + e^{z_c} = \sum_{k=1}^{K} e^{z_k}", "proved"),
    (r"\sum_{\substack{j=1 \\ j\neq c}}^{K} e^{z_j} = \sum_{j \ne c} e^{z_j}", "proved"),
    (r"\sum_{j \neq c, j=1}^{K} z_j = \sum_{k=1}^{K} z_k", "refuted"),
    (r"\prod_{j=1, j \ne c}^{K} z_j = \prod_{k \ne c} z_k", "proved"),
])
def test_a_range_that_skips_a_term_is_read_with_its_limits(tmp_path, equation: str, verdict: str) -> None:
    assert _verdicts(tmp_path, equation) == {equation: verdict}


@pytest.mark.parametrize("equation, verdict", [
    # CS229's SVM dual and GloVe write a double sum with one range for both indices
    (r"\sum_{i,j=1}^{K} W_{ij} + x_i y_j = M", "proved"),
    (r"\sum_{i, j = 1}^{K} x_i y_j = \sum_{i=1}^{K} x_i \sum_{j=1}^{K} y_j", "proved"),
    (r"\sum_{i,j,k=1}^{K} x_i y_j z_k = \sum_{i=1}^{K} x_i \sum_{j=1}^{K} y_j \sum_{k=1}^{K} z_k", "proved"),
    (r"\sum_{i,j=1}^{K} x_i y_j = \sum_{i=1}^{K} x_i y_i", "refuted"),  # the off-diagonal terms dropped
    (r"\sum_{i,j=2}^{K} W_{ij} = \sum_{i=2}^{K} \sum_{j=1}^{K} W_{ij}", "refuted"),  # j too starts at 2
    (r"\sum_{i,j=2}^{K} W_{ij} = \sum_{i=2}^{K} \sum_{j=2}^{K} W_{ij}", "proved"),  # both from the same lower limit
    # each with its own lower limit, the upper one shared
    (r"\sum_{i=1, j=1}^{K} x_i y_j = \sum_{i=1}^{K} x_i \sum_{j=1}^{K} y_j", "proved"),
    (r"\sum_{i=2, j=1}^{K} W_{ij} = \sum_{i=2}^{K} \sum_{j=1}^{K} W_{ij}", "proved"),
    (r"\sum_{i=2, j=1}^{K} W_{ij} = \sum_{i=1}^{K} \sum_{j=2}^{K} W_{ij}", "refuted"),
])
def test_indices_listed_before_one_range_all_run_over_it(tmp_path, equation: str, verdict: str) -> None:
    assert _verdicts(tmp_path, equation) == {equation: verdict}


@pytest.mark.parametrize("written, fragment", [
    (r"\sum_{i,i=1}^{K} x_i", "each index under \\sum once"),
    (r"\sum_{i,j \ne c}^{K} x_i", "an upper limit needs exactly one index, or several sharing it"),
    (r"\sum_{i,K=1}^{K} x_i", "K is a quantity or size, not a summation index"),
])
def test_a_shared_range_written_wrong_is_a_one_line_error(tmp_path, capsys, written: str, fragment: str) -> None:
    p = tmp_path / "bad.md"
    p.write_text(HEAD + f"\n$$ {written} = 0 $$\n")
    assert_one_line_error(p, HEAD.count("\n") + 2, fragment, capsys)


def test_a_margin_at_the_label_inside_an_exponential_is_proved_term_by_term(tmp_path) -> None:
    # ArcFace's and CosFace's logit with the margin at the label only: the sum's term at c written apart
    head = HEAD.replace("[define]", '[define]\n"Z" = "Sum(exp(z[k] - a*delta(k, c)), (k, 1, K))"')
    got = _verdicts(tmp_path, r"Z = e^{z_c - a} + \sum_{j \neq c} e^{z_j}", r"Z = e^{z_c} + \sum_{j \neq c} e^{z_j}",
                    head=head)
    assert list(got.values()) == ["proved", "refuted"]


def test_step_is_read_by_its_file_name_too(tmp_path) -> None:
    got = _verdicts(tmp_path, r"\operatorname{step}(a) + \operatorname{Heaviside}(-a) = 1")
    assert list(got.values()) == ["proved"]


def test_a_label_indexing_an_axis_of_another_size_is_a_one_line_error(tmp_path, capsys) -> None:
    # e is a d-vector, t a label over 1..N: e_t reads no entry for t > d (the file format refuses e[t] too)
    text = ("# t\n\n```derive\n[sizes]\nN = \"words\"\nd = \"width\"\n[inputs]\ne = [\"d\"]\n[labels]\nt = \"N\"\n"
            "[define]\n\"r\" = \"Sum(e[k], (k, 1, d))\"\n```\n\n$$\nr = e_t\n$$\n")
    (tmp_path / "t.md").write_text(text)
    assert_one_line_error(tmp_path / "t.md", 16, "label t runs over 1..N but indexes e axis 1 (size d)", capsys)


TANH = """# tanh squared of a matrix

```derive
[sizes]
N = "rows"
H = "units"
[inputs]
Z = ["N", "H"]
[define]
"A[i, j]" = "tanh(Z[i, j])"
```
"""


def test_a_functions_power_of_a_matrix_is_entrywise(tmp_path) -> None:
    # Britz's two-layer net writes (1 - \tanh^2 z_1) of a batch matrix; it was refused as an ambiguous matrix power
    got = _checked(tmp_path, TANH, r"1 - \tanh^2 Z = 1 - A \odot A", r"1 - \tanh^2(Z) = 1 - A")
    assert [c.verdict for c in got] == ["proved", "refuted"]


def test_an_entrywise_product_before_a_matrix_product_is_read_only_where_the_shapes_decide(tmp_path, capsys) -> None:
    # a probe: Britz's (1 - \tanh^2 z_1) \circ \delta_3 W_2^\top, proved with W_2 of H×C, was refuted with a square
    # W_2, read there as ((1 - a²) ∘ δ₃) W₂ᵀ; where both groupings fit, the note must say which
    head = TANH.replace('Z = ["N", "H"]', 'Z = ["N", "H"]\nG = ["N", "C"]\nV = ["H", "C"]\nW = ["H", "H"]\nD = ["N", "H"]')
    head = head.replace('H = "units"', 'H = "units"\nC = "classes"')
    got = _checked(tmp_path, head, r"(1 - \tanh^2 Z) \circ G V^\top = (1 - A \odot A) \odot (G V^\top)",
                   r"D \odot (D W^\top) = D \odot (D W^\top)", r"(D \odot D) W^\top = (D \odot D) W^\top")
    assert [c.verdict for c in got] == ["proved", "proved", "proved"]
    p = tmp_path / "square.md"
    p.write_text(head + "\n$$\nD \\odot D W^\\top = D \\odot (D W^\\top)\n$$\n")
    assert_one_line_error(p, head.count("\n") + 3, "cannot read \\odot (ambiguous: more than one of (a \\odot B) c, a \\odot (B c)",
                          capsys)


TAGGED = r"""# the weight gradient of one recurrent step (Goodfellow et al. 10.2.2 write h^{(t-1)\top})

```derive
[sizes]
n = "hidden"
[inputs]
h0 = ["n"]
g = ["n"]
W = ["n", "n"]
[define]
"a[i]" = "Sum(W[i, k]*h0[k], (k, 1, n))"
"L" = "Sum(g[i]*a[i], (i, 1, n))"
[symbols]
'h^{(0)}' = "h0"
```
"""


def test_a_tagged_name_transposed_in_one_superscript(tmp_path) -> None:
    # h^{(0)\top} with 'h^{(0)}' mapped said "unknown symbol 'h'"
    got = _checked(tmp_path, TAGGED, r"\nabla_W L = g\, h^{(0)\top}", r"\nabla_W L = h^{(0)}\, g^\top",
                   r"\nabla_W L = g\, h^{(0)^\top}")
    assert [c.verdict for c in got] == ["proved", "refuted", "proved"]


COOKBOOK = """# The Matrix Cookbook, section 2.4

```derive
[sizes]
n = "n"
[inputs]
x = ["n"]
a = ["n"]
A = ["n", "n"]
w = []
u = []
```
"""


@pytest.mark.parametrize("equation, verdict", [
    # ∂ in a fraction's numerator takes the whole product after it, as the Cookbook writes (69), (81), (97)
    (r"\frac{\partial x^\top a}{\partial x} = a", "proved"),
    (r"\frac{\partial a^\top x}{\partial x} = a", "proved"),
    (r"\frac{\partial x^\top A x}{\partial x} = (A + A^\top) x", "proved"),
    (r"\frac{\partial x^\top A x}{\partial x} = 2 A x", "refuted"),
    (r"\frac{\partial x^\top a}{\partial x} = x", "refuted"),
    (r"\frac{\partial^2 x^\top A x}{\partial x \partial x^\top} = A + A^\top", "proved"),
    (r"\frac{\partial \|x\|^2}{\partial x} = 2x", "proved"),
    (r"\frac{\partial w u}{\partial w} = u", "proved"),
    (r"\frac{\partial w u}{\partial w} = w", "refuted"),
])
def test_a_derivative_in_a_fraction_takes_the_whole_numerator(tmp_path, equation: str, verdict: str) -> None:
    # a probe: \frac{\partial x^\top a}{\partial x} was refused ('cannot read \partial'), only (x^\top a) read
    (result,) = _checked(tmp_path, COOKBOOK, equation)
    assert result.verdict == verdict


SOFTMAX = """# The softmax Jacobian by cases

```derive
[sizes]
n = "classes"
[inputs]
z = ["n"]
[define]
"s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"
```
"""


def test_cases_on_equal_indices_are_proved_for_every_n(tmp_path) -> None:
    # a probe: the textbook's cases "s_i(1 − s_i) if i = j, −s_i s_j otherwise" were unproved (299 points agreed): a
    # where on i = j is now δ-weighted, which the zero test contracts
    got = _checked(tmp_path, SOFTMAX,
                   r"\frac{\partial s_i}{\partial z_j} = \begin{cases} s_i (1 - s_i) & \text{if } i = j \\ -s_i s_j & "
                   r"\text{otherwise} \end{cases}",
                   r"\frac{\partial s_i}{\partial z_j} = \begin{cases} s_i (1 - s_i) & i = j \\ -s_i s_j & i \neq j "
                   r"\end{cases}",
                   r"\frac{\partial s_i}{\partial z_j} = \begin{cases} s_i (1 - s_i) & \text{if } i = j \\ s_i s_j & "
                   r"\text{otherwise} \end{cases}")
    assert [c.verdict for c in got] == ["proved", "proved", "refuted"]
    assert got[2].counterexample["indices"]["i"] != got[2].counterexample["indices"]["j"]


GROUP_MEAN = """# A group's mean (Wu and He's group norm)

```derive
[sizes]
G = "groups"
m = "per group"
[inputs]
x = ["G", "m"]
[define]
"mu[g]" = "Sum(x[g, l], (l, 1, m)) / m"
```
"""


def test_cases_on_equal_indices_with_a_value_divided_by_a_size_are_proved(tmp_path) -> None:
    # a transcriber's probe: 1/m if g = h, 0 otherwise stayed unproved (δ_gh/m was proved): a value divided by a
    # size has a value everywhere, so the cases are δ-weighted as 1/3 or m would be
    got = _checked(tmp_path, GROUP_MEAN,
                   r"\frac{\partial \mu_g}{\partial x_{hk}} = \begin{cases} \frac{1}{m} & \text{if } g = h \\ 0 & "
                   r"\text{otherwise} \end{cases}",
                   r"\frac{\partial \mu_g}{\partial x_{hk}} = \begin{cases} \frac{1}{m} & \text{if } g = h \\ "
                   r"\frac{1}{m} & \text{otherwise} \end{cases}")
    assert [c.verdict for c in got] == ["proved", "refuted"]


def test_cases_on_equal_indices_with_a_value_not_defined_everywhere_are_proved_by_cases(tmp_path) -> None:
    # The same transcription (group norm's Jacobian, 1/σ_g (…) if g = h, 0 otherwise): read as written, since a
    # δ-weighted value would be evaluated where it has none, the prover ground for its whole budget.  The zero
    # test now splits on g = h itself: each case reads only its own value, as the cases do.
    context = GROUP_MEAN.replace('"mu[g]" = "Sum(x[g, l], (l, 1, m)) / m"',
                                 '"mu[g]" = "Sum(x[g, l], (l, 1, m)) / m"\n"r[g]" = "mu[g] / (1 + mu[g]**2)"')
    got = _checked(tmp_path, context,
                   r"\frac{\partial r_g}{\partial x_{hk}} = \begin{cases} \frac{1 - \mu_g^2}{m (1 + \mu_g^2)^2} & "
                   r"\text{if } g = h \\ 0 & \text{otherwise} \end{cases}",
                   r"\frac{\partial r_g}{\partial x_{hk}} = \begin{cases} \frac{1 - \mu_g^2}{(1 + \mu_g^2)^2} & "
                   r"\text{if } g = h \\ 0 & \text{otherwise} \end{cases}")
    assert [c.verdict for c in got] == ["proved", "refuted"]
    assert "cases i = j / i ≠ j split" in got[0].method



def test_cases_on_equal_indices_whose_other_value_has_none_on_the_diagonal_are_proved(tmp_path) -> None:
    # An adversarial probe: with the cases weighted by a delta, 1/(x_i − x_j) on the diagonal made 0·(1/0), no value,
    # and a true claim that simplify had proved stayed unproved; the zero test now splits the cases as written.
    path = tmp_path / "diag.derive.toml"
    path.write_text('[sizes]\nn = "n"\n[inputs]\nx = ["n"]\nv = ["n"]\n[[claim]]\nname = "two ways"\n'
                    'eq = "where(i == j, v[i], 1/(x[i] - x[j])) = where(i == j, v[j], -1/(x[j] - x[i]))"\n'
                    '[[claim]]\nname = "wrong off the diagonal"\n'
                    'eq = "where(i == j, v[i], 1/(x[i] - x[j])) = where(i == j, v[j], 1/(x[j] - x[i]))"\n')
    got = checked(load_any(path, None)[0], 60.0)
    assert [c.verdict for c in got] == ["proved", "refuted"]


GATES = """# Two gates

```derive
[inputs]
x = []
y = []
[define]
"h" = "where(x > 0, where(y > 0, 1, 0), 0)"
```
"""


@pytest.mark.parametrize("equation, verdict", [
    # a probe: \text{ and }, \land and \wedge in a condition read as a chained comparison, refused
    (r"h = \begin{cases} 1 & \text{if } x > 0 \text{ and } y > 0 \\ 0 & \text{otherwise} \end{cases}", "proved"),
    (r"h = \mathbb{1}[x > 0 \land y > 0]", "proved"),
    (r"h = \mathbb{1}[x > 0 \wedge y > 0]", "proved"),
    (r"h = \mathbb{1}[x > 0 \lor y > 0]", "refuted"),
    (r"h = \begin{cases} 1 & \text{if } x > 0 \text{ or } y > 0 \\ 0 & \text{otherwise} \end{cases}", "refuted"),
])
def test_conditions_joined_by_and_or_or_read(tmp_path, equation: str, verdict: str) -> None:
    (result,) = _checked(tmp_path, GATES, equation)
    assert result.verdict == verdict


def test_and_with_or_in_one_condition_is_refused(tmp_path, capsys) -> None:
    p = tmp_path / "mixed.md"
    p.write_text(GATES + "\n$$\nh = \\mathbb{1}[x > 0 \\land y > 0 \\lor x > 1]\n$$\n")
    assert_one_line_error(p, GATES.count("\n") + 3, "(bracket which joins first", capsys)


TEXT_NAMES = """# Names set as text

```derive
[inputs]
x = []
b = []
Ld = []
[symbols]
'L_{\\text{data}}' = "Ld"
[define]
"J" = "Ld + b"
```
"""


@pytest.mark.parametrize("equation, verdict", [
    # a probe: \text{ReLU}'(x) opened an annotation ('an equation after words'), and L_\text{data} lost its subscript
    (r"\text{ReLU}'(x) = \mathbb{1}[x > 0]", "proved"),
    (r"\text{ReLU}'(x) = 1", "refuted"),
    (r"J = L_\text{data} + b", "proved"),
    (r"J = L_\text{data} - b", "refuted"),
])
def test_a_function_or_subscript_set_as_text_is_math(tmp_path, equation: str, verdict: str) -> None:
    (result,) = _checked(tmp_path, TEXT_NAMES, equation)
    assert result.verdict == verdict


LEAST_SQUARES = """# Least squares by examples (CS229, Part I)

```derive
[sizes]
m = "examples"
n = "features"
[inputs]
x = ["m", "n"]
y = ["m"]
w = ["n"]
[define]
"J" = "Sum((Sum(w[k]*x[i, k], (k, 1, n)) - y[i])**2, (i, 1, m)) / 2"
```
"""


@pytest.mark.parametrize("equation, verdict", [
    # a probe: a sum whose body is a vector (the per-example gradient) was refused; x^{(i)\top} was unreadable
    (r"\nabla_w J = \sum_{i=1}^{m} (w^\top x^{(i)} - y^{(i)}) x^{(i)}", "proved"),
    (r"\nabla_w J = \sum_{i=1}^{m} (w^\top x^{(i)} - y^{(i)}) w", "refuted"),
    (r"\nabla^2_w J = \sum_{i=1}^{m} x^{(i)} x^{(i)\top}", "proved"),
    (r"\nabla^2_w J = \sum_{i=1}^{m} x^{(i)} (x^{(i)})^\top", "proved"),
    (r"\nabla^2_w J = \sum_{i=1}^{m} x^{(i)\top} x^{(i)} I", "refuted"),
])
def test_a_sum_of_arrays_is_the_array_of_sums(tmp_path, equation: str, verdict: str) -> None:
    (result,) = _checked(tmp_path, LEAST_SQUARES, equation)
    assert result.verdict == verdict


SIZES_D_AND_E = """# A size named d, another e

```derive
[sizes]
d = "state size"
e = "half"
[inputs]
a = []
[define]
"r" = "a**2"
```
"""


@pytest.mark.parametrize("equation, fragment", [
    # a probe: with a size d, \frac{dr}{da} was (d r)/(d a) = r/a, and the false \frac{dr}{da} = a was proved
    (r"\frac{dr}{da} = a", r"cannot read \frac{dr}{da} (d names a quantity or size of the derive block here"),
    (r"\frac{\mathrm{d}r}{\mathrm{d}a} = 2a", r"(d names a quantity or size of the derive block here"),
    (r"\frac{d}{da} r = 2a", r"cannot read \frac{d}{da} (d names"),
    # … and e^{a} was (size e)^a, the true derivative of exp refuted
    (r"e^{a} = e^{a}", r"cannot read e^{a} (e names a quantity or size of the derive block here: write \exp"),
    # a third probe: the second-order and upright forms slipped past
    (r"\frac{\mathrm{d}^2 r}{\mathrm{d} a^2} = 2", r"(d names a quantity or size of the derive block here"),
    (r"\frac{d^2}{da^2} r = 2", r"(d names a quantity or size of the derive block here"),
    (r"\mathrm{e}^{a} = \exp(a)", r"cannot read \mathrm{e}^{a} (e names"),
    (r"{e}^{a} = \exp(a)", r"cannot read {e}^{a} (e names"),
])
def test_a_differential_or_e_beside_a_size_of_that_name_is_refused(tmp_path, capsys, equation, fragment) -> None:
    p = tmp_path / "sizes.md"
    p.write_text(SIZES_D_AND_E + f"\n$$\n{equation}\n$$\n")
    assert_one_line_error(p, SIZES_D_AND_E.count("\n") + 3, fragment, capsys)
    (fine,) = _checked(tmp_path, SIZES_D_AND_E, r"\frac{\partial r}{\partial a} + \frac{d}{2} = 2a + d/2")
    assert fine.verdict == "proved"


def test_an_example_of_a_matrix_mapped_with_an_accent_is_its_row(tmp_path) -> None:
    # a probe: Luong's \bar{h}^{(s)} (with '\bar{h}' mapped to a matrix) was 'no declared vector or matrix'
    head = ('# Luong\n\n```derive\n[sizes]\nS = "source positions"\nn = "state size"\n[inputs]\nq = ["n"]\n'
            'Hb = ["S", "n"]\n[symbols]\n\'\\bar{h}\' = "Hb"\n[define]\n"e[s]" = "Sum(Hb[s, j]*q[j], (j, 1, n))"\n```\n')
    got = _checked(tmp_path, head, r"e_s = q^\top \bar{h}^{(s)}", r"e_s = \bar{h}^{(s)\top} q", r"e_s = q^\top q")
    assert [c.verdict for c in got] == ["proved", "proved", "refuted"]


@pytest.mark.parametrize("equation, verdict", [
    # three cases on one comparison's sign, in any order, with a value asserted at the boundary itself
    (r"|x| = \begin{cases} x & x > 0 \\ 0 & x = 0 \\ -x & x < 0 \end{cases}", "proved"),
    (r"|x| = \begin{cases} 0 & x = 0 \\ -x & x < 0 \\ x & x > 0 \end{cases}", "proved"),
    (r"\max(x, 1) = \begin{cases} x & x > 1 \\ 1 & x = 1 \\ 1 & 1 > x \end{cases}", "proved"),
    (r"|x| = \begin{cases} x & x > 0 \\ 1 & x = 0 \\ -x & x < 0 \end{cases}", "refuted"),
    # the boundary's own case is checked there, in this form as in the \text{otherwise} one
    (r"x^2 = \begin{cases} x^2 & x > 0 \\ 1 & x = 0 \\ x^2 & \text{otherwise} \end{cases}", "refuted"),
    (r"x^2 = \begin{cases} x^2 & x > 0 \\ 0 & x = 0 \\ x^2 & \text{otherwise} \end{cases}", "proved"),
])
def test_cases_on_a_sign_with_one_for_zero_read_and_checked_there(tmp_path, equation: str, verdict: str) -> None:
    (result,) = _checked(tmp_path, GATES, equation)
    assert result.verdict == verdict


RELU = """# ReLU

```derive
[inputs]
x = []
y = []
[define]
"r" = "relu(x)"
```
"""


@pytest.mark.parametrize("equation, verdict", [
    # textbooks write ReLU's slope leaving x = 0 out (Gatys et al.'s eq. 6): nothing is asserted there
    (r"\frac{\partial r}{\partial x} = \begin{cases} 1 & x > 0 \\ 0 & x < 0 \end{cases}", "proved"),
    (r"\frac{\partial r}{\partial x} = \begin{cases} 0 & \text{if } x < 0 \\ 1 & \text{if } x > 0 \end{cases}", "proved"),
    (r"\frac{\partial r}{\partial x} = \begin{cases} 1 & x > 0 \\ 1 & x < 0 \end{cases}", "refuted"),
    (r"\frac{\partial r}{\partial x} = \begin{cases} 1 & x > 0 \\ 0 & 0 > x \end{cases}", "proved"),
    (r"\max(x, y) = \begin{cases} x & x > y \\ y & x < y \end{cases}", "proved"),
    (r"\max(x, y) = \begin{cases} x & x > y \\ x & x < y \end{cases}", "refuted"),
])
def test_two_opposite_strict_cases_leave_their_boundary_unasserted(tmp_path, equation: str, verdict: str) -> None:
    (result,) = _checked(tmp_path, RELU, equation)
    assert result.verdict == verdict


@pytest.mark.parametrize("equation", [
    # the gap must be a null set of the inputs: indices meet on a whole diagonal, relu(x) is 0 for all x ≤ 0
    r"\frac{\partial r}{\partial x} = \begin{cases} 1 & r > 0 \\ 0 & r < 0 \end{cases}",
    r"\frac{\partial r}{\partial x} = \begin{cases} 1 & x > 1 \\ 0 & x < 0 \end{cases}",
])
def test_cases_leaving_out_more_than_a_null_set_are_refused(tmp_path, capsys, equation: str) -> None:
    p = tmp_path / "gap.md"
    p.write_text(RELU + "\n$$\n" + equation + "\n$$\n")
    assert_one_line_error(p, RELU.count("\n") + 3, "the cases must leave no value out", capsys)


def test_three_cases_that_leave_a_gap_are_refused(tmp_path, capsys) -> None:
    p = tmp_path / "gap.md"
    p.write_text(GATES + "\n$$\n|x| = \\begin{cases} x & x > 0 \\\\ 0 & y = 0 \\\\ -x & x < 0 \\end{cases}\n$$\n")
    assert_one_line_error(p, GATES.count("\n") + 3, "three on one sign, z > 0, z = 0 and z < 0", capsys)



HARD_SIGMOID = """# Hard sigmoid

```derive
[inputs]
t = []
x = []
[define]
"p" = "clip((t + 1)/2, 0, 1)"
```
"""


@pytest.mark.parametrize("equation, verdict", [
    # a probe (sparsemax's hard sigmoid): chained comparisons in brackets and cases were refused
    (r"\mathbb{1}[1 > t > -1] = \mathbb{1}[-1 < t < 1]", "proved"),
    (r"\mathbb{1}[-1 < t < 1] = \mathbb{1}[t > -1] \mathbb{1}[t < 1]", "proved"),
    (r"\mathbb{1}[-1 < t < 1] = \mathbb{1}[t > -1]", "refuted"),
    # the kinks of clip((t + 1)/2, 0, 1) are at (t + 1)/2 = 0 and = 1, those of the indicator at t + 1 = 0 and
    # t - 1 = 0: one kink each when the arguments are taken up to a constant factor, so the slope is proved
    (r"\frac{\partial p}{\partial t} = \frac{1}{2} \mathbb{1}[-1 < t < 1]", "proved"),
    (r"\frac{\partial p}{\partial t} = \mathbb{1}[-1 < t < 1]", "refuted"),
    (r"p = \begin{cases} 0 & t < -1 \\ \frac{t + 1}{2} & -1 \le t \le 1 \\ 1 & t > 1 \end{cases}", "proved"),
    # cases on one input whose conditions cover every value read as if the last were \text{otherwise}
    (r"\begin{cases} 0 & t < -1 \\ 1 & -1 \le t \le 1 \\ 0 & t > 1 \end{cases} = \mathbb{1}[-1 \le t \le 1]", "proved"),
    (r"\begin{cases} 0 & t \le -1 \\ t & -1 < t \le 1 \\ 2 & t > 1 \end{cases} = \begin{cases} 0 & t \le -1 \\ t & -1 < t \le 1 \\ 1 & t > 1 \end{cases}", "refuted"),    # cases leaving out only the points where their strict inequalities are equalities: not asserted there
    (r"p = \begin{cases} 0 & t < -1 \\ \frac{t + 1}{2} & -1 < t < 1 \\ 1 & t > 1 \end{cases}", "proved"),
    (r"p = \begin{cases} 0 & t < -1 \\ 1 & -1 < t < 1 \\ 0 & t > 1 \end{cases}", "refuted"),
    (r"\frac{\partial p}{\partial t} = \begin{cases} \frac{1}{2} & -1 < t < 1 \\ 0 & t < -1 \\ 0 & t > 1 \end{cases}", "proved"),
])
def test_chained_comparisons_and_cases_covering_a_line_read(tmp_path, equation: str, verdict: str) -> None:
    (result,) = _checked(tmp_path, HARD_SIGMOID, equation)
    assert result.verdict == verdict


@pytest.mark.parametrize("equation, fragment", [
    (r"p = \begin{cases} 0 & t < -1 \\ 1 & t > 1 \end{cases}", "the cases must leave no value out"),
    (r"p = \begin{cases} 0 & t < -1 \\ 1 & -1 < t < 1 \\ 0 & t > 2 \end{cases}", "the cases must leave no value out"),
    (r"p = \mathbb{1}[-1 < t > 1]", "cannot read a chained comparison (only one way round"),
])
def test_cases_with_a_gap_and_mixed_chains_are_refused(tmp_path, capsys, equation: str, fragment: str) -> None:
    p = tmp_path / "gap.md"
    p.write_text(HARD_SIGMOID + "\n$$\n" + equation + "\n$$\n")
    assert_one_line_error(p, HARD_SIGMOID.count("\n") + 3, fragment, capsys)


def test_a_primed_name_mapped_in_symbols_is_that_quantity_not_a_derivative(tmp_path, capsys) -> None:
    # a transcriber's probe (Loshchilov and Hutter's λ' = λ/α): \lambda' was refused even when [symbols] mapped it
    context = """# Decoupled weight decay

```derive
[inputs]
lam = []
alpha = []
lam2 = []
[symbols]
'\\lambda' = "lam"
"\\\\lambda'" = "lam2"
'\\alpha' = "alpha"
```
"""
    got = _checked(tmp_path, context, r"\lambda' \alpha = \alpha \lambda'", r"\lambda' = \lambda")
    assert [c.verdict for c in got] == ["proved", "refuted"]
    unmapped = tmp_path / "unmapped.md"
    unmapped.write_text(context.replace("\"\\\\lambda'\" = \"lam2\"\n", "") + "\n$$\n\\lambda' = \\lambda\n$$\n")
    assert_one_line_error(unmapped, 14, "cannot read \\lambda' (a prime marks the derivative", capsys)


def test_a_derivative_by_a_primed_name_mapped_in_symbols(tmp_path) -> None:
    # a transcriber's probe (Rong's word2vec v'): ∂f/∂λ' and ∂E/∂v' stopped the load with an internal error
    context = """# Primed names

```derive
[sizes]
n = "units"
[inputs]
x = []
lam2 = []
vo = ["n"]
h = ["n"]
[define]
"f" = "lam2*x**2"
"s" = "Sum(vo[i]*h[i], (i, 1, n))"
"E" = "s**2 / 2"
[symbols]
"\\\\lambda'" = "lam2"
"v'" = "vo"
```
"""
    got = _checked(tmp_path, context, r"\frac{\partial f}{\partial \lambda'} = x^2",
                   r"\frac{\partial f}{\partial \lambda'} = 2 x", r"\frac{\partial E}{\partial v'} = s h")
    assert [c.verdict for c in got] == ["proved", "refuted", "proved"]


RONG = """# Rong's output vectors

```derive
[sizes]
n = "units"
[inputs]
vo = ["n"]
h = ["n"]
[define]
"s" = "Sum(vo[i]*h[i], (i, 1, n))"
"E" = "-log(sigmoid(s))"
[symbols]
{key} = "vo"
```
"""


@pytest.mark.parametrize("key, equations, verdicts", [
    # Rong writes the output vector v'_{w_O} with scripts after the prime: its entries and its transpose
    ("\"v'\"", [r"s = \sum_i v'_i h_i", r"s = \mathbf{v}'^T \mathbf{h}", r"s = \sum_i v'_i", r"s^2 = v'^\top h h^\top v'"],
     ["proved", "proved", "refuted", "proved"]),
    ("\"v'_{w_O}\"", [r"s = \mathbf{v}'^T_{w_O} \mathbf{h}",
                       r"\frac{\partial E}{\partial \mathbf{v}'_{w_O}} = (\sigma(\mathbf{v}'^T_{w_O} \mathbf{h}) - 1) \mathbf{h}",
                       r"\frac{\partial E}{\partial \mathbf{v}'_{w_O}} = \sigma(\mathbf{v}'^T_{w_O} \mathbf{h}) \mathbf{h}"],
     ["proved", "proved", "refuted"]),
])
def test_a_primed_name_mapped_in_symbols_takes_scripts(tmp_path, key: str, equations: list, verdicts: list) -> None:
    got = _checked(tmp_path, RONG.format(key=key), *equations)
    assert [c.verdict for c in got] == verdicts


def test_a_primed_name_not_mapped_with_scripts_is_still_refused(tmp_path, capsys) -> None:
    p = tmp_path / "unmapped.md"
    text = RONG.format(key="'v'") + "\n$$\ns = \\sum_i v'_i h_i\n$$\n"
    p.write_text(text)
    assert_one_line_error(p, text.count("\n") - 1, "cannot read v'_i (a prime marks the derivative", capsys)


def test_a_function_named_in_text_takes_bracketed_arguments_sized_by_left_and_right(tmp_path, capsys) -> None:
    # d2l writes \text{prod}\left(a, b\right): the \text was taken for an annotation that ran to the end of the
    # row, and the message was "empty expression  [in: ]"
    context = """# Text functions

```derive
[sizes]
n = "classes"
[inputs]
s = ["n"]
```
"""
    got = _checked(tmp_path, context, r"\text{diag}\left(s\right) - s s^\top = \text{diag}(s) - s s^\top",
                   r"\text{ReLU}'\left(s\right) = \text{ReLU}'(s)")
    assert [c.verdict for c in got] == ["proved", "proved"]
    p = tmp_path / "prod.md"
    p.write_text(context + "\n$$\ns = \\text{prod}\\left(s, s\\right)\n$$\n")
    assert_one_line_error(p, 11, r"cannot read \text{prod} (map it to a quantity in [symbols])", capsys)


def test_a_condition_word_in_text_before_brackets_stays_an_annotation(tmp_path, capsys) -> None:
    # \text{if}\left(x < 0\right) is a condition, not a function named "if" (an adversarial probe of \text{name}\left()
    p = tmp_path / "if.md"
    p.write_text("# t\n\n```derive\n[inputs]\nx = []\n[define]\n\"f\" = \"relu(x)\"\n```\n\n"
                 "$$\nf = 0 \\text{if}\\left(x < 0\\right)\n$$\n")
    assert_one_line_error(p, 11, "cannot read the condition beside 'f = 0'", capsys)


def test_cases_leaving_out_the_diagonal_of_two_indices_are_refused(tmp_path, capsys) -> None:
    # i > j and i < j leave out i = j: a whole diagonal of entries, no null set
    head = '# Rows\n\n```derive\n[sizes]\nn = "n"\n[inputs]\nx = ["n"]\n[define]\n"r[i]" = "relu(x[i])"\n```\n'
    p = tmp_path / "diag.md"
    p.write_text(head + "\n$$\n\\frac{\\partial r_i}{\\partial x_j} = \\begin{cases} 0 & i > j \\\\ 0 & i < j \\end{cases}\n$$\n")
    assert_one_line_error(p, head.count("\n") + 3, "the cases must leave no value out", capsys)


@pytest.mark.parametrize("equation", [
    # a re-probe: x_i > x_j and x_i < x_j leave out every input where i = j (likewise j = 1, j = c, n = 1), and the
    # last case was asserted there: the max gate's slope as textbooks write it was refuted at i = j
    r"\frac{\partial g_{ij}}{\partial x_i} = \begin{cases} 1 & x_i > x_j \\ 0 & x_i < x_j \end{cases}",
    r"|x_j - x_1| = \begin{cases} x_j - x_1 & x_j > x_1 \\ x_1 - x_j & x_j < x_1 \end{cases}",
    r"|x_n - x_1| = \begin{cases} x_n - x_1 & x_n > x_1 \\ x_1 - x_n & x_n < x_1 \end{cases}",
])
def test_cases_leaving_out_where_two_entries_meet_are_refused(tmp_path, capsys, equation) -> None:
    head = ('# Gate\n\n```derive\n[sizes]\nn = "n"\n[inputs]\nx = ["n"]\n[define]\n'
            '"g[i, j]" = "max(x[i], x[j])"\n```\n')
    p = tmp_path / "gate.md"
    p.write_text(head + "\n$$\n" + equation + "\n$$\n")
    assert_one_line_error(p, head.count("\n") + 3, "the cases must leave no value out", capsys)
