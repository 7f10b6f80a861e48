"""What the parser found in each document: one line of ``reports/parse_quality.csv`` per document.

A minutes document is never rejected for a missing fact, so this report is where a person sees,
document by document, what was read and what is missing (the parse warnings say why).
"""
from __future__ import annotations

from transforms.model import ParsedDocument

COLUMNS = ["file", "sha256", "kind", "layout", "session_date", "gremium", "start_time", "end_time",
           "attendees", "absent", "items", "decisions", "decisions_with_counts", "anfragen", "warnings"]


def quality_row(doc: ParsedDocument) -> list[str]:
    """The report's values for ``doc`` (all text; an empty cell is a fact not found)."""
    s = doc.session
    present = sum(1 for a in doc.attendees if a.status in ("present", "partial", "substitute"))
    absent = sum(1 for a in doc.attendees if a.status in ("absent", "excused", "represented"))
    counted = sum(1 for d in doc.decisions if d.yes is not None or d.no is not None)
    values = [
        doc.source_file, doc.document_id, doc.kind, doc.layout,
        (s.session_date if s else None), (s.committee if s else None),
        (s.start_time if s else None), (s.end_time if s else None),
        present, absent, len(doc.agenda_items), len(doc.decisions), counted, len(doc.anfragen), len(doc.warnings),
    ]
    return ["" if v is None else str(v) for v in values]
