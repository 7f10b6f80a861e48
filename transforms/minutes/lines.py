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


def clean(raw: str) -> str:
    """Remove Markdown decoration and collapse whitespace (tabs become single spaces)."""
    if not _DECORATION.search(raw):
        return raw.strip()  # most lines: plain prose
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


def split_lines(text: str) -> list[Line]:
    return [Line(i, raw, clean(raw), is_marked(raw)) for i, raw in enumerate(text.split("\n"), start=1)]


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
