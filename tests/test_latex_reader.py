"""The LaTeX math reader: a table of snippets (expected expression or expected error), round trips."""
from __future__ import annotations

import pytest
import sympy as sp

from derive.documents.mathbuild import MathContext, read_math
from derive.algebra.bigops import MaxOver
from derive.indexcalc import index
from derive.model import size
from derive.verify.fileformat import QuantitySpec
from derive.verify.parser import ParseError, Scope

n, m = size("n"), size("m")
i, j, k, l = (index(c) for c in "ijkl")
x, W, y, z, s = (sp.IndexedBase(c, real=True) for c in ("x", "W", "y", "z", "s"))
L, b, lam = (sp.Symbol(c, real=True) for c in ("L", "b", "lambda"))
AXES = {"x": 1, "W": 2, "y": 1, "z": 1, "s": 1, "L": 0, "b": 0, "lambda": 0}
SHAPES = {"x": (m,), "W": (n, m), "y": (n,), "z": (n,), "s": (n,), "L": (), "b": (), "lambda": ()}
SYMBOLS = {r"\hat{y}": "s", r"\text{loss}": "L", "q": "b"}


def ctx() -> MathContext:
    return MathContext(Scope(quantities=dict(AXES), sizes={"n": n, "m": m}), SHAPES, SYMBOLS)


def sig(a):
    return 1 / (1 + sp.exp(-a))


