"""Benchmarks and the corpus generator (not tests, not part of the package)."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path


def ratsdaten_command() -> list[str]:
    """How to start ``ratsdaten`` as the nightly job does: the console script of the Python running
    the benchmark (its venv), else the one on PATH, else the CLI module with this Python."""
    beside = Path(sys.executable).with_name("ratsdaten")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("ratsdaten")
    return [found] if found else [sys.executable, "-m", "flows.cli"]
