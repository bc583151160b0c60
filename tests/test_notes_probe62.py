"""What session 62 found: functions smooth in disguise (a case or a sign at a point where the function has a slope),
whose slope a claim wrote as derive's cases give it there; each test of a fix failing on the code before it."""
from __future__ import annotations

import pytest
from _checking import checked, loaded, note_verdicts
from _oneline import assert_note_refused, assert_one_line_error

from derive.errors import InputError
from derive.verify.results import format_counterexample

#: Functions with cases or signs at 0 that are x itself there: slope 1 at 0, from both sides.
DISGUISED = """```derive
[inputs]
x = []
[define]
f = "where(x > 0, x, 0) + where(x < 0, x, 0)"
g = "sign(x)*abs(x)"
h = "x*sign(x)**2"
r = "where(x > 0, x, 0)"
```
"""

#: The same of a unit's pre-activation, z = Σ_k w_k x_k + b.
UNIT = """```derive
[sizes]
m = "inputs"
[inputs]
w = ["m"]
x = ["m"]
b = []
[define]
z = "Sum(w[k]*x[k], (k, 1, m)) + b"
f = "where(z > 0, z, 0) + where(z < 0, z, 0)"
g = "sign(z)*abs(z)"
```
"""

#: The slope these notes write: 0 at 0, where both sides' slope is 1.
BOTH_STRICT = r"\mathbb{1}[x > 0] + \mathbb{1}[x < 0]"


def test_a_slope_written_with_a_hole_at_0_is_refuted_where_the_function_is_smooth(tmp_path) -> None:
    # each of f, g, h is x, its slope 1 at 0; derive's cases (or sign(0) = 0) read 0 there, so a claim writing 0 at 0
    # was proved almost everywhere; f's claim is derive's own derivative to the letter (the difference cancels)
    claims = [rf"\frac{{\partial {name}}}{{\partial x}} = {BOTH_STRICT}" for name in "fgh"]
    assert note_verdicts(tmp_path, DISGUISED, *claims) == ["refuted"] * 3
    (f,) = loaded(tmp_path / "notes.md")
    for result in checked(f, 60):
        found = result.counterexample
        # shown at 0 with the slope there (1), not derive's case value (0)
        assert found["inputs"] == {"x": "0"} and (found["lhs"], found["rhs"]) == ("1.00000000000000", "0")


def test_the_true_slope_of_a_disguised_function_and_relus_conventions_are_still_proved(tmp_path) -> None:
    # 1 is right everywhere; relu written as a case has no slope at 0, so 1[x > 0] and 1[x >= 0] are conventions
    assert note_verdicts(tmp_path, DISGUISED, r"\frac{\partial f}{\partial x} = 1", r"\frac{\partial g}{\partial x} = 1",
                         r"\frac{\partial r}{\partial x} = \mathbb{1}[x > 0]",
                         r"\frac{\partial r}{\partial x} = \mathbb{1}[x \ge 0]") == ["proved"] * 4


def test_a_disguised_unit_is_refuted_where_its_pre_activation_is_0(tmp_path) -> None:
    # by b and by w_j: the point z = 0 is read with m = 3 entries (slopes 1 and x_j there, both sides)
    unit = BOTH_STRICT.replace("x", "z")
    assert note_verdicts(tmp_path, UNIT, rf"\frac{{\partial g}}{{\partial b}} = {unit}",
                         rf"\frac{{\partial f}}{{\partial w_j}} = x_j ({unit})",
                         r"\frac{\partial f}{\partial b} = \mathbb{1}[z \ne 0]",
                         r"\frac{\partial g}{\partial w_j} = x_j") == ["refuted", "refuted", "refuted", "proved"]
    (f,) = loaded(tmp_path / "notes.md")
    for result in checked(f, 60)[:3]:
        found = result.counterexample
        point = {k: float(eval_fraction(v)) for k, v in found["inputs"].items()}
        m = found["sizes"]["m"]
        assert sum(point[f"w[{k}]"] * point[f"x[{k}]"] for k in range(1, m + 1)) + point["b"] == 0
        assert float(found["lhs"]) != 0 and float(found["rhs"]) == 0