D = sp.KroneckerDelta
SNIPPETS = [
    # fractions
    (r"\frac{b}{2}", b / 2),
    (r"\dfrac{b}{2}", b / 2),
    (r"\tfrac{1}{2} b", b / 2),
    (r"\frac12 b", b / 2),
    (r"\frac1{b}", 1 / b),
    # TeX takes an unbraced argument as one token, in either place: \frac{t^2}2 as lecture notes write it
    (r"\frac{b^2}2", b ** 2 / 2),
    (r"\frac b 2", b / 2),
    (r"\dfrac{1}2 b", b / 2),
    (r"\frac\lambda2", lam / 2),
    (r"\frac{\frac12}b", 1 / (2 * b)),
    (r"\frac{b}2 b", b ** 2 / 2),
    (r"\frac{\partial L}{\partial b}\frac12", sp.Derivative(L, b, evaluate=False) / 2),
    (r"\frac{y_i}{s_i}", y[i] / s[i]),
    (r"-\frac{y_i}{s_i}", -y[i] / s[i]),
    (r"b / 2", b / 2),
    (r"b / 2 \cdot b", b ** 2 / 2),
    (r"(b / 2) b", b ** 2 / 2),
    # derivatives
    (r"\frac{\partial L}{\partial z_j}", sp.Derivative(L, z[j], evaluate=False)),
    (r"\dfrac{\partial L}{\partial W_{jk}}", sp.Derivative(L, W[j, k], evaluate=False)),
    (r"\partial L / \partial z_j", sp.Derivative(L, z[j], evaluate=False)),
    (r"\partial L/\partial W_{jk}\, x_k", sp.Derivative(L, W[j, k], evaluate=False) * x[k]),
    (r"\frac{\partial s_i}{\partial z_j}", sp.Derivative(s[i], z[j], evaluate=False)),
    (r"\frac{dL}{db}", sp.Derivative(L, b, evaluate=False)),
    (r"\frac{\mathrm{d}L}{\mathrm{d}b}", sp.Derivative(L, b, evaluate=False)),
    (r"\frac{{\rm d}L}{{\rm d}b}", sp.Derivative(L, b, evaluate=False)),  # plain TeX's font switch
    (r"{\rm d}L/{\rm d}b + {\bf y}_i", sp.Derivative(L, b, evaluate=False) + y[i]),
    (r"\frac{\rm d}{{\rm d}b} L", sp.Derivative(L, b, evaluate=False)),  # the switch inside a fraction's argument
    (r"{ \bf y }_i + { \rm exp }(b) + \mathrm{tanh}(b)", y[i] + sp.exp(b) + sp.tanh(b)),
    (r"\frac{\partial}{\partial z_j} \left( \log s_i \right)", sp.Derivative(sp.log(s[i]), z[j], evaluate=False)),
    # ∂ with the variable as a subscript, as Dive into Deep Learning writes it
    (r"\partial_{z_j} L", sp.Derivative(L, z[j], evaluate=False)),
    (r"\partial^2_{b} L", sp.Derivative(sp.Derivative(L, b, evaluate=False), b, evaluate=False)),
    # a scalar written with what it depends on is that scalar; bold type leaves [symbols] keys alone
    (r"L(\mathbf{s}, y)", L),
    (r"L(\mathbf{s}; y)", L),  # the Deep Learning book's J(w; X, y): parameters after a semicolon
    (r"b\;b", b ** 2),  # while \; is a space
    (r"L(\mathbf{s}, y)^2", L ** 2),  # its square (RMS(x)^2): not L times the vector s²
    (r"\frac{b}{2 L(s, y)^2}", b / (2 * L ** 2)),
    (r"\hat{\mathbf{y}}_i", s[i]),
    (r"\mathrm{softmax}(z)_i", sp.exp(z[i]) / sp.Sum(sp.exp(z[j]), (j, 1, n))),
    # the operator takes the factors written after it, up to an explicit operator
    (r"\frac{\partial}{\partial b} \frac{1}{2} b^2", sp.Derivative(b ** 2 / 2, b, evaluate=False)),
    (r"\frac{\partial}{\partial b} (b^2)", sp.Derivative(b ** 2, b, evaluate=False)),  # a round group alone
    (r"\frac{\partial}{\partial b} \left[(b + 1) b\right]", sp.Derivative((b + 1) * b, b, evaluate=False)),
    (r"\left(\frac{\partial}{\partial b} (b^2)\right) b", sp.Derivative(b ** 2, b, evaluate=False) * b),
    (r"\nabla_b b \cdot b", sp.Derivative(b, b, evaluate=False) * b),  # a gradient binds as a function name
    # after a coefficient, and on a single powered factor such as a squared norm
    (r"\frac{1}{2} \frac{\partial}{\partial b} \lVert y \rVert^2",
     sp.Derivative(sp.Sum(y[k] ** 2, (k, 1, n)), b, evaluate=False) / 2),
    (r"\frac{\partial}{\partial b} \lVert y \rVert^2", sp.Derivative(sp.Sum(y[k] ** 2, (k, 1, n)), b, evaluate=False)),
    # plain TeX's \over divides its group
    (r"{\partial L \over \partial z_j}", sp.Derivative(L, z[j], evaluate=False)),
    (r"b + {1 \over 2} b", 3 * b / 2),
    (r"{{b \over 2} \over b}", sp.Rational(1, 2)),
    # ∂ of a function's value, above the line or before a slash
    (r"\frac{\partial \log s_i}{\partial z_j}", sp.Derivative(sp.log(s[i]), z[j], evaluate=False)),
    (r"\partial \tanh(z_i) / \partial z_j", sp.Derivative(sp.tanh(z[i]), z[j], evaluate=False)),
    (r"\frac{\partial^2 L}{\partial z_i \partial z_j}",
     sp.Derivative(sp.Derivative(L, z[i], evaluate=False), z[j], evaluate=False)),
    (r"\frac{\partial^2 L}{\partial b^2}", sp.Derivative(sp.Derivative(L, b, evaluate=False), b, evaluate=False)),
    (r"\nabla_{W_{jk}} L", sp.Derivative(L, W[j, k], evaluate=False)),
    (r"\nabla_b L", sp.Derivative(L, b, evaluate=False)),
    # sums and products
    (r"\sum_{i=1}^{n} y_i", sp.Sum(y[i], (i, 1, n))),
    (r"\sum_{i=1}^n y_i", sp.Sum(y[i], (i, 1, n))),
    (r"\sum_i y_i", sp.Sum(y[i], (i, 1, n))),
    (r"\sum_{k} W_{ik} x_k", sp.Sum(W[i, k] * x[k], (k, 1, m))),
    (r"\sum_{i=1}^{n} y_i \log s_i", sp.Sum(y[i] * sp.log(s[i]), (i, 1, n))),
    (r"\sum_i y_i + b", sp.Sum(y[i], (i, 1, n)) + b),
    (r"\sum_{i,k} W_{ik}", sp.Sum(W[i, k], (k, 1, m), (i, 1, n))),
    (r"\sum_{i} \sum_{k} W_{ik}", sp.Sum(sp.Sum(W[i, k], (k, 1, m)), (i, 1, n))),
    (r"\sum_{j \ne i} s_j", sp.Sum(s[j] * (1 - D(j, i)), (j, 1, n))),
    (r"\sum_{j \neq i} s_j", sp.Sum(s[j] * (1 - D(j, i)), (j, 1, n))),
    (r"\sum_{i=2}^{n} y_i", sp.Sum(y[i], (i, 2, n))),
    (r"\sum_{i=1}^{n-1} y_i", sp.Sum(y[i], (i, 1, n - 1))),
    (r"\sum\limits_{i=1}^{n} y_i", sp.Sum(y[i], (i, 1, n))),
    # layout a probe's notes used: \limits on a max, a labelled brace, the empty group of r = {} & + c
    (r"\max\limits_{k} y_k", MaxOver(y[k], (k, 1, n))),
    # the range set under the operator: \underset{k}{\max}, \underset{i=1}{\overset{n}{\sum}}
    (r"\underset{k}{\max} y_k", MaxOver(y[k], (k, 1, n))),
    # a binomial coefficient with a small number below: InstructGPT's 1/\binom{K}{2} over the pairs
    (r"\binom{b}{2}", b * (b - 1) / 2),
    (r"\frac{1}{\binom{b}{2}}", 2 / (b * (b - 1))),
    # a superscript after a fraction is the whole fraction's, as TeX sets it
    (r"\frac{1}{b}^2", 1 / b ** 2),
    (r"\frac{\partial L}{\partial b}^2 + b", sp.Derivative(L, b, evaluate=False) ** 2 + b),
    (r"\underset{k}{\operatorname{max}}\, y_k", MaxOver(y[k], (k, 1, n))),
    (r"\underset{i=1}{\overset{n}{\sum}} y_i", sp.Sum(y[i], (i, 1, n))),
    (r"\underset{i}{\sum} y_i + b", sp.Sum(y[i], (i, 1, n)) + b),
    (r"\underbrace{b^2}_{\text{the square}} + \overbrace{2 b}^{\text{twice}}", b ** 2 + 2 * b),
    (r"{} b + 1", b + 1),
    # a product's factors end at its last that uses its index: a later \prod is a factor of its own
    (r"\prod_i y_i \prod_j z_j", sp.Product(y[i], (i, 1, n)) * sp.Product(z[j], (j, 1, n))),
    (r"\prod_i y_i \prod_i z_i", sp.Product(y[i], (i, 1, n)) * sp.Product(z[i], (i, 1, n))),
    (r"\prod_i b y_i", sp.Product(b * y[i], (i, 1, n))),
    # a transpose on an entry is the transpose's entry, however the scripts are ordered (W^⊤_ij = W_ji)
    (r"W^\top_{ij}", W[j, i]),
    (r"W_{ij}^\top", W[j, i]),
    (r"W^{\mathsf T}_{ij}", W[j, i]),
    (r"(W)^\top_{ij}", W[j, i]),
    (r"W_{ij}^2", W[i, j] ** 2),
    # norms: Euclidean of a vector, Frobenius of a matrix (a power after it squares it)
    (r"\lVert y \rVert^2", sp.Sum(y[k] ** 2, (k, 1, n))),
    (r"\left\lVert y - s \right\rVert_2", sp.sqrt(sp.Sum((y[k] - s[k]) ** 2, (k, 1, n)))),
    (r"\lVert W \rVert_F", sp.sqrt(sp.Sum(W[k, l] ** 2, (l, 1, m), (k, 1, n)))),
    (r"\lVert y - s \rVert_1", sp.Sum(sp.Abs(y[k] - s[k]), (k, 1, n))),  # a vector's L1 norm
    (r"s_i (I_{ij} - s_j)", s[i] * (D(i, j) - s[j])),  # PRML's entries of the identity
    # the bar forms of a norm and of an absolute value, and inner products
    (r"\|y\|^2", sp.Sum(y[k] ** 2, (k, 1, n))),
    (r"\left\| y - s \right\|_2", sp.sqrt(sp.Sum((y[k] - s[k]) ** 2, (k, 1, n)))),
    (r"\Vert W \Vert_F", sp.sqrt(sp.Sum(W[k, l] ** 2, (l, 1, m), (k, 1, n)))),
    (r"|b| + \left| b - 1 \right|", sp.Abs(b) + sp.Abs(b - 1)),
    (r"|b - |b + 1|| |b|", sp.Abs(b - sp.Abs(b + 1)) * sp.Abs(b)),
    (r"\langle y, s \rangle", sp.Sum(y[k] * s[k], (k, 1, n))),
    (r"\langle W, W \rangle", sp.Sum(W[k, l] ** 2, (l, 1, m), (k, 1, n))),
    # a prime: the function's derivative (Nielsen's σ'(z)), of the function's own SymPy form
    (r"\sigma'(b)", sp.exp(-b) / (1 + sp.exp(-b)) ** 2),
    (r"\tanh'(y_i)", 1 - sp.tanh(y[i]) ** 2),
    (r"\sigma''(b)", sp.diff(sig(b), b, 2)),
    # CS229's examples: a superscript index in parentheses numbers the example (no power)
    (r"\sum_{i=1}^{n} y^{(i)}", sp.Sum(y[i], (i, 1, n))),
    (r"W^{(i)}_k", W[i, k]),
    (r"W_k^{(i)}", W[i, k]),
    (r"y^{(1)} + W^{(2)}_k", y[1] + W[2, k]),  # a number in parentheses numbers an example too (t^{(2)} was t ⊙ t)
    # a sign before the summand is the summand's (Ioffe and Szegedy's Σ_i −2(x_i − μ)); after it, the sum's
    (r"\sum_{i=1}^{n} -2 (y_i - b)", sp.Sum(-2 * (y[i] - b), (i, 1, n))),
    (r"\sum_i - y_i - b", sp.Sum(-y[i], (i, 1, n)) - b),
    (r"\prod_{i=1}^{n} s_i", sp.Product(s[i], (i, 1, n))),
    (r"\prod_i s_i", sp.Product(s[i], (i, 1, n))),
    # subscripts and superscripts
    (r"x_i", x[i]),
    (r"x_{i}", x[i]),
    (r"x_1", x[1]),
    (r"x_{12}", x[12]),
    (r"W_{ij}", W[i, j]),
    (r"W_{i,j}", W[i, j]),
    (r"W_{i j}", W[i, j]),
    (r"W_{jk}", W[j, k]),
    (r"W_{11}", W[1, 1]),
    (r"W_{i1}", W[i, 1]),
    (r"w_{23}", W[2, 3]),
    (r"b^2", b ** 2),
    (r"b^{-1}", 1 / b),
    (r"b^{1/2}", sp.sqrt(b)),
    (r"x_i^2", x[i] ** 2),
    (r"x^2_i", x[i] ** 2),
    (r"e^{z_i}", sp.exp(z[i])),
    (r"e^{-b}", sp.exp(-b)),
    (r"e^b", sp.exp(b)),
    # functions
    (r"\exp(z_i)", sp.exp(z[i])),
    (r"\exp z_i", sp.exp(z[i])),
    (r"\ln s_i", sp.log(s[i])),
    (r"\log s_i", sp.log(s[i])),
    (r"\log \sum_k e^{z_k}", sp.log(sp.Sum(sp.exp(z[k]), (k, 1, n)))),
    (r"\log(1 - s_i)", sp.log(1 - s[i])),
    (r"\sigma(b)", sig(b)),
    (r"\sigma(b)(1 - \sigma(b))", sig(b) * (1 - sig(b))),
    (r"\tanh(b)", sp.tanh(b)),
    (r"\tanh(b)^2", sp.tanh(b) ** 2),
    (r"\tanh^2(b)", sp.tanh(b) ** 2),
    (r"\tanh^{2}{\left(b \right)}", sp.tanh(b) ** 2),
    (r"\sum_{1 \le i \le n} y_i", sp.Sum(y[i], (i, 1, n))),
    (r"\sum_{\substack{1 \leq i \leq n\\1 \leq k \leq m}} W_{ik}", sp.Sum(W[i, k], (k, 1, m), (i, 1, n))),
    (r"\max(b, 0)", sp.Max(b, 0)),
    (r"\min(b, 1)", sp.Min(b, 1)),
    (r"\sqrt{b}", sp.sqrt(b)),
    (r"\operatorname{softmax}(z)_i", sp.exp(z[i]) / sp.Sum(sp.exp(z[j]), (j, 1, n))),
    (r"\operatorname{softmax}(\mathbf{z})_i", sp.exp(z[i]) / sp.Sum(sp.exp(z[j]), (j, 1, n))),
    (r"\operatorname{relu}(b)", sp.Max(b, 0)),
    (r"\operatorname{softplus}(b)", sp.log(1 + sp.exp(b))),
    # deltas and indicators
    (r"\delta_{ij}", D(i, j)),
    (r"\delta_{i j}", D(i, j)),
    (r"\delta_{i,j}", D(i, j)),
    (r"s_i(\delta_{ij} - s_j)", s[i] * (D(i, j) - s[j])),
    (r"\mathbb{1}[i = j]", D(i, j)),
    # piecewise definitions as cases: the last case is the rest (otherwise, or the first's negation)
    (r"\begin{cases} b & \text{if } b > 0 \\ 0 & \text{otherwise} \end{cases}",
     sp.Piecewise((b, b > 0), (0, True))),
    (r"\begin{cases} 1 & b > 0, \\ 0 & b \le 0. \end{cases}", sp.Piecewise((1, b > 0), (0, True))),
    (r"\begin{cases} 1 & b > 1 \\ 2 & \text{if } b < 0 \\ 3 & \text{else} \end{cases}",
     sp.Piecewise((1, b > 1), (sp.Piecewise((2, b < 0), (3, True)), True))),  # nested, as where(…, where(…))
    # Murphy's 𝕀(·) and Iverson's bracket alone
    (r"\mathbb{I}[i = j]", D(i, j)),
    (r"\mathbb{I}(i = j)", D(i, j)),
    (r"[i = j] b", D(i, j) * b),
    (r"\mathbb{1}[i \ne j]", 1 - D(i, j)),
    (r"\mathbb{1}_{i=j}", D(i, j)),
    (r"\mathbb{1}[b > 0]", sp.Piecewise((1, b > 0), (0, True))),
    # products, brackets, sizes
    (r"y_i \cdot s_i", y[i] * s[i]),
    (r"y_i \times s_i", y[i] * s[i]),
    (r"2 b", 2 * b),
    (r"2.5 b", sp.Rational(5, 2) * b),
    (r"\left( b + 1 \right)^2", (b + 1) ** 2),
    (r"\big( b + 1 \big) \Big[ b - 1 \Big]", (b + 1) * (b - 1)),
    (r"\left[ b \right]", b),
    (r"\{ b + 1 \}", b + 1),
    (r"\lvert b \rvert", sp.Abs(b)),
    (r"n b", n * b),
    (r"\frac{1}{n} \sum_i y_i", sp.Sum(y[i], (i, 1, n)) / n),
    (r"- - b", b),
    (r"\pi b", sp.pi * b),
    # decorations, Greek letters, the symbol table, spacing
    (r"\mathbf{x}_k", x[k]),
    (r"\boldsymbol{x}_k", x[k]),
    (r"\bm{x}_k", x[k]),
    (r"\vec{x}_k", x[k]),
    (r"\hat{y}_i", s[i]),
    (r"\hat{y}_{i}", s[i]),
    (r"\lambda b", lam * b),
    (r"\text{loss}", L),
    (r"q", b),
    (r"b \, \cdot \; 2 \! \quad", 2 * b),
    (r"b~+~1", b + 1),
    # a size as the index: the last entry (a recurrence's h_T), or sizes and numbers combined
    (r"x_n", x[n]),
    (r"x_{n}", x[n]),
    (r"W_{nm}", W[n, m]),
]

