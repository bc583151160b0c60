"""Products over an index (``\\prod`` in notes, ``Product`` in files) are evaluated, bound and proved like sums.

A likelihood is a product over the examples (CS229's L(θ) = ∏_i p(y_i | x_i; θ), PRML's p(t | w, β)).
Before, a product was never evaluated (a false product claim could only be ``unproved``), its index
was not bound (it got a range of its own as if free, and a free index of the same name could be
captured), and ``\\prod_{k \\ne j}`` was read as ∏_k (1 − δ_kj) x_k, which is 0.
"""
from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from derive.algebra import SPLIT_PRODUCT
from derive.algebra.names import canonical, dummies, freshen
from derive.errors import InputError
from derive.indexcalc import index
from derive.model import size
from derive.printing import text
from derive.verify import check_loaded, load_file
from derive.verify.compiled import Compiler, Point
from derive.verify.evaluate import Evaluator
from derive.verify.parser import ParseError, Scope, parse_expression
from reports.mathml import math_element

from _oneline import assert_one_line_error
from _checking import checked, claims_of, loaded

HEAD = r"""# Products

```derive
given = ["x[k] > 0"]
[sizes]
n = "n"
[inputs]
x = ["n"]
```
"""

n = size("n")
k, j = index("k"), index("j")
x = sp.IndexedBase("x", real=True)


def parse(src: str):
    return parse_expression(src, Scope(quantities={"x": 1}, sizes={"n": n}))


def _verdicts(tmp_path, *equations: str, head: str = HEAD) -> dict[str, str]:
    p = tmp_path / "notes.md"
    p.write_text(head + "".join(f"\n$$\n{eq}\n$$\n" for eq in equations))
    (f,) = loaded(p)
    return {c.name: c.verdict for c in checked(f, 60)}


def test_both_evaluators_multiply_the_factors_and_an_empty_product_is_one() -> None:
    values = {(1,): mpmath.mpf(2), (2,): mpmath.mpf(3), (3,): mpmath.mpf(-5)}
    for e, want in ((sp.Product(x[k], (k, 1, n)), -30), (sp.Product(x[k], (k, 2, n)), -15),
                    (sp.Product(x[k], (k, 1, j - 1)), 1), (sp.Sum(sp.Product(x[k], (k, 1, j)), (j, 1, n)), -22)):
        walked = Evaluator({n: mpmath.mpf(3), j: mpmath.mpf(1)}, {"x": values})(e)
        compiled = Point({n: mpmath.mpf(3), j: mpmath.mpf(1)}, {"x": values}, Compiler()).value(e)
        assert walked == compiled == want, e


def test_a_product_binds_its_index_like_a_sum() -> None:
    p = sp.Product(x[k], (k, 1, n))
    assert dummies(x[k] * p) == {k}
    renamed = canonical(x[k] * p)
    assert renamed.has(x[k]) and k not in dummies(renamed)  # the free k and the product's are apart
    assert canonical(sp.Product(x[j], (j, 1, n))) == canonical(p)
    assert dummies(freshen(p)).isdisjoint({k})


def test_notes_with_products_get_every_verdict(tmp_path) -> None:
    got = _verdicts(
        tmp_path,
        r"\log \prod_{k=1}^{n} x_k = \sum_{k=1}^{n} \log x_k",
        r"\log \prod_{k=1}^{n} x_k = \prod_{k=1}^{n} \log x_k",
        r"x_j \prod_{k=1}^{n} x_k = x_j \prod_{i=1}^{n} x_i",
        r"\prod_{k=1}^{n} x_k = \prod_{k=1}^{n} x_1",
        r"\frac{\partial}{\partial x_j} \prod_{k=1}^{n} x_k = \prod_{k \ne j} x_k",
        r"\frac{\partial}{\partial x_j} \prod_{k=1}^{n} x_k = \frac{\prod_{k=1}^{n} x_k}{x_j}",
        r"\frac{\partial}{\partial x_j} \prod_{k=1}^{n} x_k = \frac{\prod_{k=1}^{n} x_k}{x_j^2}",
        r"\frac{\partial}{\partial x_j} \log \prod_{k=1}^{n} x_k = \frac{1}{x_j}",
        r"\frac{\partial}{\partial x_j} \prod_{k=1}^{n} x_k = \prod_{k=1}^{n} \frac{\partial x_k}{\partial x_j}",
    )
    assert list(got.values()) == ["proved", "refuted", "proved", "refuted", "proved", "proved", "refuted",
                                  "proved", "refuted"], got