def eval_fraction(text: str) -> float:
    """A counterexample's value ("1/2", "-3") as a float."""
    top, _, bottom = text.partition("/")
    return int(top) / int(bottom or 1)


#: A unit's activation, a layer's, and an exponential: quantities never negative by their definitions.
ACTIVATIONS = """```derive
[sizes]
n = "units"
[inputs]
z = []
u = ["n"]
[define]
a = "relu(z)"
"h[i]" = "relu(u[i])"
e = "exp(z)"
```
"""


def test_cases_on_an_activation_that_is_never_negative_are_read(tmp_path) -> None:
    # a = relu(z) is never negative, so 1 & a > 0 \\ 0 & a = 0 leaves nothing out; it was refused ("the cases must
    # leave no value out"), as only givens were read; the same cases on z itself, which can be negative, stay refused
    cases = r"\begin{cases} 1 & %s > 0 \\ %s & %s = 0 \end{cases}"
    assert note_verdicts(tmp_path, ACTIVATIONS, r"\frac{\partial a}{\partial z} = " + cases % ("a", "0", "a"),
                         r"\frac{\partial h_i}{\partial u_i} = " + cases % ("h_i", "0", "h_i"),
                         r"\frac{\partial a}{\partial z} = " + cases % ("a", "1", "a")) == ["proved", "proved", "refuted"]
    with pytest.raises(InputError, match="leave no value out"):
        note_verdicts(tmp_path, ACTIVATIONS, r"\frac{\partial a}{\partial z} = " + cases % ("z", "0", "z"))


#: A gate: y passes where x > 0, else 0 (torch.where's gradient by y is 0 at x = 0).
GATE = """```derive
[inputs]
x = []
y = []
b = []
[define]
g = "where(x > 0, y, 0)"
k = "where(x + b > 0, y, 0)"
s = "y*step(x)"
```
"""


def test_a_gates_slope_by_what_it_passes_is_read_on_the_gate(tmp_path) -> None:
    # a probe: along y the point x = 0 stays on the gate, in its case 0, so ∂g/∂y = 0 there; 1[x >= 0] was proved
    # almost everywhere and a written 7 at x = 0 unproved (the kink was read as if crossed); a step's value at 0 stays
    # a convention (H(0) from 0 to 1): 1[x >= 0] for y step(x) is proved
    assert note_verdicts(tmp_path, GATE, r"\frac{\partial g}{\partial y} = \mathbb{1}[x \ge 0]",
                         r"\frac{\partial k}{\partial y} = \mathbb{1}[x + b \ge 0]",
                         r"\frac{\partial g}{\partial y} = \begin{cases} 1 & x > 0 \\ 7 & x = 0 \\ 0 & x < 0 \end{cases}",
                         r"\frac{\partial g}{\partial y} = \mathbb{1}[x > 0]",
                         r"\frac{\partial s}{\partial y} = \mathbb{1}[x \ge 0]") \
        == ["refuted", "refuted", "refuted", "proved", "proved"]
    (f,) = loaded(tmp_path / "notes.md")
    for result in checked(f, 60)[:3]:
        found = result.counterexample
        point = {k: eval_fraction(v) for k, v in found["inputs"].items()}
        assert point["x"] + point.get("b", 0) == 0 and float(found["lhs"]) == 0 and float(found["rhs"]) != 0


def test_a_case_that_simplify_cannot_read_leaves_the_prover_running(tmp_path) -> None:
    # a probe: sympy.simplify's piecewise_simplify raised AttributeError on a case whose condition became True, and
    # the prover's pass ended "the prover failed: AttributeError" (an internal error shown to the user)
    head = '```derive\n[inputs]\nu = []\nv = []\n[define]\nM = "max(u, v)"\nN = "min(u, v)"\nf = "max(u, v) + min(u, v)"\n```\n'
    claim = r"\frac{\partial f}{\partial u} = \mathbb{1}[M = u] + \mathbb{1}[N = u] - \mathbb{1}[u = v]"
    assert note_verdicts(tmp_path, head, claim) != ["refuted"]  # true: 1 everywhere, 1 + 1 - 1 at a tie
    (f,) = loaded(tmp_path / "notes.md")
    assert "failed" not in checked(f, 60)[0].evidence.get("reason", "")


