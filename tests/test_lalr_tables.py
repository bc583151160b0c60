"""The parse tables shipped with derive (``derive.language.lalr``): current, loaded, and parsing as Lark's own."""
from __future__ import annotations

import importlib
import json
from pathlib import Path

import lark
import pytest
from lark import Lark

from derive.documents import grammar as latex_grammar
from derive.documents.load import load_any, load_unbounded
from derive.language import grammar as expression_grammar
from derive.language import lalr

EXAMPLES = Path(__file__).parents[1] / "examples"


def _fresh_parsers(monkeypatch) -> None:
    expression_grammar.parser.cache_clear()
    monkeypatch.setattr(latex_grammar, "_PARSER", None)


@pytest.mark.parametrize("name", sorted(lalr.GRAMMARS))
def test_each_shipped_table_is_current_and_loads_without_analysing_the_grammar(name, monkeypatch) -> None:
    m = importlib.import_module(lalr.GRAMMARS[name])
    stamp = json.loads((lalr.TABLES / f"{name}.json").read_text(encoding="utf-8"))["stamp"]
    # Stale after an edit of the grammar or its options: run python -m derive.language.tables
    assert stamp["grammar"] == lalr.grammar_digest(m.GRAMMAR, m.LARK_OPTIONS)
    analysed = []
    real_init = Lark.__init__
    monkeypatch.setattr(Lark, "__init__", lambda self, *a, **k: analysed.append(a) or real_init(self, *a, **k))
    loaded = lalr.parser(name, m.GRAMMAR, **m.LARK_OPTIONS)
    assert loaded.parse("x", **({"start": "test"} if name == "expression" else {}))
    # Another Lark may serialise differently: its own analysis is used then (slower, never wrong).
    assert analysed == ([] if stamp["lark"] == lark.__version__ else [(m.GRAMMAR,)])


def test_a_stale_or_unreadable_table_is_not_used(tmp_path, monkeypatch) -> None:
    m = expression_grammar
    monkeypatch.setattr(lalr, "TABLES", tmp_path)
    (tmp_path / "expression.json").write_text((Path(lalr.__file__).with_name("tables") / "expression.json")
                                              .read_text(encoding="utf-8"), encoding="utf-8")
    built = []
    real_init = Lark.__init__

    def counting(self, *args, **kwargs):
        built.append(args[0])
        real_init(self, *args, **kwargs)
    monkeypatch.setattr(Lark, "__init__", counting)
    edited = m.GRAMMAR.replace('"<=" | ">="', '">=" | "<="')
    assert lalr.parser("expression", edited, **m.LARK_OPTIONS).parse("a <= b", start="test")
    (tmp_path / "expression.json").write_text("{not json", encoding="utf-8")
    assert lalr.parser("expression", m.GRAMMAR, **m.LARK_OPTIONS).parse("a * b", start="test")
    (tmp_path / "expression.json").unlink()
    assert lalr.parser("expression", m.GRAMMAR, **m.LARK_OPTIONS).parse("a - b", start="test")
    assert built == [edited, m.GRAMMAR, m.GRAMMAR]


def _every_example() -> list:
    out = []
    for path in sorted(EXAMPLES.iterdir()):
        if path.name.endswith((".derive.toml", ".md", ".tex")):
            for f in load_unbounded(path, lambda _at: None):
                out.append((f.path, sorted(f.quantities), [(c.name, c.lhs, c.rhs) for c in f.claims]))
    return out


def test_every_example_reads_the_same_with_tables_built_by_lark(tmp_path, monkeypatch) -> None:
    _fresh_parsers(monkeypatch)
    from_tables = _every_example()
    monkeypatch.setattr(lalr, "TABLES", tmp_path)  # no tables: each grammar analysed by Lark again
    _fresh_parsers(monkeypatch)
    assert _every_example() == from_tables and len(from_tables) >= 14
    _fresh_parsers(monkeypatch)


def test_parsers_are_complete_before_a_bounded_load_forks(monkeypatch) -> None:
    # A bounded load parses in a forked child: whatever the parser compiles there is lost with the child.
    _fresh_parsers(monkeypatch)
    document = EXAMPLES / "softmax_notes.md"
    assert load_any(document, 30)[0].claims
    assert latex_grammar._PARSER is not None and expression_grammar.parser.cache_info().currsize == 1
    compiled = []
    real = lark.lexer.BasicLexer._build_scanner
    monkeypatch.setattr(lark.lexer.BasicLexer, "_build_scanner", lambda self: compiled.append(self) or real(self))
    assert load_unbounded(document) and _every_example()
    assert compiled == []
