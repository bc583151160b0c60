"""A claim is about its sides as written, which SymPy may simplify into something defined on more points.

exp(log x) and (√x)² are built as x, so exp(log x) = |x| was refuted at x = −33.86, where the
written left side has no real value.  The builders note where each log, root and arcsin/arccos
argument must lie (``build.written_domain``); the search skips points outside, as it skips
points where a side it evaluates is undefined.  A slip inside that domain is still refuted.
"""
from __future__ import annotations

import pytest
import sympy as sp

from derive.documents.load import load_any
from derive.verify import load_file
from _checking import checked, claims_of

WRITTEN = """title = "written domains"
[sizes]
n = "entries"
[inputs]
x = []
v = ["n"]
[define]
"q" = "sqrt(x)**2"
"r[i]" = "exp(log(v[i]))"
[[claim]]
name = "root squared"
eq = "sqrt(x)**2 = abs(x)"
[[claim]]
name = "exp of log"
eq = "exp(log(x)) = abs(x)"
[[claim]]
name = "through a definition"
eq = "q = abs(x)"
[[claim]]
name = "an indexed definition"
eq = "r[j] = abs(v[j])"
[[claim]]
name = "an indexed claim"
eq = "exp(log(v[j])) = abs(v[j])"
[[claim]]
name = "cube root cubed"
eq = "(x**(1/3))**3 = abs(x)"
[[claim]]
name = "exp of log, off by one"
eq = "exp(log(x)) = x + 1"
[[claim]]
name = "through a definition, off by one"
eq = "q = x + 1"
[[claim]]
name = "sine of arcsine"
eq = "sin(arcsin(x)) = x"
[[claim]]
name = "a definition read only through its derivative"
eq = "diff(q, x) = x/abs(x)"
[[claim]]
name = "a log of a derivative"
eq = "exp(log(diff(x**2, x))) = abs(2*x)"
[[claim]]
name = "a root in a branch not taken"
eq = "where(x > 0, sqrt(x), 1)**2 = relu(x)"
"""

NOTE = r"""# Domains

```derive
[inputs]
x = []
```

$$ e^{\log x} = |x| $$

$$ \left(\sqrt{x}\right)^2 = |x| $$

$$ \left(\sqrt{x}\right)^2 = x + 1 $$

$$ \begin{cases} \left(\sqrt{x}\right)^2 & x > 0 \\ 1 & \text{otherwise} \end{cases} = |x| $$
"""

TRUE_AS_WRITTEN = ["root squared", "exp of log", "through a definition", "an indexed definition",
                   "an indexed claim", "cube root cubed",
                   # the second probe's: q's domain though only ∂q/∂x is read; a log of a diff(…)
                   "a definition read only through its derivative", "a log of a derivative"]


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory):
    path = tmp_path_factory.mktemp("domains") / "domains.derive.toml"
    path.write_text(WRITTEN)
    return {c.name: c for c in claims_of(path, 60.0)}


@pytest.mark.parametrize("name", TRUE_AS_WRITTEN)
def test_a_claim_true_where_its_sides_are_real_is_not_refuted_outside(verdicts, name):
    c = verdicts[name]
    assert c.verdict == "unproved", (c.verdict, c.counterexample)
    # both kinds of point were met: inside the domain (where the sides agree) and outside (skipped)
    assert c.evidence["points"] > 0 and c.evidence["undefined_points"] > 0


@pytest.mark.parametrize("name", ["exp of log, off by one", "through a definition, off by one"])
def test_a_slip_is_still_refuted_inside_the_domain(verdicts, name):
    c = verdicts[name]
    assert c.verdict == "refuted"
    assert sp.Rational(c.counterexample["exact_inputs"]["x"][""]) > 0


def test_a_domain_inside_a_branch_holds_only_where_the_branch_is_taken(verdicts):
    # where(x > 0, √x, 1)² is 1 at x < 0, where relu is 0: the root's x ≥ 0 says nothing there
    c = verdicts["a root in a branch not taken"]
    assert c.verdict == "refuted" and sp.Rational(c.counterexample["exact_inputs"]["x"][""]) < 0


