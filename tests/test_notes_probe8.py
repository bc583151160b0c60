"""What session 48 found: readings and verdicts wrong as a reader reads the note, each test failing on the code before
its fix."""
from __future__ import annotations

import pytest

from _oneline import assert_note_refused, assert_one_line_error
from _checking import note_verdicts

from derive.documents.groupings import arrays_only, bracketings

BATCH = """# A batch layer in matrix form

```derive
[sizes]
B = "batch"
m = "features"
n = "units"
[inputs]
X = ["B", "m"]
D = ["B", "n"]
E = ["B", "n"]
F = ["B", "n"]
U = ["m", "n"]
M = ["n", "n"]
u = ["n"]
v = ["n"]
w = ["n"]
```
"""


def test_every_bracketing_of_a_product_and_hadamard_chain_is_listed_once():
    # u ⊙ M v: u ⊙ (M v) and (u ⊙ M) v; (A B) C and A (B C) are one reading, so three products are one bracketing
    assert bracketings(["odot", "product"]) == [("product", (("odot", (0, 1)), 2)), ("odot", (0, ("product", (1, 2))))]
    assert bracketings(["product", "product"]) == [("product", (0, 1, 2))]
    assert len(bracketings(["odot", "product", "odot"])) == 4
    # a number scales whatever holds it: 2 (u ⊙ v) and (2 u) ⊙ v are one reading
    two = bracketings(["product", "odot"])
    assert {arrays_only(t, {0}) for t in two} == {("odot", (1, 2))}
    assert len({arrays_only(t, set()) for t in two}) == 2


def test_a_product_between_hadamard_chains_takes_the_one_grouping_that_fits(tmp_path):
    # read left to right and refuted as "not defined" though X^T (D ⊙ E ⊙ F) ⊙ U and U ⊙ X^T (D ⊙ E) fit
    assert note_verdicts(tmp_path, BATCH,
                         r"X^\top D \odot E \odot F \odot U = (X^\top (D \odot E \odot F)) \odot U",
                         r"U \odot X^\top D \odot E = U \odot (X^\top (D \odot E))",
                         r"U \odot X^\top D \odot E = U \odot X^\top (D \odot E \odot E)",
                         r"2 u \odot M v = 2 (u \odot (M v))") == ["proved", "proved", "refuted", "proved"]


def test_a_product_between_hadamard_chains_that_could_group_either_way_is_refused(tmp_path, capsys):
    # u ⊙ (M v) ⊙ w and u ⊙ M (v ⊙ w) both fit with M square: it was read the first way without a word, and so
    # were (its re-probe) the chain of eight factors and the one divided by 2
    for claim in (r"u \odot M v \odot w = u \odot (M v) \odot w", r"u \odot M^\top v \odot w = 0",
                  r"u \odot M v \odot w \odot w \odot w \odot w \odot w = 0", r"u \odot M v \odot w / 2 = 0"):
        assert_note_refused(tmp_path, capsys, BATCH, claim, "ambiguous: more than one grouping")


def test_a_long_chain_or_one_with_a_scalar_division_or_times_is_weighed_too(tmp_path):
    # past seven factors, or with / 2 or 2 \times in it, the chain was read left to right: true claims refuted
    assert note_verdicts(tmp_path, BATCH,
                         r"U \odot X^\top D \odot E \odot E \odot E \odot E \odot E = U \odot (X^\top (D \odot E "
                         r"\odot E \odot E \odot E \odot E))",
                         r"U \odot X^\top D \odot E / 2 = \frac{1}{2} U \odot (X^\top (D \odot E))",
                         r"2 \times U \odot X^\top D \odot E = 2 U \odot (X^\top (D \odot E))",
                         r"U \odot X^\top D \odot E / 2 = U \odot (X^\top (D \odot E))") == \
        ["proved", "proved", "proved", "refuted"]


