"""The file-level cache layer: an unchanged file's reports served without loading it, SymPy or the prover.

Sits in front of the claim-level cache (``derive.verify.cache``).  The key is a SHA-256 over
the schema, derive's code fingerprint (``derive.verify.fingerprint``: its source and the
Python/SymPy/mpmath versions), the path as given, what loading reads (``_inputs``), and every
option that changes loading or verdicts (``--timeout``).  Loading reads the file's bytes and,
for a LaTeX paper, the files of its folder a package or class it loads could be (it refuses
one that is there, but derive's own ``derive.sty``: ``latex.local_package_files``), so each
of those is key material too, as absent or as its bytes' digest.  The entry
holds the file's ``FileReport``s as plain JSON (a Markdown/LaTeX document gives one per
derive context): what is displayed of each claim (name, line, equation, entry indices) and
its claim-level key.  The verdicts themselves are read from the claim-level entries, checked
as always there (so there is one source of verdicts): a hit needs every one of them sound and
reusable under this budget.  Any miss sends the file through the full path (load, claim-level
cache, check), after which the entry is written only if every claim's verdict is in the cache.

Also keeps whether a Markdown/LaTeX file holds a derive context (``probe``), keyed by what it reads,
so that walking a folder needs no parsing either.  Served reports carry no SymPy objects
(``lhs``/``rhs`` are None, ``definitions`` empty): they are for printing (text, JSON, JUnit).
What loading reads is read again before an entry is written: if it changed while the file was
checked, nothing is written.  Everything else (atomic writes, no pickle, corrupt or foreign entries ignored) is
``VerdictCache``'s.
"""
from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

from .cache import VERSION, VerdictCache, read_regular
from .fingerprint import NoFingerprint, code_fingerprint
from .results import REFUTED, ClaimResult, FileReport, SHORT_FORMS, short_number

FILE_SCHEMA = "derive.file-cache"
PROBE_SCHEMA = "derive.context-probe"
#: Larger files are not keyed (loading refuses them anyway); bounds what a hash reads.
MAX_KEYED_BYTES = 16 * 1024 * 1024
_CLAIM_FIELDS = {"name": str, "line": int, "eq": str, "entry": list, "key": str}
_REPORT_FIELDS = {"path": str, "title": str, "givens": list, "sizes": dict, "claims": list, "unchecked": list}


def _digest(material: list) -> str:
    return hashlib.sha256(json.dumps(material, sort_keys=True, ensure_ascii=True).encode()).hexdigest()


def _file_digest(path: Path) -> str | None:
    """SHA-256 of the file's bytes, or None when it cannot be read, is no regular file or is too large to key."""
    raw = read_regular(path, MAX_KEYED_BYTES)  # a pipe named like a note must not block a folder walk
    return hashlib.sha256(raw).hexdigest() if raw is not None else None


def _inputs(path: Path) -> list | None:
    """What loading ``path`` reads, as key material: the digest of its bytes and, for a LaTeX paper, each local
    package or class file it could load (None where there is none); None when any of them cannot be read."""
    raw = read_regular(path, MAX_KEYED_BYTES)
    if raw is None:
        return None
    material: list = [hashlib.sha256(raw).hexdigest()]
    if path.suffix.lower() == ".tex":
        from ..documents.latex import local_package_files
        # Line ends as ``documents.load.parts_of`` reads them; a file that is not UTF-8 is refused by loading.
        text = raw.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
        for local in local_package_files(text, path.parent):
            if not local.is_file():  # asked as loading asks it
                material.append(None)
                continue
            digest = _file_digest(local)
            if digest is None:
                return None  # there but unreadable or too large to key: not cached
            material.append(digest)
    return material


def _typed(obj: dict, fields: dict) -> bool:
    return set(obj) == set(fields) and all(isinstance(obj[k], t) and not isinstance(obj[k], bool)
                                          for k, t in fields.items())


def _shown_numbers(cx: dict) -> tuple:
    """The numbers a counterexample's text line prints (``format_counterexample``)."""
    return cx["lhs"], cx["rhs"], cx.get("difference")


def _valid_entry(entry: dict) -> bool:
    """True when a file entry has exactly the shape ``store`` writes."""
    reports, short, timeout = entry.get("reports"), entry.get("short"), entry.get("timeout")
    return (set(entry) == {"reports", "short", "timeout"} and isinstance(reports, list) and reports
            and isinstance(short, dict) and all(isinstance(v, str) for v in short.values())
            and isinstance(timeout, (int, float)) and not isinstance(timeout, bool)
            and all(isinstance(r, dict) and _typed(r, _REPORT_FIELDS)
                    and all(isinstance(g, str) for g in r["givens"])
                    and all(isinstance(v, str) for v in r["sizes"].values())
                    and all(isinstance(u, list) and len(u) == 2 and isinstance(u[0], int) and not isinstance(u[0], bool)
                            and isinstance(u[1], str) for u in r["unchecked"])
                    and all(isinstance(c, dict) and _typed(c, _CLAIM_FIELDS)
                            and all(isinstance(k, str) for k in c["entry"]) for c in r["claims"])
                    for r in reports))


