"""What session 54's probes found: notes refused wrongly or told a misleading reason, each test failing on the code
before its fix."""
from __future__ import annotations

from _oneline import assert_note_refused
from _checking import note_verdicts

#: One query against n keys (rows of K), as attention notes write it: the key vector k^{(j)} is row j of K.
ATTENTION = """```derive
[sizes]
n = "keys"
d = "dim"
[inputs]
q = ["d"]
k = ["n", "d"]
u = ["n"]
[define]
"a[j]" = "Sum(q[c]*k[j, c], (c, 1, d))/sqrt(d)"
"s[j]" = "exp(a[j])/Sum(exp(a[l]), (l, 1, n))"
"L" = "Sum(u[j]*s[j], (j, 1, n))"
```
"""


def test_a_derivative_by_a_key_row_is_read(tmp_path) -> None:
    # ∂L/∂k^{(j)} was refused ("a derivative must be taken by a quantity or an entry of one"), though k^{(j)} reads
    # as row j of K everywhere else and the refusal of k_j points to it
    right = r"\frac{\partial L}{\partial k^{(j)}} = \frac{1}{\sqrt{d}} s_j \left(u_j - \sum_{l=1}^{n} s_l u_l\right) q"
    assert note_verdicts(tmp_path, ATTENTION, right, right.replace(r"\frac{1}{\sqrt{d}} ", ""),
                         right.replace("k^{(j)}", "k^{(1)}").replace("s_j", "s_1").replace("u_j", "u_1"),
                         r"\frac{\partial L}{\partial k^{(1)}} = \frac{1}{\sqrt{d}} s_1 u_1 q") \
        == ["proved", "refuted", "proved", "refuted"]


#: A gradient named as a differential in [symbols] (Karpathy's and CS231n's dy), beside the y it is the gradient of.
DIFFERENTIAL = """```derive
[sizes]
N = "features"
[inputs]
x = ["N"]
dy = ["N"]
[symbols]
'\\mathrm{d}y' = "dy"
[define]
"y[i]" = "2*x[i]"
"L" = "Sum(dy[i]*y[i], (i, 1, N))"
```
"""


def test_an_entry_of_a_key_written_as_a_differential(tmp_path) -> None:
    # \mathrm{d}y_j was refused as a stray \partial (a differential) though '\mathrm{d}y' is mapped: (dy)_j
    assert note_verdicts(tmp_path, DIFFERENTIAL, r"\frac{\partial L}{\partial y_j} = \mathrm{d}y_j",
                         r"\frac{\partial L}{\partial x_j} = \mathrm{d}y_j",
                         r"\frac{\partial L}{\partial x_j} = 2 \, \mathrm{d}y_j") == ["proved", "refuted", "proved"]


#: Logistic loss through s = σ(z): the second-order chain rule.
LOGISTIC = """```derive
[inputs]
z = []
y = []
x = []
alpha = []
[define]
"s" = "sigmoid(z)"
"L" = "-y*log(s) - (1 - y)*log(1 - s)"
"p" = "x**2"
```
"""


def test_a_derivative_in_brackets_after_a_derivative_multiplies(tmp_path, capsys) -> None:
    # (∂s/∂z)² after ∂²L/∂s² was refused as "the derivative at that point, or times it": a derivative is no point
    right = (r"\frac{\partial^2 L}{\partial z^2} = \frac{\partial^2 L}{\partial s^2} \left(\frac{\partial s}"
             r"{\partial z}\right)^2 + \frac{\partial L}{\partial s} \frac{\partial^2 s}{\partial z^2}")
    assert note_verdicts(tmp_path, LOGISTIC, right, right.replace(r"\right)^2", r"\right)")) == ["proved", "refuted"]
    # a point stays ambiguous, and the message quotes it as written (\alpha x, never \alphax)
    assert_note_refused(tmp_path, capsys, LOGISTIC, r"\frac{dp}{dx}(\alpha x) = 0",
                        r"cannot read (\alpha x) after a derivative")