#: Scores of a batch and a label per sample (CS231n's multiclass SVM).
BATCH = """```derive
[sizes]
N = "samples"
C = "classes"
[inputs]
S = ["N", "C"]
Delta = []
[labels]
y = { shape = ["N"], range = "C" }
[symbols]
'\\Delta' = "Delta"
```
"""


def _margin(found: dict) -> float:
    """S_ij - S_{i y_i} + Δ at a counterexample of ``BATCH`` (Δ 0 where it does not read it)."""
    point = {k: eval_fraction(v) for k, v in found["inputs"].items()}
    i, j = found["indices"]["i"], found["indices"]["j"]
    label = int(point[f"y[{i}]"])
    return point[f"S[{i}, {j}]"] - point[f"S[{i}, {label}]"] + point.get("Delta", 0)


def test_a_margin_against_the_labelled_score_is_read_where_it_is_met(tmp_path) -> None:
    # a probe: every point a per-sample label's entry S_{i y_i} read was left unread (its label took no value), so
    # a strict indicator against a non-strict one was proved, and a wrong value on the margin's boundary or at a tie
    # with the labelled score left unproved; a single label (c) was refuted each time
    hinge = r"\begin{cases} S_{ij} - S_{i y_i} + \Delta & S_{ij} - S_{i y_i} + \Delta > 0 \\ %s & " \
            r"S_{ij} - S_{i y_i} + \Delta = 0 \\ 0 & S_{ij} - S_{i y_i} + \Delta < 0 \end{cases}"
    strict, wrong, right, tie = note_verdicts(
        tmp_path, BATCH, r"\mathbb{1}[S_{ij} - S_{i y_i} + \Delta > 0] = \mathbb{1}[S_{ij} - S_{i y_i} + \Delta \ge 0]",
        r"\max(0, S_{ij} - S_{i y_i} + \Delta) = " + hinge % r"\Delta", r"\max(0, S_{ij} - S_{i y_i} + \Delta) = " + hinge % "0",
        r"\mathbb{1}[S_{ij} = S_{i y_i}] = \delta_{j y_i}")
    assert (strict, wrong, tie) == ("refuted",) * 3 and right != "refuted"  # (0 on the boundary: right, unproved)
    (f,) = loaded(tmp_path / "notes.md")
    results = checked(f, 60)
    assert [_margin(results[k].counterexample) for k in (0, 1)] == [0, 0]
    tie = results[3].counterexample  # two scores of row i tie, one of them the labelled one, j the other
    assert _margin(tie) == 0 and tie["indices"]["j"] != int(eval_fraction(tie["inputs"][f"y[{tie['indices']['i']}]"]))


def test_a_sum_that_counts_the_labelled_class_itself_is_tested(tmp_path) -> None:
    # the j = y_i term compares S_{i y_i} with itself at every point: read as written (>= holds), not a boundary to
    # skip; every point was skipped ("no value for y": the label's name was read as a value), so the run failed
    # with the claim untested
    assert note_verdicts(tmp_path, BATCH, r"\sum_{j=1}^{C} \mathbb{1}[S_{ij} \ge S_{i y_i}] = "
                                          r"\sum_{j \ne y_i} \mathbb{1}[S_{ij} \ge S_{i y_i}] + 1",
                         r"\sum_{j=1}^{C} \mathbb{1}[S_{ij} \ge S_{i y_i}] = "
                         r"\sum_{j \ne y_i} \mathbb{1}[S_{ij} > S_{i y_i}] + 1") == ["unproved", "refuted"]
    (f,) = loaded(tmp_path / "notes.md")
    true, false = checked(f, 60)
    assert true.evidence["points"] > 0 and not true.evidence.get("untested")
    assert float(false.counterexample["lhs"]) - float(false.counterexample["rhs"]) == 1


