"""What session 52's probes found: notes read or refused wrongly, each test failing on the code before its fix."""
from __future__ import annotations

from _oneline import assert_note_refused
from _checking import note_verdicts

#: A worked forward pass: its numbers hold at one point only.
FORWARD = """```derive
[inputs]
x = []
w = []
[define]
"z" = "w*x"
"h" = "z**2"
```
"""


def test_a_condition_on_a_row_of_its_own_covers_every_row_above_it(tmp_path) -> None:
    # a probe: under z = w x = 2 \\ h = z^2 = 4 \\ & \text{if } w = 1, x = 2 (two chains) the condition was the last
    # chain's alone, and the right w x = 2 was refuted
    rows = r"\begin{aligned} z &= w x = 2 \\ h &= z^2 = 4 \\ & \text{if } w = 1, \ x = 2 \end{aligned}"
    assert note_verdicts(tmp_path, FORWARD, rows) == ["proved"] * 4
    # … for as well; a wrong number above it is still refuted under it
    rows = r"\begin{aligned} z &= w x = 3 \\ h &= z^2 = 4 \\ & \text{for } w = 1, \ x = 2 \end{aligned}"
    assert note_verdicts(tmp_path, FORWARD, rows) == ["proved", "refuted", "proved", "proved"]
    # a row with a condition of its own keeps it, and the row under it takes its own
    rows = (r"\begin{aligned} z &= w x = 2 \quad \text{if } w = 2, \ x = 1 \\ h &= z^2 = 9 \\"
            r" & \text{if } w = 1, \ x = 3 \end{aligned}")
    assert note_verdicts(tmp_path, FORWARD, rows) == ["proved"] * 4
    # a condition written beside the last equation stays that row's
    rows = r"\begin{aligned} z &= w x = 2 \\ h &= z^2 = 4 \quad \text{if } w = 1, \ x = 2 \end{aligned}"
    assert note_verdicts(tmp_path, FORWARD, rows) == ["proved", "refuted", "proved", "proved"]


#: A tanh layer under a cubic loss, and a scalar p of x alone.
TANH = """```derive
[sizes]
n = "units"
[inputs]
a = ["n"]
x = []
w = []
[define]
"h[i]" = "tanh(a[i])"
"L" = "Sum(h[i]**3, (i, 1, n))"
"g" = "tanh(w*x)"
"M" = "g**2"
"p" = "x**3"
```
"""


def test_a_bracketed_difference_after_a_chain_rule_factor_multiplies_it(tmp_path, capsys) -> None:
    # a probe: \frac{\partial L}{\partial h_j} (1 - h_j^2), the chain rule as notes write it, was refused as "the
    # derivative at that point, or the derivative times it"; by an entry, or of a quantity of several inputs, it is
    # the product
    assert note_verdicts(tmp_path, TANH, r"\frac{\partial L}{\partial a_j} = \frac{\partial L}{\partial h_j} (1 - h_j^2)",
                         r"\frac{\partial L}{\partial a_j} = \frac{\partial L}{\partial h_j} \left(1 + h_j^2\right)",
                         r"\frac{\partial M}{\partial w} = \frac{\partial M}{\partial g} (1 - g^2) x") \
        == ["proved", "refuted", "proved"]
    # p' of a p of x alone at 1 - x, or at a number, stays ambiguous
    for written in (r"\frac{d p}{d x}(1 - x) = 3 (1 - x)^2", r"\frac{\partial L}{\partial h_j}(0) = 0"):
        assert_note_refused(tmp_path, capsys, TANH, written, "after a derivative (ambiguous: the derivative at that point")


def test_a_declared_T_after_a_vector_or_matrix_is_refused_as_power_or_transpose(tmp_path, capsys) -> None:
    # a probe: with T a size (time steps) σ(a)^T \cdot v was read as σ(a) to the power T and the right inner product
    # refuted; with T a temperature exp(z/T)^T \cdot v = Σ e^z v was proved
    head = ('```derive\ngiven = ["g > 0"]\n[sizes]\nT = "time steps"\n[inputs]\na = ["T"]\nv = ["T"]\ng = []\n'
            '[define]\n"G" = "Sum(sigmoid(a[t])*v[t], (t, 1, T))"\n```\n')
    for written in (r"G = \sigma(a)^T \cdot v", r"G = \sigma(a)^{T} v"):
        assert_note_refused(tmp_path, capsys, head, written, "cannot read ^T (T is a declared name here, so ^T is a "
                                                             "power of this vector to the letter")
    # the transpose written \top, and a scalar's power to T, are read
    assert note_verdicts(tmp_path, head, r"G = \sigma(a)^\top v", r"g^T = \exp(T \log g)") == ["proved", "proved"]


