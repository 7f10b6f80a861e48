"""A rerun stops after discovery only when the catalog was built from exactly the same inputs."""
from __future__ import annotations

import json

from tests.pipeline.conftest import run_cli


def _run(seeds, out, *extra) -> dict:
    result = run_cli("run", "--input", str(seeds), "--output", str(out), *extra)
    assert result.exit_code == 0, result.output
    return json.loads((out / "reports" / "run.json").read_text(encoding="utf-8"))


def test_unchanged_rerun_skips_the_build_but_a_new_setting_does_not(seeds, tmp_path):
    out = tmp_path / "public"
    _run(seeds, out, "--base-url", "https://a.example.org/daten/")
    again = _run(seeds, out, "--base-url", "https://a.example.org/daten/")
    assert again["unchanged"] == again["documents"] == 5 and again["changed_files"] == []
    assert "build_tables" not in again["seconds"] and again["valid"] is True
    assert again["rows"]["sessions"] == 3 and again["metadata"]["conforms"] is True
    ttl = (out / "catalog.ttl").read_text(encoding="utf-8")
    assert "https://a.example.org/daten/sessions.csv" in ttl

    moved = _run(seeds, out, "--base-url", "https://b.example.org/daten/")
    assert "build_tables" in moved["seconds"] and "catalog.ttl" in moved["changed_files"]
    assert "https://b.example.org/daten/sessions.csv" in (out / "catalog.ttl").read_text(encoding="utf-8")


def test_a_run_that_finds_nothing_changed_imports_neither_the_parser_nor_pandas(seeds, tmp_path):
    """Deciding "nothing changed" is the nightly run's common case: it must not pay for the heavy
    imports (pandas alone took 0.25 s of a 1.0 s run)."""
    import subprocess
    import sys

    out = tmp_path / "public"
    _run(seeds, out)
    code = ("import sys; from flows.cli import main\n"
            f"assert main(['run', '--input', {str(seeds)!r}, '--output', {str(out)!r}, '--quiet']) == 0\n"
            "print(sorted(m for m in ('pandas', 'transforms', 'prefect', 'rdflib') if m in sys.modules))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "[]"
    assert json.loads((out / "reports" / "run.json").read_text(encoding="utf-8"))["parsed"] == 0
