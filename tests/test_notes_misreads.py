"""Notes whose LaTeX the reader once misread so that a false claim was proved: each is now read as
written (and its false claim refuted) or refused in one line.

This file owns the verdicts of those notes, checked end to end from Markdown: a superscript on a
matrix entry (``W^\\top_{ij}`` was W_ij, ``W^{-1}_{ij}`` was 1/W_ij), a ``\\prod`` that took every later
factor (``\\prod_i u_i \\prod_j v_j`` was ∏_i (u_i ∏_j v_j)) and ``x^{(2)}`` of a scalar (was x²).
The readings themselves are in ``tests/test_latex_reader.py``'s tables.
"""
from __future__ import annotations

import pytest

from derive.documents.load import load_any

from _oneline import assert_one_line_error
from _checking import checked, loaded

HEAD = """# Misreads

```derive
[sizes]
n = "n"
[inputs]
x = []
y = []
u = ["n"]
v = ["n"]
W = ["n", "n"]
```
"""
#: the line of the claim in a note of HEAD, a blank line and one display
CLAIM_LINE = HEAD.count("\n") + 3


def _result(tmp_path, claim: str, head: str = HEAD):
    """The result of the one claim of a note: ``head`` and a display holding ``claim``."""
    p = tmp_path / "notes.md"
    p.write_text(f"{head}\n$$\n{claim}\n$$\n")
    (f,) = loaded(p)
    (c,) = checked(f, 60)
    return c


def _verdict(tmp_path, claim: str) -> str:
    return _result(tmp_path, claim).verdict


@pytest.mark.parametrize("claim, verdict", [
    # beside those refusals, what stays prose or layout
    (r"(1) \quad x = x", "proved"),
    (r"x = y \quad \text{for each sample } y", "refuted"),
    (r"x = x \quad \text{by } \eqref{eq:a} \quad (3)", "proved"),
    (r"x = x \quad \text{over all samples}", "proved"),
    # the transpose's entry, however the transpose and the subscript are written
    (r"W^\top_{ij} = W_{ij}", "refuted"),
    (r"W^T_{ij} = W_{ij}", "refuted"),
    (r"W^\intercal_{ij} = W_{ij}", "refuted"),
    (r"W^{\mathsf T}_{ij} = W_{ij}", "refuted"),
    (r"W_{ij}^\top = W_{ij}", "refuted"),
    (r"(W)^\top_{ij} = W_{ij}", "refuted"),
    (r"W^\top_{ij} = W_{ji}", "proved"),
    (r"W_{ij}^\top = W_{ji}", "proved"),
    (r"(W^\top)_{ij} = W_{ji}", "proved"),
    (r"\sum_j W^\top_{ij} u_j = \sum_j W_{ji} u_j", "proved"),
    (r"\sum_j W^\top_{ij} u_j = (W^\top u)_i", "proved"),
    (r"W_{ij}^2 = W_{ij} W_{ij}", "proved"),  # a power after the subscript is the entry's
    # a \prod ends at its last factor that uses its index; a later \prod is a factor of its own
    (r"\prod_i u_i \prod_j v_j = \prod_i \left(u_i \prod_j v_j\right)", "refuted"),
    (r"\prod_i u_i \prod_j v_j = \left(\prod_i u_i\right)\left(\prod_j v_j\right)", "proved"),
    (r"\prod_i u_i \prod_i v_i = \left(\prod_i u_i\right)\left(\prod_i v_i\right)", "proved"),
    (r"\prod_i e^{x} u_i = e^{x} \prod_i u_i", "refuted"),  # between the index's factors: inside, e^{nx}
    (r"\prod_i u_i v_i = \prod_i \left(u_i v_i\right)", "proved"),
])
def test_a_note_gets_the_verdict_of_its_reading(tmp_path, claim: str, verdict: str) -> None:
    assert _verdict(tmp_path, claim) == verdict


