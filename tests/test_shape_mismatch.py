"""A claim whose sides are arrays of different shapes is refuted by its shapes, and its file is checked on.

The textbook slip ∂L/∂W = x (s − y)ᵀ for a rectangular W (shape (n, m), the right side (m, n))
used to stop its whole file as bad input, so a student's notes with one such slip got no other
verdict.  Now it is refuted with sizes at which the shapes differ (a concrete counterexample),
through every way a claim is checked (library, ``derive check``, its cache, the pytest plugin)
and shown in every report format; a row against a column (a layout to fix) and a given whose
sides differ stay one-line input errors.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from derive.documents.load import read_document
from derive.verify import load_file
from derive.cli import main
from reports.command import report_text
from _oneline import assert_one_line_error
from _checking import checked, claims_of
from _cli import run

ROOT = Path(__file__).resolve().parents[1]

#: A rectangular softmax layer (n classes, m features), as a derive block or a derivation file declares it.
LAYER = """[sizes]
n = "classes"
m = "features"
[inputs]
x = ["m"]
W = ["n", "m"]
y = ["n"]
[define]
"z[i]" = "Sum(W[i, k]*x[k], (k, 1, m))"
"s[i]" = "exp(z[i]) / Sum(exp(z[k]), (k, 1, n))"
"L" = "-Sum(y[i]*log(s[i]), (i, 1, n))"
"""

#: The layer in notes: the chain's steps, the transposed outer product among them.
NOTES = "# A softmax layer, by hand\n\n```derive\n" + LAYER + r"""```

<!-- derive: given Sum(y[i], (i, 1, n)) = 1 -->
$$
\frac{\partial L}{\partial z} = s - y
$$

The weights, with the outer product the wrong way round:

<!-- derive: given Sum(y[i], (i, 1, n)) = 1 -->
$$
\frac{\partial L}{\partial W} = x\, (s - y)^\top
$$

<!-- derive: given Sum(y[i], (i, 1, n)) = 1 -->
$$
\frac{\partial L}{\partial x} = W^\top (s - y)
$$
"""

#: The same slips in a derivation file: a transposed matrix, a vector against a matrix, and a true claim.
TOML = 'title = "shapes"\n' + LAYER + """
[[claim]]
name = "transposed"
eq = "diff(L, W) = x @ (s - y).T"
given = ["Sum(y[i], (i, 1, n)) = 1"]

[[claim]]
name = "a vector is no matrix"
eq = "diff(L, z) = diag(s) - s @ s.T"

[[claim]]
name = "right"
eq = "diff(L, W) = (s - y) @ x.T"
given = ["Sum(y[i], (i, 1, n)) = 1"]
"""


def _line(text: str, needle: str) -> int:
    return next(n for n, ln in enumerate(text.splitlines(), 1) if needle in ln)


def test_notes_with_the_transposed_outer_product_get_every_verdict(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text(NOTES)
    (f,) = read_document(path).files
    got = {c.line: c for c in checked(f, 60)}
    assert [c.verdict for c in got.values()] == ["proved", "refuted", "proved"]
    wrong = got[_line(NOTES, r"x\, (s - y)^\top")]
    assert wrong.counterexample == {"sizes": {"m": 2, "n": 3}, "indices": {}, "inputs": {},
                                    "lhs": "(3, 2)", "rhs": "(2, 3)", "shapes": ["(n, m)", "(m, n)"]}
    assert wrong.lhs is None and wrong.rhs is None and wrong.entry == ()
    # (every line says under what a claim is checked: a proof names the givens it used, other verdicts its givens)
    assert wrong.summary == ("given Sum(y[i], (i, 1, n)) = 1: counterexample: m=2, n=3; the left side has shape "
                             "(n, m) = (3, 2), "
                             "the right side (m, n) = (2, 3)")


def test_derive_check_refutes_by_shapes_the_same_from_its_cache(tmp_path, capsys):
    path = tmp_path / "shapes.derive.toml"
    path.write_text(TOML)
    cache = f"--cache-dir={tmp_path / 'cache'}"
    first, again = run(capsys, "check", str(path), cache), run(capsys, "check", str(path), cache)
    assert first.returncode == again.returncode == 1 and first.stderr == again.stderr == ""
    assert first.stdout == again.stdout
    assert (f"{path}:{_line(TOML, 'x @ (s - y).T')}: refuted  transposed\n    given Sum(y[i], (i, 1, n)) = 1: "
            "counterexample: m=2, n=3; "
            "the left side has shape (n, m) = (3, 2), the right side (m, n) = (2, 3)\n") in first.stdout
    assert ("refuted  a vector is no matrix\n    counterexample: n=2; the left side has shape (n,) = (2,), "
            "the right side (n, n) = (2, 2)\n") in first.stdout
    assert "1 proved, 2 refuted, 0 unproved" in first.stdout
    verdicts = {c["name"]: c["verdict"] for c in json.loads(run(capsys, "check", str(path), "--json", cache).stdout)}
    assert verdicts == {"transposed": "refuted", "a vector is no matrix": "refuted", "right": "proved"}


@pytest.mark.parametrize("fmt, said", [
    ("md", r"Written in matrix notation as diff\(L, W\) = x @ \(s \- y\)\.T: the left side has shape \(n, m\)"),
    ("html", "Written in matrix notation as diff(L, W) = x @ (s - y).T: the left side has shape (n, m)"),
    ("tex", r"Written in matrix notation as diff(L, W) = x @ (s - y).T: the left side has shape (n, m)"),
])
def test_reports_say_which_shapes_differ_and_show_no_entry_for_them(tmp_path, fmt, said):
    path = tmp_path / "shapes.derive.toml"
    path.write_text(TOML)
    text = report_text(str(path), fmt)
    assert said in text and "arrays of different shapes" in text
    # only the true claim is typeset by its entry (∂L/∂W_ij): the refuted ones have no entry to show
    entries = {"md": r"\partial W_{ij}", "tex": r"\partial W_{ij}", "html": "<div class=\"chain\">"}[fmt]
    assert text.count(entries) == 1


def test_notes_report_states_the_shapes_without_repeating_the_source(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text(NOTES)
    md = report_text(str(path), "md")
    assert r"The left side has shape \(n, m\), the right side \(m, n\)" in md
    assert "Written in matrix notation as" not in md


pytest_plugins = ["pytester"]


def test_the_plugin_fails_only_the_claim_whose_shapes_differ(pytester):
    pytester.makefile(".derive.toml", shapes=TOML)
    result = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:xdist", "-v")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(["*refuted  transposed*", "*the left side has shape (n, m) = (3, 2)*"])


def test_a_row_against_a_column_and_a_given_stay_one_line_input_errors(tmp_path, capsys):
    row = NOTES.replace(r"\frac{\partial L}{\partial z} = s - y", r"\frac{\partial L}{\partial z} = (s - y)^\top")
    (tmp_path / "row.md").write_text(row)
    assert_one_line_error(tmp_path / "row.md", _line(row, r"= (s - y)^\top"),
                          "a row against a column: a gradient ∂L/∂v has v's shape", capsys)
    given = TOML.replace('given = ["Sum(y[i], (i, 1, n)) = 1"]\n\n[[claim]]\nname = "a vector',
                         'given = ["W = W.T"]\n\n[[claim]]\nname = "a vector', 1)
    (tmp_path / "given.derive.toml").write_text(given)
    assert_one_line_error(tmp_path / "given.derive.toml", _line(given, "W = W.T"),
                          "the left side is (n, m), the right side is (m, n)", capsys)


def test_a_file_loads_the_claim_once_with_each_side_its_own_entry(tmp_path):
    path = tmp_path / "shapes.derive.toml"
    path.write_text(TOML)
    f = load_file(path)
    transposed = f.claims[0]
    assert transposed.mismatch is not None and transposed.shown == (None, None)
    # each side indexed by its own entry, over its own ranges: no entry of one stands for one of the other
    assert not (transposed.lhs.free_symbols & transposed.rhs.free_symbols & set(transposed.ranges))
    assert sorted(map(str, transposed.ranges.values())) == ["m", "m", "n", "n"]


# -- a side that cannot be formed -------------------------------------------------------------------

#: A layer whose gradient by x is Wᵀu: the slip W u (transpose forgotten) multiplies (n, m) by (n,).
INNER = """[sizes]
n = "out"
m = "in"
[inputs]
x = ["m"]
W = ["n", "m"]
u = ["n"]
[define]
"L" = "Sum(u[j]*Sum(W[j, k]*x[k], (k, 1, m)), (j, 1, n))"
"""

INNER_NOTES = "# By hand\n\n```derive\n" + INNER + r"""```

$$
\frac{\partial L}{\partial x} = W^\top u
$$

The transpose forgotten:

$$
\frac{\partial L}{\partial x} = W u
$$

And a sum of vectors of two lengths, on the left:

$$
W^\top u + u = \frac{\partial L}{\partial x}
$$
"""


def test_a_side_that_cannot_be_formed_refutes_its_claim_and_the_notes_go_on(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text(INNER_NOTES)
    (f,) = read_document(path).files
    got = {c.line: c for c in checked(f, 60)}
    assert [c.verdict for c in got.values()] == ["proved", "refuted", "refuted"]
    slip = got[_line(INNER_NOTES, "= W u")]
    assert slip.counterexample["sizes"] == {"m": 2, "n": 3}
    assert slip.counterexample["undefined"] == {"what": "a matrix product", "side": "right",
                                                "shapes": ["(n, m)", "(n,)"], "at_sizes": ["(3, 2)", "(3,)"]}
    assert slip.summary == ("counterexample: m=2, n=3; the right side is not defined: a matrix product of "
                            "(n, m) = (3, 2) and (n,) = (3,)")
    left = got[_line(INNER_NOTES, "W^\\top u + u")]
    assert left.summary.endswith("the left side is not defined: a sum of (m,) = (2,) and (n,) = (3,)")
    assert slip.lhs is None and slip.rhs is None


def test_a_file_claim_with_a_side_that_cannot_be_formed_is_refuted_in_every_output(tmp_path, capsys):
    text = 'title = "inner"\n' + INNER + """
[[claim]]
name = "right"
eq = "diff(L, x) = W.T @ u"

[[claim]]
name = "slip"
eq = "diff(L, x) = W @ u"

[[claim]]
name = "sum slip"
eq = "W.T @ u + u = diff(L, x)"
"""
    path = tmp_path / "inner.derive.toml"
    path.write_text(text)
    cache = f"--cache-dir={tmp_path / 'cache'}"
    first, again = run(capsys, "check", str(path), cache), run(capsys, "check", str(path), cache)
    assert first.returncode == again.returncode == 1 and first.stdout == again.stdout and first.stderr == ""
    assert ("refuted  slip\n    counterexample: m=2, n=3; the right side is not defined: a matrix product of "
            "(n, m) = (3, 2) and (n,) = (3,)\n") in first.stdout
    assert ("refuted  sum slip\n    counterexample: m=2, n=3; the left side is not defined: a sum (+) of "
            "(m,) = (2,) and (n,) = (3,)\n") in first.stdout
    assert "1 proved, 2 refuted, 0 unproved" in first.stdout
    for fmt in ("md", "html", "tex"):
        said = report_text(str(path), fmt)
        assert "the right side is not defined: a matrix product of" in said
        assert "so the claim is false as written" in said


@pytest.mark.parametrize("latex, message", [
    (r"u x", "shape mismatch in a matrix product: (n,) times (m,)"),  # u x^\top: a layout to fix
    (r"x W^\top", "shape mismatch in a matrix product: (m,) times (m, n)"),  # x^\top W^\top
    (r"W x + u^\top", "shape mismatch in a sum: (n,) and (1, n)"),
])
def test_a_row_for_a_column_inside_a_side_stays_a_one_line_input_error(tmp_path, capsys, latex, message):
    text = "# By hand\n\n```derive\n" + INNER + f"```\n\n$$\n\\frac{{\\partial L}}{{\\partial u}} = {latex}\n$$\n"
    (tmp_path / "row.md").write_text(text)
    assert_one_line_error(tmp_path / "row.md", _line(text, latex), message, capsys)


def test_a_definition_or_given_that_cannot_be_formed_stays_bad_input(tmp_path, capsys):
    bad = 'title = "inner"\n' + INNER.replace('"L" =', '"v" = "W @ u"\n"L" =') + '[[claim]]\neq = "L = L"\n'
    (tmp_path / "def.derive.toml").write_text(bad)
    assert_one_line_error(tmp_path / "def.derive.toml", _line(bad, '"v" = "W @ u"'), "shape mismatch in @", capsys)


def test_an_identity_of_a_written_size_is_read_and_a_wrong_one_refuted(tmp_path):
    text = ("# I_3\n\n```derive\n[sizes]\nn = 3\n[inputs]\nW = [\"n\", \"n\"]\nu = [\"n\"]\n```\n\n"
            "$$ I_3 W = W $$\n\n$$ \\mathbf{1}_3^\\top u = u_1 + u_2 + u_3 $$\n\n$$ I_2 W = W $$\n")
    path = tmp_path / "i.md"
    path.write_text(text)
    (f,) = read_document(path).files
    got = [c for c in checked(f, 60)]
    assert [c.verdict for c in got] == ["proved", "proved", "refuted"]
    assert got[2].summary.endswith("the left side is not defined: a matrix product of (2, 2) and (3, 3)")


