"""A real Chromium driven over the DevTools protocol (CDP): layout measurements, screenshots, input.

Chromium's CLI modes (--dump-dom, --screenshot) can't tell how wide a page renders or type into it;
the DevTools protocol can. Chromium listens on a free 127.0.0.1 port (``--remote-debugging-port=0``)
and is stopped when the block ends. The client is websockets' synchronous one (Prefect depends on it). Also Chromium's CLI modes, for
what they do well (``chromium("--dump-dom", url)``).
"""
from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from websockets.sync.client import connect

import pytest

TIMEOUT_S = 60
CHROMIUM = "/usr/bin/chromium"  # Debian's package
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def chromium_binary() -> str:
    for candidate in (CHROMIUM, shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.fail(
        f"Chromium not found ({CHROMIUM}): install Debian's package, "
        "`apt-get install -y chromium chromium-driver` (scripts/install-test-services does this in CI)"
    )


def chromium(*args: str) -> subprocess.CompletedProcess:
    """Chromium's CLI modes (--dump-dom, --screenshot) with a throw-away profile."""
    with tempfile.TemporaryDirectory(prefix="chromium-profile-", ignore_cleanup_errors=True) as profile:
        cmd = [chromium_binary(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=90)
        _remove(profile)   # (helpers may still be writing to it: see browser())
    assert proc.returncode == 0, f"chromium failed ({proc.returncode}): {proc.stderr[-2000:]}"
    return proc


class Page:
    """One browser tab, attached with a flat CDP session."""

    def __init__(self, ws, session: str, ids):
        self.ws, self.session, self.ids = ws, session, ids

    def send(self, method: str, **params) -> dict:
        return _call(self.ws, self.ids, method, params, self.session)

    def open(self, url: str, width: int, height: int = 900) -> None:
        """Load ``url`` in a viewport ``width`` CSS pixels wide (a phone's below 600)."""
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1,
                  mobile=width < 600)
        self.send("Page.enable")
        self.send("Page.navigate", url=url)
        _wait_event(self.ws, "Page.loadEventFired", self.session)

    def eval(self, expression: str):
        answer = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in answer:
            raise AssertionError(f"page script failed: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def screenshot(self, path, width: int, height: int) -> tuple[int, int]:
        """The whole page (``height`` CSS pixels) as PNG at ``path``; returns the PNG's (width, height)."""
        shot = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": width, "height": height, "scale": 1})
        data = base64.b64decode(shot["data"])
        path.write_bytes(data)
        return struct.unpack(">II", data[16:24])   # IHDR: width, height


def _call(ws, ids, method: str, params: dict, session: str | None = None) -> dict:
    msg_id = next(ids)
    message = {"id": msg_id, "method": method, "params": params}
    if session:
        message["sessionId"] = session
    ws.send(json.dumps(message))
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        answer = json.loads(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
        if answer.get("id") == msg_id:
            if "error" in answer:
                raise AssertionError(f"{method}: {answer['error']}")
            return answer.get("result", {})
    raise TimeoutError(f"{method}: no answer within {TIMEOUT_S} s")


def _wait_event(ws, name: str, session: str) -> dict:
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        event = json.loads(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
        if event.get("method") == name and event.get("sessionId") == session:
            return event.get("params", {})
    raise TimeoutError(f"no {name} within {TIMEOUT_S} s")


@contextmanager
def browser():
    """A headless Chromium with its DevTools endpoint on 127.0.0.1; yields a function opening a tab."""
    # Chromium's helper processes may still write into the profile after the browser exits: the whole
    # process group is stopped first, and the profile removed only then (with a few tries).
    with tempfile.TemporaryDirectory(prefix="chromium-cdp-", ignore_cleanup_errors=True) as profile:
        proc = subprocess.Popen(
            [chromium_binary(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-address=127.0.0.1",
             "--remote-debugging-port=0", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            start_new_session=True)
        try:
            endpoint, seen, deadline = None, [], time.monotonic() + TIMEOUT_S
            while endpoint is None and time.monotonic() < deadline and proc.poll() is None:
                ready, _, _ = select.select([proc.stderr], [], [], 0.5)
                if ready:
                    line = proc.stderr.readline()
                    seen.append(line)
                    m = re.search(r"DevTools listening on (ws://\S+)", line)
                    endpoint = m.group(1) if m else None
            assert endpoint, f"Chromium opened no DevTools endpoint: {''.join(seen)[-2000:]}"
            with connect(endpoint, max_size=None, open_timeout=TIMEOUT_S) as ws:
                ids = itertools.count(1)

                def new_page() -> Page:
                    target = _call(ws, ids, "Target.createTarget", {"url": "about:blank"})["targetId"]
                    session = _call(ws, ids, "Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
                    return Page(ws, session, ids)

                yield new_page
        finally:
            _stop_group(proc)
            _remove(profile)


def _stop_group(proc: subprocess.Popen) -> None:
    """Stop the browser and every helper process it started (its own process group)."""
    for sig, wait_s in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait_s)
        except subprocess.TimeoutExpired:
            continue
        # the browser is gone; give helpers of the group a moment to follow, then make sure they did
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and _group_alive(proc.pid):
            time.sleep(0.1)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        return


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False


def _remove(folder: str) -> None:
    for _ in range(20):   # bounded: a helper that outlived SIGKILL releases its files within moments
        shutil.rmtree(folder, ignore_errors=True)
        if not os.path.exists(folder):
            return
        time.sleep(0.25)
