"""What session 46's probes (Hessians and second derivatives; conditions and piecewise functions) found: true
claims refuted because a chain's condition covered one row, and because a pair sum's index was read as free."""
from __future__ import annotations

from _oneline import assert_note_refused, assert_one_line_error
from _checking import checked, loaded, note_verdicts

RELU = """# A ReLU layer's gradient

```derive
[sizes]
n = "units"
[inputs]
x = ["n"]
g = ["n"]
[define]
"r[i]" = "max(0, x[i])"
"L" = "Sum(g[i]*r[i], (i, 1, n))"
```
"""


def _chain(*rows: str) -> str:
    return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"


def test_a_condition_on_one_row_of_a_chain_is_the_whole_chains(tmp_path):
    # The link g ∂r/∂x = g·1 holds only for x > 0, stated on the last row: it was refuted at a negative x.
    assert note_verdicts(tmp_path, RELU, _chain(
        r"\frac{\partial L}{\partial x_i} &= g_i \frac{\partial r_i}{\partial x_i}",
        r"&= g_i \cdot 1",
        r"&= g_i && \text{for } x_i > 0")) == ["proved", "proved", "proved"]


def test_a_condition_on_the_first_row_or_on_a_row_of_its_own_covers_the_chain_too(tmp_path):
    assert note_verdicts(tmp_path, RELU, _chain(
        r"\frac{\partial L}{\partial x_i} &= g_i \frac{\partial r_i}{\partial x_i} \qquad \text{for } x_i > 0",
        r"&= g_i \cdot 1")) == ["proved", "proved"]
    assert note_verdicts(tmp_path, RELU, _chain(
        r"\frac{\partial L}{\partial x_i} &= g_i \frac{\partial r_i}{\partial x_i}",
        r"&= g_i",
        r"&\text{if } x_i > 0")) == ["proved", "proved"]


def test_a_link_false_under_the_chains_condition_is_still_refuted(tmp_path):
    assert note_verdicts(tmp_path, RELU, _chain(
        r"\frac{\partial L}{\partial x_i} &= g_i \frac{\partial r_i}{\partial x_i}",
        r"&= 2 g_i",
        r"&= 2 g_i && \text{for } x_i > 0")) == ["proved", "refuted", "proved"]


def test_two_conditions_on_rows_of_one_chain_are_refused_though_a_row_between_has_none(tmp_path, capsys):
    # whose is the row between? and the chain claims g = 0 across the two cases
    p = tmp_path / "notes.md"
    p.write_text(RELU + "\n$$\n" + _chain(
        r"\frac{\partial L}{\partial x_i} &= g_i \frac{\partial r_i}{\partial x_i} \quad \text{if } x_i > 0",
        r"&= g_i",
        r"&= 0 \quad \text{if } x_i < 0") + "\n$$\n")
    # at the third row, the second condition's
    assert_one_line_error(p, RELU.count("\n") + 6, "a continued row with a condition of its own after a row with another",
                          capsys)


SOFTMAX = """# Softmax and log-sum-exp

```derive
[sizes]
n = "entries"
[inputs]
z = ["n"]
[define]
"F" = "log(Sum(exp(z[k]), (k, 1, n)))"
"p[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"
```
"""


def test_a_pair_sum_over_derivatives_binds_the_index_it_differentiates_by(tmp_path):
    # ∂p_i/∂z_j inside Σ_{i≠j}: the j was taken for a free index, the sum for one row's, and the truth refuted
    assert note_verdicts(
        tmp_path, SOFTMAX,
        r"\sum_{i \ne j} \frac{\partial F}{\partial z_i} \frac{\partial F}{\partial z_j} = 1 - \sum_{k=1}^{n} p_k^2",
        r"\sum_{i \ne j} \frac{\partial p_i}{\partial z_j} = \sum_{k=1}^{n} p_k^2 - 1",
        r"\sum_{k=1}^{n} \frac{\partial^2 F}{\partial z_k^2} = -\sum_{i \ne j} \frac{\partial^2 F}{\partial z_i \partial z_j}",
        r"\sum_{i \ne j} \frac{\partial p_i}{\partial z_j} = 1 - \sum_{k=1}^{n} p_k^2",
    ) == ["proved", "proved", "proved", "refuted"]


