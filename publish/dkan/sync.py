"""Bringing DKAN's metastore to the state of the catalog: compare first, write only differences.

DKAN keeps each dataset as one POD JSON object and replaces it whole on ``PUT``, so a dataset is
either equal to what ratsdaten wants (no write) or sent again in full:

* one ``GET .../dataset/items`` reads every published dataset;
* a dataset that differs from its POD payload (:mod:`publish.pod`) or is missing gets one
  ``PUT .../items/{identifier}``: 201 created, 200 updated, 403 "No changes" (DKAN found it equal)
  counts as unchanged;
* a dataset ratsdaten published before (the data package, or ``isPartOf`` it) that the catalog no
  longer has gets one ``DELETE``.

Every payload is validated against the dataset schema DKAN itself serves
(``GET /api/1/metastore/schemas/dataset``) before anything is sent. PUT and DELETE are idempotent,
so a run interrupted anywhere converges on the next run.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

import jsonschema

from publish.dkan.client import API, DkanClient, DkanRejected
from publish.dkan.config import DkanConfig
from publish.errors import ConfigError
from publish.portal import Deadline
from publish.report import DatasetResult

WRITE_PERMISSION = "post put delete datasets through the api"


def item_path(identifier: str) -> str:
    return f"{API}/items/{quote(identifier, safe='')}"


def validator(schema: dict) -> jsonschema.protocols.Validator:
    """A validator for DKAN's dataset schema, formats (uri) included, as DKAN checks them."""
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def schema_problem(check: jsonschema.protocols.Validator, payload: dict) -> tuple[str, str] | None:
    """(JSON pointer, message) of the first schema violation of ``payload``, or None."""
    error = jsonschema.exceptions.best_match(check.iter_errors(payload))
    if error is None:
        return None
    pointer = "/" + "/".join(str(p) for p in error.absolute_path)
    return pointer, error.message


def _without_references(value: Any) -> Any:
    """DKAN's bookkeeping keys ("%Ref:...") removed, as DKAN itself does before comparing."""
    if isinstance(value, dict):
        return {k: _without_references(v) for k, v in value.items() if not k.startswith("%")}
    if isinstance(value, list):
        return [_without_references(v) for v in value]
    return value


def same(current: dict | None, payload: dict) -> bool:
    return current is not None and _without_references(current) == payload


def changed_fields(current: dict | None, payload: dict) -> list[str]:
    if current is None:
        return []
    current = _without_references(current)
    return sorted(k for k in set(current) | set(payload) if current.get(k) != payload.get(k))


class Sync:
    def __init__(self, config: DkanConfig, client: DkanClient):
        self.cfg = config
        self.client = client

    def inspect(self, probe: str, deadline: Deadline | None = None) -> dict:
        """Read-only: DKAN's dataset schema, after making sure the user may write datasets.

        ``probe`` is a dataset identifier whose revisions are read: that route needs the write
        permission (401: wrong user or password; 403: the user lacks the permission; 200 or 404:
        fine). Raises ConfigError for everything a person must fix, DkanUnavailable when DKAN
        does not answer.
        """

        def get(path, kind, ok):
            if deadline is not None:
                self.client.timeout = deadline.timeout()
            try:
                return self.client.request("GET", path, kind=kind, ok=ok)
            except DkanRejected as e:
                return e.status, None

        status, schema = get(API, "GET schema", (200,))
        if status != 200 or not isinstance(schema, dict) or "properties" not in schema:
            raise ConfigError(f"no DKAN 2 metastore API at {self.cfg.url} (GET {API}: "
                              f"{'HTTP ' + str(status) if status != 200 else 'not a JSON schema'})")
        status, _ = get(f"{item_path(probe)}/revisions", "GET revisions", (200, 404))
        if status == 401:
            raise ConfigError(f"DKAN at {self.cfg.url} refused the credentials of user {self.cfg.user!r} "
                              "(HTTP 401): check DKAN_USER and DKAN_PASSWORD")
        if status == 403:
            raise ConfigError(f"DKAN user {self.cfg.user!r} may not write datasets on {self.cfg.url} (HTTP 403): "
                              f"give it the permission {WRITE_PERMISSION!r} (role 'API user')")
        if status not in (200, 404):
            raise ConfigError(f"DKAN at {self.cfg.url} answered HTTP {status} when checking user {self.cfg.user!r}")
        return schema

    def current(self) -> dict[str, dict]:
        """Every published dataset, by identifier."""
        _, items = self.client.request("GET", f"{API}/items", kind="GET items")
        return {i["identifier"]: i for i in items or [] if isinstance(i, dict) and i.get("identifier")}

    def put(self, payload: dict, current: dict | None, result: DatasetResult) -> None:
        identifier = payload["identifier"]
        try:
            status, _ = self.client.request("PUT", item_path(identifier), kind="PUT dataset", dataset=identifier,
                                            body=payload, ok=(200, 201))
        except DkanRejected as e:
            if e.status != 403 or not e.message.startswith("No changes"):
                raise
            # DKAN found it equal. After a retry the earlier attempt may have been the one that wrote.
            status = (201 if current is None else 200) if self.client.retried else None
        if status == 201:
            result.status = "created"
        elif status == 200:
            result.status = "updated"
            result.changed_fields = changed_fields(current, payload)

    def delete(self, identifier: str) -> None:
        # 404/412: already gone (an earlier attempt whose answer was lost)
        self.client.request("DELETE", item_path(identifier), kind="DELETE dataset", dataset=identifier,
                            ok=(200, 404, 412))
