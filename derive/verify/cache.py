"""The verdict cache: each claim's verdict kept in ``.derive_cache/`` so an unchanged claim is not checked again.

Owns three things.  The key: a SHA-256 over a canonical text of everything a verdict can
depend on (``derive.verify.cachekey``, imported only when a key is computed: it needs
SymPy, and a fully cached run served by ``derive.verify.filecache`` must not).  The entry:
one JSON file per key with a schema name, a version and a checksum (the file-level layer
keeps its entries the same way, under ``files/`` and ``probes/``); a missing, unreadable,
corrupt, foreign or mismatching entry is a miss, never trusted, and is overwritten, and so is
one that is no regular file (a pipe would block the read forever) or a symbolic link (one
committed into the folder could point anywhere): entries are read by ``read_regular``, which
neither blocks nor follows links.  No pickle.  The write: to a temporary file renamed into
place, so concurrent writers (pytest-xdist workers, parallel CI jobs) never leave a torn
entry; a cache that cannot be written is skipped silently (it only saves time).

What is stored: ``proved`` and ``refuted`` verdicts (with the counterexample), and
``unproved`` ones reached without running out of time (reused only under a time budget
no larger than the one they were computed with).  A timed-out claim or an internal
error is always checked again.  Each entry is sealed with an HMAC under a secret kept in the
user's cache folder (``secret_path``; a damaged one is replaced), not in the checkout: entries
a pull request commits or a restored cache from another machine never match, so they are
recomputed, never trusted.
"""
from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import os
import secrets
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from .results import REFUTED, UNPROVED, VERDICTS, ClaimResult, FileReport

if TYPE_CHECKING:
    from .fileformat import ClaimSpec, DerivationFile

DEFAULT_DIR = ".derive_cache"
SCHEMA = "derive.verdict-cache"
VERSION = 1
MAX_ENTRY_BYTES = 1024 * 1024
_CX_KEYS = ("sizes", "indices", "inputs", "lhs", "rhs")
#: ``ClaimResult`` fields that come from the claim at hand, not from the entry; all others are stored.
_FROM_CLAIM = {"name", "line", "lhs", "rhs", "eq", "seconds", "entry"}


def _stored_fields() -> set[str]:
    return {f.name for f in dataclasses.fields(ClaimResult)} - _FROM_CLAIM


def claim_key(f: DerivationFile, claim: ClaimSpec) -> str | None:
    """The cache key of ``claim`` in ``f`` (hex SHA-256), or None when it cannot be keyed safely."""
    from .cachekey import claim_key as key
    return key(f, claim)


def _checksum(key: str, result: dict) -> str:
    """The entry's seal: an HMAC under this machine's secret, so an entry committed into the checked-out tree
    (``.derive_cache/`` of a pull request, a verdict forged as proved) never matches and is recomputed."""
    text = json.dumps([key, result], sort_keys=True, ensure_ascii=True).encode()
    return hmac.new(_secret(), text, hashlib.sha256).hexdigest()


_SECRET: list[bytes] = []


