"""PDF text layers to text, keeping the line and paragraph structure the parser relies on.

pypdf's plain extraction gets the words and the line breaks right but loses paragraph
breaks: a PDF has no blank lines, only larger vertical gaps. So we record where each line
sits (pypdf's ``visitor_text`` reports the text matrix of every fragment) and put a blank
line wherever the gap to the previous line is clearly larger than the document's ordinary
line pitch. Page numbers and running heads/footers are dropped so that a paragraph running
over a page break reads as one.

Known limits: table cells come out separated by single spaces (PDF has no cells, and
pypdf reports no glyph widths to measure column gaps with); text in scanned pages is not
there to extract (we warn per page, and reject a PDF with no text at all).
"""
from __future__ import annotations

import io
import logging
import math
import re
import threading
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator

from pypdf import PageObject, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

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

# A line that is only a page number: "3", "- 3 -", "3/12", "Seite 3 von 12".
_PAGE_NUMBER = re.compile(
    r"(?:-\s*\d{1,3}\s*-|(?:Seite|Page)\s+\d+(?:\s+(?:von|of)\s+\d+)?|\d{1,3}(?:\s*/\s*\d{1,3})?)",
    re.IGNORECASE,
)
# A page reference inside a running head ("Niederschrift DA 30.11.2023 - Seite 3 -").
_PAGE_REFERENCE = re.compile(r"(?:Seite|Page)\s+\d+(?:\s+(?:von|of)\s+\d+)?|-\s*\d{1,3}\s*-",
                             re.IGNORECASE)
_UNREADABLE = re.compile("[\ufffd\ue000-\uf8ff]")


@dataclass
class _Line:
    text: str = ""
    y: float | None = None   # baseline, PDF user space (grows upwards)
    size: float = 0.0        # effective font size, to express gaps in lines


def extract_pdf(data: bytes) -> tuple[str, list[ParseWarning]]:
    """Text of all pages; raises DocumentRejected with what the person should do."""
    warnings: list[ParseWarning] = []
    with _quiet_pypdf():
        reader = _open(data)
        pages: list[list[_Line]] = []
        for number, page in enumerate(reader.pages, 1):
            try:
                pages.append(_page_lines(page))
            except Exception as exc:  # noqa: BLE001 - pypdf raises many types on broken streams
                warnings.append(ParseWarning(0, f"page {number} could not be read ({_short(exc)}); "
                                                "its text is missing"))
                pages.append([])
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


def _open(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            # Many PDFs are encrypted only to set permissions, with an empty user password.
            if not reader.decrypt(""):
                raise DocumentRejected("the PDF is password-protected; ask the publisher for an "
                                       "unprotected copy")
        _ = len(reader.pages)  # a broken page tree fails here rather than mid-extraction
    except DocumentRejected:
        raise
    except FileNotDecryptedError:
        raise DocumentRejected("the PDF is password-protected; ask the publisher for an "
                               "unprotected copy") from None
    except DependencyError as exc:
        raise DocumentRejected(f"the PDF is encrypted with a method this installation cannot "
                               f"read ({_short(exc)})") from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises PdfReadError, but also KeyError, ValueError, ...
        raise DocumentRejected(f"the PDF is damaged or truncated and cannot be opened "
                               f"({_short(exc)}); download it again") from None
    return reader


def _short(exc: Exception) -> str:
    message = str(exc).strip().rstrip(".") or type(exc).__name__
    return message if len(message) <= 80 else message[:77] + "..."


_quiet_lock = threading.Lock()
_quiet_depth = 0
_quiet_saved_level = logging.NOTSET


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Silence pypdf's warnings ("Ignoring wrong pointing object") while we extract.

    They describe repairs pypdf made, which the reader of our logs can do nothing about.
    Counted, so that concurrent extractions in threads restore the level only at the end.
    """
    global _quiet_depth, _quiet_saved_level
    logger = logging.getLogger("pypdf")
    with _quiet_lock:
        if _quiet_depth == 0:
            _quiet_saved_level = logger.level
            logger.setLevel(logging.ERROR)
        _quiet_depth += 1
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet_depth -= 1
            if _quiet_depth == 0:
                logger.setLevel(_quiet_saved_level)


def _page_lines(page: PageObject) -> list[_Line]:
    """The page's lines, each with the position of its first fragment."""
    lines = [_Line()]

    def visit(text: str, cm: list[float], tm: list[float], _font: object, font_size: float) -> None:
        for index, part in enumerate(text.split("\n")):
            if index:
                lines.append(_Line())
            line = lines[-1]
            if line.y is None and part.strip():
                # Position of the fragment on the page: text matrix times CTM.
                line.y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                line.size = abs(font_size) * math.hypot(tm[2] * cm[0] + tm[3] * cm[2],
                                                        tm[2] * cm[1] + tm[3] * cm[3])
            line.text += part

    page.extract_text(visitor_text=visit)
    for line in lines:
        line.text = line.text.strip(" ")
    return [line for line in lines if line.text.strip()]


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
