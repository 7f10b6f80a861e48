"""Publishing to a real CKAN 2.12 (started by conftest.py): create, re-run, change, hand edits."""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Namespace, URIRef

import schemas
from publish.ckan import OWNED_EXTRAS, CkanRejected
from tests.ckan.checks import admin, assert_clean_state, our_resources, publish_catalog
from tests.ckan.faultproxy import FaultProxy
from tests.ckan.outputs import write_outputs

pytestmark = pytest.mark.integration

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
SH = Namespace("http://www.w3.org/ns/shacl#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCATDE_EXTRAS = (
    "contributorID",
    "politicalGeocodingURI",
    "politicalGeocodingLevelURI",
    "temporal_start",
    "temporal_end",
    "publisher_uri",
    "publisher_name",
    "contact_name",
    "contact_email",
    "issued",
    "modified",
    "frequency",
    "language",
    "theme",
)


def test_first_publish_creates_everything(ckan, target):
    records = target.records()
    report = publish_catalog(target.out, target.config, records)

    assert report.counts == {"created": len(records), "updated": 0, "unchanged": 0}
    files = sum(len(r.distributions) for r in records)
    assert report.calls["package_create"] == len(records)
    assert report.calls["resource_create"] == files
    assert sum(d.resources_created for d in report.datasets) == files

    api = admin(ckan)
    for rec in records:
        pkg = api.action.package_show(id=rec.name)
        extras = {e["key"]: e["value"] for e in pkg["extras"]}
        for key in DCATDE_EXTRAS:
            assert extras.get(key), f"{rec.name}: extra {key} missing"
        assert json.loads(extras["contributorID"]) == [rec.contributor_id]
        assert json.loads(extras["politicalGeocodingURI"]) == [rec.geocoding_uri]
        assert extras["politicalGeocodingLevelURI"] == rec.geocoding_level_uri
        assert extras["temporal_start"] == rec.temporal_start.isoformat()
        assert pkg["license_id"] == rec.license.uri
        assert pkg["title"] == rec.title and pkg["notes"] == rec.description
        for res, dist in zip(our_resources(pkg), rec.distributions):
            assert res["format"] == dist.format_uri
            assert res["mimetype"] == dist.media_type_uri
            assert res["license"] == dist.license_uri
            assert res["hash_algorithm"] == "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"
            assert res["access_url"] and res["download_url"] == res["url"]
            if rec.table:
                assert json.loads(res["schema"]) == schemas.table_schema(rec.table)
                for column in schemas.field_names(rec.table):
                    assert f"`{column}`" in res["description"]
    # every download is byte-identical, and a re-run is read-only
    assert_clean_state(ckan, target)


def _vocab_graph(reference_dir: Path) -> Graph:
    g = Graph()
    for path in sorted((reference_dir / "dcat-ap-de/vocab").rglob("*")):
        if path.suffix in (".ttl", ".rdf"):
            g.parse(path, format="xml" if path.suffix == ".rdf" else "turtle")
    return g


def test_dcat_turtle_carries_urls_format_licence_and_conforms(ckan, target, reference_dir):
    import pyshacl

    records = target.records()
    publish_catalog(target.out, target.config, records)
    shapes = Graph().parse(reference_dir / "dcat-ap-de/v3.0/dcat-ap-SHACL.ttl")
    vocab = _vocab_graph(reference_dir)
    for rec in records:
        data = Graph().parse(data=ckan.get(f"{ckan.url}/dataset/{rec.name}.ttl").decode(), format="turtle")
        ds = URIRef(rec.uri)
        assert (ds, RDF.type, DCAT.Dataset) in data, rec.name
        dists = list(data.objects(ds, DCAT.distribution))
        assert len(dists) == len(rec.distributions), rec.name
        for dist in dists:
            for prop in (DCAT.accessURL, DCAT.downloadURL, DCT["format"], DCT.license, DCAT.mediaType):
                value = data.value(dist, prop)
                assert isinstance(value, URIRef), f"{rec.name} {dist}: {prop} missing or not an IRI"
            assert data.value(dist, DCT.license) == URIRef(rec.license.uri)

        merged = data + vocab  # controlled vocabularies must be in the data graph (HOWTO §2)
        conforms, results, text = pyshacl.validate(merged, shacl_graph=shapes, inference="none")
        targets = set(data.subjects(RDF.type, DCAT.Dataset)) | set(data.subjects(RDF.type, DCAT.Distribution))
        bad = []
        for r in results.subjects(RDF.type, SH.ValidationResult):
            focus, path = results.value(r, SH.focusNode), results.value(r, SH.resultPath)
            value = results.value(r, SH.value)
            if focus in targets:
                bad.append(r)
            elif (focus, None, None) not in data:
                continue  # a concept of the vocabulary files (stubs without labels)
            elif path in (SKOS.prefLabel, DCT.title):
                continue  # EU/dcat-ap.de concepts referenced by IRI; labels live in the vocabularies
            elif path == DCT.type and value == URIRef("http://purl.org/adms/licencetype/UnknownIPR"):
                continue  # ckanext-dcat types every licence UnknownIPR (its own TODO), not ours
            else:
                bad.append(r)
        assert not bad, f"{rec.name}: DCAT-AP 3.0 violations:\n{text}"


