"""derive's command line run in this process, its exit code and output read as a subprocess's would be.

For tests whose subject is what a command prints and returns, not the process itself: a launch
costs a fresh interpreter importing SymPy and derive (~0.7 s of CPU). What only a real process
shows (no traceback at exit, a closed pipe, a full disk, the hash seed) stays in a subprocess.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from derive.cli import main


@dataclass
class Ran:
    """What ``derive ARGS`` returned and printed."""

    returncode: int
    stdout: str
    stderr: str


def run(capsys: pytest.CaptureFixture, *args: str) -> Ran:
    """``derive *args`` in this process (verdicts in the session's cache, tests/conftest.py, unless args name another)."""
    capsys.readouterr()  # what earlier steps printed is not this command's output
    code = main(list(args))
    out = capsys.readouterr()
    return Ran(code, out.out, out.err)