def test_a_slope_by_the_labelled_score_is_checked_without_an_internal_error(tmp_path) -> None:
    # a re-probe: reading points of ∂L/∂S_{i y_i} took the label's entry in the variable's own index for an index,
    # and the claim failed the run with "internal error … 'Integer' object has no attribute 'indices'"
    head = BATCH.replace('[symbols]', '[define]\n"L" = "Sum(Sum(max(0, S[i, j] - S[i, y[i]] + 1), (j, 1, C), '
                                      'j != y[i]), (i, 1, N))"\n[symbols]')
    assert note_verdicts(tmp_path, head, r"\frac{\partial L}{\partial S_{i y_i}} = "
                                         r"-\sum_{j \ne y_i} \mathbb{1}[S_{ij} - S_{i y_i} + 1 > 0]",
                         r"\frac{\partial L}{\partial S_{i y_i}} = "
                         r"-\sum_{j} \mathbb{1}[S_{ij} - S_{i y_i} + 1 > 0]") == ["proved", "refuted"]


def test_cases_on_a_relu_written_otherwise_or_scaled_by_a_given_nonnegative_are_read(tmp_path) -> None:
    # a re-probe: relu written as a case (where(z > 0, z, 0)) and a dropout unit m relu(z) under m >= 0 are never
    # negative too, read on each side of their kinks and with the given; both were refused
    head = ('```derive\ngiven = ["m >= 0"]\n[inputs]\nz = []\nm = []\n[define]\na = "where(z > 0, z, 0)"\n'
            'h = "m*relu(z)"\n```\n')
    cases = r"\begin{cases} %s & %s > 0 \\ 0 & %s = 0 \end{cases}"
    relu, dropout = note_verdicts(tmp_path, head, r"\frac{\partial a}{\partial z} = " + cases % ("1", "a", "a"),
                                  r"\frac{\partial h}{\partial z} = " + cases % ("m", "h", "h"))
    assert relu == "proved" and dropout != "refuted"


def test_a_definition_that_scales_a_derivative_loads(tmp_path) -> None:
    # a probe: g = diff(f, x)/a (a Newton step's ratio) in a note's derive block failed to load with "internal error
    # while loading: AttributeError" (the quantity's derivative was read as one Derivative, not a product with one)
    head = '```derive\n[inputs]\nx = []\na = []\n[define]\nf = "a*x**2/2"\ng = "diff(f, x)/a"\nr = "x - diff(f, x)/diff(f, x, x)"\n```\n'
    assert note_verdicts(tmp_path, head, "g = x", "g = a x", "r = 0") == ["proved", "refuted", "proved"]


#: Masked terms: a mask t gating x², a masked sum and an attention normaliser, and a disguised identity times y.
MASKED = """```derive
[sizes]
n = "positions"
[inputs]
x = []
y = []
t = []
X = ["n"]
T = ["n"]
Z = ["n"]
[define]
g = "where(t > 0, x**2, 0)"
r = "(where(x > 0, x, 0) + where(x < 0, x, 0))*y"
L = "Sum(where(T[i] > 0, X[i]**2, 0), (i, 1, n))"
S = "Sum(where(T[i] > 0, exp(Z[i]), 0), (i, 1, n))"
```
"""


