"""The ``derive`` command line: argument parsing and dispatch, nothing else.

Each sub-command's work lives in its own module, imported only when that command runs,
so ``derive list`` does not pay for numpy or Jinja.  Every error a user can cause is one
line on stderr and exit code 2; a traceback is a bug in derive.
"""
from __future__ import annotations

import argparse
import errno
import gc
import importlib
import os
import sys

from .collector import pace_for_sympy, size_sympy_caches, with_stack_room

# command -> "module:function"; the function takes the parsed arguments and returns an exit code.
HANDLERS = {
    "list": "derive.terminal:run_list",
    "show": "derive.terminal:run_show",
    "check": "derive.verify.command:run_check",
    "report": "reports.command:run_report",
    "codegen": "numeric.command:run_codegen",
}


def _positive(text: str) -> int:
    """A context number (``--context N``): 1 to 200."""
    if not text.strip().isascii() or not text.strip().isdigit():  # int() reads 3_0 as 30, ٣ as 3
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    value = int(text)
    if not 1 <= value <= 200:
        raise argparse.ArgumentTypeError(f"must be between 1 and 200 (contexts are numbered from 1), got {value}")
    return value


def seconds(text: str) -> float:
    """A per-claim time budget given on a command line (``--timeout``, the plugin's ``--derive-timeout``)."""
    return _seconds(text)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"timeout must be in (0, 3600] seconds, got {value}")
    return value


def _quantity(text: str) -> str:
    if not text.strip():  # an empty --wrt was taken as no --wrt: the default variable, silently
        raise argparse.ArgumentTypeError("expected a quantity's name, got an empty one")
    return text


def _model_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--wrt", default=None, type=_quantity,
                   help="variable to differentiate by (default: the model's target, W for softmax, V for mlp; of a "
                        "file, its first parameter the loss depends on, else its first input the loss depends on)")
    # checked with --size (derive.sizes), so that a bad value is one line, not argparse's usage block
    p.add_argument("--n", default=None, help="explicit number of classes (every entry written out)")
    p.add_argument("--m", default=None, help="explicit number of features")
    p.add_argument("--size", action="append", metavar="NAME=VALUE", default=[],
                   help="explicit value of any size, e.g. --size p=4 --size B=2 (repeatable); "
                        "sizes not given take their defaults (n = m = 3, p = B = 2)")
    p.add_argument("--no-assume", action="store_true", help="do not apply the model's assumptions (e.g. Σ y = 1)")


def _version() -> str:
    """The installed distribution's version (the source tree's when run uninstalled)."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("derive")
    except PackageNotFoundError:
        return "(not installed)"


class _VersionAction(argparse.Action):
    """``--version``, looked up only when asked for: reading the installed metadata costs every other
    command (a cached ``derive check`` included) tens of milliseconds."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"derive {_version()}")  # on stdout, as argparse's own version action prints
        parser.exit()


def parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command."""
    ap = argparse.ArgumentParser(prog="derive", description="Derive, prove and explain neural-network gradients.")
    ap.add_argument("--version", action=_VersionAction, nargs=0, help="show the program's version number and exit")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("list", help="list the catalog models")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("show", help="derive a gradient step by step (a catalog model or a *.derive.toml file)")
    p.add_argument("model", help="catalog model name (see 'derive list'), or a *.derive.toml file")
    _model_args(p)
    _context_arg(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = sub.add_parser("check", help="verify the claims of *.derive.toml files and Markdown/LaTeX notes")
    p.add_argument("paths", nargs="*", help="*.derive.toml, *.md or *.tex files, or folders searched for them "
                                            "(.md/.tex only when they hold a derive context)")
    p.add_argument("--catalog", action="store_true", help="also prove every catalog model's gradient claims")
    p.add_argument("--strict", action="store_true", help="treat 'unproved' as a failure")
    p.add_argument("--json", action="store_true", help="print one JSON array")
    p.add_argument("--junit-xml", metavar="FILE", help="write a JUnit XML report")
    p.add_argument("--timeout", type=_seconds, default=None, help="seconds allowed per claim")
    p.add_argument("--no-cache", action="store_true", help="check every claim again; read and write no cache")
    p.add_argument("--cache-dir", metavar="DIR", default=None, help="verdict cache folder (default: .derive_cache)")

    p = sub.add_parser("report", help="render a derivation report (HTML, LaTeX or Markdown)")
    p.add_argument("source", nargs="?", help="catalog model name, a *.derive.toml file, or Markdown/LaTeX notes "
                                             "(annotated, HTML only)")
    _model_args(p)
    p.add_argument("--format", choices=("html", "tex", "md"), default=None,
                   help="output format (default: from the output file's suffix)")
    p.add_argument("-o", "--output", required=True, help="file to write (a folder with --catalog)")
    p.add_argument("--catalog", action="store_true",
                   help="report every catalog model into the folder -o (all formats unless --format)")
    p.add_argument("--timeout", type=_seconds, default=None, help="seconds allowed per claim (*.derive.toml)")
    p.add_argument("--no-cache", action="store_true", help="check every claim again; read and write no cache")
    p.add_argument("--cache-dir", metavar="DIR", default=None, help="verdict cache folder (default: .derive_cache)")

    p = sub.add_parser("codegen", help="write a standalone NumPy module computing loss and gradients")
    p.add_argument("model", help="catalog model name, or a *.derive.toml file")
    p.add_argument("-o", "--output", required=True, help="Python file to write")
    _context_arg(p)
    return ap


def _context_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--context", type=_positive, default=None, metavar="N",
                   help="of notes with several derive contexts, the N-th (from 1)")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``derive`` console script."""
    size_sympy_caches()
    args = parser().parse_args(argv)
    module, func = HANDLERS[args.command].split(":")
    from .errors import DeriveError
    from .textsafe import escape
    try:
        handler = getattr(importlib.import_module(module), func)
        code = int(handler(args) or 0)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not in the interpreter's exit
        return code
    except DeriveError as exc:
        print(f"derive: error: {escape(str(exc))}", file=sys.stderr)
        return 2
    except OSError as exc:
        if exc.errno in _PATH_ERRORS and exc.filename is not None:
            # a path the user gave that cannot be used (a name too long, a loop of links): one line, no traceback
            print(f"derive: error: {escape(str(exc.filename))}: {exc.strerror}", file=sys.stderr)
            return 2
        if exc.errno not in (errno.EPIPE, errno.ENOSPC, errno.EIO, errno.EBADF, errno.EFBIG, errno.EDQUOT):
            raise
        _silence_stdout()
        if exc.errno != errno.EPIPE:  # a closed pipe (| head) ends quietly
            print(f"derive: error: cannot write the output: {exc.strerror}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("derive: interrupted", file=sys.stderr)
        return 130


#: Errors of a path as given (reading an input, writing an output), reported with the path in one line.
_PATH_ERRORS = (errno.ENAMETOOLONG, errno.ELOOP, errno.ENOTDIR, errno.EACCES, errno.EPERM, errno.EROFS)


def run() -> int:
    """The ``derive`` console script and ``python -m derive``: ``main`` in a process of its own."""
    pace_for_sympy()  # from before SymPy is imported: importing it allocates by the million too
    code = with_stack_room(main)
    # What is alive now lives until the process ends; the interpreter's last collection would only walk
    # it (~0.1 s after checking the examples).  Frozen, it is left out of that walk.
    gc.freeze()
    return code


def _silence_stdout() -> None:
    """Point standard output at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run())
