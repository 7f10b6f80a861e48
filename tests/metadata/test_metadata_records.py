"""publish.metadata: the catalog description and the facts of the outputs."""
from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date

import pytest

import schemas
from tests.metadata.fixture_outputs import SESSION_DATES, build_output_dir
from publish.metadata import DEFAULT_CATALOG, ConfigError, MetadataError, describe_outputs, load_catalog


def test_bundled_catalog_loads(catalog):
    assert catalog.publisher.name == "Stadt Bielefeld"
    assert catalog.license.uri == "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
    assert catalog.contributor_id == "http://dcat-ap.de/def/contributors/openNRW"
    assert catalog.geocoding_uri.endswith("/municipalityKey/05711000")
    assert catalog.theme_uris == ("http://publications.europa.eu/resource/authority/data-theme/GOVE",)
    assert list(catalog.tables) == list(schemas.TABLES)
    assert catalog.base_url.endswith("/")


@pytest.mark.parametrize(
    "edit, expected",
    [
        (lambda t: t.replace("licenses/dl-by-de/2.0", "licenses/dl-by-de/2.0/"), "must not end with '/'"),
        (lambda t: t.replace("  name: Stadt Bielefeld\n", ""), "publisher.name is missing"),
        (lambda t: t.replace("  persons:", "  people:"), "unknown table(s) people"),
        (lambda t: t.replace("contributor_id: http://dcat-ap.de/def/contributors/", "contributor_id: http://x.org/"),
         "contributor_id must start with"),
        (lambda t: t.replace("base_url: ", "base_url: [", 1), "not valid YAML"),
        (lambda t: t.replace("digitalisierungsbuero@bielefeld.de", "nobody"), "not an e-mail address"),
    ],
)
def test_bad_catalog_gives_one_line_error(tmp_path, edit, expected):
    path = tmp_path / "catalog.yaml"
    path.write_text(edit(DEFAULT_CATALOG.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_catalog(path)
    assert expected in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_catalog(tmp_path):
    with pytest.raises(ConfigError, match="cannot read catalog description"):
        load_catalog(tmp_path / "nope.yaml")


def test_records_carry_the_file_facts(outputs, catalog):
    records = describe_outputs(outputs, catalog)
    assert [r.table for r in records] == [*schemas.TABLES, None]
    assert records[0].name == "ratsdaten-bielefeld-sessions"
    assert records[-1].name == "ratsdaten-bielefeld-datapackage"
    for r in records:
        assert r.temporal_start == SESSION_DATES[0] and r.temporal_end == SESSION_DATES[-1]
        assert r.modified == SESSION_DATES[-1]  # default: the newest session date
        assert r.issued == r.modified
        for d in r.distributions:
            data = (outputs / d.path).read_bytes()
            assert d.byte_size == len(data)
            assert d.sha256 == hashlib.sha256(data).hexdigest()
            assert d.download_url == catalog.base_url + d.path
    sessions = records[0]
    assert sessions.row_count == 3
    assert [d.format for d in sessions.distributions] == ["CSV", "Parquet"]
    assert sessions.distributions[0].conforms_to == catalog.base_url + "schemas/sessions.schema.json"
    assert sessions.distributions[1].media_type_uri.endswith("/application/vnd.apache.parquet")


def test_base_url_and_modified_can_be_overridden(outputs, catalog):
    [r, *_] = describe_outputs(outputs, catalog, base_url="https://files.example.net/rd", modified="2024-01-31")
    assert r.distributions[0].access_url == "https://files.example.net/rd/sessions.csv"
    assert r.modified == date(2024, 1, 31)
    issued = dataclasses.replace(catalog, issued=date(2023, 1, 1))
    assert describe_outputs(outputs, issued)[0].issued == date(2023, 1, 1)


def test_parquet_facts_from_datapackage_are_used(tmp_path, catalog):
    out = build_output_dir(tmp_path / "out", parquet_in_datapackage=True)
    package = json.loads((out / "datapackage.json").read_text())
    package["resources"][0]["parquet"]["hash"] = "sha256:" + "ab" * 32  # declared, so not recomputed
    (out / "datapackage.json").write_text(json.dumps(package))
    assert describe_outputs(out, catalog)[0].distributions[1].sha256 == "ab" * 32


def test_stale_datapackage_is_refused(tmp_path, catalog):
    out = build_output_dir(tmp_path / "out")
    with (out / "sessions.csv").open("a") as f:
        f.write("\n")
    with pytest.raises(MetadataError, match="outputs are stale"):
        describe_outputs(out, catalog)


def test_missing_outputs_are_refused(tmp_path, catalog):
    with pytest.raises(MetadataError, match="datapackage.json is missing"):
        describe_outputs(tmp_path, catalog)
