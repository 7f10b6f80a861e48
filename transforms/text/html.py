"""HTML pages (SessionNet, ALLRIS) to text with the line structure a browser shows.

Council systems serve minutes and agendas as pages full of navigation, scripts and layout
tables. We drop what is never content, turn block elements into line breaks (paragraph-like
blocks into a blank line, so paragraphs read as in the .txt exports), and write table rows
as tab-separated lines. A layout table, whose cells hold whole blocks of text, is written
cell after cell instead, so its content keeps its lines.

The bytes are decoded by the page's declared charset, with the fallbacks of
:mod:`transforms.text.encoding` when there is none or it is wrong.
"""
from __future__ import annotations

import codecs
import re

from lxml import etree, html as lxml_html

from transforms.model import DocumentRejected, ParseWarning
from transforms.text.encoding import (
    check_not_binary,
    decode_text,
    normalise_newlines,
    repair_mojibake,
    replacement_warnings,
)
from transforms.text.lines import LINE, PARAGRAPH, Token, assemble, text_tokens

# Never content (dropped in extract_html): scripts, styles, navigation, and form controls' option lists.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_PARSER = lxml_html.HTMLParser(remove_comments=True, remove_pis=True)
# Blocks after which a reader sees a paragraph break ...
_PARAGRAPH_BLOCKS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl", "blockquote", "pre",
    "hr", "section", "article", "main", "header", "footer", "aside", "figure", "address",
    "fieldset", "details",
})
# ... and after which only a new line starts.
_LINE_BLOCKS = frozenset({"div", "li", "dt", "dd", "caption", "figcaption", "center",
                          "legend", "summary", "tbody", "thead", "tfoot", "form"})
_CELLS = ("td", "th")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML collapses these; not NBSP
# <meta charset="..."> and <meta http-equiv="Content-Type" content="...; charset=...">
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# The HTML standard decodes pages labelled Latin-1 or ASCII as windows-1252, and so do we.
_WINDOWS_1252_LABELS = frozenset({"latin_1", "iso8859-1", "ascii", "cp1252"})
_FAMILY = {"utf-8-sig": "utf-8", "latin-1": "cp1252"}  # decode_text's names -> charset names


def extract_html(data: bytes) -> tuple[str, list[ParseWarning]]:
    markup, warnings = decode_html(data)
    root = _parse(markup)
    # (XPath, not CSS selectors: a page's navigation is found in one pass)
    for el in root.xpath("//head | //script | //style | //noscript | //template | //nav | //iframe | //svg"
                         " | //canvas | //object | //select | //button | //*[@role='navigation'] | //*[@hidden]"):
        if el.getparent() is not None:
            el.drop_tree()   # keeps the text that follows it
    tokens: list[Token] = []
    body = root.find("body")
    _walk(body if body is not None else root, tokens, preformatted=False)
    text = assemble(tokens)
    if not text.strip():
        raise DocumentRejected("the HTML page has no text outside navigation and scripts; "
                               "is it the right page (not a search or login page)?")
    return text, warnings


def _parse(markup: str) -> etree._Element:
    """The page's tree, as browsers' lenient parsing builds it (lxml: libxml2's HTML parser)."""
    # lxml refuses text that still declares a byte encoding: the page is decoded already
    markup = _XML_DECLARATION.sub("", markup, count=1)
    if not markup.strip():
        return lxml_html.fromstring("<html><body></body></html>")
    try:
        return lxml_html.document_fromstring(markup, parser=_PARSER)
    except etree.ParserError:   # nothing but comments or whitespace
        return lxml_html.fromstring("<html><body></body></html>")


def declared_charset(data: bytes) -> str | None:
    """The charset the page declares in its first 4 KiB, as a Python codec name."""
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return label  # reported as unknown by decode_html
    return "cp1252" if name in _WINDOWS_1252_LABELS else name


