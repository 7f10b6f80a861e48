"""A run that will parse every document starts the parse workers' fork server while discovery hashes
(flows.pipeline._warm_workers_for_first_run); a run that may parse few leaves it alone. A run over a
catalog starts it as soon as it knows it has work (flows.pipeline._warm_processes), not when it does not.

Each case runs in a fresh interpreter: the fork server is one per process, and an earlier test's
would answer for it.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flows.pipeline import MIN_FOR_WORKERS

ROOT = Path(__file__).resolve().parents[2]

_CASE = """
import json, multiprocessing.forkserver as fs, sys, threading
from pathlib import Path
from flows import pipeline
from flows.config import RunConfig
from flows.sources import FolderSource
config = RunConfig(source=FolderSource(sys.argv[1]), output=Path(sys.argv[2]), targets=(),
                   full_rebuild=sys.argv[3] == "1")
pipeline._warm_workers_for_first_run(config)
for t in threading.enumerate():
    if t.name == "warm-workers":
        t.join(60)
print(json.dumps({"started": fs._forkserver._forkserver_pid is not None,
                  "preload": fs._forkserver._preload_modules}))
"""


def _warmed(source: Path, output: Path, full_rebuild: bool = False) -> dict:
    proc = subprocess.run([sys.executable, "-c", _CASE, str(source), str(output), "1" if full_rebuild else "0"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.splitlines()[-1])


def _minutes(folder: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"{i:04d}.txt").write_text(f"Niederschrift {i}\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    return _minutes(tmp_path_factory.mktemp("warm") / "many", MIN_FOR_WORKERS)


def test_a_first_run_of_many_documents_starts_the_server_with_the_parser(many, tmp_path):
    got = _warmed(many, tmp_path / "out")
    assert got["started"]
    assert "transforms" in got["preload"]


def test_a_run_over_a_catalog_leaves_it_to_the_run(many, tmp_path):
    out = tmp_path / "out"
    (out / ".state").mkdir(parents=True)
    (out / ".state" / "manifest.json").write_text("{}", encoding="utf-8")
    assert not _warmed(many, out)["started"]
    assert _warmed(many, out, full_rebuild=True)["started"]   # (a full rebuild parses everything again)


def test_a_few_documents_are_parsed_without_workers(tmp_path):
    few = _minutes(tmp_path / "few", MIN_FOR_WORKERS - 1)
    assert not _warmed(few, tmp_path / "out")["started"]


_OVER_A_CATALOG = """
import json, multiprocessing.forkserver as fs, sys, threading
from pathlib import Path
from flows import pipeline
from flows.config import check
config = check(sys.argv[1], sys.argv[2])   # (as the console makes it)
finished = pipeline.finish_if_unchanged(config)
for t in threading.enumerate():
    if t.name == "warm-workers":
        t.join(60)
print(json.dumps({"unchanged": finished is not None, "started": fs._forkserver._forkserver_pid is not None,
                  "preload": fs._forkserver._preload_modules}))
"""


def test_a_run_over_a_catalog_starts_the_server_once_it_knows_there_is_work(tmp_path):
    """The fork server (0.7 s of imports) is started when discovery finds changes, before the flow
    starts: the processes that make the kept tree begin that much sooner. Not for a run that finds
    nothing changed, and without the parser where too few documents changed for parse workers."""
    from tests.conftest import SAMPLES
    from tests.pipeline.conftest import run_cli

    source, out = tmp_path / "minutes", tmp_path / "public"
    shutil.copytree(SAMPLES, source)
    assert run_cli("run", "--input", str(source), "--output", str(out)).exit_code == 0

    def warmed() -> dict:
        proc = subprocess.run([sys.executable, "-c", _OVER_A_CATALOG, str(source), str(out)],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout.splitlines()[-1])

    assert warmed() == {"unchanged": True, "started": False, "preload": ["__main__"]}
    changed = next(p for p in sorted(source.iterdir()) if p.suffix == ".txt")
    changed.write_bytes(changed.read_bytes() + b"\nErgaenzung zur Niederschrift.\n")
    got = warmed()
    assert not got["unchanged"] and got["started"]
    assert "publish.oparl.spare" in got["preload"] and "transforms" not in got["preload"]
