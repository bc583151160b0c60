"""What session 66 found; each test of a fix failing on the code before it."""
from __future__ import annotations

from _checking import note_verdicts

THRESHOLD = '''```derive
given = ["t > 0"]
[inputs]
x = []
t = []
[define]
"h" = "where(abs(x) > t, x, 0)"
"g" = "where(abs(x) > t, x - t*sign(x), 0)"
```
'''


def test_a_value_outside_the_slopes_at_a_jump_on_a_bar_is_not_proved(tmp_path) -> None:
    # session 65's probe: the hard threshold's slope written 3·1[|x| ≥ t] - 2·1[|x| > t] (3 at its jump |x| = t, where
    # the one-sided slopes are 0 and 1) was proved: the jump |x| = t was solved for t, where the jump along x is not
    # read; and at x = t derive did not see a jump of t (a given, t > 0, its proof did not use)
    wrong = r"\frac{\partial h}{\partial x} = 3 \, \mathbb{1}[|x| \ge t] - 2 \, \mathbb{1}[|x| > t]"
    assert note_verdicts(tmp_path, THRESHOLD, wrong,
                         r"\frac{\partial h}{\partial x} = \mathbb{1}[|x| > t]",
                         r"\frac{\partial h}{\partial x} = \mathbb{1}[|x| \ge t]",
                         r"\frac{\partial h}{\partial x} = \frac{1}{2}\mathbb{1}[|x| \ge t] + \frac{1}{2}\mathbb{1}[|x| > t]",
                         r"\frac{\partial h}{\partial t} = 0") == ["unproved", "proved", "proved", "proved", "proved"]
    # the soft threshold is continuous there: a value outside its slopes is refuted, one between them proved
    assert note_verdicts(tmp_path, THRESHOLD,
                         r"\frac{\partial g}{\partial x} = 3\mathbb{1}[|x| \ge t] - 2\mathbb{1}[|x| > t]",
                         r"\frac{\partial g}{\partial x} = \mathbb{1}[|x| \ge t]") == ["refuted", "proved"]


DROPOUT = '''```derive
given = ["p > 0", "p < 1"]
[inputs]
x = []
u = []
p = []
[define]
"y" = "where(u > p, x, 0)/(1 - p)"
```
'''


def test_a_value_at_a_jump_of_symbolic_size_is_not_proved(tmp_path) -> None:
    # session 65's probe: a dropout mask's slope in its draw written x/(1 - p)·(1[u ≥ p] - 1[u > p]) (x/(1 - p) at the
    # jump u = p, slopes 0 and 0) was proved: a jump by x/(1 - p) (0 where x is) was not seen as one, and under the
    # givens, read as p = 1/(1 + q), the point u = 1/(1 + q) was checked against the claim still in p
    assert note_verdicts(tmp_path, DROPOUT,
                         r"\frac{\partial y}{\partial u} = \frac{x}{1 - p} \left( \mathbb{1}[u \ge p] - \mathbb{1}[u > p] \right)",
                         r"\frac{\partial y}{\partial u} = \frac{1}{2}\left( \mathbb{1}[u \ge p] - \mathbb{1}[u > p] \right)",
                         r"\frac{\partial y}{\partial u} = 0",
                         r"\frac{\partial y}{\partial x} = \frac{\mathbb{1}[u > p]}{1 - p}") \
        == ["unproved", "unproved", "proved", "proved"]