#: A Poisson rate with an exposure t given positive, λ = t e^{wx}, as the base of a symbolic power.
EXPOSURE = """```derive
given = ["t > 0", "y >= 0"]
[inputs]
w = []
x = []
y = []
t = []
[define]
"lam" = "t*exp(w*x)"
"Lik" = "exp(-lam)*lam**y"
[symbols]
'\\lambda' = "lam"
```
"""


def test_a_defined_base_is_positive_through_its_definition_inputs(tmp_path) -> None:
    # "exponent y is not allowed here": λ = t e^{wx} with t > 0 was not known positive (only 2 e^{wx} was)
    assert note_verdicts(tmp_path, EXPOSURE, r"\frac{\partial \log \mathrm{Lik}}{\partial w} = (y - \lambda) x",
                         r"\frac{\partial \log \mathrm{Lik}}{\partial w} = (y - \lambda)") == ["proved", "refuted"]
    # an input whose sign is not given stays refused as the base
    assert "exponent y is not allowed here" in _refusal(tmp_path, EXPOSURE.replace('"t > 0", ', ""))


def _refusal(tmp_path, head: str) -> str:
    from derive.cli import main
    import contextlib
    import io
    p = tmp_path / "refused.md"
    p.write_text(head + "\n$$\nL = 0\n$$\n")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["check", str(p)]) == 2
    return err.getvalue()


#: Cumulative probabilities up to each sample's ordinal label.
ORDINAL = """```derive
[sizes]
N = "samples"
K = "classes"
[inputs]
p = ["N", "K"]
[labels]
y = { shape = ["N"], range = "K" }
```
"""


def test_a_per_sample_label_as_a_sum_limit(tmp_path, capsys) -> None:
    # Σ_{k=1}^{y_i} p_{ik} was refused: "runs over 1..y[i], outside p axis 2", though y_i is in 1..K
    lhs = r"\sum_{k=1}^{K} \mathbb{1}\{k \le y_i\} p_{ik} = "
    assert note_verdicts(tmp_path, ORDINAL, lhs + r"\sum_{k=1}^{y_i} p_{ik}", lhs + r"\sum_{k=1}^{y_i - 1} p_{ik}") \
        == ["unproved", "refuted"]
    assert_note_refused(tmp_path, capsys, ORDINAL, lhs + r"\sum_{k=1}^{y_i + 1} p_{ik}",
                        "summation index k runs over 1..y[i] + 1, outside p axis 2")


#: Reward to go and a cumulative sum: definitions whose own index is only a sum's limit.
RETURNS = """```derive
given = ["gamma > 0"]
[sizes]
T = "steps"
[inputs]
r = ["T"]
gamma = []
[define]
"G[t]" = "Sum(gamma**(u - t)*r[u], (u, t, T))"
"c[t]" = "Sum(r[k], (k, 1, t))"
```
"""


def test_a_definition_index_met_only_as_a_sum_limit_runs_over_the_axis(tmp_path) -> None:
    # "free index t has no range (it indexes no quantity)": G_t = Σ_{u=t}^{T} γ^{u−t} r_u was refused
    assert note_verdicts(tmp_path, RETURNS, r"\frac{\partial G_t}{\partial r_u} = \gamma^{u - t} \mathbb{1}[u \ge t]",
                         r"\frac{\partial G_t}{\partial r_u} = \gamma^{u - t}",
                         r"\frac{\partial c_t}{\partial r_k} = \mathbb{1}[k \le t]",
                         r"\frac{\partial c_t}{\partial r_k} = \mathbb{1}[k < t]") \
        == ["unproved", "refuted", "unproved", "refuted"]
    # a limit that leaves the axis for some t is still bad input
    assert "runs over 1..t + 1, outside r axis 1" in _refusal(tmp_path, RETURNS.replace('(k, 1, t)', '(k, 1, t + 1)'))


#: A policy's log-density named with its conditioning bar in [symbols].
POLICY = """```derive
given = ["sigma > 0"]
[inputs]
a = []
mu = []
sigma = []
[define]
"lp" = "-(a - mu)**2/(2*sigma**2) - log(sigma) - log(2*pi)/2"
[symbols]
'\\log \\pi(a \\mid s)' = "lp"
```
"""


