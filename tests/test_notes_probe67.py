"""What session 67 found; each test of a fix failing on the code before it."""
from __future__ import annotations

from _oneline import assert_one_line_error

RNN = '''# Scalar RNN unrolled over T steps

```derive
[sizes]
T = "steps"

[inputs]
w = []
x = ["T"]
h0 = []

[define]
"h[t]" = "tanh(w*where(t == 1, h0, h[t - 1]) + x[t])"
```

$$
\\frac{\\partial h_t}{\\partial x_t} = 1 - h_t^2
$$
'''


def test_a_recursive_definition_is_named_as_one(tmp_path, capsys) -> None:
    # a probe's RNN note: h[t] from h[t - 1] said "undefined quantity 'h'", though h was the quantity being defined
    note = tmp_path / "rnn.md"
    note.write_text(RNN)
    assert_one_line_error(note, 13, "definition of h[t]: it reads h itself, and a recursive definition is not read; "
                          "declare the step before as an input of its own (\"hprev\" in [inputs])", capsys)
    scalar = tmp_path / "sum.derive.toml"
    scalar.write_text('[inputs]\nw = []\n\n[define]\n"L" = "L + w"\n\n[[claim]]\nname = "c"\nlhs = "diff(L, w)"\n'
                      'rhs = "1"\n')
    assert_one_line_error(scalar, 5, "definition of L: it reads L itself, and a recursive definition is not read; "
                          "each quantity is defined once", capsys)
    # another undefined name is still called undefined
    other = tmp_path / "other.derive.toml"
    other.write_text('[inputs]\nw = []\n\n[define]\n"L" = "q + w"\n\n[[claim]]\nname = "c"\nlhs = "diff(L, w)"\n'
                     'rhs = "1"\n')
    assert_one_line_error(other, 5, "definition of L: undefined quantity 'q'", capsys)