ERRORS = [
    # braces print no brackets: b + 1b on the page, (b + 1)·b as grouped (2 {z - y} was proved read so)
    (r"{b + 1} b", "braces group for TeX alone"),
    # a derivative operator before a product some read whole and others not: refused, never guessed
    (r"\frac{\partial}{\partial b} b \cdot b", "cannot read a derivative operator followed by a product (ambiguous"),
    (r"\frac{\partial}{\partial b} (b^2) b", "cannot read a derivative operator followed by a product (ambiguous"),
    (r"\frac{d}{db} (b + 1)(b - 1)", "cannot read a derivative operator followed by a product (ambiguous"),
    (r"\frac{d}{db} (b + 1)^2 (b - 1)", "cannot read a derivative operator followed by a product (ambiguous"),
    (r"\frac{d}{db} b^2 / 2", "cannot read a derivative operator followed by a product (ambiguous"),
    (r"\partial_b b \cdot b", r"cannot read \partial_{…} followed by a product (ambiguous"),
    (r"\nabla_b (b + 1)(b - 1)", r"cannot read \nabla_{…} followed by a product (ambiguous"),
    # two factors after it that both vary: d/db of the product, or (d/db b)(b + 1)? (σ'(1 − 2σ) was read as (σ(1 − 2σ))')
    (r"\frac{\partial}{\partial b} b (b + 1)", "cannot read a derivative operator followed by a product (ambiguous: the "
                                                "derivative of the first factor times the rest, or of the product"),
    # J&M §5.10 as typeset: ∂/∂w 1 − σ(…) means ∂(1 − σ)/∂w, but the operator stops at the −: refused, not read as 0 − σ
    (r"\frac{\partial}{\partial b} 1 - b^2", "cannot read a derivative of the number 1 (it is 0: to differentiate a sum"),
    (r"\frac{d}{db} 2", "cannot read a derivative of the number 2"),
    (r"\foo", r"cannot read \foo (supported:"),
    # y_i^{(2)}: example 2 of a vector has no entry i (this read as y_i² before: a checker must not guess)
    (r"y_i^{(2)}", "(example 2: y^{(2)} of a vector"),
    (r"\def\x{1} x", r"cannot read \def"),
    # x^{(2)} of a scalar: no example to number, and never a power (it read as b² before)
    (r"b^{(2)}", r"cannot read b^{(2)} (a bracketed superscript numbers an example or a layer, never a power"),
    (r"\tanh^{(2)}(b)", r"cannot read \tanh^{(2)}"),
    # an entry of an inverse or of a power written before the subscript (W^{-1}_{ij} read as 1/W_ij before)
    (r"W^{-1}_{ij}", r"cannot read W^{-1}_{ij} (an entry of the inverse matrix"),
    (r"W_{ij}^{-2}", r"cannot read W_{ij}^{-2} (an entry of the inverse matrix"),
    (r"W^2_{ij}", r"cannot read W^2_{ij} (ambiguous"),
    # a factor after a \prod without its index: in each factor (a Poisson likelihood's e^{-λ}) or once?
    (r"\prod_i y_i b", r"cannot read \prod_{i} … b (ambiguous: b does not use the \prod's index"),
    (r"\max_k z_k b", r"cannot read \max_{k} … b (ambiguous"),
    (r"\input{secrets}", r"cannot read \input"),
    (r"\catcode`\^=7 b", r"cannot read \catcode"),
    (r"\csname b\endcsname", r"cannot read \csname"),
    (r"W", "a whole array of shape (n, m) where one value is expected"),
    (r"q_i", "scalar and cannot be indexed"),
    (r"b_i", "scalar and cannot be indexed"),
    (r"x_{ij}", "expected 1 index, found 2"),
    (r"W_{i}", "expected 2 indices, found 1; row i of a matrix is written with ^{(i)}"),
    (r"x_0", "an index is a letter"),
    (r"x_{b}", "b is a quantity, not an index"),
    (r"a", "unknown symbol 'a'"),
    (r"\alpha", r"unknown symbol \alpha"),
    (r"\hat{x}", r"cannot read \hat{x} (map it to a quantity in [symbols]"),
    (r"\text{for all}", r"cannot read \text{forall}"),
    (r"\exp", "a function needs an argument"),
    (r"\tanh_j z_j", "a function takes no subscript"),
    (r"\max_{k \ne j} z_k", "a maximum leaves out no term"),
    (r"\max(b)", r"write \max(a, b)"),
    (r"\partial L", r"cannot read \partial"),
    (r"\frac{\partial^2 L}{\partial z_j}", "orders of ∂ above and below the line differ"),
    (r"\frac{\partial L}{\partial (b + 1)}", "a derivative must be taken by a quantity"),
    (r"\frac{\partial L}{\partial n}", "a derivative must be taken by a quantity"),
    (r"\sum y_i", "name the summation index"),
    (r"\sum_{i=1} y_i", "give the upper limit"),
    (r"\sum_j b", "the range of j is unclear"),
    (r"\sum_{x} b", "is a quantity or size, not a summation index"),
    (r"\sum_{i=1}^{b} y_i", "a summation limit is an integer, a size"),
    (r"b^{b}", "exponent b is not allowed"),
    (r"\log^{-1} b", r"cannot read \log^{-1}"),
    (r"1 \le b \le 2", r"cannot read '\le' here"),
    (r"\mathbb{1}[1 < b > 2]", "a chained comparison (only one way round"),
    (r"b^{100}", "exponent 100 is not allowed"),
    (r"\frac{b}{0}", "division by zero"),
    (r"0^{-1}", "division by zero"),
    (r"12345678901 b", "out of range"),
    (r"\mathbb{1}", r"write the condition in brackets"),
    (r"(b, b)", "a list in parentheses"),
    (r"( b ]", "the brackets do not match"),
    (r"b'", "a prime marks the derivative of a function"),
    (r"\lVert b \rVert", "the Euclidean norm of one vector"),
    (r"\lVert W \rVert_2", "the Euclidean norm of one vector"),
    (r"\lVert W \rVert_1", "the Euclidean norm of one vector"),  # a matrix's: its largest column sum, or every entry's?
    (r"\max'(b, b)", "a prime marks the derivative of a function"),
    (r"b +", "ends too early"),
    (r"1 / 2 b", "ambiguous"),
    (r"b / n m", "ambiguous"),
    (r"b | b", "cannot read '|' here"),
    (r"b = b", "cannot read '=' here"),
    (r"\frac{\partial}{\partial b}^2 b^3", "a power of a derivative operator"),
    (r"{" * 60 + "b" + "}" * 60, "nests braces or brackets more than"),
    ("b + " * 600 + "b", "characters long"),
    ("", "empty expression"),
    (r"\operatorname{softmax}(b)", r"\operatorname{softmax}(z)_i"),
    (r"\operatorname{softmax}(W)", "softmax() takes vectors, got (n, m)"),
]


