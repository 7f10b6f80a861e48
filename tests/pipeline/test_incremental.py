"""Incremental runs take unchanged documents' rows from the published catalog and still equal a full rebuild.

Every step changes the corpus in a way that moves rows between the three sources of a run (parsed
now, lent by the published catalog, read from stored parse results), then compares the catalog,
its reports and its state with a full rebuild of the same corpus, byte for byte.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from flows import pipeline
from publish import state
from publish.oparl.spare import spare_path
from tests.conftest import SAMPLES, SEED_NAMES
from tests.pipeline.conftest import published_bytes, run_cli

MINUTES = [n for n in SEED_NAMES if n[:3] in ("000", "001", "002")]


def _run(seeds: Path, out: Path, *extra: str) -> dict:
    result = run_cli("run", "--input", str(seeds), "--output", str(out), *extra)
    assert result.exit_code == 0, result.output
    return json.loads((out / "reports" / "run.json").read_text(encoding="utf-8"))


def _everything(out: Path) -> dict[str, bytes]:
    files = published_bytes(out)
    for name in ("reports/quarantine.csv", "reports/parse_warnings.csv", "reports/validation.json",
                 ".state/manifest.json", ".state/paper_sources.parquet", ".state/oparl-digests.parquet"):
        files[name] = (out / name).read_bytes()
    # the OParl tree: updated in place of the kept tree of the catalog before (publish.oparl.spare)
    files.update({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted((out / "oparl").rglob("*"))
                  if p.is_file()})
    return files


@pytest.fixture
def counting(monkeypatch):
    """Counts documents parsed and stored parse results read, keeping the parser's fingerprint."""
    import transforms

    real_parse, real_read = transforms.parse_document, state.read_parse_result
    calls = {"parsed": [], "read": []}

    def parse(data, filename):
        calls["parsed"].append(filename)
        return real_parse(data, filename)

    def read(path, document_type):
        calls["read"].append(path.name)
        return real_read(path, document_type)

    parse.__module__, parse.__qualname__ = real_parse.__module__, real_parse.__qualname__
    monkeypatch.setattr(transforms, "parse_document", parse)
    monkeypatch.setattr(state, "read_parse_result", read)
    return calls


def _equals_full_rebuild(seeds: Path, out: Path, tmp_path: Path, step: str) -> None:
    rebuilt = tmp_path / f"rebuilt-{step}"
    _run(seeds, rebuilt, "--full-rebuild")
    mine, full = _everything(out), _everything(rebuilt)
    assert mine.keys() == full.keys()
    for name in mine:
        assert mine[name] == full[name], f"{step}: {name} differs from a full rebuild"
    # the stored parse results: this run's own, and those carried from the catalog it replaced
    assert _stored_results(out) == _stored_results(rebuilt), f"{step}: stored parse results differ"


def _stored_results(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (out / state.STATE_DIR / state.PARSED_DIR).iterdir()}