def test_a_derivative_by_a_free_index_still_makes_it_free(tmp_path):
    # outside any sum, ∂/∂z_j's j is the claim's free index, as before
    assert note_verdicts(tmp_path, SOFTMAX, r"\frac{\partial F}{\partial z_j} = p_j",
                         r"\sum_{i=1}^{n} \frac{\partial p_i}{\partial z_j} = 0",
                         r"\sum_{i=1}^{n} \frac{\partial p_i}{\partial z_j} = p_j") == ["proved", "proved", "refuted"]


JACOBIAN = """# The softmax Jacobian

```derive
[sizes]
n = "classes"
[inputs]
z = ["n"]
[define]
"s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"
```
"""


def test_the_jacobian_written_on_one_row_gives_the_off_diagonal_condition_to_its_own_equation(tmp_path):
    # (i ≠ j) after the second equation was shared with the first, which has no j, and the note refused
    assert note_verdicts(tmp_path, JACOBIAN, r"\frac{\partial s_i}{\partial z_i} = s_i (1 - s_i), \qquad "
                                             r"\frac{\partial s_i}{\partial z_j} = -s_i s_j \quad (i \neq j)") == \
        ["proved", "proved"]
    # a first equation that has j takes the condition, and is checked under it
    assert note_verdicts(tmp_path, JACOBIAN, r"\frac{\partial s_i}{\partial z_i} = s_i (1 - s_j), \qquad "
                                             r"\frac{\partial s_i}{\partial z_j} = -s_i s_j \quad (i \neq j)") == \
        ["refuted", "proved"]


def test_a_condition_written_beside_an_equation_that_lacks_its_index_is_still_refused(tmp_path, capsys):
    assert_note_refused(tmp_path, capsys, JACOBIAN, r"\frac{\partial s_i}{\partial z_i} = s_i (1 - s_i) \quad (i \neq j)",
                        "mentions index j, which the claim does not have")


CUBIC = """# A cubic's Hessian

```derive
[sizes]
n = "features"
[inputs]
w = ["n"]
a = ["n"]
[define]
"J" = "Sum(a[k]*w[k]**3, (k, 1, n))/6"
```
"""


def test_a_bold_vector_squared_below_the_line_is_the_hessian_as_the_plain_one_is(tmp_path):
    # \partial \mathbf{w}^2 was refused ("the orders of ∂ above and below the line differ"), \partial w^2 read
    assert note_verdicts(tmp_path, CUBIC,
                         r"\frac{\partial^2 J}{\partial \mathbf{w}^2} = \operatorname{diag}(a \odot w)",
                         r"\frac{\partial^2 J}{\partial \mathbf{w}^2} = \operatorname{diag}(w)",
                         r"\frac{\partial^2 J}{\partial w^2} = \operatorname{diag}(a \odot w)") == \
        ["proved", "refuted", "proved"]


def test_a_pair_sum_in_a_chain_whose_other_link_has_j_free_sums_i_alone(tmp_path):
    # -s_j(1 - s_j) = Σ_{i≠j} ∂s_i/∂z_j = Σ_k s_k² - 1: the second link was read as a sum over pairs, and proved
    assert note_verdicts(tmp_path, JACOBIAN,
                         r"-s_j(1 - s_j) = \sum_{i \ne j} \frac{\partial s_i}{\partial z_j} = \sum_{k} s_k^2 - 1",
                         r"-s_j(1 - s_j) = \sum_{i \ne j} \frac{\partial s_i}{\partial z_j} = -s_j \sum_{i \ne j} s_i",
                         ) == ["proved", "refuted", "proved", "proved"]
    # alone, the pair reading stands
    assert note_verdicts(tmp_path, JACOBIAN, r"\sum_{i \ne j} \frac{\partial s_i}{\partial z_j} = \sum_{k} s_k^2 - 1") \
        == ["proved"]


