"""Back-substitution never writes a number, a limit of a sum or a size as a quantity.

With ``K[i, j] = exp(-(x[i] - x[j])**2)`` the kernel at a diagonal instance (i = j) is e⁰ = 1, a
constant: rewriting it as ``K_jj`` turned every literal 1 (the lower limit of each sum, the 1 of
m − 1) into ``K_jj``, so derive's own derivative printed ``Σ_(j=K_ii..m)`` and ``/(m − K_jj)``.
"""
from __future__ import annotations

import re
from pathlib import Path

import sympy as sp

from derive import indexcalc as ic
from _checking import claims_of
from _cli import run

NOTE = r"""```derive
[sizes]
m = "samples"

[inputs]
x = ["m"]

[define]
"K[i, j]" = "exp(-(x[i] - x[j])**2)"
"L" = "Sum(Sum(K[i, j], (j, 1, m)), (i, 1, m)) / (m - 1)"
```

A wrong claim, so that check prints derive's own derivative:

$$
\frac{\partial L}{\partial x_l} = 0
$$
"""

#: a sum's limit that is not a number or a size: Σ_(j=K_ii..m)
_QUANTITY_LIMIT = re.compile(r"Σ_\(\w+=[^)]*[A-Za-z]_\w+")


def _note(tmp_path: Path) -> Path:
    path = tmp_path / "rbf.md"
    path.write_text(NOTE)
    return path


def test_kernel_at_a_diagonal_instance_is_not_put_back():
    i, j, l = (sp.Symbol(s, integer=True) for s in "ijl")
    m = sp.Symbol("m", integer=True, positive=True)
    x, K = sp.IndexedBase("x", real=True), sp.IndexedBase("K", real=True)
    kernel = sp.exp(-(x[i] - x[j]) ** 2)
    expr = 2 * sp.Sum((sp.exp(-(x[i] - x[j]) ** 2)) * (x[i] - x[j]), (i, 1, m)) / (m - 1)
    out = ic.BackSubstitution(K, (i, j), kernel)(expr, [(i, j), (j, j), (j, i)])
    assert out is not None and not out.has(K[j, j]), out
    assert out.has(K[i, j]), out
    assert all(s.limits[0][1:] == (1, m) for s in out.atoms(sp.Sum)), out


def test_check_prints_own_derivative_without_quantities_in_limits(tmp_path):
    [r] = claims_of(_note(tmp_path))
    assert r.verdict == "refuted", r.summary
    expected = r.counterexample.get("expected", "")
    assert expected and not _QUANTITY_LIMIT.search(expected), expected
    assert "K_jj" not in expected and "K_ii" not in expected and "K_ll" not in expected, expected


def test_show_writes_no_diagonal_kernel_for_one(capsys, tmp_path):
    ran = run(capsys, "show", str(_note(tmp_path)))
    assert ran.returncode == 0, ran.stderr
    assert not _QUANTITY_LIMIT.search(ran.stdout), ran.stdout
    assert not re.search(r"K_(\w)\1\b", ran.stdout), ran.stdout
    assert "m - 1" in ran.stdout or "1 - m" in ran.stdout, ran.stdout
