"""Notes that write a quantity applied, or an operator before a product: read soundly or refused, never guessed.

This file owns two readings of the notes reader (``derive.documents.mathbuild``, ``derive.documents.applied``):

- a scalar the block defines written with brackets after it: ``J(\\theta)`` with what it depends on is
  the quantity; ``p(-z)``, ``f(2)``, ``p(w)`` of a scalar defined from one scalar input are its
  definition at that argument; ``p(1 - p)`` is a product; the rest (``J(z)`` of a J not defined in z)
  is refused.  ``f'(y)`` of an f defined in x is refused, not dJ/dy = 0.  Before, ``p(w)`` read as
  p and ``p(w) = p(z)`` was proved.
- ``\\frac{d}{dx}`` before a product that readers split two ways, ``\\frac{d}{dx}(x + 1)(x - 1)`` or
  ``\\frac{\\partial}{\\partial x} x \\cdot x``: refused with the bracketing to write.  Before, the operator
  took the first factor alone and ``\\frac{d}{dx}(x + 1)(x - 1) = x - 1`` was proved.
"""
from __future__ import annotations

import pytest


from _oneline import assert_one_line_error
from _checking import checked, loaded

HEAD = r"""# Applied

```derive
[inputs]
z = []
w = []
x = []
y = []
[define]
"p" = "sigmoid(z)"
"L" = "(w - 1)**2"
"f" = "x**3"
"g" = "log(x)"
"J" = "(w*x - y)**2"
```
"""


def _verdict(tmp_path, equation: str) -> str:
    p = tmp_path / "notes.md"
    p.write_text(HEAD + f"\n$$\n{equation}\n$$\n")
    (f,) = loaded(p)
    (claim,) = checked(f, 60)
    return claim.verdict


def _refused(tmp_path, capsys, equation: str, fragment: str) -> None:
    p = tmp_path / "notes.md"
    text = HEAD + f"\n$$\n{equation}\n$$\n"
    p.write_text(text)
    assert_one_line_error(p, text.count("\n") - 1, fragment, capsys)


@pytest.mark.parametrize("equation, verdict", [
    # the probe's false claims: p(w) is σ(w), L(z) is (z − 1)², no longer p and L
    (r"p(w) = p(z)", "refuted"),
    (r"L(z) = (w - 1)^2", "refuted"),
    # the probe's true claims, refuted while p(-z) read as p·(−z)
    (r"p(-z) = 1 - p(z)", "proved"),
    (r"L(0) = 1", "proved"),
    (r"f(-x) = -x^3", "proved"),
    (r"f(2) = 8", "proved"),
    (r"f(2)^2 = 64", "proved"),
    (r"g(y) = \log y", "proved"),
    # written with its own input, or its own names, it is the quantity
    (r"p(z) = p", "proved"),
    (r"L(w)^2 = (w - 1)^4", "proved"),
    (r"J(w, x, y) = J", "proved"),
    # the brackets hold the quantity itself: the sigmoid's derivative as notes write it
    (r"p(1 - p) = p - p^2", "proved"),
    # a second bracket after an application multiplies it (a second probe: f(x)(1 - x) was f at 1 - x)
    (r"f(x)(1 - x) = (1 - x)^3", "refuted"),
    (r"f(x)(1 - x) = x^3 (1 - x)", "proved"),
    (r"p(z)(1 - z) = \sigma(1 - z)", "refuted"),
    # a prime by the one input is the derivative
    (r"f'(x) = 3x^2", "proved"),
])
def test_a_defined_scalar_applied(tmp_path, equation, verdict):
    assert _verdict(tmp_path, equation) == verdict


