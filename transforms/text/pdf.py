"""PDF text layers to text, keeping the line and paragraph structure the parser relies on.

Read with PDFium (pypdfium2), which gives the text in lines about three times faster than
pypdf did, with the same parser fidelity (``bench/pdf_extractors.py``). A PDF has no blank
lines, only larger vertical gaps, so we record where each line sits (the baseline and the
effective font size of its first character) and put a blank line wherever the gap to the
previous line is clearly larger than the document's ordinary line pitch. Page numbers and
running heads/footers are dropped so that a paragraph running over a page break reads as one.

PDFium keeps one space of a run of spaces. Text laid out with spaces (``pdftotext -layout``
output set as PDF, tables typed with spaces) needs its column gaps, so each space's gap is
measured in widths of that space and widened again; justified text, whose word gaps are all
wide alike, keeps single spaces.

Known limits: table cells drawn at positions without spaces between them come out separated
by the single space PDFium puts there; text in scanned pages is not there to extract (we warn
per page, and reject a PDF with no text at all). PDFium is not thread-safe: the extractions of
one process take turns.
"""
from __future__ import annotations

import ctypes
import math
import re
import threading
from collections import Counter
from dataclasses import dataclass
from typing import Callable

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from transforms.model import DocumentRejected, ParseWarning

# A gap this much larger than the ordinary line pitch starts a new paragraph. Word's "6 pt
# after" on 11 pt text is 1.45x; an empty paragraph is 2x; jitter between lines is < 1.1x.
PARAGRAPH_GAP = 1.3
# Line pitch of single-spaced text in font sizes (1.15-1.25 for common fonts), assumed when a
# document has too few lines to measure its own.
SINGLE_SPACING = 1.2
# At a page break, a first line this many pitches below the usual top line (or a last line
# this far above the usual bottom line) means an empty line or paragraph gap fell there.
# The usual bottom is known only from other full pages: in a two-page PDF a paragraph break
# that coincides with the page break cannot be seen.
PAGE_EDGE_GAP = 0.7
# Share of unreadable characters (U+FFFD, private use) above which the text layer is useless.
MAX_UNREADABLE_SHARE = 0.25
# Running heads/footers: the same line at a page edge on at least this share of pages.
RUNNING_HEAD_SHARE = 0.6
RUNNING_HEAD_MIN_PAGES = 3
# A space PDFium inserted for a gap between glyphs has no width of its own: it is taken as
# this many font sizes wide (DejaVu Sans 0.32, Arial 0.28, Times 0.25).
SPACE_WIDTH = 0.3
# A line with at least this many word gaps, all wider than a space, is justified: its
# narrowest gap counts as one space.
JUSTIFIED_MIN_GAPS = 3

# A line that is only a page number: "3", "- 3 -", "3/12", "Seite 3 von 12".
_PAGE_NUMBER = re.compile(
    r"(?:-\s*\d{1,3}\s*-|(?:Seite|Page)\s+\d+(?:\s+(?:von|of)\s+\d+)?|\d{1,3}(?:\s*/\s*\d{1,3})?)",
    re.IGNORECASE,
)
# A page reference inside a running head ("Niederschrift DA 30.11.2023 - Seite 3 -").
_PAGE_REFERENCE = re.compile(r"(?:Seite|Page)\s+\d+(?:\s+(?:von|of)\s+\d+)?|-\s*\d{1,3}\s*-",
                             re.IGNORECASE)
_UNREADABLE = re.compile("[\ufffd\ue000-\uf8ff]")
# PDFium ends a line with "\r\n", or with U+FFFE where the line ends in a hyphen (it takes
# that for a word broken at the line end; we keep the line as it is printed).
_LINE_END = re.compile("\r\n|\ufffe")
_INNER_SPACE = re.compile(r"(?<=\S) (?=\S)")
# PDFium counts text in UTF-16 code units: a character beyond the BMP counts twice.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_PASSWORD = "the PDF is password-protected; ask the publisher for an unprotected copy"
_pdfium_lock = threading.Lock()