def test_a_symbols_key_with_a_conditioning_bar(tmp_path) -> None:
    # the key with \mid was accepted but never matched: "unknown symbol 's' … or map it in [symbols]"
    assert note_verdicts(tmp_path, POLICY, r"\nabla_\mu \log \pi(a \mid s) = \frac{a - \mu}{\sigma^2}",
                         r"\nabla_\mu \log \pi(a \mid s) = a - \mu") == ["proved", "refuted"]


def test_a_claim_whose_shapes_agree_only_under_its_size_condition_fails_the_run_untested(tmp_path, capsys) -> None:
    # ∂tr(XᵀB)/∂X = Bᵀ under \text{if } m = n (the gradient is B) came out unproved with "0 points tried", exit 0:
    # no point was ever tried, so it is untested, which fails the run
    from derive.cli import main
    p = tmp_path / "square.md"
    p.write_text('```derive\n[sizes]\nm = "rows"\nn = "cols"\n[inputs]\nX = ["m", "n"]\nB = ["m", "n"]\n```\n\n'
                 '$$\n\\frac{\\partial \\operatorname{tr}(X^\\top B)}{\\partial X} = B^\\top \\quad \\text{if } m = n\n$$\n')
    assert main(["check", "--no-cache", str(p)]) == 1
    out = capsys.readouterr().out
    assert "unproved" in out and "untested: no point was tried" in out and "write one size for both" in out, out


#: A quadratic form, as the Matrix Cookbook's trace trick writes it.
QUADRATIC = """```derive
[sizes]
n = "n"
[inputs]
A = ["n", "n"]
x = ["n"]
```
"""


def test_the_trace_of_a_scalar_is_the_scalar(tmp_path) -> None:
    # x^\top A x = \operatorname{tr}(x^\top A x) was refused: "trace() takes a square matrix, got a scalar"
    assert note_verdicts(tmp_path, QUADRATIC, r"x^\top A x = \operatorname{tr}(x^\top A x) = \operatorname{tr}(A x x^\top)",
                         r"x^\top A x = \operatorname{tr}(x x^\top A^\top A)") == ["proved", "proved", "refuted"]


#: Max pooling after a ReLU: in a window whose inputs are all negative every entry ties at 0.
POOLED = """```derive
[sizes]
P = "windows"
n = "entries"
[inputs]
X = ["P", "n"]
[define]
"A[b, k]" = "relu(X[b, k])"
"p[b]" = "Max(A[b, k], (k, 1, n))"
```
"""


def test_a_maximum_whose_terms_tie_on_a_region_proves_nothing_by_its_indicators(tmp_path) -> None:
    # ∂p_b/∂A_bj = 1[A_bj = p_b] was proved "almost everywhere, where terms tie not asserted", also under
    # max_k X_bk < 0, where every entry ties (Σ_j of the right side is n there; the slopes do not exist)
    assert note_verdicts(tmp_path, POOLED,
                         r"\sum_j \frac{\partial p_b}{\partial A_{bj}} = \sum_j \mathbb{1}[A_{bj} = p_b] \quad "
                         r"\text{if } \max_k X_{bk} < 0",
                         r"\frac{\partial p_b}{\partial A_{bj}} = \mathbb{1}[A_{bj} = p_b]",
                         r"\frac{\partial p_b}{\partial A_{bj}} = 0 \quad \text{if } \max_k X_{bk} < 0") \
        == ["unproved", "unproved", "refuted"]
    # a maximum of the inputs themselves ties only on a null set: still proved
    plain = POOLED.replace('"A[b, k]" = "relu(X[b, k])"', '"A[b, k]" = "2*X[b, k]"')
    assert note_verdicts(tmp_path, plain, r"\frac{\partial p_b}{\partial A_{bj}} = \mathbb{1}[A_{bj} = p_b]") \
        == ["proved"]