def test_a_wrong_value_on_a_mask_that_reads_other_inputs_is_refuted(tmp_path) -> None:
    # a re-probe: where the wrong value at the mask's boundary reads inputs besides the mask's own (2x at t = 0, y at
    # x = 0), the point took no value for them (the slope's own variable was never given one), so the masked sum's
    # and the normaliser's claims were proved and the scalar ones unproved
    found = note_verdicts(tmp_path, MASKED, r"\frac{\partial g}{\partial x} = 2 x \mathbb{1}[t \ge 0]",
                          r"\frac{\partial r}{\partial x} = y (\mathbb{1}[x > 0] + \mathbb{1}[x < 0])",
                          r"\frac{\partial L}{\partial X_j} = 2 X_j \mathbb{1}[T_j \ge 0]",
                          r"\frac{\partial S}{\partial Z_j} = \exp(Z_j) \mathbb{1}[T_j \ge 0]",
                          r"\frac{\partial g}{\partial x} = 2 x \mathbb{1}[t > 0]",
                          r"\frac{\partial L}{\partial X_j} = 2 X_j \mathbb{1}[T_j > 0]")
    assert found == ["refuted"] * 4 + ["proved"] * 2
    (f,) = loaded(tmp_path / "notes.md")
    for result in checked(f, 60)[:4]:
        found = result.counterexample
        point = {k: eval_fraction(v) for k, v in found["inputs"].items()}
        mask = [v for k, v in point.items() if k[0] in "tT" or k == "x" and "y" in point]
        assert mask == [0] and float(found["lhs"]) != float(found["rhs"])


def test_a_disguised_identity_weighted_inside_a_sum_is_refuted_where_an_entry_is_0(tmp_path) -> None:
    # a re-probe: U = Σ_i sign(X_i)|X_i| C_i is Σ_i X_i C_i, its slope by X_j is C_j at X_j = 0 too; the claim's 0
    # there was proved, the point reading no value for C_j (only derive's sides read it, not the difference there)
    head = ('```derive\n[sizes]\nn = "pairs"\n[inputs]\nX = ["n"]\nC = ["n"]\n[define]\n'
            'U = "Sum(sign(X[i])*abs(X[i])*C[i], (i, 1, n))"\n```\n')
    assert note_verdicts(tmp_path, head, r"\frac{\partial U}{\partial X_j} = C_j (\mathbb{1}[X_j > 0] + \mathbb{1}[X_j < 0])",
                         r"\frac{\partial U}{\partial X_j} = C_j") == ["refuted", "proved"]
    (f,) = loaded(tmp_path / "notes.md")
    found = checked(f, 60)[0].counterexample
    assert eval_fraction(found["inputs"]["X[j]"]) == 0 and float(found["lhs"]) == eval_fraction(found["inputs"]["C[j]"])


SOFTMAX = '```derive\n[sizes]\nn = "classes"\n[inputs]\nz = ["n"]\n[define]\n"s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"\n```\n'


#: Two rows of the softmax Jacobian's diagonal, words between them.
DIAGONAL = (r"\begin{aligned} \frac{\partial s_i}{\partial z_i} &= s_i - s_i^2 \\ \intertext{%s}"
            r" \frac{\partial s_i}{\partial z_i} &= s_i (1 - s_i) \end{aligned}")


def _rows(tmp_path, rows: str):
    """A note of ``SOFTMAX`` and one display holding ``rows``, written to ``tmp_path``: its path."""
    p = tmp_path / "rows.md"
    p.write_text(SOFTMAX + "\n$$\n" + rows + "\n$$\n")
    return p


def test_a_condition_in_a_tag_is_refused_not_dropped(tmp_path, capsys) -> None:
    # a probe: \tag{$i \neq j$} was blanked as an equation number, so -s_i s_j (true off the diagonal) was refuted at
    # i = j; an ordinary tag stays layout
    assert_note_refused(tmp_path, capsys, SOFTMAX, r"\frac{\partial s_i}{\partial z_j} = -s_i s_j \tag{$i \neq j$}",
                        r"cannot read the condition in \tag{$i \neq j$}")
    assert note_verdicts(tmp_path, SOFTMAX, r"\frac{\partial s_i}{\partial z_i} = s_i (1 - s_i) \tag{3.2}") == ["proved"]


