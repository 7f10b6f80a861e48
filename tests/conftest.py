"""Shared fixtures: where the seed corpus and the third-party reference files are."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "bielefeld-da"
# Third-party files are not part of the repository; a setting each says where they are, CI has them in
# ../shared beside the checkout: reference data (DCAT-AP.de shapes, OParl, ...) and a corpus of real minutes.
REFERENCE_ENV, CORPUS_ENV = "RATSDATEN_REFERENCE_DIR", "RATSDATEN_CORPUS_DIR"
REFERENCE_DIR = Path(os.environ.get(REFERENCE_ENV) or ROOT.parent / "shared" / "reference").resolve()
CORPUS_DIR = Path(os.environ.get(CORPUS_ENV) or ROOT.parent / "shared" / "corpus").resolve()
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


def _require(root: Path, env: str, what: str, parts: tuple[str, ...]) -> Path:
    """``root/parts...``; where it is missing the test skips with one line saying what to set, except
    under ``CI=true``, where missing third-party files fail the test."""
    path = root.joinpath(*parts)
    if not path.exists():
        message = f"{what} {path} is missing: set {env} to the folder that holds it (default {root})"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path


def require_reference(*parts: str) -> Path:
    """A path in the reference data (``RATSDATEN_REFERENCE_DIR``, default ``../shared/reference``)."""
    return _require(REFERENCE_DIR, REFERENCE_ENV, "reference data", parts)


def require_corpus(*parts: str) -> Path:
    """A path in the corpus of real minutes (``RATSDATEN_CORPUS_DIR``, default ``../shared/corpus``)."""
    return _require(CORPUS_DIR, CORPUS_ENV, "corpus", parts)


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """The third-party reference data (``RATSDATEN_REFERENCE_DIR``, default ``../shared/reference``)."""
    return require_reference()


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The corpus of real minutes with its gold.json (``RATSDATEN_CORPUS_DIR``, default ``../shared/corpus``)."""
    return require_corpus("gold.json").parent


@pytest.fixture(scope="session")
def shapes_dir() -> Path:
    """GovData's DCAT-AP.de shapes, as ``--shapes-dir`` takes them."""
    for rel in ("v2.0/dcat-ap-konventionen.ttl", "v3.0/dcat-ap-SHACL.ttl", "vocab/local-stubs/eu-nal-stubs.ttl"):
        require_reference("dcat-ap-de", *rel.split("/"))
    return require_reference("dcat-ap-de")


def seed_bytes(prefix: str) -> tuple[bytes, str]:
    """(bytes, file name) of the seed whose name starts with ``prefix`` ("000")."""
    [path] = [p for p in SAMPLES.glob(f"{prefix}_*.txt")]
    return path.read_bytes(), path.name


# In CI the property tests explore the same examples on every run: a submission must not fail by chance.
# Locally they explore new examples each run.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    _hypothesis_settings.load_profile("ci")