def test_a_product_without_one_factor_is_not_zero(tmp_path) -> None:
    # Read as ∏_k (1 − δ_kj) x_k, the product was 0: this false claim would have held.
    got = _verdicts(tmp_path, r"x_j \prod_{k \ne j} x_k = 0", r"x_j \prod_{k \ne j} x_k = \prod_{k=1}^{n} x_k",
                    r"x_j + \sum_{k \ne j} x_k = \sum_{k=1}^{n} x_k")
    assert list(got.values()) == ["refuted", "proved", "proved"]


def test_a_derivative_by_the_products_own_index_name_is_not_captured(tmp_path) -> None:
    got = _verdicts(tmp_path, r"\frac{\partial}{\partial x_k} \prod_{k=1}^{n} x_k = 0",
                    r"\frac{\partial}{\partial x_k} \prod_{i=1}^{n} x_i = \prod_{i \ne k} x_i")
    assert list(got.values()) == ["refuted", "proved"]


def test_products_of_a_fixed_size_are_written_out(tmp_path) -> None:
    head = HEAD.replace('n = "n"', 'n = 3')
    got = _verdicts(tmp_path, r"\prod_{k=1}^{3} x_k = x_1 x_2 x_3", r"\prod_{k=1}^{3} x_k = x_1 x_2", head=head)
    assert list(got.values()) == ["proved", "refuted"]


def test_a_product_limit_outside_its_axis_is_bad_input(tmp_path, capsys) -> None:
    p = tmp_path / "bad.md"
    p.write_text(HEAD + "\n$$\n\\prod_{k=1}^{n+1} x_k = 1\n$$\n")
    assert_one_line_error(p, 12, "outside x axis 1", capsys)


FILE = '''title = "products"
given = ["x[k] > 0"]
[sizes]
n = "n"
[inputs]
x = ["n"]
[define]
"P" = "Product(x[k], (k, 1, n))"
"ell" = "log(P)"
[[claim]]
name = "log of the product"
eq = "ell = Sum(log(x[k]), (k, 1, n))"
[[claim]]
name = "one factor left out"
eq = "diff(P, x[j]) = Product(x[k], (k, 1, n), k != j)"
[[claim]]
name = "over the factor"
eq = "diff(P, x[j]) = P / x[j]"
[[claim]]
name = "slip: the product of the derivatives"
eq = "diff(P, x[j]) = Product(diff(x[k], x[j]), (k, 1, n))"
[[claim]]
name = "slip: the product of the logs"
eq = "ell = Product(log(x[k]), (k, 1, n))"
'''


def test_the_file_format_states_products(tmp_path) -> None:
    p = tmp_path / "p.derive.toml"
    p.write_text(FILE)
    result = check_loaded(load_file(p), 60)
    assert [c.verdict for c in result.claims] == ["proved", "proved", "proved", "refuted", "refuted"]
    assert SPLIT_PRODUCT in result.claims[2].evidence["method"]


def test_product_syntax_and_its_errors() -> None:
    assert parse("Product(x[k], (k, 1, n))") == sp.Product(x[k], (k, 1, n))
    assert parse("Product(x[k], (k, 1, n), k != j)") == sp.Product(x[k], (k, 1, j - 1)) * sp.Product(x[k], (k, j + 1, n))
    with pytest.raises(ParseError, match="Product needs a body"):
        parse("Product(x[k])")
    with pytest.raises(ParseError, match="leave out one factor of a single limit"):
        parse("Product(x[k], (k, 1, n), k < j)")


def test_a_bad_product_condition_is_a_one_line_error(tmp_path, capsys) -> None:
    p = tmp_path / "bad.derive.toml"
    p.write_text(FILE.replace("k != j)", "k > j)"))
    assert_one_line_error(p, 15, "leave out one factor", capsys)


def test_printers_write_the_product_sign() -> None:
    p = sp.Product(x[k], (k, 1, n))
    assert text(p) == "Π_k x_k" and text(sp.Product(x[k], (k, j + 1, n))) == "Π_(k=j + 1..n) x_k"
    shown = math_element(p, r"\prod_{k=1}^{n} x_k")
    assert "∏" in shown and "product" not in shown


