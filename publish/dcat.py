"""DCAT-AP.de graph of the published outputs, and its serialisations.

``build_graph()`` turns the :class:`~publish.metadata.DatasetRecord` list into an rdflib graph:
one dcat:Catalog, one dcat:Dataset per record, one dcat:Distribution per file. Every node has an
IRI under the base URL (no blank nodes), so ``write_catalog()`` produces identical bytes for the
same records: catalog.ttl, catalog.rdf (RDF/XML) and catalog.jsonld.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF

from publish.metadata import CatalogConfig, DatasetRecord, DistributionRecord

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LOCN = Namespace("http://www.w3.org/ns/locn#")

# Where the official 2.0 and 3.0 shapes contradict each other (both as Violations), the graph
# follows ``catalog.dcat_ap_de`` (the DCAT-AP.de versions to conform to; default both):
# - checksum algorithm: 2.0 requires a term of http://dcat-ap.de/def/hashAlgorithms; 3.0 requires
#   an spdx:ChecksumAlgorithm and only warns that the 2.0 list is deprecated. For both: the 2.0
#   term, typed spdx:ChecksumAlgorithm. For 3.0 alone: spdx:checksumAlgorithm_sha256.
# - dcat:byteSize: 2.0 requires xsd:decimal, 3.0 xsd:nonNegativeInteger; no literal satisfies
#   both, so for both it is left out (the size stays in the CKAN resource, datapackage.json and
#   on index.html).
SHA256_DCATDE = URIRef("http://dcat-ap.de/def/hashAlgorithms/sha/256")
SHA256_SPDX = URIRef("http://spdx.org/rdf/terms#checksumAlgorithm_sha256")

PREFIXES = {
    "dcat": DCAT,
    "dct": DCTERMS,
    "dcatde": DCATDE,
    "foaf": FOAF,
    "vcard": VCARD,
    "spdx": SPDX,
    "locn": LOCN,
    "xsd": XSD,
}


def _de(text: str) -> Literal:
    return Literal(text, lang="de")


def _date(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def build_graph(records: list[DatasetRecord], catalog: CatalogConfig) -> Graph:
    """The DCAT-AP.de graph of ``records`` (as returned by ``describe_outputs``)."""
    if not records:
        raise ValueError("no dataset records to describe")
    g = Graph()
    cat = URIRef(records[0].catalog_uri)
    pub = URIRef(catalog.publisher.uri)
    contact = URIRef(f"{cat}#contact-point")

    g.add((cat, RDF.type, DCAT.Catalog))
    g.add((cat, DCTERMS.title, _de(catalog.title)))
    g.add((cat, DCTERMS.description, _de(catalog.description)))
    g.add((cat, DCTERMS.publisher, pub))
    g.add((cat, DCTERMS.license, URIRef(catalog.license.uri)))
    for lang in catalog.language_uris:
        g.add((cat, DCTERMS.language, URIRef(lang)))
    if catalog.homepage:
        g.add((cat, FOAF.homepage, URIRef(catalog.homepage)))
    modified = max((r.modified for r in records if r.modified), default=None)
    if modified:
        g.add((cat, DCTERMS.modified, _date(modified)))
    issued = min((r.issued for r in records if r.issued), default=None)
    if issued:
        g.add((cat, DCTERMS.issued, _date(issued)))

    g.add((pub, RDF.type, FOAF.Organization))
    g.add((pub, FOAF.name, _de(catalog.publisher.name)))
    if catalog.publisher.homepage:
        g.add((pub, FOAF.homepage, URIRef(catalog.publisher.homepage)))

    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, _de(catalog.contact.name)))
    g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{catalog.contact.email}")))
    if catalog.contact.url:
        g.add((contact, VCARD.hasURL, URIRef(catalog.contact.url)))

    geo = URIRef(catalog.geocoding_uri)
    g.add((geo, RDF.type, DCTERMS.Location))
    versions = set(catalog.dcat_ap_de)
    algorithm = SHA256_SPDX if versions == {"3.0"} else SHA256_DCATDE
    g.add((algorithm, RDF.type, SPDX.ChecksumAlgorithm))
    size_type = {frozenset({"2.0"}): XSD.decimal, frozenset({"3.0"}): XSD.nonNegativeInteger}.get(frozenset(versions))

    for record in records:
        ds = URIRef(record.uri)
        g.add((cat, DCAT.dataset, ds))
        _add_dataset(g, ds, record, pub, contact, algorithm, size_type)
    return g


def _add_dataset(g: Graph, ds, r: DatasetRecord, pub, contact, algorithm, size_type) -> None:
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, _de(r.title)))
    g.add((ds, DCTERMS.description, _de(r.description)))
    g.add((ds, DCTERMS.identifier, Literal(r.name)))
    for kw in r.keywords:
        g.add((ds, DCAT.keyword, _de(kw)))
    for theme in r.theme_uris:
        g.add((ds, DCAT.theme, URIRef(theme)))
    for lang in r.language_uris:
        g.add((ds, DCTERMS.language, URIRef(lang)))
    g.add((ds, DCTERMS.publisher, pub))
    g.add((ds, DCAT.contactPoint, contact))
    g.add((ds, DCATDE.contributorID, URIRef(r.contributor_id)))
    g.add((ds, DCATDE.politicalGeocodingURI, URIRef(r.geocoding_uri)))
    g.add((ds, DCATDE.politicalGeocodingLevelURI, URIRef(r.geocoding_level_uri)))
    g.add((ds, DCTERMS.spatial, URIRef(r.geocoding_uri)))
    g.add((ds, DCTERMS.accrualPeriodicity, URIRef(r.accrual_periodicity)))
    g.add((ds, DCAT.landingPage, URIRef(r.landing_page)))
    if r.issued:
        g.add((ds, DCTERMS.issued, _date(r.issued)))
    if r.modified:
        g.add((ds, DCTERMS.modified, _date(r.modified)))
    if r.temporal_start or r.temporal_end:
        period = URIRef(f"{ds}#temporal")
        g.add((ds, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if r.temporal_start:
            g.add((period, DCAT.startDate, _date(r.temporal_start)))
        if r.temporal_end:
            g.add((period, DCAT.endDate, _date(r.temporal_end)))
    for d in r.distributions:
        dist = URIRef(d.uri)
        g.add((ds, DCAT.distribution, dist))
        _add_distribution(g, dist, d, algorithm, size_type)


def _add_distribution(g: Graph, dist: URIRef, d: DistributionRecord, algorithm, size_type) -> None:
    g.add((dist, RDF.type, DCAT.Distribution))
    g.add((dist, DCTERMS.title, _de(d.title)))
    g.add((dist, DCTERMS.description, _de(d.description)))
    g.add((dist, DCAT.accessURL, URIRef(d.access_url)))
    g.add((dist, DCAT.downloadURL, URIRef(d.download_url)))
    g.add((dist, DCTERMS.format, URIRef(d.format_uri)))
    g.add((dist, DCAT.mediaType, URIRef(d.media_type_uri)))
    if size_type is not None:
        g.add((dist, DCAT.byteSize, Literal(str(d.byte_size), datatype=size_type)))
    g.add((dist, DCTERMS.license, URIRef(d.license_uri)))
    g.add((dist, DCATDE.licenseAttributionByText, _de(d.license_attribution)))
    if d.conforms_to:
        g.add((dist, DCTERMS.conformsTo, URIRef(d.conforms_to)))
    if d.issued:
        g.add((dist, DCTERMS.issued, _date(d.issued)))
    if d.modified:
        g.add((dist, DCTERMS.modified, _date(d.modified)))
    checksum = URIRef(f"{dist}#checksum")
    g.add((dist, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, algorithm))
    g.add((checksum, SPDX.checksumValue, Literal(d.sha256, datatype=XSD.hexBinary)))


def _sorted_copy(graph: Graph) -> Graph:
    """Same triples, inserted in sorted order, with our prefixes."""
    out = Graph(bind_namespaces="core")
    for prefix, ns in PREFIXES.items():
        out.bind(prefix, ns)
    for triple in sorted(graph, key=lambda t: tuple(term.n3() for term in t)):
        out.add(triple)
    return out


def serialize(graph: Graph) -> dict[str, bytes]:
    """File name -> bytes of catalog.ttl, catalog.rdf and catalog.jsonld; same graph, same bytes.

    rdflib's Turtle writer sorts; its RDF/XML and JSON-LD writers follow set iteration order
    (which changes with PYTHONHASHSEED), so RDF/XML is written here and JSON-LD is normalised.
    """
    g = _sorted_copy(graph)
    return {
        "catalog.ttl": g.serialize(format="turtle", encoding="utf-8"),
        "catalog.rdf": _rdfxml(g).encode("utf-8"),
        "catalog.jsonld": _jsonld(g).encode("utf-8"),
    }


def _qname(g: Graph, iri: URIRef) -> str:
    prefix, _, local = g.namespace_manager.compute_qname_strict(str(iri))
    return f"{prefix}:{local}"


def _rdfxml(g: Graph) -> str:
    """Flat RDF/XML: one node element per subject (sorted), properties sorted; IRIs only."""
    subjects = sorted(set(g.subjects()), key=str)
    if any(not isinstance(s, URIRef) for s in subjects):
        raise ValueError("RDF/XML writer expects IRIs only (no blank nodes)")
    used = {p for p in g.predicates()} | set(g.objects(None, RDF.type))
    prefixes = sorted({_qname(g, p).split(":")[0] for p in used} | {"rdf"})
    ns = dict(g.namespace_manager.namespaces())
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    lines += [f"  xmlns:{p}={quoteattr(str(ns[p]))}" for p in prefixes]
    lines[-1] += ">"
    for s in subjects:
        types = sorted(g.objects(s, RDF.type), key=str)
        element = _qname(g, types[0]) if types else "rdf:Description"
        rest = [(RDF.type, t) for t in types[1:]] + [(p, o) for p, o in g.predicate_objects(s) if p != RDF.type]
        if not rest:
            lines.append(f"  <{element} rdf:about={quoteattr(str(s))}/>")
            continue
        lines.append(f"  <{element} rdf:about={quoteattr(str(s))}>")
        for p, o in sorted(rest, key=lambda po: (str(po[0]), po[1].n3())):
            tag = _qname(g, p)
            if isinstance(o, URIRef):
                lines.append(f"    <{tag} rdf:resource={quoteattr(str(o))}/>")
            elif isinstance(o, Literal):
                attr = f" xml:lang={quoteattr(o.language)}" if o.language else ""
                attr += f" rdf:datatype={quoteattr(str(o.datatype))}" if o.datatype else ""
                lines.append(f"    <{tag}{attr}>{xml_escape(str(o))}</{tag}>")
            else:
                raise ValueError(f"RDF/XML writer expects IRIs only, got {o!r}")
        lines.append(f"  </{element}>")
    lines.append("</rdf:RDF>")
    return "\n".join(lines) + "\n"


def _jsonld(g: Graph) -> str:
    """rdflib's compacted JSON-LD with nodes, keys and (unordered) value arrays sorted."""
    context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    data = json.loads(g.serialize(format="json-ld", context=context, auto_compact=True))

    def norm(value):
        if isinstance(value, dict):
            return {k: (v if k == "@list" else norm(v)) for k, v in sorted(value.items())}
        if isinstance(value, list):
            return sorted((norm(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
        return value

    return json.dumps(norm(data), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_catalog(output_dir: str | Path, records: list[DatasetRecord], catalog: CatalogConfig) -> list[Path]:
    """Write catalog.ttl, catalog.rdf and catalog.jsonld into ``output_dir``; return their paths."""
    return write_graph(output_dir, build_graph(records, catalog))


def write_graph(output_dir: str | Path, graph: Graph) -> list[Path]:
    paths = []
    for name, data in serialize(graph).items():
        path = Path(output_dir) / name
        path.write_bytes(data)
        paths.append(path)
    return paths
