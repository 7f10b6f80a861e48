"""Vectorised validation of a catalog's CSVs with the same findings as frictionless-py.

frictionless-py checks row by row (~50k rows/s here); a city's archive has
millions of rows. This checks the same rules over whole columns with pyarrow and
pandas, from the same schemas/: type, required, enum, pattern, minimum,
unique, primary key and foreign keys. ``tests/pipeline`` proves it reports the
same (table, row, column, rule) as frictionless-py on tables with seeded errors
of every kind the schemas express; frictionless-py stays the reference.

    validate_directory(directory) -> ValidationReport
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

import schemas
from publish.validation_report import ValidationError, ValidationReport

# frictionless-py's defaults for the types our schemas use
_TRUE = ("true", "True", "TRUE", "1")
_FALSE = ("false", "False", "FALSE", "0")
_INTEGER = r"[+-]?\d+"
_PROVENANCE = schemas.PROVENANCE_FIELDS


def _read(path: Path, table: str) -> pd.DataFrame:
    names = schemas.field_names(table)
    opts = pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, null_values=[""],
                                strings_can_be_null=True, quoted_strings_can_be_null=False)
    return pacsv.read_csv(path, convert_options=opts).to_pandas(types_mapper={pa.string(): pd.StringDtype()}.get)


def _parses(s: pd.Series, ftype: str) -> pd.Series:
    """True where the (non-missing) string parses as ``ftype``."""
    if ftype == "integer":
        return _each_distinct(s, lambda v: v.str.fullmatch(_INTEGER))
    if ftype == "boolean":
        return s.isin(_TRUE + _FALSE)
    if ftype == "date":
        return _each_distinct(s, lambda v: pd.to_datetime(v, format="%Y-%m-%d", errors="coerce").notna())
    if ftype == "number":
        return _each_distinct(s, lambda v: pd.to_numeric(v, errors="coerce").notna())
    return pd.Series(True, index=s.index)


def _each_distinct(s: pd.Series, test) -> pd.Series:
    """``test`` (a cell -> bool Series function) of every cell of ``s``, computed once per distinct
    value: ids, dates and line numbers repeat on thousands of rows. False where a cell is missing."""
    cells = pa.array(s)
    values = pc.drop_null(pc.unique(cells))
    passed = test(pd.Series(values, dtype=s.dtype)).fillna(False).to_numpy(bool)
    if passed.all():
        return s.notna()
    return _among(cells, values.filter(pa.array(passed)), s.index)


def _among(cells: pa.Array, values: pa.Array, index: pd.Index) -> pd.Series:
    """Whether each cell is one of ``values`` (pandas' isin makes a Python string of each value first)."""
    found = pc.is_in(cells, value_set=values.cast(cells.type))
    return pd.Series(pc.fill_null(found, False).to_numpy(zero_copy_only=False), index=index)


def _typed(s: pd.Series, ftype: str) -> pd.Series:
    if ftype == "integer":   # (not as Int64: more digits than 64 bits hold would wrap around)
        return pd.to_numeric(s, errors="coerce")
    if ftype == "boolean":
        return s.isin(_TRUE).where(s.isin(_TRUE + _FALSE))
    if ftype == "number":
        return pd.to_numeric(s, errors="coerce")
    return s


def _below(s: pd.Series, ftype: str, ok: pd.Series, minimum) -> pd.Series:
    """True where a cell that parses as ``ftype`` is below ``minimum``."""
    if ftype == "integer":   # Arrow's cast: a tenth of pandas' time for a city's line numbers
        try:
            text = pc.if_else(pa.array(ok.to_numpy(bool)), pa.array(s.array, pa.string()), pa.scalar(None, pa.string()))
            below = pc.fill_null(pc.less(pc.cast(text, pa.int64()), minimum), False)
            return pd.Series(below.to_numpy(zero_copy_only=False), index=s.index)
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            pass   # what Arrow does not read as int64 ("+1", more digits than 64 bits hold): pandas reads it
    return (_typed(s, ftype) < minimum).fillna(False).astype(bool)


def _errors(table: str, df: pd.DataFrame, mask: pd.Series, column: str | list[str], rule: str, message: str) -> list:
    """One error per row in ``mask``; ``column`` is a field or the fields of a key (reported as "a,b")."""
    if not mask.any():   # (the usual case: asked once per check and column)
        return []
    columns = [column] if isinstance(column, str) else list(column)
    idx = mask[mask].index
    if len(idx) == 0:
        return []
    prov = df.loc[idx, list(_PROVENANCE)] if set(_PROVENANCE) <= set(df.columns) else None
    out = []
    for i in idx:
        line_start = line_end = None
        doc = src = None
        if prov is not None:
            doc, src, ls, le = prov.loc[i]
            line_start = int(ls) if pd.notna(ls) and str(ls).isdigit() else None
            line_end = int(le) if pd.notna(le) and str(le).isdigit() else None
            doc = None if pd.isna(doc) else doc
            src = None if pd.isna(src) else src
        cells = [df.at[i, c] for c in columns]
        value = ",".join("None" if pd.isna(v) else str(v) for v in cells)
        if len(cells) == 1 and pd.isna(cells[0]):
            value = None
        out.append(ValidationError(table, int(i) + 2, ",".join(columns), rule, message, value, doc, src,
                                   line_start, line_end))
    return out


def _check_table(table: str, df: pd.DataFrame, valid_cells: dict) -> list[ValidationError]:
    errs: list[ValidationError] = []
    for f in schemas.fields(table):
        name, ftype, c = f["name"], f["type"], f.get("constraints", {})
        s = df[name]
        missing = s.isna()
        ok = _parses(s, ftype) & ~missing
        errs += _errors(table, df, ~missing & ~ok, name, "type", f'type is "{ftype}/default"')
        valid_cells[(table, name)] = ok
        if c.get("required"):
            errs += _errors(table, df, missing, name, "required", 'constraint "required" is "True"')
        if "enum" in c:
            errs += _errors(table, df, ok & ~s.isin(c["enum"]), name, "enum", f'constraint "enum" is "{c["enum"]}"')
        if "pattern" in c:
            fits = _each_distinct(s, lambda v: v.str.fullmatch(c["pattern"]))
            errs += _errors(table, df, ok & ~fits, name, "pattern", f'constraint "pattern" is "{c["pattern"]}"')
        if "minimum" in c:
            below = _below(s, ftype, ok, c["minimum"])
            errs += _errors(table, df, ok & below, name, "minimum", f'constraint "minimum" is "{c["minimum"]}"')
        if c.get("unique"):
            dup = s.where(ok).duplicated(keep="first") & ok
            errs += _errors(table, df, dup, name, "unique", "the same as in an earlier row")
    pk = schemas.primary_key(table)
    keys = df[pk]
    all_null = keys.isna().all(axis=1)
    dup = keys.duplicated(keep="first") & ~all_null
    errs += _errors(table, df, all_null | dup, pk, "primary-key", "duplicate or missing primary key")
    return errs


def _check_foreign_keys(table: str, frames: dict[str, pd.DataFrame],
                        whole: Callable[[str], pd.DataFrame] | None = None) -> list[ValidationError]:
    """``frames``: each table's key columns; ``whole`` gives a table with all its columns, for the
    provenance of the rows in error (read again only where there are any)."""
    errs: list[ValidationError] = []
    df = frames[table]
    for fk in schemas.table_schema(table).get("foreignKeys", []):
        fields = [fk["fields"]] if isinstance(fk["fields"], str) else list(fk["fields"])
        ref = fk["reference"]
        target = ref["resource"] or table
        ref_fields = [ref["fields"]] if isinstance(ref["fields"], str) else list(ref["fields"])
        if target not in frames:
            continue
        # like frictionless-py: a key is looked up unless all of its parts are empty
        present = df[fields].notna().any(axis=1)
        if len(fields) == 1:   # (most keys: one column, looked up as it is)
            found = _among(pa.array(df[fields[0]]), pc.drop_null(pc.unique(pa.array(frames[target][ref_fields[0]]))),
                           df.index)
        else:
            keys = pd.MultiIndex.from_frame(df[fields].astype("string").fillna(""))
            known = pd.MultiIndex.from_frame(frames[target][ref_fields].dropna().astype("string"))
            found = pd.Series(keys.isin(known), index=df.index)
        missing = present & ~found
        if missing.any() and whole is not None:
            df, whole = whole(table), None   # (the same rows, read once: the provenance the errors report)
        errs += _errors(table, df, missing, fields, "foreign-key",
                        f'values of {fields} not found in "{target}" as {ref_fields}')
    return errs


def validate_frames(frames: dict[str, pd.DataFrame]) -> ValidationReport:
    """Validate tables given as all-string DataFrames (as read from the CSVs: missing values are NA)."""
    return _validate(((t, frames[t]) for t in schemas.TABLES if t in frames), frames.__getitem__)


def validate_directory(directory: Path) -> ValidationReport:
    """Validate ``<table>.csv`` for every table in ``directory``, one table read at a time."""
    directory = Path(directory)
    return _validate(((t, _read(directory / f"{t}.csv", t)) for t in schemas.TABLES if (directory / f"{t}.csv").exists()),
                     lambda t: _read(directory / f"{t}.csv", t))


def _validate(tables, whole: Callable[[str], pd.DataFrame]) -> ValidationReport:
    """Each table's own checks as it comes; of each table only the columns of the foreign keys are
    kept for them, and a table is read whole again only where a key is not found (a city's tables as
    Python strings all at once were the peak of the run's memory; their provenance columns, kept too,
    were two thirds of what was kept: 179 -> 61 MB at 20,000 minutes). ``whole``: a table by name."""
    errors: list[ValidationError] = []
    kept: dict[str, pd.DataFrame] = {}
    rows: dict[str, int] = {}
    need = _foreign_key_columns()
    for table, frame in tables:
        errors += _check_table(table, frame, {})
        rows[table] = len(frame)
        kept[table] = frame[[c for c in frame.columns if c in need[table]]]
        del frame
    for table in schemas.TABLES:
        if table in kept:
            errors += _check_foreign_keys(table, kept, whole)
    errors.sort(key=lambda e: (schemas.TABLES.index(e.table), e.row or 0, e.column or "", e.rule))
    return ValidationReport(valid=not errors, rows=rows, errors=errors)


def _foreign_key_columns() -> dict[str, set[str]]:
    """table -> the columns its foreign keys and the foreign keys of the others read."""
    need: dict[str, set[str]] = {t: set() for t in schemas.TABLES}
    for table in schemas.TABLES:
        for fk in schemas.table_schema(table).get("foreignKeys", []):
            ref = fk["reference"]
            need[table] |= {fk["fields"]} if isinstance(fk["fields"], str) else set(fk["fields"])
            target = ref["resource"] or table
            need.setdefault(target, set()).update([ref["fields"]] if isinstance(ref["fields"], str) else ref["fields"])
    return need
