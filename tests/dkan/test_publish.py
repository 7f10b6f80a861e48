"""Publishing to DKAN (the test server): create, republish, change, remove, faults, secrets."""
from __future__ import annotations

import base64
import logging
import traceback
from dataclasses import replace

import pytest

import schemas
from publish import pod
from publish.dkan import DkanRejected, DkanUnavailable
from tests.ckan.outputs import write_outputs
from tests.dkan.checks import assert_clean_state, dataset_schema
from tests.dkan.conftest import PASSWORD, USER
from tests.dkan.server import Dataset


def test_first_publish_creates_every_dataset(dkan, site):
    described = site.described()
    report = site.target.publish(described)

    n = len(schemas.TABLES) + 1  # one dataset per table, and the data package
    assert len(described.records) == n
    assert report.counts == {"created": n, "updated": 0, "unchanged": 0, "deleted": 0}
    assert [(m, s) for m, _, s in dkan.writes] == [("PUT", 201)] * n
    check = dataset_schema()
    package = f"{site.catalog.name_prefix}-datapackage"
    for record in described.records:
        data = dkan.published()[record.name]
        assert not list(check.iter_errors(data)), record.name
        assert "/" not in data["identifier"] and ":" not in data["identifier"]  # not a URL
        assert data["isPartOf" if record.table else "identifier"] == package
        assert data["publisher"]["name"] == record.publisher.name
        assert data["contactPoint"]["hasEmail"] == f"mailto:{record.contact.email}"
        assert data["license"] == record.license.uri and data["spatial"] == record.geocoding_uri
        assert data["accrualPeriodicity"] == "irregular"  # EU frequency IRREG
        assert data["temporal"] == f"{record.temporal_start}/{record.temporal_end}"
        assert set(record.keywords) <= set(data["keyword"])
        for dist, d in zip(data["distribution"], record.distributions):
            assert dist["downloadURL"] == site.base_url + d.path  # under the configured base URL
            assert dist["mediaType"] == d.media_type
            assert dist["checksum"]["checksumValue"] == d.sha256 and dist["byteSize"] == d.byte_size
        if record.table:
            schema_url = f"{site.base_url}schemas/{record.table}.schema.json"
            assert data["describedBy"] == data["conformsTo"] == schema_url
    assert_clean_state(dkan, site, described)


def test_republishing_an_unchanged_catalog_writes_nothing(dkan, site):
    described = site.described()
    site.target.publish(described)
    before, writes = len(dkan.log), len(dkan.writes)
    report = site.target.publish(site.described())  # described again, as the next run does
    assert len(dkan.writes) == writes == len(described.records)  # only the first publish wrote
    assert [m for m, _, _ in dkan.log[before:]] == ["GET", "GET", "GET"]  # schema, user check, items
    assert report.counts["unchanged"] == len(described.records) and report.write_calls == {}


def test_a_changed_table_updates_only_its_dataset(dkan, site, tmp_path):
    site.target.publish(site.described())
    changed = write_outputs(tmp_path / "changed", changed=("votes",))
    described = site.described(changed)
    before = len(dkan.writes)
    report = site.target.publish(described)

    prefix = site.catalog.name_prefix
    updated = {f"{prefix}-votes", f"{prefix}-datapackage"}  # datapackage.json lists the new sizes and hashes
    assert {d.name for d in report.datasets if d.status == "updated"} == updated
    assert report.counts["unchanged"] == len(described.records) - 2
    assert sorted(p.rsplit("/", 1)[1] for _, p, _ in dkan.writes[before:]) == sorted(updated)
    assert {s for _, _, s in dkan.writes[before:]} == {200}
    votes = next(d for d in report.datasets if d.name == f"{prefix}-votes")
    assert votes.changed_fields == ["distribution"]
    assert_clean_state(dkan, site, described)


def test_a_removed_table_deletes_its_dataset_and_nothing_else(dkan, site):
    site.target.publish(site.described())
    # a dataset someone else made in the same portal
    dkan.datasets["stadtplan"] = Dataset(
        {"identifier": "stadtplan", "title": "Stadtplan", "description": "x", "accessLevel": "public",
         "modified": "2024-01-01", "keyword": ["Karte"]})
    described = site.described(drop=("vote_counts",))
    before = len(dkan.writes)
    report = site.target.publish(described)

    gone = f"{site.catalog.name_prefix}-vote_counts"
    assert [(d.name, d.status) for d in report.datasets if d.status != "unchanged"] == [(gone, "deleted")]
    assert dkan.writes[before:] == [("DELETE", f"/api/1/metastore/schemas/dataset/items/{gone}", 200)]
    assert report.counts["deleted"] == 1
    assert_clean_state(dkan, site, described, others={"stadtplan": dkan.published()["stadtplan"]})


def _nth(method: str, n: int, decision):
    """Break the n-th request with ``method`` from now on."""
    seen = []

    def fault(m, path, k):
        if m != method:
            return None
        seen.append(path)
        return decision if len(seen) == n else None

    return fault


