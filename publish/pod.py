"""The catalog's records as Project Open Data v1.1 (DCAT-US) JSON: DKAN's metadata format.

``dataset(record)`` maps one DCAT-AP.de :class:`~publish.metadata.DatasetRecord` to a POD dataset:
one per table plus one for the data package, identified by the record's name
(``ratsdaten-bielefeld-sessions``: stable, and not a URL, which DKAN's harvester would shorten to
its last path segment). Each table's dataset ``isPartOf`` the data package's, which is also how
the DKAN target knows the datasets it published before. ``catalog(records)`` is ``data.json``,
the POD catalog any DKAN can harvest; ``harvest_plan(...)`` the plan that registers it.

POD has no fields for file size and checksum; each distribution carries them as the DCAT terms
``byteSize`` and ``checksum`` (POD allows extra fields), so a changed file changes its dataset.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from publish.metadata import EU, DatasetRecord, DistributionRecord

POD_SCHEMA = "https://project-open-data.cio.gov/v1.1/schema"
DATA_JSON = "data.json"
HARVEST_PLAN = "harvest-plan.json"
SHA256 = "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"
TABLE_SCHEMA_MEDIA_TYPE = "application/json"

# German labels of the EU data themes (publications.europa.eu authority table "data-theme").
THEMES = {
    "AGRI": "Landwirtschaft, Fischerei, Forstwirtschaft und Nahrungsmittel",
    "ECON": "Wirtschaft und Finanzen",
    "EDUC": "Bildung, Kultur und Sport",
    "ENER": "Energie",
    "ENVI": "Umwelt",
    "GOVE": "Regierung und öffentlicher Sektor",
    "HEAL": "Gesundheit",
    "INTR": "Internationale Themen",
    "JUST": "Justiz, Rechtssystem und öffentliche Sicherheit",
    "OP_DATPRO": "Vorläufige Daten",
    "REGI": "Regionen und Städte",
    "SOCI": "Bevölkerung und Gesellschaft",
    "TECH": "Wissenschaft und Technologie",
    "TRAN": "Verkehr",
}
# EU frequency authority table -> POD's ISO 8601 repeating durations (POD's accrualPeriodicity enum).
FREQUENCIES = {
    "ANNUAL": "R/P1Y", "ANNUAL_2": "R/P6M", "ANNUAL_3": "R/P4M", "BIENNIAL": "R/P2Y", "BIMONTHLY": "R/P2M",
    "BIWEEKLY": "R/P2W", "CONT": "R/PT1S", "UPDATE_CONT": "R/PT1S", "DAILY": "R/P1D", "DECENNIAL": "R/P10Y",
    "HOURLY": "R/PT1H", "IRREG": "irregular", "MONTHLY": "R/P1M", "MONTHLY_2": "R/P0.5M",
    "MONTHLY_3": "R/P0.33M", "QUADRENNIAL": "R/P4Y", "QUARTERLY": "R/P3M", "TRIENNIAL": "R/P3Y",
    "WEEKLY": "R/P1W", "WEEKLY_2": "R/P3.5D", "WEEKLY_3": "R/P0.33W",
}
# EU language authority table -> the RFC 5646 codes POD's ``language`` wants.
LANGUAGES = {"DEU": "de", "ENG": "en", "FRA": "fr", "ITA": "it", "NLD": "nl", "POL": "pl", "SPA": "es",
             "TUR": "tr", "DAN": "da"}


def _code(uri: str, authority: str) -> str | None:
    prefix = f"{EU}{authority}/"
    return uri.removeprefix(prefix) if uri.startswith(prefix) else None


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _schema_url(record: DatasetRecord) -> str:
    """The table schema (or, for the package, datapackage.json) that describes a dataset's columns."""
    if record.table is None:
        return next(d.download_url for d in record.distributions)
    return next(d.conforms_to for d in record.distributions if d.conforms_to)


