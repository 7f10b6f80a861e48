"""`ratsdaten run` checks the DCAT-AP.de metadata against the official shapes before publishing."""
from __future__ import annotations

import json

from tests.conftest import ROOT
from tests.pipeline.conftest import published_bytes, run_cli

CATALOG = ROOT / "catalog" / "catalog.yaml"


def test_metadata_is_checked_against_the_official_shapes_and_bad_metadata_is_not_published(
        seeds, tmp_path, shapes_dir):
    shapes = shapes_dir
    out = tmp_path / "public"
    result = run_cli("run", "--input", str(seeds), "--output", str(out), "--shapes-dir", str(shapes))
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "reports" / "metadata.json").read_text(encoding="utf-8"))
    assert meta["conforms"] is True and meta["shapes"] == str(shapes.resolve())
    assert "official DCAT-AP.de shapes" in meta["summary"] and "0 violations" in meta["summary"]
    assert "v30_de_spec" in meta["summary"] and "v20_de_spec_implr" in meta["summary"]
    assert "official DCAT-AP.de shapes" in result.output
    before = published_bytes(out)

    # Bielefeld has no entry in the contributors list: its own ID violates Konvention K12&13.
    bad = tmp_path / "catalog.yaml"
    text = CATALOG.read_text(encoding="utf-8")
    assert "contributor_id: http://dcat-ap.de/def/contributors/openNRW" in text
    bad.write_text(text.replace("contributor_id: http://dcat-ap.de/def/contributors/openNRW",
                                "contributor_id: http://dcat-ap.de/def/contributors/stadtBielefeld"), encoding="utf-8")
    result = run_cli("run", "--input", str(seeds), "--output", str(out), "--shapes-dir", str(shapes),
                     "--catalog", str(bad))
    assert result.exit_code == 1
    assert "does not conform" in result.output.lower() or "DOES NOT CONFORM" in result.output
    assert "Violation" in result.output
    assert published_bytes(out) == before   # nothing was published


def test_a_broken_catalog_description_is_a_config_error(seeds, tmp_path):
    bad = tmp_path / "catalog.yaml"
    bad.write_text("publisher: [unclosed\n", encoding="utf-8")
    result = run_cli("run", "--input", str(seeds), "--output", str(tmp_path / "out"), "--catalog", str(bad))
    assert result.exit_code == 2
    assert not (tmp_path / "out").exists()


def test_missing_shapes_folder_is_a_config_error(seeds, tmp_path):
    result = run_cli("run", "--input", str(seeds), "--output", str(tmp_path / "out"),
                     "--shapes-dir", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert not (tmp_path / "out").exists()
