"""What session 55's probes found: notes refused wrongly or wrong claims left unproved, each test failing on the code
before its fix."""
from __future__ import annotations

from _oneline import assert_note_refused
from _checking import note_verdicts

#: Binary cross-entropy of a logit, as textbooks write it: −y log σ(x) − (1 − y) log(1 − σ(x)).
BCE = """```derive
[inputs]
x = []
y = []
[define]
"L" = "-y*log(sigmoid(x)) - (1 - y)*log(1 - sigmoid(x))"
"M" = "log(1 - x**2/(1 + x**2))"
"N" = "log(1 - x**2)"
```
"""


def test_a_value_at_a_point_of_a_log_real_everywhere_once_over_one_denominator_is_read(tmp_path, capsys) -> None:
    # a probe: ∂L/∂x |_{x=0} was refused as "has no real value for some x", though 1 − σ(x) = 1/(eˣ + 1) > 0
    assert note_verdicts(tmp_path, BCE, r"\frac{\partial L}{\partial x}\Big|_{x=0} = \frac{1}{2} - y",
                         r"\frac{\partial L}{\partial x}\Big|_{x=0} = y - \frac{1}{2}",
                         r"\frac{\partial M}{\partial x}\Big|_{x=0} = 0") == ["proved", "refuted", "proved"]
    # log(1 − x²) has no real value at |x| ≥ 1: still refused
    assert_note_refused(tmp_path, capsys, BCE, r"\frac{\partial N}{\partial x}\Big|_{x=0} = 0",
                        "has no real value for some x")