@pytest.mark.parametrize("latex, expected", [c for c in SNIPPETS if c[1] is not None])
def test_snippet_reads_as(latex, expected):
    got = read_math(latex, ctx())
    assert got == expected, (got, expected)


@pytest.mark.parametrize("latex, message", ERRORS)
def test_snippet_is_rejected(latex, message):
    with pytest.raises(ParseError) as exc:
        read_math(latex, ctx())
    assert message in str(exc.value)


def test_the_table_is_large():
    assert len(SNIPPETS) + len(ERRORS) >= 80


def test_symbols_may_name_a_function():
    # CS229 writes g for the logistic function: '[symbols] g = "sigmoid"' makes g(z) and g'(z) the sigmoid's.
    named = MathContext(Scope(quantities=dict(AXES), sizes={"n": n, "m": m}), SHAPES, {"g": "sigmoid"})
    assert read_math(r"g(b)", named) == sig(b)
    assert sp.simplify(read_math(r"g'(b)", named) - sig(b) * (1 - sig(b))) == 0
    with pytest.raises(ParseError, match="a function takes no subscript"):
        read_math(r"g_1(b)", named)


def _defined(**definitions) -> MathContext:
    """The test context with the scalars named defined: ``name=(definition, real_where)``."""
    quantities = {q: QuantitySpec(q, tuple(SHAPES[q]), 1) for q in AXES}
    for name, (definition, real_where) in definitions.items():
        quantities[name] = QuantitySpec(name, (), 1, definition=definition, real_where=real_where)
    return MathContext(Scope(quantities=dict(AXES), sizes={"n": n, "m": m}), SHAPES, SYMBOLS,
                       frozenset(definitions), quantities)


