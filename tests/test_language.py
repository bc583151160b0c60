"""The expression language: the table's constructs parsed from files, printed alike everywhere, rejected clearly."""
from __future__ import annotations

import pytest
import sympy as sp

from derive.indexcalc import index
from derive.language import almost_everywhere, by_name, constructs, kink_arguments, sign_cases
from derive.model import size
from derive.printing import latex, text
from derive.verify.parser import ParseError, Scope, parse_condition, parse_equation, parse_expression
from reports.mathml import math_element

n, B = size("n"), size("B")
i, j, k, b = index("i"), index("j"), index("k"), index("b")
x = sp.Symbol("x", real=True)
t = sp.Symbol("t", real=True)
z = sp.IndexedBase("z", real=True)
Z = sp.IndexedBase("Z", real=True)


def scope(**extra) -> Scope:
    return Scope(quantities={"x": 0, "t": 0, "z": 1, "Z": 2, "p": 0, "gamma": 0, **extra.pop("quantities", {})},
                 sizes={"n": n, "B": B}, **extra)


def parse(s: str, sc: Scope | None = None):
    return parse_expression(s, sc or scope())


@pytest.mark.parametrize("src,expected", [
    ("max(x, 0)", sp.Max(x, 0)), ("min(x, 1)", sp.Min(x, 1)), ("relu(x)", sp.Max(x, 0)),
    ("sign(x)", sp.sign(x)), ("step(x)", sp.Heaviside(x)), ("abs(x)", sp.Abs(x)),
    ("clip(x, -1, 1)", sp.Min(sp.Max(x, -1), 1)), ("where(x > 0, x, 0)", sp.Piecewise((x, x > 0), (0, True))),
    ("erf(x)", sp.erf(x)), ("sin(x)", sp.sin(x)), ("cos(x)", sp.cos(x)), ("sinh(x)", sp.sinh(x)),
    ("cosh(x)", sp.cosh(x)), ("sech(x)", sp.sech(x)), ("softplus(x)", sp.log(1 + sp.exp(x))),
    ("pi*x", sp.pi * x), ("E**x", sp.exp(x)), ("exp(x)**gamma", sp.exp(x) ** sp.Symbol("gamma", real=True)),
])
def test_new_functions_build_the_shared_contract_forms(src: str, expected) -> None:
    assert parse(src) == expected


def test_conditions_combine_with_and_or_not() -> None:
    got = parse("where(x > 0 and not t <= 1 or x == t, 1, 0)")
    assert got == sp.Piecewise((1, sp.Or(sp.And(x > 0, sp.Not(t <= 1)), sp.Eq(x, t))), (0, True))
    assert parse_condition("j != k", scope()) == sp.Ne(j, k)
    assert parse_condition("x >= 0 and t < 2", scope()) == sp.And(x >= 0, t < 2)


def test_labels_and_sum_exclusion() -> None:
    sc = scope(labels={"c": (), "y": ("B",)})
    c = sp.Symbol("c", integer=True, positive=True)
    yb = sp.IndexedBase("y", integer=True, positive=True)[b]
    assert parse("z[c]", sc) == z[c]
    assert parse("Z[b, y[b]]", sc) == Z[b, yb]
    assert parse("delta(j, c)", sc) == sp.KroneckerDelta(j, c)
    assert parse("Sum(z[j], (j, 1, n), j != c)", sc) == sp.Sum(z[j] * (1 - sp.KroneckerDelta(j, c)), (j, 1, n))
    # The indicator of (in)equal integers is a delta, as the notes' 𝟙[j = y_b] reads; of reals it stays a where.
    assert parse("where(j == y[b], 1, 0)", sc) == sp.KroneckerDelta(j, yb)
    assert parse("where(j != c, 1, 0)", sc) == 1 - sp.KroneckerDelta(j, c)
    # any cases of (in)equal integers with a value everywhere: δ-weighted (the textbook softmax Jacobian's cases)
    assert parse("where(j == c, 2, 0)", sc) == 2 * sp.KroneckerDelta(j, c)
    assert parse("where(j != c, z[j], z[c]**2)", sc) == z[j] * (1 - sp.KroneckerDelta(j, c)) + \
        z[c] ** 2 * sp.KroneckerDelta(j, c)
    # a case with no value at the other's points stays a where: 0·(1/0) would have none at j = c
    assert isinstance(parse("where(j == c, 0, 1/(z[j] - z[c]))", sc), sp.Piecewise)
    assert parse("where(z[j] == c, 1, 0)", sc) == sp.Piecewise((1, sp.Eq(z[j], c)), (0, True))
    with pytest.raises(ParseError, match="exclude"):
        parse("Sum(z[j], (j, 1, n), z[j] > 0)", sc)