def test_a_comparison_or_forall_on_a_row_of_its_own_is_the_chains_condition(tmp_path):
    # each was dropped as no claim, and the chain above refuted outside it
    for condition in (r"&\quad \forall i \ne j", r"&\forall i \ne j", r"& i \ne j"):
        assert note_verdicts(tmp_path, JACOBIAN, _chain(
            r"\frac{\partial s_i}{\partial z_j} &= s_i(\delta_{ij} - s_j)", r"&= -s_i s_j", condition)) == \
            ["proved", "proved"], condition
    assert note_verdicts(tmp_path, RELU, _chain(r"r_i &= x_i", r"&= |x_i| && \forall x_i > 0")) == ["proved", "proved"]
    assert note_verdicts(tmp_path, RELU, r"r_i = x_i = |x_i|, \quad \forall x_i > 0") == ["proved", "proved"]
    # a false link stays refuted under it
    assert note_verdicts(tmp_path, RELU, _chain(r"r_i &= x_i", r"&= -x_i", r"& x_i > 0")) == ["proved", "refuted"]


def test_a_condition_on_a_row_before_its_equations_is_refused(tmp_path, capsys):
    p = tmp_path / "notes.md"
    p.write_text(RELU + "\n$$\n" + _chain(r"&\text{for } x_i > 0", r"r_i &= x_i", r"&= |x_i|") + "\n$$\n")
    assert_one_line_error(p, RELU.count("\n") + 4, "a condition on a row before its equations is not read", capsys)


ROWS = """# A row-stochastic matrix

```derive
[sizes]
n = "size"
[inputs]
Y = ["n", "n"]
A = ["n", "n"]
x = ["n"]
```
"""


def test_a_whole_array_condition_never_takes_a_products_summation_index_for_its_row(tmp_path):
    # Y 1 = 1 beside a claim at i, j was read at a row named k, the product's own index: Σ_k Y_kk = 1, the trace,
    # so tr(Y) Y = Y was proved (Y = [[0, 1], [1, 0]] has rows summing to 1 and trace 0)
    assert note_verdicts(tmp_path, ROWS,
                         r"\operatorname{tr}(Y) Y = Y \quad \text{if } Y \mathbf{1} = \mathbf{1}",
                         r"\operatorname{tr}(Y) Y_{ij} = Y_{ij} \quad \text{if } Y \mathbf{1} = \mathbf{1}",
                         r"\operatorname{tr}(A) x = 0 \quad \text{if } A \mathbf{1} = 0",
                         r"(A \mathbf{1}) x^\top = 0 \quad \text{if } A \mathbf{1} = 0",
                         r"Y \mathbf{1} = \mathbf{1} \quad \text{if } Y \mathbf{1} = \mathbf{1}",
                         ) == ["refuted", "refuted", "refuted", "proved", "proved"]


def test_e_to_a_matrix_is_refused_and_exp_of_it_is_each_entrys(tmp_path, capsys):
    # the Matrix Cookbook's Tr(e^X) is the matrix exponential's; read entrywise, ∂Tr(e^X)/∂X = (e^X)^T was refuted
    assert_note_refused(tmp_path, capsys, ROWS, r"\operatorname{Tr}(e^{A}) = \sum_i e^{A_{ii}}",
                        "the matrix exponential or each entry's?")
    assert note_verdicts(tmp_path, ROWS, r"\operatorname{Tr}(\exp(A)) = \sum_i e^{A_{ii}}", r"e^{x} = \exp(x)") == \
        ["proved", "proved"]


ONE_HOT = """# Cross-entropy against a one-hot label

```derive
given = ["y[k] = delta(k, c)"]
[sizes]
n = "classes"
[inputs]
z = ["n"]
y = ["n"]
[labels]
c = "n"
[define]
"s[k]" = "exp(z[k]) / Sum(exp(z[j]), (j, 1, n))"
"L" = "-Sum(y[k]*log(s[k]), (k, 1, n))"
```
"""


