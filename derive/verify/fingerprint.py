"""The code fingerprint both cache layers key on: derive's own source and the versions of what computes verdicts.

Owns one rule: a stored verdict is only as good as the code that computed it, so every cache
key includes a hash of every file of the ``derive`` package (``__pycache__`` aside) and of
the Python, SymPy, mpmath and Lark in use (Lark parses what a file says: the file-level
layer maps a file's bytes to what was parsed from them).  None of them is imported for this (a fully cached re-run must
not pay for them): their packages are located with ``importlib.util.find_spec`` exactly as an
import would locate them, and the files that carry their version (``__init__.py``, and
``release.py``/``version.py``/``_version.py`` when present) are hashed with their paths.
Any change of version changes those files, so it changes the fingerprint.
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
    """The code cannot be fingerprinted (sources missing): nothing may be cached."""


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
    """Hex SHA-256 of derive's source and the Python/SymPy/mpmath in use (computed once per process)."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        _FINGERPRINT = _compute()
    return _FINGERPRINT


__all__ = ["NoFingerprint", "code_fingerprint"]