def test_nested_diff_forms_are_nested_derivatives() -> None:
    sc = scope(quantities={"L": 0})
    L = sp.Symbol("L", real=True)
    a = parse("diff(diff(L, z[i]), z[j])", sc)
    b_ = parse("diff(L, z[i], z[j])", sc)
    assert a == b_ == sp.Derivative(sp.Derivative(L, z[i], evaluate=False), z[j], evaluate=False)
    with pytest.raises(ParseError, match="nested"):
        parse("diff(L, z[i], z[j], z[k])", sc)


def test_declared_quantity_shadows_a_new_builtin() -> None:
    sc = scope(quantities={"E": 0, "pi": 1, "sign": 0})
    assert parse("E", sc) == sp.Symbol("E", real=True)
    assert parse("pi[i]", sc) == sp.IndexedBase("pi", real=True)[i]
    with pytest.raises(ParseError, match="declared in this file"):
        parse("sign(x)", sc)
    assert parse("E") == sp.E and parse("pi") == sp.pi


@pytest.mark.parametrize("src,fragment", [
    ("x^2", "use ** for powers"),
    (r"\frac{x}{2}", "a/b for \\frac"),
    (r"\partial L", "diff(L, z[i]) for \\partial"),
    ("e**x", "known constants: E, pi"),
    ("x**t", "symbolic exponent needs a base that is positive"),
    ("x**gamma", "quantity given positive"),
    ("x < 1", "comparison"),
    ("x and t", "only allowed in conditions"),
    ("max(x)", "takes 2 argument(s)"),
    ("pi(x)", "constant, not a function"),
])
def test_messages_for_what_users_try(src: str, fragment: str) -> None:
    with pytest.raises(ParseError) as exc:
        parse(src)
    assert fragment in str(exc.value)


def test_symbolic_exponent_over_a_base_given_positive() -> None:
    sc = scope(positive=frozenset({"p"}))
    p, g = sp.Symbol("p", real=True), sp.Symbol("gamma", real=True)
    assert parse("p**gamma", sc) == p ** g
    assert parse("(1 + exp(x))**gamma") == (1 + sp.exp(x)) ** g


def test_equation_split_ignores_comparison_operators() -> None:
    lhs, rhs = parse_equation("where(x >= 0, x, 0) = relu(x)", scope())
    assert rhs == sp.Max(x, 0) and isinstance(lhs, sp.Piecewise)
    with pytest.raises(ParseError, match="exactly one"):
        parse_equation("x == 1", scope())


@pytest.mark.parametrize("expr,txt,tex,mml", [
    (sp.Max(x, 0), "max(x, 0)", r"\max\left(x, 0\right)", "<mi>max</mi>"),
    (sp.Heaviside(x), "H(x)", r"H\left(x\right)", "<mi>H</mi>"),
    (sp.sign(x), "sign(x)", r"\operatorname{sign}\left(x\right)", "<mi>sign</mi>"),
    (sp.Abs(x), "|x|", r"\left|x\right|", "<mo>|</mo>"),
    (sp.erf(x), "erf(x)", r"\operatorname{erf}\left(x\right)", "<mi>erf</mi>"),
])
def test_notation_is_the_same_in_text_tex_and_mathml(expr, txt, tex, mml) -> None:
    assert text(expr) == txt
    assert latex(expr) == tex
    html = math_element(expr, latex(expr))
    assert mml in html and "Θ" not in html and "Max" not in html