def test_a_condition_in_words_between_rows_is_refused_not_dropped(tmp_path, capsys) -> None:
    # a probe: \intertext{when $i \ne j$, and on the diagonal} between two rows was read as prose, and the row above it
    # (true for i ≠ j) was refuted at i = j; words with no condition stay prose between rows
    rows = r"""\begin{aligned} \frac{\partial s_i}{\partial z_j} &= -s_i s_j \\ \intertext{%s}
    \frac{\partial s_i}{\partial z_i} &= s_i (1 - s_i) \end{aligned}"""
    p = tmp_path / "rows.md"
    p.write_text(SOFTMAX + "\n$$\n" + rows % r"when $i \ne j$, and on the diagonal" + "\n$$\n")
    assert_one_line_error(p, SOFTMAX.count("\n") + 3, "cannot read the condition in", capsys)
    p.write_text(SOFTMAX + "\n$$\n" + rows % "and so" + "\n$$\n")
    (f,) = loaded(p)
    assert [c.verdict for c in checked(f, 60)] == ["refuted", "proved"]  # (the first row, read for every i, j)


def test_a_sum_of_three_arrays_that_cannot_be_formed_names_each_shape_with_its_sizes(tmp_path) -> None:
    # a probe: "a sum of (N, M) = (3, 2) and (M,) and (N, M) = (2,) and (3, 2)": the shapes after the first were one text
    head = '```derive\n[sizes]\nN = "samples"\nM = "outputs"\n[inputs]\nA = ["N", "M"]\nb = ["M"]\nT = ["N", "M"]\n```\n'
    assert note_verdicts(tmp_path, head, "A + b - T = A - T") == ["refuted"]
    (f,) = loaded(tmp_path / "notes.md")
    shown = format_counterexample(checked(f, 60)[0].counterexample)
    assert "(N, M) = (3, 2) and (M,) = (2,) and (N, M) = (3, 2)" in shown


def test_a_definitions_point_case_is_read_by_a_variable_that_does_not_move_the_point(tmp_path) -> None:
    # a re-probe: f = where(x > 0, a, where(x < 0, a, 2 a)) is 2a at x = 0, its slope by a 2 there; a claim writing 1
    # everywhere was proved, derive's own point cases never read (by x they are no slope's: the point moves)
    head = ('```derive\n[inputs]\nx = []\na = []\n[define]\nf = "where(x > 0, a, where(x < 0, a, 2*a))"\n'
            'g = "where(x > 0, a*(x + 1), where(x < 0, a*(x + 1), 0))"\n```\n')
    assert note_verdicts(tmp_path, head, r"\frac{\partial f}{\partial a} = 1",
                         r"\frac{\partial f}{\partial a} = \begin{cases} 1 & x \ne 0 \\ 2 & x = 0 \end{cases}",
                         r"\frac{\partial g}{\partial a} = x + 1") == ["refuted", "proved", "refuted"]


@pytest.mark.parametrize("words", [r"\text{for $i \ne j$}", r"\mbox{$i\neq j$}", r"\text{$x$ positive}", "off-diagonal"])
def test_a_condition_in_a_tag_is_refused_however_it_is_spelled(tmp_path, capsys, words) -> None:
    # a re-probe: a comparison inside \text{…} of a tag, or one told in words, was still blanked with the tag
    assert_note_refused(tmp_path, capsys, SOFTMAX, r"\frac{\partial s_i}{\partial z_j} = -s_i s_j \tag{%s}" % words,
                        r"cannot read the condition in \tag{")


@pytest.mark.parametrize("words", [r"and for a negative example, $y = 0$, this is", r"at $x = 2$ this gives",
                                   r"for $i$ different from $j$ we get", r"and off the diagonal",
                                   r"for $i \not= j$ we get", r"\textit{and for $i \ne j$,}"])
