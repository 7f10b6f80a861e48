"""write_metadata: the files it writes, their determinism, and refusing bad metadata."""
from __future__ import annotations

import dataclasses
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import schemas
from tests.metadata.fixture_outputs import build_output_dir
from publish.landing import write_metadata
from publish.metadata import License

ROOT = Path(__file__).resolve().parents[2]
METADATA_FILES = ["catalog.ttl", "catalog.rdf", "catalog.jsonld", "index.html", "DATA_DICTIONARY.md"]


@pytest.fixture(scope="module")
def written(tmp_path_factory, shapes_dir) -> Path:
    out = build_output_dir(tmp_path_factory.mktemp("written"))
    result = write_metadata(out, shapes_dir=shapes_dir)
    assert result.conforms, result.report.text(warnings=False)
    assert sorted(p.name for p in result.written) == sorted(METADATA_FILES)
    return out


def test_writing_twice_gives_identical_bytes(tmp_path, shapes_dir):
    a = build_output_dir(tmp_path / "a")
    b = build_output_dir(tmp_path / "b")
    write_metadata(a, shapes_dir=shapes_dir)
    write_metadata(b)  # own checks: same files
    for name in METADATA_FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_bytes_do_not_depend_on_hash_seed(written, tmp_path):
    """A fresh interpreter with another PYTHONHASHSEED writes the same catalog files."""
    out = build_output_dir(tmp_path / "seeded")
    code = "import sys; from publish.landing import write_metadata; assert write_metadata(sys.argv[1]).conforms"
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", code, str(out)], cwd=ROOT, env=env, check=True)
        for name in METADATA_FILES:
            assert (out / name).read_bytes() == (written / name).read_bytes(), (seed, name)


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # rdflib internals
def test_jsonld_and_rdfxml_parse_to_the_same_graph(written):
    from rdflib import Graph
    from rdflib.compare import isomorphic

    ttl = Graph().parse(written / "catalog.ttl", format="turtle")
    assert isomorphic(ttl, Graph().parse(written / "catalog.rdf", format="xml"))
    assert isomorphic(ttl, Graph().parse(written / "catalog.jsonld", format="json-ld"))


def test_nonconforming_metadata_is_not_written(tmp_path, shapes_dir, catalog):
    out = build_output_dir(tmp_path / "out")
    bad = dataclasses.replace(catalog, license=License("http://dcat-ap.de/def/licenses/no-such-licence", "x", None, "x"))
    result = write_metadata(out, catalog=bad, shapes_dir=shapes_dir)
    assert not result.conforms
    assert "K31" in result.report.text()
    assert result.written == []
    assert not any((out / name).exists() for name in METADATA_FILES)


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.links, self.tags = set(), [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a)


def test_index_lists_every_dataset_column_and_file(written):
    html = (written / "index.html").read_text(encoding="utf-8")
    page = _Page()
    page.feed(html)
    for table in schemas.TABLES:
        assert table in page.ids
        for field in schemas.fields(table):
            assert f"{table}.{field['name']}" in page.ids
            for value in field.get("constraints", {}).get("enum", []):
                assert f"<code>{value}</code>" in html
    downloads = [a for a in page.links if "download" in a.get("class", "")]
    assert len(downloads) == 2 * len(schemas.TABLES) + 1
    for a in downloads:
        assert (written / a["href"]).stat().st_size == int(a["data-bytes"])
    for a in page.links:  # every relative link resolves inside the output directory
        if not re.match(r"(https?|mailto):", a["href"]) and not a["href"].startswith("#"):
            assert (written / a["href"]).is_file(), a["href"]
    assert "read_parquet" in html and "duckdb" in html


def test_index_has_no_external_assets(written):
    page = _Page()
    page.feed((written / "index.html").read_text(encoding="utf-8"))
    # The filter's script is inline: the page works from file:// and loads nothing from elsewhere.
    assert not [t for t, a in page.tags if t in ("link", "img", "iframe", "object", "embed")]
    assert not [a for t, a in page.tags if "src" in a]


def test_data_dictionary_markdown(written):
    md = (written / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    for table in schemas.TABLES:
        assert f"(`{table}`)" in md
        for field in schemas.fields(table):
            assert f"| `{field['name']}`" in md
    assert "dl-de/by-2-0" in md


def test_jsonld_is_json(written):
    assert json.loads((written / "catalog.jsonld").read_text(encoding="utf-8"))


def test_with_the_catalog_writers_own_files(tmp_path, shapes_dir):
    """Contract with publish.catalog_files: its Parquet and datapackage.json are read as they are."""
    from publish import catalog_files

    out = build_output_dir(tmp_path / "out")
    for table in schemas.TABLES:
        catalog_files.write_parquet(out, table)
    catalog_files.write_schemas(out)
    catalog_files.write_datapackage(out)
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    declared = {r["parquet"]["path"]: r["parquet"]["hash"] for r in package["resources"]}

    result = write_metadata(out, shapes_dir=shapes_dir)
    assert result.conforms, result.report.text(warnings=False)
    parquet = [d for r in result.records for d in r.distributions if d.format == "Parquet"]
    assert {d.path: f"sha256:{d.sha256}" for d in parquet} == declared
