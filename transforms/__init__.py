"""Documents in, tidy tables out: pure functions, no Prefect, no network, no file writes.

    parse_document(data, filename) -> ParsedDocument   (raises DocumentRejected)
    build_tables(documents) -> {table name: pandas.DataFrame}   (columns as in schemas/)
"""
from transforms.model import DocumentRejected, ParsedDocument, ParseWarning
from transforms.parse import parse_document
from transforms.tables import build_tables

__all__ = ["DocumentRejected", "ParsedDocument", "ParseWarning", "build_tables", "parse_document"]
