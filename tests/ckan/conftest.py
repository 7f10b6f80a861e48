"""A real CKAN 2.12 for the integration tests, started once per test session.

``ckan`` (session): installs (fast when done) and starts a private instance through
``tests/ckan/harness.sh`` with its own PostgreSQL cluster, Redis and database, and always stops
it (database included) at the end. If CKAN cannot start, every test that uses it fails with the
harness output and the server log tail: CKAN tests are never skipped.

``target`` (per test): a fresh organisation and dataset-name prefix, an output directory and a
:class:`CkanConfig` pointing at the instance, so tests never see each other's datasets.
"""
from __future__ import annotations

import os
import subprocess
import urllib.request
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from publish.ckan import ApiToken, CkanConfig, RetryPolicy
from publish.metadata import describe_outputs, load_catalog
from tests.ckan.outputs import write_outputs

HERE = Path(__file__).resolve().parent
HARNESS = HERE / "harness.sh"
REPO = HERE.parents[1]
FAST_RETRY = RetryPolicy(attempts=3, base_delay=0.05, max_delay=0.2)


@dataclass
class CkanInstance:
    url: str
    token: ApiToken
    run_dir: Path
    env: dict = field(repr=False)

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = (self.run_dir / "server.log").read_text(errors="replace").splitlines()
        except OSError:
            return "(no server log)"
        return "\n".join(text[-lines:])

    def harness(self, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["bash", str(HARNESS), *args], env=self.env, capture_output=True, text=True, timeout=timeout
        )

    def kill_server(self) -> None:
        p = self.harness("server-stop", "--kill")
        assert p.returncode == 0, p.stderr

    def start_server(self) -> None:
        p = self.harness("server-start")
        if p.returncode != 0:
            pytest.fail(f"CKAN server did not restart:\n{p.stderr[-3000:]}\n{self.log_tail()}")

    def get(self, url: str, auth: bool = False) -> bytes:
        req = urllib.request.Request(url, headers={"Authorization": self.token.reveal()} if auth else {})
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.read()


def _harness_env(run_dir: Path) -> dict:
    env = dict(os.environ)
    env["RATSDATEN_CKAN_RUN"] = str(run_dir)
    env["CKAN_DB_NAME"] = "ckan_" + uuid.uuid4().hex[:12]
    env.pop("CKAN_PORT", None)
    return env


def _stop_orphans(home: Path) -> None:
    """Stop instances of earlier test sessions that died without their finalizer."""
    for run_dir in home.glob("run-pytest-*"):
        try:
            pid = int(run_dir.name.split("-")[2])
            os.kill(pid, 0)
            continue  # that session is still running
        except (ValueError, IndexError):
            continue
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        subprocess.run(["bash", str(HARNESS), "stop"], env=_harness_env(run_dir), capture_output=True, timeout=120)


@pytest.fixture(scope="session")
def ckan() -> CkanInstance:
    home = Path(os.environ.get("RATSDATEN_CKAN_HOME", REPO / ".cache" / "ckan"))
    _stop_orphans(home)
    run_dir = home / f"run-pytest-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    env = _harness_env(run_dir)
    inst = CkanInstance(url="", token=None, run_dir=run_dir, env=env)  # type: ignore[arg-type]
    try:
        for cmd, limit in (("install", 1200), ("start", 300)):
            p = inst.harness(cmd, timeout=limit)
            if p.returncode != 0:
                pytest.fail(
                    f"CKAN harness '{cmd}' failed (exit {p.returncode}):\n{p.stderr[-4000:]}\n"
                    f"---- server log tail\n{inst.log_tail()}",
                    pytrace=False,
                )
        values = dict(
            line.split("=", 1) for line in (run_dir / "env").read_text().splitlines() if "=" in line
        )
        inst.url = values["CKAN_URL"]
        inst.token = ApiToken((run_dir / "api-token").read_text())
        yield inst
    finally:
        inst.harness("stop", timeout=120)


@dataclass
class Target:
    config: CkanConfig
    catalog: object
    out: Path
    prefix: str

    def records(self, out: Path | None = None):
        return describe_outputs(out or self.out, self.catalog)

    def names(self) -> list[str]:
        return [r.name for r in self.records()]


@pytest.fixture
def target(ckan: CkanInstance, tmp_path: Path) -> Target:
    """Fresh organisation + name prefix; outputs in tmp_path/out; fast retries."""
    tag = uuid.uuid4().hex[:8]
    # a portal never gets the placeholder base URL (daten.example.org): a local address stands in
    catalog = replace(load_catalog(), name_prefix=f"rd-{tag}", base_url="http://127.0.0.1:9/ratsdaten/")
    config = CkanConfig(
        url=ckan.url,
        organization=f"org-{tag}",
        token=ckan.token,
        create_organization=True,
        retry=FAST_RETRY,
        timeout=30,
    )
    out = write_outputs(tmp_path / "out")
    return Target(config=config, catalog=catalog, out=out, prefix=catalog.name_prefix)
