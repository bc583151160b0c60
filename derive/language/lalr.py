"""Lark LALR parsers loaded from parse tables shipped with derive, instead of analysed at every start.

Lark computes a grammar's LALR tables when a parser is built: ~40 ms for the expression grammar
and ~47 ms for the LaTeX one, paid by every process that reads a file (each worker of
``derive check``).  Loading the same tables takes ~5 ms.  They are Lark's own serialisation
(``memo_serialize``, what ``Lark.save`` writes), stored as JSON under ``tables/``: JSON has no
tuples and no integer keys, so those are tagged.  Each file is stamped with a digest of the
grammar and its options, and with Lark's version.  ``parser`` loads the tables only when the stamp
matches, and otherwise builds from the grammar. So an edited grammar or another Lark costs time,
never a wrong parse.  ``python -m derive.language.tables`` rewrites the stale ones, and
``tests/test_lalr_tables.py`` fails while they are stale.  The files are derive's own package
data, read with ``json`` (no pickle, nothing executed).

A parser is returned complete: Lark's contextual lexer compiles each parser state's scanner (a
large regular expression) on first use, and a bounded load runs in a forked child, which would
compile them again for every file and then exit, taking them along (~30 % of loading a file).
Compiling all of them once (~40 ms) in the process that forks leaves nothing for a child to build.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import lark
from lark import Lark
from lark.grammar import Rule
from lark.lexer import TerminalDef

TABLES = Path(__file__).with_name("tables")
#: Each shipped grammar: its table's name and the module whose ``GRAMMAR`` and ``LARK_OPTIONS`` it holds
#: (named, not imported: the documents layer builds on this one).
GRAMMARS = {"expression": "derive.language.grammar", "latex": "derive.documents.grammar"}

_TUPLE, _ITEMS = "\x00tuple", "\x00items"


def grammar_digest(grammar: str, options: dict) -> str:
    """A digest of a grammar and its options: the part of a table's stamp an edit changes."""
    text = json.dumps([grammar, sorted((k, repr(v)) for k, v in options.items())])
    return hashlib.sha256(text.encode()).hexdigest()


def stamp(grammar: str, options: dict) -> dict:
    """What a table must be stamped with to be loaded for ``grammar`` under this Lark."""
    return {"grammar": grammar_digest(grammar, options), "lark": lark.__version__}


def _encode(o: Any) -> Any:
    if isinstance(o, tuple):
        return {_TUPLE: [_encode(x) for x in o]}
    if isinstance(o, list):
        return [_encode(x) for x in o]
    if isinstance(o, dict):
        if all(isinstance(k, str) for k in o) and _TUPLE not in o and _ITEMS not in o:
            return {k: _encode(v) for k, v in o.items()}
        return {_ITEMS: [[_encode(k), _encode(v)] for k, v in o.items()]}
    if o is None or isinstance(o, (str, int, float, bool)):
        return o
    raise TypeError(f"cannot store {type(o).__name__} in a parse table")


def _decode(o: dict) -> Any:
    if len(o) == 1:
        if _TUPLE in o:
            return tuple(o[_TUPLE])
        if _ITEMS in o:
            return dict(o[_ITEMS])
    return o


def serialised(parser: Lark) -> dict:
    """``parser``'s tables, as ``Lark.save`` would store them."""
    data, memo = parser.memo_serialize([TerminalDef, Rule])
    return {"data": data, "memo": memo}


def table_text(grammar: str, options: dict) -> str:
    """The JSON file of a grammar: its stamp and the tables Lark builds from ``grammar``."""
    built = serialised(Lark(grammar, **options))
    return json.dumps({"stamp": stamp(grammar, options), "tables": _encode(built)}, separators=(",", ":")) + "\n"


def parser(name: str, grammar: str, **options: Any) -> Lark:
    """The LALR parser of ``grammar`` with ``options``, its scanners compiled: from
    ``tables/<name>.json`` when its stamp matches, else built."""
    return _compiled(_loaded(name, grammar, options))


def _loaded(name: str, grammar: str, options: dict) -> Lark:
    try:
        stored = json.loads((TABLES / f"{name}.json").read_text(encoding="utf-8"), object_hook=_decode)
        if stored.get("stamp") == stamp(grammar, options):
            return Lark.load(stored["tables"])
    except (OSError, ValueError, KeyError, TypeError, lark.exceptions.LarkError):
        pass  # missing or unreadable: build it, as if there were no table
    return Lark(grammar, **options)


def _compiled(parser: Lark) -> Lark:
    """``parser`` with every scanner of its lexer compiled now rather than on first use."""
    lexer = getattr(getattr(parser, "parser", None), "lexer", None)
    # Lark's own lexers; another Lark may lay them out differently, which costs only the time saved here.
    for basic in [*getattr(lexer, "lexers", {}).values(), getattr(lexer, "root_lexer", lexer)]:
        getattr(basic, "scanner", None)
    return parser
