"""The extension says what a file should be; the content decides how it is read."""
from __future__ import annotations

import io
import zipfile

import pytest

from tests.conftest import SEED_NAMES
from tests.text.formats import missing_words
from transforms.model import DocumentRejected
from transforms.text import extract_text

@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_seed_line_is_found_in_order(seed_file, name, fmt):
    text, data = seed_file(name, fmt)
    extracted = extract_text(data, name.replace(".txt", f".{fmt}")).text
    assert missing_words(text, extracted, strip_markdown=fmt == "html") is None


@pytest.mark.parametrize("fmt, label", [("pdf", "a PDF"), ("docx", "a Word document (DOCX)"),
                                        ("html", "an HTML page")])
def test_txt_that_is_really_another_format_is_read_as_that(seed_file, fmt, label):
    text, data = seed_file(SEED_NAMES[2], fmt)
    result = extract_text(data, "niederschrift.txt")
    assert result.encoding == fmt
    assert result.warnings[0].message == f"the file is named .txt but is {label}; read as {label}"
    assert missing_words(text, result.text, strip_markdown=True) is None


def test_extension_is_case_insensitive(seed_file):
    assert extract_text(seed_file(SEED_NAMES[0], "pdf")[1], "NIEDERSCHRIFT.PDF").warnings == []


@pytest.mark.parametrize("filename, shown", [("a.doc", "'.doc'"), ("a.xlsx", "'.xlsx'"),
                                             ("niederschrift", "without an extension")])
def test_unsupported_extension_is_rejected_with_the_supported_ones(filename, shown):
    with pytest.raises(DocumentRejected) as excinfo:
        extract_text(b"Niederschrift", filename)
    assert excinfo.value.reason == (f"unsupported file type {shown}; supported are "
                                    ".txt, .md, .pdf, .docx, .html, .htm")


def test_pdf_name_with_text_content_is_rejected():
    with pytest.raises(DocumentRejected, match=r"named \.pdf but is not a PDF .*error page"):
        extract_text("Niederschrift über die Sitzung".encode(), "a.pdf")


def test_pdf_name_with_html_error_page_is_read_as_html():
    result = extract_text(b"<!DOCTYPE html><html><body><h1>Datei nicht gefunden</h1></body></html>", "a.pdf")
    assert (result.encoding, result.text) == ("html", "# Datei nicht gefunden")
    assert "named .pdf but is an HTML page" in result.warnings[0].message


def test_docx_name_with_text_content_is_rejected():
    with pytest.raises(DocumentRejected, match=r"named \.docx but is not a Word document"):
        extract_text(b"Niederschrift", "a.docx")


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize("data, reason", [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "the file is a PNG image, not a document: run OCR first"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 40, "the file is a JPEG image, not a document: run OCR first"),
    (b"II*\x00" + b"\x00" * 40, "the file is a TIFF image (a scan?), not a document: run OCR first"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40,
     "the file is a legacy Word/Office file (.doc); save it as .docx or PDF first"),
    (b"{\\rtf1\\ansi Niederschrift}", "the file is RTF; save it as .docx, PDF or plain text first"),
    (_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}),
     "the file is an OpenDocument file (.odt); save it as .docx or PDF first"),
    (_zip({"protokoll.txt": b"Niederschrift"}),
     "the file is a ZIP archive, not a Word document; unpack it first"),
])
def test_formats_to_convert_first_are_rejected_whatever_their_name(data, reason):
    for filename in ("a.txt", "a.pdf", "a.docx"):
        with pytest.raises(DocumentRejected) as excinfo:
            extract_text(data, filename)
        assert excinfo.value.reason == reason