LIKELIHOOD = r"""# Likelihoods

```derive
given = ["mu > 0", "mu < 1", "x[n] >= 0", "x[n] <= 1", "lam > 0"]
[sizes]
N = "examples"
M = "features"
[inputs]
mu = []
lam = []
x = ["N"]
X = ["N", "M"]
theta = ["M"]
[define]
"h[n]" = "sigmoid(Sum(theta[k]*X[n, k], (k, 1, M)))"
"ell" = "Sum(x[n]*log(h[n]) + (1 - x[n])*log(1 - h[n]), (n, 1, N))"
[symbols]
'\lambda' = "lam"
```
"""


def test_a_likelihood_with_symbolic_exponents_reads_and_is_proved(tmp_path) -> None:
    # μ^{x_n}: a base given positive (as the file format allowed); 1 − μ: given μ < 1; h_n and 1 − h_n:
    # h is defined as a sigmoid, positive, and 1 − σ(u) is e^{−u}/(1 + e^{−u}).
    got = _verdicts(
        tmp_path,
        r"\ln \prod_{n=1}^{N} \mu^{x_n} (1 - \mu)^{1 - x_n} = \sum_{n=1}^{N} x_n \ln \mu + (1 - x_n) \ln(1 - \mu)",
        r"\prod_{n=1}^{N} \mu^{x_n} (1 - \mu)^{1 - x_n} = \mu^{\sum_{n=1}^{N} x_n} (1 - \mu)^{N - \sum_{n=1}^{N} x_n}",
        r"\prod_{n=1}^{N} \mu^{x_n} (1 - \mu)^{1 - x_n} = \mu^{\sum_{n=1}^{N} x_n} (1 - \mu)^{\sum_{n=1}^{N} x_n}",
        r"\prod_{n=1}^{N} \left(\lambda^{x_n} e^{-\lambda}\right) = \lambda^{\sum_{n=1}^{N} x_n} e^{-N \lambda}",
        r"\ell = \log \prod_{n=1}^{N} h_n^{x_n} (1 - h_n)^{1 - x_n}",
        r"\ell = \log \prod_{n=1}^{N} h_n^{x_n} (1 - h_n)^{x_n}",
        r"\frac{\partial}{\partial \theta_j} \prod_{n=1}^{N} h_n^{x_n} (1 - h_n)^{1 - x_n} = "
        r"\left(\prod_{n=1}^{N} h_n^{x_n} (1 - h_n)^{1 - x_n}\right) \sum_{n=1}^{N} (x_n - h_n) X_{nj}",
        head=LIKELIHOOD,
    )
    assert list(got.values()) == ["proved", "proved", "refuted", "proved", "proved", "refuted", "proved"], got


def test_a_double_product_regrouped_by_category(tmp_path) -> None:
    # PRML (2.29): ∏_n ∏_k μ_k^{x_nk} = ∏_k μ_k^{Σ_n x_nk}, through exp of a double sum taken as one.
    head = LIKELIHOOD.replace('X = ["N", "M"]', 'X = ["N", "M"]\nP = ["M"]').replace(
        'given = ["mu > 0",', 'given = ["P[k] > 0", "mu > 0",')
    got = _verdicts(tmp_path, r"\prod_{n=1}^{N} \prod_{k=1}^{M} P_k^{X_{nk}} = \prod_{k=1}^{M} P_k^{\sum_{n=1}^{N} X_{nk}}",
                    r"\prod_{n=1}^{N} \prod_{k=1}^{M} P_k^{X_{nk}} = \prod_{k=1}^{M} P_k^{\sum_{n=1}^{N} X_{nk}^2}", head=head)
    assert list(got.values()) == ["proved", "refuted"]


def test_entries_given_between_two_bounds_make_one_minus_each_positive(tmp_path) -> None:
    # CS229's naive Bayes: 0 < φ_j < 1 for every feature j, so ln(φ_j^{x_j} (1 − φ_j)^{1 − x_j}) splits.
    head = LIKELIHOOD.replace('theta = ["M"]', 'theta = ["M"]\nphi = ["M"]').replace(
        'given = ["mu > 0",', 'given = ["phi[k] > 0", "phi[k] < 1", "mu > 0",')
    got = _verdicts(tmp_path,
                    r"\log \prod_{j=1}^{M} \phi_j^{\theta_j} (1 - \phi_j)^{1 - \theta_j} = "
                    r"\sum_{j=1}^{M} \theta_j \log \phi_j + (1 - \theta_j) \log (1 - \phi_j)",
                    r"\log \prod_{j=1}^{M} \phi_j^{\theta_j} (1 - \phi_j)^{1 - \theta_j} = \sum_{j=1}^{M} \theta_j \log \phi_j",
                    head=head)
    assert list(got.values()) == ["proved", "refuted"]


