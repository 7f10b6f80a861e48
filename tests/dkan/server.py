"""A DKAN 2 test server on 127.0.0.1: the metastore and harvest API, written to DKAN's contract.

The contract is DKAN's own OpenAPI document (``generated-openapi-api-1.json``, served by a real
DKAN 2.19.8), its routing files (the DELETE route and the permissions), its JSON schemas, and
these facts measured on a real DKAN 2.19.8:

* writes need HTTP basic auth of a user holding "post put delete datasets through the api":
  401 without (or with wrong) credentials, 403 for a user without the permission;
* ``PUT .../dataset/items/{id}``: 201 for a new id, 200 for a changed dataset (the whole object is
  replaced, a new revision is made), 403 "No changes to dataset with identifier {id}." for an
  identical body; 409 when the body's identifier differs from the URL's; 400 with a JSON pointer
  for a schema violation;
* ``POST .../dataset/items`` of an existing id: 409; ``PATCH`` is a JSON merge patch, 412 when the
  dataset is missing; ``DELETE``: 200 "Dataset {id} has been deleted.";
* harvest: plans are validated against the harvest plan schema; a run extracts the data.json at
  ``extract.uri``, tracks datasets by the last path segment of their identifier, reports NEW /
  UNCHANGED / UPDATED by hash, and unpublishes (orphans) datasets gone from the source.

It is written to that contract, not to ratsdaten's client (``tests/dkan/test_server_contract.py``
checks it against the OpenAPI document). ``fault`` breaks chosen requests like a real network:

    server.fault = lambda method, path, n: "503" if method == "PUT" and n == 3 else None

``n`` counts the requests with that method (1-based). Decisions: ``"503"`` (answer 503, do
nothing), ``"drop"`` (close the connection, do nothing), ``"drop_after"`` (do it, then close
without an answer), ``"slow"`` (do it, answer after ``slow_seconds``: a client timeout),
``"down"`` (503 from now on, until ``server.down = False``).
"""
from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import json
import re
import socket
import threading
import time
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import jsonschema

from tests.loopback import LoopbackHTTP, handler_calling

WRITE = "post put delete datasets through the api"
HARVEST = ("harvest_api_index", "harvest_api_register", "harvest_api_run", "harvest_api_info")
API_USER = frozenset({WRITE, *HARVEST})  # DKAN's "API user" role (config/install/user.role.api_user.yml)

_ITEMS = re.compile(r"^/api/1/metastore/schemas/dataset/items$")
_ITEM = re.compile(r"^/api/1/metastore/schemas/dataset/items/([^/]+)$")
_REVISIONS = re.compile(r"^/api/1/metastore/schemas/dataset/items/([^/]+)/revisions$")
_SCHEMA = re.compile(r"^/api/1/metastore/schemas/([^/]+)$")
_PLAN = re.compile(r"^/api/1/harvest/plans/([^/]+)$")
_RUN = re.compile(r"^/api/1/harvest/runs/([^/]+)$")


class _Answer(Exception):
    def __init__(self, status: int, body, headers: dict | None = None):
        self.status, self.body, self.headers = status, body, headers or {}


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def _error(status: int, message: str, data: dict | None = None) -> _Answer:
    """DKAN's errorResponse: {"message", "status", "timestamp"[, "data"]}."""
    body = {"message": message, "status": status, "timestamp": _now()}
    if data:
        body["data"] = data
    return _Answer(status, body)


