"""The textbook form keeps one sum one sum: ``derive show`` of CosFace's loss finishes.

``merge_sums`` renamed the index of every sum it met, alone in its group or not, to a fresh dummy of
that call; the normaliser Σ_k e^{s c_k}, standing in the denominator of each term of ∂L/∂c_j, became
as many distinct sums as terms, and factoring put them over the product of all those denominators
(a numerator that did not multiply out in minutes: ``show`` hit its 60 s limit, ``check`` did not).
"""
from __future__ import annotations

from pathlib import Path

import sympy as sp

from derive.algebra import merge_sums
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


def test_merge_sums_keeps_a_lone_sums_index():
    """The same normaliser in two denominators stays one sum (one stand-in for the factoring after)."""
    j, k = (sp.Symbol(x, integer=True) for x in "jk")
    n = sp.Symbol("n", integer=True, positive=True)
    z, y = sp.IndexedBase("z", real=True), sp.IndexedBase("y", real=True)
    norm = sp.Sum(sp.exp(z[k]), (k, 1, n))
    expr = y[j] / (norm + sp.exp(z[j])) + y[j] ** 2 / (norm - sp.exp(z[j])) ** 2
    merged = merge_sums(expr)
    assert merged == expr, merged
    assert len(merged.atoms(sp.Sum)) == 1, merged


def test_merge_sums_still_merges_and_never_captures():
    """Two sums over one range still merge; a lone sum whose index the coefficient holds is renamed."""
    i, k = (sp.Symbol(x, integer=True) for x in "ik")
    n = sp.Symbol("n", integer=True, positive=True)
    x = sp.IndexedBase("x", real=True)
    merged = merge_sums(sp.Sum(x[k], (k, 1, n)) + sp.Sum(x[k] ** 2, (k, 1, n)))
    assert len(merged.atoms(sp.Sum)) == 1, merged
    captured = merge_sums(x[k] * sp.Sum(x[k] ** 2, (k, 1, n)) + x[i])
    assert x[k] in captured.atoms(sp.Indexed), captured  # the free x_k outside stays free
    values = {n: 3, x[1]: 2, x[2]: 3, x[3]: 5, x[i]: 7}
    before = (x[k] * sp.Sum(x[k] ** 2, (k, 1, n)) + x[i]).subs({k: 2}).subs(values).doit()
    assert captured.subs({k: 2}).subs(values).doit() == before


def test_show_cosface_loss_finishes(capsys, tmp_path):
    path = tmp_path / "cosface.md"
    path.write_text(NOTE)
    ran = run(capsys, "show", str(path))
    assert ran.returncode == 0, ran.stderr
    assert "∂L/∂c_j" in ran.stdout, ran.stdout
