"""A sixth probe of the readers: bracketed powers among a function's arguments, soft-threshold cases,
``derive show``'s choice of input and LaTeX ``%!`` lines missing their marker."""
from __future__ import annotations

import pytest

from _checking import note_verdicts


_verdicts = note_verdicts


SCALARS = """# Bracketed powers

```derive
[inputs]
a = []
b = []
z = []
```
"""


@pytest.mark.parametrize("claim", [
    # a bracket squared as one argument of a function of several: the argument's own power
    r"\max((a - b)^2, b) = \max(b, a^2 - 2 a b + b^2)",
    r"\max(b, (a)^2) = \max(a^2, b)",
    r"\min(b, (a + 1)^3) = \min(b, a^3 + 3 a^2 + 3 a + 1)",
    r"\operatorname{clip}((a - b)^2, 0, 1) = \min((a - b)^2, 1)",
    r"\max\left((a - b)^2, b\right) = \max(b, a^2 - 2 a b + b^2)",
    r"\max\{(a - b)^2, b\} = \max(b, a^2 - 2 a b + b^2)",
    # the bracket is the function's: exp of a square, never the square of exp
    r"\frac{\partial}{\partial z} \exp((z)^2) = 2 z \exp(z^2)",
    r"\frac{\partial}{\partial z} \exp\left((z)^2\right) = 2 z \exp(z^2)",
])
def test_a_bracketed_power_inside_a_function_is_its_arguments(tmp_path, claim):
    assert _verdicts(tmp_path, SCALARS, claim) == ["proved"]


@pytest.mark.parametrize("claim", [
    r"\max((a - b)^2, b) = \max(a - b, b)^2",
    r"\frac{\partial}{\partial z} \exp((z)^2) = 2 \exp(2 z)",
])
def test_a_bracketed_power_inside_a_function_is_not_the_functions(tmp_path, claim):
    assert _verdicts(tmp_path, SCALARS, claim) == ["refuted"]


def test_a_power_after_the_functions_bracket_is_still_the_values(tmp_path):
    assert _verdicts(tmp_path, SCALARS, r"\max(0, a)^2 = \max(0, a^2) \cdot [a > 0]",
                     r"\exp(z)^2 = \exp(2 z)") == ["proved", "proved"]
