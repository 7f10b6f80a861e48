"""One document's bytes → a :class:`ParsedDocument`, or :class:`DocumentRejected` with a reason."""
from __future__ import annotations

import hashlib
import re

from transforms import factions, papers
from transforms.minutes import nonpublic_cut, parse_minutes
from transforms.minutes.lines import split_lines
from transforms.model import DocType, DocumentRejected, ParsedDocument
from transforms.text import extract_text

_MINUTES = re.compile(r"^(?:Niederschrift|Protokoll|Sitzungsniederschrift|Ergebnisniederschrift)\b", re.I)


def _doc_type(lines) -> DocType:
    head = [ln for ln in lines if ln.text][:10]
    if any(_MINUTES.match(ln.text) for ln in head):
        return "Niederschrift"
    if head and papers.VORLAGE_KIND.match(head[0].text):
        return "Vorlage"
    texts = [ln.text for ln in lines if ln.text]
    has_marker = any(papers.MOTION_MARKERS.search(t) for t in texts)
    signed = sum(1 for a, b in zip(texts, texts[1:]) if factions.canonical(a) and len(b.split()) in (2, 3, 4))
    if (head and re.match(r"^Antrag\b", head[0].text)) or (has_marker and signed):
        return "Antrag"
    raise DocumentRejected(
        "not a Niederschrift, Antrag or Vorlage: no 'Niederschrift' heading, no Vorlage header and no motion "
        "with faction signatures in the text"
    )


def parse_document(data: bytes, filename: str) -> ParsedDocument:
    """Parse one document. Pure: no I/O; the same bytes always give the same result."""
    extracted = extract_text(data, filename)
    lines = split_lines(extracted.text)
    if not any(ln.text for ln in lines):
        raise DocumentRejected("the document contains no text")
    doc_type = _doc_type(lines)
    doc = ParsedDocument(
        document_id=hashlib.sha256(data).hexdigest(), source_file=filename, doc_type=doc_type,
        encoding=extracted.encoding, line_count=len(lines), warnings=list(extracted.warnings),
    )
    if doc_type == "Niederschrift":
        parse_minutes(doc, lines)
    else:
        cut = nonpublic_cut(lines)
        public = lines if cut is None else lines[:cut]
        parse = papers.parse_motion if doc_type == "Antrag" else papers.parse_vorlage
        doc.papers.append(parse(public, doc.warnings))
    return doc
