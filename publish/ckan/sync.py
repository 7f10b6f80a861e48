"""Bringing CKAN to the state of the catalog, one dataset at a time, writing only differences.

For every dataset :class:`Sync` reads ``package_show``, compares the fields ratsdaten owns
(:mod:`publish.ckan.fields`) and applies only the difference:

* missing dataset -> ``package_create`` (fields only), then one ``resource_create`` per file;
* owned dataset fields differ -> one ``package_patch`` with just those fields (extras are
  merged: extras ratsdaten does not own, groups, hand-added resources etc. stay);
* a file whose sha256 or size differs -> ``resource_patch`` with the new upload (or link);
* resource fields differ, content equal -> ``resource_patch`` without a file;
* nothing differs -> nothing is written. An unchanged catalog costs only read calls.

Duplicates of a resource key (left by an interrupted run) and resources with a key that is no
longer published are deleted; resources without the key are never touched. After a transient
failure (connection error, timeout, 5xx) a dataset is re-read and re-planned, so a run
interrupted anywhere converges on the next run to the clean state.
"""
from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import ckanapi

from publish.ckan.client import CkanClient, CkanError, CkanRejected, CkanUnavailable
from publish.ckan.config import CkanConfig
from publish.ckan.fields import (
    CONTENT_FIELDS,
    OWNED_EXTRAS,
    OWNED_PACKAGE_FIELDS,
    RESOURCE_KEY,
    package_fields,
    resource_fields,
    same,
)
from publish.ckan.report import DatasetResult
from publish.errors import ConfigError
from publish.metadata import DatasetRecord, DistributionRecord
from publish.portal import Deadline

log = logging.getLogger("ratsdaten.publish.ckan")


@dataclass
class _Site:
    site_url: str  # ckan.site_url (for the download URLs CKAN will serve)
    org_id: str


