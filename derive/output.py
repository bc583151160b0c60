"""Writing output files (-o, --junit-xml, generated modules): atomic for files, never replacing a device.

Owns the one writer every command uses.  A regular file (or a new path) is written to a
temporary file beside it and renamed over it, so a crash never leaves half a file; the
result honours the umask.  An existing path that is not a regular file — a device such
as ``/dev/null``, a FIFO — is written in place, never replaced; a folder is refused.  Every
failure (no such folder, permission, a full disk, ``/proc``) is one ``DeriveError`` line.
"""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import DeriveError
from .textsafe import escape


def _fail(path: str | os.PathLike, exc: OSError | str) -> DeriveError:
    why = exc if isinstance(exc, str) else (exc.strerror or type(exc).__name__)
    return DeriveError(f"{escape(str(path))}: cannot write: {why}")


def _in_place(path: str, data: bytes) -> None:
    try:
        with open(path, "wb") as fh:
            fh.write(data)
            fh.flush()
    except OSError as exc:
        raise _fail(path, exc) from None


def not_over(output: str | os.PathLike, source: str | os.PathLike) -> None:
    """Refuse an output path that is the source file itself (``derive report notes.md -o notes.md``)."""
    try:
        same = os.path.exists(source) and os.path.exists(output) and os.path.samefile(output, source)
    except OSError:
        same = False
    if same:
        raise _fail(output, f"it is the file being read ({escape(str(source))}); choose another output")


def write_output(path: str | os.PathLike, content: str | bytes, source: str | os.PathLike | None = None) -> None:
    """Write ``content`` (text is UTF-8) to ``path``: atomically for a file, in place for a device or FIFO.

    ``source``: the file the output was made from, which it may never replace.
    """
    if source is not None:
        not_over(path, source)
    data = content.encode("utf-8") if isinstance(content, str) else content
    shown = str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise _fail(shown, exc) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise _fail(shown, "it is a folder")
    if st is not None and not stat.S_ISREG(st.st_mode):
        _in_place(shown, data)
        return
    target = Path(os.path.realpath(path))  # through a symlink, replace the file it points to
    directory = target.parent
    if not directory.is_dir():
        raise _fail(shown, f"folder {escape(str(Path(path).parent))} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:80]}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise _fail(shown, exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp creates 0600; the output is an ordinary file, so honour the umask like open() does.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise _fail(shown, exc) from None
        raise
