"""A size written as an index is the axis's last entry, and every verdict on such a claim says so.

Stanford CS229's softmax regression writes k classes and the weight θ_{kj}: derive reads k there as the
number of classes, so ∂ℓ/∂θ_{kj} is proved for the last class only.  The verdict stays (it is right about
what was read) but its evidence now carries a note (``last_entries``) in the text, JSON and reports; a
claim with no size as an index has none, and the README's h_T (a loss at a recurrence's final step) has
one too, without the hint a derivative by θ_{kj} with j free gets.
"""
from __future__ import annotations

import json

from derive.cli import main
from derive.verify.check import file_report
from derive.verify.results import ClaimResult
from derive.verify.junit import junit_tree
from derive.verify.fileformat import load_file
from derive.documents.load import load_any
from reports.claims import file_report_view

# The CS229 notes as written: k is both the number of classes and the class index of θ_{kj}.
CS229 = r"""# Softmax regression, k classes

```derive
[sizes]
m = "training examples"
k = "classes"
n = "features"

[inputs]
x = ["m", "n"]
theta = ["k", "n"]

[labels]
y = { shape = ["m"], range = "k" }

[define]
"eta[i, l]" = "Sum(theta[l, j]*x[i, j], (j, 1, n))"
"phi[i, l]" = "exp(eta[i, l]) / Sum(exp(eta[i, q]), (q, 1, k))"
"ell" = "Sum(log(phi[i, y[i]]), (i, 1, m))"

[symbols]
'\ell' = "ell"
```

$$
\frac{\partial \ell(\theta)}{\partial \theta_{kj}} = \sum_{i=1}^{m} \left( \mathbb{1}\{y_i = k\} - \frac{e^{(\theta x^{(i)})_k}}{\sum_{l=1}^{k} e^{(\theta x^{(i)})_l}} \right) x^{(i)}_j
$$

$$
\sum_{j=1}^{n} x_{1j} = \sum_{j=1}^{n} x_{1j}
$$
"""

HT = r"""# The loss at the last step

```derive
[sizes]
T = "steps"
[inputs]
h = ["T"]
y = []
[define]
"L" = "(h[T] - y)**2 / 2"
```

$$\frac{\partial L}{\partial h_T} = h_T - y$$
"""

TOML = """title = "entries at sizes"
[sizes]
n = "steps"
K = "taps"
[inputs]
x = ["n"]
u = ["n + K - 1"]
[define]
"L" = "x[n]**2"
[[claim]]
name = "the last entry"
eq = "diff(L, x[j]) = 2*x[n]*delta(j, n)"
[[claim]]
name = "an offset of sizes alone"
eq = "u[n + K - 1] = u[n + K - 1]"
[[claim]]
name = "a window, which runs"
eq = "Sum(u[i + k - 1], (k, 1, K)) = Sum(u[i + k - 1], (k, 1, K))"
"""


def _notes_of(path) -> list:
    """The ``last_entries`` of each claim, read as derive reads them (no checking: what is read is the point)."""
    files = load_any(path, None) if path.suffix == ".md" else [load_file(path)]
    return [list(c.last_entries) for f in files for c in f.claims]


def test_cs229_theta_kj_says_it_is_the_last_row(tmp_path):
    path = tmp_path / "cs229.md"
    path.write_text(CS229)
    gradient, plain = _notes_of(path)
    (said,) = gradient
    assert said.startswith("θ_kj: k is a size (the number of classes), read as θ's last row (row k of k), "
                           "not every row")
    # a derivative by θ_{kj} with j free: k was most likely meant to run over the classes
    assert "the derivative is by that row alone" in said
    assert plain == []  # no size as an index: no note


def test_the_note_reaches_text_json_junit_and_reports(tmp_path, capsys):
    path = tmp_path / "cs229.md"
    path.write_text(CS229)
    assert main(["check", "--no-cache", str(path)]) == 0
    text = capsys.readouterr().out.splitlines()
    # proved, as before, and now said to be of the last row only
    assert " proved " in text[0] and text[1].startswith("    method: ")
    assert text[2].startswith("    note: θ_kj: k is a size (the number of classes), read as θ's last row")
    assert not any(line.startswith("    note:") for line in text[3:])
    assert main(["check", "--no-cache", "--json", str(path)]) == 0
    got = json.loads(capsys.readouterr().out)
    assert [c["verdict"] for c in got] == ["proved", "proved"]
    assert got[0]["evidence"]["last_entries"][0].startswith("θ_kj: k is a size")
    assert "last_entries" not in got[1]["evidence"]
    (f,) = load_any(path, None)
    rep = file_report(f, [ClaimResult(name=c["name"], line=c["line"], verdict=c["verdict"], evidence=c["evidence"])
                          for c in got])
    assert "note: θ_kj" in junit_tree([rep]).getroot().find(".//system-out").text
    view = file_report_view(rep)
    assert "Note: θ_kj: k is a size" in view.claims[0].evidence and "Note:" not in view.claims[1].evidence


def test_derive_check_prints_the_note_and_json_carries_it(tmp_path, capsys):
    path = tmp_path / "last.md"
    path.write_text(HT)
    assert main(["check", "--no-cache", str(path)]) == 0
    out = capsys.readouterr().out
    assert "    note: h_T: T is a size (the number of steps), read as h's last entry (entry T of T), not every entry\n" \
        in out
    assert "derivative is by that" not in out  # ∂L/∂h_T has no other index: the final step, as meant
    assert main(["check", "--no-cache", "--json", str(path)]) == 0
    (claim,) = json.loads(capsys.readouterr().out)
    assert claim["verdict"] == "proved"
    assert claim["evidence"]["last_entries"] == [
        "h_T: T is a size (the number of steps), read as h's last entry (entry T of T), not every entry"]


def test_a_files_entries_at_sizes_and_a_window(tmp_path):
    path = tmp_path / "last.derive.toml"
    path.write_text(TOML)
    last, offset, window = _notes_of(path)
    assert last == ["x_n: n is a size (the number of steps), read as x's last entry (entry n of n), not every entry"]
    assert offset == ["u_(K+n-1): K and n are sizes (the number of taps; the number of steps), read as u's last "
                      "entry (entry K + n - 1 of K + n - 1), not every entry"]
    assert window == []  # an index that runs (i + k − 1) is no fixed entry


def test_the_annotated_document_shows_the_note_of_a_proved_equation(tmp_path):
    from reports.document import build_document_report
    from reports.render import render
    path = tmp_path / "last.md"
    path.write_text(HT)
    page = render("document", "html", r=build_document_report(str(path)))
    # a proved claim's evidence is not shown there, but what h_T was read as is
    assert "<p class=\"why\">Note: h_T: T is a size (the number of steps), read as h&#39;s last entry" in page


def test_a_sizes_description_in_a_note_is_escaped_in_reports(tmp_path):
    # An adversarial probe: a size described with U+202E and ESC reached the HTML and Markdown reports raw
    from reports.render import render
    path = tmp_path / "evil.derive.toml"
    path.write_text('[sizes]\nn = "steps \\u202e evil \\u001b[31m"\n[inputs]\nx = ["n"]\n'
                    '[[claim]]\nname = "last"\neq = "x[n] = x[n]"\n')
    f = load_file(path)
    rep = file_report(f, [ClaimResult(name="last", line=6, verdict="proved",
                                      evidence={"last_entries": list(f.claims[0].last_entries)})])
    for fmt in ("html", "md"):
        page = render("verify", fmt, r=file_report_view(rep))
        assert "\u202e" not in page and "\x1b" not in page and "u202e evil" in page and "u001b" in page
