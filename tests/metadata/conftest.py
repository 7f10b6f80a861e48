"""Fixtures for the metadata tests: a realistic output directory and the official shapes."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.metadata.fixture_outputs import build_output_dir

from publish.metadata import load_catalog


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def outputs(tmp_path_factory) -> Path:
    """Output directory as the catalog writer leaves it (no metadata files yet). Don't modify."""
    return build_output_dir(tmp_path_factory.mktemp("outputs"))


@pytest.fixture
def fresh_outputs(tmp_path) -> Path:
    """A private copy to write metadata into."""
    return build_output_dir(tmp_path / "out")
