"""``ratsdaten run --target dkan`` end to end, and a DKAN that can't be used stopping the run at once.

The command runs as a subprocess, as an operator or a scheduler runs it. A portal that is
unreachable or refuses the configuration must stop the run with exit code 2 and one line naming the
cause, within 30 seconds and before anything is written or published.
"""
from __future__ import annotations

import base64
import json
import socket
import urllib.request

import jsonschema
import pytest

from tests.dkan.checks import dataset_schema
from tests.dkan.conftest import PASSWORD, USER, FileServer
from tests.dkan.server import DkanServer
from tests.portal_cli import one_line_exit_2, ratsdaten

def dkan_env(url: str, user: str = USER, password: str = PASSWORD) -> dict:
    return {"DKAN_URL": url, "DKAN_USER": user, "DKAN_PASSWORD": password}


def test_run_publishes_to_dkan_and_the_catalog_is_harvestable(dkan, samples_dir, tmp_path, reference):
    out = tmp_path / "public"
    with FileServer(out) as files:  # where the catalog is served (DKAN links to the files there)
        run, _ = ratsdaten("run", "-i", str(samples_dir), "-o", str(out), "--target", "dkan",
                           "--base-url", files.url, env=dkan_env(dkan.url))
        assert run.returncode == 0, run.stdout + run.stderr
        assert "Published to dkan: DKAN" in run.stdout and "9 created" in run.stdout
        report = json.loads((out / "reports/run.json").read_text(encoding="utf-8"))["publish"]["dkan"]
        assert report["counts"] == {"created": 9, "updated": 0, "unchanged": 0, "deleted": 0}
        published = dkan.published()
        assert len(published) == 9

        # the harvest plan in the catalog validates, and so does the data.json it points at
        plan = json.loads((out / "harvest-plan.json").read_text(encoding="utf-8"))
        harvest_schema = json.loads((reference / "harvest-lib/schema/schema.json").read_text(encoding="utf-8"))
        jsonschema.validate(plan, harvest_schema)
        assert plan["extract"]["uri"] == files.url + "data.json"
        with urllib.request.urlopen(plan["extract"]["uri"], timeout=10) as r:
            catalog = json.loads(r.read())
        check = dataset_schema()
        for item in catalog["dataset"]:
            assert not list(check.iter_errors(item)), item["identifier"]
        template = json.loads((reference / "dkan/schema/collections/catalog.json").read_text(encoding="utf-8"))
        assert {k: catalog[k] for k in ("@context", "@type", "conformsTo", "describedBy")} == \
            {k: template[k] for k in ("@context", "@type", "conformsTo", "describedBy")}

        # another DKAN harvests it with that plan: the same datasets the API published; a rerun changes nothing
        with DkanServer(reference, users={"h": ("pw", frozenset({"harvest_api_register", "harvest_api_run"}))}) as other:
            auth = {"Authorization": "Basic " + base64.b64encode(b"h:pw").decode()}
            for body, path in ((plan, "/api/1/harvest/plans"), ({"plan_id": plan["identifier"]}, "/api/1/harvest/runs"),
                               ({"plan_id": plan["identifier"]}, "/api/1/harvest/runs")):
                req = urllib.request.Request(other.url + path, data=json.dumps(body).encode(), method="POST",
                                             headers={"Content-Type": "application/json", **auth})
                with urllib.request.urlopen(req, timeout=30) as r:
                    answer = json.loads(r.read())
            runs = other.runs[plan["identifier"]]
            assert set(runs["1"]["status"]["load"].values()) == {"NEW"}
            assert set(json.loads(answer["result"])["load"].values()) == {"UNCHANGED"}
            assert other.published() == published

        # publishing the existing catalog again (the base URL it was built with) writes nothing
        before = len(dkan.writes)
        again, _ = ratsdaten("publish", "-o", str(out), "--target", "dkan", env=dkan_env(dkan.url))
        assert again.returncode == 0, again.stdout + again.stderr
        assert "9 unchanged" in again.stdout and dkan.writes[before:] == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_dkan_stops_at_once(samples_dir, tmp_path):
    out = tmp_path / "public"
    p, seconds = ratsdaten("run", "-i", str(samples_dir), "-o", str(out), "--target", "dkan", "--base-url",
                           "https://opendata.bielefeld.de/", env=dkan_env(f"http://127.0.0.1:{_free_port()}"))
    one_line_exit_2(p, seconds, out, "DKAN at http://127.0.0.1:", "is unreachable: connection refused (GET schema)")
    assert seconds < 10


def test_dkan_that_never_answers_stops_within_30_seconds(samples_dir, tmp_path):
    with socket.socket() as silent:  # accepts connections (the kernel does) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        out = tmp_path / "public"
        p, seconds = ratsdaten("run", "-i", str(samples_dir), "-o", str(out), "--target", "dkan", "--base-url",
                               "https://opendata.bielefeld.de/", env=dkan_env(f"http://127.0.0.1:{silent.getsockname()[1]}"))
    one_line_exit_2(p, seconds, out, "no answer within the time limit")


@pytest.mark.parametrize("user,password,words", [
    (USER, "falsch", ("refused the credentials of user 'ratsdaten'", "HTTP 401")),
    ("leser", "leser-pw", ("may not write datasets", "post put delete datasets through the api", "HTTP 403")),
])
def test_refused_credentials_stop_at_once_and_never_show_the_password(dkan, samples_dir, tmp_path, user, password, words):
    out = tmp_path / "public"
    p, seconds = ratsdaten("run", "-i", str(samples_dir), "-o", str(out), "--target", "dkan", "--base-url",
                           "https://opendata.bielefeld.de/", env=dkan_env(dkan.url, user, password))
    one_line_exit_2(p, seconds, out, *words)
    assert password not in p.stdout + p.stderr
    assert dkan.writes == []


def test_placeholder_base_url_and_missing_settings_are_config_errors(dkan, samples_dir, tmp_path):
    out = tmp_path / "public"
    p, seconds = ratsdaten("run", "-i", str(samples_dir), "-o", str(out), "--target", "dkan", env=dkan_env(dkan.url))
    one_line_exit_2(p, seconds, out, "DKAN target", "https://daten.example.org/ratsdaten/ is a placeholder",
                     "--base-url")
    p, seconds = ratsdaten("run", "-i", str(samples_dir), "-o", str(out), "--target", "dkan",
                           env={"DKAN_URL": dkan.url, "DKAN_PASSWORD": PASSWORD})
    one_line_exit_2(p, seconds, out, "DKAN target not configured: set DKAN_USER")
    assert dkan.log == []
