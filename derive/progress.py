"""Progress bars for slow commands: on stderr when it is a terminal, nothing otherwise.

Output redirected to a file or read by CI stays free of control characters; a person at
a terminal sees how far ``check --catalog`` or ``report --catalog`` has got.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress(items: Iterable[T], what: str, total: int | None = None) -> Iterator[T]:
    """``items`` unchanged, with a tqdm bar on stderr labelled ``what`` when stderr is a terminal."""
    stream = sys.stderr
    if not (hasattr(stream, "isatty") and stream.isatty()):
        yield from items
        return
    from tqdm import tqdm
    yield from tqdm(items, desc=what, total=total, file=stream, leave=False, unit="")