@pytest.mark.parametrize("equation, fragment", [
    (r"f'(y) = 0", "cannot read f'(y) (f is defined in x, not y"),
    (r"J'(z) = 0", "cannot read J'(z) (J is defined in w, x, y, not z"),
    (r"J(z) = J", "cannot read J(z) (J is defined in w, x, y:"),
    (r"J(2) = 0", "cannot read J(2) (J is defined in w, x, y:"),
    # J depends on w, x and y alike: J(w) may be J as a function of w, or J at x = w (Ĵ(w*) is Ĵ at w = w*)
    (r"J(w) = (wx - y)^2", "cannot read J(w) (J depends on w and on x, y alike, so it may be J as a function of w "
                           "or its value at x = w: name its argument in the derive block, \"J(w)\" = ..."),
    (r"J'(w) = 2(wx - y)x", "cannot read J'(w) (J depends on w and on x, y alike"),
    # a list leaving a quantity of a listed one's shape out: J(w, x) may be J at y = w (or at y = x)
    (r"J(w, x) = (wx - y)^2", "cannot read J(w, x) (J depends on w and on y alike"),
    (r"\frac{\partial J}{\partial w}(w, x) = 2(wx - y)x", "cannot read J(w, x) (J depends on w and on y alike"),
    (r"p(1 - y) = 0", "cannot read p(1 - y) (p is defined in z:"),
    # f of itself (f(x) reads as f): composition or a product? either reading proves some false claim
    (r"f(f(x)) = x^6", "cannot read f(f(x)) (write f \\cdot f for the product"),
    (r"p(p(z)) = p^2", "cannot read p(p(z)) (write p \\cdot p for the product"),
])
def test_a_defined_scalar_applied_ambiguously_is_refused(tmp_path, capsys, equation, fragment):
    _refused(tmp_path, capsys, equation, fragment)


#: The same notes with J declared a function of w: ``"J(w)" = ...``.
DECLARED = HEAD.replace('"J" = ', '"J(w)" = ')


@pytest.mark.parametrize("equation, verdict", [
    (r"J(w) = (wx - y)^2", "proved"),
    (r"J(w) = J", "proved"),
    (r"J'(w) = 2(wx - y)x", "proved"),
    # at another value of its argument: the definition there
    (r"J(x) = (x^2 - y)^2", "proved"),
    (r"J(x) = J", "refuted"),
    (r"J(y) = (yx - y)^2", "proved"),
    (r"J(2) = (2x - y)^2", "proved"),
    (r"J(z + 1) = ((z + 1)x - y)^2", "proved"),
    (r"J(p) = (px - y)^2", "proved"),
])
def test_a_scalar_declared_a_function_of_its_argument(tmp_path, equation, verdict):
    p = tmp_path / "notes.md"
    p.write_text(DECLARED + f"\n$$\n{equation}\n$$\n")
    assert [c.verdict for c in checked(loaded(p)[0], 60)] == [verdict]


@pytest.mark.parametrize("equation, fragment", [
    (r"J(w, x) = J", "cannot read J(w, x) (J is declared J(w): write it with 1 argument)"),
    (r"J(J) = 0", "cannot read J(J) (J is declared J(w): in place of w write a quantity of its shape or a scalar"),
    (r"J'(x) = 0", "cannot read J'(x) (J is declared J(w): a prime differentiates by its argument"),
])
def test_a_declared_scalar_at_what_it_cannot_take_is_refused(tmp_path, capsys, equation, fragment):
    p = tmp_path / "notes.md"
    text = DECLARED + f"\n$$\n{equation}\n$$\n"
    p.write_text(text)
    assert_one_line_error(p, text.count("\n") - 1, fragment, capsys)


#: Goodfellow's quadratic approximation around the minimum w* (Deep Learning eq. 7.8), Ĵ declared a function of w.
QUADRATIC = r"""# Around the minimum

```derive
given = ["H = H.T"]
[sizes]
d = "parameters"
[inputs]
w = ["d"]
ws = ["d"]
H = ["d", "d"]
J0 = []
[define]
"{key}" = "J0 + sum((w - ws) * (H @ (w - ws))) / 2"
[symbols]
'w^{{\ast}}' = "ws"
'\hat{{J}}' = "Jhat"
'J_0' = "J0"
```

$$
\hat{{J}}(w^{{\ast}}) = \hat{{J}}
$$

$$
\hat{{J}}(w^{{\ast}}) = J_0
$$

$$
\hat{{J}}(w) = J_0 + \frac{{1}}{{2}}(w - w^{{\ast}})^\top H (w - w^{{\ast}})
$$
"""