WRITTEN_OUT = """# Softmax regression, the loss written out in the inputs

```derive
given = ["Sum(y[i], (i, 1, n)) = 1"]
[sizes]
n = "classes"
m = "features"
[inputs]
x = ["m"]
W = ["n", "m"]
y = ["n"]
[define]
"z[i]" = "Sum(W[i, k]*x[k], (k, 1, m))"
"s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"
"L" = "-Sum(y[i]*log(exp(Sum(W[i, k]*x[k], (k, 1, m))) / Sum(exp(Sum(W[j, k]*x[k], (k, 1, m))), (j, 1, n))), (i, 1, n))"
"E" = "-Sum(y[i]*log(s[i]), (i, 1, n))"
```
"""


def test_a_derivative_by_a_quantity_the_differentiated_one_computes_again_is_refused(tmp_path, capsys):
    # ∂L/∂z with L written out in W and x: derive held W and x fixed and found 0, so "= 0" was proved and the
    # chain-rule value s - y refuted; so too where only one term computes z again (its re-probe: F - Σ y z)
    for claim in (r"\frac{\partial L}{\partial z_j} = s_j - y_j", r"\frac{\partial L}{\partial z_j} = 0",
                  r"\frac{\partial L}{\partial s_j} = -\frac{y_j}{s_j}",
                  r"\frac{\partial}{\partial z_j} \sum_{k=1}^{m} W_{jk} x_k = 1",
                  r"\frac{\partial (L + z_j)}{\partial z_j} = 1", r"\frac{\partial (E - L)}{\partial z_j} = s_j - y_j"):
        assert_note_refused(tmp_path, capsys, WRITTEN_OUT, claim, "again from what")
    # through the definitions, or of something z is not computed from: read as before
    assert note_verdicts(tmp_path, WRITTEN_OUT, r"\frac{\partial E}{\partial z_j} = s_j - y_j",
                         r"\frac{\partial y_i}{\partial z_j} = 0", r"\frac{\partial L}{\partial x_k} = "
                         r"\sum_{i=1}^{n} (s_i - y_i) W_{ik}") == ["proved"] * 3


def test_a_derivative_by_a_quantity_after_one_by_what_it_is_computed_from_is_refused(tmp_path, capsys):
    # ∂/∂z of ∂E/∂W: ∂E/∂W is written in W and x, so its ∂/∂z was 0 (proved) while ∂/∂W of ∂E/∂z is s(1 - s)x;
    # so too through a quantity defined as ∂E/∂z, differentiated by s (its re-probe: δ = ∂E/∂z, ∂δ/∂s = 0 proved)
    assert_note_refused(tmp_path, capsys, WRITTEN_OUT,
                        r"\frac{\partial}{\partial z_j} \frac{\partial E}{\partial W_{jk}} = 0", "it differentiates by z after W")
    delta = WRITTEN_OUT.replace("\n```\n", '\n"d[i]" = "diff(E, z[i])"\n```\n', 1)
    assert_note_refused(tmp_path, capsys, delta, r"\frac{\partial d_i}{\partial s_j} = 0", "it differentiates by s after z")
    assert note_verdicts(tmp_path, WRITTEN_OUT, r"\frac{\partial}{\partial W_{jk}} \frac{\partial E}{\partial z_j} = "
                                                r"s_j (1 - s_j) x_k") == ["proved"]


def test_a_mixed_derivative_fraction_by_quantities_computed_one_from_the_other_is_refused(tmp_path, capsys):
    # ∂²E/∂W∂z: derive took W first (0 proved); ∂/∂W ∂E/∂z to most readers, ∂/∂z ∂E/∂W to some: the orders differ
    for claim in (r"\frac{\partial^2 E}{\partial W_{jk} \partial z_j} = 0",
                  r"\frac{\partial^2 E}{\partial z_j \partial W_{jk}} = s_j (1 - s_j) x_k"):
        assert_note_refused(tmp_path, capsys, WRITTEN_OUT, claim, "the order of the derivatives matters")
    assert note_verdicts(tmp_path, WRITTEN_OUT, r"\frac{\partial^2 E}{\partial z_i \partial z_j} = "
                                                r"s_i (\delta_{ij} - s_j)") == ["proved"]