@pytest.mark.parametrize("claim, fragment", [
    (r"W^{-1}_{ij} = \frac{1}{W_{ij}}", r"cannot read W^{-1}_{ij} (an entry of the inverse matrix"),
    (r"W_{ij}^{-1} = \frac{1}{W_{ij}}", r"cannot read W_{ij}^{-1} (an entry of the inverse matrix"),
    (r"W^2_{ij} = W_{ij}^2", r"cannot read W^2_{ij} (ambiguous"),
    (r"\prod_i u_i \exp(x) = e^x \prod_i u_i", r"cannot read \prod_{i} … \exp(x) (ambiguous"),
    (r"\prod_i u_i \exp(x) = e^{n x} \prod_i u_i", r"bracket what it takes"),
    (r"\max_k u_k x = x \max_k u_k", r"cannot read \max_{k} … x (ambiguous"),
    (r"x^{(2)} = x^2", r"cannot read x^{(2)} (a bracketed superscript numbers an example or a layer"),
    (r"x^{(i)} y = x y", r"cannot read x^{(i)}"),
    # a reader probe: Ng's layer x^{[2]}, x^{(0)} and x^{\left(2\right)} were powers, proving x^{[2]} = x^2
    (r"x^{[2]} = x^2", r"cannot read x^{[2]} (a bracketed superscript numbers an example or a layer"),
    (r"x^{(0)} = 1", r"cannot read x^{(0)} (a bracketed superscript"),
    (r"x^{\left(2\right)} = x^2", r"cannot read x^{\left(2\right)} (a bracketed superscript"),
    (r"W^{[1]} u = W u", r"cannot read W^{[1]} (a bracketed superscript numbers an example or a layer, never a power, map"),
    # a reader probe: math opening a row before \quad was dropped, so 2 \quad x = x proved x = x
    (r"2 \quad x = x", r"cannot read '2' before \quad"),
    (r"y \quad + x = x", r"cannot read 'y' before \quad"),
    (r"x^2 \qquad - x^2 = 0", r"cannot read 'x^2' before \quad"),
    # … and math after words that open no annotation: x = x \text{ } x^2 proved x = x
    (r"x = x \text{ } x^2", r"cannot read the math beside 'x = x'"),
    (r"x = x \text{ plus } 1", r"cannot read the math beside 'x = x'"),
    (r"x = x \text{ times } y", r"cannot read the math beside 'x = x'"),
    # a reader probe: a prime on a braced group was an internal error (IndexError) at line 0
    (r"{x}' = 1", r"cannot read {x} (a name is expected here"),
    # a reader probe: an equation behind words was no claim at all, and the file passed
    (r"x \text{ (twice) } = 3x", "an equation after words is not read"),
    (r"\text{$x + x = 3x$}", "an equation after words is not read"),
    (r"x = x \text{ squared}", r"cannot read the math beside 'x = x'"),
])
def test_a_misread_that_could_prove_a_false_claim_is_refused_in_one_line(tmp_path, capsys, claim, fragment):
    p = tmp_path / "notes.md"
    p.write_text(f"{HEAD}\n$$\n{claim}\n$$\n")
    assert_one_line_error(p, CLAIM_LINE, fragment, capsys)


def test_a_parenthesised_superscript_mapped_in_symbols_is_that_quantity(tmp_path) -> None:
    head = HEAD.replace("W = [\"n\", \"n\"]", "W = [\"n\", \"n\"]\nx2 = []\n[symbols]\n'x^{(2)}' = \"x2\"")
    p = tmp_path / "notes.md"
    p.write_text(f"{head}\n$$\nx^{{(2)}} = \\mathrm{{x2}}\n$$\n\n$$\nx^{{(2)}} = x^2\n$$\n")
    (f,) = load_any(p, None)
    assert [c.verdict for c in checked(f, 60)] == ["proved", "refuted"]