def test_a_trace_of_a_matrix_that_is_not_square_refutes_its_claim(tmp_path):
    text = ('title = "trace"\n[sizes]\nn = "n"\nm = "m"\n[inputs]\nW = ["n", "m"]\nC = ["m", "n"]\n'
            '[[claim]]\nname = "square"\neq = "trace(W @ C) = trace(C @ W)"\n'
            '[[claim]]\nname = "not square"\neq = "trace(W @ C @ W) = trace(C @ W)"\n')
    path = tmp_path / "t.derive.toml"
    path.write_text(text)
    square, not_square = claims_of(path, 60)
    assert square.verdict == "proved" and not_square.verdict == "refuted"
    assert not_square.summary == "counterexample: m=2, n=3; the left side is not defined: a trace of (n, m) = (3, 2)"


#: The indices of ∂L/∂W_jk swapped on the right: j runs over W's rows (n) and x (m), k over W's columns and s, y.
SWAPPED = ("(s_k - y_k) x_j", "(s[k] - y[k])*x[j]")


def test_an_index_on_axes_of_two_sizes_refutes_its_claim_and_the_notes_go_on(tmp_path, capsys):
    # a probe: the commonest index slip stopped the whole note as bad input ("size mismatch: index k …")
    notes = NOTES + "\n<!-- derive: given Sum(y[i], (i, 1, n)) = 1 -->\n$$\n\\frac{\\partial L}{\\partial W_{jk}} = " \
        + SWAPPED[0] + "\n$$\n"
    path = tmp_path / "notes.md"
    path.write_text(notes)
    (f,) = read_document(path).files
    got = checked(f, 60)
    assert [c.verdict for c in got] == ["proved", "refuted", "proved", "refuted"]
    slip = got[-1]
    assert slip.counterexample["sizes"] == {"m": 2, "n": 3}
    assert slip.summary == ("given Sum(y[i], (i, 1, n)) = 1: counterexample: m=2, n=3; the claim is not defined: "
                            "index k on W axis 2 (size m) and "
                            "y axis 1 (size n), at m = 2 and n = 3")
    text = 'title = "swapped"\n' + LAYER + f'\n[[claim]]\nname = "slip"\neq = "diff(L, W[j, k]) = {SWAPPED[1]}"\n'
    file = tmp_path / "swapped.derive.toml"
    file.write_text(text)
    out = run(capsys, "check", str(file), "--no-cache")
    assert out.returncode == 1 and "refuted  slip\n    counterexample: m=2, n=3; the claim is not defined: index k" \
        in out.stdout
    for fmt in ("md", "html", "tex"):
        assert "the claim is not defined: index k on W axis 2" in report_text(str(file), fmt)


