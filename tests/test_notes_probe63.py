"""What session 63 found: words between the rows of a display that restate a defined quantity otherwise; each test
of a fix failing on the code before it."""
from __future__ import annotations

from _checking import note_verdicts
from _oneline import assert_note_refused

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
                        + r"\end{aligned}", "'r = Xw - y' between rows names a quantity the derive block defines")
    assert_note_refused(tmp_path, capsys, RIDGE,
                        r"\begin{aligned}\shortintertext{let \(p = \sigma(-z)\); then} \frac{\partial p}{\partial z} &= p(1 - p)"
                        r"\end{aligned}", "'p = \\sigma(-z)' between rows")


def test_words_between_rows_that_restate_a_definition_or_name_none_are_prose(tmp_path) -> None:
    assert note_verdicts(
        tmp_path, RIDGE,
        r"\begin{aligned}\intertext{where $r = y - Xw$ is the residual, so} " + GRADIENT + r"\end{aligned}",
        r"\begin{aligned}\intertext{with $p = \sigma(z)$ and since $\sum_i y_i = 1$,} \frac{\partial p}{\partial z} &= p(1 - p)"
        r"\end{aligned}",
        r"\begin{aligned}\intertext{the same with $X^\top r$ written out:} " + GRADIENT + r"\end{aligned}",
    ) == ["proved"] * 3