#: BPTT's two steps of a scalar recurrence.
RECURRENCE = """```derive
[inputs]
w = []
h0 = []
[define]
"h1" = "tanh(w*h0)"
"h2" = "tanh(w*h1)"
[symbols]
'h_0' = "h0"
'h_1' = "h1"
'h_2' = "h2"
```
"""


def test_d_and_partial_of_one_pair_in_one_display_are_refused(tmp_path, capsys) -> None:
    # a probe: BPTT's dh2/dw = ∂h2/∂w + ∂h2/∂h1 dh1/dw (∂ holding h1 fixed) was refuted, d and ∂ read alike, and the
    # student's dh2/dw = ∂h2/∂w proved
    for written in (r"\frac{d h_2}{d w} = \frac{\partial h_2}{\partial w}",
                    r"\frac{\mathrm{d}h_2}{\mathrm{d}w} = \frac{\partial h_2}{\partial w} + \frac{\partial h_2}{\partial h_1} \frac{d h_1}{d w}",
                    r"\frac{\partial h_2}{\partial w} = \frac{dh_2}{dw}",
                    # a re-probe: spellings that escaped a reading of the text
                    r"\frac{\mathrm d h_2}{\mathrm d w} = \frac{\partial h_2}{\partial w}",
                    r"\frac{d}{d w} h_2 = \partial_w h_2", r"{d h_2 \over d w} = {\partial h_2 \over \partial w}",
                    r"\frac{dh_2}{dw} = \frac{\partial h_2}{\partial \mathbf{w}}"):
        assert_note_refused(tmp_path, capsys, RECURRENCE, written,
                            r"cannot read the derivative of h2 by w written with both d and \partial in one display: it "
                            r"reads w also through h1, and derive reads d and \partial alike")
    # d and ∂ of different pairs in one display stay read, and so does an operator
    assert note_verdicts(tmp_path, RECURRENCE,
                         r"\frac{dh_2}{dw} = \frac{\partial h_2}{\partial h_1} \frac{dh_1}{dw} + (1 - h_2^2) h_1",
                         r"\frac{d}{dw} h_2 = \frac{d h_2}{d w}",
                         # h1 reads w directly only: d and ∂ agree (a re-probe: refused as holding something fixed)
                         r"\frac{d h_1}{d w} = \frac{\partial h_1}{\partial w} = (1 - h_1^2) h_0") == ["proved"] * 4
    # … and so they do for a quantity reading the variable only through another (a re-probe: L = z², z = 2x refused)
    head = '```derive\n[inputs]\nx = []\n[define]\n"z" = "2*x"\n"L" = "z**2"\n```\n'
    assert note_verdicts(tmp_path, head, r"\frac{d L}{d x} = \frac{\partial L}{\partial x} = 8 x") == ["proved"] * 2


#: The center loss: each sample pulled towards its class's center.
CENTERS = """```derive
[sizes]
m = "batch"
d = "dims"
C = "classes"
[inputs]
x = ["m", "d"]
c = ["C", "d"]
[labels]
y = { shape = ["m"], range = "C" }
[define]
"L" = "Sum(Sum((x[i, k] - c[y[i], k])**2, (k, 1, d)), (i, 1, m))/2"
```
"""


def test_a_row_tagged_with_a_per_sample_label_is_the_row_at_that_label(tmp_path, capsys) -> None:
    # a probe: the center loss's c^{(y_i)} was refused as "a power of a matrix", and c_{y_i} told to write ^{(i)}
    assert note_verdicts(tmp_path, CENTERS, r"L = \frac{1}{2} \sum_{i=1}^{m} \| x^{(i)} - c^{(y_i)} \|^2",
                         r"L = \frac{1}{2} \sum_{i=1}^{m} \| x^{(i)} - c^{(y^{(i)})} \|^2",
                         r"L = \sum_{i=1}^{m} \| x^{(i)} - c^{(y_{i})} \|^2") == ["proved", "proved", "refuted"]


