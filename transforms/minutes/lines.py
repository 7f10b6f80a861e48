"""Lines of a document with their Markdown-ish decoration removed.

Minutes arrive as Markdown-ish text (``##``, ``**bold**``), plain text, or text
extracted from PDF/DOCX/HTML. The parser works on :class:`Line` objects whose
``text`` is the same whatever the layout, and keeps ``raw`` for decisions that
need the decoration (a heading whose bold span continues on the next line).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

_HEADING_MARK = re.compile(r"^\s{0,3}#{1,6}\s*")
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\((?:https?|mailto):[^)\s]*\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f]+")
_ODD_SPACE = re.compile(r"[\t\u00a0\u2000-\u200b\u202f]")
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


_DECORATION = re.compile(r"[#*_\\\[<\t\u00a0\u2000-\u200b\u202f]")
# Markup that some mirrors leave in extracted text: "<br />", "<strong>Markt</strong>gemeinderat".
_LITERAL_TAG = re.compile(r"</?(?:strong|b|i|em|u|br|p|span|div|font|sup|sub)\b[^<>]{0,200}>", re.I)
# "N i e d e r s c h r i f t", "A N F R A G E N": letters set apart by single spaces.
_LETTER_SPACED = re.compile(r"(?<![\w.])(?:[A-Za-zÄÖÜäöüß] ){3,}[A-Za-zÄÖÜäöüß](?![\w.])")
# "Her r Lienhard  B ö h n i n g", "Fr au Grita": the form of address broken where the spacing began.
_BROKEN_FORM = re.compile(r"(?<!\w)(?:Her r|Fr au)(?=\s)")
# Page furniture: "Seite: 1/7", "Seite 2 von 5", "- 3 -", "zum Seitenanfang".
_PAGE_FOOTER = re.compile(r"^(?:Seite:?\s*\d+\s*(?:/|von)\s*\d+|-\s*\d{1,3}\s*-|zum Seitenanfang)$", re.I)
# A page number glued to the next line's first word by PDF extraction: "-2Stadt Musterstadt", "-3Herr Lutz",
# and with its spaces before an item's heading: "- 2 - 3. Änderungsanträge (Tagesordnung)".
_GLUED_PAGE_NO = re.compile(r"^(?:-\d{1,3}-?(?=[A-ZÄÖÜ])|-\s\d{1,3}\s-\s+(?=[A-ZÄÖÜ\d]))")


def clean(raw: str) -> str:
    """Remove Markdown decoration and collapse whitespace (tabs become single spaces)."""
    if "  " not in raw and not _DECORATION.search(raw):
        return raw.strip()  # most lines: plain prose
    # Each rewrite only where its mark occurs: most decorated lines are just bold or double-spaced.
    s = raw
    if "<" in s:
        s = _AUTOLINK.sub(r"\1", _LITERAL_TAG.sub("", s))
    if "#" in s:
        s = _HEADING_MARK.sub("", s)
    if "](" in s:
        s = _MD_LINK.sub(r"\1", s)
    s = s.replace("**", "").replace("__", "")
    if "\\" in s:
        s = _ESCAPED.sub(lambda m: "\x00" if m.group(1) == "*" else m.group(1), s)
        s = s.strip().strip("*").replace("\x00", "*")
    else:
        s = s.strip().strip("*")
    # (replacing every single space by itself costs more than all the rest of the line's cleaning)
    return (_SPACES.sub(" ", s) if "  " in s or _ODD_SPACE.search(s) else s).strip()


def is_marked(raw: str) -> bool:
    if "#" not in raw and "**" not in raw:
        return False
    s = raw.strip()
    if _HEADING_MARK.match(raw) and s.lstrip("#").strip():
        return True
    return s.startswith("**") and (s.endswith("**") or s.count("**") % 2 == 1)


def _spaced_letter(text: str) -> bool:
    """A cheap sign of letter-spacing: one of the commonest letters standing alone ("W e n d t")."""
    return " e " in text or " n " in text or " r " in text or " a " in text


def letter_spaced(raw: str) -> bool:
    """Whether a line holds a word set apart letter by letter ("B ö h n i n g")."""
    return _LETTER_SPACED.search(raw) is not None


def _tidy(text: str) -> str:
    """What layout leaves in a line's text: letter-spacing, page numbers glued on, page footers."""
    # (a letter-spaced word is a fifth of its line's characters, or has one of the commonest letters alone)
    if (text.count(" ") * 5 >= len(text) or _spaced_letter(text)) and _LETTER_SPACED.search(text):
        text = _LETTER_SPACED.sub(lambda m: m.group(0).replace(" ", ""), text)
        if "r r" in text or "r au" in text:
            text = _BROKEN_FORM.sub(lambda m: m.group(0).replace(" ", ""), text)
    if text[:1] == "-" and _GLUED_PAGE_NO.match(text):
        text = _GLUED_PAGE_NO.sub("", text)
    if len(text) < 24 and text[:1] in "SsſZz-" and _PAGE_FOOTER.match(text):
        return ""
    return text


