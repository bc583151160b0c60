"""The HTML report in a real browser: headless Chromium driven over the DevTools protocol.

The client speaks CDP over ``--remote-debugging-pipe`` (JSON messages separated by NUL
bytes on file descriptors 3 and 4), so no websocket library and no TCP port are needed.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from reports.command import report_text

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it)")


class Browser:
    """A minimal Chrome DevTools Protocol client over the remote-debugging pipe."""

    def __init__(self, profile: Path):
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        # Chromium reads commands on fd 3 and writes replies and events on fd 4.
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-default-apps", "--mute-audio", f"--user-data-dir={profile}",
             "--remote-debugging-pipe", "about:blank"],
            pass_fds=(3, 4), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=lambda: (os.dup2(to_child_r, 3), os.dup2(from_child_w, 4)) and None)
        os.close(to_child_r)
        os.close(from_child_w)
        self._buf = b""
        self._next = 0
        self.events: list[dict] = []

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buf:
            if time.monotonic() > deadline:
                raise TimeoutError("no reply from chromium")
            chunk = os.read(self._from_child, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 30.0) -> dict:
        """Send one command and return its result, collecting events meanwhile."""
        self._next += 1
        msg = {"id": self._next, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 30.0) -> dict:
        """The first event called ``method`` (already received or arriving within ``timeout``)."""
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            for ev in self.events[seen:]:
                if ev.get("method") == method:
                    return ev
            seen = len(self.events)
            self.events.append(self._read(deadline))

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except Exception:  # already gone: nothing to close
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_child)
        os.close(self._from_child)


@pytest.fixture(scope="module")
def loaded_report(tmp_path_factory):
    """Open the softmax HTML report; yields (browser, session, events) after the load finished."""
    tmp = tmp_path_factory.mktemp("browser")
    page = tmp / "softmax.html"
    page.write_text(report_text("softmax", "html"), encoding="utf-8")
    browser = Browser(tmp / "profile")
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            browser.send(f"{domain}.enable", session=session)
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": 1000, "height": 1400, "deviceScaleFactor": 1, "mobile": False}, session=session)
        mark = len(browser.events)
        browser.send("Page.navigate", {"url": page.as_uri()}, session=session)
        browser.wait_for("Page.loadEventFired")
        yield browser, session, browser.events[mark:]
    finally:
        browser.close()


def evaluate(browser: Browser, session: str, js: str):
    res = browser.send("Runtime.evaluate", {"expression": js, "returnByValue": True}, session=session)
    assert "exceptionDetails" not in res, res
    return res["result"]["value"]


def test_mathml_renders_with_size(loaded_report):
    browser, session, _ = loaded_report
    sizes = evaluate(browser, session, """
        Array.from(document.querySelectorAll('math')).map(m => {
            const r = m.getBoundingClientRect(); return [r.width, r.height];
        })""")
    assert len(sizes) > 20
    assert all(w > 0 and h > 0 for w, h in sizes), sizes
    # A fraction must be laid out as a fraction (taller than one line), proving MathML is rendered.
    frac = evaluate(browser, session, "document.querySelector('mfrac').getBoundingClientRect().height")
    line = evaluate(browser, session, "parseFloat(getComputedStyle(document.body).fontSize)")
    assert frac > line


def test_no_raw_tex_visible(loaded_report):
    browser, session, _ = loaded_report
    text = evaluate(browser, session, "document.body.innerText")
    assert "\\frac" not in text and "\\sum" not in text
    assert "Forward model" in text and "Evidence" in text
    # The TeX is still in the page, as annotations a reader can copy.
    assert evaluate(browser, session,
                    "document.querySelectorAll('annotation[encoding=\"application/x-tex\"]').length") > 20


def test_no_network_and_no_console_errors(loaded_report):
    browser, session, events = loaded_report
    requests = [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]
    assert all(u.startswith("file://") for u in requests), requests
    assert len(requests) == 1  # the page itself and nothing else
    errors = [e for e in events if e.get("method") == "Runtime.exceptionThrown"
              or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")
              or (e.get("method") == "Runtime.consoleAPICalled" and e["params"]["type"] == "error")]
    assert errors == []


def test_graph_is_inline_svg_and_screenshot(loaded_report):
    browser, session, _ = loaded_report
    assert evaluate(browser, session, "document.querySelectorAll('svg path.backward').length") == 3
    assert evaluate(browser, session, "document.querySelectorAll('img, link, script').length") == 0
    height = evaluate(browser, session, "document.documentElement.scrollHeight")
    shot = browser.send("Page.captureScreenshot",
                        {"format": "png", "captureBeyondViewport": True,
                         "clip": {"x": 0, "y": 0, "width": 1000, "height": min(height, 6000), "scale": 1}},
                        session=session)
    import base64
    data = base64.b64decode(shot["data"])
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report-softmax.png").write_bytes(data)


def test_dark_mode_and_print_styles(loaded_report):
    browser, session, _ = loaded_report
    bg = "getComputedStyle(document.documentElement).backgroundColor"
    light = evaluate(browser, session, bg)
    browser.send("Emulation.setEmulatedMedia",
                 {"features": [{"name": "prefers-color-scheme", "value": "dark"}]}, session=session)
    dark = evaluate(browser, session, bg)
    shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session)
    import base64
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "report-softmax-dark.png").write_bytes(base64.b64decode(shot["data"]))
    browser.send("Emulation.setEmulatedMedia", {"media": "print", "features": []}, session=session)
    nav = evaluate(browser, session, "getComputedStyle(document.querySelector('nav')).display")
    browser.send("Emulation.setEmulatedMedia", {"media": "", "features": []}, session=session)
    assert light != dark
    assert nav == "none"


def test_notebook_cell_output_renders(tmp_path, run_folder):
    """The HTML the example notebook's cells output, in a page as Jupyter would embed it."""
    from _notebook import executed, html_outputs
    fragments = html_outputs(executed(run_folder))
    assert fragments and all("<script" not in f for f in fragments)
    page = tmp_path / "notebook.html"
    page.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'>"
                    "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'\">"
                    "</head><body style='font-family: sans-serif'>"
                    + "".join(f"<div class='output'>{f}</div>" for f in fragments) + "</body></html>",
                    encoding="utf-8")
    browser = Browser(tmp_path / "profile")
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            browser.send(f"{domain}.enable", session=session)
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": 900, "height": 1200, "deviceScaleFactor": 1, "mobile": False}, session=session)
        mark = len(browser.events)
        browser.send("Page.navigate", {"url": page.as_uri()}, session=session)
        browser.wait_for("Page.loadEventFired")
        cards = evaluate(browser, session, """
            Array.from(document.querySelectorAll('.derive-nb .step')).map(c => {
                const r = c.getBoundingClientRect(); return [r.width, r.height]; })""")
        assert len(cards) > 10 and all(w > 100 and h > 30 for w, h in cards), cards
        frac = evaluate(browser, session, "document.querySelector('.derive-nb mfrac').getBoundingClientRect().height")
        assert frac > 20  # laid out as a fraction: MathML is rendered, not shown as text
        text = evaluate(browser, session, "document.body.innerText")
        assert "\\frac" not in text and "refuted" in text.lower()
        # The scoped styles leave the page around the output alone.
        assert evaluate(browser, session, "getComputedStyle(document.body).fontFamily") == "sans-serif"
        errors = [e for e in browser.events[mark:] if e.get("method") == "Runtime.exceptionThrown"
                  or (e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")]
        assert errors == []
        shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session)
        import base64
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "notebook-softmax.png").write_bytes(base64.b64decode(shot["data"]))
    finally:
        browser.close()


