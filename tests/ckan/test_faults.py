"""Faults between ratsdaten and a real CKAN: retries, interrupted runs, a dead server, bad tokens.

A fault proxy on 127.0.0.1 (faultproxy.py) sits in front of CKAN and breaks a chosen request.
After every fault the next run (or the same run, when retries suffice) must end in exactly the
state of a clean publish: same datasets, resources, hashes and bytes, no duplicates.
"""
from __future__ import annotations

import logging
import traceback
import uuid
from dataclasses import replace

import ckanapi
import pytest

from publish.ckan import ApiToken, CkanRejected, CkanUnavailable
from publish.ckan.client import CkanClient
from tests.ckan.checks import admin, assert_clean_state, publish_catalog
from tests.ckan.faultproxy import FaultProxy

pytestmark = pytest.mark.integration


def _nth(action_name: str, n: int, decision):
    return lambda action, k: decision if (action == action_name and k == n) else None


@pytest.mark.parametrize(
    "action,n,decision",
    [
        ("resource_create", 3, "503"),  # refused before CKAN saw it
        ("package_create", 2, "503"),
        ("resource_create", 2, "drop"),  # connection lost before CKAN saw it
        ("resource_create", 4, "drop_after"),  # CKAN created it, the answer was lost
        ("package_create", 3, "drop_after"),
        ("package_show", 3, "drop"),  # a read: retried on the spot
    ],
)
def test_single_fault_is_absorbed_in_the_same_run(ckan, target, action, n, decision):
    records = target.records()
    with FaultProxy(ckan.url) as proxy:
        proxy.fault = _nth(action, n, decision)
        report = publish_catalog(target.out, replace(target.config, url=proxy.url), records)
    assert report.counts["created"] == len(records)
    assert proxy.faults == [(action, n, decision)]
    assert_clean_state(ckan, target)


def test_outage_mid_publish_fails_then_next_run_converges(ckan, target):
    records = target.records()
    with FaultProxy(ckan.url) as proxy:
        proxy.fault = _nth("resource_create", 7, "down")  # the portal goes down mid-publish
        with pytest.raises(CkanUnavailable) as exc:
            publish_catalog(target.out, replace(target.config, url=proxy.url), records)
    assert "resource_create" in str(exc.value) or "package_show" in str(exc.value)
    partial = exc.value.report
    assert 0 < len(partial.datasets) < len(records)  # some datasets were done before the outage

    report = publish_catalog(target.out, target.config, records)
    assert report.counts["unchanged"] == len(partial.datasets)
    assert_clean_state(ckan, target)


def test_half_published_dataset_with_duplicates_and_stale_resources_converges(ckan, target):
    """The state a crashed older run could leave: a duplicate, a stale key, a shuffled order."""
    records = target.records()
    publish_catalog(target.out, target.config, records)
    api = admin(ckan)
    name = f"{target.prefix}-sessions"
    pkg = api.action.package_show(id=name)
    csv = pkg["resources"][0]
    with open(target.out / "sessions.csv", "rb") as fh:
        api.action.resource_create(package_id=pkg["id"], name="sessions.csv", ratsdaten_id="sessions-csv", upload=fh)
    api.action.resource_create(package_id=pkg["id"], name="alt", url="https://example.org/x", ratsdaten_id="sessions-xlsx")
    api.action.resource_patch(id=csv["id"], hash="0" * 64)
    api.action.package_resource_reorder(id=pkg["id"], order=[r["id"] for r in reversed(pkg["resources"])])

    report = publish_catalog(target.out, target.config, records)
    result = next(d for d in report.datasets if d.name == name)
    assert result.resources_deleted == 2
    assert_clean_state(ckan, target)


def test_server_killed_mid_publish_then_restarted_converges(ckan, target):
    records = target.records()
    killed = []

    def kill():
        killed.append(True)
        ckan.kill_server()

    try:
        with FaultProxy(ckan.url) as proxy:
            proxy.fault = _nth("resource_create", 5, kill)  # SIGKILL while CKAN handles an upload
            with pytest.raises(CkanUnavailable):
                publish_catalog(target.out, replace(target.config, url=proxy.url), records)
        assert killed
    finally:
        ckan.start_server()  # same port, same database
    report = publish_catalog(target.out, target.config, records)
    assert report.write_calls  # the interrupted run left work to do
    assert_clean_state(ckan, target)


def _all_output(capsys, caplog, *texts) -> str:
    captured = capsys.readouterr()
    return "\n".join([captured.out, captured.err, caplog.text, *texts])


