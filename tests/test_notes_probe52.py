"""What session 52's probes found: notes read or refused wrongly, each test failing on the code before its fix."""
from __future__ import annotations

from _oneline import assert_note_refused
from _checking import note_verdicts

#: A worked forward pass: its numbers hold at one point only.
FORWARD = """```derive
[inputs]
x = []
w = []
[define]
"z" = "w*x"
"h" = "z**2"
```
"""


def test_a_condition_on_a_row_of_its_own_covers_every_row_above_it(tmp_path) -> None:
    # a probe: under z = w x = 2 \\ h = z^2 = 4 \\ & \text{if } w = 1, x = 2 (two chains) the condition was the last
    # chain's alone, and the right w x = 2 was refuted
    rows = r"\begin{aligned} z &= w x = 2 \\ h &= z^2 = 4 \\ & \text{if } w = 1, \ x = 2 \end{aligned}"
    assert note_verdicts(tmp_path, FORWARD, rows) == ["proved"] * 4
    # … for as well; a wrong number above it is still refuted under it
    rows = r"\begin{aligned} z &= w x = 3 \\ h &= z^2 = 4 \\ & \text{for } w = 1, \ x = 2 \end{aligned}"
    assert note_verdicts(tmp_path, FORWARD, rows) == ["proved", "refuted", "proved", "proved"]
    # a row with a condition of its own keeps it, and the row under it takes its own
    rows = (r"\begin{aligned} z &= w x = 2 \quad \text{if } w = 2, \ x = 1 \\ h &= z^2 = 9 \\"
            r" & \text{if } w = 1, \ x = 3 \end{aligned}")
    assert note_verdicts(tmp_path, FORWARD, rows) == ["proved"] * 4
    # a condition written beside the last equation stays that row's
    rows = r"\begin{aligned} z &= w x = 2 \\ h &= z^2 = 4 \quad \text{if } w = 1, \ x = 2 \end{aligned}"
    assert note_verdicts(tmp_path, FORWARD, rows) == ["proved", "refuted", "proved", "proved"]


#: A tanh layer under a cubic loss, and a scalar p of x alone.
TANH = """```derive
[sizes]
n = "units"
[inputs]
a = ["n"]
x = []
w = []
[define]
"h[i]" = "tanh(a[i])"
"L" = "Sum(h[i]**3, (i, 1, n))"
"g" = "tanh(w*x)"
"M" = "g**2"
"p" = "x**3"
```
"""


def test_a_bracketed_difference_after_a_chain_rule_factor_multiplies_it(tmp_path, capsys) -> None:
    # a probe: \frac{\partial L}{\partial h_j} (1 - h_j^2), the chain rule as notes write it, was refused as "the
    # derivative at that point, or the derivative times it"; by an entry, or of a quantity of several inputs, it is
    # the product
    assert note_verdicts(tmp_path, TANH, r"\frac{\partial L}{\partial a_j} = \frac{\partial L}{\partial h_j} (1 - h_j^2)",
                         r"\frac{\partial L}{\partial a_j} = \frac{\partial L}{\partial h_j} \left(1 + h_j^2\right)",
                         r"\frac{\partial M}{\partial w} = \frac{\partial M}{\partial g} (1 - g^2) x") \
        == ["proved", "refuted", "proved"]
    # p' of a p of x alone at 1 - x, or at a number, stays ambiguous
    for written in (r"\frac{d p}{d x}(1 - x) = 3 (1 - x)^2", r"\frac{\partial L}{\partial h_j}(0) = 0"):
        assert_note_refused(tmp_path, capsys, TANH, written, "after a derivative (ambiguous: the derivative at that point")