def distribution(record: DatasetRecord, d: DistributionRecord) -> dict:
    out = {
        "@type": "dcat:Distribution",
        "title": d.title,
        "description": d.description,
        "format": d.format.lower(),
        "mediaType": d.media_type,  # sent, so DKAN does not probe the URL to guess it
        "downloadURL": d.download_url,
        "conformsTo": d.conforms_to,
        "describedBy": _schema_url(record),
        "describedByType": TABLE_SCHEMA_MEDIA_TYPE,
        "byteSize": d.byte_size,
        "checksum": {"algorithm": SHA256, "checksumValue": d.sha256},
    }
    return {k: v for k, v in out.items() if v not in (None, "")}


def dataset(record: DatasetRecord, package: str | None) -> dict:
    """The POD dataset of ``record``; ``package`` is the identifier of the data package's dataset
    (None for the package itself)."""
    themes = [THEMES.get(c, c) for c in (_code(u, "data-theme") or u for u in record.theme_uris)]
    languages = [LANGUAGES[c] for c in (_code(u, "language") for u in record.language_uris) if c in LANGUAGES]
    temporal = None
    if record.temporal_start and record.temporal_end:
        temporal = f"{record.temporal_start.isoformat()}/{record.temporal_end.isoformat()}"
    out = {
        "@type": "dcat:Dataset",
        "identifier": record.name,
        "title": record.title,
        "description": record.description,
        "accessLevel": "public",
        "issued": _iso(record.issued),
        "modified": _iso(record.modified),
        "accrualPeriodicity": FREQUENCIES.get(_code(record.accrual_periodicity, "frequency") or ""),
        "keyword": list(record.keywords),
        "theme": themes or None,
        "language": languages or None,
        "publisher": {"@type": "org:Organization", "name": record.publisher.name},
        "contactPoint": {"@type": "vcard:Contact", "fn": record.contact.name,
                         "hasEmail": f"mailto:{record.contact.email}"},
        "license": record.license.uri,
        "spatial": record.geocoding_uri,
        "temporal": temporal,
        "landingPage": record.landing_page,
        "conformsTo": next(d.conforms_to for d in record.distributions if d.conforms_to),
        "describedBy": _schema_url(record),
        "describedByType": TABLE_SCHEMA_MEDIA_TYPE,
        "isPartOf": package,
        "distribution": [distribution(record, d) for d in record.distributions],
    }
    return {k: v for k, v in out.items() if v not in (None, "", [])}


def datasets(records) -> list[dict]:
    """Every record as a POD dataset, each table's ``isPartOf`` the data package's."""
    package = next((r.name for r in records if r.table is None), None)
    return [dataset(r, None if r.table is None else package) for r in records]


def catalog(records, base_url: str) -> dict:
    """``data.json``: the POD v1.1 catalog of ``records`` (served at ``base_url``)."""
    return {
        "@context": f"{POD_SCHEMA}/catalog.jsonld",
        "@id": f"{base_url}{DATA_JSON}",
        "@type": "dcat:Catalog",
        "conformsTo": POD_SCHEMA,
        "describedBy": f"{POD_SCHEMA}/catalog.json",
        "dataset": datasets(records),
    }


def harvest_plan(identifier: str, base_url: str) -> dict:
    """A DKAN harvest plan that loads ``data.json`` from ``base_url`` into DKAN's metastore."""
    return {
        "identifier": identifier,
        "extract": {"type": "\\Harvest\\ETL\\Extract\\DataJson", "uri": f"{base_url}{DATA_JSON}"},
        "transforms": [],
        "load": {"type": "\\Drupal\\harvest\\Load\\Dataset"},
    }


def plan_identifier(name_prefix: str) -> str:
    """DKAN names harvest tables after the plan: letters, digits and underscores only."""
    return "".join(c if c.isalnum() else "_" for c in name_prefix)


def to_bytes(value: dict) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_catalog(directory: Path, records, name_prefix: str) -> list[str]:
    """Write ``data.json`` and ``harvest-plan.json`` into ``directory`` (beside catalog.ttl)."""
    base = records[0].catalog_uri.removesuffix("catalog")
    files = {
        DATA_JSON: catalog(records, base),
        HARVEST_PLAN: harvest_plan(plan_identifier(name_prefix), base),
    }
    for name, value in files.items():
        (Path(directory) / name).write_bytes(to_bytes(value))
    return list(files)