def test_a_copy_among_more_factors_or_terms_is_found(tmp_path, capsys):
    # y_i exp(z_i) / Σ exp(z_k) holds s_i among more factors; −(W x + y + 1) holds a = W x + y among more terms
    head = WRITTEN_OUT.replace('"E" =', '"F" = "Sum(y[i]*exp(z[i]) / Sum(exp(z[r]), (r, 1, n)), (i, 1, n))"\n'
                                        '"a[i]" = "Sum(W[i, k]*x[k], (k, 1, m)) + y[i]"\n'
                                        '"G" = "Sum(1/(1 + exp(-(Sum(W[i, k]*x[k], (k, 1, m)) + y[i] + 1))), (i, 1, n))"\n'
                                        '"E" =')
    assert_note_refused(tmp_path, capsys, head, r"\frac{\partial F}{\partial s_i} = 0", "F computes s again")
    assert_note_refused(tmp_path, capsys, head, r"\frac{\partial G}{\partial a_i} = 0", "G computes a again")


def test_a_quantity_sharing_inputs_but_not_computing_the_variable_keeps_its_zero(tmp_path):
    # an LSTM cell beside its output gate, a penalty beside the logits: independent, so 0 (a refusal's re-probe)
    head = WRITTEN_OUT.replace('"E" =', '"a[i]" = "tanh(z[i])"\n"b[i]" = "exp(Sum(W[i, k]*x[k], (k, 1, m)) + 1)"\n"E" =')
    assert note_verdicts(tmp_path, head, r"\frac{\partial a_i}{\partial s_j} = 0",
                         r"\frac{\partial b_i}{\partial a_j} = 0") == ["proved", "proved"]


def test_a_definition_by_a_derivative_of_a_quantity_that_computes_the_variable_again_is_refused(tmp_path, capsys):
    head = WRITTEN_OUT.replace('"E" =', '"d[i]" = "diff(L, z[i])"\n"E" =')
    p = tmp_path / "notes.md"
    p.write_text(head + "\n$$\nd_j = 0\n$$\n")
    assert_one_line_error(p, head.count("\n") - 2, "definition of d[i]: L computes z again", capsys)


def test_a_derivative_file_claim_by_a_quantity_computed_again_is_refused(tmp_path, capsys):
    block = WRITTEN_OUT.split("```derive\n")[1].split("```")[0]
    p = tmp_path / "written_out.derive.toml"
    p.write_text('title = "written out"\n' + block + '[[claim]]\neq = "diff(y[i], z[j]) = 0"\n'
                 '[[claim]]\neq = "diff(L, z[j]) = s[j] - y[j]"\n')
    assert_one_line_error(p, block.count("\n") + 5, "L computes z again", capsys)


def test_letters_and_digits_that_spell_a_declared_name_are_refused(tmp_path, capsys):
    # L2 beside quantities L and L2 was read L·2: L2 = 2 L (false) proved, ∂L2/∂w = 3 w² (true) refuted
    head = '```derive\n[inputs]\nw = []\n[define]\n"L" = "w**2"\n"L2" = "w**3"\n```\n'
    assert_note_refused(tmp_path, capsys, head, r"L2 = 2 L", r"write \mathrm{L2} for the name, or L \cdot 2")
    assert note_verdicts(tmp_path, head, r"\frac{\partial \mathrm{L2}}{\partial w} = 3 w^2", r"L \, 2 = 2 L") == \
        ["proved", "proved"]
    # w2 with w declared and no w2: w·2 to the grammar, a name to its writer (probe 7: W^T W2^T x proved as 2 WᵀW x)
    assert_note_refused(tmp_path, capsys, head, r"w2 = 2 w", "a letter and digits: w times 2, or a name w2")


def test_a_letter_and_digits_naming_a_quantity_read_as_it_when_the_letter_names_nothing(tmp_path):
    # W1 beside inputs W1 and h0 (no W, no h): "unknown symbol 'W'" before; the name is the one reading
    head = ('```derive\n[sizes]\nn = "units"\n[inputs]\nW1 = ["n", "n"]\nx = ["n"]\nh0 = ["n"]\n[define]\n'
            '"z[i]" = "Sum(W1[i, k]*x[k], (k, 1, n))"\n```\n')
    assert note_verdicts(tmp_path, head, "z = W1 x", r"z_i = \sum_k W1_{ik} x_k", "z = W1 h0 - W1 h0 + W1 x",
                         "z = W1 h0") == ["proved", "proved", "proved", "refuted"]


