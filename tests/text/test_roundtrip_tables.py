"""The same minutes as .txt, PDF, DOCX and HTML give the same tables.

Only the provenance columns may differ (another document id, file name and line numbers).
A failure names the table, the row, the column and both values.
"""
from __future__ import annotations

import pandas as pd
import pytest

from tests.conftest import SAMPLES

PROVENANCE = ["document_id", "source_file", "line_start", "line_end"]
MINUTES = sorted(p.name for p in SAMPLES.glob("*.txt") if p.name[:3] in ("000", "001", "002"))


def _tables(data: bytes, filename: str) -> dict[str, pd.DataFrame]:
    # Imported here, not at module level: a parser that fails to import then fails these
    # tests one by one instead of stopping the collection of the whole suite.
    from transforms import build_tables, parse_document

    return build_tables([parse_document(data, filename)])


def _same(a, b) -> bool:
    if pd.api.types.is_scalar(a) and pd.api.types.is_scalar(b) and pd.isna(a) and pd.isna(b):
        return True
    if pd.api.types.is_scalar(a) and pd.isna(a) or pd.api.types.is_scalar(b) and pd.isna(b):
        return False
    if not pd.api.types.is_scalar(a) or not pd.api.types.is_scalar(b):
        return list(a) == list(b)  # list-valued cells (factions, signatories)
    return bool(a == b)


def _first_difference(table: str, fmt: str, expected: pd.DataFrame, actual: pd.DataFrame) -> str | None:
    if list(expected.columns) != list(actual.columns):
        return f"{table}: columns differ: txt {list(expected.columns)} vs {fmt} {list(actual.columns)}"
    for row in range(max(len(expected), len(actual))):
        if row >= len(expected) or row >= len(actual):
            extra, side = (actual, fmt) if row >= len(expected) else (expected, "txt")
            return (f"{table}: txt has {len(expected)} rows, {fmt} has {len(actual)}; first row only "
                    f"in {side}: {extra.iloc[row].to_dict()}")
        for column in expected.columns:
            want, got = expected.at[row, column], actual.at[row, column]
            if not _same(want, got):
                return f"{table}, row {row}, column {column}: txt {want!r} != {fmt} {got!r}"
    return None


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
@pytest.mark.parametrize("name", MINUTES)
def test_tables_equal_across_formats(seed_file, name, fmt):
    expected = _tables((SAMPLES / name).read_bytes(), name)
    actual = _tables(seed_file(name, fmt)[1], name.replace(".txt", f".{fmt}"))
    assert sorted(actual) == sorted(expected)
    differences = []
    for table in sorted(expected):
        want = expected[table].drop(columns=PROVENANCE, errors="ignore").reset_index(drop=True)
        got = actual[table].drop(columns=PROVENANCE, errors="ignore").reset_index(drop=True)
        difference = _first_difference(table, fmt, want, got)
        if difference:
            differences.append(difference)
    assert not differences, "\n".join(differences)