def test_an_entry_past_a_sizes_smallest_value_says_how_to_fix_the_size(tmp_path, capsys) -> None:
    # a probe: x_2 under \text{if } n = 2 was refused as "may be out of range" with no way out named
    head = '```derive\n[sizes]\nn = "hidden"\n[inputs]\nx = ["n"]\n[define]\n"r" = "Sum(x[k]**2, (k, 1, n))"\n```\n'
    assert_note_refused(tmp_path, capsys, head, r"r = x_1^2 + x_2^2",
                        "index 2 may be out of range for x axis 1 (size n) (for a claim at a fixed size, fix it in "
                        "the derive block's [sizes]: n = 2")
    # (since session 55 a condition keeping n ≥ 2 settles the entry: checked where it holds, at n = 2)
    got = note_verdicts(tmp_path, head, r"r = x_1^2 + x_2^2 \quad \text{if } n = 2",
                        r"r = x_1^2 + 2 x_2^2 \quad \text{if } n = 2")
    assert got[0] != "refuted" and got[1] == "refuted"
    assert note_verdicts(tmp_path, head.replace('n = "hidden"', "n = 2"), r"r = x_1^2 + x_2^2") == ["proved"]


#: A strided 1-D convolution (stride 2) under a linear loss.
STRIDED = """```derive
[sizes]
n = "outputs"
K = "taps"
[inputs]
x = ["2*n + K - 2"]
w = ["K"]
g = ["n"]
[define]
"y[i]" = "Sum(w[k]*x[2*i + k - 2], (k, 1, K))"
"L" = "Sum(g[i]*y[i], (i, 1, n))"
```
"""


def test_a_stride_in_a_subscript_is_a_whole_factor_of_its_index(tmp_path) -> None:
    # a probe: x_{2i+k-2} was refused ("unknown symbol 'k'"), where x_{i+i+k-2} was proved
    assert note_verdicts(tmp_path, STRIDED, r"\frac{\partial L}{\partial w_k} = \sum_{i=1}^{n} g_i x_{2i+k-2}",
                         r"\frac{\partial L}{\partial w_k} = \sum_{i=1}^{n} g_i x_{i+k-1}",
                         r"y_i = \sum_{k=1}^{K} w_k x_{2i+k-2}") == ["proved", "refuted", "proved"]
    # a number of two digits stays one number
    head = '```derive\n[sizes]\nn = "n"\n[inputs]\nx = ["n + 12"]\n[define]\n"y[i]" = "x[i + 12]"\n```\n'
    assert note_verdicts(tmp_path, head, "y_i = x_{i+12}", "y_i = x_{i+11}") == ["proved", "refuted"]


def test_a_tagged_row_transposed_with_a_declared_T_and_a_label_row_say_how_to_write_them(tmp_path, capsys) -> None:
    # a re-probe: X^{(i)T} beside a temperature T was "a power of a matrix", and c_{y_i} was told to write ^{(i)}
    head = ('```derive\n[sizes]\nm = "batch"\nd = "dims"\n[inputs]\nX = ["m", "d"]\nw = ["d"]\nT = []\n[define]\n'
            '"s" = "Sum(Sum(X[i, k]*w[k], (k, 1, d)), (i, 1, m))"\n```\n')
    assert_note_refused(tmp_path, capsys, head, r"s = \sum_{i=1}^{m} X^{(i)T} w",
                        r"cannot read ^{(i)T} (T is a declared name here, so ^T is a power to the letter and a "
                        r"transpose to a reader: write ^{(i)\top} for a transpose)")
    assert note_verdicts(tmp_path, head, r"s = \sum_{i=1}^{m} X^{(i)\top} w") == ["proved"]
    assert_note_refused(tmp_path, capsys, CENTERS, r"L = \frac{1}{2} \sum_{i=1}^{m} \| x^{(i)} - c_{y_i} \|^2",
                        "(expected 2 indices, found 1; the row at the label y_i is written ^{(y_i)})")


def test_a_symbolic_power_after_a_function_is_its_values(tmp_path, capsys) -> None:
    # a re-probe: \exp(b)^{\tau} was refused ("needs a base that is positive"), the power taken of b inside it
    head = '```derive\ngiven = ["t > 0"]\n[inputs]\nb = []\nt = []\n```\n'
    assert note_verdicts(tmp_path, head, r"\exp(b)^{t} = \exp(t b)", r"\exp(b)^{t} = \exp(b)",
                         r"\exp(b)^2 = \exp(2 b)") == ["proved", "refuted", "proved"]
    # with no function before the brackets the power is b's, and refused as before
    assert_note_refused(tmp_path, capsys, head, r"(b)^{t} = b", "exponent t is not allowed here")


