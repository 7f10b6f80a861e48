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
