"""Sums over ordered indices as notes write them: ``\\sum_{i<j}``, ``\\sum_{j>k}``, ``\\sum_{1 \\le i < j \\le n}``.

A letter naming no quantity, no enclosing summation index and no index free in the equation is
summed; any other term bounds it.  Two new letters are a sum over pairs.  Whether an index is free
is a fact of the whole equation, so ``c_k + \\sum_{j>k} …`` and ``\\sum_{j>k} … = ∂P/∂x_k`` sum j alone.
"""
from __future__ import annotations

import pytest
import sympy as sp
from sympy import IndexedBase, Sum, Symbol

from derive.algebra.zero import CLOSED, PREFIXED, _closed, _prefixed
from derive.documents.load import load_any
from derive.indexcalc import index

from _checking import claims_of
from _oneline import assert_one_line_error
from _sums import PAIRS as HEAD, counted

n = Symbol("n", integer=True, positive=True)
i, j, k = index("i"), index("j"), index("k")
x, V = IndexedBase("x", real=True), IndexedBase("V", real=True)
PAIRS = Sum(Sum(x[i] * x[j], (j, i + 1, n)), (i, 1, n))


def _claims(tmp_path, *equations: str):
    p = tmp_path / "pairs.md"
    p.write_text(HEAD + "".join(f"\n$$ {eq} $$\n" for eq in equations))
    return load_any(p, None)[0].claims


def _same(a, b, size: int = 4, top: int = 0) -> bool:
    """The two expressions agree term by term at n = ``size`` (an index k from 1 to ``size`` − ``top``)."""
    values = {x[a]: sp.Rational(a * a + 1, 7) for a in range(1, size + 1)}
    values.update({V[a, b]: sp.Rational(a - 2 * b, 3) for a in range(1, size + 1) for b in range(1, size + 1)})
    return all(counted(a.subs({n: size, k: kk})).xreplace(values) == counted(b.subs({n: size, k: kk})).xreplace(values)
               for kk in range(1, size + 1 - top))


@pytest.mark.parametrize("written", [r"\sum_{i<j} x_i x_j", r"\sum_{j>i} x_i x_j", r"\sum_{1 \le i < j \le n} x_i x_j",
                                     r"\sum_{n \ge j > i \ge 1} x_i x_j", r"\sum_{i=1}^{n} \sum_{j>i} x_i x_j",
                                     r"\sum_{j=1}^{n} \sum_{i<j} x_i x_j", r"\sum_{i \lt j \leq n} x_i x_j"])
def test_pairs_are_read_as_the_strict_upper_triangle(tmp_path, written: str) -> None:
    (claim,) = _claims(tmp_path, f"{written} = 0")
    assert _same(claim.lhs, PAIRS)
    assert not _same(claim.lhs, Sum(Sum(x[i] * x[j], (j, i, n)), (i, 1, n)))  # the diagonal is not in it


@pytest.mark.parametrize("written, meant", [
    (r"\sum_{i=1}^{n} \sum_{j \le i} x_j", Sum(Sum(x[j], (j, 1, i)), (i, 1, n))),
    (r"\sum_{i=1}^{n} \sum_{j \ge i} x_j", Sum(Sum(x[j], (j, i, n)), (i, 1, n))),
    (r"\sum_{i=1}^{n} \sum_{j<i} x_j", Sum(Sum(x[j], (j, 1, i - 1)), (i, 1, n))),
    (r"\sum_{j<n} x_j", Sum(x[j], (j, 1, n - 1))),
])
def test_a_bound_index_or_a_size_bounds_the_new_letter(tmp_path, written: str, meant) -> None:
    (claim,) = _claims(tmp_path, f"{written} = 0")
    assert _same(claim.lhs, meant)


@pytest.mark.parametrize("equation, side, extra", [
    (r"\frac{\partial P}{\partial x_k} = \sum_{j>k} V_{kj} x_j + \sum_{i<k} V_{ik} x_i", "rhs", 0),
    (r"\sum_{j>k} V_{kj} x_j + \sum_{i<k} V_{ik} x_i = \frac{\partial P}{\partial x_k}", "lhs", 0),  # k free on the right
    (r"x_k + \sum_{j>k} V_{kj} x_j + \sum_{i<k} V_{ik} x_i = 0", "lhs", x[k]),  # k free on the same side
])
def test_an_index_free_anywhere_in_the_equation_is_never_summed(tmp_path, equation: str, side: str, extra) -> None:
    (claim,) = _claims(tmp_path, equation)
    written = getattr(claim, side) - extra
    meant = Sum(V[k, j] * x[j], (j, k + 1, n)) + Sum(V[i, k] * x[i], (i, 1, k - 1))
    assert k in written.free_symbols
    assert _same(written, meant)


