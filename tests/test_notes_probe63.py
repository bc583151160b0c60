"""What session 63 found: words between the rows of a display that restate a defined quantity otherwise; each test
of a fix failing on the code before it."""
from __future__ import annotations

from _checking import checked, loaded, note_verdicts
from _oneline import assert_note_refused, assert_one_line_error

#: Ridge regression with the residual r = y - Xw, as the derive block defines it.
RIDGE = """```derive
[sizes]
n = "samples"
d = "features"
[inputs]
X = ["n", "d"]
y = ["n"]
w = ["d"]
lam = []
z = []
[define]
r = "y - X @ w"
L = "sum(r * r) / 2 + lam / 2 * sum(w * w)"
p = "sigmoid(z)"
[symbols]
'\\lambda' = "lam"
```
"""

GRADIENT = r"\frac{\partial L}{\partial w} &= -X^\top r + \lambda w"


def test_a_definition_restated_otherwise_between_rows_is_refused(tmp_path, capsys) -> None:
    # the note's reader takes r = Xw - y, for which the gradient is X^T r + λw; derive read the block's r = y - Xw
    # and proved -X^T r + λw, the words between the rows ignored
    assert_note_refused(tmp_path, capsys, RIDGE,
                        r"\begin{aligned}\intertext{where $r = Xw - y$ is the residual, so} " + GRADIENT
                        + r"\end{aligned}", "'r = Xw - y' between rows does not hold with the derive block's definition of r")
    assert_note_refused(tmp_path, capsys, RIDGE,
                        r"\begin{aligned}\shortintertext{let \(p = \sigma(-z)\); then} \frac{\partial p}{\partial z} &= p(1 - p)"
                        r"\end{aligned}", "'p = \\sigma(-z)' between rows")
    # a chain (only its first link restates p), the sides reversed, := and inline math of LaTeX's other spellings
    for words, fragment in ((r"let $p = \sigma(z) = \frac{1}{1 + e^{z}}$; then", r"'p = \sigma(z) = \frac{1}{1 + e^{z}}'"),
                            (r"where $\frac{1}{1 + e^{z}} = p$,", "definition of p"),
                            (r"writing $p := \sigma(-z)$,", "definition of p"),
                            (r"let \ensuremath{p = \sigma(-z)}; then", "definition of p"),
                            (r"let \begin{math}p = \sigma(-z)\end{math}; then", "definition of p"),
                            (r"let $p = \sigma(z)$, $1 - p = \sigma(z)$; then", "'1 - p = \\sigma(z)'")):
        assert_note_refused(tmp_path, capsys, RIDGE, rf"\begin{{aligned}}\intertext{{{words}}} "
                            r"\frac{\partial p}{\partial z} &= p(1 - p)\end{aligned}", fragment)


def test_two_indices_tied_between_rows_are_refused(tmp_path, capsys) -> None:
    # s_i(1 - s_i) under "Now take $i = j$:" holds on the diagonal; the words dropped, it was refuted at i ≠ j
    for words in ("where $i = j$,", "Now take $i = j$:", "Assume $i = j$. Then", "Choose $j = i$; then"):
        assert_note_refused(tmp_path, capsys, RIDGE, rf"\begin{{aligned}}\intertext{{{words}}} "
                            r"\frac{\partial r_i}{\partial y_j} &= 1\end{aligned}", "cannot read the condition")


def test_words_between_rows_that_restate_a_definition_or_name_none_are_prose(tmp_path) -> None:
    assert note_verdicts(
        tmp_path, RIDGE,
        r"\begin{aligned}\intertext{where $r = y - Xw$ is the residual, so} " + GRADIENT + r"\end{aligned}",
        r"\begin{aligned}\intertext{with $p = \sigma(z)$ and since $e^{a + b} = e^a e^b$,} \frac{\partial p}{\partial z} &= p(1 - p)"
        r"\end{aligned}",
        r"\begin{aligned}\intertext{the same with $X^\top r$ written out:} " + GRADIENT + r"\end{aligned}",
        # restatements symbolic cancellation alone did not show (refused before), a range, a name of the words' own
        r"\begin{aligned}\intertext{let $p = 1 - \sigma(-z)$; then} \frac{\partial p}{\partial z} &= p(1 - p)"
        r"\end{aligned}",
        r"\begin{aligned}\intertext{let $\sigma(z) = p$ and $L = \frac{1}{2} r^\top r + \frac{\lambda}{2} w^\top w$,} "
        + GRADIENT + r"\end{aligned}",
        r"\begin{aligned}\intertext{for every sample $i = 1, \dots, n$, with $e = -r$ the error,} " + GRADIENT
        + r"\end{aligned}",
    ) == ["proved"] * 6