#: A discounted return over T steps.
RETURN = """```derive
given = ["gamma > 0", "gamma < 1"]
[sizes]
T = "steps"
[inputs]
r = ["T"]
gamma = []
[define]
"G" = "Sum(gamma**(l - 1)*r[l], (l, 1, T))"
"q[t]" = "gamma**(t - 1)*r[t]"
```
"""


def test_an_index_free_in_the_equation_or_the_definition_stands_as_a_value(tmp_path, capsys) -> None:
    # a probe: a discount γ^{t−1} was refused in a definition ("undefined quantity 't'") and in a claim
    # (\gamma^{j-1} beside ∂G/∂r_j: "unknown symbol 'j'")
    assert note_verdicts(tmp_path, RETURN, r"\frac{\partial G}{\partial r_j} = \gamma^{j-1}",
                         r"\frac{\partial G}{\partial r_j} = \gamma^{j}", r"G = \sum_{t=1}^{T} q_t",
                         r"q_t = \gamma^{t-1} r_t", r"q_t = \gamma^{t} r_t") \
        == ["proved", "refuted", "proved", "proved", "refuted"]
    # a letter free nowhere else stays unknown
    assert_note_refused(tmp_path, capsys, RETURN, r"G = \gamma^{j-1}", "unknown symbol 'j'")


def test_a_power_after_a_functions_entry_is_the_entrys(tmp_path) -> None:
    # a re-probe: \exp(z)_i^{2} was read exp(z_i²) (proved so), the power put on the bracket's entry
    head = '```derive\n[sizes]\nn = "n"\n[inputs]\nz = ["n"]\n```\n'
    assert note_verdicts(tmp_path, head, r"\exp(z)_i^{2} = \exp(z_i^2)", r"\tanh(z)^{2}_i = \tanh(z_i^2)",
                         r"\exp(z)_i^{2} = \exp(2 z_i)",
                         r"\operatorname{softmax}(z)_i^{2} = \frac{e^{2 z_i}}{(\sum_k e^{z_k})^2}",
                         r"(z)_i^{2} = z_i z_i") == ["refuted", "refuted", "proved", "proved", "proved"]


def test_a_stride_alone_in_a_subscript_is_one_index(tmp_path) -> None:
    # a re-probe: x_{2i} of a vector was "expected 1 index, found 2", W_{2i,j} "cannot read product"
    head = ('```derive\n[sizes]\nn = "n"\nm = "m"\n[inputs]\nx = ["2*n"]\nW = ["2*n", "m"]\n[define]\n'
            '"u[i]" = "x[2*i]"\n"q[i, j]" = "W[2*i, j]"\n"r" = "x[2*n]"\n```\n')
    assert note_verdicts(tmp_path, head, "u_i = x_{2i}", "u_i = x_{2 i}", "q_{ij} = W_{2i,j}", "r = x_{2n}",
                         "u_i = x_{2i-1}") == ["proved", "proved", "proved", "proved", "refuted"]


def _tex_verdicts(tmp_path, body: str, macros: str = "") -> list[str]:
    from _checking import checked, loaded
    p = tmp_path / "paper.tex"
    p.write_text("\\documentclass{article}\n\\usepackage{amsmath}\n" + macros + "\\begin{document}\n"
                 "\\begin{derive}\n[sizes]\nn = \"n\"\n[inputs]\nx = []\ny = []\nz = [\"n\"]\n\\end{derive}\n" + body)
    (f,) = loaded(p)
    return [c.verdict for c in checked(f, 60)]


def test_amsmath_layout_and_the_end_of_the_document_are_read_as_tex_reads_them(tmp_path) -> None:
    # a probe of papers' appendices: \\* and \displaybreak were refused ("cannot read '*'"), a macro with a subscript
    # first in \frac's numerator was refused as an argument, and math after \end{document} (which TeX never reads) was
    # checked and failed the run
    body = ("\\begin{align}\n(x + y)^2 &= x^2 + 2xy + y^2 \\displaybreak[0] \\\\*\n&= x^2 + 2yx + y^2 \\\\*[2pt]\n"
            "x &= x + 1 \\displaybreak\n\\end{align}\n\\begin{equation}\n\\frac{\\vz_i + 1}{2} = \\frac{z_i + 1}{2}\n"
            "\\end{equation}\n\\end{document}\n\\begin{equation} x = y \\end{equation}\n")
    assert _tex_verdicts(tmp_path, body, "\\newcommand{\\vz}{\\mathbf{z}}\n") == ["proved", "proved", "refuted", "proved"]