def split_lines(text: str) -> list[Line]:
    """The text's lines, numbered as in the decoded text."""
    if "\f" in text:
        text = text.replace("\f", "")  # PDF page breaks: the line numbering stays that of the text
    out: list[Line] = []
    append = out.append
    decorated = _DECORATION.search
    # (the common cases inline: this runs on every line of every document)
    for i, raw in enumerate(text.split("\n"), start=1):
        if not raw:
            append(Line(i, raw, "", False))
            continue
        t = raw.strip() if "  " not in raw and not decorated(raw) else clean(raw)
        # (_tidy's preconditions, _spaced_letter's among them)
        if t and (len(t) < 24 or t[0] == "-" or " e " in t or " n " in t or " r " in t or " a " in t
                  or t.count(" ") * 5 >= len(t)):
            t = _tidy(t)
        append(Line(i, raw, t, ("#" in raw or "**" in raw) and is_marked(raw)))
    return out


def table_cells(text: str) -> list[str]:
    """The non-empty cells of a table row as text extraction writes it: "| TOP 1: | Eröffnung |"."""
    return [c.strip() for c in text.strip("| ").split("|") if c.strip()]


def lines_with(texts: list[str], joined: str, words: tuple[str, ...]) -> list[int]:
    """The indices of the texts in which one of ``words`` occurs, in order. ``joined`` is the texts
    joined by newlines, or a rewrite of that of the same length (its lower case). One search per word
    over the whole: most lines hold none, and testing every line for every word was a tenth of the
    parser's time. (A word that holds another of them need not be given: "abgelehnt", "lehnt".)"""
    starts: list[int] | None = None   # where each text begins in ``joined``: only once a word is found
    hit: set[int] = set()
    for word in words:
        i = joined.find(word)
        if i < 0:
            continue
        if starts is None:
            starts = [0, *accumulate(len(t) + 1 for t in texts[:-1])]
        while i >= 0:
            n = bisect_right(starts, i) - 1
            hit.add(n)
            i = joined.find(word, starts[n] + len(texts[n]) + 1)   # the next text: one hit per text is enough
    return sorted(hit)


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
        elif out[-1] == "-" and _BROKEN_WORD.search(out, len(out) - 3):   # (only the end: out grows)
            out = out[:-1] + part if part[:1].islower() else out + part
        else:
            out = f"{out} {part}"
    return out or None


def text_of(lines: list[Line]) -> str | None:
    return join_text([ln.text for ln in lines])


# A time range on a line of its own: "von 20:08 Uhr bis 20:25 Uhr" (a part of the session in a schedule of them)
TIME_RANGE = re.compile(r"^(?:von\s+)?(\d{1,2})[:.](\d{2})\s*(?:Uhr)?\s*(?:bis|-|–)\s*(\d{1,2})[:.](\d{2})\s*(?:Uhr)?\.?$", re.I)


def next_text(lines: list[Line], i: int) -> str:
    """The text of the first line with text within three lines after ``i`` ("Punkt 1" / "Verpflichtung ...":
    a heading's title on the next line)."""
    return next((ln.text for ln in lines[i + 1: i + 4] if ln.text), "")


def title_words(title: str) -> tuple[str, ...]:
    """The first three words of a title, lower case: how an agenda entry and its item heading are matched
    ("1. Eröffnung der Sitzung" and "zu TOP 1. Eröffnung der Sitzung, Feststellung ...")."""
    return tuple(re.findall(r"\w+", title.lower()))[:3]


def strip_quotes(s: str) -> str:
    return s.strip().strip("„“”\"'‚‘’»«").strip()


_WRAP_MIN = 45   # a line this long that ends mid-sentence was wrapped by the layout (PDF text, mail)
# A line ending in an abbreviation ("Antrags Nr." / "349/2021 ...") has not ended its sentence.
_ABBREVIATIONS = frozenset({"Nr.", "Dr.", "Abs.", "bzw.", "ca.", "vgl.", "gem.", "lt.", "Ziff.", "Str.", "Tel.", "Prof.",
                            "inkl.", "zzgl.", "z.B.", "B.", "u.a.", "a.", "d.h.", "h.", "i.V.", "V.", "St.", "Nrn."})


_LABEL_START = re.compile(r"^[A-ZÄÖÜ][\w./-]{1,25}:\s")


def sentences_of(lines: list[Line]) -> list[Line]:
    """Lines with prose that the layout wrapped rejoined into one line each (numbered as their first line).

    PDF text breaks a sentence wherever the page's margin falls; readers of running text (results
    in sentences, the chair opening the session, a convening sentence) need the whole sentence.
    A short line, or one that ends a sentence or a label, ends a logical line.
    """
    out: list[Line] = []
    parts: list[str] = []
    first: Line | None = None
    for line in lines:
        t = line.text
        if not t:
            if first is not None:
                out.append(Line(first.no, first.raw, join_text(parts) or "", False))
                first, parts = None, []
            out.append(line)
            continue
        if first is not None and ":" in t[:27] and _LABEL_START.match(t):
            # "Sitzungsort: Sitzungssaal im Rathaus Marktzeuln" / "Gremium: Marktgemeinderat": a label begins a line
            out.append(Line(first.no, first.raw, join_text(parts) or "", False) if len(parts) > 1 else first)
            first, parts = None, []
        if first is None:
            first = line
        parts.append(t)
        if len(t) < _WRAP_MIN or t.endswith((":", ";", "!", "?")) or t.endswith(".") and t[t.rfind(" ") + 1:] not in _ABBREVIATIONS:
            out.append(Line(first.no, first.raw, join_text(parts) or "", False) if len(parts) > 1 else first)
            first, parts = None, []
    if first is not None:
        out.append(Line(first.no, first.raw, join_text(parts) or "", False) if len(parts) > 1 else first)
    return out
