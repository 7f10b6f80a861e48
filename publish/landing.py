"""The human side of the catalog: ``index.html`` and ``DATA_DICTIONARY.md``, and the entry point.

Both pages are rendered with Jinja2 from the dataset records and from ``schemas/`` (every column
comes from the Table Schemas; nothing is restated here). ``index.html`` is static, German, has
no external assets and uses relative links, so it works from ``file://`` and any web server.

``write_metadata()`` is what the pipeline calls: describe the outputs, build the DCAT-AP.de
graph, check it, and write catalog.ttl/.rdf/.jsonld, index.html and DATA_DICTIONARY.md only if
the check passes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape
from rdflib import Graph

import schemas
from publish import dcat
from publish.oparl.urls import Urls
from publish.metadata import (
    CatalogConfig,
    DatasetRecord,
    describe_outputs,
    load_catalog,
    placeholder_warning,
    resolve_base_url,
)
from publish.shacl import Report, check_metadata
from publish.targets import is_placeholder

TYPE_LABELS = {  # Frictionless type -> German label
    "string": "Text",
    "integer": "Ganzzahl",
    "number": "Dezimalzahl",
    "boolean": "Wahrheitswert",
    "date": "Datum (JJJJ-MM-TT)",
}


# ----------------------------------------------------------------------------- data dictionary

_RULES = (
    ("pattern", "Muster"),
    ("minimum", "Minimum"),
    ("maximum", "Maximum"),
    ("minLength", "Mindestlänge"),
    ("maxLength", "Höchstlänge"),
)


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    type: str  # Frictionless type
    type_label: str  # German
    description: str  # English (the schema's description)
    description_de: str  # German (the schema's description_de; "" where it has none)
    required: bool
    unique: bool
    primary_key: bool
    allowed_values: tuple[str, ...]
    value_labels: tuple[str, ...]  # German label of each allowed value ("" where the schema has none)
    rules: tuple[tuple[str, str], ...]  # (German label, value): ("Muster", "[0-9]+"), ("Minimum", "1")
    references: str | None  # foreign key target, "persons.person_id"


@dataclass(frozen=True)
class TableDictionary:
    table: str
    description: str  # from the schema (English)
    primary_key: tuple[str, ...]
    foreign_keys: tuple[str, ...]  # "session_id → sessions.session_id"
    columns: tuple[Column, ...]

    @property
    def date_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.type == "date"]


def _as_list(value) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def table_dictionary(table: str) -> TableDictionary:
    """Everything the data dictionary says about ``table``, from its Table Schema."""
    schema = schemas.table_schema(table)
    pk = tuple(_as_list(schema.get("primaryKey", [])))
    refs: dict[str, str] = {}
    fks = []
    for fk in schema.get("foreignKeys", []):
        own = _as_list(fk["fields"])
        target = fk["reference"].get("resource") or table
        theirs = _as_list(fk["reference"]["fields"])
        if len(own) == 1:
            fks.append(f"{own[0]} → {target}.{theirs[0]}")
        else:
            fks.append(f"({', '.join(own)}) → {target} ({', '.join(theirs)})")
        for a, b in zip(own, theirs):
            refs.setdefault(a, f"{target}.{b}")
    columns = []
    for f in schema["fields"]:
        c = f.get("constraints", {})
        rules = [(label, str(c[key])) for key, label in _RULES if key in c]
        labels = f.get("enumLabels") or {}
        columns.append(
            Column(
                name=f["name"],
                title=f.get("title", ""),
                type=f["type"],
                type_label=TYPE_LABELS.get(f["type"], f["type"]),
                description=f.get("description", ""),
                description_de=f.get("description_de", ""),
                required=bool(c.get("required")),
                unique=bool(c.get("unique")) or pk == (f["name"],),
                primary_key=f["name"] in pk,
                allowed_values=tuple(str(v) for v in c.get("enum", [])),
                value_labels=tuple(str(labels.get(str(v), "")) for v in c.get("enum", [])),
                rules=tuple(rules),
                references=refs.get(f["name"]),
            )
        )
    return TableDictionary(table, schema.get("description", ""), pk, tuple(fks), tuple(columns))


# ----------------------------------------------------------------------------- rendering


def _code_html(text: str) -> Markup:
    """Escape, then render `backticks` as <code>."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


