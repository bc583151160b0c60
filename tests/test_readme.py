"""The README's promises: its library example runs as printed, and its commands are the CI's."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def test_library_example_runs_as_printed(capsys):
    code, = re.findall(r"```python\n(.*?)```", README, re.S)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # our own README, not user input
    out = capsys.readouterr().out
    assert "matrix form" in out and "∂L/∂W_jk" in out
    assert np.isfinite(namespace["loss"]) and namespace["grads"]["W"].shape == (3, 4)
    assert "<math" in namespace["html"]


def test_ci_runs_the_readme_test_command():
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    test_command = next(b.strip() for b in blocks if "pytest" in b)
    assert test_command in (ROOT / ".ci" / "run").read_text()


def test_using_it_commands_parse_after_the_set_up_line():
    """Every ``derive …`` line of "Using it" is accepted by the parser, and set-up activates the venv."""
    import shlex

    import pytest

    from derive.cli import parser
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    assert ". .venv/bin/activate" in blocks[0]
    using = next(b for b in blocks if b.lstrip().startswith("derive list"))
    for line in using.splitlines():
        argv = shlex.split(line.split("  #")[0])
        assert argv[0] == "derive", line
        if argv[1:] == ["--version"]:
            with pytest.raises(SystemExit) as exc:
                parser().parse_args(argv[1:])
            assert exc.value.code == 0
        else:
            parser().parse_args(argv[1:])
