"""A re-probe of the notation read today (keys of squares, primes, h'(0), the evaluation bar, bracketed conditions):
false proofs it found are refused or read right, and the crashes are one-line refusals."""
from __future__ import annotations

import pytest

from _oneline import assert_note_refused, assert_one_line_error
from _checking import note_verdicts


_verdicts, _refused = note_verdicts, assert_note_refused


MATRIX_SQUARE = """# A matrix's square mapped

```derive
[sizes]
n = "n"
[inputs]
A2 = ["n", "n"]
[symbols]
'A^2' = "A2"
```
"""


@pytest.mark.parametrize("claim", [
    # (A^{-2})_{ij} is an entry of an inverse, A^4 a matrix power: never the entry's power
    r"A^{-2}_{ij} = \frac{1}{A^2_{ij}}",
    r"A^4_{ij} = \left(A^2_{ij}\right)^2",
])
def test_a_power_of_a_mapped_matrix_square_is_refused(tmp_path, capsys, claim):
    _refused(tmp_path, capsys, MATRIX_SQUARE, claim, "maps a matrix")


def test_a_mapped_matrix_square_still_reads_as_itself(tmp_path):
    assert _verdicts(tmp_path, MATRIX_SQUARE, r"A^2_{ij} = A^2_{ij}", r"A^2_{ij} = 2 A^2_{ij}") == \
        ["proved", "refuted"]


LAYERS = """# Layer tags

```derive
[sizes]
n = "n"
[inputs]
z1 = ["n"]
z2 = ["n"]
[symbols]
'z^1' = "z1"
'z^2' = "z2"
```
"""


def test_an_even_power_of_a_layer_tag_is_refused(tmp_path, capsys):
    # z^4 names layer 4 here, not (z^2)^2
    _refused(tmp_path, capsys, LAYERS, r"z^4_j = \left(z^2_j\right)^2", "is the superscript a power or a tag?")


def test_layer_tags_still_name_their_layers(tmp_path):
    assert _verdicts(tmp_path, LAYERS, r"z^2_j + z^1_j = z^1_j + z^2_j", r"z^2_j = z^1_j") == ["proved", "refuted"]


PRIMED = """# Primes

```derive
[inputs]
x = []
[define]
"h" = "x**3 + 2*x"
```
"""


@pytest.mark.parametrize("claim", [
    # four primes lex as three and one: the fourth was dropped, h'''' read as h'''
    r"h''''(0) = 6",
    r"h''''(x) = 6",
    r"\sigma''''(0) = 0",
])
def test_more_than_three_primes_are_refused(tmp_path, capsys, claim):
    _refused(tmp_path, capsys, PRIMED, claim, "more than three primes")


def test_three_primes_still_read(tmp_path):
    assert _verdicts(tmp_path, PRIMED, r"h'''(0) = 6", r"h'''(0) = 0") == ["proved", "refuted"]


FOLDED = """# Definitions SymPy folds

```derive
[inputs]
x = []
[define]
"k" = "sqrt(x)**2"
"m" = "exp(log(x))"
"z" = "sqrt(x)"
"w" = "z**2"
"h" = "x**3 + 2*x"
```
"""


@pytest.mark.parametrize("claim, fragment", [
    # (√x)² and e^{log x} are x once built, but as written they have no value at x < 0: never proved there
    (r"k'(-1) = 1", r"cannot read k'(-1)"),
    (r"m'(-4) = 1", r"cannot read m'(-4)"),
    (r"w'(-1) = 1", r"cannot read w'(-1)"),
    (r"\left. k \right|_{x=-1} = -1", r"cannot read the bar |_{x=-1}"),
    (r"\left.\frac{d m}{d x}\right|_{x=-1} = 1", r"cannot read the bar |_{x=-1}"),
    (r"\left.\left(\sqrt{x}\right)^2\right|_{x=-1} = -1", r"cannot read the bar |_{x=-1}"),
])
def test_a_point_outside_the_written_domain_is_refused(tmp_path, capsys, claim, fragment):
    _refused(tmp_path, capsys, FOLDED, claim, fragment)


def test_a_value_at_a_point_of_a_derivative_by_a_defined_scalar_is_refused_in_words(tmp_path, capsys):
    # z = √x put in for z left SymPy's "\\nCan't calculate derivative wrt sqrt(x)." as the reason
    _refused(tmp_path, capsys, FOLDED, r"\left.\frac{\partial w}{\partial z}\right|_{x=1} = 2",
             "cannot read the bar |_{x=1} (a value at a point is read for derivatives by declared inputs, and z is defined")