def test_unchanged_rows_are_lent_and_every_step_equals_a_full_rebuild(tmp_path, counting, monkeypatch):
    seeds, out = tmp_path / "seeds", tmp_path / "public"
    seeds.mkdir()
    for name in SEED_NAMES:
        shutil.copyfile(SAMPLES / name, seeds / name)
    (seeds / "broken.txt").write_bytes(b"\x00\x01\x02 not a document \xff" * 20)
    _run(seeds, out)
    assert len(counting["parsed"]) == len(SEED_NAMES) + 1

    # 1. One minutes document changed, the Antrag removed, the Vorlage renamed, a duplicate added.
    counting["parsed"].clear()
    changed = seeds / MINUTES[1]
    changed.write_bytes(changed.read_bytes().replace(b"einstimmig", b"einstimmig", 1) + b"\nNachtrag.\n")
    (seeds / next(n for n in SEED_NAMES if n.startswith("003"))).unlink()
    vorlage = next(n for n in SEED_NAMES if n.startswith("004"))
    (seeds / vorlage).rename(seeds / f"zz-{vorlage}")
    shutil.copyfile(seeds / MINUTES[0], seeds / "zz-copy-of-000.txt")
    run = _run(seeds, out)
    # A renamed document is parsed again (its rows name their file); the unchanged minutes and the
    # broken file (its rejection) are lent by the published catalog: no stored result is read.
    assert sorted(counting["parsed"]) == [MINUTES[1], f"zz-{vorlage}"] and counting["read"] == []
    assert run["changed"] == 1 and run["removed"] == 2 and run["new"] == 2
    assert {q["file"] for q in run["quarantined"]} == {"broken.txt", "zz-copy-of-000.txt"}
    _equals_full_rebuild(seeds, out, tmp_path, "changed-removed-renamed")
    assert (spare_path(out) / "oparl" / "system.json").is_file()   # the replaced catalog's tree, kept

    # 2. The original of the duplicate removed: the copy now carries the rows under its own name.
    counting["parsed"].clear()
    (seeds / MINUTES[0]).unlink()
    run = _run(seeds, out)
    assert counting["parsed"] == ["zz-copy-of-000.txt"] and counting["read"] == []
    sessions = (out / "sessions.csv").read_text(encoding="utf-8")
    assert "zz-copy-of-000.txt" in sessions and MINUTES[0] not in sessions
    _equals_full_rebuild(seeds, out, tmp_path, "duplicate-promoted")

    # 3. A published Parquet file edited by hand is not trusted: every row comes from stored results
    # (made into Arrow two documents at a time here, as a city's are a few hundred at a time).
    monkeypatch.setattr(pipeline, "STORED_PER_FRAGMENT", 2)
    counting["parsed"].clear()
    (seeds / "broken.txt").write_bytes(b"\x00 still broken, but different \xff" * 20)
    (out / "attendance.parquet").write_bytes((out / "attendance.parquet").read_bytes() + b"x")
    # an OParl file edited in place: the kept tree may share its inode, and must not keep the edit
    with open(out / "oparl" / "system.json", "ab") as f:
        f.write(b" ")
    os.utime(out / "oparl" / "system.json", ns=(time.time_ns(), time.time_ns() + 10**9))
    run = _run(seeds, out)
    assert counting["parsed"] == ["broken.txt"] and len(counting["read"]) == len(state.read_manifest(out)) - 1
    _equals_full_rebuild(seeds, out, tmp_path, "untrusted-parquet")


def test_a_change_to_how_rows_are_made_rebuilds_them_from_stored_results_without_parsing(tmp_path, monkeypatch,
                                                                                          counting):
    # A package standing in for transforms: its rows module and one other module, edited between runs.
    package = tmp_path / "lib" / "fakeparser"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "tables.py").write_text("ROWS = 1\n")
    (package / "parse.py").write_text("PARSER = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path / "lib"))
    monkeypatch.setattr(state, "ROWS_MODULE", ("fakeparser", "tables.py"))
    state._package_source_digest.cache_clear()
    seeds, out = tmp_path / "seeds", tmp_path / "public"
    seeds.mkdir()
    for name in SEED_NAMES:
        shutil.copyfile(SAMPLES / name, seeds / name)
    _run(seeds, out)
    tables_before = state.read_manifest_meta(out)["tables"]

    counting["parsed"].clear()
    (package / "tables.py").write_text("ROWS = 2\n")
    state._package_source_digest.cache_clear()
    run = _run(seeds, out)
    # Nothing parsed; no published row lent (made by the other rows module): every stored result read.
    assert counting["parsed"] == [] and sorted(counting["read"]) == sorted(
        f"{e.sha256}.json" for e in state.read_manifest(out).values())
    assert run["valid"] and state.read_manifest_meta(out)["tables"] != tables_before

    counting["read"].clear()
    (package / "parse.py").write_text("PARSER = 2\n")
    state._package_source_digest.cache_clear()
    _run(seeds, out)
    assert sorted(counting["parsed"]) == sorted(SEED_NAMES)
    state._package_source_digest.cache_clear()
