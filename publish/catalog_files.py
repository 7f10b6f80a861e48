"""The files of the local catalog: CSV, Parquet, the table schemas and ``datapackage.json``.

Everything here is deterministic: the same tables give byte-identical files (rows in primary-key
order, no timestamps, fixed writer options). Columns come from ``schemas/`` only.

    write_table_csv(directory, table, frame) -> TableWritten
    write_parquet(directory, table[, data, order])  Parquet of the CSV's values, typed by schemas.arrow_schema
    write_schemas(directory)                     schemas/<table>.schema.json next to the data
    datapackage_descriptor(directory, licenses) -> dict    every resource with schema, bytes, sha256 and licence
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

import schemas
from publish.state import atomic_path, write_bytes_atomic, write_json

CSV_MEDIATYPE = "text/csv"
PARQUET_MEDIATYPE = "application/vnd.apache.parquet"
SCHEMAS_DIR = "schemas"
DATAPACKAGE = "datapackage.json"
PACKAGE_NAME = "ratsdaten"
PACKAGE_TITLE = "Ratsdaten: Sitzungen, Anwesenheit, Tagesordnungen, Beschlüsse und Anfragen aus Niederschriften"


def csv_name(table: str) -> str:
    return f"{table}.csv"


def parquet_name(table: str) -> str:
    return f"{table}.parquet"


def schema_name(table: str) -> str:
    return f"{SCHEMAS_DIR}/{table}.schema.json"


# -- CSV ----------------------------------------------------------------------------------------


@dataclass
class StructureProblem:
    """A table that does not have the columns its schema defines (a contract break in build_tables)."""

    table: str
    column: str
    rule: str        # "missing-column" | "extra-column" | "missing-table" | "empty-column"
    message: str


@dataclass
class TableWritten:
    table: str
    rows: int
    problems: list[StructureProblem] = field(default_factory=list)
    order: pa.Array | None = None   # the CSV's rows as indices into the Arrow table it was written from


def _missing(value: Any) -> bool:
    """None, NaN, pd.NA and NaT are missing; containers never are."""
    if value is None:
        return True
    if isinstance(value, (str, bytes, list, tuple, dict, set)):
        return False
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def format_cell(value: Any, field_type: str) -> str:
    """The CSV text of one value, as the Frictionless schema reads it back.

    Missing values are empty (every schema declares ``missingValues: [""]``). Values of an
    unexpected type are written as they are, so validation can name them instead of this code
    hiding them.
    """
    kind = type(value)
    if kind is str:  # most cells: fast path
        return value
    if kind is int:
        return str(value)
    if _missing(value):
        return ""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        try:
            value = value.item()
        except (TypeError, ValueError):
            pass
    if isinstance(value, bool):
        return "true" if value else "false"
    if field_type == "integer" and isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime):
        if field_type == "date" and value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _column_text(values, field_type: str) -> list[str]:
    """A column's CSV texts: whole-column conversions where the dtype is already the schema's type,
    the per-cell :func:`format_cell` otherwise (unexpected values are written as they are)."""
    import pandas as pd

    dtype = values.dtype
    if isinstance(dtype, pd.StringDtype):
        return values.fillna("").tolist()
    if isinstance(dtype, pd.Int64Dtype) and field_type == "integer":
        return values.astype("string").fillna("").tolist()
    if isinstance(dtype, pd.BooleanDtype) and field_type == "boolean":
        return ["true" if v is True else "false" if v is False else "" for v in values.astype(object).tolist()]
    return [format_cell(v, field_type) for v in values.tolist()]


def _sort_part(text: str, field_type: str) -> tuple:
    if text == "":
        return (2, 0, "")
    if field_type in ("integer", "number"):
        try:
            return (0, float(text) if field_type == "number" else int(text), "")
        except ValueError:
            return (1, 0, text)
    return (0, 0, text)


def table_rows(table: str, frame) -> tuple[list[list[str]], list[StructureProblem]]:
    """The rows of ``frame`` as CSV text in schema column order, sorted by primary key (then by the whole row)."""
    specs = schemas.fields(table)
    names = [f["name"] for f in specs]
    problems = []
    columns = list(frame.columns) if frame is not None else []
    for name in names:
        if name not in columns:
            problems.append(StructureProblem(table, name, "missing-column",
                                             f"build_tables gave no column {name!r} for {table}"))
    for name in columns:
        if name not in names:
            problems.append(StructureProblem(table, str(name), "extra-column",
                                             f"build_tables gave column {name!r}, which schemas/{table}.schema.json does not define"))
    n = 0 if frame is None else len(frame)
    cols = []
    for spec in specs:
        if spec["name"] in columns:
            cols.append(_column_text(frame[spec["name"]], spec["type"]))
        else:
            cols.append([""] * n)
    rows = [list(r) for r in zip(*cols)] if cols else []
    key_index = [(names.index(k), specs[names.index(k)]["type"]) for k in schemas.primary_key(table)]
    rows.sort(key=lambda r: (tuple(_sort_part(r[i], t) for i, t in key_index), r))
    return rows, problems


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    """RFC 4180: UTF-8 without BOM, CRLF line ends, quotes only where needed."""
    import io

    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    write_bytes_atomic(path, buf.getvalue().encode("utf-8"))


def write_table_csv(directory: Path, table: str, frame) -> TableWritten:
    """``<table>.csv`` from a DataFrame or an Arrow table (rows in any order)."""
    empty = _empty_required_columns(table, frame) if isinstance(frame, pa.Table) else []
    if isinstance(frame, pa.Table) and _typed_as_schema(table, frame):
        order = write_arrow_csv(directory / csv_name(table), table, frame)
        return TableWritten(table, frame.num_rows, empty, order)
    if isinstance(frame, pa.Table):
        frame = schemas.to_pandas(frame)
    rows, problems = table_rows(table, frame)
    problems += empty
    if frame is None:
        problems = [StructureProblem(table, "", "missing-table", f"build_tables gave no table {table!r}")]
    write_csv(directory / csv_name(table), schemas.field_names(table), rows)
    return TableWritten(table, len(rows), problems)


def _empty_required_columns(table: str, data: pa.Table) -> list[StructureProblem]:
    """Required columns with no value in any row: the mark of row keys that are not the schema's names.

    ``pyarrow.Table.from_pylist(rows, schema=...)`` drops a key the schema does not have and fills the
    field it was meant for with nulls, silently. Validation would report each row's missing value; this
    names the column once, with its likely cause. (Optional columns can be empty in a whole corpus.)
    """
    if data.num_rows == 0:
        return []
    present = set(data.schema.names)
    return [
        StructureProblem(table, f["name"], "empty-column",
                         f"required column {f['name']!r} of {table} is empty in all {data.num_rows} rows: "
                         f"do the rows name it {f['name']!r}, as schemas/{table}.schema.json does?")
        for f in schemas.fields(table)
        if f.get("constraints", {}).get("required") and f["name"] in present
        and data.column(f["name"]).null_count == data.num_rows
    ]


def _typed_as_schema(table: str, data: pa.Table) -> bool:
    """The Arrow table has exactly the schema's columns, in order, with the schema's types."""
    target = schemas.arrow_schema(table)
    return data.schema.names == target.names and all(a.type == b.type for a, b in zip(data.schema, target))


def _arrow_text(column: pa.ChunkedArray, field_type: str) -> pa.ChunkedArray:
    """A typed column's CSV texts, as :func:`format_cell` writes them; missing values are ""."""
    if field_type == "boolean":
        column = pc.if_else(column, "true", "false")
    elif field_type != "string":
        column = pc.cast(column, pa.string())     # integers as digits, dates as ISO 8601
    return pc.fill_null(column, "")