def test_a_one_hot_given_of_every_entry_is_put_in_and_its_label_drawn(tmp_path):
    # y_k = δ_kc was left out of the prover (a given whose value depends on its index) and the search had no value
    # for c: every claim came out untested, "the givens cannot all hold"
    assert note_verdicts(tmp_path, ONE_HOT, r"L = -\log s_c",
                         r"\frac{\partial L}{\partial z_j} = s_j - \mathbb{1}[j = c]",
                         r"\frac{\partial L}{\partial z_j} = s_j - y_j",
                         r"\frac{\partial L}{\partial z_j} = s_c - y_j",
                         r"L = -\log s_j") == ["proved", "proved", "proved", "refuted", "refuted"]
    p = tmp_path / "notes.md"
    (f,) = loaded(p)
    (slip,) = [c for c in checked(f, 60) if c.verdict == "refuted"][:1]
    # the counterexample meets the given: y is one-hot at the drawn label
    shown = slip.counterexample["inputs"]
    y, c = [float(t) for t in shown["y"].strip("[]").split(",")], int(shown["c"])
    assert y == [1.0 if k == c else 0.0 for k in range(1, len(y) + 1)], shown


def test_a_chains_one_reason_holding_a_relation_is_shared_like_a_condition(tmp_path):
    # \text{since } x_i > 0 on one row (or a row of its own) covered that row only: the other links were refuted
    # at a negative x, while r_i = x_i = |x_i| \quad \text{since } x_i > 0 on one line proved both
    for rows in ([r"r_i &= x_i", r"&= |x_i|", r"&\text{since } x_i > 0"],
                 [r"r_i &= x_i \quad \text{since } x_i > 0", r"&= |x_i|"],
                 [r"r_i &= x_i", r"&= |x_i| \quad \text{because } x_i > 0"]):
        assert note_verdicts(tmp_path, RELU, _chain(*rows)) == ["proved", "proved"], rows
    # rows that each give their own reason keep them: the first link is checked under x_i > 0 alone
    assert note_verdicts(tmp_path, RELU, _chain(r"r_i &= x_i \quad \text{since } x_i > 0",
                                                r"&= -|x_i| \quad \text{since } x_i < 0")) == ["proved", "proved"]


ATTENTION = """# Attention's backward pass, CS231n-style names

```derive
[sizes]
n = "queries"
d = "dim"
[inputs]
S = ["n", "n"]
G = ["n", "n"]
[define]
"P[i, j]" = "exp(S[i, j]) / Sum(exp(S[i, l]), (l, 1, n))"
"dP[i, j]" = "G[i, j]"
"phi" = "Sum(Sum(G[i, j]*P[i, j], (j, 1, n)), (i, 1, n))"
```
"""


def test_letters_spelling_a_declared_name_are_refused_and_the_upright_name_reads(tmp_path, capsys):
    # dP_{ij} beside the quantity dP and the size d was read d·P_ij: the true ∂φ/∂S_ij refuted
    assert_note_refused(tmp_path, capsys, ATTENTION,
                        r"\frac{\partial \phi}{\partial S_{ij}} = P_{ij} \left(dP_{ij} - \sum_k P_{ik} dP_{ik}\right)",
                        "the letters spell the name dP")
    assert note_verdicts(tmp_path, ATTENTION, r"\frac{\partial \phi}{\partial S_{ij}} = P_{ij} \left(\mathrm{dP}_{ij} - "
                                              r"\sum_k P_{ik} \mathrm{dP}_{ik}\right)",
                         r"d \cdot P_{ij} = P_{ij} d") == ["proved", "proved"]


PERPLEXITY = """# Perplexity in bits

```derive
given = ["p[i] > 0"]
[sizes]
n = "tokens"
[inputs]
p = ["n"]
```
"""


