"""Messages for input that ends too soon, and for a context number out of range, say what is wrong."""
from __future__ import annotations

import pytest

from derive.cli import main
from derive.verify.parser import ParseError, Scope, parse_condition, parse_expression


@pytest.mark.parametrize("text,said", [
    ("x[j] >", "something is missing after '>'"),   # a claim's `when` cut short: no bracket is open
    ("x[j] +", "something is missing after '+'"),
    ("x[j]**", "something is missing after '**'"),
    ("exp(x[j]", "(a bracket not closed)"),
    ("(x[1] + ", "(a bracket not closed)"),
])
def test_an_expression_that_ends_too_soon_says_why(text, said):
    read = parse_condition if ">" in text else parse_expression
    with pytest.raises(ParseError) as exc:
        read(text, Scope(quantities={"x": 1}, sizes={}))
    assert f"syntax error in {text.strip()!r}: unexpected end of expression" in str(exc.value)
    assert str(exc.value).endswith(said)
    assert ("bracket" in said) == ("bracket" in str(exc.value))


def test_context_zero_is_a_context_number_not_a_size(capsys, tmp_path):
    with pytest.raises(SystemExit) as exc:
        main(["codegen", "examples/softmax_notes.md", "--context", "0", "-o", str(tmp_path / "g.py")])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "--context: must be between 1 and 200 (contexts are numbered from 1), got 0" in err
    assert "size" not in err.splitlines()[-1]