def test_a_typed_eqqcolon_is_stated_and_an_operator_before_a_sign_is_told_to_bracket(tmp_path, capsys) -> None:
    # probes: m/(1 − b) =: u was refused ("cannot read ':'") where \eqqcolon is not checked; d/ds −log D was refused
    # naming \partial and a differential
    from derive.cli import main
    head = '```derive\n[inputs]\ns = []\nb = []\n[define]\n"D" = "sigmoid(s)"\n```\n'
    p = tmp_path / "n.md"
    p.write_text(head + "\n$$\n\\frac{D}{1 - b} =: u\n$$\n")
    assert main(["check", str(p), "--no-cache"]) == 0
    assert "not checked  \\frac{D}{1 - b} =: u" in capsys.readouterr().out
    assert_note_refused(tmp_path, capsys, head, r"\frac{d}{ds} -\log D = D - 1",
                        r"cannot read \frac{d}{d…} (an operator with nothing after it to take, up to the next sign: "
                        r"bracket what it differentiates")
    assert note_verdicts(tmp_path, head, r"\frac{d}{ds} \left(-\log D\right) = D - 1") == ["proved"]


#: The least-squares GAN's losses, D(x) and D(G(z)) named as notes write them.
LSGAN = """```derive
[sizes]
n = "features"
[inputs]
a = []
b = []
g = ["n"]
[define]
"Dr" = "sigmoid(a)"
"Df" = "sigmoid(b)"
"LS" = "(Dr - 1)**2/2 + Df**2/2"
[symbols]
'D(x)' = "Dr"
'D(G(z))' = "Df"
'G(z)' = "g"
'L_{LS}' = "LS"
```
"""


def test_a_bracketed_symbols_key_takes_the_scripts_after_its_brackets(tmp_path) -> None:
    # a probe: D(G(z))^2 and G(z)_k were refused ("unknown symbol 'D'") with 'D(G(z))' and 'G(z)' mapped
    assert note_verdicts(tmp_path, LSGAN, r"\frac{\partial L_{LS}}{\partial b} = D(G(z))^2 (1 - D(G(z)))",
                         r"\frac{\partial L_{LS}}{\partial b} = D(G(z))^3 (1 - D(G(z)))",
                         r"\frac{\partial}{\partial G(z)_k} \frac{1}{2} \|G(z)\|^2 = G(z)_k",
                         r"L_{LS} = \frac{1}{2} (D(x) - 1)^2 + \frac{1}{2} D(G(z))^{2}") \
        == ["proved", "refuted", "proved", "proved"]


def test_an_index_named_e_beside_a_bare_e_is_refused(tmp_path, capsys) -> None:
    # a re-probe: with e free (∂H/∂r_e), 2 e r_e read the second e as Euler's number and a right claim was refuted
    head = ('```derive\n[sizes]\nT = "steps"\n[inputs]\nr = ["T"]\n[define]\n"H" = "Sum(l*r[l]**2, (l, 1, T))"\n```\n')
    assert_note_refused(tmp_path, capsys, head, r"\frac{\partial H}{\partial r_e} = 2 e r_e",
                        "e is an index of the equation here and Euler's number beside it")
    assert note_verdicts(tmp_path, head, r"\frac{\partial H}{\partial r_j} = 2 j r_j",
                         r"\frac{\partial H}{\partial r_e} = 2 \exp(1) r_e") == ["proved", "refuted"]


def test_an_odd_stride_runs_over_the_positions_inside_its_axis(tmp_path) -> None:
    # a re-probe: x[2*i - 1] of an x of size 2n left i "no range" (n + 1/2 positions, not rounded down)
    head = '```derive\n[sizes]\nn = "n"\n[inputs]\nx = ["2*n"]\n[define]\n"y[i]" = "x[2*i - 1]"\n```\n'
    assert note_verdicts(tmp_path, head, "y_i = x_{2i-1}", "y_i = x_{2i}") == ["proved", "refuted"]


