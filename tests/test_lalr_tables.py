"""The parse tables shipped with derive (``derive.language.lalr``): current, loaded, and parsing as Lark's own."""
from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from lark import Lark

from derive.documents import grammar as latex_grammar
from derive.documents.load import load_unbounded
from derive.language import grammar as expression_grammar
from derive.language import lalr

EXAMPLES = Path(__file__).parents[1] / "examples"


def _fresh_parsers(monkeypatch) -> None:
    expression_grammar._parser.cache_clear()
    monkeypatch.setattr(latex_grammar, "_PARSER", None)


@pytest.mark.parametrize("name", sorted(lalr.GRAMMARS))
def test_each_shipped_table_is_current_and_loads_without_analysing_the_grammar(name, monkeypatch) -> None:
    m = importlib.import_module(lalr.GRAMMARS[name])
    stored = (lalr.TABLES / f"{name}.json").read_text(encoding="utf-8")
    # Stale after an edit of the grammar or its options, or another Lark: run python -m derive.language.tables
    assert lalr._stamp(m.GRAMMAR, m.LARK_OPTIONS) in stored

    def no_analysis(self, *args, **kwargs):
        raise AssertionError("the grammar was analysed instead of its table loaded")
    monkeypatch.setattr(Lark, "__init__", no_analysis)
    loaded = lalr.parser(name, m.GRAMMAR, **m.LARK_OPTIONS)
    assert loaded.options.parser == "lalr"


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
