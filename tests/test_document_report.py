"""``derive report notes.md -o notes.html``: the document itself, annotated, self-contained, no script."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from derive.errors import InputError
from reports.command import report_text

NOTES = r"""# Sigmoid notes

A <script>alert("x")</script> tag and an ![image](http://example.com/x.png) stay inert; $a < b$ is not read.

```derive
[inputs]
a = []

[define]
"p" = "sigmoid(a)"
```

The derivative, with $p (1 - p)$ inline:

$$
\frac{\partial p}{\partial a} = p (1 - p)
$$

A classic slip:

$$ \frac{\partial p}{\partial a} = p (1 + p) $$

<!-- derive: skip -->
$$ \nabla_a p = \text{whatever} $$
"""


@pytest.fixture(scope="module")
def notes(tmp_path_factory) -> tuple[Path, str]:
    p = tmp_path_factory.mktemp("doc") / "notes.md"
    p.write_text(NOTES)
    return p, report_text(str(p), "html", timeout=60)


def test_report_annotates_every_checked_equation(notes):
    _, page = notes
    articles = re.findall(r'<article class="claim (\w+)"', page)
    assert articles == ["proved", "refuted"]
    refuted = page[page.index('<article class="claim refuted"'):]
    assert "counterexample" in refuted[:refuted.index("</article>")]
    # two checked equations (each as written, and as derive read it beneath), one inline formula read in the
    # context, a < b before it, and the skipped display: typeset, not checked (the skipped one's source beneath)
    assert page.count("<math") == 7
    assert page.count('<details class="reading">') == 2
    first = page[page.index('<article class="claim proved"'):]
    first = first[:first.index("</article>")]
    # as written first (p (1 - p) as the author wrote it, in a block display), derive's reading inside <details>
    assert first.index('display="block"') < first.index('<details class="reading">')
    assert '<mi>a</mi><mo>&lt;</mo><mi>b</mi>' in page
    assert "skipped (derive: skip)" in page and r"\nabla_a p" in page


def test_a_matrix_claim_of_a_note_is_not_restated_in_its_source(tmp_path):
    # The claim is typeset as written above its evidence: the evidence names the entry, not the LaTeX again.
    p = tmp_path / "m.md"
    p.write_text("```derive\n[sizes]\nn = \"n\"\n[inputs]\nz = [\"n\"]\n[define]\n\"L\" = \"Sum(z[k]**2, (k, 1, n))\"\n```\n\n"
                 "$$ \\frac{\\partial L}{\\partial z} = 3 z $$\n")
    page = report_text(str(p), "html", timeout=60)
    refuted = page[page.index('<article class="claim refuted"'):]
    refuted = refuted[:refuted.index("</article>")]
    assert "Checked at every entry (i). A counterexample (below) makes the two sides differ." in refuted
    assert "Written in matrix notation" not in refuted and "\\frac" not in refuted.split("</math>")[-1]


def test_report_is_self_contained_and_escaped(notes):
    _, page = notes
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "&lt;script&gt;" in page
    assert not re.search(r"(src|srcset|data)\s*=", page)  # links stay links; nothing is fetched
    # an image is its alt text, neither fetched nor left as "!" and a live link (a report probe)
    assert "[image: image]" in page and "http://example.com/x.png" not in page and "!<a" not in page


def test_report_is_byte_identical(notes):
    path, page = notes
    assert report_text(str(path), "html", timeout=60) == page


def test_latex_input_gets_the_same_report(tmp_path):
    tex = tmp_path / "notes.tex"
    tex.write_text("\\documentclass{article}\n\\title{Sigmoid <b>notes</b>}\n\\begin{document}\n"
                   "%! derive [inputs]\n%! derive a = []\n%! derive [define]\n%! derive \"p\" = \"sigmoid(a)\"\n"
                   "\\section{Derivative}\nThe slope & more.\n"
                   "\\begin{equation}\\frac{\\partial p}{\\partial a} = p (1 - p)\\end{equation}\n\\end{document}\n")
    page = report_text(str(tex), "html", timeout=60)
    assert re.findall(r'<article class="claim (\w+)"', page) == ["proved"]
    assert "<h1>Sigmoid &lt;b&gt;notes&lt;/b&gt;</h1>" in page and "<h2>Derivative</h2>" in page
    assert "The slope &amp; more." in page and "<script" not in page


def test_a_papers_prose_prints_its_escaped_characters_and_dashes(tmp_path):
    # a report probe: \textbackslash and -- stayed as written in the HTML of a paper's prose
    tex = tmp_path / "notes.tex"
    tex.write_text("\\documentclass{article}\n\\begin{document}\n%! derive [inputs]\n%! derive a = []\n"
                   "Pages 533--536, a \\textbackslash{} b, 5\\% and \\$5 --- ``quoted'' \\& \\_x; $a < b$ stays math.\n"
                   "\\begin{equation}a + 0 = a\\end{equation}\n\\end{document}\n")
    page = report_text(str(tex), "html", timeout=60)
    assert "Pages 533–536, a \\ b, 5% and $5 — “quoted” &amp; _x;" in page
    assert "<math" in page.split("stays math")[0].rsplit("_x;", 1)[1]  # the math is typeset, untouched


def test_markdown_report_lists_each_equation_as_written_and_as_read(notes):
    """In Markdown the document's equations are listed (the prose is not carried: raw HTML would reach the reader)."""
    path, _ = notes
    page = report_text(str(path), "md", timeout=60)
    assert page.startswith("# Sigmoid notes\n") and "**1 proved**, **1 refuted**, **0 unproved**" in page
    sections = re.findall(r"^## \S+ \*\*(\w+)\*\* \(line (\d+)\)$", page, re.M)
    assert sections == [("proved", "16"), ("refuted", "21")]
    assert "```tex\n\\frac{\\partial p}{\\partial a} = p (1 + p)\n```" in page  # as written, in a fence
    refuted = page[page.index("(line 21)"):]
    assert "| counterexample | value |" in refuted and "derive's own derivative" in refuted
    assert "<script" not in page and "alert" not in page and "nabla" not in page  # prose and skipped math stay out
    assert report_text(str(path), "md", timeout=60) == page


def test_latex_report_of_notes_compiles_and_prints_the_source_literally(tmp_path):
    from test_reports_latex import compile_pdf
    if shutil.which("pdflatex") is None or shutil.which("pdftotext") is None:
        pytest.skip("pdflatex/pdftotext are not installed (CI installs texlive and poppler-utils)")
    p = tmp_path / "n.md"
    p.write_text(NOTES.replace("# Sigmoid notes", "# Sigmoid & 100% {notes} \\input{/etc/hostname}"))
    tex = report_text(str(p), "tex", timeout=60)
    _, text = compile_pdf(tex, tmp_path)
    flat = " ".join(text.split())
    assert "Sigmoid & 100% {notes} \\input{/etc/hostname}" in flat
    assert "As written: \\frac{\\partial p}{\\partial a} = p (1 + p)" in flat
    assert "1 proved" in flat and "1 refuted" in flat and "Counterexample" in flat


def test_annotated_report_in_the_browser(notes, tmp_path):
    """The page opens in headless Chromium: MathML laid out, badges shown, nothing fetched, no script."""
    from test_reports_browser import CHROMIUM, Browser, evaluate
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (CI installs it)")
    _, page = notes
    html = tmp_path / "notes.html"
    html.write_text(page, encoding="utf-8")
    browser = Browser(tmp_path / "profile")
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            browser.send(f"{domain}.enable", session=session)
        mark = len(browser.events)
        browser.send("Page.navigate", {"url": html.as_uri()}, session=session)
        browser.wait_for("Page.loadEventFired")
        events = browser.events[mark:]
        assert evaluate(browser, session, "document.scripts.length") == 0
        frac = evaluate(browser, session, "document.querySelector('mfrac').getBoundingClientRect().height")
        line = evaluate(browser, session, "parseFloat(getComputedStyle(document.body).fontSize)")
        assert frac > line  # MathML is rendered, not shown as text
        badges = evaluate(browser, session,
                          "Array.from(document.querySelectorAll('article .badge')).map(b => b.innerText)")
        assert [b.lower() for b in badges] == ["proved", "refuted"]
        text = evaluate(browser, session, "document.body.innerText")
        assert "Sigmoid notes" in text and "counterexample" in text and "\\frac" not in text.split("skipped")[0]
        requests = [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]
        assert requests == [html.as_uri()]
    finally:
        browser.close()


HOSTILE_PROSE = [
    r"\href{javascript:alert(1)}{x}",   # a link in MathML
    r"\def\x{\x\x}\x",                # a macro that doubles itself
    r"\input{/etc/passwd}",
    r"\foo{x}",                          # a macro the typesetter is not allowed
    "{" * 40 + "x" + "}" * 40,            # deep nesting
    "x" * 500,                            # too long
]


@pytest.mark.parametrize("tex", HOSTILE_PROSE)
def test_hostile_prose_math_is_shown_as_code_never_converted(tex):
    from reports.document import inline_math
    shown = inline_math(tex, None)
    assert shown.startswith('<code class="tex">') and "<math" not in shown


def test_prose_math_is_typeset_from_allowed_elements_only():
    from reports.document import inline_math
    shown = inline_math(r"x \in \mathbb{R}^{n \times m}, \quad \sum_i y_i = 1", None)
    assert shown.startswith("<math") and "&#x0211D;" in shown.replace("ℝ", "&#x0211D;")
    assert not re.search(r"\b(href|src|on\w+)\s*=", shown)


def test_a_cases_environment_is_typeset_and_no_other():
    # A piecewise definition as written (derive reads cases); any other environment stays source.
    from reports.prose_math import prose_mathml
    shown = prose_mathml(r"\begin{cases} x & \text{if } |x| < 1 \\ 1 & \text{otherwise} \end{cases}", block=True)
    assert shown is not None and shown.count("<mtr") == 2 and "otherwise" in shown
    assert prose_mathml(r"\begin{pmatrix} 1 & 2 \end{pmatrix}") is None
    assert prose_mathml(r"\begin{cases} 1 & \href{http://example.com}{x} \end{cases}") is None


# -- a note's own notation ([symbols]) in every report format ---------------------------------------
SPELLED = r"""# Sparsity

The average activation $\hat\rho_j$ of unit $j$, and the previous state $h_{t-1}$.

```derive
[sizes]
m = "examples"
n = "units"

[inputs]
z = ["m", "n"]
hp = ["n"]
rho = []
x = []

[define]
"rhat[j]" = "Sum(sigmoid(z[i, j]), (i, 1, m)) / m"
"P" = "Sum(rho*log(rhat[j]) + hp[j]*x, (j, 1, n))"

[symbols]
'\hat\rho' = "rhat"
'h_{t-1}' = "hp"
'\input{/etc/hostname}' = "x"
```

$$ \frac{\partial P}{\partial \hat\rho_j} = \frac{\rho}{\hat\rho_j} $$

$$ \frac{\partial P}{\partial x} = 2 \sum_{j=1}^{n} (h_{t-1})_j $$
"""


@pytest.fixture(scope="module")
def spelled(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("spelled") / "spelled.md"
    p.write_text(SPELLED)
    return p


def test_the_latex_and_markdown_reports_write_quantities_as_the_note_does(spelled):
    for fmt in ("tex", "md"):
        page = report_text(str(spelled), fmt, timeout=60)
        # the forward model and both claims in the note's notation, never derive's names for them
        assert page.count(r"\hat\rho_{j}") >= 4 and page.count(r"(h_{t-1})_{j}") >= 2, fmt
        assert "rhat_{" not in page and r"\mathit{rhat}" not in page and "hp_{" not in page, fmt
        # the counterexample's row for hp is labelled h_{t-1}, typeset; x keeps its name
        assert "$h_{t-1}$ |" in page if fmt == "md" else "$h_{t-1}$ &" in page
        # a spelling that is not a plain name (a TeX command) is never printed: x stays x
        assert r"\input{/etc/hostname}" not in page, fmt


def test_the_annotated_page_reads_in_the_notes_notation(spelled):
    page = report_text(str(spelled), "html", timeout=60)
    readings = re.findall(r'<details class="reading">.*?</details>', page, re.S)
    assert len(readings) == 2
    assert "<mover" in readings[0] and "ρ" in readings[0]  # ρ with a hat, as derive read it
    assert re.search(r"<msub><mrow><mo[^>]*>\(</mo><msub><mi>h</mi>", readings[1])  # (h_{t-1})_j
    assert "<mi>rhat</mi>" not in page and "<mi>hp</mi>" not in page
    refuted = page[page.index('<article class="claim refuted"'):]
    assert re.search(r"<tr><th><math>.*?<mi>h</mi><mrow><mi>t</mi><mo>−</mo><mn>1</mn></mrow>", refuted)
    assert "<tr><th>n</th>" in refuted  # a size keeps its plain name


def test_a_spelling_that_could_mislead_is_not_used(tmp_path):
    from derive.documents.load import read_document
    p = tmp_path / "n.md"
    # x is a quantity's own name: a key 'x' for hp would read every x as hp (and print hp as x), so it is refused
    note = SPELLED.replace("'h_{t-1}' = \"hp\"", "'x' = \"hp\"")
    p.write_text(note[:note.rindex("$$ ")])  # the last claim wrote h_{t-1}
    with pytest.raises(InputError, match="'x' maps to hp, but x is declared too"):
        read_document(p)
    note = SPELLED.replace("'h_{t-1}' = \"hp\"", "'w' = \"z\"\n'\\omega' = \"z\"")
    p.write_text(note[:note.rindex("$$ ")])
    # z takes its first key; hp, with none left, prints as its name
    assert read_document(p).spellings == [{"rhat": r"\hat\rho", "z": "w", "x": r"\input{/etc/hostname}"}]
    page = report_text(str(p), "tex", timeout=60)
    assert "hp_{j}" in page and r"\hat\rho_{j}" in page and "w_{ij}" in page and r"\input" not in page


@pytest.mark.parametrize("tex, ok", [(r"\hat\rho", True), ("h_{t-1}", True), (r"W^{[1]}", True), (r"\mathbf{W}", True),
                                     (r"\input{x}", False), ("a}{", False), (r"\\x", False), ("x&y", False),
                                     (r"\{", False), ("x" * 61, False), (r"\frac{a}{b}", False)])
def test_only_a_plain_name_is_a_spelling(tex, ok):
    from reports.prose_math import spelling_ok
    assert spelling_ok(tex) is ok


def test_the_latex_report_in_the_notes_notation_compiles(spelled, tmp_path):
    from test_reports_latex import compile_pdf
    if shutil.which("pdflatex") is None or shutil.which("pdftotext") is None:
        pytest.skip("pdflatex/pdftotext are not installed (CI installs texlive and poppler-utils)")
    _, text = compile_pdf(report_text(str(spelled), "tex", timeout=60), tmp_path)
    assert "1 proved" in " ".join(text.split()) and "rhat" not in text


def test_a_greek_input_labels_its_counterexample_row_with_its_letter(tmp_path):
    p = tmp_path / "temperature.md"
    p.write_text('# Temperature\n\n```derive\n[sizes]\nn = "classes"\n[inputs]\nz = ["n"]\ntau = []\n'
                 '[define]\n"L" = "Sum(z[i] / tau, (i, 1, n))"\n```\n\n'
                 '$$ \\frac{\\partial L}{\\partial \\tau} = \\sum_{i=1}^{n} \\frac{z_i}{\\tau} $$\n')
    page = report_text(str(p), "md", timeout=60)
    assert "$\\tau$ |" in page and "-Σ_i z_i/τ^2" in page  # derive's own derivative writes τ too
    assert "$\\tau$ &" in report_text(str(p), "tex", timeout=60)
    page = report_text(str(p), "html", timeout=60)
    assert re.search(r"<tr><th><math>(<semantics>)?(<mrow>)?<mi>τ</mi>", page) and "<th>tau</th>" not in page


def test_an_implication_is_typeset_as_written_with_its_premise(tmp_path):
    # the premise of A = A^\top \implies … was missing from the HTML: the prose typesetter refused \implies, and the
    # report fell back to derive's entry-by-entry reading of the conclusion alone
    note = tmp_path / "implies.md"
    note.write_text('# I\n\n```derive\n[sizes]\nn = "n"\n[inputs]\nx = ["n"]\nA = ["n", "n"]\na = []\n```\n\n'
                    '$$ A = A^\\top \\implies \\frac{\\partial x^\\top A x}{\\partial x} = 2 A x $$\n\n'
                    '$$ a > 0 \\implies |a| = a $$\n')
    html = report_text(str(note), "html")
    assert html.count("⟹") == 2


def test_a_claim_with_a_primed_index_is_shown_as_derive_reads_it(tmp_path):
    # \sum_{i'} and x_{c'} (CS229's second example, Murphy's c'): their names failed the printers' check for plain
    # identifiers, and the reports showed the claim as written only, without derive's reading
    p = tmp_path / "primes.md"
    p.write_text('# Primes\n\n```derive\n[sizes]\nK = "k"\n[inputs]\nx = ["K"]\nW = ["K", "K"]\n[define]\n'
                 '"L" = "Sum(x[k]**2, (k, 1, K))"\n```\n\n'
                 "$$ \\sum_{i=1}^{K} \\sum_{i'=1}^{K} W^{(i)}_{1} W^{(i')}_{1} = "
                 "\\left( \\sum_{i=1}^{K} W_{i1} \\right)^2 $$\n\n"
                 "$$ \\frac{\\partial L}{\\partial x_{c'}} = x_{c'} $$\n")
    tex = report_text(str(p), "tex", timeout=60)
    assert tex.count("\\derivefit{") == 2  # each claim as derive reads it
    assert "W_{i1} W_{j1} = \\left(\\sum_{i=1}^{K} W_{i1}\\right)^{2}" in tex


def test_a_relation_not_checked_inside_a_chain_is_shown_by_its_link(tmp_path):
    # a probe: the chain's \le row was listed by `derive check` as not checked but left out of the report entirely
    p = tmp_path / "chain.md"
    p.write_text("```derive\n[inputs]\nz = []\n[define]\n\"p\" = \"sigmoid(z)\"\n```\n\n$$\n\\begin{aligned}\n"
                 "\\frac{\\partial p}{\\partial z} &= p(1-p) \\\\\n&\\le \\frac{1}{4}\n\\end{aligned}\n$$\n")
    page = report_text(str(p), "html", timeout=60)
    checked = page[page.index('<div class="checked">'):]
    assert '<article class="claim proved"' in checked
    shown = checked[:checked.index("</main>")]
    assert "not checked (line 11)</span><div class=\"display\">" in shown  # typeset, its source beneath (session 59)
    assert "<summary class=\"sans note\">source</summary><pre>p(1-p) \\le \\frac{1}{4}</pre>" in shown


def test_the_latex_and_markdown_reports_list_what_a_note_states_unchecked(tmp_path):
    # session 51's last check: a chain's \le link and an update showed in the HTML report only; the claims reports of a
    # note listed its claims and nothing of the relations left unchecked (each context's under it)
    head = '```derive\n[inputs]\nx = []\n[define]\n"f" = "x**2"\n```\n'
    p = tmp_path / "bound.md"
    p.write_text(head + "\n$$\nf = x^2 \\le x^2 + 1_{\\#}\n$$\n\n$$\nx \\leftarrow x - 0.1 \\cdot 2 x\n$$\n")
    md = report_text(str(p), "md", timeout=60)
    assert md.index("Not checked") > md.index("(line 9)")
    assert "- line 9: ` x^2 \\le x^2 + 1_{\\#} `" in md and "- line 13: ` x \\leftarrow x - 0.1 \\cdot 2 x `" in md
    tex = report_text(str(p), "tex", timeout=60)
    assert "\\item line 9: {\\raggedright\\ttfamily x\\textasciicircum{}2 \\textbackslash{}le x\\textasciicircum{}2 + " \
           "1\\_\\{\\textbackslash{}\\#\\}\\par}" in tex
    # two contexts: each lists its own
    p.write_text(head + "\n$$\nf \\le x^2 + 1\n$$\n\n" + head.replace("x**2", "x**3") + "\n$$\nf \\ge x^3 - 1\n$$\n")
    md = report_text(str(p), "md", timeout=60)
    first, second = md.split("## Context 2")
    assert "- line 9: ` f \\le x^2 + 1 `" in first and "- line 20: ` f \\ge x^3 - 1 `" in second
    assert "x^3 - 1" not in first


def test_a_notes_one_derive_block_titles_its_reports(tmp_path):
    # a report probe: with no heading the page was titled by the file's name, the block's title nowhere
    md = tmp_path / "f.md"
    md.write_text('Some prose.\n\n```derive\ntitle = "RL <return> & 100%"\n[inputs]\na = []\n```\n\n$$\na + 0 = a\n$$\n')
    texts = {fmt: report_text(str(md), fmt, timeout=60) for fmt in ("html", "tex", "md")}
    assert "<title>RL &lt;return&gt; &amp; 100%</title>" in texts["html"]
    assert "\\title{RL \\textless{}return\\textgreater{} \\& 100\\%}" in texts["tex"]
    assert texts["md"].startswith("# RL &lt;return&gt; &amp; 100%\n")
    # a heading of the note's own still wins
    md.write_text("# Returns\n\n" + md.read_text())
    assert "<title>Returns</title>" in report_text(str(md), "html", timeout=60)


def test_a_function_name_is_applied_to_its_argument_in_the_written_math(tmp_path):
    # \exp x, \log \sigma: the converter's <mi>exp</mi><mi>x</mi> showed as "expx" in the browser
    md = tmp_path / "f.md"
    md.write_text('```derive\n[inputs]\nx = []\n```\n\n$$\n\\frac{d}{dx} \\exp x = \\exp x\n$$\n\n$$\n'
                  '\\frac{d}{dx} \\log \\cosh x = \\tanh x\n$$\n')
    page = report_text(str(md), "html", timeout=60)
    assert page.count("<mi>exp</mi><mo>\u2061</mo><mspace width=\"0.1667em\" /><mi>x</mi>") == 2
    assert "<mi>log</mi><mo>\u2061</mo><mspace width=\"0.1667em\" /><mi>cosh</mi><mo>\u2061</mo>" in page


def test_a_papers_section_title_prints_its_escaped_characters_and_a_relation_its_own_line(tmp_path):
    # a report probe: \section{Loss \& gradient: 50\%} kept its backslashes in the HTML; a relation not checked was
    # said to be on its display's opening line, not its own (as derive check names it)
    tex = tmp_path / "i.tex"
    tex.write_text("\\documentclass{article}\n\\begin{document}\n\\section{Loss \\& gradient: 50\\% \\_ \\#}\n"
                   "%! derive [inputs]\n%! derive x = []\n\\begin{equation}\nx + 0 = x\n\\end{equation}\n\n"
                   "\\begin{equation}\nx^2 \\ge 0\n\\end{equation}\n\\end{document}\n")
    page = report_text(str(tex), "html", timeout=60)
    assert "<h2>Loss &amp; gradient: 50% _ #</h2>" in page
    assert "not checked (line 11)" in page


def test_a_papers_headings_references_and_footnotes_print_as_the_paper_shows_them(tmp_path):
    # a report probe (session 58): \subsection{The \LaTeX{} form} (a brace group in a heading) was shown as raw source,
    # \footnote{…}, \eqref and \cite kept their commands, \textbackslash{} beside a control space was lost, and a
    # title's \LaTeX, \, and \textasciicircum{} were dropped or printed raw in all three reports
    tex = tmp_path / "p.tex"
    tex.write_text("\\documentclass{article}\n\\title{The \\LaTeX{} way: 5\\,\\% \\textasciicircum{} \\textasciitilde{}}\n"
                   "\\begin{document}\n\\maketitle\n\\section{Gradient of \\texttt{f}}\n"
                   "\\subsection{The \\LaTeX{} form\\footnote{As \\TeX{} does.}}\n"
                   "See Eq.~\\eqref{eq:f} and \\cite{bishop, murphy}, a note\\footnote{With $x^2$ \\& more.} and "
                   "a \\textbackslash{} here.\n"
                   "%! derive [inputs]\n%! derive x = []\n%! derive [define]\n%! derive \"f\" = \"x**3\"\n"
                   "\\begin{equation}\\label{eq:f}\n\\frac{df}{dx} = 3x^2\n\\end{equation}\n\\end{document}\n")
    page = report_text(str(tex), "html", timeout=60)
    assert "<h2>Gradient of f</h2>" in page and "<h3>The LaTeX form<sup>1</sup></h3>" in page
    assert "See Eq. (eq:f) and [bishop, murphy], a note<sup>2</sup> and a \\ here.</p>" in page
    assert '<p class="footnote"><sup>1</sup> As TeX does.</p>' in page
    assert re.search(r'<p class="footnote"><sup>2</sup> With <math [^>]*>.*?</math> &amp; more\.</p>', page)
    title = "The LaTeX way: 5 % ^ ~"  # the thin space \, a space, as all spacing in a title
    assert f"<h1>{title}</h1>" in page
    assert f"# {title}" in report_text(str(tex), "md", timeout=60).replace("\\^", "^").replace("\\~", "~")
    assert "The LaTeX way: 5 \\% \\textasciicircum{} \\textasciitilde{}" in report_text(str(tex), "tex", timeout=60)


def test_a_papers_prose_prints_verbatim_text_accents_and_nested_groups_as_tex_does(tmp_path):
    # a re-probe (session 58): a % inside \url ended the paragraph as a comment, \verb|$a$| was typeset, Se\~nor lost
    # its tilde to a space, \section[Short]{…} and {\bfseries …} groups stayed raw, \emph{\textbf{x}} kept \emph,
    # \texttt{--help} printed an en dash, na\"{\i}ve and \$ inside math were garbled, \cite[p.~3] lost its note;
    # a control word takes the spaces after it (stra\ss e), `single' quotes curl
    tex = tmp_path / "v.tex"
    tex.write_text("\\documentclass{article}\n\\title{A \\textbackslash{}n b and Se\\~nor}\n\\begin{document}\n"
                   "\\section[Short]{Two {\\bfseries bold {inner}} groups}\n"
                   "Visit \\url{http://x/a%20b~c} now, \\verb|$a$ 50%| and \\emph{\\textbf{nested}}, "
                   "\\texttt{derive --help}, Se\\~nor Pe\\~{n}a, na\\\"{\\i}ve, {\\em em} \\S 3, stra\\ss e's \\r{u} `q' a\\ b, "
                   "$a = \\$3$ costs, \\cite[p.~3]{knuth}, \\texttt{\\textbackslash{}frac}.\\\\% a private comment\n"
                   "%! derive [inputs]\n%! derive x = []\n\\begin{equation}\nx + 0 = x\n\\end{equation}\n\\end{document}\n")
    page = report_text(str(tex), "html", timeout=60)
    assert "<h2>Two bold inner groups</h2>" in page
    prose = re.search(r"<p>Visit (.*?)</p>", page, re.S).group(1)
    shown = re.sub(r"<math .*?</math>", "[math]", prose, flags=re.S)
    assert shown == ("<code>http://x/a%20b~c</code> now, <code>$a$ 50%</code> and nested, derive --help, Señor Peña, "
                     "naïve, em §3, straße’s ů ‘q’ a b, [math] costs, [knuth, p. 3], \\frac.")
    assert "comment" not in page
    assert "<h1>A \\n b and Señor</h1>" in page


def test_every_report_says_what_fails_the_run_beside_the_counts(tmp_path):
    # a report probe: derive check's summary says "(1 of them untested …)" and "1 relation(s) not checked"; the
    # reports' badges counted the verdicts alone
    md = tmp_path / "f.md"
    md.write_text('```derive\n[sizes]\nm = "rows"\nn = "cols"\n[inputs]\nX = ["m", "n"]\nB = ["m", "n"]\n```\n\n'
                  '$$\n\\frac{\\partial \\operatorname{tr}(X^\\top B)}{\\partial X} = B^\\top \\quad \\text{if } m = n\n$$\n\n'
                  '$$\n\\operatorname{tr}(X^\\top X) \\ge 0\n$$\n')
    said = "1 of the unproved untested: no point was tried (this fails a run); 1 relation(s) not checked"
    assert said in report_text(str(md), "html", timeout=60)
    assert said.replace("(", "\\(").replace(")", "\\)") in report_text(str(md), "md", timeout=60)
    assert said in report_text(str(md), "tex", timeout=60)


def test_a_display_not_checked_is_typeset_and_a_proofs_givens_are_named(tmp_path):
    # a report probe (session 59): relations derive does not check showed as raw TeX in a grey box, the HTML never
    # said which givens a proof used (the Markdown and LaTeX reports do), and there "Givens used" ran into the
    # paragraph of relations not checked
    p = tmp_path / "n.md"
    p.write_text("```derive\n[inputs]\na = []\n[define]\n\"h\" = \"relu(a)\"\n```\n\n$$\nh \\le a + 1\n$$\n\n"
                 "$$\n\\frac{\\partial h}{\\partial a} = 1 \\quad \\text{if } a > 0\n$$\n")
    page = report_text(str(p), "html", timeout=60)
    unchecked = page[page.index('<div class="unchecked">'):]
    unchecked = unchecked[:unchecked.index("</details></div>")]
    assert 'display="block"' in unchecked and "<mo>≤</mo>" in unchecked
    assert '<summary class="sans note">source</summary><pre>$$\nh \\le a + 1\n$$</pre>' in unchecked
    proved = page[page.index('<article class="claim proved"'):]
    assert "givens used: <code>a &gt; 0</code>" in proved[:proved.index("</article>")]
    md = report_text(str(p), "md", timeout=60)
    assert re.search(r"Givens used: ` a > 0 `\n\n+Not checked", md)
    tex = report_text(str(p), "tex", timeout=60)
    assert "Givens used: \\texttt{a \\textgreater{} 0}\n\n\\textbf{Not checked}" in tex


def test_a_papers_abstract_lists_and_tables_print_as_the_paper_shows_them(tmp_path):
    # a report probe (session 59): \begin{abstract} showed as "\beginabstract", list items ran together on one line,
    # a table as "\begintable\captionA table & caption\begintabularll a & b …"; a title's \{braces\} lost its braces
    tex = tmp_path / "p.tex"
    tex.write_text("\\documentclass{article}\n\\title{On \\{braces\\}}\n\\begin{document}\n\\maketitle\n"
                   "\\begin{abstract}\nWe show it.\n\\end{abstract}\n"
                   "\\begin{itemize}\n\\item First\n\\item Second\n\\end{itemize}\n"
                   "\\begin{enumerate}\n\\item One\n\\item Two\n\\end{enumerate}\n"
                   "\\begin{table}\\centering\\caption{Sizes \\& shapes}\\begin{tabular}{ll} a & b \\\\ c & d "
                   "\\end{tabular}\\end{table}\n"
                   "%! derive [inputs]\n%! derive x = []\n\\begin{equation}\nx + 0 = x\n\\end{equation}\n"
                   "\\end{document}\n")
    page = report_text(str(tex), "html", timeout=60)
    assert "<h1>On {braces}</h1>" in page
    assert "<h4>Abstract</h4>\n<p>We show it.</p>" in page
    assert "<p>• First</p>\n<p>• Second</p>" in page and "<p>1. One</p>\n<p>2. Two</p>" in page
    assert "<p>Table: Sizes &amp; shapes</p>\n<p>a | b</p>\n<p>c | d</p>" in page
    assert "\\begin" not in page[page.index("<main"):page.index("</main>")].replace("\\begin{equation}", "")
    for fmt in ("md", "tex"):  # each escaped for its format
        assert "On \\{braces\\}" in report_text(str(tex), fmt, timeout=60)


def test_a_papers_aligned_labelled_or_ampersand_displays_not_checked_are_typeset(tmp_path):
    # a re-probe (session 59): displays not checked were typeset only without \label, alignment or \& in a \text;
    # a table's \multicolumn and a figure's \fbox printed their names
    tex = tmp_path / "p.tex"
    tex.write_text("\\documentclass{article}\n\\begin{document}\n"
                   "\\begin{align}\n a &\\ge 0 \\\\ b &\\le 1\n\\end{align}\n"
                   "\\begin{equation}\n c \\ge 0 \\label{eq:c}\n\\end{equation}\n"
                   "\\begin{tabular}{ll} \\multicolumn{2}{c}{spanning} \\\\ a & b \\end{tabular}\n"
                   "%! derive [inputs]\n%! derive x = []\n"
                   "\\begin{equation}\n x^2 \\ge 0 \\quad \\text{squares \\& more}\n\\end{equation}\n"
                   "\\end{document}\n")
    page = report_text(str(tex), "html", timeout=60)
    shown = re.findall(r'<div class="unchecked"><span class="sans note">([^<]*)</span>(<div class="display">|<pre>)',
                       page)
    assert [note for note, _ in shown] == ["not checked (before the first derive context) (line 3)",
                                          "not checked (before the first derive context) (line 6)",
                                          "not checked (line 13)"]
    assert all(how == '<div class="display">' for _, how in shown)  # each typeset, its source folded beneath
    assert "<mtext>squares &amp; more</mtext>" in page.replace("\u00a0", " ")  # the converter's spaces
    labelled = page[page.index("(line 6)"):]
    assert "eq:c" not in labelled[:labelled.index("<details")]  # typeset without its label
    assert "<p>spanning</p>" in page and "multicolumn" not in page.split("<pre>")[0]


def test_a_papers_equation_label_is_shown_by_its_claim(tmp_path):
    # a report probe (session 59): the prose's \eqref{eq:grad} printed "(eq:grad)", and no claim said which it was
    tex = tmp_path / "p.tex"
    tex.write_text("\\documentclass{article}\n\\begin{document}\n%! derive [inputs]\n%! derive x = []\n"
                   "\\begin{equation}\nx + 0 = x \\label{eq:sum}\n\\end{equation}\nBy \\eqref{eq:sum}, and\n"
                   "\\begin{equation}\nx \\cdot 1 = x\n\\end{equation}\n\\end{document}\n")
    page = report_text(str(tex), "html", timeout=60)
    assert re.findall(r'<span class="num note">([^<]*)</span>', page) == ["line 6 · (eq:sum)", "line 10"]
    assert "By (eq:sum), and" in page


def test_every_card_and_entry_says_where_its_claim_is_asserted_and_under_what(tmp_path):
    # a probe (session 60): a proved or refuted claim's own conditions (\text{for } -1 < a < 1) and givens were in no
    # report; the HTML's proved cards show no evidence line, so they say it beside the claim
    p = tmp_path / "c.md"
    p.write_text("```derive\n[inputs]\nx = []\ny = []\n[define]\n\"f\" = \"x**2 * y\"\n```\n\n"
                 "$$ \\frac{\\partial f}{\\partial x} = 2 x \\quad \\text{for } x > 0 \\text{ and } y = 1 $$\n\n"
                 "$$ \\frac{\\partial f}{\\partial x} = 3 x y \\quad \\text{for } x > 0 $$\n")
    page = report_text(str(p), "html", timeout=60)
    cards = page.split('<article class="claim ')[1:]
    # (the proof names the given it used; the refutation's counterexample meets x > 0)
    assert cards[0].startswith("proved") and "Asserted only where x &gt; 0." in cards[0] \
        and "givens used: <code>y = 1</code>" in cards[0]
    assert cards[1].startswith("refuted") and "Asserted only where x &gt; 0." in cards[1]
    md = report_text(str(p), "md", timeout=60)
    assert md.count("Asserted only where x &gt; 0\\.") == 2  # (Markdown escapes its full stop)