def test_sine_of_arcsine_still_proves(verdicts):
    assert verdicts["sine of arcsine"].verdict == "proved"


def test_the_claim_and_definition_keep_where_they_are_real(tmp_path):
    path = tmp_path / "d.derive.toml"
    path.write_text(WRITTEN)
    f = load_file(path)
    x = sp.Symbol("x", real=True)
    claims = {c.name: c for c in f.claims}
    assert claims["exp of log"].real_where == (x > 0,)
    assert claims["root squared"].real_where == (x >= 0,)
    assert f.quantities["q"].real_where == (x >= 0,)
    assert claims["sine of arcsine"].real_where == (x >= -1, x <= 1)
    assert claims["a root in a branch not taken"].real_where == (sp.Or(sp.Not(x > 0), x >= 0),)
    # inside a sum the condition holds for each term: one condition over the sum's index
    from derive.algebra.bigops import ForEach
    path.write_text(WRITTEN + '[[claim]]\nname = "summed"\neq = "Sum(exp(log(v[k])), (k, 1, n)) = n"\n')
    (kept,) = next(c for c in load_file(path).claims if c.name == "summed").real_where
    k, n = sp.Symbol("k", integer=True), sp.Symbol("n", integer=True, positive=True)
    assert isinstance(kept, ForEach) and kept.limit == sp.Tuple(k, 1, n)
    assert k not in kept.free_symbols and n in kept.free_symbols  # k is bound, as a sum binds it


SUMMED = """# roots under sums
```derive
[sizes]
n = "entries"
[inputs]
v = ["n"]
```
$$\\sum_{k=1}^{n} \\left(\\sqrt{v_k}\\right)^2 = \\sum_{k=1}^{n} |v_k|$$

$$\\sum_{k=1}^{n} \\left(\\sqrt{v_k}\\right)^2 = \\sum_{k=1}^{n} v_k^2$$

$$\\sum_{j=1}^{n} \\sum_{k=1}^{n} \\left(\\sqrt{v_j v_k}\\right)^2 = \\sum_{j=1}^{n} \\sum_{k=1}^{n} |v_j v_k|$$

$$\\sum_{j=1}^{n} \\sum_{k=1}^{n} \\left(\\sqrt{v_j v_k}\\right)^2 = \\sum_{j=1}^{n} \\sum_{k=1}^{n} |v_j|$$

$$\\sum_{k=1}^{n} \\left(\\sqrt{v_k}\\right)^2 = \\sum_{k=1}^{n} v_k$$
"""


def test_under_a_sum_every_term_as_written_must_be_real(tmp_path):
    # A probe of session 34: Σ_k (√v_k)² = Σ_k |v_k| was refuted at v = [3.9, −5.8], where √v_2 has no real value.
    # The true ones (SymPy builds (√v_k)² as v_k) are not refuted; the slips still are, at points where every
    # term is real; and Σ_k (√v_k)² = Σ_k v_k holds as SymPy builds it.
    path = tmp_path / "summed.md"
    path.write_text(SUMMED)
    (f,) = load_any(path, None)
    results = checked(f, 60.0)
    assert [c.verdict for c in results] == ["unproved", "refuted", "unproved", "refuted", "proved"]
    for c in (results[0], results[2]):
        assert c.evidence["undefined_points"] > 0  # points with a negative entry were skipped, not used
    for c in (results[1], results[3]):
        assert all(sp.Rational(x) >= 0 for x in c.counterexample["exact_inputs"]["v"].values())


def test_a_note_keeps_the_domain_of_its_sides_as_written(tmp_path):
    path = tmp_path / "note.md"
    path.write_text(NOTE)
    (f,) = load_any(path, None)
    verdicts = [c.verdict for c in checked(f, 60.0)]
    assert verdicts == ["unproved", "unproved", "refuted", "refuted"]  # the last false at x < 0, where 1 ≠ |x|