def test_an_index_on_two_sizes_with_a_condition_or_a_shape_mismatch_is_refuted_and_the_file_goes_on(tmp_path):
    # a re-probe: a condition naming the claim's indices (when = "j != k", \text{if } j \ne k) found no range for
    # them, and a claim refuted by its shapes with an index on two sizes inside raised: each stopped the file
    text = 'title = "more"\n' + LAYER + f"""
[[claim]]
name = "with when"
eq = "diff(L, W[j, k]) = {SWAPPED[1]}"
when = "j != k"

[[claim]]
name = "both"
eq = "diff(L, W) = x*y[k]*x[k]"

[[claim]]
name = "fine"
given = ["Sum(y[i], (i, 1, n)) = 1"]
eq = "diff(L, W[j, k]) = (s[j] - y[j])*x[k]"
"""
    path = tmp_path / "more.derive.toml"
    path.write_text(text)
    got = {c.name: c for c in checked(load_file(path), 60)}
    assert {n: c.verdict for n, c in got.items()} == {"with when": "refuted", "both": "refuted", "fine": "proved"}
    assert got["with when"].when == "j != k" and "index k on W axis 2" in got["with when"].summary
    notes = NOTES + "\n$$\n\\frac{\\partial L}{\\partial W_{jk}} = " + SWAPPED[0] + " \\quad \\text{if } j \\ne k\n$$\n"
    (f,) = read_document(_write(tmp_path, "cond.md", notes)).files
    assert [c.verdict for c in checked(f, 60)] == ["proved", "refuted", "proved", "refuted"]


