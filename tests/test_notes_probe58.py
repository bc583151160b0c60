"""What session 58 found: wrong claims left unproved or right ones refused, each test failing on the code before its
fix."""
from __future__ import annotations

from _checking import note_verdicts
from _oneline import assert_note_refused

def test_a_natural_logarithm_written_with_base_e_is_read(tmp_path) -> None:
    # \log_e x was refused ("a logarithm's base is 2 or 10")
    head = '```derive\n[inputs]\nx = []\n```\n'
    assert note_verdicts(tmp_path, head, r"\frac{d}{dx} \log_e x = \frac{1}{x} \quad \text{for } x > 0",
                         r"\frac{d}{dx} \log_e x = \frac{1}{x \ln 10} \quad \text{for } x > 0") == ["proved", "refuted"]


def test_a_second_derivative_in_subscript_notation_is_refused_saying_how_to_write_it(tmp_path, capsys) -> None:
    # a probe: \partial_{xx} s (PDE texts' notation) said "a derivative must be taken by a quantity", though x is one
    head = '```derive\n[inputs]\nx = []\ny = []\n[define]\n"s" = "sigmoid(x*y)"\n```\n'
    for written in (r"\partial_{xx} s = s", r"\partial_{xy} s = s"):
        assert_note_refused(tmp_path, capsys, head, written,
                            r"is not read as a second derivative: write \partial_x \partial_y f")
