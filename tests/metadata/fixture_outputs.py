"""A small, realistic output directory as the local catalog writer produces it.

Rows are generated from schemas/ (column order, types, enums, patterns), with realistic values
for the columns a reader looks at; nothing here restates the column list.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

import schemas

SESSION_DATES = [date(2023, 3, 2), date(2023, 6, 15), date(2023, 11, 30)]
SESSION_IDS = [f"digitalisierungsausschuss-{d.isoformat()}" for d in SESSION_DATES]
PERSONS = ["anna-schmidt", "bernd-mueller", "carla-oezdemir"]
DOC = hashlib.sha256(b"niederschrift").hexdigest()

# Realistic values by column name; any other column gets a value from its type/constraints.
_BY_NAME = {
    "session_id": lambda i: SESSION_IDS[i % 3],
    "first_session_id": lambda i: SESSION_IDS[0],
    "last_session_id": lambda i: SESSION_IDS[-1],
    "session_date": lambda i: SESSION_DATES[i % 3],
    "first_session_date": lambda i: SESSION_DATES[0],
    "last_session_date": lambda i: SESSION_DATES[-1],
    "minutes_date": lambda i: SESSION_DATES[i % 3],
    "committee": lambda i: "Digitalisierungsausschuss",
    "person_id": lambda i: PERSONS[i % 3],
    "chair_person_id": lambda i: PERSONS[0],
    "recorder_person_id": lambda i: PERSONS[1],
    "given_name": lambda i: ["Anna", "Bernd", "Carla"][i % 3],
    "family_name": lambda i: ["Schmidt", "Müller", "Özdemir"][i % 3],
    "item_number": lambda i: f"{i + 1}",
    "parent_number": lambda i: None,
    "replaced_by": lambda i: None,
    "paper_id": lambda i: f"{6978 + i}/2020-2025",
    "paper_reference": lambda i: f"{6978 + i}/2020-2025",
    "legislative_term": lambda i: "2020-2025",
    "start_time": lambda i: "17:00",
    "end_time": lambda i: "19:15",
    "title": lambda i: ["Digitalstrategie der Stadt", "Breitbandausbau", "Open-Data-Portal"][i % 3],
    "document_id": lambda i: DOC,
    "source_file": lambda i: f"{i:03d}_niederschrift.txt",
    "line_start": lambda i: 10 * i + 1,
    "line_end": lambda i: 10 * i + 9,
}


def _value(field: dict, i: int):
    if field["name"] in _BY_NAME:
        return _BY_NAME[field["name"]](i)
    c = field.get("constraints", {})
    if "enum" in c:
        return c["enum"][i % len(c["enum"])]
    return {
        "string": f"Text {i + 1} – äöü",
        "integer": int(c.get("minimum", 0)) + i,
        "number": 1.5 * i,
        "boolean": i % 2 == 0,
        "date": SESSION_DATES[i % 3],
    }[field["type"]]


def _frame(table: str, rows: int) -> pd.DataFrame:
    return pd.DataFrame({f["name"]: [_value(f, i) for i in range(rows)] for f in schemas.fields(table)})


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_output_dir(out: Path, rows: int = 3, parquet_in_datapackage: bool = False) -> Path:
    """Write <table>.csv/.parquet, schemas/<table>.schema.json and datapackage.json into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "schemas").mkdir(exist_ok=True)
    resources = []
    for table in schemas.TABLES:
        df = _frame(table, rows)
        csv_path, pq_path = out / f"{table}.csv", out / f"{table}.parquet"
        text = df.copy()
        for f in schemas.fields(table):
            if f["type"] == "boolean":  # as the catalog writer does: true/false
                text[f["name"]] = text[f["name"]].map({True: "true", False: "false"})
        text.to_csv(csv_path, index=False, lineterminator="\n")
        pq.write_table(pa.Table.from_pandas(df, schema=schemas.arrow_schema(table), preserve_index=False), pq_path)
        shutil.copyfile(str(schemas.schema_path(table)), out / "schemas" / f"{table}.schema.json")
        res = {
            "name": table,
            "path": f"{table}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": csv_path.stat().st_size,
            "hash": "sha256:" + _sha256(csv_path),
            "schema": f"schemas/{table}.schema.json",
        }
        if parquet_in_datapackage:
            res["parquet"] = {"path": pq_path.name, "bytes": pq_path.stat().st_size, "hash": "sha256:" + _sha256(pq_path)}
        resources.append(res)
    package = {"name": "ratsdaten", "profile": "tabular-data-package", "resources": resources}
    (out / "datapackage.json").write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out
