"""Fixtures for the OParl tests: the real crawl served by a test RIS, static file servers, the schemas."""
from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest

from tests.conftest import REFERENCE_DIR, require_reference
from tests.loopback import LoopbackHTTP
from tests.pipeline.conftest import _prefect_session  # noqa: F401  (autouse: quiet Prefect for CLI runs)

OPARL_REF = REFERENCE_DIR / "oparl"   # the OParl 1.1 schemas and real responses (see its SOURCE.md)


@pytest.fixture(scope="session")
def crawl_dir() -> Path:
    """The complete crawl of a Sternberg SD.NET RIM system."""
    return require_reference("oparl", "real", "sternberg-huertgenwald", "crawl")


@pytest.fixture(scope="session")
def real_oparl() -> Path:
    """Real OParl responses of three vendors (reference data)."""
    return require_reference("oparl", "real")


@pytest.fixture(scope="session", autouse=True)
def oparl_schemas() -> Path:
    """The OParl 1.1 schemas every export test validates against."""
    return require_reference("oparl", "schema")


@pytest.fixture
def ris(crawl_dir):
    """A fresh test RIS serving the real crawl (tests/oparl/ris.py)."""
    from tests.oparl.ris import CrawlRIS

    with CrawlRIS(crawl_dir) as server:
        yield server


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class StaticServer:
    """Files of a folder over HTTP on 127.0.0.1 (a free port), as any web server would serve the catalog;
    ``requests`` logs the paths asked for."""

    def __init__(self, root: Path):
        self.root = root
        self.requests: list[str] = []
        log = self.requests

        class Logged(_Quiet):
            def do_GET(self):
                log.append(self.path)
                super().do_GET()

        self._http = LoopbackHTTP(functools.partial(Logged, directory=str(root)))
        self.url = self._http.url + "/"

    def __enter__(self) -> "StaticServer":
        self._http.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._http.__exit__(*exc)


class RoutesServer(StaticServer):
    """Answers from a dict: URL path -> bytes (a RIS whose object URLs are also folders of lists)."""

    def __init__(self):
        routes: dict[str, bytes] = {}

        class Handler(SimpleHTTPRequestHandler):
            def do_GET(self):
                body = routes.get(self.path.split("?")[0])
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "application/json" if body and body[:1] == b"{" else "application/pdf")
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args):
                pass

        self.routes = routes
        self._http = LoopbackHTTP(Handler)
        self.url = self._http.url + "/"

    def serve(self, rel: str, obj) -> str:
        import json

        self.routes["/" + rel] = obj if isinstance(obj, bytes) else json.dumps(obj).encode("utf-8")
        return self.url + rel


@pytest.fixture
def routes_server():
    with RoutesServer() as server:
        yield server


@pytest.fixture
def static_server(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    with StaticServer(root) as server:
        yield server


def plain_run(folder: Path, output: Path, oparl: str | None = None, limits: dict | None = None, **options):
    """One pipeline run without Prefect (the stages as plain functions), optionally from an OParl URL."""
    from flows import config, pipeline
    from flows.oparl_client import Limits

    cfg = config.check(folder, output, oparl=oparl, oparl_limits={"max_pages": None, "max_downloads": None}, **options)
    if oparl:
        cfg.source.limits = Limits(**{"backoff": 0.05, **(limits or {})})   # fast retries in tests
    return pipeline.run(cfg)