def test_a_condition_between_rows_is_refused_however_it_is_spelled(tmp_path, capsys, words) -> None:
    # a re-probe: an equation after "for", "at", a comparison in words or in a \textit group was still dropped as prose
    rows = r"""\begin{aligned} \frac{\partial s_i}{\partial z_j} &= -s_i s_j \\ \intertext{%s}
    \frac{\partial s_i}{\partial z_i} &= s_i (1 - s_i) \end{aligned}"""
    p = _rows(tmp_path, rows % words)
    assert_one_line_error(p, SOFTMAX.count("\n") + 3, "cannot read the condition in", capsys)


def test_words_between_rows_that_define_or_lead_on_stay_prose(tmp_path) -> None:
    # "where $u = …$, so" names a quantity, "hence" leads on: both stay prose between rows
    rows = (r"\begin{aligned} \frac{\partial s_i}{\partial z_i} &= s_i - s_i^2 \\ \intertext{where $u = s_i$, so}"
            r" \frac{\partial s_i}{\partial z_i} &= s_i (1 - s_i) \\ \shortintertext{hence}"
            r" \frac{\partial s_i}{\partial z_i} &= s_i - s_i s_i \end{aligned}")
    p = tmp_path / "rows.md"
    p.write_text(SOFTMAX + "\n$$\n" + rows + "\n$$\n")
    (f,) = loaded(p)
    assert [c.verdict for c in checked(f, 60)] == ["proved"] * 3


def test_a_lowercase_entry_beside_a_quantity_of_its_own_letters_is_not_read_as_the_uppercase_arrays(tmp_path,
                                                                                                     capsys) -> None:
    # a probe: g_1 beside a scalar g1 and a vector G was read as G_1 (the tutorial's w_11 for W_11), so g_1 = G_1 was
    # proved; it is either, so the map is asked for, and with it g1 is read
    head = '```derive\n[sizes]\nn = "steps"\n[inputs]\ng1 = []\nG = ["n"]\n```\n'
    assert_note_refused(tmp_path, capsys, head, "g_1 = G_1", "('g_1' = \"g1\")")
    mapped = head.replace("```\n", "[symbols]\n'g_1' = \"g1\"\n```\n", 1)  # (before the block's closing fence)
    assert note_verdicts(tmp_path, mapped, "g_1 = G_1", "2 g_1 = g_1 + g_1") == ["refuted", "proved"]


def test_a_kink_a_parameter_does_not_move_keeps_the_point_on_it(tmp_path) -> None:
    # a re-probe: the pinball loss max(τu, (τ - 1)u) is 0 at u = 0 for every τ (its kink's argument τu - (τ - 1)u is u),
    # max(x, a x) likewise at x = 0 by a, and max(w x_1, w x_2) is w x_1 at a tie for every w: a value there that is no
    # slope's (1, 1, x_1 + x_2) was unproved, the kink's argument reading the parameter as written
    head = ('```derive\ngiven = ["t > 0", "t < 1", "a > 0", "a < 1", "w > 0"]\n[inputs]\nu = []\nt = []\nx = []\na = []\n'
            'w = []\nx1 = []\nx2 = []\n[define]\nrho = "max(t*u, (t - 1)*u)"\nf = "max(x, a*x)"\np = "max(w*x1, w*x2)"\n'
            "[symbols]\n'x_1' = \"x1\"\n'x_2' = \"x2\"\n```\n")
    assert note_verdicts(tmp_path, head,
                         r"\frac{\partial \mathrm{rho}}{\partial t} = \begin{cases} u & u \ne 0 \\ 1 & u = 0 \end{cases}",
                         r"\frac{\partial f}{\partial a} = \begin{cases} 0 & x > 0 \\ 1 & x = 0 \\ x & x < 0 \end{cases}",
                         r"\frac{\partial p}{\partial w} = \begin{cases} x_1 & x_1 > x_2 \\ x_1 + x_2 & x_1 = x_2 \\ "
                         r"x_2 & x_1 < x_2 \end{cases}", r"\frac{\partial f}{\partial a} = \min(0, x)") \
        == ["refuted", "refuted", "refuted", "proved"]