POISSON = """# The Poisson maximum-likelihood estimate

```derive
[sizes]
n = "samples"
[inputs]
x = ["n"]
lam = { shape = [], role = "param" }
[symbols]
'\\ell' = "l"
'\\lambda' = "lam"
[define]
"l" = "Sum(x[i]*log(lam) - lam, (i, 1, n))"
```
"""


def test_a_premise_ending_in_zero_sets_it_to_zero_for_what_follows_the_arrow(tmp_path, capsys):
    # ∂ℓ/∂λ = Σ x/λ - n = 0 ⟹ λ = x̄ claimed Σ x/λ - n = 0 and λ = x̄ for every λ: both true steps refuted
    assert note_verdicts(tmp_path, POISSON,
                         r"\frac{\partial \ell}{\partial \lambda} = \sum_{i=1}^{n} \frac{x_i}{\lambda} - n = 0 \implies "
                         r"\lambda = \frac{1}{n} \sum_{i=1}^{n} x_i",
                         r"\frac{\partial \ell}{\partial \lambda} = \sum_{i=1}^{n} \frac{x_i}{\lambda} - n = 0 \implies "
                         r"\lambda = \frac{2}{n} \sum_{i=1}^{n} x_i") == ["proved", "unproved", "proved", "refuted"]
    assert_note_refused(tmp_path, capsys, POISSON, r"\frac{\partial \ell}{\partial \lambda} = 0 \implies "
                                                   r"\lambda = \frac{1}{n} \sum_{i=1}^{n} x_i", "it sets a derivative to 0")


def test_an_inline_derivative_after_other_factors_is_one_value(tmp_path):
    # W^T ∂L/∂z was refused ("cannot read \partial"), s ⊙ W^T ∂L/∂z refuted as (s ⊙ Wᵀ) …, not defined
    head = ('```derive\n[sizes]\nn = "out"\nm = "in"\n[inputs]\nx = ["m"]\nW = ["n", "m"]\nv = ["n"]\ns = ["m"]\n'
            '[define]\n"z" = "W @ x"\n"L" = "Sum(v[i]*tanh(z[i]), (i, 1, n))"\n```\n')
    assert note_verdicts(tmp_path, head, r"\frac{\partial L}{\partial x} = W^\top \partial L / \partial z",
                         r"s \odot \frac{\partial L}{\partial x} = s \odot W^\top \partial L / \partial z",
                         r"s \odot \frac{\partial L}{\partial x} = s \odot s \odot W^\top \partial L / \partial z") == \
        ["proved", "proved", "refuted"]


def test_conditions_joined_by_a_comma_and_a_thin_space_are_both_kept(tmp_path):
    # x > 0,\, y > 0: the thin space's comma split the list, and the condition was refused
    head = '```derive\n[inputs]\nx = []\ny = []\n[define]\n"r" = "max(x, 0) * max(y, 0)"\n```\n'
    assert note_verdicts(tmp_path, head, r"r = x y \quad \text{if } x > 0,\, y > 0",
                         r"r = x y \quad \text{if } x > 0,\, y < 0") == ["proved", "refuted"]


def test_a_numbered_name_takes_a_superscript_as_any_name_does(tmp_path):
    # W2^\top (no W declared) was "unknown symbol 'W'" (a re-probe of 113be9b): the numbered name read only bare
    head = ('```derive\n[sizes]\nn = "units"\n[inputs]\nW1 = ["n", "n"]\nW2 = ["n", "n"]\nx = ["n"]\nh0 = []\n[define]\n'
            '"z1[i]" = "Sum(W1[i, k]*x[k], (k, 1, n))"\n"L" = "Sum(Sum(W2[i, k]*z1[k], (k, 1, n))**2, (i, 1, n)) / 2"\n```\n')
    assert note_verdicts(tmp_path, head, r"\frac{\partial L}{\partial z1} = W2^\top W2 z1",
                         r"\frac{\partial L}{\partial z1} = W2 W2^\top z1", r"h0^2 = h0 \cdot h0",
                         r"\frac{\partial L}{\partial x} = W1^\top W2^\top W2 z1") == ["proved", "refuted", "proved", "proved"]


