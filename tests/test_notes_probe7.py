"""What session 47 found in notes: a value of a defined quantity after ``where`` dropped as prose (a true claim
refuted), and equations inside a bare ``\\begin{cases}`` read as no claim at all (a wrong case passed)."""
from __future__ import annotations

from _oneline import assert_note_refused
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


def test_an_equation_inside_a_bare_cases_environment_is_refused_not_dropped(tmp_path, capsys):
    # no left side outside the environment: the display read as no claim, and a wrong case passed with exit 0
    for cases in (r"\begin{cases} r_i = 2 z_i & \text{if } z_i > 0 \\ r_i = 0 & \text{otherwise} \end{cases}",
                  r"\begin{cases} r_i = z_i & z_i > 0 \\ r_i = 0 & z_i \le 0 \end{cases}"):
        assert_note_refused(tmp_path, capsys, SIGMOID, cases, "an equation inside \\begin{cases} is not read")


def test_a_cases_environment_as_a_right_side_still_reads(tmp_path):
    assert note_verdicts(tmp_path, SIGMOID, r"r_i = \begin{cases} z_i & z_i > 0 \\ 0 & z_i \le 0 \end{cases}",
                         r"r_i = \begin{cases} 2 z_i & z_i > 0 \\ 0 & z_i \le 0 \end{cases}") == ["proved", "refuted"]
