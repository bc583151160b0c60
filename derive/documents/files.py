"""Which files are Markdown/LaTeX documents: their suffixes and the folder walk that finds the ones to check.

Imports nothing heavy, so that ``derive check FOLDER`` can list its files before deciding
whether anything needs loading (a fully cached re-run never imports SymPy); whether a
document holds a derive context is ``load.has_context``'s answer, or a caller's cached copy of it.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

SUFFIXES = (".md", ".markdown", ".tex")


def is_document(path: str | Path) -> bool:
    """True for a file this package reads (by suffix)."""
    return Path(path).suffix.lower() in SUFFIXES


def documents_in(folder: Path, has_context: Callable[[Path], bool] | None = None) -> list[Path]:
    """Markdown/LaTeX files under ``folder`` that hold a derive context (others are skipped quietly)."""
    if has_context is None:
        from .load import has_context
    found = [p for suffix in SUFFIXES for p in folder.rglob("*" + suffix)]
    return sorted(p for p in found if p.is_file() and has_context(p))
