"""Issue 13 point 6: --version, show of a file, --size with stated defaults, report says what it wrote."""
from __future__ import annotations

import io
import sys

import pytest

from derive.cli import main
from derive.progress import progress


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_prints_the_distribution_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    out = capsys.readouterr().out
    assert exc.value.code == 0 and out.startswith("derive ") and out.split()[1][0].isdigit()


def test_other_commands_do_not_read_the_installed_metadata(monkeypatch, capsys):
    """The version is looked up for --version only: reading metadata slowed every command."""
    import importlib.metadata

    def refuse(name):
        raise AssertionError("version looked up")
    monkeypatch.setattr(importlib.metadata, "version", refuse)
    code, out, _ = run(capsys, "list")
    assert code == 0 and "softmax" in out


def test_show_accepts_a_derivation_file(capsys):
    code, out, _ = run(capsys, "show", "examples/softmax.derive.toml")
    assert code == 0
    assert "∂L/∂W_jk = (s_j - y_j)·x_k" in out


def test_show_of_a_missing_file_is_one_line(capsys, tmp_path):
    code, out, err = run(capsys, "show", str(tmp_path / "none.derive.toml"))
    assert code == 2 and out == "" and err.count("\n") == 1


def test_size_sets_any_size_and_says_which_were_defaulted(capsys):
    code, out, _ = run(capsys, "show", "mlp", "--size", "p=1", "--size", "n=2", "--m", "1")
    assert code == 0
    assert out.splitlines()[1] == "sizes: n = 2, p = 1, m = 1; differentiate by V"
    code, out, _ = run(capsys, "show", "mlp", "--size", "n=2", "--m", "1")
    assert "sizes: n = 2, p = 2, m = 1 (default for p; set with --size NAME=VALUE)" in out


@pytest.mark.parametrize("argv,needle", [
    (["show", "mlp", "--size", "q=2"], "model mlp has no size q (its sizes: n, p, m)"),
    (["show", "mlp", "--size", "p"], "expected NAME=VALUE"),
    (["show", "mlp", "--size", "p=0"], "between 1 and 200"),
    # --n and --m like --size: one line (not argparse's usage block), plain digits (int() reads 3_0 and ٣)
    (["show", "mlp", "--n", "0"], "--n '0': a size must be between 1 and 200"),
    (["show", "mlp", "--n", "3_0"], "--n '3_0': expected a positive integer"),
    (["show", "mlp", "--m", "\u0663"], "expected a positive integer"),
    # one size given two values: which was meant?
    (["show", "mlp", "--n", "3", "--size", "n=4"], "--size n=4 sets n = 4, but --n set it to 3: give one value"),
    (["show", "mlp", "--size", "p=3", "--size", "p=2"], "sets p = 2, but --size p=3 set it to 3"),
])
def test_bad_sizes_are_one_line_errors(capsys, argv, needle):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and needle in err and err.count("\n") == 1


def test_report_and_show_default_to_the_same_sizes():
    from derive.catalog import get
    from derive.sizes import explicit_sizes
    sizes, defaulted = explicit_sizes(get("mlp-batch"), {"n": 2})
    assert sizes == {"n": 2, "p": 2, "m": 3, "B": 2} and set(defaulted) == {"p", "m", "B"}


def test_report_says_what_it_wrote(capsys, tmp_path):
    target = tmp_path / "logsumexp.md"
    code, out, _ = run(capsys, "report", "logsumexp", "-o", str(target))
    assert code == 0 and target.exists()
    assert out == f"wrote {target}: Markdown derivation report of model logsumexp\n"


def test_progress_is_silent_unless_stderr_is_a_terminal(monkeypatch):
    quiet = io.StringIO()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert list(progress(range(3), "work")) == [0, 1, 2] and quiet.getvalue() == ""

    class Tty(io.StringIO):
        def isatty(self):
            return True
    loud = Tty()
    monkeypatch.setattr(sys, "stderr", loud)
    assert list(progress(range(3), "work", total=3)) == [0, 1, 2]
    assert "work" in loud.getvalue()


@pytest.mark.parametrize("source", ["examples/softmax.derive.toml", "examples/backprop_mistakes.md"])
@pytest.mark.parametrize("options,named", [
    (["--wrt", "W"], "--wrt is"),
    (["--n", "4"], "--n/--m/--size is"),
    (["--size", "n=4"], "--n/--m/--size is"),
    (["--no-assume"], "--no-assume is"),
    (["--wrt", "W", "--no-assume"], "--wrt and --no-assume are"),
    (["--wrt", "W", "--m", "2", "--no-assume"], "--wrt, --n/--m/--size and --no-assume are"),
])
def test_report_of_a_file_refuses_the_options_of_a_catalog_derivation(capsys, tmp_path, source, options, named):
    """A file's report shows its claims as written: --wrt, sizes and --no-assume were silently ignored."""
    target = tmp_path / "out.html"
    code, out, err = run(capsys, "report", source, "-o", str(target), *options)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert f"{named} for catalog models only; the report of {source} shows its claims as written" in err
    assert not target.exists()


def test_report_of_a_folder_says_a_report_is_of_one_file(capsys, tmp_path):
    # a report probe: `derive report examples -o a.html` said "no model 'examples' in the catalog"
    target = tmp_path / "out.html"
    code, out, err = run(capsys, "report", str(tmp_path), "-o", str(target))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert f"{tmp_path} is a folder: a report is of one derivation file, note or catalog model" in err
    assert not target.exists()
