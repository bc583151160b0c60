"""JUnit XML for CI: one <testsuite> per derivation file, one <testcase> per claim.

``refuted`` is a <failure> (as is ``unproved`` under --strict); a non-strict ``unproved``
is <skipped> with its reason, so CI dashboards show it without failing.  ElementTree
escapes XML; control and bidi characters in names are shown as ``\\uXXXX`` (XML 1.0 cannot
carry most of them).  Written by ``derive.output`` (atomic for a file, in place for a device).
"""
from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

from ..output import not_over, write_output
from ..textsafe import escape
from .results import NOT_CHECKED_WHY, PROVED, FileReport, evidence_lines


def junit_tree(reports: list[FileReport], strict: bool = False) -> ET.ElementTree:
    """The JUnit document for these reports."""
    root = ET.Element("testsuites", name="derive check")
    for rep in reports:
        failures = sum(c.failing(strict) for c in rep.claims) + (len(rep.unchecked) if strict else 0)
        skipped = sum(not c.failing(strict) and c.verdict != PROVED for c in rep.claims) \
            + (0 if strict else len(rep.unchecked))
        path = escape(rep.path)  # XML 1.0 cannot even carry most control characters
        suite = ET.SubElement(root, "testsuite", name=path, tests=str(len(rep.claims) + len(rep.unchecked)),
                              failures=str(failures), errors="0", skipped=str(skipped),
                              time=f"{sum(c.seconds for c in rep.claims):.3f}")
        for c in rep.claims:
            case = ET.SubElement(suite, "testcase", classname=path, name=escape(c.name),
                                 file=path, line=str(c.line), time=f"{c.seconds:.3f}")
            said = [escape(line) for line in evidence_lines(c)]
            evidence = "; ".join(said)  # an attribute: one line
            text = f"{path}:{c.line}: {c.verdict}  {escape(c.name)}\n" + "\n".join(said)
            if c.failing(strict):
                fail = ET.SubElement(case, "failure", message=f"{c.verdict}: {evidence}", type=c.verdict)
                fail.text = text
            elif c.verdict != PROVED:
                ET.SubElement(case, "skipped", message=f"unproved: {evidence}")
            else:
                ET.SubElement(case, "system-out").text = text
        for line, stated in rep.unchecked:  # a relation other than =: stated, not checked
            case = ET.SubElement(suite, "testcase", classname=path, name=escape(stated), file=path, line=str(line),
                                 time="0.000")
            message = f"not checked: {NOT_CHECKED_WHY}"
            if strict:
                ET.SubElement(case, "failure", message=message, type="not checked").text = \
                    f"{path}:{line}: not checked  {escape(stated)}"
            else:
                ET.SubElement(case, "skipped", message=message)
    ET.indent(root)
    return ET.ElementTree(root)


def write_junit(path: str | Path, reports: list[FileReport], strict: bool = False) -> None:
    """Write the JUnit report (atomically for a file, in place for a device; ``DeriveError`` on failure)."""
    for report in reports:  # derive check notes/ --junit-xml notes/a.md would replace a.md with XML
        not_over(path, report.path)
    buf = io.BytesIO()
    junit_tree(reports, strict).write(buf, encoding="utf-8", xml_declaration=True)
    write_output(path, buf.getvalue())