def _unchecked(function, returns=ctypes.c_int):
    """``function`` of PDFium called without ctypes' conversion of each argument (the conversions took
    half of each call, and a PDF's column gaps are measured with two or three calls per word). Its
    callers pass the handle as a c_void_p, indices as ints, outputs by byref()."""
    call = ctypes.CFUNCTYPE(returns)(ctypes.cast(function, ctypes.c_void_p).value)
    call.argtypes = None
    return call


_char_origin = _unchecked(pdfium_c.FPDFText_GetCharOrigin)
_char_box = _unchecked(pdfium_c.FPDFText_GetCharBox)
_char_matrix = _unchecked(pdfium_c.FPDFText_GetMatrix)
_font_size = _unchecked(pdfium_c.FPDFText_GetFontSize, ctypes.c_double)


@dataclass
class _Line:
    text: str = ""
    y: float | None = None   # baseline, PDF user space (grows upwards)
    size: float = 0.0        # effective font size, to express gaps in lines


def extract_pdf(data: bytes) -> tuple[str, list[ParseWarning]]:
    """Text of all pages; raises DocumentRejected with what the person should do."""
    warnings: list[ParseWarning] = []
    pages: list[list[_Line]] = []
    with _pdfium_lock:
        document = _open(data)
        try:
            for number in range(1, len(document) + 1):
                try:
                    pages.append(_page_lines(document, number - 1))
                except pdfium.PdfiumError as exc:
                    warnings.append(ParseWarning(0, f"page {number} could not be read ({_short(exc)}); "
                                                    "its text is missing"))
                    pages.append([])
        finally:
            document.close()
    if not any(pages):
        raise DocumentRejected("the PDF has no text layer (scanned?): run OCR first")
    _drop_running_heads(pages)
    text, page_starts = _assemble(pages)
    for number, (start, lines) in enumerate(zip(page_starts, pages), 1):
        if not lines and len(pages) > 1:
            warnings.append(ParseWarning(start, f"page {number} has no text layer (scanned?); "
                                                "its content is missing: run OCR on it"))
    visible = len("".join(text.split()))
    if visible and len(_UNREADABLE.findall(text)) / visible > MAX_UNREADABLE_SHARE:
        raise DocumentRejected("the PDF's fonts have no Unicode mapping, so its text layer is "
                               "unreadable: run OCR first")
    return text, warnings


def _open(data: bytes) -> pdfium.PdfDocument:
    # PDFium repairs what it can; a file cut short before its end-of-file marker has lost
    # pages we cannot name, so it is refused as a whole.
    if data.rfind(b"%%EOF") < 0:
        raise DocumentRejected("the PDF is damaged or truncated and cannot be opened (its "
                               "end-of-file marker is missing); download it again")
    try:
        # Without a password PDFium tries the empty one: many PDFs are encrypted only to
        # set permissions.
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise DocumentRejected(_PASSWORD) from None
        if exc.err_code == pdfium_c.FPDF_ERR_SECURITY:
            raise DocumentRejected("the PDF is encrypted with a method this installation cannot "
                                   "read; ask the publisher for an unprotected copy") from None
        raise DocumentRejected(f"the PDF is damaged or truncated and cannot be opened "
                               f"({_short(exc)}); download it again") from None


def _short(exc: Exception) -> str:
    message = str(exc).strip().rstrip(".") or type(exc).__name__
    return message if len(message) <= 80 else message[:77] + "..."


def _page_lines(document: pdfium.PdfDocument, index: int) -> list[_Line]:
    """The page's lines, each with the position of its first character."""
    page = document[index]
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
        chars = _Chars(textpage, text)
        lines: list[_Line] = []
        start = 0
        for end in [*_LINE_END.finditer(text), None]:
            part = text[start:len(text) if end is None else end.start()]
            line = _line(chars, part, start)
            if line is not None:
                if end is not None and end.group() == "\ufffe":
                    line.text += "-"
                lines.append(line)
            if end is not None:
                start = end.end()
        return lines
    finally:
        textpage.close()
        page.close()