def test_bad_token_one_clear_error_nothing_published(ckan, target, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    bad = "eyJhbGciOiJIUzI1NiJ9." + uuid.uuid4().hex + "." + uuid.uuid4().hex
    records = target.records()
    # the organisation exists (made by an admin); the token is wrong
    admin(ckan).action.organization_create(name=target.config.organization)
    config = replace(target.config, token=ApiToken(bad))
    with FaultProxy(ckan.url) as proxy:
        with pytest.raises(CkanRejected) as exc:
            publish_catalog(target.out, replace(config, url=proxy.url), records)
    assert proxy.writes == []  # refused before any write
    err = exc.value
    assert err.kind == "authorization"
    assert "API token" in str(err) and target.config.organization in str(err)
    for rec in records:
        with pytest.raises(ckanapi.NotFound):
            admin(ckan).action.package_show(id=rec.name)

    # organisation missing and creation allowed: CKAN refuses the one write, nothing exists
    config2 = replace(config, organization=f"{target.config.organization}-neu")
    with pytest.raises(CkanRejected) as exc2:
        publish_catalog(target.out, config2, records)
    assert exc2.value.action == "organization_create"
    with pytest.raises(ckanapi.NotFound):
        admin(ckan).action.organization_show(id=config2.organization)

    tb = "".join(traceback.format_exception(exc.value)) + "".join(traceback.format_exception(exc2.value))
    out = _all_output(capsys, caplog, str(err), repr(err), tb, repr(config), repr(exc2.value))
    assert bad not in out
    assert bad[:20] not in out.replace("eyJhbGciOiJIUzI1NiJ9.", "")  # not even a piece of it


def test_real_token_never_appears_in_logs_reports_or_errors(ckan, target, capsys, caplog):
    caplog.set_level(logging.DEBUG)  # urllib3, requests, ratsdaten at full verbosity
    secret = ckan.token.reveal()
    records = target.records()
    texts = [repr(target.config), str(target.config), repr(CkanClient(ckan.url, ckan.token))]
    with FaultProxy(ckan.url) as proxy:
        proxy.fault = _nth("resource_create", 2, "503")
        report = publish_catalog(target.out, replace(target.config, url=proxy.url), records)
        texts += [report.summary(), repr(report.to_dict())]
        proxy.fault = lambda action, n: "down" if action == "package_show" else None
        with pytest.raises(CkanUnavailable) as exc:
            publish_catalog(target.out, replace(target.config, url=proxy.url), records)
        texts += [str(exc.value), "".join(traceback.format_exception(exc.value))]
    bad = replace(records[0], name="Ungültig!")
    with pytest.raises(CkanRejected) as exc2:
        publish_catalog(target.out, target.config, [bad])
    texts += [str(exc2.value), "".join(traceback.format_exception(exc2.value))]
    out = _all_output(capsys, caplog, *texts)
    assert "retrying" in out or "re-reading" in out  # the logs were really captured
    assert secret not in out


@pytest.mark.parametrize("case", ["unknown organisation", "wrong token"])
def test_misconfigured_portal_stops_the_run_before_anything_is_written(ckan, target, samples_dir, tmp_path, case):
    """`ratsdaten run --target ckan`: one line naming the cause, exit code 2, within 30 s, nothing
    written locally or in CKAN; the token never shown."""
    from tests.portal_cli import one_line_exit_2, ratsdaten

    admin(ckan).action.organization_create(name=target.config.organization)
    token = ckan.token.reveal()
    env = {"CKAN_URL": ckan.url, "CKAN_ORGANIZATION": target.config.organization, "CKAN_API_TOKEN": token}
    words = [target.config.organization]
    if case == "unknown organisation":
        env["CKAN_ORGANIZATION"] = words[0] = f"{target.config.organization}-unbekannt"
        words.append("does not exist")
    else:
        env["CKAN_API_TOKEN"] = "eyJhbGciOiJIUzI1NiJ9." + uuid.uuid4().hex + "." + uuid.uuid4().hex
        words.append("API token")
    out = tmp_path / "public"
    p, seconds = ratsdaten("run", "-i", str(samples_dir), "-o", str(out), "--target", "ckan",
                           "--base-url", "https://opendata.bielefeld.de/", env=env)
    one_line_exit_2(p, seconds, out, *words)
    assert env["CKAN_API_TOKEN"] not in p.stdout + p.stderr and token not in p.stdout + p.stderr
    with pytest.raises(ckanapi.NotFound):  # nothing in CKAN either (the bundled catalog's dataset names)
        admin(ckan).action.package_show(id="ratsdaten-bielefeld-sessions")
