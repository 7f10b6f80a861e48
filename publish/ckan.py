"""Publish the catalog to a CKAN portal: one dataset per catalog dataset, idempotent and minimal.

    config = CkanConfig.from_env()            # CKAN_URL, CKAN_ORGANIZATION, CKAN_API_TOKEN
    report = publish_catalog("public/", config)
    print(report.summary())

How it works. The desired state of each CKAN dataset is derived from the
:class:`~publish.metadata.DatasetRecord` that ``describe_outputs`` returns (names, German texts,
DCAT-AP.de URIs, files with sizes and sha256) and from ``schemas/`` (the columns). For every
dataset the publisher reads ``package_show``, compares the fields ratsdaten owns and applies
only the difference:

* missing dataset -> ``package_create`` (fields only), then one ``resource_create`` per file;
* owned dataset fields differ -> one ``package_patch`` with just those fields (extras are
  merged: extras ratsdaten does not own, groups, hand-added resources etc. stay);
* a file whose sha256 or size differs -> ``resource_patch`` with the new upload (or link);
* resource fields differ, content equal -> ``resource_patch`` without a file;
* nothing differs -> nothing is written. An unchanged catalog costs only read calls.

Resources are identified by the key ``ratsdaten_id`` (``sessions-csv``: table + format, as the
DCAT distribution id). Duplicates of a key (left by an interrupted run) and resources with a
key that is no longer published are deleted; resources without the key are never touched.
After a transient failure (connection error, timeout, 5xx) a dataset is re-read and
re-planned, so a run interrupted anywhere converges on the next run to the clean state.

Field conventions are those of ckanext-dcat's DCAT-AP profiles with the extras names of
ckanext-dcatde (DCAT-AP.de): see ``_package_fields`` and ``_resource_fields``.
"""
from __future__ import annotations

import json
import logging
import os
import re
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Mapping
from urllib.parse import quote

import ckanapi

import schemas
from publish.ckan_client import (
    READ_ACTIONS,
    ApiToken,
    CkanClient,
    CkanError,
    CkanRejected,
    CkanUnavailable,
    RetryPolicy,
    scrub,
)
from publish.metadata import DatasetRecord, DistributionRecord

__all__ = [
    "ApiToken",
    "CkanConfig",
    "CkanConfigError",
    "CkanError",
    "CkanRejected",
    "CkanUnavailable",
    "DatasetResult",
    "PublishReport",
    "RetryPolicy",
    "publish_catalog",
    "publish",
    "check_config",
    "is_retryable",
    "desired_package",
]

log = logging.getLogger("ratsdaten.publish.ckan")

RESOURCE_KEY = "ratsdaten_id"
SHA256_SPDX = "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"

# Dataset extras ratsdaten owns (ckanext-dcat / ckanext-dcatde names). Others are left alone.
OWNED_EXTRAS = (
    "uri",
    "identifier",
    "issued",
    "modified",
    "frequency",
    "language",
    "theme",
    "temporal_start",
    "temporal_end",
    "publisher_uri",
    "publisher_name",
    "publisher_url",
    "contact_name",
    "contact_email",
    "contact_url",
    "contributorID",
    "politicalGeocodingURI",
    "politicalGeocodingLevelURI",
)
OWNED_PACKAGE_FIELDS = ("title", "notes", "url", "license_id", "owner_org")
# Resource fields ratsdaten owns besides url/url_type (compared one by one).
OWNED_RESOURCE_FIELDS = (
    "name",
    "description",
    "format",
    "mimetype",
    "hash",
    "hash_algorithm",
    "size",
    "license",
    "licenseAttributionByText",
    "access_url",
    "download_url",
    "conforms_to",
    "issued",
    "modified",
    "uri",
    "schema",
    RESOURCE_KEY,
)
CONTENT_FIELDS = ("hash", "size")


class CkanConfigError(CkanError, ValueError):
    """The CKAN target is not configured (URL, organisation or token missing)."""


def check_config() -> None:
    """Raise :class:`CkanConfigError` (a ValueError) with one sentence if the environment
    does not configure a CKAN target. Reads a Prefect Secret block if one is named."""
    CkanConfig.from_env()


def is_retryable(exc: BaseException) -> bool:
    """For a flow's retry condition: only an unavailable portal is worth another try.

    4xx answers (:class:`CkanRejected`) and configuration errors fail the same way again.
    """
    return isinstance(exc, CkanUnavailable)


# ----------------------------------------------------------------------------- config