#: Softmax cross-entropy with soft labels summing to 1, and a sigmoid of an input z.
SOFTMAX = """```derive
given = ["Sum(y[k], (k, 1, n)) = 1"]
[sizes]
n = "classes"
m = "features"
[inputs]
u = ["n"]
y = ["n"]
z = []
w = ["m"]
x = ["m"]
[define]
"s[i]" = "exp(u[i]) / Sum(exp(u[k]), (k, 1, n))"
"L" = "-Sum(y[i]*log(s[i]), (i, 1, n))"
p = "sigmoid(z)"
```
"""

SOFT_GRADIENT = r"\frac{\partial L}{\partial u_j} &= s_j - y_j"


def test_inputs_tied_or_constrained_between_rows_beyond_the_givens_are_refused(tmp_path, capsys) -> None:
    # z is an input: under "where $z = w^T x$" a reader takes ∂p/∂w = p(1 - p)x, derive (z independent) 0; under
    # "since $\sum_k y_k = 2$" the gradient is 2s - y, and s - y was proved with the block's given
    for words, claim in (("where $z = w^\\top x$,", r"\frac{\partial p}{\partial w} &= p(1 - p) x"),
                         ("where $z = 0$,", r"p &= \frac{1}{2}"),
                         ("since $\\sum_k y_k = 2$ for these doubled soft labels,", SOFT_GRADIENT)):
        assert_note_refused(tmp_path, capsys, SOFTMAX, rf"\begin{{aligned}}\intertext{{{words}}} {claim}\end{{aligned}}",
                            "between rows states what the derive block does not")
    # without the given, the words state a hypothesis derive does not have (s - y was refuted where Σy ≠ 1)
    assert_note_refused(tmp_path, capsys, SOFTMAX.replace('given = ["Sum(y[k], (k, 1, n)) = 1"]\n', ""),
                        rf"\begin{{aligned}}\intertext{{since $\sum_k y_k = 1$,}} {SOFT_GRADIENT}\end{{aligned}}",
                        "'\\sum_k y_k = 1' between rows states what the derive block does not")


def test_a_given_restated_between_rows_is_prose(tmp_path) -> None:
    assert note_verdicts(tmp_path, SOFTMAX,
                         rf"\begin{{aligned}}\intertext{{since $\sum_k y_k = 1$,}} {SOFT_GRADIENT}\end{{aligned}}",
                         rf"\begin{{aligned}}\intertext{{as $1 = \sum_{{i=1}}^n y_i$ and $e^{{a + b}} = e^a e^b$,}} "
                         rf"{SOFT_GRADIENT}\end{{aligned}}") == ["proved"] * 2


def test_each_equation_of_a_list_and_every_side_of_a_chain_is_weighed(tmp_path, capsys) -> None:
    # the second equation of a comma list was compared with the first's sides, a chain opening with a name of the
    # words' own (e) was passed over whole: both proved a row read with the block's r and the reader's other one
    for words in (r"where $r = y - X w, \quad p = \sigma(-z)$,", r"with $e = X w - y = r$ the error,"):
        assert_note_refused(tmp_path, capsys, RIDGE, rf"\begin{{aligned}}\intertext{{{words}}} {GRADIENT}"
                            r"\end{aligned}", "does not hold with the derive block's definition of")
    assert note_verdicts(tmp_path, RIDGE, rf"\begin{{aligned}}\intertext{{where $r = y - X w, \quad p = \sigma(z)$,}} "
                         rf"{GRADIENT}\end{{aligned}}") == ["proved"]


def test_inputs_tied_between_rows_are_refused_beside_a_given_on_other_indices(tmp_path, capsys) -> None:
    # the given Σ_k y_k = 1 reads y; y_j = x_j is none of it, a tie the block does not have (the row was proved)
    assert_note_refused(tmp_path, capsys, SOFTMAX, rf"\begin{{aligned}}\intertext{{where $y_j = u_j$, so}} "
                        rf"{SOFT_GRADIENT}\end{{aligned}}", "'y_j = u_j' between rows states what")


