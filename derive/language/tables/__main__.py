"""Rewrite every shipped parse table from its grammar (run after editing a grammar or upgrading Lark)."""
import importlib

from derive.language.lalr import GRAMMARS, TABLES, table_text

for name, module in GRAMMARS.items():
    m = importlib.import_module(module)
    (TABLES / f"{name}.json").write_text(table_text(m.GRAMMAR, m.LARK_OPTIONS), encoding="utf-8")
    print(f"wrote {TABLES / name}.json")
