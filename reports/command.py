"""``derive report``: pick the format, build the report data, render, write atomically (numeric/'s writer).

``derive report --catalog -o FOLDER`` reports every catalog model in one command: each
model's report data is built once for all formats, and models are spread over the cores.
"""
from __future__ import annotations

import multiprocessing
import os
from argparse import Namespace
from collections.abc import Iterator
from pathlib import Path

from derive.errors import DeriveError
from derive.progress import progress
from derive.output import not_over
from numeric.codegen import write_atomic  # the one atomic writer: OSError becomes a one-line DeriveError
from derive.terminal import is_file_argument

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
    if Path(path).is_dir():
        raise ReportError(f"{path}: is a folder, not a file to write the report to")
    if not folder.is_dir():
        raise ReportError(f"{path}: folder {folder} does not exist")
    return folder


def report_text(source: str, fmt: str, *, wrt: str | None = None, assume: bool = True,
                sizes: dict[str, int] | None = None, timeout: float | None = None, check=None) -> str:
    """The rendered report for a catalog model name or a ``*.derive.toml`` file."""
    return report_texts(source, (fmt,), wrt=wrt, assume=assume, sizes=sizes, timeout=timeout, check=check)[fmt]


def report_texts(source: str, formats: tuple[str, ...], *, wrt: str | None = None, assume: bool = True,
                 sizes: dict[str, int] | None = None, timeout: float | None = None, check=None) -> dict[str, str]:
    """The report for ``source`` in each of ``formats``, from one build of the report data.

    ``check(file, timeout)`` decides a file's claims (default: ``check_loaded``; ``derive report``
    passes the verdict cache's, as ``derive check`` uses).
    """
    from .render import render
    from derive.documents.load import is_document
    for fmt in formats:
        output_format("", fmt)  # an unknown format is a ReportError naming the known ones, before any work
    if not isinstance(source, str) or not source.strip():
        raise ReportError(f"report_text: give a catalog model's name or a derivation file's path; got {source!r:.40}")
    if is_document(source):
        # Markdown/LaTeX notes: in HTML the document itself, annotated; in LaTeX and Markdown its equations.
        from .document import build_document_claims_report, build_document_report
        out = {}
        if "html" in formats:
            out["html"] = render("document", "html", r=build_document_report(source, timeout, check))
        others = [fmt for fmt in formats if fmt != "html"]
        if others:
            data = build_document_claims_report(source, timeout, check)
            out.update({fmt: render("verify", fmt, r=data) for fmt in others})
        return {fmt: out[fmt] for fmt in formats}
    if is_file_argument(source):  # the same rule as derive codegen
        from .claims import build_file_report
        data, template = build_file_report(source, timeout, check), "verify"
    else:
        from derive import catalog
        from .build import build_model_report
        data = build_model_report(catalog.get(source), wrt, assume=assume, explicit_sizes=sizes or None)
        template = "report"
    return {fmt: render(template, fmt, r=data) for fmt in formats}


def _catalog_worker(job: tuple[str, tuple[str, ...], bool]) -> tuple[str, dict[str, str]]:
    name, formats, assume = job
    return name, report_texts(name, formats, assume=assume)


def catalog_reports(formats: tuple[str, ...], *, assume: bool = True,
                    workers: int | None = None) -> Iterator[tuple[str, dict[str, str]]]:
    """Every catalog model's report in ``formats``, built once per model, on every core.

    Each model's report is a pure function of the model (checked by the tests across
    processes), so spreading models over worker processes changes no byte.  Results come
    back in catalog order.
    """
    from derive.catalog import CATALOG
    jobs = [(name, formats, assume) for name in CATALOG]
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    if workers == 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(_catalog_worker, jobs)
        return
    # Import once here, so forked workers share the modules instead of importing them each.
    import derive.explicit  # noqa: F401
    import numeric  # noqa: F401
    from . import build, claims, numeric_evidence  # noqa: F401
    # Costliest models first (batched, then deeper) so no worker is left with a long tail.
    order = sorted(range(len(jobs)), key=lambda i: -_cost(CATALOG[jobs[i][0]]))
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        done = dict(zip(order, pool.imap(_catalog_worker, [jobs[i] for i in order])))
    for i in range(len(jobs)):
        yield done[i]


def _cost(model) -> int:
    """A rough ordering of report cost: the explicit instance grows with the batch and the depth."""
    return (4 if model.batch else 1) * len(model.nodes)


