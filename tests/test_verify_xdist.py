"""The pytest plugin under pytest-xdist: the examples give the same outcomes spread over workers as in one process."""
from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"


def _outcomes(pytester, *args: str) -> dict[str, str]:
    """Claim → its outcome and, for a failure, the message (verdict line and counterexample)."""
    xml = pytester.path / f"junit-{len(list(pytester.path.glob('junit-*.xml')))}.xml"
    # A budget no loaded machine runs out of, so that load cannot change a verdict.
    pytester.runpytest_subprocess("-p", "no:cacheprovider", "--derive-timeout", "600", f"--junitxml={xml}", *args)
    out = {}
    for case in ET.parse(xml).iter("testcase"):
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        out[f"{case.get('classname')}::{case.get('name')}"] = \
            "passed" if problem is None else f"{problem.tag}: {problem.text}"
    return out


@pytest.mark.slow
def test_examples_under_xdist_match_a_serial_run(pytester, monkeypatch) -> None:
    pytest.importorskip("xdist")
    from derive.verify import cache
    # The workers must import this checkout's derive, as the serial run does.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    for p in sorted(EXAMPLES.glob("*.derive.toml")):
        pytester.makefile(".derive.toml", **{p.name.removesuffix(".derive.toml"): p.read_text()})
    # The serial run may take verdicts other tests of this session computed (tests/conftest.py);
    # the run spread claim by claim over two workers computes every verdict afresh.
    # One argument with "=": pytest takes a bare existing path for a test path when it finds the rootdir.
    session = [f"--derive-cache-dir={cache.DEFAULT_DIR}"]
    serial = _outcomes(pytester, "-p", "no:xdist", *session)
    assert _outcomes(pytester, "-n", "2", "--derive-no-cache") == serial  # --dist load
    # Each file on one worker; verdicts from the session's cache, which the workers share.
    assert _outcomes(pytester, "-n", "2", "--dist", "loadfile", *session) == serial
    assert sum(v == "passed" for v in serial.values()) >= 10
    assert sum(v.startswith("failure: ") and "counterexample: " in v for v in serial.values()) == \
        sum(p.read_text().count("[[claim]]") for p in EXAMPLES.glob("*mistakes*.derive.toml"))