def test_a_transpose_written_T_where_T_is_a_size_is_refused_with_the_spelling_to_use(tmp_path, capsys) -> None:
    # With T declared (a sequence length), x^T is a power by the declared T, which a vector cannot take.
    p = tmp_path / "notes.md"
    p.write_text('# T\n\n```derive\n[sizes]\nT = "steps"\n[inputs]\nx = ["T"]\ny = ["T"]\n```\n\n'
                 "$$\n\\frac{\\partial}{\\partial x_i} x^T y = y_i\n$$\n")
    assert_one_line_error(p, 12, r"write ^\top for a transpose", capsys)


def test_the_almost_everywhere_note_names_no_letter_a_note_may_use(tmp_path) -> None:
    # It once said "at u = 0 the claim is not asserted" whatever the kink's argument was, here x, beside an input u.
    c = _result(tmp_path, r"\frac{\partial}{\partial x} \max(x, 0) u = \mathbb{1}[x > 0] u",
                "# u\n\n```derive\n[inputs]\nu = []\nx = []\n```\n")
    assert c.verdict == "proved" and "u = 0" not in c.method
    assert "holds almost everywhere (cases on the sign of each kink's argument; where one is 0" in c.method


PROBED = """# Probed

```derive
[sizes]
n = "n"
[inputs]
w = ["n"]
x = ["n"]
z = ["n"]
a = []
T = []
[define]
"L" = "(x.T @ w)**2"
"c" = "w.T @ w"
"q[i]" = "exp(z[i]/T) / Sum(exp(z[j]/T), (j, 1, n))"
```
"""


@pytest.mark.parametrize("claim, fragment", [
    # a probe: ∇_w L c was ∇_w (L c), so ∇_w L c = c ∇_w L + L ∇_w c was proved; (∇_w L) c to a reader who
    # takes ∇_w L as one symbol, as the README's "a gradient binds as a function name" promised
    (r"\nabla_w L \, c = c \nabla_w L + L \nabla_w c", r"cannot read \nabla_{…} followed by a product (ambiguous"),
    (r"\nabla_w L \, x^\top w = x^\top w \nabla_w L", r"cannot read \nabla_{…} followed by a product (ambiguous"),
    # a probe: q_i(T), the softmax at temperature T as a function of T, was q_i times T; a name it does not
    # depend on, or an input's entry, stays ambiguous
    (r"\sum_{i} q_i(a) = a", r"cannot read (a) after an entry (ambiguous: the entry as a function of a"),
    (r"\sum_{i} x_i(T) = T", r"cannot read (T) after an entry"),
    (r"\sum_{i} q_i(\mathrm{a}) = a", r"after an entry (ambiguous: the entry as a function of a"),
    (r"\frac{1}{a}^{(2)} = \frac{1}{a^2}", r"(a bracketed superscript numbers an example or a layer, never a power)"),
    # a probe: Srivastava's dropout r * y is entrywise; * of two vectors was their dot product
    (r"(x * w)^\top (x * w) = \left( \sum_{j} x_j w_j \right)^2", "* between two arrays is ambiguous"),
])
def test_a_probes_misread_is_refused_in_one_line(tmp_path, capsys, claim, fragment) -> None:
    p = tmp_path / "notes.md"
    p.write_text(f"{PROBED}\n$$\n{claim}\n$$\n")
    assert_one_line_error(p, PROBED.count("\n") + 3, fragment, capsys)


#: A scalar's functions and cases, the notation of a fourth probe (a helper's hunt for false claims proved).
FUNCTIONS = """# Probed again

```derive
[sizes]
n = "n"
[inputs]
x = []
v = ["n"]
[define]
"f" = "x**3"
"p" = "sigmoid(x)"
"r" = "relu(x)"
"a" = "abs(x)"
"q[i]" = "v[i] * x**2"
```
"""


