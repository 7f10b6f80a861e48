"""The CLI end to end on the seed corpus: all tables, a valid data package, incremental runs."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import schemas
from tests.conftest import SEED_NAMES
from tests.pipeline.conftest import published_bytes, run_cli, snapshot


def _run(seeds: Path, out: Path, *extra: str) -> dict:
    result = run_cli("run", "--input", str(seeds), "--output", str(out), *extra)
    assert result.exit_code == 0, result.output
    return json.loads((out / "reports" / "run.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def first_catalog(tmp_path_factory) -> tuple[Path, Path, dict]:
    base = tmp_path_factory.mktemp("e2e")
    seeds = base / "seeds"
    from tests.conftest import SAMPLES

    shutil.copytree(SAMPLES, seeds)
    for p in seeds.iterdir():
        p.chmod(0o644)
    out = base / "public"
    return seeds, out, _run(seeds, out)


def test_first_run_publishes_every_table_and_a_clean_report(first_catalog):
    seeds, out, run = first_catalog
    assert run["documents"] == len(SEED_NAMES) and run["parsed"] == len(SEED_NAMES)
    assert run["quarantined"] == [] and run["valid"] is True and run["published"] is True
    for t in schemas.TABLES:
        header = (out / f"{t}.csv").read_bytes().split(b"\r\n", 1)[0].decode()
        assert header.split(",") == schemas.field_names(t)
        assert (out / f"{t}.parquet").is_file()
        assert (out / "schemas" / f"{t}.schema.json").read_bytes() == schemas.schema_path(t).read_bytes()
    for t in ("sessions", "attendance", "agenda_items", "persons"):
        assert run["rows"][t] > 0, t
    report = json.loads((out / "reports" / "validation.json").read_text(encoding="utf-8"))
    assert report["valid"] is True and report["errors"] == []
    assert (out / "reports" / "quarantine.csv").read_bytes() == b"file,sha256,reason\r\n"


def test_parquet_has_the_schema_types_and_the_csv_rows(first_catalog):
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    _, out, run = first_catalog
    for t in schemas.TABLES:
        table = pq.read_table(out / f"{t}.parquet")
        assert table.schema.equals(schemas.arrow_schema(t), check_metadata=False), t
        assert table.num_rows == run["rows"][t]
        csv_rows = pacsv.read_csv(out / f"{t}.csv", parse_options=pacsv.ParseOptions(newlines_in_values=True)).num_rows
        assert csv_rows == table.num_rows


def test_frictionless_validates_the_published_package(first_catalog):
    _, out, _ = first_catalog
    exe = Path(sys.executable).with_name("frictionless")
    proc = subprocess.run([str(exe), "validate", "datapackage.json"], cwd=out, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:]
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in descriptor["resources"]] == list(schemas.TABLES)
    for r in descriptor["resources"]:
        assert r["hash"].startswith("sha256:") and r["bytes"] == (out / r["path"]).stat().st_size
        assert r["parquet"]["bytes"] == (out / r["parquet"]["path"]).stat().st_size


def test_validate_command_accepts_the_catalog(first_catalog):
    _, out, _ = first_catalog
    result = run_cli("validate", str(out))
    assert result.exit_code == 0, result.output


def test_second_run_reads_everything_as_unchanged_and_rewrites_nothing(first_catalog):
    seeds, out, _ = first_catalog
    before = snapshot(out)
    run = _run(seeds, out)
    assert run["unchanged"] == len(SEED_NAMES) and run["parsed"] == 0 and run["published"] is False
    assert snapshot(out) == before   # same bytes, same mtimes (reports/run.json aside)


def test_changing_one_document_reparses_it_alone_and_equals_a_full_rebuild(first_catalog, tmp_path, monkeypatch):
    seeds, out, _ = first_catalog
    import transforms

    real, calls = transforms.parse_document, []

    def counting(data, filename):
        calls.append(filename)
        return real(data, filename)

    changed = seeds / SEED_NAMES[0]
    text = changed.read_bytes().replace(b"Digitalisierung", b"Digitalisierung", 1) + b"\n"
    changed.write_bytes(text)
    (seeds / SEED_NAMES[-1]).unlink()            # and one document removed

    monkeypatch.setattr(transforms, "parse_document", counting)
    # The fingerprint covers the parser's name: keep the real one so stored results stay reusable.
    counting.__module__, counting.__qualname__ = real.__module__, real.__qualname__
    run = _run(seeds, out)
    assert calls == [SEED_NAMES[0]]
    assert run["changed"] == 1 and run["removed"] == 1 and run["parsed"] == 1
    assert run["unchanged"] == len(SEED_NAMES) - 2

    rebuilt = tmp_path / "rebuilt"
    _run(seeds, rebuilt, "--full-rebuild")
    assert published_bytes(out) == published_bytes(rebuilt)
    assert (out / ".state" / "manifest.json").read_bytes() == (rebuilt / ".state" / "manifest.json").read_bytes()
    doc_ids = {line.split(",")[-4] for line in (out / "sessions.csv").read_text(encoding="utf-8").splitlines()[1:]}
    import hashlib

    assert hashlib.sha256(text).hexdigest() in doc_ids


def test_dry_run_writes_nothing(seeds, tmp_path):
    out = tmp_path / "public"
    result = run_cli("run", "--input", str(seeds), "--output", str(out), "--dry-run")
    assert result.exit_code == 0, result.output
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == ["seeds"]