def test_an_index_on_two_sizes_fixed_in_the_file_names_them_once(tmp_path):
    # a re-probe: with n = 3, m = 2 in [sizes] the counterexample ended "at 2 and 3", naming no size
    text = 'title = "fixed"\n' + LAYER.replace('n = "classes"\nm = "features"', "n = 3\nm = 2") \
        + f'\n[[claim]]\nname = "slip"\neq = "diff(L, W[j, k]) = {SWAPPED[1]}"\n'
    (result,) = checked(load_file(_write(tmp_path, "fixed.derive.toml", text)), 60)
    assert result.verdict == "refuted"
    # k (1..2, W's columns) reads s and y of 3 entries in range; j (1..3, W's rows) reads x of 2 entries: not defined
    assert result.summary.endswith("the claim is not defined: index j on W axis 1 (size 3) and x axis 1 (size 2)")


def _write(folder, name: str, text: str):
    path = folder / name
    path.write_text(text)
    return path


#: g beside a rectangular W (n rows, h columns), the loss read along W's rows.
ROWS = """```derive
[sizes]
n = "width"
h = "hidden"
[inputs]
W = ["n", "h"]
g = ["n"]
[define]
"L" = "Sum(Sum(g[i]*W[i, j], (j, 1, h)), (i, 1, n))"
```
"""


