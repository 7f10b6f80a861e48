"""Word documents (.docx) to text: one line per paragraph, a blank line between paragraphs.

python-docx opens the package; the text is read from the body XML ourselves, because
python-docx's paragraph text skips tracked insertions (<w:ins>) and content controls
(<w:sdt>), both common in the templates council administrations use, and repeats merged
table cells. Headings are paragraphs like any other: their text, no markers. Line breaks
inside a paragraph (Shift+Enter) stay line breaks; table rows become tab-separated lines.

Known limit: automatic list numbering ("1.", "a)") is not in the text of the document but
computed by Word from numbering.xml, so it does not appear in the output.
"""
from __future__ import annotations

import io

import docx
from lxml import etree
from docx.oxml.ns import qn

from transforms.model import DocumentRejected, ParseWarning
from transforms.text.lines import LINE, PARAGRAPH, Token, assemble, text_tokens

_P, _TBL, _SDT, _SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
_TR, _T = qn("w:tr"), qn("w:t")
_NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
# Run content in document order: text, tabs, line breaks (w:delText, deleted text, is not
# among them; text boxes' fallback copies (mc:Fallback) are skipped so they appear once).
_RUN_CONTENT = etree.XPath(
    ".//w:r[not(ancestor::mc:Fallback)]/*[self::w:t or self::w:tab or self::w:br or self::w:cr "
    "or self::w:noBreakHyphen]", namespaces=_NAMESPACES)
# A row's own cells, also those wrapped in a cell-level content control.
_ROW_CELLS = etree.XPath("./w:tc | ./w:sdt/w:sdtContent/w:tc", namespaces=_NAMESPACES)
_RUN_TEXT = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}


def extract_docx(data: bytes) -> tuple[str, list[ParseWarning]]:
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - a malformed package raises zip, lxml, KeyError, ...
        raise DocumentRejected(f"the Word document is damaged and cannot be opened "
                               f"({type(exc).__name__}); save it again or export it as PDF") from None
    tokens: list[Token] = []
    _blocks(document.element.body, tokens)
    text = assemble(tokens)
    if not text.strip():
        raise DocumentRejected("the Word document contains no text (only images?): "
                               "export the original as text or run OCR")
    return text, []


def _blocks(container, tokens: list[Token]) -> None:
    """Paragraphs and tables of the body (or of a content control), in document order."""
    for element in container.iterchildren():
        if element.tag == _P:
            tokens.append(PARAGRAPH)
            tokens.extend(text_tokens(paragraph_text(element)))
            tokens.append(PARAGRAPH)
        elif element.tag == _TBL:
            tokens.append(PARAGRAPH)
            for row in element.iterchildren(_TR):
                tokens.append(LINE)
                tokens.append(_row_text(row))
                tokens.append(LINE)
            tokens.append(PARAGRAPH)
        elif element.tag == _SDT:
            for content in element.iterchildren(_SDT_CONTENT):
                _blocks(content, tokens)


def paragraph_text(paragraph) -> str:
    """The text of one <w:p>, with tabs and line breaks."""
    return "".join((node.text or "") if node.tag == _T else _RUN_TEXT[node.tag]
                   for node in _RUN_CONTENT(paragraph))


def _row_text(row) -> str:
    """Cells joined by tabs; a cell's paragraphs joined by spaces so the row stays one line."""
    cells = []
    for cell in _ROW_CELLS(row):
        # iter() also reaches the paragraphs of a table nested in the cell: part of its text.
        paragraphs = [paragraph_text(p) for p in cell.iter(_P)]
        cells.append(" ".join(" ".join(p.split("\n")) for p in paragraphs if p.strip()))
    return "\t".join(cells)
