"""``derive report``: pick the format, build the report data, render, write atomically."""
from __future__ import annotations

import os
import tempfile
from argparse import Namespace
from pathlib import Path

from derive.errors import DeriveError

from .render import FORMATS, SUFFIXES


class ReportError(DeriveError):
    """A report that cannot be written as asked (format, output path)."""


def output_format(path: str, fmt: str | None) -> str:
    """The format asked for, else the one the output's suffix names."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise ReportError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
        return fmt
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise ReportError(f"{path}: cannot tell the format from the suffix {suffix or '(none)'!r}; "
                          f"use .html, .tex or .md, or --format")
    return SUFFIXES[suffix]


def _folder(path: str) -> Path:
    """The existing folder ``path`` will be written into."""
    folder = Path(path).parent
    if not folder.is_dir():
        raise ReportError(f"{path}: folder {folder} does not exist")
    return folder


def write_atomic(path: str, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and ``os.replace``."""
    target = Path(path)
    folder = _folder(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        # mkstemp creates 0600; a report is an ordinary file, so honour the umask like open() does.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def report_text(source: str, fmt: str, *, wrt: str | None = None, assume: bool = True,
                n: int | None = None, m: int | None = None, timeout: float | None = None) -> str:
    """The rendered report for a catalog model name or a ``*.derive.toml`` file."""
    from .render import render
    if source.endswith(".toml"):
        from .claims import build_file_report
        return render("verify", fmt, r=build_file_report(source, timeout))
    from derive import catalog
    from .build import build_model_report
    model = catalog.get(source)
    return render("report", fmt, r=build_model_report(model, wrt, assume=assume,
                                                      explicit_sizes=_sizes(n, m)))


def _sizes(n: int | None, m: int | None) -> dict[str, int] | None:
    sizes = {k: v for k, v in (("n", n), ("m", m)) if v is not None}
    return sizes or None


def run_report(args: Namespace) -> int:
    """``derive report SOURCE -o FILE [--format html|tex|md]``."""
    fmt = output_format(args.output, args.format)
    _folder(args.output)  # fail before the (slower) derivation, not after
    text = report_text(args.source, fmt, wrt=args.wrt, assume=not args.no_assume, n=args.n, m=args.m,
                       timeout=getattr(args, "timeout", None))
    write_atomic(args.output, text)
    return 0
