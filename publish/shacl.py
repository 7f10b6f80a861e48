"""Check DCAT-AP.de metadata before it is published.

With a shapes directory (laid out like ``../shared/reference/dcat-ap-de``): pyshacl validation
against GovData's ITB profiles ``v20_de_spec``, ``v20_de_spec_implr`` (+ Konventionen) and
``v30_de_spec``. pyshacl does not follow the shapes' ``owl:imports``, so the vocabularies
(vocab/*.rdf, vocab/ontology-mirror/*, vocab/local-stubs/*.ttl) are merged into a copy of the
data graph, as the ITB validator effectively does. Where no current vocabulary file covers a
scheme (e.g. http://dcat-ap.de/def/hashAlgorithms), the membership of the terms the data uses is
taken from the v1.0.2 lists (vocab/v1.0.2-lists, rdf:Lists of the same code lists).

Without a shapes directory: the project's own checks of the mandatory DCAT-AP.de properties
(``own_findings`` below), so a run without the reference
files still refuses metadata a portal would reject.

Shapes and vocabularies are parsed once per process (cached by directory and profile).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, SH, SKOS

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

_V2 = [
    "v2.0/dcat-ap_2.1.1_shacl_shapes.ttl",
    "v2.0/dcat-ap-de-imports.ttl",
    "v2.0/dcat-ap-spec-german-messages.ttl",
    "v2.0/dcat-ap-spec-german-additions.ttl",
    "v2.0/dcat-ap-de-deprecated.ttl",
]
# GovData's ITB profiles (validator/resources/config.properties); see SOURCE.md there.
PROFILES: dict[str, list[str]] = {
    "v20_de_spec": _V2,
    "v20_de_spec_implr": _V2 + ["v2.0/dcat-ap-konventionen.ttl"],
    "v30_de_spec": [
        "v3.0/dcat-ap-SHACL.ttl",
        "v3.0/dcat-ap-de-imports.ttl",
        "v3.0/dcat-ap-SHACL-DE.ttl",
        "v3.0/dcat-ap-de-deprecated.ttl",
        "v3.0/dcat-ap-spec-german-additions.ttl",
        "v3.0/dcat-ap-de-controlledvocabularies.ttl",
    ],
}
DEFAULT_PROFILES: tuple[str, ...] = tuple(PROFILES)
OWN = "own-checks"
_VOCAB_GLOBS = ("vocab/*.rdf", "vocab/ontology-mirror/*", "vocab/local-stubs/*.ttl")
_LISTS_GLOB = "vocab/v1.0.2-lists/*.ttl"


class ShapesError(Exception):
    """The shapes directory is missing or incomplete."""


@dataclass(frozen=True)
class Finding:
    """One result: which rule, on which node and property, how severe."""

    profile: str  # "v20_de_spec", ..., or "own-checks"
    severity: str  # "Violation" | "Warning" | "Info"
    message: str  # the shape's message (German where the shapes have one)
    focus_node: str
    path: str | None = None
    value: str | None = None
    shape: str | None = None

    def line(self) -> str:
        where = f"{self.focus_node}" + (f" {self.path}" if self.path else "")
        value = f" (value: {self.value})" if self.value and self.value != self.focus_node else ""
        return f"[{self.profile}] {self.severity}: {self.message} — {where}{value}"


@dataclass
class Report:
    """Outcome of ``check_metadata``: conforms when no profile reports a Violation."""

    mode: str  # "shacl" (official shapes) or "own" (own checks)
    profiles: tuple[str, ...]
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Warning"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def summary(self, timing: bool = True) -> str:
        """One line for a run summary (``timing=False`` for files that must not change between runs)."""
        what = "official DCAT-AP.de shapes" if self.mode == "shacl" else "own checks of the mandatory properties"
        verdict = "conforms" if self.conforms else "DOES NOT CONFORM"
        return (
            f"DCAT-AP.de metadata {verdict} ({what}: {', '.join(self.profiles)}; "
            f"{len(self.violations)} violations, {len(self.warnings)} warnings"
            + (f", {self.seconds:.2f} s)" if timing else ")")
        )

    def text(self, warnings: bool = True, limit: int | None = None, timing: bool = True) -> str:
        """Summary plus one line per violation (and warning), violations first, for a CLI."""
        shown = [f for f in self.findings if f.severity == "Violation" or (warnings and f.severity == "Warning")]
        order = {"Violation": 0, "Warning": 1}
        shown.sort(key=lambda f: (order[f.severity], f.profile, f.focus_node, f.path or "", f.message))
        lines = [self.summary(timing), *("  " + f.line() for f in shown[:limit])]
        if limit is not None and len(shown) > limit:
            lines.append(f"  … and {len(shown) - limit} more")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()


def check_metadata(
    graph: Graph,
    shapes_dir: str | Path | None = None,
    profile: str | Sequence[str] = DEFAULT_PROFILES,
) -> Report:
    """Validate ``graph`` with the official shapes in ``shapes_dir``, else with the own checks."""
    start = time.perf_counter()
    if shapes_dir is None:
        report = Report(mode="own", profiles=(OWN,), findings=own_findings(graph))
    else:
        profiles = (profile,) if isinstance(profile, str) else tuple(profile)
        unknown = [p for p in profiles if p not in PROFILES]
        if unknown:
            raise ValueError(f"unknown profile(s) {unknown}; known: {', '.join(PROFILES)}")
        from pyshacl import validate   # (0.1 s to import, for every run: only where the official shapes are used)

        root = Path(shapes_dir).resolve()
        data = _data_graph(graph, root)
        findings = []
        for p in profiles:
            _, results, _ = validate(data, shacl_graph=_shapes(str(root), p), inference="none", allow_warnings=True)
            findings.extend(_findings(results, p))
        report = Report(mode="shacl", profiles=profiles, findings=findings)
    report.seconds = time.perf_counter() - start
    return report


# ----------------------------------------------------------------------------- official shapes


def _parse(paths: Iterable[Path]) -> Graph:
    g = Graph()
    for path in paths:
        fmt = "xml" if path.suffix in (".rdf", ".owl", ".xml") else "turtle"
        g.parse(path, format=fmt)
    return g


@lru_cache(maxsize=None)
def _shapes(root: str, profile: str) -> Graph:
    paths = [Path(root) / rel for rel in PROFILES[profile]]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise ShapesError(f"shapes for {profile} missing: {', '.join(missing)}")
    return _parse(paths)


@lru_cache(maxsize=None)
def _vocab(root: str) -> tuple[Graph, dict[URIRef, URIRef]]:
    """(merged vocabularies, {term: scheme} from the v1.0.2 lists for schemes not otherwise covered)."""
    paths = sorted(p for glob in _VOCAB_GLOBS for p in Path(root).glob(glob) if p.is_file())
    if not paths:
        raise ShapesError(f"no vocabularies under {root}/vocab: cannot check controlled vocabularies")
    vocab = _parse(paths)
    covered = set(vocab.objects(None, SKOS.inScheme))
    lists = _parse(sorted(Path(root).glob(_LISTS_GLOB)))
    members: dict[URIRef, URIRef] = {}
    for head, version in lists.subject_objects(DCTERMS.isVersionOf):
        scheme = _scheme_of(str(version))
        if scheme is None or scheme in covered:
            continue
        for rest in lists.objects(head, RDF.rest):
            for term in lists.items(rest):
                if isinstance(term, URIRef):
                    members[term] = scheme
    return vocab, members


def _scheme_of(version: str) -> URIRef | None:
    """https://www.dcat-ap.de/def/hashAlgorithms/1_0/ -> http://dcat-ap.de/def/hashAlgorithms."""
    if not version.startswith("https://www.dcat-ap.de/def/"):
        return None  # the EU frequency list: covered by the EU stubs
    parts = version.removeprefix("https://www.").rstrip("/").split("/")
    return URIRef("http://" + "/".join(parts[:-1]))