def test_unchanged_catalog_makes_only_read_calls(ckan, target):
    records = target.records()
    publish_catalog(target.out, target.config, records)
    with FaultProxy(ckan.url) as proxy:  # an independent count, on the wire
        report = publish_catalog(target.out, replace(target.config, url=proxy.url), records)
    assert report.counts == {"created": 0, "updated": 0, "unchanged": len(records)}
    assert report.write_calls == {}
    assert proxy.writes == []
    assert set(report.calls) <= {"status_show", "organization_show", "organization_list_for_user", "package_show"}
    assert report.calls["package_show"] == len(records)


def test_changed_table_reuploads_only_its_resources(ckan, target, tmp_path):
    records = target.records()
    publish_catalog(target.out, target.config, records)
    before = {r.name: admin(ckan).action.package_show(id=r.name) for r in records}

    changed = write_outputs(tmp_path / "changed", changed=("votes",))
    new_records = target.records(changed)
    with FaultProxy(ckan.url) as proxy:
        report = publish_catalog(changed, replace(target.config, url=proxy.url), new_records)

    by_name = {d.name: d for d in report.datasets}
    votes, dp = f"{target.prefix}-votes", f"{target.prefix}-datapackage"
    assert by_name[votes].resources_uploaded == 2  # votes.csv, votes.parquet
    assert by_name[dp].resources_uploaded == 1  # datapackage.json lists the new sizes/hashes
    for name, d in by_name.items():
        if name not in (votes, dp):
            assert d.status == "unchanged", name
    assert report.calls["resource_patch"] == 3
    assert sorted(proxy.writes) == ["resource_patch"] * 3
    assert "package_patch" not in report.calls and "resource_create" not in report.calls
    # same resource ids: updated in place
    for rec in new_records:
        after = admin(ckan).action.package_show(id=rec.name)
        assert [r["id"] for r in after["resources"]] == [r["id"] for r in before[rec.name]["resources"]]
    assert_clean_state(ckan, target, changed)


def test_hand_edits_to_fields_we_do_not_own_survive(ckan, target):
    records = target.records()
    publish_catalog(target.out, target.config, records)
    api = admin(ckan)
    name = f"{target.prefix}-sessions"
    pkg = api.action.package_show(id=name)
    # a portal editor adds an extra, a resource and a resource field, and changes owned fields
    api.action.package_patch(
        id=name,
        title="Von Hand geändert",
        extras=pkg["extras"] + [{"key": "bemerkung", "value": "von Hand"}],
    )
    api.action.resource_create(package_id=pkg["id"], name="Handbuch", url="https://example.org/handbuch.pdf")
    res = our_resources(pkg)[0]
    api.action.resource_patch(id=res["id"], description="kaputt", notiz="bleibt")

    report = publish_catalog(target.out, target.config, records)
    by_name = {d.name: d for d in report.datasets}
    assert by_name[name].status == "updated"
    assert by_name[name].resources_updated == 1 and by_name[name].resources_uploaded == 0
    assert report.calls["package_patch"] == 1

    pkg = api.action.package_show(id=name)
    extras = {e["key"]: e["value"] for e in pkg["extras"]}
    assert pkg["title"] == records[0].title  # owned: restored
    assert extras["bemerkung"] == "von Hand"  # not owned: kept
    assert set(OWNED_EXTRAS) <= set(extras)  # owned extras still there after the merge
    assert [r["name"] for r in pkg["resources"]][-1] == "Handbuch"
    fixed = next(r for r in pkg["resources"] if r["id"] == res["id"])
    assert fixed["description"] != "kaputt" and fixed["notiz"] == "bleibt"
    assert_clean_state(ckan, target, download=False)