@dataclass(frozen=True)
class CkanConfig:
    """Where and how to publish. The token is an :class:`ApiToken` and never printed.

    ``upload=True`` (default) uploads the files into CKAN's file store; ``upload=False``
    registers links to the files where the catalog's ``base_url`` (or ``link_base_url``)
    serves them. ``create_organization`` allows creating a missing organisation.
    """

    url: str
    organization: str
    token: ApiToken | None = field(default=None, repr=False)
    create_organization: bool = False
    organization_title: str | None = None
    upload: bool = True
    link_base_url: str | None = None
    timeout: float = 60.0
    retry: RetryPolicy = RetryPolicy()
    dataset_attempts: int = 3  # read-plan-write rounds per dataset after transient failures

    def __post_init__(self):
        if isinstance(self.token, str):  # accept a plain string, keep only the wrapper
            object.__setattr__(self, "token", ApiToken(self.token))

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str] | None = None,
        *,
        url: str | None = None,
        organization: str | None = None,
        token: str | ApiToken | None = None,
        prefect_secret_block: str | None = None,
        **options: Any,
    ) -> "CkanConfig":
        """Explicit arguments first, then ``CKAN_URL``, ``CKAN_ORGANIZATION`` and the token.

        The token comes from ``token``, else the Prefect Secret block ``prefect_secret_block``
        (or the block named in ``CKAN_API_TOKEN_BLOCK``), else ``CKAN_API_TOKEN``.
        """
        env = os.environ if env is None else env
        url = url or env.get("CKAN_URL")
        organization = organization or env.get("CKAN_ORGANIZATION")
        missing = [n for n, v in (("CKAN_URL", url), ("CKAN_ORGANIZATION", organization)) if not v]
        if missing:
            raise CkanConfigError(f"CKAN target not configured: set {' and '.join(missing)}")
        block = prefect_secret_block or env.get("CKAN_API_TOKEN_BLOCK")
        if token is None and block:
            token = _token_from_prefect(block)
        if token is None:
            token = env.get("CKAN_API_TOKEN") or None
        if token is None:
            raise CkanConfigError(
                "CKAN API token not configured: set CKAN_API_TOKEN or name a Prefect Secret block"
            )
        if not isinstance(token, ApiToken):
            token = ApiToken(token)
        return cls(url=url.rstrip("/"), organization=organization, token=token, **options)


def _token_from_prefect(block: str) -> ApiToken:
    try:
        from prefect.blocks.system import Secret

        value = Secret.load(block).get()
    except Exception as e:  # noqa: BLE001 - any failure is one clear configuration error
        raise CkanConfigError(
            f"cannot read the CKAN API token from Prefect Secret block {block!r}: {type(e).__name__}"
        ) from None
    return ApiToken(str(value))


# ----------------------------------------------------------------------------- report


@dataclass
class DatasetResult:
    """What happened to one CKAN dataset in one run."""

    name: str
    status: str = "unchanged"  # "created" | "updated" | "unchanged"
    resources_created: int = 0
    resources_uploaded: int = 0  # content replaced (new file or new link)
    resources_updated: int = 0  # metadata only
    resources_deleted: int = 0  # duplicates / no longer published
    resources_unchanged: int = 0
    changed_fields: list[str] = field(default_factory=list)

    def _touch(self) -> None:
        if self.status == "unchanged":
            self.status = "updated"


@dataclass
class PublishReport:
    url: str
    organization: str
    datasets: list[DatasetResult] = field(default_factory=list)
    calls: Counter = field(default_factory=Counter)  # action -> HTTP requests
    seconds: float = 0.0

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(d.status for d in self.datasets)
        return {k: c.get(k, 0) for k in ("created", "updated", "unchanged")}

    @property
    def write_calls(self) -> Counter:
        return Counter({a: n for a, n in self.calls.items() if a not in READ_ACTIONS})

    @property
    def uploads(self) -> int:
        return sum(d.resources_uploaded for d in self.datasets) + sum(
            d.resources_created for d in self.datasets
        )

    def __str__(self) -> str:
        return self.summary().splitlines()[0]

    def to_dict(self) -> dict:
        return {
            "url": self.url,
            "organization": self.organization,
            "counts": self.counts,
            "datasets": [vars(d) for d in self.datasets],
            "calls": dict(sorted(self.calls.items())),
            "seconds": round(self.seconds, 3),
        }

    def summary(self) -> str:
        c = self.counts
        lines = [
            f"CKAN {self.url} (organisation {self.organization}): {c['created']} created, "
            f"{c['updated']} updated, {c['unchanged']} unchanged; "
            f"{sum(self.calls.values())} API calls ({sum(self.write_calls.values())} writes) "
            f"in {self.seconds:.1f}s"
        ]
        for d in self.datasets:
            parts = [
                f"{n} {label}"
                for n, label in (
                    (d.resources_created, "resources created"),
                    (d.resources_uploaded, "re-uploaded"),
                    (d.resources_updated, "updated"),
                    (d.resources_deleted, "deleted"),
                )
                if n
            ]
            extra = f" ({', '.join(parts)})" if parts else ""
            lines.append(f"  {d.status:9} {d.name}{extra}")
        return "\n".join(lines)


