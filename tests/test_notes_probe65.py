"""What session 65 found; each test of a fix failing on the code before it."""
from __future__ import annotations

from _checking import checked, loaded, note_verdicts
from _oneline import assert_one_line_error, assert_note_refused

PPO = r'''```derive
given = ["eps > 0", "eps < 1", "r > 0", "A > 0"]
[inputs]
r = []
A = []
eps = []
[define]
"L" = "min(r*A, clip(r, 1 - eps, 1 + eps)*A)"
[symbols]
'\epsilon' = "eps"
```
'''


def test_the_clipped_surrogates_slope_is_not_refuted_at_its_clip(tmp_path) -> None:
    # a probe: PPO's ∂L/∂r = A below 1 + ε, 0 otherwise (the right-hand slope at r = 1 + ε, true wherever the slope
    # exists) was refuted at r = 1 + ε, lhs 0.75: rA and clip(r)A tie on all of [1 - ε, 1 + ε], and a side of the
    # derivative read the step of -r + min(1 + ε, max(r, 1 - ε)), whose argument the inner min's branch had rewritten,
    # at H(0) = 1/2
    right = r"\frac{\partial L}{\partial r} = \begin{cases} A & \text{if } r < 1 + \epsilon \\ 0 & \text{otherwise} \end{cases}"
    swapped = r"\frac{\partial L}{\partial r} = \begin{cases} 0 & \text{if } r < 1 + \epsilon \\ A & \text{otherwise} \end{cases}"
    assert note_verdicts(tmp_path, PPO, right, swapped) == ["unproved", "refuted"]


def test_a_slope_written_at_a_jump_outside_its_one_sided_slopes_is_not_proved(tmp_path) -> None:
    # a probe (WRONG PROVED): -7 at x = 1 for the hard threshold where(x > 1, x, 0), one-sided slopes 0 and 1, was
    # proved "almost everywhere": a value the claim writes at a jump of what it differentiates was not asserted at all.
    # A convention there is proved only between the one-sided slopes; no slope exists at a jump, so none is refuted.
    head = '```derive\n[inputs]\nx = []\n[define]\n"H(x)" = "where(x > 1, x, 0)"\n"K(x)" = "where(x > 1, 1, 0)"\n```\n'
    cases = r"\frac{{d {f}(x)}}{{dx}} = \begin{{cases}} {above} & x > 1 \\ 0 & x < 1 \\ {at} & x = 1 \end{{cases}}"
    assert note_verdicts(tmp_path, head, cases.format(f="H", above=1, at=-7), cases.format(f="H", above=1, at=r"\frac{1}{2}"),
                         cases.format(f="K", above=0, at=5), cases.format(f="K", above=0, at=0)) \
        == ["unproved", "proved", "unproved", "proved"]
