"""The validation gate, quarantine and bad options: what must not be published, isn't."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from publish.oparl import READ_INPUTS
from publish.oparl.tree import DIGESTS
from publish.oparl.urls import OPARL_DIR
from tests.conftest import SEED_NAMES
from tests.pipeline.conftest import run_cli, snapshot

MINUTES = SEED_NAMES[0]   # 000_…: a Niederschrift with attendance


def _status_asleep(real):
    """Test double of transforms.parse_document: the real parser, then an attendance status the schema's
    enum does not allow."""
    def parse(data, filename):
        doc = real(data, filename)
        if filename == MINUTES:
            doc.attendees[0].status = "asleep"
        return doc
    return parse


@pytest.fixture
def published(seeds, tmp_path) -> Path:
    out = tmp_path / "public"
    result = run_cli("run", "--input", str(seeds), "--output", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_a_schema_violating_row_publishes_nothing(seeds, published, monkeypatch):
    import transforms

    real = transforms.parse_document
    monkeypatch.setattr(transforms, "parse_document", _status_asleep(real))
    before = snapshot(published, skip=())
    (seeds / MINUTES).write_bytes((seeds / MINUTES).read_bytes() + b"\n")   # a change, so something is parsed

    result = run_cli("run", "--input", str(seeds), "--output", str(published))

    assert result.exit_code == 1, result.output
    assert "Validation failed" in result.output and "Nothing was published" in result.output
    assert snapshot(published, skip=()) == before          # the previous catalog, byte for byte, untouched
    rejected = published.with_name("public.rejected")
    report = json.loads((rejected / "reports" / "validation.json").read_text(encoding="utf-8"))
    assert report["valid"] is False
    [error] = [e for e in report["errors"] if e["rule"] == "enum"]
    assert error["table"] == "attendance" and error["column"] == "status" and error["value"] == "asleep"
    assert error["source_file"] == MINUTES and error["line_start"] >= 1 and len(error["document_id"]) == 64
    assert not (rejected / "datapackage.json").exists()     # nothing past the gate was written

    # The next good run publishes again and clears the rejected catalog.
    monkeypatch.setattr(transforms, "parse_document", real)
    result = run_cli("run", "--input", str(seeds), "--output", str(published))
    assert result.exit_code == 0, result.output
    assert not rejected.exists()


def test_a_rejected_run_gives_the_oparl_tree_it_made_back_as_the_next_runs_spare(seeds, published, monkeypatch, tmp_path):
    """The export begins while the tables are validated (pipeline.start_export), from the tree kept
    beside the output. A run the gate stops keeps its tree as that spare again, not in the rejected
    catalog, and the next good run made from it writes the tree a fresh run writes."""
    import transforms

    from publish.oparl.spare import spare_path

    real = transforms.parse_document

    def bad_parser(data, filename):
        """Test double: the real parser, then a name the tree shows and a status the schema does not allow."""
        doc = real(data, filename)
        if filename == MINUTES:
            doc.attendees[0].status = "asleep"
            doc.attendees[1].family_name = "Schlafmütze"
        return doc

    monkeypatch.setattr(transforms, "parse_document", bad_parser)
    (seeds / MINUTES).write_bytes((seeds / MINUTES).read_bytes() + b"\n")
    result = run_cli("run", "--input", str(seeds), "--output", str(published))
    assert result.exit_code == 1, result.output

    rejected = published.with_name("public.rejected")
    assert not (rejected / OPARL_DIR).exists() and not (rejected / READ_INPUTS).exists()
    assert not (rejected / DIGESTS).exists() and not list((rejected / ".state").glob("oparl-*"))
    spare = spare_path(published)
    made = {p.relative_to(spare).as_posix() for p in (spare / OPARL_DIR).rglob("*.json")}
    assert made and any("Schlafmütze" in p.read_text(encoding="utf-8") for p in (spare / OPARL_DIR).rglob("*.json"))

    monkeypatch.setattr(transforms, "parse_document", real)
    result = run_cli("run", "--input", str(seeds), "--output", str(published))
    assert result.exit_code == 0, result.output
    fresh = tmp_path / "fresh"
    assert run_cli("run", "--input", str(seeds), "--output", str(fresh)).exit_code == 0
    tree = {p.relative_to(published).as_posix(): p.read_bytes() for p in (published / "oparl").rglob("*") if p.is_file()}
    assert tree == {p.relative_to(fresh).as_posix(): p.read_bytes() for p in (fresh / "oparl").rglob("*") if p.is_file()}
    assert not any("Schlafmütze".encode() in data for data in tree.values())


def test_a_rejected_run_whose_export_failed_keeps_nothing_of_it(seeds, published, monkeypatch):
    """An export begun ahead of the gate that fails leaves no half tree, record or inputs in the rejected catalog."""
    import transforms

    from flows import pipeline

    def failing_export(staging, config):
        """Test double: an export that wrote some of its tree, a record and its inputs, then failed."""
        (staging / OPARL_DIR / "meeting").mkdir(parents=True)
        (staging / OPARL_DIR / "meeting" / "1.json").write_text("{}")
        (staging / READ_INPUTS / "now").mkdir(parents=True)
        (staging / DIGESTS).write_bytes(b"half")
        raise RuntimeError("disk full")

    monkeypatch.setattr(transforms, "parse_document", _status_asleep(transforms.parse_document))
    monkeypatch.setattr(pipeline, "export_oparl", failing_export)
    (seeds / MINUTES).write_bytes((seeds / MINUTES).read_bytes() + b"\n")
    result = run_cli("run", "--input", str(seeds), "--output", str(published))

    assert result.exit_code == 1 and "Validation failed" in result.output, result.output
    rejected = published.with_name("public.rejected")
    assert (rejected / "reports" / "validation.json").is_file()
    assert not (rejected / OPARL_DIR).exists() and not (rejected / READ_INPUTS).exists()
    assert not (rejected / DIGESTS).exists() and not list((rejected / ".state").glob("oparl-*"))


def test_a_missing_required_value_is_named_by_validation_not_by_the_parquet_writer(seeds, published, monkeypatch):
    """Table building writes each table's Parquet beside its CSV; a required value that is missing
    is one Parquet can't hold (a non-nullable column). The run must still end at the gate with the
    validation report naming it, as when the Parquet was only written after validation."""
    import transforms

    real = transforms.parse_document

    def bad_parser(data, filename):
        """Test double: the real parser, then an attendee without a status."""
        doc = real(data, filename)
        if filename == MINUTES:
            doc.attendees[0].status = None
        return doc

    monkeypatch.setattr(transforms, "parse_document", bad_parser)
    (seeds / MINUTES).write_bytes((seeds / MINUTES).read_bytes() + b"\n")

    result = run_cli("run", "--input", str(seeds), "--output", str(published))

    assert result.exit_code == 1, result.output
    assert "Validation failed" in result.output and "ArrowInvalid" not in result.output
    rejected = published.with_name("public.rejected")
    report = json.loads((rejected / "reports" / "validation.json").read_text(encoding="utf-8"))
    assert any(e["rule"] == "required" and e["table"] == "attendance" and e["column"] == "status"
               for e in report["errors"]), report["errors"][:5]
    assert not (rejected / "attendance.parquet").exists()   # (the table Parquet could not hold)
    assert not (rejected / ".state" / "fragments").exists()   # (the parsed batches' rows are not kept)


def test_binary_junk_is_quarantined_and_the_rest_published(seeds, tmp_path):
    junk = seeds / "005_junk.pdf"
    junk.write_bytes(bytes(range(256)) * 40)
    out = tmp_path / "public"
    result = run_cli("run", "--input", str(seeds), "--output", str(out))
    assert result.exit_code == 0, result.output
    assert "quarantined" in result.output and "005_junk.pdf" in result.output
    lines = (out / "reports" / "quarantine.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "file,sha256,reason" and len(lines) == 2
    file, sha, reason = lines[1].split(",", 2)
    assert file == "005_junk.pdf" and len(sha) == 64 and reason
    run = json.loads((out / "reports" / "run.json").read_text(encoding="utf-8"))
    assert run["valid"] is True and run["documents"] == len(SEED_NAMES) + 1
    assert run["rows"]["sessions"] > 0
    sources = (out / "sessions.csv").read_text(encoding="utf-8")
    assert "005_junk.pdf" not in sources


def _console(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("ratsdaten")
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "COLUMNS": "200"})


@pytest.mark.parametrize("args, message", [
    (["run", "--input", "{tmp}/missing"], "does not exist"),
    (["run", "--target", "nowhere"], "unknown target 'nowhere'"),
    (["run", "--output", "{tmp}/afile/public"], "is not a folder"),
    (["run", "--since", "yesterday"], "--since"),
    (["run", "--since", "2024-01-01", "--full-rebuild"], "contradict"),
    (["run", "--bogus"], "No such option"),
])
def test_bad_options_exit_2_with_one_line_and_write_nothing(tmp_path, args, message):
    (tmp_path / "afile").write_text("not a folder")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    proc = _console(*[a.format(tmp=tmp_path) for a in args], cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and message in proc.stderr, proc.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_output_folder_of_something_else_is_refused(tmp_path):
    other = tmp_path / "home"
    other.mkdir()
    (other / "thesis.tex").write_text("precious")
    proc = _console("run", "--output", str(other), cwd=tmp_path)
    assert proc.returncode == 2 and "holds no ratsdaten catalog" in proc.stderr
    assert [p.name for p in other.iterdir()] == ["thesis.tex"]


def test_help_everywhere(tmp_path):
    for cmd in ([], ["run"], ["validate"], ["publish"], ["serve"]):
        proc = _console(*cmd, "--help", cwd=tmp_path)
        assert proc.returncode == 0 and "Usage" in proc.stdout, (cmd, proc.stderr)