_PLAIN_TEXT = ("integer", "date", "boolean")   # field types whose text has no quote, comma or line break
_SPECIAL = (b'"', b",", b"\r", b"\n")           # a cell with one of these is quoted
CSV_SLICE_ROWS = 1 << 16   # rows turned into text at a time: memory stays flat however long the table


def write_arrow_csv(path: Path, table: str, data: pa.Table) -> pa.Array:
    """The same bytes :func:`write_csv` writes for these rows, computed a whole column at a time;
    returns the order of the rows written (indices into ``data``).

    Rows are sorted as :func:`table_rows` sorts them: primary key (integers by value, text by code
    point, missing last), then the whole row as text. The whole row is only turned into sort keys
    where two rows share a key (built tables have none), and into text a slice at a time: a city's
    attendance list as text, twice over, was the peak of table building.
    """
    specs = schemas.fields(table)
    columns = [(data.column(f["name"]), f["type"]) for f in specs]
    keys, sort_keys, key_texts = {}, [], []
    for name in schemas.primary_key(table):
        i = next(i for i, f in enumerate(specs) if f["name"] == name)
        text = _arrow_text(*columns[i])
        key_texts.append(text)
        keys[f"k{len(keys)}"] = data.column(name) if specs[i]["type"] == "integer" else pc.if_else(
            pc.equal(text, ""), pa.scalar(None, pa.string()), text)
        sort_keys.append((f"k{len(sort_keys)}", "ascending", "at_end"))
    order = pc.sort_indices(pa.table(keys), sort_keys=sort_keys) if keys else None
    if order is None or _ties(key_texts, order):
        for i, (column, kind) in enumerate(columns):
            keys[f"r{i}"] = _arrow_text(column, kind)
            sort_keys.append((f"r{i}", "ascending", "at_end"))
        order = pc.sort_indices(pa.table(keys), sort_keys=sort_keys)
    del keys, key_texts
    header = ",".join(_csv_line_field(n) for n in schemas.field_names(table))
    with atomic_path(path) as tmp, tmp.open("wb") as f:
        f.write(f"{header}\r\n".encode("utf-8"))
        for start in range(0, data.num_rows, CSV_SLICE_ROWS):
            rows = order.slice(start, CSV_SLICE_ROWS)
            cells = []
            for column, kind in columns:
                text = _arrow_text(column.take(rows), kind)
                if kind in _PLAIN_TEXT:   # digits, dates, true/false: never quoted
                    cells.append(text)
                    continue
                if isinstance(text, pa.ChunkedArray):
                    text = text.combine_chunks()
                values = bytes(_utf8_of(text))
                if not any(c in values for c in _SPECIAL):   # most slices of most columns: nothing to quote
                    cells.append(text)
                    continue
                special = pc.match_substring_regex(text, '[",\r\n]')
                needs = text.filter(special)   # (only these cells are quoted)
                quoted = pc.binary_join_element_wise('"', pc.replace_substring(needs, '"', '""'), '"', "")
                cells.append(pc.replace_with_mask(text, special, quoted))
            lines = pc.binary_join_element_wise(pc.binary_join_element_wise(*cells, ","), "", "\r\n")
            for chunk in lines.chunks:
                f.write(_utf8_of(chunk))
    return order