def test_a_maximum_tied_by_a_given_proves_nothing_by_its_indicators(tmp_path) -> None:
    p = tmp_path / "tie.derive.toml"
    p.write_text('given = ["z[1] = z[2]"]\n[sizes]\nn = 3\n[inputs]\nz = ["n"]\n[define]\n'
                 '"M" = "Max(z[k], (k, 1, n))"\n[[claim]]\nname = "place"\n'
                 'eq = "diff(M, z[j]) = where(z[j] == M, 1, 0)"\n')
    from _checking import claims_of
    assert [c.verdict for c in claims_of(p, 60)] == ["unproved"]
    p.write_text(p.read_text().replace('given = ["z[1] = z[2]"]\n', ""))
    assert [c.verdict for c in claims_of(p, 60)] == ["proved"]


def test_a_label_or_an_outer_index_as_a_sum_limit_gives_ranges(tmp_path) -> None:
    # "free index i has no range" (i only in a limit's label entry y_i), and Σ_{s=t}^{T} Σ_{k=1}^{s} refused as a
    # range that may be empty backwards (s's own range leans on t, which has its range later)
    head = ('```derive\n[sizes]\nN = "samples"\nK = "classes"\n[inputs]\ntheta = ["K"]\n[labels]\n'
            'y = { shape = ["N"], range = "K" }\n[symbols]\n\'\\theta\' = "theta"\n```\n')
    assert note_verdicts(tmp_path, head, r"\frac{\partial}{\partial \theta_1} \sum_{k=1}^{y_i} \theta_k = 1",
                         r"\frac{\partial}{\partial \theta_K} \sum_{k=1}^{y_i} \theta_k = 1") == ["proved", "refuted"]
    nested = RETURNS.replace('```\n', '"D[t]" = "Sum(c[s], (s, t, T))"\n```\n', 1)
    assert note_verdicts(tmp_path, nested, r"r_t + D_t = r_t + \sum_{s=t}^{T} \sum_{k=1}^{s} r_k",
                         r"r_t + D_t = r_t + \sum_{s=t}^{T} \sum_{k=2}^{s} r_k") == ["proved", "refuted"]


#: Label smoothing: targets (1 − ε) y + ε/K, y one-hot (Σ y = 1 given only as a row's reason).
SMOOTHED = """```derive
[sizes]
K = "classes"
[inputs]
z = ["K"]
y = ["K"]
eps = []
[define]
"q[i]" = "(1 - eps)*y[i] + eps/K"
"s[i]" = "exp(z[i]) / Sum(exp(z[j]), (j, 1, K))"
"L" = "-Sum(q[i]*log(s[i]), (i, 1, K))"
[symbols]
'\\varepsilon' = "eps"
```
"""


def test_a_reason_in_one_row_and_a_condition_in_another(tmp_path, capsys) -> None:
    # refused: "cannot read the condition beside <row 1> with the words beside it: '\quad \text{by the chain rule}'",
    # though the condition is row 2's (words beside a condition in its own row may widen it; not another row's)
    chain = (r"\begin{aligned} \frac{\partial L}{\partial z_j} &= s_j \sum_{i} q_i - q_j \quad \text{by the chain rule} "
             r"\\ &= s_j - q_j \quad \text{since } \sum_i y_i = 1 \end{aligned}")
    assert note_verdicts(tmp_path, SMOOTHED, chain) == ["proved", "proved"]
    assert note_verdicts(tmp_path, SMOOTHED, chain.replace("s_j - q_j", "s_j - y_j")) == ["proved", "refuted"]
    # in one row, words beside a condition still stop the note
    assert_note_refused(tmp_path, capsys, SMOOTHED, r"\frac{\partial L}{\partial z_j} = s_j - q_j \quad \text{since } "
                        r"\sum_i y_i = 1 \quad \text{by the chain rule}", "with the words beside it")


