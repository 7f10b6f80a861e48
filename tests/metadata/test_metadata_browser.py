"""The landing page in a real browser: headless Chromium (Debian's package) over HTTP.

Driven through Chromium's own CLI modes (--dump-dom, --screenshot): no WebDriver, no browser
download. The page is static, so the DOM Chromium parsed is the page people see.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
import threading
import urllib.request
from contextlib import contextmanager
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from publish.landing import write_metadata
from tests.metadata.fixture_outputs import build_output_dir

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
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


CHROMIUM = "/usr/bin/chromium"  # Debian's package


def chromium_binary() -> str:
    for candidate in (CHROMIUM, shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.fail(
        f"Chromium not found ({CHROMIUM}): install Debian's package, "
        "`apt-get install -y chromium chromium-driver` (scripts/install-test-services does this in CI)"
    )


def chromium(*args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        cmd = [chromium_binary(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=90)
    assert proc.returncode == 0, f"chromium failed ({proc.returncode}): {proc.stderr[-2000:]}"
    return proc


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(directory: Path):
    """A static file server on 127.0.0.1 (free port) in a thread; always shut down."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class _Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.datasets, self.downloads = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-dataset" in a:
            self.datasets.append(a["data-dataset"])
        if tag == "a" and "download" in (a.get("class") or "").split():
            self.downloads.append(a)


@pytest.mark.integration
def test_landing_page_in_chromium(tmp_path, shapes_dir):
    binary = chromium_binary()
    out = build_output_dir(tmp_path / "out")
    result = write_metadata(out, shapes_dir=shapes_dir)
    assert result.conforms, result.report.text(warnings=False)

    with serve(out) as base:
        page = base + "index.html"
        dom = _Dom()
        dom.feed(chromium("--dump-dom", page).stdout)

        assert dom.datasets == [r.name for r in result.records], "every dataset is listed, in order"
        advertised = {d.path: d.byte_size for r in result.records for d in r.distributions}
        assert {a["href"] for a in dom.downloads} == set(advertised)
        for a in dom.downloads:
            with urllib.request.urlopen(base + a["href"], timeout=30) as response:
                body = response.read()
                assert response.status == 200
                assert int(response.headers["Content-Length"]) == len(body)
            assert len(body) == int(a["data-bytes"]) == advertised[a["href"]], a["href"]
            assert body == (out / a["href"]).read_bytes()

        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "landing-page.png"
        shot.unlink(missing_ok=True)
        chromium("--window-size=1280,2400", f"--screenshot={shot}", page)
    assert shot.is_file() and shot.stat().st_size > 10_000, f"no screenshot at {shot} (chromium: {binary})"


def test_missing_chromium_fails_instead_of_skipping(monkeypatch):
    monkeypatch.setattr(__import__(__name__, fromlist=["x"]), "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(pytest.fail.Exception, match="Chromium not found"):
        chromium_binary()