def _ties(key_texts: list[pa.ChunkedArray], order: pa.Array) -> bool:
    """Whether two rows, next to each other in ``order``, have the same key as text (a missing value
    and "" count as the same: then the whole row decides, whichever it is)."""
    if len(order) < 2:
        return False
    same = None
    for text in key_texts:
        ordered = text.take(order).combine_chunks()
        equal = pc.equal(ordered.slice(0, len(order) - 1), ordered.slice(1))
        same = equal if same is None else pc.and_(same, equal)
    return bool(pc.any(same).as_py())


def _utf8_of(strings: pa.Array) -> memoryview:
    """The bytes of a string array's values one after the other, without a Python string per value
    (no nulls: their slots hold no bytes)."""
    data = strings.buffers()[2] if len(strings) else None
    if data is None:
        return memoryview(b"")
    offsets = np.frombuffer(strings.buffers()[1], np.int64 if pa.types.is_large_string(strings.type) else np.int32)
    return memoryview(data)[offsets[strings.offset]:offsets[strings.offset + len(strings)]]


def _csv_line_field(text: str) -> str:
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(c in text for c in ',"\r\n') else text


def read_csv_rows(path: Path) -> list[list[str]]:
    """All records of a CSV written by :func:`write_csv`, header first."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


# -- Parquet ------------------------------------------------------------------------------------


def write_parquet(directory: Path, table: str, data: pa.Table | None = None, order: pa.Array | None = None) -> Path:
    """``<table>.parquet`` of ``<table>.csv``'s values, typed by :func:`schemas.arrow_schema`: read from
    the CSV, or taken from the Arrow table :func:`write_arrow_csv` wrote it from (``data``, in the ``order``
    it returned: the same values without reading 100 MB of CSV back, see :func:`_as_read_back`)."""
    target_schema = schemas.arrow_schema(table)
    from_csv = data is None
    data = _read_back(directory, table, target_schema) if from_csv else data
    columns = []
    for name in target_schema.names:   # (each column's blocks let go as it is joined: a table less at the peak)
        column = data.column(name)
        if not from_csv:
            column = _as_read_back(column if order is None else column.take(order))
        columns.append(column.combine_chunks())
        data = data.drop_columns([name])
    del data
    typed = pa.Table.from_arrays(columns, schema=target_schema.with_metadata({**target_schema.metadata, **_pandas_metadata(table)}))
    del columns
    path = directory / parquet_name(table)
    with atomic_path(path) as tmp:
        pq.write_table(
            typed,
            tmp,
            compression="zstd",
            compression_level=9,
            use_dictionary=True,
            write_statistics=True,
            row_group_size=1 << 20,
            version="2.6",
        )
    return path


def _read_back(directory: Path, table: str, target_schema: pa.Schema) -> pa.Table:
    return pacsv.read_csv(
        directory / csv_name(table),
        read_options=pacsv.ReadOptions(block_size=1 << 24),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types={f.name: f.type for f in target_schema},
            include_columns=target_schema.names,
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
            true_values=["true"],
            false_values=["false"],
        ),
    )


def _as_read_back(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """A typed column as :func:`_read_back` reads its CSV text: the same values, except that an empty
    text is missing (the CSV writes "" and a missing value alike). Integers, dates and booleans are
    written as text that reads back as the same value (tests/pipeline/test_parquet_from_rows.py)."""
    if not pa.types.is_string(column.type) and not pa.types.is_large_string(column.type):
        return column
    return pc.if_else(pc.equal(column, ""), pa.scalar(None, column.type), column)


def _pandas_metadata(table: str) -> dict[bytes, bytes]:
    """The ``pandas`` schema metadata pyarrow writes for a DataFrame with :data:`schemas.PANDAS_DTYPES`.

    pandas (and pyarrow's ``to_pandas``) rebuild those dtypes from it; polars, DuckDB and R read the
    Arrow types and ignore it.
    """
    import pandas as pd

    empty = pd.DataFrame({f["name"]: pd.Series([], dtype=schemas.PANDAS_DTYPES.get(f["type"], "str"))
                          for f in schemas.fields(table)})
    return {b"pandas": pa.Schema.from_pandas(empty, preserve_index=False).metadata[b"pandas"]}


# -- schemas and datapackage.json ---------------------------------------------------------------


def write_schemas(directory: Path) -> None:
    for table in schemas.TABLES:
        write_bytes_atomic(directory / schema_name(table), schemas.schema_path(table).read_bytes())


def file_stats(path: Path) -> tuple[int, str]:
    h = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
            size += len(chunk)
    return size, h.hexdigest()


def resource_descriptor(table: str, directory: Path | None = None, licenses: list[dict] | None = None,
                        stats: dict[str, tuple[int, str]] | None = None) -> dict:
    """The Frictionless resource of ``table``; with ``directory``, also bytes and sha256 of its files
    (``stats``: :func:`file_stats` of some of them by file name, taken where they were written)."""
    stats = stats or {}
    schema = {k: v for k, v in schemas.table_schema(table).items() if k != "$schema"}
    res: dict[str, Any] = {
        "name": table,
        "type": "table",
        "path": csv_name(table),
        "scheme": "file",
        "format": "csv",
        "mediatype": CSV_MEDIATYPE,
        "encoding": "utf-8",
        "description": schema.get("description", ""),
    }
    if licenses:
        res["licenses"] = licenses
    if directory is not None:
        size, digest = stats.get(csv_name(table)) or file_stats(directory / csv_name(table))
        res["bytes"] = size
        res["hash"] = f"sha256:{digest}"
    res["schema"] = schema
    if directory is not None and (directory / parquet_name(table)).is_file():
        size, digest = stats.get(parquet_name(table)) or file_stats(directory / parquet_name(table))
        # Not a Frictionless resource of its own: the same rows as the CSV, typed.
        res["parquet"] = {
            "path": parquet_name(table),
            "mediatype": PARQUET_MEDIATYPE,
            "bytes": size,
            "hash": f"sha256:{digest}",
        }
    res["conformsTo"] = schema_name(table)
    return res


def datapackage_descriptor(directory: Path | None = None, licenses: list[dict] | None = None,
                           stats: dict[str, tuple[int, str]] | None = None) -> dict:
    """``licenses``: Frictionless licence objects (``path``, ``title``), stated for the package and for
    every resource, so a table taken out of the package still says under which terms it is published."""
    package: dict[str, Any] = {"name": PACKAGE_NAME, "title": PACKAGE_TITLE}
    if licenses:
        package["licenses"] = licenses
    package["resources"] = [resource_descriptor(t, directory, licenses, stats) for t in schemas.TABLES]
    return package


def write_datapackage(directory: Path, licenses: list[dict] | None = None,
                      stats: dict[str, tuple[int, str]] | None = None) -> Path:
    path = directory / DATAPACKAGE
    write_json(path, datapackage_descriptor(directory, licenses, stats))
    return path


def read_datapackage(directory: Path) -> dict:
    return json.loads((directory / DATAPACKAGE).read_text(encoding="utf-8"))
