"""What session 46's probes (Hessians and second derivatives; conditions and piecewise functions) found: true
claims refuted because a chain's condition covered one row, and because a pair sum's index was read as free."""
from __future__ import annotations

from _checking import note_verdicts

SOFTMAX = """# Softmax and log-sum-exp

```derive
[sizes]
n = "entries"
[inputs]
z = ["n"]
[define]
"F" = "log(Sum(exp(z[k]), (k, 1, n)))"
"p[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"
```
"""


def test_a_pair_sum_over_derivatives_binds_the_index_it_differentiates_by(tmp_path):
    # ∂p_i/∂z_j inside Σ_{i≠j}: the j was taken for a free index, the sum for one row's, and the truth refuted
    assert note_verdicts(
        tmp_path, SOFTMAX,
        r"\sum_{i \ne j} \frac{\partial F}{\partial z_i} \frac{\partial F}{\partial z_j} = 1 - \sum_{k=1}^{n} p_k^2",
        r"\sum_{i \ne j} \frac{\partial p_i}{\partial z_j} = \sum_{k=1}^{n} p_k^2 - 1",
        r"\sum_{k=1}^{n} \frac{\partial^2 F}{\partial z_k^2} = -\sum_{i \ne j} \frac{\partial^2 F}{\partial z_i \partial z_j}",
        r"\sum_{i \ne j} \frac{\partial p_i}{\partial z_j} = 1 - \sum_{k=1}^{n} p_k^2",
    ) == ["proved", "proved", "proved", "refuted"]


def test_a_derivative_by_a_free_index_still_makes_it_free(tmp_path):
    # outside any sum, ∂/∂z_j's j is the claim's free index, as before
    assert note_verdicts(tmp_path, SOFTMAX, r"\frac{\partial F}{\partial z_j} = p_j",
                         r"\sum_{i=1}^{n} \frac{\partial p_i}{\partial z_j} = 0",
                         r"\sum_{i=1}^{n} \frac{\partial p_i}{\partial z_j} = p_j") == ["proved", "proved", "refuted"]
