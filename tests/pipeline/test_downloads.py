"""What a data user downloads: typed Parquet in every reader, licences, honest coverage and URLs.

One run of the CLI on the seed corpus with a real base URL, one with the bundled placeholder.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import schemas
from publish.metadata import load_catalog
from tests.conftest import SAMPLES
from tests.pipeline.conftest import run_cli

BASE_URL = "https://opendata.bielefeld.de/ratsdaten/"   # not a host reserved for examples

# What each reader should make of each schema type, read without options.
PANDAS = {"string": ("str", "string"), "integer": ("Int64",), "number": ("Float64",), "boolean": ("boolean",),
          "date": ("date32[day][pyarrow]",)}
POLARS = {"string": "String", "integer": "Int64", "number": "Float64", "boolean": "Boolean", "date": "Date"}
DUCKDB = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE"}


def _catalog(root: Path, *extra: str):
    seeds = root / "seeds"
    shutil.copytree(SAMPLES, seeds)
    out = root / "public"
    result = run_cli("run", "--input", str(seeds), "--output", str(out), *extra)
    assert result.exit_code == 0, result.output
    return out, result


@pytest.fixture(scope="module")
def with_base_url(tmp_path_factory):
    return _catalog(tmp_path_factory.mktemp("base-url"), "--base-url", BASE_URL)


@pytest.fixture(scope="module")
def with_placeholder(tmp_path_factory):
    return _catalog(tmp_path_factory.mktemp("placeholder"))


def _read_everywhere(path: Path, table: str) -> pd.DataFrame:
    """Read ``path`` with pandas (default backend), polars and DuckDB, without options; check each
    reader's column types against the schema. Returns the pandas frame."""
    import duckdb
    import polars as pl

    frame = pd.read_parquet(path)
    polars_schema = pl.read_parquet(path).schema
    with duckdb.connect() as con:
        described = {name: kind for name, kind, *_ in
                     con.sql(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()}
    assert list(frame.columns) == list(polars_schema) == list(described) == schemas.field_names(table), table
    for f in schemas.fields(table):
        name, kind = f["name"], f["type"]
        assert str(frame[name].dtype) in PANDAS[kind], (table, name, frame[name].dtype)
        assert str(polars_schema[name]) == POLARS[kind], (table, name, polars_schema[name])
        assert described[name] == DUCKDB[kind], (table, name, described[name])
    return frame


def test_every_parquet_file_reads_with_the_schema_types_in_pandas_polars_and_duckdb(with_base_url):
    out, _ = with_base_url
    missing_ints = 0
    for t in schemas.TABLES:
        frame = _read_everywhere(out / f"{t}.parquet", t)
        csv = pd.read_csv(out / f"{t}.csv", keep_default_na=False, na_values=[""], dtype=str)
        assert len(csv) == len(frame), t
        missing_ints += sum(int(frame[f["name"]].isna().sum()) for f in schemas.fields(t) if f["type"] == "integer")
    # The seeds leave vote counts unstated: the missing integers that used to turn whole columns into float64.
    assert missing_ints > 0


def test_missing_values_of_every_type_keep_the_type(with_base_url, tmp_path):
    """Each table's first row with every optional cell emptied: still integers, booleans and dates."""
    from publish import catalog_files

    out, _ = with_base_url
    for t in schemas.TABLES:
        rows = catalog_files.read_csv_rows(out / f"{t}.csv")
        if len(rows) < 2:
            continue
        optional = [not f.get("constraints", {}).get("required") for f in schemas.fields(t)]
        blank = [("" if opt else cell) for cell, opt in zip(rows[1], optional)]
        catalog_files.write_csv(tmp_path / f"{t}.csv", rows[0], [rows[1], blank])
        catalog_files.write_parquet(tmp_path, t)
        frame = _read_everywhere(tmp_path / f"{t}.parquet", t)
        for f, opt in zip(schemas.fields(t), optional):
            assert bool(frame[f["name"]].isna().iloc[1]) == opt, (t, f["name"])


def test_datapackage_states_the_licence_for_the_package_and_every_resource_and_validates(with_base_url):
    out, _ = with_base_url
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    licence = load_catalog().license
    expected = [{"path": licence.url, "title": licence.name}]
    assert package["licenses"] == expected
    assert [r["licenses"] for r in package["resources"]] == [expected] * len(schemas.TABLES)
    frictionless = Path(sys.executable).with_name("frictionless")
    proc = subprocess.run([str(frictionless), "validate", "datapackage.json"], cwd=out, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "INVALID" not in proc.stdout


def test_a_table_without_rows_claims_no_temporal_coverage(with_base_url):
    from rdflib import Graph, URIRef
    from rdflib.namespace import DCTERMS

    out, _ = with_base_url
    rows = json.loads((out / "reports" / "run.json").read_text(encoding="utf-8"))["rows"]
    empty = [t for t, n in rows.items() if n == 0]
    assert empty, "the seeds give at least one empty table (vote_counts)"
    graph = Graph().parse(out / "catalog.ttl")
    prefix = load_catalog().name_prefix
    for t, n in rows.items():
        covered = list(graph.objects(URIRef(f"{BASE_URL}dataset/{prefix}-{t}"), DCTERMS.temporal))
        assert bool(covered) == (n > 0), (t, n)
    html = (out / "index.html").read_text(encoding="utf-8")
    for t in empty:
        section = html.split(f'id="{t}"', 1)[1].split("</section>", 1)[0]
        assert "keine Zeilen" in section


def test_no_placeholder_url_in_any_file_built_with_a_base_url(with_base_url):
    out, result = with_base_url
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        assert b"example.org" not in path.read_bytes(), path.relative_to(out)
    assert "placeholder" not in result.output
    html = (out / "index.html").read_text(encoding="utf-8")
    # Loading examples read from the configured base URL.
    assert f'pd.read_parquet(&#34;{BASE_URL}votes.parquet&#34;)' in html or f'pd.read_parquet("{BASE_URL}votes.parquet")' in html
    assert f"read_parquet('{BASE_URL}votes.parquet')" in html.replace("&#39;", "'")


def test_the_placeholder_base_url_warns_once_and_the_page_stays_usable(with_placeholder):
    from html.parser import HTMLParser

    out, result = with_placeholder
    placeholder = load_catalog().base_url
    assert "example.org" in placeholder
    assert result.output.count("ratsdaten: warning: the base URL") == 1, result.output
    meta = json.loads((out / "reports" / "metadata.json").read_text(encoding="utf-8"))
    assert meta["conforms"] is True and meta["base_url"] == placeholder
    assert "placeholder" in meta["summary"] and len(meta["warnings"]) == 1 and placeholder in meta["warnings"][0]
    assert "placeholder" in meta["report"]

    class Links(HTMLParser):
        hrefs: list = []

        def handle_starttag(self, tag, attrs):
            if tag == "a":
                self.hrefs.append(dict(attrs)["href"])

    html = (out / "index.html").read_text(encoding="utf-8")
    links = Links()
    links.feed(html)
    own = [h for h in links.hrefs if not h.startswith(("mailto:", "#"))
           and not h.startswith(("https://www.govdata.de", "https://specs.frictionlessdata.io", "https://www.bielefeld.de"))]
    assert own and all("://" not in h for h in own), own          # the page's own links are relative
    assert "example.org" not in html                               # examples read the files by name instead
    assert 'pd.read_parquet(&#34;votes.parquet&#34;)' in html or 'pd.read_parquet("votes.parquet")' in html