@pytest.mark.parametrize("method,n,decision", [
    ("PUT", 3, "503"),          # refused before DKAN did anything
    ("PUT", 2, "drop"),         # connection lost before DKAN saw it
    ("PUT", 4, "drop_after"),   # DKAN stored it, the answer was lost: the retry finds "No changes"
    ("PUT", 5, "slow"),         # DKAN stored it, the answer came after the client's timeout
    ("GET", 3, "503"),          # the list of datasets
])
def test_a_fault_in_the_middle_is_absorbed_in_the_same_run(dkan, site, method, n, decision):
    described = site.described()
    dkan.slow_seconds = 2.5  # the client waits 1 s
    dkan.fault = _nth(method, n, decision)
    report = site.target.publish(described)
    assert [f[3] for f in dkan.faults] == [decision]
    assert report.counts["created"] == len(described.records)  # a retried write still counts as created
    dkan.fault = lambda *a: None
    assert_clean_state(dkan, site, described)


def test_a_dropped_delete_converges(dkan, site):
    site.target.publish(site.described())
    described = site.described(drop=("persons",))
    dkan.fault = _nth("DELETE", 1, "drop_after")  # deleted, answer lost; the retry finds it gone
    report = site.target.publish(described)
    assert report.counts["deleted"] == 1
    dkan.fault = lambda *a: None
    assert_clean_state(dkan, site, described)


def test_an_outage_mid_publish_fails_then_the_next_run_converges(dkan, site, tmp_path):
    site.target.publish(site.described())
    changed = write_outputs(tmp_path / "changed", changed=tuple(schemas.TABLES), salt="y")
    described = site.described(changed)
    dkan.fault = _nth("PUT", 3, "down")  # the portal goes away after two updates
    with pytest.raises(DkanUnavailable) as exc:
        site.target.publish(described)
    assert "PUT dataset" in str(exc.value) and "HTTP 503" in str(exc.value)
    partial = exc.value.report
    assert [d.status for d in partial.datasets] == ["updated", "updated"]
    assert site.target.is_retryable(exc.value)

    dkan.down, dkan.fault = False, lambda *a: None
    report = site.target.publish(described)
    assert report.counts["unchanged"] == 2 and report.counts["updated"] == len(described.records) - 2
    assert_clean_state(dkan, site, described)


def test_a_payload_dkan_would_refuse_is_not_sent(dkan, site):
    """Payloads are validated against the dataset schema the portal serves, before the first write."""
    described = site.described()
    bad = replace(described.records[2], keywords=())
    records = described.records[:2] + (bad,) + described.records[3:]
    with pytest.raises(DkanRejected) as exc:
        site.target.publish(replace(described, records=records))
    assert str(exc.value) == (f"DKAN rejected the dataset schema for dataset {bad.name!r} (before sending) "
                              "at /: 'keyword' is a required property")
    assert not site.target.is_retryable(exc.value)
    assert dkan.writes == []


def test_a_4xx_answer_names_the_dataset_and_dkans_message(dkan, site):
    """A portal whose dataset schema changes mid-run (an administrator adds a required field)."""
    described = site.described()

    def tighten():
        dkan.schemas["dataset"]["required"].append("references")

    dkan.fault = _nth("PUT", 2, tighten)
    with pytest.raises(DkanRejected) as exc:
        site.target.publish(described)
    err = exc.value
    assert (err.status, err.dataset, err.pointer) == (400, described.records[1].name, "/")
    assert str(err) == (f"DKAN rejected PUT dataset for dataset {described.records[1].name!r} (HTTP 400) at /: "
                        "JSON Schema validation failed. 'references' is a required property")
    assert err.report.counts["created"] == 1
    assert not site.target.is_retryable(err)


def test_the_password_never_appears_in_logs_reports_or_errors(dkan, site, capsys, caplog):
    caplog.set_level(logging.DEBUG)  # urllib3, requests, ratsdaten at full verbosity
    basic = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    texts = [repr(site.target), repr(site.target.config), str(site.target.config)]
    described = site.described()
    dkan.fault = _nth("PUT", 2, "503")
    report = site.target.publish(described)
    texts += [report.summary(), repr(report.to_dict())]
    dkan.fault = lambda *a: "down"
    with pytest.raises(Exception) as down:
        site.target.publish(described)
    dkan.down, dkan.fault = False, lambda *a: None
    wrong = replace(site.target.config, password=PASSWORD + "x")
    with pytest.raises(Exception) as refused:
        type(site.target)(wrong).check(site.base_url)
    for exc in (down.value, refused.value):
        texts += [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
    captured = capsys.readouterr()
    out = "\n".join([captured.out, captured.err, caplog.text, *texts])
    assert "retrying" in out and "HTTP 401" in out  # the logs and the refusal were really captured
    assert PASSWORD not in out and basic not in out


def test_data_json_and_the_api_say_the_same(dkan, site):
    """data.json (for harvesting) holds exactly what the target sends through the API."""
    described = site.described()
    site.target.publish(described)
    pod.write_catalog(site.out, described.records, site.catalog.name_prefix)
    catalog = __import__("json").loads((site.out / "data.json").read_text(encoding="utf-8"))
    assert {d["identifier"]: d for d in catalog["dataset"]} == dkan.published()