def decode_html(data: bytes) -> tuple[str, list[ParseWarning]]:
    """Decode by BOM, then by the declared charset, then like a text file."""
    declared = declared_charset(data)
    has_bom = data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if declared is None or has_bom or declared in ("utf-8", "cp1252"):
        # decode_text tries UTF-8 first and tells damaged UTF-8 from Windows-1252: the right
        # decoder for both common declarations, and it notices when one is wrong.
        text, encoding, warnings = decode_text(data)
        found = _FAMILY.get(encoding, encoding)
        if declared and not has_bom and found != declared:
            warnings.insert(0, ParseWarning(0, f"the page declares charset {declared} but is "
                                               f"{found}; decoded as {found}"))
        return text, warnings
    try:
        codecs.lookup(declared)
    except LookupError:
        text, encoding, warnings = decode_text(data)
        warnings.insert(0, ParseWarning(0, f"the page declares an unknown charset '{declared}'; "
                                           f"decoded as {encoding}"))
        return text, warnings
    text = normalise_newlines(data.decode(declared, errors="replace"))
    check_not_binary(text)
    warnings = replacement_warnings(text, declared) if "\ufffd" in text else []
    text, repaired = repair_mojibake(text)
    if repaired:
        warnings.append(ParseWarning(0, f"repaired {repaired} double-encoded character(s) "
                                        "(UTF-8 that had been read as a single-byte charset)"))
    return text, warnings


_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _walk(node: etree._Element, tokens: list[Token], preformatted: bool) -> None:
    """The text of ``node``'s children (not of ``node`` itself, nor its tail) as tokens."""
    if node.text:
        _text(node.text, tokens, preformatted)
    for child in node:
        name = child.tag
        if not isinstance(name, str):   # comments, processing instructions
            pass
        elif name == "br":
            tokens.append(LINE)
        elif name == "tr":
            _row(child, tokens)
        elif name in _PARAGRAPH_BLOCKS:
            tokens.append(PARAGRAPH)
            if name in _HEADINGS:
                # Keep the heading level as Markdown marks: the minutes parser reads layout headings.
                tokens.append("#" * int(name[1]) + " ")
            _walk(child, tokens, preformatted or name == "pre")
            tokens.append(PARAGRAPH)
        elif name in _LINE_BLOCKS:
            tokens.append(LINE)
            _walk(child, tokens, preformatted)
            tokens.append(LINE)
        else:
            _walk(child, tokens, preformatted)
        if child.tail:
            _text(child.tail, tokens, preformatted)


def _text(text: str, tokens: list[Token], preformatted: bool) -> None:
    if preformatted:
        tokens.extend(text_tokens(normalise_newlines(text)))
    else:
        tokens.append(_HTML_SPACE.sub(" ", text))


def _short_cell(text: str) -> bool:
    return "\n" not in text or (len(text) < 250 and text.count("\n") <= 2 and "\n\n" not in text)


def _row(row: etree._Element, tokens: list[Token]) -> None:
    """A data row as one tab-separated line; a layout row as its cells' blocks in order."""
    cells = [c for c in row if c.tag in _CELLS]
    rendered: list[str] = []
    for cell in cells:
        cell_tokens: list[Token] = []
        _walk(cell, cell_tokens, preformatted=False)
        rendered.append(assemble(cell_tokens))
    tokens.append(LINE)
    if len(rendered) > 1 and all(_short_cell(text) for text in rendered):
        # A data row: a "<br>" inside a short cell ("Bebauungsplan Nr. 87<br>- Aufstellungsbeschluss") is
        # layout, so the row stays one line. Cells holding only spaces or &nbsp; are empty cells.
        tokens.append("\t".join(" ".join(p for p in text.split("\n") if p.strip()) if text.strip() else ""
                                for text in rendered))
    else:
        for text in rendered:
            tokens.append(PARAGRAPH)
            tokens.extend(text_tokens(text))
            tokens.append(PARAGRAPH)
    tokens.append(LINE)
