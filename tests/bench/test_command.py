"""The benchmarks start `ratsdaten` the way the nightly job does, wherever the project is installed."""
from __future__ import annotations

import subprocess
import sys

import bench


def test_the_console_script_of_this_python_is_found_and_runs():
    cmd = bench.ratsdaten_command()
    assert cmd[0].startswith(sys.prefix)            # this venv's script, not a path typed into the code
    proc = subprocess.run([*cmd, "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "Usage: ratsdaten" in proc.stdout


def test_without_a_script_beside_python_path_and_then_the_module_are_used(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python3"))
    script = tmp_path / "bin" / "ratsdaten"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(script.parent))
    assert bench.ratsdaten_command() == [str(script)]
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert bench.ratsdaten_command() == [str(tmp_path / "python3"), "-m", "flows.cli"]