def test_end_document_in_a_definition_or_a_skipped_branch_ends_nothing(tmp_path) -> None:
    # a re-probe: \end{document} in a macro's body, or in \iffalse … \fi, ended the reading (a wrong claim dropped, or
    # "\iffalse is never closed")
    for between in ("\\newcommand{\\fin}{\\end{document}}\n", "\\iffalse\nold draft\n\\end{document}\n\\fi\n"):
        body = between + "\\begin{equation}\nx + x = 3 x\n\\end{equation}\n\\end{document}\n" \
            "\\begin{equation}\nx = y\n\\end{equation}\n"  # past the document's real end: never read
        assert _tex_verdicts(tmp_path, body) == ["refuted"]


def test_a_dollar_pair_in_prose_closes_no_display(tmp_path) -> None:
    # a probe of notebook Markdown: "open a display with $$ on its own line" paired its $$ with the display's opener,
    # and the display (a wrong claim) was read as prose: 0 claims, exit 0 even with --strict
    head = '```derive\n[inputs]\nz = []\ny = []\n[define]\n"p" = "1/(1 + exp(-z))"\n```\n'
    p = tmp_path / "n.md"
    for before, after in (("Open a display with $$ on its own line:", "and close it with $$ as well."),
                          ("## The $$ delimiter", "## Closing $$ again"), ("- use $$ to open", "- use $$ to close")):
        p.write_text(head + f"\n{before}\n\n$$\n\\frac{{\\partial p}}{{\\partial z}} = p (1 + p)\n$$\n\n{after}\n")
        from _checking import checked, loaded
        (f,) = loaded(p)
        assert [c.verdict for c in checked(f, 60)] == ["refuted"]


def test_a_constant_plus_a_square_matrix_is_refused_as_ambiguous(tmp_path, capsys) -> None:
    # a probe of Bayesian regression: ∇²E = α + βΦᵀΦ was proved with α added to every entry, where PRML means αI
    head = ('```derive\ngiven = ["alpha > 0", "beta > 0"]\n[sizes]\nN = "observations"\nM = "basis"\n[inputs]\n'
            'Phi = ["N", "M"]\nt = ["N"]\nw = ["M"]\nalpha = []\nbeta = []\n[symbols]\n\'\\Phi\' = "Phi"\n'
            '\'\\alpha\' = "alpha"\n\'\\beta\' = "beta"\n[define]\n"E" = "alpha/2*Sum(w[k]**2, (k, 1, M)) + '
            'beta/2*Sum((t[n] - Sum(w[k]*Phi[n, k], (k, 1, M)))**2, (n, 1, N))"\n```\n')
    for written in (r"\nabla^2_w E = \alpha + \beta \Phi^\top \Phi", r"\nabla^2_w E = \|w\|^2 + \beta \Phi^\top \Phi",
                    # a re-probe: Hessians in other spellings, and a chain through a name for one, escaped a reading
                    # of the text
                    r"\frac{\partial}{\partial w} \nabla_w E = \alpha + \beta \Phi^\top \Phi",
                    r"\frac{\partial \nabla_w E}{\partial w} = \alpha + \beta \Phi^\top \Phi",
                    r"\frac{d^2 E}{d w \, d w^\top} = \alpha + \beta \Phi^\top \Phi",
                    r"\nabla^2_w E = \frac{\partial}{\partial w} \nabla_w E = \alpha + \beta \Phi^\top \Phi"):
        assert_note_refused(tmp_path, capsys, head, written,
                            "beside a Hessian or a Jacobian: a scalar plus a square matrix is the scalar times the "
                            "identity to its "
                            "reader and the scalar in every entry to the letter")
    # a re-probe: away from a Hessian a scalar plus a square matrix is entry by entry (S ⊙ (1 − S), log(X + ε))
    square = ('```derive\n[sizes]\nn = "tokens"\n[inputs]\nZ = ["n", "n"]\n[define]\n"S[i, j]" = "sigmoid(Z[i, j])"\n'
              '"L" = "Sum(Sum(log(S[i, j]), (j, 1, n)), (i, 1, n))"\n```\n')
    assert note_verdicts(tmp_path, square, r"S \odot (1 - S) = S - S \odot S", r"\frac{\partial L}{\partial Z} = 1 - S",
                         r"\frac{\partial L}{\partial Z} = I - S",
                         r"\nabla_Z L + \nabla_Z L = 2 - 2 S") == ["proved", "proved", "refuted", "proved"]
    # a Hessian the block names (a quantity defined as a second derivative)
    named = head[:-4] + '"H[i, j]" = "diff(E, w[i], w[j])"\n```\n'  # [define] is the block's last table
    assert_note_refused(tmp_path, capsys, named, r"H = \alpha + \beta \Phi^\top \Phi", "beside a Hessian")
    # … or built in two steps, a derivative of the gradient (a re-probe: proved with α in every entry)
    named = head[:-4] + '"g[i]" = "diff(E, w[i])"\n"K[i, j]" = "diff(g[i], w[j])"\n```\n'
    assert_note_refused(tmp_path, capsys, named, r"K = \alpha + \beta \Phi^\top \Phi", "beside a Hessian")
    # a second derivative by a scalar, entry by entry, is no Hessian (a re-probe: refused)
    scalar = ('```derive\n[sizes]\nn = "tokens"\n[inputs]\nA = ["n", "n"]\ns = []\n[define]\n'
              '"G[i, j]" = "(1 + A[i, j])*s**2/2"\n```\n')
    assert note_verdicts(tmp_path, scalar, r"\frac{\partial^2 G}{\partial s^2} = 1 + A") == ["proved"]
    assert note_verdicts(tmp_path, head, r"\nabla^2_w E = \alpha I + \beta \Phi^\top \Phi",
                         r"\nabla^2_w E = \alpha \mathbf{1} \mathbf{1}^\top + \beta \Phi^\top \Phi") == ["proved", "refuted"]


