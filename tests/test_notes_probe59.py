"""What session 59 found: notes refused or mis-read as people write them, each test failing on the code before its
fix."""
from __future__ import annotations

from _checking import loaded, note_verdicts
from _oneline import assert_one_line_error

#: A 'valid' correlation with its two taps written out, as lecture notes write a 1-D convolution.
TAPS = """```derive
[sizes]
n = "outputs"
[inputs]
x = ["n + 1"]
w = [2]
g = ["n"]
[define]
"y[i]" = "w[1]*x[i] + w[2]*x[i + 1]"
"L" = "Sum(g[i]*y[i], (i, 1, n))"
```
"""


def test_a_definition_with_explicit_taps_runs_over_the_positions_its_window_fits(tmp_path) -> None:
    # refused: "index i + 1 may be out of range for x axis 1 (size n + 1)" (i took x's whole axis from x_i)
    assert note_verdicts(tmp_path, TAPS, r"\frac{\partial L}{\partial w_2} = \sum_{i=1}^{n} g_i x_{i+1}",
                         r"\frac{\partial L}{\partial w_2} = \sum_{i=1}^{n} g_i x_i",
                         r"\frac{\partial L}{\partial w_1} = \sum_{i=1}^{n} g_i x_i") == ["proved", "refuted", "proved"]
    (f,) = loaded(tmp_path / "notes.md")
    assert str(f.quantities["y"].shape[0]) == "n"


def test_a_window_reaching_before_the_first_entry_is_still_refused(tmp_path, capsys) -> None:
    p = tmp_path / "notes.md"
    p.write_text(TAPS.replace("x[i + 1]", "x[i - 1]"))
    assert_one_line_error(p, 9, "index i - 1 may be out of range for x axis 1 (size n + 1)", capsys)


def test_cases_that_cover_only_the_values_the_givens_allow_are_read(tmp_path, capsys) -> None:
    # refused: the reader knew the strict givens alone, so x > 0 and x = 0 left x < 0 out under a given x >= 0
    head = """```derive
given = ["x[i] >= %s"]
[sizes]
n = "units"
[inputs]
x = ["n"]
[define]
"L" = "Sum(relu(x[k]), (k, 1, n))"
```
"""
    slope = "\\frac{\\partial L}{\\partial x_j} = \\begin{cases} %s & x_j > 0 \\\\ %s & x_j = 0 \\end{cases}"
    verdicts = note_verdicts(tmp_path, head % "0", slope % (1, 0), slope % (1, 5), slope % (0, 1))
    assert verdicts[1:] == ["refuted", "refuted"] and verdicts[0] != "refuted"
    p = tmp_path / "notes.md"
    p.write_text((head % "-1") + f"\n$$\n{slope % (1, 0)}\n$$\n")
    assert_one_line_error(p, 12, "the cases must leave no value out", capsys)