class _Chars:
    """The characters of a page's text as PDFium placed them."""

    def __init__(self, textpage: pdfium.PdfTextPage, text: str) -> None:
        self.textpage = textpage
        self.handle = ctypes.c_void_p(ctypes.cast(textpage.raw, ctypes.c_void_p).value)
        self.text = text
        self.astral = _ASTRAL.search(text) is not None
        self.identity = not self.astral and textpage.count_chars() == len(text)
        # (the outputs of the calls, made once for the page: a line's measures start from zero)
        self.values = [ctypes.c_double() for _ in range(6)]
        self.refs = [ctypes.byref(v) for v in self.values]

    def index(self, text_index: int) -> int:
        """The character behind a position in the page's text (PDFium may add or drop some)."""
        if self.identity:
            return text_index
        if self.astral:
            text_index += len(_ASTRAL.findall(self.text, 0, text_index))
        return pdfium_c.FPDFText_GetCharIndexFromTextIndex(self.textpage, text_index)

    def cleared(self) -> list[ctypes.c_double]:
        """The output values, zero again: a call that fails leaves them as a fresh one would."""
        for value in self.values:
            value.value = 0.0
        return self.values


def _line(chars: _Chars, part: str, start: int) -> _Line | None:
    """One line of PDFium's text (at ``start`` in the page's text), placed and with its column gaps."""
    first = len(part) - len(part.lstrip())
    if first == len(part):
        return None
    line = _Line()
    x, y = chars.cleared()[:2]
    char = chars.index(start + first)
    if char >= 0 and _char_origin(chars.handle, char, chars.refs[0], chars.refs[1]):
        # The font size is in text space: the character's matrix scales it to the page.
        matrix = pdfium_c.FS_MATRIX()
        _char_matrix(chars.handle, char, ctypes.byref(matrix))
        line.y = y.value
        line.size = _font_size(chars.handle, char) * math.hypot(matrix.c, matrix.d)
    gaps = _gaps(chars, part, start, line.size) if line.size > 0 else []
    unit = max(1.0, min(gap for _, gap in gaps)) if len(gaps) >= JUSTIFIED_MIN_GAPS else 1.0
    pieces: list[str] = []
    last = 0
    for space, gap in gaps:
        spaces = round(gap / unit)
        if spaces > 1:
            pieces += [part[last:space], " " * spaces]
            last = space + 1
    line.text = ("".join(pieces) + part[last:]).strip(" ")
    return line


def _gaps(chars: _Chars, part: str, start: int, size: float) -> list[tuple[int, float]]:
    """Each space between words of a line (its place in ``part``), with the gap it spans in widths of a space."""
    x, _, left, right, _, _ = chars.cleared()
    rx, ry, rl, rr, rb, rt = chars.refs
    handle = chars.handle
    gaps = []
    for space in _INNER_SPACE.finditer(part):
        here = start + space.start()
        at, after = chars.index(here), chars.index(here + 1)
        if at < 0 or after < 0:
            continue
        _char_origin(handle, after, rx, ry)
        _char_box(handle, at, rl, rr, rb, rt)
        if right.value - left.value <= 0:  # made up by PDFium for a gap: measure from the glyph before
            _char_box(handle, chars.index(here - 1), rl, rr, rb, rt)
            left.value, right.value = right.value, right.value + SPACE_WIDTH * size
        gaps.append((space.start(), (x.value - left.value) / (right.value - left.value)))
    return gaps


def _edge_key(line: _Line) -> str:
    """The line as it repeats from page to page: only a page reference in it may change.

    Other numbers must match exactly, or "Zu Punkt 3" heading every page would count as a
    running head in minutes that start each item on a new page.
    """
    return _PAGE_REFERENCE.sub("#", " ".join(line.text.split()))


