"""The vectorised validator reports exactly what frictionless-py reports.

The seed tables are written as the catalog writes them, then errors of every
kind the schemas can express are seeded into the CSV cells: type, required,
enum, pattern, minimum, unique, primary key and foreign key.
"""
from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

import schemas
import transforms
from publish import catalog_files, fast_validation, validation
from tests.conftest import SAMPLES


def _write_seed_tables(directory: Path) -> None:
    docs = [transforms.parse_document(p.read_bytes(), p.name) for p in sorted(SAMPLES.glob("*.txt"))]
    for table, frame in transforms.build_tables(docs).items():
        catalog_files.write_table_csv(directory, table, frame)


def _edit(directory: Path, table: str, edit) -> None:
    path = directory / f"{table}.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    edit(rows[0], rows[1:], rows)
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)


def _set(table_rows, header, row: int, column: str, value: str) -> None:
    table_rows[row][header.index(column)] = value


def _seed_errors(directory: Path, rng: random.Random) -> None:
    def sessions(h, r, _):
        _set(r, h, 0, "session_date", "2021-02-30")          # type (date)
        _set(r, h, 1, "committee", "")                        # required
        _set(r, h, 2, "start_time", "5 Uhr")                  # pattern
        _set(r, h, 1, "has_nonpublic_part", "ja")             # type (boolean)

    def attendance(h, r, all_rows):
        _set(r, h, 3, "status", "verreist")                   # enum
        _set(r, h, 4, "line_start", "0")                      # minimum
        _set(r, h, 5, "line_end", "12a")                      # type (integer)
        _set(r, h, 6, "person_id", "niemand-bekannt")         # foreign key -> persons
        all_rows.append(list(r[7]))                           # primary key (duplicate row)
        _set(r, h, 8, "session_id", "")                       # required + foreign key skipped (null)

    def agenda(h, r, _):
        _set(r, h, 2, "parent_number", "99")                  # foreign key to itself (session, parent)
        _set(r, h, 5, "item_type", "Quatsch")                 # enum
        _set(r, h, 6, "item_number", "drei")                  # pattern
        _set(r, h, 9, "paper_reference", "9999/2020-2025")    # foreign key -> papers

    def persons(h, r, _):
        _set(r, h, 1, "person_id", r[0][h.index("person_id")])  # unique + primary key
        _set(r, h, 2, "session_count", "0")                   # minimum
        for row, value in enumerate(("-3", "+0", "99999999999999999999", "007"), 4):
            _set(r, h, row, "session_count", value)           # minimum (Arrow reads some, pandas the others)
        _set(r, h, 3, "first_session_id", "rat-1999-01-01")  # foreign key -> sessions

    def papers(h, r, _):
        _set(r, h, 0, "paper_id", "")                         # required + primary key (all null)
        _set(r, h, 4, "consultation_count", str(rng.choice(["x", "-1", "2.5"])))

    for table, fn in (("sessions", sessions), ("attendance", attendance), ("agenda_items", agenda),
                      ("persons", persons), ("papers", papers)):
        _edit(directory, table, fn)


def _keys(report: validation.ValidationReport) -> set[tuple]:
    out = set()
    for e in report.errors:
        column = e.column if e.rule not in ("primary-key", "foreign-key") else None
        out.add((e.table, e.row, column, e.rule))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_same_findings_as_frictionless(tmp_path, seed):
    _write_seed_tables(tmp_path)
    _seed_errors(tmp_path, random.Random(seed))
    reference = validation.validate_tables(tmp_path, engine="frictionless")
    fast = fast_validation.validate_directory(tmp_path)
    ref_keys, fast_keys = _keys(reference), _keys(fast)
    assert ref_keys == fast_keys
    rules = {k[3] for k in ref_keys}
    assert {"type", "required", "enum", "pattern", "minimum", "unique", "primary-key", "foreign-key"} <= rules
    # provenance travels with each finding
    bad = next(e for e in fast.errors if e.table == "attendance" and e.rule == "enum")
    assert bad.source_file and bad.line_start and bad.document_id


def test_clean_tables_are_valid_for_both(tmp_path):
    _write_seed_tables(tmp_path)
    assert validation.validate_tables(tmp_path, engine="frictionless").valid
    report = fast_validation.validate_directory(tmp_path)
    assert report.valid, report.errors[:5]
    assert report.rows == {t: len(list(csv.reader((tmp_path / f"{t}.csv").open()))) - 1 for t in schemas.TABLES}


def test_a_foreign_key_finding_names_the_source_of_its_row(tmp_path):
    """Only the key columns of each table are kept for the foreign keys (memory); a table with a key
    not found is read again for the provenance of those rows, as validate_frames has it at hand."""
    _write_seed_tables(tmp_path)
    _seed_errors(tmp_path, random.Random(1))
    fast = fast_validation.validate_directory(tmp_path)
    found = [e for e in fast.errors if e.rule == "foreign-key"]
    assert {e.table for e in found} >= {"attendance", "agenda_items", "persons"}
    assert all(e.document_id and e.source_file and e.line_start for e in found), found
    frames = {t: fast_validation._read(tmp_path / f"{t}.csv", t) for t in schemas.TABLES}
    assert fast_validation.validate_frames(frames).errors == fast.errors


def test_the_foreign_keys_keep_their_key_columns_only():
    # (each table's kept columns are held until all tables are read: at 20,000 minutes 179 MB with the
    # provenance columns, 61 MB without)
    kept = fast_validation._foreign_key_columns()
    with_keys = [t for t in schemas.TABLES if schemas.table_schema(t).get("foreignKeys")]
    assert with_keys and all(kept[t] for t in with_keys)
    assert not any(set(schemas.PROVENANCE_FIELDS) & columns for columns in kept.values())
