"""Rewrite each shipped parse table whose stamp no longer matches its grammar or Lark (``--force``: all).

Lark numbers its states in an order that varies with the process's hash seed, so a table is
rewritten only when it is stale: an unchanged grammar keeps its file byte for byte.
"""
import importlib
import json
import sys

from derive.language.lalr import GRAMMARS, TABLES, stamp, table_text

for name, module in GRAMMARS.items():
    m = importlib.import_module(module)
    path = TABLES / f"{name}.json"
    try:
        current = json.loads(path.read_text(encoding="utf-8"))["stamp"] == stamp(m.GRAMMAR, m.LARK_OPTIONS)
    except (OSError, ValueError, KeyError):
        current = False
    if current and "--force" not in sys.argv[1:]:
        print(f"{path} is current")
        continue
    path.write_text(table_text(m.GRAMMAR, m.LARK_OPTIONS), encoding="utf-8")
    print(f"wrote {path}")
