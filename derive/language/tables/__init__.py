"""Parse tables of derive's grammars (``derive.language.lalr``): JSON files, rewritten by ``python -m derive.language.tables``."""