def test_a_smooth_definition_at_a_point_still_reads(tmp_path):
    assert _verdicts(tmp_path, FOLDED, r"h'(-1) = 5", r"\left. h \right|_{x=-1} = -3", r"h'(-1) = 3") == \
        ["proved", "proved", "refuted"]


SUM = """# Bracketed conditions

```derive
[sizes]
n = "n"
[inputs]
a = []
b = []
y = ["n"]
[define]
"c" = "a + b"
```
"""


@pytest.mark.parametrize("claim", [
    # brackets that are no single equation of inputs: an internal error before, now refused on their line
    r"c = 2b \qquad ((a = b))",
    r"c = 2b \qquad \left(\left(\sum_i y_i = 1\right)\right)",
    r"c = 2b \qquad (\implies a = b)",
    r"c = 2b \qquad (\Rightarrow a = b)",
    r"c = 2b \qquad (a = b)(a = 0)",
    r"c = 2b \qquad (\sum_i y_i=1) \qquad (\sum_i y_i=3)",
    r"c = 2b \qquad (1) \qquad (a = b)",
])
def test_brackets_that_hold_no_single_hypothesis_are_refused(tmp_path, capsys, claim):
    _refused(tmp_path, capsys, SUM, claim, "cannot read")


def test_a_bracketed_hypothesis_still_reads(tmp_path):
    assert _verdicts(tmp_path, SUM, r"c = 2b \qquad (a = b)", r"c = 2b \qquad \left(a = b\right)",
                     r"c = 2b \qquad (a = 2b)") == ["proved", "proved", "refuted"]


QUOTIENTS = """# Quotients SymPy folds

```derive
[inputs]
x = []
y = []
[define]
"g" = "x**2/x"
"p" = "1/(1 + exp(-x))"
"r" = "x/(1 + x**2)"
```
"""


@pytest.mark.parametrize("claim, fragment", [
    # x/x and x²/x are built as 1 and x, but as written have no value at 0: never proved there
    (r"\left.\frac{x}{x}\right|_{x=0} = 1", r"cannot read the bar |_{x=0}"),
    (r"\left. x^{-1} x \right|_{x=0} = 1", r"cannot read the bar |_{x=0}"),
    (r"g'(0) = 1", r"cannot read g'(0)"),
    (r"\left.\frac{dg}{dx}\right|_{x=0} = 1", r"cannot read the bar |_{x=0}"),
])
def test_a_point_where_a_written_denominator_may_vanish_is_refused(tmp_path, capsys, claim, fragment):
    _refused(tmp_path, capsys, QUOTIENTS, claim, fragment)


def test_a_denominator_that_never_vanishes_still_reads(tmp_path):
    assert _verdicts(tmp_path, QUOTIENTS, r"p'(0) = \frac{1}{4}", r"r'(0) = 1", r"r'(0) = 2",
                     r"\left.\frac{x^2 + 1}{x^2 + 1}\right|_{x=0} = 1") == ["proved", "proved", "refuted", "proved"]


MAXIMA = """# Maxima

```derive
[sizes]
n = "n"
[inputs]
v = ["n"]
```
"""


@pytest.mark.parametrize("claim", [
    # the maximum's square, as \max(0, 1 - z)^2 is, or the maximum of the squares?
    r"\max_i(v_i)^2 = \max_i v_i^2",
    r"\min_i \left(v_i\right)^2 = \min_i v_i^2",
])
def test_a_powered_bracket_after_a_maximum_over_an_index_is_refused(tmp_path, capsys, claim):
    _refused(tmp_path, capsys, MAXIMA, claim, "(ambiguous: the power of the")


def test_maxima_written_unambiguously_still_read(tmp_path):
    assert _verdicts(tmp_path, MAXIMA, r"\left(\max_i v_i\right)^2 = \left(\max_j v_j\right)^2",
                     r"\sum_i (v_i)^2 = \sum_i v_i^2", r"\max_i v_i^2 = \left(\max_i v_i\right)^2") == \
        ["proved", "proved", "refuted"]


VARIANCE = """# A variance

```derive
[inputs]
y = []
v = []
mu = []
[symbols]
'\\sigma^2' = "v"
```
"""


def test_an_even_power_of_a_mapped_square_before_a_bracket_is_refused(tmp_path, capsys):
    # \sigma^4(y): the sigmoid's power at y, or v^2 times y?
    _refused(tmp_path, capsys, VARIANCE, r"\sigma^4(y) = v^2 y", r"cannot read \sigma^4(…) (ambiguous")


