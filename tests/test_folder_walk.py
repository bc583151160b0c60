"""A folder given to ``derive check`` finds every note a file named alone would read, as the pytest plugin does:
upper-case endings, fences in any case or with attributes, old Mac line ends, symlinked folders (each was read
when named and skipped by the walk, exit 0 beside its refuted claim)."""
from __future__ import annotations

import os

import pytest

from derive.cli import main

pytest_plugins = ["pytester"]

HEAD = "```{fence}\n[inputs]\nx = []\n[define]\n\"f\" = \"2*x\"\n```\n\n$$\nf = {rhs}\n$$\n"
TOML = '[inputs]\nx = []\n[define]\n"f" = "2*x"\n\n[[claim]]\nname = "slip"\neq = "f = 3*x"\n'


def _verdicts(capsys, *args) -> tuple[int, str]:
    code = main(["check", "--no-cache", *args])
    return code, capsys.readouterr().out.strip().splitlines()[-1]


def test_a_folder_walk_finds_notes_a_named_file_would_read(tmp_path, capsys):
    (tmp_path / "ok.md").write_text(HEAD.format(fence="derive", rhs="2 x"))
    (tmp_path / "A.MD").write_text(HEAD.format(fence="derive", rhs="3 x"))
    (tmp_path / "upper.md").write_text(HEAD.format(fence="Derive", rhs="3 x"))
    (tmp_path / "attr.md").write_text(HEAD.format(fence='derive title="x"', rhs="3 x"))
    (tmp_path / "mac.md").write_bytes(HEAD.format(fence="derive", rhs="3 x").replace("\n", "\r").encode())
    (tmp_path / "d.DERIVE.TOML").write_text(TOML)
    assert _verdicts(capsys, str(tmp_path)) == (1, "6 claim(s) in 6 file(s): 1 proved, 5 refuted, 0 unproved")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this system")
def test_a_folder_walk_follows_a_symlinked_folder_once(tmp_path, capsys):
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "slip.md").write_text(HEAD.format(fence="derive", rhs="3 x"))
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "ok.md").write_text(HEAD.format(fence="derive", rhs="2 x"))
    (tmp_path / "notes" / "papers").symlink_to(tmp_path / "papers", target_is_directory=True)
    (tmp_path / "notes" / "loop").symlink_to(tmp_path / "notes", target_is_directory=True)  # walked once
    assert _verdicts(capsys, str(tmp_path / "notes")) == (1, "2 claim(s) in 2 file(s): 1 proved, 1 refuted, 0 unproved")


def test_the_plugins_timeout_is_checked_as_derive_checks_is(pytester):
    pytester.makefile(".md", note=HEAD.format(fence="derive", rhs="2 x"))
    for bad in ("0", "nan", "-1"):
        result = pytester.runpytest("-p", "no:cacheprovider", "--derive-no-cache", f"--derive-timeout={bad}")
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines(["*--derive-timeout: timeout must be in (0, 3600] seconds*"])


def test_a_fence_with_any_space_after_its_word_is_found_by_the_walk(tmp_path, capsys):
    # the reader splits the info string on any space: a no-break space or a form feed after derive was read when
    # named, skipped by the walk
    (tmp_path / "nbsp.md").write_text(HEAD.format(fence='derive\u00a0title="x"', rhs="3 x"))
    (tmp_path / "ff.md").write_text(HEAD.format(fence="derive\f", rhs="3 x"))
    assert _verdicts(capsys, str(tmp_path)) == (1, "2 claim(s) in 2 file(s): 0 proved, 2 refuted, 0 unproved")


def test_a_walk_stays_out_of_the_folders_pytest_skips_but_reads_a_folder_named(tmp_path, capsys):
    # .ipynb_checkpoints/ and node_modules/ copies were checked by derive check FOLDER, never by the plugin
    (tmp_path / "ok.md").write_text(HEAD.format(fence="derive", rhs="2 x"))
    for folder in (".ipynb_checkpoints", "node_modules", "build", "venv"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "copy.md").write_text(HEAD.format(fence="derive", rhs="3 x"))
    assert _verdicts(capsys, str(tmp_path)) == (0, "1 claim(s) in 1 file(s): 1 proved, 0 refuted, 0 unproved")
    assert _verdicts(capsys, str(tmp_path / "build")) == (1, "1 claim(s) in 1 file(s): 0 proved, 1 refuted, 0 unproved")


def test_a_utf16_note_in_a_folder_is_reported_as_it_is_when_named(tmp_path, capsys):
    # refused when named (not UTF-8), but skipped by the walk: its refuted claim passed with exit 0
    (tmp_path / "ok.md").write_text(HEAD.format(fence="derive", rhs="2 x"))
    (tmp_path / "windows.md").write_bytes(HEAD.format(fence="derive", rhs="3 x").encode("utf-16"))
    assert main(["check", "--no-cache", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "windows.md" in err[0], err