THROUGH_DEFINITIONS = """title = "domains read through definitions"
[sizes]
n = 5
m = 2
[inputs]
a = ["m"]
w = ["n"]
x = ["n"]
v = ["n"]
[define]
"r[i]" = "log(a[i])"
"M" = "Max(r[k], (k, 1, m))"
"e[i]" = "exp(log(v[i]))"
"q[i]" = "Sum(x[k]*e[i], (k, 1, n))"
[[claim]]
name = "false at k = 5, where M has a value"
eq = "M*w[k] + delta(k, 5) = M*w[k]"
[[claim]]
name = "true where e[k] has a value"
eq = "diff(q[k], v[k]) = Sum(x[l], (l, 1, n))*v[k]/abs(v[k])"
"""


def test_a_definitions_domain_is_read_at_the_entries_the_claim_reads(tmp_path):
    # The third probe: the index of a Max in M's definition leaked into the claim's domain as a[k] > 0 (every
    # k > 2 skipped, a slip unproved); q's own summation index k captured the claim's k, dropping e[k]'s domain.
    from derive.verify.domains import domain_for
    path = tmp_path / "through.derive.toml"
    path.write_text(THROUGH_DEFINITIONS)
    f = load_file(path)
    v, k = sp.IndexedBase("v", real=True), sp.Symbol("k", integer=True)
    assert [domain_for(f, c).real_where for c in f.claims] == [(), (v[k] > 0,)]
    assert [c.verdict for c in checked(f, 60.0)] == ["refuted", "unproved"]


def test_an_entry_without_a_real_value_leaves_only_the_claims_that_read_it_undefined(tmp_path):
    # An adversarial probe: the search checked where every entry of a definition is real before any claim read one,
    # so t[1] = 0 (false: t_1 = 0.085 at v = [1.214, 1.299]) was never tried where t_2 has no value, and came out
    # unproved; and a domain under a sum with a limit reading an outer index, or with a term left out, was dropped.
    path = tmp_path / "entries.derive.toml"
    path.write_text('[sizes]\nn = "n"\n[inputs]\nv = ["n"]\n[define]\n"t[i]" = "Sum(sqrt(v[k] - v[i])**2, (k, 1, n))"\n'
                    '"s[i]" = "sqrt(v[i])"\n'
                    '[[claim]]\nname = "t reads its own entry (wrong)"\neq = "t[j] = 0"\n'
                    '[[claim]]\nname = "s at 1 (wrong)"\neq = "s[1]**2 + abs(v[k]) = v[1] + v[k]"\n'
                    '[[claim]]\nname = "dependent inner limit"\n'
                    'eq = "Sum(Sum(sqrt(v[j])**2, (j, 1, i)), (i, 1, n)) = Sum(Sum(abs(v[j]), (j, 1, i)), (i, 1, n))"\n'
                    '[[claim]]\nname = "a term left out"\n'
                    'eq = "Sum(sqrt(v[k])**2, (k, 1, n), k != 1) = Sum(abs(v[k]), (k, 1, n), k != 1)"\n'
                    '[[claim]]\nname = "a term left out (wrong)"\n'
                    'eq = "Sum(sqrt(v[k])**2, (k, 1, n), k != 1) = Sum(abs(v[k]), (k, 1, n))"\n'
                    '[[claim]]\nname = "a factor left out"\n'
                    'eq = "Product(sqrt(v[k])**2, (k, 1, n), k != 1) = Product(abs(v[k]), (k, 1, n), k != 1)"\n')
    got = {c.name: c for c in checked(load_file(path), 60.0)}
    assert got["t reads its own entry (wrong)"].verdict == "refuted"
    assert got["s at 1 (wrong)"].verdict == "refuted"
    cx = got["s at 1 (wrong)"].counterexample["exact_inputs"]["v"]
    assert sp.Rational(cx["1"]) >= 0 > min(sp.Rational(x) for x in cx.values())  # v_1 real, another entry not
    assert got["dependent inner limit"].verdict == got["a term left out"].verdict == "unproved"
    assert got["a factor left out"].verdict == "unproved"  # a third probe: a Product's exclusion dropped it
    assert got["a term left out (wrong)"].verdict == "refuted"
    # the term left out need not be real: the true claim was tried where v_1 < 0 and the others are not
    from derive.algebra.bigops import ForEach
    left_out = next(c for c in load_file(path).claims if c.name == "a term left out")
    (kept,) = left_out.real_where
    assert isinstance(kept, ForEach) and isinstance(kept.cond, sp.Or)
