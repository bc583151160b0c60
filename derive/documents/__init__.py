"""Derivations where they live: Markdown notes and LaTeX papers checked like ``*.derive.toml`` files.

Reading math: ``grammar`` (the declarative LaTeX grammar), ``mathbuild`` with ``names``, ``sums``
and ``pieces`` (its meaning, as the file format's SymPy objects), ``macros`` (the one table of
function macros).  Reading documents: ``markdown`` and ``latex`` (scanners into ``parts``),
``chains`` (display blocks into claims), ``load`` (one ``DerivationFile`` per derive context).
"""
