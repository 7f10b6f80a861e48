"""The table writer notices rows whose keys are not the schema's field names, however they were built."""
from __future__ import annotations

import datetime as dt

import pyarrow as pa

import schemas
from publish import catalog_files
from publish.validation import validate_tables


def _row(table: str) -> dict:
    """One valid-looking row of ``table``, keyed by the schema's field names."""
    values = {"string": "x", "integer": 1, "number": 1.0, "boolean": False, "date": dt.date(2023, 11, 30)}
    row = {f["name"]: values[f["type"]] for f in schemas.fields(table)}
    row.update(session_id="digitalisierungsausschuss-2023-11-30", committee="Digitalisierungsausschuss",
               document_id="0" * 64, start_time="17:00", end_time="18:00", legislative_term="2020-2025",
               chair_person_id=None, recorder_person_id=None)
    return row


def test_a_misspelled_required_key_in_from_pylist_with_a_schema_is_named_once(tmp_path):
    rows = [_row("sessions") for _ in range(3)]
    for i, r in enumerate(rows):
        r["session_id"] = f"digitalisierungsausschuss-2023-11-{i + 10}"
        r["sourcefile"] = r.pop("source_file")      # the typo: from_pylist(schema=...) drops it silently
    data = pa.Table.from_pylist(rows, schema=schemas.loose_arrow_schema("sessions"))
    assert data.column("source_file").null_count == 3          # what pyarrow does with it

    written = catalog_files.write_table_csv(tmp_path, "sessions", data)
    assert [(p.column, p.rule) for p in written.problems] == [("source_file", "empty-column")]
    assert "'source_file'" in written.problems[0].message and "3 rows" in written.problems[0].message
    report = validate_tables(tmp_path, written.problems)
    assert not report.valid and ("sessions", "source_file", "empty-column") in {
        (e.table, e.column, e.rule) for e in report.errors}


def test_a_misspelled_key_without_a_schema_is_a_missing_and_an_extra_column(tmp_path):
    row = _row("sessions")
    row["sourcefile"] = row.pop("source_file")
    written = catalog_files.write_table_csv(tmp_path, "sessions", pa.Table.from_pylist([row]))
    assert {(p.column, p.rule) for p in written.problems} == {("source_file", "missing-column"),
                                                             ("sourcefile", "extra-column")}


def test_empty_optional_columns_and_empty_tables_are_fine(tmp_path):
    data = pa.Table.from_pylist([_row("sessions")], schema=schemas.loose_arrow_schema("sessions"))
    assert data.column("chair_person_id").null_count == 1       # optional, empty in every row
    assert catalog_files.write_table_csv(tmp_path, "sessions", data).problems == []
    empty = schemas.loose_arrow_schema("votes").empty_table()
    assert catalog_files.write_table_csv(tmp_path, "votes", empty).problems == []