def test_a_quantity_at_another_of_its_inputs_is_its_value_there_once_declared(tmp_path, capsys):
    # Read as Ĵ itself, Ĵ(w*) = Ĵ was proved, though Ĵ at its minimum w* is J_0
    p = tmp_path / "notes.md"
    p.write_text(QUADRATIC.format(key="Jhat(w)"))
    assert [c.verdict for c in checked(loaded(p)[0], 60)] == ["refuted", "proved", "proved"]
    text = QUADRATIC.format(key="Jhat")
    p.write_text(text)
    line = text[:text.index(r"\hat{J}(w^{\ast}) = \hat{J}")].count("\n") + 1
    assert_one_line_error(p, line, r"cannot read Jhat(w^{\ast}) (Jhat depends on ws and on w alike", capsys)


@pytest.mark.parametrize("key, fragment", [
    ('"J(q)"', "bad definition key 'J(q)': an entry is written \"z[i]\", a scalar as a function of quantities"),
    ('"J(z)"', "definition key 'J(z)': J does not depend on its argument 'z'"),
    ('"J(w, w)"', "definition key 'J(w, w)' repeats an argument"),
])
def test_a_bad_declared_argument_is_a_one_line_error(tmp_path, capsys, key, fragment):
    p = tmp_path / "notes.md"
    text = HEAD.replace('"J" = ', f"{key} = ")
    p.write_text(text)
    assert_one_line_error(p, text[:text.index(key)].count("\n") + 1, fragment, capsys)


@pytest.mark.parametrize("equation", [
    r"\frac{d}{dx}(x + 1)(x - 1) = x - 1",
    r"\frac{\partial}{\partial x} x \cdot x = x",
    r"\frac{d}{dx}(x + 1)^2 (x - 1) = 2(x + 1)(x - 1)",
    r"\partial_x x \cdot x = x",
])
def test_an_operator_before_a_product_is_refused(tmp_path, capsys, equation):
    _refused(tmp_path, capsys, equation, "followed by a product (ambiguous: bracket what it differentiates")


@pytest.mark.parametrize("equation, verdict", [
    (r"\frac{d}{dx}\left[(x + 1)(x - 1)\right] = 2x", "proved"),
    (r"\frac{d}{dx}\left[(x + 1)(x - 1)\right] = x - 1", "refuted"),
    (r"\left(\frac{d}{dx}(x + 1)\right)(x - 1) = x - 1", "proved"),
    (r"\frac{\partial}{\partial w} \frac{1}{2}(y - wx)^2 = -(y - wx)x", "proved"),  # juxtaposed: the whole product
    (r"\frac{d}{dx} \left(x (x + 1)\right) = 2x + 1", "proved"),
    (r"\frac{d}{dx}(x + 1) + x = 1 + x", "proved"),
    (r"\nabla_x x \cdot x = x", "proved"),  # a gradient binds as a function name: (∇_x x)·x
])
def test_an_operator_with_its_operand_bracketed_reads(tmp_path, equation, verdict):
    assert _verdict(tmp_path, equation) == verdict


def test_an_input_at_two_lists_of_arguments_is_refused(tmp_path, capsys):
    # l(y, ŷ) is the input l, written with what it is a value of: l(y, ŷ) = l(ŷ, y) was proved as l = l
    p = tmp_path / "notes.md"
    text = HEAD.replace("y = []", "y = []\nl = []") + "\n$$\nl(y, x) = l(y, x)\n$$\n\n$$\nl(y, x) = l(x, y)\n$$\n"
    p.write_text(text)
    assert_one_line_error(p, text.count("\n") - 1, "cannot read l(x, y) (l is an input, one value, first written l(y, x)",
                          capsys)


