"""A small but complete output directory (CSV + Parquet per table + datapackage.json).

Built from ``schemas/`` only, so it follows every schema change. Used by the CKAN tests and by
``bench/ckan_publish.py`` while ``ratsdaten run`` cannot yet produce the seed catalog.
"""
from __future__ import annotations

import csv
import hashlib
import json
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

import schemas

SESSION_DATES = [date(2023, 11, 30), date(2024, 2, 15), date(2024, 5, 23)]


def _value(table: str, f: dict, i: int, salt: str):
    name, kind = f["name"], f["type"]
    if kind == "date":
        return SESSION_DATES[i % len(SESSION_DATES)] if name == "session_date" else date(2024, 1, 1) + timedelta(days=i)
    if kind == "integer":
        return i + 1
    if kind == "number":
        return i + 0.5
    if kind == "boolean":
        return i % 2 == 0
    if name == "session_id":
        return f"digitalisierungsausschuss-{SESSION_DATES[i % len(SESSION_DATES)].isoformat()}"
    if name.endswith("_time"):
        return f"1{i % 10}:00"
    return f"{table} {name} {i}{salt}"


def write_outputs(out: Path, rows: int = 3, changed: tuple[str, ...] = (), salt: str = "x") -> Path:
    """Write every table of ``schemas.TABLES`` with ``rows`` rows into ``out``.

    Tables named in ``changed`` get different cell texts (``salt``), as after a changed seed.
    """
    out.mkdir(parents=True, exist_ok=True)
    resources = []
    for table in schemas.TABLES:
        fields = schemas.fields(table)
        s = salt if table in changed else ""
        data = [{f["name"]: _value(table, f, i, s) for f in fields} for i in range(rows)]
        csv_path = out / f"{table}.csv"
        with csv_path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(schemas.field_names(table))
            for row in data:
                w.writerow(["" if v is None else (str(v).lower() if isinstance(v, bool) else v) for v in row.values()])
        schema = schemas.arrow_schema(table)
        tbl = pa.Table.from_pylist(data, schema=schema)
        pq.write_table(tbl, out / f"{table}.parquet")
        raw = csv_path.read_bytes()
        resources.append(
            {
                "name": table,
                "path": f"{table}.csv",
                "format": "csv",
                "bytes": len(raw),
                "hash": "sha256:" + hashlib.sha256(raw).hexdigest(),
                "schema": schemas.table_schema(table),
            }
        )
    package = {"name": "ratsdaten-bielefeld", "created": "2024-05-24T00:00:00Z", "resources": resources}
    (out / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")
    return out
