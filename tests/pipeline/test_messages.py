"""What an operator reads: validation messages, quarantine reasons, counts, log lines, one-line errors.

Each case goes through the CLI, as a person or a scheduler meets it.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from publish import catalog_files, local
from tests.conftest import SAMPLES, SEED_NAMES
from tests.pipeline.conftest import run_cli
from tests.text.formats import make_pdf

@pytest.fixture(scope="module")
def first_run(tmp_path_factory) -> tuple[Path, Path, object]:
    """The seeds published once: (input, output, the CLI's result). Tests that change it take a copy."""
    root = tmp_path_factory.mktemp("messages")
    seeds, out = root / "seeds", root / "public"
    shutil.copytree(SAMPLES, seeds)
    result = run_cli("run", "--input", str(seeds), "--output", str(out))
    assert result.exit_code == 0, result.output
    return seeds, out, result


@pytest.fixture
def published(first_run, tmp_path) -> tuple[Path, object]:
    """A copy of the published catalog to change."""
    _, out, result = first_run
    copy = tmp_path / "public"
    shutil.copytree(out, copy)
    return copy, result


def _visible_files(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                  if p.is_file() and p.relative_to(out).parts[0] != ".state" and p.name != "run.json")


def test_the_run_logs_each_stage_as_a_line_and_counts_the_files_a_user_sees(first_run):
    _, out, result = first_run
    # Not a terminal: one structured line per stage start and end, and one for the run.
    for stage in ("discover", "parse", "build", "validate", "write", "metadata", "publish"):
        assert re.search(rf"^time=\S+ level=info stage={stage} event=start", result.output, re.M), stage
        assert re.search(rf"^time=\S+ level=info stage={stage} event=done .*seconds=[0-9.]+$", result.output, re.M), stage
    done = re.search(r"^time=\S+ level=info stage=run event=done (.*)$", result.output, re.M).group(1)
    fields = dict(pair.split("=", 1) for pair in done.split())
    assert fields["result"] == "published" and fields["documents"] == str(len(SEED_NAMES))
    visible = _visible_files(out)
    assert any(name.startswith("reports/") for name in visible) and ".state/manifest.json" not in visible
    assert f"Published {len(visible)} changed file(s)" in result.output
    assert fields["changed_files"] == str(len(visible))
    assert local.user_files([".state/manifest.json", ".state/parsed/x.json", "votes.csv"]) == ["votes.csv"]


def test_quiet_prints_only_warnings_and_verbose_logs_progress(first_run):
    seeds, out, _ = first_run   # nothing changed since: these runs stop after discovery
    quiet = run_cli("run", "--input", str(seeds), "--output", str(out), "--quiet")
    assert quiet.exit_code == 0, quiet.output
    assert quiet.output.strip().splitlines() == [l for l in quiet.output.strip().splitlines() if "warning:" in l]
    assert "placeholder" in quiet.output                     # the bundled catalog's base URL: still said
    verbose = run_cli("run", "--input", str(seeds), "--output", str(out), "--verbose")
    assert verbose.exit_code == 0, verbose.output
    assert "level=debug stage=discover event=progress" in verbose.output and "Documents" in verbose.output
    both = run_cli("run", "--input", str(seeds), "--output", str(out), "--quiet", "--verbose")
    assert both.exit_code == 2 and both.output.strip() == \
        "ratsdaten: error: --quiet and --verbose contradict each other: choose one"


def test_quarantine_reasons_are_readable_and_the_counts_add_up(seeds, tmp_path):
    pdf = make_pdf((seeds / SEED_NAMES[0]).read_text(encoding="utf-8"))
    (seeds / "empty.docx").write_bytes(b"")
    (seeds / "empty.txt").write_bytes(b"")
    (seeds / "zz-copy.txt").write_bytes((seeds / SEED_NAMES[1]).read_bytes())
    (seeds / "noise.pdf").write_bytes(bytes(range(256)) * 8)
    (seeds / "truncated.pdf").write_bytes(pdf[: len(pdf) // 3])
    out = tmp_path / "public"
    result = run_cli("run", "--input", str(seeds), "--output", str(out))
    assert result.exit_code == 0, result.output

    reasons = {f: r for f, _, r in catalog_files.read_csv_rows(out / "reports" / "quarantine.csv")[1:]}
    assert set(reasons) == {"empty.docx", "empty.txt", "zz-copy.txt", "noise.pdf", "truncated.pdf"}
    assert "empty" in reasons["empty.docx"] and "empty" in reasons["empty.txt"]     # not "same bytes as"
    assert reasons["zz-copy.txt"] == f"same bytes as {SEED_NAMES[1]}"
    assert "not a PDF" in reasons["noise.pdf"] and "binary data" in reasons["noise.pdf"]
    assert "PDF" in reasons["truncated.pdf"] and "cannot be" in reasons["truncated.pdf"]
    for reason in reasons.values():          # no raw bytes, one line
        assert "\\x" not in reason and "b'" not in reason and "\n" not in reason, reason

    run = json.loads((out / "reports" / "run.json").read_text(encoding="utf-8"))
    assert run["documents"] == len(SEED_NAMES) + 5
    assert run["with_rows"] == len(SEED_NAMES) and run["duplicates"] == 1 and len(run["quarantined"]) == 5
    assert run["documents"] == run["with_rows"] + (len(run["quarantined"]) - run["duplicates"]) + run["duplicates"]
    rows = {label.strip(): value for label, value in
            re.findall(r"│ ([ a-z()/-]+?)\s+│\s+([0-9 /]+?)\s+│", result.output)}
    assert rows["read"] == str(len(SEED_NAMES) + 5) and rows["gave rows"] == str(len(SEED_NAMES))
    assert rows["quarantined (could not be read)"] == "4" and rows["duplicates (same bytes as another)"] == "1"


def test_validate_prints_each_error_with_its_message_and_source_lines(published):
    out, _ = published
    (out / "votes.parquet").unlink()
    path = out / "attendance.csv"
    rows = catalog_files.read_csv_rows(path)
    status, start, end = (rows[0].index(c) for c in ("status", "line_start", "line_end"))
    rows[1][status] = "asleep"
    catalog_files.write_csv(path, rows[0], rows[1:])

    result = run_cli("validate", str(out))
    assert result.exit_code == 1, result.output
    lines = [l.strip() for l in result.output.splitlines()]
    enum = next(l for l in lines if l.startswith("attendance row 2, column status: enum:"))
    assert 'constraint "enum"' in enum and "(value 'asleep')" in enum
    span = rows[1][start] if rows[1][start] == rows[1][end] else f"{rows[1][start]}-{rows[1][end]}"
    assert enum.endswith(f"source {rows[1][rows[0].index('source_file')]} line{'s' if '-' in span else ''} {span}")
    assert "votes: missing-file: votes.parquet does not exist" in lines
    assert any(l.startswith("attendance: hash-count:") for l in lines)
    assert "None" not in result.output


def test_every_output_problem_is_one_line_and_exit_2(first_run, seeds, tmp_path, monkeypatch):
    result = run_cli("run", "--input", str(seeds), "--output", "/proc/ratsdaten-out")
    assert result.exit_code == 2 and result.output.strip() == \
        "ratsdaten: error: output /proc/ratsdaten-out can't be written: No such file or directory in /proc"
    (tmp_path / "a-file").write_text("x")
    result = run_cli("run", "--input", str(seeds), "--output", str(tmp_path / "a-file" / "out"))
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1, result.output

    out = tmp_path / "public"
    shutil.copytree(first_run[1], out)
    result = run_cli("validate", str(out), "--report", "/proc/ratsdaten/report.json")
    assert result.exit_code == 2 and result.output.strip() == \
        "ratsdaten: error: --report /proc/ratsdaten/report.json can't be written: /proc/ratsdaten is not a folder"

    # A problem that shows only while writing (a full disk): the same one line, and nothing published.
    def full_disk(output):
        staging = output.parent / f".{output.name}.staging-{os.getpid()}"
        raise OSError(28, "No space left on device", str(staging))

    monkeypatch.setattr(local, "new_staging", full_disk)
    (seeds / SEED_NAMES[0]).write_bytes((seeds / SEED_NAMES[0]).read_bytes() + b"\n")
    result = run_cli("run", "--input", str(seeds), "--output", str(out))
    assert result.exit_code == 2, result.output
    errors = [l for l in result.output.splitlines() if l.startswith("ratsdaten: error:")]
    assert errors == [f"ratsdaten: error: output {out} can't be written: No space left on device "
                      f"({out.parent / f'.public.staging-{os.getpid()}'})"]
    assert "Traceback" not in result.output, result.output


def test_help_is_clean_and_names_the_environment(capsys, monkeypatch):
    from flows import cli, prefect_api

    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr(prefect_api, "enabled", prefect_api.enabled)   # main() sets it: undone after the test
    texts = {}
    for args in ([], ["run"], ["validate"], ["publish"], ["serve"]):
        assert cli.main([*args, "--help"]) == 0          # what the console script runs
        texts[" ".join(args) or "ratsdaten"] = capsys.readouterr().out
    for name, text in texts.items():
        assert "Usage: ratsdaten" in text, name
        assert "<bool>" not in text and "<list[str]>" not in text and not re.search(r"\s\.(\s|$)", text), (name, text)
    for var in ("RATSDATEN_BASE_URL", "RATSDATEN_SHAPES_DIR", "RATSDATEN_CATALOG", "PREFECT_API_URL", "CKAN_URL",
                "CKAN_API_TOKEN"):
        assert var in texts["ratsdaten"] and var in texts["run"], var
    assert "--quiet" in texts["run"] and "--verbose" in texts["run"]
