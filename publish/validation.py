"""The validation gate: every table against its Frictionless schema, as one data package.

One Frictionless Package holds all resources, so foreign keys between tables are checked along
with types, required values, enums, patterns and unique primary keys. Each error is mapped back to
the row's provenance columns (source document and lines), so a person can open the document at the
line that produced the bad value.

    validate_tables(directory) -> ValidationReport       the CSVs of a catalog being built (fast engine)
    validate_catalog(directory) -> ValidationReport      a published catalog: datapackage.json (bytes and
                                                          hashes too) and its Parquet files
"""
from __future__ import annotations

import re
from pathlib import Path

import schemas
from publish.catalog_files import (
    DATAPACKAGE,
    StructureProblem,
    csv_name,
    datapackage_descriptor,
    file_stats,
    read_csv_rows,
    read_datapackage,
)
from publish.validation_report import ValidationError, ValidationReport

__all__ = ["ValidationError", "ValidationReport", "validate_tables", "validate_catalog", "markdown"]

# Frictionless stops a table's checks after this many errors; the report says when it did.
ERROR_LIMIT = 1000

_CONSTRAINT = re.compile(r'constraint "(\w+)"')


def _rule(err) -> str:
    if err.type == "constraint-error":
        m = _CONSTRAINT.search(err.note or "")
        return m.group(1) if m else "constraint"
    if err.type == "type-error":
        return "type"
    if err.type == "unique-error":
        return "unique"
    return err.type


def _column(err, table: str) -> str | None:
    name = getattr(err, "field_name", None)
    if name:
        return name
    if err.type == "primary-key":
        return ",".join(schemas.primary_key(table)) if table in schemas.TABLES else None
    names = getattr(err, "field_names", None)
    return ",".join(names) if names else None


def _value(err) -> str | None:
    cell = getattr(err, "cell", None)
    if cell is not None:
        return str(cell)
    cells = getattr(err, "field_cells", None)
    return ",".join(str(c) for c in cells) if cells else None


def _run_frictionless(descriptor: dict, directory: Path) -> tuple[list[tuple[str, object]], bool]:
    from frictionless import Checklist, Package

    package = Package(descriptor, basepath=str(directory))
    report = package.validate(checklist=Checklist(), limit_errors=ERROR_LIMIT)
    found, truncated = [], False
    for task in report.tasks:
        if len(task.errors) >= ERROR_LIMIT:
            truncated = True
        for err in task.errors:
            found.append((task.name, err))
    for err in report.errors:  # package-level problems (e.g. an unreadable descriptor)
        found.append(("", err))
    return found, truncated


def _with_provenance(directory: Path, found: list[tuple[str, object]]) -> list[ValidationError]:
    rows_cache: dict[str, list[list[str]]] = {}
    out = []
    for table, err in found:
        row = getattr(err, "row_number", None)
        e = ValidationError(
            table=table,
            row=row,
            column=_column(err, table),
            rule=_rule(err),
            message=err.message,
            value=_value(err),
        )
        if row and table in schemas.TABLES:
            if table not in rows_cache:
                rows_cache[table] = read_csv_rows(directory / csv_name(table))
            records = rows_cache[table]
            if 1 <= row - 1 < len(records):
                header, record = records[0], records[row - 1]
                prov = dict(zip(header, record))
                e.document_id = prov.get(schemas.PROVENANCE_FIELDS[0]) or None
                e.source_file = prov.get(schemas.PROVENANCE_FIELDS[1]) or None
                for attr, name in (("line_start", schemas.PROVENANCE_FIELDS[2]), ("line_end", schemas.PROVENANCE_FIELDS[3])):
                    try:
                        setattr(e, attr, int(prov.get(name, "")))
                    except ValueError:
                        pass
        out.append(e)
    return out


def _row_counts(directory: Path) -> dict[str, int]:
    counts = {}
    for t in schemas.TABLES:
        path = directory / csv_name(t)
        counts[t] = max(len(read_csv_rows(path)) - 1, 0) if path.is_file() else 0
    return counts


def validate_tables(directory: Path, problems: list[StructureProblem] = (), engine: str = "fast") -> ValidationReport:
    """Validate the ``<table>.csv`` files in ``directory`` (a catalog being built) as one package.

    ``engine="fast"`` checks whole columns at once (publish.fast_validation: the same findings,
    proven against frictionless-py by tests/validation); ``engine="frictionless"`` is the reference.
    """
    errors = [
        ValidationError(table=p.table, row=None, column=p.column or None, rule=p.rule, message=p.message)
        for p in problems
    ]
    if engine == "fast":
        from publish.fast_validation import validate_directory   # (pandas: not for a run that finds nothing changed)

        report = validate_directory(directory)
        errors += report.errors
        return ValidationReport(valid=not errors, rows=report.rows, errors=errors)
    found, truncated = _run_frictionless(datapackage_descriptor(None), directory)
    errors += _with_provenance(directory, found)
    return ValidationReport(valid=not errors, rows=_row_counts(directory), errors=errors, truncated=truncated)


def validate_catalog(directory: Path) -> ValidationReport:
    """Validate a published catalog: its ``datapackage.json`` as written, and the Parquet files it lists."""
    if not (directory / DATAPACKAGE).is_file():
        return ValidationReport(False, {}, [ValidationError("", None, None, "missing-file",
                                                            f"{directory / DATAPACKAGE} does not exist")])
    descriptor = read_datapackage(directory)
    found, truncated = _run_frictionless(descriptor, directory)
    errors = _with_provenance(directory, found)
    for res in descriptor.get("resources", []):
        pq = res.get("parquet")
        if not pq:
            continue
        path = directory / pq["path"]
        if not path.is_file():
            errors.append(ValidationError(res["name"], None, None, "missing-file", f"{pq['path']} does not exist"))
            continue
        size, digest = file_stats(path)
        if size != pq.get("bytes") or f"sha256:{digest}" != pq.get("hash"):
            errors.append(ValidationError(res["name"], None, None, "hash-count",
                                          f"{pq['path']}: bytes/sha256 differ from datapackage.json"))
    names = {r.get("name") for r in descriptor.get("resources", [])}
    for t in schemas.TABLES:
        if t not in names:
            errors.append(ValidationError(t, None, None, "missing-table", f"datapackage.json has no resource {t!r}"))
    return ValidationReport(valid=not errors, rows=_row_counts(directory), errors=errors, truncated=truncated)


def markdown(report: ValidationReport, limit: int = 50) -> str:
    """The report as Markdown (for the Prefect artifact)."""
    d = report.to_dict()
    lines = [f"# Validation: {'passed' if report.valid else 'FAILED'}", "",
             "| table | rows | errors |", "|---|---:|---:|"]
    lines += [f"| {t} | {v['rows']} | {v['errors']} |" for t, v in d["tables"].items()]
    if report.errors:
        lines += ["", f"## Errors (first {min(limit, len(report.errors))} of {len(report.errors)})", "",
                  "| table | row | column | rule | value | source | lines | message |",
                  "|---|---:|---|---|---|---|---|---|"]
        for e in report.errors[:limit]:
            lines.append("| " + " | ".join(_md(x) for x in (
                e.table, e.row, e.column, e.rule, e.value, e.source_file,
                f"{e.line_start}-{e.line_end}" if e.line_start else "", e.message)) + " |")
    return "\n".join(lines) + "\n"


def _md(value) -> str:
    text = "" if value is None else str(value)
    text = text.replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= 120 else text[:117] + "..."