def test_a_logarithm_in_base_two_or_ten_reads(tmp_path, capsys):
    # \log_2 was refused ("a function takes no subscript"): perplexity in bits is written with it
    assert note_verdicts(tmp_path, PERPLEXITY, r"\log_2 p_i = \frac{\log p_i}{\log 2}", r"\log_{2} p_i = \log p_i",
                         r"\log_{10} 100 = 2", r"\frac{\partial}{\partial p_i} \log_2 p_i = \frac{1}{p_i \ln 2}") == \
        ["proved", "refuted", "proved", "proved"]
    assert_note_refused(tmp_path, capsys, PERPLEXITY, r"\log_3 p_i = \log p_i", "a logarithm's base is 2, 10 or e")


def test_an_identity_condition_on_one_row_covers_the_chain(tmp_path):
    # A = I was taken for a relation of index letters (I no declared name) and kept from the other links
    assert note_verdicts(tmp_path, ROWS, _chain(r"x^\top A x &= x^\top x", r"&= \sum_i x_i^2 \quad \text{if } A = I")) \
        == ["proved", "proved"]
    assert note_verdicts(tmp_path, ROWS, _chain(r"A x &= x + 0", r"&= x \quad \text{since } A = I")) == \
        ["proved", "proved"]


def test_letters_spelling_a_size_are_refused(tmp_path, capsys):
    # \frac{1}{nh} beside a size nh (and n, h) read 1/(n·h): the true mean refuted, a false one proved
    head = ROWS.replace('n = "size"', 'n = "size"\nnh = "hidden"').replace('x = ["n"]', 'x = ["n"]\nh = []\nw = ["nh"]')
    assert_note_refused(tmp_path, capsys, head, r"\frac{1}{nh} \sum_k w_k = \frac{1}{n \cdot h} \sum_k w_k",
                        "the letters spell the name nh")


PER_SAMPLE = """# A batch of one-hot labels

```derive
given = ["Y[b, k] = delta(k, t[b])"]
[sizes]
B = "batch"
n = "classes"
[inputs]
Y = ["B", "n"]
[labels]
t = { shape = ["B"], range = "n" }
```
"""


def test_a_per_sample_one_hot_given_is_searched_not_an_internal_error(tmp_path):
    # the search read the given's indices without the labels' shapes: KeyError 't', every claim "unchecked"
    assert note_verdicts(tmp_path, PER_SAMPLE, r"\sum_{k=1}^{n} Y_{bk} = 1", r"\sum_{b=1}^{B} Y_{bk} = 1") == \
        ["unproved", "refuted"]


def test_a_chains_condition_from_another_row_is_used_but_not_shown_as_written_beside_a_link(tmp_path):
    p = tmp_path / "notes.md"
    p.write_text(RELU + "\n$$\n" + _chain(r"r_i &= x_i", r"&= |x_i| \quad \text{since } x_i > 0") + "\n$$\n")
    (f,) = loaded(p)
    first, last = f.claims
    assert first.text == "r_i = x_i" and last.text == r"x_i = |x_i| \quad \text{since } x_i > 0"
    assert [c.verdict for c in checked(f, 60)] == ["proved", "proved"]


def test_a_power_of_a_logarithm_in_a_base_keeps_the_base(tmp_path, capsys):
    # \log_2^2 p dropped the base: (ln p)² was proved equal to it
    assert note_verdicts(tmp_path, PERPLEXITY, r"\log_2^2 p_i = (\ln p_i)^2", r"\log_2^2 p_i = (\log_2 p_i)^2",
                         r"\log^{2}_{10} p_i = (\log_{10} p_i)^2",
                         r"\frac{\partial}{\partial p_i} \log_2^2 p_i = \frac{2 \ln p_i}{p_i (\ln 2)^2}") == \
        ["refuted", "proved", "proved", "proved"]
    assert_note_refused(tmp_path, capsys, PERPLEXITY, r"\ln_2 p_i = \log_2 p_i", "a logarithm's base is 2, 10 or e")