def test_a_restatement_that_holds_under_the_givens_or_a_tie_the_row_does_not_read_is_prose(tmp_path) -> None:
    head = SOFTMAX.replace('p = "sigmoid(z)"', 'p = "sigmoid(z)"\n"g[j]" = "diff(L, u[j])"\n[symbols]\n\'\\delta\' = "g"')
    # δ = ∂L/∂u is s - y only where Σ_k y_k = 1: the points are drawn inside the given
    assert note_verdicts(tmp_path, head,
                         r"\begin{aligned}\intertext{so that $\delta = s - y$, the familiar form,} \delta_j &= s_j - y_j"
                         r"\end{aligned}",
                         r"\begin{aligned}\intertext{(the case $i = j$)} "
                         r"\frac{\partial s_i}{\partial u_i} &= s_i (1 - s_i)\end{aligned}") == ["proved"] * 2


def test_prose_that_discusses_another_convention_or_a_worked_value_is_read(tmp_path) -> None:
    # the prose is not checked: a first version refused a definition there that differs from the block's, and a
    # probe found seven kinds of ordinary sentences refused (another text's convention, a worked value, a special
    # case), each stopping the whole note; a contradiction there stays the reader's to see (words between rows,
    # where the rows below are read under them, are weighed)
    words = ("Some texts write $r = Xw - y$ instead, which flips the sign. Take $z = 2$ and let $p = \\sigma(z) = "
             "0.88$; had we set $r = y - 2Xw$, the gradient would double. With the residual as defined above,")
    p = tmp_path / "prose.md"
    p.write_text(f"{RIDGE}\n{words}\n\n$$\n\\frac{{\\partial L}}{{\\partial w}} = -X^\\top r + \\lambda w\n$$\n")
    (f,) = loaded(p)
    assert [c.verdict for c in checked(f, 60)] == ["proved"]


def test_a_row_wise_softmax_and_a_slice_say_how_to_write_them(tmp_path, capsys) -> None:
    # a probe: attention's softmax(QK^T/√d) and P_{i,:} were refused without a hint of what derive reads
    head = ('```derive\n[sizes]\nn = "tokens"\n[inputs]\nS = ["n", "n"]\n[define]\n'
            '"P[i, j]" = "exp(S[i, j]) / Sum(exp(S[i, k]), (k, 1, n))"\n```\n')
    assert_note_refused(tmp_path, capsys, head, r"P = \operatorname{softmax}(S)", "for one per row, write an entry")
    assert_note_refused(tmp_path, capsys, head, r"P_{i,:} = \operatorname{softmax}(S_{i,:})",
                        "a slice such as P_{i,:} is not read: write an entry")


def test_a_derivative_restated_otherwise_between_rows_is_refused(tmp_path, capsys) -> None:
    # a re-probe: a side holding a derivative was passed over, so δ_j = ∂L/∂s_j (the block's δ is ∂L/∂u_j) before
    # δ_j = s_j - y_j was proved; the derivative is carried out now as the prover does
    head = SOFTMAX.replace('p = "sigmoid(z)"', 'p = "sigmoid(z)"\n"g[j]" = "diff(L, u[j])"\n[symbols]\n\'\\delta\' = "g"')
    row = r"\delta_j &= s_j - y_j\end{aligned}"
    assert_note_refused(tmp_path, capsys, head, r"\begin{aligned}\intertext{where $\delta_j = \frac{\partial L}"
                        r"{\partial s_j}$ is the error,} " + row, "does not hold with the derive block's definition of")
    assert note_verdicts(tmp_path, head, r"\begin{aligned}\intertext{where $\delta_j = \frac{\partial L}{\partial u_j}$"
                         r" is the error,} " + row) == ["proved"]


def test_max_written_as_sympys_maximum_over_an_index_says_how_to_write_two_values(tmp_path, capsys) -> None:
    # a probe: "h" = "Max(z, 0)" (the larger of two values) said only "Max limits must look like (i, lo, hi)"
    p = tmp_path / "notes.md"
    p.write_text('```derive\n[inputs]\nz = []\n[define]\n"h" = "Max(z, 0)"\n```\n$$\nh = z\n$$\n')
    assert_one_line_error(p, 5, "max(a, b), lowercase; relu(z) for max(z, 0)", capsys)


