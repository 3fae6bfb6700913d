"""The audit report seen in a real browser: headless Chromium (Debian's
``chromium`` package; ``.ci/run`` installs it) loads report.html and is asked,
through the DevTools protocol over a pipe (no extra library), what it loaded,
whether any script ran and whether the page fits the window at 400 and 1400 px.

Set ``DISCREET_CHROMIUM`` to use another Chromium binary."""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.gen_export import write_slack, write_telegram
from discreet.bots.audit import _meta, audit
from discreet.bots.audit.report import Tally, render_html

CHROMIUM = os.environ.get("DISCREET_CHROMIUM") or next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium binary: install Debian's `chromium` package (.ci/run does) "
    "or set DISCREET_CHROMIUM")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--remote-debugging-pipe"]


class Browser:
    """Chromium with the DevTools protocol on fds 3 (its input) and 4 (its
    output): JSON messages separated by NUL bytes."""

    def __init__(self, profile: Path):
        to_r, self.to_w = os.pipe()
        self.from_r, from_w = os.pipe()

        def fds():
            os.dup2(to_r, 3)
            os.dup2(from_w, 4)
        self.proc = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                     preexec_fn=fds, close_fds=False,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_r)
        os.close(from_w)
        self.buf = b""
        self.next_id = 0
        self.events: list[dict] = []
        self.session = None
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]

    def _read(self, timeout=60.0) -> dict:
        while b"\0" not in self.buf:
            ready, _, _ = select.select([self.from_r], [], [], timeout)
            assert ready, "chromium did not answer within 60 s"
            chunk = os.read(self.from_r, 1 << 16)
            assert chunk, "chromium closed the DevTools pipe"
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method: str, **params) -> dict:
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if self.session:
            msg["sessionId"] = self.session
        os.write(self.to_w, json.dumps(msg).encode() + b"\0")
        while True:
            m = self._read()
            if m.get("id") == self.next_id:
                assert "error" not in m, (method, m["error"])
                return m.get("result", {})
            self.events.append(m)

    def wait_for(self, method: str) -> dict:
        for i, m in enumerate(self.events):
            if m.get("method") == method:
                return self.events.pop(i)
        while True:
            m = self._read()
            if m.get("method") == method:
                return m
            self.events.append(m)

    def js(self, expr: str):
        r = self.send("Runtime.evaluate", expression=expr, returnByValue=True)
        assert "exceptionDetails" not in r, r
        return r["result"].get("value")

    def close(self):
        try:
            self.send("Browser.close")
        except (AssertionError, OSError):
            pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self.to_w)
        os.close(self.from_r)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    b = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


# Everything that sticks out of the window, and every box that scrolls sideways.
OVERFLOW = """(() => {
  const w = document.documentElement.clientWidth, out = [];
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect(), cs = getComputedStyle(e);
    const what = e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' +
                 (e.textContent || '').trim().slice(0, 40);
    if (r.width && r.right > w + 0.5) out.push('sticks out: ' + what + ' right=' + Math.round(r.right));
    if (['auto', 'scroll'].includes(cs.overflowX) && e.scrollWidth > e.clientWidth + 1)
      out.push('scrolls sideways: ' + what);
  }
  return {scrollWidth: document.documentElement.scrollWidth, width: w, window: innerWidth, out: out.slice(0, 10)};
})()"""


def load(b: Browser, page: Path, width: int) -> dict:
    """Open ``page`` in a window ``width`` px wide; what it requested and ran."""
    b.events.clear()
    b.send("Emulation.setDeviceMetricsOverride", width=width, height=900, deviceScaleFactor=1, mobile=False)
    b.send("Network.enable")
    b.send("Debugger.enable")  # reports every script the page parses
    b.send("Page.enable")
    b.events.clear()  # Debugger.enable reports the scripts already parsed: our own evaluations on the last page
    b.send("Page.navigate", url=page.as_uri())
    b.wait_for("Page.loadEventFired")
    seen = list(b.events)  # before any Runtime.evaluate of ours
    b.send("Debugger.disable")
    requests = [m["params"]["request"]["url"] for m in seen if m.get("method") == "Network.requestWillBeSent"]
    scripts = [m["params"].get("url", "") for m in seen if m.get("method") == "Debugger.scriptParsed"]
    return {"requests": requests, "scripts": scripts, "layout": b.js(OVERFLOW),
            "dom_scripts": b.js("document.scripts.length + document.querySelectorAll("
                                "'[onload],[onclick],[onerror],[onmouseover],[href^=\"javascript:\"]').length")}