def test_an_offset_kept_inside_its_axis_by_the_claims_condition(tmp_path, capsys) -> None:
    # G_t = r_t + γ G_{t+1} \quad \text{for } t < T was refused: "index t + 1 may be out of range for G axis 1"
    head = RETURNS.replace('"c[t]" = "Sum(r[k], (k, 1, t))"\n', "").replace("[symbols]\n", "") \
        .replace("```\n", "[symbols]\n'\\gamma' = \"gamma\"\n```\n", 1)
    assert note_verdicts(tmp_path, head, r"G_t = r_t + \gamma G_{t+1} \quad \text{for } t < T",
                         r"G_t = r_t + \gamma G_{t+1} \quad \text{for } 1 \le t \le T - 1",
                         r"G_t = r_t + G_{t+1} \quad \text{for } t < T") == ["proved", "proved", "refuted"]
    for wide in (r"\quad \text{for } t \le T", "", r"\quad \text{if } t < T \text{ or } t = T"):
        assert_note_refused(tmp_path, capsys, head, r"G_t = r_t + \gamma G_{t+1} " + wide,
                            "index t + 1 may be out of range for G axis 1 (size T)")
    # the file format's when, alike
    from _checking import claims_of
    p = tmp_path / "g.derive.toml"
    p.write_text('given = ["gamma > 0"]\n[sizes]\nT = "steps"\n[inputs]\nr = ["T"]\ngamma = []\n[define]\n'
                 '"G[t]" = "Sum(gamma**(u - t)*r[u], (u, t, T))"\n[[claim]]\nname = "recursion"\n'
                 'eq = "G[t] = r[t] + gamma*G[t + 1]"\nwhen = "t < T"\n')
    assert [c.verdict for c in claims_of(p, 60)] == ["proved"]
    # an offset on the left side too (its indices were read again there, unbounded)
    p.write_text(p.read_text() + '[[claim]]\nname = "difference"\neq = "G[t+1] - G[t] = G[t+1] - G[t]"\nwhen = "t < T"\n')
    assert [c.verdict for c in claims_of(p, 60)] == ["proved", "proved"]


#: Skip-gram with a full softmax: outside vectors as the columns of U, the centre vector v_c, the outside word o.
SKIPGRAM = """```derive
[sizes]
V = "vocabulary"
d = "dim"
[inputs]
U = ["d", "V"]
vc = ["d"]
[labels]
o = "V"
[symbols]
'v_c' = "vc"
'u_o' = "uo"
'\\hat{y}' = "yhat"
[define]
"s[w]" = "Sum(U[k, w]*vc[k], (k, 1, d))"
"yhat[w]" = "exp(s[w]) / Sum(exp(s[x]), (x, 1, V))"
"uo[k]" = "U[k, o]"
"J" = "-log(yhat[o])"
```
"""


def test_a_whole_axis_in_a_subscript_is_a_column(tmp_path, capsys) -> None:
    # U_{\cdot w} was read as U at an index named "cdot" (a right gradient refuted, a vector added to an entry)
    right = r"\frac{\partial J}{\partial v_c} = -u_o + \sum_{w=1}^{V} \hat{y}_w U_{\cdot w}"
    assert note_verdicts(tmp_path, SKIPGRAM, right, right.replace(r"U_{\cdot w}", r"U_{\cdot o}"),
                         right.replace(r"\cdot", r"\bullet"), r"\frac{\partial J}{\partial U_{\cdot o}} = (\hat{y}_o - 1) v_c",
                         r"\frac{\partial J}{\partial U_{\cdot o}} = \hat{y}_o v_c") \
        == ["proved", "refuted", "proved", "proved", "refuted"]
    # any other control word in a subscript is no index
    assert_note_refused(tmp_path, capsys, SKIPGRAM, right.replace(r"\cdot", r"\ast"), r"cannot read \ast in a subscript")
    assert_note_refused(tmp_path, capsys, SKIPGRAM, r"\hat{y}_{\cdot} = \hat{y}", r"cannot read \cdot in a subscript")


def test_a_shared_condition_on_an_index_and_a_size_is_the_other_equations_alone(tmp_path) -> None:
    # G_T = r_T, \quad G_t = r_t + γ G_{t+1} \quad \text{for } t < T: the condition (on t and the size T) reached G_T = r_T,
    # which has no t ("unknown symbol 't'"); a relation of indices alone was already the other equation's
    head = RETURNS.replace('"c[t]" = "Sum(r[k], (k, 1, t))"\n', "").replace("```\n", "[symbols]\n'\\gamma' = \"gamma\"\n```\n", 1)
    assert note_verdicts(tmp_path, head, r"G_T = r_T, \quad G_t = r_t + \gamma G_{t+1} \quad \text{for } t < T",
                         r"G_T = r_T, \quad G_t = r_t + G_{t+1} \quad \text{for } t \le T - 1") \
        == ["unproved", "proved", "unproved", "refuted"]


