"""``ratsdaten`` as a subprocess, as an operator runs it: for the tests of portals that stop a run."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

EXE = Path(sys.executable).parent / "ratsdaten"


def ratsdaten(*args: str, env: dict, timeout: float = 600) -> tuple[subprocess.CompletedProcess, float]:
    """Run ``ratsdaten ARGS`` with ``env`` (and no portal settings of this process); (result, seconds)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DKAN_", "CKAN_", "RATSDATEN_BASE_URL"))}
    t0 = time.monotonic()
    p = subprocess.run([str(EXE), *args], env={**clean, **env}, capture_output=True, text=True, timeout=timeout)
    return p, time.monotonic() - t0


def one_line_exit_2(p: subprocess.CompletedProcess, seconds: float, out: Path, *words: str) -> str:
    """The run stopped with exit code 2 and one line holding ``words``, within 30 s, writing nothing."""
    assert p.returncode == 2, p.stdout + p.stderr
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ratsdaten: error: "), p.stderr
    for w in words:
        assert w in lines[0], lines[0]
    assert seconds < 30, f"took {seconds:.1f} s"
    assert not out.exists()  # nothing written, nothing published
    return lines[0]
