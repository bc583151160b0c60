"""What session 56 found: notes refused wrongly or wrong claims left unproved, each test failing on the code before
its fix."""
from __future__ import annotations

from _checking import checked, loaded, note_verdicts

#: Slopes whose kink lies where another input decides: y relu(x)², relu(x − y)², Huber's loss at ±δ (δ > 0 given),
#: relu(x) relu(y) (a slope at x = 0 only where y ≤ 0), y|x| (one only where y = 0), a jump at x = y.
OTHERS = """```derive
given = ["dl > 0"]
[inputs]
x = []
y = []
dl = []
[define]
"t" = "y*max(x, 0)**2"
"q" = "max(x - y, 0)**2"
"h" = "where(abs(x) <= dl, x**2/2, dl*(abs(x) - dl/2))"
"k" = "max(x, 0)*max(y, 0)"
"m" = "abs(x)*y"
"j" = "where(x > y, x + 1, x)"
[symbols]
'\\mathrm{t}' = "t"
'\\mathrm{q}' = "q"
'\\mathrm{h}' = "h"
'\\mathrm{k}' = "k"
'\\mathrm{m}' = "m"
'\\mathrm{j}' = "j"
'\\delta' = "dl"
```
"""


def _cases(f: str, above: str, at: str, below: str, point: str = "0", by: str = "x") -> str:
    return (rf"\frac{{\partial\,\mathrm{{{f}}}}}{{\partial {by}}} = \begin{{cases}} {above} & x > {point} \\ "
            rf"{at} & x = {point} \\ {below} & x < {point} \end{{cases}}")


def test_a_wrong_value_at_a_kink_that_depends_on_other_inputs_is_refuted_there(tmp_path) -> None:
    # a probe: y & x = 0 for the slope of y relu(x)² (0 there) and 1 & x = y for relu(x − y)² came out unproved,
    # passing CI: the claim's value at its own case was refuted only when it was a number whatever the other inputs
    assert note_verdicts(tmp_path, OTHERS, _cases("t", "2 x y", "y", "0"), _cases("t", "2 x y", "y^2 + 1", "0"),
                         _cases("t", "2 x y", "y - y", "0"), _cases("q", "2(x - y)", "1", "0", "y"),
                         _cases("q", "2(x - y)", "0", "0", "y")) \
        == ["refuted", "refuted", "proved", "refuted", "proved"]
    (f,) = loaded(tmp_path / "notes.md")
    first = checked(f, 60)[0]
    assert first.counterexample["inputs"] == {"x": "0", "y": "1"}


def test_a_wrong_value_at_a_kink_placed_by_another_input_is_refuted_where_that_input_is_allowed(tmp_path) -> None:
    # Huber's slope is δ at x = δ and −δ at x = −δ (δ > 0): 0 and 2δ there were unproved; the point is a kink only
    # where δ > 0, so δ takes a value the given admits
    huber = (r"\frac{d\,\mathrm{h}}{d x} = \begin{cases} x & |x| < \delta \\ %s & x = %s \\ "
             r"\delta \operatorname{sign}(x) & |x| > \delta \end{cases}")
    assert note_verdicts(tmp_path, OTHERS, huber % ("0", r"\delta"), huber % (r"2 \delta", r"-\delta"),
                         huber % (r"\delta", r"\delta"), huber % (r"-\delta", r"-\delta")) \
        == ["refuted", "refuted", "unproved", "unproved"]
    (f,) = loaded(tmp_path / "notes.md")
    assert checked(f, 60)[0].counterexample["inputs"] == {"x": "1", "dl": "1"}


def test_a_value_where_the_slope_exists_only_for_some_other_inputs_is_judged_at_those(tmp_path) -> None:
    # relu(x) relu(y) has a slope at x = 0 only where y <= 0 (there 0): 7 is wrong there, 0 is right; y|x| has one
    # only where y = 0, where y is right; a jump of where(x > y, …) has none
    assert note_verdicts(tmp_path, OTHERS, _cases("k", r"\max(y, 0)", "7", "0"), _cases("k", r"\max(y, 0)", "0", "0"),
                         _cases("m", "y", "y", "-y"),
                         r"\frac{d\,\mathrm{j}}{d x} = \begin{cases} 1 & x \ne y \\ 5 & x = y \end{cases}") \
        == ["refuted", "proved", "unproved", "proved"]
