"""Summation limits that lean on another index, as papers write pairs and prefixes: Σ_i Σ_{j=i+1}^{n}, Σ_{j=k+1}^{n}.

A limit may read an outer summation index or a free one, linearly, when the sum never runs backwards
for any size or index value (SymPy's count and a reader's differ there); the ranges are then kept
through every renaming, a delta is contracted only into a range that is never empty, and code
generation refuses rather than vectorise over the wrong range.
"""
from __future__ import annotations

import sympy as sp
from sympy import IndexedBase, KroneckerDelta, Sum, Symbol

from derive.algebra import CLOSED, SWAPPED, TRIANGLE, canonical, freshen, textbook_names
from derive.cli import main
from derive.indexcalc import contract, index
from derive.printing import TextPrinter

from _sums import PAIRS, counted
from _checking import claims_of

NOTES = PAIRS + r"""
$$ \sum_{i=1}^{n} \sum_{j=i+1}^{n} x_i x_j = \frac{1}{2} \left( \left(\sum_{i=1}^{n} x_i\right)^2 - \sum_{i=1}^{n} x_i^2 \right) $$

$$ \sum_{i=1}^{n} \sum_{j=1}^{i} 1 = \frac{n (n + 1)}{2} $$

$$ \frac{\partial P}{\partial x_k} = \sum_{j=k+1}^{n} V_{kj} x_j + \sum_{i=1}^{k-1} V_{ik} x_i $$

$$ \sum_{i=1}^{n} \sum_{j=i+1}^{n} x_i x_j = \frac{1}{2} \left(\sum_{i=1}^{n} x_i\right)^2 $$

$$ \frac{\partial P}{\partial x_k} = \sum_{j=k+1}^{n} V_{kj} x_j $$

$$ \frac{\partial P}{\partial V_{kl}} = x_k x_l $$

$$ \sum_{i=1}^{n} \sum_{j=i}^{n} 1 = \frac{n (n - 1)}{2} $$

$$ \sum_{i=1}^{n} \sum_{j=1}^{i-1} \delta_{j1} x_i = \sum_{i=1}^{n} x_i $$
"""

#: the true identities first (the pairs through the square; Σ_i i in closed form; the pairs summed the
#: other way round), then the slips
VERDICTS = ["proved"] * 3 + ["refuted"] * 5


def test_pairs_and_prefixes_are_read_and_checked_as_written(tmp_path) -> None:
    p = tmp_path / "pairs.md"
    p.write_text(NOTES)
    claims = claims_of(p, 60.0)
    assert [c.verdict for c in claims] == VERDICTS
    assert all(c.counterexample for c in claims if c.verdict == "refuted")
    assert all(c.method.startswith("symbolic") for c in claims if c.verdict == "proved")
    assert CLOSED in claims[1].method and TRIANGLE in claims[0].method and SWAPPED in claims[2].method


def test_renaming_keeps_an_inner_limit_bound_to_its_outer_index() -> None:
    n = Symbol("n", integer=True, positive=True)
    i, j = index("i"), index("j")
    x = IndexedBase("x", real=True)
    pairs = Sum(Sum(x[i] * x[j], (j, i + 1, n)), (i, 1, n))
    only_j = Sum(Sum(x[j], (j, i + 1, n)), (i, 1, n))  # i only in a limit: no new name may take it
    for rename in (canonical, freshen, textbook_names):
        for e in (pairs, only_j):
            renamed = rename(e)
            plain = lambda expr: {s for s in expr.free_symbols if isinstance(s, Symbol)}  # noqa: E731
            assert plain(renamed) == plain(e) == {n, x.label}, (rename.__name__, renamed)
            values = {x[a]: sp.Rational(a * a + 1, 7) for a in (1, 2, 3, 4)}
            assert counted(renamed.subs(n, 4)).xreplace(values) == counted(e.subs(n, 4)).xreplace(values)


def test_a_delta_is_contracted_only_into_a_range_that_is_never_empty() -> None:
    m = Symbol("m", integer=True, positive=True)
    j, t = index("j"), index("t")
    y = IndexedBase("y", real=True)
    assert contract(Sum(KroneckerDelta(j, 1) * y[j], (j, 1, m)), {}) == y[1]
    # 1..m−1 is empty at m = 1 and 1..t−1 at t = 1: y_1 would be wrong there
    for hi in (m - 1, t - 1):
        assert contract(Sum(KroneckerDelta(j, 1) * y[j], (j, 1, hi)), {t: (1, m)}) != y[1]


def test_text_shows_a_range_other_than_one_to_a_size() -> None:
    n = Symbol("n", integer=True, positive=True)
    i, j = index("i"), index("j")
    x = IndexedBase("x", real=True)
    shown = TextPrinter().doprint(Sum(Sum(x[j], (j, i + 1, n)), (i, 1, n)))
    assert shown == "Σ_i Σ_(j=i + 1..n) x_j"


def test_a_model_with_such_a_sum_is_shown_with_its_range_and_never_vectorised_wrongly(tmp_path, capsys) -> None:
    p = tmp_path / "fm.derive.toml"
    p.write_text('[sizes]\nn = "n"\n[inputs]\nx = { shape = ["n"], role = "data" }\n'
                 'V = { shape = ["n", "n"], role = "param" }\n[define]\n'
                 '"L" = "Sum(Sum(V[i, j]*x[i]*x[j], (j, i + 1, n)), (i, 1, n))"\n')
    assert main(["show", str(p)]) == 0
    out = capsys.readouterr().out
    assert "L = Σ_k Σ_(i=k + 1..n) (V_ki·x_i·x_k)" in out
    out_py = tmp_path / "fm.py"
    assert main(["codegen", str(p), "-o", str(out_py)]) == 2
    assert "no whole-array (matrix) form" in capsys.readouterr().err and not out_py.exists()


def test_a_report_typesets_the_outer_sum_of_pairs_first() -> None:
    from reports.mathml import math_element
    n = Symbol("n", integer=True, positive=True)
    i, j = index("i"), index("j")
    x = IndexedBase("x", real=True)
    page = math_element(Sum(Sum(x[i] * x[j], (j, i + 1, n)), (i, 1, n)), "")
    # Σ_{i=1}^{n} Σ_{j=i+1}^{n}: i is bound before the limit that reads it
    assert page.index("<mi>i</mi><mo>=</mo><mn>1</mn>") < page.index("<mi>j</mi><mo>=</mo>")


def test_a_geometric_sum_is_closed_only_where_its_ratio_cannot_be_1() -> None:
    # Adam's bias correction: (1 − β) Σ_{i=1}^{t} β^{t−i} = 1 − β^t, which needs β ≠ 1 for the closed form
    from derive.algebra import is_zero
    t, i, q = Symbol("t", integer=True, positive=True), index("i"), Symbol("q", positive=True)
    beta = Symbol("beta", positive=True)
    claim = lambda b: (1 - b) * Sum(b ** (t - i), (i, 1, t)) - (1 - b ** t)  # noqa: E731
    assert is_zero(claim(1 / (1 + q)), {})  # 0 < β < 1, as the search and the prover read "beta < 1"
    assert not is_zero(claim(beta), {})  # β may be 1: no closed form taken (the claim holds there, but not by it)
    assert not is_zero((1 - 1 / (1 + q)) * Sum((1 + q) ** (i - t), (i, 1, t)) - (1 - (1 + q) ** (1 - t)), {})
