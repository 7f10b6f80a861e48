"""Table building writes each table's Parquet from the Arrow rows it wrote the CSV from, not by reading
the CSV back: the Parquet must be byte for byte the one the CSV gives (what validation checked)."""
from __future__ import annotations

import datetime as dt
import shutil

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import schemas
from publish import catalog_files

GIVEN = {   # a value of each type; texts the CSV must quote or keep as they are
    "string": st.text(alphabet=' a,"\r\nÄß€\t;\'x0', min_size=1, max_size=6),
    "integer": st.integers(-(2 ** 40), 2 ** 40),
    "date": st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    "boolean": st.booleans(),
}
# and texts it writes as it writes a missing value
VALUES = {kind: st.one_of(st.none(), st.just(""), given) if kind == "string" else st.one_of(st.none(), given)
          for kind, given in GIVEN.items()}


def _rows(draw, table: str, n: int) -> pa.Table:
    key = schemas.primary_key(table)
    columns = {}
    for f in schemas.fields(table):
        if f["name"] in key:   # unique keys, in no particular order
            ids = draw(st.permutations(range(n)))
            columns[f["name"]] = [i if f["type"] == "integer" else f"k{i}" for i in ids]
        else:   # (a required column's missing value stops both ways alike: see the test below)
            values = (GIVEN if f.get("constraints", {}).get("required") else VALUES)[f["type"]]
            columns[f["name"]] = draw(st.lists(values, min_size=n, max_size=n))
    return pa.table(columns, schema=schemas.arrow_schema(table))


@st.composite
def tables(draw, table: str) -> pa.Table:
    return _rows(draw, table, draw(st.integers(0, 12)))


@pytest.mark.parametrize("table", schemas.TABLES)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_parquet_from_the_rows_is_the_parquet_of_the_csv(tmp_path, table, data):
    rows = data.draw(tables(table))
    from_rows, from_csv = tmp_path / "rows", tmp_path / "csv"
    shutil.rmtree(tmp_path, ignore_errors=True)
    from_rows.mkdir(parents=True)
    from_csv.mkdir()
    written = catalog_files.write_table_csv(from_rows, table, rows)
    assert written.order is not None and written.problems == []
    catalog_files.write_parquet(from_rows, table, rows, written.order)
    shutil.copy(from_rows / catalog_files.csv_name(table), from_csv / catalog_files.csv_name(table))
    catalog_files.write_parquet(from_csv, table)
    name = catalog_files.parquet_name(table)
    assert (from_rows / name).read_bytes() == (from_csv / name).read_bytes()


def _typed(table: str, rows: int, **texts: list) -> pa.Table:
    """``rows`` rows of ``table``: its required columns filled, ``texts`` as given, the rest missing."""
    example = {"string": "p{}", "integer": 1, "date": dt.date(2024, 1, 1), "boolean": True}
    columns = {}
    for f in schemas.fields(table):
        given = example[f["type"]] if f.get("constraints", {}).get("required") else None
        columns[f["name"]] = texts.get(f["name"]) or [given.format(i) if isinstance(given, str) else given
                                                      for i in range(rows)]
    return pa.table(columns, schema=schemas.arrow_schema(table))


def _texts(required: bool) -> list[tuple[str, str]]:
    """(table, column) of every text column, required or not, outside the tables' keys."""
    return [(t, f["name"]) for t in schemas.TABLES for f in schemas.fields(t)
            if f["type"] == "string" and bool(f.get("constraints", {}).get("required")) == required
            and f["name"] not in schemas.primary_key(t)]


@pytest.mark.parametrize("table,text", _texts(required=False))
def test_an_empty_text_is_missing_in_the_parquet_as_in_the_csv(tmp_path, table, text):
    import pyarrow.parquet as pq

    rows = _typed(table, 2, **{text: ["", "x"]})
    written = catalog_files.write_table_csv(tmp_path, table, rows)
    catalog_files.write_parquet(tmp_path, table, rows, written.order)
    assert pq.read_table(tmp_path / catalog_files.parquet_name(table)).column(text).to_pylist() == [None, "x"]


@pytest.mark.parametrize("table,text", _texts(required=True))
def test_a_required_text_left_empty_stops_the_parquet_either_way(tmp_path, table, text):
    rows = _typed(table, 1, **{text: [""]})
    written = catalog_files.write_table_csv(tmp_path, table, rows)
    with pytest.raises(pa.ArrowInvalid, match=text):
        catalog_files.write_parquet(tmp_path, table, rows, written.order)
    with pytest.raises(pa.ArrowInvalid, match=text):
        catalog_files.write_parquet(tmp_path, table)