def secret_path() -> Path:
    """Where this machine's cache secret is kept: the user's cache folder, outside any checkout."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "derive" / "cache-secret"


def _secret() -> bytes:
    """32 random bytes made once per machine and user (created atomically, readable by the user alone).

    A secret file of another length is replaced (kept, it would turn the cache off for good); where
    no secret can be kept, one of this process: entries then serve this run only.
    """
    if _SECRET:
        return _SECRET[0]
    path = secret_path()
    value = _stored_secret(path)
    if value is None:
        value = _new_secret(path)
    _SECRET.append(value)
    return value


def _stored_secret(path: Path) -> bytes | None:
    """The secret kept at ``path`` if it is a file of exactly 32 bytes, else None."""
    value = read_regular(path, 32)
    return value if value is not None and len(value) == 32 else None


def _new_secret(path: Path) -> bytes:
    """A fresh secret written to ``path`` atomically, unless another process made one first; the one kept."""
    value = secrets.token_bytes(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secret-")
        try:
            os.write(fd, value)
            os.fchmod(fd, 0o600)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)  # atomic, and never over a secret another process made first
        except FileExistsError:
            if _stored_secret(path) is None:
                # Malformed (another length, a pipe): renamed over, so a reader sees the old file or the whole
                # secret.  Two runs repairing it at once may each keep their own this run; that costs a re-check.
                os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)
    except OSError:
        return value
    return _stored_secret(path) or value


def read_regular(path: Path, limit: int, follow: bool = True) -> bytes | None:
    """The bytes of the regular file at ``path`` if it holds at most ``limit``; else None (missing, unreadable,
    larger, not a regular file, or a symbolic link when ``follow`` is False)."""
    # Opened without blocking and checked before reading: a pipe with no writer would block the open (and a
    # read) forever, and a device (a link to /dev/zero) never ends; at most one byte past the limit is read.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | (0 if follow else getattr(os, "O_NOFOLLOW", 0))
    try:
        with open(os.open(path, flags), "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None
            raw = fh.read(limit + 1)
    except OSError:
        return None
    return raw if len(raw) <= limit else None


def _is_json(value) -> bool:
    """True when ``value`` survives a JSON round trip unchanged, key order included (no tuples, NaN, …)."""
    try:
        text = json.dumps(value, allow_nan=False)
        back = json.loads(text)
        return back == value and json.dumps(back) == text
    except (TypeError, ValueError, RecursionError):
        return False


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_atomic(target: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``target`` and rename it into place (mode from the umask)."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)  # atomic: a reader sees the old entry or the new one, never half of one
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _no_links_below(root: Path, folder: Path) -> bool:
    """True when no folder between ``root`` (which may be a link) and ``folder`` is a symbolic link."""
    # A link committed into .derive_cache/ (verdicts -> ../../src) would make each write land outside the cache.
    for part in [folder, *folder.parents]:
        if part == root:
            return True
        if part.is_symlink():
            return False
    return True


def _storable(r: ClaimResult) -> bool:
    """True for a verdict that says something about the claim (not a timeout or an internal error)."""
    if r.verdict not in VERDICTS or (r.verdict == REFUTED) != isinstance(r.counterexample, dict):
        return False
    reason = str(r.evidence.get("reason", ""))
    return r.verdict != UNPROVED or not ("timeout_seconds" in r.evidence or "time budget" in reason
                                        or "internal error" in reason)


def _valid(entry: dict) -> bool:
    """True when a stored result has every field a ``ClaimResult`` needs, with the right types."""
    cx = entry.get("counterexample")
    return (set(entry) == _stored_fields() | {"timeout"}
            and entry.get("verdict") in VERDICTS and isinstance(entry.get("method"), str)
            and isinstance(entry.get("givens_used"), list) and all(isinstance(g, str) for g in entry["givens_used"])
            and isinstance(entry.get("evidence"), dict)
            and isinstance(entry.get("timeout"), (int, float)) and not isinstance(entry["timeout"], bool)
            and (entry["verdict"] == REFUTED) == isinstance(cx, dict)
            and (cx is None or all(k in cx for k in _CX_KEYS)
                 and all(isinstance(cx[k], dict) for k in ("sizes", "indices", "inputs"))))


class VerdictCache:
    """Verdicts on disk under ``directory`` (``None``: a cache that never hits and never writes)."""

    def __init__(self, directory: str | Path | None = DEFAULT_DIR):
        self.directory = Path(directory) if directory is not None else None
        self.hits = self.misses = 0
        #: per file of the last ``check_files``: claim name -> its key when its verdict is in the cache now
        #: (reused, or computed and stored), else None — a file all of whose claims are keyed is settled
        self.settled: list[dict[str, str | None]] = []
        self._keys: dict[int, tuple[DerivationFile, dict[str, str | None]]] = {}  # id(file) -> (file, its keys)
        self._folders: set[Path] = set()  # entry folders made in this run

    def keys_of(self, f: DerivationFile) -> dict[str, str | None]:
        """Each claim's key (``claim_key``) by name, computed once per file object."""
        known = self._keys.get(id(f))
        if known is None or known[0] is not f:
            known = self._keys[id(f)] = (f, {c.name: claim_key(f, c) for c in f.claims})
        return known[1]

    def _path(self, key: str, kind: str = "verdicts") -> Path:
        return self.directory / kind / f"v{VERSION}" / key[:2] / f"{key}.json"

    def read_entry(self, kind: str, schema: str, key: str | None) -> dict | None:
        """The checked ``result`` object of entry ``key`` under ``kind``, or None (missing, corrupt, foreign)."""
        if self.directory is None or key is None:
            return None
        # Not through a link, and only a regular file of a size no verdict exceeds: anything else is not ours.
        raw = read_regular(self._path(key, kind), MAX_ENTRY_BYTES, follow=False)
        if raw is None:
            return None
        try:
            data = json.loads(raw.decode("utf-8"))
            ok = (isinstance(data, dict) and data.get("schema") == schema and data.get("version") == VERSION
                  and data.get("key") == key and isinstance(data.get("result"), dict)
                  and data.get("checksum") == _checksum(key, data["result"]))
        except (OSError, ValueError, RecursionError):
            ok = False
        return data["result"] if ok else None

    def write_entry(self, kind: str, schema: str, key: str | None, result: dict) -> bool:
        """Store ``result`` under ``key`` atomically; False (silently) when unsafe or impossible."""
        if self.directory is None or key is None or not _is_json(result):
            return False  # what could not be read back exactly is recomputed instead
        data = {"schema": schema, "version": VERSION, "key": key, "result": result,
                "checksum": _checksum(key, result)}
        try:
            # Key order is kept: the counterexample's inputs print in the order they were found.
            text = json.dumps(data, ensure_ascii=False)
            if len(text.encode()) > MAX_ENTRY_BYTES:
                return False
            target = self._path(key, kind)
            if target.parent not in self._folders:  # made (or found) once per run: a run writes hundreds
                if not _no_links_below(self.directory, target.parent):
                    return False
                self._prepare()
                target.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(target.parent)
            _write_atomic(target, text)
        except OSError:
            return False
        return True

    def stored(self, key: str | None, timeout: float) -> dict | None:
        """The stored fields of ``key``'s verdict if a sound entry is there and fits ``timeout``; else None."""
        if self.directory is None or key is None:
            return None
        entry = self.read_entry("verdicts", SCHEMA, key)
        if entry is None or not _valid(entry):
            self.misses += 1
            return None
        if entry["verdict"] == UNPROVED and timeout > entry["timeout"]:
            self.misses += 1  # a larger budget may get further than the one that left it unproved
            return None
        self.hits += 1
        return {name: entry[name] for name in _stored_fields()}

    def get(self, key: str | None, claim: ClaimSpec, timeout: float) -> ClaimResult | None:
        """The stored result for ``key`` if a sound entry is there and fits ``timeout``; else None."""
        start = time.perf_counter()
        stored = self.stored(key, timeout)
        if stored is None:
            return None
        return ClaimResult(name=claim.name, line=claim.line, lhs=claim.shown[0], rhs=claim.shown[1], eq=claim.text,
                           entry=claim.entry, seconds=time.perf_counter() - start, **stored)

    def put(self, key: str | None, result: ClaimResult, timeout: float) -> bool:
        """Store ``result`` under ``key`` atomically; False (silently) when unsafe or impossible."""
        if self.directory is None or key is None or not _storable(result):
            return False
        entry = {name: getattr(result, name) for name in sorted(_stored_fields())}
        entry["timeout"] = timeout
        if not _valid(entry):
            return False
        return self.write_entry("verdicts", SCHEMA, key, entry)  # which checks the JSON round trip

    def _prepare(self) -> None:
        """Create the folder with a ``.gitignore`` and a ``CACHEDIR.TAG`` (as pytest does for its cache)."""
        if (self.directory / ".gitignore").exists():
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        _write_atomic(self.directory / "CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n"
                      "# This file is a cache directory tag created by derive.\n")
        _write_atomic(self.directory / ".gitignore", "# Created by derive automatically.\n*\n")

    def check_one(self, f: DerivationFile, claim: ClaimSpec, timeout: float,
                  compute: Callable[[], ClaimResult]) -> ClaimResult:
        """The cached verdict on ``claim``, or ``compute()``'s, which is then stored."""
        return self.settle_one(f, claim, timeout, compute)[0]

    def settle_one(self, f: DerivationFile, claim: ClaimSpec, timeout: float,
                   compute: Callable[[], ClaimResult]) -> tuple[ClaimResult, str | None]:
        """``check_one``'s result, and the claim's key when its verdict is in the cache now (else None)."""
        key = claim_key(f, claim) if self.directory is not None else None
        hit = self.get(key, claim, timeout)
        if hit is not None:
            return hit, key
        result = compute()
        return result, key if self.put(key, result, timeout) else None

    def check_file(self, f: DerivationFile, timeout: float,
                   check: Callable[..., FileReport]) -> FileReport:
        """``check(f, timeout, select=…)`` run on the claims with no cached verdict, merged in file order."""
        def each(items, done=None, decided=None) -> list[FileReport]:
            reports = [check(g, t) if select is None else check(g, t, select=select) for g, t, select in items]
            for i, report in enumerate(reports):
                for r in report.claims if decided else ():
                    decided(i, r)
            return reports
        return self.check_files([(f, timeout)], each)[0]

    def check_files(self, files: list[tuple[DerivationFile, float]], check: Callable[..., list[FileReport]],
                    done: Callable[[], None] | None = None) -> list[FileReport]:
        """``check([(f, timeout, select)…], done=done, decided=…)`` run once on every claim with no cached
        verdict, the results merged with the cached ones in file order; ``done()`` is also called for each
        hit.  ``check`` calls ``decided(index of the file, result)`` as each claim is decided: its verdict
        is stored then, while the workers check the next claims, not after the last one."""
        self.settled = []
        if self.directory is None:
            return check([(f, timeout, None) for f, timeout in files], done=done)
        plans = []
        for f, timeout in files:
            keys = self.keys_of(f)
            cached = {c.name: self.get(keys[c.name], c, timeout) for c in f.claims}
            plans.append((keys, {name: r for name, r in cached.items() if r is not None}))
            for _ in plans[-1][1] if done else ():
                done()
        stored: list[set] = [set() for _ in files]

        def decided(i: int, r: ClaimResult) -> None:  # stored while the workers check the next claims
            if self.put(plans[i][0].get(r.name), r, files[i][1]):
                stored[i].add(r.name)
        reports = check([(f, timeout, lambda name, cached=cached: name not in cached)
                         for (f, timeout), (_, cached) in zip(files, plans)], done=done, decided=decided)
        merged_reports = []
        for (f, timeout), (keys, cached), report, kept in zip(files, plans, reports, stored):
            fresh = {r.name: r for r in report.claims}
            self.settled.append({name: key if name in cached or name in kept else None
                                 for name, key in keys.items()})
            merged = [cached.get(c.name) or fresh[c.name] for c in f.claims if c.name in cached or c.name in fresh]
            merged_reports.append(dataclasses.replace(report, claims=merged))
        return merged_reports


def open_cache(directory: str | Path | None = None, disabled: bool = False) -> VerdictCache:
    """The cache in ``directory`` (default ``DEFAULT_DIR``), or a disabled one; ``InputError`` if it is a file."""
    if disabled:
        return VerdictCache(None)
    if directory is not None and not str(directory).strip():
        # Path("") is the working folder, which would get the cache's .gitignore of "*" (--cache-dir "$UNSET")
        raise InputError("--cache-dir needs a folder name")
    path = Path(directory if directory is not None else DEFAULT_DIR)
    if path.exists() and not path.is_dir():
        raise InputError("cannot keep the verdict cache here: not a folder", str(path), 0)
    return VerdictCache(path)


__all__ = ["DEFAULT_DIR", "VerdictCache", "claim_key", "open_cache", "read_regular"]
