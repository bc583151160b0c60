"""``derive show`` of CosFace's loss finishes: factoring in the textbook form is bounded by size.

The local derivative ∂L/∂c_j of the loss written in the cosines (not through the softmax) holds the
normaliser Σ_k e^{s c_k} in the denominator of every term; ``merge_sums`` names each copy's index
afresh, so factoring saw eight distinct denominators (D² with D of three terms), put the terms over
their product and multiplied out a numerator that did not finish in minutes: ``show`` stopped at its
60 s limit while ``check`` (which never builds the textbook form) was fine.  A sum of terms whose
common denominator would multiply out to more than ``MAX_COMMON_DENOMINATOR_TERMS`` terms is not
factored (nor merged into one sum): the form shown is another, equal one.
"""
from __future__ import annotations

import sympy as sp

from derive.algebra.merge import MAX_COMMON_DENOMINATOR_TERMS, common_denominator_terms
from _cli import run

NOTE = r"""```derive
given = ["s > 0", "m >= 0"]

[sizes]
n = "identities"

[inputs]
c = ["n"]
s = []
m = []

[labels]
y = "n"

[define]
"L" = "-log(exp(s*(c[y] - m)) / (exp(s*(c[y] - m)) + Sum(exp(s*c[j]), (j, 1, n), j != y)))"
```

$$
\frac{\partial L}{\partial c_y} = 0
$$
"""


def test_common_denominator_terms_counts_distinct_bases_once():
    a, b, u, v = sp.symbols("a b u v", real=True)
    assert common_denominator_terms(a + b) == 1
    one = 1 / (1 + sp.exp(u)) ** 2
    assert common_denominator_terms(a * one + b * one) == 4
    assert common_denominator_terms(a * one + b / (1 + u + v)) == 12
    many = sum(a / (u + v + k) ** 2 for k in range(1, 5))
    assert common_denominator_terms(many) == 9 ** 4 > MAX_COMMON_DENOMINATOR_TERMS


def test_show_cosface_loss_finishes(capsys, tmp_path):
    path = tmp_path / "cosface.md"
    path.write_text(NOTE)
    ran = run(capsys, "show", str(path))
    assert ran.returncode == 0, ran.stderr
    assert "∂L/∂c_j" in ran.stdout, ran.stdout