@pytest.mark.parametrize("claim, fragment", [
    # a derivative, then one bracketed item: at that point, or times it? p'(0) = 0 was proved as p' times 0
    (r"\frac{d p}{d x}(0) = 0", "cannot read (0) after a derivative (ambiguous: the derivative at that point, or"),
    (r"\frac{d f}{d x}(1) = 3 x^2", "cannot read (1) after a derivative (ambiguous"),
    (r"\frac{d f}{d x}(x) = 3 x^3", "cannot read (x) after a derivative (ambiguous"),
    (r"\frac{\partial q_1}{\partial x}\left[v_1\right] = 2 x v_1^2", "after a derivative (ambiguous"),
    # a power before the argument: f(x)^2, f(f(x)) or an inverse? f^2(x) = x^7 was proved as f^2 times x
    (r"f^2(x) = x^7", "cannot read (x) after a power of f (ambiguous: a power of its value, of the function, or an "
                      "inverse; write f(…)^2"),
    (r"f^{-1}(x) = x^{-2}", "cannot read (x) after a power of f"),
    # a transpose after the argument: f(x)^T = x^4 was proved as f times x
    (r"f(x)^\top = x^4", r"cannot read f(x)^\top (a transpose after what f is written with"),
    # cases that overlap where their values differ: the later case was never checked
    (r"r = \begin{cases} x & x > 0 \\ 0 & x \le 0 \\ 5 & x > 3 \end{cases}",
     "(cases 1 and 3 may both hold where their values differ"),
    (r"r = \begin{cases} x & x > 0 \\ 0 & x < 1 \end{cases}", "(cases 1 and 2 may both hold where their values differ"),
    (r"a = \begin{cases} x & x \ge 0 \\ -x & x \le 0 \\ 3 & x > 2 \end{cases}", "(cases 1 and 3 may both hold"),
    (r"\frac{\partial q_i}{\partial v_j} = \begin{cases} x^2 & i = j \\ 7 & i = j \\ 0 & \text{otherwise} \end{cases}",
     "(cases 1 and 2 may both hold"),
    # a digit script then more digits: TeX sets x^10 as x¹0, and x^10 = 0 was proved
    (r"x^10 = 0", "cannot read ^10 (an unbraced script takes one character, so TeX sets it as ^{1}0: write ^{10}"),
    (r"v_12 = 2 v_1", "cannot read _12 (an unbraced script takes one character"),
    (r"x^1.5 = x^{1.5}", "cannot read ^1.5"),
    # scientific notation is set as a number times e: 1e-3 = e - 3 was proved
    (r"1e-3 = e - 3", "cannot read 1e-3 (TeX sets it as a number times e: for a power of ten write 10^{...}"),
    (r"x = 2.5e+4", "cannot read 2.5e+4"),
    # a number after a fraction of numbers: ½·3 or 1/23?
    (r"\frac12 3 = 1.5", "cannot read 3 (a number right after a fraction of numbers"),
    (r"\frac{1}{2} 3 = 1.5", "cannot read 3 (a number right after a fraction of numbers"),
    # a brace closing nothing put the equation after it inside a brace: the display held no claim, exit 0
    (r"}{ q_1 = 2 v_1 x", "cannot read '}' here (it closes no brace: the equation after it would not be checked)"),
    # ... and a brace never closed (a fifth probe): the equation sat inside it, 0 claims, exit 0
    (r"\frac{\partial q_1}{\partial x = 3 x", "cannot read '{' here (it is never closed: the equation after it"),
    (r"x^{2 = 2", "cannot read '{' here (it is never closed"),
    (r"\left( x = 2", "cannot read '(' here (it is never closed"),
    (r"q_1 = \begin{cases} 1 & x > 0", "cannot read '\\begin{cases}' here (it is never closed"),
    # a factor after a function's bare argument: IWAE's log (1/K) Σ w read as log(1/K)·Σ w refuted a true claim
    (r"\log \frac{1}{2} \sum_{k=1}^{n} v_k = \log \sum_{k=1}^{n} v_k - \log 2",
     r"cannot read \log \frac{1}{2} \sum_{k=1}^{n} v_k (ambiguous: \log of the product, or \log \frac{1}{2} times"),
    (r"\exp x q_1 = e^{x q_1}", r"cannot read \exp x q_1 (ambiguous"),
    # ... and after a function's value as the bare argument (the VAE's log p(x|z) p(z)): read (log σ(x))·v_1
    (r"\log \sigma(x) v_1 = \log \sigma(x) + \log v_1", r"cannot read \log \sigma(x) v_1 (ambiguous"),
    # a bracket left open inside a closed group hid the display too (a sixth probe)
    (r"\frac{(1 + x}{2} = \frac{1}{2} + \frac{x}{3}", "cannot read '}' here"),
    # cases written as a chain: |x| = x if x > 0, = -x if x < 0 claimed x = -x (refuted, every case true)
    (r"\begin{aligned} a &= x \quad \text{if } x > 0 \\ &= -x \quad \text{if } x < 0 \end{aligned}",
     "a continued row with a condition of its own after a row with another"),
    (r"\begin{aligned} a &= x \qquad (x > 0) \\ &= -x \qquad (x < 0) \end{aligned}",
     "a continued row with a condition of its own after a row with another"),
    (r"\begin{aligned} a &= x \quad \mbox{whenever } x > 0 \\ &= -x \quad \mbox{whenever } x < 0 \end{aligned}",
     "a continued row with a condition of its own after a row with another"),
])
def test_a_fourth_probes_false_proofs_are_refused(tmp_path, capsys, claim, fragment) -> None:
    p = tmp_path / "notes.md"
    p.write_text(f"{FUNCTIONS}\n$$\n{claim}\n$$\n")
    assert_one_line_error(p, FUNCTIONS.count("\n") + 3, fragment, capsys)