class Sync:
    def __init__(self, config: CkanConfig, client: CkanClient, base: Path):
        self.cfg = config
        self.client = client
        self.base = base

    # -- before any write ------------------------------------------------------------------
    def inspect(self, deadline: Deadline | None = None) -> tuple[str, dict | None]:
        """Read-only: CKAN's site URL and the organisation (None when it does not exist and may be
        created). Raises ConfigError for an unknown organisation, CkanRejected when the token may
        not create datasets in it, CkanUnavailable when CKAN does not answer."""

        def call(action, **data):
            if deadline is not None:
                self.client.timeout = deadline.timeout()
            return self.client.call(action, **data)

        try:
            status = call("status_show")
        except CkanRejected as e:
            raise ConfigError(f"no CKAN API at {self.cfg.url} (status_show: {e.fields.get('', e.kind)})") from None
        site_url = (status.get("site_url") or self.cfg.url).rstrip("/")
        org_name = self.cfg.organization
        try:
            org = call("organization_show", id=org_name, include_datasets=False)
        except ckanapi.NotFound:
            if not self.cfg.create_organization:
                raise ConfigError(
                    f"CKAN organisation {org_name!r} does not exist on {self.cfg.url}; create it "
                    "in the portal or allow creating it (create_organization)"
                ) from None
            return site_url, None
        mine = call("organization_list_for_user", permission="create_dataset")
        if not any(o.get("id") == org["id"] for o in mine):
            raise CkanRejected(
                "organization_list_for_user",
                None,
                {
                    "": f"the API token is not valid for {self.cfg.url}, or its user may not "
                    f"create datasets in organisation {org_name!r}. Nothing was published"
                },
                "authorization",
            )
        return site_url, org

    def preflight(self, records: list[DatasetRecord]) -> _Site:
        site_url, org = self.inspect()
        if org is None:
            title = self.cfg.organization_title or (records[0].publisher.name if records else self.cfg.organization)
            org = self.client.call("organization_create", name=self.cfg.organization, title=title)
            log.info("created CKAN organisation %s", self.cfg.organization)
        return _Site(site_url=site_url, org_id=org["id"])

    # -- one dataset ----------------------------------------------------------------------
    def sync(self, record: DatasetRecord, site: _Site) -> DatasetResult:
        result = DatasetResult(name=record.name)
        for attempt in range(1, self.cfg.dataset_attempts + 1):
            try:
                self._sync_once(record, site, result)
                return result
            except CkanUnavailable as e:
                if attempt >= self.cfg.dataset_attempts:
                    raise
                delay = self.cfg.retry.delay(attempt)
                log.warning("%s: %s; re-reading the dataset in %.1fs", record.name, e, delay)
                time.sleep(delay)
        return result

    def _show(self, name: str) -> dict | None:
        try:
            return self.client.call("package_show", dataset=name, id=name)
        except ckanapi.NotFound:
            return None

    def _sync_once(self, r: DatasetRecord, site: _Site, result: DatasetResult) -> None:
        want = package_fields(r, site.org_id)
        pkg = self._show(r.name)
        if pkg is None:
            data = {k: v for k, v in want.items() if k not in ("tags", "extras")}
            # set first: if the answer is lost, the re-read finds the dataset made by this run
            result.status = "created"
            pkg = self.client.call(
                "package_create",
                dataset=r.name,
                private=False,
                tags=[{"name": t} for t in want["tags"]],
                extras=[{"key": k, "value": v} for k, v in want["extras"].items()],
                **data,
            )
        else:
            if pkg.get("owner_org") != site.org_id and pkg.get("state") != "deleted":
                raise CkanError(
                    f"CKAN dataset {r.name!r} exists but belongs to another organisation than "
                    f"{self.cfg.organization!r}; ratsdaten does not take it over"
                )
            patch = self._package_patch(pkg, want)
            if patch:
                pkg = self.client.call("package_patch", dataset=r.name, id=pkg["id"], **patch)
                result._touch()
                result.changed_fields = sorted(set(result.changed_fields) | set(patch))
        self._sync_resources(r, pkg, site, result)

    @staticmethod
    def _package_patch(pkg: dict, want: dict) -> dict:
        patch: dict[str, Any] = {}
        if pkg.get("state") != "active":
            patch["state"] = "active"
        for k in OWNED_PACKAGE_FIELDS:
            if not same(pkg.get(k), want.get(k)):
                patch[k] = want[k]
        if sorted(t["name"] for t in pkg.get("tags", [])) != want["tags"]:
            patch["tags"] = [{"name": t} for t in want["tags"]]
        current = {e["key"]: e["value"] for e in pkg.get("extras", [])}
        owned_now = {k: v for k, v in current.items() if k in OWNED_EXTRAS}
        if owned_now != want["extras"]:
            # package_patch replaces the whole list: keep the extras we don't own.
            kept = [{"key": k, "value": v} for k, v in current.items() if k not in OWNED_EXTRAS]
            patch["extras"] = kept + [{"key": k, "value": v} for k, v in want["extras"].items()]
        return patch

    # -- resources ------------------------------------------------------------------------
    def _urls(self, site: _Site, pkg_id: str, res_id: str, d: DistributionRecord, current: dict | None):
        """(url, access_url, download_url) for a resource in the configured mode."""
        if not self.cfg.upload:  # links to where the catalog's base URL serves the files
            return d.download_url, d.access_url, d.download_url
        if current is not None and current.get("url_type") == "upload" and current.get("url", "").startswith("http"):
            download = current["url"]  # what CKAN serves (package_show qualifies upload URLs)
        else:
            download = f"{site.site_url}/dataset/{pkg_id}/resource/{res_id}/download/{quote(d.path)}"
        access = f"{site.site_url}/dataset/{pkg_id}/resource/{res_id}"
        return None, access, download

    def _sync_resources(self, r: DatasetRecord, pkg: dict, site: _Site, result: DatasetResult) -> None:
        resources = [x for x in pkg.get("resources", []) if x.get("state", "active") == "active"]
        by_key: dict[str, list[dict]] = {}
        for res in resources:
            key = res.get(RESOURCE_KEY)
            if key:
                by_key.setdefault(key, []).append(res)
        wanted_keys = {d.id for d in r.distributions}
        ours_in_order: list[str] = []
        deleted: set[str] = set()

        for d in r.distributions:
            fields = resource_fields(r, d)
            matches = by_key.pop(d.id, [])
            # keep the copy that already has the right content, delete the other copies
            matches.sort(key=lambda x: not (same(x.get("hash"), d.sha256) and same(x.get("size"), d.byte_size)))
            keep, extra = (matches[0], matches[1:]) if matches else (None, [])
            for dup in extra:
                self.client.call("resource_delete", dataset=r.name, id=dup["id"])
                deleted.add(dup["id"])
                result.resources_deleted += 1
                result._touch()
            if keep is None:
                res_id = str(uuid.uuid4())
                url, access, download = self._urls(site, pkg["id"], res_id, d, None)
                data = dict(fields, id=res_id, package_id=pkg["id"], access_url=access, download_url=download)
                files = None
                if url is None:
                    files = {"upload": (d.path, self._opener(d))}
                else:
                    data.update(url=url, url_type="")
                self.client.call("resource_create", dataset=r.name, files=files, **data)
                result.resources_created += 1
                result._touch()
                ours_in_order.append(res_id)
                continue
            ours_in_order.append(keep["id"])
            url, access, download = self._urls(site, pkg["id"], keep["id"], d, keep)
            want = dict(fields, access_url=access, download_url=download)
            if url is None:
                content_ok = keep.get("url_type") == "upload"
            else:
                content_ok = keep.get("url") == url and not keep.get("url_type")
            content_ok = content_ok and all(same(keep.get(k), want.get(k)) for k in CONTENT_FIELDS)
            patch = {k: v for k, v in want.items() if not same(keep.get(k), v)}
            if not content_ok:
                files = None
                if url is None:
                    files = {"upload": (d.path, self._opener(d))}
                else:
                    patch.update(url=url, url_type="")
                self.client.call("resource_patch", dataset=r.name, files=files, id=keep["id"], **patch)
                result.resources_uploaded += 1
                result._touch()
            elif patch:
                self.client.call("resource_patch", dataset=r.name, id=keep["id"], **patch)
                result.resources_updated += 1
                result._touch()
            else:
                result.resources_unchanged += 1

        # resources carrying our key that are no longer published (or duplicates of such)
        for key, stale in by_key.items():
            if key in wanted_keys:
                continue
            for res in stale:
                self.client.call("resource_delete", dataset=r.name, id=res["id"])
                deleted.add(res["id"])
                result.resources_deleted += 1
                result._touch()

        # our resources in catalog order (an interrupted run can leave them shuffled)
        ours = set(ours_in_order)
        kept_positions = [x["id"] for x in resources if x["id"] in ours]
        created = [i for i in ours_in_order if i not in kept_positions]
        if kept_positions + created != ours_in_order:
            others = [x["id"] for x in resources if x["id"] not in ours and x["id"] not in deleted]
            self.client.call(
                "package_resource_reorder", dataset=r.name, id=pkg["id"], order=ours_in_order + others
            )
            result._touch()

    def _opener(self, d: DistributionRecord):
        path = self.base / d.path
        if not path.is_file():
            raise CkanError(f"{path} is missing: cannot upload {d.id}")
        return lambda: path.open("rb")
