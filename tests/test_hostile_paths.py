"""Paths and bytes a pull request controls, found by the hostile-input probe: each is one line, exit 2, or read.

- a file name too long for the file system (ENAMETOOLONG), to check, to write a report or JUnit XML to;
- an output path that is the file being read (``derive report notes.md -o notes.md`` replaced the notes);
- Windows line ends in a note (its ``derive`` block was malformed TOML);
- a counterexample value beyond a float (``derive report`` raised OverflowError while shortening it);
- a link to a device ("no such file" misled) and an empty ``--junit-xml`` name (silently ignored).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from derive.cli import main
from reports.command import report_text

ROOT = Path(__file__).resolve().parents[1]
LONG = "a" * 300


def _one_line(capsys, fragment: str) -> None:
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("derive: error: ") and fragment in lines[0], err
    assert "Traceback" not in err


@pytest.mark.parametrize("argv", [
    ["check", f"{LONG}.derive.toml"],
    ["report", str(ROOT / "examples" / "softmax.derive.toml"), "-o", f"{LONG}.html"],
    ["check", str(ROOT / "examples" / "softmax.derive.toml"), "--junit-xml", f"{LONG}.xml"],
])
def test_a_file_name_too_long_is_one_line(tmp_path, monkeypatch, capsys, argv):
    monkeypatch.chdir(tmp_path)
    assert main([*argv, "--no-cache"]) == 2
    _one_line(capsys, "File name too long")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argv", [["report", "notes.md", "-o", "notes.md"],
                                  ["report", "softmax.derive.toml", "-o", "./softmax.derive.toml", "--format", "md"],
                                  ["codegen", "softmax.derive.toml", "-o", "softmax.derive.toml"]])
def test_an_output_never_replaces_the_file_it_is_made_from(tmp_path, monkeypatch, capsys, argv):
    monkeypatch.chdir(tmp_path)
    shutil.copy(ROOT / "examples" / "softmax_notes.md", "notes.md")
    shutil.copy(ROOT / "examples" / "softmax.derive.toml", "softmax.derive.toml")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert main([*argv, "--no-cache"] if argv[0] == "report" else argv) == 2
    _one_line(capsys, "it is the file being read")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_note_with_windows_line_ends_reads_as_with_plain_ones(tmp_path, capsys):
    text = (ROOT / "examples" / "softmax_notes.md").read_text()
    (tmp_path / "crlf.md").write_bytes(text.replace("\n", "\r\n").encode())
    (tmp_path / "lf.md").write_text(text)
    assert main(["check", str(tmp_path / "crlf.md"), "--no-cache"]) == 0
    crlf = capsys.readouterr().out
    assert main(["check", str(tmp_path / "lf.md"), "--no-cache"]) == 0
    assert crlf.replace("crlf.md", "lf.md") == capsys.readouterr().out


def test_a_counterexample_beyond_a_float_is_reported_as_written(tmp_path):
    path = tmp_path / "huge.derive.toml"
    path.write_text('title = "huge"\n[inputs]\na = []\n[[claim]]\nname = "c"\n'
                    'eq = "(10**9)**16*(10**9)**16*(10**9)**16 = a"\n')
    html = report_text(str(path), "html", timeout=60)
    assert "refuted" in html and "e+432" in html


def test_a_folder_walk_skips_an_unreadable_file_that_is_no_note_but_reports_one_that_is(tmp_path, capsys):
    shutil.copy(ROOT / "examples" / "softmax.derive.toml", tmp_path)
    (tmp_path / "README.md").write_bytes(b"\xff\xfe a README in another encoding, about derive\n")
    (tmp_path / "huge.md").write_text("x" * 300_000)
    assert main(["check", str(tmp_path), "--no-cache"]) == 0
    assert "4 claim(s) in 1 file(s)" in capsys.readouterr().out
    (tmp_path / "notes.md").write_bytes(b"```derive\n\xff\n```\n")  # a note, unreadable: said, not skipped
    assert main(["check", str(tmp_path), "--no-cache"]) == 2
    _one_line(capsys, "notes.md:2: file is not valid UTF-8")


def test_a_notebook_named_to_check_is_told_what_derive_check_reads(capsys):
    assert main(["check", str(ROOT / "examples" / "softmax.ipynb"), "--no-cache"]) == 2
    _one_line(capsys, "a notebook is not a derivation file")  # it said "malformed TOML"


@pytest.mark.parametrize("command", [["report", "NB", "-o", "x.html"], ["show", "NB"], ["codegen", "NB", "-o", "g.py"]])
def test_a_notebook_named_to_the_other_commands_is_told_so_too(tmp_path, monkeypatch, capsys, command):
    # a probe: report, show and codegen called softmax.ipynb "no model in the catalog", or "malformed TOML" as ./x.ipynb
    monkeypatch.chdir(tmp_path)
    shutil.copy(ROOT / "examples" / "softmax.ipynb", tmp_path)
    for name in ("softmax.ipynb", "./softmax.ipynb"):
        assert main([name if part == "NB" else part for part in command]) == 2
        _one_line(capsys, "softmax.ipynb: a notebook is not a derivation file")
    assert not (tmp_path / "x.html").exists() and not (tmp_path / "g.py").exists()


def test_a_link_to_a_device_is_named_as_no_regular_file(tmp_path, monkeypatch, capsys):
    # A pull request can commit a symlink to /dev/zero: reading it would never end; "no such file" misled.
    monkeypatch.chdir(tmp_path)
    Path("zero.derive.toml").symlink_to("/dev/zero")
    assert main(["check", "zero.derive.toml", "--no-cache"]) == 2
    _one_line(capsys, "zero.derive.toml: not a regular file or folder")


@pytest.mark.parametrize("argv", [["report", "{f}", "-o", "out.html"], ["show", "{f}"], ["codegen", "{f}", "-o", "out.py"]])
@pytest.mark.parametrize("name", ["pipe.derive.toml", "pipe.md", "zero.derive.toml", "zero.md"])
def test_a_pipe_or_device_given_to_a_command_is_no_regular_file(tmp_path, monkeypatch, capsys, argv, name):
    # a probe: report, show and codegen read the file before their bounded child: on a pipe with no writer they
    # waited forever, and report read /dev/zero until memory ran out (a traceback)
    monkeypatch.chdir(tmp_path)
    if name.startswith("pipe"):
        os.mkfifo(name)
    else:
        Path(name).symlink_to("/dev/zero")
    assert main([a.format(f=name) for a in argv]) == 2
    _one_line(capsys, f"{name}: not a regular file")
    assert not Path("out.html").exists() and not Path("out.py").exists()


def test_a_folder_walk_passes_over_pipes_and_folders_named_like_derivation_files(tmp_path, monkeypatch, capsys):
    # a probe: a pipe named *.derive.toml in a folder kept derive check loading for 5 times its budget
    monkeypatch.chdir(tmp_path)
    os.mkfifo("f.derive.toml")
    Path("dir.derive.toml").mkdir()
    Path("zero.derive.toml").symlink_to("/dev/zero")
    assert main(["check", ".", "--no-cache"]) == 2
    _one_line(capsys, "no *.derive.toml files (nor .md/.tex with a derive context) in this folder")


def test_an_empty_junit_name_is_refused_before_any_work(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(ROOT / "examples" / "softmax.derive.toml"), "--no-cache", "--junit-xml", ""]) == 2
    _one_line(capsys, "--junit-xml needs a file name")  # it was ignored, and no report written


def test_a_file_name_xml_cannot_carry_is_escaped_in_junit(tmp_path, monkeypatch, capsys):
    # a probe: U+FFFF (unassigned, so not among the escaped categories) reached the JUnit XML raw: not well-formed
    import xml.etree.ElementTree as ET
    monkeypatch.chdir(tmp_path)
    Path("a\uffff\ufffe.derive.toml").write_text((ROOT / "examples" / "softmax.derive.toml").read_text())
    assert main(["check", ".", "--no-cache", "--junit-xml", "j.xml"]) == 0
    out = capsys.readouterr().out
    assert "a\\uffff\\ufffe.derive.toml" in out and "\uffff" not in out
    names = {case.get("classname") for case in ET.parse("j.xml").iter("testcase")}
    assert any("a\\uffff\\ufffe" in n for n in names)


def test_a_missing_file_names_no_line_zero(tmp_path, monkeypatch, capsys):
    # a probe: "paper.tex:0: no such file or folder" pointed at a line the file does not have
    monkeypatch.chdir(tmp_path)
    assert main(["check", "paper.tex", "--no-cache"]) == 2
    _one_line(capsys, "derive: error: paper.tex: no such file or folder")
