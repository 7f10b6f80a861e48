"""The served deployments against a real Prefect server on 127.0.0.1, started and stopped here."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

import schemas

pytestmark = pytest.mark.integration
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(args: list[str], env: dict, log: Path, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen(args, env=env, cwd=cwd, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _wait(what: str, check, timeout: float, logs: list[Path], procs: list[subprocess.Popen]):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for p in procs:
            if p.poll() is not None:
                pytest.fail(f"{p.args[:3]} exited with {p.returncode} while waiting for {what}:\n" + _tail(logs))
        try:
            result = check()
        except httpx.HTTPError:
            result = None
        if result:
            return result
        time.sleep(0.5)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}:\n" + _tail(logs))


def _post(url: str, body: dict, attempts: int = 20) -> httpx.Response:
    """POST, retried on 502/503/504 as Prefect's own client does (a busy SQLite server answers 503)."""
    for _ in range(attempts):
        r = httpx.post(url, json=body, timeout=10)
        if r.status_code not in (502, 503, 504):
            return r
        time.sleep(1)
    return r


def _tail(logs: list[Path]) -> str:
    return "\n".join(f"--- {p.name}\n" + p.read_text(errors="replace")[-3000:] for p in logs if p.exists())


@pytest.fixture
def prefect_server(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "server-home"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    env.pop("PREFECT_API_URL", None)
    log = tmp_path / "prefect-server.log"
    proc = _start([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)], env, log, tmp_path)
    api = f"http://127.0.0.1:{port}/api"
    try:
        _wait("the Prefect server", lambda: httpx.get(f"{api}/health", timeout=2).status_code == 200, 120, [log], [proc])
        yield api, log
    finally:
        _stop(proc)


def test_manual_deployment_runs_with_parameters(prefect_server, seeds, tmp_path):
    api, server_log = prefect_server
    env = {
        **os.environ,
        "PREFECT_API_URL": api,
        "PREFECT_HOME": str(tmp_path / "serve-home"),
        "PREFECT_RUNNER_POLL_FREQUENCY": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    serve_log = tmp_path / "serve.log"
    serve = _start([str(BIN / "ratsdaten"), "serve", "--output", str(tmp_path / "nightly-catalog")], env, serve_log, tmp_path)
    logs, procs = [server_log, serve_log], [serve]
    try:
        def deployment(name):
            r = httpx.get(f"{api}/deployments/name/ratsdaten-nightly/{name}", timeout=5)
            return r.json() if r.status_code == 200 else None

        manual = _wait("the manual deployment", lambda: deployment("manual"), 120, logs, procs)
        nightly = deployment("nightly")
        assert nightly is not None
        [schedule] = nightly["schedules"]
        assert schedule["schedule"]["cron"] == "0 2 * * *" and schedule["schedule"]["timezone"] == "Europe/Berlin"

        out = tmp_path / "catalog"
        r = _post(f"{api}/deployments/{manual['id']}/create_flow_run",
                  {"parameters": {"source": str(seeds), "output": str(out)}})
        assert r.status_code in (200, 201), r.text
        run_id = r.json()["id"]

        def finished():
            state = httpx.get(f"{api}/flow_runs/{run_id}", timeout=5).json()["state"]
            return state if state and state["type"] in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED") else None

        state = _wait("the flow run", finished, 300, logs, procs)
        assert state["type"] == "COMPLETED", f"{state}\n{_tail(logs)}"
    finally:
        _stop(serve)

    run = json.loads((out / "reports" / "run.json").read_text(encoding="utf-8"))
    assert run["valid"] is True and run["published"] is True and run["source"] == str(seeds)
    for t in schemas.TABLES:
        assert (out / f"{t}.csv").is_file() and (out / f"{t}.parquet").is_file()
    assert not (tmp_path / "nightly-catalog").exists()   # the nightly deployment did not run