def test_a_derivative_of_a_log_of_a_positive_value_is_evaluated_at_a_point(tmp_path, capsys) -> None:
    # a probe: the Bernoulli log-partition's slope at 0, \left.\frac{\partial \ell}{\partial \eta}\right|_{\eta=0} with
    # ℓ = log(1 + e^η) (or softplus), was refused as "not smooth on all of ℝ"
    for definition in ("log(1 + exp(eta))", "softplus(eta)"):
        head = f'```derive\n[inputs]\neta = []\n[symbols]\n\'\\eta\' = "eta"\n\'\\ell\' = "l"\n[define]\n"l" = "{definition}"\n```\n'
        assert note_verdicts(tmp_path, head, r"\left.\frac{\partial \ell}{\partial \eta}\right|_{\eta=0} = \frac{1}{2}",
                             r"\left.\frac{\partial \ell}{\partial \eta}\right|_{\eta=0} = 1") == ["proved", "refuted"]
    # a log of a value that may be negative stays refused
    head = '```derive\n[inputs]\neta = []\n[symbols]\n\'\\eta\' = "eta"\n\'\\ell\' = "l"\n[define]\n"l" = "log(2 + eta)"\n```\n'
    assert_note_refused(tmp_path, capsys, head, r"\left.\frac{\partial \ell}{\partial \eta}\right|_{\eta=0} = \frac{1}{2}",
                        "cannot read the bar")


def test_a_subscripted_name_of_another_matrix_says_to_map_it(tmp_path, capsys) -> None:
    # a probe of transformer notes: W_0 beside matrices W and W0 was told it needs two indices and ^{(i)} for a row
    head = ('```derive\n[sizes]\nm = "width"\n[inputs]\nx = ["m"]\nW0 = ["m", "m"]\nW = ["m", "m"]\n[define]\n'
            '"y[i]" = "Sum(W[i, k]*Sum(W0[k, l]*x[l], (l, 1, m)), (k, 1, m))"\n```\n')
    assert_note_refused(tmp_path, capsys, head, r"\frac{\partial y}{\partial x} = W W_0",
                        "cannot read W_0 (beside the quantities W and W0 it names either: for W0 map it in [symbols], "
                        "'W_0' = \"W0\"")
    # … a vector's entry alike (a re-probe: y = x + b_1 beside b and b1 was refuted, entry 1 of b added everywhere)
    vectors = ('```derive\n[sizes]\nm = "width"\n[inputs]\nx = ["m"]\nb = ["m"]\nb1 = ["m"]\n[define]\n'
               '"y[i]" = "x[i] + b1[i]"\n```\n')
    assert_note_refused(tmp_path, capsys, vectors, "y = x + b_1", "cannot read b_1 (beside the quantities b and b1")
    assert note_verdicts(tmp_path, head[:-4] + "[symbols]\n'W_0' = \"W0\"\n```\n",
                         r"\frac{\partial y}{\partial x} = W W_0", r"W_{ij} = W_{ij}") == ["proved", "proved"]