def test_words_between_rows_that_name_a_quantity_stay_prose(tmp_path) -> None:
    # "with $u = …$" names a quantity as often as it restricts one, and "positive" between rows is a remark: prose
    p = _rows(tmp_path, DIAGONAL % "with $u = s_i$, which is positive,")
    (f,) = loaded(p)
    assert [c.verdict for c in checked(f, 60)] == ["proved"] * 2


def test_a_jump_inside_a_sum_of_a_fixed_size_is_read_where_it_jumps(tmp_path) -> None:
    # a re-probe: with n = 3 fixed in the file (no size to put in) the sums were never written out, so 1[T_2 >= 0] for
    # the slope of Σ_i where(T_i > 0, X_i, 0) by X_2 (0 at T_2 = 0) was proved; with a symbolic n it was refuted
    head = ('```derive\n[sizes]\nn = 3\n[inputs]\nX = ["n"]\nT = ["n"]\n[define]\nL = "Sum(where(T[i] > 0, X[i], 0), '
            '(i, 1, n))"\n```\n')
    assert note_verdicts(tmp_path, head, r"\frac{\partial L}{\partial X_2} = \mathbb{1}[T_2 \ge 0]",
                         r"\frac{\partial L}{\partial X_j} = \mathbb{1}[T_j \ge 0]",
                         r"\frac{\partial L}{\partial X_2} = \mathbb{1}[T_2 > 0]") == ["refuted", "refuted", "proved"]


@pytest.mark.parametrize("words", [r"The Jacobian of $\tanh$ is diagonal, so", "Two distinct cases arise; combining them,",
                                   r"if we write $e = s_i - y_i$ for the error,", "A different way to see this:",
                                   "which is equal to", r"Since $\partial z/\partial b = 1$, the bias gradient is"])
def test_prose_between_rows_with_words_of_comparison_is_read(tmp_path, words) -> None:
    # a re-probe: "diagonal", "distinct", "different" and an equation after "if" that names a quantity were refused
    # as conditions (the whole note then stops): only a phrase that compares, or an equation setting a number or
    # tying two indices after a restricting word, marks one between rows
    p = _rows(tmp_path, DIAGONAL % words)
    (f,) = loaded(p)
    assert [c.verdict for c in checked(f, 60)] == ["proved"] * 2


# (two indices tied, "Assuming $i = j$", are refused where the row below reads both: tests/test_notes_probe63.py)
@pytest.mark.parametrize("words", [r"Suppose $y_1 = 1$. Then", r"Assuming $y_2 = 0$,", r"In the case $y_1 = 1$,",
                                   r"Plugging in $y_1 = 0$,"])
def test_a_hypothesis_between_rows_is_refused(tmp_path, capsys, words) -> None:
    # a re-probe: "Suppose $y = 1$", "Assuming", "In the case", "Plugging in" were dropped as prose, and the next row
    # (true under them) refuted; "since" and "where" state facts as often ("since $\partial z/\partial b = 1$"): prose
    p = _rows(tmp_path, DIAGONAL % words)
    assert_one_line_error(p, SOFTMAX.count("\n") + 3, "cannot read the condition in", capsys)


def test_a_claim_with_two_free_indices_over_fixed_sizes_is_checked_without_an_internal_error(tmp_path) -> None:
    # a re-probe of the previous: with every size fixed and two free indices, reading the claim apart asked for the
    # smallest size to put in, of none ("internal error … min() arg is an empty sequence")
    head = ('```derive\n[sizes]\nn = 2\nm = 3\n[inputs]\nW = ["n", "m"]\nx = ["m"]\n[define]\n'
            '"z[j]" = "Sum(W[j, k]*x[k], (k, 1, m))"\nL = "Sum(relu(z[j]), (j, 1, n))"\n```\n')
    assert note_verdicts(tmp_path, head, r"\frac{\partial L}{\partial W_{ik}} = \mathbb{1}[z_i > 0] x_k",
                         r"\frac{\partial L}{\partial W_{ik}} = \mathbb{1}[z_i \ge 0] x_k + x_k") == ["proved", "refuted"]
