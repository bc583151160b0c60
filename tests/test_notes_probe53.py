"""What session 53's probes found: notes read or refused wrongly, each test failing on the code before its fix."""
from __future__ import annotations

from _oneline import assert_note_refused
from _checking import note_verdicts

#: A two-component mixture's weight mapped to \pi, beside a Gaussian's normaliser.
WEIGHT = """```derive
[inputs]
w = []
x = []
[define]
"f" = "w * x / sqrt(2*pi)"
"g" = "w**2"
[symbols]
'\\pi' = "w"
```
"""


def test_a_number_times_a_mapped_pi_is_refused_as_constant_or_quantity(tmp_path, capsys) -> None:
    # with \pi mapped to a weight, \sqrt{2\pi} was read as √(2w): a note meaning the constant had its claims
    # checked against another function (∂/∂π of π x/√(2π) proved or refuted by the weight's reading)
    for written in (r"f = \frac{\pi x}{\sqrt{2\pi}}", r"f = \pi x (2 \pi)^{-1/2}", r"\frac{\partial g}{\partial \pi} = 2\pi"):
        assert_note_refused(tmp_path, capsys, WEIGHT, written, r"\pi is mapped to w in [symbols], so this is a number "
                                                              "times that quantity")
    # the weight written with an operator, and the mapped \pi alone, are read
    assert note_verdicts(tmp_path, WEIGHT, r"\frac{\partial g}{\partial \pi} = 2 \cdot \pi",
                         r"\frac{\partial g}{\partial \pi} = 3 \cdot \pi") == ["proved", "refuted"]
    # with nothing mapped to \pi, 2\pi is the constant
    plain = WEIGHT.replace("[symbols]\n'\\pi' = \"w\"\n", "")
    assert note_verdicts(tmp_path, plain, r"f = \frac{w x}{\sqrt{2\pi}}", r"f = \frac{w x}{\sqrt{2 w}}") \
        == ["proved", "refuted"]