def _data_graph(graph: Graph, root: Path) -> Graph:
    if not root.is_dir():
        raise ShapesError(f"shapes directory {root} does not exist")
    vocab, members = _vocab(str(root))
    data = Graph()
    data += graph
    data += vocab
    for term in set(graph.objects()) & members.keys():
        data.add((term, SKOS.inScheme, members[term]))
    return data


def _findings(results: Graph, profile: str) -> list[Finding]:
    out = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        messages = list(results.objects(r, SH.resultMessage))
        german = [m for m in messages if isinstance(m, Literal) and m.language == "de"]
        message = str((german or messages or ["(no message)"])[0])
        path = results.value(r, SH.resultPath)
        value = results.value(r, SH.value)
        out.append(
            Finding(
                profile=profile,
                severity=str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
                message=message,
                focus_node=str(results.value(r, SH.focusNode)),
                path=_path(results, path) if path is not None else None,
                value=str(value) if value is not None else None,
                shape=str(results.value(r, SH.sourceShape)),
            )
        )
    return sorted(out, key=lambda f: (f.severity, f.focus_node, f.path or "", f.message))


_PREFIXES = {
    str(DCAT): "dcat:",
    str(DCTERMS): "dct:",
    str(DCATDE): "dcatde:",
    str(FOAF): "foaf:",
    str(VCARD): "vcard:",
    "http://spdx.org/rdf/terms#": "spdx:",
    str(SKOS): "skos:",
    "http://www.w3.org/ns/locn#": "locn:",
}


