"""Speed work must not change what is published: the catalog of the seeds and of a generated corpus in every
layout is byte for byte what it was before the speed work (issue 14), file by file.

tests/bench/outputs.sha256.json holds the sha256 of every published data file as made by the parser and
pipeline before that work. A change that is meant to change outputs (a parser fix) renews it with
``RATSDATEN_RENEW_OUTPUTS=1 pytest tests/bench/test_same_outputs.py`` and says so in its commit.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from bench.generate import generate
from tests.conftest import SAMPLES
from tests.pipeline.conftest import run_cli

RECORDED = Path(__file__).with_name("outputs.sha256.json")
DATA = (".csv", ".parquet")


def _published(directory: Path) -> dict[str, str]:
    return {p.relative_to(directory).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*"))
            if p.is_file() and (p.suffix in DATA or p.name == "datapackage.json")
            and p.parts[len(directory.parts)] not in (".state", "reports")}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, dict[str, str]]:
    base = tmp_path_factory.mktemp("same-outputs")
    seeds = shutil.copytree(SAMPLES, base / "seeds")
    corpus = base / "generated"
    generate(corpus, 240, seed=5)
    got = {}
    for name, source in (("seeds", seeds), ("generated", corpus)):
        out = base / f"out-{name}"
        result = run_cli("run", "--input", str(source), "--output", str(out), "--quiet")
        assert result.exit_code == 0, result.output
        got[name] = _published(out)
    return got


def test_published_bytes_are_those_from_before_the_speed_work(outputs):
    if os.environ.get("RATSDATEN_RENEW_OUTPUTS") == "1":
        RECORDED.write_text(json.dumps(outputs, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    recorded = json.loads(RECORDED.read_text(encoding="utf-8"))
    for corpus, files in recorded.items():
        assert sorted(outputs[corpus]) == sorted(files), corpus
        changed = [name for name, digest in files.items() if outputs[corpus][name] != digest]
        assert changed == [], f"{corpus}: these files are not byte-identical to before: {changed}"
