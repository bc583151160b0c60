"""Which files are Markdown/LaTeX documents: their suffixes and the folder walk that finds the ones to check.

Imports nothing heavy, so that ``derive check FOLDER`` can list its files before deciding
whether anything needs loading (a fully cached re-run never imports SymPy); whether a
document holds a derive context is ``load.has_context``'s answer, or a caller's cached copy of it.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from fnmatch import fnmatch
from pathlib import Path

SUFFIXES = (".md", ".markdown", ".tex")
#: folders a walk stays out of: pytest's default ``norecursedirs``, so that ``derive check FOLDER`` and the plugin
#: agree (a walk read .ipynb_checkpoints/ copies and node_modules/ READMEs the plugin never collected)
SKIPPED_FOLDERS = ("*.egg", ".*", "_darcs", "build", "CVS", "dist", "node_modules", "venv", "{arch}")


def is_document(path: str | Path) -> bool:
    """True for a file this package reads (by suffix)."""
    return Path(path).suffix.lower() in SUFFIXES


def files_in(folder: Path) -> list[Path]:
    """Every file under ``folder``, into symlinked folders too (each real folder once), as pytest collects.

    ``rglob`` matched suffixes by case and stayed out of symlinked folders: A.MD, c.TEX and a linked papers/
    folder were read when named, and skipped by ``derive check FOLDER``, exit 0 beside their refuted claims.
    Folders below it named as pytest's defaults skip (``SKIPPED_FOLDERS``) are not entered; the folder named is."""
    out, seen = [], set()
    for root, dirs, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(root)
        if real in seen:
            dirs[:] = []  # a link back up the tree: walked once
            continue
        seen.add(real)
        dirs[:] = [d for d in dirs if not any(fnmatch(d, pattern) for pattern in SKIPPED_FOLDERS)]
        out += [Path(root) / n for n in names]
    return out


def documents_in(folder: Path, has_context: Callable[[Path], bool] | None = None) -> list[Path]:
    """Markdown/LaTeX files under ``folder`` that hold a derive context (others are skipped quietly)."""
    if has_context is None:
        from .load import has_context
    return sorted(p for p in files_in(folder) if is_document(p) and p.is_file() and has_context(p))