def test_ordered_sums_are_checked_as_read(tmp_path) -> None:
    claims = _claims(
        tmp_path,
        r"\sum_{i<j} x_i x_j = \frac{1}{2} \left( \left(\sum_{i=1}^{n} x_i\right)^2 - \sum_{i=1}^{n} x_i^2 \right)",
        r"P = \sum_{1 \le i < j \le n} V_{ij} x_i x_j",
        r"\frac{\partial P}{\partial x_k} = \sum_{j>k} V_{kj} x_j + \sum_{i<k} V_{ik} x_i",
        # the slips: the diagonal taken in, the two triangles swapped, one triangle only
        r"\sum_{i \le j} x_i x_j = \frac{1}{2} \left( \left(\sum_{i=1}^{n} x_i\right)^2 - \sum_{i=1}^{n} x_i^2 \right)",
        r"\frac{\partial P}{\partial x_k} = \sum_{j<k} V_{kj} x_j + \sum_{i>k} V_{ik} x_i",
        r"\frac{\partial P}{\partial x_k} = \sum_{j>k} V_{kj} x_j")
    results = claims_of(tmp_path / "pairs.md", 60.0)
    assert [c.verdict for c in results] == ["proved"] * 3 + ["refuted"] * 3, [(c.verdict, c.evidence) for c in results]
    assert all(c.counterexample for c in results[3:])
    assert len(claims) == 6


@pytest.mark.parametrize("written, fragment", [
    (r"\sum_{i < j > l} x_i", "a chain runs one way"),
    (r"\sum_{2 < 3} x_1", "no summation index"),
    (r"\sum_{i<j}^{n} x_i x_j", "an upper limit needs exactly one index"),
    (r"\sum_{i<j} 1", r"the range of j is unclear: write \sum_{1 \le i < j \le n}"),
])
def test_an_unreadable_order_is_a_one_line_error(tmp_path, capsys, written: str, fragment: str) -> None:
    p = tmp_path / "bad.md"
    p.write_text(HEAD + f"\n$$ {written} = 0 $$\n")
    assert_one_line_error(p, 15, fragment, capsys)


def test_sums_below_and_above_a_free_index_are_joined(tmp_path) -> None:
    _claims(tmp_path,
            r"\sum_{j<k} x_j + \sum_{j>k} x_j = \sum_{j=1}^{n} x_j - x_k",
            r"\sum_{j \le k} x_j + \sum_{j \ge k} x_j = \sum_{j=1}^{n} x_j + x_k",
            r"\sum_{j<k} V_{kj} + \sum_{j \ge k+1} V_{kj} = \sum_{j=1}^{n} V_{kj} - V_{kk}",
            r"\frac{\partial P}{\partial x_k} = \sum_{j>k} V_{kj} x_j + \sum_{j=1}^{n} V_{jk} x_j - \sum_{j \ge k} V_{jk} x_j",
            # the slips: the term at k twice, or not at all; P's derivative as if V were symmetric
            r"\sum_{j<k} x_j + \sum_{j>k} x_j = \sum_{j=1}^{n} x_j - 2 x_k",
            r"\sum_{j \le k} x_j + \sum_{j>k} x_j = \sum_{j=1}^{n} x_j - x_k",
            r"\frac{\partial P}{\partial x_k} = \sum_{j=1}^{n} V_{kj} x_j - V_{kk} x_k")
    results = claims_of(tmp_path / "pairs.md", 60.0)
    assert [c.verdict for c in results] == ["proved"] * 4 + ["refuted"] * 3, [(c.verdict, c.evidence) for c in results]
    assert all(PREFIXED in c.method for c in results[:4])
    # derive's own derivative beside the last slip: both triangles, the delta contracted
    assert results[-1].counterexample["expected"] == "Σ_(i=1..k - 1) (V_ik·x_i) + Σ_(i=k + 1..n) (V_ki·x_i)"