def test_an_even_power_of_a_mapped_square_elsewhere_still_reads(tmp_path):
    assert _verdicts(tmp_path, VARIANCE, r"\frac{(y - \mu)^2}{2\sigma^4} = \frac{(y - \mu)^2}{2 v^2}",
                     r"\frac{(y - \mu)^2}{2\sigma^4} = \frac{(y - \mu)^2}{2 v}") == ["proved", "refuted"]


def test_a_name_and_its_square_both_mapped_are_refused(tmp_path, capsys):
    head = VARIANCE.replace("s = []", "").replace("[symbols]\n", "[symbols]\n'\\sigma' = \"mu\"\n")
    p = tmp_path / "notes.md"
    p.write_text(head + "\n$$\ny = y\n$$\n")
    assert_one_line_error(p, 10, "never as the square of mu", capsys)


def test_messages_name_what_was_written(tmp_path, capsys):
    head = "# f\n\n```derive\n[inputs]\nx = []\ny = []\n[define]\n\"f\" = \"x**3 + x*y\"\n```\n"
    _refused(tmp_path, capsys, head, r"f'(0) = y", r"\frac{\partial f}{\partial x}")
    head = "# p\n\n```derive\n[sizes]\nn = \"n\"\n[inputs]\nq = [\"n\"]\n[symbols]\n'\\log p' = \"q\"\n```\n"
    _refused(tmp_path, capsys, head, r"\log p_j^2 = 2 q_j", r"cannot read \log p_j^2 (the superscript is p_j's")


def test_a_function_key_beside_its_declared_argument_is_refused(tmp_path, capsys):
    """'\\cos\\phi' = "t" beside a declared φ proved ∂cos φ/∂φ = 0 (read ∂t/∂φ, t another input)."""
    from derive.cli import main
    note = tmp_path / "angle.md"
    note.write_text("```derive\n[inputs]\nphi = []\nt = []\n[symbols]\n'\\cos\\phi' = \"t\"\n```\n\n"
                    "$$\n\\frac{\\partial \\cos\\phi}{\\partial \\phi} = 0\n$$\n")
    assert main(["check", "--no-cache", str(note)]) == 2
    assert f"{note}:6: [symbols]" in capsys.readouterr().err


@pytest.mark.parametrize("define, point, claims", [
    ('"u" = "log(x)"\n"v" = "x + u - u"', "-1", [r"v'(-1) = 1", r"\left. v \right|_{x=-1} = -1"]),
    ('"r" = "1/(x-1)"\n"v" = "x + r - r"', "1", [r"v'(1) = 1", r"\left. v \right|_{x=1} = 1"]),
    ('"s" = "sqrt(x)"\n"v" = "x + s*0"', "-1", [r"v'(-1) = 1", r"\left.\frac{\partial v}{\partial x}\right|_{x=-1} = 1"]),
])
def test_a_definition_folded_away_on_the_chain_still_bounds_the_point(tmp_path, capsys, define, point, claims):
    """v = x + u − u with u = log x is x once SymPy folds it, but has no value at x = −1 as written: v'(−1) = 1 was
    proved.  The guard follows the names each definition writes, not only those left after folding."""
    from derive.cli import main
    for claim in claims:
        note = tmp_path / "chain.md"
        note.write_text(f"```derive\n[inputs]\nx = []\n[define]\n{define}\n```\n\n$$\n{claim}\n$$\n")
        assert main(["check", "--no-cache", str(note)]) == 2, claim
        assert f"{note}:10: cannot read" in capsys.readouterr().err
    # folded away but defined everywhere (u = x²): read and proved
    note = tmp_path / "fine.md"
    note.write_text('```derive\n[inputs]\nx = []\n[define]\n"u" = "x**2"\n"v" = "x + u - u"\n```\n\n$$\nv\'(-1) = 1\n$$\n')
    assert main(["check", "--no-cache", str(note)]) == 0


@pytest.mark.parametrize("key", [r"\log(z)", r"\log{z}", r"\sigma(z)", r"\log\left(z\right)"])
def test_a_bracketed_function_key_beside_its_declared_argument_is_refused(tmp_path, capsys, key):
    from derive.cli import main
    note = tmp_path / "key.md"
    note.write_text(f"```derive\n[inputs]\nz = []\nq = []\n[symbols]\n'{key}' = \"q\"\n```\n\n$$\nq = q\n$$\n")
    assert main(["check", "--no-cache", str(note)]) == 2
    assert f"{note}:6: [symbols]" in capsys.readouterr().err


