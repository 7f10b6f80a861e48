"""What the published catalog lends the next run: the rows of documents that have not changed.

A nightly run over a large archive changes a few documents. Their rows are rebuilt; the rows of
every other document are taken from the published tables (filtered by ``document_id`` and
``source_file``), so the run costs what changed plus writing the tables, not parsing the archive.

The published catalog is only used when it was made under the same :func:`state.tables_key`
(parser and schemas) and its Parquet files are the ones its ``datapackage.json`` lists; otherwise
the run builds every row from the stored parse results, which gives the same tables.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

import schemas
from publish import catalog_files, state

DOCUMENT_ID, SOURCE_FILE = schemas.PROVENANCE_FIELDS[:2]   # the rows' provenance: which document, which file


@dataclass
class PreviousCatalog:
    directory: Path
    roles: dict[str, state.ManifestEntry]

    def lends(self, name: str, sha256: str) -> bool:
        """The published catalog holds this document (its rows or its rejection) as it is now."""
        entry = self.roles.get(name)
        return entry is not None and entry.sha256 == sha256 and entry.role in ("rows", "rejected")

    def lend(self, keep: set[tuple[str, str]]) -> Lent:
        """The published rows and report lines of the documents ``keep`` ((file, sha256) pairs)."""
        kept = sorted(keep)   # (one sha256 per file name: a file is one document)
        return Lent(self.directory, keep, pa.array([name for name, _ in kept], pa.string()),
                    pa.array([sha for _, sha in kept], pa.string()))


@dataclass
class Lent:
    """What the published catalog lends a run: the rows and report lines of the documents ``keep``."""

    directory: Path
    keep: set[tuple[str, str]]
    files: pa.Array   # the kept documents' file names,
    shas: pa.Array    # and each one's sha256, side by side

    def rows(self, table: str) -> pa.Table:
        """The published rows of ``table`` from the kept documents: their file is kept, with the
        sha256 it has now as their document id."""
        data = pq.read_table(_path(self.directory, table)).cast(schemas.loose_arrow_schema(table))
        now = self.shas.take(pc.index_in(data.column(SOURCE_FILE), value_set=self.files))
        return data.filter(pc.fill_null(pc.equal(now, data.column(DOCUMENT_ID)), False))

    def reports(self, name: str) -> list[list[str]]:
        """Rows of a report CSV (file, sha256, ...) about the kept documents."""
        path = self.directory / name
        if not path.is_file():
            return []
        return [r for r in catalog_files.read_csv_rows(path)[1:] if (r[0], r[1]) in self.keep]


def _path(directory: Path, table: str) -> Path:
    """Where a catalog keeps ``table`` as Parquet: next to the CSV, or in .state/ for internal tables."""
    if table in schemas.STATE_TABLES:
        return state.state_table_path(directory, table)
    return directory / catalog_files.parquet_name(table)


def open_previous(directory: Path | None, tables_key: str, tables: list[str]) -> PreviousCatalog | None:
    """The published catalog in ``directory``, if its rows can be reused by a run with ``tables_key``."""
    if directory is None or state.read_manifest_meta(directory).get("tables") != tables_key:
        return None
    try:
        package = json.loads((directory / catalog_files.DATAPACKAGE).read_text(encoding="utf-8"))
        listed = {r["name"]: r["parquet"]["hash"] for r in package["resources"] if "parquet" in r}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    for table in tables:
        path = _path(directory, table)
        if table in schemas.STATE_TABLES:
            if not path.is_file():
                return None
        # A published file changed by hand (or half-written by someone else) is not lent: rebuild instead.
        elif not path.is_file() or listed.get(table) != f"sha256:{catalog_files.file_stats(path)[1]}":
            return None
    return PreviousCatalog(directory, state.read_manifest(directory))