def test_a_number_as_a_sums_limit_over_a_sized_axis_says_to_write_the_size(tmp_path, capsys) -> None:
    # Σ_{k=1}^{2} over y of n3 entries (a student's "2 output neurons"): refused without saying what to write
    head = ('```derive\n[sizes]\nn2 = "hidden"\nn3 = "outputs"\n[inputs]\na2 = ["n2"]\nw3 = ["n3", "n2"]\nb3 = ["n3"]\n'
            'y = ["n3"]\n[define]\n"z3[j]" = "Sum(w3[j, k]*a2[k], (k, 1, n2)) + b3[j]"\n'
            '"C" = "Sum((z3[j] - y[j])**2, (j, 1, n3)) / 2"\n[symbols]\n\'a^{2}\' = "a2"\n\'w^{3}\' = "w3"\n'
            '\'z^{3}\' = "z3"\n```\n')
    assert_note_refused(tmp_path, capsys, head, r"\frac{\partial C}{\partial a^{2}_j} = \sum_{k=1}^{2} w^{3}_{kj} (z^{3}_k - y_k)",
                        "outside y axis 1 (size n3) (for the whole axis write its size, n3; for a claim at a fixed "
                        "size, fix it in the derive block's [sizes]: n3 = 2)")
    assert note_verdicts(tmp_path, head, r"\frac{\partial C}{\partial a^{2}_j} = \sum_{k=1}^{n3} w^{3}_{kj} (z^{3}_k - y_k)") \
        == ["proved"]


def test_a_transpose_beside_a_whole_axis_is_refused_as_ambiguous(tmp_path, capsys) -> None:
    # W^\top_{\cdot j} · x = (Wᵀx)_j was proved, reading the column of W transposed, where W^\top_{ij} is (Wᵀ)_ij:
    # by that rule W^\top_{\cdot j} is column j of Wᵀ, and the claim is wrong
    head = ('```derive\n[sizes]\nn = "width"\n[inputs]\nW = ["n", "n"]\nx = ["n"]\n[define]\n'
            '"z[i]" = "Sum(W[i, j]*x[j], (j, 1, n))"\n```\n')
    for written in (r"W^\top_{\cdot j} \cdot x = (W^\top x)_j", r"W_{\cdot j}^\top x = (W^\top x)_j",
                    r"W^\top_{j,\cdot} x = z_j"):
        assert_note_refused(tmp_path, capsys, head, written, "ambiguous: a slice of the transpose, or the slice transposed")
    assert note_verdicts(tmp_path, head, r"\left(W_{\cdot j}\right)^\top x = (W^\top x)_j",
                         r"\left(W_{\cdot j}\right)^\top x = z_j") == ["proved", "refuted"]


def test_a_transposed_bracket_read_at_an_entry_is_the_transposes_entry(tmp_path) -> None:
    # (A B)^\top_{ij} was read as (A B)_{ij} (the transpose of an entry that was no name dropped): wrong claims proved
    head = '```derive\n[sizes]\nn = "n"\n[inputs]\nA = ["n", "n"]\nB = ["n", "n"]\nx = ["n"]\ny = ["n"]\n```\n'
    assert note_verdicts(tmp_path, head, r"(A B)^\top_{ij} = \sum_k A_{ik} B_{kj}", r"(A B)^\top_{ij} = \sum_k A_{jk} B_{ki}",
                         r"(A B)_{ij}^\top = \sum_k A_{jk} B_{ki}", r"(x y^\top)^\top_{ij} = x_i y_j",
                         r"(x y^\top)^\top_{ij} = y_i x_j", r"(A^\top)^\top_{ij} = A_{ij}", r"(A^\top)^\top_{ij} = A_{ji}",
                         r"\exp(A)^\top_{ij} = \exp(A_{ij})", r"\exp(A)^\top_{ij} = \exp(A_{ji})") \
        == ["refuted", "proved", "proved", "refuted", "proved", "proved", "refuted", "refuted", "proved"]


