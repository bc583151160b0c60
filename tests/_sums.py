"""Sums added up term by term, as a reader counts them, for tests that compare a rewrite's value.

SymPy's ``doit`` leaves a sum whose limit leans on another index (Σ_i Σ_{j=i+1}^{n}) unevaluated,
and counts a backwards range negatively; this counts every sum over lo..hi, empty when hi < lo.
``PAIRS`` is a notes file's derive context with Rendle's pairs P = Σ_i Σ_{j>i} V_ij x_i x_j, for tests to write
their equations after.
"""
from __future__ import annotations

import sympy as sp
from sympy import Sum


def counted(e):
    """``e`` with every sum (at concrete sizes) replaced by the sum of its terms."""
    if not isinstance(e, Sum):
        return e.func(*[counted(a) for a in e.args]) if e.args else e
    (d, lo, hi), rest = e.limits[-1], e.limits[:-1]
    body = Sum(e.function, *rest) if rest else e.function
    return sp.Add(*[counted(body.xreplace({d: v})) for v in range(int(lo), int(hi) + 1)])


PAIRS = """# Pairwise interactions

```derive
[sizes]
n = "features"

[inputs]
x = ["n"]
V = ["n", "n"]

[define]
"P" = "Sum(Sum(V[i, j]*x[i]*x[j], (j, i + 1, n)), (i, 1, n))"
```
"""