def test_a_sum_whose_range_leaves_an_axis_refutes_its_claim_and_the_notes_go_on(tmp_path, capsys):
    # a probe: the missing transpose Σ_{j=1}^{h} W_{ji} (W of n rows) stopped the whole note as bad input
    # ("summation index j runs over 1..h, outside W axis 1"), leaving the right claim beside it unchecked
    right, slip = r"\sum_{j=1}^{h} W_{ij}", r"\sum_{j=1}^{h} W_{ji}"
    notes = ROWS + "".join(f"\n$$\n\\frac{{\\partial L}}{{\\partial g_i}} = {s}\n$$\n" for s in (right, slip))
    path = _write(tmp_path, "rows.md", notes)
    got = claims_of(path)
    assert [c.verdict for c in got] == ["proved", "refuted"]
    cx = got[1].counterexample
    assert cx["sizes"] == {"h": 3, "n": 2} and (cx["lhs"], cx["rhs"]) == ("", "undefined")
    assert got[1].summary == ("counterexample: h=3, n=2; the right side is not defined: W read at j = 1..h on "
                              "axis 1 of (n, h) = (2, 3)")
    out = run(capsys, "check", str(path), "--no-cache")
    assert out.returncode == 1 and out.stderr == ""
    # the same in a derivation file
    toml = 'title = "rows"\n' + ROWS.split("\n", 1)[1].rsplit("```", 1)[0] + \
        '\n[[claim]]\nname = "slip"\neq = "diff(L, g[i]) = Sum(W[j, i], (j, 1, h))"\n'
    (result,) = checked(load_file(_write(tmp_path, "rows.derive.toml", toml)), 60)
    assert result.verdict == "refuted" and result.counterexample["sizes"] == {"h": 3, "n": 2}
    # where the claim's condition keeps the range inside the axis, its shapes refute nothing
    cond = ROWS + f"\n$$\n\\frac{{\\partial L}}{{\\partial g_i}} = {slip} \\quad \\text{{if }} h \\le n\n$$\n"
    (under,) = claims_of(_write(tmp_path, "cond.md", cond))
    assert under.verdict != "refuted"