CS229 = r"""# CS229's least squares

```derive
[sizes]
m = "examples"
n = "features"
[inputs]
x = ["m", "n"]
y = ["m"]
theta = ["n"]
[define]
"h[i]" = "Sum(theta[j]*x[i, j], (j, 1, n))"
"J" = "Sum((h[i] - y[i])**2, (i, 1, m)) / 2"
[symbols]
'h_\theta' = "h"
```
"""


def test_a_hypothesis_written_at_an_examples_row_is_its_entry(tmp_path):
    # h_θ(x^{(i)}) was read as the whole vector h times the row x^{(i)}: a shape mismatch ended the note
    assert _verdicts(tmp_path, CS229,
                     r"\frac{\partial J}{\partial \theta_j} = \sum_{i=1}^{m} \left( h_\theta(x^{(i)}) - y^{(i)} \right) x_j^{(i)}",
                     r"\frac{\partial J}{\partial \theta_j} = \sum_{i=1}^{m} \left( y^{(i)} - h_\theta(x^{(i)}) \right) x_j^{(i)}",
                     r"J = \frac{1}{2} \sum_{i=1}^{m} \left( h_\theta(\mathbf{x}^{(i)}) - y^{(i)} \right)^2",
                     r"J = \sum_{i=1}^{m} \left( h_\theta(x^{(i)}) - y^{(i)} \right)^2",
                     r"J = \frac{1}{2} \sum_{i=1}^{m} h_\theta(x^{(i)})^2 - \sum_{i=1}^{m} h_\theta(x^{(i)}) y^{(i)} + "
                     r"\frac{1}{2} \sum_{i=1}^{m} (y^{(i)})^2",
                     r"J = \frac{1}{2} \sum_{i=1}^{m} h_\theta(x^{(i)})^2") == \
        ["proved", "refuted", "proved", "refuted", "proved", "refuted"]


def test_a_vector_whose_entry_reads_another_row_is_no_function_of_the_examples_row(tmp_path, capsys):
    other = CS229.replace('"h[i]" = "Sum(theta[j]*x[i, j], (j, 1, n))"', '"h[i]" = "Sum(theta[j]*x[1, j], (j, 1, n)) + y[i]"')
    _refused(tmp_path, capsys, other, r"J = \frac{1}{2} \sum_{i=1}^{m} \left( h_\theta(x^{(i)}) - y^{(i)} \right)^2",
             "shape mismatch")


FONTS = r"""# Plain TeX's font switches

```derive
[inputs]
w = []
[define]
"C" = "w**2 / 2"
"E" = "w**3"
[symbols]
'C_{\rm CE}' = "C"
'E_{\mathrm{MSE}}' = "E"
```
"""


def test_a_font_switch_names_what_its_latex_spelling_names(tmp_path):
    # {\rm d}L/{\rm d}w was "cannot read \rm"; a key and the math may spell the font either way
    assert _verdicts(tmp_path, FONTS, r"\frac{{\rm d}C_{\rm CE}}{{\rm d}w} = w", r"C_{\mathrm{CE}} = w",
                     r"{\rm d}E_{\rm MSE}/{\rm d}w = 3 w^2") == ["proved", "refuted", "proved"]


ENTRIES = r"""# An operator before a product with a bracketed entry

```derive
[sizes]
n = "n"
[inputs]
w = ["n"]
t = []
[define]
"s[i]" = "sigmoid(w[i])"
```
"""


def test_an_operator_takes_a_bracketed_entry_among_its_factors(tmp_path):
    # the operand stopped at (s)_j: ∂/∂w_j of t alone, times s_j, and "= 0" was proved
    assert _verdicts(tmp_path, ENTRIES, r"\frac{\partial}{\partial w_j} t (s)_j = 0",
                     r"\frac{\partial}{\partial w_j} t (s)_j = t s_j (1 - s_j)",
                     r"\frac{\partial}{\partial w_j} \frac{t}{2} (w)_j = \frac{t}{2}") == ["refuted", "proved", "proved"]


@pytest.mark.parametrize("claim", [r"|w|_1 = w_1", r"\frac{\partial}{\partial w_j} t |w|_1 = 0",
                                   r"\sum_{i=1}^{n} |w - s|_i = \sum_{i=1}^{n} (w_i - s_i)", r"\left|w\right|_1 = w_1"])
