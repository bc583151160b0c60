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