def test_cases_whose_conditions_are_each_others_negation_by_de_morgan_are_read(tmp_path, capsys) -> None:
    # a probe: w = 0 and v < 0, then w ≠ 0 or v ≥ 0, was refused ("the cases must leave no value out"); the first
    # claims 5 where the slope of v relu(w) by v is relu(0) = 0
    head = '```derive\n[inputs]\nw = []\nv = []\n[define]\nF = "v * relu(w)"\n```\n'
    assert note_verdicts(
        tmp_path, head,
        r"\frac{\partial F}{\partial v} = \begin{cases} 5 & \text{if } w = 0 \text{ and } v < 0 \\ \Theta(w) w & "
        r"\text{if } w \ne 0 \text{ or } v \ge 0 \end{cases}",
        r"\frac{\partial F}{\partial v} = \begin{cases} 0 & \text{if } w < 0 \text{ and } v < 0 \\ \mathrm{relu}(w) & "
        r"\text{if } w \ge 0 \text{ or } v \ge 0 \end{cases}") == ["refuted", "proved"]
    # w > 0 or v ≥ 0 is no negation of w < 0 and v < 0 (w = 0, v < 0 is in neither): still refused
    assert_note_refused(tmp_path, capsys, head,
                        r"\frac{\partial F}{\partial v} = \begin{cases} 0 & \text{if } w < 0 \text{ and } v < 0 \\ "
                        r"\mathrm{relu}(w) & \text{if } w > 0 \text{ or } v \ge 0 \end{cases}",
                        "the cases must leave no value out")


def test_an_equation_in_brackets_beside_a_claim_says_how_to_write_a_condition(tmp_path, capsys) -> None:
    # a probe: \quad (w = n_1) was refused with "put it … after \quad" only, where it already stood
    head = ('```derive\n[sizes]\nV = "vocab"\nK = "negatives"\n[inputs]\nt = ["V"]\n[labels]\n'
            'n = { shape = ["K"], range = "V" }\n[define]\n"J" = "-Sum(log(sigmoid(-t[n[k]])), (k, 1, K))"\n```\n')
    assert_note_refused(tmp_path, capsys, head, r"\frac{\partial J}{\partial t_w} = \sigma(t_w) \quad (w = n_1)",
                        r"for a condition write \text{for } or \text{if } before it")


def test_a_sum_over_the_indices_meeting_a_condition_says_how_to_write_it(tmp_path, capsys) -> None:
    # a probe: the bias gradient as \sum_{i : y_i = j} 1 was refused "cannot read ':' here" alone
    head = ('```derive\n[sizes]\nN = "samples"\nK = "classes"\n[inputs]\nZ = ["N", "K"]\n[labels]\n'
            'y = { shape = ["N"], range = "K" }\n[define]\n"L" = "Sum(Z[i, y[i]], (i, 1, N))"\n```\n')
    assert_note_refused(tmp_path, capsys, head, r"\frac{\partial L}{\partial Z_{ij}} = \sum_{i : y_i = j} 1",
                        r"write the condition as a factor, \sum_i \mathbb{1}[y_i = j]")


def test_a_comparison_between_rows_that_holds_by_the_definitions_is_a_fact(tmp_path, capsys) -> None:
    # probes: "since $0 < p < 1$" (p = σ(z)) and "note that $L \ge 0$" were refused as conditions, each stopping the
    # whole note; they hold at every point, facts of the block's definitions
    for words in (r"since $0 < p < 1$, both logarithms are finite, and", r"note that $L \ge 0$, and"):
        assert note_verdicts(tmp_path, RIDGE, rf"\begin{{aligned}}\intertext{{{words}}} {GRADIENT}\end{{aligned}}") \
            == ["proved"]
    # one that fails at the points, a negated relation: conditions of the rows, refused (one on indices the row does
    # not read is prose since session 64: tests/test_notes_probe64.py)
    for words in (r"when $\lambda > 5$,", r"for $i \not= j$,"):
        assert_note_refused(tmp_path, capsys, RIDGE, rf"\begin{{aligned}}\intertext{{{words}}} {GRADIENT}\end{{aligned}}",
                            "cannot read the condition in")


def test_a_sign_of_an_input_between_rows_is_a_condition_whatever_the_draws(tmp_path, capsys) -> None:
    # a re-probe: "since $x_1 > 0$" (x an input) held at each of the points, the first drawn positive, and was read
    # as a fact: the condition dropped, q = |x_1| = x_1 was refuted where the note excludes it
    head = '```derive\n[sizes]\nn = "features"\n[inputs]\nx = ["n"]\n[define]\nq = "sqrt(x[1]**2)"\n```\n'
    for words in (r"since $x_1 > 0$,", r"for $x_1 \ge 0$,"):
        assert_note_refused(tmp_path, capsys, head, rf"\begin{{aligned}}\intertext{{{words}}} q &= x_1\end{{aligned}}",
                            "cannot read the condition in")