def test_a_quantity_of_several_inputs_at_another_order_of_arguments_is_refused(tmp_path, capsys):
    # J(w, x, y) is J; J(x, w, y) = J(w, x, y) was proved as J = J, and a reader of J(x, w, y) may mean w and x swapped
    p = tmp_path / "notes.md"
    text = HEAD + "\n$$\nJ(w, x, y) = (wx - y)^2\n$$\n\n$$\nJ(x, w, y) = (wx - y)^2\n$$\n"
    p.write_text(text)
    assert_one_line_error(p, text.count("\n") - 1, "cannot read J(x, w, y) (J is defined once, one value, first written "
                          "J(w, x, y): at other arguments it would be a function", capsys)
    p.write_text(HEAD + "\n$$\nJ(x, w, y) = (wx - y)^2\n$$\n\n$$\nJ(x, w, y) = J\n$$\n")  # one order throughout reads
    assert [c.verdict for c in checked(loaded(p)[0], 60)] == ["proved", "proved"]


def test_a_quantity_at_a_repeated_argument_is_refused(tmp_path, capsys):
    # a second probe: J(w, w) read as J itself, so J(w, w) = (wx - y)^2 was proved where J with x set to w differs
    p = tmp_path / "notes.md"
    text = HEAD + "\n$$\nJ(w, w) = (wx - y)^2\n$$\n"
    p.write_text(text)
    assert_one_line_error(p, text.count("\n") - 1, "cannot read J(w, w) (J at a repeated argument", capsys)


@pytest.mark.parametrize("equation, verdict", [
    # Barron writes \frac{\partial \rho}{\partial x}(x, \alpha, c): the derivative, its arguments named
    (r"\frac{\partial J}{\partial w}(w, x, y) = 2(wx - y)x", "proved"),
    (r"\frac{\partial J}{\partial w}(w, x, y) = 2(wx - y)", "refuted"),  # the inner x lost
    (r"\frac{\partial^2 J}{\partial w^2}(w, x, y) = 2x^2", "proved"),
    (r"\frac{\partial^2 J}{\partial w \partial x}(w, x, y) = 4wx - 2y", "proved"),
    (r"\frac{\partial J}{\partial w}(w, x, y)^2 = 4(wx - y)^2 x^2", "proved"),
    # a product written with \cdot after a derivative (one bracketed item right after one is refused, below)
    (r"\frac{d f}{d x} \cdot (x) = 3x^3", "proved"),
])
def test_a_derivative_written_with_the_arguments_of_its_quantity(tmp_path, equation, verdict):
    assert _verdict(tmp_path, equation) == verdict


@pytest.mark.parametrize("equation, fragment", [
    # at a point, or by a quantity the list leaves out: not the derivative as the block defines it
    (r"\frac{\partial J}{\partial w}(0, x) = 0", "after a derivative of J (read only as the list of what J depends on"),
    (r"\frac{\partial J}{\partial w}(x, y) = 0", "after a derivative of J (read only as the list of what J depends on"),
    (r"\frac{\partial J}{\partial w}(w, w) = 0", "after a derivative of J (read only as the list of what J depends on"),
    (r"\frac{\partial J}{\partial w}(w, z) = 0", "after a derivative of J (read only as the list of what J depends on"),
])
def test_a_derivative_at_other_arguments_is_refused(tmp_path, capsys, equation, fragment):
    _refused(tmp_path, capsys, equation, fragment)


def test_a_derivative_takes_the_order_its_quantity_was_first_written_with(tmp_path, capsys):
    p = tmp_path / "notes.md"
    text = HEAD + "\n$$\nJ(w, x, y) = (wx - y)^2\n$$\n\n$$\n\\frac{\\partial J}{\\partial w}(x, w, y) = 2(wx - y)x\n$$\n"
    p.write_text(text)
    assert_one_line_error(p, text.count("\n") - 1, "cannot read J(x, w, y) (J is defined once, one value, first written "
                          "J(w, x, y)", capsys)


def test_only_a_scalar_is_declared_a_function_of_its_arguments(tmp_path, capsys):
    p = tmp_path / "a.derive.toml"
    p.write_text('[sizes]\nn = "n"\n[inputs]\nv = ["n"]\n[define]\n"a(v)" = "2 * v"\n')
    assert_one_line_error(p, 6, "definition key 'a(v)': only a scalar is declared a function of its arguments", capsys)