def test_end_document_in_a_conditional_derive_cannot_evaluate_is_refused(tmp_path, capsys) -> None:
    # a re-probe: \ifdraft \end{document} \fi (a \newif) ended the reading, and the wrong claim after it was dropped
    p = tmp_path / "paper.tex"
    p.write_text("\\documentclass{article}\n\\usepackage{amsmath}\n\\newif\\ifdraft\n\\begin{document}\n"
                 "\\begin{derive}\n[inputs]\nx = []\n\\end{derive}\n\\ifdraft\n\\end{document}\n\\fi\n"
                 "\\begin{equation}\nx + x = 3 x\n\\end{equation}\n\\end{document}\n")
    from _oneline import assert_one_line_error
    assert_one_line_error(p, 10, "cannot tell whether \\end{document} here ends the document: it stands in "
                                 "\\ifdraft … \\fi (line 9)", capsys)


def test_a_constraint_in_words_beside_math_with_no_relation_is_refused(tmp_path, capsys) -> None:
    # a probe of SVM notes: \min_{w,b} ½‖w‖² \quad \text{subject to } b \ge 1 was 0 claims, the constraint neither
    # checked nor listed as not checked (--strict passed), where the relation alone is listed
    head = '```derive\n[sizes]\nn = "features"\n[inputs]\nw = ["n"]\nb = []\n```\n'
    for words in (r"\text{subject to } b \ge 1", r"\text{s.t. } b \ge 1"):
        assert_note_refused(tmp_path, capsys, head, r"\min_{w,b} \; \frac{1}{2}\|w\|^2 \quad " + words,
                            "cannot read the relation in the words beside")
    # a re-probe: the constraint on a row of its own, or alone in a display, was dropped alike
    for display in (r"\begin{aligned} &\min_{w} \frac{1}{2}\|w\|^2 \\ &\text{s.t. } b \ge 1 \end{aligned}",
                    r"\begin{aligned} &\min_{w} \frac{1}{2}\|w\|^2 \\ &\text{since } b \ge 1 \end{aligned}",
                    r"\text{subject to } b \ge 1"):
        assert_note_refused(tmp_path, capsys, head, display, "cannot read a relation in words with no equation")
    from derive.cli import main
    p = tmp_path / "n.md"
    p.write_text(head + "\n$$\nb \\ge 1\n$$\n")
    assert main(["check", str(p), "--no-cache", "--strict"]) == 1 and "not checked  b \\ge 1" in capsys.readouterr().out


def test_tex_spelling_of_a_prime_is_a_prime(tmp_path) -> None:
    # a probe of Nielsen's BP1: \sigma^\prime(z) (TeX's own spelling of σ') was refused as "cannot read \prime"
    head = '```derive\n[inputs]\nz = []\n```\n'
    assert note_verdicts(tmp_path, head, r"\sigma^\prime(z) = \sigma(z) (1 - \sigma(z))",
                         r"\sigma^{\prime}(z) = \sigma(z)", r"\sigma^{\prime\prime}(z) = \sigma''(z)",
                         # a re-probe: a power of a braced primed function dropped the prime (σ(z)² proved)
                         r"{\sigma^{\prime}}^{2}(z) = \sigma(z)^2", r"{\sigma'}^{2}(z) = \sigma(z)^2 (1 - \sigma(z))^2") \
        == ["proved", "refuted", "proved", "refuted", "proved"]


def test_a_given_solved_outside_its_bounds_is_solved_for_another_entry(tmp_path) -> None:
    # a probe of optimizer notes: the EMA fixed point v = βv + (1 − β)g was solved for β (β = 1, outside β < 1), every
    # draw was dropped, and the wrong v = 2g stayed untested
    head = ('```derive\ngiven = ["b > 0", "b < 1", "v = b*v + (1 - b)*g"]\n[inputs]\nb = []\nv = []\ng = []\n'
            '[symbols]\n\'\\beta\' = "b"\n```\n')
    assert note_verdicts(tmp_path, head, "v = 2 g") == ["refuted"]