def test_a_symbolic_exponent_of_a_base_not_known_positive_stays_bad_input(tmp_path, capsys) -> None:
    p = tmp_path / "bad.md"
    p.write_text(LIKELIHOOD + "\n$$\n\\prod_{n=1}^{N} x_n^{\\mu} = 1\n$$\n")
    assert_one_line_error(p, 22, "a symbolic exponent needs a base that is positive", capsys)


def test_a_likelihoods_derivative_is_its_log_derivative() -> None:
    from derive.algebra.differentiate import derivative
    t = sp.Symbol("t", real=True)
    p = sp.Product(sp.exp(t * x[k]), (k, 1, n))
    d = derivative(p, t)
    assert d == p * sp.Sum(x[k], (k, 1, n))


def test_a_product_without_the_factor_at_a_label(tmp_path) -> None:
    # The label's range (1..n) holds its split products in range, as a free index's does.
    head = HEAD.replace("[inputs]", '[labels]\nc = "n"\n[inputs]')
    got = _verdicts(tmp_path, r"x_c \prod_{k \ne c} x_k = \prod_{k=1}^{n} x_k",
                    r"\frac{\partial}{\partial x_c} \prod_{k=1}^{n} x_k = \prod_{k \ne c} x_k",
                    r"\frac{\partial}{\partial x_j} \prod_{k=1}^{n} x_k = \prod_{k \ne c} x_k", head=head)
    assert list(got.values()) == ["proved", "proved", "refuted"]
    p = tmp_path / "label.derive.toml"
    p.write_text(FILE.replace("[define]", '[labels]\nc = "n"\n[define]') + '[[claim]]\nname = "at a label"\n'
                 'eq = "x[c]*Product(x[k], (k, 1, n), k != c) = P"\n')
    assert [c.verdict for c in claims_of(p, 60)][-1] == "proved"


def test_a_base_built_from_bounded_inputs_is_positive(tmp_path) -> None:
    # (p(1 − p))^g and (φ_j/(1 − φ_j))^{t_j}: each input between its given bounds, the base positive.
    p = tmp_path / "bounded.derive.toml"
    p.write_text('given = ["p > 0", "p < 1", "phi[k] > 0", "phi[k] < 1"]\n[sizes]\nn = "n"\n'
                 '[inputs]\np = []\ng = []\nphi = ["n"]\nt = ["n"]\n'
                 '[[claim]]\nname = "variance"\neq = "log((p*(1 - p))**g) = g*log(p) + g*log(1 - p)"\n'
                 '[[claim]]\nname = "odds"\neq = "log((phi[j]/(1 - phi[j]))**t[j]) = t[j]*(log(phi[j]) - log(1 - phi[j]))"\n'
                 '[[claim]]\nname = "slip"\neq = "log((p*(1 - p))**g) = g*log(p)"\n')
    assert [c.verdict for c in claims_of(p, 60)] == ["proved", "proved", "refuted"]


def test_a_definition_may_raise_a_base_the_givens_bound_to_a_symbolic_power(tmp_path) -> None:
    # a probe: "r" = "(1 - p)**x" with p < 1 given was refused in [define], though the same power in a claim read
    p = tmp_path / "defined.derive.toml"
    p.write_text('given = ["p < 1"]\n[inputs]\np = []\nx = []\n[define]\n"r" = "(1 - p)**x"\n'
                 '[[claim]]\nname = "log"\neq = "log(r) = x*log(1 - p)"\n'
                 '[[claim]]\nname = "slip"\neq = "log(r) = x*log(p)"\n')
    assert [c.verdict for c in claims_of(p, 60)] == ["proved", "refuted"]
    p.write_text(p.read_text().replace('"p < 1"', '"p > 1"'))
    with pytest.raises(InputError, match="exponent x is not allowed here"):
        claims_of(p, 60)
