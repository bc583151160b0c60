"""The code fingerprint both cache layers key on: derive's own source and the versions of what computes verdicts.

Owns one rule: a stored verdict is only as good as the code that computed it, so every cache
key includes a hash of every file of the ``derive`` package (``__pycache__`` aside) and of
the Python, SymPy, mpmath and Lark in use (Lark parses what a file says: the file-level
layer maps a file's bytes to what was parsed from them).  None of them is imported for this (a fully cached re-run must
not pay for them): their packages are located with ``importlib.util.find_spec`` exactly as an
import would locate them, and the files that carry their version (``__init__.py``, and
``release.py``/``version.py``/``_version.py`` when present) are hashed with their paths.
Any change of version changes those files, so it changes the fingerprint.

Constructs registered from user code (``derive.language.register``: a conftest.py, a script)
are no part of derive's source, and their meaning can hang on anything their code reads: while
any is in the table there is no fingerprint, so neither cache layer reads or writes, and
derive says so once on stderr.
"""
from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

#: The packages whose code reads files or computes verdicts besides derive's own.
PACKAGES = ("sympy", "mpmath", "lark")
_VERSION_FILES = ("__init__.py", "release.py", "version.py", "_version.py")


class NoFingerprint(Exception):
    """The code cannot be fingerprinted (sources missing, constructs from user code): nothing may be cached."""


#: The table of constructs; not imported here (it needs SymPy): if it is not loaded, nobody registered anything.
_TABLE = __name__.rsplit(".", 2)[0] + ".language.table"
_TOLD: list[str] = []


def cache_off_note() -> str | None:
    """Why nothing is cached, while constructs registered (or removed) from user code are in the table; else None."""
    table = sys.modules.get(_TABLE)
    user = table.not_built_in() if table is not None else []
    return (f"derive: the verdict cache is off while constructs registered outside derive are in the table "
            f"({', '.join(user)}): their code is not part of the cache key") if user else None


def _package(h, name: str) -> None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.origin:
        raise NoFingerprint(f"{name} is not there to fingerprint")
    folder = Path(spec.origin).parent
    h.update(f"{name}\0{spec.origin}\0".encode())
    for file in _VERSION_FILES:
        path = folder / file
        if path.is_file():
            h.update(file.encode() + b"\0" + path.read_bytes() + b"\0")


def _compute() -> str:
    from .. import __file__ as package_init
    h = hashlib.sha256()
    h.update(repr((sys.version, sys.implementation.cache_tag)).encode())
    for name in PACKAGES:
        _package(h, name)
    root = Path(package_init).parent
    # Every file, not only *.py: a grammar or table kept beside the code would change what is read too.
    sources = sorted(p for p in root.rglob("*")
                     if p.is_file() and "__pycache__" not in p.relative_to(root).parts)
    if not sources:
        raise NoFingerprint("derive's source is not there to fingerprint")  # a version string alone is too coarse
    for path in sources:
        h.update(str(path.relative_to(root)).encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


_FINGERPRINT: str | None = None


def code_fingerprint() -> str:
    """Hex SHA-256 of derive's source and the Python/SymPy/mpmath in use (once per process); ``NoFingerprint``
    while constructs registered from user code are in the table."""
    global _FINGERPRINT
    note = cache_off_note()  # asked each time: a construct may be registered at any point of a run
    if note is not None:
        if not _TOLD:
            _TOLD.append(note)
            print(note, file=sys.stderr)
        raise NoFingerprint(note)
    if _FINGERPRINT is None:
        _FINGERPRINT = _compute()
    return _FINGERPRINT


__all__ = ["NoFingerprint", "cache_off_note", "code_fingerprint"]