def test_wide_written_out_entries_fit_the_page_without_scrolling(tmp_path):
    """mlp-batch's ∂J/∂V entries, each one line of ~170 characters, wrap at 1280 and at 800 px."""
    page = tmp_path / "mlp-batch.html"
    page.write_text(report_text("mlp-batch", "html"), encoding="utf-8")
    browser = Browser(tmp_path / "profile")
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        browser.send("Page.enable", session=session)
        for width in (1280, 800):
            browser.send("Emulation.setDeviceMetricsOverride",
                         {"width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": False}, session=session)
            mark = len(browser.events)
            browser.send("Page.navigate", {"url": page.as_uri()}, session=session)
            browser.events[:mark] = []
            browser.wait_for("Page.loadEventFired")
            boxes = evaluate(browser, session, """
                Array.from(document.querySelectorAll('#explicit .matrix-wide')).map(d => [
                    d.scrollWidth, d.clientWidth, parseFloat(getComputedStyle(d.querySelector('math')).fontSize)])""")
            body = evaluate(browser, session, "parseFloat(getComputedStyle(document.body).fontSize)")
            assert len(boxes) >= 6 + 6  # six definitions, six entries of ∂J/∂V
            assert all(scroll <= client + 1 for scroll, client, _ in boxes), (width, boxes)
            assert all(size >= body for _, _, size in boxes), (width, boxes)  # fits by wrapping, not by shrinking
            assert evaluate(browser, session, "document.querySelectorAll('#explicit mtable.wrapped').length") == 6
            shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session)
            import base64
            ARTIFACTS.mkdir(exist_ok=True)
            (ARTIFACTS / f"report-mlp-batch-{width}.png").write_bytes(base64.b64decode(shot["data"]))
    finally:
        browser.close()