def test_a_definition_whose_sum_leaves_an_axis_stays_a_one_line_input_error(tmp_path, capsys):
    path = _write(tmp_path, "def.md", ROWS.replace('"L" = "Sum(Sum(g[i]*W[i, j]', '"L" = "Sum(Sum(g[i]*W[j, i]')
                  + "\n$$\n\\frac{\\partial L}{\\partial g_1} = 0\n$$\n")
    assert_one_line_error(path, 9, "definition of L: summation index j runs over 1..h, outside W axis 1 (size n)", capsys)


def test_a_sum_past_an_axis_of_written_sizes_and_on_both_sides_is_refuted_and_named_so(tmp_path):
    # a re-probe: with n = 2 and h = 3 written in [sizes] the same slip still stopped the file; with the sum on both
    # sides the counterexample said "the claim is not defined … at n,  = 2"
    fixed = ROWS.replace('n = "width"\nh = "hidden"', "n = 2\nh = 3")
    slip = "\n$$\n\\frac{\\partial L}{\\partial g_i} = \\sum_{j=1}^{h} W_{ji}\n$$\n"
    (got,) = claims_of(_write(tmp_path, "fixed.md", fixed + slip))
    assert got.verdict == "refuted" and got.summary == ("counterexample: the right side is not defined: W read at "
                                                        "j = 1..3 on axis 1 of (2, 3)")
    both = ROWS + "\n$$\n\\sum_{j=1}^{h} W_{j1} = \\sum_{j=1}^{h} W_{j1}\n$$\n"
    (got,) = claims_of(_write(tmp_path, "both.md", both))
    assert got.verdict == "refuted" and (got.counterexample["lhs"], got.counterexample["rhs"]) == ("undefined",) * 2
    assert got.summary.endswith("neither side is defined: W read at j = 1..h on axis 1 of (n, h) = (2, 3)")


def test_an_entry_formula_with_more_free_indices_than_axes_gets_no_indexing_hint(tmp_path, capsys):
    head = ('```derive\n[sizes]\nN = "samples"\nd = "features"\n[inputs]\nX = ["N", "d"]\nw = ["d"]\n[define]\n'
            '"L" = "sum((X @ w) * (X @ w)) / 2"\n```\n')
    path = _write(tmp_path, "h.md", head + "\n$$\n\\nabla^2_{\\mathbf{w}} L = X_{nj} X_{nk}\n$$\n")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "the right side is a scalar" in err and "write the other side's entry" not in err