def test_a_subscript_after_an_absolute_value_is_refused(tmp_path, capsys, claim):
    # |w|_1 read as the entry w_1 lost its absolute value: |w|_1 = w_1 was proved
    _refused(tmp_path, capsys, ENTRIES, claim, "a subscript after an absolute value")


SIZE_D = r"""# A size named d

```derive
[sizes]
d = "dimension"
[inputs]
w = []
x = ["d"]
[define]
"L" = "w**2 / 2"
```
"""


@pytest.mark.parametrize("claim", [r"{\rm d}L = \frac{w}{2}\,{\rm d}w", r"\mathrm{d}L = w\,\mathrm{d}w"])
def test_an_upright_d_beside_a_size_named_d_is_refused(tmp_path, capsys, claim):
    # differentials to a reader, d·L = w·d·w to the letter: the false first one was proved, the true second refuted
    _refused(tmp_path, capsys, SIZE_D, claim, "an upright d is a differential")


GAUSS = r"""# A density with its parameters after a semicolon

```derive
[inputs]
x = []
mu = []
s = []
w = []
[define]
"N" = "exp(-(x - mu)**2 / (2*s**2))"
"L" = "w**2 / 2"
[symbols]
'\mathcal{N}' = "N"
```
"""


def test_a_semicolon_separates_arguments_and_thin_spaces_do_not_change_a_list(tmp_path):
    assert _verdicts(tmp_path, GAUSS, r"\mathcal{N}(x\,;\,\mu,\,s) = \mathcal{N}(x; \mu, s)",
                     r"\mathcal{N}(x; \mu, s) = 1") == ["proved", "refuted"]


def test_a_semicolon_between_two_equations_is_refused_as_written(tmp_path, capsys):
    # made a comma, it was refused as a ',' the author never wrote
    _refused(tmp_path, capsys, GAUSS, r"L = \frac{w^2}{2}; \frac{\partial L}{\partial w} = 2w", "cannot read ';' here")


@pytest.mark.parametrize("claim", [r"\sum_{j \ne 1, j \ne 2} w_j = (n-1) \sum_{j \ne 2} w_j",
                                   r"\sum_{\substack{j \ne 1 \\ j \ne 2}} w_j = (n-1) \sum_{j \ne 2} w_j",
                                   r"\sum_{j < 2, j \ne 1} w_j = 0"])
def test_two_conditions_on_one_summation_index_are_refused(tmp_path, capsys, claim):
    # read as two nested sums (the first condition lost, the rest times n - 1): the false first claim was proved
    # and the true last one refuted
    _refused(tmp_path, capsys, ENTRIES, claim, "each index under \\sum once")


SOFTMAX = r"""# The softmax Jacobian's diagonal, stated with where

```derive
[sizes]
n = "classes"
[inputs]
z = ["n"]
[define]
"s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"
```
"""


@pytest.mark.parametrize("word", [r"\text{where } i = j", r"\text{with } j = i", r", \quad \text{where } i = j"])
def test_where_with_an_equation_of_indices_is_a_condition(tmp_path, word):
    # dropped as prose (it names no quantity): the true diagonal was refuted at i ≠ j
    assert _verdicts(tmp_path, SOFTMAX, rf"\frac{{\partial s_i}}{{\partial z_j}} = s_i (1 - s_i) \quad {word}",
                     rf"\frac{{\partial s_i}}{{\partial z_j}} = s_i s_j \quad {word}") == ["proved", "refuted"]


@pytest.mark.parametrize("word", [r"\text{for } i \text{ different from } j", r"\text{where } i \text{ equals } j",
                                  r"\text{if } s_i \text{ is positive}", r"\text{given } i \text{ other than } j",
                                  r"\text{for each } i \text{ distinct from } j", r"\text{when } i \text{ and } j \text{ differ}",
                                  r"\text{for every positive } s_i", r"\text{off the diagonal}"])
def test_a_condition_told_in_words_is_refused(tmp_path, capsys, word):
    # dropped as prose, the claim was checked where its writer excluded it: -s_i s_j refuted on the diagonal
    _refused(tmp_path, capsys, SOFTMAX, rf"\frac{{\partial s_i}}{{\partial z_j}} = -s_i s_j \quad {word}",
             "a condition told in words")


def test_a_reason_in_words_stays_a_remark(tmp_path):
    assert _verdicts(tmp_path, SOFTMAX, r"\frac{\partial s_i}{\partial z_j} = s_i (\delta_{ij} - s_j) "
                                        r"\quad \text{since every } s_k \text{ is positive}") == ["proved"]
