"""A folder walk's question "does this note hold a derive context?" is bounded like loading, and its scans are linear.

``derive check FOLDER`` and pytest's collection ask it of every Markdown/LaTeX file before any bounded load: a
crafted 20 KB note (19,000 backticks, or macros expanding in 2,000 displays) held the walk itself for hours.
"""
from __future__ import annotations

from derive.cli import main
from derive.documents import load, markdown

NOTE = """# A note

```derive
[inputs]
x = []
```

$$
\\frac{d}{dx} x^2 = 2 x
$$
"""


def test_a_scan_that_overruns_is_cut_off_and_the_file_left_to_loading(tmp_path, monkeypatch):
    note = tmp_path / "slow.md"
    note.write_text(NOTE)
    assert load.has_context(note)

    def forever(path, text):
        while True:
            pass
    monkeypatch.setattr(load, "parts_of", forever)
    monkeypatch.setattr(load, "LOAD_TIMEOUT", 0.3)
    # Too slow to tell is "yes": loading then reports it at the file, rather than the walk skipping it unseen.
    assert load.has_context(note)
    plain = tmp_path / "plain.md"
    plain.write_text("# No derive here\n")
    assert not load.has_context(plain)  # the quick filter needs no scan


def test_code_spans_are_blanked_as_commonmark_pairs_backtick_runs():
    w = markdown._without_code
    assert w("a `$$` b") == "a      b"
    assert w("a `` `$$` `` b") == "a " + " " * 10 + " b"
    # A run closes only at a run of the same length; unmatched runs are literal backticks.
    assert w("```` `ba``aa$") == "```` `ba``aa$"
    assert w("x" + "`" * 19000) == "x" + "`" * 19000


def test_a_note_with_a_long_run_of_backticks_is_checked(tmp_path, capsys):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "ticks.md").write_text(NOTE + "\n" + "x" + "`" * 19000 + "\n")
    assert main(["check", "--no-cache", str(folder)]) == 0
    assert "1 proved" in capsys.readouterr().out


def test_a_condition_trailed_by_many_right_delimiters_is_read_at_once(tmp_path, capsys):
    """The closing-punctuation pattern split the spaces after each \\right two ways (exponential backtracking):
    thirteen of them, 209 bytes, spent the 10 s load budget and were reported as "too complex" at line 1."""
    note = tmp_path / "ann.md"
    note.write_text("```derive\n[inputs]\nx = []\n[define]\n\"f\" = \"x**2\"\n```\n\n$$\nf = x^2 \\quad \\text{if } x > 0"
                    + " \\right  " * 40 + " y\n$$\n")
    assert main(["check", "--no-cache", str(note)]) == 2
    err = capsys.readouterr().err
    assert f"{note}:9: unknown symbol 'y'" in err and "too complex" not in err