@pytest.mark.parametrize("claim, verdict", [
    (r"\frac{d f}{d x} = 3 x^2", "proved"),
    (r"\frac{d f}{d x} \cdot (x) = 3 x^3", "proved"),
    # of an expression, not a name: bracketed, then a product (as tests/test_notes_applied.py has it)
    (r"\left(\frac{d}{dx}(x + 1)\right)(x - 1) = x - 1", "proved"),
    (r"f(x)^2 = x^6", "proved"),
    (r"f^2 (1 - f) = x^6 - x^9", "proved"),  # the quantity itself in the brackets: a product, as p(1 - p)
    (r"f^2 \cdot (x) = x^7", "proved"),
    (r"x^{10} = x^5 x^5", "proved"),
    (r"x^2 3 = 3 x^2", "proved"),  # as TeX sets it
    (r"\frac{1}{2} \cdot 3 = 1.5", "proved"),
    (r"\frac12 x = x / 2", "proved"),
    (r"2e = e + e", "proved"),
    # cases that meet only where their values agree
    (r"a = \begin{cases} x & x \ge 0 \\ -x & x \le 0 \end{cases}", "proved"),
    (r"a = \begin{cases} x & x \ge 0 \\ -x & x \le 0 \\ 0 & x = 0 \end{cases}", "proved"),
    (r"r = \begin{cases} x & x > 0 \\ 0 & x \le 0 \end{cases}", "proved"),
    (r"a = \begin{cases} x & x \ge 0 \\ x & x \le 0 \end{cases}", "refuted"),
    # what ends a function's bare argument: a number-led one takes the factors after it, an operator, a space,
    # brackets or another function end it
    (r"\ln 2 x = \ln 2 + \ln x", "proved"),
    (r"\exp x \cdot q_1 = q_1 e^x", "proved"),
    (r"\exp x \, q_1 = q_1 e^x", "proved"),
    (r"\exp(x) q_1 = q_1 e^x", "proved"),
    (r"\sin x \cos x = \sin(2 x) / 2", "proved"),
    # a space after a number-led argument ends it too; a bracketed argument with a power is bracketed; the chain
    # rule's derivative after a bare argument multiplies it; words with a ) inside \text beside an equation
    (r"\ln 2 \, x = x \ln 2", "proved"),
    (r"2 \sigma(x)^2 (1 - \sigma(x)) = 2 p^2 (1 - p)", "proved"),
    (r"\exp x \frac{d f}{d x} = 3 x^2 e^x", "proved"),
    (r"f = x^3 \quad \text{(step a)}", "proved"),
])
def test_a_fourth_probes_readings_that_stay(tmp_path, claim, verdict) -> None:
    p = tmp_path / "notes.md"
    p.write_text(f"{FUNCTIONS}\n$$\n{claim}\n$$\n")
    assert [c.verdict for c in checked(loaded(p)[0], 60)] == [verdict]