# ----------------------------------------------------------------------------- desired state


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


_TAG_BAD = re.compile(r"[^\w \-.]+", re.UNICODE)


def _tag(keyword: str) -> str | None:
    """A CKAN tag name (letters, digits, space, - _ .; 2..100 characters) for a keyword."""
    t = " ".join(_TAG_BAD.sub(" ", keyword).split())[:100]
    return t if len(t) >= 2 else None


def desired_package(record: DatasetRecord, org_id: str) -> dict:
    """The owned dataset fields: top-level fields, ``tags`` and ``extras`` as a key -> value dict."""
    return _package_fields(record, org_id)


def _package_fields(r: DatasetRecord, org_id: str) -> dict:
    extras = {
        # dataset IRI: ckanext-dcat uses extra "uri" as the subject of /dataset/<name>.ttl,
        # so CKAN's DCAT and ratsdaten's own DCAT describe the same dataset IRI.
        "uri": r.uri,
        "identifier": r.name,
        "issued": _iso(r.issued),
        "modified": _iso(r.modified),
        "frequency": r.accrual_periodicity,
        "language": _json(list(r.language_uris)),
        "theme": _json(list(r.theme_uris)),
        "temporal_start": _iso(r.temporal_start),
        "temporal_end": _iso(r.temporal_end),
        "publisher_uri": r.publisher.uri,
        "publisher_name": r.publisher.name,
        "publisher_url": r.publisher.homepage,
        "contact_name": r.contact.name,
        "contact_email": r.contact.email,
        "contact_url": r.contact.url,
        "contributorID": _json([r.contributor_id]),
        "politicalGeocodingURI": _json([r.geocoding_uri]),
        "politicalGeocodingLevelURI": r.geocoding_level_uri,
    }
    tags = sorted({t for t in (_tag(k) for k in r.keywords) if t})
    return {
        "name": r.name,
        "title": r.title,
        "notes": r.description,
        "url": r.landing_page,
        # dcat-ap.de licence URI as the id (ckanext-dcatde's licence list uses these ids)
        "license_id": r.license.uri,
        "owner_org": org_id,
        "tags": tags,
        "extras": {k: v for k, v in extras.items() if v not in (None, "")},
    }


def _columns_markdown(table: str) -> str:
    lines = [f"Spalten (Tabellenschema `{table}.schema.json`, Feld `schema` dieser Ressource):", ""]
    pk = set(schemas.primary_key(table))
    for f in schemas.fields(table):
        flags = []
        if f["name"] in pk:
            flags.append("Schlüssel")
        if f.get("constraints", {}).get("required"):
            flags.append("Pflicht")
        flag = f", {', '.join(flags)}" if flags else ""
        desc = " ".join(str(f.get("description", "")).split())
        lines.append(f"- `{f['name']}` ({f['type']}{flag}): {desc}")
    return "\n".join(lines)


def _resource_fields(r: DatasetRecord, d: DistributionRecord) -> dict:
    """Owned resource fields except the URLs (they depend on upload/link mode)."""
    description = d.description
    fields: dict[str, Any] = {}
    if r.table:
        description = f"{d.title}.\n\n{_columns_markdown(r.table)}"
        # The Frictionless Table Schema, so portal users (and tools) see the columns.
        fields["schema"] = _json(schemas.table_schema(r.table))
    fields.update(
        {
            RESOURCE_KEY: d.id,
            # STYLE: the table name is the CKAN resource name stem.
            "name": d.path,
            "description": description,
            "format": d.format_uri,  # EU file-type IRI (a literal "CSV" breaks DCAT-AP.de)
            "mimetype": d.media_type_uri,  # IANA IRI
            "hash": d.sha256,  # hex, as spdx:checksumValue
            "hash_algorithm": SHA256_SPDX,
            "size": d.byte_size,
            "license": d.license_uri,
            "licenseAttributionByText": d.license_attribution,
            "conforms_to": _json([d.conforms_to]) if d.conforms_to else None,
            "issued": _iso(d.issued),
            "modified": _iso(d.modified),
            "uri": d.uri,
        }
    )
    return {k: v for k, v in fields.items() if v not in (None, "")}