@pytest.mark.parametrize("name", ["lamda", "xscr", "x_1_2_3", "alphahat", "xdot"])
def test_names_print_as_written(name: str) -> None:
    sym = sp.Symbol(name, real=True)
    assert text(sym) == name
    assert latex(sym) == r"\mathit{" + name.replace("_", r"\_") + "}"
    assert f"<mi>{name}</mi>" in math_element(sym, latex(sym))
    assert latex(sp.Symbol("sigma")) == r"\sigma" and latex(sp.Symbol("w11")) == "w_{11}"


def test_kinks_and_cases() -> None:
    e = sp.Abs(x) + sp.Max(x, t) + sp.Heaviside(-t)
    assert {u if not u.could_extract_minus_sign() else -u for u in kink_arguments(e)} == {x, t, t - x}
    assert almost_everywhere(e) and not almost_everywhere(sp.exp(x))
    cases = sign_cases(sp.Abs(x) - x)
    assert cases is not None and len(cases) == 2 and 0 in cases
    # A kink argument that vanishes for i = j cannot be split: a.e. reasoning would skip a whole case.
    assert sign_cases(sp.sign(z[i] - z[j]) ** 2 - 1) is None


def test_table_lists_every_construct_once() -> None:
    names = [nm for c in constructs() for nm in c.names]
    assert len(names) == len(set(names))
    for fn in ("max", "min", "relu", "sign", "step", "clip", "where", "erf", "sin", "cos", "sinh", "cosh",
               "sech", "softplus", "pi", "E", "exp", "log", "ln", "sqrt", "tanh", "sigmoid", "abs",
               "Sum", "delta", "diff"):
        c = by_name(fn)
        assert c is not None and c.meaning
    assert by_name("step").almost_everywhere and not by_name("exp").almost_everywhere


def test_readme_table_lists_every_function_and_constant() -> None:
    from pathlib import Path
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    rows = [line for line in readme.splitlines() if line.startswith("| `")]
    for c in constructs():
        if c.kind in ("function", "constant", "form"):
            assert any(line.startswith(f"| `{c.name}`") for line in rows), c.name


def test_hostile_piecewise_nesting_is_bounded_before_sympy_builds_it() -> None:
    # SymPy compares every pair of arguments of nested max/min: 12 nested clips took seconds.
    deep = "clip(" * 12 + "x" + ", t, 1)" * 12
    with pytest.raises(ParseError, match="nested more than"):
        parse(deep)
    assert parse("clip(max(x, t), 0, 1)") == sp.Min(sp.Max(x, t, 0), 1)


def test_sympy_errors_become_parse_errors() -> None:
    with pytest.raises(ParseError, match="max"):
        parse("max(sqrt(-1 - t**2), x)")


def test_no_case_split_on_a_kink_that_is_zero_on_a_whole_region() -> None:
    # sign(u)² = 1 "in each case" would be vacuous: u ≡ 0 here, so there are no cases at all.
    assert sign_cases(sp.sign(sp.sin(x) ** 2 + sp.cos(x) ** 2 - 1) ** 2 - 1) is None
    assert sign_cases(sp.sign(sp.log(x ** 2) - 2 * sp.log(x)) ** 2 - 1) is None
    assert sign_cases(sp.sign(x * t - 1) ** 2 - 1) is not None
    # … also when the degenerate kink appears only once an inner kink is decided.
    assert sign_cases(sp.sign(sp.sin(sp.Abs(x)) ** 2 + sp.cos(sp.Abs(x)) ** 2 - 1) ** 2 - 1) is None