def test_an_entry_written_with_one_of_two_names_of_its_shape_is_refused(tmp_path, capsys) -> None:
    # r defined in z and u alike: r_1(u) may be the entry or r_1 at z = u (a density p_k(\mu) at its mean); read as
    # the entry, r_1(u) = r_1(z) was proved
    head = PROBED.replace('"L" = ', '"r[i]" = "exp(z[i] - w[i])"\n"L" = ')
    p = tmp_path / "notes.md"
    p.write_text(f"{head}\n$$\nr_1(w) = r_1(z)\n$$\n")
    assert_one_line_error(p, head.count("\n") + 3, "cannot read (w) after an entry (r depends on w and on z alike: "
                          "the entry as a function of w, or its value at z = w?", capsys)
    p.write_text(f"{head}\n$$\nr_1 = e^{{z_1 - w_1}}\n$$\n")
    assert [c.verdict for c in checked(loaded(p)[0], 60)] == ["proved"]


@pytest.mark.parametrize("claim, verdict", [
    # the readings that stay: all agree whichever way the operator binds, or only one makes sense
    (r"\nabla_w \frac{1}{2} \lVert w \rVert^2 = w", "proved"),
    (r"\nabla_w L \, a = 2 a (x^\top w) x", "proved"),
    # a probe (Goodfellow's g h^⊤ written out): the rest constant in w, so the gradient of L times it
    (r"\nabla_w L \, x^\top = 2 (x^\top w) x x^\top", "proved"),
    (r"\left(\nabla_w L\right) c = c \nabla_w L", "proved"),
    (r"\nabla_w \left(L c\right) = c \nabla_w L + L \nabla_w c", "proved"),
    (r"\sum_{i} q_i (T + 1) = T + 1", "proved"),  # an expression in brackets is a factor
    # the entry written with what it depends on is the entry, however bracketed (the probes' q_i(T) = T)
    (r"\sum_{i} q_i(T) = 1", "proved"),
    (r"\sum_{i} q_i(T) = T", "refuted"),
    (r"\sum_{i} q_i(z) = 1", "proved"),
    (r"\sum_{i} q_i({T}) = T", "refuted"),
    (r"\sum_{i} q_i[T] = T", "refuted"),
    (r"\sum_{i} q_i(\mathbf{T}) = T", "refuted"),
    (r"\sum_{i} q_i((\mathrm{T})) = T", "refuted"),
    (r"\sum_{i} q_i(T)^2 = \sum_{i} q_i^2", "proved"),
    # a fourth probe: a power before the bracket, and the whole vector, were still products
    (r"q_1^2(T) = T q_1^2", "refuted"),
    (r"q_1^{2}(T) = q_1(T)^2", "proved"),
    (r"q(T) = T q", "refuted"),
    (r"\mathbf{q}(\mathbf{z}) = \mathbf{q}", "proved"),
    (r"a * T = T a", "proved"),
    (r"a * x = x a", "proved"),
    (r"a * T = T", "refuted"),
])
def test_the_unambiguous_neighbours_of_those_misreads_still_read(tmp_path, claim, verdict) -> None:
    c = _result(tmp_path, claim, PROBED)
    assert c.verdict == verdict, c


