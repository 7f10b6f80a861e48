"""Bytes to text: encodings (.txt/.md), PDF text layers, DOCX and HTML.

    extract_text(data: bytes, filename: str) -> ExtractedText
    raises transforms.model.DocumentRejected with an actionable reason.

The file name's extension says what the file should be; the content decides how it is read
(a PDF saved as .txt is read as a PDF, with a warning). Every reader returns lines separated
by "\\n" and, where the source has paragraphs, a blank line between them, so the parser sees
the same shape of text whatever the format. Pure functions: no file or network access.

Modules: ``sniff`` (what the bytes are), ``encoding`` (text bytes), ``pdf``, ``docx``,
``html``, and ``lines`` (shared assembly of lines from markup).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from transforms.model import DocumentRejected, ParseWarning
from transforms.text.docx import extract_docx
from transforms.text.encoding import decode_text
from transforms.text.html import extract_html
from transforms.text.pdf import extract_pdf
from transforms.text.sniff import sniff, zip_kind

# Extension -> format. Order is the order named in rejection messages.
SUPPORTED = {".txt": "text", ".md": "text", ".pdf": "pdf", ".docx": "docx", ".html": "html",
             ".htm": "html"}
_NAMES = {"text": "plain text", "pdf": "a PDF", "docx": "a Word document (DOCX)",
          "html": "an HTML page"}


@dataclass
class ExtractedText:
    text: str                      # lines separated by "\n"; no trailing "\r"
    encoding: str                  # "utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "pdf", "docx", "html"
    warnings: list[ParseWarning] = field(default_factory=list)


def extract_text(data: bytes, filename: str) -> ExtractedText:
    """Decode ``data`` by format (from the file name's extension, checked against the content)."""
    extension = PurePath(filename).suffix.lower()
    expected = SUPPORTED.get(extension)
    if expected is None:
        shown = f"'{extension}'" if extension else "without an extension"
        raise DocumentRejected(f"unsupported file type {shown}; supported are "
                               f"{', '.join(SUPPORTED)}")
    if not data.strip():
        raise DocumentRejected("the file is empty")
    found = _content_format(data, expected)
    warnings: list[ParseWarning] = []
    if found != expected:
        warnings.append(ParseWarning(0, f"the file is named {extension} but is {_NAMES[found]}; "
                                        f"read as {_NAMES[found]}"))
    if found == "text":
        text, encoding, more = decode_text(data)
    elif found == "pdf":
        (text, more), encoding = extract_pdf(data), "pdf"
    elif found == "docx":
        (text, more), encoding = extract_docx(data), "docx"
    else:
        (text, more), encoding = extract_html(data), "html"
    return ExtractedText(text, encoding, warnings + more)


def _content_format(data: bytes, expected: str) -> str:
    """The format to read the bytes as; rejects what no reader can take."""
    sniffed = sniff(data)
    if sniffed == "zip":
        return zip_kind(data)
    if sniffed is not None:
        return sniffed
    if expected == "pdf":
        raise DocumentRejected(f"the file is named .pdf but is not a PDF (it starts with "
                               f"{data[:16]!r}); is the download truncated or an error page?")
    if expected == "docx":
        raise DocumentRejected(f"the file is named .docx but is not a Word document (it starts "
                               f"with {data[:16]!r}); is it a legacy .doc or an error page?")
    return expected  # text, or HTML without a doctype (fragments are common)
