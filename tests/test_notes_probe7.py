"""What session 47 found in notes: a value of a defined quantity after ``where`` dropped as prose (a true claim
refuted)."""
from __future__ import annotations

from _checking import note_verdicts

SIGMOID = """# A sigmoid unit

```derive
[sizes]
n = "units"
[inputs]
z = ["n"]
[define]
"s[i]" = "1/(1 + exp(-z[i]))"
"r[i]" = "max(z[i], 0)"
```
"""


def test_where_before_a_value_of_a_defined_quantity_is_a_condition(tmp_path):
    # \text{where } s_i = \frac{1}{2} was read as naming s (prose): z_i = 0 was checked everywhere and refuted
    assert note_verdicts(tmp_path, SIGMOID, r"z_i = 0 \quad \text{where } s_i = \frac{1}{2}",
                         r"\frac{\partial s_i}{\partial z_i} = \frac{1}{2} \quad \text{where } s_i = \frac{1}{2}") == \
        ["unproved", "refuted"]  # no point with s_i = 1/2 refutes the first; the second is 1/4 there


def test_where_before_a_definition_restated_is_still_prose(tmp_path):
    assert note_verdicts(tmp_path, SIGMOID, r"\frac{\partial s_i}{\partial z_i} = s_i (1 - s_i) \quad "
                                            r"\text{where } s_i = \frac{1}{1 + e^{-z_i}}") == ["proved"]
