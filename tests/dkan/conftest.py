"""Fixtures for the DKAN target: the DKAN test server, a catalog served over HTTP, the target.

DKAN itself can't be installed from the registries the suite reaches (Drupal and DKAN come from
Packagist), so the tests talk to ``server.DkanServer``: a test server written from DKAN's own
OpenAPI document, schemas and measured behaviour (``../shared/reference/dkan``), itself checked
against that document in ``test_server_contract.py``.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest

from publish.dkan import DkanConfig, DkanTarget
from publish.metadata import load_catalog
from publish.retry import RetryPolicy
from publish.targets import DescribedCatalog, describe
from tests.ckan.outputs import write_outputs
from tests.conftest import REFERENCE_DIR, require_reference
from tests.dkan.server import API_USER, DkanServer
from tests.loopback import LoopbackHTTP

REFERENCE = REFERENCE_DIR / "dkan"
USER, PASSWORD = "ratsdaten", "Geheim-7f3a9c1e-Passwort"
FAST_RETRY = RetryPolicy(attempts=3, base_delay=0.05, max_delay=0.2)


@pytest.fixture(scope="session")
def reference() -> Path:
    require_reference("dkan", "generated-openapi-api-1.json")   # skips (fails under CI=true) when missing
    return REFERENCE


@pytest.fixture
def dkan(reference):
    """A fresh DKAN test server with the API user ``ratsdaten`` and a user without write permission."""
    users = {USER: (PASSWORD, API_USER), "leser": ("leser-pw", frozenset())}
    with DkanServer(reference, users=users) as server:
        yield server


class FileServer:
    """The catalog folder served over HTTP on 127.0.0.1 (where DKAN's harvester fetches data.json)."""

    def __init__(self, directory: Path):
        self._http = LoopbackHTTP(functools.partial(_QuietFiles, directory=str(directory)))
        self.url = self._http.url + "/"

    def __enter__(self):
        self._http.__enter__()
        return self

    def __exit__(self, *exc):
        self._http.__exit__(*exc)


class _QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@dataclass
class Site:
    """A catalog folder, served, and a DKAN target pointing at the test server."""

    out: Path
    base_url: str
    catalog: object
    target: DkanTarget

    def described(self, out: Path | None = None, drop: tuple[str, ...] = ()) -> DescribedCatalog:
        """The catalog's records as a run hands them to every target (without the tables in ``drop``)."""
        d = describe(out or self.out, self.catalog)
        return replace(d, records=tuple(r for r in d.records if r.table not in drop))


@pytest.fixture
def site(dkan, tmp_path) -> Site:
    out = write_outputs(tmp_path / "public")
    with FileServer(out) as files:
        catalog = replace(load_catalog(), base_url=files.url)
        config = DkanConfig(url=dkan.url, user=USER, password=PASSWORD, timeout=1.0, retry=FAST_RETRY)
        yield Site(out, files.url, catalog, DkanTarget(config))
