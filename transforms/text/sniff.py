"""What the bytes are, whatever the file name says.

Downloads from council systems are often misnamed: a PDF saved as .txt, an HTML error page
saved as .pdf, a Word file behind a generic link. The extractor follows the content and
rejects, with a reason, the formats a person has to convert first.
"""
from __future__ import annotations

import io
import re
import zipfile

from transforms.model import DocumentRejected

# Formats we recognise but cannot read, and what the person should do about them.
_UNSUPPORTED_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "the file is a PNG image, not a document: run OCR first"),
    (b"\xff\xd8\xff", "the file is a JPEG image, not a document: run OCR first"),
    (b"GIF8", "the file is a GIF image, not a document: run OCR first"),
    (b"II*\x00", "the file is a TIFF image (a scan?), not a document: run OCR first"),
    (b"MM\x00*", "the file is a TIFF image (a scan?), not a document: run OCR first"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
     "the file is a legacy Word/Office file (.doc); save it as .docx or PDF first"),
    (b"{\\rtf", "the file is RTF; save it as .docx, PDF or plain text first"),
    (b"\x1f\x8b", "the file is gzip-compressed; unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "the file is a 7-Zip archive; unpack it first"),
    (b"Rar!", "the file is a RAR archive; unpack it first"),
)
# PDF readers accept the header anywhere in the first KiB (some generators prepend junk).
_PDF_HEADER_WINDOW = 1024
_HTML_START = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_UTF8_BOM = b"\xef\xbb\xbf"


def sniff(data: bytes) -> str | None:
    """``"pdf"``, ``"zip"``, ``"html"`` or None (plain text, or nothing we recognise).

    Raises DocumentRejected for images, archives and legacy formats.
    """
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-"):
        return "pdf"
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW] and b"endobj" in data:
        return "pdf"  # junk before the header; "endobj" tells it from a text quoting "%PDF-"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    for magic, reason in _UNSUPPORTED_MAGIC:
        if data.startswith(magic):
            raise DocumentRejected(reason)
    head = data[:1024].removeprefix(_UTF8_BOM)
    if _HTML_START.match(head):
        return "html"
    return None


def zip_kind(data: bytes) -> str:
    """What a ZIP container holds: ``"docx"``, or DocumentRejected with what it is instead."""
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise DocumentRejected(f"the file is a damaged or truncated ZIP/DOCX ({exc}); "
                               "download it again") from None
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names and "mimetype" in names:
        raise DocumentRejected("the file is an OpenDocument file (.odt); save it as .docx or PDF first")
    if any(name.startswith("xl/") for name in names):
        raise DocumentRejected("the file is an Excel workbook, not a document")
    if any(name.startswith("ppt/") for name in names):
        raise DocumentRejected("the file is a PowerPoint presentation, not a document")
    raise DocumentRejected("the file is a ZIP archive, not a Word document; unpack it first")
