"""One set of worker processes for a whole ``derive check``: the same workers load the files, then check the claims.

Owns which files a worker holds.  A worker that loads a file keeps it, under the digest of the
pickle it sends the parent, with everything loading warmed (the imports a loader needs, SymPy's
caches); a claim task names its file by that digest and carries the bytes as well, so a worker
that does not hold the file (another one loaded it, or the parent built it) unpickles it once and
keeps it.  Equal digests mean equal bytes: a worker never checks a claim against any other file
than the parent's.  (Loading in one set of workers and checking in a second, forked afterwards,
would warm everything twice and leave the parent unpickling every file in between.)
"""
from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .bounded import Outcome, Workers

#: In a worker: the files it holds, by digest.
_HELD: dict[str, Any] = {}


def _pack(obj: Any) -> tuple[str, bytes]:
    """``obj``'s pickle and its digest."""
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return hashlib.sha256(payload).hexdigest(), payload


def held(digest: str, payload: bytes) -> Any:
    """The file this worker holds under ``digest``, or ``payload`` unpickled (our own bytes) and then held."""
    if digest not in _HELD:
        _HELD[digest] = pickle.loads(payload)  # noqa: S301 - bytes this process's parent packed itself
    return _HELD[digest]


def _load(path: Path, at: Callable[[Any], None]) -> list[tuple[str, bytes]]:
    """In a worker: every file (context) of ``path``, loaded, held, and packed for the parent."""
    from ..documents.load import load_unbounded
    packed = []
    for f in load_unbounded(path, at):
        digest, payload = _pack(f)
        _HELD[digest] = f
        packed.append((digest, payload))
    return packed


class Crew:
    """The workers of one command and, on the parent's side, each file's digest and bytes (packed once)."""

    def __init__(self, jobs: int | None = None):
        self.workers = Workers(jobs)
        self._packed: dict[int, tuple[Any, str, bytes]] = {}  # id(file) -> (file kept alive, digest, bytes)

    def __enter__(self) -> "Crew":
        return self

    def __exit__(self, *exc) -> None:
        self.workers.close()

    def load(self, paths: Sequence[Path], bound: float, describe: Callable[[BaseException], Any],
             arrived: Callable[[Any], None] | None = None) -> list[Outcome]:
        """Each path loaded by a worker within ``bound`` seconds; a final outcome's ``latest`` is its files.

        ``arrived(f)`` is called on each file as it arrives, while the workers load the next ones.
        """
        def unpack(n: int, o: Outcome) -> None:  # while the workers load the next files
            if o.final:
                o.latest = [self._unpacked(digest, payload) for digest, payload in o.latest]
                for f in o.latest if arrived else ():
                    arrived(f)
        return self.workers.run(list(paths), bound, fn=_load, describe=describe, settle=unpack,
                                holds=lambda n, o: {digest for digest, _ in o.latest})

    def _unpacked(self, digest: str, payload: bytes) -> Any:
        f = pickle.loads(payload)  # noqa: S301 - bytes our own worker packed
        self._packed[id(f)] = (f, digest, payload)
        return f

    def pack(self, f: Any) -> tuple[str, bytes]:
        """``f``'s digest and bytes, as its worker sent them (or packed here, once)."""
        if id(f) not in self._packed:
            self._packed[id(f)] = (f, *_pack(f))
        return self._packed[id(f)][1:]


__all__ = ["Crew", "held"]