def _same(current: Any, desired: Any) -> bool:
    if desired is None:
        return current in (None, "")
    if isinstance(desired, int) and not isinstance(desired, bool):
        try:
            return int(current) == desired
        except (TypeError, ValueError):
            return False
    return current is not None and str(current) == str(desired)


# ----------------------------------------------------------------------------- publishing


@dataclass
class _Site:
    site_url: str  # ckan.site_url (for the download URLs CKAN will serve)
    org_id: str


class _Publisher:
    def __init__(self, config: CkanConfig, client: CkanClient, base: Path):
        self.cfg = config
        self.client = client
        self.base = base

    # -- preflight ------------------------------------------------------------------------
    def preflight(self, records: list[DatasetRecord]) -> _Site:
        status = self.client.call("status_show")
        site_url = (status.get("site_url") or self.cfg.url).rstrip("/")
        org_name = self.cfg.organization
        org = None
        try:
            org = self.client.call("organization_show", id=org_name, include_datasets=False)
        except ckanapi.NotFound:
            pass
        if org is None:
            if not self.cfg.create_organization:
                raise CkanConfigError(
                    f"CKAN organisation {org_name!r} does not exist on {self.cfg.url}; create it "
                    "in the portal or allow creating it (create_organization)"
                )
            title = self.cfg.organization_title or (records[0].publisher.name if records else org_name)
            org = self.client.call("organization_create", name=org_name, title=title)
            log.info("created CKAN organisation %s", org_name)
        else:
            mine = self.client.call("organization_list_for_user", permission="create_dataset")
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
        want = _package_fields(r, site.org_id)
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
            if not _same(pkg.get(k), want.get(k)):
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
            fields = _resource_fields(r, d)
            matches = by_key.pop(d.id, [])
            # keep the copy that already has the right content, delete the other copies
            matches.sort(key=lambda x: not (_same(x.get("hash"), d.sha256) and _same(x.get("size"), d.byte_size)))
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
            content_ok = content_ok and all(_same(keep.get(k), want.get(k)) for k in CONTENT_FIELDS)
            patch = {k: v for k, v in want.items() if not _same(keep.get(k), v)}
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


def publish(catalog_dir: str | Path) -> str:
    """The ``publish.targets`` entry point: publish with the environment's configuration and
    return the one-line summary."""
    return str(publish_catalog(catalog_dir))


def publish_catalog(
    output_dir: str | Path,
    config: CkanConfig | None = None,
    records: Iterable[DatasetRecord] | None = None,
    *,
    catalog=None,
    client: CkanClient | None = None,
) -> PublishReport:
    """Publish every dataset of ``output_dir`` to CKAN and report what changed.

    ``config`` defaults to :meth:`CkanConfig.from_env`; ``records`` default to ``describe_outputs(output_dir, catalog or load_catalog())`` (with
    ``config.link_base_url`` as base URL in link mode). ``client`` lets tests count or proxy
    calls. Raises :class:`CkanConfigError`, :class:`CkanRejected` (4xx) or
    :class:`CkanUnavailable` (after retries); messages never contain the token.
    """
    started = time.perf_counter()
    config = config if config is not None else CkanConfig.from_env()
    base = Path(output_dir)
    if records is None:
        from publish.metadata import describe_outputs, load_catalog

        records = describe_outputs(
            base, catalog or load_catalog(), base_url=None if config.upload else config.link_base_url
        )
    records = list(records)
    own_client = client is None
    if client is None:
        if config.token is None:
            raise CkanConfigError("CKAN API token not configured")
        client = CkanClient(config.url, config.token, timeout=config.timeout, retry=config.retry)
    report = PublishReport(url=config.url, organization=config.organization)
    try:
        pub = _Publisher(config, client, base)
        site = pub.preflight(records)
        for record in records:
            res = pub.sync(record, site)
            report.datasets.append(res)
            log.info(
                "CKAN %s: %s (%d created, %d re-uploaded, %d updated, %d deleted, %d unchanged resources)",
                res.name, res.status, res.resources_created, res.resources_uploaded,
                res.resources_updated, res.resources_deleted, res.resources_unchanged,
            )
    except CkanError as e:
        # the message was scrubbed where it was made; scrub again anyway
        err = _scrubbed(e, config.token)
        err.report = report  # what was done before the failure
        raise err from None
    finally:
        report.calls = Counter(client.calls)
        report.seconds = time.perf_counter() - started
        if own_client:
            client.close()
    return report


def _scrubbed(e: CkanError, token: ApiToken | None) -> CkanError:
    text = str(e)
    clean = scrub(text, token)
    if clean == text:
        return e
    return CkanError(clean)
