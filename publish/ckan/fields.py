"""What ratsdaten owns in CKAN: a dataset record mapped to CKAN's package and resource fields.

Field conventions are those of ckanext-dcat's DCAT-AP profiles with the extras names of
ckanext-dcatde (DCAT-AP.de). Fields and extras not listed here belong to the portal's editors and
are never touched. Resources are identified by the key ``ratsdaten_id`` (``sessions-csv``: table +
format, as the DCAT distribution id).
"""
from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import schemas
from publish.metadata import DatasetRecord, DistributionRecord

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


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


_TAG_BAD = re.compile(r"[^\w \-.]+", re.UNICODE)


def _tag(keyword: str) -> str | None:
    """A CKAN tag name (letters, digits, space, - _ .; 2..100 characters) for a keyword."""
    t = " ".join(_TAG_BAD.sub(" ", keyword).split())[:100]
    return t if len(t) >= 2 else None


def package_fields(r: DatasetRecord, org_id: str) -> dict:
    """The owned dataset fields: top-level fields, ``tags`` and ``extras`` as a key -> value dict."""
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


def resource_fields(r: DatasetRecord, d: DistributionRecord) -> dict:
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


def same(current: Any, desired: Any) -> bool:
    """Whether a value read from CKAN equals the desired one (CKAN returns numbers as text)."""
    if desired is None:
        return current in (None, "")
    if isinstance(desired, int) and not isinstance(desired, bool):
        try:
            return int(current) == desired
        except (TypeError, ValueError):
            return False
    return current is not None and str(current) == str(desired)