@pytest.mark.parametrize("limits", [(k, n), (k + 1, n), (k + 2, n), (1, k), (1, k + 1), (1, k + 2), (1, k - 1)])
def test_joining_holds_term_by_term_at_every_free_index(limits) -> None:
    ranges = {k: (sp.Integer(1), n)}
    e = Sum(x[j] * V[j, k], (j, *limits))
    rewritten = _prefixed(e, ranges)
    assert rewritten != e or limits == (1, k - 1)  # the sum below k is the form the others are written in
    # at every k where the range does not run backwards (Σ_{j=k+2}^{n} at k = n; the loader refuses those)
    assert _same(rewritten, e, top=max(0, limits[0] - k - 1) if limits[1] == n else 0)


def test_counting_sums_are_written_in_closed_form(tmp_path) -> None:
    _claims(tmp_path,
            r"\sum_{1 \le i < j \le n} 1 = \frac{n (n - 1)}{2}",
            r"\sum_{i=1}^{n} \sum_{j \le i} 1 + \sum_{i=1}^{n} x_i = \frac{n (n + 1)}{2} + \sum_{i=1}^{n} x_i",
            r"\sum_{1 \le i < j \le n} 1 = \frac{n^2}{2}",
            r"\sum_{i=1}^{n} \sum_{j \le i} 1 = \frac{n (n - 1)}{2}")
    results = claims_of(tmp_path / "pairs.md", 60.0)
    assert [c.verdict for c in results] == ["proved"] * 2 + ["refuted"] * 2
    assert all(CLOSED in c.method for c in results[:2])
    # only sums of the indices themselves: a sum over data stays a sum
    assert _closed(Sum(x[i] * i, (i, 1, n))) == Sum(x[i] * i, (i, 1, n))
    closed = _closed(Sum(Sum(i * j, (j, 1, i)), (i, 1, n)))
    assert not closed.has(Sum)
    assert closed.subs(n, 4) == sum(a * b for a in range(1, 5) for b in range(1, a + 1))


def test_two_new_letters_apart_are_the_pairs_off_the_diagonal(tmp_path) -> None:
    claims = _claims(tmp_path,
                     r"\sum_{i \ne j} x_i x_j = \left(\sum_{i=1}^{n} x_i\right)^2 - \sum_{i=1}^{n} x_i^2",
                     r"x_k \sum_{j \ne k} x_j = x_k \sum_{j=1}^{n} x_j - x_k^2",  # k is free: j ≠ k alone
                     r"\sum_{i \ne j} x_i x_j = \left(\sum_{i=1}^{n} x_i\right)^2")  # the slip: the diagonal kept
    off_diagonal = Sum(Sum(x[i] * x[j] * (1 - sp.KroneckerDelta(i, j)), (j, 1, n)), (i, 1, n))
    assert _same(claims[0].lhs, off_diagonal)
    assert _same(claims[1].lhs, x[k] * Sum(x[j] * (1 - sp.KroneckerDelta(j, k)), (j, 1, n)))
    results = claims_of(tmp_path / "pairs.md", 60.0)
    assert [c.verdict for c in results] == ["proved", "proved", "refuted"]


def test_triples_are_read_and_counted(tmp_path) -> None:
    l = index("l")
    claims = _claims(tmp_path,
                     r"\sum_{i<j<l} x_i x_j x_l = 0",
                     r"\sum_{1 \le i<j<l \le n} 1 = \frac{n (n-1) (n-2)}{6}",
                     r"\sum_{1 \le i<j<l \le n} 1 = \frac{n (n-1)}{6}")
    triples = Sum(Sum(Sum(x[i] * x[j] * x[l], (l, j + 1, n)), (j, i + 1, n)), (i, 1, n))
    assert _same(claims[0].lhs, triples, size=5)
    results = claims_of(tmp_path / "pairs.md", 60.0)
    assert [c.verdict for c in results[1:]] == ["proved", "refuted"]


def test_a_range_is_checked_only_where_the_range_it_leans_on_has_terms() -> None:
    from derive.verify.parser import ParseError
    from derive.verify.ranges import index_ranges
    l = index("l")
    shapes = {"x": (n,)}
    # l from j + 1 to n never runs backwards: j = i + 1 at i = n is no value of j (its range is empty there)
    index_ranges(Sum(Sum(Sum(x[l], (l, j + 1, n)), (j, i + 1, n)), (i, 1, n)), shapes, {n})
    # l from j + 2 to n does at j = n, which is a value of j whenever i < n
    with pytest.raises(ParseError, match="summation index l runs from j \\+ 2 to n"):
        index_ranges(Sum(Sum(Sum(x[l], (l, j + 2, n)), (j, i + 1, n)), (i, 1, n)), shapes, {n})