def test_a_bold_symbol_mapped_beside_a_declared_plain_letter_is_refused(tmp_path, capsys) -> None:
    # a reader probe: '\mathbf{x}' = "X" beside an input x made every x read as X (bold is no part of a key),
    # so \mathbf{x} \cdot \mathbf{x} = x \cdot x was proved
    p = tmp_path / "bold.md"
    p.write_text("# Bold\n\n```derive\n[sizes]\nn = \"n\"\n[inputs]\nx = []\nX = [\"n\"]\n[symbols]\n"
                 "'\\mathbf{x}' = \"X\"\n```\n\n$$\n\\mathbf{x} \\cdot \\mathbf{x} = x \\cdot x\n$$\n")
    assert_one_line_error(p, 10, "but bold type is no part of a key and x is declared too", capsys)


#: A block whose [symbols] gets one more key (``{key}``): inputs u, v (vectors), c (a scalar), A (a matrix), z, a defined.
ALIASED = """# Aliased

```derive
[sizes]
n = "n"
[inputs]
u = ["n"]
v = ["n"]
c = []
A = ["n", "n"]
[define]
"z" = "A @ u"
"a" = "tanh(z)"
[symbols]
{key}
```

$$
u = v
$$
"""


@pytest.mark.parametrize("key, fragment", [
    # a fifth probe: a plain key that is a declared name renamed it everywhere ('z' = "a": dL/dz = a - y proved)
    ("'z' = \"a\"", "[symbols] 'z' maps to a, but z is declared too: every z would read as a"),
    ("'u' = \"v\"", "[symbols] 'u' maps to v, but u is declared too"),
    # an entry's spelling: u_1 read as c here and as u's entry inside a sum
    ("'u_1' = \"c\"", "[symbols] 'u_1' maps to c, but u is a declared array: u_1 would read as c here and as u's entry"),
    # a transpose's spelling: A^T read as A everywhere
    ("'A^T' = \"A\"", "[symbols] 'A^T': A is declared, so a superscript T on it is its transpose"),
])
def test_a_symbols_key_that_spells_a_declared_name_is_refused(tmp_path, capsys, key, fragment) -> None:
    p = tmp_path / "aliased.md"
    text = ALIASED.format(key=key)
    p.write_text(text)
    assert_one_line_error(p, text[:text.index(key)].count("\n") + 1, fragment, capsys)


@pytest.mark.parametrize("key", [
    "'u_0' = \"c\"",  # entries count from 1: Hastie's \beta_0 beside the vector beta
    "'q^T' = \"c\"",  # Rusu's q^T (the teacher's) where no q is declared
    "'u_t' = \"u\"",  # Baird's x_t, the quantity itself
])
def test_a_symbols_key_beside_a_declared_name_that_spells_no_entry_reads(tmp_path, key) -> None:
    p = tmp_path / "aliased.md"
    p.write_text(ALIASED.format(key=key))
    assert [c.verdict for c in checked(loaded(p)[0], 60)] == ["refuted"]


