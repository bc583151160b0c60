"""What session 50's probes found: notes read or refused wrongly, each test failing on the code before its fix."""
from __future__ import annotations

from _oneline import assert_note_refused
from _checking import note_verdicts

#: ReLU6 of a vector, summed against g.
CLIPPED = """```derive
[sizes]
n = "units"
[inputs]
x = ["n"]
g = ["n"]
[define]
"M" = "Sum(g[i]*min(max(x[i], 0), 6), (i, 1, n))"
```
"""


def test_a_two_sided_indicator_of_a_vector_is_read_entry_by_entry(tmp_path) -> None:
    # a probe: course notes write ReLU6's and hard-tanh's masks as 1[0 < x < 6] of the whole vector, which was refused
    # ("cannot read a chained comparison") though 1[x > 0] ⊙ 1[x < 6] and the entry form were read
    claims = [r"\frac{\partial M}{\partial x} = g \odot \mathbb{1}[0 < x < 6]",
              r"\frac{\partial M}{\partial x} = g \odot \mathbb{1}[6 > x > 0]",
              r"\frac{\partial M}{\partial x} = g \odot \mathbb{1}[0 < x < 5]",
              r"\frac{\partial M}{\partial x} = g \odot \mathbb{1}[-6 < x < 0]"]
    assert note_verdicts(tmp_path, CLIPPED, *claims) == ["proved", "proved", "refuted", "refuted"]


def test_a_chain_of_a_vector_both_ways_round_stays_refused(tmp_path, capsys) -> None:
    assert_note_refused(tmp_path, capsys, CLIPPED, r"\frac{\partial M}{\partial x} = g \odot \mathbb{1}[0 < x > 6]",
                        "cannot read a chained comparison")