def _drop_running_heads(pages: list[list[_Line]]) -> None:
    """Remove page numbers and lines repeated at the top or bottom of most pages."""
    edge_counts: Counter[str] = Counter()
    for lines in pages:
        edge_counts.update({_edge_key(line) for line in lines[:2] + lines[-2:]})
    threshold = max(RUNNING_HEAD_MIN_PAGES, RUNNING_HEAD_SHARE * len(pages))
    running = {key for key, count in edge_counts.items() if count >= threshold}

    def is_edge_noise(line: _Line) -> bool:
        return bool(_PAGE_NUMBER.fullmatch(line.text.strip())) or _edge_key(line) in running

    for lines in pages:
        for _ in range(2):  # a head or footer is at most two lines (title and page number)
            if lines and is_edge_noise(lines[0]):
                lines.pop(0)
            if lines and is_edge_noise(lines[-1]):
                lines.pop()


def _ratio(upper: _Line, lower: _Line) -> float | None:
    """Vertical distance from ``upper`` to ``lower`` in units of the lower line's font size."""
    if upper.y is None or lower.y is None or lower.size <= 0:
        return None
    return (upper.y - lower.y) / lower.size


def _ordinary_pitch(pages: list[list[_Line]]) -> float | None:
    """The smallest line distance that occurs regularly (a wrapped paragraph's line pitch)."""
    ratios: Counter[float] = Counter()
    for lines in pages:
        for upper, lower in zip(lines, lines[1:]):
            ratio = _ratio(upper, lower)
            if ratio is not None and ratio > 0.5:  # below: sub/superscripts, overlapping text
                ratios[round(ratio * 20) / 20] += 1
    if not ratios:
        return None
    total = sum(ratios.values())
    regular = [ratio for ratio, count in ratios.items() if count >= max(2, 0.05 * total)]
    if regular:
        return min(regular)
    # Too few lines to tell (a one-paragraph page): assume single spacing unless seen tighter.
    return min(min(ratios), SINGLE_SPACING)


def _typical(values: list[float], pick: Callable[[list[float]], float]) -> float | None:
    """The most common value (to 1 pt), or ``pick`` of all values if none repeats."""
    if not values:
        return None
    counts = Counter(round(value) for value in values)
    value, count = counts.most_common(1)[0]
    return float(value) if count > 1 else pick(values)


def _assemble(pages: list[list[_Line]]) -> tuple[str, list[int]]:
    """Join lines, blank lines at paragraph gaps; also the 1-based first line of each page."""
    pitch = _ordinary_pitch(pages)
    tops = _typical([lines[0].y for lines in pages if lines and lines[0].y is not None], max)
    bottoms = _typical([lines[-1].y for lines in pages[:-1] if lines and lines[-1].y is not None], min)
    out: list[str] = []
    page_starts: list[int] = []
    previous: _Line | None = None
    for lines in pages:
        page_starts.append(len(out) + 1)
        for index, line in enumerate(lines):
            if previous is not None and out and out[-1] != "":
                if index == 0:
                    gap = _page_break_gap(previous, line, pitch, tops, bottoms)
                else:
                    gap = _is_paragraph_gap(previous, line, pitch)
                if gap:
                    out.append("")
            out.append(line.text)
            previous = line
    return "\n".join(out), page_starts


def _is_paragraph_gap(upper: _Line, lower: _Line, pitch: float | None) -> bool:
    ratio = _ratio(upper, lower)
    if ratio is None or pitch is None:
        return False
    # Negative: the text jumped up the page (next column, a box): a new block as well.
    return ratio < 0 or ratio > pitch * PARAGRAPH_GAP


def _page_break_gap(last: _Line, first: _Line, pitch: float | None,
                    top: float | None, bottom: float | None) -> bool:
    if pitch is None:
        return False
    low_start = top is not None and first.y is not None and \
        (top - first.y) > PAGE_EDGE_GAP * pitch * first.size
    early_end = bottom is not None and last.y is not None and \
        (last.y - bottom) > PAGE_EDGE_GAP * pitch * last.size
    return low_start or early_end