def test_a_defined_scalar_written_with_its_arguments_is_that_scalar():
    # J(θ), L(w): the quantity the block defines, named with what it depends on; p(1 - p) is a product.
    defined = _defined(L=(sp.Sum(s[k] * W[k, 1], (k, 1, n)), ()))
    assert read_math(r"L(s)", defined) == L and read_math(r"L(s, W) + 1", defined) == L + 1
    assert read_math(r"L(1 - L)", defined) == L * (1 - L)
    # of an L defined in s and y alike, L(s) may be L or L at y = s: refused until the block names L's argument
    two = _defined(L=(sp.Sum(s[k] * y[k], (k, 1, n)), ()))
    assert read_math(r"L(s, y) + 1", two) == L + 1
    with pytest.raises(ParseError, match=r"cannot read L\(s\) \(L depends on s and on y alike"):
        read_math(r"L(s)", two)
    assert read_math(r"L(b)", ctx()) == L * b  # L an input here: a product, as ever


def test_a_defined_scalar_at_another_argument_is_its_definition_there_or_refused():
    # L of one scalar input b: L(2), L(-b), L(lambda) are its definition with b replaced.
    defined = _defined(L=(sp.log(b) + b ** 2, (b > 0,)))
    assert read_math(r"L(b)", defined) == L
    assert read_math(r"L(2)", defined) == sp.log(2) + 4
    assert read_math(r"L(\lambda)^2", defined) == (sp.log(lam) + lam ** 2) ** 2
    assert read_math(r"L(-b)", defined) == sp.log(-b) + b ** 2
    # L of two inputs has no argument to replace: a number or another name is refused, not read as L or a
    # product; an expression stays a product, as notes write \delta_t (\gamma x_{t+1} - x_t)
    two = _defined(L=(b * lam, ()))
    assert read_math(r"L(b, \lambda)", two) == L and read_math(r"L(1 - b)", two) == L * (1 - b)
    for written in (r"L(2)", r"L(s)", r"L(b, s)"):
        with pytest.raises(ParseError, match=r"cannot read L\(.*\) \(L is defined in b, lambda:"):
            read_math(written, two)


def test_a_primed_defined_scalar_is_differentiated_only_by_what_it_depends_on():
    defined = _defined(L=(b ** 3, ()))
    assert read_math(r"L'(b)", defined) == sp.Derivative(L, b, evaluate=False)
    with pytest.raises(ParseError, match=r"cannot read L'\(lambda\) \(L is defined in b, not lambda"):
        read_math(r"L'(\lambda)", defined)


def test_the_length_limit_counts_the_side_as_written():
    # prepare() spells each bar |b| out as \lvert b\rvert: a side under the limit as written still reads.
    side = "|b| + " * 330 + "b"
    assert len(side) < 2000 and read_math(side, ctx()) == 330 * sp.Abs(b) + b
    with pytest.raises(ParseError, match="the math is 2040 characters long"):
        read_math("|b| + " * 340, ctx())


def test_an_error_is_one_line():
    for latex, _ in ERRORS:
        with pytest.raises(ParseError) as exc:
            read_math(latex, ctx())
        assert "\n" not in str(exc.value) and len(str(exc.value)) < 2000


def test_a_declared_quantity_shadows_a_function_macro_and_a_constant():
    scope = Scope(quantities={"sigma": 0, "e": 0, "b": 0}, sizes={})
    c = MathContext(scope, {"sigma": (), "e": (), "b": ()})
    sigma, e = sp.Symbol("sigma", real=True), sp.Symbol("e", real=True)
    assert read_math(r"\sigma b", c) == sigma * b
    assert read_math(r"e^{2}", c) == e ** 2


ROUND_TRIP = [r for r, e in SNIPPETS if e is not None and not isinstance(e, sp.Product)
              and not e.has(sp.Piecewise, sp.Max, sp.Min, sp.Abs)]


@pytest.mark.parametrize("latex", ROUND_TRIP)
def test_round_trip_latex_expression_latex_expression(latex):
    """What derive prints (the report's TeX) reads back as the same expression."""
    from reports.texmath import tex
    first = read_math(latex, ctx())
    printed = tex(first)
    assert _canon(read_math(printed, ctx())) == _canon(first), printed