def _path(g: Graph, path) -> str:
    """A property path as text: ``dct:title``, ``dcat:bbox|dcat:centroid``, ``^dct:publisher``."""
    if isinstance(path, URIRef):
        return _short(path)
    alternatives = g.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_path(g, p) for p in g.items(alternatives))
    inverse = g.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path(g, inverse)
    if g.value(path, RDF.first) is not None:
        return "/".join(_path(g, p) for p in g.items(path))
    return "(complex path)"


def _short(term) -> str:
    text = str(term)
    for ns, prefix in _PREFIXES.items():
        if text.startswith(ns):
            return prefix + text[len(ns):]
    return text


# ----------------------------------------------------------------------------- own checks

LICENSES = "http://dcat-ap.de/def/licenses/"
CONTRIBUTORS = "http://dcat-ap.de/def/contributors/"
FILE_TYPES = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPES = ("https://www.iana.org/assignments/media-types/", "http://www.iana.org/assignments/media-types/")


def own_findings(g: Graph) -> list[Finding]:
    """The mandatory DCAT-AP.de properties (2.0 + Konventionen, 3.0), without the official shapes.

    Messages follow the wording of the official shapes.
    """
    out: list[Finding] = []

    def need(node, prop, message, check=None):
        values = list(g.objects(node, prop))
        if not values:
            out.append(Finding(OWN, "Violation", message, str(node), _short(prop)))
        for v in values:
            if check is not None and not check(v):
                out.append(Finding(OWN, "Violation", message, str(node), _short(prop), str(v)))

    def literal(v):
        return isinstance(v, Literal) and str(v).strip() != ""

    catalogs = set(g.subjects(RDF.type, DCAT.Catalog))
    if not catalogs:
        out.append(Finding(OWN, "Violation", "Es MUSS einen dcat:Catalog geben.", "(graph)"))
    for c in sorted(catalogs):
        need(c, DCTERMS.title, "dcat:Catalog: dct:title MUSS vorhanden und ein Literal sein.", literal)
        need(c, DCTERMS.description, "dcat:Catalog: dct:description MUSS vorhanden und ein Literal sein.", literal)
        _publisher(g, c, "dcat:Catalog", out)
    for d in sorted(g.subjects(RDF.type, DCAT.Dataset)):
        need(d, DCTERMS.title, "dcat:Dataset: dct:title MUSS vorhanden und ein Literal sein.", literal)
        need(d, DCTERMS.description, "dcat:Dataset: dct:description MUSS vorhanden und ein Literal sein.", literal)
        _publisher(g, d, "dcat:Dataset", out)
        ids = list(g.objects(d, DCATDE.contributorID))
        if len(ids) != 1 or not str(ids[0]).startswith(CONTRIBUTORS) or not isinstance(ids[0], URIRef):
            out.append(Finding(OWN, "Violation", "dcat:Dataset: dcatde:contributorID MUSS genau einmal vorkommen "
                               f"und eine IRI aus {CONTRIBUTORS} sein.", str(d), "dcatde:contributorID"))
    for x in sorted(g.subjects(RDF.type, DCAT.Distribution)):
        need(x, DCAT.accessURL, "dcat:Distribution: dcat:accessURL MUSS vorhanden und eine IRI sein.",
             lambda v: isinstance(v, URIRef))
        need(x, DCTERMS.license, f"dcat:Distribution: dct:license MUSS vorhanden und eine IRI aus {LICENSES} sein.",
             lambda v: isinstance(v, URIRef) and str(v).startswith(LICENSES) and not str(v).endswith("/"))
        for v in g.objects(x, DCTERMS.format):
            if not (isinstance(v, URIRef) and str(v).startswith(FILE_TYPES)):
                out.append(Finding(OWN, "Violation", f"dcat:Distribution: dct:format MUSS eine IRI aus {FILE_TYPES} sein.",
                                   str(x), "dct:format", str(v)))
        for v in g.objects(x, DCAT.mediaType):
            if not (isinstance(v, URIRef) and str(v).startswith(MEDIA_TYPES)):
                out.append(Finding(OWN, "Violation", "dcat:Distribution: dcat:mediaType MUSS eine IRI aus "
                                   f"{MEDIA_TYPES[0]} sein.", str(x), "dcat:mediaType", str(v)))
    return out


def _publisher(g: Graph, node, cls: str, out: list[Finding]) -> None:
    pubs = list(g.objects(node, DCTERMS.publisher))
    if len(pubs) != 1:
        out.append(Finding(OWN, "Violation", f"{cls}: dct:publisher MUSS genau einmal vorhanden sein.",
                           str(node), "dct:publisher"))
        return
    if not any(isinstance(n, Literal) and str(n).strip() for n in g.objects(pubs[0], FOAF.name)):
        out.append(Finding(OWN, "Violation", "foaf:Agent: foaf:name MUSS vorhanden sein.", str(pubs[0]), "foaf:name"))
