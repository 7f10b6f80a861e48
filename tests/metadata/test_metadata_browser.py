"""The landing page in a real browser: headless Chromium (Debian's package) over HTTP.

Driven through Chromium's own CLI modes (--dump-dom, --screenshot) and, to measure the layout and
use the filter, its DevTools protocol (tests/metadata/browser.py): no WebDriver, no browser download.
"""
from __future__ import annotations

import shutil
import threading
import urllib.request
from contextlib import contextmanager
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from publish.landing import table_dictionary, write_metadata
from tests.metadata import browser
from tests.metadata.browser import chromium, chromium_binary
from tests.metadata.fixture_outputs import build_output_dir

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


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
    monkeypatch.setattr(browser, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(pytest.fail.Exception, match="Chromium not found"):
        chromium_binary()


# Elements wider than the viewport are fine only inside a box that scrolls on its own (code examples).
_LAYOUT = """(() => {
  const root = document.documentElement, width = root.clientWidth;
  const scrolls = el => ["auto", "scroll", "hidden"].includes(getComputedStyle(el).overflowX);
  const escaping = Array.from(document.body.querySelectorAll("*")).filter(el => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 0.5) return false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (scrolls(a) && a.getBoundingClientRect().right <= width + 0.5) return false;
    }
    return true;
  }).map(el => el.tagName.toLowerCase() + (el.className ? "." + el.className : "") + " "
                + Math.round(el.getBoundingClientRect().right) + "px: " + el.textContent.trim().slice(0, 40));
  const sections = Array.from(document.querySelectorAll("section.dataset"));
  return {scrollWidth: root.scrollWidth, width, height: root.scrollHeight, escaping,
          open: document.querySelectorAll("details[open]").length,
          dictionaries: document.querySelectorAll("details.dictionary").length,
          tallest: Math.max(...sections.map(s => s.getBoundingClientRect().height))};
})()"""

_CLEAR = "(() => { const f = document.getElementById('filter'); f.value = ''; f.dispatchEvent(new Event('input')); })()"
_VISIBLE = "Array.from(document.querySelectorAll('section.dataset')).filter(s => !s.hidden).map(s => s.id)"


@pytest.mark.integration
def test_landing_page_layout_at_1280_and_390_px(tmp_path, catalog):
    out = build_output_dir(tmp_path / "out")
    result = write_metadata(out, catalog=catalog)
    assert result.conforms, result.report.text(warnings=False)
    columns = sum(len(table_dictionary(r.table).columns) for r in result.records if r.table)
    ARTIFACTS.mkdir(exist_ok=True)
    with serve(out) as base, browser.browser() as new_page:
        page = new_page()
        for width, max_height in ((1280, 7000), (390, 16000)):
            page.open(base + "index.html", width)
            layout = page.eval(_LAYOUT)
            # Nothing wider than the screen: no sideways scrolling on a phone.
            assert layout["scrollWidth"] <= layout["width"] == width, layout
            assert layout["escaping"] == [], layout["escaping"]
            # Dictionaries are there, collapsed: the page is a list of datasets, not 15,000 px of tables.
            assert layout["open"] == 0 and layout["dictionaries"] == len(result.records) - 1, layout
            assert layout["height"] <= max_height, f"{width} px wide: page is {layout['height']} px tall"
            if width == 1280:
                assert layout["tallest"] <= 800, f"a dataset takes {layout['tallest']} px at 1280 px"
            shot = ARTIFACTS / f"landing-page-{width}.png"
            assert page.screenshot(shot, width, layout["height"]) == (width, layout["height"])
            assert shot.stat().st_size > 10_000

            # Opening the dictionaries shows every column (they hold the content), still without overflow.
            page.eval("document.querySelectorAll('details.dictionary').forEach(d => d.open = true)")
            opened = page.eval(_LAYOUT)
            assert opened["height"] - layout["height"] >= 30 * columns, (opened["height"], layout["height"])
            assert opened["scrollWidth"] <= width and opened["escaping"] == [], opened["escaping"]

        # The filter: typed words narrow the list (column names and German descriptions count), no match
        # says so, an empty filter shows everything again.
        page.open(base + "index.html", 1280)
        everything = page.eval(_VISIBLE)
        assert len(everything) == len(result.records)
        page.eval("document.getElementById('filter').focus()")
        page.send("Input.insertText", text="session_count")
        assert page.eval(_VISIBLE) == ["persons"]
        assert page.eval("document.querySelector('nav li[data-for=persons]').hidden") is False
        assert page.eval("document.querySelector('nav li[data-for=votes]').hidden") is True
        page.eval(_CLEAR)
        page.send("Input.insertText", text="stimmen enthaltungen")   # German column descriptions of votes
        assert "votes" in page.eval(_VISIBLE) and "sessions" not in page.eval(_VISIBLE)
        page.eval(_CLEAR)
        page.send("Input.insertText", text="xyzzy")
        assert page.eval(_VISIBLE) == [] and page.eval("document.getElementById('kein-treffer').hidden") is False
        page.eval(_CLEAR)
        assert page.eval(_VISIBLE) == everything