def test_a_sum_sharing_one_term_with_a_quantity_is_no_copy_of_it(tmp_path):
    # CS231n's staged f: num = x + σ(y) beside xpy = x + y; the copy matcher took x + σ(y) for (x + y) + (σ(y) - y)
    # and refused ∂f/∂xpy (a re-probe's corpus run of 25b3d7d)
    head = ('```derive\n[inputs]\nx = []\ny = []\n[define]\n"num" = "x + 1/(1 + exp(-y))"\n"xpy" = "x + y"\n'
            '"f" = "num / xpy**2"\n```\n')
    assert note_verdicts(tmp_path, head, r"\frac{\partial f}{\partial \mathrm{xpy}} = -2 \frac{\mathrm{num}}{\mathrm{xpy}^3}") \
        == ["proved"]


def test_a_derivative_defined_upstream_of_the_variable_is_no_earlier_derivative(tmp_path, capsys):
    # probe 6: MAML's w2 = w - η ∂L1/∂w, and a penalty R on e = ∂L/∂z differentiated by e, were refused as
    # "differentiates by w2 after w"; ∂lv/∂σ with σ = exp(lv/2) was 0 (the true 2/σ refuted): refused now
    head = ('```derive\n[sizes]\nn = "classes"\n[inputs]\nz = ["n"]\ny = ["n"]\nlv = []\n[define]\n'
            '"s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"\n"L" = "-Sum(y[i]*log(s[i]), (i, 1, n))"\n'
            '"e[i]" = "diff(L, z[i])"\n"R" = "Sum(e[i]**2, (i, 1, n))"\n"w2[i]" = "z[i] - e[i]"\n'
            '"M" = "Sum(w2[i]**2, (i, 1, n))"\n"sig" = "exp(lv/2)"\n```\n')
    assert note_verdicts(tmp_path, head, r"\frac{\partial R}{\partial e_i} = 2 e_i",
                         r"\frac{\partial M}{\partial \mathrm{w2}_i} = 2 \mathrm{w2}_i") == ["proved", "proved"]
    assert_note_refused(tmp_path, capsys, head, r"\frac{\partial \mathrm{lv}}{\partial \mathrm{sig}} = "
                                                r"\frac{2}{\mathrm{sig}}", "sig is computed from lv")
    # an inline second derivative by quantities computed one from the other is refused as its fraction is
    assert_note_refused(tmp_path, capsys, head, r"\partial^2 L / \partial s_i \partial z_j = 0",
                        "the order of the derivatives matters")


def test_a_quantity_computed_entry_by_entry_from_one_input_read_beside_it_is_refused(tmp_path, capsys):
    # probe 8: with p = σ(z), ∂L/∂p of a loss written in z was 0 (the true (p - y)/(p(1 - p)) refuted).  Newton's
    # θ - f'/f'' by f'' (f' is not computed through f'') is read as before
    head = ('```derive\n[inputs]\nz = []\ny = []\nv = []\nx = []\nth = []\na = []\n[define]\n"p" = "1/(1 + exp(-z))"\n'
            '"L" = "log(1 + exp(-z)) + (1 - y)*z"\n"sig" = "exp(v/2)"\n"nll" = "x**2/(2*sig**2) + v/2"\n'
            '"f" = "exp(a*th) - th**3"\n"fp" = "diff(f, th)"\n"fpp" = "diff(fp, th)"\n"thn" = "th - fp/fpp"\n```\n')
    assert_note_refused(tmp_path, capsys, head, r"\frac{\partial L}{\partial p} = \frac{p - y}{p (1 - p)}",
                        "p is computed entry by entry from z, and")
    # reading both σ and v, the NLL is differentiated as a computational graph is (CS231n's staged backprop: f of
    # x and σ(x), ∂f/∂σ(x) with x held fixed), and its ∂ℓ/∂σ holds v fixed
    assert note_verdicts(tmp_path, head, r"\frac{\partial \mathrm{thn}}{\partial \mathrm{fpp}} = \frac{\mathrm{fp}}"
                                         r"{\mathrm{fpp}^2}", r"\frac{\partial L}{\partial z} = p - y",
                         r"\frac{\partial \mathrm{nll}}{\partial \mathrm{sig}} = -\frac{x^2}{\mathrm{sig}^3}") == ["proved"] * 3