@pytest.mark.parametrize("latex", [r"\mathbb{1}[b > 0]", r"\mathbb{1}[z_i \le 2] \, b", r"2 - \mathbb{1}[b < z_1]"])
def test_an_indicator_prints_as_written_and_reads_back(latex):
    """where(c, 1, 0) prints as 𝟙[c] in every format (\\mathbb{1}[c] in TeX), which the reader reads back."""
    from derive.printing import text
    from reports.mathml import math_elements
    from reports.texmath import tex
    first = read_math(latex, ctx())
    printed = tex(first)
    assert first.has(sp.Piecewise) and r"\mathbb{1}[" in printed and "where" not in printed
    assert r"\left(\mathbb{1}" not in printed  # its brackets are its own: no parentheses in a product
    assert read_math(printed, ctx()) == first, printed
    assert "𝟙[" in text(first) and "𝟙" in math_elements(first, printed)[0]


def test_other_cases_print_as_cases_in_tex_which_the_reader_reads_back():
    # session 58: TeX (and MathML) showed where(b > 0, b, 0), a file-format spelling no note writes; text keeps it
    from derive.printing import text
    from reports.mathml import math_elements
    from reports.texmath import tex
    e = sp.Piecewise((b, b > 0), (0, True))
    assert text(e) == "where(b > 0, b, 0)"
    assert tex(e) == r"\begin{cases} b & \text{if } b > 0 \\ 0 & \text{otherwise} \end{cases}"
    assert read_math(tex(e), ctx()) == e
    assert "<mtable" in math_elements(e, tex(e))[0] and "otherwise" in math_elements(e, tex(e))[0]
    # a case counts where none above it holds: each row says so, as a note's exclusive cases do (a reports probe saw
    # "0 if x > -1" under "(x - 1)^2 if x > 1"); text reads three cases as nested where()
    x = sp.Symbol("x", real=True)
    three = sp.Piecewise(((x - 1)**2, x > 1), (0, x > -1), (-(x + 1)**3, True))
    assert r"0 & \text{if } x \leq 1 \wedge -1 < x" in tex(three)
    assert text(three) == "where(x > 1, (x - 1)^2, where(x > -1, 0, -(x + 1)^3))"


def _canon(e):
    """Limits of a multiple sum in one order (the printer lists them innermost first, a reader outermost)."""
    return e.replace(lambda a: isinstance(a, sp.Sum) and len(a.limits) > 1,
                     lambda a: sp.Sum(a.function, *sorted(a.limits, key=str)))


