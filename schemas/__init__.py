"""The one place columns are defined: a Frictionless Table Schema per table.

Everything else derives from these files: CSV header order, Parquet types,
validation, the data dictionary, CKAN resource descriptions and DCAT
distributions. Table names here are also the file names, Frictionless resource
names and CKAN resource name stems.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import pyarrow as pa

# Order matters: referenced tables come before the tables that reference them
# only where it helps a reader; validation does not depend on it.
TABLES: tuple[str, ...] = (
    "sessions",
    "attendance",
    "agenda_items",
    "votes",
    "vote_counts",
    "anfragen",
    "papers",
    "persons",
)

# Tables a catalog keeps for its own next run (in <catalog>/.state/), never published: schemas/state/.
PAPER_SOURCES = "paper_sources"   # what each document says about each paper: papers is merged from it
STATE_TABLES: tuple[str, ...] = (PAPER_SOURCES,)

PROVENANCE_FIELDS: tuple[str, ...] = ("document_id", "source_file", "line_start", "line_end")

_ARROW_TYPES = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
}


@lru_cache(maxsize=None)
def table_schema(table: str) -> dict:
    """The Frictionless Table Schema descriptor of ``table`` (a fresh dict is not returned: don't mutate)."""
    return json.loads(schema_path(table).read_text(encoding="utf-8"))


def field_names(table: str) -> list[str]:
    return [f["name"] for f in table_schema(table)["fields"]]


def fields(table: str) -> list[dict]:
    return table_schema(table)["fields"]


def primary_key(table: str) -> list[str]:
    return list(table_schema(table)["primaryKey"])


def arrow_schema(table: str) -> pa.Schema:
    """The Parquet/Arrow schema of ``table``, with each column's description as field metadata."""
    out = []
    for f in fields(table):
        required = bool(f.get("constraints", {}).get("required"))
        out.append(
            pa.field(
                f["name"],
                _ARROW_TYPES[f["type"]],
                nullable=not required,
                metadata={"description": f.get("description", "")},
            )
        )
    return pa.schema(out, metadata={"table": table, "description": table_schema(table)["description"]})


# How pandas should see each type when it reads our Parquet files without options (pd.read_parquet):
# integers and booleans with missing values stay integers and booleans (not float64 or object), dates
# are dates (not objects). Strings keep pandas' default.
PANDAS_DTYPES = {
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
    "date": "date32[day][pyarrow]",
}


def schema_path(table: str):
    """Path of the schema file (for publishing it next to the data)."""
    if table in STATE_TABLES:
        return resources.files(__package__).joinpath("state", f"{table}.schema.json")
    if table not in TABLES:
        raise KeyError(f"unknown table {table!r}; known: {', '.join(TABLES + STATE_TABLES)}")
    return resources.files(__package__).joinpath(f"{table}.schema.json")


def loose_arrow_schema(table: str) -> pa.Schema:
    """:func:`arrow_schema` with every column nullable: for tables being built, where a missing
    required value must stay missing so validation can name it."""
    return pa.schema([f.with_nullable(True) for f in arrow_schema(table)])


def to_pandas(data: pa.Table):
    """An Arrow table as a DataFrame with pandas' nullable dtypes (Int64, boolean, string), so
    missing integers and booleans stay missing instead of becoming floats or objects."""
    import pandas as pd

    return data.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype(),
                                        pa.string(): pd.StringDtype()}.get)


# The table and date column that give the catalog its temporal coverage (dct:temporal, the landing page).
COVERAGE_TABLE, COVERAGE_DATE = "sessions", "session_date"
assert any(f["name"] == COVERAGE_DATE and f["type"] == "date" for f in fields(COVERAGE_TABLE)), \
    "schemas: the temporal coverage column is missing from its table schema"
