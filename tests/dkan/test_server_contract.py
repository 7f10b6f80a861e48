"""The DKAN test server against DKAN's own OpenAPI document: routes, status codes, bodies.

``generated-openapi-api-1.json`` is what a real DKAN 2.19.8 serves at ``/api/1``. Every request
below goes to the test server with plain ``requests`` (not ratsdaten's client); each answer's
status must be one the document lists for that route and method (or one the measured facts add:
401/403 on routes that need basic auth, 403 "No changes" on PUT, 200 on DELETE, whose route is in
DKAN's routing file but not in the document), and its body must validate against the response
schema the document gives.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache

import jsonschema
import pytest
import requests
import yaml

from tests.dkan.conftest import PASSWORD, REFERENCE, USER

ITEMS = "/api/1/metastore/schemas/dataset/items"
# Beyond the OpenAPI document, from the facts measured on DKAN 2.19.8 (see tests/dkan/server.py).
FACTS = {("put", f"{ITEMS}/{{identifier}}"): {403}, ("delete", f"{ITEMS}/{{identifier}}"): {200, 401, 403}}


@lru_cache(maxsize=1)
def openapi() -> dict:
    return json.loads((REFERENCE / "generated-openapi-api-1.json").read_text(encoding="utf-8"))


def _deref(node, seen=()):
    """The node with every local $ref replaced by its target (the document's schemas we use are acyclic)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            assert ref not in seen, f"cyclic $ref {ref}"
            target = openapi()
            for part in ref[2:].split("/"):
                target = target[part]
            return _deref(target, seen + (ref,))
        return {k: _deref(v, seen) for k, v in node.items()}
    if isinstance(node, list):
        return [_deref(v, seen) for v in node]
    return node


def template(path: str, method: str) -> str:
    """The OpenAPI path template of a concrete path: the most specific one documenting ``method``,
    else the most specific one at all."""
    matches = [t for t in openapi()["paths"]
               if re.match("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(t)) + "$", path)]
    with_method = [t for t in matches if method.lower() in openapi()["paths"][t]]
    return min(with_method or matches or [""], key=lambda t: t.count("{"))


def check(resp: requests.Response, method: str) -> None:
    """The answer's status is documented for the route (or added by the facts), and its JSON body
    matches the documented schema."""
    path = requests.utils.urlparse(resp.request.url).path
    t = template(path, method)
    op = openapi()["paths"].get(t, {}).get(method.lower())
    allowed = set(FACTS.get((method.lower(), t), ()))
    if op is None:
        assert resp.status_code in allowed, f"{method} {path}: not in the OpenAPI document nor in the facts"
        return
    documented = {int(s) for s in op["responses"] if s.isdigit()}
    if op.get("security"):
        allowed |= {401, 403}
    assert resp.status_code in documented | allowed, f"{method} {path} -> {resp.status_code}, documented {documented}"
    response = op["responses"].get(str(resp.status_code))
    if response is None:
        return
    schema = _deref(response).get("content", {}).get("application/json", {}).get("schema")
    if schema is not None:
        assert resp.headers["Content-Type"].startswith("application/json")
        jsonschema.validate(resp.json(), schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def request_schema(method: str, t: str) -> dict:
    return _deref(openapi()["paths"][t][method]["requestBody"]["content"]["application/json"]["schema"])


@pytest.fixture
def api(dkan):
    session = requests.Session()

    def call(method, path, body=None, auth=(USER, PASSWORD), **params):
        resp = session.request(method, dkan.url + path, json=body, auth=auth, params=params or None, timeout=10)
        check(resp, method)
        return resp

    yield call
    session.close()


def dataset(identifier: str, **changes) -> dict:
    data = {"identifier": identifier, "title": "Sitzungen", "description": "Eine Zeile je Sitzung.",
            "accessLevel": "public", "modified": "2024-05-23", "keyword": ["Sitzung"],
            "publisher": {"@type": "org:Organization", "name": "Stadt Bielefeld"},
            "distribution": [{"@type": "dcat:Distribution", "title": "CSV", "format": "csv", "mediaType": "text/csv",
                              "downloadURL": "https://opendata.bielefeld.de/ratsdaten/sessions.csv"}]}
    return {**data, **changes}


def test_the_example_bodies_fit_the_documented_request_schemas():
    jsonschema.validate(dataset("a"), request_schema("put", f"{ITEMS}/{{identifier}}"))
    example = openapi()["paths"]["/api/1/harvest/plans"]["post"]["requestBody"]["content"]["application/json"]["example"]
    jsonschema.validate(example, request_schema("post", "/api/1/harvest/plans"))


def test_schemas_routes(api):
    assert set(api("GET", "/api/1/metastore/schemas").json()) >= {"dataset", "distribution", "publisher"}
    got = api("GET", "/api/1/metastore/schemas/dataset").json()
    assert got == json.loads((REFERENCE / "dkan/schema/collections/dataset.json").read_text(encoding="utf-8"))
    assert api("GET", "/api/1/metastore/schemas/nichtda").status_code == 404


def test_put_statuses_and_bodies(api):
    path = f"{ITEMS}/sitzungen"
    first = api("PUT", path, dataset("sitzungen"))
    assert first.status_code == 201 and first.json() == {"endpoint": path, "identifier": "sitzungen"}
    assert api("PUT", path, dataset("sitzungen", title="Sitzungen 2024")).status_code == 200
    same = api("PUT", path, dataset("sitzungen", title="Sitzungen 2024"))
    assert same.status_code == 403 and same.json()["message"] == "No changes to dataset with identifier sitzungen."
    assert api("PUT", path, dataset("andere")).status_code == 409
    bad = api("PUT", path, dataset("sitzungen", accessLevel="geheim"))
    assert bad.status_code == 400
    assert bad.json()["data"]["pointer"] == "/accessLevel" and bad.json()["message"] == "JSON Schema validation failed."
    bad_uri = api("PUT", path, dataset("sitzungen", distribution=[{"downloadURL": "kein uri"}]))
    assert bad_uri.status_code == 400 and bad_uri.json()["data"]["pointer"] == "/distribution/0/downloadURL"
    got = api("GET", path)
    assert got.status_code == 200 and got.json() == dataset("sitzungen", title="Sitzungen 2024")
    revisions = api("GET", f"{path}/revisions").json()
    assert [r["message"] for r in revisions] == ["Created", "Updated"]
    assert api("GET", f"{ITEMS}/nichtda").status_code == 404
    assert api("GET", f"{ITEMS}/nichtda/revisions").status_code == 404
    assert [d["identifier"] for d in api("GET", ITEMS).json()] == ["sitzungen"]


def test_post_patch_delete(api):
    created = api("POST", ITEMS, dataset("neu"))
    assert created.status_code == 201 and created.json()["identifier"] == "neu"
    assert api("POST", ITEMS, dataset("neu")).status_code == 409
    anonymous = {k: v for k, v in dataset("x").items() if k != "identifier"}
    made = api("POST", ITEMS, anonymous)
    assert made.status_code == 201 and api("GET", f"{ITEMS}/{made.json()['identifier']}").status_code == 200
    patched = api("PATCH", f"{ITEMS}/neu", {"title": "Neu", "keyword": ["a", "b"]})
    assert patched.status_code == 200
    assert api("GET", f"{ITEMS}/neu").json() == dataset("neu", title="Neu", keyword=["a", "b"])
    assert api("PATCH", f"{ITEMS}/neu", {"description": None}).status_code == 400  # merge patch removes it: invalid
    assert api("PATCH", f"{ITEMS}/fehlt", {"title": "x"}).status_code == 412
    deleted = api("DELETE", f"{ITEMS}/neu")
    assert deleted.status_code == 200 and deleted.json() == {"message": "Dataset neu has been deleted."}
    assert api("GET", f"{ITEMS}/neu").status_code == 404


def test_writes_need_a_user_with_the_permission(api):
    path = f"{ITEMS}/x"
    for method, body in (("PUT", dataset("x")), ("PATCH", {"title": "y"}), ("DELETE", None)):
        assert api(method, path, body, auth=None).status_code == 401
        assert api(method, path, body, auth=(USER, "falsch")).status_code == 401
        refused = api(method, path, body, auth=("leser", "leser-pw"))
        assert refused.status_code == 403 and "post put delete datasets through the api" in refused.json()["message"]
    assert api("POST", ITEMS, dataset("x"), auth=None).status_code == 401
    assert api("GET", f"{path}/revisions", auth=None).status_code == 401
    assert api("GET", ITEMS, auth=None).status_code == 200  # reading is public
    assert api("GET", ITEMS).json() == []


def test_harvest_routes(api, tmp_path):
    plan = {"identifier": "h1", "extract": {"type": "\\Harvest\\ETL\\Extract\\DataJson", "uri": "http://127.0.0.1:9/x"},
            "transforms": [], "load": {"type": "\\Drupal\\harvest\\Load\\Dataset"}}
    assert api("POST", "/api/1/harvest/plans", plan).json()["identifier"] == "h1"
    assert api("POST", "/api/1/harvest/plans", {"identifier": "h2"}).status_code == 400
    assert api("POST", "/api/1/harvest/plans", plan, auth=None).status_code == 401
    assert api("GET", "/api/1/harvest/plans").json() == ["h1"]
    assert api("GET", "/api/1/harvest/plans/h1").json() == plan
    assert api("GET", "/api/1/harvest/runs", plan="h1").json() == []


def test_every_route_of_the_server_is_dkans():
    """The server implements routes of DKAN's document (metastore datasets, harvest) or routing files.
    (Not implemented: revision workflow states, harvest reverts, the datastore and search.)"""
    routing = {}
    for name in ("metastore/metastore.routing.yml", "harvest/harvest.routing.yml"):
        for route in yaml.safe_load((REFERENCE / "dkan/modules" / name).read_text(encoding="utf-8")).values():
            for m in route.get("methods", []):
                routing[(m.lower(), route["path"])] = route.get("requirements", {}).get("_permission")
    implemented = [("get", "/api/1/metastore/schemas"), ("get", "/api/1/metastore/schemas/{schema_id}"),
                   ("get", "/api/1/metastore/schemas/{schema_id}/items"), ("post", ITEMS),
                   ("get", f"{ITEMS}/{{identifier}}"),
                   ("put", f"{ITEMS}/{{identifier}}"), ("patch", f"{ITEMS}/{{identifier}}"),
                   ("get", "/api/1/metastore/schemas/{schema_id}/items/{identifier}/revisions"),
                   ("get", "/api/1/harvest/plans"), ("post", "/api/1/harvest/plans"),
                   ("get", "/api/1/harvest/plans/{plan_id}"), ("get", "/api/1/harvest/runs"),
                   ("post", "/api/1/harvest/runs"), ("get", "/api/1/harvest/runs/{run_id}")]
    paths = openapi()["paths"]
    for method, t in implemented:
        assert method in paths.get(t, {}), (method, t)
    # DELETE is only in the routing file, with the same permission as PUT
    assert routing[("delete", "/api/1/metastore/schemas/{schema_id}/items/{identifier}")] == \
        routing[("put", "/api/1/metastore/schemas/{schema_id}/items/{identifier}")] == \
        "post put delete datasets through the api"


def test_what_the_dkan_target_sends_fits_the_documented_put_body(dkan, site):
    site.target.publish(site.described())
    sent = dkan.published()
    assert sent
    schema = request_schema("put", f"{ITEMS}/{{identifier}}")
    for body in sent.values():
        jsonschema.validate(body, schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
