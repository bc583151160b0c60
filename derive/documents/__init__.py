"""Derivations where they live: Markdown notes and LaTeX papers checked like ``*.derive.toml`` files.

``grammar`` and ``mathbuild`` read LaTeX math into the file format's SymPy objects;
``macros`` is the one table of function macros.
"""