# -- matrix notation: a bare vector or matrix name is the whole array, lowered at fresh indices i, j ---------------
HESSIAN = sp.Derivative(sp.Derivative(L, z[i], evaluate=False), z[j], evaluate=False)
MATRIX_SNIPPETS = [
    # (LaTeX, the entry at the fresh indices, the shape; () for a scalar)
    (r"W", W[i, j], (n, m)),
    (r"\mathbf{x}", x[i], (m,)),
    (r"\hat{y}", s[i], (n,)),
    (r"(s - y) x^\top", (s[i] - y[i]) * x[j], (n, m)),
    (r"(\mathbf{s} - \mathbf{y})\, \boldsymbol{x}^{\mathsf T}", (s[i] - y[i]) * x[j], (n, m)),
    (r"(\hat{y} - y) x^\intercal", (s[i] - y[i]) * x[j], (n, m)),
    (r"W^T (s - y)", sp.Sum(W[k, i] * (s[k] - y[k]), (k, 1, n)), (m,)),
    (r"W^{\top} \cdot (s - y)", sp.Sum(W[k, i] * (s[k] - y[k]), (k, 1, n)), (m,)),
    (r"(s - y)^\top W", sp.Sum(W[k, j] * (s[k] - y[k]), (k, 1, n)), (1, m)),
    (r"W x", sp.Sum(W[i, k] * x[k], (k, 1, m)), (n,)),
    (r"\operatorname{diag}(s) - s s^\top", D(i, j) * s[i] - s[i] * s[j], (n, n)),
    (r"\mathrm{Diag}(s) - s s^\top", D(i, j) * s[i] - s[i] * s[j], (n, n)),  # the sparsemax paper's spelling
    (r"\mathrm{diag}(s) - s s^\top", D(i, j) * s[i] - s[i] * s[j], (n, n)),
    (r"\text{diag}(s) - s s^\top", D(i, j) * s[i] - s[i] * s[j], (n, n)),
    (r"\operatorname{diag}(\mathbf{s}) - \mathbf{s}\mathbf{s}^T", D(i, j) * s[i] - s[i] * s[j], (n, n)),
    (r"s \odot y", s[i] * y[i], (n,)),
    (r"s \circ y", s[i] * y[i], (n,)),  # many papers write the Hadamard product ∘
    # σ'(a) ⊙ W δ as notes write it: (s ⊙ W) x has no fitting shapes, s ⊙ (W x) does
    (r"s \odot W x", s[i] * sp.Sum(W[i, k] * x[k], (k, 1, m)), (n,)),
    (r"s \odot (1 - s) \odot W x", s[i] * (1 - s[i]) * sp.Sum(W[i, k] * x[k], (k, 1, m)), (n,)),
    (r"s \otimes x", s[i] * x[j], (n, m)),
    (r"x^\top x", sp.Sum(x[k] ** 2, (k, 1, m)), ()),
    (r"x \cdot x", sp.Sum(x[k] ** 2, (k, 1, m)), ()),
    (r"\operatorname{tr}(W^\top W)", sp.Sum(sp.Sum(W[k, l] ** 2, (k, 1, n)), (l, 1, m)), ()),
    # the trace as the Matrix Cookbook (Tr) and many papers (upright tr) write it
    (r"\operatorname{Tr}(W^\top W)", sp.Sum(sp.Sum(W[k, l] ** 2, (k, 1, n)), (l, 1, m)), ()),
    (r"\mathrm{tr}(W^\top W)", sp.Sum(sp.Sum(W[k, l] ** 2, (k, 1, n)), (l, 1, m)), ()),
    (r"\mathrm{erf}(z)", sp.erf(z[i]), (n,)),  # the table's upright spelling of a function
    (r"\mathrm{ReLU}(z)", sp.Max(z[i], 0), (n,)),  # any \operatorname{…} of the table set with \mathrm
    (r"-W + 2 W", W[i, j], (n, m)),
    (r"\lambda W", lam * W[i, j], (n, m)),
    (r"\frac{W}{2}", W[i, j] / 2, (n, m)),
    (r"W / n", W[i, j] / n, (n, m)),
    (r"\frac{s}{y}", s[i] / y[i], (n,)),
    (r"1 - s", 1 - s[i], (n,)),
    (r"s^2", s[i] ** 2, (n,)),
    (r"\exp(z)", sp.exp(z[i]), (n,)),
    (r"e^{z}", sp.exp(z[i]), (n,)),
    (r"\sqrt{s}", sp.sqrt(s[i]), (n,)),
    (r"\sigma(z) \odot (1 - \sigma(z))", sig(z[i]) * (1 - sig(z[i])), (n,)),
    (r"\sigma(z)^2", sig(z[i]) ** 2, (n,)),
    (r"\tanh^2(z)", sp.tanh(z[i]) ** 2, (n,)),
    (r"\max(z, 0)", sp.Max(z[i], 0), (n,)),
    (r"\mathbb{1}[z > 0]", sp.Piecewise((1, z[i] > 0), (0, True)), (n,)),
    (r"\operatorname{softmax}(z)", sp.exp(z[i]) / sp.Sum(sp.exp(z[k]), (k, 1, n)), (n,)),
    (r"\exp(z)_i", sp.exp(z[i]), ()),
    (r"\operatorname{diag}(s)^\top", D(i, j) * s[j], (n, n)),
    (r"\operatorname{softmax}(z)^\top", sp.exp(z[j]) / sp.Sum(sp.exp(z[k]), (k, 1, n)), (1, n)),
    (r"\left(\frac{\partial s}{\partial z}\right)^\top", sp.Derivative(s[j], z[i], evaluate=False), (n, n)),
    (r"(z)_j", z[j], ()),
    (r"(W x)_j", sp.Sum(W[j, k] * x[k], (k, 1, m)), ()),
    (r"(W^\top (s - y))_k", sp.Sum(W[l, k] * (s[l] - y[l]), (l, 1, n)), ()),
    # I and \mathbf{1} take their size from what they meet (or from a subscript naming a size)
    (r"I - s s^\top", D(i, j) - s[i] * s[j], (n, n)),
    (r"I_n", D(i, j), (n, n)),
    (r"\mathbf{I}_{m}", D(i, j), (m, m)),
    (r"W I", sp.Sum(D(j, k) * W[i, k], (k, 1, m)), (n, m)),
    (r"\mathbf{1}_m", sp.Integer(1), (m,)),
    (r"\mathbf{1}^\top x", sp.Sum(x[k], (k, 1, m)), ()),
    (r"\boldsymbol{1} \cdot x", sp.Sum(x[k], (k, 1, m)), ()),
    (r"I - \frac{1}{n} \mathbf{1} \mathbf{1}^\top - s s^\top", D(i, j) - 1 / n - s[i] * s[j], (n, n)),
    # derivatives by (or of) a whole array: the gradient of W's shape, the Jacobian, the Hessian
    (r"\frac{\partial L}{\partial W}", sp.Derivative(L, W[i, j], evaluate=False), (n, m)),
    (r"\nabla_W L", sp.Derivative(L, W[i, j], evaluate=False), (n, m)),
    (r"\nabla_{\mathbf{W}} L", sp.Derivative(L, W[i, j], evaluate=False), (n, m)),
    (r"\partial L / \partial W", sp.Derivative(L, W[i, j], evaluate=False), (n, m)),
    (r"\frac{\partial}{\partial W} L", sp.Derivative(L, W[i, j], evaluate=False), (n, m)),
    (r"\frac{\partial \operatorname{tr}(W^\top W)}{\partial W}",
     sp.Derivative(sp.Sum(sp.Sum(W[k, l] ** 2, (k, 1, n)), (l, 1, m)), W[i, j], evaluate=False), (n, m)),
    (r"\frac{\partial L}{\partial \mathbf{x}}", sp.Derivative(L, x[i], evaluate=False), (m,)),
    (r"\frac{\partial s}{\partial z}", sp.Derivative(s[i], z[j], evaluate=False), (n, n)),
    (r"\frac{\partial s}{\partial z_j}", sp.Derivative(s[i], z[j], evaluate=False), (n,)),
    (r"\frac{\partial^2 L}{\partial z \partial z}", HESSIAN, (n, n)),
    (r"\frac{\partial^2 L}{\partial z \partial z^\top}", HESSIAN, (n, n)),
    (r"\frac{\partial^2 L}{\partial \mathbf{z}\, \partial \mathbf{z}^T}", HESSIAN, (n, n)),
    (r"\nabla^2_z L", HESSIAN, (n, n)),
    (r"\nabla_{z}^2 L", HESSIAN, (n, n)),
]