def test_a_kink_met_where_the_givens_hold(tmp_path) -> None:
    # max(x, b) = b given b > 20 was unproved (a wrong claim passing the run): the draws onto the kink moved b onto x,
    # near 0, which broke the given, so every one was skipped, and no draw had x > b
    from _checking import claims_of
    p = tmp_path / "k.derive.toml"
    p.write_text('given = ["b > 20"]\n[inputs]\nb = []\nx = []\n[define]\n"a" = "relu(x - b)"\n'
                 '[[claim]]\nname = "max"\neq = "max(x, b) = b"\n[[claim]]\nname = "slope"\neq = "diff(a, x) = 0"\n'
                 '[[claim]]\nname = "right slope"\neq = "diff(a, x) = where(x > b, 1, 0)"\n')
    assert [c.verdict for c in claims_of(p, 60)] == ["refuted", "refuted", "proved"]


def test_an_entry_of_a_numbered_name_written_without_a_comma(tmp_path, capsys) -> None:
    # w_{0j} with 'w_0' mapped (a prior mean) crashed the load ("internal error while loading: AttributeError")
    head = ('```derive\n[sizes]\nd = "features"\n[inputs]\nw = ["d"]\nw0 = ["d"]\n[define]\n'
            '"R" = "Sum((w[k] - w0[k])**2, (k, 1, d)) / 2"\n[symbols]\n\'w_0\' = "w0"\n```\n')
    assert note_verdicts(tmp_path, head, r"\frac{\partial R}{\partial w_j} = w_j - w_{0j}",
                         r"\frac{\partial R}{\partial w_j} = w_j - 2 w_{0 j}") == ["proved", "refuted"]
    assert_note_refused(tmp_path, capsys, head.replace("[symbols]\n'w_0' = \"w0\"\n", ""),
                        r"\frac{\partial R}{\partial w_j} = w_j - w_{0j}", "cannot read _{0j} (expected 1 index")


def test_each_kink_of_one_input_is_met(tmp_path) -> None:
    # ∂b/∂x = 0 for b = relu(|x| − 60) was unproved: the draws onto |x| − 60 were moved on to |x|'s own kink at 0
    from _checking import claims_of
    p = tmp_path / "k.derive.toml"
    p.write_text('given = ["d > 1000"]\n[inputs]\nx = []\nr = []\nd = []\n[define]\n"b" = "relu(abs(x) - 60)"\n'
                 '"h" = "where(abs(r) <= d, r**2/2, d*abs(r) - d**2/2)"\n'
                 '[[claim]]\nname = "b"\neq = "diff(b, x) = 0"\n[[claim]]\nname = "h"\neq = "diff(h, r) = r"\n'
                 '[[claim]]\nname = "h right"\neq = "diff(h, r) = where(abs(r) <= d, r, d*sign(r))"\n')
    assert [c.verdict for c in claims_of(p, 60)] == ["refuted", "refuted", "proved"]


def test_an_offset_in_a_sum_whose_range_leans_on_a_bounded_index(tmp_path, capsys) -> None:
    # the left edge of a convolution's input gradient, Σ_{k=1}^{j} w_k g_{j-k+1} for j ≤ K and j ≤ n, was refused:
    # only the last of two bounds was kept, and the range check tried j's ends before k's (whose range leans on j)
    head = ('```derive\n[sizes]\nn = "outputs"\nK = "taps"\n[inputs]\nx = ["n + K - 1"]\nw = ["K"]\ng = ["n"]\n'
            '[define]\n"y[i]" = "Sum(w[k]*x[i + k - 1], (k, 1, K))"\n"L" = "Sum(g[i]*y[i], (i, 1, n))"\n```\n')
    right = r"\frac{\partial L}{\partial x_j} = \sum_{k=1}^{j} w_k g_{j-k+1} \quad \text{for } j \le K \text{ and } j \le n"
    assert note_verdicts(tmp_path, head, right, right.replace("g_{j-k+1}", "g_{j-k+1} + w_1"),
                         r"\frac{\partial L}{\partial x_j} = \sum_{i=1}^{j} g_i w_{j-i+1} \quad \text{for } j \le K "
                         r"\text{ and } j \le n") == ["unproved", "refuted", "unproved"]
    assert_note_refused(tmp_path, capsys, head, right.replace(r" \text{ and } j \le n", ""),
                        "index j - k + 1 may be out of range for g axis 1 (size n)")


