"""``derive show FILE`` derives a user's file under a time bound, like check, report and codegen."""
from __future__ import annotations

from pathlib import Path

import derive.terminal as terminal
from derive.cli import main

EXAMPLE = Path(__file__).parents[1] / "examples" / "softmax.derive.toml"


def test_show_of_a_file_past_its_budget_is_one_line_error(monkeypatch, capsys) -> None:
    monkeypatch.setattr(terminal, "SHOW_TIMEOUT", 0.01)
    assert main(["show", str(EXAMPLE)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and f"{EXAMPLE}:0: deriving the model took longer than" in err


def test_show_of_a_file_prints_the_derivation_from_the_bounded_child(capsys) -> None:
    assert main(["show", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("softmax: ") and "∂L/∂W_jk = (s_j - y_j)·x_k" in out
