"""``derive show FILE`` derives a user's file under a time bound, like check, report and codegen; so do ``derive
show`` and ``derive report`` of a catalog model at sizes a user asked for."""
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
    assert err.count("\n") == 1 and f"{EXAMPLE}: deriving the model took longer than" in err


def test_show_of_a_file_prints_the_derivation_from_the_bounded_child(capsys) -> None:
    assert main(["show", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("softmax: ") and "∂L/∂W_jk = (s_j - y_j)·x_k" in out


def test_sizes_asked_of_a_catalog_model_are_bounded_in_time_and_memory(monkeypatch, capsys, tmp_path) -> None:
    # --n 200 --m 200 ran in derive's own process: 57 s and 2 GB before anything was printed
    monkeypatch.setattr(terminal, "SHOW_TIMEOUT", 0.01)
    assert main(["show", "softmax", "--n", "3", "--m", "3"]) == 2
    assert capsys.readouterr().err == "derive: error: deriving softmax at the sizes asked took longer than 0.01 s\n"
    assert main(["report", "softmax", "--n", "3", "--m", "3", "-o", str(tmp_path / "r.html")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("derive: error: building the report of softmax at the sizes asked took longer than")
    assert not (tmp_path / "r.html").exists()
    # (the memory cap is the bounded child's, tested with files: how much a child may add depends on the heap
    # it inherits, so a size that overruns it from a fresh process may fit in a long-lived test process)
    monkeypatch.setattr(terminal, "SHOW_TIMEOUT", 60.0)
    assert main(["show", "softmax", "--n", "3", "--m", "3"]) == 0  # and within them, the written-out entries
    assert "[z1; z2; z3] = [W11·x1 + W12·x2 + W13·x3;" in capsys.readouterr().out
