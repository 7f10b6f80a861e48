"""Installing the project prints no warnings from its own metadata, and the wheel holds its data files."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What setuptools says about a project's own pyproject.toml (licence table, packages list, ...).
OWN_METADATA_WARNING = re.compile(r"BuildBackendWarning|SetuptoolsDeprecationWarning|SetuptoolsWarning|"
                                  r"_DeprecatedConfig|Package would be ignored|is absent from the `packages`|"
                                  r"`project\.license` as a TOML table", re.I)


@pytest.mark.integration
def test_building_the_wheel_is_quiet_and_complete(tmp_path):
    # A copy: pip builds in the source folder (build/, *.egg-info), and the checkout stays clean.
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "*.egg-info", "__pycache__", ".cache", "test-artifacts", "tests", "public*"))
    # pip builds in isolation with the pinned setuptools from the index, as `pip install .` does.
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(tmp_path), str(source)],
                          capture_output=True, text=True, timeout=600, cwd=tmp_path)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-3000:]
    assert not OWN_METADATA_WARNING.search(output), output[-5000:]
    [wheel] = tmp_path.glob("ratsdaten-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    data = [p.relative_to(ROOT).as_posix() for pattern in ("schemas/*.json", "schemas/state/*.json",
                                                            "publish/templates/*.j2", "catalog/*.yaml", "transforms/data/*.csv")
            for p in ROOT.glob(pattern)]
    assert len([d for d in data if d.startswith("schemas/state/")]) >= 1
    assert data and not [d for d in data if d not in names], sorted(set(data) - names)
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: EUPL-1.2" in metadata