def test_link_mode_registers_urls_then_upload_mode_replaces_them(ckan, target):
    records = target.records()
    link = replace(target.config, upload=False)
    report = publish_catalog(target.out, link, records)
    assert report.counts["created"] == len(records)
    pkg = admin(ckan).action.package_show(id=records[0].name)
    for res, dist in zip(our_resources(pkg), records[0].distributions):
        assert res["url"] == dist.download_url and not res.get("url_type")
        assert res["hash"] == dist.sha256 and res["size"] == dist.byte_size
    again = publish_catalog(target.out, link, records)
    assert again.write_calls == {}
    switched = publish_catalog(target.out, target.config, records)
    assert sum(d.resources_uploaded for d in switched.datasets) == sum(len(r.distributions) for r in records)
    assert_clean_state(ckan, target)


def test_validation_error_names_dataset_field_and_ckan_text(ckan, target):
    records = target.records()
    bad = replace(records[0], name=f"{target.prefix}-Ungültig Name")
    with pytest.raises(CkanRejected) as exc:
        publish_catalog(target.out, target.config, [bad])
    text = str(exc.value)
    assert bad.name in text and "package_create" in text
    assert "name:" in text  # the field, followed by CKAN's own message
    assert exc.value.kind == "validation" and "name" in exc.value.fields


def _ratsdaten_run(src: Path, out: Path) -> None:
    exe = Path(sys.executable).parent / "ratsdaten"
    p = subprocess.run([str(exe), "run", "-i", str(src), "-o", str(out)], capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        pytest.fail(f"ratsdaten run failed (exit {p.returncode}):\n{(p.stdout + p.stderr)[-3000:]}")


def test_seed_corpus_one_changed_document_reuploads_only_affected_tables(ckan, target, samples_dir, tmp_path):
    """The real pipeline on the seed minutes; then one seed document changes and it runs again."""
    src = tmp_path / "seed"
    shutil.copytree(samples_dir, src)
    out = tmp_path / "public"
    _ratsdaten_run(src, out)
    first = publish_catalog(out, target.config, target.records(out))
    assert first.counts["created"] == len(target.records(out))
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir() if p.is_file()}

    [doc] = src.glob("004_*.txt")  # an Informationsvorlage: feeds the papers table
    doc.write_text(doc.read_text(encoding="utf-8").replace(
        "Einrichtung eines Digitalisierungsbüros in Bielefeld",
        "Einrichtung eines Digitalisierungsbüros in Bielefeld (ergänzt)"), encoding="utf-8")
    _ratsdaten_run(src, out)
    changed = {p.name for p in out.iterdir() if p.is_file() and hashlib.sha256(p.read_bytes()).hexdigest() != before.get(p.name)}
    records = target.records(out)
    published = {d.path for r in records for d in r.distributions}
    expected = changed & published
    assert expected and expected != published, f"the change should touch some tables, not all: {changed}"

    report = publish_catalog(out, target.config, records)
    uploaded = set()
    for rec, res in zip(records, report.datasets):
        assert res.name == rec.name
        if res.resources_uploaded:
            uploaded |= {d.path for d in rec.distributions if d.path in expected}
        assert res.resources_uploaded == sum(d.path in expected for d in rec.distributions), rec.name
        assert res.resources_created == 0 and res.resources_deleted == 0, rec.name
    assert uploaded == expected
    assert report.calls["resource_patch"] == len(expected)
    assert_clean_state(ckan, target, out)


def test_dataset_deleted_in_the_portal_is_restored(ckan, target):
    records = target.records()
    publish_catalog(target.out, target.config, records)
    name = f"{target.prefix}-persons"
    admin(ckan).action.package_delete(id=name)
    report = publish_catalog(target.out, target.config, records)
    result = next(d for d in report.datasets if d.name == name)
    assert result.status == "updated" and "state" in result.changed_fields
    assert [d.status for d in report.datasets].count("unchanged") == len(records) - 1
    assert_clean_state(ckan, target, download=False)
