"""Documents in, tidy tables out: pure functions, no Prefect, no network, no file writes.

    parse_document(data, filename) -> ParsedDocument   (raises DocumentRejected)
    build_tables(documents) -> {table name: pandas.DataFrame}   (columns as in schemas/)
"""
from transforms import compiled

# (before any other module of the package is imported)
NATIVE = compiled.use_if_fresh(__path__)   # whether this process parses with the compiled modules

from transforms.model import DocumentRejected, ParsedDocument, ParseWarning
from transforms.parse import document_id, parse_document
from transforms.quality import quality_row
from transforms.tables import build_tables

__all__ = ["DocumentRejected", "ParsedDocument", "ParseWarning", "build_tables", "document_id", "parse_document",
           "quality_row"]