def test_where_or_with_before_an_equation_of_whole_inputs_is_a_condition(tmp_path):
    # \text{where } A = I named no definition, yet was dropped as prose: A x = x refuted at any A
    assert note_verdicts(tmp_path, ROWS, r"A x = x \quad \text{where } A = I", r"A x = x \quad \text{with } A = I",
                         r"x^\top x = x^\top Y x \quad \text{where } Y = I", r"A x = 2 x \quad \text{where } A = I") == \
        ["proved", "proved", "proved", "refuted"]


def test_a_membership_in_a_range_written_with_dots_is_read_not_dropped(tmp_path, capsys):
    # , \quad i \in \{2, \ldots, n\} was dropped as prose: r_i = x_i checked at i = 1 as well (then refused, session
    # 59 reads it as 2 \le i \le n); a range by another step than 1 is still refused
    for note in (r", \quad i \in \{2, \ldots, n\}", r"\quad \text{for } i \in \{2, \ldots, n\}"):
        first, second = note_verdicts(tmp_path, RELU, r"g_i r_i \delta_{i1} = 0" + note,
                                      r"g_i r_i \delta_{i2} = 0" + note)
        assert first != "refuted" and second == "refuted"  # read at i = 1 as well, the first would be refuted
    assert_note_refused(tmp_path, capsys, RELU, r"g_i r_i = g_i r_i \quad \text{for } i = 1, 3, \ldots, n",
                        "cannot read the range beside")


def test_where_before_an_array_equation_that_names_no_definition_is_a_condition(tmp_path, capsys):
    # A^T x = x \quad \text{where } A^T x = x was dropped as prose (an array on the left), and refuted;
    # \text{where } I = A was an internal error
    assert note_verdicts(tmp_path, ROWS, r"A^\top x = x \quad \text{where } A^\top x = x",
                         r"A x = x \quad \text{where } I = A", r"A x = 2 x \quad \text{where } I = A") == \
        ["unproved", "unproved", "refuted"]  # the first two hold wherever their condition does: no point refutes them
    # a range with dots after where is read (session 59; refused before), not dropped
    first, second = note_verdicts(tmp_path, ROWS, r"x_i \delta_{i1} = 0 \quad \text{where } i = 2, \ldots, n",
                                  r"x_i \delta_{i2} = 0 \quad \text{where } i = 2, \ldots, n")
    assert first != "refuted" and second == "refuted"


def test_a_chain_with_a_reason_on_one_row_and_a_condition_on_another_is_refused(tmp_path, capsys):
    # the row stating neither took the condition (x < 0) though the reason beside it said x > 0
    p = tmp_path / "notes.md"
    p.write_text(RELU + "\n$$\n" + _chain(r"r_i &= |x_i|", r"&= x_i \quad \text{since } x_i > 0",
                                          r"&= x_i + 0 \quad \text{for } x_i < 0") + "\n$$\n")
    assert_one_line_error(p, RELU.count("\n") + 5, "a chain with a reason holding a relation", capsys)
    # a condition on a row of its own under a reason's row joined that row's reason, and reached the first link
    # too: refused alike
    p.write_text(RELU + "\n$$\n" + _chain(r"\frac{\partial L}{\partial x_i} &= |g_i|", r"&= g_i \quad \text{since } g_i > 0",
                                          r"&\text{for } x_i > 0") + "\n$$\n")
    assert_one_line_error(p, RELU.count("\n") + 5, "a chain with a reason holding a relation", capsys)


def test_a_range_told_in_words_is_refused_not_dropped(tmp_path, capsys):
    # \text{where } i \text{ runs from 2 to } n was dropped as prose: x_i δ_i1 = 0 refuted at i = 1
    for words in (r"\text{where } i \text{ runs from 2 to } n", r"\text{for } i \text{ between 2 and } n"):
        assert_note_refused(tmp_path, capsys, ROWS, r"x_i \delta_{i1} = 0 \quad " + words, "a condition told in words")