def test_a_premise_ending_in_zero_with_spacing_before_the_arrow_sets_it_to_zero(tmp_path):
    # probe 5: '= 0 \quad \implies \quad' kept the spacing in the side, so '0 \quad' was no zero: both refuted
    assert note_verdicts(tmp_path, POISSON,
                         r"\frac{\partial \ell}{\partial \lambda} = \sum_{i=1}^{n} \frac{x_i}{\lambda} - n = 0 \quad "
                         r"\implies \quad \lambda = \frac{2}{n} \sum_{i=1}^{n} x_i",
                         r"\frac{\partial \ell}{\partial \lambda} = \sum_{i=1}^{n} \frac{x_i}{\lambda} - n = 0 \;"
                         r"\Longrightarrow\; \lambda = \frac{1}{n} \sum_{i=1}^{n} x_i") == \
        ["proved", "refuted", "proved", "unproved"]


def test_a_transpose_tucked_in_with_a_negative_thin_space_reads(tmp_path):
    # probe 11: (A x)^{\!\top}, as papers set it, was refused ("a transpose is a superscript")
    head = '```derive\n[sizes]\nn = "n"\n[inputs]\nA = ["n", "n"]\nx = ["n"]\n```\n'
    assert note_verdicts(tmp_path, head, r"\left( A x \right)^{\!\top} = x^\top A^\top",
                         r"x^{\!\top} A^{\,\top} = (A x)^{\top}", r"x^{\!\top} A = (A x)^{\top}") == ["proved", "proved", "refuted"]


@pytest.mark.parametrize("p, loss", [
    ("1/(1 + exp(-z[i]))", "Sum(log(1 + exp(z[i])) - y[i]*z[i], (i, 1, n))"),
    # a re-probe: an entry read at other indices (a reversal), through an entrywise map of its own (a = z / T)
    ("1/(1 + exp(-z[n + 1 - i]))", "Sum(log(1 + exp(z[i])) - y[i]*z[i], (i, 1, n))"),
    ("1/(1 + exp(-q[i]))", "Sum(log(1 + exp(z[i]/T)) - y[i]*z[i]/T, (i, 1, n))"),
    # a temperature beside the one entry it is computed from: z is still a function of p to a reader
    ("1/(1 + exp(-z[i]/T))", "Sum(log(1 + exp(z[i]/T)) - y[i]*z[i]/T, (i, 1, n))"),
])
def test_a_vector_computed_entry_by_entry_from_one_input_read_beside_it_is_refused(tmp_path, capsys, p, loss):
    # session 49: the rule above held for scalars only (z[i] and its label z were two atoms): with p_i = σ(z_i) and a
    # loss written in z, ∂L/∂p_j = 0 was proved
    head = (f'```derive\n[sizes]\nn = "n"\n[inputs]\nz = ["n"]\ny = ["n"]\nT = []\n[define]\n"q[i]" = "z[i]/T"\n"p[i]" = "{p}"\n'
            f'"L" = "{loss}"\n"M" = "Sum(y[i]*log(p[i]) + z[i]**2, (i, 1, n))"\n```\n')
    assert_note_refused(tmp_path, capsys, head, r"\frac{\partial L}{\partial p_j} = 0", "not p: derive holds")
    # reading p beside z, it is the computational graph's ∂M/∂p (z held fixed)
    assert note_verdicts(tmp_path, head, r"\frac{\partial M}{\partial p_j} = \frac{y_j}{p_j}") == ["proved"]
