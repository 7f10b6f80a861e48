"""The DCAT-AP.de graph against GovData's official shapes, and the own checks."""
from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib import namespace as ns

from publish.dcat import write_catalog
from publish.metadata import describe_outputs
from publish.shacl import PROFILES, check_metadata


@pytest.fixture(scope="module")
def catalog_ttl(outputs, catalog, tmp_path_factory) -> Graph:
    """catalog.ttl as written and read back."""
    out = tmp_path_factory.mktemp("ttl")
    write_catalog(out, describe_outputs(outputs, catalog), catalog)
    return Graph().parse(out / "catalog.ttl", format="turtle")


SESSIONS_CSV = URIRef("https://daten.example.org/ratsdaten/dataset/ratsdaten-bielefeld-sessions/csv")
REMOVALS = {
    "licence": (SESSIONS_CSV, ns.DCTERMS.license, None),
    "publisher": (None, ns.DCTERMS.publisher, None),
    "accessURL": (SESSIONS_CSV, ns.DCAT.accessURL, None),
}
# (removal, profile, the shape's message shown to the user). DCAT-AP.de 2.0 without the
# Konventionen does not require a licence (only a Warning), so that pair is not listed.
EXPECTED = [
    ("licence", "v20_de_spec_implr", "K31: dcat:Distribution: dct:license MUSS eine IRI aus http://dcat-ap.de/def/licenses/"),
    ("licence", "v30_de_spec", "DE: dcat:Distribution: MUSS eine dcterms:license haben."),
    ("publisher", "v20_de_spec", "dcat:Catalog: dct:publisher MUSS genau einmal vorhanden sein."),
    ("publisher", "v20_de_spec_implr", "K36: dcat:Dataset: dct:publisher MUSS verwendet werden."),
    ("publisher", "v30_de_spec", "dcat:Catalog: dcterms:publisher MUSS MINDESTEN einmal vorkommen."),
    ("accessURL", "v20_de_spec", "dcat:Distribution: dcat:accessURL MUSS vorhanden und eine IRI oder BlankNode sein."),
    ("accessURL", "v20_de_spec_implr", "dcat:Distribution: dcat:accessURL MUSS vorhanden und eine IRI oder BlankNode sein."),
    ("accessURL", "v30_de_spec", "dcat:Distribution: dcat:accessURL MUSS MINDESTEN einmal vorkommen."),
]


def _without(graph: Graph, pattern) -> Graph:
    g = Graph()
    g += graph
    removed = list(g.triples(pattern))
    assert removed, f"nothing to remove for {pattern}"
    for triple in removed:
        g.remove(triple)
    return g


@pytest.mark.parametrize("profile", list(PROFILES))
def test_catalog_ttl_conforms_to_official_profile(catalog_ttl, shapes_dir, profile):
    report = check_metadata(catalog_ttl, shapes_dir, profile)
    assert report.mode == "shacl"
    assert report.violations == [], report.text(warnings=False)
    assert report.conforms


def test_all_profiles_at_once(catalog_ttl, shapes_dir):
    report = check_metadata(catalog_ttl, shapes_dir)
    assert report.profiles == tuple(PROFILES)
    assert report.conforms, report.text(warnings=False)
    assert "conforms" in report.summary()


@pytest.mark.parametrize("removal, profile, message", EXPECTED)
def test_removal_fails_with_the_shapes_message(catalog_ttl, shapes_dir, removal, profile, message):
    report = check_metadata(_without(catalog_ttl, REMOVALS[removal]), shapes_dir, profile)
    assert not report.conforms
    text = report.text()
    assert "DOES NOT CONFORM" in text
    assert message in text


@pytest.mark.parametrize("removal", list(REMOVALS))
def test_removal_fails_the_default_check(catalog_ttl, shapes_dir, removal):
    assert not check_metadata(_without(catalog_ttl, REMOVALS[removal]), shapes_dir).conforms


def test_own_checks_pass_the_good_graph(catalog_ttl):
    report = check_metadata(catalog_ttl)
    assert report.mode == "own"
    assert report.conforms, report.text()


@pytest.mark.parametrize(
    "removal, message",
    [
        ("licence", "dcat:Distribution: dct:license MUSS vorhanden"),
        ("publisher", "dcat:Catalog: dct:publisher MUSS genau einmal vorhanden sein."),
        ("accessURL", "dcat:Distribution: dcat:accessURL MUSS vorhanden"),
    ],
)
def test_own_checks_catch_the_same_removals(catalog_ttl, removal, message):
    report = check_metadata(_without(catalog_ttl, REMOVALS[removal]))
    assert not report.conforms
    assert message in report.text()
    assert str(SESSIONS_CSV) in report.text() or removal == "publisher"


def test_own_checks_catch_bad_vocabulary_terms(catalog_ttl):
    g = _without(catalog_ttl, (SESSIONS_CSV, ns.DCTERMS.format, None))
    g.add((SESSIONS_CSV, ns.DCTERMS.format, URIRef("http://example.org/csv")))
    g = _without(g, (None, ns.DCTERMS.license, None))
    g.add((SESSIONS_CSV, ns.DCTERMS.license, URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0/")))
    text = check_metadata(g).text()
    assert "dct:format MUSS eine IRI aus" in text
    assert "dct:license MUSS vorhanden und eine IRI aus" in text


def test_missing_shapes_directory_is_an_error(catalog_ttl, tmp_path):
    from publish.shacl import ShapesError

    with pytest.raises(ShapesError):
        check_metadata(catalog_ttl, tmp_path / "no-shapes")