@pytest.mark.parametrize("claim, got", [
    # a reader probe: a condition written with a relation the reader did not know was prose, and the claim was
    # checked everywhere: true claims refuted at x > 0
    (r"|x| = -x \quad \text{if } x ≤ 0", "proved"),
    (r"x \leqq 0 \implies |x| = -x", "proved"),
    (r"x ≤ 0 ⟹ |x| = -x", "proved"),
    # a second probe: ≧, ≦ and fullwidth ＞ were still prose
    (r"|x| = x \quad \text{if } x ≧ 0", "proved"),
    (r"|x| = -x \quad \text{if } x ≦ 0", "proved"),
    (r"|x| = x \quad \text{if } x ＞ 0", "proved"),
    (r"|x| = x \quad \text{if } x ≻ 0", r"cannot read the condition beside '|x| = x'"),
    # a third probe: membership of an interval after where was prose, and the claim checked everywhere
    (r"|x| = x \quad \text{where } x ∈ (0, 1)", r"cannot read the condition beside '|x| = x'"),
    (r"|x| = x \quad \text{where } x \in (0, 1)", r"cannot read the condition beside '|x| = x'"),
    (r"|x| = x \quad \text{where } x \in \mathbb{R}", "refuted"),  # a type, not a restriction
    # a fourth probe: a set, a half-line, a complement, or the membership after the equation on its row
    (r"x^2 = x \quad \text{where } x \in \{0, 1\}", r"cannot read the condition beside 'x^2 = x'"),
    (r"|x| = x \quad \text{where } x \in \mathbb{R}_{+}", r"cannot read the condition beside '|x| = x'"),
    (r"|x| = x \quad \text{where } x \notin (-\infty, 0)", r"cannot read the condition beside '|x| = x'"),
    (r"|x| = x, \quad x \in (0, 1)", r"cannot read the condition beside '|x| = x'"),
    (r"x^2 = x x, \quad x \in \mathbb{R}^n", "proved"),
    (r"x < 0 \to |x| = -x", r"cannot read \to before an equation: for a premise write \implies"),
    (r"x < 0 \rightarrow |x| = -x", r"cannot read \rightarrow before an equation"),
    (r"|x| = -x \quad \text{if } x \lesssim 0", r"cannot read the condition beside '|x| = -x'"),
    (r"|x| = x \quad \text{but not for } x < 0", r"cannot read the condition beside '|x| = x'"),
])
def test_a_condition_in_a_relation_or_words_the_reader_did_not_know_is_read_or_refused(tmp_path, capsys, claim, got):
    if got in ("proved", "refuted"):
        c = _result(tmp_path, claim)
        assert c.verdict == got, c
    else:
        p = tmp_path / "notes.md"
        p.write_text(f"{HEAD}\n$$\n{claim}\n$$\n")
        assert_one_line_error(p, CLAIM_LINE, got, capsys)


@pytest.mark.parametrize("chain", [
    r"\begin{aligned} a &= \sqrt{x^2} \quad \text{since } x^2 > 0 \\ &= x \quad \text{since } x > 0 \end{aligned}",
    r"\begin{aligned} a &= \sqrt{x^2} \quad \text{for } x > 0 \\ &= x \quad \text{for } x > 0 \end{aligned}",
    r"\begin{aligned} a &= \sqrt{x^2} \\ &= x \quad \text{if } x > 0 \end{aligned}",
])
def test_a_chain_whose_rows_give_reasons_or_one_condition_stays_a_chain(tmp_path, chain) -> None:
    p = tmp_path / "notes.md"
    p.write_text(f"{FUNCTIONS}\n$$\n{chain}\n$$\n")
    assert [c.verdict for c in checked(loaded(p)[0], 60)] == ["proved", "proved"]


@pytest.mark.parametrize("claim, macro", [
    # \y, \n, \W are no macros TeX knows (MathJax shows them in red): they were read as y, the size n and W, so
    # "\sum_i u_i = \n" was checked as Σ u = n
    (r"x + y = x + \y", r"\y"),
    (r"\sum_i u_i = \n", r"\n"),
    (r"\W_{11} = W_{11}", r"\W"),
])
def test_a_control_word_naming_a_quantity_is_no_symbol_tex_prints(tmp_path, capsys, claim, macro) -> None:
    p = tmp_path / "notes.md"
    p.write_text(f"{HEAD}\n$$\n{claim}\n$$\n")
    assert_one_line_error(p, CLAIM_LINE, f"cannot read {macro}", capsys)