class FileLayer:
    """File-level entries in ``cache``'s folder for runs with these ``options`` (None: a layer that never hits)."""

    def __init__(self, cache: VerdictCache, options: dict):
        self.cache = cache
        self.options = options
        self.hits = 0
        self._keys: dict[Path, tuple[list, str]] = {}  # path -> (what loading read, key) at lookup time

    @property
    def enabled(self) -> bool:
        """False when the cache is off (``--no-cache``): nothing is read or written."""
        return self.cache.directory is not None

    def _key(self, path: Path) -> tuple[list, str] | None:
        """What loading ``path`` reads (``_inputs``) and the key of its entry, or None when it cannot be keyed."""
        inputs = _inputs(path) if self.enabled else None
        if inputs is None:
            return None
        try:
            material = [FILE_SCHEMA, VERSION, code_fingerprint(), str(path), inputs, self.options]
        except NoFingerprint:
            return None
        return inputs, _digest(material)

    def lookup(self, path: Path) -> list[FileReport] | None:
        """The reports of ``path`` from its entry and its claims' entries, or None (any miss)."""
        keyed = self._key(path)
        if keyed is None:
            return None
        self._keys[path] = keyed
        entry = self.cache.read_entry("files", FILE_SCHEMA, keyed[1])
        if (entry is None or not _valid_entry(entry) or any(r["path"] != str(path) for r in entry["reports"])
                or self.options.get("timeout") not in (None, entry["timeout"])):
            return None  # a sound entry of this key has this path, and the budget asked for
        reports = []
        for r in entry["reports"]:
            claims = []
            for c in r["claims"]:
                start = time.perf_counter()
                stored = self.cache.stored(c["key"], entry["timeout"])
                if stored is None:
                    return None  # that claim is checked again, with the whole file
                claims.append(ClaimResult(name=c["name"], line=c["line"], eq=c["eq"], entry=tuple(c["entry"]),
                                          seconds=time.perf_counter() - start, **stored))
            reports.append(FileReport(path=r["path"], title=r["title"], claims=claims, givens=r["givens"],
                                      sizes=r["sizes"], unchecked=[(line, text) for line, text in r["unchecked"]]))
        shown = {n for r in reports for c in r.claims if c.counterexample
                 for n in _shown_numbers(c.counterexample) if isinstance(n, str)}
        SHORT_FORMS.update({n: v for n, v in entry["short"].items() if n in shown})
        self.hits += 1
        return reports

    def store(self, path: Path, reports: list[FileReport], settled: list[dict], timeout: float) -> bool:
        """Write ``path``'s entry if every claim of ``reports`` is settled (keyed in ``settled``); else nothing."""
        keyed = self._keys.get(path)
        if keyed is None or len(settled) != len(reports) or not reports:
            return False
        out, short = [], {}
        for report, keys in zip(reports, settled):
            if any(keys.get(c.name) is None for c in report.claims):
                return False  # a claim with no verdict in the cache (timed out, not keyable): not served whole
            for c in report.claims:
                if c.verdict == REFUTED:
                    short.update({n: short_number(n) for n in _shown_numbers(c.counterexample) if isinstance(n, str)})
            out.append({"path": report.path, "title": report.title, "givens": list(report.givens),
                        "sizes": dict(report.sizes), "unchecked": [[line, text] for line, text in report.unchecked],
                        "claims": [{"name": c.name, "line": c.line, "eq": c.eq, "entry": list(c.entry),
                                    "key": keys[c.name]} for c in report.claims]})
        entry = {"reports": out, "short": short, "timeout": timeout}
        if not _valid_entry(entry) or _inputs(path) != keyed[0]:
            return False  # changed while it was checked: its entry would describe other bytes
        return self.cache.write_entry("files", FILE_SCHEMA, keyed[1], entry)

    def has_context(self, path: Path) -> bool:
        """``documents.load.has_context(path)``, kept by what the file reads so a folder walk needs no parsing."""
        inputs = _inputs(path) if self.enabled else None  # a hostile local package changes the answer too
        key = None
        if inputs is not None:
            try:
                key = _digest([PROBE_SCHEMA, VERSION, code_fingerprint(), path.suffix.lower(), inputs])
            except NoFingerprint:
                key = None
        known = self.cache.read_entry("probes", PROBE_SCHEMA, key) if key else None
        if known is not None and set(known) == {"has_context"} and isinstance(known["has_context"], bool):
            return known["has_context"]
        from ..documents.load import has_context
        answer = has_context(path)
        if key is not None and _inputs(path) == inputs:
            self.cache.write_entry("probes", PROBE_SCHEMA, key, {"has_context": answer})
        return answer


__all__ = ["FileLayer", "FILE_SCHEMA"]
