"""Open HTML reports in headless Chromium and check what a reader would see (browser test, reports benchmark).

A minimal Chrome DevTools Protocol client over one WebSocket (``websocket-client``, already a
dependency of Jupyter's server): Debian's ``chromium`` is started headless with a throw-away
profile and no network services of its own, each report is opened in a fresh tab, and
:func:`Browser.check` returns what went wrong in it:

- a console error or an uncaught exception;
- any network request other than the file itself and inline ``data:`` images (the reports must
  open offline and fetch nothing);
- a table shown with fewer rows than it has (``analysis.display`` tables carry ``data-rows`` and
  ``data-total-rows``; any other table fails when it holds a pandas "…" truncation row);
- a figure or the page wider than the window.

Nothing here is imported by the pipeline or the notebooks.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--hide-scrollbars",
    "--mute-audio",
    "--remote-debugging-port=0",
]
WINDOW = (1280, 900)
"""The window a report must fit: a laptop screen."""

_PAGE_CHECKS = r"""
(() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const tables = [...document.querySelectorAll('table')].map((t, i) => ({
    index: i,
    declared: t.hasAttribute('data-rows') ? Number(t.getAttribute('data-rows')) : null,
    total: t.hasAttribute('data-total-rows') ? Number(t.getAttribute('data-total-rows')) : null,
    rows: t.querySelectorAll('tbody > tr').length,
    truncated: [...t.querySelectorAll('tr')].some(r => {
      const cells = [...r.children].map(c => c.textContent.trim());
      return cells.length > 1 && cells.filter(c => c === '...' || c === '…').length >= cells.length - 1;
    }),
  }));
  const images = [...document.querySelectorAll('img')].map((img, i) => {
    const box = img.getBoundingClientRect();
    return {index: i, natural_width: img.naturalWidth, natural_height: img.naturalHeight,
            shown_width: Math.round(box.width), right: Math.round(box.right), complete: img.complete};
  });
  return {width: width, scroll_width: root.scrollWidth, height: root.scrollHeight, tables: tables, images: images};
})()
"""


_PAINT_ALL = r"""
new Promise(resolve => {
  const style = document.createElement('style');
  style.textContent = '.table-scroll { content-visibility: visible !important; }';
  document.head.appendChild(style);
  requestAnimationFrame(() => requestAnimationFrame(resolve));
})
"""


def find_chromium() -> str | None:
    """The Chromium executable (Debian's ``chromium``), or None when it is not installed."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


@dataclass
class PageReport:
    """What opening one report showed."""

    path: Path
    load_seconds: float
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    width: int = 0
    scroll_width: int = 0
    height: int = 0

    def problems(self) -> list[str]:
        """One line per thing a reader would trip over; empty when the page is fine."""
        name = self.path.name
        found = [f"{name}: console error: {message}" for message in self.console_errors]
        found += [f"{name}: network request to {url}" for url in self.requests]
        for table in self.tables:
            if table["declared"] is not None and table["rows"] != table["declared"]:
                found.append(f"{name}: table {table['index']} shows {table['rows']} of its {table['declared']} rows")
            if table["truncated"]:
                found.append(f"{name}: table {table['index']} is cut short (a '…' row)")
        for image in self.images:
            if not image["complete"] or image["natural_width"] == 0:
                found.append(f"{name}: figure {image['index']} did not load")
            if image["right"] > self.width:
                found.append(f"{name}: figure {image['index']} is wider than the page ({image['right']} > {self.width} px)")
        if self.scroll_width > self.width:
            found.append(f"{name}: the page is wider than the window ({self.scroll_width} > {self.width} px)")
        return found


class Browser:
    """Headless Chromium driven over the DevTools protocol; use as a context manager."""

    def __init__(self, executable: str, window: tuple[int, int] = WINDOW) -> None:
        self.executable = executable
        self.window = window
        self._profile = tempfile.mkdtemp(prefix="chromium-profile-")
        self._process: subprocess.Popen | None = None
        self._socket = None
        self._next_id = 0

    def __enter__(self) -> Browser:
        import websocket

        command = [self.executable, *CHROMIUM_FLAGS, f"--user-data-dir={self._profile}",
                   f"--window-size={self.window[0]},{self.window[1]}", "about:blank"]
        # its own process group, so that closing it reaches its helper processes too
        self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        port_file = Path(self._profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and len(port_file.read_text().split()) >= 2):
            if time.monotonic() > deadline or self._process.poll() is not None:
                self.__exit__(None, None, None)
                raise RuntimeError(f"{self.executable} did not start its DevTools endpoint")
            time.sleep(0.05)
        port, path = port_file.read_text().split()[:2]
        self._socket = websocket.create_connection(f"ws://127.0.0.1:{port}{path}", timeout=60, suppress_origin=True)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._socket is not None:
            self._socket.close()
        if self._process is not None:
            self._signal_group(signal.SIGTERM)
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                self._process.wait()
        # Chromium's helpers (crash handler, GPU process) can still be writing into the profile
        # for a moment after the browser exits: a clean-up racing them failed a CI run with
        # "Directory not empty". Try a few times, then leave the temporary folder to the system.
        for _ in range(20):
            try:
                shutil.rmtree(self._profile)
                break
            except FileNotFoundError:
                break
            except OSError:
                time.sleep(0.1)

    def _signal_group(self, number: int) -> None:
        try:
            os.killpg(self._process.pid, number)
        except ProcessLookupError:
            pass

    def _send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._socket.send(json.dumps(message))
        return self._next_id

    def _call(self, method: str, params: dict | None = None, session: str | None = None, events: list | None = None) -> dict:
        wanted = self._send(method, params, session)
        while True:
            message = json.loads(self._socket.recv())
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if events is not None and "method" in message:
                events.append(message)

    def _wait_for(self, event: str, session: str, events: list, timeout: float = 60) -> None:
        if any(e.get("method") == event and e.get("sessionId") == session for e in events):
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = json.loads(self._socket.recv())
            if "method" in message:
                events.append(message)
                if message["method"] == event and message.get("sessionId") == session:
                    return
        raise RuntimeError(f"no {event} within {timeout:.0f} s")

    def check(self, path: Path, *, screenshot: Path | None = None, screenshot_height: int = 2400, scale: float = 0.5) -> PageReport:
        """Open ``path`` in a new tab, wait for it to load and report what a reader would see.

        With ``screenshot``, the top ``screenshot_height`` CSS pixels of the page are saved there
        as a PNG at ``scale``.
        """
        target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        events: list[dict] = []
        try:
            for domain in ("Page", "Runtime", "Log", "Network"):
                self._call(f"{domain}.enable", session=session, events=events)
            self._call("Emulation.setDeviceMetricsOverride",
                       {"width": self.window[0], "height": self.window[1], "deviceScaleFactor": 1, "mobile": False},
                       session=session, events=events)
            url = Path(path).resolve().as_uri()
            started = time.perf_counter()
            self._call("Page.navigate", {"url": url}, session=session, events=events)
            self._wait_for("Page.loadEventFired", session, events)
            seconds = time.perf_counter() - started
            checks = self._call("Runtime.evaluate", {"expression": _PAGE_CHECKS, "returnByValue": True},
                                session=session, events=events)["result"]["value"]
            if screenshot is not None:
                # Lay out every table box now: content-visibility leaves boxes outside the window unpainted.
                self._call("Runtime.evaluate", {"expression": _PAINT_ALL, "awaitPromise": True}, session=session, events=events)
                height = min(screenshot_height, int(checks["height"]))
                shot = self._call("Page.captureScreenshot", {
                    "format": "png", "captureBeyondViewport": True,
                    "clip": {"x": 0, "y": 0, "width": self.window[0], "height": max(1, height), "scale": scale},
                }, session=session, events=events)
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                screenshot.write_bytes(base64.b64decode(shot["data"]))
            report = PageReport(path=Path(path), load_seconds=seconds, tables=checks["tables"], images=checks["images"],
                                width=checks["width"], scroll_width=checks["scroll_width"], height=checks["height"])
            for event in events:
                if event.get("sessionId") != session:
                    continue
                method, params = event["method"], event.get("params", {})
                if method == "Runtime.exceptionThrown":
                    report.console_errors.append(params.get("exceptionDetails", {}).get("text", "exception"))
                elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                    report.console_errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
                elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                    report.console_errors.append(params["entry"].get("text", "error"))
                elif method == "Network.requestWillBeSent":
                    requested = params.get("request", {}).get("url", "")
                    if requested != url and not requested.startswith("data:"):
                        report.requests.append(requested)
            return report
        finally:
            self._call("Target.closeTarget", {"targetId": target})
