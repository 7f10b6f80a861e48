"""Lines of a document with their Markdown-ish decoration removed.

Minutes arrive as Markdown-ish text (``##``, ``**bold**``), plain text, or text
extracted from PDF/DOCX/HTML. The parser works on :class:`Line` objects whose
``text`` is the same whatever the layout, and keeps ``raw`` for decisions that
need the decoration (a heading whose bold span continues on the next line).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING_MARK = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\((?:https?|mailto):[^)\s]*\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f]+")
_ESCAPED = re.compile(r"\\([*_#\[\]()\\-])")
# A letter directly before a trailing hyphen: a word broken across lines.
_BROKEN_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]-$")


@dataclass(slots=True)
class Line:
    no: int          # 1-based line number in the decoded text
    raw: str
    text: str        # decoration removed, whitespace collapsed, stripped
    marked: bool     # Markdown heading or entirely bold: a heading by layout

    @property
    def blank(self) -> bool:
        return not self.text


_DECORATION = re.compile(r"[#*_\\\[<]|\s\s|[\t\u00a0\u2000-\u200b\u202f]")
# Markup that some mirrors leave in extracted text: "<br />", "<strong>Markt</strong>gemeinderat".
_LITERAL_TAG = re.compile(r"</?(?:strong|b|i|em|u|br|p|span|div|font|sup|sub)\b[^<>]{0,200}>", re.I)
# "N i e d e r s c h r i f t", "A N F R A G E N": letters set apart by single spaces.
_LETTER_SPACED = re.compile(r"(?<![\w.])(?:[A-Za-zÄÖÜäöüß] ){3,}[A-Za-zÄÖÜäöüß](?![\w.])")
# Page furniture: "Seite: 1/7", "Seite 2 von 5", "- 3 -", "zum Seitenanfang".
_PAGE_FOOTER = re.compile(r"^(?:Seite:?\s*\d+\s*(?:/|von)\s*\d+|-\s*\d{1,3}\s*-|zum Seitenanfang)$", re.I)
# A page number glued to the next line's first word by PDF extraction: "-2Stadt Musterstadt", "-3Herr Lutz".
_GLUED_PAGE_NO = re.compile(r"^-\d{1,3}-?(?=[A-ZÄÖÜ])")


def clean(raw: str) -> str:
    """Remove Markdown decoration and collapse whitespace (tabs become single spaces)."""
    if not _DECORATION.search(raw):
        return raw.strip()  # most lines: plain prose
    if "<" in raw:
        raw = _LITERAL_TAG.sub("", raw)
    s = _HEADING_MARK.sub("", raw)
    s = _MD_LINK.sub(r"\1", s)
    s = _AUTOLINK.sub(r"\1", s)
    s = s.replace("**", "").replace("__", "")
    s = _ESCAPED.sub(lambda m: "\x00" if m.group(1) == "*" else m.group(1), s)
    s = s.strip().strip("*").replace("\x00", "*")
    return _SPACES.sub(" ", s).strip()


def is_marked(raw: str) -> bool:
    if "#" not in raw and "**" not in raw:
        return False
    s = raw.strip()
    if _HEADING_MARK.match(raw) and s.lstrip("#").strip():
        return True
    return s.startswith("**") and (s.endswith("**") or s.count("**") % 2 == 1)


def _tidy(text: str) -> str:
    """What layout leaves in a line's text: letter-spacing, page numbers glued on, page footers."""
    if " " in text and _LETTER_SPACED.search(text):
        text = _LETTER_SPACED.sub(lambda m: m.group(0).replace(" ", ""), text)
    if text[:1] == "-" and _GLUED_PAGE_NO.match(text):
        text = _GLUED_PAGE_NO.sub("", text)
    if len(text) < 24 and _PAGE_FOOTER.match(text):
        return ""
    return text


def split_lines(text: str) -> list[Line]:
    """The text's lines, numbered as in the decoded text."""
    if "\f" in text:
        text = text.replace("\f", "")  # PDF page breaks: the line numbering stays that of the text
    out = []
    for i, raw in enumerate(text.split("\n"), start=1):
        t = clean(raw)
        if t and (t[:1] in "-zZS0123456789" or " " in t[:4]):
            t = _tidy(t)
        out.append(Line(i, raw, t, is_marked(raw)))
    return out


def join_text(parts: list[str]) -> str | None:
    """Join cleaned lines into one paragraph-free string; rejoin words broken by a line-end hyphen.

    Free text is published on one line per cell: line breaks in the source are
    layout (and differ between PDF, DOCX and text renderings of one document).
    """
    out = ""
    for part in parts:
        if not part:
            continue
        if not out:
            out = part
        elif _BROKEN_WORD.search(out):
            out = out[:-1] + part if part[:1].islower() else out + part
        else:
            out = f"{out} {part}"
    return out or None


def text_of(lines: list[Line]) -> str | None:
    return join_text([ln.text for ln in lines])


def strip_quotes(s: str) -> str:
    return s.strip().strip("„“”\"'‚‘’»«").strip()
