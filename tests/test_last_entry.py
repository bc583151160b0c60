"""An entry at a size: the last step of a recurrence, h[T] or h_T, and x[n + K - 1] of a summed axis.

A loss read at the final step (L = ½(h_T − y)²) could not be stated: a size was refused as an index.
It is now the entry at that size, checked to lie on its axis for every size (x[n] of an axis of size
m may not, x[n − 1] is not at n = 1), and a Kronecker delta against it contracts like one against an
index whose range is known (Σ_i x_i δ_in = x_n over 1..n).
"""
from __future__ import annotations

import pytest
import sympy as sp

from derive import indexcalc as ic
from derive.cli import main
from derive.documents.load import load_any
from _checking import checked, claims_of

LAST = """title = "the last entry"
[sizes]
n = "steps"
K = "taps"
[inputs]
x = ["n"]
u = ["n + K - 1"]
[define]
"L" = "x[n]**2 + x[1]"
"M" = "u[n + K - 1]**2"
[[claim]]
name = "dL/dx_j"
eq = "diff(L, x[j]) = 2*x[n]*delta(j, n) + delta(j, 1)"
[[claim]]
name = "dL/dx_j, the factor 2 dropped"
eq = "diff(L, x[j]) = x[n]*delta(j, n) + delta(j, 1)"
[[claim]]
name = "a delta picks the last entry"
eq = "Sum(x[i]*delta(i, n), (i, 1, n)) = x[n]"
[[claim]]
name = "a delta picks the first entry, read as the last"
eq = "Sum(x[i]*delta(i, n), (i, 1, n)) = x[1]"
[[claim]]
name = "the last entry of a summed axis"
eq = "diff(M, u[j]) = 2*u[n + K - 1]*delta(j, n + K - 1)"
"""

NOTE = r"""# The loss at the last step

```derive
[sizes]
T = "steps"
[inputs]
h = ["T"]
y = []
[define]
"L" = "(h[T] - y)**2 / 2"
```

$$\frac{\partial L}{\partial h_t} = (h_T - y)\,\delta_{tT}$$

$$\frac{\partial L}{\partial h_T} = y - h_T$$

$$\sum_{t=1}^{T} h_t \delta_{tT} = h_T$$

$$\frac{\partial L}{\partial h_1} = h_T - y$$
"""


def test_a_files_last_entry_is_differentiated_and_contracted(tmp_path):
    path = tmp_path / "last.derive.toml"
    path.write_text(LAST)
    got = [c.verdict for c in claims_of(path, 60.0)]
    assert got == ["proved", "refuted", "proved", "refuted", "proved"]


def test_a_note_reads_h_T_as_the_last_step(tmp_path):
    path = tmp_path / "last.md"
    path.write_text(NOTE)
    (f,) = load_any(path, None)
    claims = checked(f, 60.0)
    # ∂L/∂h_1 = h_T − y holds only where T = 1: refuted at a longer sequence
    assert [c.verdict for c in claims] == ["proved", "refuted", "proved", "refuted"]
    assert claims[3].counterexample["sizes"]["T"] >= 2


@pytest.mark.parametrize("written, message", [
    ("x[n - 1]", "index n - 1 may be out of range for x axis 1 (size n)"),  # n may be 1
    ("x[n + 1]", "index n + 1 may be out of range for x axis 1 (size n)"),
    ("x[K]", "index K may be out of range for x axis 1 (size n)"),  # K may exceed n
    ("x[L]", "free index L is not in 'L'"),
])
def test_an_entry_at_a_size_off_its_axis_is_one_line(tmp_path, capsys, written, message):
    path = tmp_path / "bad.derive.toml"
    path.write_text(LAST.replace('"x[n]**2 + x[1]"', f'"{written}**2"'))
    assert main(["check", str(path), "--no-cache"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and message in err and f"{path}:9:" in err, err


def test_a_delta_against_a_size_contracts_only_inside_the_range():
    i = sp.Symbol("i", integer=True)
    n, m = (sp.Symbol(s, integer=True, positive=True) for s in "nm")
    x = sp.IndexedBase("x")
    assert ic.contract(sp.Sum(sp.KroneckerDelta(i, n) * x[i], (i, 1, n)), {}) == x[n]
    assert ic.contract(sp.Sum(sp.KroneckerDelta(i, n + m - 1) * x[i], (i, 1, n + m - 1)), {}) == x[n + m - 1]
    # n may lie outside 1..m, and 1..n - 1 never holds n: both stay sums
    for hi in (m, n - 1):
        assert isinstance(ic.contract(sp.Sum(sp.KroneckerDelta(i, n) * x[i], (i, 1, hi)), {}), sp.Sum)