MATRIX_ERRORS = [
    (r"x W", "shape mismatch in a matrix product: (m,) times (n, m) (inner sizes 1 and n differ"),
    (r"W W", "shape mismatch in a matrix product: (n, m) times (n, m)"),
    (r"W + x", "shape mismatch in a sum: (n, m) and (m,)"),
    (r"s \odot x", r"shape mismatch in \odot: (n,) and (m,)"),
    # a matrix's bare norm is spectral in some texts and Frobenius in others (a probe had it read as Frobenius)
    (r"\|W\|^2", "Frobenius norm of a matrix, _F"),
    (r"\lVert W \rVert_2", "Frobenius norm of a matrix, _F"),
    (r"s \odot x W", r"shape mismatch in \odot: (n,) and (m,)"),  # neither reading fits: the first error
    # both readings fit (diag(s) is square): (D ⊙ D) s and D ⊙ (D s) … differ, and neither is guessed
    # a second probe: with three factors after ⊙, (s ⊙ D) s sᵀ and s ⊙ (D s) sᵀ… were not all compared
    (r"\operatorname{diag}(s) \odot W W^\top \operatorname{diag}(s)", r"cannot read \odot (ambiguous: more than one of"),
    (r"\operatorname{diag}(s) \odot \operatorname{diag}(s) s s^\top", r"cannot read \odot (ambiguous: more than one of (a \odot B) c, a \odot (B c)"),
    (r"\exp(W) + s", "shape mismatch in a sum: (n, m) and (n,)"),
    (r"W^2", "a power of a matrix (shape (n, m)) is ambiguous"),
    (r"W^{-1}", "matrix inverses are not supported"),
    (r"s \times y", r"\times between two arrays is ambiguous"),
    (r"\frac{x}{W}", "cannot divide by a matrix"),
    (r"W \otimes x", r"\otimes is the outer product of two vectors, got (n, m) and (m,)"),
    (r"\sum_i s", r"cannot read \sum_i (the range of i is unclear"),  # a sum of arrays is the array of sums
    (r"\prod_{i=1}^{n} s", r"cannot read \prod (its body is a whole array of shape (n,)"),
    (r"\sum_{i=1}^{x} y_i", "a summation limit must be one value, not a whole array of shape (m,)"),
    (r"b^{x}", "an exponent must be one value"),
    (r"\frac{\partial s}{\partial W}", "the derivative of (n,) by (n, m) would have 3 axes"),
    (r"\frac{\partial L}{\partial (W x)}", "a derivative must be taken by a quantity"),
    (r"\operatorname{diag}(W)", "diag() takes vectors, got (n, m)"),
    (r"\operatorname{tr}(W)", "trace() takes a square matrix, got (n, m)"),
    (r"(s - y)_{ij}", "expected 1 index, found 2"),
    (r"\langle x, y \rangle", "the inner product of two vectors, or two matrices, of one shape"),
    (r"|b", "cannot read '|' here"),
    (r"\begin{cases} 1 & b > 1 \\ 0 & b < 0 \end{cases}", "the cases must leave no value out"),
    (r"\begin{cases} 1 & \text{otherwise} \\ 0 & b < 0 \end{cases}", "each case but the last needs a condition"),
    (r"\sigma \circ z", "a function needs an argument here"),  # ∘ of functions (composition) is not read
    (r"\partial_z s", r"cannot read \partial of an array (ambiguous: the Jacobian or its transpose"),
    (r"x^\top \top", r"cannot read \top (a transpose is a superscript"),
    (r"\nabla_z s", r"cannot read \nabla of an array (ambiguous: the Jacobian or its transpose"),
    (r"\nabla^2_z s", r"cannot read \nabla of an array"),
    (r"\frac{\partial L}{\partial z^\top}", r"cannot read \partial z^\top (a transpose there picks a layout"),
    (r"\frac{\partial^2 L}{\partial x \partial z^\top}", r"cannot read \partial x \partial z^\top (a transpose there"),
    (r"I", r"the size of I or \mathbf{1} is unclear here"),
    (r"I + I", r"the size of I or \mathbf{1} is unclear here"),
    (r"\mathbf{1}^\top \mathbf{1}", r"the size of I or \mathbf{1} is unclear here"),
    (r"I_m - s s^\top", "shape mismatch in a sum: (m, m) and (n, n)"),
    (r"\mathbf{1} + W", "shape mismatch in a sum: (?,) and (n, m)"),
    # hostile: a chain of hundreds of products would nest Sums hundreds deep
    ("W W^\\top " * 100 + "W", "more than 16 matrix products"),
]


@pytest.mark.parametrize("latex, entry, shape", MATRIX_SNIPPETS)
def test_matrix_notation_reads_as(latex, entry, shape):
    from derive.documents.mathbuild import read_entry
    got, indices, got_shape = read_entry(latex, ctx())
    assert (got, got_shape) == (entry, shape), (got, got_shape)
    assert indices == (i, j)[:len(shape)]


@pytest.mark.parametrize("latex, message", MATRIX_ERRORS)
def test_matrix_notation_is_rejected(latex, message):
    from derive.documents.mathbuild import read_entry
    with pytest.raises(ParseError) as exc:
        read_entry(latex, ctx())
    assert message in str(exc.value) and "\n" not in str(exc.value)


def test_matrix_indices_avoid_every_name_the_text_uses():
    from derive.documents.mathbuild import read_entry
    # i, j and k are written (as summation indices), so the entry and the product take others
    got, indices, _ = read_entry(r"W x + \sum_{i} \sum_{j} \sum_{k} W_{ik} x_j y_i x_k", ctx())
    assert not {str(a) for a in indices} & {"i", "j", "k"}
    inner = [d for e in sp.preorder_traversal(got) if isinstance(e, sp.Sum) for d, *_ in e.limits]
    assert not {str(d) for d in inner} & {str(a) for a in indices}


def test_a_declared_T_is_an_exponent_not_a_transpose():
    T = sp.Symbol("T", real=True)
    scope = Scope(quantities={**AXES, "T": 0}, sizes={"n": n, "m": m})
    c = MathContext(scope, {**SHAPES, "T": ()}, {})
    assert read_math(r"b^2 T", c) == b ** 2 * T
    with pytest.raises(ParseError, match="exponent T is not allowed"):
        read_math(r"b^T", c)


def test_a_declared_I_is_the_quantity_not_the_identity():
    Iq = sp.IndexedBase("I", real=True)
    scope = Scope(quantities={**AXES, "I": 2}, sizes={"n": n, "m": m})
    c = MathContext(scope, {**SHAPES, "I": (n, n)}, {})
    from derive.documents.mathbuild import read_entry
    assert read_entry(r"I - s s^\top", c)[0] == Iq[i, j] - s[i] * s[j]


MATRIX_ROUND_TRIP = [r for r, e, _ in MATRIX_SNIPPETS if not e.has(sp.Piecewise)]


@pytest.mark.parametrize("latex", MATRIX_ROUND_TRIP)
def test_round_trip_of_a_matrix_entry(latex):
    """The entry derive checks, printed as the report's TeX, reads back as the same entry."""
    from derive.documents.mathbuild import read_entry
    from reports.texmath import tex
    entry = read_entry(latex, ctx())[0]
    assert _canon(read_math(tex(entry), ctx())) == _canon(entry), tex(entry)


def test_a_declared_multi_letter_name_is_read_in_an_upright_font():
    # Notes write a quantity named act as \mathrm{act}_s (plain act_s is the product a·c·t_s).
    scope = Scope(quantities={"act": 1, "u": 1, "b": 0}, sizes={"N": size("N")})
    c = MathContext(scope, {"act": (size("N"),), "u": (size("N"),), "b": ()})
    act, u, s_ = sp.IndexedBase("act", real=True), sp.IndexedBase("u", real=True), index("s")
    assert read_math(r"\mathrm{act}_s - \mathit{act}_s + \operatorname{H}(u_s)", c) == sp.Heaviside(u[s_])
    assert read_math(r"2 \mathrm{act}_s", c) == 2 * act[s_]
    with pytest.raises(ParseError, match=r"map it to a quantity in \[symbols\]"):
        read_math(r"\mathrm{cat}_s", c)  # not declared: still a mapping to ask for
    with pytest.raises(ParseError, match=r"unit step write \\operatorname\{H\}"):
        read_math(r"H(u_s)", c)


def test_plain_text_relations_read_as_their_macros():
    # CS231n's notes type the max gate's local gradient as 1(x >= y).
    for typed, macro in ((r"\mathbb{1}(b >= 0)", r"\mathbb{1}(b \ge 0)"), (r"\mathbb{1}[b <= 0]", r"\mathbb{1}[b \le 0]"),
                         (r"\mathbb{1}[b != 0]", r"\mathbb{1}[b \ne 0]")):
        assert read_math(typed, ctx()) == read_math(macro, ctx())