def merge_patch(target, patch):
    """RFC 7386 JSON merge patch."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge_patch(out.get(key), value)
    return out


@dataclass
class Revision:
    identifier: str
    message: str
    modified: str
    state: str = "published"


@dataclass
class Dataset:
    data: dict
    revisions: list[Revision] = field(default_factory=list)
    state: str = "published"


class DkanServer:
    """``with DkanServer(reference_dir) as dkan: dkan.url ...``; ``users`` maps name -> (password, permissions)."""

    def __init__(self, reference: Path, users: dict[str, tuple[str, frozenset[str]]] | None = None):
        collections = reference / "dkan" / "schema" / "collections"
        self.schemas = {p.stem: json.loads(p.read_text(encoding="utf-8"))
                        for p in sorted(collections.glob("*.json")) if p.stem != "catalog"}
        schema = self.schemas["dataset"]
        self._dataset = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
        # POST takes the dataset schema without requiring the identifier (DKAN makes one)
        post = dict(schema, required=[r for r in schema["required"] if r != "identifier"])
        self._post = jsonschema.Draft7Validator(post, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
        plan = json.loads((reference / "harvest-lib" / "schema" / "schema.json").read_text(encoding="utf-8"))
        self._plan = jsonschema.Draft7Validator(plan)
        self.users = users if users is not None else {"admin": ("admin-secret", API_USER)}
        self.datasets: dict[str, Dataset] = {}
        self.plans: dict[str, dict] = {}
        self.runs: dict[str, dict[str, dict]] = {}  # plan -> run id -> run info
        self.harvested: dict[str, dict[str, str]] = {}  # plan -> dataset id -> hash
        self.log: list[tuple[str, str, int]] = []  # (method, path, status) of every request DKAN acted on or refused
        self.fault = lambda method, path, n: None
        self.down = False
        self.slow_seconds = 3.0
        self.faults: list[tuple[str, str, int, str]] = []
        self._seen: Counter[str] = Counter()
        self._lock = threading.RLock()
        self._http = LoopbackHTTP(handler_calling(self._handle, ("GET", "POST", "PUT", "PATCH", "DELETE")))
        self.url = self._http.url

    def __enter__(self) -> "DkanServer":
        self._http.__enter__()
        return self

    def __exit__(self, *exc):
        self._http.__exit__(*exc)

    # -- what tests look at ---------------------------------------------------------------
    @property
    def writes(self) -> list[tuple[str, str, int]]:
        return [(m, p, s) for m, p, s in self.log if m in ("POST", "PUT", "PATCH", "DELETE")]

    def published(self) -> dict[str, dict]:
        with self._lock:
            return {k: copy.deepcopy(v.data) for k, v in self.datasets.items() if v.state == "published"}

    # -- HTTP -----------------------------------------------------------------------------
    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        parts = urlsplit(h.path)
        with self._lock:
            self._seen[h.command] += 1
            n = self._seen[h.command]
            decision = "503" if self.down else self.fault(h.command, parts.path, n)
            if decision == "down":
                self.down, decision = True, "503"
            if decision is not None:
                self.faults.append((h.command, parts.path, n, decision if isinstance(decision, str) else "hook"))
        if decision == "503":
            self._send(h, _Answer(503, "<html><body>503 Service Unavailable</body></html>"), parts.path)
            return
        if decision == "drop":
            self._drop(h)
            return
        if callable(decision):  # e.g. an administrator changes something while the request is on its way
            decision()
        with self._lock:
            try:
                answer = self._route(h.command, parts.path, parse_qs(parts.query), h.headers, raw)
            except _Answer as a:
                answer = a
            # logged when DKAN has acted, whether or not the answer reaches the client
            self.log.append((h.command, parts.path, answer.status))
        if decision == "drop_after":
            self._drop(h)
            return
        if decision == "slow":
            time.sleep(self.slow_seconds)
        self._send(h, answer)

    def _send(self, h: BaseHTTPRequestHandler, a: _Answer, unrouted: str | None = None) -> None:
        if isinstance(a.body, str):
            data, ctype = a.body.encode(), "text/html; charset=UTF-8"
        else:
            data, ctype = json.dumps(a.body).encode(), "application/json"
        try:
            h.send_response(a.status)
            h.send_header("Content-Type", ctype)
            for k, v in a.headers.items():
                h.send_header(k, v)
            h.send_header("Content-Length", str(len(data)))
            h.end_headers()
            h.wfile.write(data)
        except OSError:  # the client gave up (its timeout)
            pass
        if unrouted is not None:
            with self._lock:
                self.log.append((h.command, unrouted, a.status))

    @staticmethod
    def _drop(h: BaseHTTPRequestHandler) -> None:
        h.close_connection = True
        try:
            h.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _user(self, headers) -> str | None:
        auth = headers.get("Authorization") or ""
        if not auth.startswith("Basic "):
            return None
        try:
            name, _, password = base64.b64decode(auth[6:]).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return None
        known = self.users.get(name)
        return name if known and known[0] == password else None

    def _require(self, headers, permission: str) -> None:
        user = self._user(headers)
        if user is None:  # Drupal's basic_auth challenge
            raise _Answer(401, {"message": "Unauthorized"}, {"WWW-Authenticate": 'Basic realm="DKAN"'})
        if permission not in self.users[user][1]:
            raise _Answer(403, {"message": f"The '{permission}' permission is required."})

    @staticmethod
    def _json(raw: bytes):
        try:
            return json.loads(raw or b"null")
        except ValueError:
            raise _error(400, "Invalid JSON") from None

    def _invalid(self, validator, data) -> None:
        error = jsonschema.exceptions.best_match(validator.iter_errors(data))
        if error is not None:
            pointer = "/" + "/".join(str(p) for p in error.absolute_path)
            raise _error(400, "JSON Schema validation failed.",
                         {"keyword": str(error.validator), "pointer": pointer, "message": error.message})

    def _route(self, method: str, path: str, query: dict, headers, raw: bytes) -> _Answer:
        path = unquote(path)
        if method == "GET" and path == "/api/1/metastore/schemas":
            return _Answer(200, self.schemas)
        if method == "GET" and _SCHEMA.match(path):
            name = _SCHEMA.match(path).group(1)
            if name not in self.schemas:
                raise _error(404, f"Schema {name} not found.")
            return _Answer(200, self.schemas[name])
        if _ITEMS.match(path):
            if method == "GET":
                return _Answer(200, list(self.published().values()))
            if method == "POST":
                self._require(headers, WRITE)
                return self._post_item(self._json(raw))
        if m := _REVISIONS.match(path):
            if method == "GET":
                self._require(headers, WRITE)
                ds = self.datasets.get(m.group(1))
                if ds is None:
                    raise _error(404, f"Error retrieving metadata: {m.group(1)} not found.")
                return _Answer(200, [vars(r) | {"published": r.state == "published"} for r in ds.revisions])
        if m := _ITEM.match(path):
            identifier = m.group(1)
            if method == "GET":
                ds = self.datasets.get(identifier)
                if ds is None or ds.state != "published":
                    raise _error(404, f"Error retrieving metadata: {identifier} not found.")
                return _Answer(200, copy.deepcopy(ds.data))
            if method in ("PUT", "PATCH", "DELETE"):
                self._require(headers, WRITE)
                if method == "DELETE":
                    self.datasets.pop(identifier, None)
                    return _Answer(200, {"message": f"Dataset {identifier} has been deleted."})
                body = self._json(raw)
                if not isinstance(body, dict):
                    raise _error(400, "Invalid JSON")
                if "identifier" in body and body["identifier"] != identifier:
                    raise _error(409, "Identifier cannot be modified")
                if method == "PUT":
                    return self._put_item(identifier, body)
                return self._patch_item(identifier, body)
        if path == "/api/1/harvest/plans":
            if method == "GET":
                self._require(headers, "harvest_api_index")
                return _Answer(200, sorted(self.plans))
            if method == "POST":
                self._require(headers, "harvest_api_register")
                plan = self._json(raw)
                error = jsonschema.exceptions.best_match(self._plan.iter_errors(plan))
                if error is not None:
                    raise _Answer(400, {"message": f"Invalid harvest plan. {error.message}"})
                self.plans[plan["identifier"]] = plan
                return _Answer(200, {"endpoint": f"/api/1/harvest/plans/{plan['identifier']}",
                                     "identifier": plan["identifier"]})
        if (m := _PLAN.match(path)) and method == "GET":
            self._require(headers, "harvest_api_index")
            if m.group(1) not in self.plans:
                raise _Answer(404, {"message": f"Unable to find plan {m.group(1)}"})
            return _Answer(200, self.plans[m.group(1)])
        if path == "/api/1/harvest/runs":
            if method == "POST":
                self._require(headers, "harvest_api_run")
                body = self._json(raw)
                if not isinstance(body, dict) or "plan_id" not in body:
                    raise _Answer(400, {"message": "Invalid payload.", "documentation": "/api/1/harvest"})
                return self._run_harvest(body["plan_id"])
            if method == "GET":
                self._require(headers, "harvest_api_info")
                plan = (query.get("plan") or [""])[0]
                if not plan:
                    raise _Answer(400, {"message": "Missing 'plan' query parameter value"})
                return _Answer(200, [{"identifier": r} for r in self.runs.get(plan, {})])
        if (m := _RUN.match(path)) and method == "GET":
            self._require(headers, "harvest_api_info")
            plan = (query.get("plan") or [""])[0]
            if not plan:
                raise _Answer(400, {"message": "Missing 'plan' query parameter value"})
            return _Answer(200, self.runs.get(plan, {}).get(m.group(1), {}))
        raise _Answer(404, {"message": f"No route found for \"{method} {path}\""})

    # -- the metastore ----------------------------------------------------------------------
    def _store(self, identifier: str, data: dict, message: str) -> None:
        ds = self.datasets.setdefault(identifier, Dataset(data))
        ds.data, ds.state = copy.deepcopy(data), "published"
        ds.revisions.append(Revision(str(len(ds.revisions) + 1), message, _now()))

    def _post_item(self, body) -> _Answer:
        if not isinstance(body, dict):
            raise _error(400, "Invalid JSON")
        identifier = body.get("identifier")
        if identifier and identifier in self.datasets:
            raise _error(409, f"dataset/{identifier} already exists.")
        self._invalid(self._post, body)
        identifier = identifier or str(uuid.uuid4())
        self._store(identifier, dict(body, identifier=identifier), "Created")
        return _Answer(201, {"endpoint": f"/api/1/metastore/schemas/dataset/items/{identifier}",
                             "identifier": identifier})

    def _put_item(self, identifier: str, body: dict) -> _Answer:
        self._invalid(self._dataset, body)
        ds = self.datasets.get(identifier)
        if ds is not None and ds.data == body:
            raise _error(403, f"No changes to dataset with identifier {identifier}.")
        self._store(identifier, body, "Updated" if ds else "Created")
        return _Answer(201 if ds is None else 200, {"endpoint": f"/api/1/metastore/schemas/dataset/items/{identifier}",
                                                    "identifier": identifier})

    def _patch_item(self, identifier: str, body: dict) -> _Answer:
        ds = self.datasets.get(identifier)
        if ds is None:
            raise _error(412, f"No data with the identifier {identifier} was found.")
        patched = merge_patch(ds.data, body)
        self._invalid(self._dataset, patched)
        self._store(identifier, patched, "Updated")
        return _Answer(200, {"endpoint": f"/api/1/metastore/schemas/dataset/items/{identifier}",
                             "identifier": identifier})

    # -- harvest ----------------------------------------------------------------------------
    def _run_harvest(self, plan_id: str) -> _Answer:
        plan = self.plans.get(plan_id)
        if plan is None:
            raise _Answer(400, {"message": f"Unable to find plan {plan_id}"})
        try:
            with urllib.request.urlopen(plan["extract"]["uri"], timeout=10) as r:
                catalog = json.loads(r.read())
        except (OSError, ValueError) as e:
            raise _Answer(400, {"message": f"Error extracting {plan['extract']['uri']}: {e}"}) from None
        before = self.harvested.get(plan_id, {})
        now, load = {}, {}
        for item in catalog.get("dataset", []):
            identifier = item["identifier"].rstrip("/").rsplit("/", 1)[-1]  # tracked by the last path segment
            digest = hashlib.sha256(json.dumps(item, sort_keys=True).encode()).hexdigest()
            now[identifier] = digest
            if before.get(identifier) == digest:
                load[identifier] = "UNCHANGED"
                continue
            data = dict(item, identifier=identifier)
            error = jsonschema.exceptions.best_match(self._dataset.iter_errors(data))
            if error is not None:
                load[identifier] = f"FAILURE: {error.message}"
                now.pop(identifier)
                continue
            load[identifier] = "UPDATED" if identifier in before else "NEW"
            self._store(identifier, data, "Harvested")
        orphans = sorted(set(before) - set(now))
        for identifier in orphans:
            if identifier in self.datasets:
                self.datasets[identifier].state = "orphaned"
        self.harvested[plan_id] = now
        run_id = str(len(self.runs.setdefault(plan_id, {})) + 1)
        info = {"plan": json.dumps(plan), "status": {"extract": "SUCCESS", "extracted_items_ids": sorted(now),
                                                     "load": load, "orphan_ids": orphans}}
        self.runs[plan_id][run_id] = info
        # The OpenAPI document types "result" as a string: the status, JSON-encoded.
        return _Answer(200, {"identifier": plan_id, "result": json.dumps(info["status"])})
