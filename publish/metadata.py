"""What we say about the published files: one record per dataset, for DCAT and CKAN alike.

``load_catalog()`` reads the city's description of its catalog (``catalog/catalog.yaml``);
``describe_outputs()`` adds the facts of an output directory (files, sizes, checksums, row
counts, temporal coverage) and returns plain :class:`DatasetRecord` objects. ``publish/dcat.py``
turns them into RDF, the CKAN publisher into package dicts. Nothing here talks to a network.

Naming (one scheme end to end): the dataset of table ``t`` is named ``<name_prefix>-<t>``
(``ratsdaten-bielefeld-agenda_items``; the table name is kept verbatim, CKAN allows ``_``), the
data package as a whole ``<name_prefix>-datapackage``. Distribution ids are ``<t>-csv``,
``<t>-parquet`` and ``datapackage-json``.

Dates are reproducible: ``modified`` defaults to the latest ``session_date`` in
``sessions.csv`` (the newest minutes the data contains; re-running on the same outputs gives the
same metadata), else to the ``created`` date of ``datapackage.json``; ``issued`` defaults to the
catalog's ``issued`` or else to ``modified``. No wall-clock time is read.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import yaml

import schemas
from publish.catalog_files import csv_name
from publish.errors import ConfigError  # a missing or invalid catalog description (one line)

DEFAULT_CATALOG = Path(__file__).resolve().parents[1] / "catalog" / "catalog.yaml"

EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
DCATDE_LICENSES = "http://dcat-ap.de/def/licenses/"
DCATDE_CONTRIBUTORS = "http://dcat-ap.de/def/contributors/"
DATAPACKAGE_SPEC = "https://specs.frictionlessdata.io/data-package/"

# (suffix, format label, EU file-type URI, IANA media type)
FORMATS = {
    "csv": ("CSV", EU + "file-type/CSV", "text/csv"),
    "parquet": ("Parquet", EU + "file-type/PARQUET", "application/vnd.apache.parquet"),
    "json": ("JSON", EU + "file-type/JSON", "application/json"),
}
_PROFILES_BY_VERSION = {"2.0": ("v20_de_spec", "v20_de_spec_implr"), "3.0": ("v30_de_spec",)}
_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")


class MetadataError(Exception):
    """The outputs cannot be described (missing file, size differs from datapackage.json, ...)."""




# ----------------------------------------------------------------------------- config


@dataclass(frozen=True)
class Agent:
    """dct:publisher (foaf:Organization)."""

    name: str
    uri: str
    homepage: str | None = None


@dataclass(frozen=True)
class Contact:
    """dcat:contactPoint (vcard:Organization)."""

    name: str
    email: str
    url: str | None = None


@dataclass(frozen=True)
class License:
    uri: str  # from http://dcat-ap.de/def/licenses/, no trailing slash
    name: str
    url: str | None  # human-readable licence text
    attribution: str  # dcatde:licenseAttributionByText

    def frictionless(self) -> dict:
        """The licence as a Frictionless ``licenses`` entry. No ``name``: Frictionless wants an Open
        Definition id there, and the DCAT-AP.de id is not one; ``path`` and ``title`` say it fully."""
        return {"path": self.url or self.uri, "title": self.name}


@dataclass(frozen=True)
class DatasetText:
    """German title, description and extra keywords of one dataset."""

    title: str
    description: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class CatalogConfig:
    """Everything from ``catalog/catalog.yaml``. See the comments in that file."""

    base_url: str  # always ends with "/"
    name_prefix: str
    issued: date | None
    title: str
    description: str
    homepage: str | None
    publisher: Agent
    contact: Contact
    license: License
    contributor_id: str
    geocoding_uri: str
    geocoding_level_uri: str
    theme_uris: tuple[str, ...]
    language_uris: tuple[str, ...]
    accrual_periodicity: str
    keywords: tuple[str, ...]
    package: DatasetText
    tables: dict[str, DatasetText]  # table name -> text, in schemas.TABLES order
    dcat_ap_de: tuple[str, ...] = ("2.0", "3.0")  # DCAT-AP.de versions to conform to

    @property
    def profiles(self) -> tuple[str, ...]:
        """GovData validator profiles matching ``dcat_ap_de`` (see publish/shacl.py)."""
        return tuple(p for v in self.dcat_ap_de for p in _PROFILES_BY_VERSION[v])


def load_catalog(path: str | Path | None = None) -> CatalogConfig:
    """Read and check the catalog description (default: the bundled ``catalog/catalog.yaml``)."""
    path = Path(path) if path is not None else DEFAULT_CATALOG
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"cannot read catalog description {path}: {e.strerror or e}") from None
    except yaml.YAMLError as e:
        where = getattr(e, "problem_mark", None)
        line = f" line {where.line + 1}" if where else ""
        raise ConfigError(f"{path}{line}: not valid YAML ({getattr(e, 'problem', e)})") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    try:
        return _parse_catalog(raw)
    except ConfigError as e:
        raise ConfigError(f"{path}: {e}") from None


def _get(d: dict, key: str, kind=str, where: str = "", required: bool = True):
    value = d.get(key) if isinstance(d, dict) else None
    label = f"{where}.{key}" if where else key
    if value is None or value == "":
        if required:
            raise ConfigError(f"{label} is missing")
        return None
    if kind is str and isinstance(value, str):
        return value.strip()
    if kind is dict and isinstance(value, dict):
        return value
    if kind is list and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.strip() for v in value)
    if kind is date:
        try:
            return value if isinstance(value, date) else date.fromisoformat(str(value))
        except ValueError:
            raise ConfigError(f"{label} is not an ISO date (YYYY-MM-DD): {value!r}") from None
    expected = {str: "a text", dict: "a mapping", list: "a list of texts"}[kind]
    raise ConfigError(f"{label} must be {expected}, got {value!r}")


def _iri(value: str | None, label: str, prefix: str = "") -> str | None:
    if value is None:
        return None
    if not re.fullmatch(r"(https?|mailto):[^\s<>\"{}|\\^`]+", value):
        raise ConfigError(f"{label} is not an absolute http(s) IRI: {value!r}")
    if prefix and not value.startswith(prefix):
        raise ConfigError(f"{label} must start with {prefix}: {value!r}")
    return value


def _text(d: dict, where: str) -> DatasetText:
    return DatasetText(
        title=_get(d, "title", where=where),
        description=" ".join(_get(d, "description", where=where).split()),
        keywords=_get(d, "keywords", list, where, required=False) or (),
    )


def _parse_catalog(raw: dict) -> CatalogConfig:
    cat = _get(raw, "catalog", dict)
    pub = _get(raw, "publisher", dict)
    con = _get(raw, "contact_point", dict)
    lic = _get(raw, "license", dict)
    geo = _get(raw, "political_geocoding", dict)
    prefix = _get(raw, "name_prefix")
    if not _NAME.fullmatch(prefix):
        raise ConfigError(f"name_prefix must be lowercase letters, digits, - and _: {prefix!r}")
    license_uri = _iri(_get(lic, "uri", where="license"), "license.uri", DCATDE_LICENSES)
    if license_uri.endswith("/"):
        raise ConfigError(f"license.uri must not end with '/' (not in the dcat-ap.de list): {license_uri}")
    email = _get(con, "email", where="contact_point")
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email.removeprefix("mailto:")):
        raise ConfigError(f"contact_point.email is not an e-mail address: {email!r}")
    tables_raw = _get(raw, "tables", dict)
    unknown = sorted(set(tables_raw) - set(schemas.TABLES))
    if unknown:
        raise ConfigError(f"tables: unknown table(s) {', '.join(unknown)}; known: {', '.join(schemas.TABLES)}")
    missing = [t for t in schemas.TABLES if t not in tables_raw]
    if missing:
        raise ConfigError(f"tables: no title/description for {', '.join(missing)}")
    versions = _get(raw, "dcat_ap_de", list, required=False) or ("2.0", "3.0")
    bad = [v for v in versions if v not in _PROFILES_BY_VERSION]
    if bad:
        raise ConfigError(f"dcat_ap_de: unknown version(s) {', '.join(bad)}; known: 2.0, 3.0")
    return CatalogConfig(
        dcat_ap_de=tuple(sorted(set(versions))),
        base_url=_base_url(_get(raw, "base_url")),
        name_prefix=prefix,
        issued=_get(raw, "issued", date, required=False),
        title=_get(cat, "title", where="catalog"),
        description=" ".join(_get(cat, "description", where="catalog").split()),
        homepage=_iri(_get(cat, "homepage", where="catalog", required=False), "catalog.homepage"),
        publisher=Agent(
            name=_get(pub, "name", where="publisher"),
            uri=_iri(_get(pub, "uri", where="publisher"), "publisher.uri"),
            homepage=_iri(_get(pub, "homepage", where="publisher", required=False), "publisher.homepage"),
        ),
        contact=Contact(
            name=_get(con, "name", where="contact_point"),
            email=email.removeprefix("mailto:"),
            url=_iri(_get(con, "url", where="contact_point", required=False), "contact_point.url"),
        ),
        license=License(
            uri=license_uri,
            name=_get(lic, "name", where="license"),
            url=_iri(_get(lic, "url", where="license", required=False), "license.url"),
            attribution=_get(lic, "attribution", where="license"),
        ),
        contributor_id=_iri(_get(raw, "contributor_id"), "contributor_id", DCATDE_CONTRIBUTORS),
        geocoding_uri=_iri(_get(geo, "uri", where="political_geocoding"), "political_geocoding.uri"),
        geocoding_level_uri=_iri(_get(geo, "level", where="political_geocoding"), "political_geocoding.level"),
        theme_uris=tuple(_iri(u, "themes", EU + "data-theme/") for u in _get(raw, "themes", list)),
        language_uris=tuple(_iri(u, "languages", EU + "language/") for u in _get(raw, "languages", list)),
        accrual_periodicity=_iri(_get(raw, "accrual_periodicity"), "accrual_periodicity", EU + "frequency/"),
        keywords=_get(raw, "keywords", list, required=False) or (),
        package=_text(_get(raw, "package", dict), "package"),
        tables={t: _text(_get(tables_raw, t, dict, "tables"), f"tables.{t}") for t in schemas.TABLES},
    )


def _base_url(url: str) -> str:
    _iri(url, "base_url")
    return url if url.endswith("/") else url + "/"


def resolve_base_url(catalog: CatalogConfig, base_url: str | None = None) -> str:
    """The base URL a catalog is built with: the run's (``--base-url``) or else the catalog YAML's."""
    return _base_url(base_url) if base_url else catalog.base_url


def placeholder_warning(url: str) -> str:
    """The one line that says a catalog was built with the placeholder base URL, and what to set."""
    return (f"the base URL {url} is a placeholder: download URLs in catalog.ttl/.rdf/.jsonld point nowhere; "
            "set --base-url (or RATSDATEN_BASE_URL, or base_url in the catalog YAML) to where the files "
            "will be served before publishing anywhere")


# ----------------------------------------------------------------------------- records


@dataclass(frozen=True)
class DistributionRecord:
    """One file of a dataset (dcat:Distribution / CKAN resource)."""

    id: str  # "sessions-csv": table name + format, stable
    uri: str  # IRI of the distribution
    title: str  # German
    description: str
    path: str  # relative to the output directory ("sessions.csv")
    access_url: str
    download_url: str
    format: str  # label: "CSV" | "Parquet" | "JSON"
    format_uri: str  # EU file-type IRI
    media_type: str  # "text/csv"
    media_type_uri: str  # IANA IRI
    byte_size: int
    sha256: str  # hex
    conforms_to: str | None  # table schema (or data package spec) URL
    license_uri: str
    license_attribution: str
    issued: date | None
    modified: date | None


@dataclass(frozen=True)
class DatasetRecord:
    """One dataset (dcat:Dataset / CKAN package): a table, or the data package as a whole."""

    name: str  # "ratsdaten-bielefeld-sessions": CKAN package name and dct:identifier
    table: str | None  # table name; None for the data package
    uri: str  # IRI of the dataset
    catalog_uri: str  # IRI of the dcat:Catalog it belongs to ("<base_url>catalog")
    title: str  # German
    description: str  # German
    keywords: tuple[str, ...]
    landing_page: str  # the dataset's section on index.html
    theme_uris: tuple[str, ...]
    language_uris: tuple[str, ...]
    accrual_periodicity: str
    license: License
    publisher: Agent
    contact: Contact
    contributor_id: str
    geocoding_uri: str
    geocoding_level_uri: str
    temporal_start: date | None  # earliest session_date
    temporal_end: date | None  # latest session_date
    issued: date | None
    modified: date | None
    row_count: int | None  # None for the data package
    distributions: tuple[DistributionRecord, ...]


def describe_outputs(
    output_dir: str | Path,
    catalog: CatalogConfig,
    base_url: str | None = None,
    modified: date | str | None = None,
) -> list[DatasetRecord]:
    """Records for every table in ``schemas.TABLES`` (that order), then the data package.

    ``base_url`` overrides ``catalog.base_url``; ``modified`` (date or ISO string) overrides
    the default described in the module docstring. Raises :class:`MetadataError` when a file is
    missing or ``datapackage.json`` contradicts the files on disk.
    """
    out = Path(output_dir)
    base = resolve_base_url(catalog, base_url)
    package = _read_datapackage(out)
    start, end = _session_range(out)
    if modified is None:
        modified = end or _created(package)
    elif isinstance(modified, str):
        try:
            modified = date.fromisoformat(modified[:10])
        except ValueError:
            raise MetadataError(f"modified is not an ISO date: {modified!r}") from None
    elif isinstance(modified, datetime):
        modified = modified.date()
    issued = catalog.issued or modified
    common = dict(
        catalog_uri=base + "catalog",
        theme_uris=catalog.theme_uris,
        language_uris=catalog.language_uris,
        accrual_periodicity=catalog.accrual_periodicity,
        license=catalog.license,
        publisher=catalog.publisher,
        contact=catalog.contact,
        contributor_id=catalog.contributor_id,
        geocoding_uri=catalog.geocoding_uri,
        geocoding_level_uri=catalog.geocoding_level_uri,
        temporal_start=start,
        temporal_end=end,
        issued=issued,
        modified=modified,
    )
    dates = dict(issued=issued, modified=modified)
    records = []
    for table in schemas.TABLES:
        text = catalog.tables[table]
        name = f"{catalog.name_prefix}-{table}"
        uri = f"{base}dataset/{name}"
        dists = tuple(
            _distribution(out, base, uri, table, suffix, text.title, package, catalog.license, dates)
            for suffix in ("csv", "parquet")
        )
        rows = _row_count(out, table)
        records.append(
            DatasetRecord(
                name=name,
                table=table,
                uri=uri,
                title=text.title,
                description=text.description,
                keywords=_unique(catalog.keywords + text.keywords),
                landing_page=f"{base}index.html#{table}",
                row_count=rows,
                distributions=dists,
                # A table without rows covers no time, whatever the sessions cover.
                **({**common, "temporal_start": None, "temporal_end": None} if rows == 0 else common),
            )
        )
    name = f"{catalog.name_prefix}-datapackage"
    uri = f"{base}dataset/{name}"
    dp = _distribution(out, base, uri, "datapackage", "json", catalog.package.title, package, catalog.license, dates)
    records.append(
        DatasetRecord(
            name=name,
            table=None,
            uri=uri,
            title=catalog.package.title,
            description=catalog.package.description,
            keywords=_unique(catalog.keywords + catalog.package.keywords),
            landing_page=f"{base}index.html",
            row_count=None,
            distributions=(dp,),
            **common,
        )
    )
    return records


def _unique(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _read_datapackage(out: Path) -> dict:
    path = out / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise MetadataError(f"{path} is missing: run the catalog writer first") from None
    except json.JSONDecodeError as e:
        raise MetadataError(f"{path}: not valid JSON ({e})") from None


def _created(package: dict) -> date | None:
    try:
        return date.fromisoformat(str(package.get("created", ""))[:10])
    except ValueError:
        return None


def _session_range(out: Path) -> tuple[date | None, date | None]:
    path = out / csv_name(schemas.COVERAGE_TABLE)
    # (one column of a city's sessions, each distinct date once: as Python rows it was 0.2 s)
    column = schemas.COVERAGE_DATE
    try:
        values = pacsv.read_csv(path, parse_options=pacsv.ParseOptions(newlines_in_values=True),
                                convert_options=pacsv.ConvertOptions(
                                    include_columns=[column], include_missing_columns=True,
                                    column_types={column: pa.string()}, strings_can_be_null=False)).column(0)
    except FileNotFoundError:
        raise MetadataError(f"{path} is missing") from None
    except pa.ArrowInvalid:
        if path.stat().st_size == 0:   # (no header either: no sessions)
            return None, None
        raise MetadataError(f"{path} cannot be read as CSV") from None
    except OSError as e:
        raise MetadataError(f"{path} cannot be read as CSV ({e})") from None
    try:
        dates = sorted(date.fromisoformat(v) for v in pc.unique(values).to_pylist() if v)
    except ValueError as e:
        raise MetadataError(f"{path}: session_date is not an ISO date ({e})") from None
    return (dates[0], dates[-1]) if dates else (None, None)


def _row_count(out: Path, table: str) -> int:
    parquet = out / f"{table}.parquet"
    if parquet.is_file():
        return pq.read_metadata(parquet).num_rows
    with (out / f"{table}.csv").open(newline="", encoding="utf-8") as f:
        return max(sum(1 for _ in csv.reader(f)) - 1, 0)


def _file_facts(out: Path, rel: str, package: dict) -> tuple[int, str]:
    """(bytes, sha256 hex) of ``rel``: from datapackage.json when it states them, else from disk."""
    path = out / rel
    if not path.is_file():
        raise MetadataError(f"{path} is missing")
    size = path.stat().st_size
    declared = _declared(package, rel)
    if declared is not None:
        dbytes, dhash = declared
        if dbytes is not None and dbytes != size:
            raise MetadataError(
                f"datapackage.json says {rel} has {dbytes} bytes, the file has {size}: outputs are stale"
            )
        if dbytes is not None and dhash:
            return size, dhash
    return size, _sha256(path)


def _declared(package: dict, rel: str) -> tuple[int | None, str | None] | None:
    """Bytes and sha256 that datapackage.json states for ``rel``, looking in the usual places."""
    candidates = []
    for res in package.get("resources", []) or []:
        if not isinstance(res, dict):
            continue
        candidates.append(res)
        for value in res.values():  # e.g. {"parquet": {"path": ..., "bytes": ..., "hash": ...}}
            if isinstance(value, dict):
                candidates.append(value)
            elif isinstance(value, list):
                candidates.extend(v for v in value if isinstance(v, dict))
    for c in candidates:
        if c.get("path") == rel:
            h = c.get("hash")
            if isinstance(h, str) and h.startswith("sha256:"):
                h = h.removeprefix("sha256:")
            elif isinstance(h, str) and re.fullmatch(r"[0-9a-f]{64}", h) is None:
                h = None  # md5 or other algorithm: recompute
            b = c.get("bytes")
            return (b if isinstance(b, int) else None), h
    return None


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _distribution(out, base, dataset_uri, stem, suffix, title, package, license, dates) -> DistributionRecord:
    label, format_uri, media_type = FORMATS[suffix]
    rel = f"{stem}.{suffix}"
    size, digest = _file_facts(out, rel, package)
    if stem == "datapackage":
        conforms, description = DATAPACKAGE_SPEC, "Frictionless-Datenpaket (Beschreibung aller Tabellen)"
    else:
        conforms = f"{base}schemas/{stem}.schema.json"
        description = f"{title} als {label}; Spalten beschrieben im Tabellenschema {stem}.schema.json"
    return DistributionRecord(
        id=f"{stem}-{suffix}",
        uri=f"{dataset_uri}/{suffix}",
        title=f"{title} ({label})",
        description=description,
        path=rel,
        access_url=base + rel,
        download_url=base + rel,
        format=label,
        format_uri=format_uri,
        media_type=media_type,
        media_type_uri=IANA + media_type,
        byte_size=size,
        sha256=digest,
        conforms_to=conforms,
        license_uri=license.uri,
        license_attribution=license.attribution,
        **dates,
    )
