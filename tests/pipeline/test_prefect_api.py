"""The console script's temporary Prefect API: used by the run, stopped after it, clear when it fails."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from flows import prefect_api
from tests.conftest import SAMPLES
from tests.pipeline.conftest import run_cli

RATSDATEN = Path(sys.executable).with_name("ratsdaten")


def _processes_with(prefect_home: str) -> list[str]:
    """Command lines of running processes whose environment has this PREFECT_HOME."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            env = (proc / "environ").read_bytes().split(b"\0")
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if f"PREFECT_HOME={prefect_home}".encode() in env:
            found.append(cmd)
    return found


def test_the_console_run_uses_its_own_temporary_api_and_stops_it(tmp_path):
    home = str(tmp_path / "prefect-home")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    # Prefect's own ephemeral server could not start within 1 s: the run must not be using it.
    env.update(PREFECT_HOME=home, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="1")
    seeds = shutil.copytree(SAMPLES, tmp_path / "seeds")
    done = subprocess.run([str(RATSDATEN), "run", "--input", str(seeds), "--output", str(tmp_path / "public")],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "public" / "sessions.csv").is_file()
    assert (Path(home) / "prefect.db").is_file()          # the flow run was recorded by the server
    assert _processes_with(home) == []                     # and the server is gone


def test_a_server_that_does_not_start_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(prefect_api, "enabled", True)
    monkeypatch.setattr(prefect_api, "command", lambda port: ["sh", "-c", "echo 'database is locked' >&2; exit 3"])
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    out = tmp_path / "public"
    result = run_cli("run", "--input", str(SAMPLES), "--output", str(out))
    assert result.exit_code == 1
    assert "exited with code 3: database is locked" in result.output
    assert "PREFECT_API_URL" not in os.environ and not out.exists()


def test_an_unchanged_rerun_is_decided_before_prefect_starts(tmp_path, monkeypatch):
    """Nothing changed: the console ends the run after discovery, without starting a Prefect API at all."""
    seeds = shutil.copytree(SAMPLES, tmp_path / "seeds")
    out = tmp_path / "public"
    assert run_cli("run", "--input", str(seeds), "--output", str(out)).exit_code == 0
    before = (out / "sessions.csv").stat().st_mtime_ns
    monkeypatch.setattr(prefect_api, "enabled", True)
    monkeypatch.setattr(prefect_api, "command", lambda port: ["sh", "-c", "echo 'must not start' >&2; exit 3"])
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    result = run_cli("run", "--input", str(seeds), "--output", str(out))
    assert result.exit_code == 0, result.output
    assert "Catalog unchanged" in result.output and "must not start" not in result.output
    assert (out / "sessions.csv").stat().st_mtime_ns == before
    assert '"unchanged": 5' in (out / "reports" / "run.json").read_text(encoding="utf-8")
    # a changed document needs the flow, and so the API
    (seeds / "000_0e3c48bae7302534.txt").write_text("Niederschrift über die Sitzung des Rates am 02.06.2025\n",
                                                     encoding="utf-8")
    assert run_cli("run", "--input", str(seeds), "--output", str(out)).exit_code == 1