def run_catalog(args: Namespace) -> int:
    """``derive report --catalog -o FOLDER [--format F]``: every catalog model, every format."""
    folder = Path(args.output)
    if folder.exists() and not folder.is_dir():
        raise ReportError(f"{args.output}: with --catalog, -o names a folder, and this is a file")
    if not folder.exists() and not folder.parent.is_dir():
        raise ReportError(f"{args.output}: with --catalog, -o names a folder, and {folder.parent} does not exist")
    if args.source or args.wrt or args.n or args.m or getattr(args, "size", None):
        raise ReportError("--catalog reports every model with its own unknown and default sizes; "
                          "give no model, --wrt, --n, --m or --size")
    formats = (output_format("", args.format),) if args.format else FORMATS
    from derive.catalog import CATALOG
    targets = [folder / f"{name}.{_EXT[fmt]}" for name in CATALOG for fmt in formats]
    if folder.exists():
        _writable(folder, targets)  # before the (slow) reports: a bad target is found in a second, not a minute
    folder.mkdir(exist_ok=True)  # one new level at most, like mkdir without -p
    # Every report is built before any is written, so a failure while building leaves the folder as it was.
    reports = dict(progress(catalog_reports(formats, assume=not args.no_assume), "report --catalog",
                            total=len(CATALOG)))
    _writable(folder, targets)  # again: the folder may have changed while the reports were built
    written = 0
    for name, texts in reports.items():
        for fmt, text in texts.items():
            write_atomic(str(folder / f"{name}.{_EXT[fmt]}"), text)
            written += 1
    print(f"wrote {written} files to {folder}: {len(CATALOG)} catalog models in {', '.join(formats)}")
    return 0


_EXT = {"html": "html", "tex": "tex", "md": "md"}


def _writable(folder: Path, targets: list[Path]) -> None:
    """Refuse, before anything is written, a catalog target that could not be written as a new or regular file.

    ``write_atomic`` would refuse such a target only when its turn came, after the files before it were written.
    """
    from derive.textsafe import escape
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ReportError(f"{escape(str(folder))}: cannot write into this folder (permission denied); nothing was written")
    for path in targets:
        if not os.path.lexists(path):
            continue
        shown = escape(str(path))
        if path.is_dir():
            raise ReportError(f"{shown}: cannot write: it is a folder; nothing was written")
        if not path.is_file():  # a FIFO or device would be written in place (and a FIFO would block)
            raise ReportError(f"{shown}: cannot write: it is not a regular file; nothing was written")
        if not os.access(Path(os.path.realpath(path)).parent, os.W_OK | os.X_OK):
            raise ReportError(f"{shown}: cannot write: its folder is missing or not writable; nothing was written")


def _build(job: tuple, _progress=None) -> str:
    """The text of the report ``job`` = (arguments, format, sizes) asks for."""
    args, fmt, sizes = job
    return report_text(args.source, fmt, wrt=args.wrt, assume=not args.no_assume, sizes=sizes,
                       timeout=getattr(args, "timeout", None), check=_cached_check(args))


def run_report(args: Namespace) -> int:
    """``derive report SOURCE -o FILE [--format html|tex|md]`` (or ``--catalog -o FOLDER``)."""
    if getattr(args, "catalog", False):
        return run_catalog(args)
    if not args.source:
        raise ReportError("give a catalog model name or a *.derive.toml file (or --catalog)")
    if Path(args.source).is_dir():
        raise ReportError(f"{args.source} is a folder: a report is of one derivation file, note or catalog model "
                          f"(derive check takes folders; --catalog -o FOLDER reports every model)")
    fmt = output_format(args.output, args.format)
    _folder(args.output)  # fail before the (slower) derivation, not after
    not_over(args.output, args.source)
    from derive.documents.load import is_document
    from derive.terminal import asked_sizes
    sizes = asked_sizes(args)
    if is_file_argument(args.source) or is_document(args.source):
        # A file's report shows its claims as written; an option it cannot honour is refused, not ignored.
        ignored = [flag for flag, given in (("--wrt", args.wrt), ("--n/--m/--size", sizes),
                                            ("--no-assume", args.no_assume)) if given]
        if ignored:
            named = " and ".join([", ".join(ignored[:-1]), ignored[-1]] if len(ignored) > 1 else ignored)
            raise ReportError(f"{named} {'are' if len(ignored) > 1 else 'is'} for catalog models only; "
                              f"the report of {args.source} shows its claims as written")
    if sizes:  # sizes asked of a catalog model are a user's input: bounded in time and memory, as derive show
        from derive.terminal import SHOW_TIMEOUT
        from derive.verify.bounded import run_for_command
        text = run_for_command(_build, (args, fmt, sizes), SHOW_TIMEOUT, "",
                               f"building the report of {args.source} at the sizes asked")
    else:
        text = _build((args, fmt, sizes))
    write_atomic(args.output, text, args.source)
    if is_document(args.source):
        what = "annotated document of" if fmt == "html" else "verification report of"
    else:
        what = "verification report of" if is_file_argument(args.source) else "derivation report of model"
    print(f"wrote {args.output}: {_NAMES[fmt]} {what} {args.source}")
    return 0


_NAMES = {"html": "HTML", "tex": "LaTeX", "md": "Markdown"}


def _cached_check(args: Namespace):
    """``check(file, timeout)`` through the verdict cache ``derive check`` keeps (``--no-cache``, ``--cache-dir``)."""
    from derive.verify import check_loaded
    from derive.verify.cache import open_cache
    cache = open_cache(getattr(args, "cache_dir", None), getattr(args, "no_cache", False))
    return lambda f, timeout: cache.check_file(f, timeout, check_loaded)
