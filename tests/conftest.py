"""Shared fixtures: where the seed corpus and the third-party reference files are."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "bielefeld-da"
# Third-party reference data stays in ../shared (CI has it beside the checkout).
SHARED = ROOT.parent / "shared"
SEED_NAMES = sorted(p.name for p in SAMPLES.glob("*.txt"))


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