def check_page(b: Browser, page: Path, shots: Path | None = None):
    for width in (400, 1400):
        r = load(b, page, width)
        assert r["requests"] == [page.as_uri()], f"loads more than the page itself: {r['requests']}"
        assert r["scripts"] == [] and r["dom_scripts"] == 0, f"runs scripts: {r['scripts']}"
        lay = r["layout"]
        assert lay["window"] == width  # lay["width"] is that less the scroll bar
        assert lay["scrollWidth"] <= lay["width"] and lay["out"] == [], f"does not fit {width} px: {lay}"
        if shots is not None:
            shot = b.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)
            import base64
            (shots / f"{page.parent.name}-{width}.png").write_bytes(base64.b64decode(shot["data"]))


@pytest.mark.parametrize("platform", ["slack", "telegram"])
def test_a_small_workspace_report_fits_loads_nothing_and_runs_nothing(tmp_path, browser, platform):
    if platform == "slack":
        src = tmp_path / "export"
        write_slack(src, 1500, seed=3, per_day=300)
    else:
        src = tmp_path / "result.json"
        write_telegram(src, 1500, seed=4, full=True)
    r = audit(src, tmp_path / platform, err=open(os.devnull, "w"))
    assert r.tally.findings > 10
    check_page(browser, r.report, Path(os.environ["DISCREET_SHOTS"]) if os.environ.get("DISCREET_SHOTS") else None)


def test_a_large_hospital_report_fits_at_400_and_1400_px(tmp_path, browser):
    """300 channels with long names that share their start, 40 months, a
    finding of every kind the policies have: what the charts and tables must
    survive on a phone."""
    from discreet.core.policy import load_packs

    from discreet.bots.audit.model import Msg
    from discreet.core import Finding

    rules = [r for p in load_packs().values() for r in p.rules][:120]
    t = Tally()
    for i in range(300):
        ch = f"#department-of-internal-medicine-ward-{i:03d}-registrars-and-consultants-on-call"
        for j in range(40 + i % 7):
            month = f"{2021 + j // 12 % 4}-{j % 12 + 1:02d}"
            msg = Msg(ch, f"C{i}", f"{month}-15T10:00:00Z", month, "U1", str(j), "", "")
            r = rules[(i + j) % len(rules)]
            t.add(msg, [Finding(r.policy, r.kind, 0, 1, r.severity, r.id, r.why, r.section)] * (1 + (i == 7) * 500)
                  if j % 3 == 0 else [])
    out = tmp_path / "large"
    out.mkdir()
    meta = _meta("slack", "export.zip", 12.0, "findings.csv", None)
    page = out / "report.html"
    page.write_text(render_html(t, meta), encoding="utf-8")
    html = page.read_text()
    assert "The other 285 channels with findings hold" in html  # the long tail is told in words, not plotted
    assert html.count('class="lab"') == 15 + len(t.month_msgs)
    check_page(browser, page, Path(os.environ["DISCREET_SHOTS"]) if os.environ.get("DISCREET_SHOTS") else None)


def test_in_print_no_heading_is_left_at_the_foot_of_a_page(tmp_path, browser):
    src = tmp_path / "export"
    write_slack(src, 300, seed=4, per_day=300)
    r = audit(src, tmp_path / "out", err=open(os.devnull, "w"))
    load(browser, r.report, 1400)
    browser.send("Emulation.setEmulatedMedia", media="print")
    try:
        styles = browser.js("[...document.querySelectorAll('h2,h3,figcaption')].map(e => getComputedStyle(e).breakAfter)"
                            ".concat([...document.querySelectorAll('figure')].map(e => getComputedStyle(e).breakInside))")
    finally:
        browser.send("Emulation.setEmulatedMedia", media="")
    assert styles and Counter(styles) == Counter({"avoid": len(styles)})
