"""JUnit XML for CI: one <testsuite> per derivation file, one <testcase> per claim.

``refuted`` is a <failure> (as is ``unproved`` under --strict); a non-strict ``unproved``
is <skipped> with its reason, so CI dashboards show it without failing.  ElementTree
escapes all user text.  The file is written to a temporary name and renamed, so a
crash never leaves half a report.
"""
from __future__ import annotations

import os
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from .results import PROVED, REFUTED, FileReport, evidence_line


def junit_tree(reports: list[FileReport], strict: bool = False) -> ET.ElementTree:
    """The JUnit document for these reports."""
    root = ET.Element("testsuites", name="derive check")
    for rep in reports:
        failures = sum(c.verdict == REFUTED or (strict and c.verdict != PROVED) for c in rep.claims)
        skipped = 0 if strict else sum(c.verdict not in (PROVED, REFUTED) for c in rep.claims)
        suite = ET.SubElement(root, "testsuite", name=rep.path, tests=str(len(rep.claims)),
                              failures=str(failures), errors="0", skipped=str(skipped),
                              time=f"{sum(c.seconds for c in rep.claims):.3f}")
        for c in rep.claims:
            case = ET.SubElement(suite, "testcase", classname=rep.path, name=c.name,
                                 file=rep.path, line=str(c.line), time=f"{c.seconds:.3f}")
            text = f"{rep.path}:{c.line}: {c.verdict}  {c.name}\n{evidence_line(c)}"
            if c.verdict == REFUTED or (strict and c.verdict != PROVED):
                fail = ET.SubElement(case, "failure", message=f"{c.verdict}: {evidence_line(c)}",
                                     type=c.verdict)
                fail.text = text
            elif c.verdict != PROVED:
                ET.SubElement(case, "skipped", message=f"unproved: {evidence_line(c)}")
            else:
                ET.SubElement(case, "system-out").text = text
    ET.indent(root)
    return ET.ElementTree(root)


def write_junit(path: str | Path, reports: list[FileReport], strict: bool = False) -> None:
    """Write the JUnit report atomically (temporary file, then rename)."""
    path = Path(path)
    tree = junit_tree(reports, strict)
    fd, tmp = tempfile.mkstemp(prefix=".junit-", suffix=".xml", dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            tree.write(fh, encoding="utf-8", xml_declaration=True)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
