"""Fixtures for the pipeline tests: one quiet Prefect setup per test session, copies of the seeds.

Prefect reads its settings when it is imported, so the environment is set here, at collection
time, and again as temporary settings for the whole session (in case another test module
imported Prefect first). Every test session gets its own PREFECT_HOME and TMPDIR (under
<tmp>/ratsdaten-tests/<pid>, removed by a later session); the ephemeral Prefect API server starts
once (on the first flow run) and serves every in-process CLI run.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.conftest import PREFECT_ENV, SAMPLES
from tests.conftest import SESSION_TMP as _SESSION_TMP




@pytest.fixture(scope="session", autouse=True)
def _prefect_session():
    from prefect.settings import (
        PREFECT_HOME,
        PREFECT_LOGGING_LEVEL,
        PREFECT_LOGGING_TO_API_ENABLED,
        PREFECT_SERVER_ANALYTICS_ENABLED,
        temporary_settings,
    )

    with temporary_settings(updates={
        PREFECT_HOME: PREFECT_ENV["PREFECT_HOME"],
        PREFECT_LOGGING_LEVEL: "WARNING",
        PREFECT_LOGGING_TO_API_ENABLED: False,
        PREFECT_SERVER_ANALYTICS_ENABLED: False,
    }):
        yield


@pytest.fixture
def seeds(tmp_path) -> Path:
    """A writable copy of the seed corpus (README included: it must not count as a document)."""
    dst = tmp_path / "seeds"
    shutil.copytree(SAMPLES, dst)
    for p in dst.iterdir():
        p.chmod(0o644)
    return dst


def run_cli(*args: str):
    """``ratsdaten ARGS`` in this process (sharing the session's Prefect server)."""
    from typer.testing import CliRunner

    from flows.cli import app

    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result


def snapshot(directory: Path, *, skip=("reports/run.json",)) -> dict[str, tuple[bytes, int]]:
    """Every file under ``directory``: relative path → (bytes, mtime_ns)."""
    out = {}
    for p in sorted(directory.rglob("*")):
        rel = p.relative_to(directory).as_posix()
        if p.is_file() and rel not in skip:
            out[rel] = (p.read_bytes(), p.stat().st_mtime_ns)
    return out


def published_bytes(directory: Path) -> dict[str, bytes]:
    """The catalog's data files (CSV, Parquet, datapackage.json, schemas) by name."""
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and (p.suffix in (".csv", ".parquet") or p.name == "datapackage.json" or p.parent.name == "schemas")
        and p.parent.name != "reports"
    }