def test_a_bracket_at_an_entry_with_a_power_is_read_as_a_name_is(tmp_path, capsys) -> None:
    # (A B)^{-1}_{ij} = 1/(A B)_{ij} and (A B)^2_{ij} = (A B)_{ij}^2 were proved (the inverse's, the matrix power's
    # entries read as the entry's reciprocal and square), where A^{-1}_{ij} and A^2_{ij} are refused
    head = '```derive\n[sizes]\nn = "n"\n[inputs]\nA = ["n", "n"]\nB = ["n", "n"]\nW = ["n", "n"]\nx = ["n"]\n```\n'
    for written, said in ((r"(A B)^{-1}_{ij} = \frac{1}{(A B)_{ij}}", "an entry of the inverse matrix"),
                          (r"(A B)_{ij}^{-1} = \frac{1}{(A B)_{ij}}", "an entry of the inverse matrix"),
                          (r"(A B)^2_{ij} = (A B)_{ij}^2", "ambiguous: an entry of a matrix power or the entry's power")):
        assert_note_refused(tmp_path, capsys, head, written, said)
    assert note_verdicts(tmp_path, head, r"(A B)_{ij}^2 = (A B)_{ij} (A B)_{ij}", r"(W x)_i^2 = (W x)_i (W x)_i") \
        == ["proved", "proved"]


def test_an_index_met_only_at_offsets_runs_where_the_condition_keeps_them(tmp_path, capsys) -> None:
    # g_{j-1} - g_{j+1} for 2 ≤ j ≤ n − 1 was refused: "index j + 1 leaves j no range inside g axis 1"
    head = '```derive\n[sizes]\nn = "len"\n[inputs]\ng = ["n"]\n```\n'
    assert note_verdicts(tmp_path, head, r"g_{j-1} - g_{j+1} = g_{j-1} - g_{j+1} \quad \text{for } 2 \le j \le n - 1",
                         r"g_{j-1} - g_{j+1} = g_{j-1} + g_{j+1} \quad \text{for } 2 \le j \le n - 1") \
        == ["proved", "refuted"]
    for wide in ("", r" \quad \text{for } 1 \le j \le n - 1"):
        assert_note_refused(tmp_path, capsys, head, r"g_{j-1} - g_{j+1} = g_{j-1} - g_{j+1}" + wide,
                            "may be out of range for g axis 1 (size n)")


def test_an_index_on_two_sizes_kept_on_the_narrower_by_the_claims_condition(tmp_path) -> None:
    # ∂L/∂x_j = w_2 g_{j-1} + w_1 g_j for 2 ≤ j ≤ n (x of n + 1, g of n) was refuted as "not defined at n + 1 and n",
    # though the condition keeps j on g's axis: a right claim refuted
    head = ('```derive\n[sizes]\nn = "outputs"\nK = 2\n[inputs]\nx = ["n + K - 1"]\nw = ["K"]\ng = ["n"]\n[define]\n'
            '"y[i]" = "Sum(w[k]*x[i + k - 1], (k, 1, K))"\n"L" = "Sum(g[i]*y[i], (i, 1, n))"\n```\n')
    right = r"\frac{\partial L}{\partial x_j} = w_2 g_{j-1} + w_1 g_j \quad \text{for } 2 \le j \le n"
    assert note_verdicts(tmp_path, head, right, right.replace("w_2 g_{j-1}", "w_1 g_{j-1}"),
                         right.replace(r" \quad \text{for } 2 \le j \le n", r" \quad \text{for } 2 \le j")) \
        == ["unproved", "refuted", "refuted"]