def _md_cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _size(n: int) -> str:
    if n < 1000:
        return f"{n} Bytes"
    for unit, factor in (("kB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        if n < factor * 1000 or unit == "GB":
            return f"{n / factor:.1f} {unit}".replace(".", ",")
    raise AssertionError


def _de_date(d: date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else "–"


def _de_int(n: int | None) -> str:
    return "–" if n is None else f"{n:,}".replace(",", ".")


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("publish", "templates"),
        autoescape=select_autoescape(["html", "html.j2"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(code=_code_html, md=_md_cell, size=_size, de_date=_de_date, de_int=_de_int)
    return env


def _context(records: list[DatasetRecord], catalog: CatalogConfig, base_url: str | None = None) -> dict:
    tables = [r for r in records if r.table]
    package = [r for r in records if not r.table]
    starts = [r.temporal_start for r in records if r.temporal_start]
    ends = [r.temporal_end for r in records if r.temporal_end]
    modified = [r.modified for r in records if r.modified]
    return {
        "catalog": catalog,
        "tables": tables,
        "package": package[0] if package else None,
        "dictionaries": {r.table: table_dictionary(r.table) for r in tables},
        "provenance": schemas.PROVENANCE_FIELDS,
        "start": min(starts, default=None),
        "end": max(ends, default=None),
        "modified": max(modified, default=None),
        # Loading examples read from where the files are served; with the placeholder base URL that is
        # nowhere, so they read the files next to the page instead (relative names).
        "example_base": "" if base_url is None or is_placeholder(base_url) else base_url,
        # the OParl export the pipeline writes beside these files (publish/oparl): its ids are absolute,
        # so it works only where the catalog is served; with the placeholder base URL it is not offered
        "oparl_url": None if base_url is None or is_placeholder(base_url) else Urls(base_url, "").system,
    }


def render_index(records: list[DatasetRecord], catalog: CatalogConfig, base_url: str | None = None) -> str:
    return _environment().get_template("index.html.j2").render(**_context(records, catalog, base_url))


def render_data_dictionary(records: list[DatasetRecord], catalog: CatalogConfig, base_url: str | None = None) -> str:
    return _environment().get_template("DATA_DICTIONARY.md.j2").render(**_context(records, catalog, base_url))


# ----------------------------------------------------------------------------- entry point


@dataclass
class MetadataResult:
    """What ``write_metadata`` did. ``written`` is empty when the metadata does not conform."""

    report: Report
    records: list[DatasetRecord]
    graph: Graph
    base_url: str = ""
    written: list[Path] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        """What conforms but should not be published as it is (the placeholder base URL)."""
        return [placeholder_warning(self.base_url)] if is_placeholder(self.base_url) else []

    @property
    def conforms(self) -> bool:
        return self.report.conforms


def write_metadata(
    output_dir: str | Path,
    catalog: CatalogConfig | str | Path | None = None,
    base_url: str | None = None,
    shapes_dir: str | Path | None = None,
    modified: date | str | None = None,
) -> MetadataResult:
    """Describe, check and (if it conforms) write the metadata files into ``output_dir``.

    ``catalog``: a loaded config, a path to a catalog YAML, or None for the bundled one.
    ``shapes_dir``: the official shapes (``../shared/reference/dcat-ap-de``); None = own checks.
    Writes catalog.ttl, catalog.rdf, catalog.jsonld, index.html, DATA_DICTIONARY.md. Raises
    ``ConfigError``/``MetadataError`` (publish.metadata) for a bad config or incomplete outputs.
    """
    out = Path(output_dir)
    if not isinstance(catalog, CatalogConfig):
        catalog = load_catalog(catalog)
    base = resolve_base_url(catalog, base_url)
    records = describe_outputs(out, catalog, base_url=base, modified=modified)
    graph = dcat.build_graph(records, catalog)
    report = check_metadata(graph, shapes_dir, profile=catalog.profiles)
    result = MetadataResult(report=report, records=records, graph=graph, base_url=base)
    if not report.conforms:
        return result
    files = dcat.serialize(graph)
    files["index.html"] = render_index(records, catalog, base).encode("utf-8")
    files["DATA_DICTIONARY.md"] = render_data_dictionary(records, catalog, base).encode("utf-8")
    for name, data in files.items():
        path = out / name
        path.write_bytes(data)
        result.written.append(path)
    return result
