"""A claim whose shapes differ only where its own size condition fails is not refuted there.

``X v = X v`` with X of shape (n, m) and v of (n,) has no value where m ≠ n, but the claim is stated
``when m == n`` (``\\quad \\text{if } m = n``): under that condition both sides are formed and agree.
A counterexample drawn from the shapes must satisfy the claim's conditions like any other; where no
sizes that satisfy them show the mismatch, the claim is read (TOML) or left unproved (never refuted).
"""
from __future__ import annotations

from pathlib import Path

import sympy as sp

from _checking import claims_of

HEAD = """[sizes]
n = "rows"
m = "cols"

[inputs]
X = ["n", "m"]
v = ["n"]
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def _sizes_meet(cx: dict, cond) -> bool:
    """True when the counterexample's sizes satisfy ``cond`` (a function of the sizes)."""
    return cond({k: int(v) for k, v in cx["sizes"].items()})


def test_true_claim_under_square_condition_is_not_refuted_toml(tmp_path):
    path = _write(tmp_path, "square.derive.toml", HEAD + """
[[claim]]
name = "Xv = Xv for square X"
eq = "X @ v = X @ v"
when = "m == n"
""")
    [r] = claims_of(path)
    assert r.verdict == "proved", r.summary


def test_true_claim_under_square_condition_is_not_refuted_markdown(tmp_path):
    path = _write(tmp_path, "square.md", "```derive\n" + HEAD + "```\n\n$$\nX v = X v \\quad \\text{if } m = n\n$$\n")
    [r] = claims_of(path)
    assert r.verdict != "refuted", r.summary


def test_false_claim_under_square_condition_is_refuted_at_square_sizes_toml(tmp_path):
    """Xᵀv written X v: with m = n both sides are formed, and they differ at some entry."""
    path = _write(tmp_path, "square.derive.toml", HEAD + """
[[claim]]
name = "X'v written Xv"
eq = "X.T @ v = X @ v"
when = "m == n"
""")
    [r] = claims_of(path)
    assert r.verdict == "refuted", r.summary
    assert _sizes_meet(r.counterexample, lambda s: s["m"] == s["n"]), r.summary


def test_mismatch_counterexample_meets_the_condition(tmp_path):
    """Where the condition leaves sizes at which a side has no value, the counterexample is drawn among them."""
    path = _write(tmp_path, "wide.derive.toml", HEAD + """
[[claim]]
name = "no value where m != n"
eq = "X @ v = X @ v"
when = "m >= n + 2"
""")
    [r] = claims_of(path)
    assert r.verdict == "refuted", r.summary
    assert _sizes_meet(r.counterexample, lambda s: s["m"] >= s["n"] + 2), r.summary


def test_shapes_differ_counterexample_meets_the_condition(tmp_path):
    """Sides of different shapes ((n, m) against (m, n)) refuted at sizes that satisfy the claim's condition."""
    path = _write(tmp_path, "transposed.derive.toml", HEAD + """
[[claim]]
name = "X = X.T where m is n + 1"
eq = "X = X.T"
when = "m == n + 1"
""")
    [r] = claims_of(path)
    assert r.verdict == "refuted", r.summary
    assert _sizes_meet(r.counterexample, lambda s: s["m"] == s["n"] + 1), r.summary


def test_false_claim_under_square_condition_markdown_not_refuted_off_its_condition(tmp_path):
    """Xᵀv written X v in notes, under m = n: never proved, and a counterexample (if any) has m = n."""
    path = _write(tmp_path, "square.md", "```derive\n" + HEAD + "```\n\n$$\nX^\\top v = X v \\quad \\text{if } m = n\n$$\n")
    [r] = claims_of(path)
    assert r.verdict != "proved", r.summary
    if r.verdict == "refuted":
        assert _sizes_meet(r.counterexample, lambda s: s["m"] == s["n"]), r.summary


def test_size_equalities():
    from derive.verify.fileformat import size_equalities
    m, n, k = (sp.Symbol(s, integer=True, positive=True) for s in "mnk")
    sizes = {m, n, k}
    assert size_equalities(sp.Eq(m, n), sizes) == {m: n}
    assert size_equalities(sp.And(sp.Eq(m, n), sp.Eq(n, k)), sizes) == {m: k, n: k}
    assert size_equalities(sp.Ge(m, n), sizes) == {}
    assert size_equalities(sp.Eq(m, sp.Symbol("x", real=True)), sizes) == {}


def test_a_size_of_one_is_no_mismatch_of_a_column(tmp_path):
    """X of shape (n, m) under m = 1 is a column, the vector (n,): never refuted by the shapes there."""
    path = _write(tmp_path, "column.md", "```derive\n" + HEAD + "```\n\n$$\nX = v \\quad \\text{if } m = 1\n$$\n")
    [r] = claims_of(path)
    assert r.verdict != "refuted", r.summary


def test_a_size_equation_among_the_givens_is_a_condition_the_counterexamples_keep(tmp_path):
    """given = ["m = n"] was an equation for the prover to rewrite with, which sizes are not: true claims under it
    were refuted at m = 2, n = 3.  It is a condition on the sizes now, at claim and file level alike."""
    path = _write(tmp_path, "given.derive.toml", HEAD + """w = ["m"]

[[claim]]
name = "shapes agree when m = n"
eq = "X @ v = X @ v"
given = ["m = n"]

[[claim]]
name = "true when m = n"
eq = "Sum(w[j], (j, 1, m)) * n = Sum(w[j], (j, 1, m)) * m"
given = ["m = n"]

[[claim]]
name = "false even when m = n"
eq = "Sum(w[j], (j, 1, m)) * n = Sum(w[j], (j, 1, m)) * m + 1"
given = ["m = n"]
""")
    first, second, third = claims_of(path)
    assert first.verdict != "refuted" and second.verdict != "refuted"
    assert third.verdict == "refuted" and _sizes_meet(third.counterexample, lambda s: s["m"] == s["n"])
    file_level = _write(tmp_path, "file_given.derive.toml", 'given = ["m = n"]\n' + HEAD + """w = ["m"]

[[claim]]
name = "true when m = n"
eq = "Sum(w[j], (j, 1, m)) * n = Sum(w[j], (j, 1, m)) * m"
""")
    (only,) = claims_of(file_level)
    assert only.verdict != "refuted"
