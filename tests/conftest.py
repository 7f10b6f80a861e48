"""Shared fixtures: where the seed corpus and the third-party reference files are."""
from __future__ import annotations

from pathlib import Path

import os
import shutil
import tempfile

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "bielefeld-da"
# Third-party reference data stays in ../shared (CI has it beside the checkout).
SHARED = ROOT.parent / "shared"
SEED_NAMES = sorted(p.name for p in SAMPLES.glob("*.txt"))


# Prefect reads its settings when it is imported: every test session gets its own quiet, local
# Prefect home and TMPDIR before any test module can import it.
def _session_tmp() -> Path:
    """<tmp>/ratsdaten-tests/<pid>; folders of earlier sessions whose process is gone are removed."""
    root = Path(tempfile.gettempdir()) / "ratsdaten-tests"
    root.mkdir(exist_ok=True)
    for old in root.iterdir():
        try:
            os.kill(int(old.name), 0)
        except (ValueError, ProcessLookupError):
            shutil.rmtree(old, ignore_errors=True)
        except PermissionError:
            pass
    path = root / str(os.getpid())
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir()
    return path


# Removed by the next session: worker processes (forkserver) clean up their own temp files in it at exit.
SESSION_TMP = _session_tmp()
PREFECT_ENV = {
    "PREFECT_HOME": str(SESSION_TMP / "prefect-home"),
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_TO_API_ENABLED": "false",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
}
for _k, _v in PREFECT_ENV.items():
    os.environ[_k] = _v
os.environ.pop("PREFECT_API_URL", None)
(SESSION_TMP / "tmp").mkdir()
os.environ["TMPDIR"] = str(SESSION_TMP / "tmp")
tempfile.tempdir = None  # re-read TMPDIR


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"{SHARED} is missing: CI must have shared/ beside the checkout")
    return SHARED


def seed_bytes(prefix: str) -> tuple[bytes, str]:
    """(bytes, file name) of the seed whose name starts with ``prefix`` ("000")."""
    [path] = [p for p in SAMPLES.glob(f"{prefix}_*.txt")]
    return path.read_bytes(), path.name


# In CI the property tests explore the same examples on every run: a submission must not fail by chance.
# Locally they explore new examples each run.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if __import__("os").environ.get("CI"):
    _hypothesis_settings.load_profile("ci")