def test_a_kink_affine_in_a_variable_of_its_own_may_be_split_on() -> None:
    """Σ_k Z_ik z_k (+ x) vanishes at one value of Z_i1 (or x) for almost all values of the rest: a null set."""
    from derive.language.kinks import piecewise_as_steps
    linear = sp.Sum(Z[i, k] * z[k], (k, 1, n))
    gate = lambda u: sp.Piecewise((1, u > 0), (0, True))  # noqa: E731
    for u in (linear + x, 2 * t - linear, linear, linear + z[1], t + sp.Sum(t * z[k], (k, 1, n))):
        assert piecewise_as_steps(gate(u)) == sp.Heaviside(u), u
    # Not shown: the sum empty for n = 1 (its first term taken out, or starting at 2), a square, Z and z
    # in two sums.
    for u in (linear - Z[i, 1] * z[1], sp.Sum(z[k], (k, 2, n)), sp.Sum(Z[i, k] ** 2, (k, 1, n)),
              linear + sp.Sum(Z[k, i] * z[k], (k, 1, n))):
        assert piecewise_as_steps(gate(u)) == gate(u), u


def test_a_margin_is_split_on_when_a_variable_is_lone_times_other_variables() -> None:
    # The hinge margin 1 − t·(Σ_k z_k Z_ik + x): once multiplied out, t·x is affine in x with coefficient
    # t, nonzero almost everywhere, so {margin = 0} is a null set and its sign may be split on.
    from derive.language.kinks import piecewise_as_steps
    gate = lambda u: sp.Piecewise((1, u > 0), (0, True))  # noqa: E731
    linear = sp.Sum(Z[i, k] * z[k], (k, 1, n))
    for u in (1 - t * (linear + x), 1 - t ** 2 * x, 3 * t * x * z[1] - 1, t * linear - 1):
        assert isinstance(piecewise_as_steps(gate(u)), sp.Heaviside), u  # (SymPy may scale u to 1/3 − ...)
    # Two pieces of a maxout, z_1 − z_2 = Σ_k (Z_1k − Z_2k) z_k + c_1 − c_2: c_1 and c_2 are two variables.
    c = sp.IndexedBase("c", real=True)
    rows = sp.Sum(Z[1, k] * z[k], (k, 1, n)) - sp.Sum(Z[2, k] * z[k], (k, 1, n))
    assert isinstance(piecewise_as_steps(gate(rows + c[1] - c[2])), sp.Heaviside)
    # Not split (a sum is not sampled): the sum squared, scaled by what is not a variable (sin t), or
    # by another sum; c_1 beside c_j, which is c_1 when j = 1.
    for u in (linear ** 2 - 1, sp.sin(t) * linear - 1, linear * sp.Sum(Z[k, i] * z[k], (k, 1, n)) - 1,
              rows + c[1] - c[j]):
        assert piecewise_as_steps(gate(u)) == gate(u), u


def test_where_as_steps_only_for_generic_inequalities() -> None:
    from derive.language.kinks import piecewise_as_steps
    assert sp.expand(piecewise_as_steps(sp.Piecewise((t, x > 0), (2 * t, True)))) == 2 * t - t * sp.Heaviside(x)
    degenerate = sp.Piecewise((t, sp.sin(x) ** 2 + sp.cos(x) ** 2 > 1), (2 * t, True))
    assert piecewise_as_steps(degenerate) == degenerate
    labels = sp.Piecewise((t, sp.Eq(i, j)), (0, True))
    assert piecewise_as_steps(labels) == labels


def test_constants_print_as_the_table_spells_them_in_tex() -> None:
    from derive.printing import DeriveLatexPrinter
    x = sp.Symbol("x", real=True)
    # derive's printer has its own printmethod, which once hid SymPy's \pi and printed \text{\Pi}
    assert DeriveLatexPrinter().doprint(sp.sqrt(2 / sp.pi) * x) == r"\frac{\sqrt{2} x}{\sqrt{\pi}}"
    assert DeriveLatexPrinter().doprint(sp.E + x) == "x + e"


def test_a_second_derivative_prints_both_variables_in_text_and_tex() -> None:
    from derive.printing import DeriveLatexPrinter, TextPrinter
    z, F = sp.IndexedBase("z"), sp.Symbol("F", real=True)
    i, j = sp.symbols("i j", integer=True)
    hessian = sp.Derivative(F, z[i], z[j], evaluate=False)
    assert TextPrinter().doprint(hessian) == "∂²F/∂z_i∂z_j"
    assert DeriveLatexPrinter().doprint(hessian) == r"\frac{\partial^{2} F}{\partial z_{i} \partial z_{j}}"
